package federation

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// CallbackPath is the path of the page the providers send the browser back
// to. The redirect URL of the configuration must end in it.
const CallbackPath = "/inloggen/oidc/terug"

// StateLifetime is how long a started login may take at the provider
// before its state is refused.
const StateLifetime = 10 * time.Minute

// Reason classifies a refused federated login for the audit line and the
// message the user sees.
type Reason string

const (
	// ReasonUnavailable: the provider's discovery document or keys could not
	// be fetched, or it does not support PKCE S256.
	ReasonUnavailable Reason = "aanbieder_onbereikbaar"
	// ReasonProviderError: the provider answered the authorization request
	// with an error (the user cancelled, or was refused there).
	ReasonProviderError Reason = "fout_van_aanbieder"
	// ReasonState: the state is unknown, used before, expired, or belongs
	// to another browser.
	ReasonState Reason = "state"
	// ReasonExchange: the provider refused to exchange the code, for
	// instance because the PKCE verifier does not match.
	ReasonExchange Reason = "code_inwisselen"
	// ReasonIDToken: the ID token is missing, badly signed, or issued by
	// another issuer or for another client.
	ReasonIDToken Reason = "id_token"
	// ReasonExpired: the ID token has expired.
	ReasonExpired Reason = "id_token_verlopen"
	// ReasonNonce: the ID token's nonce is not the one of this login.
	ReasonNonce Reason = "nonce"
	// ReasonClaims: the identity claims are missing or unusable.
	ReasonClaims Reason = "claims"
	// ReasonUnmapped: no role is configured for the person's role claim.
	ReasonUnmapped Reason = "niet_gekoppeld"
)

// Error is a refused federated login. Detail goes to the audit line; it
// holds no personal data beyond the provider's subject identifier.
type Error struct {
	Reason Reason
	Detail string
	Err    error
}

func (e *Error) Error() string {
	s := "federation: " + string(e.Reason)
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

func refuse(r Reason, detail string, err error) *Error {
	return &Error{Reason: r, Detail: detail, Err: err}
}

// ReasonOf returns the reason of a refused login, or "" for another error.
func ReasonOf(err error) Reason {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}

// Options tune a Federation.
type Options struct {
	// HTTPClient talks to the providers; nil means a client with a
	// 10-second timeout.
	HTTPClient *http.Client
	// Now is the clock against which ID tokens expire; nil means time.Now.
	Now func() time.Time
}

// Federation logs users in through the configured providers. It is safe
// for concurrent use. Providers are discovered at their first use and the
// result kept, so that a provider that is down when the server starts does
// not keep the others from working.
type Federation struct {
	cfg    *Config
	client *http.Client
	now    func() time.Time

	mu        sync.Mutex
	providers map[string]*provider
}

type provider struct {
	issuer *Issuer
	// issParameter: the provider announces that it sends the iss
	// parameter with the authorization response (RFC 9207), which is then
	// required.
	issParameter bool
	oauth        *oauth2.Config
	verifier     *oidc.IDTokenVerifier
}

// New returns the federation of a checked configuration.
func New(cfg *Config, opts Options) *Federation {
	f := &Federation{cfg: cfg, client: opts.HTTPClient, now: opts.Now, providers: map[string]*provider{}}
	if f.client == nil {
		f.client = &http.Client{Timeout: 10 * time.Second}
	}
	if f.now == nil {
		f.now = time.Now
	}
	return f
}

// Button is what the login page shows of a provider.
type Button struct {
	ID           string
	Organisation string
}

// Buttons lists the providers in configured order.
func (f *Federation) Buttons() []Button {
	if f == nil {
		return nil
	}
	b := make([]Button, len(f.cfg.Issuers))
	for i, is := range f.cfg.Issuers {
		b[i] = Button{ID: is.ID, Organisation: is.Organisation}
	}
	return b
}

// Has reports whether id names a configured provider.
func (f *Federation) Has(id string) bool {
	if f == nil {
		return false
	}
	_, ok := f.cfg.Issuer(id)
	return ok
}

// Start is a login that is about to go to the provider. State, Nonce and
// Verifier must be kept (the storage keeps them, bound to the browser)
// until the provider sends the browser back.
type Start struct {
	IssuerID string
	State    string
	Nonce    string
	Verifier string
	// AuthURL is where the browser goes: the provider's authorization
	// endpoint with the PKCE S256 challenge, state, nonce and acr_values.
	AuthURL string
}

// Begin starts a login at the provider id with fresh random state, nonce
// and PKCE verifier.
func (f *Federation) Begin(ctx context.Context, id string) (*Start, error) {
	p, err := f.provider(ctx, id)
	if err != nil {
		return nil, err
	}
	st := &Start{IssuerID: id, State: random(), Nonce: random(), Verifier: oauth2.GenerateVerifier()}
	opts := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(st.Verifier), oidc.Nonce(st.Nonce)}
	if len(p.issuer.RequestACR) > 0 {
		opts = append(opts, oauth2.SetAuthURLParam("acr_values", strings.Join(p.issuer.RequestACR, " ")))
	}
	st.AuthURL = p.oauth.AuthCodeURL(st.State, opts...)
	return st, nil
}

// CheckIssuerParameter checks the iss parameter of the authorization
// response (RFC 9207), against mix-up attacks: when the provider sends one,
// it must be the issuer of the login the state belongs to, and a provider
// that announces it in its discovery document must send it.
func (f *Federation) CheckIssuerParameter(ctx context.Context, id, iss string) error {
	p, err := f.provider(ctx, id)
	if err != nil {
		return err
	}
	switch {
	case iss == "" && p.issParameter:
		return refuse(ReasonIDToken, "iss-parameter ontbreekt", nil)
	case iss != "" && iss != p.issuer.Issuer:
		return refuse(ReasonIDToken, "iss-parameter hoort bij een andere inlogdienst", nil)
	}
	return nil
}

// Complete exchanges the authorization code with the PKCE verifier,
// verifies the ID token (signature by the provider's keys, issuer,
// audience and authorized party, expiry) and its nonce, and maps its
// claims (Map).
func (f *Federation) Complete(ctx context.Context, id, code, verifier, nonce string) (*ga.FederatedIdentity, error) {
	p, err := f.provider(ctx, id)
	if err != nil {
		return nil, err
	}
	if code == "" {
		return nil, refuse(ReasonExchange, "geen code in het antwoord", nil)
	}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, f.client)
	opts := []oauth2.AuthCodeOption{oauth2.VerifierOption(verifier)}
	if p.issuer.clientKey != nil {
		assertion, err := clientAssertion(p.issuer, p.oauth.Endpoint.TokenURL, f.now())
		if err != nil {
			return nil, err
		}
		opts = append(opts, oauth2.SetAuthURLParam("client_assertion_type", clientAssertionType),
			oauth2.SetAuthURLParam("client_assertion", assertion))
	}
	tok, err := p.oauth.Exchange(ctx, code, opts...)
	if err != nil {
		detail := "de inlogdienst weigerde de code"
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.ErrorCode != "" {
			detail += " (" + clip(re.ErrorCode) + ")"
		}
		return nil, refuse(ReasonExchange, detail, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, refuse(ReasonIDToken, "geen id_token in het antwoord", nil)
	}
	idt, err := p.verifier.Verify(oidc.ClientContext(ctx, f.client), raw)
	if err != nil {
		var exp *oidc.TokenExpiredError
		if errors.As(err, &exp) {
			return nil, refuse(ReasonExpired, "id_token verlopen", err)
		}
		return nil, refuse(ReasonIDToken, clip(err.Error()), err)
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return nil, refuse(ReasonIDToken, "claims onleesbaar", err)
	}
	// With more than one audience the token must name this client as its
	// authorized party (OpenID Connect Core 3.1.3.7, NL GOV profile).
	azp, _ := claims["azp"].(string)
	if (len(idt.Audience) > 1 || azp != "") && azp != p.oauth.ClientID {
		return nil, refuse(ReasonIDToken, "azp is niet deze applicatie", nil)
	}
	if nonce == "" || subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1 {
		return nil, refuse(ReasonNonce, "nonce hoort niet bij deze inlogpoging", nil)
	}
	return p.issuer.Map(claims)
}

// provider returns the discovered provider id, discovering it first if
// needed. A failed discovery is not kept, so that the next login tries
// again.
func (f *Federation) provider(ctx context.Context, id string) (*provider, error) {
	is, ok := f.cfg.Issuer(id)
	if !ok {
		return nil, refuse(ReasonState, "onbekende inlogdienst", nil)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if p := f.providers[id]; p != nil {
		return p, nil
	}
	// The context configures the key set's later fetches too; it must not
	// be the request's, whose values and deadline end with the request.
	dctx, cancel := context.WithTimeout(oidc.ClientContext(context.Background(), f.client), 10*time.Second)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	op, err := oidc.NewProvider(dctx, is.Issuer)
	if err != nil {
		return nil, refuse(ReasonUnavailable, "discovery mislukt", err)
	}
	var meta struct {
		PKCE         []string `json:"code_challenge_methods_supported"`
		ISSParameter bool     `json:"authorization_response_iss_parameter_supported"`
	}
	if err := op.Claims(&meta); err != nil {
		return nil, refuse(ReasonUnavailable, "discovery onleesbaar", err)
	}
	if meta.PKCE != nil && !slices.Contains(meta.PKCE, "S256") {
		return nil, refuse(ReasonUnavailable, "inlogdienst ondersteunt geen PKCE S256", nil)
	}
	endpoint := op.Endpoint()
	if is.clientKey != nil {
		// private_key_jwt: the client id goes in the body beside the
		// assertion, and no secret anywhere.
		endpoint.AuthStyle = oauth2.AuthStyleInParams
	} else {
		endpoint.AuthStyle = oauth2.AuthStyleInHeader
	}
	p := &provider{
		issuer:       is,
		issParameter: meta.ISSParameter,
		oauth: &oauth2.Config{
			ClientID:     is.ClientID,
			ClientSecret: is.clientSecret,
			Endpoint:     endpoint,
			RedirectURL:  f.cfg.RedirectURL,
			Scopes:       is.Scopes,
		},
		verifier: op.VerifierContext(oidc.ClientContext(context.Background(), f.client), &oidc.Config{ClientID: is.ClientID, Now: f.now}),
	}
	f.providers[id] = p
	return p, nil
}

// random is 256 bits from the system's random source, base64url-encoded.
func random() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// NewBinding returns a fresh random value for the cookie that binds a
// started login to the browser that started it.
func NewBinding() string { return random() }
