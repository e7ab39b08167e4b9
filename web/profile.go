package web

import (
	"net/http"
	"net/http/pprof"
	"strings"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Profiles of the running server (Go's net/http/pprof: CPU, heap,
// goroutines, mutex and block profiles, execution traces) help find hot
// paths under real load. They are off unless the server is started with
// profiling on (groepsaanpak serve --pprof), and then only an administrator
// with a complete login may fetch them; every fetch is audited. A profile
// holds function names, stacks and sizes, never the contents of requests.

// profileRoutes mounts the profiles at /debug/pprof/, where pprof's index
// expects them, when profiling is on. Off, the paths do not exist (404).
func (s *server) profileRoutes(handle func(string, http.Handler)) {
	if !s.profiling {
		return
	}
	handle("GET /debug/pprof/", s.authed(s.profile(http.HandlerFunc(pprof.Index))))
	handle("GET /debug/pprof/cmdline", s.authed(s.profile(http.HandlerFunc(pprof.Cmdline))))
	handle("GET /debug/pprof/profile", s.authed(s.profile(http.HandlerFunc(pprof.Profile))))
	handle("GET /debug/pprof/symbol", s.authed(s.profile(http.HandlerFunc(pprof.Symbol))))
	handle("GET /debug/pprof/trace", s.authed(s.profile(http.HandlerFunc(pprof.Trace))))
}

// profile refuses anyone but an administrator (403) and audits the fetch
// before serving it.
func (s *server) profile(h http.Handler) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		const op = "web.profile"
		ctx := r.Context()
		if !requestFrom(ctx).actor.Has(ga.RoleAdmin) {
			return ga.ErrForbidden(op)
		}
		name := strings.TrimPrefix(r.URL.Path, "/debug/pprof/")
		if name == "" {
			name = "index"
		}
		if err := s.db.AuditAction(ctx, "profile_read", "runtime_profile", name); err != nil {
			return err
		}
		h.ServeHTTP(w, r)
		return nil
	}
}
