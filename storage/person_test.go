package storage_test

import (
	"context"
	"slices"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// processingLines returns the processing log lines of a data subject, read
// as the system.
func (c *casework) processingLines(pseudonym string) []storage.ProcessingEntry {
	c.t.Helper()
	es, err := c.db.ProcessingEntries(c.sys, storage.ProcessingFilter{DataSubjectID: pseudonym, Limit: storage.MaxLogPage})
	if err != nil {
		c.t.Fatalf("read processing log: %v", err)
	}
	return es
}

// pseudonym returns the processing-log pseudonym of a person, read as the
// person's source partner ctx.
func (c *casework) pseudonym(ctx context.Context, personID string) string {
	c.t.Helper()
	pv, err := c.db.Person(ctx, personID)
	if err != nil {
		c.t.Fatalf("read person: %v", err)
	}
	return pv.Pseudonym
}

// membershipIDs returns the ids of the memberships.
func membershipIDs(ms []ga.Membership) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.ID)
	}
	slices.Sort(out)
	return out
}

func TestPersonsAndMemberships(t *testing.T) {
	c := newCasework(t)
	a := c.mustGroup("Groep A", c.school)
	b := c.mustGroup("Groep B")

	t.Run("no name list before step informatie", func(t *testing.T) {
		g := &ga.Group{Name: "Signalen", Area: "West", Form: ga.FormGroup}
		if err := c.db.CreateGroup(c.police, g); err != nil {
			t.Fatal(err)
		}
		err := c.db.CreatePerson(c.police, c.testPerson("Ali", 17), g.ID, &ga.Membership{Role: ga.RoleCore, Start: "2026-01-01"})
		wantKind(t, err, ga.KindConflict)
	})
	t.Run("no name list after question 2A answered not problematic", func(t *testing.T) {
		g := c.mustGroup("Niet problematisch")
		if _, err := c.db.AnswerProblematic(c.coordinator, g.ID, false, "Hangjongeren zonder overlast"); err != nil {
			t.Fatal(err)
		}
		err := c.db.CreatePerson(c.police, c.testPerson("Bo", 17), g.ID, &ga.Membership{Role: ga.RoleCore, Start: "2026-01-01"})
		wantKind(t, err, ga.KindConflict)
	})
	t.Run("a group with members cannot be answered not problematic", func(t *testing.T) {
		g := c.mustGroup("Met leden")
		c.mustPerson(c.police, g, "Cas", 17)
		_, err := c.db.AnswerProblematic(c.coordinator, g.ID, false, "reden")
		wantKind(t, err, ga.KindConflict)
	})
	t.Run("a partner that does not take part registers nobody", func(t *testing.T) {
		err := c.db.CreatePerson(c.jeugdProf, c.testPerson("Dex", 17), a.ID, &ga.Membership{Role: ga.RoleCore, Start: "2026-01-01"})
		wantKind(t, err, ga.KindNotFound)
	})
	t.Run("under 16 without a legal representative is invalid", func(t *testing.T) {
		p := c.testPerson("Eva", 14)
		p.Representatives = nil
		err := c.db.CreatePerson(c.police, p, a.ID, &ga.Membership{Role: ga.RoleCore, Start: "2026-01-01"})
		wantKind(t, err, ga.KindInvalid)
		if got := detailNames(err); !slices.Equal(got, []string{"wettelijkVertegenwoordigers"}) {
			t.Errorf("details = %v", got)
		}
	})
	t.Run("a BSN only with a legal ground", func(t *testing.T) {
		p := c.testPerson("Fay", 17)
		p.BSN = "111222333"
		err := c.db.CreatePerson(c.police, p, a.ID, &ga.Membership{Role: ga.RoleCore, Start: "2026-01-01"})
		wantKind(t, err, ga.KindInvalid)
		if got := detailNames(err); !slices.Equal(got, []string{"bsnGrondslag"}) {
			t.Errorf("details = %v", got)
		}
	})

	young := c.testPerson("Gijs", 14)
	young.BSN, young.BSNLegalGround = "111222333", "Wet structuur uitvoeringsorganisatie werk en inkomen art. 24"
	ma := &ga.Membership{Role: ga.RoleCore, Start: "2026-01-15"}
	if err := c.db.CreatePerson(c.police, young, a.ID, ma); err != nil {
		t.Fatal(err)
	}
	ps := c.pseudonym(c.police, young.ID)

	t.Run("registering logs the person and the representative by pseudonym", func(t *testing.T) {
		if ps == "" || ps == young.ID || len(young.Representatives) != 1 || young.Representatives[0].ID == "" || young.SourcePartnerID != c.politie.ID {
			t.Fatalf("person = %+v, pseudonym %q", young, ps)
		}
		lines := c.processingLines(ps)
		if len(lines) < 1 || lines[0].Name != "persoon_vastleggen" || lines[0].DataSubjectIDType != "pseudoniem" || lines[0].ProcessingActivityID != c.register.ID {
			t.Fatalf("processing lines = %+v", lines)
		}
		c.wantAudit(t, "person_create", young.ID, ga.ResultSuccess, 1)
	})

	mb := &ga.Membership{GroupID: b.ID, PersonID: young.ID, Role: ga.RoleFollower, Start: "2026-02-01"}
	if err := c.db.AddMembership(c.police, mb); err != nil {
		t.Fatal(err)
	}
	t.Run("a second running membership of the same group is a conflict", func(t *testing.T) {
		err := c.db.AddMembership(c.police, &ga.Membership{GroupID: b.ID, PersonID: young.ID, Role: ga.RoleCore, Start: "2026-02-01"})
		wantKind(t, err, ga.KindConflict)
	})

	t.Run("the source sees the person in both groups", func(t *testing.T) {
		pv, err := c.db.Person(c.police, young.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{ma.ID, mb.ID}
		slices.Sort(want)
		if got := membershipIDs(pv.Memberships); !slices.Equal(got, want) || pv.BSN != young.BSN || len(pv.Representatives) != 1 {
			t.Fatalf("person = %+v", pv)
		}
	})

	_, unknown := c.db.Person(c.coordinator, storage.NewID())
	wantKind(t, unknown, ga.KindNotFound)
	t.Run("before the decision other partners get not found, as for an unknown id", func(t *testing.T) {
		for name, ctx := range map[string]context.Context{"coordinator": c.coordinator, "school": c.schoolProf, "jeugdhulp": c.jeugdProf} {
			if _, err := c.db.Person(ctx, young.ID); err == nil || err.Error() != unknown.Error() {
				t.Errorf("%s: %v", name, err)
			}
		}
	})

	c.mustReachDecision(a)
	c.mustDecide(a, true, true)

	t.Run("after the decision participants see the person through that group only", func(t *testing.T) {
		for name, ctx := range map[string]context.Context{"coordinator": c.coordinator, "school": c.schoolProf} {
			pv, err := c.db.Person(ctx, young.ID)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if got := membershipIDs(pv.Memberships); !slices.Equal(got, []string{ma.ID}) {
				t.Errorf("%s sees memberships %v, want only %v", name, got, ma.ID)
			}
		}
		if _, err := c.db.Person(c.jeugdProf, young.ID); err == nil || err.Error() != unknown.Error() {
			t.Errorf("non-participant: %v", err)
		}
		ms, err := c.db.Members(c.coordinator, b.ID)
		if err != nil || len(ms) != 0 {
			t.Errorf("members of B before its decision = %v, %v; want none", ms, err)
		}
		ms, err = c.db.Members(c.schoolProf, a.ID)
		if err != nil || len(ms) != 1 || ms[0].Person.ID != young.ID || len(ms[0].Person.Representatives) != 1 {
			t.Errorf("members of A = %+v, %v", ms, err)
		}
		list, err := c.db.Persons(c.schoolProf, storage.PersonFilter{Query: "gij"})
		if err != nil || len(list) != 1 {
			t.Errorf("persons matching gij = %+v, %v", list, err)
		}
		list, err = c.db.Persons(c.schoolProf, storage.PersonFilter{Query: "niemand"})
		if err != nil || len(list) != 0 {
			t.Errorf("persons matching niemand = %+v, %v", list, err)
		}
	})

	t.Run("only the source partner edits the person", func(t *testing.T) {
		p := *young
		p.Address = "Nieuwe straat 2"
		wantKind(t, c.db.UpdatePerson(c.schoolProf, &p), ga.KindForbidden)
		wantKind(t, c.db.UpdatePerson(c.jeugdProf, &p), ga.KindNotFound)
		if err := c.db.UpdatePerson(c.police, &p); err != nil {
			t.Fatal(err)
		}
		pv, _ := c.db.Person(c.schoolProf, young.ID)
		if pv.Address != "Nieuwe straat 2" {
			t.Errorf("address = %q", pv.Address)
		}
	})

	t.Run("representatives of an under-16", func(t *testing.T) {
		r := &ga.Representative{Name: "Vader", Relationship: "vader", Address: "Elders 3"}
		wantKind(t, c.db.AddRepresentative(c.schoolProf, young.ID, r), ga.KindForbidden)
		if err := c.db.AddRepresentative(c.police, young.ID, r); err != nil {
			t.Fatal(err)
		}
		r.Address = "Elders 4"
		if err := c.db.UpdateRepresentative(c.police, young.ID, r); err != nil {
			t.Fatal(err)
		}
		wantKind(t, c.db.UpdateRepresentative(c.police, young.ID, &ga.Representative{ID: storage.NewID(), Name: "x", Relationship: "y"}), ga.KindNotFound)
		if err := c.db.RemoveRepresentative(c.police, young.ID, young.Representatives[0].ID); err != nil {
			t.Fatal(err)
		}
		wantKind(t, c.db.RemoveRepresentative(c.police, young.ID, r.ID), ga.KindInvalid)
		pv, _ := c.db.Person(c.police, young.ID)
		if len(pv.Representatives) != 1 || pv.Representatives[0].Address != "Elders 4" {
			t.Errorf("representatives = %+v", pv.Representatives)
		}
	})

	t.Run("the coordinator or the source ends a membership", func(t *testing.T) {
		wantKind(t, c.db.EndMembership(c.schoolProf, ma.ID, "2026-03-01"), ga.KindForbidden)
		wantKind(t, c.db.EndMembership(c.jeugdProf, ma.ID, "2026-03-01"), ga.KindNotFound)
		wantKind(t, c.db.EndMembership(c.coordinator, ma.ID, "2025-01-01"), ga.KindInvalid)
		if err := c.db.EndMembership(c.coordinator, ma.ID, "2026-03-01"); err != nil {
			t.Fatal(err)
		}
		wantKind(t, c.db.EndMembership(c.coordinator, ma.ID, "2026-03-02"), ga.KindConflict)
	})
}

// TestAddMembershipRevealsNoHiddenMembership checks that adding a person to
// a group answers the same whether or not the person is already a member
// the viewer may not know of: a partner that sees a person through one group
// learns nothing of the person's memberships of groups without a decision.
func TestAddMembershipRevealsNoHiddenMembership(t *testing.T) {
	c := newCasework(t)
	_, p := c.decidedGroup("Groep Centrum", c.school)
	member := c.mustGroup("Groep Haven", c.school)
	notMember := c.mustGroup("Groep Dijk", c.school)
	if err := c.db.AddMembership(c.police, &ga.Membership{GroupID: member.ID, PersonID: p.ID, Role: ga.RoleCore, Start: "2026-02-01"}); err != nil {
		t.Fatal(err)
	}
	try := func(g *ga.Group) error {
		return c.db.AddMembership(c.schoolProf, &ga.Membership{GroupID: g.ID, PersonID: p.ID, Role: ga.RoleFollower, Start: "2026-03-01"})
	}
	errMember, errNotMember := try(member), try(notMember)
	wantKind(t, errMember, ga.KindForbidden)
	if errNotMember == nil || errMember.Error() != errNotMember.Error() {
		t.Fatalf("already a hidden member: %v; not a member: %v; want the same refusal", errMember, errNotMember)
	}
}
