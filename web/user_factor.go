package web

import "net/http"

// resetSecondFactor removes the user's TOTP secret, so that they enrol a
// new one at their next login (for a lost phone).
func (s *server) resetSecondFactor(w http.ResponseWriter, r *http.Request) error {
	u, err := s.loadUser(r)
	if err != nil {
		return err
	}
	if err := s.db.ResetSecondFactor(r.Context(), u.ID); err != nil {
		return err
	}
	s.setFlash(w, flashFactorReset)
	s.redirect(w, r, "/gebruikers/"+u.ID+"/bewerken")
	return nil
}
