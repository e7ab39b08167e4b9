package storage

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// TestStmtCache checks the prepared statements a SQLite connection keeps:
// a query prepared once is reused, a query whose statement is still
// running (nested, the same text) runs on its own and both give their own
// rows, the cache stays within its bound, and a running statement is never
// finalized to make room.
func TestStmtCache(t *testing.T) {
	ctx := context.Background()
	pool := openSQLite(sqliteDSN(filepath.Join(t.TempDir(), "cache.db"), 0))
	defer pool.Close()
	pool.SetMaxOpenConns(1)
	if _, err := pool.ExecContext(ctx, `CREATE TABLE t (n INTEGER PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	for n := range 10 {
		if _, err := pool.ExecContext(ctx, `INSERT INTO t (n) VALUES ($1)`, n); err != nil {
			t.Fatal(err)
		}
	}
	conn, err := pool.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	state := func() (prepares, cached int) {
		conn.Raw(func(dc any) error {
			c := dc.(*stmtConn)
			prepares, cached = c.prepares, len(c.stmts)
			return nil
		})
		return
	}
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := conn.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	p0, _ := state()
	for range 20 {
		if got := count(`SELECT count(*) FROM t WHERE n >= $1`, 5); got != 5 {
			t.Fatalf("count = %d, want 5", got)
		}
	}
	if p, _ := state(); p-p0 != 1 {
		t.Errorf("20 runs of one query prepared %d statements, want 1", p-p0)
	}

	// The same text nested inside its own running query.
	const q = `SELECT n FROM t WHERE n >= $1 ORDER BY n`
	outer, err := conn.QueryContext(ctx, q, 7)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for outer.Next() {
		var n int
		if err := outer.Scan(&n); err != nil {
			t.Fatal(err)
		}
		inner, err := conn.QueryContext(ctx, q, 8)
		if err != nil {
			t.Fatal(err)
		}
		var ns []int
		for inner.Next() {
			var m int
			inner.Scan(&m)
			ns = append(ns, m)
			if len(ns) > 2 {
				t.Fatalf("the inner query does not end: %v", ns)
			}
		}
		inner.Close()
		// Fill the cache beyond its bound while the outer statement runs.
		for i := range stmtCacheSize + 10 {
			if got := count(fmt.Sprintf(`SELECT count(*) + %d FROM t`, i)); got != 10+i {
				t.Fatalf("distinct query %d = %d", i, got)
			}
		}
		got = append(got, fmt.Sprint(n, ns))
		if len(got) > 3 {
			t.Fatalf("the outer query does not end: %v", got)
		}
	}
	if err := outer.Err(); err != nil {
		t.Fatal(err)
	}
	outer.Close()
	if want := []string{"7 [8 9]", "8 [8 9]", "9 [8 9]"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("nested runs of one text gave %v, want %v", got, want)
	}
	if _, cached := state(); cached > stmtCacheSize {
		t.Errorf("%d statements cached, bound %d", cached, stmtCacheSize)
	}

	// Changes and errors go through the cache too, and leave it usable.
	if _, err := conn.ExecContext(ctx, `INSERT INTO t (n) VALUES ($1)`, 3); err == nil {
		t.Error("a duplicate key was inserted")
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO t (n) VALUES ($1)`, 10); err != nil {
		t.Fatal(err)
	}
	if got := count(`SELECT count(*) FROM t WHERE n >= $1`, 5); got != 6 {
		t.Errorf("count after the insert = %d, want 6", got)
	}
	// The connection still tells the checkpointer what it wrote.
	if n := walFramesWritten(conn); n <= 0 {
		t.Errorf("the connection reports %d pages written to the write-ahead log after an insert", n)
	}
}
