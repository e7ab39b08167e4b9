package groepsaanpak_test

import (
	"slices"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

func fixturePartners() []ga.Partner {
	mk := func(id, name string, k ga.PartnerKind) ga.Partner {
		return ga.Partner{ID: id, Name: name, Kind: k, PublicTasks: "t", LegalGrounds: "g", ComplaintsCommittee: "k", DataProtectionOfficer: "f"}
	}
	return []ga.Partner{
		mk("p-gem", "Gemeente", ga.KindGemeente),
		mk("p-pol", "Politie", ga.KindPolitie),
		mk("p-om", "OM", ga.KindOM),
		mk("p-jh", "Jeugdhulp", ga.KindJeugdhulp),
	}
}

func fixtureTerms() ga.CovenantTerms {
	return ga.CovenantTerms{
		Title: "Convenant", ControllerModel: ga.JointControllers, CoordinatorPartnerID: "p-gem",
		EffectiveDate: "2026-01-01", RetentionAfterClosureMonths: 24, RetentionAfterMembershipMonths: 12,
		RequestDeadlineDays: 28,
	}
}

// openGate is a state in which every condition of Art 8 holds.
func openGate() ga.GateState {
	partners := fixturePartners()
	var sigs []ga.Signature
	for _, p := range partners {
		sigs = append(sigs, ga.Signature{PartnerID: p.ID})
	}
	return ga.GateState{
		Covenant:   &ga.Covenant{Version: 1, Terms: fixtureTerms()},
		Partners:   partners,
		Signatures: sigs,
		Register:   &ga.RegisterEntry{ID: "r1", DPIAReference: "DPIA-1"},
	}
}

func TestCheckGate(t *testing.T) {
	inForce := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		change  func(*ga.GateState)
		now     time.Time
		missing []string // detail names expected; nil means the gate is open
	}{
		{"open when every condition holds", func(*ga.GateState) {}, inForce, nil},
		{"closed without a covenant", func(s *ga.GateState) { s.Covenant = nil }, inForce, []string{"convenant"}},
		{"closed before the effective date", func(*ga.GateState) {}, time.Date(2025, 12, 31, 22, 59, 0, 0, time.UTC), []string{"ingangsdatum"}},
		{"open from midnight Amsterdam time on the effective date", func(*ga.GateState) {}, time.Date(2025, 12, 31, 23, 0, 0, 0, time.UTC), nil},
		{"closed while a partner has not signed", func(s *ga.GateState) { s.Signatures = s.Signatures[:3] }, inForce, []string{"ondertekening:p-jh"}},
		{"closed while no partner signed", func(s *ga.GateState) { s.Signatures = nil }, inForce, []string{"ondertekening:p-gem", "ondertekening:p-pol", "ondertekening:p-om", "ondertekening:p-jh"}},
		{"closed without a register entry", func(s *ga.GateState) { s.Register = nil }, inForce, []string{"verwerkingsregister"}},
		{"closed without a DPIA reference", func(s *ga.GateState) { s.Register.DPIAReference = "" }, inForce, []string{"dpia"}},
		{"closed without the police as partner", func(s *ga.GateState) {
			s.Partners = slices.DeleteFunc(s.Partners, func(p ga.Partner) bool { return p.Kind == ga.KindPolitie })
		}, inForce, []string{"partner:politie"}},
		{"closed when the terms lack retention periods", func(s *ga.GateState) { s.Covenant.Terms.RetentionAfterClosureMonths = 0 }, inForce, []string{"voorwaarden"}},
		{"reports every missing condition at once", func(s *ga.GateState) { s.Register = nil; s.Signatures = s.Signatures[1:] }, inForce, []string{"ondertekening:p-gem", "verwerkingsregister"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openGate()
			tt.change(&s)
			err := ga.CheckGate(s, tt.now)
			if tt.missing == nil {
				if err != nil {
					t.Fatalf("CheckGate = %v, want open", err)
				}
				return
			}
			if !ga.IsKind(err, ga.KindGateClosed) {
				t.Fatalf("CheckGate = %v, want KindGateClosed", err)
			}
			var got []string
			for _, d := range err.(*ga.Error).Details {
				got = append(got, d.Name)
			}
			if !slices.Equal(got, tt.missing) {
				t.Fatalf("missing conditions = %v, want %v", got, tt.missing)
			}
		})
	}
}

func TestCheckPersonalDataAccess(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	declared := func(roles ...ga.Role) *ga.Actor {
		return &ga.Actor{UserID: "u", PartnerID: "p-gem", Roles: roles, DeclaredVersion: 1}
	}
	tests := []struct {
		name  string
		actor *ga.Actor
		gate  func(*ga.GateState)
		want  ga.Kind // KindInternal stands for "allowed"
	}{
		{"professional with declaration may process", declared(ga.RoleProfessional), nil, ga.KindInternal},
		{"coordinator with declaration may process", declared(ga.RoleCoordinator), nil, ga.KindInternal},
		{"gate closed refuses everyone", declared(ga.RoleCoordinator), func(s *ga.GateState) { s.Register = nil }, ga.KindGateClosed},
		{"admin never processes personal data", declared(ga.RoleAdmin), nil, ga.KindForbidden},
		{"auditor never processes personal data", declared(ga.RoleAuditor), nil, ga.KindForbidden},
		{"no declaration refuses", &ga.Actor{UserID: "u", Roles: []ga.Role{ga.RoleProfessional}}, nil, ga.KindForbidden},
		{"declaration for an older version refuses", declared(ga.RoleProfessional), func(s *ga.GateState) { s.Covenant.Version = 2 }, ga.KindForbidden},
		{"no actor refuses", nil, nil, ga.KindForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openGate()
			if tt.gate != nil {
				tt.gate(&s)
			}
			err := ga.CheckPersonalDataAccess(tt.actor, s, now)
			if tt.want == ga.KindInternal {
				if err != nil {
					t.Fatalf("got %v, want allowed", err)
				}
				return
			}
			if !ga.IsKind(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
		})
	}
}
