package storage_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// BenchmarkBulkAppendLogs measures loading 4096 log entries in one
// transaction, the unit the benchmark's loader uses.
func BenchmarkBulkAppendLogs(b *testing.B) {
	db := storagetest.Open(b, storagetest.Options{})
	ctx := ga.WithActor(context.Background(), ga.SystemActor("test"))
	now := time.Now().UTC()
	n := 0
	for b.Loop() {
		recs := make([]ga.ProcessingRecord, 4096)
		for i := range recs {
			recs[i] = ga.ProcessingRecord{TraceID: fmt.Sprintf("%032x", n), SpanID: "0123456789abcdef", Name: "gegeven_raadplegen",
				StatusCode: ga.StatusOK, StartTime: now, EndTime: now, ProcessingActivityID: "register",
				DataSubjectID: fmt.Sprintf("%032x", n*7), DataSubjectIDType: "pseudoniem"}
			n++
		}
		if err := db.BulkAppendLogs(ctx, nil, recs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/entry")
}
