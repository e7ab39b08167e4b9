package storage_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/auth"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

func TestAPITokens(t *testing.T) {
	f := newFixture(t)
	p := f.mustPartner(ga.KindPolitie, "Politie Eenheid Test")
	owner := f.mustAccount(p, ga.RoleProfessional, ga.RoleDriehoek)
	ownerCtx := f.actingAs(owner.ID)
	other := f.actingAs(f.mustAccount(p, ga.RoleProfessional).ID)
	admin := f.actingAs(f.mustAccount(p, ga.RoleAdmin).ID)
	ctx := context.Background()

	plain, tok, err := f.db.CreateToken(ownerCtx, owner.ID, "  Koppeling registratiesysteem ", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(plain, auth.APITokenPrefix) || tok.ID == "" || tok.UserID != owner.ID || tok.Description != "Koppeling registratiesysteem" || !tok.CreatedAt.Equal(fixtureStart) {
		t.Fatalf("created token = %+v", tok)
	}

	t.Run("creating needs the owner, an admin or the system", func(t *testing.T) {
		_, _, err := f.db.CreateToken(other, owner.ID, "x", nil)
		wantKind(t, err, ga.KindForbidden)
		_, _, err = f.db.CreateToken(ctx, owner.ID, "x", nil)
		wantKind(t, err, ga.KindUnauthenticated)
		if _, _, err := f.db.CreateToken(admin, owner.ID, "Door beheer", nil); err != nil {
			t.Errorf("admin: %v", err)
		}
		_, _, err = f.db.CreateToken(f.sys, storage.NewID(), "x", nil)
		wantKind(t, err, ga.KindNotFound)
	})
	t.Run("a token needs a description and a future expiry", func(t *testing.T) {
		past := f.clock.Now()
		_, _, err := f.db.CreateToken(ownerCtx, owner.ID, " ", &past)
		wantKind(t, err, ga.KindInvalid)
		if got, want := detailNames(err), []string{"omschrijving", "verlooptOp"}; !slices.Equal(got, want) {
			t.Errorf("details = %v, want %v", got, want)
		}
		// The last second of the year 9999 in UTC is still an expiry; a
		// second later, or the same instant written with an offset that
		// puts it in the year 10000, is not. (Another account, so that
		// the owner's list below stays as it is.)
		far := f.mustAccount(p, ga.RoleProfessional)
		farCtx := f.actingAs(far.ID)
		for _, tt := range []struct {
			at time.Time
			ok bool
		}{
			{time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), true},
			{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), false},
			{time.Date(9999, 12, 31, 23, 59, 59, 0, time.FixedZone("", -14*3600)), false},
		} {
			_, _, err := f.db.CreateToken(farCtx, far.ID, "Ver weg", &tt.at)
			if tt.ok && err != nil {
				t.Errorf("expiry %v: %v", tt.at, err)
			}
			if !tt.ok {
				wantKind(t, err, ga.KindInvalid)
			}
		}
		if list, err := f.db.Tokens(farCtx, far.ID); err != nil || len(list) != 1 {
			t.Errorf("the token list after far expiries: %d, %v", len(list), err)
		}
	})
	t.Run("a token authenticates as its user", func(t *testing.T) {
		f.clock.Advance(time.Minute)
		a, err := f.db.AuthenticateToken(ctx, plain, testOrigin)
		if err != nil {
			t.Fatal(err)
		}
		if a.UserID != owner.ID || a.TokenID != tok.ID || a.PartnerKind != ga.KindPolitie || !slices.Equal(a.Roles, owner.Roles) || a.Origin != testOrigin || a.System {
			t.Errorf("actor = %+v", a)
		}
		list, err := f.db.Tokens(ownerCtx, owner.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[1].ID != tok.ID || list[1].LastUsedAt == nil || !list[1].LastUsedAt.Equal(f.clock.Now()) {
			t.Errorf("tokens = %+v, want the used one with its last use", list)
		}
		f.wantAudit(t, "token_use", tok.ID, ga.ResultSuccess, 1)
	})
	t.Run("the last use is recorded at most every 30 seconds, every use is audited", func(t *testing.T) {
		lastUse := func() time.Time {
			t.Helper()
			list, err := f.db.Tokens(ownerCtx, owner.ID)
			if err != nil || len(list) != 2 || list[1].LastUsedAt == nil {
				t.Fatalf("tokens = %+v, %v", list, err)
			}
			return *list[1].LastUsedAt
		}
		first := lastUse()
		for _, step := range []struct {
			advance time.Duration
			moved   bool
		}{{10 * time.Second, false}, {15 * time.Second, false}, {10 * time.Second, true}} {
			f.clock.Advance(step.advance)
			if _, err := f.db.AuthenticateToken(ctx, plain, testOrigin); err != nil {
				t.Fatal(err)
			}
			if got := lastUse(); step.moved != !got.Equal(first) || step.moved && !got.Equal(f.clock.Now()) {
				t.Errorf("after %v: last use %v (first %v, now %v)", step.advance, got, first, f.clock.Now())
			}
		}
		f.wantAudit(t, "token_use", tok.ID, ga.ResultSuccess, 4)
	})
	t.Run("tokens are listed to their owner and admins only", func(t *testing.T) {
		_, err := f.db.Tokens(other, owner.ID)
		wantKind(t, err, ga.KindForbidden)
		if list, err := f.db.Tokens(admin, owner.ID); err != nil || len(list) != 2 {
			t.Errorf("admin list = %d, %v", len(list), err)
		}
	})
	t.Run("unknown and malformed tokens are refused", func(t *testing.T) {
		unknown, _, err := auth.NewToken(auth.APITokenPrefix)
		if err != nil {
			t.Fatal(err)
		}
		session, _, _ := auth.NewToken(auth.SessionTokenPrefix)
		for _, s := range []string{unknown, "", "gat_kort", session} {
			_, err := f.db.AuthenticateToken(ctx, s, testOrigin)
			wantKind(t, err, ga.KindUnauthenticated)
		}
		f.wantAudit(t, "token_use", "", ga.ResultDenied, 1)
	})
	t.Run("a revoked token is refused and its use audited as denied", func(t *testing.T) {
		wantKind(t, f.db.RevokeToken(other, tok.ID), ga.KindNotFound)
		if err := f.db.RevokeToken(ownerCtx, tok.ID); err != nil {
			t.Fatal(err)
		}
		wantKind(t, f.db.RevokeToken(ownerCtx, tok.ID), ga.KindConflict)
		_, err := f.db.AuthenticateToken(ctx, plain, testOrigin)
		wantKind(t, err, ga.KindUnauthenticated)
		f.wantAudit(t, "token_use_revoked", tok.ID, ga.ResultDenied, 1)
		f.wantAudit(t, "token_revoke", tok.ID, ga.ResultSuccess, 1)
		f.wantAudit(t, "token_revoke", tok.ID, ga.ResultDenied, 1)
	})
	t.Run("an expired token is refused", func(t *testing.T) {
		expires := f.clock.Now().Add(time.Hour)
		plain, tok, err := f.db.CreateToken(ownerCtx, owner.ID, "Kort geldig", &expires)
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(time.Hour - time.Second)
		if _, err := f.db.AuthenticateToken(ctx, plain, testOrigin); err != nil {
			t.Fatalf("a second before expiry: %v", err)
		}
		f.clock.Advance(time.Second)
		_, err = f.db.AuthenticateToken(ctx, plain, testOrigin)
		wantKind(t, err, ga.KindUnauthenticated)
		f.wantAudit(t, "token_use", tok.ID, ga.ResultDenied, 1)
	})
	t.Run("a token of an inactive user is refused, and deactivation revokes it", func(t *testing.T) {
		plain, tok, err := f.db.CreateToken(ownerCtx, owner.ID, "Tot deactivering", nil)
		if err != nil {
			t.Fatal(err)
		}
		u := *owner
		u.Active = false
		if err := f.db.UpdateUser(admin, &u); err != nil {
			t.Fatal(err)
		}
		_, err = f.db.AuthenticateToken(ctx, plain, testOrigin)
		wantKind(t, err, ga.KindUnauthenticated)
		list, err := f.db.Tokens(admin, owner.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range list {
			if l.RevokedAt == nil {
				t.Errorf("token %s of the deactivated user is not revoked", l.ID)
			}
		}
		_, _, err = f.db.CreateToken(admin, owner.ID, "Na deactivering", nil)
		wantKind(t, err, ga.KindConflict)
		f.wantAudit(t, "token_use_revoked", tok.ID, ga.ResultDenied, 1)
	})
	t.Run("an unrevoked token of an inactive user is refused", func(t *testing.T) {
		u := f.mustAccount(p, ga.RoleProfessional)
		plain, tok, err := f.db.CreateToken(f.sys, u.ID, "Systeemkoppeling", nil)
		if err != nil {
			t.Fatal(err)
		}
		// Deactivate without revoking the token, to check that the token
		// check itself refuses an inactive user.
		if _, err := f.db.SQL().Exec(`UPDATE users SET active = $2 WHERE id = $1`, u.ID, false); err != nil {
			t.Fatal(err)
		}
		_, err = f.db.AuthenticateToken(ctx, plain, testOrigin)
		wantKind(t, err, ga.KindUnauthenticated)
		f.wantAudit(t, "token_use", tok.ID, ga.ResultDenied, 1)
	})
}

// TestEveryActionIsAudited runs each audited action of the registry and the
// accounts once and checks that the audit log holds a line for it.
func TestEveryActionIsAudited(t *testing.T) {
	c := newCovenantInForce(t)
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	admin := c.mustUser(c.gemeente, ga.RoleAdmin)
	coordinator := c.mustUser(c.gemeente, ga.RoleCoordinator)

	p := *c.school
	p.PublicTasks = "Onderwijs"
	must(c.db.UpdatePartner(admin, &p))
	must(c.db.RecordWpg20Decision(c.sys, &ga.Wpg20Decision{Reference: "POL/1", DecidedOn: "2026-01-05", DecidedBy: "Korpschef", Summary: "Verstrekking"}))
	d := &ga.Dispute{Subject: "Onderwerp", Description: "Omschrijving", PartnerIDs: []string{c.school.ID}}
	must(c.db.RaiseDispute(coordinator, d))
	_, err := c.db.ResolveDispute(coordinator, d.ID, "Opgelost")
	must(err)
	must(c.db.AcceptConfidentiality(coordinator))
	terms := testTerms(c.gemeente, "2026-01-01")
	terms.RequestDeadlineDays = 21
	am := &ga.Amendment{Description: "Kortere termijn", Terms: terms}
	must(c.db.ProposeAmendment(coordinator, am))
	for _, partner := range []*ga.Partner{c.gemeente, c.politie, c.om, c.school} {
		_, err := c.db.ApproveAmendment(c.mustUser(partner, ga.RoleDriehoek), am.ID)
		must(err)
	}
	withdrawn := &ga.Amendment{Description: "Ingetrokken", Terms: terms}
	must(c.db.ProposeAmendment(coordinator, withdrawn))
	must(c.db.WithdrawAmendment(coordinator, withdrawn.ID))

	u := &ga.User{PartnerID: c.school.ID, Email: "mentor@example.org", Name: "Mentor", Roles: []ga.Role{ga.RoleProfessional}, Active: true}
	must(c.db.CreateUser(admin, u, testPassword))
	u.Roles = []ga.Role{ga.RoleProfessional, ga.RolePrivacyOfficer}
	must(c.db.UpdateUser(admin, u))
	must(c.db.SetPassword(admin, u.ID, "een ander lang wachtwoord"))
	must(c.db.SetPassword(admin, u.ID, testPassword))
	res, err := c.db.Login(ctx, u.Email, testPassword, testOrigin)
	must(err)
	_, _, err = c.db.BeginEnrolment(ctx, res.Token)
	must(err)
	must(c.db.ResetSecondFactor(admin, u.ID))
	must(c.db.SetSecondFactor(admin, u.ID, testSecret))
	for range 4 {
		c.db.Login(ctx, u.Email, "een verkeerd wachtwoord", testOrigin)
	}
	c.clock.Advance(time.Minute)
	res, err = c.db.Login(ctx, u.Email, testPassword, testOrigin)
	must(err)
	_, err = c.db.VerifySecondFactor(ctx, res.Token, "000000", testOrigin)
	wantKind(t, err, ga.KindUnauthenticated)
	c.clock.Advance(time.Minute)
	code, _ := auth.TOTPCode(testSecret, c.clock.Now())
	session, err := c.db.VerifySecondFactor(ctx, res.Token, code, testOrigin)
	must(err)
	must(c.db.Logout(ctx, session))
	res, err = c.db.Login(ctx, u.Email, testPassword, testOrigin)
	must(err)
	c.clock.Advance(time.Hour)
	_, _, err = c.db.Session(ctx, res.Token, testOrigin)
	wantKind(t, err, ga.KindUnauthenticated)

	plain, tok, err := c.db.CreateToken(admin, u.ID, "Koppeling", nil)
	must(err)
	_, err = c.db.AuthenticateToken(ctx, plain, testOrigin)
	must(err)
	must(c.db.RevokeToken(admin, tok.ID))
	_, err = c.db.AuthenticateToken(ctx, plain, testOrigin)
	wantKind(t, err, ga.KindUnauthenticated)

	for _, action := range []string{
		"partner_create", "partner_update", "covenant_terms_set", "signature_record", "register_record", "wpg20_record",
		"dispute_raise", "dispute_resolve", "confidentiality_accept",
		"amendment_propose", "amendment_approve", "amendment_in_force", "amendment_withdraw",
		"user_create", "user_update", "user_roles_change", "password_set", "second_factor_reset",
		"login", "login_failed", "login_locked", "second_factor_ok", "second_factor_failed",
		"totp_enrolment_begin", "totp_enrolled", "logout", "session_expired",
		"token_create", "token_revoke", "token_use", "token_use_revoked",
	} {
		if len(c.auditLines(action, "")) == 0 {
			t.Errorf("no audit line for %s", action)
		}
	}
	t.Run("audit lines name the user and partner, never the address", func(t *testing.T) {
		for _, e := range c.auditLines("login", "") {
			if e.UserID != u.ID || e.PartnerID != c.school.ID || e.Origin != testOrigin || strings.Contains(e.Detail, "@") {
				t.Errorf("login audit line = %+v", e.AuditRecord)
			}
		}
	})
}

// TestTokenMadeWithATokenNeverOutlivesIt makes tokens while authenticated
// with a token, as the API does. Without an expiry the new token takes its
// parent's; a later expiry is refused; an earlier one is kept. A parent
// without an expiry leaves the choice free, as a login does.
func TestTokenMadeWithATokenNeverOutlivesIt(t *testing.T) {
	f := newFixture(t)
	p := f.mustPartner(ga.KindPolitie, "Politie Eenheid Test")
	owner := f.mustAccount(p, ga.RoleProfessional)
	ownerCtx := f.actingAs(owner.ID)
	parentExpiry := f.clock.Now().Add(90 * 24 * time.Hour).UTC().Truncate(time.Microsecond)

	viaToken := func(expires *time.Time) context.Context {
		t.Helper()
		plain, _, err := f.db.CreateToken(ownerCtx, owner.ID, "Ouder", expires)
		if err != nil {
			t.Fatal(err)
		}
		a, err := f.db.AuthenticateToken(context.Background(), plain, testOrigin)
		if err != nil {
			t.Fatal(err)
		}
		return ga.WithActor(context.Background(), a)
	}
	withExpiry, withoutExpiry := viaToken(&parentExpiry), viaToken(nil)
	at := func(d time.Duration) *time.Time { x := parentExpiry.Add(d); return &x }

	tests := []struct {
		name    string
		ctx     context.Context
		expires *time.Time
		want    *time.Time // the new token's expiry; nil with wantErr means refused
		wantErr bool
	}{
		{"no expiry takes the parent's", withExpiry, nil, &parentExpiry, false},
		{"an earlier expiry is kept", withExpiry, at(-24 * time.Hour), at(-24 * time.Hour), false},
		{"the parent's own expiry is allowed", withExpiry, at(0), at(0), false},
		{"a later expiry is refused", withExpiry, at(time.Second), nil, true},
		{"a parent without expiry leaves it free", withoutExpiry, nil, nil, false},
		{"a parent without expiry allows any future one", withoutExpiry, at(365 * 24 * time.Hour), at(365 * 24 * time.Hour), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, tok, err := f.db.CreateToken(tt.ctx, owner.ID, "Afgeleid", tt.expires)
			if tt.wantErr {
				wantKind(t, err, ga.KindInvalid)
				if got := detailNames(err); !slices.Equal(got, []string{"verlooptOp"}) {
					t.Errorf("details = %v", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.want == nil && tok.ExpiresAt != nil:
				t.Errorf("expiry %v, want none", tok.ExpiresAt)
			case tt.want != nil && (tok.ExpiresAt == nil || !tok.ExpiresAt.Equal(*tt.want)):
				t.Errorf("expiry %v, want %v", tok.ExpiresAt, tt.want)
			}
		})
	}
}
