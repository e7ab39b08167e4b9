package web

import (
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// TestBrowserRights walks the pages of the data subject's rights in a real
// browser with axe-core on every page: the dashboard, registering an
// access request, the case page with the identity check, the access
// overview with a withholding, a correction and a complaint case, and the
// notifications of a group.
func TestBrowserRights(t *testing.T) {
	w := newCaseworld(t)
	g := w.group("Bankjes Kanaleneiland", ga.StepExecution)
	jan := w.person(g, "Jan Jansen", 17, ga.RoleCore, "2026-03-01")
	kees := w.person(g, "Kees Klein", 14, ga.RoleFollower, "2026-03-01")
	it := w.policeItem(g, jan, "Aangehouden bij een vechtpartij op het plein.")
	w.policeItem(g, kees, "Gezien met een gestolen fiets.")
	today := ga.DateOf(w.clock.Now())

	b := w.browse(t, w.coordinator)
	b.open("/verzoeken", "requests dashboard")
	b.open("/verzoeken/nieuw", "register a request")
	b.fill("soort", "inzage")
	b.fill("ontvangenOp", string(today))
	b.fill("kanaal", "brief")
	b.fill("naam", "Jan Jansen")
	b.fill("geboortedatum", string(jan.DateOfBirth))
	b.fill("omschrijving", "Welke gegevens hebben jullie over mij?")
	b.submit(`form[action="/verzoeken"] button[type="submit"]`)
	casePath := b.here("access request")
	b.expect("access request", "Jan Jansen", "Nog niet vastgesteld")
	b.fill("methode", "Rijbewijs getoond aan de balie")
	b.fill("gecontroleerdOp", string(today))
	b.submit(`form[action="` + casePath + `/identiteit"] button[type="submit"]`)
	b.here("access request after the identity check")
	b.open(casePath+"/overzicht", "access overview")
	b.expect("access overview", it.Content, "!Gezien met een gestolen fiets.")
	b.fill("grond-"+it.ID, "b")
	b.fill("motivering-"+it.ID, "Het onderzoek van de politie loopt nog.")
	b.submit(`form[action="` + casePath + `/weigeringen"] button[type="submit"]`)
	b.here("access overview after withholding")
	b.expect("access overview after withholding", "Het onderzoek van de politie loopt nog.", "!"+it.Content)

	coord := w.as(w.coordinator)
	for _, kind := range []ga.CaseKind{ga.CaseCorrection, ga.CaseComplaint} {
		c := ga.RightsCase{Kind: kind, ReceivedOn: today, Channel: ga.ChannelEmail, PersonID: kees.ID, Summary: "verzoek"}
		if err := w.db.RegisterCase(coord, &c); err != nil {
			t.Fatal(err)
		}
		if kind == ga.CaseCorrection {
			if err := w.db.RecordIdentityCheck(coord, c.ID, ga.IdentityCheck{Method: "Paspoort", CheckedOn: today}); err != nil {
				t.Fatal(err)
			}
		}
		b.open("/verzoeken/"+c.ID, string(kind)+" case")
	}
	b.open("/groepen/"+g.ID+"/notificaties", "notifications")
	b.expect("notifications", "Jan Jansen", "Kees Klein", "Ouder van Kees Klein")
	b.open("/", "start page with cases near their deadline")
}
