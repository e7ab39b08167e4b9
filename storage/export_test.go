package storage

// ScanConversionChecks returns how often Migrate looked for a Groepsscan
// in clear text, for the tests of package storage_test.
func (db *DB) ScanConversionChecks() int64 { return db.scanConversionChecks.Load() }
