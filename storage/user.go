package storage

import (
	"context"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// CreateUser adds a user with an initial password (policy
// ga.CanManageUsers, or the system actor). The second factor is enrolled at
// first login. It sets u.ID and u.CreatedAt.
func (db *DB) CreateUser(ctx context.Context, u *ga.User, password string) error {
	panic("not implemented")
}

// UpdateUser changes a user's name, partner, roles and whether the account
// is active (policy ga.CanManageUsers). Deactivating ends the user's
// sessions and API tokens.
func (db *DB) UpdateUser(ctx context.Context, u *ga.User) error { panic("not implemented") }

// Users lists every user (admin only).
func (db *DB) Users(ctx context.Context) ([]ga.User, error) { panic("not implemented") }

// User returns one user: the actor itself, or any user for an admin.
func (db *DB) User(ctx context.Context, id string) (*ga.User, error) { panic("not implemented") }

// UserByEmail returns the user with the e-mail address, for the command line
// (system actor or admin).
func (db *DB) UserByEmail(ctx context.Context, email string) (*ga.User, error) {
	panic("not implemented")
}

// SetPassword replaces a user's password: the user itself, an admin, or the
// system actor.
func (db *DB) SetPassword(ctx context.Context, userID, password string) error {
	panic("not implemented")
}

// ResetSecondFactor removes a user's TOTP secret so that they enrol again at
// the next login (admin only).
func (db *DB) ResetSecondFactor(ctx context.Context, userID string) error {
	panic("not implemented")
}

// Actor loads the actor for a user: partner, partner kind, roles and the
// covenant version of the latest confidentiality declaration.
func (db *DB) Actor(ctx context.Context, userID string) (*ga.Actor, error) {
	panic("not implemented")
}
