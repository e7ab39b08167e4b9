package bench

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// BenchmarkDossierRead reads the first page of dossiers as the dossier
// page does (page) and whole dossiers (whole), each through the full path
// (full) and with the bare queries returning the same rows (bare), on a data set of 20 groups with the national shape (25 members
// and 500 items a group): for profiling the read path.
//
//	go test ./internal/bench -run '^$' -bench DossierRead -cpuprofile cpu.prof
func BenchmarkDossierRead(b *testing.B) {
	ctx := context.Background()
	w := benchWorld(b)
	db := w.db
	m := &measurer{w: w, rng: rand.New(rand.NewPCG(2, 7))}
	cases := m.cases(64)
	// As the bench measures it: per opening the page, its bare query, the
	// whole dossier and its bare query, one after the other, so that the
	// bare reads find the keys the full reads fetched; the ratios are
	// reported as metrics.
	b.Run("interleaved", func(b *testing.B) {
		var page, pageBare, whole, wholeBare time.Duration
		for i := 0; b.Loop(); i++ {
			c := cases[i%len(cases)]
			actx := ga.WithActor(ctx, c.user.actor)
			t0 := time.Now()
			p, err := readDossier(actx, db, c.group.id, onePage)
			if err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			if _, err := db.BareDossier(w.sys, c.group.id, p.members, p.items); err != nil {
				b.Fatal(err)
			}
			t2 := time.Now()
			d, err := readDossier(actx, db, c.group.id, oneTransaction)
			if err != nil {
				b.Fatal(err)
			}
			t3 := time.Now()
			if _, err := db.BareDossier(w.sys, c.group.id, d.members, d.items); err != nil {
				b.Fatal(err)
			}
			t4 := time.Now()
			page, pageBare, whole, wholeBare = page+t1.Sub(t0), pageBare+t2.Sub(t1), whole+t3.Sub(t2), wholeBare+t4.Sub(t3)
		}
		n := float64(b.N)
		b.ReportMetric(float64(page.Microseconds())/n, "page-µs/op")
		b.ReportMetric(float64(whole.Microseconds())/n, "whole-µs/op")
		b.ReportMetric(page.Seconds()/pageBare.Seconds(), "page-ratio")
		b.ReportMetric(whole.Seconds()/wholeBare.Seconds(), "whole-ratio")
	})
	for _, mode := range []struct {
		name string
		mode int
	}{{"page", onePage}, {"whole", oneTransaction}} {
		reads := make([]*dossierRead, len(cases))
		for i, c := range cases {
			var err error
			if reads[i], err = readDossier(ga.WithActor(ctx, c.user.actor), db, c.group.id, mode.mode); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(mode.name+"/full", func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				c := cases[i%len(cases)]
				if _, err := readDossier(ga.WithActor(ctx, c.user.actor), db, c.group.id, mode.mode); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(mode.name+"/bare", func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				c, r := cases[i%len(cases)], reads[i%len(cases)]
				if _, err := db.BareDossier(w.sys, c.group.id, r.members, r.items); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchWorld sets up a database with the benchmark's users and the
// casework of 20 groups of the national shape (25 members and 500 items a
// group), for the benchmarks that profile one path.
func benchWorld(b *testing.B) *world {
	b.Helper()
	ctx := context.Background()
	db := storagetest.Open(b, storagetest.Options{})
	now := time.Now()
	w, err := setup(ctx, db, now)
	if err != nil {
		b.Fatal(err)
	}
	w.size = National.Scaled(0.01)
	gen := &generator{rng: rand.New(rand.NewPCG(1, 2)), w: w, now: now}
	if err := gen.casework(ctx, func([]genGroup, []storage.BulkItem) error { return nil }); err != nil {
		b.Fatal(err)
	}
	return w
}
