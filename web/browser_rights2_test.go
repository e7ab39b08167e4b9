package web

import (
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// TestBrowserCorrectionNotices walks the receiving partner's side of a
// correction in a real browser with axe-core on every page: the start page
// with the link, the list of corrections to confirm, and the confirmation.
func TestBrowserCorrectionNotices(t *testing.T) {
	w := newCaseworld(t)
	g := w.group("Bankjes Kanaleneiland", ga.StepExecution)
	jan := w.person(g, "Jan Jansen", 17, ga.RoleCore, "2026-03-01")
	it := w.policeItem(g, jan, "Aangehouden bij een vechtpartij op het plein.")
	today := ga.DateOf(w.clock.Now())
	coord := w.as(w.coordinator)
	c := ga.RightsCase{Kind: ga.CaseCorrection, ReceivedOn: today, Channel: ga.ChannelEmail, PersonID: jan.ID, Summary: "verzoek"}
	if err := w.db.RegisterCase(coord, &c); err != nil {
		t.Fatal(err)
	}
	if err := w.db.RecordIdentityCheck(coord, c.ID, ga.IdentityCheck{Method: "Paspoort", CheckedOn: today}); err != nil {
		t.Fatal(err)
	}
	cr := ga.Correction{ItemID: it.ID, Action: ga.CorrectDelete, Granted: true, Motivation: "Niet ter zake dienend."}
	if err := w.db.DecideCorrection(coord, c.ID, &cr); err != nil {
		t.Fatal(err)
	}

	b := w.browse(t, w.agent)
	b.open("/", "start page with corrections to confirm")
	b.expect("start page", "Correcties om te bevestigen", "Correcties bekijken en bevestigen (1)")
	b.open("/correctieberichten", "corrections to confirm")
	b.expect("corrections to confirm", "Jan Jansen", "Strafbaar feit", "Verwijderd", "!"+it.Content)
	b.submit(`form[action="/correctieberichten/` + cr.ID + `/bevestigen"] button[type="submit"]`)
	b.here("corrections after the confirmation")
	b.expect("corrections after the confirmation", "De correctie is bevestigd.", "Er zijn geen correcties")
}
