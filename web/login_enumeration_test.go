package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestLoginThrottleDoesNotRevealWhichAccountsExist posts one sequence of
// attempts for an existing account and for an address without one, at the
// same moments, and wants the same status and page (but for the address
// typed) each time: the wait after repeated failures and the lock come for
// both.
func TestLoginThrottleDoesNotRevealWhichAccountsExist(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	const unknown = "niemand@utrecht.example"
	steps := []struct {
		rule    string
		advance time.Duration
		right   bool // the existing account tries its right password
		status  int
		text    string
	}{
		{"first failure", 0, false, http.StatusUnauthorized, "Het e-mailadres of het wachtwoord is onjuist."},
		{"second failure", 0, false, http.StatusUnauthorized, "Het e-mailadres of het wachtwoord is onjuist."},
		{"third failure", 0, false, http.StatusUnauthorized, "Het e-mailadres of het wachtwoord is onjuist."},
		{"the fourth attempt waits", 0, false, http.StatusTooManyRequests, "Te veel mislukte pogingen. Wacht tot "},
		{"even with the right password", 0, true, http.StatusTooManyRequests, "Te veel mislukte pogingen. Wacht tot "},
		{"after the wait", 2 * time.Minute, false, http.StatusUnauthorized, "Het e-mailadres of het wachtwoord is onjuist."},
		{"fifth failure", 2 * time.Minute, false, http.StatusUnauthorized, "Het e-mailadres of het wachtwoord is onjuist."},
		{"sixth failure", 2 * time.Minute, false, http.StatusUnauthorized, "Het e-mailadres of het wachtwoord is onjuist."},
		{"seventh failure", 2 * time.Minute, false, http.StatusUnauthorized, "Het e-mailadres of het wachtwoord is onjuist."},
		{"eighth failure", 2 * time.Minute, false, http.StatusUnauthorized, "Het e-mailadres of het wachtwoord is onjuist."},
		{"ninth failure", 2 * time.Minute, false, http.StatusUnauthorized, "Het e-mailadres of het wachtwoord is onjuist."},
		{"tenth failure locks", 2 * time.Minute, false, http.StatusUnauthorized, "Het e-mailadres of het wachtwoord is onjuist."},
		{"locked", time.Minute, false, http.StatusTooManyRequests, "Uw account is geblokkeerd na te veel mislukte inlogpogingen, tot "},
		{"locked, with the right password", 0, true, http.StatusTooManyRequests, "Uw account is geblokkeerd na te veel mislukte inlogpogingen, tot "},
		{"one attempt after the lock", 15 * time.Minute, false, http.StatusUnauthorized, "Het e-mailadres of het wachtwoord is onjuist."},
		{"and locked again", 0, false, http.StatusTooManyRequests, "Uw account is geblokkeerd na te veel mislukte inlogpogingen, tot "},
	}
	for _, s := range steps {
		t.Run(s.rule, func(t *testing.T) {
			f.clock.Advance(s.advance)
			password := "dit is niet het wachtwoord"
			if s.right {
				password = f.police.Password
			}
			known := c.post("/inloggen", url.Values{"email": {f.police.Email}, "wachtwoord": {password}})
			other := c.post("/inloggen", url.Values{"email": {unknown}, "wachtwoord": {"dit is niet het wachtwoord"}})
			want(t, known, s.status, s.text)
			if other.StatusCode != known.StatusCode {
				t.Errorf("existing account: %d, unknown address: %d", known.StatusCode, other.StatusCode)
			}
			if strings.Replace(known.Body, f.police.Email, unknown, 1) != other.Body {
				t.Errorf("the pages for the existing account and the unknown address differ beyond the address typed:\n%s\n---\n%s",
					excerpt(known.Body), excerpt(other.Body))
			}
		})
	}
}
