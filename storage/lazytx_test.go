package storage_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// blockWriters keeps every write transaction of db from beginning until
// the returned function is called: on SQLite a transaction that holds the
// write lock, on PostgreSQL every connection of the shared pool taken, as
// requests under load do.
func blockWriters(t *testing.T, db *storage.DB) (release func()) {
	t.Helper()
	if db.Dialect() == storage.Postgres {
		return takePool(t, db)
	}
	holding, done := make(chan struct{}), make(chan struct{})
	errc := make(chan error, 1)
	go func() {
		errc <- db.Transact(ga.WithActor(context.Background(), professional), func(tx *storage.Tx) error {
			if _, err := tx.Exec(`UPDATE partners SET name = name WHERE id = $1`, "no-such-partner"); err != nil {
				return err
			}
			close(holding)
			<-done
			return nil
		})
	}()
	select {
	case <-holding:
	case err := <-errc:
		t.Fatalf("the blocking transaction: %v", err)
	}
	return func() {
		close(done)
		if err := <-errc; err != nil {
			t.Errorf("the blocking transaction: %v", err)
		}
	}
}

// takePool takes every connection of db's shared pool, as requests under
// load do, and returns the function that gives them back.
func takePool(t *testing.T, db *storage.DB) (release func()) {
	t.Helper()
	var conns []*sql.Conn
	for range db.SQL().Stats().MaxOpenConnections {
		c, err := db.SQL().Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	return func() {
		for _, c := range conns {
			c.Close()
		}
	}
}

// auditedTags returns the object ids of the audit lines with action.
func auditedTags(t *testing.T, db *storage.DB, action string) []string {
	t.Helper()
	es, err := db.AuditEntries(ga.WithActor(context.Background(), ga.SystemActor("test")), storage.AuditFilter{Action: action, Limit: storage.MaxLogPage})
	if err != nil {
		t.Fatal(err)
	}
	var tags []string
	for _, e := range es {
		tags = append(tags, e.ObjectID)
	}
	slices.Sort(tags)
	return tags
}

// TestLogOnlyTransactionBeginsNothing checks that a transaction that runs
// no statement and only records log lines (AuditAction, say) takes no
// connection, no write lock and no BEGIN: it finishes while every write
// transaction is kept from beginning, as a read does, and its lines are
// durable and verify.
func TestLogOnlyTransactionBeginsNothing(t *testing.T) {
	db := storagetest.Open(t, storagetest.Options{})
	const action = "lazy_log_only"
	logOnly := map[string]func(ctx context.Context, tag string) error{
		"AuditAction": func(ctx context.Context, tag string) error {
			return db.AuditAction(ctx, action, "group", tag)
		},
		"Transact with audit and processing lines": func(ctx context.Context, tag string) error {
			return db.Transact(ctx, func(tx *storage.Tx) error {
				tx.Audit(action, "group", tag, ga.ResultSuccess, "")
				tx.Processed(ga.ProcessingRecord{Name: action, ProcessingActivityID: "pa-groepsaanpak-v1",
					DataSubjectID: "ds-" + tag, DataSubjectIDType: "pseudoniem"})
				return nil
			})
		},
	}
	tests := []struct {
		name string
		// hold runs the transactions in a context that holds reads' lines
		// (HoldLines); otherwise their lines commit before they return.
		hold bool
		// postgresOnly: SQLite's committer queues for the one writer like
		// any transaction, so lines that are not held cannot become
		// durable while the write lock is held.
		postgresOnly bool
	}{
		{"held lines", true, false},
		{"lines committed by the group commit", false, true},
	}
	var want []string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.postgresOnly && db.Dialect() != storage.Postgres {
				t.Skip("needs the committer's own connections (PostgreSQL)")
			}
			base := ga.WithActor(context.Background(), professional)
			var held *storage.HeldLines
			if tt.hold {
				base, held = db.HoldLines(base)
			}
			release := blockWriters(t, db)
			released := false
			defer func() {
				if !released {
					release()
				}
			}()
			// The bound only turns the old behaviour (waiting for a
			// connection or the write lock that never comes) into a
			// failure instead of a hung test.
			ctx, cancel := context.WithTimeout(base, time.Minute)
			defer cancel()
			before := db.LogCommits()
			for name, fn := range logOnly {
				tag := tt.name + "/" + name
				if err := fn(ctx, tag); err != nil {
					t.Fatalf("%s while writers are blocked: %v", name, err)
				}
				want = append(want, tag)
			}
			if tt.hold {
				if got, wantHeld := held.Pending(), 1+2; got != wantHeld {
					t.Errorf("%d lines held, want %d", got, wantHeld)
				}
				if got := db.LogCommits() - before; got != 0 {
					t.Errorf("%d durable log commits with the lines held, want 0", got)
				}
			} else if got := db.LogCommits() - before; got < 1 || got > int64(len(logOnly)) {
				t.Errorf("%d durable log commits, want 1 to %d", got, len(logOnly))
			}
			release()
			released = true
			if held != nil {
				if err := held.Commit(); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	slices.Sort(want)
	if got := auditedTags(t, db, action); !slices.Equal(got, want) {
		t.Errorf("audit log holds %q, want %q", got, want)
	}
	mustVerify(t, db)
}

// TestTransactBeginFailure checks that a transaction that cannot begin
// fails with that error, whatever its function made of the statement that
// found out, and that none of its log lines is committed.
func TestTransactBeginFailure(t *testing.T) {
	db := storagetest.Open(t, storagetest.Options{})
	const action = "lazy_begin_failed"
	tests := []struct {
		name string
		fn   func(tx *storage.Tx) error
	}{
		{"Exec, error returned", func(tx *storage.Tx) error {
			_, err := tx.Exec(`UPDATE partners SET name = name WHERE id = $1`, "no-such-partner")
			return err
		}},
		{"Query, error returned", func(tx *storage.Tx) error {
			rows, err := tx.Query(`SELECT id FROM partners`)
			if err == nil {
				rows.Close()
			}
			return err
		}},
		{"QueryRow, error returned", func(tx *storage.Tx) error {
			var n int
			return tx.QueryRow(`SELECT COUNT(*) FROM partners`).Scan(&n)
		}},
		{"QueryRow, error ignored", func(tx *storage.Tx) error {
			var n int
			_ = tx.QueryRow(`SELECT COUNT(*) FROM partners`).Scan(&n)
			return nil
		}},
		{"QueryRow, then Exec, errors ignored", func(tx *storage.Tx) error {
			var n int
			_ = tx.QueryRow(`SELECT COUNT(*) FROM partners`).Scan(&n)
			_, _ = tx.Exec(`UPDATE partners SET name = name WHERE id = $1`, "no-such-partner")
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A context that has ended fails the begin on both databases
			// (SQLite's write queue or the pool's connection).
			ctx, cancel := context.WithCancel(ga.WithActor(context.Background(), professional))
			cancel()
			err := db.Transact(ctx, func(tx *storage.Tx) error {
				tx.Audit(action, "group", tt.name, ga.ResultSuccess, "")
				return tt.fn(tx)
			})
			if err == nil {
				t.Fatal("a transaction that could not begin succeeded")
			}
			if !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "storage: begin: ") {
				t.Errorf("error %q, want the begin's error (storage: begin: … context canceled)", err)
			}
		})
	}
	if got := auditedTags(t, db, action); len(got) != 0 {
		t.Errorf("a transaction that did not begin committed its lines %q", got)
	}
	mustVerify(t, db)
}
