package web

import (
	"context"
	"slices"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// caseworld is an installation for the casework pages: the covenant in
// force between the municipality (the coordinating partner), the police,
// the prosecutor and a school, the police's Wpg art 20 decision, and users
// of every partner who accepted the confidentiality declaration. Under the
// terms only the municipality receives special items and only police and
// prosecutor receive criminal items.
type caseworld struct {
	*fixture
	school ga.Partner
	wpg20  *ga.Wpg20Decision

	agent   *testUser // politie, professional: draws up the name list
	teacher *testUser // school, professional
}

func newCaseworld(t testing.TB) *caseworld {
	t.Helper()
	w := &caseworld{fixture: newFixture(t)}
	school := &ga.Partner{Name: "Stedelijk College Utrecht", Kind: ga.KindSchool, PublicTasks: "Onderwijs.",
		LegalGrounds: "Wet op het voortgezet onderwijs.", ComplaintsCommittee: "Klachtencommissie onderwijs", DataProtectionOfficer: "FG Stedelijk College"}
	if err := w.db.CreatePartner(system(), school); err != nil {
		t.Fatalf("create school: %v", err)
	}
	w.school = *school
	w.openGate()
	w.sign(w.school)
	w.wpg20 = &ga.Wpg20Decision{Reference: "WPG20-2026-3", DecidedOn: "2026-11-01", DecidedBy: "De korpschef",
		Summary: "Politiegegevens over groepsleden aan de convenantpartners."}
	if err := w.db.RecordWpg20Decision(w.actorCtx(w.police), w.wpg20); err != nil {
		t.Fatalf("record Wpg20 decision: %v", err)
	}
	w.agent = w.user("wijkagent@politie.example", "Wim Wijkagent", w.politie.ID, true, ga.RoleProfessional)
	w.teacher = w.user("zorgcoordinator@school.example", "Sanne School", w.school.ID, true, ga.RoleProfessional)
	for _, u := range []*testUser{w.coordinator, w.police, w.prosecutor, w.prof, w.agent, w.teacher} {
		w.declare(u)
	}
	return w
}

// declare accepts the confidentiality declaration of Art 5.1 for u.
func (w *caseworld) declare(u *testUser) {
	w.t.Helper()
	if err := w.db.AcceptConfidentiality(w.actorCtx(u)); err != nil {
		w.t.Fatalf("accept confidentiality for %s: %v", u.Email, err)
	}
}

// as is the context of u acting through storage directly.
func (w *caseworld) as(u *testUser) context.Context { return w.actorCtx(u) }

// group records a group approach as the coordinator with police,
// prosecutor and school taking part, moved on to step to: through
// informatie with question 2A answered "problematic", and to plan with
// the prosecutor's decision that the approach starts and exchange is
// authorised.
func (w *caseworld) group(name string, to ga.Step) *ga.Group {
	w.t.Helper()
	coord := w.as(w.coordinator)
	g := &ga.Group{Name: name, Area: "Kanaleneiland", Form: ga.FormGroup}
	if err := w.db.CreateGroup(coord, g); err != nil {
		w.t.Fatalf("create group: %v", err)
	}
	for _, p := range []ga.Partner{w.politie, w.om, w.school} {
		if err := w.db.AddParticipant(coord, g.ID, p.ID); err != nil {
			w.t.Fatalf("add participant: %v", err)
		}
	}
	for _, st := range ga.Steps[1:] {
		if slices.Index(ga.Steps, g.Step) >= slices.Index(ga.Steps, to) {
			break
		}
		w.advance(g, st)
	}
	return g
}

// advance takes group g one step on to st, answering question 2A and
// recording the decision where the step needs them.
func (w *caseworld) advance(g *ga.Group, st ga.Step) {
	w.t.Helper()
	coord := w.as(w.coordinator)
	switch st {
	case ga.StepPicture:
		if _, err := w.db.AnswerProblematic(coord, g.ID, true, "Overlast en vernielingen rond het winkelcentrum."); err != nil {
			w.t.Fatalf("answer 2A: %v", err)
		}
	case ga.StepPlan:
		w.decide(g)
	case ga.StepExecution:
		if err := w.db.SavePlan(coord, &ga.Plan{GroupID: g.ID, Analysis: "Kern van vier jongeren.", Goals: "Overlast terugdringen."}); err != nil {
			w.t.Fatalf("save plan: %v", err)
		}
		if _, err := w.db.AdoptPlan(w.as(w.police), g.ID, ga.DateOf(w.clock.Now())); err != nil {
			w.t.Fatalf("adopt plan: %v", err)
		}
	}
	moved, err := w.db.MoveGroup(coord, g.ID, st, "Volgende stap in het werkproces.")
	if err != nil {
		w.t.Fatalf("move to %s: %v", st, err)
	}
	*g = *moved
}

// decide records the prosecutor's decision that the approach starts and
// that personal data may be exchanged.
func (w *caseworld) decide(g *ga.Group) {
	w.t.Helper()
	d := ga.TriangleDecision{DecidedOn: ga.DateOf(w.clock.Now()), Present: []string{"Burgemeester", "Officier van justitie", "Teamchef politie"},
		ApproachStarts: true, ExchangeAuthorised: true, Motivation: "Ernstige overlast in de wijk."}
	if _, err := w.db.RecordDecision(w.as(w.prosecutor), g.ID, d); err != nil {
		w.t.Fatalf("record decision: %v", err)
	}
}

// person records a member of g as the police, aged age, with a legal
// representative when under 16.
func (w *caseworld) person(g *ga.Group, name string, age int, role ga.MembershipRole, start ga.Date) *ga.Person {
	w.t.Helper()
	p := &ga.Person{Name: name, DateOfBirth: ga.DateOf(w.clock.Now().AddDate(-age, -2, 0)), Address: "Kanaleneiland 1, Utrecht"}
	if age < 16 {
		p.Representatives = []ga.Representative{{Name: "Ouder van " + name, Relationship: "moeder", Address: "Kanaleneiland 1, Utrecht"}}
	}
	if err := w.db.CreatePerson(w.as(w.agent), p, g.ID, &ga.Membership{Role: role, Start: start}); err != nil {
		w.t.Fatalf("create person %s: %v", name, err)
	}
	return p
}

// policeItem records a criminal police item about person p (or about the
// group when p is nil).
func (w *caseworld) policeItem(g *ga.Group, p *ga.Person, content string) *ga.Item {
	w.t.Helper()
	it := &ga.Item{GroupID: g.ID, Category: "Strafbaar feit", Criminal: true, LegalGround: "Wet politiegegevens artikel 20.",
		Wpg20DecisionID: w.wpg20.ID, Necessity: "Nodig voor het integrale beeld.", Content: content, ConcernsDate: "2026-11-20"}
	if p != nil {
		it.PersonID = p.ID
	}
	if err := w.db.CreateItem(w.as(w.agent), it); err != nil {
		w.t.Fatalf("create item: %v", err)
	}
	return it
}
