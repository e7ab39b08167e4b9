package federation

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// testEnv serves the secrets of the testdata configurations.
var testEnv = Environment{
	Getenv: func(k string) string {
		if k == "GROEPSAANPAK_OIDC_POLITIE_SECRET" {
			return " geheim-politie\n"
		}
		return ""
	},
	ReadFile: func(name string) ([]byte, error) {
		switch name {
		case "/run/secrets/oidc-utrecht":
			return []byte("geheim-utrecht\n"), nil
		case "/b":
			return nil, os.ErrNotExist
		}
		return os.ReadFile(name)
	},
}

func TestLoad(t *testing.T) {
	c, err := Load("testdata/valid.json", testEnv)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(c.Issuers) != 2 {
		t.Fatalf("%d issuers, want 2", len(c.Issuers))
	}
	pol, ok := c.Issuer("politie")
	if !ok {
		t.Fatal("issuer politie not found")
	}
	if pol.clientSecret != "geheim-politie" {
		t.Errorf("police secret %q, want it from the environment, trimmed", pol.clientSecret)
	}
	if !slices.Equal(pol.Scopes, []string{"openid", "profile", "email"}) || pol.EmailClaim != "email" || pol.NameClaim != "name" {
		t.Errorf("defaults: scopes %v, email claim %q, name claim %q", pol.Scopes, pol.EmailClaim, pol.NameClaim)
	}
	utr, _ := c.Issuer("gemeente-utrecht")
	if utr.clientSecret != "geheim-utrecht" || !slices.Equal(utr.Scopes, []string{"openid", "profile", "email"}) || utr.EmailClaim != "upn" {
		t.Errorf("gemeente: secret %q scopes %v email claim %q", utr.clientSecret, utr.Scopes, utr.EmailClaim)
	}
	if _, ok := c.Issuer("onbekend"); ok {
		t.Error("an unknown issuer was found")
	}
	f := New(c, Options{})
	if b := f.Buttons(); len(b) != 2 || b[0] != (Button{ID: "politie", Organisation: "Politie Midden-Nederland"}) {
		t.Errorf("buttons %v", b)
	}
	if !f.Has("politie") || f.Has("onbekend") {
		t.Error("Has answers wrongly")
	}
	var none *Federation
	if none.Buttons() != nil || none.Has("politie") {
		t.Error("a nil federation offers providers")
	}
}

func TestParseRefuses(t *testing.T) {
	data, err := os.ReadFile("testdata/invalid.json")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Parse(data, testEnv)
	if err == nil {
		t.Fatal("an invalid configuration was accepted")
	}
	for _, want := range []string{
		"redirectUrl: must use https",
		"issuer Politie!: id must be",
		"issuer Politie!: organisation must be",
		"issuer Politie!: issuer: must use https",
		"issuer Politie!: clientId is required",
		"issuer Politie!: partnerId is required",
		"issuer Politie!: give one of clientKeyFile, clientSecretEnv and clientSecretFile",
		"issuer Politie!: roleClaim is required",
		`issuer Politie!: roles: "x" maps to unknown role "superuser"`,
		"issuer Politie!: roles: an empty claim value cannot be mapped",
		"issuer Politie!: acr values must be non-empty and contain no spaces",
		"issuer dubbel: environment variable LEEG is empty",
		"issuer dubbel: id appears twice",
		"issuer dubbel: issuer: must be an absolute URL without query",
		"issuer dubbel: clientKeyFile, clientSecretEnv or clientSecretFile is required",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	for _, tc := range []struct{ name, json, want string }{
		{"unknown field", `{"redirectUrl":"https://a.example/inloggen/oidc/terug","issuers":[],"secret":"x"}`, `unknown field "secret"`},
		{"trailing data", `{"redirectUrl":"https://a.example/inloggen/oidc/terug","issuers":[]} {}`, "data after the JSON object"},
		{"no issuers", `{"redirectUrl":"https://a.example/inloggen/oidc/terug","issuers":[]}`, "name at least one identity provider"},
		{"wrong callback path", `{"redirectUrl":"https://a.example/terug","issuers":[]}`, "the path must be /inloggen/oidc/terug"},
		{"credentials in the URL", `{"redirectUrl":"https://u:p@a.example/inloggen/oidc/terug","issuers":[]}`, "without query, fragment or credentials"},
		{"not JSON", `issuers: []`, "configuration:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.json), testEnv)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
	t.Run("loopback http is accepted for development", func(t *testing.T) {
		for _, u := range []string{"http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080"} {
			if err := checkURL(u); err != nil {
				t.Errorf("%s: %v", u, err)
			}
		}
		for _, u := range []string{"http://10.0.0.1", "ftp://a.example", "https://", "/relatief", "https://a.example#x"} {
			if err := checkURL(u); err == nil {
				t.Errorf("%s was accepted", u)
			}
		}
	})
}

// testIssuer is the police configuration of the claim tests.
func testIssuer() *Issuer {
	return &Issuer{
		ID: "politie", Organisation: "Politie", Issuer: "https://login.politie.example", PartnerID: "partner-politie",
		RoleClaim: "groups", EmailClaim: "email", NameClaim: "name",
		Roles:           map[string]ga.Role{"GAP Driehoek": ga.RoleDriehoek, "gap-prof": ga.RoleProfessional, "gap-beheer": ga.RoleAdmin},
		SecondFactorACR: []string{"http://eidas.europa.eu/LoA/high"},
	}
}

func TestMap(t *testing.T) {
	base := func() map[string]any {
		return map[string]any{"iss": "https://login.politie.example", "sub": "abc-123", "email": " Piet@Politie.Example ",
			"email_verified": true, "name": "Piet Agent", "groups": []any{"GAP Driehoek"}, "acr": "http://eidas.europa.eu/LoA/high"}
	}
	cases := []struct {
		name         string
		change       func(map[string]any)
		roles        []ga.Role
		secondFactor bool
		reason       Reason
	}{
		{name: "an array with a mapped value", roles: []ga.Role{ga.RoleDriehoek}, secondFactor: true},
		{name: "a string that is a mapped value", change: func(c map[string]any) { c["groups"] = "GAP Driehoek" }, roles: []ga.Role{ga.RoleDriehoek}, secondFactor: true},
		{name: "a space-separated string", change: func(c map[string]any) { c["groups"] = "kantine gap-prof" }, roles: []ga.Role{ga.RoleProfessional}, secondFactor: true},
		{name: "several values, each role once, in order", change: func(c map[string]any) {
			c["groups"] = []any{"gap-prof", "kantine", 7, nil, "GAP Driehoek", "gap-prof"}
		}, roles: []ga.Role{ga.RoleDriehoek, ga.RoleProfessional}, secondFactor: true},
		{name: "a weak acr", change: func(c map[string]any) { c["acr"] = "http://eidas.europa.eu/LoA/low" }, roles: []ga.Role{ga.RoleDriehoek}},
		{name: "no acr", change: func(c map[string]any) { delete(c, "acr") }, roles: []ga.Role{ga.RoleDriehoek}},
		{name: "an acr that is no string", change: func(c map[string]any) { c["acr"] = []any{"http://eidas.europa.eu/LoA/high"} }, roles: []ga.Role{ga.RoleDriehoek}},
		{name: "the name from given and family name", change: func(c map[string]any) {
			delete(c, "name")
			c["given_name"], c["family_name"] = "Piet", "Agent"
		}, roles: []ga.Role{ga.RoleDriehoek}, secondFactor: true},
		{name: "no mapped value", change: func(c map[string]any) { c["groups"] = []any{"kantine"} }, reason: ReasonUnmapped},
		{name: "no role claim", change: func(c map[string]any) { delete(c, "groups") }, reason: ReasonUnmapped},
		{name: "a role claim of another type", change: func(c map[string]any) { c["groups"] = map[string]any{"GAP Driehoek": true} }, reason: ReasonUnmapped},
		{name: "roles that may not be combined", change: func(c map[string]any) { c["groups"] = []any{"gap-beheer", "gap-prof"} }, reason: ReasonUnmapped},
		{name: "no subject", change: func(c map[string]any) { delete(c, "sub") }, reason: ReasonClaims},
		{name: "a subject of another type", change: func(c map[string]any) { c["sub"] = 42.0 }, reason: ReasonClaims},
		{name: "an overlong subject", change: func(c map[string]any) { c["sub"] = strings.Repeat("x", 256) }, reason: ReasonClaims},
		{name: "no e-mail address", change: func(c map[string]any) { delete(c, "email") }, reason: ReasonClaims},
		{name: "an unverified e-mail address", change: func(c map[string]any) { c["email_verified"] = false }, reason: ReasonClaims},
		{name: "no name", change: func(c map[string]any) { delete(c, "name") }, reason: ReasonClaims},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := base()
			if tc.change != nil {
				tc.change(c)
			}
			id, err := testIssuer().Map(c)
			if tc.reason != "" {
				if got := ReasonOf(err); got != tc.reason {
					t.Fatalf("reason %q (%v), want %q", got, err, tc.reason)
				}
				return
			}
			if err != nil {
				t.Fatalf("Map: %v", err)
			}
			if !slices.Equal(id.Roles, tc.roles) || id.SecondFactor != tc.secondFactor {
				t.Errorf("roles %v second factor %v, want %v %v", id.Roles, id.SecondFactor, tc.roles, tc.secondFactor)
			}
			if id.Email != "piet@politie.example" || id.Name != "Piet Agent" || id.Subject != "abc-123" ||
				id.PartnerID != "partner-politie" || id.IssuerID != "politie" || id.Issuer != "https://login.politie.example" {
				t.Errorf("identity %+v", id)
			}
		})
	}
}

func TestErrorAndClip(t *testing.T) {
	inner := errors.New("oorzaak")
	err := refuse(ReasonNonce, "detail", inner)
	if !errors.Is(err, inner) || ReasonOf(err) != ReasonNonce || !strings.Contains(err.Error(), "nonce: detail: oorzaak") {
		t.Errorf("error %v", err)
	}
	if ReasonOf(inner) != "" {
		t.Error("a plain error has a reason")
	}
	long := strings.Repeat("é", 100)
	if got := clip(long); utf8.RuneCountInString(got) != 81 || !utf8.ValidString(got) {
		t.Errorf("clip kept %d runes", utf8.RuneCountInString(got))
	}
	if got := clip("\xffab"); !utf8.ValidString(got) {
		t.Errorf("clip left invalid UTF-8 %q", got)
	}
}

// FuzzParse checks that no configuration file makes Parse panic, and that
// an accepted configuration holds only what Begin and Map rely on.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"testdata/valid.json", "testdata/invalid.json"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"redirectUrl":"https://a.example/inloggen/oidc/terug","issuers":[{"id":"a","organisation":"A","issuer":"https://a.example","clientId":"c","partnerId":"p","clientSecretEnv":"GROEPSAANPAK_OIDC_POLITIE_SECRET","roleClaim":"g","roles":{"x":"driehoek"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data, testEnv)
		if err != nil {
			return
		}
		if len(c.Issuers) == 0 || checkURL(c.RedirectURL) != nil {
			t.Fatalf("accepted without issuers or with a bad redirect URL: %+v", c)
		}
		seen := map[string]bool{}
		for _, is := range c.Issuers {
			if !idPattern.MatchString(is.ID) || seen[is.ID] || (is.clientSecret == "" && is.clientKey == nil) || is.ClientID == "" || is.PartnerID == "" ||
				checkURL(is.Issuer) != nil || !slices.Contains(is.Scopes, "openid") || is.RoleClaim == "" || len(is.Roles) == 0 {
				t.Fatalf("accepted an incomplete issuer: %+v", is)
			}
			seen[is.ID] = true
			for _, r := range is.Roles {
				if !r.Valid() {
					t.Fatalf("accepted unknown role %q", r)
				}
			}
		}
	})
}

// FuzzMap feeds arbitrary ID token claims to Map: it never panics, and an
// identity it returns has a subject, mapped roles that may be combined, and
// a second factor only for a configured acr.
func FuzzMap(f *testing.F) {
	f.Add(`{"sub":"a","email":"a@b.example","name":"A","groups":["GAP Driehoek"],"acr":"http://eidas.europa.eu/LoA/high"}`)
	f.Add(`{"sub":"a","email":"a@b.example","name":"A","groups":"kantine gap-prof"}`)
	f.Add(`{"sub":"a","email":"a@b.example","given_name":"A","family_name":"B","groups":[1,null,{"x":1},"gap-beheer"],"email_verified":false}`)
	f.Add(`{"sub":["a"],"groups":null}`)
	f.Fuzz(func(t *testing.T, claimsJSON string) {
		var claims map[string]any
		if json.Unmarshal([]byte(claimsJSON), &claims) != nil {
			return
		}
		is := testIssuer()
		id, err := is.Map(claims)
		if err != nil {
			if ReasonOf(err) == "" {
				t.Fatalf("refusal without a reason: %v", err)
			}
			return
		}
		if id.Subject == "" || len(id.Roles) == 0 || ga.ValidateRoles(id.Roles) != nil || id.Validate() != nil {
			t.Fatalf("accepted identity %+v", id)
		}
		if id.SecondFactor && !slices.Contains(is.SecondFactorACR, id.ACR) {
			t.Fatalf("second factor for acr %q", id.ACR)
		}
		for _, r := range id.Roles {
			found := false
			for _, mapped := range is.Roles {
				found = found || mapped == r
			}
			if !found {
				t.Fatalf("role %q is mapped from nothing", r)
			}
		}
	})
}

func pemOf(t *testing.T, key any) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

func TestClientKey(t *testing.T) {
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ec384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	rsaSmall, _ := rsa.GenerateKey(rand.Reader, 1024)
	files := map[string][]byte{
		"/ec.pem":    pemOf(t, ec),
		"/p384.pem":  pemOf(t, ec384),
		"/klein.pem": pemOf(t, rsaSmall),
		"/leeg.pem":  []byte("geen sleutel"),
		"/cert.pem":  pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{1}}),
	}
	env := Environment{Getenv: testEnv.Getenv, ReadFile: func(name string) ([]byte, error) {
		if b, ok := files[name]; ok {
			return b, nil
		}
		return nil, os.ErrNotExist
	}}
	conf := func(auth string) []byte {
		return []byte(`{"redirectUrl":"https://a.example/inloggen/oidc/terug","issuers":[{"id":"a","organisation":"A",
			"issuer":"https://a.example","clientId":"c","partnerId":"p",` + auth + `,"roleClaim":"g","roles":{"x":"driehoek"}}]}`)
	}
	for _, tc := range []struct{ auth, want string }{
		{`"clientKeyFile":"/p384.pem"`, "an EC key must be on P-256"},
		{`"clientKeyFile":"/klein.pem"`, "an RSA key must have at least 2048 bits"},
		{`"clientKeyFile":"/leeg.pem"`, "no PEM block"},
		{`"clientKeyFile":"/cert.pem"`, "is no private key"},
		{`"clientKeyFile":"/weg.pem"`, "client key file"},
		{`"clientKeyFile":"/ec.pem","clientSecretEnv":"GROEPSAANPAK_OIDC_POLITIE_SECRET"`, "give one of"},
	} {
		if _, err := Parse(conf(tc.auth), env); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.auth, err, tc.want)
		}
	}
	c, err := Parse(conf(`"clientKeyFile":"/ec.pem","clientKeyId":"sleutel-1"`), env)
	if err != nil {
		t.Fatal(err)
	}
	is, _ := c.Issuer("a")
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	s, err := clientAssertion(is, "https://a.example/token", now)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := jwt.ParseSigned(s, []jose.SignatureAlgorithm{jose.ES256})
	if err != nil {
		t.Fatal(err)
	}
	if tok.Headers[0].KeyID != "sleutel-1" {
		t.Errorf("kid %q", tok.Headers[0].KeyID)
	}
	var claims jwt.Claims
	if err := tok.Claims(ec.Public(), &claims); err != nil {
		t.Fatalf("the assertion does not verify with the key: %v", err)
	}
	if claims.Issuer != "c" || claims.Subject != "c" || len(claims.ID) < 43 ||
		claims.ValidateWithLeeway(jwt.Expected{AnyAudience: jwt.Audience{"https://a.example/token"}, Time: now}, 0) != nil ||
		claims.ValidateWithLeeway(jwt.Expected{Time: now.Add(2 * time.Minute)}, 0) == nil {
		t.Errorf("assertion claims %+v", claims)
	}
	again, _ := clientAssertion(is, "https://a.example/token", now)
	if again == s {
		t.Error("two assertions are the same: the jti must be fresh")
	}
}
