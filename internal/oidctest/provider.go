// Package oidctest is a real OpenID Connect provider for tests, served by
// net/http/httptest: discovery, JWKS, an authorization endpoint that logs
// the configured person in at once, and a token endpoint that checks the
// client secret, the redirect URI and the PKCE S256 verifier before it
// issues an RS256-signed ID token. Tests change what it issues through
// Person and Tamper, so that every check of the relying party can be made
// to fail.
package oidctest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// Provider is a running OpenID Connect provider.
type Provider struct {
	Server       *httptest.Server
	Issuer       string
	ClientID     string
	ClientSecret string

	now func() time.Time
	key *rsa.PrivateKey
	kid string

	mu sync.Mutex
	// person are the claims of who logs in next (sub, email, name, the
	// role claim, acr).
	person map[string]any
	// tamper changes the ID token's claims before it is signed.
	tamper func(map[string]any)
	// signer, when set, signs instead of the published key.
	signer *rsa.PrivateKey
	// authError makes the authorization endpoint answer with this error.
	authError string
	// clientKey, when set, is the public key of the client's
	// private_key_jwt; the secret is then not accepted.
	clientKey crypto.PublicKey
	jtis      map[string]bool
	grants    map[string]*grant
	// Authorizations are the authorization requests received.
	authorizations []url.Values
}

// grant is an issued authorization code.
type grant struct {
	clientID, redirectURI, challenge, nonce string
	claims                                  map[string]any
	used                                    bool
}

// New starts a provider whose clock is now (nil: time.Now). It stops when
// the test ends.
func New(t testing.TB, now func() time.Time) *Provider {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	if now == nil {
		now = time.Now
	}
	p := &Provider{
		ClientID:     "groepsaanpak-test",
		ClientSecret: "geheim-" + randomString(),
		now:          now,
		key:          key,
		kid:          "sleutel-" + randomString()[:8],
		grants:       map[string]*grant{},
		jtis:         map[string]bool{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", p.discovery)
	mux.HandleFunc("GET /jwks", p.jwks)
	mux.HandleFunc("GET /authorize", p.authorize)
	mux.HandleFunc("POST /token", p.token)
	p.Server = httptest.NewServer(mux)
	p.Issuer = p.Server.URL
	t.Cleanup(p.Server.Close)
	return p
}

// UseHost makes the provider call itself by another host name, such as
// "localhost" for a server on 127.0.0.1, so that a browser sees it as
// another site than an application on 127.0.0.1. Call it before the
// provider's first use.
func (p *Provider) UseHost(host string) {
	u, _ := url.Parse(p.Server.URL)
	u.Host = host + ":" + u.Port()
	p.Issuer = u.String()
}

// RequireClientKey makes the token endpoint authenticate the client by
// private_key_jwt, verified with pub, instead of the client secret.
func (p *Provider) RequireClientKey(pub crypto.PublicKey) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clientKey = pub
}

// Reset undoes Tamper, SignWithOtherKey and FailAuthorization, so that
// the provider issues good tokens again.
func (p *Provider) Reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tamper, p.signer, p.authError = nil, nil, ""
}

// SetPerson sets the claims of who logs in next.
func (p *Provider) SetPerson(claims map[string]any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.person = claims
}

// Tamper sets a function that changes every ID token's claims before it is
// signed; nil issues them as they are.
func (p *Provider) Tamper(fn func(claims map[string]any)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tamper = fn
}

// SignWithOtherKey makes the provider sign ID tokens with a key it does not
// publish.
func (p *Provider) SignWithOtherKey(t testing.TB) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.signer = k
}

// FailAuthorization makes the authorization endpoint send the browser back
// with this OAuth error code ("access_denied"); "" restores logins.
func (p *Provider) FailAuthorization(code string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.authError = code
}

// Authorizations returns the authorization requests received so far.
func (p *Provider) Authorizations() []url.Values {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]url.Values(nil), p.authorizations...)
}

func (p *Provider) discovery(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                         p.Issuer,
		"authorization_endpoint":                         p.Issuer + "/authorize",
		"token_endpoint":                                 p.Issuer + "/token",
		"jwks_uri":                                       p.Issuer + "/jwks",
		"response_types_supported":                       []string{"code"},
		"subject_types_supported":                        []string{"public"},
		"id_token_signing_alg_values_supported":          []string{"RS256"},
		"code_challenge_methods_supported":               []string{"S256"},
		"authorization_response_iss_parameter_supported": true,
		"token_endpoint_auth_methods_supported":          []string{"private_key_jwt", "client_secret_basic", "client_secret_post"},
		"scopes_supported":                               []string{"openid", "profile", "email"},
	})
}

func (p *Provider) jwks(w http.ResponseWriter, r *http.Request) {
	pub := p.key.PublicKey
	writeJSON(w, http.StatusOK, map[string]any{"keys": []map[string]any{{
		"kty": "RSA", "use": "sig", "alg": "RS256", "kid": p.kid,
		"n": b64(pub.N.Bytes()), "e": b64(big.NewInt(int64(pub.E)).Bytes()),
	}}})
}

// authorize checks the request as the NL GOV profile requires (code flow,
// PKCE S256, state and nonce) and sends the browser straight back with a
// code: the person is taken to be logged in at the provider.
func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.authorizations = append(p.authorizations, q)
	if q.Get("client_id") != p.ClientID || q.Get("redirect_uri") == "" {
		http.Error(w, "unknown client or redirect_uri", http.StatusBadRequest)
		return
	}
	back, err := url.Parse(q.Get("redirect_uri"))
	if err != nil {
		http.Error(w, "bad redirect_uri", http.StatusBadRequest)
		return
	}
	v := url.Values{"state": {q.Get("state")}, "iss": {p.Issuer}}
	switch {
	case p.authError != "":
		v.Set("error", p.authError)
	case q.Get("response_type") != "code" || !strings.Contains(" "+q.Get("scope")+" ", " openid ") ||
		q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("state") == "" || q.Get("nonce") == "":
		v.Set("error", "invalid_request")
	case p.person == nil:
		v.Set("error", "login_required")
	default:
		code := randomString()
		claims := map[string]any{}
		for k, val := range p.person {
			claims[k] = val
		}
		p.grants[code] = &grant{clientID: p.ClientID, redirectURI: q.Get("redirect_uri"), challenge: q.Get("code_challenge"),
			nonce: q.Get("nonce"), claims: claims}
		v.Set("code", code)
	}
	back.RawQuery = v.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

// token exchanges a code once, for the client that holds the secret, with
// the same redirect URI and the verifier whose S256 hash is the challenge.
func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request")
		return
	}
	if !p.authenticClient(r) {
		oauthError(w, http.StatusUnauthorized, "invalid_client")
		return
	}
	if r.PostForm.Get("grant_type") != "authorization_code" {
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type")
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	g := p.grants[r.PostForm.Get("code")]
	if g == nil || g.used || g.redirectURI != r.PostForm.Get("redirect_uri") {
		oauthError(w, http.StatusBadRequest, "invalid_grant")
		return
	}
	g.used = true
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	if r.PostForm.Get("code_verifier") == "" || b64(sum[:]) != g.challenge {
		oauthError(w, http.StatusBadRequest, "invalid_grant")
		return
	}
	now := p.now()
	claims := map[string]any{
		"iss":   p.Issuer,
		"aud":   p.ClientID,
		"iat":   now.Unix(),
		"exp":   now.Add(5 * time.Minute).Unix(),
		"nonce": g.nonce,
	}
	for k, v := range g.claims {
		claims[k] = v
	}
	if p.tamper != nil {
		p.tamper(claims)
	}
	signer := p.key
	if p.signer != nil {
		signer = p.signer
	}
	idToken, err := sign(signer, p.kid, claims)
	if err != nil {
		oauthError(w, http.StatusInternalServerError, "server_error")
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": randomString(),
		"token_type":   "Bearer",
		"expires_in":   300,
		"id_token":     idToken,
	})
}

// authenticClient checks the client's secret, or with RequireClientKey its
// private_key_jwt assertion: signed by the registered key, issued by and
// about the client, for this token endpoint, unexpired and not seen before.
func (p *Provider) authenticClient(r *http.Request) bool {
	p.mu.Lock()
	key := p.clientKey
	p.mu.Unlock()
	if key == nil {
		id, secret, ok := r.BasicAuth()
		if ok {
			id, _ = url.QueryUnescape(id)
			secret, _ = url.QueryUnescape(secret)
		} else {
			id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
		}
		return id == p.ClientID && subtle.ConstantTimeCompare([]byte(secret), []byte(p.ClientSecret)) == 1
	}
	if r.PostForm.Get("client_secret") != "" || r.Header.Get("Authorization") != "" ||
		r.PostForm.Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" ||
		(r.PostForm.Get("client_id") != "" && r.PostForm.Get("client_id") != p.ClientID) {
		return false
	}
	tok, err := jwt.ParseSigned(r.PostForm.Get("client_assertion"), []jose.SignatureAlgorithm{jose.RS256, jose.ES256, jose.PS256})
	if err != nil {
		return false
	}
	var c jwt.Claims
	if err := tok.Claims(key, &c); err != nil {
		return false
	}
	if c.Issuer != p.ClientID || c.Subject != p.ClientID || c.ID == "" ||
		c.ValidateWithLeeway(jwt.Expected{AnyAudience: jwt.Audience{p.Issuer + "/token"}, Time: p.now()}, 0) != nil {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.jtis[c.ID] {
		return false
	}
	p.jtis[c.ID] = true
	return true
}

// sign makes a compact JWS with RS256.
func sign(key *rsa.PrivateKey, kid string, claims map[string]any) (string, error) {
	header, err := json.Marshal(map[string]string{"alg": "RS256", "typ": "JWT", "kid": kid})
	if err != nil {
		return "", err
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	input := b64(header) + "." + b64(payload)
	sum := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	return input + "." + b64(sig), nil
}

func oauthError(w http.ResponseWriter, status int, code string) {
	writeJSON(w, status, map[string]string{"error": code})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func randomString() string {
	b := make([]byte, 24)
	rand.Read(b)
	return b64(b)
}
