package web

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/federation"
	"github.com/groepsaanpak/groepsaanpak/internal/oidctest"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// The acr values of the tests: eIDAS levels of assurance, of which the
// configuration accepts substantial and high as a second factor.
const (
	acrLow         = "http://eidas.europa.eu/LoA/low"
	acrSubstantial = "http://eidas.europa.eu/LoA/substantial"
	acrHigh        = "http://eidas.europa.eu/LoA/high"
)

// oidcFixture is the fixture with the police's identity provider running
// inside the test and configured as the federation of the application.
type oidcFixture struct {
	*fixture
	idp *oidctest.Provider
}

func newOIDCFixture(t *testing.T, setup ...func(*oidctest.Provider)) *oidcFixture {
	t.Helper()
	return newOIDCFixtureAuth(t, `"clientSecretEnv": "GA_TEST_POLITIE_SECRET"`, nil, setup...)
}

// newOIDCFixtureAuth configures the client authentication at the token
// endpoint with auth (JSON fields of the issuer), reading files through
// readFile.
func newOIDCFixtureAuth(t *testing.T, auth string, readFile func(string) ([]byte, error), setup ...func(*oidctest.Provider)) *oidcFixture {
	t.Helper()
	f := newFixture(t)
	idp := oidctest.New(t, f.clock.Now)
	for _, fn := range setup {
		fn(idp)
	}
	// The configuration needs the application's address, which exists once
	// its server runs; the handler comes after.
	var h http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	cfgJSON := fmt.Sprintf(`{
  "redirectUrl": %q,
  "issuers": [{
    "id": "politie",
    "organisation": "Politie Midden-Nederland",
    "issuer": %q,
    "clientId": %q,
    %s,
    "partnerId": %q,
    "acrValues": [%q],
    "secondFactorAcr": [%q, %q],
    "roleClaim": "groepen",
    "roles": {"gap-driehoek": "driehoek", "gap-professional": "professional", "gap-beheer": "admin"}
  }]
}`, srv.URL+federation.CallbackPath, idp.Issuer, idp.ClientID, auth, f.politie.ID, acrHigh, acrSubstantial, acrHigh)
	cfg, err := federation.Parse([]byte(cfgJSON), federation.Environment{Getenv: func(k string) string {
		if k == "GA_TEST_POLITIE_SECRET" {
			return idp.ClientSecret
		}
		return ""
	}, ReadFile: readFile})
	if err != nil {
		t.Fatalf("federation config: %v", err)
	}
	h, err = New(Config{
		DB:         f.db,
		API:        f.api,
		Logger:     slog.New(slog.NewJSONHandler(f.logs, nil)),
		Version:    "test",
		Federation: federation.New(cfg, federation.Options{Now: f.clock.Now}),
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	f.srv = srv
	idp.SetPerson(agent("agent-007", acrHigh, "gap-driehoek"))
	return &oidcFixture{fixture: f, idp: idp}
}

// agent is the claims of a police officer at the provider.
func agent(sub, acr string, groups ...string) map[string]any {
	c := map[string]any{
		"sub": sub, "email": sub + "@politie.example", "email_verified": true, "name": "Agent " + sub,
		"groepen": groups,
	}
	if acr != "" {
		c["acr"] = acr
	}
	return c
}

// getURL fetches an absolute URL, such as the provider's.
func (c *client) getURL(u string) *response {
	c.f.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	return c.do(req)
}

// toProvider presses the button of the police and follows the redirect to
// the provider, which sends the browser back; it returns the callback URL
// the provider sent.
func (o *oidcFixture) toProvider(c *client) *url.URL {
	o.t.Helper()
	r := c.get("/inloggen/oidc/politie")
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.location(), o.idp.Issuer+"/authorize?") {
		o.t.Fatalf("start: status %d to %q, want 303 to the provider\n%s", r.StatusCode, r.location(), excerpt(r.Body))
	}
	back := c.getURL(r.location())
	if back.StatusCode != http.StatusFound {
		o.t.Fatalf("provider: status %d, want 302\n%s", back.StatusCode, back.Body)
	}
	u, err := url.Parse(back.location())
	if err != nil || u.Path != federation.CallbackPath {
		o.t.Fatalf("provider sent the browser to %q", back.location())
	}
	return u
}

var continueRE = regexp.MustCompile(`id="doorgaan" href="([^"]+)"`)

// callback returns to the application; on success it returns where the
// continue page leads.
func (o *oidcFixture) callback(c *client, u *url.URL) (*response, string) {
	o.t.Helper()
	r := c.getURL(u.String())
	next := ""
	if m := continueRE.FindStringSubmatch(r.Body); m != nil {
		next = m[1]
	}
	return r, next
}

// auditDetails returns the detail of each audit line of the action, in
// order.
func (f *fixture) auditDetails(action string) []string {
	f.t.Helper()
	entries, err := f.db.AuditEntries(system(), storage.AuditFilter{Action: action, Limit: storage.MaxLogPage})
	if err != nil {
		f.t.Fatalf("audit log: %v", err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, string(e.Result)+" "+e.Detail)
	}
	return out
}

func wantAuditDetail(t *testing.T, f *fixture, action, substr string) {
	t.Helper()
	details := f.auditDetails(action)
	if !slices.ContainsFunc(details, func(d string) bool { return strings.Contains(d, substr) }) {
		t.Errorf("audit log has no %s line with %q; it has %q", action, substr, details)
	}
}

func (o *oidcFixture) federatedUser(sub string) *ga.User {
	o.t.Helper()
	u, err := o.db.UserByEmail(system(), sub+"@politie.example")
	if err != nil {
		o.t.Fatalf("user of %s: %v", sub, err)
	}
	return u
}

func TestFederatedLoginPage(t *testing.T) {
	o := newOIDCFixture(t)
	r := o.client().get("/inloggen")
	want(t, r, http.StatusOK, "Inloggen via uw organisatie", `href="/inloggen/oidc/politie"`,
		">Inloggen via Politie Midden-Nederland</a>", "Inloggen met een account van Groepsaanpak", `action="/inloggen"`)

	plain := newFixture(t)
	wantNot(t, plain.client().get("/inloggen"), "Inloggen via", "/inloggen/oidc/")
	t.Run("an unknown provider is not found", func(t *testing.T) {
		want(t, o.client().get("/inloggen/oidc/onbekend"), http.StatusNotFound)
		want(t, plain.client().get("/inloggen/oidc/politie"), http.StatusNotFound)
		want(t, plain.client().get(federation.CallbackPath+"?state=x&code=y"), http.StatusNotFound)
	})
	t.Run("the start sets the binding cookie", func(t *testing.T) {
		r := o.client().get("/inloggen/oidc/politie")
		var binding *http.Cookie
		for _, c := range r.Cookies() {
			if c.Name == "groepsaanpak-oidc" {
				binding = c
			}
		}
		if binding == nil || len(binding.Value) < 43 || !binding.HttpOnly || binding.SameSite != http.SameSiteLaxMode ||
			binding.Path != "/" || binding.MaxAge != int(federation.StateLifetime.Seconds()) {
			t.Errorf("binding cookie %+v", binding)
		}
	})
}

func TestFederatedLoginSuccess(t *testing.T) {
	o := newOIDCFixture(t)
	c := o.client()
	cb := o.toProvider(c)

	// The authorization request as the NL GOV profile asks: the code flow,
	// PKCE S256, state, nonce, the openid scope and the requested acr.
	reqs := o.idp.Authorizations()
	if len(reqs) != 1 {
		t.Fatalf("provider saw %d authorization requests, want 1", len(reqs))
	}
	q := reqs[0]
	for k, v := range map[string]string{"response_type": "code", "code_challenge_method": "S256", "acr_values": acrHigh,
		"client_id": o.idp.ClientID, "redirect_uri": o.srv.URL + federation.CallbackPath} {
		if q.Get(k) != v {
			t.Errorf("authorization request %s = %q, want %q", k, q.Get(k), v)
		}
	}
	for _, k := range []string{"state", "nonce", "code_challenge"} {
		if len(q.Get(k)) < 43 {
			t.Errorf("authorization request %s = %q, want at least 256 bits", k, q.Get(k))
		}
	}
	if !slices.Contains(strings.Fields(q.Get("scope")), "openid") {
		t.Errorf("scope %q lacks openid", q.Get("scope"))
	}
	if q.Get("state") == q.Get("nonce") {
		t.Error("state and nonce are the same value")
	}

	r, next := o.callback(c, cb)
	want(t, r, http.StatusOK, "Aangemeld via Politie Midden-Nederland", `id="doorgaan" href="/"`)
	if next != "/" {
		t.Fatalf("continue to %q, want / (acr high counts as the second factor)", next)
	}
	want(t, c.get(next), http.StatusOK, "Welkom, Agent agent-007")

	u := o.federatedUser("agent-007")
	if u.PartnerID != o.politie.ID || !slices.Equal(u.Roles, []ga.Role{ga.RoleDriehoek}) || !u.Active {
		t.Errorf("account = partner %s roles %v active %v, want police driehoek active", u.PartnerID, u.Roles, u.Active)
	}
	wantAuditDetail(t, o.fixture, "oidc_login_start", string(ga.ResultSuccess))
	wantAuditDetail(t, o.fixture, "user_create", "via inlogdienst politie; rollen=driehoek")
	wantAuditDetail(t, o.fixture, "oidc_login", "acr="+acrHigh+" geldt als tweede factor")

	t.Run("the next login updates roles and name from the claims", func(t *testing.T) {
		p := agent("agent-007", acrSubstantial, "gap-professional", "gap-driehoek", "kantine")
		p["name"] = "Agent Zeven"
		o.idp.SetPerson(p)
		c := o.client()
		_, next := o.callback(c, o.toProvider(c))
		if next != "/" {
			t.Fatalf("continue to %q, want /", next)
		}
		want(t, c.get("/"), http.StatusOK, "Welkom, Agent Zeven")
		again := o.federatedUser("agent-007")
		if again.ID != u.ID || !slices.Equal(again.Roles, []ga.Role{ga.RoleDriehoek, ga.RoleProfessional}) {
			t.Errorf("account %s roles %v, want the same account %s with driehoek,professional", again.ID, again.Roles, u.ID)
		}
		wantAuditDetail(t, o.fixture, "user_roles_change", "via inlogdienst politie: driehoek -> driehoek,professional")
	})
	t.Run("a password login on the account fails", func(t *testing.T) {
		r := o.client().post("/inloggen", url.Values{"email": {u.Email}, "wachtwoord": {"een willekeurig wachtwoord"}})
		want(t, r, http.StatusUnauthorized, "Het e-mailadres of het wachtwoord is onjuist.")
	})
}

func TestFederatedLoginRefused(t *testing.T) {
	cases := []struct {
		name string
		// prepare changes the provider before the login.
		prepare func(o *oidcFixture)
		// alter changes the callback URL or the browser before it returns.
		alter  func(o *oidcFixture, cb *url.URL, c **client)
		status int
		text   string
		audit  string
	}{
		{
			name:   "wrong state",
			alter:  func(o *oidcFixture, cb *url.URL, c **client) { setQuery(cb, "state", "een-andere-state") },
			status: http.StatusUnauthorized, text: "Deze inlogpoging is verlopen of ongeldig.", audit: "state onbekend of al gebruikt",
		},
		{
			name:   "no state",
			alter:  func(o *oidcFixture, cb *url.URL, c **client) { setQuery(cb, "state", "") },
			status: http.StatusUnauthorized, text: "Deze inlogpoging is verlopen of ongeldig.", audit: "state ontbreekt",
		},
		{
			name:   "state of another browser",
			alter:  func(o *oidcFixture, cb *url.URL, c **client) { *c = o.client() },
			status: http.StatusUnauthorized, text: "Deze inlogpoging is verlopen of ongeldig.", audit: "state hoort bij een andere browser",
		},
		{
			name:   "state expired",
			alter:  func(o *oidcFixture, cb *url.URL, c **client) { o.clock.Advance(federation.StateLifetime + time.Second) },
			status: http.StatusUnauthorized, text: "Deze inlogpoging is verlopen of ongeldig.", audit: "state verlopen",
		},
		{
			name:    "wrong nonce",
			prepare: func(o *oidcFixture) { o.idp.Tamper(func(c map[string]any) { c["nonce"] = "een-andere-nonce" }) },
			status:  http.StatusUnauthorized, text: "het antwoord van de inlogdienst kon niet worden gecontroleerd", audit: "nonce",
		},
		{
			name:    "missing nonce",
			prepare: func(o *oidcFixture) { o.idp.Tamper(func(c map[string]any) { delete(c, "nonce") }) },
			status:  http.StatusUnauthorized, text: "kon niet worden gecontroleerd", audit: "nonce",
		},
		{
			name:    "wrong issuer",
			prepare: func(o *oidcFixture) { o.idp.Tamper(func(c map[string]any) { c["iss"] = "https://nep.example" }) },
			status:  http.StatusUnauthorized, text: "kon niet worden gecontroleerd", audit: "id_token: oidc: id token issued by a different provider",
		},
		{
			name:    "wrong audience",
			prepare: func(o *oidcFixture) { o.idp.Tamper(func(c map[string]any) { c["aud"] = "een-andere-applicatie" }) },
			status:  http.StatusUnauthorized, text: "kon niet worden gecontroleerd", audit: "id_token: oidc: expected audience",
		},
		{
			name: "two audiences without this client as authorized party",
			prepare: func(o *oidcFixture) {
				o.idp.Tamper(func(c map[string]any) { c["aud"] = []string{o.idp.ClientID, "een-andere-applicatie"} })
			},
			status: http.StatusUnauthorized, text: "kon niet worden gecontroleerd", audit: "id_token: azp is niet deze applicatie",
		},
		{
			name: "expired ID token",
			prepare: func(o *oidcFixture) {
				o.idp.Tamper(func(c map[string]any) { c["exp"] = o.clock.Now().Add(-time.Minute).Unix() })
			},
			status: http.StatusUnauthorized, text: "Het antwoord van de inlogdienst van Politie Midden-Nederland was verlopen.", audit: "id_token_verlopen",
		},
		{
			name:    "signed with a key the provider does not publish",
			prepare: func(o *oidcFixture) { o.idp.SignWithOtherKey(o.t) },
			status:  http.StatusUnauthorized, text: "kon niet worden gecontroleerd", audit: "id_token: ",
		},
		{
			name:    "unmapped user",
			prepare: func(o *oidcFixture) { o.idp.SetPerson(agent("kantine-1", acrHigh, "kantine", "gap-onbekend")) },
			status:  http.StatusForbidden, text: "geeft geen toegang tot Groepsaanpak: er is geen rol in Groepsaanpak aan gekoppeld",
			audit: "niet_gekoppeld: geen rol gekoppeld aan de claim groepen; sub=kantine-1",
		},
		{
			name:    "roles that may not be combined",
			prepare: func(o *oidcFixture) { o.idp.SetPerson(agent("dubbel", acrHigh, "gap-beheer", "gap-driehoek")) },
			status:  http.StatusForbidden, text: "er is geen rol in Groepsaanpak aan gekoppeld", audit: "niet_gekoppeld: claims onbruikbaar (rollen)",
		},
		{
			name: "unverified e-mail address",
			prepare: func(o *oidcFixture) {
				p := agent("onbevestigd", acrHigh, "gap-driehoek")
				p["email_verified"] = false
				o.idp.SetPerson(p)
			},
			status: http.StatusForbidden, text: "een geverifieerd e-mailadres", audit: "claims: e-mailadres niet geverifieerd",
		},
		{
			name:    "the provider refuses",
			prepare: func(o *oidcFixture) { o.idp.FailAuthorization("access_denied") },
			status:  http.StatusUnauthorized, text: "Het inloggen bij Politie Midden-Nederland is afgebroken of geweigerd.", audit: "fout_van_aanbieder: access_denied",
		},
		{
			name:   "the iss parameter names another provider",
			alter:  func(o *oidcFixture, cb *url.URL, c **client) { setQuery(cb, "iss", "https://nep.example") },
			status: http.StatusUnauthorized, text: "kon niet worden gecontroleerd", audit: "id_token: iss-parameter hoort bij een andere inlogdienst",
		},
		{
			name:   "no code",
			alter:  func(o *oidcFixture, cb *url.URL, c **client) { setQuery(cb, "code", "") },
			status: http.StatusUnauthorized, text: "kon niet worden gecontroleerd", audit: "code_inwisselen: geen code",
		},
	}
	// One installation serves every case, each with a browser of its own
	// and the provider reset to good answers, to keep the suite quick.
	o := newOIDCFixture(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o.idp.Reset()
			o.idp.SetPerson(agent("agent-007", acrHigh, "gap-driehoek"))
			o.t = t
			failedBefore := len(o.auditDetails("oidc_login_failed"))
			if tc.prepare != nil {
				tc.prepare(o)
			}
			c := o.client()
			cb := o.toProvider(c)
			if tc.alter != nil {
				tc.alter(o, cb, &c)
			}
			r, next := o.callback(c, cb)
			want(t, r, tc.status, tc.text, `action="/inloggen"`)
			if next != "" {
				t.Errorf("refused login continues to %q", next)
			}
			if sc := sessionCookieOf(r); sc != "" {
				t.Errorf("refused login sets a session cookie")
			}
			wantRedirect(t, c.get("/"), "/inloggen")
			failed := o.auditDetails("oidc_login_failed")
			if len(failed) != failedBefore+1 || !strings.Contains(failed[len(failed)-1], string(ga.ResultDenied)+" "+tc.audit) {
				t.Errorf("audit lines of the refusal: %q, want one more with %q", failed[failedBefore:], tc.audit)
			}
			if n := len(o.auditDetails("oidc_login")); n != 0 {
				t.Errorf("%d successful logins audited, want none", n)
			}
		})
	}
}

func setQuery(u *url.URL, k, v string) {
	q := u.Query()
	q.Set(k, v)
	u.RawQuery = q.Encode()
}

// sessionCookieOf returns the session token a response sets, if any.
func sessionCookieOf(r *response) string {
	for _, c := range r.Cookies() {
		if strings.Contains(c.Name, "groepsaanpak-sessie") && c.Value != "" {
			return c.Value
		}
	}
	return ""
}

func TestFederatedLoginReplayedState(t *testing.T) {
	o := newOIDCFixture(t)
	c := o.client()
	cb := o.toProvider(c)
	// The browser's binding cookie is kept, to replay with it: the state
	// must be refused on its own account, not only for a missing cookie.
	appURL, _ := url.Parse(o.srv.URL)
	binding := slices.Clone(c.hc.Jar.Cookies(appURL))
	r, next := o.callback(c, cb)
	want(t, r, http.StatusOK)
	if next != "/" {
		t.Fatalf("first use: continue to %q, want /", next)
	}
	for _, replay := range []*client{c, o.client()} {
		replay.hc.Jar.SetCookies(appURL, binding)
		r, next := o.callback(replay, cb)
		want(t, r, http.StatusUnauthorized, "Deze inlogpoging is verlopen of ongeldig.")
		if next != "" || sessionCookieOf(r) != "" {
			t.Error("a replayed state logged in")
		}
	}
	if got := o.auditDetails("oidc_login_failed"); len(got) != 2 || !strings.Contains(got[0], "state onbekend of al gebruikt") {
		t.Errorf("audit of the replays: %q, want two refusals of a used state", got)
	}
}

// TestFederatedLoginPKCE injects the code of one browser's login into
// another's: with the state and binding of the victim's browser the
// application sends the victim's verifier, which does not match the
// challenge the code was issued for, and the provider refuses it.
func TestFederatedLoginPKCE(t *testing.T) {
	o := newOIDCFixture(t)
	victim, attacker := o.client(), o.client()
	victimCB := o.toProvider(victim)
	attackerCB := o.toProvider(attacker)
	setQuery(victimCB, "code", attackerCB.Query().Get("code"))
	r, next := o.callback(victim, victimCB)
	want(t, r, http.StatusUnauthorized, "kon niet worden gecontroleerd")
	if next != "" {
		t.Errorf("injected code logged in, continue to %q", next)
	}
	wantAuditDetail(t, o.fixture, "oidc_login_failed", "code_inwisselen: de inlogdienst weigerde de code (invalid_grant)")
	// The attacker's own code was used up by the attempt: the provider
	// hands out a code once.
	r, _ = o.callback(attacker, attackerCB)
	want(t, r, http.StatusUnauthorized)
}

func TestFederatedLoginSecondFactor(t *testing.T) {
	o := newOIDCFixture(t)
	for _, acr := range []string{acrLow, ""} {
		t.Run("acr "+acr+" leaves enrolment of the code", func(t *testing.T) {
			sub := "laag" + fmt.Sprint(len(acr))
			o.idp.SetPerson(agent(sub, acr, "gap-professional"))
			c := o.client()
			r, next := o.callback(c, o.toProvider(c))
			want(t, r, http.StatusOK)
			if next != "/inloggen/instellen" {
				t.Fatalf("continue to %q, want the enrolment of the code", next)
			}
			wantRedirect(t, c.get("/"), "/inloggen/instellen")
			want(t, c.get("/inloggen/instellen"), http.StatusOK, "autocomplete=\"one-time-code\"")
		})
	}
	t.Run("an enrolled account enters its code after a weak acr", func(t *testing.T) {
		o.idp.SetPerson(agent("sterk", acrHigh, "gap-driehoek"))
		c := o.client()
		if _, next := o.callback(c, o.toProvider(c)); next != "/" {
			t.Fatalf("first login: continue to %q, want /", next)
		}
		u := &testUser{User: *o.federatedUser("sterk"), Secret: testSecret}
		if err := o.db.SetSecondFactor(system(), u.ID, testSecret); err != nil {
			t.Fatal(err)
		}
		o.idp.SetPerson(agent("sterk", acrLow, "gap-driehoek"))
		c = o.client()
		_, next := o.callback(c, o.toProvider(c))
		if next != "/inloggen/code" {
			t.Fatalf("continue to %q, want /inloggen/code", next)
		}
		wantRedirect(t, c.get("/"), "/inloggen/code")
		want(t, c.post("/inloggen/code", url.Values{"code": {"000000"}}), http.StatusUnauthorized)
		wantRedirect(t, c.post("/inloggen/code", url.Values{"code": {o.code(u)}}), "/")
		want(t, c.get("/"), http.StatusOK, "Welkom, Agent sterk")
		wantAuditDetail(t, o.fixture, "oidc_login", "acr="+acrLow+"; volgende stap: wachtwoord")
		wantAuditDetail(t, o.fixture, "second_factor_ok", string(ga.ResultSuccess))
	})
}

func TestFederatedLoginAccountRefused(t *testing.T) {
	t.Run("a disabled account", func(t *testing.T) {
		o := newOIDCFixture(t)
		c := o.client()
		if _, next := o.callback(c, o.toProvider(c)); next != "/" {
			t.Fatalf("first login: continue to %q", next)
		}
		u := o.federatedUser("agent-007")
		u.Active = false
		if err := o.db.UpdateUser(system(), u); err != nil {
			t.Fatal(err)
		}
		// Disabling ended the session.
		wantRedirect(t, c.get("/"), "/inloggen")
		c = o.client()
		r, next := o.callback(c, o.toProvider(c))
		want(t, r, http.StatusForbidden, "Uw account in Groepsaanpak is uitgeschakeld.")
		if next != "" {
			t.Error("a disabled account logged in")
		}
		wantAuditDetail(t, o.fixture, "oidc_login_failed", "account niet actief")
	})
	t.Run("an e-mail address of a local account", func(t *testing.T) {
		o := newOIDCFixture(t)
		p := agent("kaper", acrHigh, "gap-driehoek")
		p["email"] = o.police.Email
		o.idp.SetPerson(p)
		c := o.client()
		r, next := o.callback(c, o.toProvider(c))
		want(t, r, http.StatusForbidden, "hoort al bij een ander account in Groepsaanpak")
		if next != "" {
			t.Error("a federated login took over a local account")
		}
		wantAuditDetail(t, o.fixture, "oidc_login_failed", "e-mailadres hoort bij een ander account; sub=kaper")
	})
	t.Run("in English", func(t *testing.T) {
		o := newOIDCFixture(t)
		o.idp.SetPerson(agent("kantine-2", acrHigh, "kantine"))
		c := o.client()
		c.post("/taal", url.Values{"taal": {"en"}, "terug": {"/inloggen"}})
		r, _ := o.callback(c, o.toProvider(c))
		want(t, r, http.StatusForbidden, "You are signed in at Politie Midden-Nederland, but your account there gives no access")
	})
}

// TestFederatedLoginPrivateKeyJWT authenticates the application at the
// token endpoint with private_key_jwt, as the NL GOV profile prescribes:
// the provider accepts only an assertion signed by the registered key.
func TestFederatedLoginPrivateKeyJWT(t *testing.T) {
	for _, tc := range []struct {
		name string
		key  func() (crypto.Signer, error)
	}{
		{"EC P-256", func() (crypto.Signer, error) { return ecdsa.GenerateKey(elliptic.P256(), rand.Reader) }},
		{"RSA", func() (crypto.Signer, error) { return rsa.GenerateKey(rand.Reader, 2048) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			key, err := tc.key()
			if err != nil {
				t.Fatal(err)
			}
			der, err := x509.MarshalPKCS8PrivateKey(key)
			if err != nil {
				t.Fatal(err)
			}
			pemKey := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
			readFile := func(name string) ([]byte, error) {
				if name == "/run/secrets/politie.pem" {
					return pemKey, nil
				}
				return nil, os.ErrNotExist
			}
			registered := key.Public()
			o := newOIDCFixtureAuth(t, `"clientKeyFile": "/run/secrets/politie.pem", "clientKeyId": "groepsaanpak-1"`, readFile,
				func(p *oidctest.Provider) { p.RequireClientKey(registered) })
			c := o.client()
			_, next := o.callback(c, o.toProvider(c))
			if next != "/" {
				t.Fatalf("continue to %q, want /", next)
			}
			want(t, c.get("/"), http.StatusOK, "Welkom, Agent agent-007")

			// A provider that registered another key refuses the client.
			other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
			o.idp.RequireClientKey(other.Public())
			c = o.client()
			r, next := o.callback(c, o.toProvider(c))
			want(t, r, http.StatusUnauthorized, "kon niet worden gecontroleerd")
			if next != "" {
				t.Error("logged in with an assertion the provider cannot verify")
			}
			wantAuditDetail(t, o.fixture, "oidc_login_failed", "code_inwisselen: de inlogdienst weigerde de code (invalid_client)")
		})
	}
}
