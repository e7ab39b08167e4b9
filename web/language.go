package web

import (
	"net/http"
	"strings"
)

// languageCookie stores the chosen language for a year. It holds no
// personal data and is needed before login, so it is not tied to the
// session.
const languageCookie = "groepsaanpak-taal"

// languageOf returns the language of the request: the cookie's, or Dutch.
func languageOf(r *http.Request) string {
	if c, err := r.Cookie(languageCookie); err == nil && validLanguage(c.Value) {
		return c.Value
	}
	return langNL
}

// setLanguage stores the chosen language and returns to the page the
// switch was pressed on.
func (s *server) setLanguage(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if lang := formValue(r, "taal"); validLanguage(lang) {
		http.SetCookie(w, &http.Cookie{
			Name:     languageCookie,
			Value:    lang,
			Path:     "/",
			MaxAge:   365 * 24 * 3600,
			HttpOnly: true,
			Secure:   s.tls,
			SameSite: http.SameSiteLaxMode,
		})
	}
	s.redirect(w, r, localPath(formValue(r, "terug")))
	return nil
}

// localPath returns p when it is a path on this site, or "/". It keeps the
// language switch from becoming an open redirect.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n") {
		return "/"
	}
	return p
}
