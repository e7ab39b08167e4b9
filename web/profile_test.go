package web

import (
	"net/http"
	"testing"

	"github.com/groepsaanpak/groepsaanpak/storage"
)

// TestProfiles checks the runtime profiles: off by default (the paths do
// not exist), and when on only for an administrator with a complete login,
// each fetch audited.
func TestProfiles(t *testing.T) {
	paths := []string{"/debug/pprof/", "/debug/pprof/goroutine?debug=1", "/debug/pprof/heap", "/debug/pprof/cmdline", "/debug/pprof/symbol"}
	t.Run("off by default: not found, also for an administrator", func(t *testing.T) {
		f := newFixture(t)
		c := f.loggedIn(f.admin)
		for _, p := range paths {
			if r := c.get(p); r.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s = %d, want 404", p, r.StatusCode)
			}
		}
	})
	t.Run("on: administrators only", func(t *testing.T) {
		f := newFixture(t, fixtureOptions{Profiling: true})
		anonymous := f.client()
		for _, p := range paths {
			if r := anonymous.get(p); r.StatusCode != http.StatusSeeOther || r.location() != "/inloggen" {
				t.Errorf("GET %s without login = %d to %q, want a redirect to the login", p, r.StatusCode, r.location())
			}
		}
		for _, u := range []*testUser{f.coordinator, f.police, f.prof} {
			c := f.loggedIn(u)
			for _, p := range paths {
				if r := c.get(p); r.StatusCode != http.StatusForbidden {
					t.Errorf("GET %s as %s = %d, want 403", p, u.Email, r.StatusCode)
				}
			}
		}
		c := f.loggedIn(f.admin)
		want(t, c.get("/debug/pprof/"), http.StatusOK, "goroutine", "heap")
		want(t, c.get("/debug/pprof/goroutine?debug=1"), http.StatusOK, "goroutine profile")
		entries, err := f.db.AuditEntries(system(), storage.AuditFilter{Action: "profile_read", Limit: storage.MaxLogPage})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 || entries[0].UserID != f.admin.ID || entries[0].ObjectID != "index" || entries[1].ObjectID != "goroutine" {
			t.Errorf("audit lines of the fetches = %+v", entries)
		}
	})
}
