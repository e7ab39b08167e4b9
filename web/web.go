// Package web is Groepsaanpak's HTTP server: the Dutch (and English) web
// interface built on NL Design System components, the embedded static
// assets, the health endpoints, and the composition of all of it with the
// JSON API into the one handler the program serves.
//
// Pages are server-rendered with html/template under a strict
// Content-Security-Policy: no inline scripts or styles, nothing fetched from
// elsewhere. Every state-changing request is a form POST protected by
// http.CrossOriginProtection; the login session lives in an HttpOnly,
// SameSite=Strict cookie whose token the storage package checks on every
// request. Every error is turned into a page by one mapping from the
// domain's error kinds (errors.go), and the application log never receives
// personal data (middleware.go).
package web

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/groepsaanpak/groepsaanpak/auth"
	"github.com/groepsaanpak/groepsaanpak/federation"
	"github.com/groepsaanpak/groepsaanpak/passkey"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// Config is what the web server needs from the rest of the program.
type Config struct {
	// DB is the storage; required.
	DB *storage.DB
	// API is mounted at /api/v1/ as it is: it brings its own
	// authentication (bearer tokens), headers and error format.
	API http.Handler
	// Logger receives one line per request without personal data; nil
	// discards the log.
	Logger *slog.Logger
	// TLS says the application is reached over HTTPS, directly or behind a
	// TLS-terminating proxy. It turns on Secure and __Host- cookies and
	// Strict-Transport-Security.
	TLS bool
	// Federation is the login through the partners' identity providers
	// (OpenID Connect); nil offers the local login only.
	Federation *federation.Federation
	// Passkeys offers passkeys (WebAuthn) as a second factor beside the
	// TOTP code; nil offers the code only.
	Passkeys *passkey.Service
	// Version is the application version, shown in the footer. (Static
	// assets are versioned by a hash of their content instead, so that a
	// rebuild with changed assets never serves stale files.)
	Version string
	// Profiling serves Go's runtime profiles at /debug/pprof/ to
	// administrators (profile.go); off, those paths do not exist.
	Profiling bool
}

// server holds what every handler needs. It is built once by New and never
// changed afterwards, so handlers may use it concurrently.
type server struct {
	db      *storage.DB
	api     http.Handler
	log     *slog.Logger
	tls     bool
	version string
	fed     *federation.Federation
	keys    *passkey.Service
	pages   *templates
	static  *staticFiles
	// loginAttempts limits the login forms per client address (reauth.go).
	loginAttempts *auth.RateLimiter
	profiling     bool
}

// New returns the handler of the whole application: the pages, /static/,
// /healthz, /readyz and the API under /api/v1/. It fails when the embedded
// templates or message catalog are inconsistent, so that a broken build
// never starts serving.
func New(cfg Config) (http.Handler, error) {
	if cfg.DB == nil {
		return nil, errors.New("web: Config.DB is required")
	}
	s := &server{
		db:        cfg.DB,
		api:       cfg.API,
		log:       cfg.Logger,
		tls:       cfg.TLS,
		profiling: cfg.Profiling,
		version:   cfg.Version,
		fed:       cfg.Federation,
		keys:      cfg.Passkeys,
	}
	s.loginAttempts = newLoginLimiter(cfg.DB.Now)
	if s.api == nil {
		s.api = http.NotFoundHandler()
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.version == "" {
		s.version = "dev"
	}
	if err := checkCatalog(); err != nil {
		return nil, err
	}
	var err error
	if s.static, err = loadStatic(); err != nil {
		return nil, err
	}
	if s.pages, err = loadTemplates(s.static); err != nil {
		return nil, err
	}
	return s.handler(), nil
}
