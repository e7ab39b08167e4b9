package storage

import (
	"context"
	"database/sql"
	"strings"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/auth"
)

// APIToken is a bearer token for the API, for a person or a system account.
// Only its SHA-256 hash is stored.
type APIToken struct {
	ID          string     `json:"id"`
	UserID      string     `json:"gebruikerId"`
	Description string     `json:"omschrijving"`
	CreatedAt   time.Time  `json:"aangemaaktOp"`
	ExpiresAt   *time.Time `json:"verlooptOp,omitempty"`
	RevokedAt   *time.Time `json:"ingetrokkenOp,omitempty"`
	// LastUsedAt is the last use, recorded at most every 30 seconds
	// (seenInterval), like a session's last request.
	LastUsedAt *time.Time `json:"laatstGebruiktOp,omitempty"`
}

const tokenColumns = `id, user_id, description, created_at, expires_at, revoked_at, last_used_at`

// CreateToken creates an API token for a user (the user itself, an admin or
// the system actor) and returns the plain token once; it cannot be shown
// again. The description is required; an expiry, if given, must lie in the
// future. A token for an inactive account is KindConflict.
func (db *DB) CreateToken(ctx context.Context, userID, description string, expiresAt *time.Time) (plain string, t *APIToken, err error) {
	const op = "storage.CreateToken"
	err = db.act(ctx, "token_create", "api_token", "", func(tx *Tx) error {
		plain, t = "", nil
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		if !a.System && !ga.CanManageUsers(a) && a.UserID != userID {
			return ga.ErrForbidden(op)
		}
		u, err := tx.user(op, userID, false)
		if err != nil {
			return err
		}
		if !u.Active {
			return ga.E(ga.KindConflict, op, "Dit account is niet actief.")
		}
		now := tx.Now()
		var v ga.Invalid
		description = strings.TrimSpace(description)
		if description == "" {
			v.Add("omschrijving", "Beschrijf waarvoor het token dient.")
		} else if len(description) > 200 {
			v.Add("omschrijving", "De omschrijving is te lang (maximaal 200 tekens).")
		}
		if expiresAt != nil && !expiresAt.After(now) {
			v.Add("verlooptOp", "De vervaldatum moet in de toekomst liggen.")
		} else if expiresAt != nil && expiresAt.UTC().Year() > 9999 {
			// A time after the year 9999 cannot be written as RFC 3339:
			// stored, it made the user's token list fail (500) on SQLite,
			// and every answer naming it on both databases.
			v.Add("verlooptOp", "De vervaldatum ligt te ver in de toekomst (uiterlijk in het jaar 9999).")
		}
		if a.TokenID != "" && len(v) == 0 {
			// A token made with a token never outlives it: without an
			// expiry it takes the token's own, and a later one is
			// refused. Otherwise whoever holds a token could mint one
			// that never expires and survives the first one's revocation,
			// past the fresh login the web asks for a new token.
			parent, err := scanToken(tx.QueryRow(`SELECT `+tokenColumns+` FROM api_tokens WHERE id = $1`, a.TokenID))
			if err != nil {
				return ga.Wrap(op, err)
			}
			switch {
			case parent.ExpiresAt == nil:
			case expiresAt == nil:
				expiresAt = parent.ExpiresAt
			case expiresAt.After(*parent.ExpiresAt):
				v.Add("verlooptOp", "Een token dat met een token wordt gemaakt, verloopt uiterlijk wanneer dat token verloopt ("+
					parent.ExpiresAt.In(ga.Amsterdam).Format("02-01-2006 15:04")+").")
			}
		}
		if err := v.Err(op); err != nil {
			return err
		}
		token, hash, err := auth.NewToken(auth.APITokenPrefix)
		if err != nil {
			return ga.Wrap(op, err)
		}
		id := NewID()
		expires := storedTime(expiresAt)
		if _, err := tx.Exec(`INSERT INTO api_tokens (id, token_hash, user_id, description, created_at, expires_at, revoked_at, last_used_at)
			VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL)`, id, hash, userID, description, now, nullTime(expires)); err != nil {
			return ga.Wrap(op, err)
		}
		tx.Audit("token_create", "api_token", id, ga.ResultSuccess, "gebruiker="+userID)
		plain, t = token, &APIToken{ID: id, UserID: userID, Description: description, CreatedAt: now, ExpiresAt: expires}
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	return plain, t, nil
}

// Tokens lists a user's tokens, newest first (the user itself or an admin).
func (db *DB) Tokens(ctx context.Context, userID string) ([]APIToken, error) {
	const op = "storage.Tokens"
	var out []APIToken
	err := db.Transact(ctx, func(tx *Tx) error {
		out = nil
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		if !a.System && !ga.CanManageUsers(a) && a.UserID != userID {
			return ga.ErrForbidden(op)
		}
		rows, err := tx.Query(`SELECT `+tokenColumns+` FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC`, userID)
		if err != nil {
			return ga.Wrap(op, err)
		}
		defer rows.Close()
		for rows.Next() {
			t, err := scanToken(rows)
			if err != nil {
				return ga.Wrap(op, err)
			}
			out = append(out, *t)
		}
		return ga.Wrap(op, rows.Err())
	})
	return out, err
}

// RevokeToken revokes a token (its owner or an admin). Another user's token
// is KindNotFound; revoking twice is KindConflict.
func (db *DB) RevokeToken(ctx context.Context, id string) error {
	const op = "storage.RevokeToken"
	return db.act(ctx, "token_revoke", "api_token", id, func(tx *Tx) error {
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		t, err := scanToken(tx.QueryRow(`SELECT `+tokenColumns+` FROM api_tokens WHERE id = $1`+tx.db.Dialect().ForUpdate(), id))
		if err != nil {
			return notFound(op, err)
		}
		if !a.System && !ga.CanManageUsers(a) && a.UserID != t.UserID {
			return ga.ErrNotFound(op)
		}
		if t.RevokedAt != nil {
			return ga.E(ga.KindConflict, op, "Dit token is al ingetrokken.")
		}
		if _, err := tx.Exec(`UPDATE api_tokens SET revoked_at = $2 WHERE id = $1`, id, tx.Now()); err != nil {
			return ga.Wrap(op, err)
		}
		tx.Audit("token_revoke", "api_token", id, ga.ResultSuccess, "")
		return nil
	})
}

// AuthenticateToken returns the actor for a bearer token, or
// KindUnauthenticated for an unknown, expired or revoked token or an
// inactive user. Every use is audited; use of a revoked token is audited as
// denied (token_use_revoked), and every refusal is committed.
func (db *DB) AuthenticateToken(ctx context.Context, plain, origin string) (*ga.Actor, error) {
	const op = "storage.AuthenticateToken"
	refuse := ga.E(ga.KindUnauthenticated, op, "Het token is ongeldig, verlopen of ingetrokken.")
	if auth.ParseToken(auth.APITokenPrefix, plain) != nil {
		return nil, refuse
	}
	ctx = ga.WithActor(ctx, &ga.Actor{Origin: origin})
	var actor *ga.Actor
	var refused bool
	// A use of a valid token only reads, apart from last_used_at, which is
	// written at most every seenInterval: Read runs such uses side by side
	// (their audit lines go to the group commit) and runs the function
	// again as a write transaction when it must write.
	err := db.Read(ctx, func(tx *Tx) error {
		actor, refused = nil, false
		t, err := scanToken(tx.QueryRow(`SELECT `+tokenColumns+` FROM api_tokens WHERE token_hash = $1`, auth.HashToken(plain)))
		if isNoRows(err) {
			tx.Audit("token_use", "api_token", "", ga.ResultDenied, "onbekend token")
			refused = true
			return nil
		}
		if err != nil {
			return ga.Wrap(op, err)
		}
		a, active, err := tx.loadActor(op, t.UserID)
		if err != nil {
			return err
		}
		a.TokenID, a.Origin = t.ID, origin
		tx.actor = a
		now := tx.Now()
		switch {
		case t.RevokedAt != nil:
			tx.Audit("token_use_revoked", "api_token", t.ID, ga.ResultDenied, "")
			refused = true
			// BIO 8.15.05: use of a revoked token opens an incident for the
			// privacy officer of the token holder's partner.
			if _, err := tx.raiseSignal(op, Signal{
				Kind: ga.SignalRevokedToken, Key: t.ID, PartnerIDs: []string{a.PartnerID},
				Evidence: evidence("token", t.ID, "gebruiker", t.UserID, "ingetrokken op", t.RevokedAt.UTC().Format(time.RFC3339),
					"gebruikt op", now.Format(time.RFC3339), "herkomst", origin),
			}); err != nil {
				return err
			}
		case t.ExpiresAt != nil && !now.Before(*t.ExpiresAt):
			tx.Audit("token_use", "api_token", t.ID, ga.ResultDenied, "verlopen")
			refused = true
		case !active:
			tx.Audit("token_use", "api_token", t.ID, ga.ResultDenied, "account niet actief")
			refused = true
		default:
			if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= seenInterval || now.Before(*t.LastUsedAt) {
				if _, err := tx.Exec(`UPDATE api_tokens SET last_used_at = $2 WHERE id = $1`, t.ID, now); err != nil {
					return ga.Wrap(op, err)
				}
			}
			tx.Audit("token_use", "api_token", t.ID, ga.ResultSuccess, "")
			actor = a
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if refused {
		return nil, refuse
	}
	return actor, nil
}

func scanToken(s scanner) (*APIToken, error) {
	var t APIToken
	var expires, revoked, used sql.NullTime
	if err := s.Scan(&t.ID, &t.UserID, &t.Description, &t.CreatedAt, &expires, &revoked, &used); err != nil {
		return nil, err
	}
	t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt = t.CreatedAt.UTC(), timePtr(expires), timePtr(revoked), timePtr(used)
	return &t, nil
}
