package groepsaanpak_test

import (
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

func TestNotificationRules(t *testing.T) {
	terms := ga.CovenantTerms{RequestDeadlineDays: 28}
	if due := ga.NotificationDue("2026-03-10", terms); due != "2026-04-07" {
		t.Errorf("NotificationDue = %s, want 2026-04-07", due)
	}
	now := ams(2026, 4, 8, 9, 0)
	for _, tc := range []struct {
		name string
		n    ga.Notification
		late bool
	}{
		{"pending on its due date", ga.Notification{Status: ga.NotificationPending, DueOn: "2026-04-08"}, false},
		{"pending after its due date", ga.Notification{Status: ga.NotificationPending, DueOn: "2026-04-07"}, true},
		{"sent late is no longer late", ga.Notification{Status: ga.NotificationSent, DueOn: "2026-04-01", SentOn: "2026-04-05"}, false},
		{"deferred before the review", ga.Notification{Status: ga.NotificationDeferred, DueOn: "2026-04-01", Deferral: &ga.Deferral{ReviewOn: "2026-04-08"}}, false},
		{"deferred past the review", ga.Notification{Status: ga.NotificationDeferred, DueOn: "2026-04-01", Deferral: &ga.Deferral{ReviewOn: "2026-04-07"}}, true},
	} {
		if got := ga.NotificationLate(tc.n, now); got != tc.late {
			t.Errorf("%s: late = %v, want %v", tc.name, got, tc.late)
		}
	}
	for _, tc := range []struct {
		name   string
		on     ga.Date
		method string
		want   ga.Kind
	}{
		{"sent today by post", "2026-04-08", "post", ok},
		{"sent on the decision day", "2026-03-10", "email", ok},
		{"before the decision", "2026-03-09", "post", ga.KindInvalid},
		{"tomorrow", "2026-04-09", "post", ga.KindInvalid},
		{"unknown method", "2026-04-08", "duif", ga.KindInvalid},
	} {
		if got := errKind(ga.CheckSent(tc.on, tc.method, "2026-03-10", now)); got != tc.want {
			t.Errorf("CheckSent %s: %v, want %v", tc.name, got, tc.want)
		}
	}
	for _, tc := range []struct {
		name string
		d    ga.Deferral
		want ga.Kind
	}{
		{"ground b, review in a month", ga.Deferral{Ground: ga.WithholdCrime, Motivation: "Lopend onderzoek.", ReviewOn: "2026-05-08"}, ok},
		{"no ground", ga.Deferral{Motivation: "x", ReviewOn: "2026-05-08"}, ga.KindInvalid},
		{"no motivation", ga.Deferral{Ground: ga.WithholdCrime, ReviewOn: "2026-05-08"}, ga.KindInvalid},
		{"review today", ga.Deferral{Ground: ga.WithholdCrime, Motivation: "x", ReviewOn: "2026-04-08"}, ga.KindInvalid},
		{"review in seven months", ga.Deferral{Ground: ga.WithholdCrime, Motivation: "x", ReviewOn: "2026-11-09"}, ga.KindInvalid},
	} {
		if got := errKind(tc.d.Validate(now)); got != tc.want {
			t.Errorf("Deferral %s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestCorrectionRules(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    ga.Correction
		want ga.Kind
	}{
		{"granted deletion", ga.Correction{ItemID: "i", Action: ga.CorrectDelete, Granted: true, Motivation: "Niet ter zake."}, ok},
		{"refused improvement", ga.Correction{ItemID: "i", Action: ga.CorrectImprove, Motivation: "Het gegeven is juist."}, ok},
		{"refusal without reasons", ga.Correction{ItemID: "i", Action: ga.CorrectImprove}, ga.KindInvalid},
		{"granted improvement without the text", ga.Correction{ItemID: "i", Action: ga.CorrectImprove, Granted: true, Motivation: "m"}, ga.KindInvalid},
		{"granted supplement", ga.Correction{ItemID: "i", Action: ga.CorrectSupplement, Granted: true, Text: "Aanvulling.", Motivation: "m"}, ok},
		{"unknown action", ga.Correction{ItemID: "i", Action: "vernietigen", Motivation: "m"}, ga.KindInvalid},
	} {
		if got := errKind(tc.c.Validate()); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	c := ga.Correction{Notices: []ga.CorrectionNotice{{PartnerID: "a", ConfirmedOn: "2026-04-01"}, {PartnerID: "b"}}}
	if c.AllConfirmed() {
		t.Error("AllConfirmed with one notice unconfirmed")
	}
	c.Notices[1].ConfirmedOn = "2026-04-02"
	if !c.AllConfirmed() {
		t.Error("not AllConfirmed with every notice confirmed")
	}
	open := ga.RightsCase{Kind: ga.CaseCorrection, Status: ga.CaseInProgress, Identity: &ga.IdentityCheck{Method: "x"}}
	access := open
	access.Kind = ga.CaseAccess
	noID := open
	noID.Identity = nil
	for _, tc := range []struct {
		name string
		c    ga.RightsCase
		want ga.Kind
	}{
		{"correction request", open, ok},
		{"objection", func() ga.RightsCase { c := open; c.Kind = ga.CaseObjection; return c }(), ok},
		{"access request", access, ga.KindConflict},
		{"without identity", noID, ga.KindConflict},
	} {
		if got := errKind(tc.c.CheckCorrect()); got != tc.want {
			t.Errorf("CheckCorrect %s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestObjectionAndComplaintRules(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    ga.ObjectionDecision
		want ga.Kind
	}{
		{"justified with deletion", ga.ObjectionDecision{Justified: true, Motivation: "m", DeleteItems: true, EndMemberships: true}, ok},
		{"not justified without measures", ga.ObjectionDecision{Motivation: "m"}, ok},
		{"not justified with measures", ga.ObjectionDecision{Motivation: "m", EndMemberships: true}, ga.KindInvalid},
		{"block and delete", ga.ObjectionDecision{Justified: true, Motivation: "m", BlockItems: true, DeleteItems: true}, ga.KindInvalid},
		{"no motivation", ga.ObjectionDecision{Justified: true}, ga.KindInvalid},
	} {
		if got := errKind(tc.d.Validate()); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	if ga.RouteFor(1) != ga.RouteForward || ga.RouteFor(2) != ga.RouteCommittee || ga.RouteFor(5) != ga.RouteCommittee {
		t.Error("RouteFor does not follow Art 7.3 and 7.4")
	}
	const controller = "gem"
	for _, tc := range []struct {
		name string
		h    ga.ComplaintHandling
		want ga.Kind
	}{
		{"one partner, forwarded", ga.ComplaintHandling{PartnerIDs: []string{"pol"}, ForwardedOn: "2026-04-01"}, ok},
		{"one partner, not forwarded", ga.ComplaintHandling{PartnerIDs: []string{"pol"}}, ga.KindInvalid},
		{"no partner", ga.ComplaintHandling{}, ga.KindInvalid},
		{"two partners, committee chaired by the controller", ga.ComplaintHandling{PartnerIDs: []string{"pol", "sch"}, Committee: []ga.CommitteeMember{
			{Name: "C", PartnerID: controller, Chair: true}, {Name: "P", PartnerID: "pol"}, {Name: "S", PartnerID: "sch"}}}, ok},
		{"chaired by a partner concerned", ga.ComplaintHandling{PartnerIDs: []string{"pol", "sch"}, Committee: []ga.CommitteeMember{
			{Name: "P", PartnerID: "pol", Chair: true}, {Name: "S", PartnerID: "sch"}}}, ga.KindInvalid},
		{"no chair", ga.ComplaintHandling{PartnerIDs: []string{"pol", "sch"}, Committee: []ga.CommitteeMember{
			{Name: "P", PartnerID: "pol"}, {Name: "S", PartnerID: "sch"}}}, ga.KindInvalid},
		{"a partner concerned not represented", ga.ComplaintHandling{PartnerIDs: []string{"pol", "sch"}, Committee: []ga.CommitteeMember{
			{Name: "C", PartnerID: controller, Chair: true}, {Name: "P", PartnerID: "pol"}}}, ga.KindInvalid},
	} {
		if got := errKind(tc.h.Validate(controller)); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}

}
