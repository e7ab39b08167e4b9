package storage_test

import (
	"context"
	"slices"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// TestGroupInvolvementsEqualsPerMember checks the group-wide involvement
// query of the dossier against asking Involvements for each member: for
// every viewer the same involvements, the same processing lines, and the
// same not-found for a group the viewer may not see.
func TestGroupInvolvementsEqualsPerMember(t *testing.T) {
	c := newCasework(t)
	g, p := c.decidedGroup("Groep Haven", c.school, c.jeugdhulp)
	q := c.mustPerson(c.police, g, "Tweede lid", 16)
	c.mustItem(c.police, c.testItem(ga.KindPolitie, g, p.ID, "Melding"))
	c.mustItem(c.jeugdProf, asSpecial(c.testItem(ga.KindJeugdhulp, g, q.ID, "Zorg")))
	if err := c.db.RegisterInvolvement(c.coordinator, g.ID, p.ID, c.school.ID, "Leerplicht"); err != nil {
		t.Fatal(err)
	}
	if err := c.db.RegisterInvolvement(c.coordinator, g.ID, q.ID, c.school.ID, "Verzuim"); err != nil {
		t.Fatal(err)
	}
	if err := c.db.EndInvolvement(c.coordinator, g.ID, q.ID, c.school.ID, "Van school"); err != nil {
		t.Fatal(err)
	}
	hidden, _ := c.decidedGroup("Groep Dijk")

	key := func(in storage.Involvement) string {
		return in.PersonID + "/" + in.PartnerID + "/" + in.Reason + "/" + boolString(in.Registered) + boolString(in.Derived)
	}
	for name, ctx := range map[string]context.Context{
		"coordinator": c.coordinator, "police": c.police, "school": c.schoolProf, "youth care": c.jeugdProf,
		"municipality": c.gemProf, "prosecutor": c.omProf,
	} {
		t.Run(name, func(t *testing.T) {
			members, err := c.db.Members(ctx, g.ID)
			if ga.IsKind(err, ga.KindNotFound) {
				_, err := c.db.GroupInvolvements(ctx, g.ID, nil)
				wantKind(t, err, ga.KindNotFound)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, m := range members {
				list, err := c.db.Involvements(ctx, g.ID, m.Person.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, in := range list {
					want = append(want, key(in))
				}
			}
			tctx, trace := withTrace(ctx)
			got, err := c.db.GroupInvolvements(tctx, g.ID, nil)
			if err != nil {
				t.Fatal(err)
			}
			var keys []string
			for _, in := range got {
				if in.GroupID != g.ID {
					t.Errorf("involvement of group %s", in.GroupID)
				}
				keys = append(keys, key(in))
			}
			slices.Sort(want)
			slices.Sort(keys)
			if !slices.Equal(keys, want) {
				t.Errorf("group-wide %v, per member %v", keys, want)
			}
			audit, processing := c.traceLines(trace)
			var subjects, wantSubjects []string
			for _, pr := range processing {
				if pr.Name != "betrokkenheid_raadplegen" {
					t.Errorf("processing line %q", pr.Name)
				}
				subjects = append(subjects, pr.DataSubjectID)
			}
			for _, m := range members {
				wantSubjects = append(wantSubjects, m.Pseudonym)
			}
			slices.Sort(subjects)
			slices.Sort(wantSubjects)
			if !slices.Equal(subjects, slices.Compact(wantSubjects)) {
				t.Errorf("processing lines for %v, want %v", subjects, wantSubjects)
			}
			if len(audit) != 1 || audit[0].Action != "involvement_list" || audit[0].ObjectID != g.ID {
				t.Errorf("audit = %+v", audit)
			}

			// Restricted to one member: only that member's lines.
			tctx, trace = withTrace(ctx)
			one, err := c.db.GroupInvolvements(tctx, g.ID, []string{p.ID})
			if err != nil {
				t.Fatal(err)
			}
			for _, in := range one {
				if in.PersonID != p.ID {
					t.Errorf("restricted to %s, got an involvement with %s", p.ID, in.PersonID)
				}
			}
			if _, processing := c.traceLines(trace); len(processing) != 1 {
				t.Errorf("%d processing lines for one member", len(processing))
			}
			_, err = c.db.GroupInvolvements(ctx, hidden.ID, nil)
			if name == "school" || name == "youth care" || name == "prosecutor" {
				wantKind(t, err, ga.KindNotFound)
			}
		})
	}
}

func boolString(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
