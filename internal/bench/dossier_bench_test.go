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
// page does (full) and with the bare queries returning the same rows
// (bare), on a data set of 20 groups with the national shape (25 members
// and 500 items a group): for profiling the read path.
//
//	go test ./internal/bench -run '^$' -bench DossierRead -cpuprofile cpu.prof
func BenchmarkDossierRead(b *testing.B) {
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
	m := &measurer{w: w, rng: rand.New(rand.NewPCG(2, 7))}
	cases := m.cases(64)
	pages := make([]*dossierRead, len(cases))
	for i, c := range cases {
		if pages[i], err = readDossier(ga.WithActor(ctx, c.user.actor), db, c.group.id, onePage); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("full", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			c := cases[i%len(cases)]
			if _, err := readDossier(ga.WithActor(ctx, c.user.actor), db, c.group.id, onePage); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("bare", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			c, p := cases[i%len(cases)], pages[i%len(cases)]
			if _, err := db.BareDossier(w.sys, c.group.id, p.members, p.items); err != nil {
				b.Fatal(err)
			}
		}
	})
}
