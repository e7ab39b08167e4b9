package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// approveAmendment records the approval of the actor's own partner. When
// it is the last approval the amendment takes effect at once (Art 12.1),
// which the confirmation says.
func (s *server) approveAmendment(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	a, err := s.db.ApproveAmendment(r.Context(), id)
	if err != nil {
		return err
	}
	if a.Status == ga.AmendmentInForce {
		s.setFlash(w, flashInForce)
	} else {
		s.setFlash(w, flashApproved)
	}
	s.redirect(w, r, "/convenant/wijzigingen/"+a.ID)
	return nil
}
