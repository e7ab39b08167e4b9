package web

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/groepsaanpak/groepsaanpak/internal/passkeytest"
	"github.com/groepsaanpak/groepsaanpak/passkey"
)

// passkeyFixture is the fixture with passkeys on, the application reached
// as localhost (a relying party id must be a domain name), and a software
// authenticator.
type passkeyWebFixture struct {
	*fixture
	auth *passkeytest.Authenticator
}

func newPasskeyWebFixture(t *testing.T) *passkeyWebFixture {
	t.Helper()
	f := newFixture(t)
	var h http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	public := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	keys, err := passkey.New(passkey.Config{PublicURL: public})
	if err != nil {
		t.Fatal(err)
	}
	h, err = New(Config{DB: f.db, API: f.api, Logger: slog.New(slog.NewJSONHandler(f.logs, nil)), Version: "test", Passkeys: keys})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = srv
	return &passkeyWebFixture{fixture: f, auth: passkeytest.New(public, "localhost")}
}

// postJSON posts JSON as passkey.js does from a page of the site.
func (c *client) postJSON(path string, body []byte) *response {
	c.f.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.f.srv.URL+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

func answer(t testing.TB, name string, resp []byte) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"naam": name, "antwoord": json.RawMessage(resp)})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func wantJSON(t testing.TB, r *response, status int, key, value string) {
	t.Helper()
	var m map[string]string
	if r.StatusCode != status || json.Unmarshal([]byte(r.Body), &m) != nil || !strings.Contains(m[key], value) {
		t.Errorf("%s %s: status %d body %s, want %d with %s containing %q", r.Request.Method, r.Request.URL.Path, r.StatusCode, r.Body, status, key, value)
	}
}

// register adds a passkey for the logged-in client through the endpoints.
func (p *passkeyWebFixture) register(c *client, name string) {
	p.t.Helper()
	opts := c.postJSON("/passkeys/opties", nil)
	if opts.StatusCode != http.StatusOK {
		p.t.Fatalf("registration options: %d %s", opts.StatusCode, opts.Body)
	}
	resp, err := p.auth.Register([]byte(opts.Body))
	if err != nil {
		p.t.Fatal(err)
	}
	wantJSON(p.t, c.postJSON("/passkeys", answer(p.t, name, resp)), http.StatusOK, "volgende", "/passkeys")
}

// toCodeStep logs in with the password only.
func toCodeStep(c *client, u *testUser) {
	c.f.t.Helper()
	wantRedirect(c.f.t, c.post("/inloggen", url.Values{"email": {u.Email}, "wachtwoord": {u.Password}}), "/inloggen/code")
}

func TestPasskeys(t *testing.T) {
	p := newPasskeyWebFixture(t)
	c := p.loggedIn(p.coordinator)
	r := c.get("/passkeys")
	want(t, r, http.StatusOK, "Uw passkeys", "U heeft nog geen passkey.", `href="/passkeys"`, `data-passkey="registratie"`,
		`id="passkey-knop"`, "/passkey.js", "Voor passkeys is JavaScript nodig")
	wantNot(t, r, "<script>")

	p.register(c, "Laptop werk")
	r = c.get("/passkeys")
	want(t, r, http.StatusOK, "De passkey is toegevoegd.", ">Laptop werk</th>", "Nog niet", `aria-label="Passkey Laptop werk verwijderen"`)
	wantAuditDetail(t, p.fixture, "passkey_registered", "")

	t.Run("a name is required", func(t *testing.T) {
		opts := c.postJSON("/passkeys/opties", nil)
		other := passkeytest.New(p.auth.Origin, p.auth.RPID)
		resp, _ := other.Register([]byte(opts.Body))
		wantJSON(t, c.postJSON("/passkeys", answer(t, " ", resp)), http.StatusBadRequest, "melding", "Geef de passkey een naam")
	})
	t.Run("a registration from another site is refused", func(t *testing.T) {
		opts := c.postJSON("/passkeys/opties", nil)
		phish := passkeytest.New("https://groepsaanpak.nep.example", p.auth.RPID)
		resp, _ := phish.Register([]byte(opts.Body))
		wantJSON(t, c.postJSON("/passkeys", answer(t, "Nep", resp)), http.StatusUnauthorized, "melding", "De passkey is niet geaccepteerd.")
		wantAuditDetail(t, p.fixture, "passkey_register_failed", "antwoord afgewezen")
	})
	t.Run("the endpoints are for this site only", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, p.srv.URL+"/passkeys/opties", nil)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		if r := c.do(req); r.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site options: %d", r.StatusCode)
		}
		wantRedirect(t, p.client().postJSON("/passkeys/opties", nil), "/inloggen")
	})

	t.Run("login with the passkey instead of the code", func(t *testing.T) {
		c := p.client()
		toCodeStep(c, p.coordinator)
		want(t, c.get("/inloggen/code"), http.StatusOK, "Of gebruik uw passkey", `data-passkey="inloggen"`, "Inloggen met passkey", "/passkey.js")
		opts := c.postJSON("/inloggen/passkey/opties", nil)
		if opts.StatusCode != http.StatusOK {
			t.Fatalf("login options: %d %s", opts.StatusCode, opts.Body)
		}
		resp, err := p.auth.Login([]byte(opts.Body))
		if err != nil {
			t.Fatal(err)
		}
		r := c.postJSON("/inloggen/passkey", answer(t, "", resp))
		wantJSON(t, r, http.StatusOK, "volgende", "/")
		if sessionCookieOf(r) == "" {
			t.Fatal("no new session cookie")
		}
		want(t, c.get("/"), http.StatusOK, "Welkom, "+p.coordinator.Name)
		wantAuditDetail(t, p.fixture, "second_factor_ok", "passkey ")
		wantNot(t, c.get("/passkeys"), "Nog niet")
	})
	t.Run("a forged answer is refused and counted", func(t *testing.T) {
		c := p.client()
		toCodeStep(c, p.coordinator)
		opts := c.postJSON("/inloggen/passkey/opties", nil)
		var o struct {
			PublicKey struct{ Challenge string } `json:"publicKey"`
		}
		json.Unmarshal([]byte(opts.Body), &o)
		cd, _ := p.auth.ClientData("webauthn.get", o.PublicKey.Challenge)
		other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		forged, _ := p.auth.Assert(cd, other)
		r := c.postJSON("/inloggen/passkey", answer(t, "", forged))
		wantJSON(t, r, http.StatusUnauthorized, "melding", "De passkey is niet geaccepteerd.")
		wantRedirect(t, c.get("/"), "/inloggen/code")
		wantAuditDetail(t, p.fixture, "second_factor_failed", "passkey: antwoord afgewezen")
		wantJSON(t, c.postJSON("/inloggen/passkey", []byte(`{"antwoord":`)), http.StatusBadRequest, "melding", "onleesbaar")
		// The code still works.
		wantRedirect(t, c.post("/inloggen/code", url.Values{"code": {p.code(p.coordinator)}}), "/")
	})
	t.Run("a user without passkeys is not offered one", func(t *testing.T) {
		c := p.client()
		toCodeStep(c, p.police)
		wantNot(t, c.get("/inloggen/code"), "data-passkey", "passkey.js")
		r := c.postJSON("/inloggen/passkey/opties", nil)
		wantJSON(t, r, http.StatusConflict, "melding", "U heeft geen passkey.")
	})
	t.Run("removing", func(t *testing.T) {
		id := regexp.MustCompile(`/passkeys/([0-9a-f-]+)/verwijderen`).FindStringSubmatch(c.get("/passkeys").Body)
		if id == nil {
			t.Fatal("no remove form")
		}
		other := p.loggedIn(p.prof)
		want(t, other.post("/passkeys/"+id[1]+"/verwijderen", nil), http.StatusNotFound)
		wantRedirect(t, c.post("/passkeys/"+id[1]+"/verwijderen", nil), "/passkeys")
		want(t, c.get("/passkeys"), http.StatusOK, "De passkey is verwijderd.", "U heeft nog geen passkey.")
	})
}

func TestPasskeysOff(t *testing.T) {
	f := newFixture(t)
	c := f.loggedIn(f.coordinator)
	r := c.get("/passkeys")
	want(t, r, http.StatusOK, "Passkeys zijn op deze installatie niet ingeschakeld.")
	wantNot(t, r, `href="/passkeys"`, "passkey.js")
	want(t, c.postJSON("/passkeys/opties", nil), http.StatusNotFound)
}
