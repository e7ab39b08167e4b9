package storage_test

import (
	"context"
	"slices"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// logIndexes lists the indexes of log_entries with their definitions,
// from the catalogue of either database.
func logIndexes(t *testing.T, db *storage.DB) []string {
	t.Helper()
	q := `SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'log_entries' AND sql IS NOT NULL`
	if db.Dialect() == storage.Postgres {
		q = `SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'log_entries'
			AND indexname <> 'log_entries_pkey'`
	}
	rows, err := db.SQL().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// TestBulkDeferLogIndexes drops the secondary indexes of log_entries and
// builds them again exactly as they were, with the logs still appendable
// and verifiable in between; only the system actor may.
func TestBulkDeferLogIndexes(t *testing.T) {
	db := storagetest.Open(t, storagetest.Options{})
	sys := ga.WithActor(context.Background(), ga.SystemActor("test"))
	before := logIndexes(t, db)
	if len(before) < 5 {
		t.Fatalf("log_entries has %d secondary indexes, want the migrations' (at least 5): %v", len(before), before)
	}
	if _, err := db.BulkDeferLogIndexes(context.Background()); ga.KindOf(err) != ga.KindForbidden {
		t.Fatalf("without the system actor: %v, want forbidden", err)
	}
	restore, err := db.BulkDeferLogIndexes(sys)
	if err != nil {
		t.Fatal(err)
	}
	if got := logIndexes(t, db); len(got) != 0 {
		t.Fatalf("indexes left while deferred: %v", got)
	}
	if err := db.BulkAppendLogs(sys, []ga.AuditRecord{{TraceID: "0123456789abcdef0123456789abcdef", UserID: "u", PartnerID: "p",
		Action: "bench", ObjectType: "test", ObjectID: "1", Result: ga.ResultSuccess, Origin: "127.0.0.1"}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := restore(sys); err != nil {
		t.Fatal(err)
	}
	if got := logIndexes(t, db); !slices.Equal(got, before) {
		t.Fatalf("indexes after restoring:\n%v\nwant\n%v", got, before)
	}
	r, err := db.VerifyLogs(sys)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() {
		t.Fatalf("logs after a deferred load: %s", r)
	}
}
