package groepsaanpak_test

import (
	"slices"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

func TestMeetingValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    ga.Meeting
		want []string
	}{
		{"group meeting is valid", ga.Meeting{Kind: ga.MeetingGroup, HeldOn: "2026-06-10"}, nil},
		{"individual meeting about a member is valid", ga.Meeting{Kind: ga.MeetingIndividual, HeldOn: "2026-06-10", PersonIDs: []string{"pers1"}}, nil},
		{"individual meeting names its members", ga.Meeting{Kind: ga.MeetingIndividual, HeldOn: "2026-06-10"}, []string{"persoonIds"}},
		{"group meeting names no members", ga.Meeting{Kind: ga.MeetingGroup, HeldOn: "2026-06-10", PersonIDs: []string{"pers1"}}, []string{"persoonIds"}},
		{"kind and date are required", ga.Meeting{}, []string{"datum", "soort"}},
		{"minutes are bounded", ga.Meeting{Kind: ga.MeetingGroup, HeldOn: "2026-06-10", Minutes: strings.Repeat("x", 50001)}, []string{"verslag"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := invalidFields(tc.m.Validate()); !slices.Equal(got, tc.want) {
				t.Errorf("invalid fields = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestOnlyTheCoordinatorOrganisesMeetings(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    *ga.Actor
		step ga.Step
		want ga.Kind
	}{
		{"coordinator organises", actor("p-gem", ga.KindGemeente, ga.RoleCoordinator), ga.StepExecution, ok},
		{"coordinator organises a group meeting before the decision", actor("p-gem", ga.KindGemeente, ga.RoleCoordinator), ga.StepSignals, ok},
		{"professional does not", actor("p-jh", ga.KindJeugdhulp, ga.RoleProfessional), ga.StepExecution, ga.KindForbidden},
		{"driehoek does not", actor("p-om", ga.KindOM, ga.RoleDriehoek), ga.StepExecution, ga.KindForbidden},
		{"no meetings after closure", actor("p-gem", ga.KindGemeente, ga.RoleCoordinator), ga.StepClosed, ga.KindConflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := errKind(ga.CanOrganiseMeeting(tc.a, decidedGroup(tc.step))); got != tc.want {
				t.Errorf("CanOrganiseMeeting = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestIndividualMeetingSubjects(t *testing.T) {
	terms := fixtureTerms()
	members := []string{"pers1", "pers2"}
	noDecision := decidedGroup(ga.StepPicture)
	noDecision.Decision = nil
	for _, tc := range []struct {
		name string
		m    ga.Meeting
		g    ga.Group
		want ga.Kind
	}{
		{"individual meeting about current members", ga.Meeting{Kind: ga.MeetingIndividual, PersonIDs: members}, decidedGroup(ga.StepExecution), ok},
		{"individual meeting about a non-member", ga.Meeting{Kind: ga.MeetingIndividual, PersonIDs: []string{"pers1", "pers9"}}, decidedGroup(ga.StepExecution), ga.KindConflict},
		{"individual meeting needs the driehoek's decision", ga.Meeting{Kind: ga.MeetingIndividual, PersonIDs: members}, noDecision, ga.KindConflict},
		{"group meeting needs no decision", ga.Meeting{Kind: ga.MeetingGroup}, noDecision, ok},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := errKind(ga.CheckMeetingSubjects(tc.m, tc.g, members, terms, planNow)); got != tc.want {
				t.Errorf("CheckMeetingSubjects = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestIndividualMeetingInvitesOnlyInvolvedPartners(t *testing.T) {
	g := decidedGroup(ga.StepExecution)
	group := ga.Meeting{Kind: ga.MeetingGroup}
	one := ga.Meeting{Kind: ga.MeetingIndividual, PersonIDs: []string{"pers1"}}
	two := ga.Meeting{Kind: ga.MeetingIndividual, PersonIDs: []string{"pers1", "pers2"}}
	involved := map[string][]string{
		"pers1": {"p-pol", "p-jh"},
		"pers2": {"p-pol"},
	}
	for _, tc := range []struct {
		name    string
		m       ga.Meeting
		partner string
		want    ga.Kind
	}{
		{"group meeting invites any participating partner", group, "p-gem", ok},
		{"group meeting does not invite a non-participant", group, "p-school", ga.KindConflict},
		{"individual meeting invites a partner involved with the member", one, "p-jh", ok},
		{"individual meeting does not invite an uninvolved participant", one, "p-gem", ga.KindConflict},
		{"meeting about two members invites a partner involved with both", two, "p-pol", ok},
		{"meeting about two members does not invite a partner involved with one", two, "p-jh", ga.KindConflict},
		{"individual meeting does not invite a non-participant", one, "p-school", ga.KindConflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := ga.CanInvite(tc.m, g, tc.partner, involved)
			if got := errKind(err); got != tc.want {
				t.Fatalf("CanInvite = %v (%v), want %v", got, err, tc.want)
			}
			if tc.want == ga.KindConflict && tc.m.Kind == ga.MeetingIndividual && g.Participates(tc.partner) &&
				!strings.Contains(err.(*ga.Error).Message, "artikel 5.3") {
				t.Errorf("refusal %q does not name the rule of Art 5.3", err.(*ga.Error).Message)
			}
		})
	}
}

func TestMeetingIsSeenByCoordinatorsAndInvitedPartners(t *testing.T) {
	m := ga.Meeting{Kind: ga.MeetingGroup, Invited: []ga.Invitation{{PartnerID: "p-pol"}}}
	for _, tc := range []struct {
		name string
		a    *ga.Actor
		want bool
	}{
		{"coordinator", actor("p-gem", ga.KindGemeente, ga.RoleCoordinator), true},
		{"invited partner", actor("p-pol", ga.KindPolitie, ga.RoleProfessional), true},
		{"partner not invited", actor("p-jh", ga.KindJeugdhulp, ga.RoleProfessional), false},
		{"admin never", actor("p-pol", ga.KindPolitie, ga.RoleAdmin), false},
		{"auditor never", actor("p-pol", ga.KindPolitie, ga.RoleAuditor), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ga.CanSeeMeeting(tc.a, m); got != tc.want {
				t.Errorf("CanSeeMeeting = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestAgreementRules(t *testing.T) {
	individual := ga.Meeting{Kind: ga.MeetingIndividual, PersonIDs: []string{"pers1"}, Invited: []ga.Invitation{{PartnerID: "p-jh"}}}
	group := ga.Meeting{Kind: ga.MeetingGroup, Invited: []ga.Invitation{{PartnerID: "p-jh"}}}
	agreement := func(partner, person string) ga.Agreement {
		return ga.Agreement{Description: "Huisbezoek", ResponsiblePartnerID: partner, PersonID: person, DueDate: "2026-06-15"}
	}
	for _, tc := range []struct {
		name string
		m    ga.Meeting
		ag   ga.Agreement
		want ga.Kind
	}{
		{"agreement about the member of an individual meeting", individual, agreement("p-jh", "pers1"), ok},
		{"group agreement in a group meeting", group, agreement("p-jh", ""), ok},
		{"responsible partner must be invited", group, agreement("p-pol", ""), ga.KindConflict},
		{"no agreement about a member in a group meeting", group, agreement("p-jh", "pers1"), ga.KindConflict},
		{"no agreement about another member", individual, agreement("p-jh", "pers2"), ga.KindConflict},
		{"due date required", group, ga.Agreement{Description: "x", ResponsiblePartnerID: "p-jh"}, ga.KindInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := errKind(ga.CheckAgreement(tc.m, tc.ag)); got != tc.want {
				t.Errorf("CheckAgreement = %v, want %v", got, tc.want)
			}
		})
	}

	open := agreement("p-jh", "")
	done := open
	done.DoneOn = "2026-05-20"
	for _, tc := range []struct {
		name string
		a    *ga.Actor
		ag   ga.Agreement
		on   ga.Date
		want ga.Kind
	}{
		{"responsible partner completes", actor("p-jh", ga.KindJeugdhulp, ga.RoleProfessional), open, "2026-05-30", ok},
		{"coordinator completes", actor("p-gem", ga.KindGemeente, ga.RoleCoordinator), open, "2026-06-01", ok},
		{"another partner does not", actor("p-pol", ga.KindPolitie, ga.RoleProfessional), open, "2026-05-30", ga.KindForbidden},
		{"not twice", actor("p-jh", ga.KindJeugdhulp, ga.RoleProfessional), done, "2026-05-30", ga.KindConflict},
		{"not in the future", actor("p-jh", ga.KindJeugdhulp, ga.RoleProfessional), open, "2026-06-02", ga.KindInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := errKind(ga.CanCompleteAgreement(tc.a, tc.ag, tc.on, planNow)); got != tc.want {
				t.Errorf("CanCompleteAgreement = %v, want %v", got, tc.want)
			}
		})
	}

	for _, tc := range []struct {
		name string
		ag   ga.Agreement
		want bool
	}{
		{"open agreement past its due date is overdue", ga.Agreement{DueDate: "2026-05-31"}, true},
		{"due today is not overdue", ga.Agreement{DueDate: "2026-06-01"}, false},
		{"done agreement is not overdue", ga.Agreement{DueDate: "2026-05-01", DoneOn: "2026-05-02"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.ag.Overdue(planNow); got != tc.want {
				t.Errorf("Overdue = %v, want %v", got, tc.want)
			}
		})
	}
}
