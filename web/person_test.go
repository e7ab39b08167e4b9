package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// TestNameListBeforeAndAfterTheDecision follows the name list through the
// work process: the police add members and items in step informatie; no
// other partner sees anything of a member before the driehoek's decision;
// after it, the partners taking part see the members, and items about a
// member only when involved with them.
func TestNameListBeforeAndAfterTheDecision(t *testing.T) {
	w := newCaseworld(t)
	g := w.group("Bankjes Kanaleneiland", ga.StepInformation)
	path := "/groepen/" + g.ID
	agent := w.loggedIn(w.agent)

	t.Run("the form for a new member", func(t *testing.T) {
		want(t, agent.get(path), http.StatusOK, `href="`+path+`/personen/nieuw"`)
		want(t, agent.get(path+"/personen/nieuw"), http.StatusOK, "Persoon toevoegen aan de namenlijst", `name="geboortedatum"`,
			`name="vertegenwoordiger1Naam"`, `name="vertegenwoordiger2Relatie"`, `value="kern" checked`)
	})
	t.Run("a member under 16 needs a legal representative", func(t *testing.T) {
		r := agent.post(path+"/personen", url.Values{"naam": {"Piet de Vries"}, "geboortedatum": {"2012-09-30"}, "rol": {"aanwas"}, "startdatum": {"2026-10-05"}})
		want(t, r, http.StatusUnprocessableEntity, `href="#wettelijkVertegenwoordigers"`,
			"Deze persoon is jonger dan 16: leg ten minste één wettelijk vertegenwoordiger vast.", `id="wettelijkVertegenwoordigers-fout"`, `value="Piet de Vries"`)
	})
	t.Run("a BSN needs its legal ground", func(t *testing.T) {
		r := agent.post(path+"/personen", url.Values{"naam": {"X"}, "geboortedatum": {"2008-01-01"}, "bsn": {"123456782"}, "rol": {"x"}})
		want(t, r, http.StatusUnprocessableEntity, `href="#bsnGrondslag"`, `href="#rol"`, "Kies kern, meeloper of aanwas.", `href="#startdatum"`)
	})
	r := agent.post(path+"/personen", url.Values{"naam": {"Piet de Vries"}, "geboortedatum": {"2012-09-30"}, "adres": {"Kanaleneiland 7"},
		"rol": {"aanwas"}, "startdatum": {"2026-10-05"}, "vertegenwoordiger1Naam": {"Marja de Vries"}, "vertegenwoordiger1Relatie": {"moeder"}})
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/personen/") {
		t.Fatalf("create person = %d to %q\n%s", r.StatusCode, r.location(), excerpt(r.Body))
	}
	personPath := r.location()
	want(t, agent.get(personPath), http.StatusOK, "<title>Persoon · Groepsaanpak</title>", "De persoon is vastgelegd als lid van de groep.",
		"Piet de Vries", "Jonger dan 16", "Marja de Vries", "moeder", "Aanwas", "05-10-2026", "Gegevens wijzigen")
	piet := strings.TrimPrefix(personPath, "/personen/")

	t.Run("an item needs its subject, the Wpg art 20 decision and for criminal data the necessity", func(t *testing.T) {
		r := agent.get(path)
		want(t, r, http.StatusOK, "Piet de Vries", `name="wpg20BesluitId"`, "WPG20-2026-3 (01-11-2026)", `name="gegevenOver"`)
		r = agent.post(path+"/gegevens", url.Values{"categorie": {"Strafbaar feit"}, "kenmerken": {"strafrechtelijk"}, "grondslag": {"Wpg"},
			"gegevenInhoud": {"Vernieling"}, "betreftDatum": {"2026-11-20"}})
		want(t, r, http.StatusUnprocessableEntity, `href="#gegevenOver"`, "Kies over wie het gegeven gaat.",
			`href="#wpg20BesluitId"`, "Politiegegevens verwijzen naar het besluit op grond van artikel 20 Wet politiegegevens.",
			`href="#noodzaak"`, `<details class="ga-details ga-card ga-disclosure" open>`)
	})
	add := func(c *client, form url.Values) {
		t.Helper()
		if r := c.post(path+"/gegevens", form); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("add item = %d\n%s", r.StatusCode, excerpt(r.Body))
		}
	}
	add(agent, url.Values{"gegevenOver": {piet}, "categorie": {"Strafbaar feit"}, "kenmerken": {"strafrechtelijk"}, "grondslag": {"Wet politiegegevens artikel 20"},
		"wpg20BesluitId": {w.wpg20.ID}, "noodzaak": {"Voor het integrale beeld."}, "gegevenInhoud": {"Aangehouden voor vernieling van een bushokje."}, "betreftDatum": {"2026-11-20"}})
	add(agent, url.Values{"gegevenOver": {piet}, "categorie": {"Verzuim"}, "grondslag": {"Wet politiegegevens artikel 20"},
		"wpg20BesluitId": {w.wpg20.ID}, "gegevenInhoud": {"Spijbelt op vrijdagmiddag, gezien op het plein."}, "betreftDatum": {"2026-11-21"}})
	r = agent.get(path)
	want(t, r, http.StatusOK, "Het gegeven is vastgelegd.", "Aangehouden voor vernieling van een bushokje.", "Strafrechtelijk", "Spijbelt op vrijdagmiddag")
	items := regexpAll(`href="/gegevens/([^"]+)"`, r.Body)
	if len(items) != 2 {
		t.Fatalf("%d item links on the dossier, want 2", len(items))
	}

	secrets := []string{"Piet de Vries", "Marja de Vries", "Aangehouden voor vernieling", "Spijbelt op vrijdagmiddag", "2012"}
	t.Run("no other partner sees anything of a member before the decision", func(t *testing.T) {
		for _, u := range []*testUser{w.teacher, w.coordinator, w.prosecutor} {
			c := w.loggedIn(u)
			r := c.get(path)
			want(t, r, http.StatusOK, "Er zijn geen groepsleden die u mag zien.", "Er zijn geen gegevens die u mag zien.")
			wantNot(t, r, secrets...)
			wantSameNotFound(t, c, personPath, "/personen/"+unknownID)
			for _, it := range items {
				wantSameNotFound(t, c, "/gegevens/"+it, "/gegevens/"+unknownID)
			}
			wantNot(t, c.get("/"), secrets...)
		}
	})

	coord := w.loggedIn(w.coordinator)
	for _, st := range []ga.Step{ga.StepPicture, ga.StepDecision} {
		w.advance(g, st)
	}
	w.decide(g)
	teacher := w.loggedIn(w.teacher)
	t.Run("after the decision the partners see the members, not yet the items", func(t *testing.T) {
		r := teacher.get(path)
		want(t, r, http.StatusOK, "Piet de Vries", "Marja de Vries (moeder)", "Jonger dan 16", "Er zijn geen gegevens die u mag zien.")
		wantNot(t, r, "Aangehouden voor vernieling", "Spijbelt op vrijdagmiddag")
		want(t, teacher.get(personPath), http.StatusOK, "Piet de Vries", "Alleen de partner die de persoon heeft vastgelegd, wijzigt diens gegevens.",
			"Er zijn geen gegevens over deze persoon die u mag zien.")
	})
	t.Run("the coordinator registers the school's involvement with a reason", func(t *testing.T) {
		r := coord.get(path)
		want(t, r, http.StatusOK, "Betrokkenheid vastleggen", `name="betrokkenheidPersoonId"`)
		want(t, coord.post(path+"/betrokkenheid", url.Values{"betrokkenheidPersoonId": {piet}}), http.StatusUnprocessableEntity,
			`href="#betrokkenheidPartnerId"`, `href="#betrokkenheidReden"`)
		want(t, teacher.post(path+"/betrokkenheid", url.Values{"betrokkenheidPersoonId": {piet}, "betrokkenheidPartnerId": {w.school.ID},
			"betrokkenheidReden": {"x"}}), http.StatusForbidden)
		wantRedirect(t, coord.post(path+"/betrokkenheid", url.Values{"betrokkenheidPersoonId": {piet}, "betrokkenheidPartnerId": {w.school.ID},
			"betrokkenheidReden": {"Leerling van de school; verzuim."}}), path+"#betrokkenheid")
		want(t, coord.get(path), http.StatusOK, "De betrokkenheid van de partner is vastgelegd.", "Leerling van de school; verzuim.",
			"vastgelegd door de coördinator op")
	})
	t.Run("an involved partner sees the items about the member, criminal ones only when authorised", func(t *testing.T) {
		r := teacher.get(path)
		want(t, r, http.StatusOK, "Spijbelt op vrijdagmiddag")
		wantNot(t, r, "Aangehouden voor vernieling")
		want(t, teacher.get(personPath), http.StatusOK, "Spijbelt op vrijdagmiddag")
	})
	t.Run("after 2A 'not problematic' no member is added", func(t *testing.T) {
		other := w.group("Pleintje Zuilen", ga.StepInformation)
		if _, err := w.db.AnswerProblematic(w.as(w.coordinator), other.ID, false, "Gewone hangjongeren."); err != nil {
			t.Fatal(err)
		}
		r := agent.post("/personen/"+piet+"/lidmaatschappen", url.Values{"groepId": {other.ID}, "lidmaatschapRol": {"kern"}, "lidmaatschapStart": {"2026-11-30"}})
		want(t, r, http.StatusConflict, `href="#groepId"`, "Het gedrag van deze groep is niet als problematisch beoordeeld (vraag 2A): lichte interventies, geen namenlijst.")
		wantNot(t, agent.get("/groepen/"+other.ID), "Persoon toevoegen aan de namenlijst")
		want(t, agent.post("/groepen/"+other.ID+"/personen", url.Values{"naam": {"Karel"}, "geboortedatum": {"2008-01-01"}, "rol": {"kern"}, "startdatum": {"2026-11-30"}}),
			http.StatusConflict, "lichte interventies, geen namenlijst")
	})
}

func TestPersonPage(t *testing.T) {
	w := newCaseworld(t)
	g := w.group("Bankjes Kanaleneiland", ga.StepPlan)
	other := w.group("Winkelcentrum Overvecht", ga.StepInformation)
	p := w.person(g, "Jan Jansen", 17, ga.RoleCore, "2026-03-01")
	q := w.person(g, "Piet de Vries", 14, ga.RoleRecruit, "2026-10-05")
	agent := w.loggedIn(w.agent)
	path := "/personen/" + p.ID

	t.Run("the source partner edits the person", func(t *testing.T) {
		want(t, agent.get(path+"/bewerken"), http.StatusOK, `value="Jan Jansen"`, `name="bsnGrondslag"`)
		want(t, agent.post(path, url.Values{"naam": {""}, "geboortedatum": {"2009-09-30"}}), http.StatusUnprocessableEntity,
			`href="#naam"`, "Vul de naam in (maximaal 200 tekens).", "<title>Fout: Persoon wijzigen")
		wantRedirect(t, agent.post(path, url.Values{"naam": {"Jan Jansen"}, "geboortedatum": {"2009-09-30"}, "adres": {"Marshallaan 3, Utrecht"}}), path)
		want(t, agent.get(path), http.StatusOK, "De gegevens van de persoon zijn gewijzigd.", "Marshallaan 3, Utrecht")
	})
	t.Run("another partner may see but not edit", func(t *testing.T) {
		teacher := w.loggedIn(w.teacher)
		r := teacher.get(path)
		want(t, r, http.StatusOK, "Jan Jansen")
		wantNot(t, r, path+"/bewerken", `name="vertegenwoordigerNaam"`)
		want(t, teacher.get(path+"/bewerken"), http.StatusForbidden, "Geen toestemming", "Alleen de partner die de persoon heeft vastgelegd")
		want(t, teacher.post(path, url.Values{"naam": {"X"}, "geboortedatum": {"2009-09-30"}}), http.StatusForbidden, "Geen toestemming")
		want(t, teacher.post(path+"/vertegenwoordigers", url.Values{"vertegenwoordigerNaam": {"X"}, "vertegenwoordigerRelatie": {"vader"}}), http.StatusForbidden)
	})
	t.Run("legal representatives", func(t *testing.T) {
		qPath := "/personen/" + q.ID
		want(t, agent.post(qPath+"/vertegenwoordigers", url.Values{"vertegenwoordigerNaam": {"Kees de Vries"}}), http.StatusUnprocessableEntity,
			`href="#vertegenwoordigerNaam"`, "Vul naam en relatie van elke wettelijk vertegenwoordiger in.")
		r := agent.get(qPath)
		rid := regexpAll(`/vertegenwoordigers/([^/"]+)/verwijderen`, r.Body)
		if len(rid) != 1 {
			t.Fatalf("%d representatives offered for removal, want 1", len(rid))
		}
		want(t, agent.post(qPath+"/vertegenwoordigers/"+rid[0]+"/verwijderen", nil), http.StatusUnprocessableEntity,
			`href="#vertegenwoordigers"`, "Deze persoon is jonger dan 16: ten minste één wettelijk vertegenwoordiger blijft vastgelegd.")
		wantRedirect(t, agent.post(qPath+"/vertegenwoordigers", url.Values{"vertegenwoordigerNaam": {"Kees de Vries"}, "vertegenwoordigerRelatie": {"vader"}}), qPath+"#vertegenwoordigers")
		want(t, agent.get(qPath), http.StatusOK, "Kees de Vries", "vader")
		wantRedirect(t, agent.post(qPath+"/vertegenwoordigers/"+rid[0]+"/verwijderen", nil), qPath+"#vertegenwoordigers")
		want(t, agent.get(qPath), http.StatusOK, "De wettelijk vertegenwoordiger is verwijderd.")
	})
	t.Run("memberships of other groups", func(t *testing.T) {
		r := agent.get(path)
		want(t, r, http.StatusOK, "Toevoegen aan een andere groep", `<option value="`+other.ID+`">Winkelcentrum Overvecht</option>`)
		want(t, agent.post(path+"/lidmaatschappen", url.Values{}), http.StatusUnprocessableEntity, `href="#groepId"`, "Kies een groep.")
		want(t, agent.post(path+"/lidmaatschappen", url.Values{"groepId": {other.ID}, "lidmaatschapRol": {"x"}, "lidmaatschapStart": {"2026-11-30"}}),
			http.StatusUnprocessableEntity, `href="#lidmaatschapRol"`)
		wantRedirect(t, agent.post(path+"/lidmaatschappen", url.Values{"groepId": {other.ID}, "lidmaatschapRol": {"meeloper"}, "lidmaatschapStart": {"2026-11-30"}}),
			path+"#lidmaatschappen")
		want(t, agent.get(path), http.StatusOK, "Het lidmaatschap is vastgelegd.", `href="/groepen/`+other.ID+`">Winkelcentrum Overvecht</a>`, "Meeloper")
		want(t, agent.post(path+"/lidmaatschappen", url.Values{"groepId": {other.ID}, "lidmaatschapRol": {"kern"}, "lidmaatschapStart": {"2026-11-30"}}),
			http.StatusConflict, "Deze persoon is al lid van deze groep.")
	})
	t.Run("need-to-know is judged per group approach", func(t *testing.T) {
		// The school takes part in both groups, but only the first has a
		// decision: it sees the membership of that group only.
		teacher := w.loggedIn(w.teacher)
		r := teacher.get(path)
		want(t, r, http.StatusOK, `href="/groepen/`+g.ID+`">Bankjes Kanaleneiland</a>`)
		wantNot(t, r, `href="/groepen/`+other.ID+`"`)
	})
	t.Run("the coordinator ends a membership", func(t *testing.T) {
		coord := w.loggedIn(w.coordinator)
		r := coord.get(path)
		want(t, r, http.StatusOK, "Lidmaatschap beëindigen")
		ids := regexpAll(`<option value="([^"]+)">Bankjes Kanaleneiland \(01-03-2026\)</option>`, r.Body)
		if len(ids) != 1 {
			t.Fatalf("membership not offered for ending\n%s", excerpt(r.Body))
		}
		want(t, coord.post(path+"/lidmaatschappen/beeindigen", url.Values{"lidmaatschapId": {ids[0]}, "einddatum": {"2026-01-01"}}),
			http.StatusUnprocessableEntity, `href="#einddatum"`, "De einddatum moet een geldige datum na de startdatum zijn.")
		wantRedirect(t, coord.post(path+"/lidmaatschappen/beeindigen", url.Values{"lidmaatschapId": {ids[0]}, "einddatum": {"2026-11-30"}}), path+"#lidmaatschappen")
		want(t, coord.get(path), http.StatusOK, "Het lidmaatschap is beëindigd.", "30-11-2026")
		want(t, w.loggedIn(w.teacher).post(path+"/lidmaatschappen/beeindigen", url.Values{"lidmaatschapId": {ids[0]}, "einddatum": {"2026-11-30"}}),
			http.StatusForbidden)
	})
}

// regexpAll returns the first submatch of every match of pattern in s.
func regexpAll(pattern, s string) []string {
	var out []string
	for _, m := range regexp.MustCompile(pattern).FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// regexpMatch reports whether s matches pattern.
func regexpMatch(pattern, s string) bool { return regexp.MustCompile(pattern).MatchString(s) }
