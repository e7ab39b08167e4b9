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

func testStart(state string) storage.FederatedStart {
	return storage.FederatedStart{IssuerID: "politie", State: state, Binding: "binding-" + state, Nonce: "nonce-" + state, Verifier: "verifier-" + state}
}

func auditDetails(f *fixture, action string) []string {
	var out []string
	for _, e := range f.auditLines(action, "") {
		out = append(out, e.Detail)
	}
	return out
}

func TestFederatedLoginState(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	begin := func(state string) {
		t.Helper()
		if err := f.db.BeginFederatedLogin(ctx, testStart(state), testOrigin); err != nil {
			t.Fatalf("begin: %v", err)
		}
	}

	t.Run("taken once, with the binding of the browser", func(t *testing.T) {
		begin("s1")
		st, err := f.db.TakeFederatedLogin(ctx, "s1", "binding-s1", testOrigin)
		if err != nil {
			t.Fatalf("take: %v", err)
		}
		if *st != testStart("s1") {
			t.Errorf("took %+v, want %+v", *st, testStart("s1"))
		}
		_, err = f.db.TakeFederatedLogin(ctx, "s1", "binding-s1", testOrigin)
		wantKind(t, err, ga.KindUnauthenticated)
	})
	t.Run("another browser's binding uses the state up", func(t *testing.T) {
		begin("s2")
		_, err := f.db.TakeFederatedLogin(ctx, "s2", "binding-van-een-ander", testOrigin)
		wantKind(t, err, ga.KindUnauthenticated)
		_, err = f.db.TakeFederatedLogin(ctx, "s2", "binding-s2", testOrigin)
		wantKind(t, err, ga.KindUnauthenticated)
	})
	t.Run("no binding", func(t *testing.T) {
		begin("s3")
		_, err := f.db.TakeFederatedLogin(ctx, "s3", "", testOrigin)
		wantKind(t, err, ga.KindUnauthenticated)
	})
	t.Run("expired after ten minutes", func(t *testing.T) {
		begin("s4")
		begin("s5")
		f.clock.Advance(10 * time.Minute)
		_, err := f.db.TakeFederatedLogin(ctx, "s4", "binding-s4", testOrigin)
		wantKind(t, err, ga.KindUnauthenticated)
		f.clock.Advance(-time.Second)
		begin("s6") // removes nothing younger than ten minutes
		if _, err := f.db.TakeFederatedLogin(ctx, "s5", "binding-s5", testOrigin); err != nil {
			t.Errorf("a state of 9:59 minutes was refused: %v", err)
		}
		f.clock.Advance(10*time.Minute + time.Second)
		begin("s7") // removes s6, which nobody finished
		var n int
		if err := f.db.SQL().QueryRow(`SELECT COUNT(*) FROM oidc_login_states`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("%d started logins kept, want only the fresh one", n)
		}
	})
	t.Run("only hashes of state and binding are stored", func(t *testing.T) {
		var state, binding []byte
		if err := f.db.SQL().QueryRow(`SELECT state_hash, binding_hash FROM oidc_login_states`).Scan(&state, &binding); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(state), "s7") || strings.Contains(string(binding), "binding") || len(state) != 32 {
			t.Errorf("stored state %q binding %q", state, binding)
		}
	})
	t.Run("unknown and missing states", func(t *testing.T) {
		for _, s := range []string{"", "onbekend", strings.Repeat("x", 600)} {
			_, err := f.db.TakeFederatedLogin(ctx, s, "binding", testOrigin)
			wantKind(t, err, ga.KindUnauthenticated)
		}
	})
	t.Run("an incomplete start is refused", func(t *testing.T) {
		st := testStart("s8")
		st.Verifier = ""
		wantKind(t, f.db.BeginFederatedLogin(ctx, st, testOrigin), ga.KindInvalid)
	})
	got := auditDetails(f, "oidc_login_failed")
	for _, want := range []string{"state onbekend of al gebruikt", "state hoort bij een andere browser", "state verlopen", "state ontbreekt"} {
		if !slices.Contains(got, want) {
			t.Errorf("audit lacks %q: %q", want, got)
		}
	}
	if n := len(f.auditLines("oidc_login_start", "politie")); n != 7 {
		t.Errorf("%d starts audited, want 7", n)
	}
}

func TestFederatedLogin(t *testing.T) {
	f := newFixture(t)
	police := f.mustPartner(ga.KindPolitie, "Politie Test")
	gemeente := f.mustPartner(ga.KindGemeente, "Gemeente Test")
	ctx := context.Background()
	identity := func(sub string, roles ...ga.Role) *ga.FederatedIdentity {
		return &ga.FederatedIdentity{IssuerID: "politie", Issuer: "https://login.politie.example", Subject: sub,
			Email: sub + "@politie.example", Name: "Agent " + sub, PartnerID: police.ID, Roles: roles, ACR: "hoog", SecondFactor: true}
	}

	res, err := f.db.FederatedLogin(ctx, identity("a1", ga.RoleDriehoek), testOrigin)
	if err != nil {
		t.Fatalf("first login: %v", err)
	}
	if res.Stage != storage.StageComplete || res.User.PartnerID != police.ID || !slices.Equal(res.User.Roles, []ga.Role{ga.RoleDriehoek}) {
		t.Errorf("first login: stage %s, user %+v", res.Stage, res.User)
	}
	sess, actor, err := f.db.Session(ctx, res.Token, testOrigin)
	if err != nil || sess.Stage != storage.StageComplete || actor == nil || actor.UserID != res.User.ID || actor.PartnerKind != ga.KindPolitie {
		t.Fatalf("session of the login: %+v %+v %v", sess, actor, err)
	}
	userID := res.User.ID
	fi, err := f.db.FederatedIdentityOf(f.sys, userID)
	if err != nil || fi.Subject != "a1" || fi.Issuer != "https://login.politie.example" || fi.IssuerID != "politie" {
		t.Errorf("link %+v %v", fi, err)
	}

	t.Run("the same subject is the same account, brought in line with the claims", func(t *testing.T) {
		id := identity("a1", ga.RoleDriehoek, ga.RoleProfessional)
		id.Name, id.Email, id.SecondFactor = "Agent Een", "a1.nieuw@politie.example", false
		res, err := f.db.FederatedLogin(ctx, id, testOrigin)
		if err != nil {
			t.Fatal(err)
		}
		if res.User.ID != userID || res.User.Name != "Agent Een" || res.User.Email != "a1.nieuw@politie.example" ||
			!slices.Equal(res.User.Roles, []ga.Role{ga.RoleDriehoek, ga.RoleProfessional}) {
			t.Errorf("second login: %+v", res.User)
		}
		// No second factor from the provider and none enrolled: enrolment.
		if res.Stage != storage.StageEnrol {
			t.Errorf("stage %s, want %s", res.Stage, storage.StageEnrol)
		}
		f.wantAudit(t, "user_roles_change", userID, ga.ResultSuccess, 1)
		f.wantAudit(t, "user_update", userID, ga.ResultSuccess, 1)
	})
	t.Run("an enrolled account enters its code", func(t *testing.T) {
		if err := f.db.SetSecondFactor(f.sys, userID, testSecret); err != nil {
			t.Fatal(err)
		}
		id := identity("a1", ga.RoleDriehoek)
		id.SecondFactor = false
		res, err := f.db.FederatedLogin(ctx, id, testOrigin)
		if err != nil {
			t.Fatal(err)
		}
		if res.Stage != storage.StagePassword {
			t.Errorf("stage %s, want %s", res.Stage, storage.StagePassword)
		}
		_, actor, err := f.db.Session(ctx, res.Token, testOrigin)
		if err != nil || actor != nil {
			t.Errorf("a session awaiting the code acts as %+v (%v)", actor, err)
		}
	})
	t.Run("another issuer with the same subject is another person", func(t *testing.T) {
		id := identity("a1", ga.RoleCoordinator)
		id.Issuer, id.IssuerID, id.PartnerID, id.Email = "https://idp.gemeente.example", "gemeente", gemeente.ID, "a1@gemeente.example"
		res, err := f.db.FederatedLogin(ctx, id, testOrigin)
		if err != nil {
			t.Fatal(err)
		}
		if res.User.ID == userID || res.User.PartnerID != gemeente.ID {
			t.Errorf("user %+v", res.User)
		}
	})
	t.Run("refusals", func(t *testing.T) {
		local := f.mustAccount(police, ga.RoleDriehoek)
		taken := identity("kaper", ga.RoleDriehoek)
		taken.Email = local.Email
		noPartner := identity("zwever", ga.RoleDriehoek)
		noPartner.PartnerID = "bestaat-niet"
		badRoles := identity("dubbel", ga.RoleAdmin, ga.RoleDriehoek)
		takenOnUpdate := identity("a1", ga.RoleDriehoek)
		takenOnUpdate.Email = local.Email
		for _, tc := range []struct {
			name string
			id   *ga.FederatedIdentity
			kind ga.Kind
		}{
			{"an e-mail address of a local account", taken, ga.KindConflict},
			{"a new e-mail address of another account", takenOnUpdate, ga.KindConflict},
			{"an unknown partner", noPartner, ga.KindInvalid},
			{"roles that may not be combined", badRoles, ga.KindInvalid},
			{"no roles", identity("leeg"), ga.KindInvalid},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := f.db.FederatedLogin(ctx, tc.id, testOrigin)
				wantKind(t, err, tc.kind)
			})
		}
		u, err := f.db.User(f.sys, local.ID)
		if err != nil || u.Email != local.Email || u.Name != local.Name {
			t.Errorf("the local account changed: %+v %v", u, err)
		}
		if _, err := f.db.UserByEmail(f.sys, "dubbel@politie.example"); !ga.IsKind(err, ga.KindNotFound) {
			t.Errorf("a refused identity got an account: %v", err)
		}
	})
	t.Run("a disabled account", func(t *testing.T) {
		u, err := f.db.User(f.sys, userID)
		if err != nil {
			t.Fatal(err)
		}
		u.Active = false
		if err := f.db.UpdateUser(f.sys, u); err != nil {
			t.Fatal(err)
		}
		_, err = f.db.FederatedLogin(ctx, identity("a1", ga.RoleDriehoek), testOrigin)
		wantKind(t, err, ga.KindUnauthenticated)
	})
	got := auditDetails(f, "oidc_login_failed")
	for _, want := range []string{"e-mailadres hoort bij een ander account; sub=kaper", "nieuw e-mailadres hoort bij een ander account",
		"partner van de inlogdienst bestaat niet", "claims ongeldig", "account niet actief"} {
		if !slices.Contains(got, want) {
			t.Errorf("audit lacks %q: %q", want, got)
		}
	}
	if err := f.db.FederatedLoginRefused(ctx, "politie", "nonce", "nonce hoort niet bij deze inlogpoging", testOrigin); err != nil {
		t.Fatal(err)
	}
	if got := auditDetails(f, "oidc_login_failed"); !slices.Contains(got, "nonce: nonce hoort niet bij deze inlogpoging") {
		t.Errorf("refusal not audited: %q", got)
	}
	t.Run("the link is the user's and the administrators' business", func(t *testing.T) {
		other := f.mustAccount(police, ga.RoleProfessional)
		_, err := f.db.FederatedIdentityOf(f.actingAs(other.ID), userID)
		wantKind(t, err, ga.KindForbidden)
		_, err = f.db.FederatedIdentityOf(f.sys, other.ID)
		wantKind(t, err, ga.KindNotFound)
	})
}
