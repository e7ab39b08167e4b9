package web

import (
	"net/http"
)

// createGroup starts a group approach at step signalen. The storage allows
// it to the coordinator (and to the police, who start from the
// Groepsscan through the import); the creator's partner and the
// coordinating partner take part from the start.
func (s *server) createGroup(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := groupForm{Name: formValue(r, "naam"), Area: formValue(r, "wijk"), Form: formValue(r, "vorm")}
	g, v := f.Validate()
	p := invalid(v)
	if len(v) == 0 {
		err := s.db.CreateGroup(r.Context(), g)
		if err == nil {
			s.setFlash(w, flashGroupCreated)
			s.redirect(w, r, "/groepen/"+g.ID)
			return nil
		}
		if p, err = formProblem(err, "naam", nil, nil); err != nil {
			return err
		}
	}
	gv, err := s.groupsView(r)
	if err != nil {
		return err
	}
	gv.Form = f
	s.render(w, r, p.Status, "groups", gv, p.Details)
	return nil
}
