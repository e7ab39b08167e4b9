package storage_test

import (
	"context"
	"slices"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// involvedPartners returns the partner ids of Involvements, and whether
// each is registered (r) or derived (d).
func involvedPartners(t *testing.T, c *casework, ctx context.Context, g *ga.Group, p *ga.Person) map[string]string {
	t.Helper()
	list, err := c.db.Involvements(ctx, g.ID, p.ID)
	if err != nil {
		t.Fatalf("Involvements: %v", err)
	}
	out := map[string]string{}
	for _, in := range list {
		kind := ""
		if in.Registered {
			kind += "r"
			if in.Reason == "" || in.RegisteredBy == "" || in.RegisteredAt == nil {
				t.Errorf("registered involvement without reason, who or when: %+v", in)
			}
		}
		if in.Derived {
			kind += "d"
		}
		out[in.PartnerID] = kind
	}
	return out
}

func TestInvolvement(t *testing.T) {
	c := newCasework(t)
	g, p := c.decidedGroup("Groep Brug", c.school, c.jeugdhulp)
	police := c.mustItem(c.police, c.testItem(ga.KindPolitie, g, p.ID, "Melding"))
	c.mustItem(c.jeugdProf, asSpecial(c.testItem(ga.KindJeugdhulp, g, p.ID, "Zorg")))
	sees := func(ctx context.Context) bool {
		t.Helper()
		_, err := c.db.Item(ctx, police.ID)
		if err != nil && !ga.IsKind(err, ga.KindNotFound) {
			t.Fatal(err)
		}
		return err == nil
	}
	if sees(c.schoolProf) || sees(c.gemProf) {
		t.Fatal("an uninvolved participant sees an item about the person")
	}

	t.Run("registration is the coordinator's, with a reason, for a participant", func(t *testing.T) {
		wantKind(t, c.db.RegisterInvolvement(c.police, g.ID, p.ID, c.school.ID, "Leerplicht"), ga.KindForbidden)
		wantKind(t, c.db.RegisterInvolvement(c.coordinator, g.ID, p.ID, c.school.ID, " "), ga.KindInvalid)
		wantKind(t, c.db.RegisterInvolvement(c.coordinator, g.ID, p.ID, c.om.ID, "Strafzaak"), ga.KindConflict)
		wantKind(t, c.db.RegisterInvolvement(c.coordinator, g.ID, p.ID, storage.NewID(), "x"), ga.KindInvalid)
		wantKind(t, c.db.RegisterInvolvement(c.coordinator, g.ID, storage.NewID(), c.school.ID, "x"), ga.KindNotFound)
	})

	ctx, trace := withTrace(c.coordinator)
	if err := c.db.RegisterInvolvement(ctx, g.ID, p.ID, c.school.ID, "Leerplicht"); err != nil {
		t.Fatal(err)
	}
	t.Run("registration is logged for the person", func(t *testing.T) {
		_, processing := c.traceLines(trace)
		if len(processing) != 1 || processing[0].Name != "betrokkenheid_vastleggen" || processing[0].DataSubjectID != c.pseudonym(c.police, p.ID) {
			t.Errorf("processing = %+v", processing)
		}
	})
	t.Run("a registered involvement opens the person's items, except special ones", func(t *testing.T) {
		if !sees(c.schoolProf) {
			t.Fatal("school does not see the police item after registration")
		}
		if n, err := c.db.CountItems(c.schoolProf, storage.ItemFilter{PersonID: p.ID}); err != nil || n != 1 {
			t.Errorf("school counts %d items about the person, %v; want 1 (not the special one)", n, err)
		}
	})
	t.Run("the coordinator sees every involved partner, others only their own", func(t *testing.T) {
		got := involvedPartners(t, c, c.coordinator, g, p)
		want := map[string]string{c.school.ID: "r", c.politie.ID: "d", c.jeugdhulp.ID: "d"}
		if len(got) != len(want) || got[c.school.ID] != "r" || got[c.politie.ID] != "d" || got[c.jeugdhulp.ID] != "d" {
			t.Errorf("coordinator sees %v, want %v", got, want)
		}
		if got := involvedPartners(t, c, c.schoolProf, g, p); len(got) != 1 || got[c.school.ID] != "r" {
			t.Errorf("school sees %v", got)
		}
		if got := involvedPartners(t, c, c.gemProf, g, p); len(got) != 0 {
			t.Errorf("uninvolved municipality sees %v", got)
		}
		_, err := c.db.Involvements(c.omProf, g.ID, p.ID)
		wantKind(t, err, ga.KindNotFound)
	})
	t.Run("ending the registration closes the items again", func(t *testing.T) {
		wantKind(t, c.db.EndInvolvement(c.schoolProf, g.ID, p.ID, c.school.ID, "Van school"), ga.KindForbidden)
		if err := c.db.EndInvolvement(c.coordinator, g.ID, p.ID, c.school.ID, "Van school"); err != nil {
			t.Fatal(err)
		}
		if sees(c.schoolProf) {
			t.Error("school still sees the item after the involvement ended")
		}
		wantKind(t, c.db.EndInvolvement(c.coordinator, g.ID, p.ID, c.school.ID, "nogmaals"), ga.KindNotFound)
		if got := involvedPartners(t, c, c.schoolProf, g, p); len(got) != 0 {
			t.Errorf("school still involved: %v", got)
		}
	})
	t.Run("registering again after the end", func(t *testing.T) {
		if err := c.db.RegisterInvolvement(c.coordinator, g.ID, p.ID, c.school.ID, "Terug op school"); err != nil {
			t.Fatal(err)
		}
		if !sees(c.schoolProf) {
			t.Error("school does not see the item after registering again")
		}
		if err := c.db.EndInvolvement(c.coordinator, g.ID, p.ID, c.school.ID, "Weer weg"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("contributing an item about the person derives involvement, until it is deleted", func(t *testing.T) {
		own := c.mustItem(c.schoolProf, c.testItem(ga.KindSchool, g, p.ID, "Verzuim"))
		if !sees(c.schoolProf) {
			t.Fatal("school does not see the item after contributing about the person")
		}
		mustExec(t, c.db, `UPDATE items SET status = 'afgeschermd' WHERE id = $1`, own.ID)
		if !sees(c.schoolProf) {
			t.Error("a blocked item of the school no longer derives involvement")
		}
		mustExec(t, c.db, `UPDATE items SET status = 'verwijderd', content = '' WHERE id = $1`, own.ID)
		if sees(c.schoolProf) {
			t.Error("a deleted item still derives involvement")
		}
	})
	t.Run("carrying a measure for the person derives involvement", func(t *testing.T) {
		mustExec(t, c.db, `INSERT INTO measures (id, group_id, person_id, kind, description, responsible_partner_id, status, start_date, review_date, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, 'zorg', 'Begeleiding', $4, 'lopend', '2026-03-01', '2026-06-01', 'test', $5, $5)`, storage.NewID(), g.ID, p.ID, c.gemeente.ID, c.clock.Now())
		if !sees(c.gemProf) {
			t.Error("the responsible partner of a measure does not see the person's item")
		}
		if got := involvedPartners(t, c, c.coordinator, g, p); got[c.gemeente.ID] != "d" {
			t.Errorf("coordinator sees %v", got)
		}
	})
	t.Run("involvement is judged per group approach", func(t *testing.T) {
		other, _ := c.decidedGroup("Groep Kade", c.school)
		if err := c.db.AddMembership(c.police, &ga.Membership{GroupID: other.ID, PersonID: p.ID, Role: ga.RoleFollower, Start: "2026-02-01"}); err != nil {
			t.Fatal(err)
		}
		if err := c.db.RegisterInvolvement(c.coordinator, other.ID, p.ID, c.school.ID, "Leerplicht"); err != nil {
			t.Fatal(err)
		}
		if sees(c.schoolProf) {
			t.Error("involvement in another group opens this group's item")
		}
		list, err := c.db.Items(c.schoolProf, storage.ItemFilter{PersonID: p.ID})
		if err != nil || len(list) != 0 {
			t.Errorf("school sees %v, %v", sortedItemIDs(list), err)
		}
		if got := involvedPartners(t, c, c.coordinator, other, p); !slices.Equal([]string{got[c.school.ID]}, []string{"r"}) {
			t.Errorf("involvement in the other group = %v", got)
		}
	})
}
