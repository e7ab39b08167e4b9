package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// TestCaseworkHiddenAndUnknownLookTheSame requests every casework page of
// objects in a group approach the school does not take part in: each is
// the same 404 page as the page of an id that does not exist (SPEC §3).
func TestCaseworkHiddenAndUnknownLookTheSame(t *testing.T) {
	w := newCaseworld(t)
	g := w.group("Bankjes Kanaleneiland", ga.StepExecution)
	p := w.person(g, "Jan Jansen", 17, ga.RoleCore, "2026-03-01")
	it := w.policeItem(g, nil, "Meldingen van overlast.")
	coord := w.as(w.coordinator)
	m := &ga.Measure{GroupID: g.ID, Kind: ga.MeasureAdministrative, Description: "Cameratoezicht", ResponsiblePartnerID: w.gemeente.ID,
		Status: ga.MeasureRunning, Start: "2026-11-01", ReviewDate: "2027-01-01"}
	if err := w.db.CreateMeasure(coord, m); err != nil {
		t.Fatal(err)
	}
	mt := &ga.Meeting{GroupID: g.ID, Kind: ga.MeetingGroup, HeldOn: "2026-11-30", Invited: []ga.Invitation{{PartnerID: w.school.ID}}}
	if err := w.db.CreateMeeting(coord, mt); err != nil {
		t.Fatal(err)
	}
	teacher := w.loggedIn(w.teacher)
	for _, path := range []string{"/groepen/" + g.ID, "/overleggen/" + mt.ID, "/maatregelen/" + m.ID, "/personen/" + p.ID} {
		want(t, teacher.get(path), http.StatusOK)
	}
	if err := w.db.RemoveParticipant(coord, g.ID, w.school.ID); err != nil {
		t.Fatal(err)
	}
	for _, pair := range [][2]string{
		{"/groepen/" + g.ID, "/groepen/" + unknownID},
		{"/groepen/" + g.ID + "/plan", "/groepen/" + unknownID + "/plan"},
		{"/groepen/" + g.ID + "/overleggen", "/groepen/" + unknownID + "/overleggen"},
		{"/groepen/" + g.ID + "/monitoring", "/groepen/" + unknownID + "/monitoring"},
		{"/groepen/" + g.ID + "/personen/nieuw", "/groepen/" + unknownID + "/personen/nieuw"},
		{"/personen/" + p.ID, "/personen/" + unknownID},
		{"/personen/" + p.ID + "/bewerken", "/personen/" + unknownID + "/bewerken"},
		{"/gegevens/" + it.ID, "/gegevens/" + unknownID},
		{"/maatregelen/" + m.ID, "/maatregelen/" + unknownID},
		{"/overleggen/" + mt.ID, "/overleggen/" + unknownID},
		{"/overleggen/" + mt.ID, "/overleggen/niet-eens-een-id"},
	} {
		wantSameNotFound(t, teacher, pair[0], pair[1])
	}
}

// TestCaseworkPagesKeepPersonalDataOutOfURLsCachesAndLogs checks what SPEC
// §3 and §9 ask of every page with personal data: no-store, ids only in
// URLs, and nothing personal in the application log.
func TestCaseworkPagesKeepPersonalDataOutOfURLsCachesAndLogs(t *testing.T) {
	w := newCaseworld(t)
	g := w.group("Bankjes Kanaleneiland", ga.StepExecution)
	p := w.person(g, "Jan Jansen", 17, ga.RoleCore, "2026-03-01")
	it := w.policeItem(g, p, "Aangehouden voor vernieling.")
	agent := w.loggedIn(w.agent)
	href := regexp.MustCompile(`(?:href|action)="([^"]*)"`)
	for _, path := range []string{"/", "/groepen", "/groepen/" + g.ID, "/groepen/" + g.ID + "/plan", "/groepen/" + g.ID + "/overleggen",
		"/groepen/" + g.ID + "/monitoring", "/personen/" + p.ID, "/personen/" + p.ID + "/bewerken", "/gegevens/" + it.ID, "/gegevens/" + it.ID + "/bewerken"} {
		r := agent.get(path)
		want(t, r, http.StatusOK)
		if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s: Cache-Control = %q", path, cc)
		}
		for _, m := range href.FindAllStringSubmatch(r.Body, -1) {
			if strings.Contains(m[1], "Jansen") || strings.Contains(m[1], "vernieling") || strings.Contains(m[1], "?") {
				t.Errorf("%s: a URL holds personal data or a query: %s", path, m[1])
			}
		}
	}
	logs := w.logs.String()
	for _, secret := range []string{"Jan Jansen", "vernieling", p.ID, it.ID} {
		if strings.Contains(logs, secret) {
			t.Errorf("application log contains %q", secret)
		}
	}
	if !strings.Contains(logs, `"pattern":"GET /personen/{id}"`) {
		t.Errorf("application log lacks the route pattern:\n%s", logs)
	}
}
