package storage

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"strings"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/auth"
)

// federatedStateLifetime is how long a login may stay at the identity
// provider before its state is refused (federation.StateLifetime).
const federatedStateLifetime = 10 * time.Minute

// FederatedStart is a federated login that went to the identity provider:
// the values the callback needs, and the browser binding. Only hashes of
// State and Binding are stored.
type FederatedStart struct {
	IssuerID string
	State    string
	Binding  string
	Nonce    string
	Verifier string
}

// BeginFederatedLogin keeps a started federated login until the browser
// comes back (TakeFederatedLogin), and removes those that were never
// finished. The start is audited.
func (db *DB) BeginFederatedLogin(ctx context.Context, st FederatedStart, origin string) error {
	const op = "storage.BeginFederatedLogin"
	if st.IssuerID == "" || st.State == "" || st.Binding == "" || st.Nonce == "" || st.Verifier == "" {
		return ga.E(ga.KindInvalid, op, "Onvolledige inlogpoging.")
	}
	ctx = ga.WithActor(ctx, &ga.Actor{Origin: origin})
	return db.Transact(ctx, func(tx *Tx) error {
		now := tx.Now()
		if _, err := tx.Exec(`DELETE FROM oidc_login_states WHERE created_at < $1`, now.Add(-federatedStateLifetime)); err != nil {
			return ga.Wrap(op, err)
		}
		if _, err := tx.Exec(`INSERT INTO oidc_login_states (state_hash, binding_hash, issuer_id, nonce, verifier, origin, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, hashValue(st.State), hashValue(st.Binding), st.IssuerID, st.Nonce, st.Verifier, origin, now); err != nil {
			return ga.Wrap(op, err)
		}
		tx.Audit("oidc_login_start", "issuer", st.IssuerID, ga.ResultSuccess, "")
		return nil
	})
}

// errFederatedState is the one answer for a state that is unknown, used
// before, expired or bound to another browser.
func errFederatedState(op string) error {
	return ga.E(ga.KindUnauthenticated, op, "Deze inlogpoging is verlopen of ongeldig. Probeer opnieuw in te loggen.")
}

// TakeFederatedLogin returns and removes the started login of a state, so
// that a state is used once only. The binding (the browser's cookie value)
// must be the one the login was started with, and the login no older than
// ten minutes; otherwise it is refused (KindUnauthenticated) and the
// refusal audited. A state that matches is removed even when the binding
// does not, so that a stolen state cannot be tried twice.
func (db *DB) TakeFederatedLogin(ctx context.Context, state, binding, origin string) (*FederatedStart, error) {
	const op = "storage.TakeFederatedLogin"
	ctx = ga.WithActor(ctx, &ga.Actor{Origin: origin})
	var st *FederatedStart
	var refusal error
	err := db.Transact(ctx, func(tx *Tx) error {
		st, refusal = nil, nil
		if state == "" || len(state) > 512 {
			tx.Audit("oidc_login_failed", "issuer", "", ga.ResultDenied, "state ontbreekt")
			refusal = errFederatedState(op)
			return nil
		}
		var bindingHash []byte
		var created time.Time
		s := FederatedStart{State: state, Binding: binding}
		err := tx.QueryRow(`DELETE FROM oidc_login_states WHERE state_hash = $1 RETURNING binding_hash, issuer_id, nonce, verifier, created_at`,
			hashValue(state)).Scan(&bindingHash, &s.IssuerID, &s.Nonce, &s.Verifier, &created)
		if isNoRows(err) {
			tx.Audit("oidc_login_failed", "issuer", "", ga.ResultDenied, "state onbekend of al gebruikt")
			refusal = errFederatedState(op)
			return nil
		}
		if err != nil {
			return ga.Wrap(op, err)
		}
		switch {
		case binding == "" || subtle.ConstantTimeCompare(bindingHash, hashValue(binding)) != 1:
			tx.Audit("oidc_login_failed", "issuer", s.IssuerID, ga.ResultDenied, "state hoort bij een andere browser")
			refusal = errFederatedState(op)
		case !tx.Now().Before(created.Add(federatedStateLifetime)):
			tx.Audit("oidc_login_failed", "issuer", s.IssuerID, ga.ResultDenied, "state verlopen")
			refusal = errFederatedState(op)
		default:
			st = &s
		}
		return nil
	})
	if err == nil {
		err = refusal
	}
	if err != nil {
		return nil, err
	}
	return st, nil
}

// FederatedLoginRefused audits a federated login the application refused
// before it reached an account: the provider's error, a refused code
// exchange, an invalid ID token, a wrong nonce or claims it cannot use.
// The detail must hold no personal data beyond the provider's subject
// identifier.
func (db *DB) FederatedLoginRefused(ctx context.Context, issuerID, reason, detail, origin string) error {
	ctx = ga.WithActor(ctx, &ga.Actor{Origin: origin})
	return db.Transact(ctx, func(tx *Tx) error {
		d := reason
		if detail != "" {
			d += ": " + detail
		}
		tx.Audit("oidc_login_failed", "issuer", issuerID, ga.ResultDenied, d)
		return nil
	})
}

// FederatedLogin logs in the person an identity provider vouched for. The
// account is found by issuer and subject; the first login creates it for
// the configured partner. Every login brings the account's name, e-mail
// address, partner and roles in line with the provider's claims as the
// configuration maps them (role changes are audited). The new session is
// complete when the provider's acr counts as a second factor
// (id.SecondFactor); otherwise the local code is next, or its enrolment for
// an account that has none yet. Refusals are audited: an inactive account
// (KindUnauthenticated), an e-mail address that belongs to another account
// (KindConflict), an unknown partner or invalid claims (KindInvalid).
func (db *DB) FederatedLogin(ctx context.Context, id *ga.FederatedIdentity, origin string) (*LoginResult, error) {
	const op = "storage.FederatedLogin"
	ctx = ga.WithActor(ctx, &ga.Actor{Origin: origin})
	var res *LoginResult
	var refusal error
	err := db.Transact(ctx, func(tx *Tx) error {
		res, refusal = nil, nil
		deny := func(err error, detail string) error {
			tx.Audit("oidc_login_failed", "issuer", id.IssuerID, ga.ResultDenied, detail)
			refusal = err
			return nil
		}
		if err := id.Validate(); err != nil {
			return deny(err, "claims ongeldig")
		}
		if _, err := tx.partner(op, id.PartnerID); ga.IsKind(err, ga.KindNotFound) {
			return deny(ga.E(ga.KindInvalid, op, "De inlogdienst is aan een onbekende partner gekoppeld. Neem contact op met de beheerder."),
				"partner van de inlogdienst bestaat niet")
		} else if err != nil {
			return err
		}
		email, name := ga.NormalizeEmail(id.Email), strings.TrimSpace(id.Name)
		now := tx.Now()
		var userID string
		err := tx.QueryRow(`SELECT user_id FROM federated_identities WHERE issuer = $1 AND subject = $2`+tx.db.Dialect().ForUpdate(),
			id.Issuer, id.Subject).Scan(&userID)
		switch {
		case isNoRows(err):
			var taken int
			if err := tx.QueryRow(`SELECT COUNT(*) FROM users WHERE email = $1`, email).Scan(&taken); err != nil {
				return ga.Wrap(op, err)
			}
			if taken > 0 {
				return deny(errEmailTaken(op), "e-mailadres hoort bij een ander account; sub="+id.Subject)
			}
			hash, err := unusablePassword()
			if err != nil {
				return ga.Wrap(op, err)
			}
			userID = NewID()
			if _, err := tx.Exec(`INSERT INTO users (id, partner_id, email, name, roles, active, password_hash, totp_secret, totp_enrolled,
				totp_last_step, failed_logins, last_failed_at, locked_until, demo, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, '', $8, 0, 0, NULL, NULL, $8, $9)`,
				userID, id.PartnerID, email, name, formatRoles(id.Roles), true, hash, false, now); err != nil {
				return ga.Wrap(op, err)
			}
			if _, err := tx.Exec(`INSERT INTO federated_identities (issuer, subject, issuer_id, user_id, created_at, last_login_at)
				VALUES ($1, $2, $3, $4, $5, $5)`, id.Issuer, id.Subject, id.IssuerID, userID, now); err != nil {
				return ga.Wrap(op, err)
			}
			tx.actor = &ga.Actor{UserID: userID, PartnerID: id.PartnerID, Origin: origin}
			tx.Audit("user_create", "user", userID, ga.ResultSuccess, "via inlogdienst "+id.IssuerID+"; rollen="+formatRoles(id.Roles))
		case err != nil:
			return ga.Wrap(op, err)
		default:
			old, err := tx.user(op, userID, true)
			if err != nil {
				return err
			}
			tx.actor = &ga.Actor{UserID: userID, PartnerID: old.PartnerID, Origin: origin}
			if !old.Active {
				return deny(ga.E(ga.KindUnauthenticated, op, "Uw account in Groepsaanpak is uitgeschakeld. Neem contact op met de beheerder."),
					"account niet actief")
			}
			if email != old.Email {
				var taken int
				if err := tx.QueryRow(`SELECT COUNT(*) FROM users WHERE email = $1 AND id <> $2`, email, userID).Scan(&taken); err != nil {
					return ga.Wrap(op, err)
				}
				if taken > 0 {
					return deny(errEmailTaken(op), "nieuw e-mailadres hoort bij een ander account")
				}
			}
			if _, err := tx.Exec(`UPDATE users SET partner_id = $2, email = $3, name = $4, roles = $5 WHERE id = $1`,
				userID, id.PartnerID, email, name, formatRoles(id.Roles)); err != nil {
				return ga.Wrap(op, err)
			}
			if _, err := tx.Exec(`UPDATE federated_identities SET last_login_at = $3, issuer_id = $4 WHERE issuer = $1 AND subject = $2`,
				id.Issuer, id.Subject, now, id.IssuerID); err != nil {
				return ga.Wrap(op, err)
			}
			tx.actor.PartnerID = id.PartnerID
			var changes []string
			if old.PartnerID != id.PartnerID {
				changes = append(changes, "partner")
			}
			if old.Email != email {
				changes = append(changes, "email")
			}
			if old.Name != name {
				changes = append(changes, "naam")
			}
			if len(changes) > 0 {
				tx.Audit("user_update", "user", userID, ga.ResultSuccess, "via inlogdienst "+id.IssuerID+": "+strings.Join(changes, ","))
			}
			if formatRoles(old.Roles) != formatRoles(id.Roles) {
				tx.Audit("user_roles_change", "user", userID, ga.ResultSuccess,
					"via inlogdienst "+id.IssuerID+": "+formatRoles(old.Roles)+" -> "+formatRoles(id.Roles))
			}
		}
		c, err := tx.credentials(false, userID)
		if err != nil {
			return ga.Wrap(op, err)
		}
		stage := StageComplete
		switch {
		case id.SecondFactor:
		case c.totpEnrolled:
			stage = StagePassword
		default:
			stage = StageEnrol
		}
		token, err := tx.createSession(op, userID, stage, origin)
		if err != nil {
			return err
		}
		u, err := tx.user(op, userID, false)
		if err != nil {
			return err
		}
		detail := "inlogdienst " + id.IssuerID + "; acr=" + id.ACR + "; volgende stap: " + string(stage)
		if id.SecondFactor {
			detail = "inlogdienst " + id.IssuerID + "; acr=" + id.ACR + " geldt als tweede factor"
		}
		tx.Audit("oidc_login", "user", userID, ga.ResultSuccess, detail)
		res = &LoginResult{Token: token, Stage: stage, User: u}
		return nil
	})
	if err == nil {
		err = refusal
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// FederatedIdentity is the link of an account to an identity provider.
type FederatedIdentity struct {
	Issuer      string
	Subject     string
	IssuerID    string
	UserID      string
	CreatedAt   time.Time
	LastLoginAt time.Time
}

// FederatedIdentityOf returns the provider link of a user, or KindNotFound
// for a local account (policy ga.CanManageUsers, or the user itself).
func (db *DB) FederatedIdentityOf(ctx context.Context, userID string) (*FederatedIdentity, error) {
	const op = "storage.FederatedIdentityOf"
	var fi FederatedIdentity
	err := db.Transact(ctx, func(tx *Tx) error {
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		if !a.System && !ga.CanManageUsers(a) && a.UserID != userID {
			return ga.ErrForbidden(op)
		}
		err = tx.QueryRow(`SELECT issuer, subject, issuer_id, user_id, created_at, last_login_at FROM federated_identities WHERE user_id = $1`, userID).
			Scan(&fi.Issuer, &fi.Subject, &fi.IssuerID, &fi.UserID, &fi.CreatedAt, &fi.LastLoginAt)
		return notFound(op, err)
	})
	if err != nil {
		return nil, err
	}
	fi.CreatedAt, fi.LastLoginAt = fi.CreatedAt.UTC(), fi.LastLoginAt.UTC()
	return &fi, nil
}

func errEmailTaken(op string) error {
	return ga.E(ga.KindConflict, op, "Het e-mailadres dat de inlogdienst doorgeeft, hoort al bij een ander account in Groepsaanpak. Neem contact op met de beheerder.")
}

// hashValue is the stored form of a state or browser binding.
func hashValue(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

// unusablePassword is the password hash of an account that logs in through
// an identity provider: the hash of 256 random bits nobody ever saw, so
// that a password login on it fails like any wrong password.
func unusablePassword() (string, error) {
	b := make([]byte, 32)
	rand.Read(b)
	return auth.HashPassword(base64.RawURLEncoding.EncodeToString(b), passwordParams)
}
