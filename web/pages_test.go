package web

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

func TestHomePage(t *testing.T) {
	f := newFixture(t)

	t.Run("gate closed lists what is missing", func(t *testing.T) {
		c := f.loggedIn(f.coordinator)
		r := c.get("/")
		want(t, r, http.StatusOK, "Welkom, Cor Coördinator", "Gemeente Utrecht", "Uitvoeringscoördinator",
			"Verwerking van persoonsgegevens is nog niet toegestaan.", "Het convenant is nog niet vastgelegd.",
			"Nog niet ondertekend door Politie Midden-Nederland.", "De verwerking is nog niet opgenomen in het register",
			`href="/convenant/voorwaarden"`, "<title>Startpagina · Groepsaanpak</title>")
		if strings.Contains(r.Body, `href="/gebruikers"`) {
			t.Error("a coordinator is offered user management")
		}
	})
	t.Run("gate open", func(t *testing.T) {
		f.openGate()
		c := f.loggedIn(f.admin)
		r := c.get("/")
		want(t, r, http.StatusOK, "Het convenant is van kracht.", "Versie 1", "Beheerder", `href="/gebruikers"`, `href="/partners"`)
		if strings.Contains(r.Body, "Geheimhoudingsverklaring nog niet geaccepteerd") {
			t.Error("an admin, who never sees personal data, is asked for the confidentiality declaration")
		}
	})
	t.Run("in English", func(t *testing.T) {
		c := f.loggedIn(f.police)
		c.post("/taal", url.Values{"taal": {"en"}, "terug": {"/"}})
		want(t, c.get("/"), http.StatusOK, `<html lang="en"`, "Welcome, Piet Politie", "The covenant is in force.", "Triangle member")
	})
}

func TestConfidentialityDeclaration(t *testing.T) {
	f := newFixture(t)
	f.openGate()
	c := f.loggedIn(f.coordinator)

	// The banner is on every page until the declaration is accepted.
	for _, p := range []string{"/", "/convenant", "/partners", "/tokens"} {
		want(t, c.get(p), http.StatusOK, "Geheimhoudingsverklaring nog niet geaccepteerd.", `href="/geheimhouding"`)
	}
	want(t, c.get("/geheimhouding"), http.StatusOK, "is verplicht tot geheimhouding", "Ik accepteer de geheimhoudingsplicht", "voor versie 1 van het convenant")

	wantRedirect(t, c.post("/geheimhouding", nil), "/")
	r := c.get("/")
	want(t, r, http.StatusOK, "U heeft de geheimhoudingsverklaring geaccepteerd.", "Geaccepteerd voor de huidige versie")
	if strings.Contains(r.Body, "Geheimhoudingsverklaring nog niet geaccepteerd.") {
		t.Error("the banner is still shown after acceptance")
	}
	want(t, c.get("/geheimhouding"), http.StatusOK, "U heeft de geheimhoudingsverklaring geaccepteerd voor versie 1")

	t.Run("roles without personal data need none", func(t *testing.T) {
		want(t, f.loggedIn(f.admin).get("/geheimhouding"), http.StatusOK, "Uw rollen geven geen toegang tot persoonsgegevens.")
	})
}

func TestCovenantPage(t *testing.T) {
	f := newFixture(t)

	t.Run("no covenant yet", func(t *testing.T) {
		want(t, f.loggedIn(f.coordinator).get("/convenant"), http.StatusOK, "Er is nog geen convenant vastgelegd.", `href="/convenant/voorwaarden"`)
		want(t, f.loggedIn(f.prof).get("/convenant"), http.StatusOK, "Er is nog geen convenant vastgelegd.")
	})

	f.recordCovenant()
	f.sign(f.gemeente)
	coord := f.loggedIn(f.coordinator)
	r := coord.get("/convenant")
	want(t, r, http.StatusOK, "<title>Convenant · Groepsaanpak</title>", "Convenant Aanpak Jeugdgroepen Utrecht",
		"Gezamenlijke verwerkingsverantwoordelijken met een coördinator", "24 maanden", "12 maanden", "28 dagen",
		"Politie, Openbaar Ministerie", "Versie 1", "Convenant zoals ondertekend",
		"Burgemeester Gemeente Utrecht", "Nog niet ondertekend", "Ondertekening vastleggen", `id="ondertekenaar"`)

	t.Run("record a signature", func(t *testing.T) {
		form := url.Values{"partnerId": {f.politie.ID}, "ondertekenaar": {"K. Korpschef"}, "functie": {"Korpschef"}, "ondertekendOp": {"2026-11-29"}}
		wantRedirect(t, coord.post("/convenant/ondertekeningen", form), "/convenant#ondertekeningen")
		want(t, coord.get("/convenant"), http.StatusOK, "De ondertekening is vastgelegd.", "K. Korpschef, Korpschef", "29-11-2026")
	})
	t.Run("invalid signature shows the fields", func(t *testing.T) {
		r := coord.post("/convenant/ondertekeningen", url.Values{"partnerId": {f.om.ID}, "ondertekendOp": {"gisteren"}})
		want(t, r, http.StatusUnprocessableEntity, `href="#ondertekenaar"`, "Vul de naam van de ondertekenaar in.",
			`href="#ondertekendOp"`, "Vul een geldige datum in.", `id="ondertekenaar-fout"`)
	})
	t.Run("second signature of a partner is a conflict", func(t *testing.T) {
		form := url.Values{"partnerId": {f.gemeente.ID}, "ondertekenaar": {"X"}, "functie": {"Y"}, "ondertekendOp": {"2026-11-29"}}
		want(t, coord.post("/convenant/ondertekeningen", form), http.StatusConflict, "Deze partner heeft het convenant al ondertekend.")
	})
	t.Run("a professional may not sign for a partner", func(t *testing.T) {
		prof := f.loggedIn(f.prof)
		if strings.Contains(prof.get("/convenant").Body, "Ondertekening vastleggen") {
			t.Error("a professional is offered the signature form")
		}
		form := url.Values{"partnerId": {f.om.ID}, "ondertekenaar": {"X"}, "functie": {"Y"}, "ondertekendOp": {"2026-11-29"}}
		want(t, prof.post("/convenant/ondertekeningen", form), http.StatusForbidden, "Geen toestemming")
	})
	t.Run("unknown partner is not found", func(t *testing.T) {
		form := url.Values{"partnerId": {"onbekend"}, "ondertekenaar": {"X"}, "functie": {"Y"}, "ondertekendOp": {"2026-11-29"}}
		want(t, coord.post("/convenant/ondertekeningen", form), http.StatusNotFound, "Niet gevonden, of u heeft geen toegang.")
	})
}

func TestWpg20Decision(t *testing.T) {
	f := newFixture(t)
	f.openGate()
	police := f.loggedIn(f.police)
	want(t, police.get("/convenant"), http.StatusOK, "Besluit Wet politiegegevens artikel 20", "Er is nog geen besluit vastgelegd.", `id="kenmerk"`)

	form := url.Values{"kenmerk": {"WPG20-2026-3"}, "besluitdatum": {"2026-11-01"}, "besluitDoor": {"De korpschef"}, "samenvatting": {"Politiegegevens over groepsleden aan de partners."}}
	wantRedirect(t, police.post("/convenant/wpg20", form), "/convenant#wpg20")
	want(t, police.get("/convenant"), http.StatusOK, "WPG20-2026-3", "01-11-2026", "Onbepaald", "Van kracht")

	r := police.post("/convenant/wpg20", url.Values{"kenmerk": {"X"}, "besluitdatum": {"2026-11-01"}, "geldigTot": {"2026-10-01"}})
	want(t, r, http.StatusUnprocessableEntity, `href="#besluitDoor"`, `href="#samenvatting"`, "De einddatum moet een geldige datum na de besluitdatum zijn.")

	coord := f.loggedIn(f.coordinator)
	if strings.Contains(coord.get("/convenant").Body, `id="kenmerk"`) {
		t.Error("a municipal coordinator is offered the police's form")
	}
	want(t, coord.post("/convenant/wpg20", form), http.StatusForbidden, "Geen toestemming")
}

func TestCovenantTermsBeforeSignature(t *testing.T) {
	f := newFixture(t)
	coord := f.loggedIn(f.coordinator)
	r := coord.get("/convenant/voorwaarden")
	want(t, r, http.StatusOK, "Voorwaarden van het convenant vastleggen", `value="gezamenlijk"`, `name="bijzondereGegevensSoorten"`, "Convenant Werkproces Integrale Aanpak")

	form := url.Values{
		"titel": {"Convenant Utrecht"}, "verantwoordelijkheidsmodel": {"gezamenlijk"}, "coordinatorPartnerId": {f.gemeente.ID},
		"ingangsdatum": {"2026-12-01"}, "bewaartermijnNaAfsluitingMaanden": {"abc"}, "bewaartermijnNaLidmaatschapMaanden": {"12"},
		"termijnVerzoekenDagen": {"35"}, "strafrechtelijkeGegevensSoorten": {"politie", "om"},
	}
	r = coord.post("/convenant/voorwaarden", form)
	want(t, r, http.StatusUnprocessableEntity, "Vul een geheel getal in.", "ten hoogste vier weken", `href="#termijnVerzoekenDagen"`, `value="Convenant Utrecht"`)

	form.Set("bewaartermijnNaAfsluitingMaanden", "24")
	form.Set("termijnVerzoekenDagen", "28")
	wantRedirect(t, coord.post("/convenant/voorwaarden", form), "/convenant")
	want(t, coord.get("/convenant"), http.StatusOK, "Convenant Utrecht", "01-12-2026", "Politie, Openbaar Ministerie", "Voorwaarden aanpassen")

	want(t, f.loggedIn(f.prof).get("/convenant/voorwaarden"), http.StatusForbidden, "Geen toestemming")
	want(t, f.loggedIn(f.prof).post("/convenant/voorwaarden", form), http.StatusForbidden)

	t.Run("after the first signature only an amendment changes the terms", func(t *testing.T) {
		f.sign(f.politie)
		want(t, coord.get("/convenant/voorwaarden"), http.StatusConflict, "alleen met een wijziging")
		want(t, coord.post("/convenant/voorwaarden", form), http.StatusConflict)
	})
}

func TestAmendments(t *testing.T) {
	f := newFixture(t)
	f.openGate()
	coord := f.loggedIn(f.coordinator)
	want(t, coord.get("/convenant/wijzigingen"), http.StatusOK, "Er zijn nog geen wijzigingen voorgesteld.", `href="/convenant/wijzigingen/nieuw"`)

	r := coord.get("/convenant/wijzigingen/nieuw")
	want(t, r, http.StatusOK, `value="Convenant Aanpak Jeugdgroepen Utrecht"`, `name="toelichting"`, `value="24"`)

	form := url.Values{
		"titel": {"Convenant Aanpak Jeugdgroepen Utrecht"}, "verantwoordelijkheidsmodel": {"gezamenlijk"}, "coordinatorPartnerId": {f.gemeente.ID},
		"ingangsdatum": {string(f.terms().EffectiveDate)}, "bewaartermijnNaAfsluitingMaanden": {"18"}, "bewaartermijnNaLidmaatschapMaanden": {"12"},
		"termijnVerzoekenDagen": {"28"}, "strafrechtelijkeGegevensSoorten": {"politie", "om"}, "bijzondereGegevensSoorten": {"gemeente"},
	}
	want(t, coord.post("/convenant/wijzigingen", form), http.StatusUnprocessableEntity, `href="#toelichting"`, "Licht de wijziging toe.")

	form.Set("toelichting", "Kortere bewaartermijn na afsluiting.")
	r = coord.post("/convenant/wijzigingen", form)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/convenant/wijzigingen/") {
		t.Fatalf("propose = %d to %q\n%s", r.StatusCode, r.location(), excerpt(r.Body))
	}
	detail := r.location()
	r = coord.get(detail)
	want(t, r, http.StatusOK, "Wijziging 1", "Voorgesteld", "Kortere bewaartermijn na afsluiting.", "Nog niet ingestemd",
		"Bewaartermijn na afsluiting van de groepsaanpak", "18 maanden", "Instemmen namens mijn organisatie", "Voorstel intrekken")
	want(t, coord.get("/convenant/wijzigingen"), http.StatusOK, "Wijziging 1", "0 van 3 partners")

	// Each partner approves for itself; the last approval brings the
	// amendment into force (Art 12.1).
	wantRedirect(t, coord.post(detail+"/instemmen", nil), detail)
	want(t, coord.get(detail), http.StatusOK, "Uw instemming is vastgelegd.")
	if strings.Contains(coord.get(detail).Body, "Instemmen namens mijn organisatie") {
		t.Error("the approve button is still offered after approval")
	}
	want(t, coord.post(detail+"/instemmen", nil), http.StatusConflict, "Uw organisatie heeft al met deze wijziging ingestemd.")
	want(t, f.loggedIn(f.prof).post(detail+"/instemmen", nil), http.StatusForbidden)

	police := f.loggedIn(f.police)
	wantRedirect(t, police.post(detail+"/instemmen", nil), detail)
	prosecutor := f.loggedIn(f.prosecutor)
	wantRedirect(t, prosecutor.post(detail+"/instemmen", nil), detail)
	want(t, prosecutor.get(detail), http.StatusOK, "Alle partners hebben ingestemd: de wijziging is van kracht.", "(versie 2)")

	r = coord.get("/convenant")
	want(t, r, http.StatusOK, "Versie 2", "18 maanden", "Wijziging")
	// A new version asks for the declaration again.
	want(t, coord.get("/"), http.StatusOK, "Geheimhoudingsverklaring nog niet geaccepteerd.")

	t.Run("withdraw", func(t *testing.T) {
		form.Set("toelichting", "Tweede voorstel.")
		r := coord.post("/convenant/wijzigingen", form)
		second := r.location()
		want(t, f.loggedIn(f.prof).post(second+"/intrekken", nil), http.StatusForbidden)
		wantRedirect(t, coord.post(second+"/intrekken", nil), second)
		want(t, coord.get(second), http.StatusOK, "Ingetrokken")
		want(t, coord.post(second+"/intrekken", nil), http.StatusConflict)
		want(t, police.post(second+"/instemmen", nil), http.StatusConflict)
	})
	t.Run("unknown amendment is not found", func(t *testing.T) {
		for _, p := range []string{"/convenant/wijzigingen/onbekend", "/convenant/wijzigingen/019ac000-0000-7000-8000-000000000000"} {
			want(t, coord.get(p), http.StatusNotFound, "Niet gevonden, of u heeft geen toegang.")
			want(t, coord.post(p+"/instemmen", nil), http.StatusNotFound)
			want(t, coord.post(p+"/intrekken", nil), http.StatusNotFound)
		}
	})
	t.Run("a professional may not propose", func(t *testing.T) {
		prof := f.loggedIn(f.prof)
		if strings.Contains(prof.get("/convenant/wijzigingen").Body, `href="/convenant/wijzigingen/nieuw"`) {
			t.Error("a professional is offered the proposal form")
		}
		want(t, prof.get("/convenant/wijzigingen/nieuw"), http.StatusForbidden)
		want(t, prof.post("/convenant/wijzigingen", form), http.StatusForbidden)
	})
}

func TestAmendmentBeforeSignatureIsRefused(t *testing.T) {
	f := newFixture(t)
	coord := f.loggedIn(f.coordinator)
	want(t, coord.get("/convenant/wijzigingen/nieuw"), http.StatusConflict, "Er is nog geen convenant om te wijzigen.")
	f.recordCovenant()
	want(t, coord.get("/convenant/wijzigingen/nieuw"), http.StatusConflict, "wijzig de voorwaarden rechtstreeks")
}

func TestRegisterOfProcessingActivities(t *testing.T) {
	f := newFixture(t)
	coord := f.loggedIn(f.coordinator)
	want(t, coord.get("/verwerkingsregister"), http.StatusOK, "De verwerking is nog niet geregistreerd.")

	r := coord.get("/verwerkingsregister/nieuw")
	want(t, r, http.StatusOK, `value="groepsaanpak"`, `id="dpiaKenmerk"`)

	r = coord.post("/verwerkingsregister", url.Values{"activiteit": {"groepsaanpak"}, "naam": {"Groepsaanpak"}})
	want(t, r, http.StatusUnprocessableEntity, `href="#doel"`, "Vul het doel van de verwerking in.", `href="#beveiligingsmaatregelen"`, `id="doel-fout"`)

	e := registerEntry()
	form := url.Values{
		"activiteit": {e.ActivityKey}, "naam": {e.Name}, "verwerkingsverantwoordelijke": {e.Controller}, "doel": {e.Purpose},
		"rechtsgrond": {e.LegalBasis}, "betrokkenen": {e.DataSubjects}, "categorieenPersoonsgegevens": {e.DataCategories},
		"ontvangers": {e.Recipients}, "bewaartermijnen": {e.Retention}, "beveiligingsmaatregelen": {e.SecurityMeasures},
	}
	r = coord.post("/verwerkingsregister", form)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/verwerkingsregister#") {
		t.Fatalf("record = %d to %q\n%s", r.StatusCode, r.location(), excerpt(r.Body))
	}
	want(t, coord.get("/verwerkingsregister"), http.StatusOK, "groepsaanpak, versie 1", "Geen DPIA-kenmerk")

	// The second version adds the DPIA; the form starts from version 1.
	want(t, coord.get("/verwerkingsregister/nieuw"), http.StatusOK, "Terugdringen van problematisch groepsgedrag.")
	form.Set("dpiaKenmerk", "DPIA-2026-017")
	form.Set("dpiaDatum", "2026-10-01")
	if r := coord.post("/verwerkingsregister", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("second version = %d\n%s", r.StatusCode, excerpt(r.Body))
	}
	r = coord.get("/verwerkingsregister")
	want(t, r, http.StatusOK, "groepsaanpak, versie 1", "groepsaanpak, versie 2", "DPIA-2026-017 (01-10-2026)",
		"Gezamenlijke verwerkingsverantwoordelijken; contactpunt: de gemeente.", "AVG artikel 6 lid 1 onder e.",
		"Leden van problematische jeugdgroepen", "Identificerende gegevens", "De convenantpartners.", "24 maanden na afsluiting.", "Tweede factor, versleuteling")

	prof := f.loggedIn(f.prof)
	want(t, prof.get("/verwerkingsregister"), http.StatusOK, "groepsaanpak, versie 2")
	want(t, prof.get("/verwerkingsregister/nieuw"), http.StatusForbidden)
	want(t, prof.post("/verwerkingsregister", form), http.StatusForbidden)
}

func TestDisputes(t *testing.T) {
	f := newFixture(t)
	f.openGate()
	coord := f.loggedIn(f.coordinator)
	want(t, coord.get("/geschillen"), http.StatusOK, "Er zijn geen geschillen vastgelegd.", `href="/geschillen/nieuw"`)
	want(t, coord.get("/geschillen/nieuw"), http.StatusOK, `name="betrokkenPartnerIds"`, "Politie Midden-Nederland")

	want(t, coord.post("/geschillen", url.Values{}), http.StatusUnprocessableEntity,
		`href="#onderwerp"`, `href="#omschrijving"`, `href="#betrokkenPartnerIds"`, "Kies de partners die bij het geschil betrokken zijn.")

	r := coord.post("/geschillen", url.Values{"onderwerp": {"Uitleg van artikel 5.3"}, "omschrijving": {"Wie nodigt wie uit."}, "betrokkenPartnerIds": {f.gemeente.ID, f.politie.ID}})
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/geschillen/") {
		t.Fatalf("raise = %d to %q\n%s", r.StatusCode, r.location(), excerpt(r.Body))
	}
	detail := r.location()
	want(t, coord.get(detail), http.StatusOK, "Uitleg van artikel 5.3", "Wie nodigt wie uit.", "Open", "Gemeente Utrecht", "Politie Midden-Nederland", "Oplossing vastleggen")
	want(t, coord.get("/geschillen"), http.StatusOK, "Uitleg van artikel 5.3")

	want(t, coord.post(detail+"/oplossen", url.Values{}), http.StatusUnprocessableEntity, `href="#oplossing"`, "Beschrijf de oplossing.")
	police := f.loggedIn(f.police)
	want(t, police.post(detail+"/oplossen", url.Values{"oplossing": {"Afgesproken."}}), http.StatusForbidden)
	wantRedirect(t, coord.post(detail+"/oplossen", url.Values{"oplossing": {"In het driehoeksoverleg afgesproken."}}), detail)
	r = coord.get(detail)
	want(t, r, http.StatusOK, "Opgelost", "In het driehoeksoverleg afgesproken.")
	if strings.Contains(r.Body, "Oplossing vastleggen") {
		t.Error("a resolved dispute still offers the resolution form")
	}
	want(t, coord.post(detail+"/oplossen", url.Values{"oplossing": {"Nogmaals."}}), http.StatusConflict, "Dit geschil is al opgelost.")

	prof := f.loggedIn(f.prof)
	want(t, prof.get("/geschillen"), http.StatusOK, "Uitleg van artikel 5.3")
	want(t, prof.get("/geschillen/nieuw"), http.StatusForbidden)
	want(t, prof.post("/geschillen", url.Values{"onderwerp": {"X"}}), http.StatusForbidden)
	want(t, coord.get("/geschillen/onbekend"), http.StatusNotFound, "Niet gevonden, of u heeft geen toegang.")
	want(t, coord.post("/geschillen/onbekend/oplossen", url.Values{"oplossing": {"X"}}), http.StatusNotFound)
}

func TestPartners(t *testing.T) {
	f := newFixture(t)
	admin := f.loggedIn(f.admin)
	prof := f.loggedIn(f.prof)

	r := prof.get("/partners")
	want(t, r, http.StatusOK, "Gemeente Utrecht", "Politie Midden-Nederland", "Klachtencommissie Gemeente Utrecht")
	if strings.Contains(r.Body, "/partners/nieuw") {
		t.Error("a professional is offered to add partners")
	}
	want(t, prof.get("/partners/"+f.politie.ID), http.StatusOK, "Wettelijke grondslagen", "Gemeentewet artikel 172", "FG Politie Midden-Nederland")
	want(t, prof.get("/partners/nieuw"), http.StatusForbidden, "Geen toestemming")
	want(t, prof.get("/partners/"+f.politie.ID+"/bewerken"), http.StatusForbidden)
	want(t, prof.post("/partners", url.Values{"naam": {"X"}}), http.StatusForbidden)
	want(t, prof.get("/partners/onbekend"), http.StatusNotFound)

	want(t, admin.get("/partners"), http.StatusOK, `href="/partners/nieuw"`)
	want(t, admin.get("/partners/nieuw"), http.StatusOK, `name="soort"`, `<option value="veilig_thuis">Veilig Thuis</option>`)
	r = admin.post("/partners", url.Values{"naam": {"Stichting Jeugdhulp"}})
	want(t, r, http.StatusUnprocessableEntity, `href="#soort"`, "Kies een geldige soort partner.", `id="publiekeTaken-fout"`, `value="Stichting Jeugdhulp"`)

	form := url.Values{"naam": {"Stichting Jeugdhulp"}, "soort": {"jeugdhulp"}, "publiekeTaken": {"Jeugdhulp."}, "wettelijkeGrondslagen": {"Jeugdwet."},
		"klachtencommissie": {"Klachtencommissie Jeugdhulp"}, "functionarisGegevensbescherming": {"FG Jeugdhulp"}}
	r = admin.post("/partners", form)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/partners/") {
		t.Fatalf("create partner = %d to %q\n%s", r.StatusCode, r.location(), excerpt(r.Body))
	}
	id := strings.TrimPrefix(r.location(), "/partners/")
	want(t, admin.get(r.location()), http.StatusOK, "De partner is opgeslagen.", "Stichting Jeugdhulp", "Jeugdhulp")

	want(t, admin.post("/partners", form), http.StatusUnprocessableEntity, "Er is al een partner met deze naam.")

	want(t, admin.get("/partners/"+id+"/bewerken"), http.StatusOK, `value="Stichting Jeugdhulp"`, `<option value="jeugdhulp" selected>`)
	form.Set("klachtencommissie", "Regionale klachtencommissie")
	wantRedirect(t, admin.post("/partners/"+id, form), "/partners/"+id)
	want(t, admin.get("/partners/"+id), http.StatusOK, "Regionale klachtencommissie")
	want(t, admin.post("/partners/onbekend", form), http.StatusNotFound)
	want(t, admin.get("/partners/onbekend/bewerken"), http.StatusNotFound)
}

func TestUsers(t *testing.T) {
	f := newFixture(t)
	admin := f.loggedIn(f.admin)

	for _, u := range []*testUser{f.coordinator, f.prof} {
		c := f.loggedIn(u)
		want(t, c.get("/gebruikers"), http.StatusForbidden, "Geen toestemming")
		want(t, c.get("/gebruikers/nieuw"), http.StatusForbidden)
		want(t, c.get("/gebruikers/"+f.admin.ID+"/bewerken"), http.StatusForbidden)
		want(t, c.post("/gebruikers", url.Values{}), http.StatusForbidden)
		want(t, c.post("/gebruikers/"+f.prof.ID+"/tweede-factor", nil), http.StatusForbidden)
	}

	want(t, admin.get("/gebruikers"), http.StatusOK, "Cor Coördinator", "coordinator@utrecht.example", "Nog niet ingesteld", "Uitvoeringscoördinator")

	r := admin.post("/gebruikers", url.Values{"email": {"nieuw"}, "naam": {"Nieuwe Collega"}, "partnerId": {f.politie.ID}, "rollen": {"admin", "coordinator"}, "wachtwoord": {"kort"}})
	want(t, r, http.StatusUnprocessableEntity, `href="#email"`, "Vul een geldig e-mailadres in", `href="#wachtwoord"`, "minimaal 12 tekens",
		`href="#rollen"`, "niet worden gecombineerd", `id="wachtwoord-fout"`, `value="Nieuwe Collega"`)
	if strings.Contains(r.Body, `value="kort"`) {
		t.Error("the password is sent back in the form")
	}

	form := url.Values{"email": {"Nieuwe.Collega@Politie.example"}, "naam": {"Nieuwe Collega"}, "partnerId": {f.politie.ID}, "rollen": {"professional"}, "wachtwoord": {"een lang genoeg wachtwoord"}}
	wantRedirect(t, admin.post("/gebruikers", form), "/gebruikers")
	want(t, admin.get("/gebruikers"), http.StatusOK, "De gebruiker is opgeslagen.", "nieuwe.collega@politie.example")
	want(t, admin.post("/gebruikers", form), http.StatusUnprocessableEntity, "Er is al een gebruiker met dit e-mailadres.")

	// The new user can log in with the initial password and must enrol.
	c := f.client()
	wantRedirect(t, c.post("/inloggen", url.Values{"email": {"nieuwe.collega@politie.example"}, "wachtwoord": {"een lang genoeg wachtwoord"}}), "/inloggen/instellen")

	edit := "/gebruikers/" + f.prof.ID
	profClient := f.loggedIn(f.prof)
	want(t, admin.get(edit+"/bewerken"), http.StatusOK, "professional@utrecht.example", `value="Paula Professional"`, `name="actief" value="ja" checked`, "Tweede factor herstellen")
	want(t, admin.post(edit, url.Values{"naam": {"Paula Professional"}, "partnerId": {f.gemeente.ID}}), http.StatusUnprocessableEntity, "Kies ten minste één rol.")
	wantRedirect(t, admin.post(edit, url.Values{"naam": {"Paula P."}, "partnerId": {f.gemeente.ID}, "rollen": {"professional", "driehoek"}}), "/gebruikers")
	r = admin.get("/gebruikers")
	want(t, r, http.StatusOK, "Paula P.", "Niet actief")

	// Deactivating ends the user's session at once.
	wantRedirect(t, profClient.get("/"), "/inloggen")

	wantRedirect(t, admin.post("/gebruikers/"+f.coordinator.ID+"/tweede-factor", nil), "/gebruikers/"+f.coordinator.ID+"/bewerken")
	want(t, admin.get("/gebruikers/"+f.coordinator.ID+"/bewerken"), http.StatusOK, "De tweede factor is verwijderd.", "stelt de tweede factor in bij de volgende keer")
	wantRedirect(t, f.client().post("/inloggen", url.Values{"email": {f.coordinator.Email}, "wachtwoord": {f.coordinator.Password}}), "/inloggen/instellen")

	want(t, admin.get("/gebruikers/onbekend/bewerken"), http.StatusNotFound, "Niet gevonden, of u heeft geen toegang.")
	want(t, admin.post("/gebruikers/onbekend", form), http.StatusNotFound)
	want(t, admin.post("/gebruikers/onbekend/tweede-factor", nil), http.StatusNotFound)
}

func TestTokens(t *testing.T) {
	f := newFixture(t)
	c := f.loggedIn(f.prof)
	want(t, c.get("/tokens"), http.StatusOK, "U heeft nog geen tokens.", `id="omschrijving"`)

	want(t, c.post("/tokens", url.Values{"verlooptOp": {"2020-01-01"}}), http.StatusUnprocessableEntity,
		`href="#omschrijving"`, "Vul een omschrijving in.", `href="#verlooptOp"`, "Kies een datum in de toekomst.")

	r := c.post("/tokens", url.Values{"omschrijving": {"Koppeling zorgsysteem"}, "verlooptOp": {"2027-06-30"}})
	want(t, r, http.StatusCreated, "Token aangemaakt", "Koppeling zorgsysteem", "01-07-2027 00:00")
	plain := regexp.MustCompile(`gat_[A-Za-z0-9_-]{43}`).FindString(r.Body)
	if plain == "" {
		t.Fatalf("the new token is not shown:\n%s", excerpt(r.Body))
	}
	list := c.get("/tokens")
	want(t, list, http.StatusOK, "Koppeling zorgsysteem", "Actief")
	if strings.Contains(list.Body, plain) {
		t.Error("the token is shown a second time")
	}

	// The token works for the API: the storage knows it.
	if _, err := f.db.AuthenticateToken(system(), plain, "test"); err != nil {
		t.Errorf("authenticate the new token: %v", err)
	}

	m := regexp.MustCompile(`action="/tokens/([^/"]+)/intrekken"`).FindStringSubmatch(list.Body)
	if m == nil {
		t.Fatalf("no revoke form:\n%s", excerpt(list.Body))
	}
	// Someone else's token is "not found", exactly like a missing one.
	other := f.loggedIn(f.coordinator)
	foreign := other.post("/tokens/"+m[1]+"/intrekken", nil)
	missing := other.post("/tokens/019ac000-0000-7000-8000-000000000000/intrekken", nil)
	want(t, foreign, http.StatusNotFound, "Niet gevonden, of u heeft geen toegang.")
	if mainRE.FindString(foreign.Body) != mainRE.FindString(missing.Body) {
		t.Error("the page for another user's token differs from the page for a missing token")
	}

	wantRedirect(t, c.post("/tokens/"+m[1]+"/intrekken", nil), "/tokens")
	want(t, c.get("/tokens"), http.StatusOK, "Het token is ingetrokken.", "Ingetrokken")
	if _, err := f.db.AuthenticateToken(system(), plain, "test"); !ga.IsKind(err, ga.KindUnauthenticated) {
		t.Errorf("revoked token authenticates: %v", err)
	}
}

func TestErrorPages(t *testing.T) {
	f := newFixture(t)
	c := f.loggedIn(f.prof)

	t.Run("unknown path and unknown object look the same", func(t *testing.T) {
		a := c.get("/bestaat-niet")
		b := c.get("/geschillen/bestaat-niet")
		want(t, a, http.StatusNotFound, "<title>Niet gevonden · Groepsaanpak</title>", "Niet gevonden, of u heeft geen toegang.")
		if mainRE.FindString(a.Body) != mainRE.FindString(b.Body) {
			t.Error("the 404 pages differ")
		}
	})
	t.Run("forbidden", func(t *testing.T) {
		want(t, c.get("/gebruikers"), http.StatusForbidden, "<title>Geen toestemming · Groepsaanpak</title>", "U heeft geen toestemming voor deze handeling.")
	})
	t.Run("gate closed lists what is missing", func(t *testing.T) {
		f.recordCovenant()
		state, err := f.db.GateState(system())
		if err != nil {
			t.Fatal(err)
		}
		gateErr := ga.CheckGate(state, f.clock.Now())
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req = req.WithContext(ga.WithActor(req.Context(), ga.SystemActor("test")))
		s := f.server()
		s.renderError(rec, req, gateErr)
		if rec.Code != http.StatusConflict {
			t.Errorf("gate closed = %d, want 409", rec.Code)
		}
		for _, text := range []string{"Verwerking nog niet toegestaan", "Wat nog ontbreekt", "Nog niet ondertekend door Politie Midden-Nederland.",
			"De verwerking is nog niet opgenomen in het register", `href="/verwerkingsregister"`} {
			if !strings.Contains(rec.Body.String(), text) {
				t.Errorf("gate page lacks %q:\n%s", text, rec.Body)
			}
		}
	})
	t.Run("one mapping from kind to status", func(t *testing.T) {
		s := f.server()
		for kind, status := range map[ga.Kind]int{
			ga.KindNotFound: 404, ga.KindForbidden: 403, ga.KindConflict: 409, ga.KindGateClosed: 409,
			ga.KindInvalid: 400, ga.KindLocked: 429, ga.KindInternal: 500,
		} {
			rec := httptest.NewRecorder()
			s.renderError(rec, httptest.NewRequest(http.MethodGet, "/", nil), ga.E(kind, "test", "Een melding."))
			if rec.Code != status {
				t.Errorf("%v = %d, want %d", kind, rec.Code, status)
			}
		}
		rec := httptest.NewRecorder()
		s.renderError(rec, httptest.NewRequest(http.MethodGet, "/", nil), ga.E(ga.KindUnauthenticated, "test", ""))
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/inloggen" {
			t.Errorf("unauthenticated = %d to %q, want 303 to /inloggen", rec.Code, rec.Header().Get("Location"))
		}
	})
	t.Run("internal errors show nothing of the cause", func(t *testing.T) {
		rec := httptest.NewRecorder()
		f.server().renderError(rec, httptest.NewRequest(http.MethodGet, "/", nil), ga.Wrap("test", errString("pq: geheime details")))
		if rec.Code != 500 || strings.Contains(rec.Body.String(), "geheime details") || !strings.Contains(rec.Body.String(), "Er ging iets mis") {
			t.Errorf("internal error page: %d\n%s", rec.Code, rec.Body)
		}
	})
}

type errString string

func (e errString) Error() string { return string(e) }

// server returns a bare server on the fixture's database, for tests of the
// error mapping without going through HTTP.
func (f *fixture) server() *server {
	f.t.Helper()
	s := &server{db: f.db, log: discardLogger(), version: "test"}
	var err error
	if s.static, err = loadStatic(); err != nil {
		f.t.Fatal(err)
	}
	if s.pages, err = loadTemplates(s.static); err != nil {
		f.t.Fatal(err)
	}
	return s
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
