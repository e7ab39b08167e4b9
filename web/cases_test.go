package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// TestCasePages walks an access request through the pages: registration
// by name and date of birth, the dashboard with the deadline, the start
// page of the handler near and past the deadline, the identity check, the
// overview with a withholding, the letter and the export. Other roles get
// 403 for every page.
func TestCasePages(t *testing.T) {
	w := newCaseworld(t)
	g := w.group("Bankjes Kanaleneiland", ga.StepExecution)
	p := w.person(g, "Jan Jansen", 17, ga.RoleCore, "2026-03-01")
	kept := w.policeItem(g, p, "Aangehouden bij een vechtpartij op het plein.")
	withheld := w.policeItem(g, p, "Onderwerp van een lopend onderzoek naar heling.")
	other := w.person(g, "Piet Pietersen", 17, ga.RoleCore, "2026-03-01")
	w.policeItem(g, other, "Gezien met een gestolen fiets.")

	teacher := w.loggedIn(w.teacher)
	for _, path := range []string{"/verzoeken", "/verzoeken/nieuw", "/verzoeken/" + unknownID} {
		want(t, teacher.get(path), http.StatusForbidden)
	}

	coord := w.loggedIn(w.coordinator)
	want(t, coord.get("/verzoeken"), http.StatusOK, "Er zijn geen openstaande verzoeken of klachten.")
	today := ga.DateOf(w.clock.Now())
	form := url.Values{"soort": {"inzage"}, "ontvangenOp": {string(today.AddDays(-25))}, "kanaal": {"brief"},
		"naam": {"jan jansen"}, "geboortedatum": {string(p.DateOfBirth)}, "omschrijving": {"Welke gegevens hebben jullie over mij?"}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("naam", "Jan Janssen")
	want(t, coord.post("/verzoeken", bad), http.StatusUnprocessableEntity, "Er is geen persoon met deze naam en geboortedatum")
	r := coord.post("/verzoeken", form)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/verzoeken/") {
		t.Fatalf("register: %d to %q\n%s", r.StatusCode, r.location(), excerpt(r.Body))
	}
	caseURL := r.location()
	due := today.AddDays(3)
	want(t, coord.get(caseURL), http.StatusOK, "Jan Jansen", due.Dutch(), "nog 3 dagen", "Nog niet vastgesteld")
	want(t, coord.get("/verzoeken"), http.StatusOK, "Jan Jansen", due.Dutch())
	want(t, coord.get("/"), http.StatusOK, "Termijnen die verlopen", "Jan Jansen", "uiterlijk "+due.Dutch())

	// Deciding before the identity check is refused with the reason.
	want(t, coord.post(caseURL+"/besluit", url.Values{"uitkomst": {"toegewezen"}, "motivering": {"m"}}), http.StatusConflict,
		"Stel eerst de identiteit van de verzoeker vast")
	wantRedirect(t, coord.post(caseURL+"/identiteit", url.Values{"methode": {"Rijbewijs getoond aan de balie"}, "gecontroleerdOp": {string(today)}}), caseURL)

	want(t, coord.get(caseURL+"/overzicht"), http.StatusOK, kept.Content, withheld.Content)
	wantRedirect(t, coord.post(caseURL+"/weigeringen", url.Values{"gegevenId": {withheld.ID}, "grond": {"b"},
		"weigeringMotivering": {"Het onderzoek van de politie loopt nog."}}), caseURL+"/overzicht")
	ov := coord.get(caseURL + "/overzicht")
	want(t, ov, http.StatusOK, kept.Content, "Het onderzoek van de politie loopt nog.")
	if strings.Contains(ov.Body, withheld.Content) || strings.Contains(ov.Body, "gestolen fiets") || strings.Contains(ov.Body, "Piet Pietersen") {
		t.Errorf("the overview shows a withheld item or another person")
	}
	letter := coord.get(caseURL + "/brief.pdf")
	if letter.StatusCode != http.StatusOK || letter.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(letter.Body, "%PDF-") {
		t.Errorf("letter: %d %s", letter.StatusCode, letter.Header.Get("Content-Type"))
	}
	export := coord.get(caseURL + "/overzicht.json")
	var o ga.AccessOverview
	if err := json.Unmarshal([]byte(export.Body), &o); err != nil {
		t.Fatalf("export: %v", err)
	}
	if len(o.Items) != 1 || o.Items[0].Content != kept.Content || len(o.Withheld) != 1 || strings.Contains(export.Body, withheld.Content) {
		t.Errorf("export: items %+v, withheld %+v", o.Items, o.Withheld)
	}

	// Four days later the request is overdue: flagged on the dashboard and
	// the start page.
	w.clock.Advance(4 * 24 * time.Hour)
	coord = w.loggedIn(w.coordinator) // the session expired meanwhile
	want(t, coord.get("/verzoeken"), http.StatusOK, "Termijn verstreken")
	want(t, coord.get("/"), http.StatusOK, "Termijn verstreken")

	wantRedirect(t, coord.post(caseURL+"/besluit", url.Values{"uitkomst": {"toegewezen"}, "motivering": {"Overzicht verstuurd; één gegeven geweigerd."}}), caseURL)
	home := coord.get("/")
	if strings.Contains(home.Body, "Termijnen die verlopen") {
		t.Errorf("a decided case still shows on the start page")
	}
}

// TestRightsDomainMessagesAreTranslated checks that the rules of requests
// and complaints, which the case pages show, have an English text.
func TestRightsDomainMessagesAreTranslated(t *testing.T) {
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	open := ga.RightsCase{Kind: ga.CaseAccess, ReceivedOn: "2026-11-01", DeadlineDays: 28, Status: ga.CaseReceived}
	decided := open
	decided.Status = ga.CaseDecided
	complaint := open
	complaint.Kind = ga.CaseComplaint
	suspended := open
	suspended.Suspensions = []ga.Suspension{{From: "2026-11-02"}}
	extended := open
	extended.Extension = &ga.Extension{Months: 1}
	checked := open
	checked.Identity = &ga.IdentityCheck{Method: "x"}
	var msgs []string
	for _, err := range []error{
		ga.RightsCase{ReceivedOn: "2030-01-01", DeadlineDays: 40}.Validate(now),
		ga.RightsCase{}.Validate(now),
		open.CheckExtension(ga.Extension{}, now),
		open.CheckExtension(ga.Extension{NoticeSentOn: "2026-10-01"}, now),
		open.CheckExtension(ga.Extension{NoticeSentOn: "2026-11-30"}, time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)),
		decided.CheckExtension(ga.Extension{}, now),
		complaint.CheckExtension(ga.Extension{}, now),
		extended.CheckExtension(ga.Extension{}, now),
		open.CheckSuspend("x", "", now),
		open.CheckSuspend(ga.SuspendIdentity, "", now),
		checked.CheckSuspend(ga.SuspendIdentity, "r", now),
		suspended.CheckSuspend(ga.SuspendIdentity, "r", now),
		open.CheckSuspend(ga.SuspendIdentity, "r", time.Date(2026, 12, 31, 9, 0, 0, 0, time.UTC)),
		open.CheckIdentity(ga.IdentityCheck{}, now),
		open.CheckDecide("", ""),
		checked.CheckDecide("", ""),
		func() error { c := checked; c.Suspensions = suspended.Suspensions; return c.CheckDecide("a", "b") }(),
		ga.Withholding{}.Validate(),
	} {
		var e *ga.Error
		if !errors.As(err, &e) {
			continue
		}
		msgs = append(msgs, e.Message)
		for _, d := range e.Details {
			msgs = append(msgs, d.Message)
		}
	}
	if len(msgs) < 25 {
		t.Fatalf("only %d messages collected", len(msgs))
	}
	for _, m := range msgs {
		if _, ok := english[m]; !ok {
			t.Errorf("no English for %q", m)
		}
	}
}

// TestCorrectionAndComplaintPages decides a deletion on the case page and
// records its confirmation, decides an objection, routes complaints to one
// partner and to a joint committee, and fetches the decision letter.
func TestCorrectionAndComplaintPages(t *testing.T) {
	w := newCaseworld(t)
	g := w.group("Bankjes Kanaleneiland", ga.StepExecution)
	p := w.person(g, "Jan Jansen", 17, ga.RoleCore, "2026-03-01")
	it := w.policeItem(g, p, "Aangehouden bij een vechtpartij op het plein.")
	coordCtx := w.as(w.coordinator)
	today := ga.DateOf(w.clock.Now())
	register := func(kind ga.CaseKind) string {
		c := ga.RightsCase{Kind: kind, ReceivedOn: today, Channel: ga.ChannelLetter, PersonID: p.ID, Summary: "verzoek"}
		if err := w.db.RegisterCase(coordCtx, &c); err != nil {
			t.Fatal(err)
		}
		if kind != ga.CaseComplaint {
			if err := w.db.RecordIdentityCheck(coordCtx, c.ID, ga.IdentityCheck{Method: "Paspoort", CheckedOn: today}); err != nil {
				t.Fatal(err)
			}
		}
		return "/verzoeken/" + c.ID
	}
	coord := w.loggedIn(w.coordinator)

	corr := register(ga.CaseCorrection)
	want(t, coord.get(corr), http.StatusOK, "Besluiten over een gegeven", "Aangehouden bij een vechtpartij")
	want(t, coord.post(corr+"/correcties", url.Values{"gegevenId": {it.ID}, "handeling": {"verwijderen"}, "toegewezen": {"nee"}}),
		http.StatusUnprocessableEntity, "Motiveer het besluit")
	wantRedirect(t, coord.post(corr+"/correcties", url.Values{"gegevenId": {it.ID}, "handeling": {"verwijderen"}, "toegewezen": {"ja"},
		"correctieMotivering": {"Niet ter zake dienend."}}), corr)
	page := coord.get(corr)
	want(t, page, http.StatusOK, "Verwijderen: Toegewezen", "Niet ter zake dienend.", w.politie.Name, "nog niet bevestigd")
	if strings.Contains(page.Body, it.Content) {
		t.Error("the deleted item's content is still on the case page")
	}
	cs, err := w.db.Corrections(coordCtx, strings.TrimPrefix(corr, "/verzoeken/"))
	if err != nil || len(cs) != 1 {
		t.Fatalf("corrections: %v", err)
	}
	wantRedirect(t, coord.post(corr+"/correcties/"+cs[0].ID+"/bevestigen", url.Values{"partnerId": {w.politie.ID}}), corr)
	want(t, coord.get(corr), http.StatusOK, "bevestigd op "+today.Dutch())
	letter := coord.get(corr + "/besluitbrief.pdf")
	if letter.StatusCode != http.StatusOK || !strings.HasPrefix(letter.Body, "%PDF-") {
		t.Errorf("decision letter: %d", letter.StatusCode)
	}

	obj := register(ga.CaseObjection)
	want(t, coord.post(obj+"/bezwaar", url.Values{"gerechtvaardigd": {"nee"}, "maatregel": {"afschermen"}, "bezwaarMotivering": {"m"}}),
		http.StatusUnprocessableEntity, "Maatregelen volgen alleen op een gerechtvaardigd bezwaar.")
	wantRedirect(t, coord.post(obj+"/bezwaar", url.Values{"gerechtvaardigd": {"ja"}, "maatregel": {"geen"}, "lidmaatschappen": {"ja"},
		"bezwaarMotivering": {"Jan hoort niet meer bij de groep."}}), obj)
	want(t, coord.get(obj), http.StatusOK, "gerechtvaardigd", "Jan hoort niet meer bij de groep.")

	k := register(ga.CaseComplaint)
	want(t, coord.post(k+"/klachtroute", url.Values{"klachtPartnerIds": {w.school.ID}}), http.StatusUnprocessableEntity, "Vul een geldige datum in")
	want(t, coord.post(k+"/klachtroute", url.Values{"klachtPartnerIds": {w.school.ID, w.politie.ID}, "voorzitter": {"C. Coördinator"}}),
		http.StatusUnprocessableEntity, "Elke partner waarop de klacht zich richt, heeft een vertegenwoordiger in de commissie")
	wantRedirect(t, coord.post(k+"/klachtroute", url.Values{"klachtPartnerIds": {w.school.ID, w.politie.ID}, "voorzitter": {"C. Coördinator"},
		"lid-" + w.school.ID: {"S. School"}, "lid-" + w.politie.ID: {"P. Politie"}}), k)
	want(t, coord.get(k), http.StatusOK, "Brief over het besluit downloaden")
	teacher := w.loggedIn(w.teacher)
	want(t, teacher.post(k+"/klachtroute", url.Values{"klachtPartnerIds": {w.school.ID}, "doorgezondenOp": {string(today)}}), http.StatusForbidden)
}

// TestNotificationPage lists the members to notify after the decision,
// flags the late ones, records a sending and a deferral, and serves a
// letter; the page is the handlers' only.
func TestNotificationPage(t *testing.T) {
	w := newCaseworld(t)
	g := w.group("Bankjes Kanaleneiland", ga.StepExecution)
	w.person(g, "Jan Jansen", 17, ga.RoleCore, "2026-03-01")
	young := w.person(g, "Kees Klein", 14, ga.RoleFollower, "2026-03-01")
	path := "/groepen/" + g.ID + "/notificaties"
	want(t, w.loggedIn(w.teacher).get(path), http.StatusForbidden)
	coord := w.loggedIn(w.coordinator)
	want(t, coord.get("/verzoeken"), http.StatusOK, "Notificaties per groep", g.Name)
	want(t, coord.get(path), http.StatusOK, "Jan Jansen", "Kees Klein", "Ouder van Kees Klein", "Te versturen")
	today := ga.DateOf(w.clock.Now())
	wantRedirect(t, coord.post(path+"/verstuurd", url.Values{"persoonId": {young.ID}, "verstuurdOp": {string(today)}, "wijze": {"post"}}), path)
	want(t, coord.post(path+"/uitstel", url.Values{"persoonId": {young.ID}, "grond": {"b"}, "motivering": {"x"}, "herbeoordelingOp": {string(today.AddDays(10))}}),
		http.StatusConflict, "Deze notificatie is al verstuurd.")
	ns, err := w.db.Notifications(w.as(w.coordinator), g.ID)
	if err != nil {
		t.Fatal(err)
	}
	var rep string
	for _, n := range ns {
		if n.RepresentativeID != "" {
			rep = n.RepresentativeID
		}
	}
	wantRedirect(t, coord.post(path+"/uitstel", url.Values{"persoonId": {young.ID}, "vertegenwoordigerId": {rep}, "grond": {"e"},
		"motivering": {"Bescherming van het kind."}, "herbeoordelingOp": {string(today.AddDays(30))}}), path)
	want(t, coord.get(path), http.StatusOK, "Verstuurd", "Uitgesteld", "Bescherming van het kind.")
	l := coord.get(path + "/brief.pdf?persoon=" + young.ID + "&vertegenwoordiger=" + rep)
	if l.StatusCode != http.StatusOK || !strings.HasPrefix(l.Body, "%PDF-") {
		t.Errorf("letter: %d", l.StatusCode)
	}
	w.clock.Advance(40 * 24 * time.Hour)
	want(t, w.loggedIn(w.coordinator).get(path), http.StatusOK, "Niet op tijd genotificeerd")
}

// TestCaseLettersWaitForIdentityAndDecision refuses with 409 and the reason
// in Dutch the access overview, its letter and its JSON export of a request
// whose requester's identity is not recorded yet, and the decision letter
// of a request not decided yet; the case page offers no link to them in
// that state but says why. Once the identity check (and the decision) is
// recorded, each answers 200 and the page links the overview.
func TestCaseLettersWaitForIdentityAndDecision(t *testing.T) {
	w := newCaseworld(t)
	g := w.group("Bankjes Kanaleneiland", ga.StepExecution)
	p := w.person(g, "Jan Jansen", 17, ga.RoleCore, "2026-03-01")
	it := w.policeItem(g, p, "Aangehouden bij een vechtpartij op het plein.")
	coordCtx := w.as(w.coordinator)
	today := ga.DateOf(w.clock.Now())
	coord := w.loggedIn(w.coordinator)
	register := func(kind ga.CaseKind) string {
		c := ga.RightsCase{Kind: kind, ReceivedOn: today, Channel: ga.ChannelLetter, PersonID: p.ID, Summary: "verzoek"}
		if err := w.db.RegisterCase(coordCtx, &c); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	identify := func(id string) {
		if err := w.db.RecordIdentityCheck(coordCtx, id, ga.IdentityCheck{Method: "Paspoort", CheckedOn: today}); err != nil {
			t.Fatal(err)
		}
	}
	decide := func(id string) {
		if err := w.db.DecideCase(coordCtx, id, "toegewezen", "Verstrekt."); err != nil {
			t.Fatal(err)
		}
	}
	const noIdentity, noDecision = "De identiteit van de verzoeker is nog niet vastgesteld", "Er is nog geen besluit op dit verzoek vastgelegd"

	access := register(ga.CaseAccess)
	page := coord.get("/verzoeken/" + access)
	want(t, page, http.StatusOK, "komen beschikbaar zodra de identiteitscontrole")
	wantNot(t, page, `href="/verzoeken/`+access+`/overzicht"`)

	for _, tc := range []struct {
		name, path, refused string
		ready               func(id string)
	}{
		{"overview page before identity", "/overzicht", noIdentity, identify},
		{"access letter before identity", "/brief.pdf", noIdentity, identify},
		{"JSON export before identity", "/overzicht.json", noIdentity, identify},
		{"decision letter of an access request before its decision", "/besluitbrief.pdf", noDecision, func(id string) { identify(id); decide(id) }},
	} {
		id := register(ga.CaseAccess)
		r := coord.get("/verzoeken/" + id + tc.path)
		want(t, r, http.StatusConflict, tc.refused)
		if strings.Contains(r.Body, it.Content) || strings.HasPrefix(r.Body, "%PDF-") || r.Header.Get("Content-Disposition") != "" {
			t.Errorf("%s: the refusal gives data out: %.300q", tc.name, r.Body)
		}
		tc.ready(id)
		if r := coord.get("/verzoeken/" + id + tc.path); r.StatusCode != http.StatusOK {
			t.Errorf("%s: once ready: %d\n%s", tc.name, r.StatusCode, excerpt(r.Body))
		}
	}

	identify(access)
	want(t, coord.get("/verzoeken/"+access), http.StatusOK, `href="/verzoeken/`+access+`/overzicht"`)

	// A correction or an objection with its identity checked but nothing
	// decided has no decision letter yet, and its page offers none.
	for _, kind := range []ga.CaseKind{ga.CaseCorrection, ga.CaseObjection} {
		id := register(kind)
		identify(id)
		wantNot(t, coord.get("/verzoeken/"+id), "/besluitbrief.pdf")
		want(t, coord.get("/verzoeken/"+id+"/besluitbrief.pdf"), http.StatusConflict, noDecision)
		decide(id)
		want(t, coord.get("/verzoeken/"+id), http.StatusOK, `href="/verzoeken/`+id+`/besluitbrief.pdf"`)
		if r := coord.get("/verzoeken/" + id + "/besluitbrief.pdf"); r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Body, "%PDF-") {
			t.Errorf("%s: decision letter once decided: %d", kind, r.StatusCode)
		}
	}
}
