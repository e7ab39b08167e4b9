package storage_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// casework is the fixture of the casework tests: a covenant in force
// between a municipality (the coordinating partner), the police, the
// prosecutor, a school and a youth-care provider, a register entry with a
// DPIA, the police's Wpg art 20 decision, and users of every partner who
// accepted the confidentiality declaration. The clock stands in March 2026.
type casework struct {
	*covenantInForce
	jeugdhulp *ga.Partner
	wpg20     *ga.Wpg20Decision

	// coordinator works for the municipality; police is a police
	// professional; driehoek is a police driehoek member; the others are
	// professionals of their partner.
	coordinator, police, driehoek, omProf, schoolProf, jeugdProf, gemProf context.Context
	admin, auditor                                                        context.Context
}

func newCasework(t *testing.T) *casework {
	t.Helper()
	c := &casework{covenantInForce: newCovenantInForce(t)}
	c.jeugdhulp = c.mustPartner(ga.KindJeugdhulp, "Jeugdhulp Test")
	c.mustSign(c.jeugdhulp)
	c.wpg20 = &ga.Wpg20Decision{Reference: "POL/2026/1", DecidedOn: "2026-01-05", DecidedBy: "Korpschef", Summary: "Verstrekking aan de partners van de groepsaanpak"}
	if err := c.db.RecordWpg20Decision(c.sys, c.wpg20); err != nil {
		t.Fatalf("record Wpg20 decision: %v", err)
	}
	c.coordinator = c.mustDeclared(c.gemeente, ga.RoleCoordinator)
	c.police = c.mustDeclared(c.politie, ga.RoleProfessional)
	c.driehoek = c.mustDeclared(c.politie, ga.RoleDriehoek)
	c.omProf = c.mustDeclared(c.om, ga.RoleProfessional)
	c.schoolProf = c.mustDeclared(c.school, ga.RoleProfessional)
	c.jeugdProf = c.mustDeclared(c.jeugdhulp, ga.RoleProfessional)
	c.gemProf = c.mustDeclared(c.gemeente, ga.RoleProfessional)
	c.admin = c.mustDeclared(c.gemeente, ga.RoleAdmin)
	c.auditor = c.mustDeclared(c.gemeente, ga.RoleAuditor)
	return c
}

// mustDeclared creates a user of partner p with the roles who accepted the
// confidentiality declaration, and returns a context acting as that user.
func (c *casework) mustDeclared(p *ga.Partner, roles ...ga.Role) context.Context {
	c.t.Helper()
	ctx := c.mustUser(p, roles...)
	if err := c.db.AcceptConfidentiality(ctx); err != nil {
		c.t.Fatalf("accept confidentiality: %v", err)
	}
	return ctx
}

// mustGroup creates a group as the police (from the Groepsscan, step
// informatie) with the extra participants.
func (c *casework) mustGroup(name string, participants ...*ga.Partner) *ga.Group {
	c.t.Helper()
	g := &ga.Group{Name: name, Area: "Centrum", Form: ga.FormGroup, Step: ga.StepInformation}
	if err := c.db.CreateGroup(c.police, g); err != nil {
		c.t.Fatalf("create group %s: %v", name, err)
	}
	for _, p := range participants {
		if err := c.db.AddParticipant(c.coordinator, g.ID, p.ID); err != nil {
			c.t.Fatalf("add participant %s: %v", p.Name, err)
		}
	}
	return g
}

// mustMove moves the group on as the coordinator.
func (c *casework) mustMove(g *ga.Group, to ga.Step) {
	c.t.Helper()
	if _, err := c.db.MoveGroup(c.coordinator, g.ID, to, "Volgende stap in het werkproces"); err != nil {
		c.t.Fatalf("move group %s to %s: %v", g.Name, to, err)
	}
}

// mustReachDecision takes the group from informatie to besluit.
func (c *casework) mustReachDecision(g *ga.Group) {
	c.t.Helper()
	if _, err := c.db.AnswerProblematic(c.coordinator, g.ID, true, "Overlast en strafbare feiten"); err != nil {
		c.t.Fatalf("answer 2A: %v", err)
	}
	c.mustMove(g, ga.StepPicture)
	c.mustMove(g, ga.StepDecision)
}

// mustDecide records the driehoek's decision for a group in step besluit
// and, when the approach starts, moves it on to plan.
func (c *casework) mustDecide(g *ga.Group, starts, exchange bool) {
	c.t.Helper()
	d := ga.TriangleDecision{DecidedOn: ga.DateOf(c.clock.Now()), Present: []string{"Burgemeester", "Officier van justitie", "Teamchef politie"},
		ApproachStarts: starts, ExchangeAuthorised: exchange, Motivation: "Ernstige overlast in de wijk"}
	if _, err := c.db.RecordDecision(c.driehoek, g.ID, d); err != nil {
		c.t.Fatalf("record decision: %v", err)
	}
	if starts {
		c.mustMove(g, ga.StepPlan)
	}
}

// testPerson returns a person of the given age on the fixture's clock, with
// a legal representative when under 16.
func (c *casework) testPerson(name string, age int) *ga.Person {
	dob := c.clock.Now().AddDate(-age, -1, 0)
	p := &ga.Person{Name: name, DateOfBirth: ga.DateOf(dob), Address: "Dorpsstraat 1, Teststad"}
	if age < 16 {
		p.Representatives = []ga.Representative{{Name: "Ouder van " + name, Relationship: "moeder", Address: "Dorpsstraat 1, Teststad"}}
	}
	return p
}

// mustPerson registers a person of the given age into the group as ctx.
func (c *casework) mustPerson(ctx context.Context, g *ga.Group, name string, age int) *ga.Person {
	c.t.Helper()
	p := c.testPerson(name, age)
	m := &ga.Membership{Role: ga.RoleCore, Start: "2026-01-15"}
	if err := c.db.CreatePerson(ctx, p, g.ID, m); err != nil {
		c.t.Fatalf("create person %s: %v", name, err)
	}
	return p
}

// testItem returns a valid item for the group (and person, when not
// empty) as contributed by a partner of kind kind.
func (c *casework) testItem(kind ga.PartnerKind, g *ga.Group, personID, content string) *ga.Item {
	it := &ga.Item{GroupID: g.ID, PersonID: personID, Category: "Signaal", LegalGround: "Convenant art. 3",
		Content: content, ConcernsDate: "2026-02-20"}
	if kind == ga.KindPolitie {
		it.Wpg20DecisionID = c.wpg20.ID
	}
	return it
}

// mustItem records an item as ctx.
func (c *casework) mustItem(ctx context.Context, it *ga.Item) *ga.Item {
	c.t.Helper()
	if err := c.db.CreateItem(ctx, it); err != nil {
		c.t.Fatalf("create item %q: %v", it.Content, err)
	}
	return it
}

func TestGroupSteps(t *testing.T) {
	c := newCasework(t)

	t.Run("the police create a group from the Groepsscan; police and coordinating partner take part", func(t *testing.T) {
		g := &ga.Group{Name: "Jongeren Stationsplein", Area: "Centrum", Form: ga.FormGroup, Step: ga.StepInformation}
		if err := c.db.CreateGroup(c.police, g); err != nil {
			t.Fatal(err)
		}
		want := []string{c.gemeente.ID, c.politie.ID}
		slices.Sort(want)
		got, err := c.db.Group(c.coordinator, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Step != ga.StepInformation || !slices.Equal(got.Participants, want) || got.CreatedBy != c.politie.ID {
			t.Fatalf("group = %+v, want step informatie with participants %v", got, want)
		}
	})

	t.Run("a school professional may not create a group", func(t *testing.T) {
		err := c.db.CreateGroup(c.schoolProf, &ga.Group{Name: "X", Area: "Y", Form: ga.FormGroup})
		wantKind(t, err, ga.KindForbidden)
	})

	t.Run("an admin may not create a group", func(t *testing.T) {
		err := c.db.CreateGroup(c.admin, &ga.Group{Name: "X", Area: "Y", Form: ga.FormGroup})
		wantKind(t, err, ga.KindForbidden)
	})

	t.Run("a group cannot start later than step informatie", func(t *testing.T) {
		err := c.db.CreateGroup(c.coordinator, &ga.Group{Name: "X", Area: "Y", Form: ga.FormGroup, Step: ga.StepPlan})
		wantKind(t, err, ga.KindInvalid)
		if got := detailNames(err); !slices.Equal(got, []string{"stap"}) {
			t.Errorf("details = %v", got)
		}
	})

	g := &ga.Group{Name: "Groep Noord", Area: "Noord", Form: ga.FormNetwork}
	if err := c.db.CreateGroup(c.coordinator, g); err != nil {
		t.Fatal(err)
	}
	if g.Step != ga.StepSignals {
		t.Fatalf("new group in step %s, want signalen", g.Step)
	}
	if err := c.db.AddParticipant(c.coordinator, g.ID, c.politie.ID); err != nil {
		t.Fatal(err)
	}

	t.Run("out-of-order steps are refused with a clear message", func(t *testing.T) {
		_, err := c.db.MoveGroup(c.coordinator, g.ID, ga.StepPicture, "overslaan")
		wantKind(t, err, ga.KindConflict)
		if !strings.Contains(err.Error(), "alleen naar") {
			t.Errorf("message %q does not say where the group may go", err)
		}
	})
	t.Run("a professional may not move steps", func(t *testing.T) {
		_, err := c.db.MoveGroup(c.police, g.ID, ga.StepInformation, "reden")
		wantKind(t, err, ga.KindForbidden)
	})
	t.Run("a step needs a reason", func(t *testing.T) {
		_, err := c.db.MoveGroup(c.coordinator, g.ID, ga.StepInformation, " ")
		wantKind(t, err, ga.KindInvalid)
	})
	c.clock.Advance(time.Hour)
	c.mustMove(g, ga.StepInformation)

	t.Run("beeld needs question 2A answered", func(t *testing.T) {
		_, err := c.db.MoveGroup(c.coordinator, g.ID, ga.StepPicture, "reden")
		wantKind(t, err, ga.KindConflict)
	})
	t.Run("question 2A is the coordinator's", func(t *testing.T) {
		_, err := c.db.AnswerProblematic(c.police, g.ID, true, "reden")
		wantKind(t, err, ga.KindForbidden)
	})
	t.Run("question 2A needs a reason", func(t *testing.T) {
		_, err := c.db.AnswerProblematic(c.coordinator, g.ID, true, "")
		wantKind(t, err, ga.KindInvalid)
	})
	c.clock.Advance(time.Hour)
	if _, err := c.db.AnswerProblematic(c.coordinator, g.ID, true, "Geweld en intimidatie"); err != nil {
		t.Fatal(err)
	}
	c.clock.Advance(time.Hour)
	c.mustMove(g, ga.StepPicture)

	t.Run("the decision is recorded in step besluit only", func(t *testing.T) {
		_, err := c.db.RecordDecision(c.driehoek, g.ID, ga.TriangleDecision{DecidedOn: "2026-03-02", Present: []string{"a"}, ApproachStarts: true, Motivation: "m"})
		wantKind(t, err, ga.KindConflict)
	})
	c.mustMove(g, ga.StepDecision)
	t.Run("the coordinator does not record the driehoek's decision", func(t *testing.T) {
		_, err := c.db.RecordDecision(c.coordinator, g.ID, ga.TriangleDecision{DecidedOn: "2026-03-02", Present: []string{"a"}, ApproachStarts: true, Motivation: "m"})
		wantKind(t, err, ga.KindForbidden)
	})
	t.Run("plan needs the decision", func(t *testing.T) {
		_, err := c.db.MoveGroup(c.coordinator, g.ID, ga.StepPlan, "reden")
		wantKind(t, err, ga.KindConflict)
	})
	t.Run("an invalid decision names its fields", func(t *testing.T) {
		_, err := c.db.RecordDecision(c.driehoek, g.ID, ga.TriangleDecision{})
		wantKind(t, err, ga.KindInvalid)
	})
	c.mustDecide(g, true, true)
	t.Run("the decision is recorded once", func(t *testing.T) {
		got, err := c.db.Group(c.coordinator, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Decision == nil || !got.Decision.ExchangeAuthorised || len(got.Decision.Present) != 3 || got.Decision.RecordedBy == "" {
			t.Fatalf("decision = %+v", got.Decision)
		}
	})
	t.Run("uitvoering needs the adopted plan", func(t *testing.T) {
		_, err := c.db.MoveGroup(c.coordinator, g.ID, ga.StepExecution, "reden")
		wantKind(t, err, ga.KindConflict)
	})
	mustExec(t, c.db, `INSERT INTO plans (group_id, analysis, goals, adopted_on, adopted_by, adopted_at, updated_by, updated_at)
		VALUES ($1, 'analyse', 'doelen', '2026-03-02', 'u', $2, 'u', $2)`, g.ID, c.clock.Now())
	c.mustMove(g, ga.StepExecution)

	t.Run("closing records reason and evaluation", func(t *testing.T) {
		c.clock.Advance(time.Hour)
		closed, err := c.db.CloseGroup(c.coordinator, g.ID, "Groep uiteengevallen", "Doelen bereikt")
		if err != nil {
			t.Fatal(err)
		}
		if closed.Step != ga.StepClosed || closed.ClosedAt == nil || !closed.ClosedAt.Equal(c.clock.Now()) || closed.Evaluation != "Doelen bereikt" {
			t.Fatalf("closed group = %+v", closed)
		}
		_, err = c.db.MoveGroup(c.coordinator, g.ID, ga.StepClosed, "nogmaals")
		wantKind(t, err, ga.KindConflict)
	})

	t.Run("every transition is recorded with who, when and why", func(t *testing.T) {
		ts, err := c.db.Transitions(c.coordinator, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		var steps []string
		for _, tr := range ts {
			if tr.UserID == "" || tr.PartnerID != c.gemeente.ID || tr.At.IsZero() || tr.Reason == "" {
				t.Errorf("transition %+v lacks who, when or why", tr)
			}
			steps = append(steps, string(tr.From)+">"+string(tr.To))
		}
		want := []string{">signalen", "signalen>informatie", "informatie>informatie", "informatie>beeld", "beeld>besluit",
			"besluit>plan", "plan>uitvoering", "uitvoering>afgesloten"}
		if !slices.Equal(steps, want) {
			t.Fatalf("transitions = %v, want %v", steps, want)
		}
		if !strings.Contains(ts[2].Reason, "2A") {
			t.Errorf("the answer to 2A is not in the history: %q", ts[2].Reason)
		}
	})
}

func TestGroupVisibility(t *testing.T) {
	c := newCasework(t)
	g := c.mustGroup("Groep Zuid")
	other := c.mustDeclared(c.school, ga.RoleCoordinator)

	t.Run("participants and every coordinator see the group", func(t *testing.T) {
		for name, ctx := range map[string]context.Context{"police": c.police, "municipal professional": c.gemProf, "coordinator": c.coordinator, "school coordinator": other} {
			if _, err := c.db.Group(ctx, g.ID); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	})
	t.Run("a non-participant, an admin and an auditor get not found, as for an unknown id", func(t *testing.T) {
		_, unknown := c.db.Group(c.schoolProf, storage.NewID())
		wantKind(t, unknown, ga.KindNotFound)
		for name, ctx := range map[string]context.Context{"school": c.schoolProf, "admin": c.admin, "auditor": c.auditor} {
			_, err := c.db.Group(ctx, g.ID)
			if err == nil || err.Error() != unknown.Error() {
				t.Errorf("%s: %v, want %v", name, err, unknown)
			}
		}
		c.wantAudit(t, "group_read", g.ID, ga.ResultDenied, 3)
	})
	t.Run("lists show only visible groups and refuse admins explicitly", func(t *testing.T) {
		list, err := c.db.Groups(c.schoolProf)
		if err != nil || len(list) != 0 {
			t.Fatalf("school sees %v, %v", list, err)
		}
		list, err = c.db.Groups(c.police)
		if err != nil || len(list) != 1 || list[0].ID != g.ID || len(list[0].Participants) != 2 {
			t.Fatalf("police sees %+v, %v", list, err)
		}
		_, err = c.db.Groups(c.admin)
		wantKind(t, err, ga.KindForbidden)
	})
	t.Run("participants are managed by the coordinator", func(t *testing.T) {
		wantKind(t, c.db.AddParticipant(c.police, g.ID, c.school.ID), ga.KindForbidden)
		wantKind(t, c.db.AddParticipant(c.schoolProf, g.ID, c.school.ID), ga.KindNotFound)
		wantKind(t, c.db.AddParticipant(c.coordinator, g.ID, storage.NewID()), ga.KindInvalid)
		if err := c.db.AddParticipant(c.coordinator, g.ID, c.school.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := c.db.Group(c.schoolProf, g.ID); err != nil {
			t.Fatalf("school after joining: %v", err)
		}
		wantKind(t, c.db.RemoveParticipant(c.coordinator, g.ID, c.gemeente.ID), ga.KindConflict)
		if err := c.db.RemoveParticipant(c.coordinator, g.ID, c.school.ID); err != nil {
			t.Fatal(err)
		}
		_, err := c.db.Group(c.schoolProf, g.ID)
		wantKind(t, err, ga.KindNotFound)
	})
}

func TestUpdateGroup(t *testing.T) {
	c := newCasework(t)
	g := c.mustGroup("Groep Oost")
	tests := []struct {
		name   string
		ctx    context.Context
		change ga.Group
		want   ga.Kind // KindInternal: allowed
	}{
		{"the coordinator renames the group", c.coordinator, ga.Group{ID: g.ID, Name: "Groep Oost (Plein)", Area: "Oost", Form: ga.FormNetwork}, ga.KindInternal},
		{"a participating professional may not", c.police, ga.Group{ID: g.ID, Name: "X", Area: "Oost", Form: ga.FormGroup}, ga.KindForbidden},
		{"a non-participant gets not found", c.schoolProf, ga.Group{ID: g.ID, Name: "X", Area: "Oost", Form: ga.FormGroup}, ga.KindNotFound},
		{"an unknown id gets not found", c.coordinator, ga.Group{ID: storage.NewID(), Name: "X", Area: "Oost", Form: ga.FormGroup}, ga.KindNotFound},
		{"a name is required", c.coordinator, ga.Group{ID: g.ID, Name: " ", Area: "Oost", Form: ga.FormGroup}, ga.KindInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			upd := tt.change
			err := c.db.UpdateGroup(tt.ctx, &upd)
			if tt.want == ga.KindInternal {
				if err != nil {
					t.Fatal(err)
				}
				got, err := c.db.Group(c.coordinator, g.ID)
				if err != nil || got.Name != tt.change.Name || got.Form != tt.change.Form || got.Step != g.Step {
					t.Fatalf("after update: %+v, %v", got, err)
				}
				return
			}
			wantKind(t, err, tt.want)
		})
	}
}
