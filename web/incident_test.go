package web

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

var incidentPathRE = regexp.MustCompile(`^/incidenten/([0-9a-f-]{36})$`)

// TestIncidentPages reports a breach through the form as a driehoek member
// of the police, concerning the municipality; the municipality's privacy
// officer sees the notice on the start page, acknowledges it, records both
// decisions (late, so the delay reason is required), a step, and closes the
// incident; the OM sees nothing; the register downloads as CSV and JSON.
func TestIncidentPages(t *testing.T) {
	f := newFixture(t)
	privacy := f.user("privacy@utrecht.example", "Priva Functionaris", f.gemeente.ID, true, ga.RolePrivacyOfficer)
	reporter := f.loggedIn(f.police)

	want(t, reporter.get("/incidenten"), http.StatusOK, "Incidenten en datalekken", "Er zijn geen incidenten die u mag zien.")
	want(t, reporter.get("/incidenten/nieuw"), http.StatusOK, "artikel 9.3", `type="datetime-local"`, "Gemeente Utrecht")

	aware := f.clock.Now().Add(-2 * time.Hour)
	form := url.Values{
		"titel": {"Verkeerd gemaild overzicht"}, "aard": {"Een overzicht ging naar een verkeerd adres."},
		"informatiepunt": {"Privacyfunctionaris politie"}, "aanbevolenMaatregelen": {"Ontvanger laten verwijderen."},
		"gevolgenEnMaatregelen": {"Onbekend."}, "datalek": {"ja"}, "bekendSinds": {aware.In(ga.Amsterdam).Format("2006-01-02T15:04")},
		"betrokkenPartnerIds": {f.gemeente.ID},
	}
	bad := url.Values{"titel": {"x"}, "bekendSinds": {"gisteren"}}
	want(t, reporter.post("/incidenten", bad), http.StatusUnprocessableEntity, "Vul een geldige datum en tijd in.", "Beschrijf de aard van de inbreuk", "Geef aan of het om persoonsgegevens gaat.")
	r := reporter.post("/incidenten", form)
	m := incidentPathRE.FindStringSubmatch(r.location())
	if r.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("report: %d to %q\n%s", r.StatusCode, r.location(), excerpt(r.Body))
	}
	path := m[0]
	deadline := aware.Add(72 * time.Hour).In(ga.Amsterdam).Format("02-01-2006 15:04")
	want(t, reporter.get(path), http.StatusOK, "Verkeerd gemaild overzicht", deadline, "Termijn loopt", "Gemeente Utrecht: gemeld op")
	if strings.Contains(reporter.get(path).Body, `action="`+path+`/ap-besluit"`) {
		t.Error("the reporter, who may not handle the incident, gets the decision form")
	}

	// The OM sees nothing: the same page as an unknown id.
	om := f.loggedIn(f.prosecutor)
	hidden := om.get(path)
	unknown := om.get("/incidenten/0195f3c2-7d4e-7a3b-9c1d-2e3f4a5b6c7d")
	if hidden.StatusCode != http.StatusNotFound || unknown.StatusCode != http.StatusNotFound {
		t.Errorf("hidden %d, unknown %d, want 404", hidden.StatusCode, unknown.StatusCode)
	}
	want(t, om.get("/incidenten"), http.StatusOK, "Er zijn geen incidenten die u mag zien.")
	want(t, om.get("/incidenten/register.csv"), http.StatusForbidden)

	po := f.loggedIn(privacy)
	want(t, po.get("/"), http.StatusOK, "Meldingen van incidenten", "Verkeerd gemaild overzicht")
	wantRedirect(t, po.post(path+"/kennisname", nil), path)
	home := po.get("/")
	if strings.Contains(home.Body, "Meldingen van incidenten") {
		t.Error("notice still on the start page after acknowledgement")
	}

	f.clock.Advance(80 * time.Hour)
	po = f.loggedIn(privacy) // the session of before has long expired
	notified := aware.Add(73 * time.Hour).In(ga.Amsterdam).Format("2006-01-02T15:04")
	ap := url.Values{"melden": {"ja"}, "motivering": {"Risico voor minderjarigen."}, "gemeldBijAPOp": {notified}}
	want(t, po.post(path+"/ap-besluit", ap), http.StatusUnprocessableEntity, "vermeld de redenen voor de vertraging")
	ap.Set("redenVertraging", "Omvang pas na onderzoek bekend.")
	wantRedirect(t, po.post(path+"/ap-besluit", ap), path)
	want(t, po.get(path), http.StatusOK, "Gemeld bij de Autoriteit Persoonsgegevens", "Na de termijn besloten", "Omvang pas na onderzoek bekend.")

	want(t, po.post(path+"/afsluiten", nil), http.StatusConflict, "het besluit over het informeren van de betrokkenen")
	want(t, po.post(path+"/betrokkenenbesluit", url.Values{"informeren": {"nee"}, "motivering-betrokkenen": {"r"}}), http.StatusUnprocessableEntity,
		"Kies op welke grond de betrokkenen niet worden geïnformeerd.")
	wantRedirect(t, po.post(path+"/betrokkenenbesluit", url.Values{"informeren": {"ja"}, "motivering-betrokkenen": {"Hoog risico."}}), path)
	want(t, po.get(path+"/brief"), http.StatusOK, "artikel 34", "Een overzicht ging naar een verkeerd adres.")
	wantRedirect(t, po.post(path+"/stappen", url.Values{"soort": {"herstel"}, "omschrijving": {"Ontvanger heeft verwijderd."}}), path)
	wantRedirect(t, po.post(path+"/afsluiten", nil), path)
	want(t, po.get(path), http.StatusOK, "Afgesloten", "Ontvanger heeft verwijderd.")

	csvResp := po.get("/incidenten/register.csv")
	if csvResp.StatusCode != http.StatusOK || csvResp.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("CSV: %d %q", csvResp.StatusCode, csvResp.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(csvResp.Body)).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][1] != "Verkeerd gemaild overzicht" {
		t.Errorf("CSV rows %q, %v", rows, err)
	}
	var reg struct {
		Incidents []struct {
			ID    string `json:"id"`
			Clock struct {
				State string `json:"stand"`
			} `json:"termijnAP"`
		} `json:"incidenten"`
	}
	jr := po.get("/incidenten/register.json")
	if err := json.Unmarshal([]byte(jr.Body), &reg); err != nil || len(reg.Incidents) != 1 || reg.Incidents[0].Clock.State != string(ga.ClockMetLate) {
		t.Errorf("JSON register %s (%v)", jr.Body, err)
	}
	// The application log holds no incident text.
	if strings.Contains(f.logs.String(), "verkeerd adres") {
		t.Error("incident text in the application log")
	}
}

// TestIncidentCatalog checks the keys the incident pages build at run
// time: flashes, statuses, clock states, signals, step kinds and grounds.
func TestIncidentCatalog(t *testing.T) {
	keys := append([]string{}, incidentFlashes...)
	for _, st := range []ga.IncidentStatus{ga.IncidentReported, ga.IncidentInProgress, ga.IncidentClosed} {
		keys = append(keys, "incident.status."+string(st))
	}
	for _, c := range []ga.ClockState{ga.ClockNotApplicable, ga.ClockRunning, ga.ClockExpired, ga.ClockMetInTime, ga.ClockMetLate} {
		keys = append(keys, "incident.clock."+string(c))
	}
	for _, s := range ga.SignalKinds {
		keys = append(keys, "incident.signal."+string(s))
	}
	for _, k := range []ga.StepKind{ga.StepInvestigation, ga.StepRecovery, ga.StepMeasure, ga.StepRecurrence} {
		keys = append(keys, "incident.step."+string(k))
	}
	for _, e := range ga.SubjectsExceptions {
		keys = append(keys, "incident.exception."+string(e))
	}
	for _, k := range keys {
		for _, lang := range languages {
			if _, ok := catalog[lang][k]; !ok {
				t.Errorf("key %q missing in %s", k, lang)
			}
		}
	}
	// Every validation message of the domain about incidents has English.
	var details []ga.Detail
	collect := func(err error) {
		if e, ok := err.(*ga.Error); ok {
			details = append(details, e.Details...)
		}
	}
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	breach := ga.Incident{PersonalData: true, AwareAt: now.Add(-100 * time.Hour)}
	collect(ga.Incident{AwareAt: now.Add(time.Hour), PartnerIDs: []string{""}}.ValidateReport(now))
	collect(ga.Incident{}.ValidateReport(now))
	collect(ga.APDecision{Notify: true}.Validate(ga.Incident{}, now))
	collect(ga.APDecision{Notify: true, NotifiedAt: &now}.Validate(breach, now.Add(-200*time.Hour)))
	collect(ga.APDecision{NotifiedAt: &now}.Validate(breach, now))
	collect(ga.SubjectsDecision{}.Validate(ga.Incident{}, now))
	collect(ga.SubjectsDecision{Inform: true, Exception: ga.NoHighRisk, InformedAt: &now}.Validate(breach, now.Add(-time.Hour)))
	collect(ga.SubjectsDecision{InformedAt: &now}.Validate(breach, now))
	collect(ga.ValidateStep(ga.IncidentStep{}))
	collect(ga.Incident{PersonalData: true}.CheckClose())
	for _, d := range details {
		if _, ok := english[d.Message]; !ok {
			t.Errorf("no English for %q", d.Message)
		}
	}
}
