package storage_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/auth"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// loginOutcome is what the caller of Login observes: the kind, message
// and details of the refusal, or "ok".
func loginOutcome(err error) string {
	if err == nil {
		return "ok"
	}
	var e *ga.Error
	if !errors.As(err, &e) {
		return "error: " + err.Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%v: %s", e.Kind, e.Message)
	for _, d := range e.Details {
		fmt.Fprintf(&b, " [%s=%s]", d.Name, d.Message)
	}
	return b.String()
}

// TestLoginDoesNotRevealWhichAccountsExist runs one sequence of attempts
// against an existing account and against an address without one, at the
// same moments, and wants the same answers: the throttle and the lock
// count failures per address whether or not it has an account, so that
// neither the 401s nor the 429s tell them apart.
func TestLoginDoesNotRevealWhichAccountsExist(t *testing.T) {
	a := newAccountFixture(t)
	if err := a.db.SetSecondFactor(a.sys, a.user.ID, testSecret); err != nil {
		t.Fatal(err)
	}
	const wrong = "een verkeerd wachtwoord"
	unknown := "  Niemand@Example.org " // normalised like any address
	th := auth.DefaultThrottle
	steps := []struct {
		rule    string
		advance time.Duration
		// right: the known account tries its right password (only where
		// the throttle refuses before the password is checked).
		right bool
		want  ga.Kind
	}{
		{"first failure", 0, false, ga.KindUnauthenticated},
		{"second failure", 0, false, ga.KindUnauthenticated},
		{"third failure", 0, false, ga.KindUnauthenticated},
		{"the fourth attempt waits", 0, false, ga.KindLocked},
		{"even with the right password", 0, true, ga.KindLocked},
		{"after the wait the attempt is checked", time.Second, false, ga.KindUnauthenticated},
		{"then the wait doubles", time.Second, false, ga.KindLocked},
		{"fifth failure", time.Second, false, ga.KindUnauthenticated},
		{"sixth failure", 4 * time.Second, false, ga.KindUnauthenticated},
		{"seventh failure", 8 * time.Second, false, ga.KindUnauthenticated},
		{"eighth failure", 16 * time.Second, false, ga.KindUnauthenticated},
		{"ninth failure", 32 * time.Second, false, ga.KindUnauthenticated},
		{"the wait is capped at a minute", 59 * time.Second, false, ga.KindLocked},
		{"tenth failure locks", time.Second, false, ga.KindUnauthenticated},
		{"locked", time.Minute, false, ga.KindLocked},
		{"locked, with the right password", 0, true, ga.KindLocked},
		{"still locked a second before the lock ends", th.LockFor - time.Minute - time.Second, false, ga.KindLocked},
		{"one attempt after the lock", time.Second, false, ga.KindUnauthenticated},
		{"and locked again", 0, true, ga.KindLocked},
		{"failures are forgotten after a quiet period", th.LockFor + th.ForgetAfter, false, ga.KindUnauthenticated},
		{"counted from one again", 0, false, ga.KindUnauthenticated},
		{"third failure after forgetting", 0, false, ga.KindUnauthenticated},
		{"and the fourth attempt waits again", 0, true, ga.KindLocked},
	}
	for _, s := range steps {
		t.Run(s.rule, func(t *testing.T) {
			a.clock.Advance(s.advance)
			password := wrong
			if s.right {
				password = testPassword
			}
			_, errKnown := a.login(password)
			_, errUnknown := a.db.Login(context.Background(), unknown, wrong, testOrigin)
			known, other := loginOutcome(errKnown), loginOutcome(errUnknown)
			if known != other {
				t.Errorf("existing account: %s\nunknown address:  %s\nwant the same answer", known, other)
			}
			if ga.KindOf(errKnown) != s.want {
				t.Errorf("existing account: %s, want kind %v", known, s.want)
			}
		})
	}
	t.Run("the right password logs in once the wait has passed", func(t *testing.T) {
		a.clock.Advance(time.Second)
		if _, err := a.login(testPassword); err != nil {
			t.Fatalf("login = %v, want success", err)
		}
	})
	// The audit names no address of a non-user.
	for _, e := range a.auditLines("", "") {
		if strings.Contains(strings.ToLower(e.Detail), "niemand") {
			t.Errorf("audit line %s %q names the address", e.Action, e.Detail)
		}
	}
}

// TestLoginFailuresOfUnknownAddressesExpire: the failures counted for an
// address without an account are kept under a blind index (keyed with a key
// store, SHA-256 without one), never the address, and the rows go once they
// are forgotten, so that guessing addresses does not grow the table without
// end.
func TestLoginFailuresOfUnknownAddressesExpire(t *testing.T) {
	for _, plain := range []bool{false, true} {
		name := "with a key store"
		if plain {
			name = "without a key store"
		}
		t.Run(name, func(t *testing.T) {
			clock := &fakeClock{now: fixtureStart}
			db := storagetest.Open(t, storagetest.Options{Now: clock.Now, Plain: plain})
			count := func() int {
				t.Helper()
				var n int
				if err := db.SQL().QueryRow(`SELECT count(*) FROM login_failures`).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			forget := auth.DefaultThrottle.ForgetAfter
			steps := []struct {
				rule    string
				advance time.Duration
				email   string
				want    int
			}{
				{"a failure for an unknown address is counted", 0, "een@example.org", 1},
				{"another address gets its own row", time.Minute, "twee@example.org", 2},
				{"the same address keeps its row", time.Minute, "Een@Example.org", 2},
				{"rows still within the period stay", forget - 2*time.Minute, "drie@example.org", 3},
				{"a write removes the forgotten row, not the one still counted", 90 * time.Second, "vier@example.org", 3},
				{"until only the newest is left", forget + time.Minute, "vijf@example.org", 1},
			}
			for _, s := range steps {
				clock.Advance(s.advance)
				_, err := db.Login(context.Background(), s.email, "een verkeerd wachtwoord", testOrigin)
				if ga.KindOf(err) != ga.KindUnauthenticated {
					t.Fatalf("%s: login = %v, want unauthenticated", s.rule, err)
				}
				if got := count(); got != s.want {
					t.Errorf("%s: rows = %d, want %d", s.rule, got, s.want)
				}
			}
			for range 3 {
				db.Login(context.Background(), "vijf@example.org", "een verkeerd wachtwoord", testOrigin)
			}
			if _, err := db.Login(context.Background(), "vijf@example.org", "een verkeerd wachtwoord", testOrigin); ga.KindOf(err) != ga.KindLocked {
				t.Errorf("after four failures: %v, want the wait", err)
			}
			rows, err := db.SQL().Query(`SELECT email_index FROM login_failures`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var key string
				if err := rows.Scan(&key); err != nil {
					t.Fatal(err)
				}
				if strings.Contains(key, "@") || strings.Contains(key, "example") || len(key) != 64 {
					t.Errorf("key %q is not a blind index", key)
				}
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
		})
	}
}
