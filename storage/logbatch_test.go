package storage_test

import (
	"context"
	"fmt"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/logbook"
	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// change is a transaction that changes something and records lines: it
// appends them itself, not through the group commit.
func change(ctx context.Context, db *storage.DB, audit, processing int, tag string) error {
	return db.Transact(ctx, func(tx *storage.Tx) error {
		if _, err := tx.Exec(`SELECT 1`); err != nil {
			return err
		}
		for i := range audit {
			tx.Audit("update", "group", fmt.Sprintf("%s-%d", tag, i), ga.ResultSuccess, "")
		}
		for i := range processing {
			tx.Processed(ga.ProcessingRecord{Name: "update", ProcessingActivityID: "pa-groepsaanpak-v1",
				DataSubjectID: fmt.Sprintf("ds-%s-%d", tag, i), DataSubjectIDType: "pseudoniem"})
		}
		return nil
	})
}

// TestGroupCommitBatchOnPostgres: on PostgreSQL a group whose predicted
// heads hold appends in one round trip (batchAppend); one whose heads moved
// meanwhile — a change appended by itself, or another handle on the same
// database did — is rolled back to its savepoint inside the batch and
// appends the ordinary way. Every line must be in its log exactly once,
// and the logs must verify.
func TestGroupCommitBatchOnPostgres(t *testing.T) {
	u := storagetest.PostgresURL(t)
	keys, _, _ := testKeys(t)
	db := openWithKeys(t, u, keys)
	other := openWithKeys(t, u, keys)
	ctx := ga.WithActor(context.Background(), professional)
	var audit, processing int64
	read := func(tag string, a, p int) {
		t.Helper()
		if err := record(ctx, db, a, p, tag); err != nil {
			t.Fatalf("read %s: %v", tag, err)
		}
		audit, processing = audit+int64(a), processing+int64(p)
	}
	// The first group knows no heads and appends the ordinary way; the
	// second predicts from the first.
	read("r1", 2, 1)
	read("r2", 1, 2)
	batched, misses := db.LogBatchStats()
	if batched != 2 || misses != 0 {
		t.Fatalf("after two reads: %d logs batched, %d misses; want 2 and 0", batched, misses)
	}
	// A change appends by itself: the next group's prediction of the
	// audit head fails inside its batch, and both logs are appended the
	// ordinary way (the processing log, whose head held, by takeHead).
	if err := change(ctx, db, 1, 0, "c1"); err != nil {
		t.Fatal(err)
	}
	audit++
	read("r3", 1, 1)
	if b, m := db.LogBatchStats(); b != batched || m != misses+1 {
		t.Fatalf("after a change: %d logs batched, %d misses; want %d and %d", b, m, batched, misses+1)
	}
	batched, misses = db.LogBatchStats()
	// The audit head is as predicted, the processing head moved: the
	// audit log stays appended by the batch, the processing log is
	// rolled back to its savepoint and appended again.
	if err := change(ctx, other, 0, 3, "c2"); err != nil {
		t.Fatal(err)
	}
	processing += 3
	read("r4", 2, 2)
	if b, m := db.LogBatchStats(); b != batched+1 || m != misses+1 {
		t.Fatalf("after another handle's change: %d logs batched, %d misses; want %d and %d", b, m, batched+1, misses+1)
	}
	batched, misses = db.LogBatchStats()
	// Another handle's reads, through its own group commit, move both
	// heads; then the predictions hold again.
	if err := record(ctx, other, 1, 1, "o1"); err != nil {
		t.Fatal(err)
	}
	audit, processing = audit+1, processing+1
	read("r5", 1, 1)
	read("r6", 1, 1)
	if b, m := db.LogBatchStats(); b != batched+2 || m != misses+1 {
		t.Fatalf("after another handle's read: %d logs batched, %d misses; want %d and %d", b, m, batched+2, misses+1)
	}
	// Both handles reading at once, with changes among them.
	a, p := writers(t, []*storage.DB{db, other}, 16, 30)
	if t.Failed() {
		t.FailNow()
	}
	for i := range 20 {
		if err := change(ctx, other, 1, 1, fmt.Sprintf("c%d", i+3)); err != nil {
			t.Fatal(err)
		}
	}
	audit, processing = audit+a+20, processing+p+20
	checkGapFree(t, db, map[string]int64{logbook.Audit: audit, logbook.Processing: processing})
	b, m := db.LogBatchStats()
	t.Logf("%d logs appended in a batch, %d batches with a moved head", b, m)
}

// TestGroupCommitBatchesOnPostgres requires the group commit of concurrent
// reads to take the one-round-trip path on PostgreSQL and to keep the logs
// whole; SQLite has no batch and never counts one.
func TestGroupCommitBatchesOnPostgres(t *testing.T) {
	db := storagetest.Open(t, storagetest.Options{})
	a, p := writers(t, []*storage.DB{db}, 16, 30)
	if t.Failed() {
		t.FailNow()
	}
	checkGapFree(t, db, map[string]int64{logbook.Audit: a, logbook.Processing: p})
	batched, misses := db.LogBatchStats()
	if db.Dialect() != storage.Postgres {
		if batched != 0 || misses != 0 {
			t.Fatalf("SQLite: %d logs batched, %d misses", batched, misses)
		}
		return
	}
	if batched == 0 {
		t.Fatal("no group commit appended in one round trip")
	}
	if misses != 0 {
		t.Errorf("%d batches with a moved head, with no other appender", misses)
	}
}
