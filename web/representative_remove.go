package web

import (
	"net/http"
)

// removeRepresentative removes a legal representative; the last one of a
// person under 16 stays (the storage refuses).
func (s *server) removeRepresentative(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	err := s.db.RemoveRepresentative(r.Context(), id, r.PathValue("rid"))
	if err == nil {
		s.setFlash(w, flashRepresentativeRemoved)
		s.redirect(w, r, "/personen/"+id+"#vertegenwoordigers")
		return nil
	}
	p, err := formProblem(err, "vertegenwoordigers", map[string]string{"wettelijkVertegenwoordigers": "vertegenwoordigers"}, nil)
	if err != nil {
		return err
	}
	return s.renderPerson(w, r, p, func(*personView) {})
}
