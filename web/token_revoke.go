package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// revokeToken revokes one of the user's tokens; someone else's token is
// "not found", like one that does not exist.
func (s *server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := r.PathValue("id")
	own, err := s.db.Tokens(ctx, requestFrom(ctx).actor.UserID)
	if err != nil {
		return err
	}
	found := false
	for _, t := range own {
		found = found || t.ID == id
	}
	if !found {
		return ga.ErrNotFound("web.revokeToken")
	}
	if err := s.db.RevokeToken(ctx, id); err != nil {
		return err
	}
	s.setFlash(w, flashTokenRevoked)
	s.redirect(w, r, "/tokens")
	return nil
}
