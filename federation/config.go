// Package federation is the login through the identity providers of the
// covenant partners: OpenID Connect per the NL GOV OpenID Connect profile.
// It speaks the protocol (authorization code flow with PKCE S256, state and
// nonce, ID token verification) through github.com/coreos/go-oidc/v3 and
// golang.org/x/oauth2, and maps the verified claims to a partner and roles
// by configuration. It keeps no state of its own: the pre-login state lives
// in the storage, bound to the browser by a cookie, and the resulting login
// session is the same as for a local login.
package federation

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Config is the federated login configuration of an installation, read
// from a JSON file (Load). See the README for an example.
type Config struct {
	// RedirectURL is the absolute URL of the callback page
	// (https://…/inloggen/oidc/terug) as registered with every provider.
	RedirectURL string `json:"redirectUrl"`
	// Issuers lists the identity providers, one per partner, in the order
	// of their buttons on the login page.
	Issuers []Issuer `json:"issuers"`
}

// Issuer is one partner's identity provider.
type Issuer struct {
	// ID names the provider in URLs and audit lines: lower-case letters,
	// digits and hyphens.
	ID string `json:"id"`
	// Organisation is shown on the login button: "Inloggen via
	// <Organisation>".
	Organisation string `json:"organisation"`
	// Issuer is the provider's issuer identifier; its discovery document is
	// at Issuer + "/.well-known/openid-configuration".
	Issuer   string `json:"issuer"`
	ClientID string `json:"clientId"`
	// The client authenticates at the token endpoint with one of:
	// ClientKeyFile, a PEM private key (RSA or EC P-256) for
	// private_key_jwt, the method the NL GOV profile prescribes, with
	// ClientKeyID as its kid; or a client secret (client_secret_basic) in
	// the environment variable ClientSecretEnv or the file
	// ClientSecretFile (a mounted secret). Keys and secrets never appear in
	// the configuration file itself.
	ClientKeyFile    string `json:"clientKeyFile,omitempty"`
	ClientKeyID      string `json:"clientKeyId,omitempty"`
	ClientSecretEnv  string `json:"clientSecretEnv,omitempty"`
	ClientSecretFile string `json:"clientSecretFile,omitempty"`
	// PartnerID is the covenant partner whose employees this provider
	// vouches for; every account it creates belongs to that partner.
	PartnerID string `json:"partnerId"`
	// Scopes requested; "openid" is always included. Default: openid,
	// profile, email.
	Scopes []string `json:"scopes,omitempty"`
	// RequestACR is sent as acr_values in the authorization request.
	RequestACR []string `json:"acrValues,omitempty"`
	// SecondFactorACR lists the acr values that prove a login with more
	// than one factor at the provider. An ID token with one of them skips
	// the local TOTP step; any other acr (or none) leaves it in place.
	SecondFactorACR []string `json:"secondFactorAcr,omitempty"`
	// RoleClaim is the claim holding the person's groups or roles at the
	// provider: a string, a space-separated string or an array of strings.
	RoleClaim string `json:"roleClaim"`
	// Roles maps values of RoleClaim to roles of this application. A
	// person none of whose values is mapped is refused.
	Roles map[string]ga.Role `json:"roles"`
	// EmailClaim and NameClaim name the claims with the e-mail address and
	// the display name. Defaults: email, name.
	EmailClaim string `json:"emailClaim,omitempty"`
	NameClaim  string `json:"nameClaim,omitempty"`

	clientSecret string
	clientKey    crypto.Signer
}

// Environment is where Load finds secrets: environment variables and files.
// The zero value uses the process environment and file system.
type Environment struct {
	Getenv   func(string) string
	ReadFile func(string) ([]byte, error)
}

func (e Environment) getenv(k string) string {
	if e.Getenv != nil {
		return e.Getenv(k)
	}
	return os.Getenv(k)
}

func (e Environment) readFile(name string) ([]byte, error) {
	if e.ReadFile != nil {
		return e.ReadFile(name)
	}
	return os.ReadFile(name)
}

// maxConfigSize bounds the configuration file.
const maxConfigSize = 1 << 20

// Load reads and checks the configuration file and resolves the client
// secrets.
func Load(path string, env Environment) (*Config, error) {
	data, err := env.readFile(path)
	if err != nil {
		return nil, fmt.Errorf("federation: read configuration: %w", err)
	}
	return Parse(data, env)
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// Parse checks a configuration in JSON form and resolves its secrets. Every
// problem is reported, each naming the issuer it belongs to.
func Parse(data []byte, env Environment) (*Config, error) {
	if len(data) > maxConfigSize {
		return nil, errors.New("federation: configuration larger than 1 MiB")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c Config
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("federation: configuration: %w", err)
	}
	if dec.More() {
		return nil, errors.New("federation: configuration: data after the JSON object")
	}
	var errs []error
	if err := checkURL(c.RedirectURL); err != nil {
		errs = append(errs, fmt.Errorf("redirectUrl: %w", err))
	} else if u, _ := url.Parse(c.RedirectURL); u.Path != CallbackPath {
		errs = append(errs, fmt.Errorf("redirectUrl: the path must be %s", CallbackPath))
	}
	if len(c.Issuers) == 0 {
		errs = append(errs, errors.New("issuers: name at least one identity provider"))
	}
	seen := map[string]bool{}
	for i := range c.Issuers {
		is := &c.Issuers[i]
		name := is.ID
		if name == "" {
			name = fmt.Sprintf("#%d", i+1)
		}
		fail := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("issuer %s: %s", name, fmt.Sprintf(format, args...)))
		}
		if !idPattern.MatchString(is.ID) {
			fail("id must be 1 to 40 lower-case letters, digits or hyphens")
		} else if seen[is.ID] {
			fail("id appears twice")
		}
		seen[is.ID] = true
		if strings.TrimSpace(is.Organisation) == "" || len(is.Organisation) > 200 {
			fail("organisation must be a name of at most 200 characters")
		}
		if err := checkURL(is.Issuer); err != nil {
			fail("issuer: %v", err)
		}
		if is.ClientID == "" {
			fail("clientId is required")
		}
		if is.PartnerID == "" {
			fail("partnerId is required")
		}
		methods := 0
		for _, m := range []string{is.ClientKeyFile, is.ClientSecretEnv, is.ClientSecretFile} {
			if m != "" {
				methods++
			}
		}
		switch {
		case methods > 1:
			fail("give one of clientKeyFile, clientSecretEnv and clientSecretFile")
		case is.ClientKeyFile != "":
			b, err := env.readFile(is.ClientKeyFile)
			if err != nil {
				fail("client key file: %v", err)
			} else if is.clientKey, err = parseKey(b); err != nil {
				fail("client key file %s: %v", is.ClientKeyFile, err)
			}
		case is.ClientSecretEnv != "":
			is.clientSecret = strings.TrimSpace(env.getenv(is.ClientSecretEnv))
			if is.clientSecret == "" {
				fail("environment variable %s is empty", is.ClientSecretEnv)
			}
		case is.ClientSecretFile != "":
			b, err := env.readFile(is.ClientSecretFile)
			if err != nil {
				fail("client secret file: %v", err)
			}
			is.clientSecret = strings.TrimSpace(string(b))
			if err == nil && is.clientSecret == "" {
				fail("client secret file %s is empty", is.ClientSecretFile)
			}
		default:
			fail("clientKeyFile, clientSecretEnv or clientSecretFile is required")
		}
		if len(is.Scopes) == 0 {
			is.Scopes = []string{"openid", "profile", "email"}
		} else if !slices.Contains(is.Scopes, "openid") {
			is.Scopes = append([]string{"openid"}, is.Scopes...)
		}
		if is.EmailClaim == "" {
			is.EmailClaim = "email"
		}
		if is.NameClaim == "" {
			is.NameClaim = "name"
		}
		if is.RoleClaim == "" {
			fail("roleClaim is required")
		}
		if len(is.Roles) == 0 {
			fail("roles must map at least one claim value to a role")
		}
		for v, r := range is.Roles {
			if v == "" {
				fail("roles: an empty claim value cannot be mapped")
			}
			if !r.Valid() {
				fail("roles: %q maps to unknown role %q", v, r)
			}
		}
		for _, acr := range slices.Concat(is.RequestACR, is.SecondFactorACR) {
			if strings.TrimSpace(acr) == "" || strings.ContainsAny(acr, " \t\r\n") {
				fail("acr values must be non-empty and contain no spaces")
				break
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("federation: configuration:\n%w", err)
	}
	return &c, nil
}

// checkURL requires an absolute https URL without query or fragment. Plain
// http is accepted for a loopback host only, for development and tests.
func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return errors.New("must be an absolute URL without query, fragment or credentials")
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if ip := net.ParseIP(u.Hostname()); (ip != nil && ip.IsLoopback()) || u.Hostname() == "localhost" {
			return nil
		}
	}
	return errors.New("must use https")
}

// Issuer returns the configured provider with the given id.
func (c *Config) Issuer(id string) (*Issuer, bool) {
	for i := range c.Issuers {
		if c.Issuers[i].ID == id {
			return &c.Issuers[i], true
		}
	}
	return nil, false
}

// parseKey reads a PEM private key for private_key_jwt: RSA of at least
// 2048 bits, or EC P-256, in PKCS#8, PKCS#1 or SEC 1 form.
func parseKey(b []byte) (crypto.Signer, error) {
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, errors.New("no PEM block")
	}
	var key any
	var err error
	switch block.Type {
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	default:
		return nil, fmt.Errorf("PEM block %q is no private key", block.Type)
	}
	if err != nil {
		return nil, err
	}
	switch k := key.(type) {
	case *rsa.PrivateKey:
		if k.N.BitLen() < 2048 {
			return nil, errors.New("an RSA key must have at least 2048 bits")
		}
		return k, nil
	case *ecdsa.PrivateKey:
		if k.Curve != elliptic.P256() {
			return nil, errors.New("an EC key must be on P-256")
		}
		return k, nil
	}
	return nil, fmt.Errorf("unsupported key type %T", key)
}
