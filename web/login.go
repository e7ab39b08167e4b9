package web

import (
	"errors"
	"net/http"
	"strings"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/federation"
)

// loginForm is the first login step: e-mail address and password.
type loginForm struct {
	Email    string
	Password string
}

// Validate checks that both fields are filled; whether they are right is
// for the storage to say.
func (f *loginForm) Validate() ga.Invalid {
	var v ga.Invalid
	if f.Email == "" {
		v.Add("email", nl("login.err_email"))
	}
	if f.Password == "" {
		v.Add("wachtwoord", nl("login.err_password"))
	}
	return v
}

type loginView struct {
	Form  loginForm
	Alert string
	// Providers are the partners' identity providers, one button each.
	Providers []federation.Button
}

// loginForm shows the login page, or sends a user who is logged in (or
// halfway) on to where they belong.
func (s *server) loginForm(w http.ResponseWriter, r *http.Request) error {
	if token := s.sessionToken(r); token != "" {
		if sess, _, err := s.db.Session(r.Context(), token, origin(r)); err == nil {
			s.redirect(w, r, stagePath(sess.Stage))
			return nil
		}
	}
	s.render(w, r, http.StatusOK, "login", &loginView{Providers: s.fed.Buttons()}, nil)
	return nil
}

// login checks the password. A wrong address and a wrong password get the
// same message, so that the page does not reveal which accounts exist; a
// locked account is told until when, and a throttled one how long to wait.
func (s *server) login(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	// The password is not trimmed: spaces may be part of it.
	f := loginForm{Email: ga.NormalizeEmail(r.PostFormValue("email")), Password: r.PostFormValue("wachtwoord")}
	lv := &loginView{Form: f, Providers: s.fed.Buttons()}
	if v := f.Validate(); len(v) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "login", lv, v)
		return nil
	}
	res, err := s.db.Login(r.Context(), f.Email, f.Password, origin(r))
	if err != nil {
		lang := requestFrom(r.Context()).lang
		switch ga.KindOf(err) {
		case ga.KindUnauthenticated:
			lv.Alert = translate(lang, "login.wrong")
			s.render(w, r, http.StatusUnauthorized, "login", lv, nil)
			return nil
		case ga.KindLocked:
			lv.Alert = lockedMessage(lang, err)
			s.render(w, r, http.StatusTooManyRequests, "login", lv, nil)
			return nil
		}
		return err
	}
	// A session the browser still had is ended, so that only the new one
	// lives on (and never a session an attacker planted).
	if old := s.sessionToken(r); old != "" {
		s.db.Logout(r.Context(), old)
	}
	s.setSession(w, res.Token)
	s.redirect(w, r, stagePath(res.Stage))
	return nil
}

// lockedMessage explains a KindLocked refusal in the user's language: a
// lock until a time, or a short wait after repeated failures. The storage
// reports the time under the detail "geblokkeerdTot" or "wachtenTot"; when
// neither is there its Dutch message is shown as it is.
func lockedMessage(lang string, err error) string {
	var e *ga.Error
	if !errors.As(err, &e) {
		return translate(lang, "login.locked_plain")
	}
	for _, d := range e.Details {
		switch d.Name {
		case "geblokkeerdTot":
			return translate(lang, "login.locked_until", d.Message)
		case "wachtenTot":
			return translate(lang, "login.wait_until", d.Message)
		}
	}
	if msg := strings.TrimSpace(e.Message); msg != "" {
		return string(domainPlain(lang, msg))
	}
	return translate(lang, "login.locked_plain")
}
