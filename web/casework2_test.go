package web

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// postSameNotFound posts form to the path of a hidden object and to the
// path of an unknown id: both must answer the identical 404 page.
func postSameNotFound(t *testing.T, c *client, hidden, unknown string, form url.Values) {
	t.Helper()
	h, u := c.post(hidden, form), c.post(unknown, form)
	want(t, h, http.StatusNotFound, "Niet gevonden, of u heeft geen toegang.")
	want(t, u, http.StatusNotFound)
	if mainRE.FindString(h.Body) != mainRE.FindString(u.Body) {
		t.Errorf("POST %s and %s answer different 404 pages:\n%s\n---\n%s", hidden, unknown, excerpt(h.Body), excerpt(u.Body))
	}
}

// casework2World is a group approach in execution with a member under 16
// (with a legal representative) whom the school is registered as involved
// with, a criminal police item about that member, a measure of the
// municipality, and a group meeting to which the police and the school are
// invited, with an agreement of the police.
type casework2World struct {
	*caseworld
	g       *ga.Group
	piet    *ga.Person
	item    *ga.Item
	measure *ga.Measure
	meeting *ga.Meeting
	agreed  *ga.Agreement
}

func newCasework2World(t *testing.T) *casework2World {
	t.Helper()
	w := &casework2World{caseworld: newCaseworld(t)}
	w.g = w.group("Bankjes Kanaleneiland", ga.StepExecution)
	w.piet = w.person(w.g, "Piet de Vries", 14, ga.RoleRecruit, "2026-10-05")
	w.item = w.policeItem(w.g, w.piet, "Aangehouden voor vernieling van een bushokje.")
	coord := w.as(w.coordinator)
	if err := w.db.RegisterInvolvement(coord, w.g.ID, w.piet.ID, w.school.ID, "Leerling van de school; verzuim."); err != nil {
		t.Fatal(err)
	}
	w.measure = &ga.Measure{GroupID: w.g.ID, Kind: ga.MeasureAdministrative, Description: "Cameratoezicht", ResponsiblePartnerID: w.gemeente.ID,
		Status: ga.MeasureRunning, Start: "2026-11-01", ReviewDate: "2027-01-01"}
	if err := w.db.CreateMeasure(coord, w.measure); err != nil {
		t.Fatal(err)
	}
	w.meeting = &ga.Meeting{GroupID: w.g.ID, Kind: ga.MeetingGroup, HeldOn: "2026-11-30",
		Invited: []ga.Invitation{{PartnerID: w.politie.ID}, {PartnerID: w.school.ID}}}
	if err := w.db.CreateMeeting(coord, w.meeting); err != nil {
		t.Fatal(err)
	}
	w.agreed = &ga.Agreement{MeetingID: w.meeting.ID, Description: "Extra surveillance vrijdagavond", ResponsiblePartnerID: w.politie.ID, DueDate: "2026-12-20"}
	if err := w.db.AddAgreement(coord, w.agreed); err != nil {
		t.Fatal(err)
	}
	return w
}

// TestCaseworkFormsRefuseHiddenAsUnknown posts every casework form of the
// web with an id in its path as a school user: on objects the school may
// see, the forms its role may not submit answer 403; once the school no
// longer takes part in the approach, every form answers the 404 page of an
// unknown id, before any refusal by role and before the form's own
// validation (SPEC §3), and nothing changes.
func TestCaseworkFormsRefuseHiddenAsUnknown(t *testing.T) {
	w := newCasework2World(t)
	pv, err := w.db.Person(w.as(w.coordinator), w.piet.ID)
	if err != nil {
		t.Fatal(err)
	}
	rep, membership := pv.Representatives[0].ID, pv.Memberships[0].ID
	today := "2026-11-30"
	group, person, item := "/groepen/"+w.g.ID, "/personen/"+w.piet.ID, "/gegevens/"+w.item.ID
	measure, meeting := "/maatregelen/"+w.measure.ID, "/overleggen/"+w.meeting.ID
	correction := "/correctieberichten/" + w.policeCorrection(t) + "/bevestigen"
	unknown := func(path string) string {
		for _, id := range []string{w.g.ID, w.piet.ID, w.item.ID, w.measure.ID, w.meeting.ID, strings.Split(correction, "/")[2]} {
			path = strings.Replace(path, id, unknownID, 1)
		}
		return path
	}
	// visible is the status the school gets on what it may see: 403 for a
	// form its role or partner may not submit, 0 for a form the school may
	// submit (those are tried on hidden objects only). A form refused by
	// role is refused before its own validation, so that an empty form gets
	// 403 as well; where the refusal depends on the object (the source of a
	// person, the partner responsible for a measure or an agreement), empty
	// is the status of the empty form: 422, what the form lacks.
	cases := []struct {
		path    string
		form    url.Values
		visible int
		empty   int
	}{
		{group, url.Values{"naam": {"Andere naam"}, "wijk": {"Lombok"}, "vorm": {"netwerk"}}, http.StatusForbidden, 0},
		{group + "/stap", url.Values{"stap": {"afgesloten"}, "stapReden": {"x"}}, http.StatusForbidden, 0},
		{group + "/afsluiten", url.Values{"afsluitReden": {"x"}, "evaluatie": {"x"}}, http.StatusForbidden, 0},
		{group + "/vraag-2a", url.Values{"problematisch": {"ja"}, "vraag2aReden": {"x"}}, http.StatusForbidden, 0},
		{group + "/besluit", url.Values{"besluitdatum": {today}, "aanwezigen": {"Burgemeester"}, "groepsaanpakStart": {"ja"},
			"uitwisselingToegestaan": {"ja"}, "motivering": {"x"}}, http.StatusForbidden, 0},
		{group + "/deelnemers", url.Values{"deelnemerPartnerId": {w.gemeente.ID}}, http.StatusForbidden, 0},
		{group + "/deelnemers/verwijderen", url.Values{"partnerId": {w.om.ID}}, http.StatusForbidden, 0},
		{group + "/betrokkenheid", url.Values{"betrokkenheidPersoonId": {w.piet.ID}, "betrokkenheidPartnerId": {w.om.ID},
			"betrokkenheidReden": {"x"}}, http.StatusForbidden, 0},
		{group + "/betrokkenheid/beeindigen", url.Values{"beeindigenBetrokkenheid": {involvementChoice(w.piet.ID, w.school.ID)},
			"beeindigenReden": {"x"}}, http.StatusForbidden, 0},
		{group + "/plan/vaststellen", url.Values{"vastgesteldOp": {today}}, http.StatusForbidden, 0},
		{group + "/overleggen", url.Values{"soort": {"groep"}, "datum": {today}, "uitgenodigd": {w.school.ID}}, http.StatusForbidden, 0},
		{group + "/gegevens", url.Values{"gegevenOver": {"groep"}, "categorie": {"Schoolverzuim"}, "grondslag": {"Leerplichtwet"},
			"gegevenInhoud": {"x"}, "betreftDatum": {today}}, 0, 0},
		{group + "/personen", url.Values{"naam": {"Nieuw Lid"}, "geboortedatum": {"2008-01-01"}, "rol": {"kern"}, "startdatum": {today}}, 0, 0},
		{group + "/plan", url.Values{"analyse": {"x"}, "doelen": {"x"}}, 0, 0},
		{group + "/maatregelen", url.Values{"maatregelVoor": {"groep"}, "soort": {"zorg"}, "omschrijving": {"x"},
			"verantwoordelijkePartnerId": {w.school.ID}, "status": {"gepland"}, "startdatum": {today}, "evaluatiedatum": {"2027-01-01"}}, 0, 0},
		{person, url.Values{"naam": {"Andere naam"}, "geboortedatum": {"2012-01-01"}, "adres": {"x"}}, http.StatusForbidden, 0},
		{person + "/vertegenwoordigers", url.Values{"vertegenwoordigerNaam": {"x"}, "vertegenwoordigerRelatie": {"vader"}, "vertegenwoordigerAdres": {"x"}}, http.StatusForbidden, 0},
		{person + "/vertegenwoordigers/" + rep + "/verwijderen", url.Values{}, http.StatusForbidden, 0},
		{person + "/lidmaatschappen/beeindigen", url.Values{"lidmaatschapId": {membership}, "einddatum": {today}}, http.StatusForbidden, http.StatusUnprocessableEntity},
		{person + "/lidmaatschappen", url.Values{"groepId": {w.g.ID}, "lidmaatschapRol": {"kern"}, "lidmaatschapStart": {today}}, 0, 0},
		{item, url.Values{"gegevenOver": {"groep"}, "categorie": {"x"}, "grondslag": {"x"}, "gegevenInhoud": {"x"}, "betreftDatum": {today}}, 0, 0},
		{item + "/delingen", url.Values{"delenPartnerId": {w.om.ID}}, 0, 0},
		{item + "/delingen/intrekken", url.Values{"partnerId": {w.om.ID}}, 0, 0},
		{measure, url.Values{"status": {"afgerond"}, "resultaat": {"x"}}, http.StatusForbidden, http.StatusUnprocessableEntity},
		{meeting, url.Values{"datum": {today}, "agenda": {"x"}}, http.StatusForbidden, 0},
		{meeting + "/uitnodigingen", url.Values{"uitnodigenPartnerId": {w.om.ID}}, http.StatusForbidden, 0},
		{meeting + "/uitnodigingen/intrekken", url.Values{"partnerId": {w.politie.ID}}, http.StatusForbidden, 0},
		{meeting + "/aanwezigheid", url.Values{"aanwezigheidPartnerId": {w.school.ID}, "aanwezig": {"ja"}}, http.StatusForbidden, 0},
		{meeting + "/afspraken", url.Values{"afspraakOmschrijving": {"x"}, "afspraakPartnerId": {w.school.ID}, "afspraakUiterlijk": {today}}, http.StatusForbidden, 0},
		{meeting + "/afspraken/uitgevoerd", url.Values{"afspraakId": {w.agreed.ID}, "uitgevoerdOp": {today}}, http.StatusForbidden, http.StatusUnprocessableEntity},
		{correction, url.Values{}, 0, 0},
	}
	teacher := w.loggedIn(w.teacher)
	// The school does not see the police's criminal item (the terms give
	// criminal items to police and prosecutor only): the item's forms are
	// hidden from the start.
	wantSameNotFound(t, teacher, item, unknown(item))
	t.Run("visible", func(t *testing.T) {
		for _, c := range cases {
			if c.visible == 0 {
				continue
			}
			want(t, teacher.post(c.path, c.form), c.visible)
			empty := c.visible
			if c.empty != 0 {
				empty = c.empty
			}
			want(t, teacher.post(c.path, url.Values{}), empty)
		}
	})
	if err := w.db.RemoveParticipant(w.as(w.coordinator), w.g.ID, w.school.ID); err != nil {
		t.Fatal(err)
	}
	before := w.snapshot(t)
	t.Run("hidden", func(t *testing.T) {
		seen := map[string]bool{}
		for _, c := range cases {
			if seen[c.path] {
				t.Fatalf("%s twice", c.path)
			}
			seen[c.path] = true
			postSameNotFound(t, teacher, c.path, unknown(c.path), c.form)
			postSameNotFound(t, teacher, c.path, unknown(c.path), url.Values{})
		}
		// Every casework form with an id in its path is in the table.
		patterns := strings.NewReplacer(w.g.ID, "{id}", w.piet.ID, "{id}", w.item.ID, "{id}", w.measure.ID, "{id}", w.meeting.ID, "{id}", rep, "{rid}",
			strings.Split(correction, "/")[2], "{id}")
		tried := map[string]bool{}
		for p := range seen {
			tried[patterns.Replace(p)] = true
		}
		for _, rt := range caseworkPostRoutes(t) {
			if !tried[rt] {
				t.Errorf("route POST %s is not tried", rt)
			}
		}
	})
	if after := w.snapshot(t); after != before {
		t.Errorf("refused forms changed the case:\n%s\n---\n%s", before, after)
	}
}

// caseworkPostRoutes lists the patterns of the casework forms with an id
// in their path, as routes.go names them.
func caseworkPostRoutes(t *testing.T) []string {
	t.Helper()
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range regexp.MustCompile(`handle\("POST (/[^"]*\{id\}[^"]*)", s\.personal\(`).FindAllStringSubmatch(string(src), -1) {
		out = append(out, m[1])
	}
	if len(out) < 25 {
		t.Fatalf("found only %d casework POST routes", len(out))
	}
	return out
}

// snapshot is every row of the casework tables as text, to show that
// refused forms change nothing.
func (w *caseworld) snapshot(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for _, table := range []string{"groups", "group_participants", "group_transitions", "persons", "representatives", "memberships",
		"involvements", "items", "item_shares", "plans", "measures", "meetings", "meeting_persons", "meeting_invitations", "agreements"} {
		rows, err := w.db.SQL().Query(`SELECT * FROM ` + table + ` ORDER BY 1, 2`)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprintf("%s %v", table, vals))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		slices.Sort(lines)
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// TestFormsActOnlyOnTheObjectOfTheirPath checks the forms that name a
// second object in their body: a membership must be one of the person's
// in the path, an agreement one of the meeting's in the path. Any other
// answers the 404 page of an unknown id and changes nothing, even to a
// coordinator who may end both.
func TestFormsActOnlyOnTheObjectOfTheirPath(t *testing.T) {
	w := newCasework2World(t)
	jan := w.person(w.g, "Jan Jansen", 17, ga.RoleCore, "2026-03-01")
	coord := w.as(w.coordinator)
	pv, err := w.db.Person(coord, w.piet.ID)
	if err != nil {
		t.Fatal(err)
	}
	pietMembership := pv.Memberships[0].ID
	other := &ga.Meeting{GroupID: w.g.ID, Kind: ga.MeetingGroup, HeldOn: "2026-11-30", Invited: []ga.Invitation{{PartnerID: w.politie.ID}}}
	if err := w.db.CreateMeeting(coord, other); err != nil {
		t.Fatal(err)
	}
	c := w.loggedIn(w.coordinator)
	end := url.Values{"lidmaatschapId": {pietMembership}, "einddatum": {"2026-11-30"}}
	postSameNotFound(t, c, "/personen/"+jan.ID+"/lidmaatschappen/beeindigen", "/personen/"+unknownID+"/lidmaatschappen/beeindigen", end)
	done := url.Values{"afspraakId": {w.agreed.ID}, "uitgevoerdOp": {"2026-11-30"}}
	postSameNotFound(t, c, "/overleggen/"+other.ID+"/afspraken/uitgevoerd", "/overleggen/"+unknownID+"/afspraken/uitgevoerd", done)
	pv, err = w.db.Person(coord, w.piet.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !pv.Memberships[0].End.IsZero() {
		t.Errorf("Piet's membership ended through Jan's page: %+v", pv.Memberships[0])
	}
	m, err := w.db.Meeting(coord, w.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !m.Agreements[0].DoneOn.IsZero() {
		t.Errorf("the agreement was completed through another meeting's page: %+v", m.Agreements[0])
	}
	// Through their own paths both succeed.
	wantRedirect(t, c.post("/personen/"+w.piet.ID+"/lidmaatschappen/beeindigen", end), "/personen/"+w.piet.ID+"#lidmaatschappen")
	wantRedirect(t, c.post("/overleggen/"+w.meeting.ID+"/afspraken/uitgevoerd", done), "/overleggen/"+w.meeting.ID+"#afspraken")
}

// TestEditGroup changes a group's name, area and form through the
// dossier's form, which only the coordinator of an open approach gets.
func TestEditGroup(t *testing.T) {
	w := newCasework2World(t)
	path := "/groepen/" + w.g.ID
	coord := w.loggedIn(w.coordinator)
	r := coord.get(path)
	want(t, r, http.StatusOK, "Naam, wijk of vorm wijzigen</summary>", `action="`+path+`"`, `name="naam" type="text" value="Bankjes Kanaleneiland"`)
	wantNot(t, w.loggedIn(w.teacher).get(path), "Naam, wijk of vorm wijzigen")

	r = coord.post(path, url.Values{"naam": {""}, "wijk": {"Lombok"}, "vorm": {"netwerk"}})
	want(t, r, http.StatusUnprocessableEntity, `href="#naam"`, "Vul een naam of alias van de groep in (maximaal 200 tekens).",
		`<details class="ga-details ga-card ga-disclosure" open>`, `value="Lombok"`)
	wantRedirect(t, coord.post(path, url.Values{"naam": {"Scooterjongens"}, "wijk": {"Lombok"}, "vorm": {"netwerk"}}), path)
	r = coord.get(path)
	want(t, r, http.StatusOK, "De gegevens van de groep zijn opgeslagen.", "Dossier Scooterjongens", "<strong>Lombok</strong>", "<strong>Fluïde netwerk</strong>")
	wantNot(t, r, "Bankjes Kanaleneiland")

	// A closed approach keeps its details.
	if _, err := w.db.CloseGroup(w.as(w.coordinator), w.g.ID, "Doelen bereikt.", ""); err != nil {
		t.Fatal(err)
	}
	wantNot(t, coord.get(path), "Naam, wijk of vorm wijzigen")
	want(t, coord.post(path, url.Values{"naam": {"x"}, "wijk": {"x"}, "vorm": {"groep"}}), http.StatusConflict, "Deze groepsaanpak is afgesloten.")
}

// TestEndInvolvement ends the school's registered involvement with a
// member: from then on the school no longer sees that member's meeting
// items, and the involvement is gone from the dossier.
func TestEndInvolvement(t *testing.T) {
	w := newCasework2World(t)
	path := "/groepen/" + w.g.ID
	coord := w.loggedIn(w.coordinator)
	r := coord.get(path)
	choice := involvementChoice(w.piet.ID, w.school.ID)
	want(t, r, http.StatusOK, "Betrokkenheid beëindigen</h3>", `<option value="`+choice+`">Piet de Vries – Stedelijk College Utrecht</option>`)
	teacher := w.loggedIn(w.teacher)
	wantNot(t, teacher.get(path), "Betrokkenheid beëindigen")
	want(t, teacher.post(path+"/betrokkenheid/beeindigen", url.Values{"beeindigenBetrokkenheid": {choice}, "beeindigenReden": {"x"}}),
		http.StatusForbidden, "Alleen de uitvoeringscoördinator doet dit.")

	r = coord.post(path+"/betrokkenheid/beeindigen", url.Values{"beeindigenBetrokkenheid": {choice}})
	want(t, r, http.StatusUnprocessableEntity, `href="#beeindigenReden"`, "Vul de reden in.", `<option value="`+choice+`" selected>`)
	want(t, coord.post(path+"/betrokkenheid/beeindigen", url.Values{"beeindigenReden": {"x"}}), http.StatusUnprocessableEntity,
		`href="#beeindigenBetrokkenheid"`, "Kies de betrokkenheid die u beëindigt.")
	wantRedirect(t, coord.post(path+"/betrokkenheid/beeindigen", url.Values{"beeindigenBetrokkenheid": {choice}, "beeindigenReden": {"Piet is van school gegaan."}}),
		path+"#betrokkenheid")
	r = coord.get(path)
	want(t, r, http.StatusOK, "De betrokkenheid is beëindigd.")
	wantNot(t, r, "Leerling van de school; verzuim.", "Betrokkenheid beëindigen</h3>")
	// The ended involvement is shown with its reason, decrypted, to the
	// coordinator and to the school whose involvement it was.
	want(t, r, http.StatusOK, "Beëindigde betrokkenheid</caption>", "Piet is van school gegaan.")
	want(t, teacher.get(path), http.StatusOK, "Beëindigde betrokkenheid</caption>", "Piet is van school gegaan.")
	r = w.loggedIn(w.agent).get(path)
	want(t, r, http.StatusOK, "Piet de Vries")
	wantNot(t, r, "Piet is van school gegaan.", "Beëindigde betrokkenheid</caption>")
	inv, err := w.db.Involvements(w.as(w.coordinator), w.g.ID, w.piet.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range inv {
		if in.PartnerID == w.school.ID {
			t.Errorf("the school is still involved: %+v", in)
		}
	}
	// Ending it again: there is no registered involvement left.
	want(t, coord.post(path+"/betrokkenheid/beeindigen", url.Values{"beeindigenBetrokkenheid": {choice}, "beeindigenReden": {"x"}}), http.StatusNotFound)
}

// TestUninvite withdraws invitations to a meeting: possible while the
// partner's attendance is not recorded and it is responsible for no
// agreement of the meeting; the page offers the button only then.
func TestUninvite(t *testing.T) {
	w := newCasework2World(t)
	path := "/overleggen/" + w.meeting.ID
	coord := w.loggedIn(w.coordinator)
	r := coord.get(path)
	want(t, r, http.StatusOK, `aria-label="Uitnodiging intrekken: Stedelijk College Utrecht"`, "Blijft uitgenodigd")
	wantNot(t, r, `aria-label="Uitnodiging intrekken: Politie Midden-Nederland"`)
	teacher := w.loggedIn(w.teacher)
	wantNot(t, teacher.get(path), "Uitnodiging intrekken")
	want(t, teacher.post(path+"/uitnodigingen/intrekken", url.Values{"partnerId": {w.school.ID}}), http.StatusForbidden,
		"Alleen de uitvoeringscoördinator organiseert overleggen en legt ze vast.")

	// The police carry an agreement of the meeting: their invitation stays.
	want(t, coord.post(path+"/uitnodigingen/intrekken", url.Values{"partnerId": {w.politie.ID}}), http.StatusConflict,
		`href="#uitgenodigd"`, "Deze partner is verantwoordelijk voor een afspraak uit dit overleg; de uitnodiging blijft staan.")
	want(t, coord.post(path+"/uitnodigingen/intrekken", url.Values{"partnerId": {w.om.ID}}), http.StatusConflict,
		"Deze partner is niet uitgenodigd voor dit overleg.")
	want(t, coord.post(path+"/uitnodigingen/intrekken", url.Values{}), http.StatusUnprocessableEntity, `href="#uitgenodigd"`, "Kies een partner.")
	wantRedirect(t, coord.post(path+"/uitnodigingen/intrekken", url.Values{"partnerId": {w.school.ID}}), path+"#uitgenodigd")
	r = coord.get(path)
	want(t, r, http.StatusOK, "De uitnodiging is ingetrokken.")
	wantNot(t, r, `<th class="utrecht-table__header-cell" scope="row">Stedelijk College Utrecht</th>`)
	// The school no longer sees the meeting: the page of an unknown one.
	wantSameNotFound(t, teacher, path, "/overleggen/"+unknownID)

	// A partner whose attendance is recorded stays invited as well.
	if err := w.db.RecordAttendance(w.as(w.coordinator), w.meeting.ID, w.politie.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := w.db.Invite(w.as(w.coordinator), w.meeting.ID, w.school.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.db.RecordAttendance(w.as(w.coordinator), w.meeting.ID, w.school.ID, false); err != nil {
		t.Fatal(err)
	}
	want(t, coord.post(path+"/uitnodigingen/intrekken", url.Values{"partnerId": {w.school.ID}}), http.StatusConflict,
		"De aanwezigheid van deze partner is al vastgelegd; de uitnodiging blijft staan.")
}

// TestShareItem shares the police's criminal item about Piet with the
// school, which is involved with Piet but whose kind the terms do not give
// criminal items: the school sees the item only while it is shared. Only
// the source partner shares, and only special or criminal items.
func TestShareItem(t *testing.T) {
	w := newCasework2World(t)
	path := "/gegevens/" + w.item.ID
	agent := w.loggedIn(w.agent)
	teacher := w.loggedIn(w.teacher)
	r := agent.get(path)
	want(t, r, http.StatusOK, "Delen met andere partners", "Dit gegeven is met geen enkele partner uitdrukkelijk gedeeld.",
		`<option value="`+w.school.ID+`">Stedelijk College Utrecht</option>`, `<option value="`+w.om.ID+`">`)
	wantNot(t, r, `<option value="`+w.politie.ID+`">`)
	wantSameNotFound(t, teacher, path, "/gegevens/"+unknownID)

	want(t, agent.post(path+"/delingen", url.Values{}), http.StatusUnprocessableEntity, `href="#delenPartnerId"`, "Kies een partner.")
	want(t, agent.post(path+"/delingen", url.Values{"delenPartnerId": {w.politie.ID}}), http.StatusUnprocessableEntity,
		`href="#delenPartnerId"`, "Uw eigen organisatie ziet haar gegevens al.")
	wantRedirect(t, agent.post(path+"/delingen", url.Values{"delenPartnerId": {w.school.ID}}), path+"#delen")
	r = agent.get(path)
	want(t, r, http.StatusOK, "Het gegeven is gedeeld.", `aria-label="Delen intrekken: Stedelijk College Utrecht"`)
	wantNot(t, r, `<option value="`+w.school.ID+`">`)

	// The school now sees the item, but neither shares nor changes it.
	r = teacher.get(path)
	want(t, r, http.StatusOK, "Aangehouden voor vernieling van een bushokje.")
	wantNot(t, r, "Delen met andere partners", "Gegeven delen")
	want(t, teacher.post(path+"/delingen", url.Values{"delenPartnerId": {w.om.ID}}), http.StatusForbidden,
		"Alleen de partner die het gegeven heeft ingebracht, deelt het.")
	want(t, teacher.post(path+"/delingen/intrekken", url.Values{"partnerId": {w.school.ID}}), http.StatusForbidden)

	want(t, agent.post(path+"/delingen/intrekken", url.Values{"partnerId": {w.om.ID}}), http.StatusUnprocessableEntity,
		`href="#delen"`, "Dit gegeven is niet met deze partner gedeeld.")
	wantRedirect(t, agent.post(path+"/delingen/intrekken", url.Values{"partnerId": {w.school.ID}}), path+"#delen")
	want(t, agent.get(path), http.StatusOK, "Het delen is ingetrokken.", "Dit gegeven is met geen enkele partner uitdrukkelijk gedeeld.")
	wantSameNotFound(t, teacher, path, "/gegevens/"+unknownID)

	// An item that is neither special nor criminal follows need-to-know
	// alone: no sharing.
	plain := &ga.Item{GroupID: w.g.ID, Category: "Melding", LegalGround: "Wet politiegegevens artikel 20.", Wpg20DecisionID: w.wpg20.ID,
		Content: "Melding van overlast.", ConcernsDate: "2026-11-20"}
	if err := w.db.CreateItem(w.as(w.agent), plain); err != nil {
		t.Fatal(err)
	}
	wantNot(t, agent.get("/gegevens/"+plain.ID), "Delen met andere partners")
	want(t, agent.post("/gegevens/"+plain.ID+"/delingen", url.Values{"delenPartnerId": {w.school.ID}}), http.StatusUnprocessableEntity,
		"Alleen bijzondere of strafrechtelijke gegevens worden expliciet gedeeld; andere gegevens volgen need-to-know.")
}

// TestCasework2InEnglish shows the new forms in English.
func TestCasework2InEnglish(t *testing.T) {
	w := newCasework2World(t)
	coord := w.loggedIn(w.coordinator)
	coord.post("/taal", url.Values{"taal": {"en"}, "terug": {"/"}})
	want(t, coord.get("/groepen/"+w.g.ID), http.StatusOK, "Change name, area or form", "End involvement", "Reason for ending")
	want(t, coord.get("/overleggen/"+w.meeting.ID), http.StatusOK, `aria-label="Withdraw invitation: Stedelijk College Utrecht"`, "Stays invited")
	r := coord.post("/groepen/"+w.g.ID, url.Values{"naam": {"x"}, "wijk": {"x"}, "vorm": {"groep"}})
	wantRedirect(t, r, "/groepen/"+w.g.ID)
	want(t, coord.get("/groepen/"+w.g.ID), http.StatusOK, "The details of the group have been saved.")
	agent := w.loggedIn(w.agent)
	agent.post("/taal", url.Values{"taal": {"en"}, "terug": {"/"}})
	r = agent.get("/gegevens/" + w.item.ID)
	want(t, r, http.StatusOK, "Sharing with other partners", "This item has not been shared explicitly with any partner.", "Share item")
	r = agent.post("/gegevens/"+w.item.ID+"/delingen", url.Values{"delenPartnerId": {w.politie.ID}})
	want(t, r, http.StatusUnprocessableEntity, "Your own organisation already sees its items.")
	wantNot(t, r, `<span lang="nl">`)
}
