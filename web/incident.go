package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Incidents and data breaches (Art 9 of the covenant, GDPR Art 33/34): the
// list, the report form, one incident with its 72-hour clock, decisions,
// steps and notices, the data subjects' letter and the register export.
// Whether the actor may see or handle an incident is decided by storage
// (ga.CanSeeIncident, ga.CanHandleIncident); the pages only hide forms the
// actor could not use.

// Flash messages of the incident pages.
const (
	flashIncidentReported     = "flash.incident_reported"
	flashIncidentDecided      = "flash.incident_decided"
	flashIncidentStep         = "flash.incident_step"
	flashIncidentAcknowledged = "flash.incident_acknowledged"
	flashIncidentClosed       = "flash.incident_closed"
)

var incidentFlashes = []string{flashIncidentReported, flashIncidentDecided, flashIncidentStep, flashIncidentAcknowledged, flashIncidentClosed}

// datetimeLayout is what <input type="datetime-local"> sends, read as
// Dutch time.
const datetimeLayout = "2006-01-02T15:04"

// parseDateTime parses a local Dutch date and time from a form.
func parseDateTime(v *ga.Invalid, name, s string, required bool) *time.Time {
	if s == "" {
		if required {
			v.Add(name, nl("incident.err_datetime"))
		}
		return nil
	}
	t, err := time.ParseInLocation(datetimeLayout, s, ga.Amsterdam)
	if err != nil {
		v.Add(name, nl("incident.err_datetime"))
		return nil
	}
	t = t.UTC()
	return &t
}

// localInput formats an instant for a datetime-local input.
func localInput(t time.Time) string { return t.In(ga.Amsterdam).Format(datetimeLayout) }

// incidentRow is an incident in the list with its clock now.
type incidentRow struct {
	ga.Incident
	Clock ga.Clock
}

type incidentsView struct {
	Incidents   []incidentRow
	Names       map[string]string
	CanRegister bool
}

func (s *server) incidents(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	list, err := s.db.Incidents(ctx)
	if err != nil {
		return err
	}
	partners, err := s.db.Partners(ctx)
	if err != nil {
		return err
	}
	now := s.db.Now()
	iv := &incidentsView{Names: partnerNames(partners), CanRegister: ga.CanExportBreachRegister(requestFrom(ctx).actor)}
	for _, i := range list {
		iv.Incidents = append(iv.Incidents, incidentRow{Incident: i, Clock: i.APClock(now)})
	}
	s.render(w, r, http.StatusOK, "incidents", iv, nil)
	return nil
}

// incidentForm is a new incident as the form has it.
type incidentForm struct {
	Title, Nature, ContactPoint, RecommendedMeasures, Consequences string
	PersonalData                                                   string
	AwareAt                                                        string
	PartnerIDs                                                     []string
}

type incidentFormView struct {
	Form     incidentForm
	Partners []Option
	Breach   []Option
}

func (s *server) incidentFormView(r *http.Request, f incidentForm) (*incidentFormView, error) {
	ctx := r.Context()
	partners, err := s.db.Partners(ctx)
	if err != nil {
		return nil, err
	}
	actor := requestFrom(ctx).actor
	var opts []Option
	for _, o := range partnerOptions(partners) {
		if o.Value != actor.PartnerID {
			opts = append(opts, o)
		}
	}
	lang := requestFrom(ctx).lang
	return &incidentFormView{Form: f, Partners: opts, Breach: []Option{
		{Value: "ja", Label: translate(lang, "incident.breach_yes")},
		{Value: "nee", Label: translate(lang, "incident.breach_no")},
	}}, nil
}

func (s *server) incidentNewForm(w http.ResponseWriter, r *http.Request) error {
	fv, err := s.incidentFormView(r, incidentForm{AwareAt: localInput(s.db.Now())})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "incident_new", fv, nil)
	return nil
}

func (s *server) reportIncident(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := incidentForm{
		Title: formValue(r, "titel"), Nature: formValue(r, "aard"), ContactPoint: formValue(r, "informatiepunt"),
		RecommendedMeasures: formValue(r, "aanbevolenMaatregelen"), Consequences: formValue(r, "gevolgenEnMaatregelen"),
		PersonalData: formValue(r, "datalek"), AwareAt: formValue(r, "bekendSinds"), PartnerIDs: formValues(r, "betrokkenPartnerIds"),
	}
	var v ga.Invalid
	if f.PersonalData != "ja" && f.PersonalData != "nee" {
		v.Add("datalek", nl("incident.err_breach"))
	}
	aware := parseDateTime(&v, "bekendSinds", f.AwareAt, true)
	i := ga.Incident{Title: f.Title, Nature: f.Nature, ContactPoint: f.ContactPoint, RecommendedMeasures: f.RecommendedMeasures,
		Consequences: f.Consequences, PersonalData: f.PersonalData == "ja", PartnerIDs: f.PartnerIDs}
	if aware != nil {
		i.AwareAt = *aware
	} else {
		i.AwareAt = s.db.Now() // only to let the domain check the other fields
	}
	v, err := merge(v, i.ValidateReport(s.db.Now()))
	if err != nil {
		return err
	}
	if len(v) == 0 {
		err := s.db.ReportIncident(r.Context(), &i)
		if err == nil {
			s.setFlash(w, flashIncidentReported)
			s.redirect(w, r, "/incidenten/"+i.ID)
			return nil
		}
		if v = invalidDetails(err); v == nil {
			return err
		}
	}
	fv, err := s.incidentFormView(r, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusUnprocessableEntity, "incident_new", fv, v)
	return nil
}

// incidentView is one incident with the forms the actor may use.
type incidentView struct {
	Incident       ga.Incident
	Clock          ga.Clock
	Names          map[string]string
	CanHandle      bool
	CanAcknowledge bool
	Acknowledged   bool
	// Forms hold what was submitted when a form comes back with errors.
	AP       apForm
	Subjects subjectsForm
	Step     stepForm
	// Options of the forms.
	YesNo      []Option
	Exceptions []Option
	StepKinds  []Option
}

type apForm struct{ Notify, Reasoning, NotifiedAt, Reference, DelayReason string }
type subjectsForm struct{ Inform, Exception, Reasoning, InformedAt string }
type stepForm struct{ Kind, Description string }

func (s *server) incidentView(r *http.Request) (*incidentView, error) {
	ctx := r.Context()
	i, err := s.db.Incident(ctx, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	partners, err := s.db.Partners(ctx)
	if err != nil {
		return nil, err
	}
	actor := requestFrom(ctx).actor
	lang := requestFrom(ctx).lang
	iv := &incidentView{
		Incident: *i, Clock: i.APClock(s.db.Now()), Names: partnerNames(partners),
		CanHandle:      i.Open() && ga.CanHandleIncident(actor, *i),
		CanAcknowledge: ga.CanAcknowledgeIncident(actor, *i),
		YesNo:          []Option{{Value: "ja", Label: translate(lang, "common.yes")}, {Value: "nee", Label: translate(lang, "common.no")}},
	}
	for _, n := range i.Notifications {
		if n.PartnerID == actor.PartnerID && n.AcknowledgedAt != nil {
			iv.Acknowledged = true
		}
	}
	for _, e := range ga.SubjectsExceptions {
		iv.Exceptions = append(iv.Exceptions, Option{Value: string(e), Label: translate(lang, "incident.exception."+string(e))})
	}
	for _, k := range []ga.StepKind{ga.StepInvestigation, ga.StepRecovery, ga.StepMeasure} {
		iv.StepKinds = append(iv.StepKinds, Option{Value: string(k), Label: translate(lang, "incident.step."+string(k))})
	}
	return iv, nil
}

func (s *server) incident(w http.ResponseWriter, r *http.Request) error {
	iv, err := s.incidentView(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "incident", iv, nil)
	return nil
}

// incidentAction handles a form posted on the incident page: on success
// it flashes and returns to the page, on invalid input it shows the page
// again with the errors.
func (s *server) incidentAction(w http.ResponseWriter, r *http.Request, flash string, do func(iv *incidentView) (ga.Invalid, error)) error {
	iv, err := s.incidentView(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	v, err := do(iv)
	if len(v) == 0 && err == nil {
		s.setFlash(w, flash)
		s.redirect(w, r, "/incidenten/"+iv.Incident.ID)
		return nil
	}
	if err != nil {
		if v = invalidDetails(err); v == nil {
			return err
		}
	}
	s.render(w, r, http.StatusUnprocessableEntity, "incident", iv, v)
	return nil
}

func yesNoField(v *ga.Invalid, name, value string) bool {
	if value != "ja" && value != "nee" {
		v.Add(name, nl("incident.err_choice"))
	}
	return value == "ja"
}

func (s *server) decideAP(w http.ResponseWriter, r *http.Request) error {
	return s.incidentAction(w, r, flashIncidentDecided, func(iv *incidentView) (ga.Invalid, error) {
		f := apForm{Notify: formValue(r, "melden"), Reasoning: formValue(r, "motivering"), NotifiedAt: formValue(r, "gemeldBijAPOp"),
			Reference: formValue(r, "kenmerkAP"), DelayReason: formValue(r, "redenVertraging")}
		iv.AP = f
		var v ga.Invalid
		notify := yesNoField(&v, "melden", f.Notify)
		at := parseDateTime(&v, "gemeldBijAPOp", f.NotifiedAt, false)
		if len(v) > 0 {
			return v, nil
		}
		_, err := s.db.DecideAPNotification(r.Context(), iv.Incident.ID, ga.APDecision{Notify: notify, Reasoning: f.Reasoning,
			NotifiedAt: at, Reference: f.Reference, DelayReason: f.DelayReason})
		return nil, err
	})
}

func (s *server) decideSubjects(w http.ResponseWriter, r *http.Request) error {
	return s.incidentAction(w, r, flashIncidentDecided, func(iv *incidentView) (ga.Invalid, error) {
		f := subjectsForm{Inform: formValue(r, "informeren"), Exception: formValue(r, "uitzondering"), Reasoning: formValue(r, "motivering-betrokkenen"),
			InformedAt: formValue(r, "geinformeerdOp")}
		iv.Subjects = f
		var v ga.Invalid
		inform := yesNoField(&v, "informeren", f.Inform)
		at := parseDateTime(&v, "geinformeerdOp", f.InformedAt, false)
		if len(v) > 0 {
			return v, nil
		}
		_, err := s.db.DecideSubjects(r.Context(), iv.Incident.ID, ga.SubjectsDecision{Inform: inform, Exception: ga.SubjectsException(f.Exception),
			Reasoning: f.Reasoning, InformedAt: at})
		// The form names the reasoning field apart from the AP decision's.
		if e, ok := err.(*ga.Error); ok && e.Kind == ga.KindInvalid {
			for k := range e.Details {
				if e.Details[k].Name == "motivering" {
					e.Details[k].Name = "motivering-betrokkenen"
				}
			}
		}
		return nil, err
	})
}

func (s *server) addIncidentStep(w http.ResponseWriter, r *http.Request) error {
	return s.incidentAction(w, r, flashIncidentStep, func(iv *incidentView) (ga.Invalid, error) {
		f := stepForm{Kind: formValue(r, "soort"), Description: formValue(r, "omschrijving")}
		iv.Step = f
		_, err := s.db.AddIncidentStep(r.Context(), iv.Incident.ID, ga.IncidentStep{Kind: ga.StepKind(f.Kind), Description: f.Description})
		return nil, err
	})
}

func (s *server) acknowledgeIncident(w http.ResponseWriter, r *http.Request) error {
	return s.incidentAction(w, r, flashIncidentAcknowledged, func(iv *incidentView) (ga.Invalid, error) {
		_, err := s.db.AcknowledgeIncident(r.Context(), iv.Incident.ID)
		return nil, err
	})
}

func (s *server) closeIncident(w http.ResponseWriter, r *http.Request) error {
	return s.incidentAction(w, r, flashIncidentClosed, func(iv *incidentView) (ga.Invalid, error) {
		_, err := s.db.CloseIncident(r.Context(), iv.Incident.ID)
		return nil, err
	})
}

// letterView is the letter to the data subjects of a breach.
type letterView struct {
	Incident ga.Incident
	Text     string
}

// incidentLetter shows the text of the letter that informs the data
// subjects (GDPR Art 34(2)), for the controller to send; it holds no
// personal data of its own.
func (s *server) incidentLetter(w http.ResponseWriter, r *http.Request) error {
	iv, err := s.incidentView(r)
	if err != nil {
		return err
	}
	if !iv.Incident.PersonalData || !ga.CanHandleIncident(requestFrom(r.Context()).actor, iv.Incident) {
		return ga.ErrForbidden("web.incidentLetter")
	}
	controller := iv.Names[iv.Incident.ReportingPartnerID]
	if controller == "" {
		controller = translate(requestFrom(r.Context()).lang, "incident.letter_partners")
	}
	s.render(w, r, http.StatusOK, "incident_letter", &letterView{Incident: iv.Incident, Text: ga.SubjectsLetter(iv.Incident, controller)}, nil)
	return nil
}

// exportRegister sends the breach register (GDPR Art 33(5)) as a CSV
// download.
func (s *server) exportRegister(w http.ResponseWriter, r *http.Request) error {
	list, err := s.db.BreachRegister(r.Context())
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := ga.WriteBreachRegisterCSV(&b, list, s.db.Now()); err != nil {
		return ga.Wrap("web.exportRegister", err)
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="datalekregister.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	w.Write(b.Bytes())
	return nil
}

// exportRegisterJSON sends the breach register as a JSON download, in the
// same form as the API's GET /api/v1/datalekregister.
func (s *server) exportRegisterJSON(w http.ResponseWriter, r *http.Request) error {
	list, err := s.db.BreachRegister(r.Context())
	if err != nil {
		return err
	}
	now := s.db.Now()
	type clock struct {
		State    ga.ClockState `json:"stand"`
		Deadline *time.Time    `json:"uiterlijkMelden,omitempty"`
	}
	type entry struct {
		ga.Incident
		Clock clock `json:"termijnAP"`
	}
	out := struct {
		Incidents []entry `json:"incidenten"`
	}{Incidents: []entry{}}
	for _, i := range list {
		c := i.APClock(now)
		e := entry{Incident: i, Clock: clock{State: c.State}}
		if !c.Deadline.IsZero() {
			e.Clock.Deadline = &c.Deadline
		}
		out.Incidents = append(out.Incidents, e)
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return ga.Wrap("web.exportRegisterJSON", err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", `attachment; filename="datalekregister.json"`)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	w.Write(b)
	return nil
}
