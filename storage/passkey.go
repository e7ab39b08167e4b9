package storage

import (
	"context"
	"database/sql"
	"strings"
	"time"
	"unicode/utf8"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Passkeys (WebAuthn) are a second factor of local accounts beside the
// TOTP code. The storage keeps them and the ceremonies in progress as
// opaque JSON; the passkey package checks the browser's answers, through
// the functions the methods below call inside their transaction.

// PasskeyCeremony names the kind of a ceremony in progress.
type PasskeyCeremony string

const (
	// CeremonyRegister adds a passkey to the account of a complete login.
	CeremonyRegister PasskeyCeremony = "registratie"
	// CeremonyLogin is the second factor of a login after the password.
	CeremonyLogin PasskeyCeremony = "inloggen"
)

// ceremonyLifetime is how long a ceremony may take.
const ceremonyLifetime = 5 * time.Minute

// Passkey is a registered passkey as its owner sees it.
type Passkey struct {
	ID         string
	Name       string
	CreatedAt  time.Time
	LastUsedAt *time.Time
}

// PasskeyAccount is what a ceremony needs of the account: who it is and
// its passkeys' credentials.
type PasskeyAccount struct {
	UserID      string
	Email       string
	Name        string
	Credentials [][]byte
}

// PasskeyCheck checks the browser's answer to a ceremony against the
// account and the kept ceremony, and returns the credential id and the
// credential to store. Its error refuses the answer. It runs inside a
// transaction that may be retried, so it must have no other effects.
type PasskeyCheck func(a PasskeyAccount, ceremony []byte) (credentialID, credential []byte, err error)

// ceremonyStage is the session stage each ceremony needs.
func ceremonyStage(kind PasskeyCeremony) SessionStage {
	if kind == CeremonyLogin {
		return StagePassword
	}
	return StageComplete
}

// BeginPasskeyCeremony starts a ceremony for the session of token: it
// returns the account, whose data begin turns into the browser's options
// and the ceremony to keep, and keeps that ceremony, replacing one of the
// same kind in progress. A registration needs a complete login; a login a
// session whose password was right (StagePassword) and an account with
// passkeys. A session in another stage is KindConflict.
func (db *DB) BeginPasskeyCeremony(ctx context.Context, token, origin string, kind PasskeyCeremony,
	begin func(PasskeyAccount) (options, ceremony []byte, err error)) (options []byte, err error) {
	const op = "storage.BeginPasskeyCeremony"
	ctx = ga.WithActor(ctx, &ga.Actor{Origin: origin})
	var refusal error
	err = db.Transact(ctx, func(tx *Tx) error {
		options, refusal = nil, nil
		s, c, err := tx.loginSession(op, token, origin)
		if refused(err, &refusal) {
			return nil
		} else if err != nil {
			return err
		}
		if s.stage != ceremonyStage(kind) {
			return ga.E(ga.KindConflict, op, "Deze stap past niet bij uw aanmelding.")
		}
		acct, err := tx.passkeyAccount(op, c)
		if err != nil {
			return err
		}
		if kind == CeremonyLogin && len(acct.Credentials) == 0 {
			return ga.E(ga.KindConflict, op, "U heeft geen passkey.")
		}
		opts, ceremony, err := begin(acct)
		if err != nil {
			return ga.Wrap(op, err)
		}
		now := tx.Now()
		if _, err := tx.Exec(`DELETE FROM passkey_ceremonies WHERE created_at < $1 OR (session_hash = $2 AND kind = $3)`,
			now.Add(-ceremonyLifetime), s.hash, string(kind)); err != nil {
			return ga.Wrap(op, err)
		}
		if _, err := tx.Exec(`INSERT INTO passkey_ceremonies (session_hash, kind, data, created_at) VALUES ($1, $2, $3, $4)`,
			s.hash, string(kind), string(ceremony), now); err != nil {
			return ga.Wrap(op, err)
		}
		if err := tx.touchSession(op, s); err != nil {
			return err
		}
		options = opts
		return nil
	})
	if err == nil {
		err = refusal
	}
	if err != nil {
		return nil, err
	}
	return options, nil
}

// errPasskeyRefused is the one answer for a passkey that does not pass.
func errPasskeyRefused(op string) error {
	return ga.E(ga.KindUnauthenticated, op, "De passkey is niet geaccepteerd. Probeer het opnieuw.")
}

// AddPasskey finishes a registration: the ceremony of the session is taken
// (once; refused after five minutes), check verifies the browser's answer,
// and the passkey is stored under name. Refusals are audited and answer
// KindUnauthenticated; an empty or overlong name is KindInvalid.
func (db *DB) AddPasskey(ctx context.Context, token, origin, name string, check PasskeyCheck) (*Passkey, error) {
	const op = "storage.AddPasskey"
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 60 {
		return nil, ga.E(ga.KindInvalid, op, "De invoer is niet geldig.", ga.Detail{Name: "naam", Message: "Geef de passkey een naam van hoogstens 60 tekens."})
	}
	ctx = ga.WithActor(ctx, &ga.Actor{Origin: origin})
	var pk *Passkey
	var refusal error
	err := db.Transact(ctx, func(tx *Tx) error {
		pk, refusal = nil, nil
		s, c, err := tx.loginSession(op, token, origin)
		if refused(err, &refusal) {
			return nil
		} else if err != nil {
			return err
		}
		if s.stage != StageComplete {
			return ga.E(ga.KindConflict, op, "Deze stap past niet bij uw aanmelding.")
		}
		ceremony, detail, err := tx.takeCeremony(op, s, CeremonyRegister)
		if err != nil {
			return err
		}
		if detail != "" {
			tx.Audit("passkey_register_failed", "user", c.id, ga.ResultDenied, detail)
			refusal = errPasskeyRefused(op)
			return nil
		}
		acct, err := tx.passkeyAccount(op, c)
		if err != nil {
			return err
		}
		credID, cred, err := check(acct, ceremony)
		if err != nil {
			tx.Audit("passkey_register_failed", "user", c.id, ga.ResultDenied, "antwoord afgewezen")
			refusal = errPasskeyRefused(op)
			return nil
		}
		now := tx.Now()
		pk = &Passkey{ID: NewID(), Name: name, CreatedAt: now}
		_, err = tx.Exec(`INSERT INTO passkeys (id, user_id, credential_id, name, credential, created_at, last_used_at)
			VALUES ($1, $2, $3, $4, $5, $6, NULL)`, pk.ID, c.id, credID, name, string(cred), now)
		if isUniqueViolation(err) {
			tx.Audit("passkey_register_failed", "user", c.id, ga.ResultDenied, "passkey al geregistreerd")
			pk, refusal = nil, ga.E(ga.KindConflict, op, "Deze passkey is al geregistreerd.")
			return nil
		}
		if err != nil {
			return ga.Wrap(op, err)
		}
		tx.Audit("passkey_registered", "passkey", pk.ID, ga.ResultSuccess, "")
		return nil
	})
	if err == nil {
		err = refusal
	}
	if err != nil {
		return nil, err
	}
	return pk, nil
}

// VerifyPasskey is the second login step with a passkey, for a session in
// StagePassword: the login ceremony of the session is taken (once; refused
// after five minutes) and check verifies the browser's answer. It counts
// and throttles failures as VerifySecondFactor does with codes; on success
// the passkey's new sign counter is stored, failed logins are forgiven and
// the session is replaced by a new complete session, whose token is
// returned.
func (db *DB) VerifyPasskey(ctx context.Context, token, origin string, check PasskeyCheck) (newToken string, err error) {
	const op = "storage.VerifyPasskey"
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
		if s.stage != StagePassword {
			return ga.E(ga.KindConflict, op, "Deze stap past niet bij uw aanmelding.")
		}
		if refusal = tx.throttled(op, c); refusal != nil {
			return nil
		}
		ceremony, detail, err := tx.takeCeremony(op, s, CeremonyLogin)
		if err != nil {
			return err
		}
		if detail != "" {
			refusal = errPasskeyRefused(op)
			return tx.recordFailure(op, c, "second_factor_failed", "passkey: "+detail)
		}
		acct, err := tx.passkeyAccount(op, c)
		if err != nil {
			return err
		}
		credID, cred, err := check(acct, ceremony)
		if err != nil {
			refusal = errPasskeyRefused(op)
			return tx.recordFailure(op, c, "second_factor_failed", "passkey: antwoord afgewezen")
		}
		var pkID string
		if err := tx.QueryRow(`UPDATE passkeys SET credential = $3, last_used_at = $4 WHERE user_id = $1 AND credential_id = $2 RETURNING id`,
			c.id, credID, string(cred), tx.Now()).Scan(&pkID); err != nil {
			return ga.Wrap(op, err)
		}
		if _, err := tx.Exec(`UPDATE users SET failed_logins = 0, last_failed_at = NULL, locked_until = NULL WHERE id = $1`, c.id); err != nil {
			return ga.Wrap(op, err)
		}
		if err := tx.deleteSession(op, s); err != nil {
			return err
		}
		if newToken, err = tx.createSession(op, c.id, StageComplete, origin); err != nil {
			return err
		}
		tx.Audit("second_factor_ok", "user", c.id, ga.ResultSuccess, "passkey "+pkID)
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

// HasPasskeys reports whether a user has passkeys, so that the code step
// of a login can offer them.
func (db *DB) HasPasskeys(ctx context.Context, userID string) (bool, error) {
	var n int
	err := db.Transact(ctx, func(tx *Tx) error {
		return tx.QueryRow(`SELECT COUNT(*) FROM passkeys WHERE user_id = $1`, userID).Scan(&n)
	})
	if err != nil {
		return false, ga.Wrap("storage.HasPasskeys", err)
	}
	return n > 0, nil
}

// Passkeys lists the passkeys of the actor in ctx, oldest first.
func (db *DB) Passkeys(ctx context.Context) ([]Passkey, error) {
	const op = "storage.Passkeys"
	var out []Passkey
	err := db.Transact(ctx, func(tx *Tx) error {
		out = nil
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		rows, err := tx.Query(`SELECT id, name, created_at, last_used_at FROM passkeys WHERE user_id = $1 ORDER BY created_at, id`, a.UserID)
		if err != nil {
			return ga.Wrap(op, err)
		}
		defer rows.Close()
		for rows.Next() {
			var p Passkey
			var last sql.NullTime
			if err := rows.Scan(&p.ID, &p.Name, &p.CreatedAt, &last); err != nil {
				return ga.Wrap(op, err)
			}
			p.CreatedAt, p.LastUsedAt = p.CreatedAt.UTC(), timePtr(last)
			out = append(out, p)
		}
		return ga.Wrap(op, rows.Err())
	})
	return out, err
}

// RemovePasskey removes one of the actor's own passkeys. Another user's
// passkey, like an unknown id, is KindNotFound.
func (db *DB) RemovePasskey(ctx context.Context, id string) error {
	const op = "storage.RemovePasskey"
	return db.act(ctx, "passkey_removed", "passkey", id, func(tx *Tx) error {
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		res, err := tx.Exec(`DELETE FROM passkeys WHERE id = $1 AND user_id = $2`, id, a.UserID)
		if err != nil {
			return ga.Wrap(op, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return ga.Wrap(op, err)
		} else if n == 0 {
			return ga.ErrNotFound(op)
		}
		tx.Audit("passkey_removed", "passkey", id, ga.ResultSuccess, "")
		return nil
	})
}

// takeCeremony removes and returns the ceremony of a session. A missing or
// expired ceremony returns a detail for the audit line instead.
func (tx *Tx) takeCeremony(op string, s *sessionRow, kind PasskeyCeremony) ([]byte, string, error) {
	var data string
	var created time.Time
	err := tx.QueryRow(`DELETE FROM passkey_ceremonies WHERE session_hash = $1 AND kind = $2 RETURNING data, created_at`,
		s.hash, string(kind)).Scan(&data, &created)
	if isNoRows(err) {
		return nil, "geen ceremonie gestart of al gebruikt", nil
	}
	if err != nil {
		return nil, "", ga.Wrap(op, err)
	}
	if !tx.Now().Before(created.Add(ceremonyLifetime)) {
		return nil, "ceremonie verlopen", nil
	}
	return []byte(data), "", nil
}

// passkeyAccount loads the account of c with its passkeys' credentials.
func (tx *Tx) passkeyAccount(op string, c *credentials) (PasskeyAccount, error) {
	acct := PasskeyAccount{UserID: c.id, Email: c.email}
	if err := tx.QueryRow(`SELECT name FROM users WHERE id = $1`, c.id).Scan(&acct.Name); err != nil {
		return acct, ga.Wrap(op, err)
	}
	rows, err := tx.Query(`SELECT credential FROM passkeys WHERE user_id = $1 ORDER BY created_at, id`, c.id)
	if err != nil {
		return acct, ga.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var cred string
		if err := rows.Scan(&cred); err != nil {
			return acct, ga.Wrap(op, err)
		}
		acct.Credentials = append(acct.Credentials, []byte(cred))
	}
	return acct, ga.Wrap(op, rows.Err())
}
