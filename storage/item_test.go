package storage_test

import (
	"context"
	"slices"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// withTrace returns ctx carrying a fresh trace, and the trace id, so that a
// test can find the log lines of exactly one action.
func withTrace(ctx context.Context) (context.Context, string) {
	tr := storage.NewTrace()
	return ga.WithTrace(ctx, tr), tr.TraceID
}

// traceLines counts the audit and processing lines of a trace.
func (c *casework) traceLines(traceID string) (audit []storage.AuditEntry, processing []storage.ProcessingEntry) {
	c.t.Helper()
	audit, err := c.db.AuditEntries(c.sys, storage.AuditFilter{TraceID: traceID, Limit: storage.MaxLogPage})
	if err != nil {
		c.t.Fatal(err)
	}
	processing, err = c.db.ProcessingEntries(c.sys, storage.ProcessingFilter{TraceID: traceID, Limit: storage.MaxLogPage})
	if err != nil {
		c.t.Fatal(err)
	}
	return audit, processing
}

// breakInserts makes every insert into the table fail from now on, below
// the storage layer, so that an action fails after its first writes.
func breakInserts(t *testing.T, db *storage.DB, table string) {
	t.Helper()
	stmts := []string{`CREATE TRIGGER casework_test_break BEFORE INSERT ON ` + table + ` BEGIN SELECT RAISE(ABORT, 'test failure'); END`}
	if db.Dialect() == storage.Postgres {
		stmts = []string{
			`CREATE FUNCTION casework_test_break() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'test failure'; END $$`,
			`CREATE TRIGGER casework_test_break BEFORE INSERT ON ` + table + ` FOR EACH ROW EXECUTE FUNCTION casework_test_break()`,
		}
	}
	for _, s := range stmts {
		if _, err := db.SQL().Exec(s); err != nil {
			t.Fatalf("install failing trigger: %v", err)
		}
	}
}

// decidedGroup returns a group after the driehoek's decision with exchange
// (step plan), in which the police registered one person.
func (c *casework) decidedGroup(name string, participants ...*ga.Partner) (*ga.Group, *ga.Person) {
	c.t.Helper()
	g := c.mustGroup(name, participants...)
	p := c.mustPerson(c.police, g, "Lid van "+name, 17)
	c.mustReachDecision(g)
	c.mustDecide(g, true, true)
	return g, p
}

func TestItemRules(t *testing.T) {
	c := newCasework(t)
	g, p := c.decidedGroup("Groep Oost", c.school, c.jeugdhulp)
	other, _ := c.decidedGroup("Groep West")
	schoolCoordinator := c.mustDeclared(c.school, ga.RoleCoordinator)

	t.Run("a police item refers to a recorded Wpg art 20 decision", func(t *testing.T) {
		it := c.testItem(ga.KindPolitie, g, p.ID, "Melding")
		it.Wpg20DecisionID = ""
		wantKind(t, c.db.CreateItem(c.police, it), ga.KindInvalid)
		if got := detailNames(c.db.CreateItem(c.police, it)); !slices.Equal(got, []string{"wpg20BesluitId"}) {
			t.Errorf("details = %v", got)
		}
		it.Wpg20DecisionID = storage.NewID()
		if got := detailNames(c.db.CreateItem(c.police, it)); !slices.Equal(got, []string{"wpg20BesluitId"}) {
			t.Errorf("unknown decision: details = %v", got)
		}
	})
	t.Run("a special item needs its necessity", func(t *testing.T) {
		it := c.testItem(ga.KindJeugdhulp, g, p.ID, "Zorg")
		it.Special = true
		if got := detailNames(c.db.CreateItem(c.jeugdProf, it)); !slices.Equal(got, []string{"noodzaak"}) {
			t.Errorf("details = %v", got)
		}
	})
	t.Run("an item's person is a member of its group, the same for an unknown person", func(t *testing.T) {
		_, q := c.decidedGroup("Groep Elders", c.school)
		for _, id := range []string{q.ID, storage.NewID()} {
			err := c.db.CreateItem(c.schoolProf, c.testItem(ga.KindSchool, g, id, "Verzuim"))
			if got := detailNames(err); !slices.Equal(got, []string{"persoonId"}) {
				t.Errorf("details = %v", got)
			}
		}
	})
	t.Run("a group the partner does not see is not found; one it sees without taking part is forbidden", func(t *testing.T) {
		wantKind(t, c.db.CreateItem(c.schoolProf, c.testItem(ga.KindSchool, other, "", "x")), ga.KindNotFound)
		wantKind(t, c.db.CreateItem(schoolCoordinator, c.testItem(ga.KindSchool, other, "", "x")), ga.KindForbidden)
	})
	t.Run("admins and auditors contribute nothing", func(t *testing.T) {
		wantKind(t, c.db.CreateItem(c.admin, c.testItem(ga.KindGemeente, g, "", "x")), ga.KindForbidden)
		wantKind(t, c.db.CreateItem(c.auditor, c.testItem(ga.KindGemeente, g, "", "x")), ga.KindForbidden)
	})

	police := c.mustItem(c.police, c.testItem(ga.KindPolitie, g, p.ID, "Aanhouding"))
	care := c.mustItem(c.jeugdProf, asSpecial(c.testItem(ga.KindJeugdhulp, g, p.ID, "Behandeling")))
	if err := c.db.RegisterInvolvement(c.coordinator, g.ID, p.ID, c.school.ID, "Leerplicht"); err != nil {
		t.Fatal(err)
	}

	t.Run("only the source edits: forbidden for one who sees it, not found for one who does not", func(t *testing.T) {
		edit := *police
		edit.Content = "Aanhouding, later vrijgelaten"
		if _, err := c.db.Item(c.schoolProf, police.ID); err != nil {
			t.Fatalf("school should see the police item: %v", err)
		}
		wantKind(t, c.db.UpdateItem(c.schoolProf, &edit), ga.KindForbidden)
		hidden := c.mustDeclared(c.om, ga.RoleProfessional)
		err := c.db.UpdateItem(hidden, &edit)
		unknown := edit
		unknown.ID = storage.NewID()
		errUnknown := c.db.UpdateItem(hidden, &unknown)
		wantKind(t, err, ga.KindNotFound)
		if err.Error() != errUnknown.Error() {
			t.Errorf("hidden item: %v; unknown item: %v", err, errUnknown)
		}
		c.wantAudit(t, "item_update", police.ID, ga.ResultDenied, 2)
		c.wantAudit(t, "item_update", unknown.ID, ga.ResultDenied, 1)
		if err := c.db.UpdateItem(c.police, &edit); err != nil {
			t.Fatal(err)
		}
		got, err := c.db.Item(c.schoolProf, police.ID)
		if err != nil || got.Content != edit.Content || got.SourcePartnerID != c.politie.ID {
			t.Fatalf("after update: %+v, %v", got, err)
		}
	})

	t.Run("explicit sharing of a special item by its source", func(t *testing.T) {
		_, err := c.db.Item(c.schoolProf, care.ID)
		wantKind(t, err, ga.KindNotFound)
		wantKind(t, c.db.ShareItem(c.schoolProf, care.ID, c.school.ID), ga.KindNotFound)
		wantKind(t, c.db.ShareItem(c.police, police.ID, c.school.ID), ga.KindInvalid)
		wantKind(t, c.db.ShareItem(c.jeugdProf, care.ID, c.jeugdhulp.ID), ga.KindInvalid)
		wantKind(t, c.db.ShareItem(c.jeugdProf, care.ID, storage.NewID()), ga.KindInvalid)
		if err := c.db.ShareItem(c.jeugdProf, care.ID, c.school.ID); err != nil {
			t.Fatal(err)
		}
		if err := c.db.ShareItem(c.jeugdProf, care.ID, c.school.ID); err != nil {
			t.Fatalf("sharing again: %v", err)
		}
		got, err := c.db.Item(c.schoolProf, care.ID)
		if err != nil || !slices.Equal(got.SharedWith, []string{c.school.ID}) {
			t.Fatalf("school after the share: %+v, %v", got, err)
		}
		wantKind(t, c.db.ShareItem(c.schoolProf, care.ID, c.om.ID), ga.KindForbidden)
		if err := c.db.UnshareItem(c.jeugdProf, care.ID, c.school.ID); err != nil {
			t.Fatal(err)
		}
		_, err = c.db.Item(c.schoolProf, care.ID)
		wantKind(t, err, ga.KindNotFound)
	})

	t.Run("a deleted item keeps no content, also in the database", func(t *testing.T) {
		if _, err := c.db.SQL().Exec(`UPDATE items SET status = 'verwijderd' WHERE id = $1`, police.ID); err == nil {
			t.Fatal("the database accepted a deleted item with content")
		}
		if _, err := c.db.SQL().Exec(`UPDATE items SET status = 'verwijderd', content = '' WHERE id = $1`, police.ID); err != nil {
			t.Fatal(err)
		}
		_, err := c.db.Item(c.police, police.ID)
		wantKind(t, err, ga.KindNotFound)
	})

	t.Run("a closed approach takes no new items", func(t *testing.T) {
		if _, err := c.db.CloseGroup(c.coordinator, other.ID, "Afgeschaald", ""); err != nil {
			t.Fatal(err)
		}
		wantKind(t, c.db.CreateItem(c.police, c.testItem(ga.KindPolitie, other, "", "x")), ga.KindConflict)
	})
}

func TestNothingOfAMemberBeforeTheDecision(t *testing.T) {
	c := newCasework(t)
	g := c.mustGroup("Groep Centrum", c.school, c.jeugdhulp, c.om)
	p := c.mustPerson(c.police, g, "Daan", 17)
	q := c.mustPerson(c.police, g, "Eef", 14)
	c.mustItem(c.police, asCriminal(c.testItem(ga.KindPolitie, g, p.ID, "Verdacht van straatroof")))
	c.mustItem(c.police, c.testItem(ga.KindPolitie, g, q.ID, "Overlast straatroof"))
	c.mustItem(c.police, c.testItem(ga.KindPolitie, g, "", "Groepsscan straatroof"))
	c.mustReachDecision(g)
	others := map[string]context.Context{"coordinator": c.coordinator, "municipality": c.gemProf, "prosecutor": c.omProf,
		"school": c.schoolProf, "youth care": c.jeugdProf}
	// Involvement does not open anything before the decision either.
	if err := c.db.RegisterInvolvement(c.coordinator, g.ID, p.ID, c.school.ID, "Leerplicht"); !ga.IsKind(err, ga.KindNotFound) {
		t.Fatalf("registering involvement with a member the coordinator cannot see: %v", err)
	}

	check := func(t *testing.T, name string, ctx context.Context) {
		_, unknownPerson := c.db.Person(ctx, storage.NewID())
		for _, id := range []string{p.ID, q.ID} {
			if _, err := c.db.Person(ctx, id); err == nil || err.Error() != unknownPerson.Error() {
				t.Errorf("%s: Person = %v", name, err)
			}
			if _, err := c.db.Involvements(ctx, g.ID, id); !ga.IsKind(err, ga.KindNotFound) {
				t.Errorf("%s: Involvements = %v", name, err)
			}
			if items, err := c.db.Items(ctx, storage.ItemFilter{PersonID: id}); err != nil || len(items) != 0 {
				t.Errorf("%s: Items about the person = %v, %v", name, items, err)
			}
			if n, err := c.db.CountItems(ctx, storage.ItemFilter{PersonID: id}); err != nil || n != 0 {
				t.Errorf("%s: CountItems about the person = %d, %v", name, n, err)
			}
		}
		if ms, err := c.db.Members(ctx, g.ID); err != nil || len(ms) != 0 {
			t.Errorf("%s: Members = %v, %v", name, ms, err)
		}
		if ps, err := c.db.Persons(ctx, storage.PersonFilter{}); err != nil || len(ps) != 0 {
			t.Errorf("%s: Persons = %v, %v", name, ps, err)
		}
		for _, f := range []storage.ItemFilter{{}, {GroupID: g.ID}, {Query: "straatroof"}} {
			if items, err := c.db.Items(ctx, f); err != nil || len(items) != 0 {
				t.Errorf("%s: Items(%+v) = %v, %v", name, f, items, err)
			}
			if n, err := c.db.CountItems(ctx, f); err != nil || n != 0 {
				t.Errorf("%s: CountItems(%+v) = %d, %v", name, f, n, err)
			}
		}
	}
	for name, ctx := range others {
		t.Run(name+" sees nothing of the members before the decision", func(t *testing.T) { check(t, name, ctx) })
	}
	t.Run("the police see their own name list and items", func(t *testing.T) {
		if ms, err := c.db.Members(c.police, g.ID); err != nil || len(ms) != 2 {
			t.Errorf("Members = %v, %v", ms, err)
		}
		if n, err := c.db.CountItems(c.police, storage.ItemFilter{Query: "STRAATROOF"}); err != nil || n != 3 {
			t.Errorf("CountItems = %d, %v", n, err)
		}
	})
	c.mustDecide(g, true, false)
	for name, ctx := range others {
		t.Run(name+" sees nothing after a decision without exchange", func(t *testing.T) { check(t, name, ctx) })
	}
}

func TestRetentionBoundary(t *testing.T) {
	c := newCasework(t)
	g, p := c.decidedGroup("Groep Haven", c.school)
	it := c.mustItem(c.police, c.testItem(ga.KindPolitie, g, p.ID, "Melding"))
	if err := c.db.RegisterInvolvement(c.coordinator, g.ID, p.ID, c.school.ID, "Leerplicht"); err != nil {
		t.Fatal(err)
	}
	c.clock.Set(time.Date(2026, 5, 12, 13, 14, 15, 123456000, time.UTC))
	closed, err := c.db.CloseGroup(c.coordinator, g.ID, "Afgeschaald", "Doelen bereikt")
	if err != nil {
		t.Fatal(err)
	}
	cov, _ := c.db.Covenant(c.sys)
	end := closed.ClosedAt.AddDate(0, cov.Terms.RetentionAfterClosureMonths, 0)
	for _, tt := range []struct {
		rule    string
		now     time.Time
		visible bool
	}{
		{"visible one microsecond before the retention period ends", end.Add(-time.Microsecond), true},
		{"not visible when the retention period ends", end, false},
		{"not visible after the retention period", end.Add(time.Microsecond), false},
	} {
		t.Run(tt.rule, func(t *testing.T) {
			c.clock.Set(tt.now)
			if got := closed.PastRetention(cov.Terms, tt.now); got == tt.visible {
				t.Fatalf("policy: past retention = %v", got)
			}
			_, err := c.db.Item(c.schoolProf, it.ID)
			if tt.visible && err != nil {
				t.Errorf("item: %v, want visible", err)
			}
			if !tt.visible && !ga.IsKind(err, ga.KindNotFound) {
				t.Errorf("item: %v, want not found", err)
			}
			_, err = c.db.Person(c.schoolProf, p.ID)
			if tt.visible != (err == nil) {
				t.Errorf("person: %v, want visible=%v", err, tt.visible)
			}
			if _, err := c.db.Item(c.police, it.ID); err != nil {
				t.Errorf("the source sees its own item after retention too (until deletion): %v", err)
			}
		})
	}
}

func TestReadsWriteOneLinePerDataSubject(t *testing.T) {
	c := newCasework(t)
	g, p := c.decidedGroup("Groep Markt", c.school, c.jeugdhulp)
	q := c.mustPerson(c.police, g, "Fenna", 15)
	p1 := c.mustItem(c.police, c.testItem(ga.KindPolitie, g, p.ID, "Eerste"))
	c.mustItem(c.police, c.testItem(ga.KindPolitie, g, p.ID, "Tweede"))
	c.mustItem(c.police, c.testItem(ga.KindPolitie, g, q.ID, "Derde"))
	c.mustItem(c.police, c.testItem(ga.KindPolitie, g, "", "Groep"))
	psP, psQ := c.pseudonym(c.police, p.ID), c.pseudonym(c.police, q.ID)

	t.Run("reading an item writes one processing line and one audit line, linked by the trace", func(t *testing.T) {
		ctx, trace := withTrace(c.police)
		if _, err := c.db.Item(ctx, p1.ID); err != nil {
			t.Fatal(err)
		}
		audit, processing := c.traceLines(trace)
		if len(audit) != 1 || audit[0].Action != "item_read" || audit[0].ObjectID != p1.ID || audit[0].Result != ga.ResultSuccess || audit[0].UserID == "" {
			t.Errorf("audit lines = %+v", audit)
		}
		if len(processing) != 1 {
			t.Fatalf("processing lines = %+v", processing)
		}
		l := processing[0]
		if l.Name != "gegeven_raadplegen" || l.DataSubjectID != psP || l.DataSubjectIDType != "pseudoniem" || l.ProcessingActivityID != c.register.ID || l.StatusCode != ga.StatusOK {
			t.Errorf("processing line = %+v", l)
		}
	})
	t.Run("a list writes one processing line per person shown, not per item", func(t *testing.T) {
		ctx, trace := withTrace(c.police)
		items, err := c.db.Items(ctx, storage.ItemFilter{GroupID: g.ID})
		if err != nil || len(items) != 4 {
			t.Fatalf("items = %d, %v", len(items), err)
		}
		audit, processing := c.traceLines(trace)
		var subjects []string
		for _, l := range processing {
			subjects = append(subjects, l.DataSubjectID)
		}
		slices.Sort(subjects)
		want := []string{psP, psQ}
		slices.Sort(want)
		if !slices.Equal(subjects, want) || len(audit) != 1 || audit[0].Detail != "filter: groep" {
			t.Errorf("processing subjects = %v (want %v); audit = %+v", subjects, want, audit)
		}
	})
	t.Run("reading a person logs the person and the legal representative", func(t *testing.T) {
		ctx, trace := withTrace(c.police)
		pv, err := c.db.Person(ctx, q.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, processing := c.traceLines(trace)
		if len(processing) != 2 || processing[0].DataSubjectID != psQ || processing[1].DataSubjectID == psQ || processing[1].DataSubjectID == "" || len(pv.Representatives) != 1 {
			t.Errorf("processing lines = %+v", processing)
		}
		for _, l := range processing {
			if l.DataSubjectID == q.ID || l.DataSubjectID == pv.Representatives[0].ID {
				t.Errorf("a row id reached the processing log: %+v", l)
			}
		}
	})
	t.Run("a refused read writes a denied audit line and no processing line", func(t *testing.T) {
		ctx, trace := withTrace(c.jeugdProf)
		_, err := c.db.Item(ctx, p1.ID)
		wantKind(t, err, ga.KindNotFound)
		audit, processing := c.traceLines(trace)
		if len(processing) != 0 || len(audit) != 1 || audit[0].Result != ga.ResultDenied {
			t.Errorf("audit = %+v, processing = %+v", audit, processing)
		}
	})
	t.Run("a refused write writes no processing line and no success", func(t *testing.T) {
		ctx, trace := withTrace(c.police)
		bad := c.testItem(ga.KindPolitie, g, p.ID, "")
		wantKind(t, c.db.CreateItem(ctx, bad), ga.KindInvalid)
		audit, processing := c.traceLines(trace)
		if len(processing) != 0 || len(audit) != 1 || audit[0].Result != ga.ResultFailed {
			t.Errorf("audit = %+v, processing = %+v", audit, processing)
		}
	})
	t.Run("an action that fails after its first insert rolls back and writes neither", func(t *testing.T) {
		before, _ := c.db.CountItems(c.police, storage.ItemFilter{})
		breakInserts(t, c.db, "item_shares")
		ctx, trace := withTrace(c.jeugdProf)
		it := asSharedWith(asSpecial(c.testItem(ga.KindJeugdhulp, g, p.ID, "Zorg")), c.school)
		if err := c.db.CreateItem(ctx, it); err == nil {
			t.Fatal("CreateItem succeeded with a failing insert")
		}
		audit, processing := c.traceLines(trace)
		if len(audit) != 0 || len(processing) != 0 {
			t.Errorf("rolled back action wrote audit %+v and processing %+v", audit, processing)
		}
		if n, _ := c.db.CountItems(c.jeugdProf, storage.ItemFilter{Query: "zorg"}); n != 0 {
			t.Errorf("the item row survived the rollback")
		}
		if after, _ := c.db.CountItems(c.police, storage.ItemFilter{}); after != before {
			t.Errorf("items %d → %d", before, after)
		}
	})
	t.Run("a person registration that fails at the representative rolls back and writes neither", func(t *testing.T) {
		// casework_test_break exists since the previous subtest.
		if c.db.Dialect() == storage.Postgres {
			mustExec(t, c.db, `CREATE TRIGGER casework_test_break_reps BEFORE INSERT ON representatives FOR EACH ROW EXECUTE FUNCTION casework_test_break()`)
		} else {
			mustExec(t, c.db, `CREATE TRIGGER casework_test_break_reps BEFORE INSERT ON representatives BEGIN SELECT RAISE(ABORT, 'test failure'); END`)
		}
		ctx, trace := withTrace(c.police)
		if err := c.db.CreatePerson(ctx, c.testPerson("Gido", 13), g.ID, &ga.Membership{Role: ga.RoleRecruit, Start: "2026-03-01"}); err == nil {
			t.Fatal("CreatePerson succeeded with a failing insert")
		}
		audit, processing := c.traceLines(trace)
		if len(audit) != 0 || len(processing) != 0 {
			t.Errorf("rolled back action wrote audit %+v and processing %+v", audit, processing)
		}
		if ms, _ := c.db.Members(c.police, g.ID); len(ms) != 2 {
			t.Errorf("members = %d, want 2: the person survived the rollback", len(ms))
		}
	})
}

func TestGateClosedForEveryPersonalDataMethod(t *testing.T) {
	c := newCasework(t)
	g, p := c.decidedGroup("Groep Park", c.jeugdhulp)
	it := c.mustItem(c.police, c.testItem(ga.KindPolitie, g, p.ID, "Melding"))
	care := c.mustItem(c.jeugdProf, asSpecial(c.testItem(ga.KindJeugdhulp, g, p.ID, "Zorg")))
	pv, err := c.db.Person(c.police, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.db.RegisterInvolvement(c.coordinator, g.ID, p.ID, c.gemeente.ID, "Nazorg"); err != nil {
		t.Fatal(err)
	}
	// A new partner that has not signed closes the gate (Art 8).
	c.mustPartner(ga.KindWoningcorporatie, "Woonstichting Test")

	methods := map[string]func(ctx context.Context) error{
		"CreatePerson": func(ctx context.Context) error {
			return c.db.CreatePerson(ctx, c.testPerson("Hugo", 17), g.ID, &ga.Membership{Role: ga.RoleCore, Start: "2026-01-01"})
		},
		"AddMembership": func(ctx context.Context) error {
			return c.db.AddMembership(ctx, &ga.Membership{GroupID: g.ID, PersonID: p.ID, Role: ga.RoleCore, Start: "2026-01-01"})
		},
		"EndMembership":  func(ctx context.Context) error { return c.db.EndMembership(ctx, pv.Memberships[0].ID, "2026-03-01") },
		"UpdatePerson":   func(ctx context.Context) error { return c.db.UpdatePerson(ctx, &pv.Person) },
		"Person":         func(ctx context.Context) error { _, err := c.db.Person(ctx, p.ID); return err },
		"Persons":        func(ctx context.Context) error { _, err := c.db.Persons(ctx, storage.PersonFilter{}); return err },
		"Members":        func(ctx context.Context) error { _, err := c.db.Members(ctx, g.ID); return err },
		"CreateItem":     func(ctx context.Context) error { return c.db.CreateItem(ctx, c.testItem(ga.KindPolitie, g, p.ID, "x")) },
		"UpdateItem":     func(ctx context.Context) error { return c.db.UpdateItem(ctx, it) },
		"ShareItem":      func(ctx context.Context) error { return c.db.ShareItem(ctx, care.ID, c.school.ID) },
		"UnshareItem":    func(ctx context.Context) error { return c.db.UnshareItem(ctx, care.ID, c.school.ID) },
		"Item":           func(ctx context.Context) error { _, err := c.db.Item(ctx, it.ID); return err },
		"Items":          func(ctx context.Context) error { _, err := c.db.Items(ctx, storage.ItemFilter{}); return err },
		"CountItems":     func(ctx context.Context) error { _, err := c.db.CountItems(ctx, storage.ItemFilter{}); return err },
		"Involvements":   func(ctx context.Context) error { _, err := c.db.Involvements(ctx, g.ID, p.ID); return err },
		"EndInvolvement": func(ctx context.Context) error { return c.db.EndInvolvement(ctx, g.ID, p.ID, c.gemeente.ID, "reden") },
		"RegisterInvolvement": func(ctx context.Context) error {
			return c.db.RegisterInvolvement(ctx, g.ID, p.ID, c.jeugdhulp.ID, "reden")
		},
		"AddRepresentative": func(ctx context.Context) error {
			return c.db.AddRepresentative(ctx, p.ID, &ga.Representative{Name: "Oom", Relationship: "voogd"})
		},
		"UpdateRepresentative": func(ctx context.Context) error {
			return c.db.UpdateRepresentative(ctx, p.ID, &ga.Representative{ID: storage.NewID(), Name: "Oom", Relationship: "voogd"})
		},
		"RemoveRepresentative": func(ctx context.Context) error { return c.db.RemoveRepresentative(ctx, p.ID, storage.NewID()) },
	}
	for name, call := range methods {
		t.Run(name+" is refused while the gate is closed", func(t *testing.T) {
			for _, ctx := range []context.Context{c.police, c.coordinator, c.jeugdProf} {
				wantKind(t, call(ctx), ga.KindGateClosed)
			}
		})
	}
	t.Run("groups, which hold no personal data of members, stay readable", func(t *testing.T) {
		if _, err := c.db.Group(c.police, g.ID); err != nil {
			t.Fatal(err)
		}
	})
}
