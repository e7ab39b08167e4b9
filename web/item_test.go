package web

import (
	"net/http"
	"net/url"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

func TestItemPage(t *testing.T) {
	w := newCaseworld(t)
	g := w.group("Bankjes Kanaleneiland", ga.StepPlan)
	p := w.person(g, "Jan Jansen", 17, ga.RoleCore, "2026-03-01")
	about := w.policeItem(g, p, "Aangehouden voor vernieling van een bushokje.")
	group := w.policeItem(g, nil, "Veertien meldingen van overlast rond de bankjes in oktober.")
	agent := w.loggedIn(w.agent)
	path := "/gegevens/" + about.ID

	t.Run("the source sees the item with its grounds", func(t *testing.T) {
		want(t, agent.get(path), http.StatusOK, "<title>Gegeven: Strafbaar feit · Groepsaanpak</title>", "Aangehouden voor vernieling van een bushokje.",
			"Strafrechtelijk", "Politie Midden-Nederland", "WPG20-2026-3 (01-11-2026, De korpschef)", "Nodig voor het integrale beeld.",
			`href="/personen/`+p.ID+`">Jan Jansen</a>`, `href="`+path+`/bewerken"`)
	})
	t.Run("the source edits the item", func(t *testing.T) {
		want(t, agent.get(path+"/bewerken"), http.StatusOK, `value="Strafbaar feit"`, `value="strafrechtelijk" checked`, `name="wpg20BesluitId"`)
		form := url.Values{"categorie": {"Strafbaar feit"}, "kenmerken": {"strafrechtelijk"}, "grondslag": {"Wpg art 20"}, "wpg20BesluitId": {w.wpg20.ID},
			"noodzaak": {""}, "gegevenInhoud": {""}, "betreftDatum": {"2026-11-20"}}
		want(t, agent.post(path, form), http.StatusUnprocessableEntity, `href="#gegevenInhoud"`, `href="#noodzaak"`, "Vul de inhoud in (maximaal 20.000 tekens).")
		form.Set("noodzaak", "Voor het integrale beeld.")
		form.Set("gegevenInhoud", "Aangehouden voor vernieling van twee bushokjes.")
		wantRedirect(t, agent.post(path, form), path)
		want(t, agent.get(path), http.StatusOK, "Het gegeven is gewijzigd.", "twee bushokjes", "gewijzigd op")
	})
	t.Run("a partner that may see the item may not edit it", func(t *testing.T) {
		officer := w.loggedIn(w.prosecutor)
		gp := "/gegevens/" + group.ID
		want(t, officer.get(gp), http.StatusOK, "Veertien meldingen", "Alleen de partner die het gegeven heeft ingebracht, wijzigt het.")
		want(t, officer.get(gp+"/bewerken"), http.StatusForbidden, "<title>Geen toestemming · Groepsaanpak</title>")
		want(t, officer.post(gp, url.Values{"categorie": {"X"}}), http.StatusForbidden, "Geen toestemming")
	})
	t.Run("a partner that may not see the item gets the same page as for an unknown id", func(t *testing.T) {
		teacher := w.loggedIn(w.teacher)
		for _, suffix := range []string{"", "/bewerken"} {
			wantSameNotFound(t, teacher, path+suffix, "/gegevens/"+unknownID+suffix)
			wantSameNotFound(t, teacher, "/gegevens/"+group.ID+suffix, "/gegevens/"+unknownID+suffix)
		}
		want(t, teacher.post(path, url.Values{"categorie": {"X"}}), http.StatusNotFound)
	})
	t.Run("admins never see content", func(t *testing.T) {
		want(t, w.loggedIn(w.admin).get(path), http.StatusForbidden, "Geen toestemming")
	})
}
