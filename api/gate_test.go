package api

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// TestRequireProcessing tests the Art 8 guard that every casework route
// uses (see also TestCaseworkGate), on a handler that exists only in this
// test. The actor is put in the context directly, as authenticated would.
func TestRequireProcessing(t *testing.T) {
	t.Parallel()
	f := newPartnersFixture(t)
	s := &server{db: f.db, logger: discardLogger()}
	guarded := s.requireProcessing(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"persoonsgegevens": "verwerkt"})
	}))
	politie := f.partners[ga.KindPolitie]
	professional := &ga.Actor{UserID: "u-professional", PartnerID: politie.ID, PartnerKind: ga.KindPolitie, Roles: []ga.Role{ga.RoleProfessional}}
	call := func(a *ga.Actor) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/api/v1/test-persoonsgegevens", nil)
		r = r.WithContext(ga.WithActor(r.Context(), a))
		w := httptest.NewRecorder()
		s.standardHeaders(s.traced(guarded)).ServeHTTP(w, r)
		checkStandardHeaders(t, w)
		return w
	}

	t.Run("closed gate answers 409 naming every missing condition", func(t *testing.T) {
		p := checkProblem(t, call(professional), 409)
		if p.Code != "gate_closed" || !strings.Contains(p.Title, "Artikel 8") {
			t.Errorf("problem %+v", p)
		}
		want := []string{"convenant", "verwerkingsregister"}
		for _, p := range f.partners {
			want = append(want, "ondertekening:"+p.ID)
		}
		for _, name := range want {
			if !slices.ContainsFunc(p.MissingConditions, func(c ProblemParam) bool { return c.Name == name && c.Reason != "" }) {
				t.Errorf("missing condition %q not listed: %+v", name, p.MissingConditions)
			}
		}
	})
	f.recordTerms()
	f.signAll()
	f.recordRegister("")
	t.Run("a register entry without DPIA keeps the gate closed", func(t *testing.T) {
		p := checkProblem(t, call(professional), 409)
		if len(p.MissingConditions) != 1 || p.MissingConditions[0].Name != "dpia" {
			t.Errorf("missing %+v, want only dpia", p.MissingConditions)
		}
	})
	f.recordRegister("DPIA-2025-01")
	t.Run("open gate without the confidentiality declaration answers 403", func(t *testing.T) {
		p := checkProblem(t, call(professional), 403)
		if !strings.Contains(p.Detail, "geheimhoudingsverklaring") {
			t.Errorf("problem %+v does not name the declaration", p)
		}
	})
	t.Run("admin and auditor never process personal data", func(t *testing.T) {
		for _, role := range []ga.Role{ga.RoleAdmin, ga.RoleAuditor} {
			a := &ga.Actor{UserID: "u-" + string(role), PartnerID: politie.ID, Roles: []ga.Role{role}, DeclaredVersion: 1}
			checkProblem(t, call(a), 403)
		}
	})
	t.Run("open gate with the declaration lets the request through", func(t *testing.T) {
		declared := *professional
		declared.DeclaredVersion = 1
		if w := call(&declared); w.Code != 200 || w.Body.String() != "{\"persoonsgegevens\":\"verwerkt\"}\n" {
			t.Errorf("status %d: %s", w.Code, w.Body)
		}
	})
	t.Run("a declaration for an older version is not enough", func(t *testing.T) {
		// The covenant is at version 1; a declaration for version 0 is none.
		checkProblem(t, call(professional), 403)
	})
}

// TestGateStatus checks that the Art 8 gate as a resource answers 200
// either way, with what is missing.
func TestGateStatus(t *testing.T) {
	t.Parallel()
	f := newPartnersFixture(t)
	s := &server{db: f.db, logger: discardLogger()}
	actor := &ga.Actor{UserID: "u", PartnerID: f.partners[ga.KindGemeente].ID, Roles: []ga.Role{ga.RoleProfessional}}
	get := func() gateStatus {
		r := httptest.NewRequest("GET", "/api/v1/convenant/status", nil)
		r = r.WithContext(ga.WithActor(r.Context(), actor))
		w := httptest.NewRecorder()
		s.handle(s.getGateStatus).ServeHTTP(w, r)
		if w.Code != 200 {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		return decode[gateStatus](t, w)
	}
	if st := get(); st.ProcessingAllowed || len(st.Missing) < 3 {
		t.Errorf("before anything is recorded: %+v", st)
	}
	f.openGate()
	if st := get(); !st.ProcessingAllowed || st.Missing == nil || len(st.Missing) != 0 {
		t.Errorf("with every condition met: %+v", st)
	}
}
