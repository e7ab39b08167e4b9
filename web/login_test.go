package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/auth"
)

func TestLoginPage(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	r := c.get("/inloggen")
	want(t, r, http.StatusOK, `<html lang="nl"`, "voorbeeld-theme", "<title>Inloggen · Groepsaanpak</title>",
		`href="#inhoud"`, `<label class="utrecht-form-label" for="email">`, `autocomplete="current-password"`)

	t.Run("pages need a login", func(t *testing.T) {
		for _, p := range []string{"/", "/convenant", "/gebruikers", "/tokens", "/inloggen/code", "/inloggen/instellen"} {
			wantRedirect(t, c.get(p), "/inloggen")
		}
	})
	t.Run("empty fields are named", func(t *testing.T) {
		r := c.post("/inloggen", url.Values{})
		want(t, r, http.StatusUnprocessableEntity, `href="#email"`, "Vul uw e-mailadres in.", `href="#wachtwoord"`, "Vul uw wachtwoord in.",
			`id="email-fout"`, `aria-describedby="email-fout"`, `aria-invalid="true"`)
	})
	t.Run("wrong password and unknown address get the same answer", func(t *testing.T) {
		wrong := c.post("/inloggen", url.Values{"email": {f.coordinator.Email}, "wachtwoord": {"dit is niet het wachtwoord"}})
		unknown := c.post("/inloggen", url.Values{"email": {"niemand@example.org"}, "wachtwoord": {"dit is niet het wachtwoord"}})
		for _, r := range []*response{wrong, unknown} {
			want(t, r, http.StatusUnauthorized, "Het e-mailadres of het wachtwoord is onjuist.")
		}
		if strings.Replace(wrong.Body, f.coordinator.Email, "niemand@example.org", 1) != unknown.Body {
			t.Error("the pages for a wrong password and an unknown address differ beyond the address typed")
		}
	})
	t.Run("the password is never sent back", func(t *testing.T) {
		r := c.post("/inloggen", url.Values{"email": {f.coordinator.Email}, "wachtwoord": {"een ander geheim wachtwoord"}})
		if strings.Contains(r.Body, "een ander geheim wachtwoord") {
			t.Error("the login page repeats the password")
		}
	})
}

func TestLoginWithSecondFactor(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	r := c.post("/inloggen", url.Values{"email": {"  Coordinator@Utrecht.example "}, "wachtwoord": {f.coordinator.Password}})
	wantRedirect(t, r, "/inloggen/code")

	// Halfway through, the application is still closed.
	wantRedirect(t, c.get("/"), "/inloggen/code")
	wantRedirect(t, c.get("/convenant"), "/inloggen/code")
	want(t, c.get("/inloggen/code"), http.StatusOK, "Inlogcode invoeren", `autocomplete="one-time-code"`, `inputmode="numeric"`)

	want(t, c.post("/inloggen/code", url.Values{"code": {"12"}}), http.StatusUnprocessableEntity, "Vul de code van zes cijfers in.")
	want(t, c.post("/inloggen/code", url.Values{"code": {"000000"}}), http.StatusUnauthorized, "De code is onjuist of verlopen.")

	wantRedirect(t, c.post("/inloggen/code", url.Values{"code": {f.code(f.coordinator)}}), "/")
	want(t, c.get("/"), http.StatusOK, "Welkom, "+f.coordinator.Name)
	// The login page sends a logged-in user on.
	wantRedirect(t, c.get("/inloggen"), "/")
}

func TestLoginLockout(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	bad := url.Values{"email": {f.police.Email}, "wachtwoord": {"fout fout fout fout"}}

	t.Run("a short wait after repeated failures", func(t *testing.T) {
		for i := 0; i < 3; i++ {
			want(t, c.post("/inloggen", bad), http.StatusUnauthorized)
		}
		r := c.post("/inloggen", bad)
		want(t, r, http.StatusTooManyRequests, "Te veel mislukte pogingen. Wacht tot ")
		if !regexp.MustCompile(`Wacht tot \d\d:\d\d:\d\d`).MatchString(r.Body) {
			t.Errorf("the wait does not say until when:\n%s", excerpt(r.Body))
		}
	})
	t.Run("a lock after ten failures says until when", func(t *testing.T) {
		for i := 3; i < 10; i++ {
			f.clock.Advance(2 * time.Minute)
			want(t, c.post("/inloggen", bad), http.StatusUnauthorized)
		}
		lastFailure := f.clock.Now()
		f.clock.Advance(time.Minute)
		r := c.post("/inloggen", url.Values{"email": {f.police.Email}, "wachtwoord": {f.police.Password}})
		// The lock lasts 15 minutes from the last failure, shown in Dutch
		// time and rounded up to the minute.
		until := lastFailure.Add(15*time.Minute + time.Minute - time.Nanosecond).Truncate(time.Minute).In(ga.Amsterdam).Format("15:04")
		want(t, r, http.StatusTooManyRequests, "Uw account is geblokkeerd na te veel mislukte inlogpogingen, tot "+until+".")
		if strings.Contains(r.Body, "onjuist") {
			t.Error("a locked account must not be told whether the password was right")
		}
	})
	t.Run("in English", func(t *testing.T) {
		c.post("/taal", url.Values{"taal": {"en"}, "terug": {"/inloggen"}})
		r := c.post("/inloggen", bad)
		want(t, r, http.StatusTooManyRequests, "Your account is locked after too many failed login attempts, until ")
	})
}

func TestEnrolmentOfTheSecondFactor(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	r := c.post("/inloggen", url.Values{"email": {f.newcomer.Email}, "wachtwoord": {f.newcomer.Password}})
	wantRedirect(t, r, "/inloggen/instellen")
	wantRedirect(t, c.get("/inloggen/code"), "/inloggen/instellen")

	page := c.get("/inloggen/instellen")
	want(t, page, http.StatusOK, "Tweestapsverificatie instellen", `src="/inloggen/instellen/qr.png"`, `alt="QR-code`)
	m := regexp.MustCompile(`<code class="utrecht-code ga-secret" id="sleutel">([A-Z2-7 ]+)</code>`).FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatalf("no secret on the enrolment page:\n%s", excerpt(page.Body))
	}
	secret := strings.ReplaceAll(m[1], " ", "")

	qr := c.get("/inloggen/instellen/qr.png")
	want(t, qr, http.StatusOK)
	if qr.Header.Get("Content-Type") != "image/png" || qr.Header.Get("Cache-Control") != "no-store" || !strings.HasPrefix(qr.Body, "\x89PNG") {
		t.Errorf("QR code: Content-Type %q, Cache-Control %q", qr.Header.Get("Content-Type"), qr.Header.Get("Cache-Control"))
	}
	// Reloading the page shows the same pending secret.
	if again := c.get("/inloggen/instellen"); !strings.Contains(again.Body, m[1]) {
		t.Error("the pending secret changed on reload")
	}

	want(t, c.post("/inloggen/instellen", url.Values{"code": {"123456"}}), http.StatusUnauthorized, "De code is onjuist of verlopen.", m[1])

	f.clock.Advance(31 * time.Second)
	code, _ := auth.TOTPCode(secret, f.clock.Now())
	wantRedirect(t, c.post("/inloggen/instellen", url.Values{"code": {code}}), "/")
	want(t, c.get("/"), http.StatusOK, f.newcomer.Name)

	// The next login asks for the code instead.
	c2 := f.client()
	wantRedirect(t, c2.post("/inloggen", url.Values{"email": {f.newcomer.Email}, "wachtwoord": {f.newcomer.Password}}), "/inloggen/code")
	want(t, c2.get("/inloggen/instellen/qr.png"), http.StatusSeeOther)
}

func TestSessionExpiresAfterFifteenIdleMinutes(t *testing.T) {
	f := newFixture(t)
	c := f.loggedIn(f.prof)
	f.clock.Advance(14 * time.Minute)
	want(t, c.get("/convenant"), http.StatusOK)
	f.clock.Advance(14 * time.Minute)
	want(t, c.get("/partners"), http.StatusOK)

	f.clock.Advance(15*time.Minute + time.Second)
	wantRedirect(t, c.get("/partners"), "/inloggen")
	want(t, c.get("/inloggen"), http.StatusOK, "Uw sessie is verlopen")
	// The message is shown once.
	if r := c.get("/inloggen"); strings.Contains(r.Body, "Uw sessie is verlopen") {
		t.Error("the expiry message is shown again")
	}
	// A form posted after expiry goes to the login page too.
	wantRedirect(t, c.post("/geheimhouding", nil), "/inloggen")
}

func TestLogout(t *testing.T) {
	f := newFixture(t)
	c := f.loggedIn(f.prof)
	u, _ := url.Parse(f.srv.URL)
	cookies := c.hc.Jar.Cookies(u)

	wantRedirect(t, c.post("/uitloggen", nil), "/inloggen")
	want(t, c.get("/inloggen"), http.StatusOK, "U bent uitgelogd.")
	wantRedirect(t, c.get("/"), "/inloggen")

	// The old token is dead in the database, not only forgotten by the
	// browser.
	stolen := f.client()
	stolen.hc.Jar.SetCookies(u, cookies)
	wantRedirect(t, stolen.get("/"), "/inloggen")
}

func TestLanguageSwitch(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	wantRedirect(t, c.post("/taal", url.Values{"taal": {"en"}, "terug": {"/inloggen"}}), "/inloggen")
	want(t, c.get("/inloggen"), http.StatusOK, `<html lang="en"`, "Log in to Groepsaanpak", "<title>Log in · Groepsaanpak</title>", "Skip to content", `lang="nl">Nederlands</button>`)
	want(t, c.post("/inloggen", url.Values{}), http.StatusUnprocessableEntity, "Enter your e-mail address.", "Please check the following fields")

	t.Run("domain messages are translated or marked Dutch", func(t *testing.T) {
		if got := domainText(langEN, "Vul de naam van de partner in."); got != "Enter the name of the partner." {
			t.Errorf("domainText = %q", got)
		}
		if got := domainText(langEN, "Een nieuwe melding."); got != `<span lang="nl">Een nieuwe melding.</span>` {
			t.Errorf("domainText of an unknown message = %q", got)
		}
	})
	t.Run("no open redirect", func(t *testing.T) {
		for _, back := range []string{"//aanvaller.example/", "https://aanvaller.example/", "/\\aanvaller.example", ""} {
			wantRedirect(t, c.post("/taal", url.Values{"taal": {"nl"}, "terug": {back}}), "/")
		}
	})
	t.Run("unknown language is ignored", func(t *testing.T) {
		c.post("/taal", url.Values{"taal": {"xx"}, "terug": {"/inloggen"}})
		want(t, c.get("/inloggen"), http.StatusOK, `<html lang="nl"`)
	})
}
