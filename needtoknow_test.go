package groepsaanpak_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// The need-to-know table: every role × relation of the viewer's partner to
// the group and person × item kind × phase of the group approach, each case
// named after the rule the specification (SPEC §3) gives for it.

type relation string

const (
	relSource      relation = "bronpartner"
	relInvolved    relation = "deelnemer betrokken bij persoon"
	relNotInvolved relation = "deelnemer niet betrokken bij persoon"
	relOutsider    relation = "geen deelnemer"
)

type itemKind string

const (
	kindGroupItem       itemKind = "groepsgegeven"
	kindPersonItem      itemKind = "persoonsgegeven"
	kindSpecialAllowed  itemKind = "bijzonder, soort gemachtigd"
	kindSpecialDenied   itemKind = "bijzonder, soort niet gemachtigd"
	kindSpecialShared   itemKind = "bijzonder, expliciet gedeeld"
	kindCriminalAllowed itemKind = "strafrechtelijk, soort gemachtigd"
	kindCriminalDenied  itemKind = "strafrechtelijk, soort niet gemachtigd"
	kindBlocked         itemKind = "afgeschermd"
	kindDeleted         itemKind = "verwijderd"
)

type phase string

const (
	phaseBeforeDecision  phase = "voor het besluit"
	phaseNoExchange      phase = "besluit zonder uitwisseling"
	phaseAfterDecision   phase = "na het besluit"
	phaseClosedRetention phase = "afgesloten, binnen bewaartermijn"
	phaseClosedExpired   phase = "afgesloten, bewaartermijn verstreken"
)

// expected states the specification in its own order, independently of
// the implementation's code: it is the oracle of the table.
func expected(role ga.Role, handling bool, rel relation, kind itemKind, ph phase) ga.Rule {
	if role == ga.RoleAdmin || role == ga.RoleAuditor {
		return ga.RuleNoContentRole
	}
	if kind == kindDeleted {
		return ga.RuleDeleted
	}
	if kind == kindBlocked {
		if role == ga.RolePrivacyOfficer && handling {
			return ga.RuleBlockedHandling
		}
		return ga.RuleBlocked
	}
	if rel == relSource {
		return ga.RuleOwnItem
	}
	if ph == phaseBeforeDecision || ph == phaseNoExchange || ph == phaseClosedExpired {
		return ga.RuleNoDecision
	}
	if rel == relOutsider {
		return ga.RuleNotParticipating
	}
	if kind != kindGroupItem && rel == relNotInvolved {
		return ga.RuleNotInvolved
	}
	switch kind {
	case kindSpecialDenied:
		return ga.RuleSpecialNotAllowed
	case kindCriminalDenied:
		return ga.RuleCriminalNotAllowed
	}
	return ga.RuleShared
}

// phaseGroup is group g1 with the participants in phase ph at instant now:
// closed within retention is one microsecond short of the retention period
// under terms, closed past retention exactly at it.
func phaseGroup(ph phase, now time.Time, terms ga.CovenantTerms, participants ...string) ga.Group {
	g := ga.Group{ID: "g1", Step: ga.StepExecution, Participants: participants}
	decided := &ga.TriangleDecision{DecidedOn: "2026-02-01", ApproachStarts: true, ExchangeAuthorised: true}
	switch ph {
	case phaseBeforeDecision:
		g.Step = ga.StepPicture
	case phaseNoExchange:
		d := *decided
		d.ExchangeAuthorised = false
		g.Decision = &d
	case phaseAfterDecision:
		g.Decision = decided
	case phaseClosedRetention:
		g.Decision, g.Step = decided, ga.StepClosed
		closed := now.AddDate(0, -terms.RetentionAfterClosureMonths, 0).Add(time.Microsecond)
		g.ClosedAt = &closed
	case phaseClosedExpired:
		g.Decision, g.Step = decided, ga.StepClosed
		closed := now.AddDate(0, -terms.RetentionAfterClosureMonths, 0)
		g.ClosedAt = &closed
	}
	return g
}

func TestNeedToKnowTable(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	terms := fixtureTerms()
	terms.SpecialCategoryKinds = []ga.PartnerKind{ga.KindJeugdhulp}
	terms.CriminalCategoryKinds = []ga.PartnerKind{ga.KindPolitie, ga.KindOM}

	// The viewer works for the school or for jeugdhulp; the source is the
	// police. For kinds "gemachtigd" the viewer is jeugdhulp (special) or
	// OM (criminal); otherwise the school.
	const police, viewerID = "p-pol", "p-viewer"
	viewerKind := func(kind itemKind) ga.PartnerKind {
		switch kind {
		case kindSpecialAllowed:
			return ga.KindJeugdhulp
		case kindCriminalAllowed:
			return ga.KindOM
		}
		return ga.KindSchool
	}
	group := func(ph phase, participants ...string) ga.Group { return phaseGroup(ph, now, terms, participants...) }
	item := func(kind itemKind, source string) ga.Item {
		it := ga.Item{ID: "i1", GroupID: "g1", PersonID: "persoon-1", SourcePartnerID: source, Status: ga.ItemActive}
		switch kind {
		case kindGroupItem:
			it.PersonID = ""
		case kindSpecialAllowed, kindSpecialDenied:
			it.Special = true
		case kindSpecialShared:
			it.Special, it.SharedWith = true, []string{viewerID}
		case kindCriminalAllowed, kindCriminalDenied:
			it.Criminal = true
		case kindBlocked:
			it.Status = ga.ItemBlocked
		case kindDeleted:
			it.Status = ga.ItemDeleted
		}
		return it
	}

	roles := []ga.Role{ga.RoleCoordinator, ga.RoleDriehoek, ga.RoleProfessional, ga.RolePrivacyOfficer, ga.RoleAuditor, ga.RoleAdmin}
	relations := []relation{relSource, relInvolved, relNotInvolved, relOutsider}
	kinds := []itemKind{kindGroupItem, kindPersonItem, kindSpecialAllowed, kindSpecialDenied, kindSpecialShared, kindCriminalAllowed, kindCriminalDenied, kindBlocked, kindDeleted}
	phases := []phase{phaseBeforeDecision, phaseNoExchange, phaseAfterDecision, phaseClosedRetention, phaseClosedExpired}

	cases := 0
	for _, role := range roles {
		for _, handling := range []bool{false, true} {
			if handling && role != ga.RolePrivacyOfficer {
				continue
			}
			for _, rel := range relations {
				for _, kind := range kinds {
					for _, ph := range phases {
						want := expected(role, handling, rel, kind, ph)
						name := fmt.Sprintf("%s/%s/%s/%s/%s", role, rel, kind, ph, want)
						if handling {
							name = "behandelt verzoek/" + name
						}
						t.Run(name, func(t *testing.T) {
							actor := &ga.Actor{UserID: "u", PartnerID: viewerID, PartnerKind: viewerKind(kind), Roles: []ga.Role{role}}
							source := police
							if rel == relSource {
								source = viewerID
							}
							participants := []string{police}
							if rel != relOutsider {
								participants = append(participants, viewerID)
							}
							ctx := ga.ItemContext{Group: group(ph, participants...), Terms: terms, Involved: rel == relInvolved || rel == relSource, Handling: handling, Now: now}
							got := ga.CanSeeItem(actor, item(kind, source), ctx)
							wantAllowed := want == ga.RuleOwnItem || want == ga.RuleShared || want == ga.RuleBlockedHandling
							if got.Rule != want || got.Allowed != wantAllowed {
								t.Fatalf("CanSeeItem = %+v, want rule %q allowed=%v", got, want, wantAllowed)
							}
						})
						cases++
					}
				}
			}
		}
	}
	if want := 7 * len(relations) * len(kinds) * len(phases); cases != want {
		t.Fatalf("table has %d cases, want %d", cases, want)
	}
}

// The measure table: every role × relation of the viewer's partner to the
// measure × kind of partner (authorised for criminal data, for special data,
// or neither) × measure (aimed at the group, or at a person, of each of the
// four kinds) × phase, each case named after the rule CanSeeMeasure
// documents for it.

const (
	relResponsible     relation = "verantwoordelijke partner"
	relResponsibleLeft relation = "verantwoordelijke partner, geen deelnemer meer"
)

type measureTarget string

const measureForGroup measureTarget = "maatregel voor de groep"

// expectedMeasure states CanSeeMeasure's rules in the specification's order,
// independently of the implementation's code: it is the oracle of the
// table. A person-aimed measure follows the rules of an item about the
// person, with the responsible partner in the place of the source, a
// strafrechtelijke maatregel as an Art 10 item and a zorg measure as an
// Art 9 item.
func expectedMeasure(role ga.Role, rel relation, viewerKind ga.PartnerKind, kind ga.MeasureKind, ph phase, terms ga.CovenantTerms) ga.Rule {
	if role == ga.RoleAdmin || role == ga.RoleAuditor {
		return ga.RuleNoContentRole
	}
	participates := rel != relOutsider && rel != relResponsibleLeft
	seesGroup := role == ga.RoleCoordinator || participates
	if kind == "" {
		if seesGroup {
			return ga.RuleGroupMeasure
		}
		return ga.RuleNotParticipating
	}
	if (rel == relResponsible || rel == relResponsibleLeft) && seesGroup {
		return ga.RuleOwnMeasure
	}
	if ph == phaseBeforeDecision || ph == phaseNoExchange || ph == phaseClosedExpired {
		return ga.RuleNoDecision
	}
	if !participates {
		return ga.RuleNotParticipating
	}
	if rel == relNotInvolved {
		return ga.RuleNotInvolved
	}
	if kind == ga.MeasureCriminal && !slices.Contains(terms.CriminalCategoryKinds, viewerKind) {
		return ga.RuleCriminalMeasureNotAllowed
	}
	if kind == ga.MeasureCare && !slices.Contains(terms.SpecialCategoryKinds, viewerKind) {
		return ga.RuleCareMeasureNotAllowed
	}
	return ga.RuleShared
}

func TestMeasureNeedToKnowTable(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	terms := fixtureTerms()
	terms.SpecialCategoryKinds = []ga.PartnerKind{ga.KindJeugdhulp}
	terms.CriminalCategoryKinds = []ga.PartnerKind{ga.KindPolitie, ga.KindOM}
	const police, viewerID = "p-pol", "p-viewer"
	group := func(ph phase, participants ...string) ga.Group { return phaseGroup(ph, now, terms, participants...) }

	roles := []ga.Role{ga.RoleCoordinator, ga.RoleDriehoek, ga.RoleProfessional, ga.RolePrivacyOfficer, ga.RoleAuditor, ga.RoleAdmin}
	relations := []relation{relResponsible, relResponsibleLeft, relInvolved, relNotInvolved, relOutsider}
	viewerKinds := []ga.PartnerKind{ga.KindSchool, ga.KindJeugdhulp, ga.KindOM}
	// "" is the measure aimed at the group.
	kinds := append([]ga.MeasureKind{""}, ga.MeasureKinds...)
	phases := []phase{phaseBeforeDecision, phaseNoExchange, phaseAfterDecision, phaseClosedRetention, phaseClosedExpired}

	cases, decided := 0, map[ga.Rule]int{}
	for _, role := range roles {
		for _, rel := range relations {
			for _, vk := range viewerKinds {
				for _, kind := range kinds {
					for _, ph := range phases {
						want := expectedMeasure(role, rel, vk, kind, ph, terms)
						target := string(measureForGroup)
						if kind != "" {
							target = "maatregel voor een persoon, " + string(kind)
						}
						name := fmt.Sprintf("%s/%s/%s/%s/%s/%s", role, rel, vk, target, ph, want)
						t.Run(name, func(t *testing.T) {
							actor := &ga.Actor{UserID: "u", PartnerID: viewerID, PartnerKind: vk, Roles: []ga.Role{role}}
							m := ga.Measure{ID: "m1", GroupID: "g1", PersonID: "persoon-1", Kind: kind, ResponsiblePartnerID: police, Status: ga.MeasureRunning}
							if kind == "" {
								m.PersonID, m.Kind = "", ga.MeasureAdministrative
							}
							if rel == relResponsible || rel == relResponsibleLeft {
								m.ResponsiblePartnerID = viewerID
							}
							participants := []string{police}
							if rel != relOutsider && rel != relResponsibleLeft {
								participants = append(participants, viewerID)
							}
							// Carrying a measure for the person is itself
							// derived involvement.
							involved := rel == relInvolved || rel == relResponsible || rel == relResponsibleLeft
							c := ga.MeasureContext{Group: group(ph, participants...), Terms: terms, Involved: involved, Now: now}
							got := ga.CanSeeMeasure(actor, m, c)
							wantAllowed := want == ga.RuleGroupMeasure || want == ga.RuleOwnMeasure || want == ga.RuleShared
							if got.Rule != want || got.Allowed != wantAllowed {
								t.Fatalf("CanSeeMeasure = %+v, want rule %q allowed=%v", got, want, wantAllowed)
							}
						})
						decided[want]++
						cases++
					}
				}
			}
		}
	}
	if want := len(roles) * len(relations) * len(viewerKinds) * len(kinds) * len(phases); cases != want {
		t.Fatalf("table has %d cases, want %d", cases, want)
	}
	// The table exercises every rule of CanSeeMeasure.
	for _, r := range []ga.Rule{ga.RuleNoContentRole, ga.RuleGroupMeasure, ga.RuleOwnMeasure, ga.RuleNoDecision, ga.RuleNotParticipating,
		ga.RuleNotInvolved, ga.RuleCriminalMeasureNotAllowed, ga.RuleCareMeasureNotAllowed, ga.RuleShared} {
		if decided[r] == 0 {
			t.Errorf("no case of the table is decided by rule %q", r)
		}
	}
}

// TestCanSeeMeasureCases names the cases the end-to-end test found: a
// criminal or care measure aimed at a member does not reach the school or
// the housing corporation merely because they may see the member.
func TestCanSeeMeasureCases(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	terms := fixtureTerms()
	terms.SpecialCategoryKinds = []ga.PartnerKind{ga.KindJeugdhulp, ga.KindVeiligThuis}
	terms.CriminalCategoryKinds = []ga.PartnerKind{ga.KindGemeente, ga.KindPolitie, ga.KindOM, ga.KindHalt}
	g := ga.Group{ID: "g", Step: ga.StepExecution, Participants: []string{"p-gem", "p-pol", "p-om", "p-halt", "p-jh", "p-vt", "p-school", "p-woning"},
		Decision: &ga.TriangleDecision{DecidedOn: "2026-03-05", ApproachStarts: true, ExchangeAuthorised: true}}
	user := func(id string, kind ga.PartnerKind, role ga.Role) *ga.Actor {
		return &ga.Actor{UserID: "u-" + id, PartnerID: id, PartnerKind: kind, Roles: []ga.Role{role}}
	}
	halt := ga.Measure{GroupID: "g", PersonID: "romano", Kind: ga.MeasureCriminal, ResponsiblePartnerID: "p-halt"}
	mdft := ga.Measure{GroupID: "g", PersonID: "lucas", Kind: ga.MeasureCare, ResponsiblePartnerID: "p-jh"}
	snelrecht := ga.Measure{GroupID: "g", PersonID: "mohamed", Kind: ga.MeasureCriminal, ResponsiblePartnerID: "p-om"}
	lease := ga.Measure{GroupID: "g", PersonID: "noah", Kind: ga.MeasurePrivate, ResponsiblePartnerID: "p-woning"}
	camera := ga.Measure{GroupID: "g", Kind: ga.MeasureAdministrative, ResponsiblePartnerID: "p-gem"}
	for _, tc := range []struct {
		name     string
		a        *ga.Actor
		m        ga.Measure
		involved bool
		want     ga.Rule
	}{
		{"Halt sees its own Halt-afdoening", user("p-halt", ga.KindHalt, ga.RoleProfessional), halt, true, ga.RuleOwnMeasure},
		{"the police, involved with Romano, sees the Halt-afdoening", user("p-pol", ga.KindPolitie, ga.RoleProfessional), halt, true, ga.RuleShared},
		{"the school, involved with Romano, does not see the Halt-afdoening", user("p-school", ga.KindSchool, ga.RoleProfessional), halt, true, ga.RuleCriminalMeasureNotAllowed},
		{"the housing corporation, not involved with Romano, does not see it", user("p-woning", ga.KindWoningcorporatie, ga.RoleProfessional), halt, false, ga.RuleNotInvolved},
		{"the coordinator, not involved with Romano, does not see it", user("p-gem", ga.KindGemeente, ga.RoleCoordinator), halt, false, ga.RuleNotInvolved},
		{"the coordinator, registered as involved with Mohamed, sees snelrecht", user("p-gem", ga.KindGemeente, ga.RoleCoordinator), snelrecht, true, ga.RuleShared},
		{"Veilig Thuis, involved with Lucas, sees MDFT", user("p-vt", ga.KindVeiligThuis, ga.RoleProfessional), mdft, true, ga.RuleShared},
		{"the coordinator, involved with Lucas, does not see MDFT", user("p-gem", ga.KindGemeente, ga.RoleCoordinator), mdft, true, ga.RuleCareMeasureNotAllowed},
		{"the school does not see another partner's private-law measure without involvement", user("p-school", ga.KindSchool, ga.RoleProfessional), lease, false, ga.RuleNotInvolved},
		{"every participant sees the group's camera surveillance", user("p-school", ga.KindSchool, ga.RoleProfessional), camera, false, ga.RuleGroupMeasure},
		{"the auditor sees no measure", user("p-gem", ga.KindGemeente, ga.RoleAuditor), camera, false, ga.RuleNoContentRole},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ga.CanSeeMeasure(tc.a, tc.m, ga.MeasureContext{Group: g, Terms: terms, Involved: tc.involved, Now: now})
			if got.Rule != tc.want {
				t.Fatalf("CanSeeMeasure = %+v, want %q", got, tc.want)
			}
		})
	}
}

func TestCanSeeMember(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	terms := fixtureTerms()
	person := ga.Person{ID: "p1", SourcePartnerID: "p-pol"}
	decided := ga.Group{ID: "g", Participants: []string{"p-pol", "p-gem"}, Decision: &ga.TriangleDecision{ApproachStarts: true, ExchangeAuthorised: true}}
	undecided := ga.Group{ID: "g", Participants: []string{"p-pol", "p-gem"}}
	tests := []struct {
		name  string
		actor *ga.Actor
		group ga.Group
		want  ga.Rule
	}{
		{"police sees its own name list before the decision", &ga.Actor{PartnerID: "p-pol", Roles: []ga.Role{ga.RoleProfessional}}, undecided, ga.RuleOwnItem},
		{"municipality sees no member before the decision", &ga.Actor{PartnerID: "p-gem", Roles: []ga.Role{ga.RoleCoordinator}}, undecided, ga.RuleNoDecision},
		{"participating municipality sees members after the decision", &ga.Actor{PartnerID: "p-gem", Roles: []ga.Role{ga.RoleCoordinator}}, decided, ga.RuleShared},
		{"non-participant sees no member after the decision", &ga.Actor{PartnerID: "p-sch", Roles: []ga.Role{ga.RoleProfessional}}, decided, ga.RuleNotParticipating},
		{"admin never sees members", &ga.Actor{PartnerID: "p-pol", Roles: []ga.Role{ga.RoleAdmin}}, decided, ga.RuleNoContentRole},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ga.CanSeeMember(tt.actor, person, tt.group, terms, now); got.Rule != tt.want {
				t.Fatalf("CanSeeMember = %+v, want %q", got, tt.want)
			}
		})
	}
}

func TestCheckTransition(t *testing.T) {
	coord := &ga.Actor{UserID: "u", PartnerID: "p-gem", Roles: []ga.Role{ga.RoleCoordinator}}
	yes, no := true, false
	tests := []struct {
		name    string
		actor   *ga.Actor
		group   ga.Group
		to      ga.Step
		adopted bool
		want    ga.Kind // KindInternal: allowed
	}{
		{"signals to information", coord, ga.Group{Step: ga.StepSignals}, ga.StepInformation, false, ga.KindInternal},
		{"skipping a step is refused", coord, ga.Group{Step: ga.StepSignals}, ga.StepPicture, false, ga.KindConflict},
		{"going back is refused", coord, ga.Group{Step: ga.StepPicture}, ga.StepInformation, false, ga.KindConflict},
		{"professional may not move steps", &ga.Actor{Roles: []ga.Role{ga.RoleProfessional}}, ga.Group{Step: ga.StepSignals}, ga.StepInformation, false, ga.KindForbidden},
		{"picture needs question 2A answered", coord, ga.Group{Step: ga.StepInformation}, ga.StepPicture, false, ga.KindConflict},
		{"not problematic (2A) stops at information", coord, ga.Group{Step: ga.StepInformation, Problematic: &no}, ga.StepPicture, false, ga.KindConflict},
		{"problematic (2B) goes on to the picture", coord, ga.Group{Step: ga.StepInformation, Problematic: &yes}, ga.StepPicture, false, ga.KindInternal},
		{"plan needs the driehoek's decision", coord, ga.Group{Step: ga.StepDecision}, ga.StepPlan, false, ga.KindConflict},
		{"plan refused after a decision not to start", coord, ga.Group{Step: ga.StepDecision, Decision: &ga.TriangleDecision{}}, ga.StepPlan, false, ga.KindConflict},
		{"plan after a decision to start", coord, ga.Group{Step: ga.StepDecision, Decision: &ga.TriangleDecision{ApproachStarts: true}}, ga.StepPlan, false, ga.KindInternal},
		{"execution needs the adopted plan", coord, ga.Group{Step: ga.StepPlan}, ga.StepExecution, false, ga.KindConflict},
		{"execution after adoption", coord, ga.Group{Step: ga.StepPlan}, ga.StepExecution, true, ga.KindInternal},
		{"closing is possible from an open step", coord, ga.Group{Step: ga.StepInformation, Problematic: &no}, ga.StepClosed, false, ga.KindInternal},
		{"a closed approach stays closed", coord, ga.Group{Step: ga.StepClosed}, ga.StepClosed, false, ga.KindConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ga.CheckTransition(tt.actor, tt.group, tt.to, "reden", tt.adopted)
			if tt.want == ga.KindInternal {
				if err != nil {
					t.Fatalf("got %v, want allowed", err)
				}
			} else if !ga.IsKind(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
		})
	}
	if err := ga.CheckTransition(coord, ga.Group{Step: ga.StepSignals}, ga.StepInformation, " ", false); !ga.IsKind(err, ga.KindInvalid) {
		t.Fatalf("transition without a reason = %v, want invalid", err)
	}
}

func TestValidBSN(t *testing.T) {
	for s, want := range map[string]bool{"111222333": true, "123456782": true, "123456789": false, "12345678": false, "12345678a": false, "000000000": false} {
		if got := ga.ValidBSN(s); got != want {
			t.Errorf("ValidBSN(%q) = %v, want %v", s, got, want)
		}
	}
}
