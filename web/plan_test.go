package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

func TestPlanAndMeasures(t *testing.T) {
	w := newCaseworld(t)
	g := w.group("Bankjes Kanaleneiland", ga.StepPlan)
	p := w.person(g, "Piet de Vries", 14, ga.RoleRecruit, "2026-10-05")
	// A measure aimed at Piet is seen by its responsible partner and by
	// partners involved with him (ga.CanSeeMeasure): the municipality
	// coordinates his care.
	if err := w.db.RegisterInvolvement(w.as(w.coordinator), g.ID, p.ID, w.gemeente.ID, "Zorgcoördinatie door de gemeente."); err != nil {
		t.Fatal(err)
	}
	path := "/groepen/" + g.ID + "/plan"
	coord := w.loggedIn(w.coordinator)
	officer := w.loggedIn(w.police)

	t.Run("there is no plan yet", func(t *testing.T) {
		r := coord.get(path)
		want(t, r, http.StatusOK, "<title>Plan van Aanpak Bankjes Kanaleneiland · Groepsaanpak</title>", "Er is nog geen Plan van Aanpak.",
			"Plan van Aanpak schrijven", `name="analyse"`, `aria-current="page">Plan van Aanpak</a>`)
		wantNot(t, officer.get(path), "Plan van Aanpak vaststellen", `name="analyse"`)
	})
	t.Run("the plan needs an analysis and goals", func(t *testing.T) {
		want(t, coord.post(path, url.Values{"analyse": {"Kern van vier."}}), http.StatusUnprocessableEntity,
			`href="#doelen"`, "Vul de doelen van de aanpak in (maximaal 20.000 tekens).")
		want(t, officer.post(path, url.Values{"analyse": {"x"}, "doelen": {"y"}}), http.StatusForbidden,
			"Alleen de uitvoeringscoördinator stelt het Plan van Aanpak op.")
	})
	wantRedirect(t, coord.post(path, url.Values{"analyse": {"Kern van vier jongeren; aanwas uit de onderbouw."}, "doelen": {"Overlast met de helft terug."}}), path)
	want(t, coord.get(path), http.StatusOK, "Het Plan van Aanpak is opgeslagen.", "Concept.", "Kern van vier jongeren", "Overlast met de helft terug.")

	t.Run("only the driehoek adopts the plan", func(t *testing.T) {
		wantNot(t, coord.get(path), "Plan vaststellen</button>")
		want(t, coord.post(path+"/vaststellen", url.Values{"vastgesteldOp": {"2026-11-30"}}), http.StatusForbidden,
			"Alleen de driehoek stelt het Plan van Aanpak vast.")
		want(t, officer.get(path), http.StatusOK, "Plan van Aanpak vaststellen", `name="vastgesteldOp"`)
		want(t, officer.post(path+"/vaststellen", url.Values{"vastgesteldOp": {"2026-12-24"}}), http.StatusUnprocessableEntity,
			`href="#vastgesteldOp"`, "Vul de datum van vaststelling in; die ligt niet in de toekomst.")
	})
	wantRedirect(t, officer.post(path+"/vaststellen", url.Values{"vastgesteldOp": {"2026-11-30"}}), path)
	want(t, officer.get(path), http.StatusOK, "Vastgesteld door de driehoek.", "Vastgesteld op 30-11-2026")
	want(t, officer.post(path+"/vaststellen", url.Values{"vastgesteldOp": {"2026-11-30"}}), http.StatusConflict, "al vastgesteld")

	t.Run("a measure checks its fields", func(t *testing.T) {
		r := coord.post("/groepen/"+g.ID+"/maatregelen", url.Values{"status": {"gepland"}, "startdatum": {"2026-12-01"}, "evaluatiedatum": {"2026-11-01"}})
		want(t, r, http.StatusUnprocessableEntity, `href="#maatregelVoor"`, "Kies waarop de maatregel is gericht.", `href="#soort"`,
			`href="#omschrijving"`, `href="#verantwoordelijkePartnerId"`, "De evaluatiedatum ligt niet voor de startdatum.")
	})
	wantRedirect(t, coord.post("/groepen/"+g.ID+"/maatregelen", url.Values{"maatregelVoor": {p.ID}, "soort": {"zorg"}, "omschrijving": {"Begeleiding door de zorgcoördinator van school"},
		"verantwoordelijkePartnerId": {w.school.ID}, "status": {"lopend"}, "startdatum": {"2026-11-01"}, "evaluatiedatum": {"2026-11-15"}}), path+"#maatregelen")
	wantRedirect(t, coord.post("/groepen/"+g.ID+"/maatregelen", url.Values{"maatregelVoor": {"groep"}, "soort": {"bestuursrechtelijk"}, "omschrijving": {"Cameratoezicht bij het winkelcentrum"},
		"verantwoordelijkePartnerId": {w.gemeente.ID}, "status": {"gepland"}, "startdatum": {"2026-12-01"}, "evaluatiedatum": {"2027-03-01"}}), path+"#maatregelen")

	r := coord.get(path)
	want(t, r, http.StatusOK, "De maatregel is vastgelegd.", "Begeleiding door de zorgcoördinator van school", "Cameratoezicht bij het winkelcentrum",
		"Piet de Vries", "De groep als geheel", "Evaluatie verlopen bij 1 maatregel(en).", `class="utrecht-table__row ga-row--overdue"`,
		`ga-badge--overdue">Evaluatie verlopen</span>`, "Zorg (zorg, school, werk en vrije tijd)")
	if n := strings.Count(r.Body, "ga-badge--overdue"); n != 1 {
		t.Errorf("%d measures marked overdue, want 1", n)
	}
	measures := regexpAll(`href="/maatregelen/([^"]+)"`, r.Body)
	if len(measures) != 2 {
		t.Fatalf("%d measures listed", len(measures))
	}
	care := "/maatregelen/" + measures[0]

	t.Run("a partner records only the measures it carries out", func(t *testing.T) {
		agent := w.loggedIn(w.agent)
		r := agent.get(path)
		want(t, r, http.StatusOK, "Maatregel toevoegen", `<option value="`+w.politie.ID+`" selected>Politie Midden-Nederland</option>`)
		wantNot(t, r, `<option value="`+w.gemeente.ID+`"`)
		want(t, agent.post("/groepen/"+g.ID+"/maatregelen", url.Values{"maatregelVoor": {"groep"}, "soort": {"bestuursrechtelijk"}, "omschrijving": {"x"},
			"verantwoordelijkePartnerId": {w.gemeente.ID}, "status": {"gepland"}, "startdatum": {"2026-12-01"}, "evaluatiedatum": {"2027-03-01"}}),
			http.StatusForbidden, "Alleen de uitvoeringscoördinator of de verantwoordelijke partner legt een maatregel vast.")
	})
	t.Run("the responsible partner reports progress", func(t *testing.T) {
		teacher := w.loggedIn(w.teacher)
		r := teacher.get(care)
		want(t, r, http.StatusOK, "Voortgang melden", "Evaluatie verlopen", "De evaluatiedatum (15-11-2026) is verstreken", `name="status"`, `name="resultaat"`)
		wantNot(t, r, `name="omschrijving"`, `name="evaluatiedatum"`)
		want(t, teacher.post(care, url.Values{"status": {"afgerond"}}), http.StatusUnprocessableEntity,
			`href="#resultaat"`, "Beschrijf het resultaat van een afgeronde of gestopte maatregel.")
		wantRedirect(t, teacher.post(care, url.Values{"status": {"afgerond"}, "resultaat": {"Gaat weer naar school."}}), care)
		r = teacher.get(care)
		want(t, r, http.StatusOK, "De maatregel is gewijzigd.", "Afgerond", "Gaat weer naar school.")
		wantNot(t, r, "Voortgang melden", "Evaluatie verlopen</span>")
	})
	t.Run("the coordinator changes every field", func(t *testing.T) {
		camera := "/maatregelen/" + measures[1]
		want(t, coord.get(camera), http.StatusOK, "Maatregel wijzigen", `name="omschrijving"`, `name="evaluatiedatum"`)
		wantRedirect(t, coord.post(camera, url.Values{"maatregelVoor": {"groep"}, "soort": {"bestuursrechtelijk"}, "omschrijving": {"Cameratoezicht en gebiedsverbod"},
			"verantwoordelijkePartnerId": {w.gemeente.ID}, "status": {"lopend"}, "startdatum": {"2026-11-30"}, "evaluatiedatum": {"2027-03-01"}}), camera)
		want(t, coord.get(camera), http.StatusOK, "Cameratoezicht en gebiedsverbod", "Lopend")
		want(t, w.loggedIn(w.teacher).post(camera, url.Values{"status": {"gestopt"}, "resultaat": {"x"}}), http.StatusForbidden)
	})
	t.Run("a measure the viewer may not see is not found", func(t *testing.T) {
		other := w.group("Skatebaan Overvecht", ga.StepPicture)
		m := &ga.Measure{GroupID: other.ID, Kind: ga.MeasureCare, Description: "Jongerenwerk", ResponsiblePartnerID: w.gemeente.ID,
			Status: ga.MeasurePlanned, Start: "2026-12-01", ReviewDate: "2027-01-01"}
		if err := w.db.CreateMeasure(w.as(w.coordinator), m); err != nil {
			t.Fatal(err)
		}
		if err := w.db.RemoveParticipant(w.as(w.coordinator), other.ID, w.school.ID); err != nil {
			t.Fatal(err)
		}
		teacher := w.loggedIn(w.teacher)
		wantSameNotFound(t, teacher, "/maatregelen/"+m.ID, "/maatregelen/"+unknownID)
		wantSameNotFound(t, teacher, "/groepen/"+other.ID+"/plan", "/groepen/"+unknownID+"/plan")
	})

	t.Run("a measure the coordinator may not see after recording it says so", func(t *testing.T) {
		// The municipality is not authorised for criminal data in this
		// covenant: a strafrechtelijke maatregel for Piet, carried out by the
		// prosecutor, is hidden from the coordinator who records it.
		wantRedirect(t, coord.post("/groepen/"+g.ID+"/maatregelen", url.Values{"maatregelVoor": {p.ID}, "soort": {"strafrechtelijk"}, "omschrijving": {"Snelrechtzitting voorbereiden"},
			"verantwoordelijkePartnerId": {w.om.ID}, "status": {"gepland"}, "startdatum": {"2026-12-01"}, "evaluatiedatum": {"2027-01-15"}}), path+"#maatregelen")
		r := coord.get(path)
		want(t, r, http.StatusOK, "De maatregel is vastgelegd. U ziet hem niet in het plan")
		wantNot(t, r, "Snelrechtzitting voorbereiden", "De maatregel is vastgelegd.</")
		want(t, w.loggedIn(w.prosecutor).get(path), http.StatusOK, "Snelrechtzitting voorbereiden")
	})
	t.Run("the approach moves on once the plan is adopted", func(t *testing.T) {
		wantRedirect(t, coord.post("/groepen/"+g.ID+"/stap", url.Values{"stap": {"uitvoering"}, "stapReden": {"Plan vastgesteld."}}), "/groepen/"+g.ID)
	})
	t.Run("the start page lists the overdue reviews", func(t *testing.T) {
		m := &ga.Measure{GroupID: g.ID, Kind: ga.MeasurePrivate, Description: "Huurovereenkomst bespreken met de woningcorporatie", ResponsiblePartnerID: w.gemeente.ID,
			Status: ga.MeasureRunning, Start: "2026-10-01", ReviewDate: "2026-11-01"}
		if err := w.db.CreateMeasure(w.as(w.coordinator), m); err != nil {
			t.Fatal(err)
		}
		r := coord.get("/")
		want(t, r, http.StatusOK, "Mijn groepen", `href="/groepen/`+g.ID+`">Bankjes Kanaleneiland</a>`, "Verlopen evaluaties",
			`href="/maatregelen/`+m.ID+`"`, "Huurovereenkomst bespreken", "sinds 01-11-2026")
		wantNot(t, w.loggedIn(w.admin).get("/"), "Mijn groepen", "Verlopen evaluaties")
	})
}
