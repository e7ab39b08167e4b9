package demo

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// BenchmarkDeletionErasure measures what erasing the residues of a granted
// deletion (eraseResidues: SQLite's TRUNCATE checkpoint, PostgreSQL's
// VACUUM FULL of items and item_corrections) adds to the decision, in a
// database of 10,000 items and of GROEPSAANPAK_BENCH_ERASE items (default
// 100,000; fillItems as in BenchmarkAccessOverview). Each round deletes one
// item and, for comparison, blocks another (the same decision without the
// erasure), in turns. docs/rights.md records the figures.
func BenchmarkDeletionErasure(b *testing.B) {
	large := 100_000
	if s := os.Getenv("GROEPSAANPAK_BENCH_ERASE"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatalf("GROEPSAANPAK_BENCH_ERASE: %v", err)
		}
		large = n
	}
	for _, total := range []int{10_000, large} {
		db := storagetest.Open(b, storagetest.Options{Now: fixedClock()})
		if _, err := LoadIfEmpty(systemCtx(), db); err != nil {
			b.Fatal(err)
		}
		cora := benchActor(b, db, "coordinator@voorbeeldstad.example")
		jayden := fillItems(b, db, total)
		c := ga.RightsCase{Kind: ga.CaseCorrection, ReceivedOn: "2026-11-20", Channel: ga.ChannelLetter, PersonID: jayden, Summary: "verwijderen"}
		if err := db.RegisterCase(cora, &c); err != nil {
			b.Fatal(err)
		}
		if err := db.RecordIdentityCheck(cora, c.ID, ga.IdentityCheck{Method: "Paspoort", CheckedOn: "2026-11-20"}); err != nil {
			b.Fatal(err)
		}
		next := 0
		for _, action := range []ga.CorrectionAction{ga.CorrectBlock, ga.CorrectDelete, ga.CorrectBlock, ga.CorrectDelete, ga.CorrectBlock, ga.CorrectDelete} {
			b.Run(fmt.Sprintf("items=%d/%s", total, action), func(b *testing.B) {
				for b.Loop() {
					id := "bulk-j-" + strconv.Itoa(next)
					next++
					if err := db.DecideCorrection(cora, c.ID, &ga.Correction{ItemID: id, Action: action, Granted: true, Motivation: "meting"}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
