package web

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// maxFormBytes limits the body of a page request. The largest form (a
// register entry with ten free-text fields of at most 8000 characters) fits
// well within it; anything larger is refused before it is parsed.
const maxFormBytes = 256 << 10

// contentSecurityPolicy forbids inline scripts and styles and everything
// from elsewhere: pages load only the embedded assets.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// permissionsPolicy turns off the powerful browser features that no page of
// a case file needs.
const permissionsPolicy = "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), " +
	"gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"

// request is the per-request state that the middleware and handlers share
// through the context. The logging middleware creates it, so that it can
// read at the end what the router and handlers filled in.
type request struct {
	start   time.Time
	trace   ga.Trace
	pattern string
	lang    string

	// Set by the session middleware for pages that need a login.
	token   string
	session *storage.Session
	actor   *ga.Actor
}

type requestKey struct{}

func requestFrom(ctx context.Context) *request {
	if rq, ok := ctx.Value(requestKey{}).(*request); ok {
		return rq
	}
	return &request{lang: langNL}
}

// statusWriter remembers the status code for the log line.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// withRequest starts the request: it creates the shared state with a new
// trace (which the storage writes into the audit and processing logs, so
// that a log line can be found from the application log), recovers from
// panics and writes one log line at the end. The line holds the method, the
// route pattern (never the path, which may hold ids, nor the query string),
// the status, the duration and the trace id: nothing that is personal data.
func (s *server) withRequest(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rq := &request{start: time.Now(), trace: storage.NewTrace(), lang: languageOf(r)}
		ctx := context.WithValue(r.Context(), requestKey{}, rq)
		ctx = ga.WithTrace(ctx, rq.trace)
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				// The panic value may hold anything; only its type is
				// logged, the stack is left to a debugger.
				s.log.LogAttrs(ctx, slog.LevelError, "panic in handler",
					slog.String("pattern", rq.pattern), slog.String("type", fmt.Sprintf("%T", p)),
					slog.String("trace_id", rq.trace.TraceID))
				if sw.status == 0 {
					s.renderError(sw, r.WithContext(ctx), ga.Wrap("web", fmt.Errorf("panic")))
				}
			}
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			level := slog.LevelInfo
			if status >= 500 {
				level = slog.LevelError
			}
			s.log.LogAttrs(ctx, level, "request",
				slog.String("method", r.Method),
				slog.String("pattern", rq.pattern),
				slog.Int("status", status),
				slog.Duration("duration", time.Since(rq.start)),
				slog.String("trace_id", loggedTraceID(sw.Header(), rq.trace.TraceID)))
		}()
		next.ServeHTTP(sw, r.WithContext(ctx))
	})
}

// loggedTraceID is the trace id for a request's log line: the one the
// handler answered in its traceparent header when it has its own trace (the
// API starts one from the caller's traceparent, and writes that one into the
// audit and processing logs), else ours. Without it an API request's log
// line named a trace found nowhere else.
func loggedTraceID(h http.Header, ours string) string {
	tp := h.Get("Traceparent")
	if len(tp) < 55 || tp[2] != '-' || tp[35] != '-' {
		return ours
	}
	id := tp[3:35]
	for i := 0; i < len(id); i++ {
		if c := id[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return ours
		}
	}
	return id
}

// securityHeaders sets the headers every page carries. Static assets get a
// long cache lifetime from their own handler; everything else is no-store,
// because pages show data that must not linger in a shared or local cache.
func (s *server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Permissions-Policy", permissionsPolicy)
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		if s.tls {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

// limitBody refuses page requests with bodies larger than maxFormBytes; the
// form parser then fails, and the handler answers 413.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > maxFormBytes {
			w.Header().Set("Connection", "close")
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		next.ServeHTTP(w, r)
	})
}

// route wraps a page handler so that the log line names its route pattern.
func route(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requestFrom(r.Context()).pattern = r.Pattern
		h.ServeHTTP(w, r)
	})
}

// origin is the network address of the client for the audit log (BIO
// 8.15). Behind a proxy this is the proxy's address; a forwarded header is
// not trusted because anyone can set it.
func origin(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
