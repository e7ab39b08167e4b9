package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/internal/browsertest"
)

// browse starts a browser for u and logs in through the two login steps
// (whose accessibility the other browser tests check). Each user gets a
// browser of their own, with the time budget of browsertest.New, as each
// would sit at their own desk.
func (w *caseworld) browse(t *testing.T, u *testUser) *browser {
	t.Helper()
	b := &browser{t: t, ctx: browsertest.New(t), base: w.srv.URL, titles: map[string]string{}}
	b.run(chromedp.Navigate(b.base + "/inloggen"))
	b.fill("email", u.Email)
	b.fill("wachtwoord", u.Password)
	b.submit(`form[action="/inloggen"] button[type="submit"]`)
	b.fill("code", w.code(u))
	b.submit(`form[action="/inloggen/code"] button[type="submit"]`)
	if loc := b.location(); loc != "/" {
		t.Fatalf("%s: after the login at %s, want /", u.Email, loc)
	}
	return b
}

// fill sets the value of the form control with the id: a text field, a
// text area, a date or a select.
func (b *browser) fill(id, value string) {
	b.t.Helper()
	b.run(chromedp.SetValue(chromedp.ID(id), value))
}

// click clicks the element, such as a radio button, a checkbox or the
// summary of a disclosure.
func (b *browser) click(selector string) {
	b.t.Helper()
	b.run(chromedp.Click(chromedp.CSS(selector)))
}

// mainText is the text of the page's main content as the user reads it.
func (b *browser) mainText() string {
	b.t.Helper()
	text, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector('main').innerText`))
	if err != nil {
		b.t.Fatal(err)
	}
	return text
}

// expect checks that the page shows every text, and none of the texts
// after "!" in the list, such as expect("a", "!b").
func (b *browser) expect(where string, texts ...string) {
	b.t.Helper()
	text := b.mainText()
	for _, s := range texts {
		if not, ok := strings.CutPrefix(s, "!"); ok {
			if strings.Contains(text, not) {
				b.t.Errorf("%s shows %q", where, not)
			}
		} else if !strings.Contains(text, s) {
			b.t.Errorf("%s lacks %q:\n%s", where, s, text)
		}
	}
}

// currentStep is the step the step indicator marks with
// aria-current="step".
func (b *browser) currentStep() string {
	b.t.Helper()
	step, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](
		`(() => { const s = document.querySelectorAll('.ga-stepper [aria-current="step"]'); return s.length === 1 ? s[0].querySelector('.ga-stepper__label').textContent : 'marked ' + s.length + ' times' })()`))
	if err != nil {
		b.t.Fatal(err)
	}
	return step
}

// here checks the page the browser shows now under its own path.
func (b *browser) here(name string) string {
	b.t.Helper()
	loc := b.location()
	b.check(loc, name)
	return loc
}

// moveTo submits the dossier's form for the next step.
func (b *browser) moveTo(groupPath, reason string) {
	b.t.Helper()
	b.fill("stapReden", reason)
	b.submit(`form[action="` + groupPath + `/stap"] button[type="submit"]`)
}

// TestBrowserCaseworkFromSignalToMeeting walks a coordinator through a
// group approach from the first signals to an adopted plan and meetings,
// with the partners who act in between as the work process has it: the
// police draw up the name list and add items, a driehoek member records
// the decision and another adopts the plan. Every page is checked with
// axe-core, and at each step what the page shows; a school user sees
// nothing of the members before the decision.
func TestBrowserCaseworkFromSignalToMeeting(t *testing.T) {
	w := newCaseworld(t)
	var groupPath, janID, pietID string

	t.Run("coordinator starts the group approach", func(t *testing.T) {
		b := w.browse(t, w.coordinator)
		b.open("/", "start")
		b.expect("start", "Mijn groepen", "Er zijn geen lopende groepsaanpakken die u mag zien.", "Verlopen evaluaties")
		b.open("/groepen", "groepen")
		b.fill("naam", "Bankjes Kanaleneiland")
		b.fill("wijk", "Kanaleneiland")
		b.click("#vorm")
		b.submit(`form[action="/groepen"] button[type="submit"]`)
		groupPath = b.here("dossier in stap signalen")
		if !strings.HasPrefix(groupPath, "/groepen/") {
			t.Fatalf("after starting the group at %s", groupPath)
		}
		if step := b.currentStep(); step != "Signalen" {
			t.Errorf("current step %q, want Signalen", step)
		}
		for _, p := range []ga.Partner{w.politie, w.om, w.school} {
			b.fill("deelnemerPartnerId", p.ID)
			b.submit(`form[action="` + groupPath + `/deelnemers"] button[type="submit"]`)
		}
		b.here("dossier met deelnemers")
		b.expect("dossier", "Politie Midden-Nederland", "Openbaar Ministerie Midden-Nederland", "Stedelijk College Utrecht")
		b.moveTo(groupPath, "Signalen van de wijkagent en de school over intimidatie bij het winkelcentrum.")
		b.here("dossier in stap informatie")
		if step := b.currentStep(); step != "Informatie verzamelen en koppelen" {
			t.Errorf("current step %q", step)
		}
		// A step out of order is refused with the reason, on the page.
		b.moveTo(groupPath, "Door naar het beeld.")
		b.check(groupPath+"/stap", "stap geweigerd")
		b.expect("refused step", "Beantwoord eerst vraag 2A: is het gedrag van de groep problematisch?")
		b.click("#problematisch")
		b.fill("vraag2aReden", "Vernielingen en intimidatie van winkelend publiek.")
		b.submit(`form[action="` + groupPath + `/vraag-2a"] button[type="submit"]`)
		b.here("dossier na vraag 2A")
		b.expect("dossier", "Het gedrag is problematisch (2B: namenlijst en Groepsscan).", "Vraag 2A beantwoord")
	})

	t.Run("police draw up the name list and add items", func(t *testing.T) {
		b := w.browse(t, w.agent)
		b.open(groupPath+"/personen/nieuw", "persoon toevoegen")
		b.fill("naam", "Jan Jansen")
		b.fill("geboortedatum", "2009-03-14")
		b.fill("adres", "Marshallaan 3, Utrecht")
		b.fill("startdatum", "2026-03-01")
		b.submit(`main form button[type="submit"]`)
		loc := b.here("persoon Jan")
		janID = strings.TrimPrefix(loc, "/personen/")
		b.expect("person", "Jan Jansen", "Kern", "Gegevens wijzigen")

		b.open(groupPath+"/personen/nieuw", "persoon toevoegen (2)")
		b.fill("naam", "Piet de Vries")
		b.fill("geboortedatum", "2012-09-30")
		b.click("#rol-aanwas")
		b.fill("startdatum", "2026-10-05")
		b.submit(`main form button[type="submit"]`)
		b.check(b.location(), "persoon jonger dan 16 zonder vertegenwoordiger")
		b.expect("person form", "Deze persoon is jonger dan 16: leg ten minste één wettelijk vertegenwoordiger vast.")
		b.fill("vertegenwoordiger1Naam", "Marja de Vries")
		b.fill("vertegenwoordiger1Relatie", "moeder")
		b.submit(`main form button[type="submit"]`)
		// Person pages share their title, which names no person.
		pietID = strings.TrimPrefix(b.location(), "/personen/")
		browsertest.CheckAxe(t, b.ctx, "persoon Piet")
		b.expect("person", "Piet de Vries", "Jonger dan 16", "Marja de Vries")

		b.open(groupPath, "dossier politie")
		b.click(`details:has(form[action="` + groupPath + `/gegevens"]) > summary`)
		b.fill("gegevenOver", janID)
		b.fill("categorie", "Strafbaar feit")
		b.click("#kenmerken-strafrechtelijk")
		b.fill("grondslag", "Wet politiegegevens artikel 20")
		b.fill("wpg20BesluitId", w.wpg20.ID)
		b.fill("noodzaak", "Nodig voor het integrale beeld van de groep.")
		b.fill("gegevenInhoud", "Aangehouden voor vernieling van een bushokje aan de Marshallaan.")
		b.fill("betreftDatum", "2026-11-20")
		b.submit(`form[action="` + groupPath + `/gegevens"] button[type="submit"]`)
		b.here("dossier met gegeven")
		b.expect("dossier", "Jan Jansen", "Piet de Vries", "Aangehouden voor vernieling", "Jonger dan 16")
		b.click(`main a[href^="/gegevens/"]`)
		b.here("gegeven")
		b.expect("item", "WPG20-2026-3", "Strafrechtelijk", "Gegeven wijzigen")
		b.click(`main a[href$="/bewerken"]`)
		b.here("gegeven wijzigen")
	})

	t.Run("the school sees nothing of the members before the decision", func(t *testing.T) {
		b := w.browse(t, w.teacher)
		b.open(groupPath, "dossier school voor besluit")
		b.expect("school's dossier", "Er zijn geen groepsleden die u mag zien.", "Er zijn geen gegevens die u mag zien.",
			"!Jan Jansen", "!Piet de Vries", "!Marja", "!vernieling")
		b.open("/personen/"+janID, "persoon voor besluit (school)")
		b.expect("person page", "Niet gevonden, of u heeft geen toegang.", "!Jan Jansen")
	})

	t.Run("coordinator takes the group to the driehoek", func(t *testing.T) {
		b := w.browse(t, w.coordinator)
		b.open(groupPath, "dossier coördinator")
		b.moveTo(groupPath, "Integraal beeld van groep en leden.")
		b.moveTo(groupPath, "Advies van de politie; naar het driehoeksoverleg.")
		b.here("dossier in stap besluit")
		if step := b.currentStep(); step != "Besluit driehoek" {
			t.Errorf("current step %q", step)
		}
	})

	t.Run("a driehoek member records the decision", func(t *testing.T) {
		b := w.browse(t, w.prosecutor)
		b.open(groupPath, "dossier driehoek")
		b.fill("aanwezigen", "Burgemeester\nOfficier van justitie\nTeamchef politie")
		b.click("#groepsaanpakStart")
		b.click("#uitwisselingToegestaan")
		b.fill("motivering", "Ernstige overlast; een persoonsgerichte aanpak van de kern is nodig.")
		b.submit(`form[action="` + groupPath + `/besluit"] button[type="submit"]`)
		b.here("dossier na besluit")
		b.expect("dossier", "Het besluit van de driehoek is vastgelegd.", "Officier van justitie",
			"Groepsaanpak start; uitwisseling van persoonsgegevens toegestaan")
	})

	t.Run("coordinator writes the plan with measures", func(t *testing.T) {
		b := w.browse(t, w.coordinator)
		b.open(groupPath, "dossier na besluit (coördinator)")
		b.expect("dossier", "Jan Jansen", "Piet de Vries")
		b.moveTo(groupPath, "Besluit driehoek: de groepsaanpak start.")
		b.here("dossier in stap plan")
		b.fill("betrokkenheidPersoonId", pietID)
		b.fill("betrokkenheidPartnerId", w.school.ID)
		b.fill("betrokkenheidReden", "Piet is leerling van de school; verzuim.")
		b.submit(`form[action="` + groupPath + `/betrokkenheid"] button[type="submit"]`)
		b.here("dossier met betrokkenheid")
		b.expect("dossier", "Piet is leerling van de school; verzuim.")
		// The municipality coordinates Piet's care: involved with him, it
		// sees the care measure aimed at him (need-to-know for measures).
		b.fill("betrokkenheidPersoonId", pietID)
		b.fill("betrokkenheidPartnerId", w.gemeente.ID)
		b.fill("betrokkenheidReden", "Zorgcoördinatie door het wijkteam van de gemeente.")
		b.submit(`form[action="` + groupPath + `/betrokkenheid"] button[type="submit"]`)
		b.here("dossier met betrokkenheid van de gemeente")
		b.expect("dossier", "Zorgcoördinatie door het wijkteam van de gemeente.")

		b.open(groupPath+"/plan", "plan zonder inhoud")
		b.fill("analyse", "Een kern van twee jongeren, aanwas uit de onderbouw van de school. Overlast en vernielingen rond het winkelcentrum.")
		b.fill("doelen", "Overlast binnen drie maanden met de helft terug; geen nieuwe aanwas.")
		b.submit(`form[action="` + groupPath + `/plan"] button[type="submit"]`)
		b.here("plan als concept")
		b.expect("plan", "Concept.", "Een kern van twee jongeren")
		measures := []struct{ target, kind, text, partner, status, start, review string }{
			{"groep", "bestuursrechtelijk", "Cameratoezicht bij het winkelcentrum", w.gemeente.ID, "lopend", "2026-11-01", "2026-11-15"},
			{pietID, "zorg", "Begeleiding door de zorgcoördinator van school", w.school.ID, "lopend", "2026-11-10", "2027-01-10"},
			{janID, "strafrechtelijk", "Snelrecht bij een nieuwe vernieling", w.om.ID, "gepland", "2026-12-01", "2027-02-01"},
		}
		for _, m := range measures {
			b.click(`details:has(form[action="` + groupPath + `/maatregelen"]) > summary`)
			b.fill("maatregelVoor", m.target)
			b.fill("soort", m.kind)
			b.fill("omschrijving", m.text)
			b.fill("verantwoordelijkePartnerId", m.partner)
			b.fill("status", m.status)
			b.fill("startdatum", m.start)
			b.fill("evaluatiedatum", m.review)
			b.submit(`form[action="` + groupPath + `/maatregelen"] button[type="submit"]`)
		}
		b.here("plan met maatregelen")
		// The municipality is not authorised for criminal data (Art 10):
		// once recorded, the prosecutor's snelrecht measure for Jan is out
		// of the coordinator's sight.
		b.expect("plan", "Cameratoezicht bij het winkelcentrum", "Begeleiding door de zorgcoördinator van school", "!Snelrecht",
			"Evaluatie verlopen bij 1 maatregel(en).")
	})

	t.Run("the driehoek adopts the plan", func(t *testing.T) {
		b := w.browse(t, w.police)
		b.open(groupPath+"/plan", "plan driehoek")
		b.submit(`form[action="` + groupPath + `/plan/vaststellen"] button[type="submit"]`)
		b.here("plan vastgesteld")
		b.expect("plan", "Vastgesteld door de driehoek.")
		b.screenshot("plan")
	})

	t.Run("coordinator starts the execution and holds meetings", func(t *testing.T) {
		b := w.browse(t, w.coordinator)
		b.open(groupPath, "dossier voor uitvoering")
		b.moveTo(groupPath, "Plan van Aanpak vastgesteld door de driehoek.")
		b.here("dossier in stap uitvoering")
		if step := b.currentStep(); step != "Uitvoering en monitoring" {
			t.Errorf("current step %q", step)
		}
		b.screenshot("dossier")

		b.open(groupPath+"/overleggen", "overleggen")
		b.click(`input[name="uitgenodigd"][value="` + w.politie.ID + `"]`)
		b.click(`input[name="uitgenodigd"][value="` + w.school.ID + `"]`)
		b.fill("agenda", "1. Stand van zaken\n2. Maatregelen\n3. Afspraken")
		b.submit(`main form[action="` + groupPath + `/overleggen"] button[type="submit"]`)
		b.here("groepsoverleg")
		b.expect("meeting", "Groepsoverleg", "Politie Midden-Nederland", "Stedelijk College Utrecht", "Stand van zaken")
		b.fill("afspraakOmschrijving", "Extra surveillance op vrijdagavond")
		b.fill("afspraakPartnerId", w.politie.ID)
		b.fill("afspraakUiterlijk", "2026-11-27")
		b.submit(`form[action$="/afspraken"] button[type="submit"]`)
		b.here("groepsoverleg met afspraak")
		b.expect("meeting", "Extra surveillance op vrijdagavond", "Verlopen")
		b.screenshot("overleg")

		b.open(groupPath+"/overleggen", "overleggen met groepsoverleg")
		b.click("#soort-individu")
		b.click(`input[name="persoonIds"][value="` + pietID + `"]`)
		b.click(`input[name="uitgenodigd"][value="` + w.school.ID + `"]`)
		b.submit(`main form[action="` + groupPath + `/overleggen"] button[type="submit"]`)
		meeting := b.here("individueel overleg")
		b.expect("meeting", "Overleg over individuele groepsleden", "Piet de Vries", "!Jan Jansen")
		// The prosecutor is not involved with Piet: Art 5.3 refuses the
		// invitation, and the page says so beside the choice.
		b.fill("uitnodigenPartnerId", w.om.ID)
		b.submit(`form[action="` + meeting + `/uitnodigingen"] button[type="submit"]`)
		b.check(meeting+"/uitnodigingen", "uitnodiging geweigerd")
		b.expect("refused invitation", "Deze partner kan niet worden uitgenodigd", "artikel 5.3 van het convenant")
		b.fill("aanwezigheidPartnerId", w.school.ID)
		b.click("#aanwezig")
		b.submit(`form[action="` + meeting + `/aanwezigheid"] button[type="submit"]`)
		b.here("individueel overleg met aanwezigheid")
		b.expect("meeting", "Aanwezig")

		b.open(groupPath+"/monitoring", "monitoring")
		b.expect("monitoring", "Leden per maand, naar rol", "Lopende maatregelen per soort", "Extra surveillance op vrijdagavond", "nov 2026")
		b.screenshot("monitoring")
		b.open("/", "start met groep")
		b.expect("start", "Bankjes Kanaleneiland", "Cameratoezicht bij het winkelcentrum")
	})

	t.Run("the school sees the members after the decision, as need-to-know allows", func(t *testing.T) {
		b := w.browse(t, w.teacher)
		b.open(groupPath, "dossier school na besluit")
		b.expect("school's dossier", "Jan Jansen", "Piet de Vries", "!Aangehouden voor vernieling")
		b.open(groupPath+"/overleggen", "overleggen school")
		b.expect("meetings", "Groepsoverleg", "Overleg over individuele groepsleden")
		b.open("/personen/"+pietID, "persoon Piet (school)")
		b.expect("person", "Piet de Vries", "Marja de Vries", "!Gegevens wijzigen")
		b.open(groupPath+"/plan", "plan school")
		b.expect("plan", "Begeleiding door de zorgcoördinator van school", "Vastgesteld door de driehoek.")
	})
}
