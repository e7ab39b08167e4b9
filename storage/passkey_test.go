package storage_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/internal/passkeytest"
	"github.com/groepsaanpak/groepsaanpak/passkey"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

const passkeySite = "https://groepsaanpak.voorbeeldstad.example"

// passkeyFixture is an account with TOTP, the passkey service and a
// software authenticator.
type passkeyFixture struct {
	*accountFixture
	svc  *passkey.Service
	auth *passkeytest.Authenticator
}

func newPasskeyFixture(t *testing.T) *passkeyFixture {
	a := newAccountFixture(t)
	if err := a.db.SetSecondFactor(a.sys, a.user.ID, testSecret); err != nil {
		t.Fatal(err)
	}
	svc, err := passkey.New(passkey.Config{PublicURL: passkeySite})
	if err != nil {
		t.Fatal(err)
	}
	return &passkeyFixture{accountFixture: a, svc: svc, auth: passkeytest.New(passkeySite, "groepsaanpak.voorbeeldstad.example")}
}

func (p *passkeyFixture) begin(token string, kind storage.PasskeyCeremony) ([]byte, error) {
	return p.db.BeginPasskeyCeremony(context.Background(), token, testOrigin, kind, func(a storage.PasskeyAccount) ([]byte, []byte, error) {
		if kind == storage.CeremonyRegister {
			return p.svc.BeginRegistration(passkey.Account(a))
		}
		return p.svc.BeginLogin(passkey.Account(a))
	})
}

func (p *passkeyFixture) check(kind storage.PasskeyCeremony, resp []byte) storage.PasskeyCheck {
	return func(a storage.PasskeyAccount, ceremony []byte) ([]byte, []byte, error) {
		if kind == storage.CeremonyRegister {
			return p.svc.FinishRegistration(passkey.Account(a), ceremony, resp)
		}
		return p.svc.FinishLogin(passkey.Account(a), ceremony, resp)
	}
}

// passwordStep returns the token of a session whose password was right.
func (p *passkeyFixture) passwordStep() string {
	p.t.Helper()
	res, err := p.login(testPassword)
	if err != nil || res.Stage != storage.StagePassword {
		p.t.Fatalf("login: %+v %v", res, err)
	}
	return res.Token
}

func TestPasskeys(t *testing.T) {
	p := newPasskeyFixture(t)
	ctx := context.Background()
	complete := p.mustCompleteLogin()

	// Registration, with a complete login.
	options, err := p.begin(complete, storage.CeremonyRegister)
	if err != nil {
		t.Fatalf("begin registration: %v", err)
	}
	resp, err := p.auth.Register(options)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := p.db.AddPasskey(ctx, complete, testOrigin, "  Sleutel op de laptop ", p.check(storage.CeremonyRegister, resp))
	if err != nil {
		t.Fatalf("add passkey: %v", err)
	}
	if pk.Name != "Sleutel op de laptop" {
		t.Errorf("name %q", pk.Name)
	}
	userCtx := p.actingAs(p.user.ID)
	list, err := p.db.Passkeys(userCtx)
	if err != nil || len(list) != 1 || list[0].ID != pk.ID || list[0].LastUsedAt != nil {
		t.Fatalf("passkeys %+v %v", list, err)
	}
	t.Run("a registration answer is used once", func(t *testing.T) {
		_, err := p.db.AddPasskey(ctx, complete, testOrigin, "Nog eens", p.check(storage.CeremonyRegister, resp))
		wantKind(t, err, ga.KindUnauthenticated)
	})
	t.Run("a name is required", func(t *testing.T) {
		for _, n := range []string{" ", strings.Repeat("x", 61)} {
			_, err := p.db.AddPasskey(ctx, complete, testOrigin, n, p.check(storage.CeremonyRegister, resp))
			wantKind(t, err, ga.KindInvalid)
		}
	})
	t.Run("the credential holds no secret", func(t *testing.T) {
		var cred string
		if err := p.db.SQL().QueryRow(`SELECT credential FROM passkeys`).Scan(&cred); err != nil {
			t.Fatal(err)
		}
		var c map[string]any
		if err := json.Unmarshal([]byte(cred), &c); err != nil || c["publicKey"] == nil {
			t.Errorf("stored credential %s (%v)", cred, err)
		}
		d, err := p.auth.Key.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(cred, string(d)) {
			t.Error("the private key is stored")
		}
	})

	// Login with the passkey as the second factor.
	token := p.passwordStep()
	options, err = p.begin(token, storage.CeremonyLogin)
	if err != nil {
		t.Fatalf("begin login: %v", err)
	}
	resp, err = p.auth.Login(options)
	if err != nil {
		t.Fatal(err)
	}
	full, err := p.db.VerifyPasskey(ctx, token, testOrigin, p.check(storage.CeremonyLogin, resp))
	if err != nil {
		t.Fatalf("verify passkey: %v", err)
	}
	sess, actor, err := p.db.Session(ctx, full, testOrigin)
	if err != nil || sess.Stage != storage.StageComplete || actor == nil || actor.UserID != p.user.ID {
		t.Fatalf("session after the passkey: %+v %+v %v", sess, actor, err)
	}
	if _, _, err := p.db.Session(ctx, token, testOrigin); !ga.IsKind(err, ga.KindUnauthenticated) {
		t.Errorf("the half-done session lives on: %v", err)
	}
	list, _ = p.db.Passkeys(userCtx)
	if len(list) != 1 || list[0].LastUsedAt == nil {
		t.Errorf("last use not recorded: %+v", list)
	}
	if got := auditDetails(p.fixture, "second_factor_ok"); !slices.Contains(got, "passkey "+pk.ID) {
		t.Errorf("audit %q lacks the passkey login", got)
	}

	t.Run("refused answers count as failed logins", func(t *testing.T) {
		token := p.passwordStep()
		options, err := p.begin(token, storage.CeremonyLogin)
		if err != nil {
			t.Fatal(err)
		}
		var o struct {
			PublicKey struct{ Challenge string } `json:"publicKey"`
		}
		json.Unmarshal(options, &o)
		cd, _ := p.auth.ClientData("webauthn.get", o.PublicKey.Challenge)
		other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		forged, _ := p.auth.Assert(cd, other)
		_, err = p.db.VerifyPasskey(ctx, token, testOrigin, p.check(storage.CeremonyLogin, forged))
		wantKind(t, err, ga.KindUnauthenticated)
		// The ceremony was used up: a good answer to it no longer counts.
		good, _ := p.auth.Assert(cd, p.auth.Key)
		_, err = p.db.VerifyPasskey(ctx, token, testOrigin, p.check(storage.CeremonyLogin, good))
		if !ga.IsKind(err, ga.KindUnauthenticated) && !ga.IsKind(err, ga.KindLocked) {
			t.Errorf("an answer to a used ceremony: %v", err)
		}
		got := auditDetails(p.fixture, "second_factor_failed")
		for _, want := range []string{"passkey: antwoord afgewezen", "passkey: geen ceremonie gestart of al gebruikt"} {
			if !slices.Contains(got, want) {
				t.Errorf("audit %q lacks %q", got, want)
			}
		}
		var failed int
		p.db.SQL().QueryRow(`SELECT failed_logins FROM users WHERE id = $1`, p.user.ID).Scan(&failed)
		if failed != 2 {
			t.Errorf("%d failed logins counted, want 2", failed)
		}
	})
	t.Run("a ceremony expires after five minutes", func(t *testing.T) {
		p.clock.Advance(time.Hour) // past the throttle's wait
		token := p.passwordStep()
		options, err := p.begin(token, storage.CeremonyLogin)
		if err != nil {
			t.Fatal(err)
		}
		resp, _ := p.auth.Login(options)
		p.clock.Advance(5 * time.Minute)
		_, err = p.db.VerifyPasskey(ctx, token, testOrigin, p.check(storage.CeremonyLogin, resp))
		wantKind(t, err, ga.KindUnauthenticated)
		if got := auditDetails(p.fixture, "second_factor_failed"); !slices.Contains(got, "passkey: ceremonie verlopen") {
			t.Errorf("audit %q lacks the expired ceremony", got)
		}
	})
	t.Run("each ceremony needs its stage", func(t *testing.T) {
		p.clock.Advance(time.Hour)
		_, err := p.begin(p.mustCompleteLogin(), storage.CeremonyLogin)
		wantKind(t, err, ga.KindConflict)
		half := p.passwordStep()
		_, err = p.begin(half, storage.CeremonyRegister)
		wantKind(t, err, ga.KindConflict)
		_, err = p.begin("gs_niet-echt", storage.CeremonyLogin)
		wantKind(t, err, ga.KindUnauthenticated)
	})
	t.Run("a passkey is its owner's only", func(t *testing.T) {
		other := p.mustAccount(p.mustPartner(ga.KindGemeente, "Gemeente Test"), ga.RoleProfessional)
		wantKind(t, p.db.RemovePasskey(p.actingAs(other.ID), pk.ID), ga.KindNotFound)
		if l, _ := p.db.Passkeys(p.actingAs(other.ID)); len(l) != 0 {
			t.Errorf("another user sees %d passkeys", len(l))
		}
	})
	t.Run("resetting the second factor removes the passkeys", func(t *testing.T) {
		if err := p.db.ResetSecondFactor(p.sys, p.user.ID); err != nil {
			t.Fatal(err)
		}
		if has, err := p.db.HasPasskeys(ctx, p.user.ID); err != nil || has {
			t.Errorf("passkeys after the reset: %v %v", has, err)
		}
	})
}

func TestRemovePasskey(t *testing.T) {
	p := newPasskeyFixture(t)
	complete := p.mustCompleteLogin()
	options, err := p.begin(complete, storage.CeremonyRegister)
	if err != nil {
		t.Fatal(err)
	}
	resp, _ := p.auth.Register(options)
	pk, err := p.db.AddPasskey(context.Background(), complete, testOrigin, "Telefoon", p.check(storage.CeremonyRegister, resp))
	if err != nil {
		t.Fatal(err)
	}
	userCtx := p.actingAs(p.user.ID)
	if err := p.db.RemovePasskey(userCtx, pk.ID); err != nil {
		t.Fatal(err)
	}
	wantKind(t, p.db.RemovePasskey(userCtx, pk.ID), ga.KindNotFound)
	p.wantAudit(t, "passkey_removed", pk.ID, ga.ResultSuccess, 1)
	// Without passkeys there is no passkey login.
	_, err = p.begin(p.passwordStep(), storage.CeremonyLogin)
	wantKind(t, err, ga.KindConflict)
}
