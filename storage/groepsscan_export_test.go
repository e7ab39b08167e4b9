package storage

// ScanWindowReads returns how many registrations the latest scan took from
// the remembered window and how many it read from the database.
func (db *DB) ScanWindowReads() (reused, read int) {
	db.window.mu.Lock()
	defer db.window.mu.Unlock()
	return db.window.reused, db.window.read
}

// ForgetScanWindow drops the remembered window, so that the next scan
// reads every registration of its window, as after a restart.
func (db *DB) ForgetScanWindow() {
	db.window.mu.Lock()
	defer db.window.mu.Unlock()
	db.window.regs = nil
}
