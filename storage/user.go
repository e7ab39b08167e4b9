package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/auth"
)

// passwordParams are the argon2id parameters of new password hashes. Tests
// of this package set the cheap auth.TestParams.
var passwordParams = auth.DefaultParams

// loginThrottle slows down and locks out password and code guessing per
// account, and per e-mail address for an address without an account.
var loginThrottle = auth.DefaultThrottle

const userColumns = `id, partner_id, email, name, roles, active, totp_enrolled, locked_until, created_at`

// CreateUser adds a user with an initial password (policy
// ga.CanManageUsers, or the system actor). The second factor is enrolled at
// first login. It normalises u.Email and sets u.ID and u.CreatedAt. A taken
// e-mail address is KindConflict; a password that does not meet
// auth.ValidatePasswordPolicy is KindInvalid under "wachtwoord".
func (db *DB) CreateUser(ctx context.Context, u *ga.User, password string) error {
	const op = "storage.CreateUser"
	return db.act(ctx, "user_create", "user", "", func(tx *Tx) error {
		if _, err := requireUserManager(tx, op); err != nil {
			return err
		}
		u.Email = ga.NormalizeEmail(u.Email)
		var v ga.Invalid
		if err := u.Validate(); err != nil {
			v = append(v, err.(*ga.Error).Details...)
		}
		if err := auth.ValidatePasswordPolicy(password); err != nil {
			v.Add("wachtwoord", err.Error())
		}
		if u.PartnerID != "" {
			if _, err := tx.partner(op, u.PartnerID); ga.IsKind(err, ga.KindNotFound) {
				v.Add("partnerId", "Kies de partner waarvoor de gebruiker werkt.")
			} else if err != nil {
				return err
			}
		}
		if err := v.Err(op); err != nil {
			return err
		}
		hash, err := auth.HashPassword(password, passwordParams)
		if err != nil {
			return ga.Wrap(op, err)
		}
		id, now := NewID(), tx.Now()
		_, err = tx.Exec(`INSERT INTO users (id, partner_id, email, name, roles, active, password_hash, totp_secret, totp_enrolled,
			totp_last_step, failed_logins, last_failed_at, locked_until, demo, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, '', $8, 0, 0, NULL, NULL, $8, $9)`,
			id, u.PartnerID, u.Email, u.Name, formatRoles(u.Roles), u.Active, hash, false, now)
		if isUniqueViolation(err) {
			return ga.E(ga.KindConflict, op, "Er is al een gebruiker met dit e-mailadres.", ga.Detail{Name: "email", Message: "Dit e-mailadres is al in gebruik."})
		}
		if err != nil {
			return ga.Wrap(op, err)
		}
		u.ID, u.CreatedAt, u.TOTPEnrolled, u.LockedUntil = id, now, false, nil
		tx.Audit("user_create", "user", id, ga.ResultSuccess, "rollen="+formatRoles(u.Roles))
		return nil
	})
}

// UpdateUser changes a user's name, partner, roles and whether the account
// is active (policy ga.CanManageUsers); the e-mail address stays as it is.
// Deactivating ends the user's sessions and revokes its API tokens. An admin
// cannot deactivate the own account or give up the own admin role, so that
// an installation never loses its last admin by a slip.
func (db *DB) UpdateUser(ctx context.Context, u *ga.User) error {
	const op = "storage.UpdateUser"
	return db.act(ctx, "user_update", "user", u.ID, func(tx *Tx) error {
		a, err := requireUserManager(tx, op)
		if err != nil {
			return err
		}
		old, err := tx.user(op, u.ID, true)
		if err != nil {
			return err
		}
		u.Email = old.Email
		var v ga.Invalid
		if err := u.Validate(); err != nil {
			v = append(v, err.(*ga.Error).Details...)
		}
		if u.PartnerID != "" {
			if _, err := tx.partner(op, u.PartnerID); ga.IsKind(err, ga.KindNotFound) {
				v.Add("partnerId", "Kies de partner waarvoor de gebruiker werkt.")
			} else if err != nil {
				return err
			}
		}
		if u.ID == a.UserID && !u.Active {
			v.Add("actief", "U kunt uw eigen account niet uitschakelen.")
		}
		if u.ID == a.UserID && a.Has(ga.RoleAdmin) && !u.HasRole(ga.RoleAdmin) {
			v.Add("rollen", "U kunt uw eigen beheerdersrol niet intrekken.")
		}
		if err := v.Err(op); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE users SET name = $2, partner_id = $3, roles = $4, active = $5 WHERE id = $1`,
			u.ID, u.Name, u.PartnerID, formatRoles(u.Roles), u.Active); err != nil {
			return ga.Wrap(op, err)
		}
		var changes []string
		if u.PartnerID != old.PartnerID {
			changes = append(changes, "partner")
		}
		if u.Name != old.Name {
			changes = append(changes, "naam")
		}
		switch {
		case old.Active && !u.Active:
			changes = append(changes, "gedeactiveerd")
		case !old.Active && u.Active:
			changes = append(changes, "geactiveerd")
		}
		tx.Audit("user_update", "user", u.ID, ga.ResultSuccess, strings.Join(changes, ","))
		if formatRoles(u.Roles) != formatRoles(old.Roles) {
			tx.Audit("user_roles_change", "user", u.ID, ga.ResultSuccess, formatRoles(old.Roles)+" -> "+formatRoles(u.Roles))
		}
		if !u.Active {
			if err := tx.endAccess(op, u.ID, true); err != nil {
				return err
			}
		}
		u.CreatedAt, u.TOTPEnrolled, u.LockedUntil = old.CreatedAt, old.TOTPEnrolled, old.LockedUntil
		return nil
	})
}

// Users lists every user by name (admin only).
func (db *DB) Users(ctx context.Context) ([]ga.User, error) {
	const op = "storage.Users"
	var out []ga.User
	err := db.Transact(ctx, func(tx *Tx) error {
		if _, err := requireUserManager(tx, op); err != nil {
			return err
		}
		rows, err := tx.Query(`SELECT ` + userColumns + ` FROM users ORDER BY name, email`)
		if err != nil {
			return ga.Wrap(op, err)
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return ga.Wrap(op, err)
			}
			out = append(out, *u)
		}
		return ga.Wrap(op, rows.Err())
	})
	return out, err
}

// User returns one user: the actor itself, or any user for an admin. Any
// other user is KindNotFound.
func (db *DB) User(ctx context.Context, id string) (*ga.User, error) {
	const op = "storage.User"
	var u *ga.User
	err := db.Transact(ctx, func(tx *Tx) error {
		_, err := requireSelfOrUserManager(tx, op, id)
		if err != nil {
			return err
		}
		u, err = tx.user(op, id, false)
		return err
	})
	return u, err
}

// UserByEmail returns the user with the e-mail address, for the command line
// (system actor or admin).
func (db *DB) UserByEmail(ctx context.Context, email string) (*ga.User, error) {
	const op = "storage.UserByEmail"
	var u *ga.User
	err := db.Transact(ctx, func(tx *Tx) error {
		_, err := requireUserManager(tx, op)
		if err != nil {
			return err
		}
		u, err = scanUser(tx.QueryRow(`SELECT `+userColumns+` FROM users WHERE email = $1`, ga.NormalizeEmail(email)))
		return notFound(op, err)
	})
	return u, err
}

// SetPassword replaces a user's password: the user itself, an admin, or the
// system actor. When someone else sets it (a reset), the account's failed
// logins are forgiven and its sessions end.
func (db *DB) SetPassword(ctx context.Context, userID, password string) error {
	const op = "storage.SetPassword"
	return db.act(ctx, "password_set", "user", userID, func(tx *Tx) error {
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		self := !a.System && a.UserID == userID
		if !self && !a.System && !ga.CanManageUsers(a) {
			return ga.ErrForbidden(op)
		}
		if _, err := tx.user(op, userID, true); err != nil {
			return err
		}
		if err := auth.ValidatePasswordPolicy(password); err != nil {
			return ga.E(ga.KindInvalid, op, "De invoer is niet geldig.", ga.Detail{Name: "wachtwoord", Message: err.Error()})
		}
		hash, err := auth.HashPassword(password, passwordParams)
		if err != nil {
			return ga.Wrap(op, err)
		}
		if _, err := tx.Exec(`UPDATE users SET password_hash = $2 WHERE id = $1`, userID, hash); err != nil {
			return ga.Wrap(op, err)
		}
		detail := "zelf"
		if !self {
			detail = "herstel"
			if _, err := tx.Exec(`UPDATE users SET failed_logins = 0, last_failed_at = NULL, locked_until = NULL WHERE id = $1`, userID); err != nil {
				return ga.Wrap(op, err)
			}
			if err := tx.endAccess(op, userID, false); err != nil {
				return err
			}
		}
		tx.Audit("password_set", "user", userID, ga.ResultSuccess, detail)
		return nil
	})
}

// ResetSecondFactor removes a user's TOTP secret and passkeys so that they
// enrol again at the next login (admin only): a lost phone or security key
// must not stay a way in. The user's sessions end.
func (db *DB) ResetSecondFactor(ctx context.Context, userID string) error {
	const op = "storage.ResetSecondFactor"
	return db.act(ctx, "second_factor_reset", "user", userID, func(tx *Tx) error {
		if _, err := requireUserManager(tx, op); err != nil {
			return err
		}
		if _, err := tx.user(op, userID, true); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE users SET totp_secret = '', totp_enrolled = $2, totp_last_step = 0 WHERE id = $1`, userID, false); err != nil {
			return ga.Wrap(op, err)
		}
		if _, err := tx.Exec(`DELETE FROM passkeys WHERE user_id = $1`, userID); err != nil {
			return ga.Wrap(op, err)
		}
		if err := tx.endAccess(op, userID, false); err != nil {
			return err
		}
		tx.Audit("second_factor_reset", "user", userID, ga.ResultSuccess, "")
		return nil
	})
}

// SetSecondFactor enrols a known TOTP secret for a user (system actor or
// admin), so that the demo loader can prepare demo accounts whose codes it
// can show. A secret that is not base32 of at least 128 bits is KindInvalid.
func (db *DB) SetSecondFactor(ctx context.Context, userID, secret string) error {
	const op = "storage.SetSecondFactor"
	return db.act(ctx, "totp_enrolled", "user", userID, func(tx *Tx) error {
		if _, err := requireUserManager(tx, op); err != nil {
			return err
		}
		if _, err := tx.user(op, userID, true); err != nil {
			return err
		}
		if _, err := auth.TOTPCode(secret, tx.Now()); err != nil {
			return ga.E(ga.KindInvalid, op, "De invoer is niet geldig.", ga.Detail{Name: "geheim", Message: "Het TOTP-geheim moet base32 zijn en ten minste 128 bits lang."})
		}
		if _, err := tx.Exec(`UPDATE users SET totp_secret = $2, totp_enrolled = $3, totp_last_step = 0 WHERE id = $1`, userID, secret, true); err != nil {
			return ga.Wrap(op, err)
		}
		tx.Audit("totp_enrolled", "user", userID, ga.ResultSuccess, "vooraf ingesteld")
		return nil
	})
}

// Actor loads the actor for a user: partner, partner kind, roles and the
// covenant version of the latest confidentiality declaration. The system
// actor, an admin and the user itself may ask; any other user is
// KindNotFound, and an inactive account KindUnauthenticated. The origin of
// the actor in ctx is carried over.
func (db *DB) Actor(ctx context.Context, userID string) (*ga.Actor, error) {
	const op = "storage.Actor"
	var out *ga.Actor
	err := db.Transact(ctx, func(tx *Tx) error {
		a, err := requireSelfOrUserManager(tx, op, userID)
		if err != nil {
			return err
		}
		actor, active, err := tx.loadActor(op, userID)
		if err != nil {
			return err
		}
		if !active {
			return ga.E(ga.KindUnauthenticated, op, "Dit account is niet actief.")
		}
		actor.Origin = a.Origin
		out = actor
		return nil
	})
	return out, err
}

// loadActor loads the actor of a user and whether the account is active.
// Session, AuthenticateToken and Actor all build their actor here.
func (tx *Tx) loadActor(op, userID string) (*ga.Actor, bool, error) {
	var a ga.Actor
	var kind, roles string
	var active bool
	err := tx.QueryRow(`SELECT u.id, u.email, u.name, u.partner_id, p.kind, u.roles, u.active,
			COALESCE((SELECT MAX(d.covenant_version) FROM confidentiality_declarations d WHERE d.user_id = u.id), 0)
		FROM users u JOIN partners p ON p.id = u.partner_id WHERE u.id = $1`, userID).
		Scan(&a.UserID, &a.Email, &a.Name, &a.PartnerID, &kind, &roles, &active, &a.DeclaredVersion)
	if err != nil {
		return nil, false, notFound(op, err)
	}
	a.PartnerKind, a.Roles = ga.PartnerKind(kind), parseRoles(roles)
	return &a, active, nil
}

func (tx *Tx) user(op, id string, lock bool) (*ga.User, error) {
	q := `SELECT ` + userColumns + ` FROM users WHERE id = $1`
	if lock {
		q += tx.db.Dialect().ForUpdate()
	}
	u, err := scanUser(tx.QueryRow(q, id))
	if err != nil {
		return nil, notFound(op, err)
	}
	return u, nil
}

// endAccess ends every session of a user and, with tokens, revokes the
// user's API tokens.
func (tx *Tx) endAccess(op, userID string, tokens bool) error {
	if _, err := tx.Exec(`DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
		return ga.Wrap(op, err)
	}
	if tokens {
		if _, err := tx.Exec(`UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, userID, tx.Now()); err != nil {
			return ga.Wrap(op, err)
		}
	}
	return nil
}

func scanUser(s scanner) (*ga.User, error) {
	var u ga.User
	var roles string
	var locked sql.NullTime
	if err := s.Scan(&u.ID, &u.PartnerID, &u.Email, &u.Name, &roles, &u.Active, &u.TOTPEnrolled, &locked, &u.CreatedAt); err != nil {
		return nil, err
	}
	u.Roles, u.LockedUntil, u.CreatedAt = parseRoles(roles), timePtr(locked), u.CreatedAt.UTC()
	return &u, nil
}

// formatRoles is the comma-separated form in which users.roles keeps the
// roles.
func formatRoles(roles []ga.Role) string {
	s := make([]string, len(roles))
	for i, r := range roles {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

func parseRoles(s string) []ga.Role {
	if s == "" {
		return nil
	}
	var roles []ga.Role
	for r := range strings.SplitSeq(s, ",") {
		roles = append(roles, ga.Role(r))
	}
	return roles
}

// credentials is what a login checks of an account.
type credentials struct {
	id, partnerID, email string
	passwordHash         string
	totpSecret           string
	active, totpEnrolled bool
	totpLastStep         int64
	failedLogins         int
	lastFailedAt         *time.Time
}

// credentials loads and locks an account by e-mail address or by id, so
// that concurrent attempts on one account count their failures one by one.
func (tx *Tx) credentials(byEmail bool, key string) (*credentials, error) {
	where := "id"
	if byEmail {
		where = "email"
	}
	var c credentials
	var lastFailed sql.NullTime
	err := tx.QueryRow(`SELECT id, partner_id, email, password_hash, totp_secret, active, totp_enrolled, totp_last_step,
		failed_logins, last_failed_at FROM users WHERE `+where+` = $1`+tx.db.Dialect().ForUpdate(), key).
		Scan(&c.id, &c.partnerID, &c.email, &c.passwordHash, &c.totpSecret, &c.active, &c.totpEnrolled, &c.totpLastStep,
			&c.failedLogins, &lastFailed)
	if err != nil {
		return nil, err
	}
	c.lastFailedAt = timePtr(lastFailed)
	return &c, nil
}

// throttled returns the KindLocked refusal, and audits it, while the account
// must wait after failed attempts or is locked (auth.Throttle). The web
// shows the time in the detail "geblokkeerdTot" or "wachtenTot".
func (tx *Tx) throttled(op string, c *credentials) error {
	return tx.throttle(op, c.id, c.failedLogins, c.lastFailedAt)
}

// throttle is throttled for failures counted per account (userID) or, with
// an empty userID, for an address without an account: the same refusal,
// audited without the address.
func (tx *Tx) throttle(op, userID string, failures int, lastFailedAt *time.Time) error {
	if lastFailedAt == nil {
		return nil
	}
	if failures = loginThrottle.Counted(failures, *lastFailedAt, tx.Now()); failures == 0 {
		return nil
	}
	notBefore, locked := loginThrottle.Next(failures, *lastFailedAt)
	if !tx.Now().Before(notBefore) {
		return nil
	}
	at := notBefore.In(ga.Amsterdam)
	detail := "wachttijd"
	if locked {
		detail = "geblokkeerd"
	}
	if userID == "" {
		detail = "onbekend account; " + detail
	}
	tx.Audit("login_locked", "user", userID, ga.ResultDenied, detail)
	if locked {
		// Rounded up to the minute, so that the user never tries too early.
		shown := at.Add(time.Minute - time.Nanosecond).Truncate(time.Minute)
		return ga.E(ga.KindLocked, op, "Dit account is tijdelijk geblokkeerd na te veel mislukte pogingen.",
			ga.Detail{Name: "geblokkeerdTot", Message: shown.Format("15:04")})
	}
	return ga.E(ga.KindLocked, op, "Te veel mislukte pogingen. Wacht even en probeer het dan opnieuw.",
		ga.Detail{Name: "wachtenTot", Message: at.Add(time.Second - time.Nanosecond).Format("15:04:05")})
}

// recordFailure counts a failed password or code, audits it under action,
// and locks the account when the throttle says so.
func (tx *Tx) recordFailure(op string, c *credentials, action, detail string) error {
	now := tx.Now()
	failures := 1
	if c.lastFailedAt != nil {
		failures = loginThrottle.Counted(c.failedLogins, *c.lastFailedAt, now) + 1
	}
	notBefore, locked := loginThrottle.Next(failures, now)
	var lockedUntil any
	if locked {
		lockedUntil = notBefore
	}
	if _, err := tx.Exec(`UPDATE users SET failed_logins = $2, last_failed_at = $3, locked_until = $4 WHERE id = $1`,
		c.id, failures, now, lockedUntil); err != nil {
		return ga.Wrap(op, err)
	}
	c.failedLogins, c.lastFailedAt = failures, &now
	tx.Audit(action, "user", c.id, ga.ResultDenied, detail)
	if locked {
		tx.Audit("login_locked", "user", c.id, ga.ResultDenied, "geblokkeerd na mislukte pogingen")
		// BIO 8.15.05: a lock after repeated failures opens an incident
		// for the privacy officer of the user's partner.
		if _, err := tx.raiseSignal(op, Signal{
			Kind: ga.SignalFailedLogins, Key: c.id, PartnerIDs: []string{c.partnerID},
			Evidence: evidence("gebruiker", c.id, "mislukte pogingen op rij", strconv.Itoa(failures),
				"laatste poging", now.Format(time.RFC3339), "herkomst", tx.actor.Origin, "geblokkeerd tot", notBefore.Format(time.RFC3339)),
		}); err != nil {
			return err
		}
	}
	return nil
}

// unknownFailures are the failed logins counted for an e-mail address
// without an account, in login_failures under the address's blind index,
// so that such an address is throttled and locked as an account is and
// the answers do not tell which accounts exist.
type unknownFailures struct {
	key      string
	failures int
	last     time.Time
}

// loginFailureIndex is the blind index of a normalised e-mail address:
// HMAC-SHA256 under the key store's blind index key, or SHA-256 without
// a key store. No address of a non-user is stored.
func (tx *Tx) loginFailureIndex(email string) (string, error) {
	c := tx.crypt()
	if c.keys == nil {
		sum := sha256.Sum256([]byte("aanmelding-e-mailadres\x00" + email))
		return hex.EncodeToString(sum[:]), nil
	}
	b, err := c.keys.BlindIndex(c.ctx)
	if err != nil {
		return "", err
	}
	return b.Sum("aanmelding-e-mailadres", email), nil
}

// unknownFailures loads and locks the count of an address without an
// account (a row with no failures if there is none yet), so that
// concurrent attempts count one by one as they do for an account.
func (tx *Tx) unknownFailures(op, email string) (*unknownFailures, error) {
	key, err := tx.loginFailureIndex(email)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	if _, err := tx.Exec(`INSERT INTO login_failures (email_index, failures, last_failed_at) VALUES ($1, 0, $2)
		ON CONFLICT (email_index) DO NOTHING`, key, tx.Now()); err != nil {
		return nil, ga.Wrap(op, err)
	}
	f := unknownFailures{key: key}
	if err := tx.QueryRow(`SELECT failures, last_failed_at FROM login_failures WHERE email_index = $1`+tx.db.Dialect().ForUpdate(), key).
		Scan(&f.failures, &f.last); err != nil {
		return nil, ga.Wrap(op, err)
	}
	f.last = f.last.UTC()
	return &f, nil
}

// recordUnknownFailure counts a failed login for an address without an
// account as recordFailure does for an account (without the incident: there
// is no partner to tell), and deletes the counts that are forgotten.
func (tx *Tx) recordUnknownFailure(op string, f *unknownFailures) error {
	now := tx.Now()
	failures := loginThrottle.Counted(f.failures, f.last, now) + 1
	if _, err := tx.Exec(`UPDATE login_failures SET failures = $2, last_failed_at = $3 WHERE email_index = $1`, f.key, failures, now); err != nil {
		return ga.Wrap(op, err)
	}
	if loginThrottle.ForgetAfter > 0 {
		if _, err := tx.Exec(`DELETE FROM login_failures WHERE last_failed_at < $1`, now.Add(-loginThrottle.ForgetAfter)); err != nil {
			return ga.Wrap(op, err)
		}
	}
	return nil
}

// dummyHashes holds, per parameter set, a hash that Login verifies for an
// unknown address, so that it takes as long as for a known one.
var dummyHashes sync.Map

func dummyHash(p auth.Params) string {
	if h, ok := dummyHashes.Load(p); ok {
		return h.(string)
	}
	h, err := auth.HashPassword("geen-echt-wachtwoord-"+NewID(), p)
	if err != nil {
		return ""
	}
	dummyHashes.Store(p, h)
	return h
}

// errWrongCredentials is the one answer for an unknown address, a wrong
// password and an inactive account, so that a login reveals nothing.
func errWrongCredentials(op string) error {
	return ga.E(ga.KindUnauthenticated, op, "Het e-mailadres of het wachtwoord is onjuist.")
}

// isNoRows reports whether err is sql.ErrNoRows.
func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// requireUserManager returns the actor if it may manage users (policy
// ga.CanManageUsers, or the system actor), and ga.ErrForbidden otherwise.
func requireUserManager(tx *Tx, op string) (*ga.Actor, error) {
	a, err := requireActor(tx, op)
	if err != nil {
		return nil, err
	}
	if !a.System && !ga.CanManageUsers(a) {
		return nil, ga.ErrForbidden(op)
	}
	return a, nil
}

// requireSelfOrUserManager returns the actor if it is the user userID or
// may manage users, and ga.ErrNotFound otherwise, so that another user's
// account is not told apart from an unknown one.
func requireSelfOrUserManager(tx *Tx, op, userID string) (*ga.Actor, error) {
	a, err := requireActor(tx, op)
	if err != nil {
		return nil, err
	}
	if !a.System && !ga.CanManageUsers(a) && a.UserID != userID {
		return nil, ga.ErrNotFound(op)
	}
	return a, nil
}
