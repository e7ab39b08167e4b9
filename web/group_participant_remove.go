package web

import (
	"net/http"
)

// removeParticipant ends a partner's part in the group approach
// (coordinator); from then on it sees only its own items of the group.
func (s *server) removeParticipant(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	err := s.db.RemoveParticipant(r.Context(), id, formValue(r, "partnerId"))
	if err == nil {
		s.setFlash(w, flashParticipantRemoved)
		s.redirect(w, r, "/groepen/"+id+"#deelnemers")
		return nil
	}
	p, err := formProblem(err, "deelnemers", map[string]string{"partnerId": "deelnemers"}, nil)
	if err != nil {
		return err
	}
	return s.renderGroup(w, r, p, func(*groupView) {})
}
