package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestReauthForSensitiveActions: right after login a token can be created;
// eleven minutes later (the session still alive) the same action sends the
// user to confirm the login, a wrong password is refused, and password and
// code give a new session that returns to the page and allows the action;
// the old session is gone.
func TestReauthForSensitiveActions(t *testing.T) {
	f := newFixture(t)
	c := f.loggedIn(f.coordinator)
	want(t, c.post("/tokens", url.Values{"omschrijving": {"Koppeling"}}), http.StatusCreated, "Koppeling")

	f.clock.Advance(11 * time.Minute)
	want(t, c.get("/tokens"), http.StatusOK) // not sensitive: no confirmation
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/tokens", strings.NewReader(url.Values{"omschrijving": {"Nog een"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Referer", f.srv.URL+"/tokens")
	r := c.do(req)
	wantRedirect(t, r, "/opnieuw-aanmelden?terug=%2Ftokens")
	want(t, c.get("/opnieuw-aanmelden?terug=/tokens"), http.StatusOK, "Bevestig uw aanmelding", `name="terug" value="/tokens"`)
	old := c.hc.Jar.Cookies(mustURL(t, f.srv.URL))

	want(t, c.post("/opnieuw-aanmelden", url.Values{"wachtwoord": {"fout wachtwoord"}, "code": {f.code(f.coordinator)}, "terug": {"/tokens"}}),
		http.StatusUnauthorized, "Het wachtwoord of de code is onjuist.")
	want(t, c.post("/opnieuw-aanmelden", url.Values{"wachtwoord": {f.coordinator.Password}, "code": {"12"}, "terug": {"/tokens"}}),
		http.StatusUnprocessableEntity, "Vul de code van zes cijfers in.")
	wantRedirect(t, c.post("/opnieuw-aanmelden", url.Values{"wachtwoord": {f.coordinator.Password}, "code": {f.code(f.coordinator)}, "terug": {"/tokens"}}), "/tokens")
	want(t, c.post("/tokens", url.Values{"omschrijving": {"Nog een"}}), http.StatusCreated, "Nog een")

	// The session of before the confirmation no longer works.
	stale := f.client()
	stale.hc.Jar.SetCookies(mustURL(t, f.srv.URL), old)
	wantRedirect(t, stale.get("/"), "/inloggen")

	// A return path off the site is not followed.
	want(t, c.get("/opnieuw-aanmelden?terug=//aanvaller.example/x"), http.StatusOK, `name="terug" value="/"`)
}

// TestSensitiveRoutesNeedARecentLogin lists the sensitive actions: after
// eleven minutes each sends the user to confirm the login.
func TestSensitiveRoutesNeedARecentLogin(t *testing.T) {
	f := newFixture(t)
	admin := f.loggedIn(f.admin)
	f.clock.Advance(11 * time.Minute)
	for _, r := range []*response{
		admin.post("/gebruikers/"+f.prof.ID, url.Values{"naam": {"x"}}),
		admin.post("/gebruikers/"+f.prof.ID+"/tweede-factor", nil),
		admin.post("/tokens", url.Values{"omschrijving": {"x"}}),
		admin.get("/incidenten/register.csv"),
		admin.get("/incidenten/register.json"),
	} {
		if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/opnieuw-aanmelden?terug=") {
			t.Errorf("%s %s: %d to %q, want the confirmation", r.Request.Method, r.Request.URL.Path, r.StatusCode, r.location())
		}
	}
}

// TestLoginFormsAreRateLimited: one client address gets LoginBurst login
// attempts at once, then the 429 page. Each attempt is for another address,
// so that the throttle per address (which counts addresses without an
// account too) does not answer first.
func TestLoginFormsAreRateLimited(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	for i := 0; i < LoginBurst; i++ {
		r := c.post("/inloggen", url.Values{"email": {fmt.Sprintf("niemand%d@example.org", i)}, "wachtwoord": {"fout"}})
		if r.StatusCode == http.StatusTooManyRequests {
			t.Fatalf("limited after %d attempts, want %d", i, LoginBurst)
		}
	}
	want(t, c.post("/inloggen", url.Values{"email": {f.coordinator.Email}, "wachtwoord": {f.coordinator.Password}}), http.StatusTooManyRequests,
		"Te veel aanmeldpogingen vanaf dit adres.")
	f.clock.Advance(LoginEvery)
	r := c.post("/inloggen", url.Values{"email": {f.coordinator.Email}, "wachtwoord": {f.coordinator.Password}})
	wantRedirect(t, r, "/inloggen/code")
}

func mustURL(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
