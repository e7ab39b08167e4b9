package storage_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/auth"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

const testOrigin = "198.51.100.7"

// accountFixture is a fixture with one partner and one professional.
type accountFixture struct {
	*fixture
	user *ga.User
}

func newAccountFixture(t *testing.T) *accountFixture {
	f := newFixture(t)
	p := f.mustPartner(ga.KindJeugdhulp, "Jeugdhulp Test")
	return &accountFixture{fixture: f, user: f.mustAccount(p, ga.RoleProfessional)}
}

func (a *accountFixture) login(password string) (*storage.LoginResult, error) {
	return a.db.Login(context.Background(), a.user.Email, password, testOrigin)
}

func (a *accountFixture) code() string {
	a.t.Helper()
	c, err := auth.TOTPCode(testSecret, a.clock.Now())
	if err != nil {
		a.t.Fatal(err)
	}
	return c
}

// mustCompleteLogin logs in with password and code and returns the token
// of the complete session. The user must have testSecret enrolled; the
// clock moves to the next TOTP step first, so that the code is fresh.
func (a *accountFixture) mustCompleteLogin() string {
	a.t.Helper()
	a.clock.Advance(30 * time.Second)
	res, err := a.login(testPassword)
	if err != nil {
		a.t.Fatalf("login: %v", err)
	}
	token, err := a.db.VerifySecondFactor(context.Background(), res.Token, a.code(), testOrigin)
	if err != nil {
		a.t.Fatalf("second factor: %v", err)
	}
	return token
}

func (a *accountFixture) sessionCount() int {
	a.t.Helper()
	var n int
	if err := a.db.SQL().QueryRow(`SELECT count(*) FROM sessions WHERE user_id = $1`, a.user.ID).Scan(&n); err != nil {
		a.t.Fatal(err)
	}
	return n
}

func TestLoginAnswersTheSameForUnknownAddressAndWrongPassword(t *testing.T) {
	a := newAccountFixture(t)
	_, unknown := a.db.Login(context.Background(), "niemand@example.org", testPassword, testOrigin)
	_, wrong := a.login("een verkeerd wachtwoord")
	wantKind(t, unknown, ga.KindUnauthenticated)
	wantKind(t, wrong, ga.KindUnauthenticated)
	if unknown.Error() != wrong.Error() {
		t.Errorf("unknown address: %q; wrong password: %q; want the same answer", unknown, wrong)
	}
	a.wantAudit(t, "login_failed", a.user.ID, ga.ResultDenied, 1)
	a.wantAudit(t, "login_failed", "", ga.ResultDenied, 2)

	res, err := a.db.Login(context.Background(), "  "+a.user.Email+" ", testPassword, testOrigin)
	if err != nil {
		t.Fatalf("login with the right password: %v", err)
	}
	if res.Stage != storage.StageEnrol || res.User.ID != a.user.ID || res.Token == "" {
		t.Errorf("login result = %+v, want enrolment for the user", res)
	}
	a.wantAudit(t, "login", a.user.ID, ga.ResultSuccess, 1)
}

func TestLoginThrottle(t *testing.T) {
	a := newAccountFixture(t)
	if err := a.db.SetSecondFactor(a.sys, a.user.ID, testSecret); err != nil {
		t.Fatal(err)
	}
	const wrong = "een verkeerd wachtwoord"
	steps := []struct {
		rule     string
		advance  time.Duration
		password string
		want     ga.Kind // KindInternal stands for "logged in"
		detail   string  // the detail of a KindLocked answer
	}{
		{"first failure", 0, wrong, ga.KindUnauthenticated, ""},
		{"second failure", 0, wrong, ga.KindUnauthenticated, ""},
		{"third failure, still without delay", 0, wrong, ga.KindUnauthenticated, ""},
		{"after three failures the next attempt waits a second", 0, testPassword, ga.KindLocked, "wachtenTot"},
		{"after the second the attempt is checked", time.Second, wrong, ga.KindUnauthenticated, ""},
		{"then the wait doubles", time.Second, wrong, ga.KindLocked, "wachtenTot"},
		{"fifth failure after two seconds", time.Second, wrong, ga.KindUnauthenticated, ""},
		{"sixth failure after four seconds", 4 * time.Second, wrong, ga.KindUnauthenticated, ""},
		{"seventh failure after eight seconds", 8 * time.Second, wrong, ga.KindUnauthenticated, ""},
		{"eighth failure after sixteen seconds", 16 * time.Second, wrong, ga.KindUnauthenticated, ""},
		{"ninth failure after 32 seconds", 32 * time.Second, wrong, ga.KindUnauthenticated, ""},
		{"the wait is capped at a minute", 59 * time.Second, wrong, ga.KindLocked, "wachtenTot"},
		{"tenth failure locks the account", time.Second, wrong, ga.KindUnauthenticated, ""},
		{"a locked account refuses even the right password", time.Minute, testPassword, ga.KindLocked, "geblokkeerdTot"},
		{"still locked a second before LockFor", auth.DefaultThrottle.LockFor - time.Minute - time.Second, testPassword, ga.KindLocked, "geblokkeerdTot"},
		{"unlocked after LockFor", time.Second, testPassword, ga.KindInternal, ""},
	}
	var last *storage.LoginResult
	for _, s := range steps {
		t.Run(s.rule, func(t *testing.T) {
			a.clock.Advance(s.advance)
			res, err := a.login(s.password)
			if s.want == ga.KindInternal {
				if err != nil {
					t.Fatalf("login = %v, want success", err)
				}
				last = res
				return
			}
			wantKind(t, err, s.want)
			if s.detail != "" {
				if got := detailNames(err); len(got) != 1 || got[0] != s.detail {
					t.Errorf("details = %v, want %s", got, s.detail)
				}
			}
		})
	}
	if last == nil {
		t.Fatal("no successful login")
	}
	u, err := a.db.User(a.sys, a.user.ID)
	if err != nil {
		t.Fatal(err)
	}
	if u.LockedUntil == nil {
		t.Errorf("after the password, before the code: LockedUntil = nil, want the failures still counted")
	}
	t.Run("the complete login forgives the failures", func(t *testing.T) {
		if _, err := a.db.VerifySecondFactor(context.Background(), last.Token, a.code(), testOrigin); err != nil {
			t.Fatal(err)
		}
		u, err := a.db.User(a.sys, a.user.ID)
		if err != nil || u.LockedUntil != nil {
			t.Fatalf("user = %+v, %v; want unlocked", u, err)
		}
		for range 3 {
			_, err := a.login(wrong)
			wantKind(t, err, ga.KindUnauthenticated)
		}
	})
	a.wantAudit(t, "login_failed", a.user.ID, ga.ResultDenied, 13)
	a.wantAudit(t, "login_locked", a.user.ID, ga.ResultDenied, 6) // five refusals and the lock itself
}

func TestWrongCodesCountAsFailedLogins(t *testing.T) {
	a := newAccountFixture(t)
	if err := a.db.SetSecondFactor(a.sys, a.user.ID, testSecret); err != nil {
		t.Fatal(err)
	}
	res, err := a.login(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stage != storage.StagePassword {
		t.Fatalf("stage = %s, want the code next", res.Stage)
	}
	for i := range 10 {
		a.clock.Advance(time.Minute)
		_, err := a.db.VerifySecondFactor(context.Background(), res.Token, "000000", testOrigin)
		wantKind(t, err, ga.KindUnauthenticated)
		if i == 9 {
			a.clock.Advance(time.Second)
			_, err := a.db.VerifySecondFactor(context.Background(), res.Token, a.code(), testOrigin)
			wantKind(t, err, ga.KindLocked)
		}
	}
	a.wantAudit(t, "second_factor_failed", a.user.ID, ga.ResultDenied, 10)
}

func TestSecondFactor(t *testing.T) {
	a := newAccountFixture(t)
	ctx := context.Background()

	res, err := a.login(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stage != storage.StageEnrol {
		t.Fatalf("stage = %s, want enrolment", res.Stage)
	}
	sess, actor, err := a.db.Session(ctx, res.Token, testOrigin)
	if err != nil || sess.Stage != storage.StageEnrol || actor != nil {
		t.Fatalf("Session halfway = %+v, %+v, %v; want the enrolment stage and no actor", sess, actor, err)
	}
	_, err = a.db.VerifySecondFactor(ctx, res.Token, "123456", testOrigin)
	wantKind(t, err, ga.KindConflict)

	u1, secret, err := a.db.BeginEnrolment(ctx, res.Token)
	if err != nil {
		t.Fatal(err)
	}
	u2, again, err := a.db.BeginEnrolment(ctx, res.Token)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("enrolment keeps the pending secret", func(t *testing.T) {
		if again != secret {
			t.Errorf("second BeginEnrolment gave another secret")
		}
		for _, raw := range []string{u1, u2} {
			u, err := url.Parse(raw)
			if err != nil || u.Scheme != "otpauth" || u.Query().Get("secret") != secret || u.Query().Get("issuer") != "Groepsaanpak" || u.Path != "/Groepsaanpak:"+a.user.Email {
				t.Errorf("otpauth URL %q does not carry the secret, issuer and account", raw)
			}
		}
		u, err := a.db.User(a.sys, a.user.ID)
		if err != nil || u.TOTPEnrolled {
			t.Errorf("pending enrolment: %+v, %v; want not yet enrolled", u, err)
		}
	})

	code := func() string {
		c, err := auth.TOTPCode(secret, a.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	var token string
	t.Run("a wrong code is refused", func(t *testing.T) {
		_, err := a.db.VerifySecondFactor(ctx, res.Token, "000000", testOrigin)
		wantKind(t, err, ga.KindUnauthenticated)
	})
	t.Run("the right code completes enrolment with a fresh session", func(t *testing.T) {
		token, err = a.db.VerifySecondFactor(ctx, res.Token, code(), testOrigin)
		if err != nil {
			t.Fatal(err)
		}
		if token == res.Token {
			t.Error("the session token was not replaced")
		}
		_, _, err := a.db.Session(ctx, res.Token, testOrigin)
		wantKind(t, err, ga.KindUnauthenticated)
		sess, actor, err := a.db.Session(ctx, token, testOrigin)
		if err != nil || sess.Stage != storage.StageComplete || actor == nil || actor.UserID != a.user.ID || actor.Origin != testOrigin {
			t.Fatalf("Session = %+v, %+v, %v; want complete with the user's actor", sess, actor, err)
		}
		u, err := a.db.User(a.sys, a.user.ID)
		if err != nil || !u.TOTPEnrolled {
			t.Errorf("after enrolment: %+v, %v", u, err)
		}
		_, _, err = a.db.BeginEnrolment(ctx, token)
		wantKind(t, err, ga.KindConflict)
	})
	t.Run("the same code is not accepted twice", func(t *testing.T) {
		again, err := a.login(testPassword)
		if err != nil {
			t.Fatal(err)
		}
		if again.Stage != storage.StagePassword {
			t.Fatalf("stage = %s, want the code", again.Stage)
		}
		_, err = a.db.VerifySecondFactor(ctx, again.Token, code(), testOrigin)
		wantKind(t, err, ga.KindUnauthenticated)
		a.clock.Advance(30 * time.Second)
		if _, err := a.db.VerifySecondFactor(ctx, again.Token, code(), testOrigin); err != nil {
			t.Errorf("the code of the next step: %v", err)
		}
	})
	t.Run("logout ends the session", func(t *testing.T) {
		if err := a.db.Logout(ctx, token); err != nil {
			t.Fatal(err)
		}
		_, _, err := a.db.Session(ctx, token, testOrigin)
		wantKind(t, err, ga.KindUnauthenticated)
		if err := a.db.Logout(ctx, token); err != nil {
			t.Errorf("second logout: %v", err)
		}
	})
	t.Run("a reset second factor is enrolled again", func(t *testing.T) {
		if err := a.db.ResetSecondFactor(a.sys, a.user.ID); err != nil {
			t.Fatal(err)
		}
		again, err := a.login(testPassword)
		if err != nil || again.Stage != storage.StageEnrol {
			t.Fatalf("login after reset = %+v, %v; want enrolment", again, err)
		}
		_, fresh, err := a.db.BeginEnrolment(ctx, again.Token)
		if err != nil || fresh == secret {
			t.Errorf("enrolment after reset: %v; new secret %v", err, fresh != secret)
		}
	})
	a.wantAudit(t, "totp_enrolment_begin", a.user.ID, ga.ResultSuccess, 2)
	a.wantAudit(t, "totp_enrolled", a.user.ID, ga.ResultSuccess, 1)
	a.wantAudit(t, "second_factor_ok", a.user.ID, ga.ResultSuccess, 2)
	a.wantAudit(t, "second_factor_failed", a.user.ID, ga.ResultDenied, 2)
	a.wantAudit(t, "logout", "", ga.ResultSuccess, 1)
}

func TestSessionsExpire(t *testing.T) {
	a := newAccountFixture(t)
	ctx := context.Background()
	if err := a.db.SetSecondFactor(a.sys, a.user.ID, testSecret); err != nil {
		t.Fatal(err)
	}

	t.Run("a session is seen at most every 30 seconds", func(t *testing.T) {
		token := a.mustCompleteLogin()
		login := a.clock.Now()
		a.clock.Advance(10 * time.Second)
		s, _, err := a.db.Session(ctx, token, testOrigin)
		if err != nil || !s.LastSeenAt.Equal(login) || !s.ExpiresAt.Equal(login.Add(15*time.Minute)) {
			t.Fatalf("after 10 s: %+v, %v; want last seen at login", s, err)
		}
		a.clock.Advance(30 * time.Second)
		s, _, err = a.db.Session(ctx, token, testOrigin)
		if err != nil || !s.LastSeenAt.Equal(a.clock.Now()) || !s.CreatedAt.Equal(login) {
			t.Fatalf("after 40 s: %+v, %v; want last seen now", s, err)
		}
	})
	t.Run("a session ends after 15 minutes idle and is gone", func(t *testing.T) {
		token := a.mustCompleteLogin()
		before := a.sessionCount()
		a.clock.Advance(15*time.Minute - time.Second)
		if _, _, err := a.db.Session(ctx, token, testOrigin); err != nil {
			t.Fatalf("after 14:59 idle: %v", err)
		}
		a.clock.Advance(15 * time.Minute)
		_, _, err := a.db.Session(ctx, token, testOrigin)
		wantKind(t, err, ga.KindUnauthenticated)
		if got := a.sessionCount(); got != before-1 {
			t.Errorf("sessions = %d, want the expired one deleted (%d)", got, before-1)
		}
		_, _, err = a.db.Session(ctx, token, testOrigin)
		wantKind(t, err, ga.KindUnauthenticated)
	})
	t.Run("a session ends 8 hours after login however active", func(t *testing.T) {
		token := a.mustCompleteLogin()
		for range 8*6 - 1 {
			a.clock.Advance(10 * time.Minute)
			if _, _, err := a.db.Session(ctx, token, testOrigin); err != nil {
				t.Fatalf("active session refused at %v: %v", a.clock.Now(), err)
			}
		}
		a.clock.Advance(10 * time.Minute)
		_, _, err := a.db.Session(ctx, token, testOrigin)
		wantKind(t, err, ga.KindUnauthenticated)
	})
	t.Run("the policy is configurable", func(t *testing.T) {
		a.db.SetSessionPolicy(auth.SessionPolicy{Idle: time.Minute, Absolute: time.Hour})
		defer a.db.SetSessionPolicy(auth.DefaultSessionPolicy)
		token := a.mustCompleteLogin()
		a.clock.Advance(time.Minute)
		_, _, err := a.db.Session(ctx, token, testOrigin)
		wantKind(t, err, ga.KindUnauthenticated)
	})
	t.Run("an unknown or malformed token is refused", func(t *testing.T) {
		plain, _, err := auth.NewToken(auth.SessionTokenPrefix)
		if err != nil {
			t.Fatal(err)
		}
		for _, token := range []string{plain, "", "gas_kort", "gat_" + plain[4:]} {
			_, _, err := a.db.Session(ctx, token, testOrigin)
			wantKind(t, err, ga.KindUnauthenticated)
		}
	})
	a.wantAudit(t, "session_expired", "", ga.ResultSuccess, 3)
}

func TestInactiveAccount(t *testing.T) {
	a := newAccountFixture(t)
	ctx := context.Background()
	if err := a.db.SetSecondFactor(a.sys, a.user.ID, testSecret); err != nil {
		t.Fatal(err)
	}
	token := a.mustCompleteLogin()
	u := *a.user
	u.Active = false
	if err := a.db.UpdateUser(a.sys, &u); err != nil {
		t.Fatal(err)
	}
	t.Run("deactivation ends the sessions", func(t *testing.T) {
		_, _, err := a.db.Session(ctx, token, testOrigin)
		wantKind(t, err, ga.KindUnauthenticated)
		if n := a.sessionCount(); n != 0 {
			t.Errorf("sessions = %d, want none", n)
		}
	})
	t.Run("an inactive user cannot log in, with the same answer", func(t *testing.T) {
		_, err := a.login(testPassword)
		wantKind(t, err, ga.KindUnauthenticated)
		_, wrong := a.login("een verkeerd wachtwoord")
		if err.Error() != wrong.Error() {
			t.Errorf("inactive: %q; wrong password: %q", err, wrong)
		}
	})
	t.Run("an inactive user has no actor", func(t *testing.T) {
		_, err := a.db.Actor(a.sys, a.user.ID)
		wantKind(t, err, ga.KindUnauthenticated)
	})
}

func TestPasswordResetUnlocks(t *testing.T) {
	a := newAccountFixture(t)
	for range auth.DefaultThrottle.LockAfter {
		a.clock.Advance(time.Minute)
		a.login("een verkeerd wachtwoord")
	}
	_, err := a.login(testPassword)
	wantKind(t, err, ga.KindLocked)
	if err := a.db.SetPassword(a.sys, a.user.ID, "een nieuw wachtwoord van de beheerder"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.login("een nieuw wachtwoord van de beheerder"); err != nil {
		t.Errorf("login after the reset: %v", err)
	}
}
