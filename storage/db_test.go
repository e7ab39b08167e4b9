package storage_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

func TestMigrateIsIdempotent(t *testing.T) {
	db := storagetest.Open(t, storagetest.Options{})
	ctx := context.Background()
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	cur, latest, err := db.MigrationStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if cur != latest || cur == 0 {
		t.Fatalf("migration status = %d of %d, want all applied", cur, latest)
	}
}

func TestTransactRollsBackOnError(t *testing.T) {
	db := storagetest.Open(t, storagetest.Options{})
	ctx := context.Background()
	boom := errors.New("boom")
	err := db.Transact(ctx, func(tx *storage.Tx) error {
		if _, err := tx.Exec(`INSERT INTO partners (id, name, kind, public_tasks, legal_grounds, complaints_committee, data_protection_officer, created_at)
			VALUES ($1, $2, 'gemeente', 't', 'g', 'k', 'f', $3)`, storage.NewID(), "Gemeente Rollback", tx.Now()); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Transact error = %v, want boom", err)
	}
	var n int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM partners`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("partners after rollback = %d, want 0", n)
	}
}

// TestConcurrentMigrateOnPostgres starts the migrations of several
// application processes at once against one PostgreSQL database; the
// advisory lock must let exactly one apply them and the others see them.
func TestConcurrentMigrateOnPostgres(t *testing.T) {
	u := storagetest.PostgresURL(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		db := storagetest.OpenURL(t, u, storagetest.Options{NoMigrate: true})
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.Migrate(context.Background())
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("process %d: migrate: %v", i, err)
		}
	}
}
