package storage_test

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/logbook"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// BenchmarkAppend measures a transaction that records only log lines, so
// that the cost of appending shows: the lock, O(log n) frontier hashes,
// two multi-row inserts and one signature.
func BenchmarkAppend(b *testing.B) {
	for _, perTx := range []int{1, 10} {
		b.Run(fmt.Sprintf("%d per transaction", perTx), func(b *testing.B) {
			db := storagetest.Open(b, storagetest.Options{})
			ctx := ga.WithActor(context.Background(), professional)
			i := 0
			for b.Loop() {
				if err := record(ctx, db, perTx, 0, fmt.Sprint(i)); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(i*perTx), "ns/entry")
		})
	}
}

// BenchmarkVerify measures verifying both logs of 10,000 entries each from
// scratch.
func BenchmarkVerify(b *testing.B) {
	const txs, perTx = 100, 100
	db := storagetest.Open(b, storagetest.Options{})
	mustRecord(b, db, txs, perTx, perTx)
	for b.Loop() {
		r, err := db.VerifyLogs(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if !r.OK() {
			b.Fatalf("report:\n%s", r)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*2*txs*perTx), "ns/entry")
}

// BenchmarkAppendConcurrent measures reads that each record one audit line
// from 8 and 64 goroutines: the lines go through the group commit
// (groupcommit.go), so that many reads share one durable commit.
func BenchmarkAppendConcurrent(b *testing.B) {
	for _, writers := range []int{8, 64} {
		b.Run(fmt.Sprintf("%d writers", writers), func(b *testing.B) {
			db := storagetest.Open(b, storagetest.Options{})
			ctx := ga.WithActor(context.Background(), professional)
			var n atomic.Int64
			b.SetParallelism(max(1, writers/runtime.GOMAXPROCS(0)))
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := record(ctx, db, 1, 0, fmt.Sprint(n.Add(1))); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(n.Load())/b.Elapsed().Seconds(), "lines/s")
		})
	}
}

// BenchmarkLogReadCeiling measures the least any verification that reads
// a log row by row through database/sql must read, beside SHA-256 over the
// same records in memory (a record's leaf hash and one interior node, as
// the bench's limit): the records alone, two columns a row; the entries as
// verification reads them, the record and the eleven columns it checks
// against the record; and the stored hashes alone, two rows per entry. It
// reports each as a fraction of SHA-256's entries per second ("of-sha256");
// verification, which reads the entries with their metadata and the stored
// hashes, can reach at most the reciprocal sum of those two. Beside them,
// decoding the records in memory, as verification does to check the
// columns.
func BenchmarkLogReadCeiling(b *testing.B) {
	const txs, perTx = 100, 100
	db := storagetest.Open(b, storagetest.Options{})
	mustRecord(b, db, txs, perTx, perTx)
	ctx := context.Background()
	var records [][]byte
	rows, err := db.SQL().QueryContext(ctx, `SELECT record FROM log_entries WHERE log = 'audit' ORDER BY idx`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var r []byte
		if err := rows.Scan(&r); err != nil {
			b.Fatal(err)
		}
		records = append(records, r)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	rows.Close()
	if len(records) != txs*perTx {
		b.Fatalf("%d audit records, want %d", len(records), txs*perTx)
	}
	t0 := time.Now()
	var acc tlog.Hash
	for range 20 {
		for _, r := range records {
			acc = tlog.NodeHash(acc, tlog.RecordHash(r))
		}
	}
	shaPerEntry := time.Since(t0).Seconds() / float64(20*len(records))

	query := func(q string) func() (int, error) {
		return func() (int, error) {
			rows, err := db.SQL().QueryContext(ctx, q)
			if err != nil {
				return 0, err
			}
			defer rows.Close()
			n := 0
			for rows.Next() {
				var idx int64
				var v []byte
				if err := rows.Scan(&idx, &v); err != nil {
					return 0, err
				}
				n++
			}
			return n, rows.Err()
		}
	}
	for _, tc := range []struct {
		name     string
		read     func() (int, error) // returns the rows read
		perEntry int                 // rows per entry
	}{
		{"records", query(`SELECT idx, record FROM log_entries WHERE log = 'audit' ORDER BY idx`), 1},
		// Verification's own reading of the entries: the record and the
		// metadata columns it checks against it, page by page.
		{"entries with their metadata", func() (int, error) { return db.ReadEntryPages(ctx, logbook.Audit) }, 1},
		{"stored hashes", query(`SELECT idx, hash FROM log_hashes WHERE log = 'audit' ORDER BY idx`), 2},
		// Not a read: decoding the records in memory, which verification
		// does to compare each entry's columns with its record.
		{"decoding the records in memory", func() (int, error) {
			for _, r := range records {
				if _, err := logbook.DecodeAudit(r); err != nil {
					return 0, err
				}
			}
			return len(records), nil
		}, 1},
	} {
		b.Run(tc.name, func(b *testing.B) {
			n := 0
			for b.Loop() {
				rows, err := tc.read()
				if err != nil {
					b.Fatal(err)
				}
				n += rows
			}
			if n < b.N*tc.perEntry*len(records)*9/10 {
				b.Fatalf("read %d rows in %d rounds, want about %d a round", n, b.N, tc.perEntry*len(records))
			}
			perEntry := b.Elapsed().Seconds() / float64(n) * float64(tc.perEntry)
			b.ReportMetric(perEntry*1e9, "ns/entry")
			b.ReportMetric(shaPerEntry/perEntry, "of-sha256")
		})
	}
}
