package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// adoptPlan records that the driehoek adopted the plan on the date of its
// meeting (driehoek, in step plan); the coordinator may then move the
// approach to uitvoering.
func (s *server) adoptPlan(w http.ResponseWriter, r *http.Request) error {
	if err := refuseSeen(roleRefusal(ga.CanAdoptPlan(requestFrom(r.Context()).actor, ga.Group{}, nil, "", s.db.Now())), s.seeGroup(r)); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	on := formValue(r, "vastgesteldOp")
	var v ga.Invalid
	date := parseDate(&v, "vastgesteldOp", on, true)
	p := invalid(v)
	if len(v) == 0 {
		_, err := s.db.AdoptPlan(r.Context(), id, date)
		if err == nil {
			s.setFlash(w, flashPlanAdopted)
			s.redirect(w, r, "/groepen/"+id+"/plan")
			return nil
		}
		if p, err = formProblem(err, "vastgesteldOp", nil, nil); err != nil {
			return err
		}
	}
	return s.renderPlan(w, r, p, func(pv *planView) { pv.Adopt = on })
}
