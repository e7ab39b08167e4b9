package web

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// pageHeaders are the headers every page carries (SPEC §9: strict security
// headers).
var pageHeaders = map[string]string{
	"Content-Security-Policy":    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
	"X-Content-Type-Options":     "nosniff",
	"Referrer-Policy":            "no-referrer",
	"X-Frame-Options":            "DENY",
	"Cross-Origin-Opener-Policy": "same-origin",
}

func checkPageHeaders(t *testing.T, r *response, tls bool) {
	t.Helper()
	for h, v := range pageHeaders {
		if got := r.Header.Get(h); got != v {
			t.Errorf("%s: %s = %q, want %q", r.Request.URL.Path, h, got, v)
		}
	}
	if pp := r.Header.Get("Permissions-Policy"); !strings.Contains(pp, "camera=()") || !strings.Contains(pp, "geolocation=()") {
		t.Errorf("%s: Permissions-Policy = %q", r.Request.URL.Path, pp)
	}
	hsts := r.Header.Get("Strict-Transport-Security")
	if tls && !strings.HasPrefix(hsts, "max-age=") {
		t.Errorf("%s: Strict-Transport-Security = %q over TLS", r.Request.URL.Path, hsts)
	}
	if !tls && hsts != "" {
		t.Errorf("%s: Strict-Transport-Security = %q without TLS", r.Request.URL.Path, hsts)
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	f := newFixture(t)
	f.openGate()
	c := f.loggedIn(f.admin)
	for _, path := range []string{
		"/", "/inloggen", "/geheimhouding", "/convenant", "/convenant/wijzigingen", "/verwerkingsregister",
		"/geschillen", "/partners", "/gebruikers", "/tokens", "/bestaat-niet", "/healthz", "/readyz",
	} {
		r := c.get(path)
		checkPageHeaders(t, r, false)
		if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s: Cache-Control = %q, want no-store", path, cc)
		}
	}
	// A refused cross-origin POST and a login error carry them too.
	checkPageHeaders(t, c.postWith("/uitloggen", nil, "cross-site"), false)
	checkPageHeaders(t, f.client().post("/inloggen", url.Values{"email": {"x@example.org"}, "wachtwoord": {"onjuist wachtwoord"}}), false)

	t.Run("HSTS over TLS", func(t *testing.T) {
		f := newFixture(t, fixtureOptions{TLS: true})
		checkPageHeaders(t, f.client().get("/inloggen"), true)
	})
}

func TestStaticAssetsAreVersionedAndCachedLong(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	page := c.get("/inloggen")
	refs := regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllStringSubmatch(page.Body, -1)
	if len(refs) < 4 {
		t.Fatalf("login page references %d static assets, want the two NL Design System style sheets, app.css and app.js", len(refs))
	}
	for _, m := range refs {
		r := c.get(m[1])
		want(t, r, http.StatusOK)
		if cc := r.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control = %q", m[1], cc)
		}
		if r.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", m[1])
		}
		if strings.HasSuffix(m[1], ".css") && !strings.HasPrefix(r.Header.Get("Content-Type"), "text/css") {
			t.Errorf("%s: Content-Type = %q", m[1], r.Header.Get("Content-Type"))
		}
		// An outdated hash must not serve the current file.
		stale := regexp.MustCompile(`/static/[0-9a-f]+/`).ReplaceAllString(m[1], "/static/000000000000/")
		want(t, c.get(stale), http.StatusNotFound)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	want(t, c.get("/healthz"), http.StatusOK, "ok")
	want(t, c.get("/readyz"), http.StatusOK, "ok")

	t.Run("readyz is 503 without database", func(t *testing.T) {
		db := storagetest.Open(t, storagetest.Options{})
		h, err := New(Config{DB: db})
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		if rec.Code != http.StatusServiceUnavailable {
			t.Errorf("readyz with closed database = %d, want 503", rec.Code)
		}
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
		if rec.Code != http.StatusOK {
			t.Errorf("healthz with closed database = %d, want 200 (the process is up)", rec.Code)
		}
	})
}

func TestAPIIsMountedAsIs(t *testing.T) {
	f := newFixture(t)
	r := f.client().get("/api/v1/partners?x=1")
	want(t, r, http.StatusOK, `{"api":true}`)
	if r.Header.Get("API-Version") != "1.0.0" {
		t.Error("API response headers were not passed through")
	}
	if r.Header.Get("Content-Security-Policy") != "" {
		t.Error("page headers were added to an API response; the API sets its own")
	}
	if len(f.api.paths) != 1 || f.api.paths[0] != "/api/v1/partners" {
		t.Errorf("API saw paths %v, want [/api/v1/partners]", f.api.paths)
	}
}

// TestAPILogLineNamesTheAPITrace checks that the application log's line
// for an API request names the trace the API answered in its traceparent
// (and wrote into the audit and processing logs), so that the line can be
// found from a client's trace and from the logs; a page's line keeps the
// page's own trace.
func TestAPILogLineNamesTheAPITrace(t *testing.T) {
	f := newFixture(t)
	const apiTrace = "4bf92f3577b34da6a3ce929d0e0e4736"
	f.api.mu.Lock()
	f.api.traceparent = "00-" + apiTrace + "-00f067aa0ba902b7-01"
	f.api.mu.Unlock()
	want(t, f.client().get("/api/v1/partners"), http.StatusOK)
	want(t, f.client().get("/inloggen"), http.StatusOK)

	lines := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(f.logs.String()), "\n") {
		var l struct {
			Msg     string `json:"msg"`
			Pattern string `json:"pattern"`
			TraceID string `json:"trace_id"`
		}
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if l.Msg == "request" {
			lines[l.Pattern] = l.TraceID
		}
	}
	if got := lines["/api/v1/"]; got != apiTrace {
		t.Errorf("API request logged with trace %q, want the API's %q (log: %v)", got, apiTrace, lines)
	}
	if got := lines["GET /inloggen"]; got == "" || got == apiTrace {
		t.Errorf("page request logged with trace %q, want its own", got)
	}
}

func TestSessionCookieAttributes(t *testing.T) {
	for _, tls := range []bool{false, true} {
		name := map[bool]string{false: "plain HTTP", true: "TLS"}[tls]
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, fixtureOptions{TLS: tls})
			form := url.Values{"email": {f.coordinator.Email}, "wachtwoord": {f.coordinator.Password}}
			req := httptest.NewRequest(http.MethodPost, "/inloggen", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			rec := httptest.NewRecorder()
			f.handler.ServeHTTP(rec, req)
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("login = %d, want 303\n%s", rec.Code, rec.Body)
			}
			var c *http.Cookie
			for _, ck := range rec.Result().Cookies() {
				if strings.Contains(ck.Name, "sessie") {
					c = ck
				}
			}
			if c == nil {
				t.Fatalf("no session cookie in %v", rec.Result().Header["Set-Cookie"])
			}
			wantName := "groepsaanpak-sessie"
			if tls {
				wantName = "__Host-groepsaanpak-sessie"
			}
			if c.Name != wantName {
				t.Errorf("cookie name %q, want %q", c.Name, wantName)
			}
			if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || c.Domain != "" {
				t.Errorf("cookie %+v: want HttpOnly, SameSite=Strict, Path=/, no Domain", c)
			}
			if c.Secure != tls {
				t.Errorf("cookie Secure = %v, want %v", c.Secure, tls)
			}
			if !strings.HasPrefix(c.Value, "gas_") {
				t.Errorf("cookie value is not a session token")
			}
		})
	}
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	f := newFixture(t)
	f.openGate()
	c := f.loggedIn(f.coordinator)

	r := c.postWith("/uitloggen", nil, "cross-site")
	want(t, r, http.StatusForbidden, "Verzoek geweigerd")
	// The session survived the forged logout.
	want(t, c.get("/"), http.StatusOK, f.coordinator.Name)

	r = c.postWith("/geheimhouding", nil, "cross-site")
	want(t, r, http.StatusForbidden)
	want(t, c.get("/"), http.StatusOK, "Nog niet geaccepteerd")

	// A login form posted from another site is refused as well, and an
	// Origin that is not ours without fetch metadata too.
	want(t, f.client().postWith("/inloggen", url.Values{"email": {f.coordinator.Email}, "wachtwoord": {f.coordinator.Password}}, "cross-site"), http.StatusForbidden)
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/geheimhouding", nil)
	req.Header.Set("Origin", "https://aanvaller.example")
	want(t, c.do(req), http.StatusForbidden)

	// The same form from our own pages works.
	wantRedirect(t, c.post("/geheimhouding", nil), "/")
}

func TestRequestBodyLimit(t *testing.T) {
	f := newFixture(t)
	big := url.Values{"email": {"a@example.org"}, "wachtwoord": {strings.Repeat("x", maxFormBytes+1)}}
	want(t, f.client().post("/inloggen", big), http.StatusRequestEntityTooLarge, "Te veel gegevens")
}

func TestApplicationLogHoldsNoPersonalData(t *testing.T) {
	f := newFixture(t)
	f.openGate()
	c := f.client()
	// A failed login, a successful one, form posts and a query string.
	c.post("/inloggen", url.Values{"email": {f.coordinator.Email}, "wachtwoord": {"geheim-verkeerd-wachtwoord"}})
	c.login(f.coordinator)
	c.get("/verwerkingsregister/nieuw?activiteit=geheime-activiteit")
	c.post("/geschillen", url.Values{"onderwerp": {"Ruzie over Jan Jansen"}, "omschrijving": {"Persoonlijk verhaal"}})
	c.get("/convenant/wijzigingen/00000000-0000-0000-0000-000000000000")

	logs := f.logs.String()
	for _, secret := range []string{
		f.coordinator.Email, f.coordinator.Name, f.coordinator.Password, "geheim-verkeerd-wachtwoord",
		"geheime-activiteit", "Jan Jansen", "Persoonlijk verhaal", "00000000-0000-0000-0000-000000000000",
	} {
		if strings.Contains(logs, secret) {
			t.Errorf("application log contains %q:\n%s", secret, logs)
		}
	}
	for _, wantText := range []string{`"pattern":"POST /inloggen"`, `"pattern":"GET /convenant/wijzigingen/{id}"`, `"status":404`, `"trace_id":"`, `"duration":`} {
		if !strings.Contains(logs, wantText) {
			t.Errorf("application log lacks %s:\n%s", wantText, logs)
		}
	}
}

// TestNoInlineScriptOrStyle checks the templates for what the
// Content-Security-Policy would block: style attributes, style elements,
// inline scripts and event-handler attributes.
func TestNoInlineScriptOrStyle(t *testing.T) {
	forbidden := regexp.MustCompile(`(?i)\sstyle=|<style|\son[a-z]+=|javascript:`)
	script := regexp.MustCompile(`(?is)<script([^>]*)>(.*?)</script>`)
	err := fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := fs.ReadFile(templateFS, p)
		if m := forbidden.FindString(string(b)); m != "" {
			t.Errorf("%s contains %q, which the CSP forbids", p, m)
		}
		for _, m := range script.FindAllStringSubmatch(string(b), -1) {
			if !strings.Contains(m[1], "src=") || strings.TrimSpace(m[2]) != "" {
				t.Errorf("%s has an inline script: %s", p, m[0])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
