package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// TestCorrectionNoticePages: after the coordinator improves a police item
// at the person's request, the police's user finds the link on the start
// page, sees the notice (person, category, action; never the old content)
// and confirms it; the school sees none and cannot confirm the police's
// notice; once confirmed the start page no longer links to it, and the
// listing wrote the processing line for the person.
func TestCorrectionNoticePages(t *testing.T) {
	w := newCaseworld(t)
	g := w.group("Bankjes Kanaleneiland", ga.StepExecution)
	p := w.person(g, "Jan Jansen", 17, ga.RoleCore, "2026-03-01")
	it := w.policeItem(g, p, "Aangehouden bij een vechtpartij op het plein.")

	agent := w.loggedIn(w.agent)
	home := agent.get("/")
	want(t, home, http.StatusOK)
	if strings.Contains(home.Body, "/correctieberichten") {
		t.Error("the start page links to corrections before there are any")
	}
	want(t, agent.get("/correctieberichten"), http.StatusOK, "Er zijn geen correcties die uw organisatie nog moet bevestigen.")

	coord := w.as(w.coordinator)
	today := ga.DateOf(w.clock.Now())
	c := ga.RightsCase{Kind: ga.CaseCorrection, ReceivedOn: today, Channel: ga.ChannelLetter, PersonID: p.ID, Summary: "verbeteren"}
	if err := w.db.RegisterCase(coord, &c); err != nil {
		t.Fatal(err)
	}
	if err := w.db.RecordIdentityCheck(coord, c.ID, ga.IdentityCheck{Method: "Rijbewijs aan de balie", CheckedOn: today}); err != nil {
		t.Fatal(err)
	}
	cr := ga.Correction{ItemID: it.ID, Action: ga.CorrectImprove, Granted: true, Text: "Aanwezig bij een vechtpartij op het plein.", Motivation: "Niet aangehouden."}
	if err := w.db.DecideCorrection(coord, c.ID, &cr); err != nil {
		t.Fatal(err)
	}

	agent = w.loggedIn(w.agent)
	want(t, agent.get("/"), http.StatusOK, "Correcties om te bevestigen", "Correcties bekijken en bevestigen (1)", `href="/correctieberichten"`)
	page := agent.get("/correctieberichten")
	want(t, page, http.StatusOK, "Jan Jansen", "Strafbaar feit", "Verbeterd", today.Dutch(), `href="/gegevens/`+it.ID+`"`,
		`action="/correctieberichten/`+cr.ID+`/bevestigen"`, "Doorgevoerd en bevestigen", "correctie van Jan Jansen (Strafbaar feit)")
	if strings.Contains(page.Body, "Aangehouden bij een vechtpartij") {
		t.Error("the notice shows the item's old content")
	}

	teacher := w.loggedIn(w.teacher)
	school := teacher.get("/correctieberichten")
	want(t, school, http.StatusOK, "Er zijn geen correcties")
	if strings.Contains(school.Body, "Jan Jansen") {
		t.Error("the school sees the police's notice")
	}
	want(t, teacher.post("/correctieberichten/"+cr.ID+"/bevestigen", url.Values{}), http.StatusNotFound)

	wantRedirect(t, agent.post("/correctieberichten/"+cr.ID+"/bevestigen", url.Values{}), "/correctieberichten")
	want(t, agent.get("/correctieberichten"), http.StatusOK, "De correctie is bevestigd.", "Er zijn geen correcties")
	if h := agent.get("/"); strings.Contains(h.Body, "/correctieberichten") {
		t.Error("the start page still links to a confirmed correction")
	}

	var ps string
	if err := w.db.SQL().QueryRow(`SELECT pseudonym FROM persons WHERE id = $1`, p.ID).Scan(&ps); err != nil {
		t.Fatal(err)
	}
	lines, err := w.db.ProcessingEntries(system(), storage.ProcessingFilter{DataSubjectID: ps, Limit: storage.MaxLogPage})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range lines {
		if l.Name == ga.ProcCorrectionNotice {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d processing lines %s for the person, want 1 (the police's listing)", n, ga.ProcCorrectionNotice)
	}
}

// policeCorrection improves the police's item about Piet at his request
// and returns the correction's id: its notice goes to the police, the
// item's source, and not to the school, which never saw the item.
func (w *casework2World) policeCorrection(t *testing.T) string {
	t.Helper()
	coord := w.as(w.coordinator)
	today := ga.DateOf(w.clock.Now())
	c := ga.RightsCase{Kind: ga.CaseCorrection, ReceivedOn: today, Channel: ga.ChannelLetter, PersonID: w.piet.ID, Summary: "verbeteren"}
	if err := w.db.RegisterCase(coord, &c); err != nil {
		t.Fatal(err)
	}
	if err := w.db.RecordIdentityCheck(coord, c.ID, ga.IdentityCheck{Method: "Paspoort", CheckedOn: today}); err != nil {
		t.Fatal(err)
	}
	cr := ga.Correction{ItemID: w.item.ID, Action: ga.CorrectImprove, Granted: true, Text: w.item.Content + " (verbeterd)", Motivation: "Op verzoek."}
	if err := w.db.DecideCorrection(coord, c.ID, &cr); err != nil {
		t.Fatal(err)
	}
	for _, n := range cr.Notices {
		if n.PartnerID == w.school.ID {
			t.Fatal("the school got a notice of an item it never saw")
		}
	}
	return cr.ID
}
