package storage

import (
	"context"
	"errors"
	"sync"

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

// committerKey marks the committer's context: on PostgreSQL its
// transactions run on connections of their own (DB.logConns).
type committerKey struct{}

// committerDepth is how many groups are in flight at once: two on
// PostgreSQL, where the next group is collected and begun while the
// previous one commits; one on SQLite, whose transactions queue for its one
// writer anyway.
func committerDepth(d Dialect) int {
	if d == Postgres {
		return 2
	}
	return 1
}

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
//
// The groups are pipelined. Each group's transaction computes its append
// from the heads the previous group's transaction will leave (its frontier
// and checkpoint, known before that one commits), takes each log's head
// row's lock and moves it with a conditional update from the predicted head
// to its own (takeHead) — no read of the frontier under the lock — and,
// holding the heads, hands the heads after its own append to the next
// group. On PostgreSQL the
// next group is collected and its transaction started while the previous
// one commits; it sends its locks, updates and inserts in one round trip
// (batchAppend), whose locks wait for the previous commit to release the
// head rows, after which the server checks the heads and writes. A group whose
// prediction no longer holds (another process or a change appended, or the
// previous group rolled back) appends as any transaction does. On SQLite,
// whose transactions queue for its one writer, one group is in flight.
func (db *DB) commitGroups() {
	ctx := context.WithValue(ga.WithActor(context.Background(), ga.SystemActor("log")), committerKey{}, true)
	depth := committerDepth(db.dialect)
	slots := make(chan struct{}, depth)
	var prev chan map[string]logHead // the heads the previous group leaves
	for {
		select {
		case slots <- struct{}{}:
		case <-db.stop:
			return
		}
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
		next := make(chan map[string]logHead, 1)
		commit := func(group []*lineBatch, prev <-chan map[string]logHead, next chan<- map[string]logHead) {
			defer func() { <-slots }()
			heads := map[string]logHead{}
			if prev != nil {
				heads = <-prev
			}
			var once sync.Once
			publish := func(h map[string]logHead) { once.Do(func() { next <- h }) }
			// The next group always hears from this one: nothing known when
			// the transaction failed before handing its heads on. Heads
			// handed on by a transaction that then failed are caught by the
			// next group's conditional update.
			defer publish(nil)
			err := db.Transact(ctx, func(tx *Tx) error {
				tx.changed = true // append here, not through the committer again
				tx.audit, tx.processing = tx.audit[:0], tx.processing[:0]
				for _, b := range group {
					tx.audit = append(tx.audit, b.audit...)
					tx.processing = append(tx.processing, b.processing...)
				}
				tx.predicted = &predictedHeads{heads: heads, publish: publish}
				return nil
			})
			for _, b := range group {
				b.done <- err
			}
		}
		if depth == 1 {
			// No second group to overlap with: commit here, without the
			// hand-over to another goroutine.
			commit(group, prev, next)
		} else {
			go commit(group, prev, next)
		}
		prev = next
	}
}
