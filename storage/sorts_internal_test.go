package storage

import (
	"context"
	"path/filepath"
	"testing"
)

// TestSortsOnDisk checks where SQLite keeps the temporary files of a sort
// larger than its page cache: the connections that build indexes (the
// migrations, the log's indexes after a bulk load) keep them on disk, so
// that building an index on a large table needs no more memory than the
// cache; every other connection keeps them in memory (statement journals,
// sqliteDSN). On PostgreSQL sortsOnDisk is the shared pool.
func TestSortsOnDisk(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, Config{URL: "sqlite:" + filepath.Join(t.TempDir(), "sorts.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if cur, latest, err := db.MigrationStatus(ctx); err != nil || cur != latest || cur == 0 {
		t.Fatalf("migration status %d of %d, %v", cur, latest, err)
	}
	pool, done := db.sortsOnDisk()
	var onDisk, shared int
	if err := pool.QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&onDisk); err != nil {
		t.Fatal(err)
	}
	done()
	if err := db.db.QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&shared); err != nil {
		t.Fatal(err)
	}
	// 1 is FILE, 2 MEMORY.
	if onDisk != 1 || shared != 2 {
		t.Errorf("temp_store: %d on the connection that builds indexes (want 1, FILE), %d on the shared ones (want 2, MEMORY)", onDisk, shared)
	}
	if pool == db.db {
		t.Error("indexes are built on the shared pool")
	}
}
