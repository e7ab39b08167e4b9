package storage

import (
	"context"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
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
	LastUsedAt  *time.Time `json:"laatstGebruiktOp,omitempty"`
}

// CreateToken creates an API token for a user (the user itself, an admin or
// the system actor) and returns the plain token once; it cannot be shown
// again.
func (db *DB) CreateToken(ctx context.Context, userID, description string, expiresAt *time.Time) (plain string, t *APIToken, err error) {
	panic("not implemented")
}

// Tokens lists a user's tokens (the user itself or an admin).
func (db *DB) Tokens(ctx context.Context, userID string) ([]APIToken, error) {
	panic("not implemented")
}

// RevokeToken revokes a token (its owner or an admin).
func (db *DB) RevokeToken(ctx context.Context, id string) error { panic("not implemented") }

// AuthenticateToken returns the actor for a bearer token, or
// KindUnauthenticated for an unknown, expired or revoked token or an
// inactive user. Every use is audited; use of a revoked token is audited as
// denied.
func (db *DB) AuthenticateToken(ctx context.Context, plain, origin string) (*ga.Actor, error) {
	panic("not implemented")
}
