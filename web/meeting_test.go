package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

func TestMeetings(t *testing.T) {
	w := newCaseworld(t)
	g := w.group("Bankjes Kanaleneiland", ga.StepExecution)
	p := w.person(g, "Piet de Vries", 14, ga.RoleRecruit, "2026-10-05")
	w.policeItem(g, nil, "Veertien meldingen van overlast rond de bankjes in oktober.")
	if err := w.db.RegisterInvolvement(w.as(w.coordinator), g.ID, p.ID, w.school.ID, "Leerling van de school."); err != nil {
		t.Fatal(err)
	}
	list := "/groepen/" + g.ID + "/overleggen"
	coord := w.loggedIn(w.coordinator)

	t.Run("the list and the form", func(t *testing.T) {
		r := coord.get(list)
		want(t, r, http.StatusOK, "<title>Overleggen Bankjes Kanaleneiland · Groepsaanpak</title>", "Er zijn geen overleggen die u mag zien.",
			"Overleg plannen", `name="persoonIds"`, "Piet de Vries", `name="uitgenodigd"`)
		wantNot(t, w.loggedIn(w.teacher).get(list), "Overleg plannen")
		want(t, w.loggedIn(w.teacher).post(list, url.Values{"soort": {"groep"}, "datum": {"2026-11-30"}}), http.StatusForbidden,
			"Alleen de uitvoeringscoördinator organiseert overleggen en legt ze vast.")
	})
	t.Run("an individual meeting names its members", func(t *testing.T) {
		want(t, coord.post(list, url.Values{"soort": {"individu"}, "datum": {""}}), http.StatusUnprocessableEntity,
			`href="#datum"`, `href="#persoonIds"`, "Kies de groepsleden over wie het overleg gaat.")
	})
	t.Run("an individual meeting cannot invite an uninvolved partner (Art 5.3)", func(t *testing.T) {
		r := coord.post(list, url.Values{"soort": {"individu"}, "datum": {"2026-11-30"}, "persoonIds": {p.ID}, "uitgenodigd": {w.school.ID, w.om.ID}})
		want(t, r, http.StatusConflict, `href="#uitgenodigd"`, "Deze partner kan niet worden uitgenodigd: bij een overleg over individuele groepsleden worden enkel de partners uitgenodigd die zijn betrokken bij het betreffende individu (artikel 5.3 van het convenant).",
			`value="`+w.school.ID+`" checked`)
	})
	r := coord.post(list, url.Values{"soort": {"individu"}, "datum": {"2026-11-30"}, "persoonIds": {p.ID}, "uitgenodigd": {w.school.ID},
		"agenda": {"Schoolgang en vrije tijd van Piet."}})
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/overleggen/") {
		t.Fatalf("create meeting = %d to %q\n%s", r.StatusCode, r.location(), excerpt(r.Body))
	}
	individual := r.location()
	r = coord.post(list, url.Values{"soort": {"groep"}, "datum": {"2026-11-30"}, "uitgenodigd": {w.politie.ID, w.school.ID}, "agenda": {"Stand van zaken."}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create group meeting = %d\n%s", r.StatusCode, excerpt(r.Body))
	}
	group := r.location()

	r = coord.get(individual)
	want(t, r, http.StatusOK, "Het overleg is vastgelegd.", "<title>Overleg over individuele groepsleden 30-11-2026, Bankjes Kanaleneiland · Groepsaanpak</title>",
		"Overleg over individuele groepsleden.", "Schoolgang en vrije tijd van Piet.", "Stedelijk College Utrecht", "Nog niet vastgelegd",
		"Partner uitnodigen", "Aanwezigheid vastleggen", "Afspraak maken")

	t.Run("inviting an uninvolved partner is refused beside the choice", func(t *testing.T) {
		r := coord.post(individual+"/uitnodigingen", url.Values{"uitnodigenPartnerId": {w.om.ID}})
		want(t, r, http.StatusConflict, `href="#uitnodigenPartnerId"`, `id="uitnodigenPartnerId-fout"`, "artikel 5.3 van het convenant",
			"De partner is niet betrokken bij ieder groepslid over wie het overleg gaat.")
		want(t, coord.post(individual+"/uitnodigingen", url.Values{}), http.StatusUnprocessableEntity, "Kies een partner.")
	})
	t.Run("attendance", func(t *testing.T) {
		want(t, coord.post(individual+"/aanwezigheid", url.Values{"aanwezigheidPartnerId": {w.school.ID}}), http.StatusUnprocessableEntity,
			`href="#aanwezig"`, "Kies ja of nee.")
		wantRedirect(t, coord.post(individual+"/aanwezigheid", url.Values{"aanwezigheidPartnerId": {w.school.ID}, "aanwezig": {"ja"}}), individual+"#uitgenodigd")
		want(t, coord.get(individual), http.StatusOK, "De aanwezigheid is vastgelegd.", `ga-badge">Aanwezig</span>`)
	})
	t.Run("minutes and decisions", func(t *testing.T) {
		wantRedirect(t, coord.post(individual, url.Values{"datum": {"2026-11-30"}, "agenda": {"Schoolgang."}, "verslag": {"Piet gaat weer naar school."},
			"besluiten": {"Begeleiding voortzetten."}}), individual)
		want(t, coord.get(individual), http.StatusOK, "Piet gaat weer naar school.", "Begeleiding voortzetten.")
		want(t, coord.post(individual, url.Values{"datum": {"gisteren"}}), http.StatusUnprocessableEntity, `href="#datum"`)
	})
	t.Run("agreements", func(t *testing.T) {
		want(t, coord.post(individual+"/afspraken", url.Values{"afspraakUiterlijk": {"x"}}), http.StatusUnprocessableEntity,
			`href="#afspraakOmschrijving"`, `href="#afspraakPartnerId"`, `href="#afspraakUiterlijk"`)
		want(t, coord.post(individual+"/afspraken", url.Values{"afspraakOmschrijving": {"x"}, "afspraakPartnerId": {w.politie.ID}, "afspraakUiterlijk": {"2026-12-01"}}),
			http.StatusConflict, "De verantwoordelijke partner van een afspraak is uitgenodigd voor het overleg.")
		wantRedirect(t, coord.post(individual+"/afspraken", url.Values{"afspraakOmschrijving": {"Gesprek met de ouders"}, "afspraakPartnerId": {w.school.ID},
			"afspraakUiterlijk": {"2026-11-20"}, "afspraakPersoonId": {p.ID}}), individual+"#afspraken")
		r := coord.get(individual)
		want(t, r, http.StatusOK, "De afspraak is vastgelegd.", "Gesprek met de ouders", `ga-badge--overdue">Verlopen</span>`, "ga-row--overdue")
	})
	teacher := w.loggedIn(w.teacher)
	t.Run("the responsible partner reports an agreement carried out", func(t *testing.T) {
		r := teacher.get(individual)
		want(t, r, http.StatusOK, "Gesprek met de ouders", "Afspraak uitgevoerd", `name="afspraakId"`)
		wantNot(t, r, "Partner uitnodigen", "Afspraak maken")
		ids := regexpAll(`<option value="([^"]+)">Gesprek met de ouders`, r.Body)
		if len(ids) != 1 {
			t.Fatalf("agreement not offered\n%s", excerpt(r.Body))
		}
		want(t, teacher.post(individual+"/afspraken/uitgevoerd", url.Values{"afspraakId": {ids[0]}, "uitgevoerdOp": {"2027-01-01"}}), http.StatusUnprocessableEntity,
			`href="#uitgevoerdOp"`, "Vul de datum van uitvoering in; die ligt niet in de toekomst.")
		wantRedirect(t, teacher.post(individual+"/afspraken/uitgevoerd", url.Values{"afspraakId": {ids[0]}, "uitgevoerdOp": {"2026-11-30"}}), individual+"#afspraken")
		want(t, teacher.get(individual), http.StatusOK, "Uitgevoerd op 30-11-2026")
	})
	t.Run("each participant sees the meeting as need-to-know allows", func(t *testing.T) {
		agent := w.loggedIn(w.agent)
		want(t, agent.get(group), http.StatusOK, "Groepsoverleg", "Veertien meldingen van overlast")
		r := teacher.get(group)
		want(t, r, http.StatusOK, "Groepsoverleg", "Er zijn geen gegevens die u mag zien.")
		wantNot(t, r, "Veertien meldingen van overlast")
		// The police are not invited to the individual meeting, and the
		// prosecutor to neither: the same page as an unknown meeting.
		wantSameNotFound(t, agent, individual, "/overleggen/"+unknownID)
		officer := w.loggedIn(w.prosecutor)
		wantSameNotFound(t, officer, group, "/overleggen/"+unknownID)
		r = officer.get(list)
		want(t, r, http.StatusOK, "Er zijn geen overleggen die u mag zien.")
		r = teacher.get(list)
		want(t, r, http.StatusOK, "Overleg over individuele groepsleden", "Groepsoverleg", "Piet de Vries")
	})
}

func TestMonitoringPage(t *testing.T) {
	w := newCaseworld(t)
	g := w.group("Bankjes Kanaleneiland", ga.StepPlan)
	w.person(g, "Jan Jansen", 17, ga.RoleCore, "2026-03-01")
	w.person(g, "Ali Bakker", 16, ga.RoleFollower, "2026-06-15")
	p := w.person(g, "Piet de Vries", 14, ga.RoleRecruit, "2026-10-05")
	coord := w.as(w.coordinator)
	for _, m := range []*ga.Measure{
		{GroupID: g.ID, Kind: ga.MeasureAdministrative, Description: "Cameratoezicht", ResponsiblePartnerID: w.gemeente.ID, Status: ga.MeasureRunning, Start: "2026-11-01", ReviewDate: "2026-11-15"},
		{GroupID: g.ID, Kind: ga.MeasureCare, PersonID: p.ID, Description: "Begeleiding", ResponsiblePartnerID: w.school.ID, Status: ga.MeasureRunning, Start: "2026-11-10", ReviewDate: "2027-01-10"},
	} {
		if err := w.db.CreateMeasure(coord, m); err != nil {
			t.Fatal(err)
		}
	}
	w.advance(g, ga.StepExecution)
	m := &ga.Meeting{GroupID: g.ID, Kind: ga.MeetingGroup, HeldOn: "2026-11-30", Invited: []ga.Invitation{{PartnerID: w.politie.ID}}}
	if err := w.db.CreateMeeting(coord, m); err != nil {
		t.Fatal(err)
	}
	if err := w.db.AddAgreement(coord, &ga.Agreement{MeetingID: m.ID, Description: "Extra surveillance vrijdagavond", ResponsiblePartnerID: w.politie.ID, DueDate: "2026-11-20"}); err != nil {
		t.Fatal(err)
	}
	path := "/groepen/" + g.ID + "/monitoring"

	r := w.loggedIn(w.coordinator).get(path)
	want(t, r, http.StatusOK, "<title>Monitoring Bankjes Kanaleneiland · Groepsaanpak</title>",
		`role="img" aria-labelledby="grafiek-leden-titel grafiek-leden-uitleg"`, `<title id="grafiek-leden-titel">Leden per maand, naar rol</title>`,
		"Deze maand 3 leden: 1 kern, 1 meelopers en 1 aanwas.", `aria-labelledby="grafiek-aanwas-titel grafiek-aanwas-uitleg"`,
		`aria-labelledby="grafiek-maatregelen-titel grafiek-maatregelen-uitleg"`, `aria-labelledby="grafiek-afspraken-titel grafiek-afspraken-uitleg"`,
		"Leden per maand, naar rol</caption>", "Nieuwe aanwas per maand</caption>", "Lopende maatregelen per soort</caption>", "Verlopen afspraken per partner</caption>",
		"nov 2026", "dec 2025", "Extra surveillance vrijdagavond", "Verlopen evaluaties", `href="/overleggen/`+m.ID+`"`)
	if strings.Contains(r.Body, "style=") {
		t.Error("the charts use inline styles, which the CSP forbids")
	}
	// The table beside the chart holds the same numbers: November has one
	// member of each role, three in total.
	if !regexpMatch(`(?s)nov 2026</th>\s*<td[^>]*>1</td>\s*<td[^>]*>1</td>\s*<td[^>]*>1</td>\s*<td[^>]*><strong>3</strong>`, r.Body) {
		t.Errorf("the member table lacks the counts of November\n%s", excerpt(r.Body))
	}

	t.Run("the numbers count only what the viewer may see", func(t *testing.T) {
		// The prosecutor takes part but is invited to no meeting: no
		// agreement is counted for it.
		r := w.loggedIn(w.prosecutor).get(path)
		want(t, r, http.StatusOK, "Er zijn geen verlopen afspraken die u mag zien.")
		wantNot(t, r, "Extra surveillance vrijdagavond")
	})
}
