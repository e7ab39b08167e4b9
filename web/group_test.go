package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// unknownID is an id of the right form that no object has.
const unknownID = "019ac000-0000-7000-8000-000000000000"

// wantSameNotFound checks that the page of an object the viewer may not see
// is the 404 page, identical to the page of an id that does not exist
// (SPEC §3: a denial never reveals what the viewer may not know).
func wantSameNotFound(t *testing.T, c *client, hidden, unknown string) {
	t.Helper()
	h, u := c.get(hidden), c.get(unknown)
	want(t, h, http.StatusNotFound, "Niet gevonden, of u heeft geen toegang.")
	want(t, u, http.StatusNotFound)
	if mainRE.FindString(h.Body) != mainRE.FindString(u.Body) {
		t.Errorf("%s and %s answer different 404 pages:\n%s\n---\n%s", hidden, unknown, excerpt(h.Body), excerpt(u.Body))
	}
}

// wantNot checks that a page does not contain any of the texts.
func wantNot(t *testing.T, r *response, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if strings.Contains(r.Body, s) {
			t.Errorf("%s %s: body contains %q\n%s", r.Request.Method, r.Request.URL.Path, s, excerpt(r.Body))
		}
	}
}

// currentStep is the label of the step the step indicator marks with
// aria-current="step".
var currentStepRE = regexp.MustCompile(`(?s)aria-current="step">.*?class="ga-stepper__label">([^<]+)<`)

func currentStep(t *testing.T, r *response) string {
	t.Helper()
	m := currentStepRE.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("%s: no step marked aria-current=\"step\"\n%s", r.Request.URL.Path, excerpt(r.Body))
	}
	return m[1]
}

func TestGroupsList(t *testing.T) {
	w := newCaseworld(t)
	withSchool := w.group("Bankjes Kanaleneiland", ga.StepSignals)
	withoutSchool := &ga.Group{Name: "Skatebaan Overvecht", Area: "Overvecht", Form: ga.FormNetwork}
	if err := w.db.CreateGroup(w.as(w.coordinator), withoutSchool); err != nil {
		t.Fatal(err)
	}
	coord := w.loggedIn(w.coordinator)

	t.Run("the coordinator sees every group and may start one", func(t *testing.T) {
		r := coord.get("/groepen")
		want(t, r, http.StatusOK, "<title>Groepen · Groepsaanpak</title>", "Bankjes Kanaleneiland", "Skatebaan Overvecht", "Fluïde netwerk",
			"Groepsaanpak starten", `name="naam"`, `name="vorm"`, `href="/groepen/`+withSchool.ID+`"`)
	})
	t.Run("a new group needs a name, an area and a form", func(t *testing.T) {
		r := coord.post("/groepen", url.Values{"naam": {""}, "wijk": {""}})
		want(t, r, http.StatusUnprocessableEntity, `href="#naam"`, "Vul een naam of alias van de groep in (maximaal 200 tekens).",
			`href="#wijk"`, `href="#vorm"`, "Kies groep of fluïde netwerk.", `id="naam-fout"`, "<title>Fout: Groepen")
	})
	t.Run("a new group starts at step signalen", func(t *testing.T) {
		r := coord.post("/groepen", url.Values{"naam": {"Pleintje Zuilen"}, "wijk": {"Zuilen"}, "vorm": {"groep"}})
		if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/groepen/") {
			t.Fatalf("create = %d to %q\n%s", r.StatusCode, r.location(), excerpt(r.Body))
		}
		d := coord.get(r.location())
		want(t, d, http.StatusOK, "De groep is vastgelegd in stap 1, Signalen.", "Pleintje Zuilen", "Gestart in stap Signalen",
			"Groep vastgelegd op grond van signalen.")
		if got := currentStep(t, d); got != "Signalen" {
			t.Errorf("current step %q, want Signalen", got)
		}
	})
	t.Run("a partner sees only the groups it takes part in", func(t *testing.T) {
		teacher := w.loggedIn(w.teacher)
		r := teacher.get("/groepen")
		want(t, r, http.StatusOK, "Bankjes Kanaleneiland")
		wantNot(t, r, "Skatebaan Overvecht", "Groepsaanpak starten")
		want(t, teacher.post("/groepen", url.Values{"naam": {"X"}, "wijk": {"Y"}, "vorm": {"groep"}}), http.StatusForbidden, "Geen toestemming")
		wantSameNotFound(t, teacher, "/groepen/"+withoutSchool.ID, "/groepen/"+unknownID)
	})
	t.Run("admin and auditor never see casework", func(t *testing.T) {
		admin := w.loggedIn(w.admin)
		want(t, admin.get("/groepen"), http.StatusForbidden, "Geen toestemming")
		want(t, admin.get("/groepen/"+withSchool.ID), http.StatusForbidden)
		if strings.Contains(admin.get("/").Body, `href="/groepen"`) {
			t.Error("an admin is offered the groups")
		}
	})
	t.Run("without the confidentiality declaration the page asks for it", func(t *testing.T) {
		newcomer := w.user("nieuw@politie.example", "Nico Nieuw", w.politie.ID, true, ga.RoleProfessional)
		want(t, w.loggedIn(newcomer).get("/groepen"), http.StatusForbidden, "Accepteer eerst de geheimhoudingsverklaring", `href="/geheimhouding"`)
	})
}

// TestGroupThroughTheSteps drives a group approach through its steps with
// the dossier's forms, and checks every refusal a user can meet.
func TestGroupThroughTheSteps(t *testing.T) {
	w := newCaseworld(t)
	g := w.group("Bankjes Kanaleneiland", ga.StepSignals)
	path := "/groepen/" + g.ID
	coord := w.loggedIn(w.coordinator)
	move := func(to ga.Step, reason string) *response {
		return coord.post(path+"/stap", url.Values{"stap": {string(to)}, "stapReden": {reason}})
	}

	r := coord.get(path)
	want(t, r, http.StatusOK, "<title>Dossier Bankjes Kanaleneiland · Groepsaanpak</title>", `<ol class="ga-stepper">`,
		"Naar stap: Informatie verzamelen en koppelen", `name="stapReden"`, "Groepsaanpak afsluiten",
		"Politie Midden-Nederland", "Stedelijk College Utrecht", "Partner van de uitvoeringscoördinator")
	if n := strings.Count(r.Body, `aria-current="step"`); n != 1 {
		t.Errorf("%d steps marked current, want 1", n)
	}

	t.Run("a step needs a reason", func(t *testing.T) {
		want(t, move(ga.StepInformation, ""), http.StatusUnprocessableEntity, `href="#stapReden"`, "Vul de reden in.", `id="stapReden-fout"`)
	})
	t.Run("only the coordinator moves a step", func(t *testing.T) {
		agent := w.loggedIn(w.agent)
		wantNot(t, agent.get(path), `name="stapReden"`)
		want(t, agent.post(path+"/stap", url.Values{"stap": {"informatie"}, "stapReden": {"x"}}), http.StatusForbidden,
			"Alleen de uitvoeringscoördinator zet een groepsaanpak een stap verder.")
	})

	wantRedirect(t, move(ga.StepInformation, "Signalen van wijkagent en school."), path)
	r = coord.get(path)
	want(t, r, http.StatusOK, "De groepsaanpak is een stap verder gezet.", "Van Signalen naar Informatie verzamelen en koppelen",
		"Signalen van wijkagent en school.", "(u)", "Vraag 2A: is het gedrag problematisch?", `name="problematisch"`)
	if got := currentStep(t, r); got != "Informatie verzamelen en koppelen" {
		t.Errorf("current step %q", got)
	}

	t.Run("beeld before question 2A is refused with the reason", func(t *testing.T) {
		want(t, move(ga.StepPicture, "Door"), http.StatusConflict, `href="#stapReden"`,
			"Beantwoord eerst vraag 2A: is het gedrag van de groep problematisch?", "<title>Fout: Dossier")
	})
	t.Run("a step out of order is refused", func(t *testing.T) {
		want(t, move(ga.StepPlan, "Overslaan"), http.StatusConflict, "Deze stap kan nu niet")
	})
	t.Run("question 2A needs an answer and a reason", func(t *testing.T) {
		want(t, coord.post(path+"/vraag-2a", url.Values{}), http.StatusUnprocessableEntity,
			`href="#problematisch"`, "Kies ja of nee.", `href="#vraag2aReden"`, "Vul de reden in.")
	})
	t.Run("only the coordinator answers question 2A", func(t *testing.T) {
		want(t, w.loggedIn(w.prosecutor).post(path+"/vraag-2a", url.Values{"problematisch": {"ja"}, "vraag2aReden": {"x"}}),
			http.StatusForbidden, "Alleen de uitvoeringscoördinator doet dit.")
	})

	wantRedirect(t, coord.post(path+"/vraag-2a", url.Values{"problematisch": {"ja"}, "vraag2aReden": {"Vernielingen en intimidatie."}}), path)
	want(t, coord.get(path), http.StatusOK, "Het antwoord op vraag 2A is vastgelegd.", "Het gedrag is problematisch (2B: namenlijst en Groepsscan).",
		"Vraag 2A beantwoord", "Vernielingen en intimidatie.")
	wantRedirect(t, move(ga.StepPicture, "Integraal beeld opstellen."), path)
	wantRedirect(t, move(ga.StepDecision, "Naar de driehoek."), path)

	t.Run("the decision is the driehoek's", func(t *testing.T) {
		r := coord.get(path)
		wantNot(t, r, `name="aanwezigen"`)
		want(t, r, http.StatusOK, "De driehoek heeft nog geen besluit genomen.")
		want(t, coord.post(path+"/besluit", url.Values{"besluitdatum": {"2026-11-30"}}), http.StatusForbidden,
			"Alleen een lid van de driehoek legt het besluit vast.")
		want(t, move(ga.StepPlan, "Verder"), http.StatusConflict, "De driehoek heeft nog geen besluit genomen.")
	})
	officer := w.loggedIn(w.prosecutor)
	t.Run("the decision form checks its fields", func(t *testing.T) {
		want(t, officer.get(path), http.StatusOK, "Besluit vastleggen", `name="aanwezigen"`, `name="uitwisselingToegestaan"`)
		want(t, officer.post(path+"/besluit", url.Values{"besluitdatum": {"morgen"}}), http.StatusUnprocessableEntity,
			`href="#besluitdatum"`, `href="#aanwezigen"`, `href="#groepsaanpakStart"`, `href="#motivering"`, "Motiveer het besluit.")
		form := url.Values{"besluitdatum": {"2026-11-30"}, "aanwezigen": {"Burgemeester"}, "groepsaanpakStart": {"nee"},
			"uitwisselingToegestaan": {"ja"}, "motivering": {"x"}}
		want(t, officer.post(path+"/besluit", form), http.StatusUnprocessableEntity,
			"Uitwisseling van persoonsgegevens kan alleen worden toegestaan als de groepsaanpak start.")
	})
	form := url.Values{"besluitdatum": {"2026-11-30"}, "aanwezigen": {"Burgemeester\nOfficier van justitie\n\nTeamchef politie"},
		"groepsaanpakStart": {"ja"}, "uitwisselingToegestaan": {"ja"}, "motivering": {"Ernstige overlast; persoonsgerichte aanpak nodig."}}
	wantRedirect(t, officer.post(path+"/besluit", form), path)
	r = officer.get(path)
	want(t, r, http.StatusOK, "Het besluit van de driehoek is vastgelegd.", "<li class=\"utrecht-unordered-list__item\">Officier van justitie</li>",
		"Ernstige overlast; persoonsgerichte aanpak nodig.", "Groepsaanpak start; uitwisseling van persoonsgegevens toegestaan (besluit van 30-11-2026).")
	wantNot(t, r, `name="aanwezigen"`)
	want(t, officer.post(path+"/besluit", form), http.StatusConflict, "Het besluit van de driehoek is al vastgelegd.")

	wantRedirect(t, move(ga.StepPlan, "Plan van Aanpak opstellen."), path)
	t.Run("uitvoering needs the adopted plan", func(t *testing.T) {
		want(t, move(ga.StepExecution, "Uitvoeren"), http.StatusConflict, "Het Plan van Aanpak is nog niet door de driehoek vastgesteld.")
	})
	t.Run("closing needs a reason", func(t *testing.T) {
		want(t, coord.post(path+"/afsluiten", url.Values{"evaluatie": {"x"}}), http.StatusUnprocessableEntity,
			`href="#afsluitReden"`, "Vul de reden in.", `<details class="ga-details ga-card ga-disclosure" open>`)
	})
	t.Run("participants", func(t *testing.T) {
		want(t, coord.post(path+"/deelnemers", url.Values{}), http.StatusUnprocessableEntity, `href="#deelnemerPartnerId"`, "Kies een partner.")
		wantRedirect(t, coord.post(path+"/deelnemers/verwijderen", url.Values{"partnerId": {w.school.ID}}), path+"#deelnemers")
		wantSameNotFound(t, w.loggedIn(w.teacher), path, "/groepen/"+unknownID)
		want(t, coord.post(path+"/deelnemers/verwijderen", url.Values{"partnerId": {w.gemeente.ID}}), http.StatusConflict,
			`href="#deelnemers"`, "De partner van de uitvoeringscoördinator neemt altijd deel aan de groepsaanpak.")
		wantRedirect(t, coord.post(path+"/deelnemers", url.Values{"deelnemerPartnerId": {w.school.ID}}), path+"#deelnemers")
		want(t, w.loggedIn(w.teacher).get(path), http.StatusOK, "Bankjes Kanaleneiland")
		want(t, officer.post(path+"/deelnemers", url.Values{"deelnemerPartnerId": {w.school.ID}}), http.StatusForbidden)
	})
	wantRedirect(t, coord.post(path+"/afsluiten", url.Values{"afsluitReden": {"Groep uit elkaar gevallen."}, "evaluatie": {"Overlast verdwenen."}}), path)
	r = coord.get(path)
	want(t, r, http.StatusOK, "De groepsaanpak is afgesloten.", "Groep uit elkaar gevallen.", "Overlast verdwenen.", "Afgesloten op")
	if got := currentStep(t, r); got != "Afgesloten" {
		t.Errorf("current step %q", got)
	}
	wantNot(t, r, `name="stapReden"`, "Groepsaanpak afsluiten</summary>")
	want(t, move(ga.StepExecution, "x"), http.StatusConflict, "Deze groepsaanpak is afgesloten.")
}

func TestDossierInEnglish(t *testing.T) {
	w := newCaseworld(t)
	g := w.group("Bankjes Kanaleneiland", ga.StepInformation)
	coord := w.loggedIn(w.coordinator)
	coord.post("/taal", url.Values{"taal": {"en"}, "terug": {"/"}})
	r := coord.get("/groepen/" + g.ID)
	want(t, r, http.StatusOK, `<html lang="en"`, "Case file Bankjes Kanaleneiland", "Gather and link information", "current step",
		"Question 2A: is the behaviour problematic?", "Participating partners")
	r = coord.post("/groepen/"+g.ID+"/stap", url.Values{"stap": {"beeld"}, "stapReden": {"x"}})
	want(t, r, http.StatusConflict, "First answer question 2A: is the behaviour of the group problematic?")
	wantNot(t, r, `<span lang="nl">`)
}
