package storage

import (
	"context"
	"math"
)

// ScanConversionChecks returns how often Migrate looked for a Groepsscan
// in clear text, for the tests of package storage_test.
func (db *DB) ScanConversionChecks() int64 { return db.scanConversionChecks.Load() }

// HoldCheckpoints keeps the checkpointer of the write-ahead log from
// checkpointing until the returned function is called, which also wakes
// it; a checkpoint under way ends first. On PostgreSQL it does nothing.
func (db *DB) HoldCheckpoints() (release func()) {
	if db.ckpt == nil {
		return func() {}
	}
	db.ckpt.holdMu.Lock()
	db.ckpt.held = true
	db.ckpt.holdMu.Unlock()
	return func() {
		db.ckpt.holdMu.Lock()
		db.ckpt.held = false
		db.ckpt.holdMu.Unlock()
		db.ckpt.committed(checkpointFrames)
	}
}

// CheckpointerStopped reports whether the checkpointer's goroutine has
// ended; false on PostgreSQL, which has none.
func (db *DB) CheckpointerStopped() bool {
	if db.ckpt == nil {
		return false
	}
	select {
	case <-db.ckpt.done:
		return true
	default:
		return false
	}
}

// CheckpointFrames, RestartFrames and TruncateFrames are the
// checkpointer's thresholds, in frames.
const (
	CheckpointFrames = checkpointFrames
	RestartFrames    = restartFrames
	TruncateFrames   = truncateFrames
)

// LogBatchStats returns how many logs the group commit appended with its
// predicted head in one round trip (PostgreSQL), and in how many of those
// batches a head had moved, so that the log was appended the ordinary way.
func (db *DB) LogBatchStats() (batched, misses int64) {
	return db.logBatched.Load(), db.logBatchMisses.Load()
}

// EntryRangeQuery is the query verification reads a page of entries with:
// $1 the log, $2..$3-1 the range of indexes.
var EntryRangeQuery = entryRangeQuery

// VerifyPage is the number of entries verification reads per page.
const VerifyPage = verifyPage

// ReadEntryPages reads every entry of a log as verification does, page by
// page in one snapshot, and returns how many it read.
func (db *DB) ReadEntryPages(ctx context.Context, log string) (int, error) {
	tx, err := db.snapshot(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	n := 0
	page, err := readEntryPage(ctx, tx, log, math.MinInt64)
	for err == nil && len(page) > 0 {
		n += len(page)
		if len(page) < verifyPage {
			break
		}
		page, err = readEntryPage(ctx, tx, log, page[len(page)-1].idx+1)
	}
	return n, err
}
