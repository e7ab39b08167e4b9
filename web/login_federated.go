package web

import (
	"errors"
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/federation"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// The federated login (OpenID Connect, NL GOV profile): the login page has
// a button per configured identity provider, a link that starts the login
// here, which sends the browser to the provider with a fresh state, nonce
// and PKCE challenge. It is a link, not a form: the Content-Security-Policy
// allows forms to submit to this site only (form-action 'self'), and
// browsers apply that to the redirects that follow a submission too, so a
// form could never reach the provider. A start gives nothing away and
// changes nothing but its own pending login. The provider sends the browser back to the callback,
// which checks the state against the storage and the browser's binding
// cookie, has the federation package exchange the code and verify the ID
// token, and logs the mapped identity in as a local login would. Every
// outcome is audited.

// bindingCookie names the cookie that binds a started federated login to
// the browser that started it. It must be SameSite=Lax, not Strict: the
// provider sends the browser back with a cross-site top-level navigation,
// on which a Strict cookie would not be sent.
func (s *server) bindingCookie() string {
	if s.tls {
		return "__Host-groepsaanpak-oidc"
	}
	return "groepsaanpak-oidc"
}

func (s *server) setBinding(w http.ResponseWriter, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name:     s.bindingCookie(),
		Value:    value,
		Path:     "/",
		MaxAge:   maxAge,
		HttpOnly: true,
		Secure:   s.tls,
		SameSite: http.SameSiteLaxMode,
	})
}

// federatedStart sends the browser to the identity provider of the button.
func (s *server) federatedStart(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("issuer")
	if !s.fed.Has(id) {
		return s.notFound(w, r)
	}
	st, err := s.fed.Begin(r.Context(), id)
	if err != nil {
		return s.federatedRefused(w, r, id, err)
	}
	binding := federation.NewBinding()
	if err := s.db.BeginFederatedLogin(r.Context(), storageStart(st, binding), origin(r)); err != nil {
		return err
	}
	s.setBinding(w, binding, int(federation.StateLifetime.Seconds()))
	s.redirect(w, r, st.AuthURL)
	return nil
}

// federatedCallback is where the identity provider sends the browser back.
func (s *server) federatedCallback(w http.ResponseWriter, r *http.Request) error {
	if s.fed == nil {
		return s.notFound(w, r)
	}
	q := r.URL.Query()
	var binding string
	if c, err := r.Cookie(s.bindingCookie()); err == nil {
		binding = c.Value
	}
	// The binding is for one login only, whatever its outcome.
	s.setBinding(w, "", -1)
	st, err := s.db.TakeFederatedLogin(r.Context(), q.Get("state"), binding, origin(r))
	if err != nil {
		if ga.IsKind(err, ga.KindUnauthenticated) {
			s.loginAlert(w, r, http.StatusUnauthorized, translate(requestFrom(r.Context()).lang, "oidc.state"))
			return nil
		}
		return err
	}
	if code := q.Get("error"); code != "" {
		return s.federatedRefused(w, r, st.IssuerID, &federation.Error{Reason: federation.ReasonProviderError, Detail: clipParam(code)})
	}
	if err := s.fed.CheckIssuerParameter(r.Context(), st.IssuerID, q.Get("iss")); err != nil {
		return s.federatedRefused(w, r, st.IssuerID, err)
	}
	id, err := s.fed.Complete(r.Context(), st.IssuerID, q.Get("code"), st.Verifier, st.Nonce)
	if err != nil {
		return s.federatedRefused(w, r, st.IssuerID, err)
	}
	res, err := s.db.FederatedLogin(r.Context(), id, origin(r))
	if err != nil {
		switch ga.KindOf(err) {
		case ga.KindUnauthenticated, ga.KindConflict, ga.KindInvalid:
			var e *ga.Error
			errors.As(err, &e)
			s.loginAlert(w, r, http.StatusForbidden, domainPlain(requestFrom(r.Context()).lang, e.Message))
			return nil
		}
		return err
	}
	// A session the browser still had is ended, so that only the new one
	// lives on.
	if old := s.sessionToken(r); old != "" {
		s.db.Logout(r.Context(), old)
	}
	s.setSession(w, res.Token)
	// The session cookie is SameSite=Strict, and this page was reached
	// through a cross-site navigation from the provider: a redirect from
	// here would arrive without the cookie. The page continues with a
	// navigation of its own (app.js, or the link), which is same-site.
	s.render(w, r, http.StatusOK, "login_federated", &federatedView{
		Organisation: s.organisation(st.IssuerID),
		Next:         stagePath(res.Stage),
	}, nil)
	return nil
}

type federatedView struct {
	Organisation string
	Next         string
}

// federatedRefused audits a refused federated login and shows the login
// page with the reason in the user's language.
func (s *server) federatedRefused(w http.ResponseWriter, r *http.Request, issuerID string, err error) error {
	var fe *federation.Error
	if !errors.As(err, &fe) {
		return err
	}
	if aerr := s.db.FederatedLoginRefused(r.Context(), issuerID, string(fe.Reason), fe.Detail, origin(r)); aerr != nil {
		return aerr
	}
	key, status := "oidc.failed", http.StatusUnauthorized
	switch fe.Reason {
	case federation.ReasonUnavailable:
		key, status = "oidc.unavailable", http.StatusBadGateway
	case federation.ReasonProviderError:
		key = "oidc.provider_error"
	case federation.ReasonExpired:
		key = "oidc.expired"
	case federation.ReasonUnmapped:
		key, status = "oidc.unmapped", http.StatusForbidden
	case federation.ReasonClaims:
		key, status = "oidc.claims", http.StatusForbidden
	case federation.ReasonState:
		key = "oidc.state"
	}
	s.loginAlert(w, r, status, translate(requestFrom(r.Context()).lang, key, s.organisation(issuerID)))
	return nil
}

// loginAlert shows the login page with a message above the forms.
func (s *server) loginAlert(w http.ResponseWriter, r *http.Request, status int, alert string) {
	s.render(w, r, status, "login", &loginView{Alert: alert, Providers: s.fed.Buttons()}, nil)
}

// organisation is the name on the button of a provider.
func (s *server) organisation(issuerID string) string {
	for _, b := range s.fed.Buttons() {
		if b.ID == issuerID {
			return b.Organisation
		}
	}
	return issuerID
}

// clipParam shortens a value the provider put in the URL for an audit line,
// keeping printable ASCII only: the error codes of RFC 6749 are ASCII.
func clipParam(s string) string {
	b := make([]byte, 0, 64)
	for i := 0; i < len(s) && len(b) < 64; i++ {
		if c := s[i]; c >= 0x20 && c < 0x7f {
			b = append(b, c)
		}
	}
	return string(b)
}

func storageStart(st *federation.Start, binding string) storage.FederatedStart {
	return storage.FederatedStart{IssuerID: st.IssuerID, State: st.State, Binding: binding, Nonce: st.Nonce, Verifier: st.Verifier}
}
