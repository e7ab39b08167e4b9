package storage

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// ErrNotEmbedded is returned by SnapshotTo on PostgreSQL, whose backups are
// made with pg_dump or continuous archiving (README).
var ErrNotEmbedded = errors.New("storage: a snapshot is made of the embedded SQLite database only; back up PostgreSQL with pg_dump or continuous archiving")

// SnapshotTo writes a consistent copy of the embedded database to path,
// which must not exist yet, while the application keeps running: SQLite's
// VACUUM INTO reads one snapshot of the database in a read transaction, so
// writers carry on in WAL mode and the copy holds exactly the transactions
// committed before it began, log entries and all. The copy is a plain
// database file (no WAL) with mode 0600.
func (db *DB) SnapshotTo(ctx context.Context, path string) error {
	if db.dialect != SQLite {
		return ErrNotEmbedded
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("storage: snapshot: %s exists", path)
	}
	if _, err := db.db.ExecContext(ctx, `VACUUM INTO $1`, path); err != nil {
		return fmt.Errorf("storage: snapshot: %w", err)
	}
	return os.Chmod(path, 0o600)
}
