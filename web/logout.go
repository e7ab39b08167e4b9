package web

import "net/http"

// logout ends the session in the database and in the browser. It is a POST
// so that another site cannot log the user out with a link or image.
func (s *server) logout(w http.ResponseWriter, r *http.Request) error {
	if token := s.sessionToken(r); token != "" {
		// Logging out of a session that already ended is not an error.
		s.db.Logout(r.Context(), token)
	}
	s.clearSession(w)
	s.setFlash(w, flashLoggedOut)
	s.redirect(w, r, "/inloggen")
	return nil
}
