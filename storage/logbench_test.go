package storage_test

import (
	"context"
	"fmt"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
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
