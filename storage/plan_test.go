package storage_test

import (
	"context"
	"maps"
	"slices"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// planWorld is the fixture of the plan, measure, meeting and monitoring
// tests, built on the casework fixture: group "De Pleinjongens", put on a
// name list by the police (three members) and whose driehoek authorised the
// exchange of personal data, so that it stands in step plan, with the
// police, the OM, jeugdhulp and the school taking part. A woningcorporatie
// signed the covenant but takes no part in the approach; its coordinator
// sees the group (every coordinator does) but not its members. The clock
// stands on 2 March 2026 while the world is built.
type planWorld struct {
	*casework
	woning *ga.Partner
	// housing is a professional of the woningcorporatie, outsideCoordinator
	// a coordinator working for it; both accepted the confidentiality
	// declaration.
	housing, outsideCoordinator context.Context

	terms ga.CovenantTerms
	group *ga.Group
	// p1 (kern since September 2025), p2 (meeloper since mid-November
	// 2025) and p3 (aanwas since 10 February 2026), all registered by the
	// police.
	p1, p2, p3 *ga.Person
}

func newPlanWorld(t *testing.T) *planWorld {
	t.Helper()
	w := &planWorld{casework: newCasework(t)}
	w.woning = w.mustPartner(ga.KindWoningcorporatie, "Woonstichting Test")
	w.mustSign(w.woning)
	w.housing = w.mustDeclared(w.woning, ga.RoleProfessional)
	w.outsideCoordinator = w.mustDeclared(w.woning, ga.RoleCoordinator)
	c, err := w.db.Covenant(w.sys)
	if err != nil {
		t.Fatalf("read covenant: %v", err)
	}
	w.terms = c.Terms

	w.group = w.mustGroup("De Pleinjongens", w.om, w.jeugdhulp, w.school)
	w.p1 = w.mustMember(w.police, w.group, "Kees Kern", ga.RoleCore, "2025-09-01")
	w.p2 = w.mustMember(w.police, w.group, "Mo Meeloper", ga.RoleFollower, "2025-11-15")
	w.p3 = w.mustMember(w.police, w.group, "Ali Aanwas", ga.RoleRecruit, "2026-02-10")
	w.mustReachDecision(w.group)
	w.mustDecide(w.group, true, true)
	w.mustReload(w.group)
	return w
}

// mustProblematicGroup records a group with the partners taking part and
// answers question 2A "problematic", leaving it in step informatie.
func (w *planWorld) mustProblematicGroup(name string, participants ...*ga.Partner) *ga.Group {
	w.t.Helper()
	g := w.mustGroup(name, participants...)
	if _, err := w.db.AnswerProblematic(w.coordinator, g.ID, true, "Overlast en intimidatie op het plein"); err != nil {
		w.t.Fatalf("answer 2A: %v", err)
	}
	return w.mustReload(g)
}

// mustMoveTo moves the group forward step by step up to step to.
func (w *planWorld) mustMoveTo(g *ga.Group, to ga.Step) {
	w.t.Helper()
	for g.Step != to {
		w.mustMove(g, ga.Steps[slices.Index(ga.Steps, g.Step)+1])
		w.mustReload(g)
	}
}

// mustReload reads the group again as the coordinator.
func (w *planWorld) mustReload(g *ga.Group) *ga.Group {
	w.t.Helper()
	got, err := w.db.Group(w.coordinator, g.ID)
	if err != nil {
		w.t.Fatalf("reload group: %v", err)
	}
	*g = *got
	return g
}

// mustMember registers a person of 17 into the group as ctx, with a
// membership of the role from start.
func (w *planWorld) mustMember(ctx context.Context, g *ga.Group, name string, role ga.MembershipRole, start ga.Date) *ga.Person {
	w.t.Helper()
	p := w.testPerson(name, 17)
	m := &ga.Membership{Role: role, Start: start}
	if err := w.db.CreatePerson(ctx, p, g.ID, m); err != nil {
		w.t.Fatalf("create person %s: %v", name, err)
	}
	return p
}

// mustSignal records an item by the user of ctx about the person (nil: about
// the group), special and criminal as told.
func (w *planWorld) mustSignal(ctx context.Context, g *ga.Group, person *ga.Person, special, criminal bool, content string) *ga.Item {
	w.t.Helper()
	personID := ""
	if person != nil {
		personID = person.ID
	}
	it := w.testItem(ga.ActorFrom(ctx).PartnerKind, g, personID, content)
	it.Special, it.Criminal = special, criminal
	if special || criminal {
		it.Necessity = "Nodig voor het integrale beeld"
	}
	return w.mustItem(ctx, it)
}

// pseudonymOf returns the person's pseudonym in the processing log, read
// past the storage layer so that reading it logs nothing.
func (w *planWorld) pseudonymOf(p *ga.Person) string {
	w.t.Helper()
	var ps string
	if err := w.db.SQL().QueryRow(`SELECT pseudonym FROM persons WHERE id = $1`, p.ID).Scan(&ps); err != nil {
		w.t.Fatalf("read pseudonym: %v", err)
	}
	return ps
}

// traced returns ctx with a fresh trace, so that the log lines of one call
// can be selected by its trace id.
func traced(ctx context.Context) (context.Context, string) {
	tr := storage.NewTrace()
	return ga.WithTrace(ctx, tr), tr.TraceID
}

// traceLines returns the processing-log lines of one trace as a
// multiset "name pseudonym" → count, each checked to refer to a register
// entry version.
func (w *planWorld) traceLines(t *testing.T, traceID string) map[string]int {
	t.Helper()
	entries, err := w.db.ProcessingEntries(w.sys, storage.ProcessingFilter{TraceID: traceID, Limit: storage.MaxLogPage})
	if err != nil {
		t.Fatalf("read processing log: %v", err)
	}
	out := map[string]int{}
	for _, e := range entries {
		if e.ProcessingActivityID == "" || e.DataSubjectIDType != "pseudoniem" {
			t.Errorf("processing line %+v lacks its register entry or identifier type", e.ProcessingRecord)
		}
		out[e.Name+" "+e.DataSubjectID]++
	}
	return out
}

// auditCount counts the audit lines of one trace.
func (w *planWorld) auditCount(t *testing.T, traceID string) int {
	t.Helper()
	entries, err := w.db.AuditEntries(w.sys, storage.AuditFilter{TraceID: traceID, Limit: storage.MaxLogPage})
	if err != nil {
		t.Fatalf("read audit log: %v", err)
	}
	return len(entries)
}

// wantLines fails unless the processing lines of the trace are exactly one
// line named name per pseudonym.
func (w *planWorld) wantLines(t *testing.T, traceID, name string, pseudonyms ...string) {
	t.Helper()
	want := map[string]int{}
	for _, ps := range pseudonyms {
		want[name+" "+ps] = 1
	}
	got := w.traceLines(t, traceID)
	if !maps.Equal(got, want) {
		t.Errorf("processing lines = %v, want %v", got, want)
	}
}

// ok stands for "no error" in tables of error kinds.
const ok ga.Kind = 255

func TestPlanAdoptionOnlyByDriehoekInStepPlan(t *testing.T) {
	w := newPlanWorld(t)
	draft := &ga.Plan{GroupID: w.group.ID, Analysis: "Kern van drie jongens rond het plein", Goals: "Overlast halveren binnen een jaar"}
	if err := w.db.SavePlan(w.coordinator, draft); err != nil {
		t.Fatalf("save plan: %v", err)
	}

	t.Run("only the coordinator records the plan", func(t *testing.T) {
		wantKind(t, w.db.SavePlan(w.police, &ga.Plan{GroupID: w.group.ID, Analysis: "x", Goals: "y"}), ga.KindForbidden)
		wantKind(t, w.db.SavePlan(w.coordinator, &ga.Plan{GroupID: w.group.ID}), ga.KindInvalid)
	})
	t.Run("a partner outside the approach does not find the plan", func(t *testing.T) {
		_, err := w.db.Plan(w.housing, w.group.ID)
		wantKind(t, err, ga.KindNotFound)
		_, err = w.db.Plan(w.housing, "onbekend")
		wantKind(t, err, ga.KindNotFound)
	})
	t.Run("admins see no plan", func(t *testing.T) {
		_, err := w.db.Plan(w.admin, w.group.ID)
		wantKind(t, err, ga.KindForbidden)
	})
	t.Run("the coordinator may not adopt", func(t *testing.T) {
		_, err := w.db.AdoptPlan(w.coordinator, w.group.ID, "2026-03-02")
		wantKind(t, err, ga.KindForbidden)
	})
	t.Run("no adoption on a future date", func(t *testing.T) {
		_, err := w.db.AdoptPlan(w.driehoek, w.group.ID, "2026-03-03")
		wantKind(t, err, ga.KindInvalid)
	})
	t.Run("no uitvoering before adoption", func(t *testing.T) {
		_, err := w.db.MoveGroup(w.coordinator, w.group.ID, ga.StepExecution, "Start uitvoering")
		wantKind(t, err, ga.KindConflict)
	})
	t.Run("the driehoek adopts in step plan, recorded with who and when", func(t *testing.T) {
		ctx, trace := traced(w.driehoek)
		p, err := w.db.AdoptPlan(ctx, w.group.ID, "2026-03-02")
		if err != nil {
			t.Fatalf("adopt: %v", err)
		}
		if p.AdoptedOn != "2026-03-02" || p.AdoptedBy != ga.ActorFrom(w.driehoek).UserID || p.AdoptedAt == nil || !p.AdoptedAt.Equal(fixtureStart) {
			t.Errorf("adoption = %q by %q at %v", p.AdoptedOn, p.AdoptedBy, p.AdoptedAt)
		}
		stored, err := w.db.Plan(w.schoolProf, w.group.ID)
		if err != nil || stored.AdoptedOn != "2026-03-02" || stored.AdoptedBy != p.AdoptedBy || stored.Analysis != draft.Analysis {
			t.Errorf("stored plan = %+v, %v", stored, err)
		}
		w.wantLines(t, trace, "")
		if n := w.auditCount(t, trace); n != 1 {
			t.Errorf("audit lines of the adoption = %d, want 1", n)
		}
	})
	t.Run("a plan is adopted once", func(t *testing.T) {
		_, err := w.db.AdoptPlan(w.driehoek, w.group.ID, "2026-03-02")
		wantKind(t, err, ga.KindConflict)
	})
	t.Run("changing an adopted plan in step plan withdraws the adoption", func(t *testing.T) {
		changed := *draft
		changed.Goals = "Overlast halveren binnen zes maanden"
		if err := w.db.SavePlan(w.coordinator, &changed); err != nil {
			t.Fatalf("save: %v", err)
		}
		if changed.Adopted() {
			t.Errorf("changed plan still adopted on %s", changed.AdoptedOn)
		}
		if _, err := w.db.AdoptPlan(w.driehoek, w.group.ID, "2026-03-02"); err != nil {
			t.Fatalf("adopt again: %v", err)
		}
	})
	t.Run("in step uitvoering the plan is adjusted under its adoption, and no longer adopted", func(t *testing.T) {
		w.mustMoveTo(w.group, ga.StepExecution)
		adjusted := *draft
		adjusted.Analysis = "Kern van drie; aanwas neemt toe"
		if err := w.db.SavePlan(w.coordinator, &adjusted); err != nil {
			t.Fatalf("save: %v", err)
		}
		if adjusted.AdoptedOn != "2026-03-02" {
			t.Errorf("adjusted plan lost its adoption: %+v", adjusted)
		}
		_, err := w.db.AdoptPlan(w.driehoek, w.group.ID, "2026-03-02")
		wantKind(t, err, ga.KindConflict)
	})
	t.Run("refusals are audited", func(t *testing.T) {
		w.wantAudit(t, "plan_adopt", w.group.ID, ga.ResultDenied, 1)
		w.wantAudit(t, "plan_adopt", w.group.ID, ga.ResultFailed, 3)
		w.wantAudit(t, "plan_adopt", w.group.ID, ga.ResultSuccess, 2)
	})
}

func TestPlanOnlyInStepsBeeldPlanUitvoering(t *testing.T) {
	w := newPlanWorld(t)
	early := w.mustProblematicGroup("Vroege groep", w.om)
	plan := &ga.Plan{GroupID: early.ID, Analysis: "Nog onduidelijk", Goals: "Beeld vormen"}
	wantKind(t, w.db.SavePlan(w.coordinator, plan), ga.KindConflict)
	w.mustMoveTo(early, ga.StepPicture)
	if err := w.db.SavePlan(w.coordinator, plan); err != nil {
		t.Fatalf("draft plan in step beeld: %v", err)
	}
	_, err := w.db.AdoptPlan(w.driehoek, early.ID, "2026-03-02")
	wantKind(t, err, ga.KindConflict)
	if _, err := w.db.CloseGroup(w.coordinator, early.ID, "Geen groepsaanpak nodig", "Signalen namen af"); err != nil {
		t.Fatalf("close: %v", err)
	}
	wantKind(t, w.db.SavePlan(w.coordinator, plan), ga.KindConflict)
}
