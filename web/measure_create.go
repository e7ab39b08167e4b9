package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// measureForm is a measure of the Plan van Aanpak: for whom (the group or
// one member), kind, description, responsible partner, status, start,
// review date and result.
type measureForm struct {
	Target      string
	Kind        string
	Description string
	Responsible string
	Status      string
	Start       string
	Review      string
	Result      string
}

func measureFormFromRequest(r *http.Request) measureForm {
	return measureForm{
		Target:      formValue(r, "maatregelVoor"),
		Kind:        formValue(r, "soort"),
		Description: formValue(r, "omschrijving"),
		Responsible: formValue(r, "verantwoordelijkePartnerId"),
		Status:      formValue(r, "status"),
		Start:       formValue(r, "startdatum"),
		Review:      formValue(r, "evaluatiedatum"),
		Result:      formValue(r, "resultaat"),
	}
}

func newMeasureForm(m *ga.Measure) measureForm {
	f := measureForm{
		Target: groupAbout, Kind: string(m.Kind), Description: m.Description, Responsible: m.ResponsiblePartnerID,
		Status: string(m.Status), Start: string(m.Start), Review: string(m.ReviewDate), Result: m.Result,
	}
	if m.PersonID != "" {
		f.Target = m.PersonID
	}
	return f
}

// Validate converts the form into a measure of group groupID and checks it
// with the domain's rules (ga.Measure.Validate).
func (f *measureForm) Validate(groupID string) (*ga.Measure, ga.Invalid) {
	var v ga.Invalid
	m := &ga.Measure{
		GroupID: groupID, Kind: ga.MeasureKind(f.Kind), Description: f.Description, ResponsiblePartnerID: f.Responsible,
		Status: ga.MeasureStatus(f.Status), Result: f.Result,
	}
	switch f.Target {
	case "":
		v.Add("maatregelVoor", nl("measure.err_target"))
	case groupAbout:
	default:
		m.PersonID = f.Target
	}
	m.Start = parseDate(&v, "startdatum", f.Start, true)
	m.ReviewDate = parseDate(&v, "evaluatiedatum", f.Review, true)
	v, _ = merge(v, m.Validate())
	return m, v
}

// measureOps names the field under which a refusal of a measure is shown.
var measureOps = map[string]string{"measure.Record": "maatregelVoor", "measure.Update": "maatregelVoor"}

// createMeasure records a measure: the coordinator any, a professional or
// driehoek member those its own partner carries out. A measure for a
// member is possible only after the driehoek's decision (storage).
func (s *server) createMeasure(w http.ResponseWriter, r *http.Request) error {
	if actor := requestFrom(r.Context()).actor; !actor.Has(ga.RoleCoordinator) && !mayCarryOut(actor) {
		return refuseSeen(ga.ErrForbidden("web.createMeasure"), s.seeGroup(r))
	}
	if err := parseForm(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	f := measureFormFromRequest(r)
	m, v := f.Validate(id)
	p := invalid(v)
	if len(v) == 0 {
		seen, err := s.db.CreateMeasureSeen(r.Context(), m)
		if err == nil {
			if seen {
				s.setFlash(w, flashMeasureCreated)
			} else {
				s.setFlash(w, flashMeasureCreatedHidden)
			}
			s.redirect(w, r, "/groepen/"+id+"/plan#maatregelen")
			return nil
		}
		if p, err = formProblem(err, "maatregelVoor", map[string]string{"persoonId": "maatregelVoor"}, measureOps); err != nil {
			return err
		}
	}
	return s.renderPlan(w, r, p, func(pv *planView) { pv.Measure = f })
}
