package api

import (
	"bytes"
	"mime"
	"net/http"
	"strings"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

var incidentOperations = []operation{
	{
		pattern: "GET /api/v1/incidenten", id: "incidentenOpvragen", tag: tagIncidents,
		summary: "De incidenten opvragen",
		description: "Geeft de incidenten en datalekken die de gebruiker mag zien, nieuwste melding eerst: de melder, " +
			"de uitvoeringscoördinator en de privacyfunctionarissen van de meldende en de betrokken partners. " +
			"Met elk incident de stand van de termijn van 72 uur voor melding aan de Autoriteit Persoonsgegevens.",
		status: http.StatusOK, result: incidentList{},
	},
	{
		pattern: "POST /api/v1/incidenten", id: "incidentMelden", tag: tagIncidents,
		summary: "Een incident of datalek melden",
		description: "Elke gebruiker meldt namens de eigen partner een incident met de gegevens van artikel 9.3 van het " +
			"convenant: (a) de aard van de inbreuk, (b) waar meer informatie te krijgen is, (c) de aanbevolen maatregelen " +
			"en (d) de gevolgen en de genomen of voorgestelde maatregelen, met het moment van bekend worden. De betrokken " +
			"partners krijgen een melding in het systeem. Beschrijf het incident, niet de personen: geen namen.",
		body: incidentInput{}, status: http.StatusCreated, result: incidentView{},
	},
	{
		pattern: "GET /api/v1/incidenten/{id}", id: "incidentOpvragen", tag: tagIncidents,
		summary:     "Een incident opvragen",
		description: "Geeft één incident dat de gebruiker mag zien; een ander geeft 404, net als een onbekend.",
		status:      http.StatusOK, result: incidentView{},
	},
	{
		pattern: "POST /api/v1/incidenten/{id}/ap-besluit", id: "apBesluitVastleggen", tag: tagIncidents,
		summary: "Het besluit over melding aan de Autoriteit Persoonsgegevens vastleggen",
		description: "Legt eenmalig vast of het datalek bij de Autoriteit Persoonsgegevens is gemeld (met het moment en " +
			"het kenmerk) of waarom niet (AVG artikel 33). Na de termijn van 72 uur na het bekend worden is de reden " +
			"van de vertraging verplicht. Uitvoeringscoördinator of privacyfunctionaris van een betrokken partner (403); " +
			"een tweede besluit of een afgesloten incident geeft 409.",
		body: apDecisionInput{}, status: http.StatusOK, result: incidentView{},
		problems: []int{http.StatusForbidden, http.StatusConflict},
	},
	{
		pattern: "POST /api/v1/incidenten/{id}/betrokkenenbesluit", id: "betrokkenenbesluitVastleggen", tag: tagIncidents,
		summary: "Het besluit over het informeren van de betrokkenen vastleggen",
		description: "Legt eenmalig vast of de betrokkenen worden geïnformeerd (AVG artikel 34) en zo niet op welke grond. " +
			"Dezelfde rechten als het besluit over melding.",
		body: subjectsDecisionInput{}, status: http.StatusOK, result: incidentView{},
		problems: []int{http.StatusForbidden, http.StatusConflict},
	},
	{
		pattern: "POST /api/v1/incidenten/{id}/stappen", id: "incidentstapVastleggen", tag: tagIncidents,
		summary:     "Een stap van onderzoek of herstel vastleggen",
		description: "Legt een stap van onderzoek, herstel of een maatregel vast bij een open incident.",
		body:        incidentStepInput{}, status: http.StatusOK, result: incidentView{},
		problems: []int{http.StatusForbidden, http.StatusConflict},
	},
	{
		pattern: "POST /api/v1/incidenten/{id}/kennisname", id: "incidentKennisnameVastleggen", tag: tagIncidents,
		summary: "Vastleggen dat de eigen partner de melding heeft gezien",
		description: "De privacyfunctionaris of uitvoeringscoördinator van een betrokken partner bevestigt de melding " +
			"namens de eigen partner (403 voor anderen). Nogmaals bevestigen houdt de eerste bevestiging.",
		status: http.StatusOK, result: incidentView{},
		problems: []int{http.StatusForbidden},
	},
	{
		pattern: "POST /api/v1/incidenten/{id}/afsluiting", id: "incidentAfsluiten", tag: tagIncidents,
		summary: "Een incident afsluiten",
		description: "Sluit een incident af; een datalek pas als beide besluiten zijn vastgelegd (409 met wat ontbreekt). " +
			"Het incident blijft in het register.",
		status: http.StatusOK, result: incidentView{},
		problems: []int{http.StatusForbidden, http.StatusConflict},
	},
	{
		pattern: "GET /api/v1/datalekregister", id: "datalekregisterOpvragen", tag: tagIncidents, csv: true,
		summary: "Het register van incidenten en datalekken exporteren",
		description: "Het register van AVG artikel 33 lid 5: elk incident dat de gebruiker mag zien, met de feiten, de " +
			"gevolgen, de besluiten en de stappen. Met Accept: text/csv als CSV (één regel per incident), anders als JSON. " +
			"Alleen privacyfunctionarissen en de uitvoeringscoördinator (403).",
		status: http.StatusOK, result: incidentList{},
		problems: []int{http.StatusForbidden},
	},
}

// incidentInput is an incident as a partner reports it.
type incidentInput struct {
	Title               string    `json:"titel"`
	Nature              string    `json:"aard"`
	ContactPoint        string    `json:"informatiepunt"`
	RecommendedMeasures string    `json:"aanbevolenMaatregelen"`
	Consequences        string    `json:"gevolgenEnMaatregelen"`
	PersonalData        bool      `json:"datalek"`
	AwareAt             time.Time `json:"bekendSinds"`
	PartnerIDs          []string  `json:"betrokkenPartnerIds,omitempty"`
}

// apDecisionInput is the decision on notifying the AP.
type apDecisionInput struct {
	Notify      bool       `json:"melden"`
	Reasoning   string     `json:"motivering"`
	NotifiedAt  *time.Time `json:"gemeldBijAPOp,omitempty"`
	Reference   string     `json:"kenmerkAP,omitempty"`
	DelayReason string     `json:"redenVertraging,omitempty"`
}

// subjectsDecisionInput is the decision on informing the data subjects.
type subjectsDecisionInput struct {
	Inform     bool                 `json:"informeren"`
	Exception  ga.SubjectsException `json:"uitzondering,omitempty"`
	Reasoning  string               `json:"motivering"`
	InformedAt *time.Time           `json:"geinformeerdOp,omitempty"`
}

// incidentStepInput is a step of investigation or recovery.
type incidentStepInput struct {
	Kind        ga.StepKind `json:"soort"`
	Description string      `json:"omschrijving"`
}

// incidentClock is the 72-hour clock of a breach at the time of the answer.
type incidentClock struct {
	State    ga.ClockState `json:"stand"`
	Deadline *time.Time    `json:"uiterlijkMelden,omitempty"`
}

// incidentView is an incident with its clock.
type incidentView struct {
	ga.Incident
	Clock incidentClock `json:"termijnAP"`
}

// incidentList is incidents the viewer may see.
type incidentList struct {
	Incidents []incidentView `json:"incidenten"`
}

func view(i *ga.Incident, now time.Time) incidentView {
	c := i.APClock(now)
	v := incidentView{Incident: *i, Clock: incidentClock{State: c.State}}
	if !c.Deadline.IsZero() {
		d := c.Deadline
		v.Clock.Deadline = &d
	}
	v.PartnerIDs, v.Notifications, v.Steps = nonNil(v.PartnerIDs), nonNil(v.Notifications), nonNil(v.Steps)
	return v
}

func (s *server) listIncidents(w http.ResponseWriter, r *http.Request) error {
	list, err := s.db.Incidents(r.Context())
	if err != nil {
		return err
	}
	now := s.db.Now()
	out := incidentList{Incidents: []incidentView{}}
	for k := range list {
		out.Incidents = append(out.Incidents, view(&list[k], now))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) reportIncident(w http.ResponseWriter, r *http.Request) error {
	var in incidentInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var v ga.Invalid
	for _, p := range in.PartnerIDs {
		checkID(&v, "betrokkenPartnerIds", p, true)
	}
	if err := v.Err("api.reportIncident"); err != nil {
		return err
	}
	i := ga.Incident{Title: in.Title, Nature: in.Nature, ContactPoint: in.ContactPoint, RecommendedMeasures: in.RecommendedMeasures,
		Consequences: in.Consequences, PersonalData: in.PersonalData, AwareAt: in.AwareAt, PartnerIDs: in.PartnerIDs}
	if err := s.db.ReportIncident(r.Context(), &i); err != nil {
		return err
	}
	writeCreated(w, basePath+"/incidenten/"+i.ID, view(&i, s.db.Now()))
	return nil
}

func (s *server) getIncident(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	i, err := s.db.Incident(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, view(i, s.db.Now()))
	return nil
}

// incidentAction decodes the body (when in is not nil) of a handling
// action on incident {id} and answers the incident after it.
func (s *server) incidentAction(w http.ResponseWriter, r *http.Request, in any, do func(id string) (*ga.Incident, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if in != nil {
		if err := decodeJSON(w, r, in); err != nil {
			return err
		}
	}
	i, err := do(id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, view(i, s.db.Now()))
	return nil
}

func (s *server) decideAP(w http.ResponseWriter, r *http.Request) error {
	var in apDecisionInput
	return s.incidentAction(w, r, &in, func(id string) (*ga.Incident, error) {
		return s.db.DecideAPNotification(r.Context(), id, ga.APDecision{Notify: in.Notify, Reasoning: in.Reasoning,
			NotifiedAt: in.NotifiedAt, Reference: in.Reference, DelayReason: in.DelayReason})
	})
}

func (s *server) decideSubjects(w http.ResponseWriter, r *http.Request) error {
	var in subjectsDecisionInput
	return s.incidentAction(w, r, &in, func(id string) (*ga.Incident, error) {
		return s.db.DecideSubjects(r.Context(), id, ga.SubjectsDecision{Inform: in.Inform, Exception: in.Exception,
			Reasoning: in.Reasoning, InformedAt: in.InformedAt})
	})
}

func (s *server) addIncidentStep(w http.ResponseWriter, r *http.Request) error {
	var in incidentStepInput
	return s.incidentAction(w, r, &in, func(id string) (*ga.Incident, error) {
		return s.db.AddIncidentStep(r.Context(), id, ga.IncidentStep{Kind: in.Kind, Description: in.Description})
	})
}

func (s *server) acknowledgeIncident(w http.ResponseWriter, r *http.Request) error {
	return s.incidentAction(w, r, nil, func(id string) (*ga.Incident, error) {
		return s.db.AcknowledgeIncident(r.Context(), id)
	})
}

func (s *server) closeIncident(w http.ResponseWriter, r *http.Request) error {
	return s.incidentAction(w, r, nil, func(id string) (*ga.Incident, error) {
		return s.db.CloseIncident(r.Context(), id)
	})
}

// exportBreachRegister answers the register in CSV when the client accepts
// text/csv before JSON, and in JSON otherwise.
func (s *server) exportBreachRegister(w http.ResponseWriter, r *http.Request) error {
	list, err := s.db.BreachRegister(r.Context())
	if err != nil {
		return err
	}
	now := s.db.Now()
	if wantsCSV(r.Header.Get("Accept")) {
		var b bytes.Buffer
		if err := ga.WriteBreachRegisterCSV(&b, list, now); err != nil {
			return ga.Wrap("api.exportBreachRegister", err)
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="datalekregister.csv"`)
		w.WriteHeader(http.StatusOK)
		w.Write(b.Bytes())
		return nil
	}
	out := incidentList{Incidents: []incidentView{}}
	for k := range list {
		out.Incidents = append(out.Incidents, view(&list[k], now))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// wantsCSV reports whether the first media range of an Accept header that
// names CSV or JSON names CSV.
func wantsCSV(accept string) bool {
	for part := range strings.SplitSeq(accept, ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case "text/csv":
			return true
		case "application/json", "application/*", "*/*":
			return false
		}
	}
	return false
}
