package storage

import (
	"context"
	"net/url"
	"strings"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/auth"
)

// SessionStage is how far a login has come.
type SessionStage string

const (
	// StagePassword: the password was right; the second factor is next.
	StagePassword SessionStage = "wachtwoord"
	// StageEnrol: the password was right and the user has no second factor
	// yet; enrolment is next.
	StageEnrol SessionStage = "inschrijven"
	// StageComplete: both factors passed.
	StageComplete SessionStage = "volledig"
)

// totpIssuer names the application in authenticator apps.
const totpIssuer = "Groepsaanpak"

// seenInterval is how stale a session's last_seen_at may be before Session
// writes it again: a page that loads several resources then costs one write,
// at the price of an idle limit that may end up to this much early.
const seenInterval = 30 * time.Second

// Session is a login session. Only the hash of its token is stored.
type Session struct {
	UserID     string
	Stage      SessionStage
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// LoginResult is the outcome of a correct password.
type LoginResult struct {
	Token string // the new session's token, for the cookie
	Stage SessionStage
	User  *ga.User
}

// SetSessionPolicy replaces auth.DefaultSessionPolicy as the limits of login
// sessions. Call it before the database is used.
func (db *DB) SetSessionPolicy(p auth.SessionPolicy) { db.sessions = p }

// Login checks an e-mail address and password. Failed attempts are counted
// per account with growing delays and a lockout (auth.DefaultThrottle),
// and per address for an address without an account (login_failures, under
// a blind index), so that the throttle does not tell which accounts exist;
// while an address must wait or is locked, Login answers KindLocked without
// checking the password. An unknown address, a wrong password and an
// inactive account give the same KindUnauthenticated answer, after the same
// work, and the same KindLocked answers after the same failures. Every
// attempt is audited, refused ones in a committed transaction.
// On success it creates a session in StagePassword, or StageEnrol when the
// user has no second factor yet. A correct password does not yet forgive
// earlier failures; only a complete login (VerifySecondFactor) does, so
// that someone who knows the password cannot reset the count while guessing
// codes.
func (db *DB) Login(ctx context.Context, email, password, origin string) (*LoginResult, error) {
	const op = "storage.Login"
	ctx = ga.WithActor(ctx, &ga.Actor{Origin: origin})
	var res *LoginResult
	var refusal error
	err := db.Transact(ctx, func(tx *Tx) error {
		res, refusal = nil, nil
		c, err := tx.credentials(true, ga.NormalizeEmail(email))
		if isNoRows(err) {
			// Counted and throttled as an account is, so that neither the
			// answer nor its timing tells that there is none.
			f, err := tx.unknownFailures(op, ga.NormalizeEmail(email))
			if err != nil {
				return err
			}
			if refusal = tx.throttle(op, "", f.failures, &f.last); refusal != nil {
				return nil
			}
			_, _, _ = passwordParams.Verify(password, dummyHash(passwordParams))
			tx.Audit("login_failed", "user", "", ga.ResultDenied, "onbekend account")
			refusal = errWrongCredentials(op)
			return tx.recordUnknownFailure(op, f)
		}
		if err != nil {
			return ga.Wrap(op, err)
		}
		tx.actor = &ga.Actor{UserID: c.id, PartnerID: c.partnerID, Origin: origin}
		if refusal = tx.throttled(op, c); refusal != nil {
			return nil
		}
		ok, rehash, err := passwordParams.Verify(password, c.passwordHash)
		switch {
		case err != nil:
			// A corrupt hash is refused like a wrong password; the audit
			// line tells the administrator why.
			refusal = errWrongCredentials(op)
			return tx.recordFailure(op, c, "login_failed", "ongeldige wachtwoordhash")
		case !ok:
			refusal = errWrongCredentials(op)
			return tx.recordFailure(op, c, "login_failed", "onjuist wachtwoord")
		case !c.active:
			refusal = errWrongCredentials(op)
			tx.Audit("login_failed", "user", c.id, ga.ResultDenied, "account niet actief")
			return nil
		}
		if rehash {
			if hash, err := auth.HashPassword(password, passwordParams); err == nil {
				if _, err := tx.Exec(`UPDATE users SET password_hash = $2 WHERE id = $1`, c.id, hash); err != nil {
					return ga.Wrap(op, err)
				}
			}
		}
		stage := StagePassword
		if !c.totpEnrolled {
			stage = StageEnrol
		}
		token, err := tx.createSession(op, c.id, stage, origin)
		if err != nil {
			return err
		}
		u, err := tx.user(op, c.id, false)
		if err != nil {
			return err
		}
		tx.Audit("login", "user", c.id, ga.ResultSuccess, "wachtwoord juist; volgende stap: "+string(stage))
		res = &LoginResult{Token: token, Stage: stage, User: u}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if refusal != nil {
		return nil, refusal
	}
	return res, nil
}

// BeginEnrolment creates (or returns the pending) TOTP secret for the user of
// a StageEnrol session and returns the otpauth:// URL for the authenticator
// app and the secret in text. A session in another stage is KindConflict.
func (db *DB) BeginEnrolment(ctx context.Context, token string) (otpauthURL, secret string, err error) {
	const op = "storage.BeginEnrolment"
	var refusal error
	err = db.Transact(ctx, func(tx *Tx) error {
		refusal = nil
		s, c, err := tx.loginSession(op, token, originOf(ctx))
		if refused(err, &refusal) {
			return nil
		} else if err != nil {
			return err
		}
		if s.stage != StageEnrol || c.totpEnrolled {
			return ga.E(ga.KindConflict, op, "De tweede factor is al ingesteld.")
		}
		if err := tx.touchSession(op, s); err != nil {
			return err
		}
		if c.totpSecret != "" {
			secret, otpauthURL = c.totpSecret, totpURL(c.email, c.totpSecret)
			return nil
		}
		secret, otpauthURL, err = auth.NewTOTPSecret(totpIssuer, totpAccount(c.email))
		if err != nil {
			return ga.Wrap(op, err)
		}
		if _, err := tx.Exec(`UPDATE users SET totp_secret = $2, totp_enrolled = $3 WHERE id = $1`, c.id, secret, false); err != nil {
			return ga.Wrap(op, err)
		}
		tx.Audit("totp_enrolment_begin", "user", c.id, ga.ResultSuccess, "")
		return nil
	})
	if err == nil {
		err = refusal
	}
	if err != nil {
		return "", "", err
	}
	return otpauthURL, secret, nil
}

// VerifySecondFactor checks a TOTP code for a StagePassword or StageEnrol
// session. A code's time step is accepted once only (replay protection);
// wrong codes count as failed logins, and while the account must wait or is
// locked the code is not checked (KindLocked). On success the failed logins
// are forgiven, a pending enrolment is completed, and the session is
// replaced by a new StageComplete session (a fresh token, against session
// fixation), whose token is returned.
func (db *DB) VerifySecondFactor(ctx context.Context, token, code, origin string) (newToken string, err error) {
	const op = "storage.VerifySecondFactor"
	ctx = ga.WithActor(ctx, &ga.Actor{Origin: origin})
	var refusal error
	err = db.Transact(ctx, func(tx *Tx) error {
		newToken, refusal = "", nil
		s, c, err := tx.loginSession(op, token, origin)
		if refused(err, &refusal) {
			return nil
		} else if err != nil {
			return err
		}
		if s.stage == StageComplete {
			return ga.E(ga.KindConflict, op, "U bent al aangemeld.")
		}
		if c.totpSecret == "" {
			if s.stage == StageEnrol {
				return ga.E(ga.KindConflict, op, "Stel eerst de tweede factor in.")
			}
			// The second factor was reset after the password was checked:
			// start again, and enrol.
			refusal = errUnauthenticated(op)
			return tx.deleteSession(op, s)
		}
		if refusal = tx.throttled(op, c); refusal != nil {
			return nil
		}
		now := tx.Now()
		step, ok := auth.ValidateTOTP(code, c.totpSecret, now)
		if !ok || step <= c.totpLastStep {
			detail := "onjuiste code"
			if ok {
				detail = "code al gebruikt"
			}
			refusal = ga.E(ga.KindUnauthenticated, op, "De code is onjuist of al gebruikt.")
			return tx.recordFailure(op, c, "second_factor_failed", detail)
		}
		if _, err := tx.Exec(`UPDATE users SET totp_last_step = $2, totp_enrolled = $3, failed_logins = 0, last_failed_at = NULL,
			locked_until = NULL WHERE id = $1`, c.id, step, true); err != nil {
			return ga.Wrap(op, err)
		}
		if !c.totpEnrolled {
			tx.Audit("totp_enrolled", "user", c.id, ga.ResultSuccess, "")
		}
		if err := tx.deleteSession(op, s); err != nil {
			return err
		}
		if newToken, err = tx.createSession(op, c.id, StageComplete, origin); err != nil {
			return err
		}
		tx.Audit("second_factor_ok", "user", c.id, ga.ResultSuccess, "")
		return nil
	})
	if err == nil {
		err = refusal
	}
	if err != nil {
		return "", err
	}
	return newToken, nil
}

// Session returns the session for a token and the actor of its user, and
// marks it as seen. An expired session (idle 15 minutes or 8 hours since
// login, auth.DefaultSessionPolicy unless configured) is deleted and
// answers KindUnauthenticated, as does an unknown token and the session of
// an account that is no longer active. The actor is nil until the login is
// complete (StageComplete): a session halfway through the login gives no
// right to act.
func (db *DB) Session(ctx context.Context, token, origin string) (*Session, *ga.Actor, error) {
	const op = "storage.Session"
	ctx = ga.WithActor(ctx, &ga.Actor{Origin: origin})
	var sess *Session
	var actor *ga.Actor
	var refusal error
	// Most requests only read their session (it is touched at most every
	// seenInterval): Read runs them side by side, and again as a write
	// transaction when the session must be touched or deleted.
	err := db.Read(ctx, func(tx *Tx) error {
		sess, actor, refusal = nil, nil, nil
		s, err := tx.session(op, token, origin)
		if refused(err, &refusal) {
			return nil
		} else if err != nil {
			return err
		}
		a, active, err := tx.loadActor(op, s.userID)
		if err != nil {
			return err
		}
		a.Origin = origin
		tx.actor = a
		if !active {
			tx.Audit("session_expired", "session", "", ga.ResultDenied, "account niet actief")
			refusal = errUnauthenticated(op)
			return tx.deleteSession(op, s)
		}
		if err := tx.touchSession(op, s); err != nil {
			return err
		}
		sess = &Session{UserID: s.userID, Stage: s.stage, CreatedAt: s.created, LastSeenAt: s.lastSeen,
			ExpiresAt: tx.db.sessions.ExpiresAt(s.created, s.lastSeen)}
		if s.stage == StageComplete {
			actor = a
		}
		return nil
	})
	if err == nil {
		err = refusal
	}
	if err != nil {
		return nil, nil, err
	}
	return sess, actor, nil
}

// Logout deletes the session. An unknown or expired token is no error.
func (db *DB) Logout(ctx context.Context, token string) error {
	const op = "storage.Logout"
	if auth.ParseToken(auth.SessionTokenPrefix, token) != nil {
		return nil
	}
	origin := originOf(ctx)
	ctx = ga.WithActor(ctx, &ga.Actor{Origin: origin})
	return db.Transact(ctx, func(tx *Tx) error {
		var userID, partnerID string
		err := tx.QueryRow(`DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id`, auth.HashToken(token)).Scan(&userID)
		if isNoRows(err) {
			return nil
		}
		if err != nil {
			return ga.Wrap(op, err)
		}
		if err := tx.QueryRow(`SELECT partner_id FROM users WHERE id = $1`, userID).Scan(&partnerID); err != nil {
			return ga.Wrap(op, err)
		}
		tx.actor = &ga.Actor{UserID: userID, PartnerID: partnerID, Origin: origin}
		tx.Audit("logout", "session", "", ga.ResultSuccess, "")
		return nil
	})
}

// refused reports whether err is the KindUnauthenticated answer of a
// session lookup, which the caller commits (so that the deletion and audit
// of an expired session stay) before returning it; it stores err in
// refusal.
func refused(err error, refusal *error) bool {
	if ga.IsKind(err, ga.KindUnauthenticated) {
		*refusal = err
		return true
	}
	return false
}

// originOf is the network address of the actor in ctx, if any.
func originOf(ctx context.Context) string {
	if a := ga.ActorFrom(ctx); a != nil {
		return a.Origin
	}
	return ""
}

// sessionRow is a stored session.
type sessionRow struct {
	hash     []byte
	userID   string
	stage    SessionStage
	created  time.Time
	lastSeen time.Time
}

// session finds the session of a token. An unknown token is
// KindUnauthenticated; an expired session is deleted and audited, and is
// KindUnauthenticated too. The caller commits in both cases.
func (tx *Tx) session(op, token, origin string) (*sessionRow, error) {
	if auth.ParseToken(auth.SessionTokenPrefix, token) != nil {
		return nil, errUnauthenticated(op)
	}
	s := sessionRow{hash: auth.HashToken(token)}
	var stage string
	err := tx.QueryRow(`SELECT user_id, stage, created_at, last_seen_at FROM sessions WHERE token_hash = $1`+tx.db.Dialect().ForUpdate(), s.hash).
		Scan(&s.userID, &stage, &s.created, &s.lastSeen)
	if isNoRows(err) {
		return nil, errUnauthenticated(op)
	}
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	s.stage, s.created, s.lastSeen = SessionStage(stage), s.created.UTC(), s.lastSeen.UTC()
	if !tx.db.sessions.Valid(s.created, s.lastSeen, tx.Now()) {
		var partnerID string
		tx.QueryRow(`SELECT partner_id FROM users WHERE id = $1`, s.userID).Scan(&partnerID)
		tx.actor = &ga.Actor{UserID: s.userID, PartnerID: partnerID, Origin: origin}
		if err := tx.deleteSession(op, &s); err != nil {
			return nil, err
		}
		tx.Audit("session_expired", "session", "", ga.ResultSuccess, "")
		return nil, ga.E(ga.KindUnauthenticated, op, "Uw sessie is verlopen. Log opnieuw in.")
	}
	return &s, nil
}

// loginSession finds a valid session and locks its user's credentials, for
// the steps of a login. The session of an inactive account is deleted.
func (tx *Tx) loginSession(op, token, origin string) (*sessionRow, *credentials, error) {
	s, err := tx.session(op, token, origin)
	if err != nil {
		return nil, nil, err
	}
	c, err := tx.credentials(false, s.userID)
	if err != nil {
		return nil, nil, ga.Wrap(op, err)
	}
	tx.actor = &ga.Actor{UserID: c.id, PartnerID: c.partnerID, Origin: origin}
	if !c.active {
		if err := tx.deleteSession(op, s); err != nil {
			return nil, nil, err
		}
		tx.Audit("session_expired", "session", "", ga.ResultDenied, "account niet actief")
		return nil, nil, errUnauthenticated(op)
	}
	return s, c, nil
}

func (tx *Tx) createSession(op, userID string, stage SessionStage, origin string) (string, error) {
	plain, hash, err := auth.NewToken(auth.SessionTokenPrefix)
	if err != nil {
		return "", ga.Wrap(op, err)
	}
	now := tx.Now()
	if _, err := tx.Exec(`INSERT INTO sessions (token_hash, user_id, stage, created_at, last_seen_at, origin) VALUES ($1, $2, $3, $4, $4, $5)`,
		hash, userID, string(stage), now, origin); err != nil {
		return "", ga.Wrap(op, err)
	}
	return plain, nil
}

func (tx *Tx) deleteSession(op string, s *sessionRow) error {
	if _, err := tx.Exec(`DELETE FROM sessions WHERE token_hash = $1`, s.hash); err != nil {
		return ga.Wrap(op, err)
	}
	return nil
}

// touchSession records that the session was used now, unless it was within
// seenInterval.
func (tx *Tx) touchSession(op string, s *sessionRow) error {
	now := tx.Now()
	if now.Sub(s.lastSeen) < seenInterval {
		return nil
	}
	if _, err := tx.Exec(`UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1`, s.hash, now); err != nil {
		return ga.Wrap(op, err)
	}
	s.lastSeen = now
	return nil
}

// totpAccount is the account name shown in the authenticator app; the Key
// URI format does not allow a colon in it.
func totpAccount(email string) string { return strings.ReplaceAll(email, ":", "") }

// totpURL rebuilds the otpauth:// URL of a pending secret, in the form
// auth.NewTOTPSecret returns.
func totpURL(email, secret string) string {
	v := url.Values{}
	v.Set("algorithm", "SHA1")
	v.Set("digits", "6")
	v.Set("issuer", totpIssuer)
	v.Set("period", "30")
	v.Set("secret", secret)
	u := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + totpIssuer + ":" + totpAccount(email), RawQuery: v.Encode()}
	return u.String()
}
