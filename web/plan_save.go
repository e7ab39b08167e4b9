package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// planForm is the analysis of the group and the goals of the approach.
type planForm struct {
	Analysis string
	Goals    string
}

// savePlan records or changes the plan (coordinator, in step beeld, plan or
// uitvoering). Changing an adopted plan in step plan withdraws the
// adoption, so that the driehoek adopts what the plan now says.
func (s *server) savePlan(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	f := planForm{Analysis: formValue(r, "analyse"), Goals: formValue(r, "doelen")}
	err := s.db.SavePlan(r.Context(), &ga.Plan{GroupID: id, Analysis: f.Analysis, Goals: f.Goals})
	if err == nil {
		s.setFlash(w, flashPlanSaved)
		s.redirect(w, r, "/groepen/"+id+"/plan")
		return nil
	}
	p, err := formProblem(err, "analyse", nil, nil)
	if err != nil {
		return err
	}
	return s.renderPlan(w, r, p, func(pv *planView) { pv.Form = f })
}
