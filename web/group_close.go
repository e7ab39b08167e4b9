package web

import (
	"net/http"
)

// closeForm closes a group approach (step 7, afschaling) with a reason and
// an evaluation.
type closeForm struct {
	Reason     string
	Evaluation string
}

// closeGroup closes the group approach; from then on the retention period
// counts (Art 9).
func (s *server) closeGroup(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := closeForm{Reason: formValue(r, "afsluitReden"), Evaluation: formValue(r, "evaluatie")}
	id := r.PathValue("id")
	_, err := s.db.CloseGroup(r.Context(), id, f.Reason, f.Evaluation)
	if err == nil {
		s.setFlash(w, flashGroupClosed)
		s.redirect(w, r, "/groepen/"+id)
		return nil
	}
	p, err := formProblem(err, "afsluitReden", map[string]string{"reden": "afsluitReden", "stap": "afsluitReden"}, nil)
	if err != nil {
		return err
	}
	return s.renderGroup(w, r, p, func(gv *groupView) { gv.Close = f })
}
