package web

import (
	"errors"
	"net/http"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/auth"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// handlerFunc is a page handler that returns its error instead of writing
// it, so that every error reaches the one mapping in errors.go.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// sessionCookie names the login session's cookie. Over TLS it carries the
// __Host- prefix, which makes the browser refuse it unless it is Secure,
// has Path=/ and no Domain: a sibling subdomain cannot plant or overwrite it.
func (s *server) sessionCookie() string {
	if s.tls {
		return "__Host-groepsaanpak-sessie"
	}
	return "groepsaanpak-sessie"
}

// setSession stores a session token in the cookie. The cookie has no
// expiry of its own: the storage ends the session after 15 idle minutes,
// and a browser session cookie disappears when the browser closes.
func (s *server) setSession(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{
		Name:     s.sessionCookie(),
		Value:    token,
		Path:     "/",
		HttpOnly: true,
		Secure:   s.tls,
		SameSite: http.SameSiteStrictMode,
	})
}

// clearSession removes the session cookie.
func (s *server) clearSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name:     s.sessionCookie(),
		Value:    "",
		Path:     "/",
		MaxAge:   -1,
		HttpOnly: true,
		Secure:   s.tls,
		SameSite: http.SameSiteStrictMode,
	})
}

// sessionToken returns the session token from the cookie, or "" when there
// is none or it cannot be a session token, so that garbage never reaches
// the database.
func (s *server) sessionToken(r *http.Request) string {
	c, err := r.Cookie(s.sessionCookie())
	if err != nil || auth.ParseToken(auth.SessionTokenPrefix, c.Value) != nil {
		return ""
	}
	return c.Value
}

// public adapts a handler that needs no login. A URL whose text no page
// can hold (checkURLText) is answered before the handler runs.
func (s *server) public(fn handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := checkURLText(r)
		if err == nil {
			err = fn(w, r)
		}
		if err != nil {
			s.renderError(w, r, err)
		}
	})
}

// authed adapts a handler that needs a complete login. Without a session
// the user is sent to the login page; with a session that ended (idle for
// 15 minutes, or logged out elsewhere) the login page says so; a login that
// is half done continues at its next step. The actor goes into the context,
// where the storage finds it for its policy checks and audit lines.
func (s *server) authed(fn handlerFunc) http.Handler {
	return s.public(func(w http.ResponseWriter, r *http.Request) error {
		sess, actor, token, ok := s.loadSession(w, r)
		if !ok {
			return nil
		}
		if sess.Stage != storage.StageComplete {
			s.redirect(w, r, stagePath(sess.Stage))
			return nil
		}
		if actor == nil {
			return ga.Wrap("web.authed", errors.New("complete session without actor"))
		}
		return fn(w, withActor(r, actor, sess, token))
	})
}

// stage adapts a handler of a login step, which needs a session in exactly
// that stage.
func (s *server) stage(want storage.SessionStage, fn handlerFunc) http.Handler {
	return s.public(func(w http.ResponseWriter, r *http.Request) error {
		sess, actor, token, ok := s.loadSession(w, r)
		if !ok {
			return nil
		}
		if sess.Stage != want {
			s.redirect(w, r, stagePath(sess.Stage))
			return nil
		}
		return fn(w, withActor(r, actor, sess, token))
	})
}

// loadSession checks the session cookie. When there is no valid session it
// has already answered with a redirect to the login page and returns false.
func (s *server) loadSession(w http.ResponseWriter, r *http.Request) (*storage.Session, *ga.Actor, string, bool) {
	token := s.sessionToken(r)
	if token == "" {
		if _, err := r.Cookie(s.sessionCookie()); err == nil {
			s.clearSession(w)
		}
		s.redirect(w, r, "/inloggen")
		return nil, nil, "", false
	}
	sess, actor, err := s.db.Session(r.Context(), token, origin(r))
	if err != nil {
		if ga.IsKind(err, ga.KindUnauthenticated) {
			s.clearSession(w)
			s.setFlash(w, flashSessionExpired)
			s.redirect(w, r, "/inloggen")
			return nil, nil, "", false
		}
		s.renderError(w, r, err)
		return nil, nil, "", false
	}
	if actor != nil && actor.Origin == "" {
		actor.Origin = origin(r)
	}
	return sess, actor, token, true
}

// withActor records the session for the handler. The actor (nil until the
// login is complete: a half-done login gives no right to act) goes into the
// context, where the storage finds it for its policy and audit lines.
func withActor(r *http.Request, actor *ga.Actor, sess *storage.Session, token string) *http.Request {
	rq := requestFrom(r.Context())
	rq.session, rq.token = sess, token
	if actor == nil {
		return r
	}
	rq.actor = actor
	return r.WithContext(ga.WithActor(r.Context(), actor))
}

// stagePath is the page where a login in the given stage continues.
func stagePath(st storage.SessionStage) string {
	switch st {
	case storage.StagePassword:
		return "/inloggen/code"
	case storage.StageEnrol:
		return "/inloggen/instellen"
	}
	return "/"
}

// redirect answers with 303 See Other, so that a browser follows a form
// POST with a GET and a reload never submits the form again.
func (s *server) redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// flashCookie carries a message for the next page, such as "signature
// recorded" after a form redirects. It holds only a catalog key, never
// text from the user.
const flashCookie = "groepsaanpak-melding"

// The flash messages; each is a catalog key.
const (
	flashSessionExpired = "flash.session_expired"
	flashLoggedOut      = "flash.logged_out"
	flashSaved          = "flash.saved"
	flashDeclared       = "flash.declared"
	flashSigned         = "flash.signed"
	flashWpg20          = "flash.wpg20"
	flashProposed       = "flash.proposed"
	flashApproved       = "flash.approved"
	flashInForce        = "flash.in_force"
	flashWithdrawn      = "flash.withdrawn"
	flashRegister       = "flash.register"
	flashDisputeRaised  = "flash.dispute_raised"
	flashResolved       = "flash.resolved"
	flashPartnerSaved   = "flash.partner_saved"
	flashUserSaved      = "flash.user_saved"
	flashFactorReset    = "flash.factor_reset"
	flashTokenRevoked   = "flash.token_revoked"
	flashTermsSaved     = "flash.terms_saved"

	// Casework.
	flashGroupCreated          = "flash.group_created"
	flashStepMoved             = "flash.step_moved"
	flashGroupClosed           = "flash.group_closed"
	flashAnswered              = "flash.answered"
	flashDecided               = "flash.decided"
	flashParticipantAdded      = "flash.participant_added"
	flashParticipantRemoved    = "flash.participant_removed"
	flashItemCreated           = "flash.item_created"
	flashItemSaved             = "flash.item_saved"
	flashInvolvement           = "flash.involvement"
	flashPersonCreated         = "flash.person_created"
	flashPersonSaved           = "flash.person_saved"
	flashRepresentativeAdded   = "flash.representative_added"
	flashRepresentativeRemoved = "flash.representative_removed"
	flashMembershipAdded       = "flash.membership_added"
	flashMembershipEnded       = "flash.membership_ended"
	flashPlanSaved             = "flash.plan_saved"
	flashPlanAdopted           = "flash.plan_adopted"
	flashMeasureCreated        = "flash.measure_created"
	flashMeasureCreatedHidden  = "flash.measure_created_hidden"
	flashMeasureSaved          = "flash.measure_saved"
	flashMeetingCreated        = "flash.meeting_created"
	flashMeetingSaved          = "flash.meeting_saved"
	flashInvited               = "flash.invited"
	flashAttendance            = "flash.attendance"
	flashAgreementAdded        = "flash.agreement_added"
	flashAgreementDone         = "flash.agreement_done"
)

// caseworkFlashes are the flash messages of the casework pages, for the
// catalog test.
var caseworkFlashes = []string{
	flashGroupCreated, flashStepMoved, flashGroupClosed, flashAnswered, flashDecided, flashParticipantAdded,
	flashParticipantRemoved, flashItemCreated, flashItemSaved, flashInvolvement, flashPersonCreated, flashPersonSaved,
	flashRepresentativeAdded, flashRepresentativeRemoved, flashMembershipAdded, flashMembershipEnded, flashPlanSaved,
	flashPlanAdopted, flashMeasureCreated, flashMeasureCreatedHidden, flashMeasureSaved, flashMeetingCreated, flashMeetingSaved, flashInvited,
	flashAttendance, flashAgreementAdded, flashAgreementDone,
}

// flashWarnings are the flash messages shown as a warning rather than as a
// confirmation.
var flashWarnings = map[string]bool{flashSessionExpired: true, flashMeasureCreatedHidden: true}

func (s *server) setFlash(w http.ResponseWriter, key string) {
	http.SetCookie(w, &http.Cookie{
		Name:     flashCookie,
		Value:    key,
		Path:     "/",
		MaxAge:   60,
		HttpOnly: true,
		Secure:   s.tls,
		SameSite: http.SameSiteStrictMode,
	})
}

// takeFlash returns the pending flash message's key and clears it. A value
// that is not a flash key of the catalog is ignored.
func (s *server) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{
		Name: flashCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.tls, SameSite: http.SameSiteStrictMode,
		Expires: time.Unix(0, 0),
	})
	if _, ok := catalog[langNL][c.Value]; !ok || len(c.Value) < 6 || c.Value[:6] != "flash." {
		return ""
	}
	return c.Value
}

// personal adapts a handler that shows or changes personal data. On top of
// a complete login it requires what every processing of personal data by a
// person requires (ga.CheckPersonalDataAccess): the Art 8 gate is open, the
// actor's roles may see personal data, and the actor accepted the
// confidentiality duty of Art 5.1 for the covenant version in force. The
// refusal is the gate page (409) or the "not allowed" page with a link to
// the declaration (403). The storage checks the same again in its own
// transaction; this check gives the user the clear page first.
func (s *server) personal(fn handlerFunc) http.Handler {
	return s.authed(func(w http.ResponseWriter, r *http.Request) error {
		state, err := s.db.GateState(r.Context())
		if err != nil {
			return err
		}
		if err := ga.CheckPersonalDataAccess(requestFrom(r.Context()).actor, state, s.db.Now()); err != nil {
			return err
		}
		return fn(w, r)
	})
}
