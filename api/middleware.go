package api

import (
	"fmt"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// handlerFunc is a handler that returns its failure instead of writing it,
// so that every error reaches the client through the one problem table.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// public serves h without authentication. Only the OpenAPI document is
// public (ADR /core/publish-openapi).
func (s *server) public(h handlerFunc) http.Handler { return s.handle(h) }

// auth serves h to an authenticated actor only.
func (s *server) auth(h handlerFunc) http.Handler { return s.authenticated(s.handle(h)) }

// personal serves h to an authenticated actor who may process personal data
// now (requireProcessing). Every casework route is served through it: the
// groups, persons, items, plans, measures and meetings of the group
// approach. Storage then decides need-to-know per object.
func (s *server) personal(h handlerFunc) http.Handler {
	return s.authenticated(s.requireProcessing(s.handle(h)))
}

// handle adapts a handlerFunc to http.Handler, answering its error as
// problem+json.
func (s *server) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// standardHeaders sets the headers every response carries, errors
// included: the API version (ADR /core/version-header) and the security
// headers of the ADR's transport security module. Responses are never
// cached, never framed and never sniffed; no CORS header is ever sent, so
// browsers keep other origins out. HSTS is sent when clients come over TLS
// (a TLS connection, or Config.TLS behind a TLS-terminating proxy); RFC 6797
// has clients ignore it on plain HTTP.
func (s *server) standardHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("API-Version", APIVersion)
		h.Set("Cache-Control", "no-store")
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		if s.tls || r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// traced puts the request's W3C trace in its context, where storage picks it
// up for the audit and processing logs, and returns our span as traceparent
// so that a caller can link its own logs to ours (SPEC §5).
func (s *server) traced(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t := traceFromHeader(r.Header.Values("Traceparent"))
		w.Header().Set("Traceparent", formatTraceparent(t))
		next.ServeHTTP(w, r.WithContext(ga.WithTrace(r.Context(), t)))
	})
}

// recovered turns a panic into a logged 500 problem, so that one failing
// request neither takes the connection down nor answers without the API's
// headers.
func (s *server) recovered(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := &trackingWriter{ResponseWriter: w}
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			// The panic value may hold anything, personal data included;
			// only its type is logged, beside the stack (code locations).
			s.logger.ErrorContext(r.Context(), "api: handler panicked",
				"method", r.Method,
				"route", r.Pattern,
				"trace_id", ga.TraceFrom(r.Context()).TraceID,
				"type", fmt.Sprintf("%T", v),
				"stack", string(debug.Stack()))
			if !rw.wroteHeader {
				writeProblem(rw, problemFor(nil))
			}
		}()
		next.ServeHTTP(rw, r)
	})
}

// trackingWriter remembers whether the response has started, which decides
// whether a problem can still be sent after a panic.
type trackingWriter struct {
	http.ResponseWriter
	wroteHeader bool
}

func (w *trackingWriter) WriteHeader(code int) {
	w.wroteHeader = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *trackingWriter) Write(b []byte) (int, error) {
	w.wroteHeader = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *trackingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// problemsForMux serves mux, but answers an unknown path (404) or a known
// path with a method it does not support (405, with the Allow header the
// mux computed) as problem+json instead of the mux's plain text. An unknown
// path answers exactly like an object that does not exist.
func (s *server) problemsForMux(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := mux.Handler(r)
		if pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		rec := &headerRecorder{header: http.Header{}}
		h.ServeHTTP(rec, r)
		switch rec.status {
		case http.StatusNotFound:
			writeProblem(w, problemFor(ga.ErrNotFound("api.route")))
		case http.StatusMethodNotAllowed:
			w.Header().Set("Allow", rec.header.Get("Allow"))
			writeProblem(w, problemMethodNotAllowed)
		default:
			// A redirect to the canonical form of the path.
			for k, v := range rec.header {
				if k != "Content-Type" {
					w.Header()[k] = v
				}
			}
			w.WriteHeader(rec.status)
		}
	})
}

// headerRecorder captures the status and headers of the mux's built-in
// answers and discards their plain-text bodies.
type headerRecorder struct {
	header http.Header
	status int
}

func (r *headerRecorder) Header() http.Header { return r.header }
func (r *headerRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *headerRecorder) Write(b []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return len(b), nil
}

// authenticated admits a request with a valid bearer token (RFC 6750) and
// puts its actor in the context. There are no cookies on the API: a browser
// session cannot be used here, so the API needs no CSRF protection. A missing
// token and a wrong one both answer 401; a wrong one adds
// error="invalid_token" so that a client knows to get a new one.
func (s *server) authenticated(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearerToken(r.Header.Values("Authorization"))
		if !ok {
			writeProblem(w, problemFor(ga.E(ga.KindUnauthenticated, "api.authenticate", "")))
			return
		}
		// A client address that failed too often is refused before its
		// token is looked at, so that tokens cannot be guessed at speed.
		if s.authFailures.Limited(clientAddress(r)) {
			w.Header().Set("Retry-After", strconv.Itoa(int(AuthFailureEvery/time.Second)))
			writeProblem(w, problemFor(errTooManyAttempts))
			return
		}
		actor, err := s.db.AuthenticateToken(r.Context(), token, clientAddress(r))
		if err != nil {
			if ga.IsKind(err, ga.KindUnauthenticated) {
				s.authFailures.Allow(clientAddress(r))
				w.Header().Set("WWW-Authenticate", `Bearer realm="groepsaanpak", error="invalid_token"`)
			}
			s.writeError(w, r, err)
			return
		}
		if actor.Origin == "" {
			actor.Origin = clientAddress(r)
		}
		next.ServeHTTP(w, r.WithContext(ga.WithActor(r.Context(), actor)))
	})
}

// errTooManyAttempts answers a client that exceeded a rate limit (429).
var errTooManyAttempts = ga.E(ga.KindLocked, "api.rateLimit", "Te veel pogingen. Probeer het later opnieuw.")

// bearerToken returns the token of the one Authorization header, which must
// use the Bearer scheme (case-insensitive, RFC 9110 §11.1).
func bearerToken(values []string) (string, bool) {
	if len(values) != 1 {
		return "", false
	}
	scheme, token, ok := strings.Cut(strings.TrimSpace(values[0]), " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" || strings.ContainsAny(token, " \t") {
		return "", false
	}
	return token, true
}

// clientAddress is the network address the request came from, for the
// audit log (BIO 8.15). The web server in front decides what RemoteAddr
// holds; the API trusts no forwarding header of its own accord.
func clientAddress(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// requireProcessing guards every route that processes personal data. It
// refuses the request unless the common precondition of processing holds
// (ga.CheckPersonalDataAccess): the Art 8 gate is open, which answers 409
// naming every missing condition; the actor's roles give access to personal
// data at all and the actor accepted the confidentiality duty for the
// covenant version in force, which answer 403. Storage checks need-to-know
// per object after this.
func (s *server) requireProcessing(next http.Handler) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		state, err := s.db.GateState(r.Context())
		if err != nil {
			return err
		}
		if err := ga.CheckPersonalDataAccess(ga.ActorFrom(r.Context()), state, s.db.Now()); err != nil {
			return err
		}
		next.ServeHTTP(w, r)
		return nil
	})
}
