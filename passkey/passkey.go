// Package passkey is the second factor with passkeys (WebAuthn, FIDO2) for
// local accounts, beside the code of an authenticator app. It wraps
// github.com/go-webauthn/webauthn: the registration and login ceremonies
// and the checks of their answers (challenge, origin, relying party,
// signature, sign counter). It keeps no state: the ceremony in progress and
// the credentials are opaque JSON the storage keeps, so that a ceremony may
// end on another node than where it began.
package passkey

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"
)

// Config is the relying party: the site the passkeys belong to.
type Config struct {
	// PublicURL is the address users reach the application at
	// (https://groepsaanpak.example). Its host is the relying party id,
	// to which browsers bind the passkeys, and its origin the only origin
	// accepted.
	PublicURL string
	// DisplayName is shown by the browser; default "Groepsaanpak".
	DisplayName string
}

// Service runs the ceremonies. It is safe for concurrent use.
type Service struct {
	w *webauthn.WebAuthn
}

// New checks the configuration and returns the service.
func New(cfg Config) (*Service, error) {
	u, err := url.Parse(cfg.PublicURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && u.Hostname() == "localhost")) {
		return nil, errors.New("passkey: the public URL must be an https URL (http only for localhost)")
	}
	if cfg.DisplayName == "" {
		cfg.DisplayName = "Groepsaanpak"
	}
	w, err := webauthn.New(&webauthn.Config{
		RPID:          u.Hostname(),
		RPDisplayName: cfg.DisplayName,
		RPOrigins:     []string{u.Scheme + "://" + u.Host},
		// Who made the authenticator does not matter here; the passkey
		// is a second factor after the password.
		AttestationPreference: protocol.PreferNoAttestation,
		AuthenticatorSelection: protocol.AuthenticatorSelection{
			ResidentKey:      protocol.ResidentKeyRequirementPreferred,
			UserVerification: protocol.VerificationPreferred,
		},
	})
	if err != nil {
		return nil, fmt.Errorf("passkey: %w", err)
	}
	return &Service{w: w}, nil
}

// Account is a local account with its registered passkeys, each the JSON
// the service returned when it was registered or last used.
type Account struct {
	UserID      string
	Email       string
	Name        string
	Credentials [][]byte
}

// user adapts an Account to the library.
type user struct {
	a     Account
	creds []webauthn.Credential
}

func (u *user) WebAuthnID() []byte                         { return []byte(u.a.UserID) }
func (u *user) WebAuthnName() string                       { return u.a.Email }
func (u *user) WebAuthnDisplayName() string                { return u.a.Name }
func (u *user) WebAuthnCredentials() []webauthn.Credential { return u.creds }

func newUser(a Account) (*user, error) {
	u := &user{a: a}
	for _, b := range a.Credentials {
		var c webauthn.Credential
		if err := json.Unmarshal(b, &c); err != nil {
			return nil, fmt.Errorf("passkey: stored credential: %w", err)
		}
		u.creds = append(u.creds, c)
	}
	return u, nil
}

// ErrRefused wraps every answer of a browser or authenticator that does
// not pass the checks; the caller counts it as a failed second factor.
var ErrRefused = errors.New("passkey: refused")

func refused(err error) error { return fmt.Errorf("%w: %w", ErrRefused, err) }

// BeginRegistration returns the options for navigator.credentials.create
// and the ceremony to keep until FinishRegistration. The account's own
// passkeys are excluded, so that one authenticator is not registered twice.
func (s *Service) BeginRegistration(a Account) (options, ceremony []byte, err error) {
	u, err := newUser(a)
	if err != nil {
		return nil, nil, err
	}
	creation, session, err := s.w.BeginRegistration(u, webauthn.WithExclusions(webauthn.Credentials(u.creds).CredentialDescriptors()))
	if err != nil {
		return nil, nil, fmt.Errorf("passkey: begin registration: %w", err)
	}
	return marshalPair(creation, session)
}

// FinishRegistration checks the browser's answer to the registration
// options against the ceremony and returns the new passkey's credential id
// and the JSON to keep.
func (s *Service) FinishRegistration(a Account, ceremony, response []byte) (id, credential []byte, err error) {
	u, err := newUser(a)
	if err != nil {
		return nil, nil, err
	}
	var session webauthn.SessionData
	if err := json.Unmarshal(ceremony, &session); err != nil {
		return nil, nil, fmt.Errorf("passkey: ceremony: %w", err)
	}
	parsed, err := protocol.ParseCredentialCreationResponseBody(bytes.NewReader(response))
	if err != nil {
		return nil, nil, refused(err)
	}
	c, err := s.w.CreateCredential(u, session, parsed)
	if err != nil {
		return nil, nil, refused(err)
	}
	b, err := json.Marshal(c)
	if err != nil {
		return nil, nil, err
	}
	return c.ID, b, nil
}

// BeginLogin returns the options for navigator.credentials.get, limited to
// the account's passkeys, and the ceremony to keep until FinishLogin.
func (s *Service) BeginLogin(a Account) (options, ceremony []byte, err error) {
	u, err := newUser(a)
	if err != nil {
		return nil, nil, err
	}
	if len(u.creds) == 0 {
		return nil, nil, errors.New("passkey: the account has no passkeys")
	}
	assertion, session, err := s.w.BeginLogin(u)
	if err != nil {
		return nil, nil, fmt.Errorf("passkey: begin login: %w", err)
	}
	return marshalPair(assertion, session)
}

// FinishLogin checks the browser's answer to the login options against the
// ceremony and the account's passkeys, and returns the id of the passkey
// used and its JSON with the new sign counter, to keep. A counter that did
// not increase although the authenticator keeps one marks a cloned
// authenticator and is refused.
func (s *Service) FinishLogin(a Account, ceremony, response []byte) (id, credential []byte, err error) {
	u, err := newUser(a)
	if err != nil {
		return nil, nil, err
	}
	var session webauthn.SessionData
	if err := json.Unmarshal(ceremony, &session); err != nil {
		return nil, nil, fmt.Errorf("passkey: ceremony: %w", err)
	}
	parsed, err := protocol.ParseCredentialRequestResponseBody(bytes.NewReader(response))
	if err != nil {
		return nil, nil, refused(err)
	}
	c, err := s.w.ValidateLogin(u, session, parsed)
	if err != nil {
		return nil, nil, refused(err)
	}
	if c.Authenticator.CloneWarning {
		return nil, nil, refused(errors.New("the sign counter did not increase: a cloned authenticator"))
	}
	b, err := json.Marshal(c)
	if err != nil {
		return nil, nil, err
	}
	return c.ID, b, nil
}

func marshalPair(options, session any) ([]byte, []byte, error) {
	o, err := json.Marshal(options)
	if err != nil {
		return nil, nil, err
	}
	s, err := json.Marshal(session)
	if err != nil {
		return nil, nil, err
	}
	return o, s, nil
}
