package api

import (
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

func TestIncidents(t *testing.T) {
	f := newFixture(t)
	aware := time.Now().UTC().Add(-3 * time.Hour).Truncate(time.Second)
	in := incidentInput{
		Title: "Mail aan verkeerde ontvanger", Nature: "Een overzicht is naar een verkeerd adres gemaild.",
		ContactPoint: "Privacyfunctionaris politie", RecommendedMeasures: "Ontvanger verzoeken te verwijderen.",
		Consequences: "Onbekend; ontvanger gevraagd te verwijderen.", PersonalData: true, AwareAt: aware,
		PartnerIDs: []string{f.partners[ga.KindGemeente].ID},
	}
	w := f.expect(request{method: "POST", path: "/api/v1/incidenten", user: "professional", body: in}, http.StatusCreated)
	inc := decode[incidentView](t, w)
	if w.Header().Get("Location") != "/api/v1/incidenten/"+inc.ID || inc.ReportingPartnerID != f.partners[ga.KindPolitie].ID {
		t.Errorf("created %+v at %q", inc, w.Header().Get("Location"))
	}
	if inc.Clock.State != ga.ClockRunning || inc.Clock.Deadline == nil || !inc.Clock.Deadline.Equal(aware.Add(72*time.Hour)) {
		t.Errorf("clock %+v", inc.Clock)
	}
	path := "/api/v1/incidenten/" + inc.ID

	t.Run("invalid report names the fields", func(t *testing.T) {
		w := f.expect(request{method: "POST", path: "/api/v1/incidenten", user: "professional",
			body: incidentInput{Title: "x", AwareAt: aware, PartnerIDs: []string{"geen-uuid"}}}, http.StatusBadRequest)
		if p := decode[Problem](t, w); len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != "betrokkenPartnerIds" {
			t.Errorf("problem %+v", p)
		}
		w = f.expect(request{method: "POST", path: "/api/v1/incidenten", user: "professional",
			body: incidentInput{Title: "x", AwareAt: aware}}, http.StatusBadRequest)
		if p := decode[Problem](t, w); len(p.InvalidParams) != 4 {
			t.Errorf("problem %+v", p)
		}
	})

	t.Run("hidden answers as unknown", func(t *testing.T) {
		for _, user := range []string{"driehoek-om", "admin", "auditor"} {
			hidden := f.expect(request{method: "GET", path: path, user: user}, http.StatusNotFound)
			unknown := f.expect(request{method: "GET", path: "/api/v1/incidenten/" + unknownID, user: user}, http.StatusNotFound)
			if decode[Problem](t, hidden).Detail != decode[Problem](t, unknown).Detail {
				t.Errorf("%s: hidden and unknown differ", user)
			}
			l := decode[incidentList](t, f.expect(request{method: "GET", path: "/api/v1/incidenten", user: user}, http.StatusOK))
			if len(l.Incidents) != 0 {
				t.Errorf("%s lists %d incidents", user, len(l.Incidents))
			}
		}
		for _, user := range []string{"professional", "coordinator", "privacy"} {
			f.expect(request{method: "GET", path: path, user: user}, http.StatusOK)
		}
	})

	t.Run("handling", func(t *testing.T) {
		f.expect(request{method: "POST", path: path + "/ap-besluit", user: "professional", body: apDecisionInput{Reasoning: "r"}}, http.StatusForbidden)
		notified := aware.Add(time.Hour)
		w := f.expect(request{method: "POST", path: path + "/ap-besluit", user: "privacy",
			body: apDecisionInput{Notify: true, Reasoning: "Risico voor betrokkenen.", NotifiedAt: &notified, Reference: "AP-1"}}, http.StatusOK)
		got := decode[incidentView](t, w)
		if got.AP == nil || !got.AP.Notify || got.Clock.State != ga.ClockMetInTime || got.Status != ga.IncidentInProgress {
			t.Errorf("after AP decision: %+v", got)
		}
		f.expect(request{method: "POST", path: path + "/ap-besluit", user: "coordinator", body: apDecisionInput{Reasoning: "r"}}, http.StatusConflict)
		p := decode[Problem](t, f.expect(request{method: "POST", path: path + "/afsluiting", user: "coordinator"}, http.StatusConflict))
		named := false
		for _, d := range append(p.InvalidParams, p.MissingConditions...) {
			named = named || d.Name == "besluitBetrokkenen"
		}
		if !named && !strings.Contains(p.Detail, "betrokkenen") {
			t.Errorf("close refusal does not name the missing decision: %+v", p)
		}
		f.expect(request{method: "POST", path: path + "/betrokkenenbesluit", user: "privacy",
			body: subjectsDecisionInput{Inform: false, Exception: ga.ExceptionRiskRemoved, Reasoning: "Ontvanger heeft verwijderd."}}, http.StatusOK)
		f.expect(request{method: "POST", path: path + "/stappen", user: "coordinator",
			body: incidentStepInput{Kind: ga.StepRecovery, Description: "Adresboek opgeschoond."}}, http.StatusOK)
		f.expect(request{method: "POST", path: path + "/kennisname", user: "professional"}, http.StatusForbidden)
		got = decode[incidentView](t, f.expect(request{method: "POST", path: path + "/kennisname", user: "privacy"}, http.StatusOK))
		if len(got.Notifications) != 1 || got.Notifications[0].AcknowledgedAt == nil {
			t.Errorf("notifications %+v", got.Notifications)
		}
		got = decode[incidentView](t, f.expect(request{method: "POST", path: path + "/afsluiting", user: "coordinator"}, http.StatusOK))
		if got.Status != ga.IncidentClosed || len(got.Steps) != 1 {
			t.Errorf("closed: %+v", got)
		}
	})

	t.Run("register export", func(t *testing.T) {
		f.expect(request{method: "GET", path: "/api/v1/datalekregister", user: "professional"}, http.StatusForbidden)
		l := decode[incidentList](t, f.expect(request{method: "GET", path: "/api/v1/datalekregister", user: "privacy"}, http.StatusOK))
		if len(l.Incidents) != 1 || l.Incidents[0].ID != inc.ID {
			t.Errorf("register %+v", l)
		}
		req := httptest.NewRequest("GET", "/api/v1/datalekregister", nil)
		req.Header.Set("Authorization", "Bearer "+f.tokens["coordinator"])
		req.Header.Set("Accept", "text/csv, application/json;q=0.5")
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "text/csv; charset=utf-8" {
			t.Fatalf("CSV export: %d %q", rec.Code, rec.Header().Get("Content-Type"))
		}
		rows, err := csv.NewReader(rec.Body).ReadAll()
		if err != nil || len(rows) != 2 || rows[1][0] != inc.ID || rows[0][0] != "id" {
			t.Errorf("CSV rows %q (%v)", rows, err)
		}
	})
}

func TestWantsCSV(t *testing.T) {
	for accept, want := range map[string]bool{
		"": false, "text/csv": true, "application/json": false, "*/*": false,
		"text/csv;q=0.9, application/json": true, "application/json, text/csv": false, "text/html, text/csv": true,
	} {
		if got := wantsCSV(accept); got != want {
			t.Errorf("wantsCSV(%q) = %v", accept, got)
		}
	}
}
