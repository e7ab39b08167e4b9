package storage

import (
	"context"
	"errors"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Group commit of the log lines of reads. A transaction that changes
// something appends its log lines in itself, just before it commits, so that
// the change and its lines are durable together or not at all. A read
// changes nothing: its lines only have to be durable before its result
// leaves storage. Transact therefore ends a read's transaction and hands its
// lines to one committer per DB, which appends the lines of every read that
// arrived while it was busy in one transaction with one durable commit, and
// only then lets each read return. Under load this turns one commit (one
// fsync, and on PostgreSQL one wait for the logs' head-row lock held until
// that fsync) per read into one per group of reads. A read whose lines
// cannot be written fails, as before.

// maxGroupLines bounds the lines appended in one group commit.
const maxGroupLines = 4096

// lineBatch is the log lines of one read waiting to be committed.
type lineBatch struct {
	audit      []ga.AuditRecord
	processing []ga.ProcessingRecord
	done       chan error
}

// errClosed is the answer to a read whose lines arrive after Close.
var errClosed = errors.New("storage: the database is closed")

// commitLines hands the lines to the committer and waits until they are
// committed. It waits also when the read's context ends meanwhile: the
// lines may already be in the committer's transaction.
func (db *DB) commitLines(audit []ga.AuditRecord, processing []ga.ProcessingRecord) error {
	db.committer.Do(func() { go db.commitGroups() })
	b := &lineBatch{audit: audit, processing: processing, done: make(chan error, 1)}
	select {
	case db.lines <- b:
	case <-db.stop:
		return errClosed
	}
	return <-b.done
}

// commitGroups is the committer: it takes the first waiting read, adds
// every read that is waiting too, and appends all their lines in one
// transaction.
func (db *DB) commitGroups() {
	ctx := ga.WithActor(context.Background(), ga.SystemActor("log"))
	for {
		var first *lineBatch
		select {
		case first = <-db.lines:
		case <-db.stop:
			return
		}
		group := []*lineBatch{first}
		n := len(first.audit) + len(first.processing)
	more:
		for n < maxGroupLines {
			select {
			case b := <-db.lines:
				group = append(group, b)
				n += len(b.audit) + len(b.processing)
			default:
				break more
			}
		}
		err := db.Transact(ctx, func(tx *Tx) error {
			tx.changed = true // append here, not through the committer again
			tx.audit, tx.processing = tx.audit[:0], tx.processing[:0]
			for _, b := range group {
				tx.audit = append(tx.audit, b.audit...)
				tx.processing = append(tx.processing, b.processing...)
			}
			return nil
		})
		for _, b := range group {
			b.done <- err
		}
	}
}
