package web

import (
	"net/http"
	"strings"

	"github.com/groepsaanpak/groepsaanpak/auth"
)

// qrSize is the QR code's size in pixels: twice its displayed size, so that
// it stays sharp on high-density screens.
const qrSize = 480

// enrolForm shows the enrolment of the second factor for a user who has
// none: the QR code, the secret as text for entering it by hand, and the
// field for the first code, which proves the app was set up.
func (s *server) enrolForm(w http.ResponseWriter, r *http.Request) error {
	cv, err := s.enrolView(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "login_enrol", cv, nil)
	return nil
}

func (s *server) enrolView(r *http.Request) (*codeView, error) {
	_, secret, err := s.db.BeginEnrolment(r.Context(), requestFrom(r.Context()).token)
	if err != nil {
		return nil, err
	}
	return &codeView{Secret: groupSecret(secret)}, nil
}

// enrol confirms the enrolment with the first code and completes the login.
func (s *server) enrol(w http.ResponseWriter, r *http.Request) error {
	cv, err := s.enrolView(r)
	if err != nil {
		return err
	}
	return s.verifySecondFactor(w, r, "login_enrol", cv)
}

// enrolQR serves the QR code of the pending secret. The image is the
// secret, so it is never cached (securityHeaders already says no-store).
func (s *server) enrolQR(w http.ResponseWriter, r *http.Request) error {
	url, _, err := s.db.BeginEnrolment(r.Context(), requestFrom(r.Context()).token)
	if err != nil {
		return err
	}
	png, err := auth.TOTPQRPNG(url, qrSize)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(png)
	return nil
}

// groupSecret writes a base32 secret in groups of four, as authenticator
// apps accept it and people can copy it without losing their place.
func groupSecret(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
