package web

import (
	"net/http"
	"strings"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// codeForm is the second login step: the six-digit code of the
// authenticator app.
type codeForm struct {
	Code string
}

// Validate checks the code's form; the storage checks its value.
func (f *codeForm) Validate() ga.Invalid {
	var v ga.Invalid
	code := strings.ReplaceAll(f.Code, " ", "")
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		v.Add("code", nl("code.err_format"))
	}
	return v
}

type codeView struct {
	Alert  string
	Secret string
	// Passkey offers the user's passkey instead of the code (passkeys.go).
	Passkey bool
}

func (s *server) codeForm(w http.ResponseWriter, r *http.Request) error {
	cv := &codeView{}
	if err := s.offerPasskey(r, cv); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "login_code", cv, nil)
	return nil
}

// offerPasskey sets whether the code step offers the user's passkeys.
func (s *server) offerPasskey(r *http.Request, cv *codeView) error {
	rq := requestFrom(r.Context())
	if s.keys == nil || rq.session == nil {
		return nil
	}
	has, err := s.db.HasPasskeys(r.Context(), rq.session.UserID)
	cv.Passkey = has
	return err
}

// code checks the code and completes the login. The storage replaces the
// session with a new one (a fresh token, against session fixation), whose
// token the cookie then carries.
func (s *server) code(w http.ResponseWriter, r *http.Request) error {
	cv := &codeView{}
	if err := s.offerPasskey(r, cv); err != nil {
		return err
	}
	return s.verifySecondFactor(w, r, "login_code", cv)
}

// verifySecondFactor is the shared end of the code and enrolment steps.
func (s *server) verifySecondFactor(w http.ResponseWriter, r *http.Request, page string, cv *codeView) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := codeForm{Code: formValue(r, "code")}
	if v := f.Validate(); len(v) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, page, cv, v)
		return nil
	}
	rq := requestFrom(r.Context())
	token, err := s.db.VerifySecondFactor(r.Context(), rq.token, f.Code, origin(r))
	if err != nil {
		switch ga.KindOf(err) {
		case ga.KindUnauthenticated, ga.KindInvalid:
			cv.Alert = translate(rq.lang, "code.wrong")
			s.render(w, r, http.StatusUnauthorized, page, cv, nil)
			return nil
		case ga.KindLocked:
			cv.Alert = lockedMessage(rq.lang, err)
			s.render(w, r, http.StatusTooManyRequests, page, cv, nil)
			return nil
		}
		return err
	}
	s.setSession(w, token)
	s.redirect(w, r, "/")
	return nil
}
