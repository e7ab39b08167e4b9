package groepsaanpak_test

import (
	"slices"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// planNow is the instant of the plan and meeting tests: 1 June 2026.
var planNow = time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)

func actor(partnerID string, kind ga.PartnerKind, roles ...ga.Role) *ga.Actor {
	return &ga.Actor{UserID: "u-" + partnerID, PartnerID: partnerID, PartnerKind: kind, Roles: roles, DeclaredVersion: 1}
}

// decidedGroup is a group in the given step whose driehoek authorised the
// exchange of members' personal data, with gemeente, politie and jeugdhulp
// taking part.
func decidedGroup(step ga.Step) ga.Group {
	return ga.Group{
		ID: "g1", Step: step, Participants: []string{"p-gem", "p-pol", "p-jh"},
		Decision: &ga.TriangleDecision{DecidedOn: "2026-03-01", ApproachStarts: true, ExchangeAuthorised: true},
	}
}

// ok stands for "no error" in tables of error kinds.
const ok ga.Kind = 255

// errKind is the kind of err, or ok for nil.
func errKind(err error) ga.Kind {
	if err == nil {
		return ok
	}
	return ga.KindOf(err)
}

func TestPlanValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		plan ga.Plan
		want []string
	}{
		{"complete plan is valid", ga.Plan{Analysis: "Groep van tien", Goals: "Overlast halveren"}, nil},
		{"analysis and goals are required", ga.Plan{Analysis: " ", Goals: ""}, []string{"analyse", "doelen"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := invalidFields(tc.plan.Validate()); !slices.Equal(got, tc.want) {
				t.Errorf("invalid fields = %v, want %v", got, tc.want)
			}
		})
	}
}

// invalidFields returns the names of the details of a KindInvalid error,
// sorted and without duplicates.
func invalidFields(err error) []string {
	if err == nil {
		return nil
	}
	e, _ := err.(*ga.Error)
	if e == nil || e.Kind != ga.KindInvalid {
		return []string{"(not invalid: " + err.Error() + ")"}
	}
	var names []string
	for _, d := range e.Details {
		names = append(names, d.Name)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

func TestPlanIsEditedByTheCoordinatorInStepsBeeldPlanUitvoering(t *testing.T) {
	coordinator := actor("p-gem", ga.KindGemeente, ga.RoleCoordinator)
	professional := actor("p-jh", ga.KindJeugdhulp, ga.RoleProfessional)
	for _, step := range ga.Steps {
		for _, tc := range []struct {
			who  string
			a    *ga.Actor
			want ga.Kind
		}{
			{"coordinator", coordinator, ok},
			{"professional", professional, ga.KindForbidden},
		} {
			want := tc.want
			if want == ok && step != ga.StepPicture && step != ga.StepPlan && step != ga.StepExecution {
				want = ga.KindConflict
			}
			t.Run(tc.who+" in step "+string(step), func(t *testing.T) {
				if got := errKind(ga.CanEditPlan(tc.a, decidedGroup(step))); got != want {
					t.Errorf("CanEditPlan = %v, want %v", got, want)
				}
			})
		}
	}
}

func TestPlanAdoptionOnlyByDriehoekInStepPlan(t *testing.T) {
	driehoek := actor("p-om", ga.KindOM, ga.RoleDriehoek)
	coordinator := actor("p-gem", ga.KindGemeente, ga.RoleCoordinator)
	draft := &ga.Plan{GroupID: "g1", Analysis: "a", Goals: "d"}
	adopted := &ga.Plan{GroupID: "g1", Analysis: "a", Goals: "d", AdoptedOn: "2026-05-01"}
	for _, tc := range []struct {
		name string
		a    *ga.Actor
		step ga.Step
		plan *ga.Plan
		on   ga.Date
		want ga.Kind
	}{
		{"driehoek adopts a draft in step plan", driehoek, ga.StepPlan, draft, "2026-05-30", ok},
		{"adoption on today is allowed", driehoek, ga.StepPlan, draft, "2026-06-01", ok},
		{"coordinator may not adopt", coordinator, ga.StepPlan, draft, "2026-05-30", ga.KindForbidden},
		{"not in step beeld", driehoek, ga.StepPicture, draft, "2026-05-30", ga.KindConflict},
		{"not in step uitvoering", driehoek, ga.StepExecution, draft, "2026-05-30", ga.KindConflict},
		{"not without a plan", driehoek, ga.StepPlan, nil, "2026-05-30", ga.KindConflict},
		{"not twice", driehoek, ga.StepPlan, adopted, "2026-05-30", ga.KindConflict},
		{"not on a future date", driehoek, ga.StepPlan, draft, "2026-06-02", ga.KindInvalid},
		{"not without a date", driehoek, ga.StepPlan, draft, "", ga.KindInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := errKind(ga.CanAdoptPlan(tc.a, decidedGroup(tc.step), tc.plan, tc.on, planNow)); got != tc.want {
				t.Errorf("CanAdoptPlan = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestMeasureKindLabels(t *testing.T) {
	for _, k := range ga.MeasureKinds {
		if !k.Valid() || k.Label() == string(k) || k.Label() == "" {
			t.Errorf("kind %q has no Dutch label", k)
		}
	}
	if ga.MeasureKind("boete").Valid() {
		t.Error("unknown kind is valid")
	}
}

func validMeasure() ga.Measure {
	return ga.Measure{
		GroupID: "g1", Kind: ga.MeasureAdministrative, Description: "Gebiedsverbod winkelcentrum",
		ResponsiblePartnerID: "p-gem", Status: ga.MeasurePlanned, Start: "2026-06-01", ReviewDate: "2026-09-01",
	}
}

func TestMeasureValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*ga.Measure)
		want   []string
	}{
		{"complete measure is valid", func(*ga.Measure) {}, nil},
		{"unknown kind", func(m *ga.Measure) { m.Kind = "boete" }, []string{"soort"}},
		{"description required", func(m *ga.Measure) { m.Description = "" }, []string{"omschrijving"}},
		{"responsible partner required", func(m *ga.Measure) { m.ResponsiblePartnerID = "" }, []string{"verantwoordelijkePartnerId"}},
		{"unknown status", func(m *ga.Measure) { m.Status = "klaar" }, []string{"status"}},
		{"review date before start", func(m *ga.Measure) { m.ReviewDate = "2026-05-01" }, []string{"evaluatiedatum"}},
		{"dates required", func(m *ga.Measure) { m.Start, m.ReviewDate = "", "" }, []string{"evaluatiedatum", "startdatum"}},
		{"finished measure needs a result", func(m *ga.Measure) { m.Status = ga.MeasureFinished }, []string{"resultaat"}},
		{"stopped measure with result is valid", func(m *ga.Measure) { m.Status, m.Result = ga.MeasureStopped, "Verhuisd" }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := validMeasure()
			tc.change(&m)
			if got := invalidFields(m.Validate()); !slices.Equal(got, tc.want) {
				t.Errorf("invalid fields = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestMeasureReviewOverdue(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status ga.MeasureStatus
		review ga.Date
		want   bool
	}{
		{"running measure past its review date is overdue", ga.MeasureRunning, "2026-05-31", true},
		{"planned measure past its review date is overdue", ga.MeasurePlanned, "2026-01-01", true},
		{"review date today is not overdue yet", ga.MeasureRunning, "2026-06-01", false},
		{"review date in the future is not overdue", ga.MeasureRunning, "2026-07-01", false},
		{"finished measure is never overdue", ga.MeasureFinished, "2026-01-01", false},
		{"stopped measure is never overdue", ga.MeasureStopped, "2026-01-01", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := validMeasure()
			m.Status, m.Start, m.ReviewDate = tc.status, "2026-01-01", tc.review
			if got := m.ReviewOverdue(planNow); got != tc.want {
				t.Errorf("ReviewOverdue = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestMeasureRecordingRules(t *testing.T) {
	terms := fixtureTerms()
	coordinator := actor("p-gem", ga.KindGemeente, ga.RoleCoordinator)
	jeugdhulp := actor("p-jh", ga.KindJeugdhulp, ga.RoleProfessional)
	police := actor("p-pol", ga.KindPolitie, ga.RoleProfessional)
	privacy := actor("p-jh", ga.KindJeugdhulp, ga.RolePrivacyOfficer)
	member := ga.MeasureFacts{PersonIsMember: true, ActorSeesMember: true}
	care := func(person string) ga.Measure {
		m := validMeasure()
		m.Kind, m.ResponsiblePartnerID, m.PersonID = ga.MeasureCare, "p-jh", person
		return m
	}
	beforeDecision := decidedGroup(ga.StepPicture)
	beforeDecision.Decision = nil
	for _, tc := range []struct {
		name  string
		a     *ga.Actor
		g     ga.Group
		m     ga.Measure
		facts ga.MeasureFacts
		want  ga.Kind
	}{
		{"coordinator records a group measure in step plan", coordinator, decidedGroup(ga.StepPlan), validMeasure(), ga.MeasureFacts{}, ok},
		{"group measure in the draft plan of step beeld", coordinator, beforeDecision, validMeasure(), ga.MeasureFacts{}, ok},
		{"responsible partner records its own measure", jeugdhulp, decidedGroup(ga.StepExecution), care("pers1"), member, ok},
		{"another partner may not record a measure it does not carry", police, decidedGroup(ga.StepExecution), care("pers1"), member, ga.KindForbidden},
		{"privacy officer of the responsible partner may not", privacy, decidedGroup(ga.StepExecution), care("pers1"), member, ga.KindForbidden},
		{"no measures in step besluit", coordinator, decidedGroup(ga.StepDecision), validMeasure(), ga.MeasureFacts{}, ga.KindConflict},
		{"no measures after closure", coordinator, decidedGroup(ga.StepClosed), validMeasure(), ga.MeasureFacts{}, ga.KindConflict},
		{"invalid measure", coordinator, decidedGroup(ga.StepPlan), ga.Measure{ResponsiblePartnerID: "p-gem"}, ga.MeasureFacts{}, ga.KindInvalid},
		{"responsible partner must take part", coordinator, decidedGroup(ga.StepPlan), func() ga.Measure { m := validMeasure(); m.ResponsiblePartnerID = "p-school"; return m }(), ga.MeasureFacts{}, ga.KindConflict},
		{"person measure requires the driehoek's decision", coordinator, beforeDecision, care("pers1"), member, ga.KindConflict},
		{"person measure requires a member of the group", coordinator, decidedGroup(ga.StepPlan), care("pers1"), ga.MeasureFacts{ActorSeesMember: true}, ga.KindConflict},
		{"person measure requires a member the actor may see", coordinator, decidedGroup(ga.StepPlan), care("pers1"), ga.MeasureFacts{PersonIsMember: true}, ga.KindConflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := errKind(ga.CanRecordMeasure(tc.a, tc.g, tc.m, tc.facts, terms, planNow)); got != tc.want {
				t.Errorf("CanRecordMeasure = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestMeasureUpdateRules(t *testing.T) {
	terms := fixtureTerms()
	terms.SpecialCategoryKinds = []ga.PartnerKind{ga.KindJeugdhulp}
	coordinator := actor("p-gem", ga.KindGemeente, ga.RoleCoordinator)
	jeugdhulp := actor("p-jh", ga.KindJeugdhulp, ga.RoleProfessional)
	police := actor("p-pol", ga.KindPolitie, ga.RoleProfessional)
	member := ga.MeasureFacts{PersonIsMember: true, ActorSeesMember: true}
	// old is aimed at a member and carried out by jeugdhulp; its kind
	// (bestuursrechtelijk) needs no authorisation, so every involved
	// participant sees it.
	old := validMeasure()
	old.ResponsiblePartnerID, old.PersonID, old.Status = "p-jh", "pers1", ga.MeasureRunning
	change := func(f func(*ga.Measure)) ga.Measure { m := old; f(&m); return m }
	finished := change(func(m *ga.Measure) { m.Status, m.Result = ga.MeasureFinished, "Gelukt" })
	care := change(func(m *ga.Measure) { m.Kind = ga.MeasureCare })
	const involved, notInvolved = true, false
	for _, tc := range []struct {
		name     string
		a        *ga.Actor
		g        ga.Group
		involved bool
		old, new ga.Measure
		want     ga.Kind
	}{
		{"responsible partner reports status and result", jeugdhulp, decidedGroup(ga.StepExecution), involved, old, finished, ok},
		{"responsible partner may not change the description", jeugdhulp, decidedGroup(ga.StepExecution), involved, old, change(func(m *ga.Measure) { m.Description = "Anders" }), ga.KindForbidden},
		{"responsible partner may not hand the measure to another partner", jeugdhulp, decidedGroup(ga.StepExecution), involved, old, change(func(m *ga.Measure) { m.ResponsiblePartnerID = "p-pol" }), ga.KindForbidden},
		{"another partner that sees the measure may not update", police, decidedGroup(ga.StepExecution), involved, old, finished, ga.KindForbidden},
		{"a partner that may not see the measure (not involved) does not find it", police, decidedGroup(ga.StepExecution), notInvolved, old, finished, ga.KindNotFound},
		{"the coordinator does not find a care measure its partner may not see", coordinator, decidedGroup(ga.StepExecution), involved, care, change(func(m *ga.Measure) { m.Kind, m.ReviewDate = ga.MeasureCare, "2026-12-01" }), ga.KindNotFound},
		{"the responsible partner reports progress on its care measure", jeugdhulp, decidedGroup(ga.StepExecution), involved, care, change(func(m *ga.Measure) { m.Kind, m.Status, m.Result = ga.MeasureCare, ga.MeasureStopped, "Gestopt" }), ok},
		{"coordinator changes the review date", coordinator, decidedGroup(ga.StepExecution), involved, old, change(func(m *ga.Measure) { m.ReviewDate = "2026-12-01" }), ok},
		{"coordinator may not hand it to a non-participant", coordinator, decidedGroup(ga.StepExecution), involved, old, change(func(m *ga.Measure) { m.ResponsiblePartnerID = "p-school" }), ga.KindConflict},
		{"a finished measure stays as it was", coordinator, decidedGroup(ga.StepExecution), involved, finished, change(func(m *ga.Measure) { m.Status = ga.MeasureRunning }), ga.KindConflict},
		{"no updates after closure", coordinator, decidedGroup(ga.StepClosed), involved, old, finished, ga.KindConflict},
		{"ending requires a result", jeugdhulp, decidedGroup(ga.StepExecution), involved, old, change(func(m *ga.Measure) { m.Status = ga.MeasureStopped }), ga.KindInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := ga.MeasureContext{Group: tc.g, Terms: terms, Involved: tc.involved, Now: planNow}
			if got := errKind(ga.CanUpdateMeasure(tc.a, tc.old, tc.new, c, member)); got != tc.want {
				t.Errorf("CanUpdateMeasure = %v, want %v", got, tc.want)
			}
		})
	}
}
