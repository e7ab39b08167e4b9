package web

import (
	"net/http"
)

// updateGroup changes the group's name or alias, area and form
// (coordinator, while the approach is open). The step, the decision and
// the participants change only through their own forms. A group the viewer
// may not see answers "not found"; the storage refuses anyone but the
// coordinator and writes the audit line.
func (s *server) updateGroup(w http.ResponseWriter, r *http.Request) error {
	if err := refuseSeen(requireCoordinator(r, "web.updateGroup"), s.seeGroup(r)); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	f := groupForm{Name: formValue(r, "naam"), Area: formValue(r, "wijk"), Form: formValue(r, "vorm")}
	g, v := f.Validate()
	p := invalid(v)
	if len(v) == 0 {
		g.ID = id
		err := s.db.UpdateGroup(r.Context(), g)
		if err == nil {
			s.setFlash(w, flashGroupSaved)
			s.redirect(w, r, "/groepen/"+id)
			return nil
		}
		if p, err = formProblem(err, "naam", nil, nil); err != nil {
			return err
		}
	}
	return s.renderGroup(w, r, p, func(gv *groupView) { gv.Edit = f })
}
