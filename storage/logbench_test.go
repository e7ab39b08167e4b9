package storage_test

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
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
