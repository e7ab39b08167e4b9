package demo

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// BenchmarkAccessOverview compiles the access overview of a person with
// 1,000 items in a database of 10,000 items and in one of 1,000,000 items
// (the demo scenario plus filler persons of 100 items each, all in Groep
// Stationsplein). Compiling reads from the person outwards through
// indexes, so the time per compilation should hardly grow with the
// database: docs/performance.md records the figures. The large size takes
// a few minutes to fill; GROEPSAANPAK_BENCH_LARGE overrides its number of
// items.
func BenchmarkAccessOverview(b *testing.B) {
	large := 1_000_000
	if s := os.Getenv("GROEPSAANPAK_BENCH_LARGE"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatalf("GROEPSAANPAK_BENCH_LARGE: %v", err)
		}
		large = n
	}
	// Both databases are filled first and then measured in turns, three
	// rounds each, so that a change in the load of a shared machine falls
	// on both sizes alike.
	type setup struct {
		db     *storage.DB
		ctx    context.Context
		caseID string
	}
	sizes := []int{10_000, large}
	setups := map[int]setup{}
	for _, total := range sizes {
		db := storagetest.Open(b, storagetest.Options{Now: fixedClock()})
		if _, err := LoadIfEmpty(systemCtx(), db); err != nil {
			b.Fatal(err)
		}
		cora := benchActor(b, db, "coordinator@voorbeeldstad.example")
		start := time.Now()
		jayden := fillItems(b, db, total)
		b.Logf("filled %d items on %s in %v", total, db.Dialect(), time.Since(start).Round(time.Millisecond))
		c := ga.RightsCase{Kind: ga.CaseAccess, ReceivedOn: "2026-11-20", Channel: ga.ChannelLetter, PersonID: jayden, Summary: "inzage"}
		if err := db.RegisterCase(cora, &c); err != nil {
			b.Fatal(err)
		}
		setups[total] = setup{db, cora, c.ID}
	}
	for round := 1; round <= 3; round++ {
		for _, total := range sizes {
			su := setups[total]
			b.Run(fmt.Sprintf("items=%d/round=%d", total, round), func(b *testing.B) {
				for b.Loop() {
					o, err := su.db.CompileAccessOverview(su.ctx, su.caseID)
					if err != nil {
						b.Fatal(err)
					}
					if len(o.Items) < 1000 {
						b.Fatalf("overview holds %d items, want at least 1000", len(o.Items))
					}
				}
			})
		}
	}
}

// benchActor is the demo user with the email, with the confidentiality
// declaration accepted.
func benchActor(b *testing.B, db *storage.DB, email string) context.Context {
	u, err := db.UserByEmail(systemCtx(), email)
	if err != nil {
		b.Fatal(err)
	}
	a, err := db.Actor(systemCtx(), u.ID)
	if err != nil {
		b.Fatal(err)
	}
	ctx := ga.WithActor(context.Background(), a)
	if err := db.AcceptConfidentiality(ctx); err != nil {
		b.Fatal(err)
	}
	return ctx
}

// fillItems adds items until the database holds total: 1,000 about Jayden
// Brouwer (less the demo's own) and the rest about filler members of Groep
// Stationsplein, 100 each. It writes rows directly with set-based SQL (a
// recursive counter, on both databases), as a bulk import would, and
// returns Jayden's id.
func fillItems(b *testing.B, db *storage.DB, total int) string {
	sqldb := db.SQL()
	var jayden, group, police string
	if err := sqldb.QueryRow(`SELECT p.id, m.group_id, p.source_partner_id FROM persons p JOIN memberships m ON m.person_id = p.id
		WHERE p.name = 'Jayden Brouwer'`).Scan(&jayden, &group, &police); err != nil {
		b.Fatal(err)
	}
	var have, his int
	if err := sqldb.QueryRow(`SELECT count(*), count(CASE WHEN person_id = $1 THEN 1 END) FROM items`, jayden).Scan(&have, &his); err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	filler := total - have - (1000 - his)
	persons := (filler + 99) / 100
	counter := `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $1) `
	items := ` INSERT INTO items (id, group_id, person_id, source_partner_id, category, special, criminal, legal_ground,
			wpg20_decision_id, necessity, content, concerns_date, status, created_by, created_at, updated_at) `
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{counter + items + `SELECT 'bulk-j-' || CAST(i AS TEXT), $2, $3, $4, 'Registratie', FALSE, FALSE, 'Wet politiegegevens art. 8.', '',
			'', 'Bulkgegeven ' || CAST(i AS TEXT) || ' over Jayden.', '2026-10-01', 'actief', 'bulk', $5, $5 FROM n`,
			[]any{1000 - his, group, jayden, police, now}},
		{counter + `INSERT INTO persons (id, pseudonym, name, date_of_birth, address, bsn, bsn_legal_ground, source_partner_id, created_at, updated_at)
			SELECT 'bulk-p-' || CAST(i AS TEXT), 'bulk-ps-' || CAST(i AS TEXT), 'Vullid ' || CAST(i AS TEXT), '2008-01-01', 'Onbekend', '', '', $2, $3, $3 FROM n`,
			[]any{persons, police, now}},
		{counter + `INSERT INTO memberships (id, group_id, person_id, role, start_date)
			SELECT 'bulk-m-' || CAST(i AS TEXT), $2, 'bulk-p-' || CAST(i AS TEXT), 'meeloper', '2026-01-01' FROM n`,
			[]any{persons, group}},
		{counter + items + `SELECT 'bulk-i-' || CAST(i AS TEXT), $2, 'bulk-p-' || CAST(i / 100 AS TEXT), $3, 'Registratie', FALSE, FALSE,
			'Wet politiegegevens art. 8.', '', '', 'Bulkgegeven ' || CAST(i AS TEXT) || ' over een vullid.', '2026-10-01', 'actief', 'bulk', $4, $4 FROM n`,
			[]any{filler, group, police, now}},
	} {
		if q.args[0].(int) <= 0 {
			continue
		}
		if _, err := sqldb.Exec(q.sql, q.args...); err != nil {
			b.Fatal(err)
		}
	}
	// Statistics for the planner, and on PostgreSQL the visibility map and
	// a checkpoint, so that the background work a bulk import sets off
	// (autovacuum, checkpointing) does not run during the measurement.
	maintenance := []string{`ANALYZE`}
	if db.Dialect() == storage.Postgres {
		maintenance = []string{`VACUUM (ANALYZE)`, `CHECKPOINT`}
	}
	for _, q := range maintenance {
		if _, err := sqldb.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
	var n int
	if err := sqldb.QueryRow(`SELECT count(*) FROM items`).Scan(&n); err != nil || n != total {
		b.Fatalf("the database holds %d items, want %d (%v)", n, total, err)
	}
	return jayden
}
