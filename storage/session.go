package storage

import (
	"context"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
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

// Login checks an e-mail address and password. Failed attempts are counted
// per account with growing delays and a lockout (auth.DefaultThrottle);
// while an account must wait or is locked, Login answers KindLocked without
// checking the password. An unknown address and a wrong password give the
// same KindUnauthenticated answer. Every attempt is audited. On success it
// creates a session in StagePassword, or StageEnrol when the user has no
// second factor yet.
func (db *DB) Login(ctx context.Context, email, password, origin string) (*LoginResult, error) {
	panic("not implemented")
}

// BeginEnrolment creates (or returns the pending) TOTP secret for the user of
// a StageEnrol session and returns the otpauth:// URL for the authenticator
// app and the secret in text.
func (db *DB) BeginEnrolment(ctx context.Context, token string) (otpauthURL, secret string, err error) {
	panic("not implemented")
}

// VerifySecondFactor checks a TOTP code for a StagePassword or StageEnrol
// session. A code's time step is accepted once only (replay protection);
// wrong codes count as failed logins. On success the session is replaced by
// a new StageComplete session (a fresh token, against session fixation),
// whose token is returned.
func (db *DB) VerifySecondFactor(ctx context.Context, token, code, origin string) (newToken string, err error) {
	panic("not implemented")
}

// Session returns the session for a token and the actor of its user, and
// marks it as seen. An expired session (idle 15 minutes or 8 hours since
// login, auth.DefaultSessionPolicy unless configured) is deleted and
// answers KindUnauthenticated, as does an unknown token.
func (db *DB) Session(ctx context.Context, token, origin string) (*Session, *ga.Actor, error) {
	panic("not implemented")
}

// Logout deletes the session.
func (db *DB) Logout(ctx context.Context, token string) error { panic("not implemented") }
