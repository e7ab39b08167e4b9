package storage_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// TestReadsBesideWrites checks that read transactions run side by side
// with each other and with writes without failing: many readers open a
// dossier (whose log lines go to the group commit) while a writer adds
// items to it, and every read sees a consistent page.
func TestReadsBesideWrites(t *testing.T) {
	c := newCasework(t)
	g, p := c.decidedGroup("Groep Plein", c.school)
	for i := range 5 {
		c.mustItem(c.police, c.testItem(ga.KindPolitie, g, p.ID, "Melding "+string(rune('a'+i))))
	}
	const readers, reads = 16, 10
	var wg sync.WaitGroup
	errs := make(chan error, readers*reads+20)
	for r := range readers {
		ctx := []context.Context{c.police, c.schoolProf}[r%2]
		wg.Go(func() {
			for range reads {
				d, err := c.db.Dossier(ctx, g.ID, storage.Page{Number: 1, Size: 3})
				if err != nil {
					errs <- err
				} else if ctx == c.police && (len(d.Items) != 3 || !d.MoreItems) {
					errs <- fmt.Errorf("a page of %d items, more %v", len(d.Items), d.MoreItems)
				}
			}
		})
	}
	wg.Go(func() {
		for i := range 10 {
			if err := c.db.CreateItem(c.police, c.testItem(ga.KindPolitie, g, "", "Nieuw "+string(rune('a'+i)))); err != nil {
				errs <- err
			}
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestReadsDoNotWaitForTheWriter checks that the reads behind the group,
// person, item, plan and meeting pages run in read transactions: while a
// change holds the write lock (on SQLite the database's one writer), each
// of them answers. Their log lines are held (HoldLines), as in a request,
// so that the test waits for the read alone, not for the group commit. On
// PostgreSQL a write transaction holds no lock that these reads would wait
// for, so there the test only checks that they answer.
func TestReadsDoNotWaitForTheWriter(t *testing.T) {
	c := newCasework(t)
	g, p := c.decidedGroup("Groep Plein", c.school)
	it := c.testItem(ga.KindPolitie, g, p.ID, "Melding")
	c.mustItem(c.police, it)

	locked, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- c.db.Transact(c.police, func(tx *storage.Tx) error {
			if _, err := tx.Exec(`UPDATE partners SET name = name WHERE id = $1`, "no-such-partner"); err != nil {
				return err
			}
			close(locked)
			<-release
			return nil
		})
	}()
	<-locked
	defer func() {
		close(release)
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()

	ctx, _ := c.db.HoldLines(c.police)
	for _, tc := range []struct {
		name string
		read func() error
	}{
		{"Group", func() error { _, err := c.db.Group(ctx, g.ID); return err }},
		{"Groups", func() error { _, err := c.db.Groups(ctx); return err }},
		{"Transitions", func() error { _, err := c.db.Transitions(ctx, g.ID); return err }},
		{"Item", func() error { _, err := c.db.Item(ctx, it.ID); return err }},
		{"Person", func() error { _, err := c.db.Person(ctx, p.ID); return err }},
		{"Persons", func() error { _, err := c.db.Persons(ctx, storage.PersonFilter{}); return err }},
		{"Members", func() error { _, err := c.db.Members(ctx, g.ID); return err }},
		{"Plan", func() error { _, err := c.db.Plan(ctx, g.ID); return err }},
		{"Involvements", func() error { _, err := c.db.Involvements(ctx, g.ID, p.ID); return err }},
		{"GroupInvolvements", func() error { _, err := c.db.GroupInvolvements(ctx, g.ID, []string{p.ID}); return err }},
		{"GroupScanIfAny", func() error { _, err := c.db.GroupScanIfAny(ctx, g.ID); return err }},
		{"Partner", func() error { _, err := c.db.Partner(ctx, ga.ActorFrom(c.police).PartnerID); return err }},
	} {
		answered := make(chan error, 1)
		go func() { answered <- tc.read() }()
		select {
		case err := <-answered:
			if err != nil && ga.KindOf(err) != ga.KindNotFound {
				t.Errorf("%s: %v", tc.name, err)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("%s waits for the writer: it runs in a write transaction", tc.name)
		}
	}
}

// TestPartnerLeavesHeldLinesHeld checks that the lookup of the actor's
// partner, which every page makes after reading the page's data, leaves
// the request's held log lines to the request's own commit (in the group
// commit with other requests'): a write transaction would append and
// commit them itself, one durable commit per page.
func TestPartnerLeavesHeldLinesHeld(t *testing.T) {
	c := newCasework(t)
	g, _ := c.decidedGroup("Groep Plein", c.school)
	ctx, held := c.db.HoldLines(c.police)
	if _, err := c.db.Group(ctx, g.ID); err != nil {
		t.Fatal(err)
	}
	n := held.Pending()
	if n == 0 {
		t.Fatal("reading the group held no log lines")
	}
	if _, err := c.db.Partner(ctx, ga.ActorFrom(c.police).PartnerID); err != nil {
		t.Fatal(err)
	}
	if got := held.Pending(); got < n {
		t.Errorf("after Partner %d log lines held, before %d: the lookup committed the request's lines", got, n)
	}
	if err := held.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestTransactLeavesHeldLinesToChanges: in a context that holds a
// request's log lines, a transaction that reads without recording lines
// leaves them held and commits nothing durable, while one that changes
// something takes them into its own commit.
func TestTransactLeavesHeldLinesToChanges(t *testing.T) {
	for _, tc := range []struct {
		name          string
		fn            func(tx *storage.Tx) error
		keepsLines    bool
		durableCommit int64
	}{
		{"a lookup", func(tx *storage.Tx) error {
			var n int
			return tx.QueryRow(`SELECT count(*) FROM partners`).Scan(&n)
		}, true, 0},
		{"a change", func(tx *storage.Tx) error {
			_, err := tx.Exec(`UPDATE partners SET name = name WHERE id = ''`)
			return err
		}, false, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newCasework(t)
			g, _ := c.decidedGroup("Groep Plein", c.school)
			ctx, held := c.db.HoldLines(c.police)
			if _, err := c.db.Group(ctx, g.ID); err != nil {
				t.Fatal(err)
			}
			n, commits := held.Pending(), c.db.LogCommits()
			if n == 0 {
				t.Fatal("reading the group held no log lines")
			}
			if err := c.db.Transact(ctx, tc.fn); err != nil {
				t.Fatal(err)
			}
			if got := held.Pending(); (got == n) != tc.keepsLines || (!tc.keepsLines && got != 0) {
				t.Errorf("%d of %d held lines still held", got, n)
			}
			if got := c.db.LogCommits() - commits; got != tc.durableCommit {
				t.Errorf("%d durable log commits, want %d", got, tc.durableCommit)
			}
			if err := held.Commit(); err != nil {
				t.Fatal(err)
			}
		})
	}
}
