package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// measureView is one measure with the form to change it: every field for
// the coordinator, status and result for the responsible partner, who
// reports progress (ga.CanUpdateMeasure).
type measureView struct {
	Measure     ga.Measure
	Group       ga.Group
	Overdue     bool
	PersonName  string
	Names       map[string]string
	CanEditAll  bool
	CanReport   bool
	Form        measureForm
	TargetOpts  []Option
	PartnerOpts []Option
}

// measure shows the measure. A measure the user may not see is "not
// found", as an id that does not exist.
func (s *server) measure(w http.ResponseWriter, r *http.Request) error {
	mv, err := s.measureView(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "measure", mv, nil)
	return nil
}

func (s *server) measureView(r *http.Request) (*measureView, error) {
	ctx := r.Context()
	actor := requestFrom(ctx).actor
	m, err := s.db.Measure(ctx, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	g, err := s.db.Group(ctx, m.GroupID)
	if err != nil {
		return nil, err
	}
	members, err := s.db.Members(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	partners, err := s.db.Partners(ctx)
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	open := g.Step != ga.StepClosed && !m.Status.Ended()
	mv := &measureView{
		Measure:     *m,
		Group:       *g,
		Overdue:     m.ReviewOverdue(now),
		PersonName:  personNames(members)[m.PersonID],
		Names:       partnerNames(partners),
		CanEditAll:  open && actor.Has(ga.RoleCoordinator),
		Form:        newMeasureForm(m),
		PartnerOpts: participantOptions(g, partners),
	}
	mv.CanReport = open && !mv.CanEditAll && mayCarryOut(actor) && actor.PartnerID == m.ResponsiblePartnerID
	mv.TargetOpts = append([]Option{{Value: groupAbout, Label: translate(requestFrom(ctx).lang, "measure.for_group")}}, memberOptions(members, ga.DateOf(now))...)
	return mv, nil
}

// updateMeasure records the change. The responsible partner's form holds
// only status and result; the other fields stay as they were.
func (s *server) updateMeasure(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	id := r.PathValue("id")
	old, err := s.db.Measure(ctx, id)
	if err != nil {
		return err
	}
	f := newMeasureForm(old)
	if requestFrom(ctx).actor.Has(ga.RoleCoordinator) {
		f = measureFormFromRequest(r)
	} else {
		f.Status, f.Result = formValue(r, "status"), formValue(r, "resultaat")
	}
	m, v := f.Validate(old.GroupID)
	m.ID = id
	p := invalid(v)
	if len(v) == 0 {
		err := s.db.UpdateMeasure(ctx, m)
		if err == nil {
			s.setFlash(w, flashMeasureSaved)
			s.redirect(w, r, "/maatregelen/"+id)
			return nil
		}
		if p, err = formProblem(err, "status", map[string]string{"persoonId": "maatregelVoor"}, map[string]string{"measure.Update": "status"}); err != nil {
			return err
		}
	}
	mv, err := s.measureView(r)
	if err != nil {
		return err
	}
	mv.Form = f
	s.render(w, r, p.Status, "measure", mv, p.Details)
	return nil
}
