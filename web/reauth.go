package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/auth"
)

// Hardening of the login (issue: security and continuity, part 7).
//
// Sensitive actions — exporting the breach register, changing a user's
// roles or second factor, creating an API token, removing a legal
// representative — need a login of less than ReauthWindow ago; otherwise
// the user confirms password and code again on /opnieuw-aanmelden, which
// replaces the session with a fresh one and returns to the page. Login
// forms are limited per client address (loginAttempts), on top of the
// per-account throttle in storage.

// ReauthWindow is how long after the last full login sensitive actions are
// allowed without confirming the login again.
const ReauthWindow = 10 * time.Minute

// Limits of the login forms per client address: LoginBurst attempts at
// once, then one per LoginEvery.
const (
	LoginBurst = 60
	LoginEvery = 2 * time.Second
)

func newLoginLimiter(now func() time.Time) *auth.RateLimiter {
	return &auth.RateLimiter{Burst: LoginBurst, Every: LoginEvery, Now: now}
}

// limited refuses a POST from a client address that has used up its login
// attempts with the 429 page.
func (s *server) limited(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && !s.loginAttempts.Allow(origin(r)) {
			w.Header().Set("Retry-After", "60")
			s.renderError(w, r, ga.E(ga.KindLocked, "web.rateLimit", "Te veel aanmeldpogingen vanaf dit adres. Probeer het over enkele minuten opnieuw."))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// recent lets a sensitive action through only within ReauthWindow of the
// session's full login; otherwise it sends the user to confirm the login,
// returning afterwards to the page the action came from. It must run
// inside authed, which loaded the session.
func (s *server) recent(fn handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		rq := requestFrom(r.Context())
		if rq.session != nil && s.db.Now().Sub(rq.session.CreatedAt) < ReauthWindow {
			return fn(w, r)
		}
		back := r.URL.Path
		if r.Method != http.MethodGet {
			back = "/"
			if ref, err := url.Parse(r.Referer()); err == nil && (ref.Host == "" || ref.Host == r.Host) {
				back = ref.Path
			}
		}
		s.redirect(w, r, "/opnieuw-aanmelden?terug="+url.QueryEscape(safeReturn(back)))
		return nil
	}
}

// safeReturn keeps a return path on this site: a path from the root, never
// "//host" or a backslash trick.
func safeReturn(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n") {
		return "/"
	}
	return p
}

type reauthView struct {
	Return string
	Alert  string
}

func (s *server) reauthForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "reauth", &reauthView{Return: safeReturn(r.URL.Query().Get("terug"))}, nil)
	return nil
}

// reauth checks password and code as a login does and replaces the session
// with the new one.
func (s *server) reauth(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	rq := requestFrom(ctx)
	rv := &reauthView{Return: safeReturn(formValue(r, "terug"))}
	password, code := r.PostFormValue("wachtwoord"), formValue(r, "code")
	var v ga.Invalid
	if password == "" {
		v.Add("wachtwoord", nl("login.err_password"))
	}
	cf := codeForm{Code: code}
	v = append(v, cf.Validate()...)
	if len(v) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "reauth", rv, v)
		return nil
	}
	refuse := func(err error) error {
		switch ga.KindOf(err) {
		case ga.KindUnauthenticated, ga.KindInvalid:
			rv.Alert = translate(rq.lang, "reauth.wrong")
			s.render(w, r, http.StatusUnauthorized, "reauth", rv, nil)
			return nil
		case ga.KindLocked:
			rv.Alert = lockedMessage(rq.lang, err)
			s.render(w, r, http.StatusTooManyRequests, "reauth", rv, nil)
			return nil
		}
		return err
	}
	res, err := s.db.Login(ctx, rq.actor.Email, password, origin(r))
	if err != nil {
		return refuse(err)
	}
	token, err := s.db.VerifySecondFactor(ctx, res.Token, code, origin(r))
	if err != nil {
		s.db.Logout(ctx, res.Token)
		return refuse(err)
	}
	if err := s.db.Logout(ctx, rq.token); err != nil {
		return err
	}
	s.setSession(w, token)
	s.redirect(w, r, rv.Return)
	return nil
}
