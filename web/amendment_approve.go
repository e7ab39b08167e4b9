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
