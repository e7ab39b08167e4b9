package groepsaanpak_test

import (
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

func TestCanUseGroepsscan(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    *ga.Actor
		want bool
	}{
		{"police professional", &ga.Actor{PartnerID: "p", PartnerKind: ga.KindPolitie, Roles: []ga.Role{ga.RoleProfessional}}, true},
		{"police coordinator", &ga.Actor{PartnerID: "p", PartnerKind: ga.KindPolitie, Roles: []ga.Role{ga.RoleCoordinator}}, true},
		{"municipal coordinator never", &ga.Actor{PartnerID: "g", PartnerKind: ga.KindGemeente, Roles: []ga.Role{ga.RoleCoordinator}}, false},
		{"prosecutor never", &ga.Actor{PartnerID: "o", PartnerKind: ga.KindOM, Roles: []ga.Role{ga.RoleDriehoek}}, false},
		{"police admin never", &ga.Actor{PartnerID: "p", PartnerKind: ga.KindPolitie, Roles: []ga.Role{ga.RoleAdmin}}, false},
		{"police auditor never", &ga.Actor{PartnerID: "p", PartnerKind: ga.KindPolitie, Roles: []ga.Role{ga.RoleAuditor}}, false},
		{"system never", &ga.Actor{System: true, PartnerKind: ga.KindPolitie, Roles: []ga.Role{ga.RoleProfessional}}, false},
		{"nobody", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ga.CanUseGroepsscan(tc.a); got != tc.want {
				t.Errorf("CanUseGroepsscan = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestAttachedScanAccess holds the rule of who sees the Groepsscan attached
// to a casework group when: the police always (when they see the group),
// nobody else before the driehoek's decision, a participating partner the
// summary after a decision that authorises exchange, and nobody once the
// approach is past retention or when the decision refused the exchange.
func TestAttachedScanAccess(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	terms := ga.CovenantTerms{RetentionAfterClosureMonths: 24}
	police := &ga.Actor{PartnerID: "pol", PartnerKind: ga.KindPolitie, Roles: []ga.Role{ga.RoleProfessional}}
	municipalCoordinator := &ga.Actor{PartnerID: "gem", PartnerKind: ga.KindGemeente, Roles: []ga.Role{ga.RoleCoordinator}}
	prosecutor := &ga.Actor{PartnerID: "om", PartnerKind: ga.KindOM, Roles: []ga.Role{ga.RoleDriehoek}}
	care := &ga.Actor{PartnerID: "zorg", PartnerKind: ga.KindJeugdhulp, Roles: []ga.Role{ga.RoleProfessional}}
	otherPolice := &ga.Actor{PartnerID: "pol2", PartnerKind: ga.KindPolitie, Roles: []ga.Role{ga.RoleProfessional}}
	policeAdmin := &ga.Actor{PartnerID: "pol", PartnerKind: ga.KindPolitie, Roles: []ga.Role{ga.RoleAdmin}}
	system := &ga.Actor{System: true, PartnerKind: ga.KindPolitie, Roles: []ga.Role{ga.RoleProfessional}}

	before := ga.Group{Step: ga.StepInformation, Participants: []string{"pol", "gem", "om"}}
	authorised := before
	authorised.Step = ga.StepPlan
	authorised.Decision = &ga.TriangleDecision{ApproachStarts: true, ExchangeAuthorised: true}
	noExchange := authorised
	noExchange.Decision = &ga.TriangleDecision{ApproachStarts: true}
	closedLongAgo := authorised
	closed := now.AddDate(-3, 0, 0)
	closedLongAgo.ClosedAt = &closed

	for _, tc := range []struct {
		name string
		a    *ga.Actor
		g    ga.Group
		want ga.ScanAccess
	}{
		{"police before the decision: all", police, before, ga.ScanFull},
		{"police after the decision: all", police, authorised, ga.ScanFull},
		{"municipal coordinator before the decision: nothing", municipalCoordinator, before, ga.ScanHidden},
		{"prosecutor before the decision: nothing", prosecutor, before, ga.ScanHidden},
		{"municipal coordinator after the decision: summary", municipalCoordinator, authorised, ga.ScanSummary},
		{"prosecutor after the decision: summary", prosecutor, authorised, ga.ScanSummary},
		{"care partner not taking part: nothing", care, authorised, ga.ScanHidden},
		{"decision without exchange: nothing", municipalCoordinator, noExchange, ga.ScanHidden},
		{"past retention: nothing", municipalCoordinator, closedLongAgo, ga.ScanHidden},
		{"police of a partner not taking part: nothing", otherPolice, before, ga.ScanHidden},
		{"police admin: nothing", policeAdmin, authorised, ga.ScanHidden},
		{"system: nothing", system, authorised, ga.ScanHidden},
		{"nobody", nil, authorised, ga.ScanHidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ga.AttachedScanAccess(tc.a, tc.g, terms, now); got != tc.want {
				t.Errorf("AttachedScanAccess = %d, want %d", got, tc.want)
			}
		})
	}
}
