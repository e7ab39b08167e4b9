package demo

import (
	"context"
	"sync"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// steppedClock is a clock that advances step per reading; set changes the
// step.
type steppedClock struct {
	mu   sync.Mutex
	t    time.Time
	step time.Duration
}

func (c *steppedClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(c.step)
	return c.t
}

func (c *steppedClock) set(step time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.step = step
}

// historyDemo loads the demo and gives Jayden Brouwer a history of log
// lines: rounds in which professionals of five partners list his items and
// read each item they see (every third round in one request, one trace),
// and jeugdhulp shares its diagnosis with the municipality, the clock
// advancing 17 minutes per reading so that the lines fall on many days.
// With shareInRequest, jeugdhulp also shares its diagnosis in each of its
// requests that list and read, so that one trace holds processing lines of
// two names. It returns the demo and Jayden's id.
func historyDemo(tb testing.TB, rounds int, shareInRequest bool) (*demo, string) {
	tb.Helper()
	clock := &steppedClock{t: demoNow, step: time.Millisecond}
	db := storagetest.Open(tb, storagetest.Options{Now: clock.now})
	logins, err := LoadIfEmpty(systemCtx(), db)
	if err != nil {
		tb.Fatalf("LoadIfEmpty: %v", err)
	}
	d := &demo{t: tb, db: db, logins: logins, items: map[string]string{}}
	jayden, _ := d.demoPerson("Jayden Brouwer")
	clock.set(17 * time.Minute)
	readers := []string{"cora", "willem", "jamila", "sander", "lars"}
	ctxs := map[string]context.Context{}
	for _, k := range append(readers, "jamila") {
		ctx := d.as(k)
		if err := db.AcceptConfidentiality(ctx); err != nil {
			tb.Fatal(err)
		}
		ctxs[k] = ctx
	}
	diagnosis := d.itemID("jeugdhulp-jayden-diagnose")
	for r := 0; r < rounds; r++ {
		k := readers[r%len(readers)]
		ctx := ctxs[k]
		if r%3 == 0 {
			// One request that lists and reads: its lines share a trace.
			ctx = ga.WithTrace(ctx, storage.NewTrace())
			if shareInRequest && k == "jamila" {
				// The request shares first: its trace holds two names.
				if err := db.ShareItem(ctx, diagnosis, d.partnerOf("cora")); err != nil {
					tb.Fatalf("jeugdhulp shares its diagnosis: %v", err)
				}
			}
		}
		items, err := db.Items(ctx, storage.ItemFilter{PersonID: jayden})
		if err != nil {
			tb.Fatalf("%s lists Jayden's items: %v", k, err)
		}
		for _, it := range items {
			if _, err := db.Item(ctx, it.ID); err != nil {
				tb.Fatalf("%s reads %s: %v", k, it.ID, err)
			}
		}
		if r%7 == 0 {
			if err := db.ShareItem(ctxs["jamila"], diagnosis, d.partnerOf("cora")); err != nil {
				tb.Fatalf("jeugdhulp shares its diagnosis: %v", err)
			}
		}
	}
	return d, jayden
}

// processingLines counts the processing-log lines about the pseudonym.
func processingLines(tb testing.TB, db *storage.DB, pseudonym string) int {
	tb.Helper()
	var n int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM log_entries WHERE log = 'processing' AND data_subject_id = $1`, pseudonym).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// BenchmarkAccessHistory compiles the access overview of a person with a
// history of a few thousand processing-log lines, in a small database: the
// cost per line of the person's history (ns/line), which is what the
// overview's listing of recipients costs.
func BenchmarkAccessHistory(b *testing.B) {
	d, jayden := historyDemo(b, 300, false)
	_, pseudonym := d.demoPerson("Jayden Brouwer")
	cora := d.as("cora")
	c := ga.RightsCase{Kind: ga.CaseAccess, ReceivedOn: "2026-11-20", Channel: ga.ChannelLetter, PersonID: jayden, Summary: "inzage"}
	if err := d.db.RegisterCase(cora, &c); err != nil {
		b.Fatal(err)
	}
	if err := d.db.RecordIdentityCheck(cora, c.ID, ga.IdentityCheck{Method: "Identiteitskaart aan de balie", CheckedOn: c.ReceivedOn}); err != nil {
		b.Fatal(err)
	}
	if _, err := d.db.CompileAccessOverview(cora, c.ID); err != nil {
		b.Fatal(err)
	}
	before := processingLines(b, d.db, pseudonym)
	cpu0 := processCPU(b)
	n := 0
	for b.Loop() {
		if _, err := d.db.CompileAccessOverview(cora, c.ID); err != nil {
			b.Fatal(err)
		}
		n++
	}
	cpu := processCPU(b) - cpu0
	after := processingLines(b, d.db, pseudonym)
	lines := float64(before+after) / 2
	b.ReportMetric(lines, "lines")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n)/lines, "ns/line")
	// CPU time (of this process: on PostgreSQL the server's is not
	// counted) varies less than wall-clock time on a shared machine.
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(n)/lines, "cpu-ns/line")
}
