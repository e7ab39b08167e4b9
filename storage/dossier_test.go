package storage_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// TestDossierEqualsItsParts checks that the dossier read in one transaction
// returns, for every viewer, exactly what Group, Transitions, Members,
// Items and GroupInvolvements return one after the other, writes the same
// audit and processing lines, and answers not-found for a group the viewer
// may not see, like Group.
func TestDossierEqualsItsParts(t *testing.T) {
	c := newCasework(t)
	g, p := c.decidedGroup("Groep Markt", c.school, c.jeugdhulp)
	q := c.mustPerson(c.police, g, "Tweede lid", 15)
	c.mustItem(c.police, c.testItem(ga.KindPolitie, g, p.ID, "Melding"))
	c.mustItem(c.police, c.testItem(ga.KindPolitie, g, "", "Groepsscan"))
	c.mustItem(c.jeugdProf, asSpecial(c.testItem(ga.KindJeugdhulp, g, q.ID, "Zorg")))
	c.mustItem(c.schoolProf, c.testItem(ga.KindSchool, g, q.ID, "Verzuim"))
	if err := c.db.RegisterInvolvement(c.coordinator, g.ID, p.ID, c.school.ID, "Leerplicht"); err != nil {
		t.Fatal(err)
	}
	hidden, _ := c.decidedGroup("Groep Dijk")

	// lines returns the actions and names of the lines of a trace, sorted.
	lines := func(trace string) []string {
		audit, processing := c.traceLines(trace)
		var out []string
		for _, a := range audit {
			out = append(out, fmt.Sprintf("audit %s %s %s %s", a.Action, a.ObjectType, a.ObjectID, a.Result))
		}
		for _, pr := range processing {
			out = append(out, "processing "+pr.Name+" "+pr.DataSubjectID)
		}
		slices.Sort(out)
		return out
	}
	for name, ctx := range map[string]context.Context{
		"coordinator": c.coordinator, "police": c.police, "school": c.schoolProf, "youth care": c.jeugdProf,
		"municipality": c.gemProf, "prosecutor": c.omProf,
	} {
		t.Run(name, func(t *testing.T) {
			dctx, dtrace := withTrace(ctx)
			d, err := c.db.Dossier(dctx, g.ID, storage.Page{})
			pctx, ptrace := withTrace(ctx)
			want := &storage.Dossier{}
			var err2 error
			want.Group, err2 = c.db.Group(pctx, g.ID)
			if ga.IsKind(err2, ga.KindNotFound) {
				wantKind(t, err, ga.KindNotFound)
				return
			}
			if err != nil || err2 != nil {
				t.Fatalf("Dossier: %v; Group: %v", err, err2)
			}
			var err3 error
			if want.Transitions, err3 = c.db.Transitions(pctx, g.ID); err3 != nil {
				t.Fatal(err3)
			}
			if want.Members, err3 = c.db.Members(pctx, g.ID); err3 != nil {
				t.Fatal(err3)
			}
			if want.Items, err3 = c.db.Items(pctx, storage.ItemFilter{GroupID: g.ID}); err3 != nil {
				t.Fatal(err3)
			}
			var current []string
			for _, m := range want.Members {
				if m.Membership.ActiveOn(ga.DateOf(c.clock.Now())) && !slices.Contains(current, m.Person.ID) {
					current = append(current, m.Person.ID)
				}
			}
			if len(current) > 0 {
				if want.Involvements, err3 = c.db.GroupInvolvements(pctx, g.ID, current); err3 != nil {
					t.Fatal(err3)
				}
			}
			if !reflect.DeepEqual(d, want) {
				t.Errorf("Dossier = %+v\nparts  = %+v", d, want)
			}
			if got, want := lines(dtrace), lines(ptrace); !slices.Equal(got, want) {
				t.Errorf("Dossier wrote\n%v\nthe parts wrote\n%v", got, want)
			}
			_, err = c.db.Dossier(ctx, hidden.ID, storage.Page{})
			_, err2 = c.db.Group(ctx, hidden.ID)
			if ga.KindOf(err) != ga.KindOf(err2) {
				t.Errorf("hidden group: Dossier %v, Group %v", err, err2)
			}
		})
	}
	t.Run("admin and auditor are refused", func(t *testing.T) {
		for _, ctx := range []context.Context{c.admin, c.auditor} {
			if _, err := c.db.Dossier(ctx, g.ID, storage.Page{}); err == nil {
				t.Error("a user without access to casework read a dossier")
			}
		}
	})
}
