package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// eraseConversionResidues removes, once after Migrate has encrypted rows
// that were stored in clear text (encryptExisting, encryptGroepsscan), the
// clear values those rows held that the database engine still keeps
// outside the live rows, as eraseResidues does after a deletion:
//
//   - SQLite runs with secure_delete (sqliteDSN), which zeroes what a
//     statement frees; VACUUM rebuilds the database file without free
//     pages, and a TRUNCATE checkpoint copies the write-ahead log, which
//     holds the pages as they were before the conversion, back and cuts
//     it off.
//   - PostgreSQL keeps the old row versions as dead tuples and the old keys
//     in the indexes; VACUUM FULL rewrites the converted tables and their
//     indexes into new files and removes the old ones, once the
//     transactions that could still see the old rows have ended
//     (awaitOlderSnapshots, which waits at most erasureWait). It takes an
//     exclusive lock on each table for the time of its rewrite and costs in
//     proportion to the tables' size, once, at the start that converts.
//
// What it cannot reach stays: PostgreSQL's write-ahead log segments until
// they are recycled, backups taken before the conversion, and old copies
// an older transaction still needed (the error then wraps
// ErrOlderTransactions). It does not run again at the next start: the
// conversion is recorded in sealed_columns.
func (db *DB) eraseConversionResidues(ctx context.Context, tables []string) error {
	switch db.dialect {
	case SQLite:
		if _, err := db.db.ExecContext(ctx, `VACUUM`); err != nil {
			return fmt.Errorf("storage: remove the clear text a conversion replaced: VACUUM: %w", err)
		}
		defer db.lockCheckpoints()()
		for attempt := 0; ; attempt++ {
			var busy, logFrames, done int
			if err := db.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &done); err != nil {
				return fmt.Errorf("storage: remove the clear text a conversion replaced: checkpoint: %w", err)
			}
			if busy == 0 {
				return nil
			}
			if attempt == 4 {
				return errors.New("storage: remove the clear text a conversion replaced: wal checkpoint busy")
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Duration(attempt+1) * 50 * time.Millisecond):
			}
		}
	case Postgres:
		slices.Sort(tables)
		tables = slices.Compact(tables)
		waited := db.awaitOlderSnapshots(ctx)
		if _, err := db.db.ExecContext(ctx, `VACUUM FULL `+strings.Join(tables, ", ")); err != nil {
			return fmt.Errorf("storage: remove the clear text a conversion replaced: VACUUM FULL: %w", err)
		}
		if waited != nil {
			return fmt.Errorf("storage: remove the clear text a conversion replaced: %w", waited)
		}
	}
	return nil
}

// ConversionResidues reports the outcome of removing the clear values that
// this process's Migrate replaced when it encrypted a database stored in
// clear text: nil when it converted nothing or removed them, an error
// wrapping ErrOlderTransactions when transactions older than the
// conversion kept PostgreSQL from removing every old copy. Migrate itself
// does not fail on it: the data is encrypted and the start goes on.
func (db *DB) ConversionResidues() error {
	if p := db.conversionResidues.Load(); p != nil {
		return *p
	}
	return nil
}
