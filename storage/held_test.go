package storage_test

import (
	"context"
	"slices"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// TestHeldLines checks the holding of reads' log lines within a request
// (storage.HoldLines): reads hold their lines instead of committing them,
// one Commit makes all of them durable in one commit, a change in the same
// context takes them into its own commit (and gives them back when it
// fails), and once released the holder lets reads commit on their own
// again. No line is lost on any path: every tag ends up in the audit log.
func TestHeldLines(t *testing.T) {
	db := storagetest.Open(t, storagetest.Options{})
	base := ga.WithActor(context.Background(), professional)
	read := func(t *testing.T, ctx context.Context, tag string) {
		t.Helper()
		if err := db.Read(ctx, func(tx *storage.Tx) error {
			tx.Audit("held_read", "group", tag, ga.ResultSuccess, "")
			return nil
		}); err != nil {
			t.Fatalf("read %s: %v", tag, err)
		}
	}
	change := func(ctx context.Context, tag string, cancel func()) error {
		return db.Transact(ctx, func(tx *storage.Tx) error {
			if _, err := tx.Exec(`UPDATE partners SET name = name WHERE id = $1`, "no-such-partner"); err != nil {
				return err
			}
			tx.Audit("held_change", "group", tag, ga.ResultSuccess, "")
			if cancel != nil {
				// The change's own work is done; its append and commit
				// now fail on the ended context.
				cancel()
			}
			return nil
		})
	}
	commits := func(t *testing.T, since int64, want int64, what string) {
		t.Helper()
		if got := db.LogCommits() - since; got != want {
			t.Errorf("%s: %d durable log commits, want %d", what, got, want)
		}
	}
	pending := func(t *testing.T, h *storage.HeldLines, want int, what string) {
		t.Helper()
		if got := h.Pending(); got != want {
			t.Errorf("%s: %d lines held, want %d", what, got, want)
		}
	}

	t.Run("reads hold their lines until one commit", func(t *testing.T) {
		ctx, held := db.HoldLines(base)
		before := db.LogCommits()
		read(t, ctx, "r1")
		// A transaction that turns out to read only (Transact, not Read).
		if err := record(ctx, db, 1, 2, "r2"); err != nil {
			t.Fatal(err)
		}
		commits(t, before, 0, "two reads in a holding context")
		pending(t, held, 1+1+2, "after two reads")
		if err := held.Commit(); err != nil {
			t.Fatal(err)
		}
		commits(t, before, 1, "Commit")
		pending(t, held, 0, "after Commit")
		read(t, ctx, "r3")
		commits(t, before, 2, "a read after Commit")
		pending(t, held, 0, "a read after Commit")
		if err := held.Commit(); err != nil {
			t.Fatal(err)
		}
		commits(t, before, 2, "a second Commit")
	})

	t.Run("a change takes the held lines into its commit", func(t *testing.T) {
		ctx, held := db.HoldLines(base)
		if nested, same := db.HoldLines(ctx); nested != ctx || same != held || !db.Holding(ctx) || db.Holding(base) {
			t.Fatal("HoldLines in a holding context must return that context and holder")
		}
		before := db.LogCommits()
		read(t, ctx, "c1")
		if err := change(ctx, "c2", nil); err != nil {
			t.Fatal(err)
		}
		commits(t, before, 1, "a read and a change")
		pending(t, held, 0, "after the change")
		if err := held.Commit(); err != nil {
			t.Fatal(err)
		}
		commits(t, before, 1, "Commit after the change")
	})

	t.Run("a failed change gives the held lines back", func(t *testing.T) {
		ctx, held := db.HoldLines(base)
		before := db.LogCommits()
		read(t, ctx, "f1")
		cctx, cancel := context.WithCancel(ctx)
		if err := change(cctx, "f2-never", cancel); err == nil {
			t.Fatal("a change whose context ended before its commit succeeded")
		}
		commits(t, before, 0, "a read and a failed change")
		pending(t, held, 1, "after the failed change")
		if err := held.Commit(); err != nil {
			t.Fatal(err)
		}
		commits(t, before, 1, "Commit")
	})

	sys := ga.WithActor(context.Background(), ga.SystemActor("test"))
	var tags []string
	for _, action := range []string{"held_read", "held_change", "update"} {
		es, err := db.AuditEntries(sys, storage.AuditFilter{Action: action, Limit: storage.MaxLogPage})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			tags = append(tags, e.ObjectID)
		}
	}
	slices.Sort(tags)
	want := []string{"c1", "c2", "f1", "r1", "r2-0", "r3"}
	if !slices.Equal(tags, want) {
		t.Errorf("audit log holds %v, want %v", tags, want)
	}
	mustVerify(t, db)
}

// TestCommitterHasItsOwnConnections checks that on PostgreSQL the group
// commit never queues for a connection behind the requests waiting for it:
// with every connection of the shared pool taken, held lines still commit.
func TestCommitterHasItsOwnConnections(t *testing.T) {
	db := storagetest.Open(t, storagetest.Options{})
	if db.Dialect() != storage.Postgres {
		t.Skip("SQLite's committer queues for its one writer like every transaction; the pool is PostgreSQL's")
	}
	ctx, held := db.HoldLines(ga.WithActor(context.Background(), professional))
	if err := db.Read(ctx, func(tx *storage.Tx) error {
		tx.Audit("held_read", "group", "pool", ga.ResultSuccess, "")
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	defer takePool(t, db)()
	done := make(chan error, 1)
	go func() { done <- held.Commit() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the group commit waits for a connection of the shared pool")
	}
}
