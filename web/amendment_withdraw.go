package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// withdrawAmendment withdraws a proposal that is not yet in force.
func (s *server) withdrawAmendment(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := r.PathValue("id")
	// Look the amendment up first, so that an unknown id is 404 before
	// the role check says 403.
	if _, err := s.db.Amendment(ctx, id); err != nil {
		return err
	}
	if !ga.CanProposeAmendment(requestFrom(ctx).actor) {
		return ga.ErrForbidden("web.withdrawAmendment")
	}
	if err := s.db.WithdrawAmendment(ctx, id); err != nil {
		return err
	}
	s.setFlash(w, flashWithdrawn)
	s.redirect(w, r, "/convenant/wijzigingen/"+id)
	return nil
}
