// Package api is Groepsaanpak's JSON API under /api/v1, built to the Dutch
// government's REST API Design Rules (ADR): Dutch resource names, UUIDs and
// never personal data in URLs, an OpenAPI 3 document at /api/v1/openapi.json,
// an API-Version header and the ADR security headers on every response, and
// every error as application/problem+json (RFC 9457).
//
// The API is a thin adapter: it authenticates the bearer token, puts the
// actor and the W3C trace in the request's context, decodes the request and
// calls the storage, which asks the domain's policy and writes the audit and
// processing logs in the same transaction. Whether an actor may do something
// is therefore decided by storage, never here, so that the web UI, the API
// and the command line cannot disagree.
package api

import (
	"log/slog"
	"net/http"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/auth"
	"github.com/groepsaanpak/groepsaanpak/internal/heldlines"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// APIVersion is the semantic version of this API. It is sent as the
// API-Version header on every response and is info.version of the OpenAPI
// document; the major version is the "v1" in the URL (ADR /core/uri-version,
// /core/version-header).
const APIVersion = "1.0.0"

// basePath is where the API lives. The web server mounts the handler there
// without stripping it, so the routes carry it in full.
const basePath = "/api/v1"

// Config is what the API needs from the rest of the program.
type Config struct {
	DB     *storage.DB
	Logger *slog.Logger
	// Version is the application's version, recorded with every error the
	// API logs so that a log line can be traced to the code that wrote it.
	Version string
	// TLS reports that clients reach the API over HTTPS, directly or through
	// a TLS-terminating proxy; every response then carries HSTS.
	TLS bool
}

// server holds the API's dependencies; its methods are the handlers.
type server struct {
	db     *storage.DB
	logger *slog.Logger
	tls    bool
	// authFailures limits failed bearer authentications per client
	// address; tokenIssues limits new API tokens per user (BIO 8.5).
	authFailures *auth.RateLimiter
	tokenIssues  *auth.RateLimiter
}

// Rate limits of the API: after AuthFailureBurst failed authentications a
// client address may try once per AuthFailureEvery; a user may create
// TokenIssueBurst tokens at once and then one per TokenIssueEvery.
const (
	AuthFailureBurst = 20
	AuthFailureEvery = 3 * time.Second
	TokenIssueBurst  = 10
	TokenIssueEvery  = time.Minute
)

// New returns the handler for every path under /api/v1/. Paths it does not
// know answer 404 and known paths with the wrong method 405, both as
// problem+json, so that a client never sees a plain-text error.
func New(cfg Config) http.Handler {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &server{
		db:     cfg.DB,
		logger: logger.With("component", "api", "version", cfg.Version),
		tls:    cfg.TLS,
	}
	if cfg.DB != nil {
		s.authFailures = &auth.RateLimiter{Burst: AuthFailureBurst, Every: AuthFailureEvery, Now: cfg.DB.Now}
		s.tokenIssues = &auth.RateLimiter{Burst: TokenIssueBurst, Every: TokenIssueEvery, Now: cfg.DB.Now}
	}
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.pattern, rt.handler)
	}
	var h http.Handler = s.recovered(s.problemsForMux(mux))
	if cfg.DB != nil {
		// One durable commit of log lines per request (heldlines): the
		// token check's line and the handler's lines are committed together,
		// before the response.
		h = heldlines.Handler(cfg.DB, h, func(w http.ResponseWriter, r *http.Request, err error) {
			s.writeError(w, r, ga.Wrap("api.heldlines", err))
		})
	}
	return s.standardHeaders(s.traced(h))
}
