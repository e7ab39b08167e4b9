package storage

import (
	"context"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// MarkDemoUser flags a user as a demo account, whose second-factor secret
// the command line may show so that a newcomer can log in to the demo. Only
// the application itself (the demo loader) may do this.
func (db *DB) MarkDemoUser(ctx context.Context, userID string) error {
	return db.Transact(ctx, func(tx *Tx) error {
		if !tx.Actor().System {
			return ga.ErrForbidden("storage.MarkDemoUser")
		}
		res, err := tx.Exec(`UPDATE users SET demo = TRUE WHERE id = $1`, userID)
		if err != nil {
			return ga.Wrap("storage.MarkDemoUser", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ga.ErrNotFound("storage.MarkDemoUser")
		}
		tx.Audit("demo_user_mark", "user", userID, ga.ResultSuccess, "")
		return nil
	})
}

// DemoSecondFactorSecret returns the TOTP secret of a demo account, or
// KindNotFound for any account that is not flagged as demo. Only the
// application itself (the command line) may ask.
func (db *DB) DemoSecondFactorSecret(ctx context.Context, email string) (string, error) {
	var secret string
	err := db.Transact(ctx, func(tx *Tx) error {
		if !tx.Actor().System {
			return ga.ErrForbidden("storage.DemoSecondFactorSecret")
		}
		err := tx.QueryRow(`SELECT totp_secret FROM users WHERE email = $1 AND demo = TRUE AND totp_enrolled = TRUE`, ga.NormalizeEmail(email)).Scan(&secret)
		return notFound("storage.DemoSecondFactorSecret", err)
	})
	return secret, err
}

// Empty reports whether the installation has no partners yet, which is when
// the demo may be loaded.
func (db *DB) Empty(ctx context.Context) (bool, error) {
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM partners`).Scan(&n); err != nil {
		return false, ga.Wrap("storage.Empty", err)
	}
	return n == 0, nil
}
