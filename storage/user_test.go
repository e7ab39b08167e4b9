package storage_test

import (
	"context"
	"slices"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// testSecret is a fixed TOTP secret (160 bits in base32).
const testSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

func TestUserManagementIsForAdmins(t *testing.T) {
	f := newFixture(t)
	gemeente := f.mustPartner(ga.KindGemeente, "Gemeente Teststad")
	admin := f.mustUser(gemeente, ga.RoleAdmin)
	coordinator := f.mustUser(gemeente, ga.RoleCoordinator)
	target := f.mustAccount(gemeente, ga.RoleProfessional)

	ops := []struct {
		name string
		do   func(ctx context.Context) error
	}{
		{"create a user", func(ctx context.Context) error {
			return f.db.CreateUser(ctx, &ga.User{PartnerID: gemeente.ID, Email: "nieuw@example.org", Name: "Nieuw", Roles: []ga.Role{ga.RoleProfessional}, Active: true}, testPassword)
		}},
		{"change a user", func(ctx context.Context) error {
			u := *target
			u.Roles = []ga.Role{ga.RoleCoordinator}
			return f.db.UpdateUser(ctx, &u)
		}},
		{"list users", func(ctx context.Context) error { _, err := f.db.Users(ctx); return err }},
		{"find a user by e-mail", func(ctx context.Context) error { _, err := f.db.UserByEmail(ctx, target.Email); return err }},
		{"set another user's password", func(ctx context.Context) error { return f.db.SetPassword(ctx, target.ID, "een heel nieuw wachtwoord") }},
		{"reset a second factor", func(ctx context.Context) error { return f.db.ResetSecondFactor(ctx, target.ID) }},
		{"enrol a known second factor", func(ctx context.Context) error { return f.db.SetSecondFactor(ctx, target.ID, testSecret) }},
	}
	for _, op := range ops {
		t.Run(op.name+" is forbidden for a non-admin", func(t *testing.T) {
			wantKind(t, op.do(coordinator), ga.KindForbidden)
		})
		t.Run(op.name+" needs a login", func(t *testing.T) {
			wantKind(t, op.do(context.Background()), ga.KindUnauthenticated)
		})
		t.Run(op.name+" is allowed for an admin", func(t *testing.T) {
			if err := op.do(admin); err != nil {
				t.Fatal(err)
			}
		})
	}
	t.Run("a refusal is audited", func(t *testing.T) {
		f.wantAudit(t, "second_factor_reset", target.ID, ga.ResultDenied, 2)
		f.wantAudit(t, "second_factor_reset", target.ID, ga.ResultSuccess, 1)
	})
}

func TestUsers(t *testing.T) {
	f := newFixture(t)
	gemeente := f.mustPartner(ga.KindGemeente, "Gemeente Teststad")
	politie := f.mustPartner(ga.KindPolitie, "Politie Eenheid Test")
	admin := f.mustUser(gemeente, ga.RoleAdmin)
	colleague := f.mustAccount(gemeente, ga.RoleProfessional)
	self := f.mustAccount(politie, ga.RoleProfessional, ga.RoleDriehoek)
	selfCtx := f.actingAs(self.ID)

	t.Run("validation names every invalid field", func(t *testing.T) {
		tests := []struct {
			rule     string
			u        ga.User
			password string
			want     []string
		}{
			{"an invalid address", ga.User{PartnerID: gemeente.ID, Email: "geen adres", Name: "A", Roles: []ga.Role{ga.RoleProfessional}}, testPassword, []string{"email"}},
			{"no roles", ga.User{PartnerID: gemeente.ID, Email: "a@example.org", Name: "A"}, testPassword, []string{"rollen"}},
			{"admin combined with a content role", ga.User{PartnerID: gemeente.ID, Email: "a@example.org", Name: "A", Roles: []ga.Role{ga.RoleAdmin, ga.RoleProfessional}}, testPassword, []string{"rollen"}},
			{"an unknown partner", ga.User{PartnerID: storage.NewID(), Email: "a@example.org", Name: "A", Roles: []ga.Role{ga.RoleProfessional}}, testPassword, []string{"partnerId"}},
			{"a short password", ga.User{PartnerID: gemeente.ID, Email: "a@example.org", Name: "A", Roles: []ga.Role{ga.RoleProfessional}}, "kort", []string{"wachtwoord"}},
		}
		for _, tt := range tests {
			t.Run(tt.rule, func(t *testing.T) {
				err := f.db.CreateUser(admin, &tt.u, tt.password)
				wantKind(t, err, ga.KindInvalid)
				if got := detailNames(err); !slices.Equal(got, tt.want) {
					t.Errorf("details = %v, want %v", got, tt.want)
				}
			})
		}
	})

	t.Run("a taken address is a conflict, whatever its case", func(t *testing.T) {
		u := &ga.User{PartnerID: gemeente.ID, Email: "  " + "GEBRUIKER2@Example.org", Name: "Dubbel", Roles: []ga.Role{ga.RoleProfessional}, Active: true}
		wantKind(t, f.db.CreateUser(admin, u, testPassword), ga.KindConflict)
	})

	t.Run("a user sees itself, an admin everyone, others nobody", func(t *testing.T) {
		if got, err := f.db.User(selfCtx, self.ID); err != nil || got.Email != self.Email {
			t.Errorf("own user = %+v, %v", got, err)
		}
		_, err := f.db.User(selfCtx, colleague.ID)
		wantKind(t, err, ga.KindNotFound)
		got, err := f.db.User(admin, self.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != self.ID || got.PartnerID != politie.ID || !slices.Equal(got.Roles, self.Roles) || !got.Active || got.TOTPEnrolled || !got.CreatedAt.Equal(fixtureStart) {
			t.Errorf("user = %+v, want %+v", got, self)
		}
		_, err = f.db.User(admin, storage.NewID())
		wantKind(t, err, ga.KindNotFound)
		byEmail, err := f.db.UserByEmail(f.sys, " Gebruiker3@EXAMPLE.org ")
		if err != nil || byEmail.ID != self.ID {
			t.Errorf("UserByEmail = %+v, %v", byEmail, err)
		}
		all, err := f.db.Users(admin)
		if err != nil || len(all) != 3 {
			t.Errorf("Users = %d users, %v; want 3", len(all), err)
		}
	})

	t.Run("the actor carries partner, kind, roles and the latest declaration", func(t *testing.T) {
		a, err := f.db.Actor(selfCtx, self.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.UserID != self.ID || a.PartnerID != politie.ID || a.PartnerKind != ga.KindPolitie || !slices.Equal(a.Roles, self.Roles) || a.DeclaredVersion != 0 || a.Origin != "192.0.2.1" {
			t.Errorf("actor = %+v", a)
		}
		_, err = f.db.Actor(selfCtx, colleague.ID)
		wantKind(t, err, ga.KindNotFound)
	})

	t.Run("a role change takes effect and is audited", func(t *testing.T) {
		u := *colleague
		u.Roles = []ga.Role{ga.RoleCoordinator, ga.RoleProfessional}
		u.Name = "Collega Coördinator"
		u.Email = "poging@example.org"
		if err := f.db.UpdateUser(admin, &u); err != nil {
			t.Fatal(err)
		}
		got, err := f.db.User(admin, colleague.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Email != colleague.Email || got.Name != "Collega Coördinator" || !slices.Equal(got.Roles, u.Roles) {
			t.Errorf("updated user = %+v, want new name and roles but the old address", got)
		}
		f.wantAudit(t, "user_roles_change", colleague.ID, ga.ResultSuccess, 1)
		f.wantAudit(t, "user_update", colleague.ID, ga.ResultSuccess, 1)
	})

	t.Run("an admin cannot lock itself out", func(t *testing.T) {
		me := ga.ActorFrom(admin)
		u, err := f.db.User(admin, me.UserID)
		if err != nil {
			t.Fatal(err)
		}
		u.Active = false
		u.Roles = []ga.Role{ga.RoleAuditor}
		err = f.db.UpdateUser(admin, u)
		wantKind(t, err, ga.KindInvalid)
		if got := detailNames(err); !slices.Equal(got, []string{"actief", "rollen"}) {
			t.Errorf("details = %v", got)
		}
	})

	t.Run("a user may change the own password", func(t *testing.T) {
		wantKind(t, f.db.SetPassword(selfCtx, self.ID, "kort"), ga.KindInvalid)
		if err := f.db.SetPassword(selfCtx, self.ID, "een nieuw lang wachtwoord"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.db.Login(context.Background(), self.Email, "een nieuw lang wachtwoord", "192.0.2.1"); err != nil {
			t.Errorf("login with the new password: %v", err)
		}
		_, err := f.db.Login(context.Background(), self.Email, testPassword, "192.0.2.1")
		wantKind(t, err, ga.KindUnauthenticated)
		f.wantAudit(t, "password_set", self.ID, ga.ResultSuccess, 1)
	})

	t.Run("a known second factor must be a valid secret", func(t *testing.T) {
		err := f.db.SetSecondFactor(f.sys, self.ID, "niet-base32!")
		wantKind(t, err, ga.KindInvalid)
		if err := f.db.SetSecondFactor(f.sys, self.ID, testSecret); err != nil {
			t.Fatal(err)
		}
		got, err := f.db.User(admin, self.ID)
		if err != nil || !got.TOTPEnrolled {
			t.Errorf("after SetSecondFactor: %+v, %v; want enrolled", got, err)
		}
	})
}
