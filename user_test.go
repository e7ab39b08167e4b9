package groepsaanpak_test

import (
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

func TestValidateRoles(t *testing.T) {
	tests := []struct {
		name  string
		roles []ga.Role
		ok    bool
	}{
		{"one content role", []ga.Role{ga.RoleProfessional}, true},
		{"several content roles", []ga.Role{ga.RoleDriehoek, ga.RoleProfessional}, true},
		{"admin alone", []ga.Role{ga.RoleAdmin}, true},
		{"admin and auditor", []ga.Role{ga.RoleAdmin, ga.RoleAuditor}, true},
		{"admin never combined with a role that sees personal data", []ga.Role{ga.RoleAdmin, ga.RoleCoordinator}, false},
		{"auditor never combined with a role that sees personal data", []ga.Role{ga.RoleAuditor, ga.RolePrivacyOfficer}, false},
		{"no roles", nil, false},
		{"unknown role", []ga.Role{"superuser"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := ga.ValidateRoles(tt.roles); (err == nil) != tt.ok {
				t.Fatalf("ValidateRoles(%v) = %v, want ok=%v", tt.roles, err, tt.ok)
			}
		})
	}
}

func TestRegistryPolicy(t *testing.T) {
	police := ga.Partner{ID: "p-pol", Kind: ga.KindPolitie}
	school := ga.Partner{ID: "p-sch", Kind: ga.KindSchool}
	actor := func(p ga.Partner, roles ...ga.Role) *ga.Actor {
		return &ga.Actor{UserID: "u", PartnerID: p.ID, PartnerKind: p.Kind, Roles: roles}
	}
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"admin manages users", ga.CanManageUsers(actor(school, ga.RoleAdmin)), true},
		{"coordinator does not manage users", ga.CanManageUsers(actor(school, ga.RoleCoordinator)), false},
		{"partner's driehoek member records its own signature", ga.CanRecordSignature(actor(police, ga.RoleDriehoek), police), true},
		{"professional cannot sign for own partner", ga.CanRecordSignature(actor(police, ga.RoleProfessional), police), false},
		{"driehoek member cannot sign for another partner", ga.CanRecordSignature(actor(police, ga.RoleDriehoek), school), false},
		{"coordinator records a paper signature", ga.CanRecordSignature(actor(school, ga.RoleCoordinator), police), true},
		{"partner approves amendment for itself", ga.CanApproveAmendment(actor(school, ga.RolePrivacyOfficer), school), true},
		{"nobody approves for another partner (Art 12.1)", ga.CanApproveAmendment(actor(school, ga.RoleCoordinator), police), false},
		{"professional cannot approve amendments", ga.CanApproveAmendment(actor(school, ga.RoleProfessional), school), false},
		{"police records the Wpg art 20 decision", ga.CanRecordWpg20(actor(police, ga.RoleDriehoek)), true},
		{"school cannot record the Wpg art 20 decision", ga.CanRecordWpg20(actor(school, ga.RoleDriehoek)), false},
		{"auditor reads log metadata", ga.CanReadAuditLog(actor(school, ga.RoleAuditor)), true},
		{"professional does not read the logs", ga.CanReadAuditLog(actor(school, ga.RoleProfessional)), false},
		{"nil actor may do nothing", ga.CanProposeAmendment(nil) || ga.CanRecordRegister(nil) || ga.CanApproveAmendment(nil, school), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Fatalf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}
