package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// moveForm moves a group approach one step on, with the reason that the
// transition history keeps.
type moveForm struct {
	To     string
	Reason string
}

// moveGroup moves the group approach to the next step. The domain refuses a
// step out of order (ga.CheckTransition) with a message that says what is
// missing, such as the answer to question 2A or the driehoek's decision;
// the dossier shows it beside the form.
func (s *server) moveGroup(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := moveForm{To: formValue(r, "stap"), Reason: formValue(r, "stapReden")}
	id := r.PathValue("id")
	_, err := s.db.MoveGroup(r.Context(), id, ga.Step(f.To), f.Reason)
	if err == nil {
		s.setFlash(w, flashStepMoved)
		s.redirect(w, r, "/groepen/"+id)
		return nil
	}
	p, err := formProblem(err, "stapReden", map[string]string{"reden": "stapReden", "stap": "stapReden"}, nil)
	if err != nil {
		return err
	}
	return s.renderGroup(w, r, p, func(gv *groupView) { gv.Move = f })
}
