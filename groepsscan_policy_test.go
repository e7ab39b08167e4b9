package groepsaanpak_test

import (
	"testing"

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
