package storage_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// TestDossierPages checks that reading a dossier's items page by page
// returns, for every viewer and page size, exactly the items of the whole
// dossier in the same order, with MoreItems on every page but the last;
// that a page writes processing lines for the persons of its own items
// only; that the rest of the dossier does not depend on the page; and that
// ItemPage pages the same way, also with a search term.
func TestDossierPages(t *testing.T) {
	c := newCasework(t)
	g, p := c.decidedGroup("Groep Haven", c.school, c.jeugdhulp)
	q := c.mustPerson(c.police, g, "Tweede lid", 15)
	dates := []ga.Date{"2026-02-01", "2026-02-03", "2026-02-03", "2026-01-20", "2026-02-10", "2026-02-05", "2026-02-03"}
	for i, about := range []string{p.ID, "", q.ID, p.ID, "", q.ID, q.ID} {
		it := c.testItem(ga.KindPolitie, g, about, "Melding "+string(rune('A'+i)))
		it.ConcernsDate = dates[i]
		c.mustItem(c.police, it)
	}
	c.mustItem(c.jeugdProf, asSpecial(c.testItem(ga.KindJeugdhulp, g, q.ID, "Zorg")))
	c.mustItem(c.schoolProf, c.testItem(ga.KindSchool, g, p.ID, "Verzuim melding"))
	if err := c.db.RegisterInvolvement(c.coordinator, g.ID, p.ID, c.school.ID, "Leerplicht"); err != nil {
		t.Fatal(err)
	}

	ids := func(items []ga.Item) []string {
		var out []string
		for _, it := range items {
			out = append(out, it.ID)
		}
		return out
	}
	for name, ctx := range map[string]context.Context{
		"police": c.police, "school": c.schoolProf, "youth care": c.jeugdProf, "coordinator": c.coordinator,
	} {
		t.Run(name, func(t *testing.T) {
			whole, err := c.db.Dossier(ctx, g.ID, storage.Page{})
			if err != nil {
				t.Fatal(err)
			}
			if whole.MoreItems || len(whole.Items) < 2 {
				t.Fatalf("whole dossier: %d items, more %v", len(whole.Items), whole.MoreItems)
			}
			// The data subject of each item, as reading the item alone logs it.
			subject := map[string]string{}
			for _, it := range whole.Items {
				ictx, trace := withTrace(ctx)
				if _, err := c.db.Item(ictx, it.ID); err != nil {
					t.Fatal(err)
				}
				_, proc := c.traceLines(trace)
				if len(proc) == 1 {
					subject[it.ID] = proc[0].DataSubjectID
				}
			}
			for _, size := range []int{1, 2, 3, len(whole.Items), storage.MaxPageSize} {
				var got []string
				for n := 1; ; n++ {
					pctx, trace := withTrace(ctx)
					d, err := c.db.Dossier(pctx, g.ID, storage.Page{Number: n, Size: size})
					if err != nil {
						t.Fatal(err)
					}
					rest, wholeRest := *d, *whole
					rest.Items, rest.MoreItems, wholeRest.Items = nil, false, nil
					if !reflect.DeepEqual(rest, wholeRest) {
						t.Fatalf("size %d page %d: the dossier apart from its items differs", size, n)
					}
					if len(d.Items) > size || d.MoreItems && len(d.Items) != size {
						t.Fatalf("size %d page %d: %d items, more %v", size, n, len(d.Items), d.MoreItems)
					}
					var want []string
					for _, it := range d.Items {
						if s := subject[it.ID]; s != "" && !slices.Contains(want, s) {
							want = append(want, s)
						}
					}
					var logged []string
					_, proc := c.traceLines(trace)
					for _, pr := range proc {
						if pr.Name == "gegeven_raadplegen" {
							logged = append(logged, pr.DataSubjectID)
						}
					}
					slices.Sort(want)
					slices.Sort(logged)
					if !slices.Equal(logged, want) {
						t.Errorf("size %d page %d: items logged for %v, want %v", size, n, logged, want)
					}
					got = append(got, ids(d.Items)...)
					if !d.MoreItems {
						break
					}
				}
				if want := ids(whole.Items); !slices.Equal(got, want) {
					t.Errorf("size %d: pages give %v, the whole dossier %v", size, got, want)
				}
				// A page past the end is empty.
				d, err := c.db.Dossier(ctx, g.ID, storage.Page{Number: len(whole.Items) + 1, Size: size})
				if err != nil || len(d.Items) != 0 || d.MoreItems {
					t.Errorf("size %d, past the end: %v, %d items, more %v", size, err, len(d.Items), d.MoreItems)
				}
			}
			// ItemPage with and without a search term pages the list Items returns.
			for _, f := range []storage.ItemFilter{{GroupID: g.ID}, {GroupID: g.ID, Query: "melding"}, {Query: "melding"}} {
				all, err := c.db.Items(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for n := 1; n <= len(all)+1; n++ {
					f.Page = storage.Page{Number: n, Size: 2}
					l, err := c.db.ItemPage(ctx, f)
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, ids(l.Items)...)
					if l.More != (len(all) > 2*n) {
						t.Errorf("%+v: more %v with %d items in all", f, l.More, len(all))
					}
				}
				if want := ids(all); !slices.Equal(got, want) {
					t.Errorf("%+v: pages give %v, Items %v", f, got, want)
				}
			}
		})
	}
	t.Run("pages out of bounds are refused", func(t *testing.T) {
		for _, pg := range []storage.Page{{Number: 0, Size: 10}, {Number: 1, Size: 0}, {Number: -1, Size: 5}, {Number: 1, Size: storage.MaxPageSize + 1}} {
			_, err := c.db.Dossier(c.police, g.ID, pg)
			wantKind(t, err, ga.KindInvalid)
			_, err = c.db.ItemPage(c.police, storage.ItemFilter{GroupID: g.ID, Page: pg})
			wantKind(t, err, ga.KindInvalid)
		}
	})
}
