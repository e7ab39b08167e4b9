package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	ga "github.com/groepsaanpak/groepsaanpak"
)

const partnerColumns = `id, name, kind, public_tasks, legal_grounds, complaints_committee, data_protection_officer, created_at`

// CreatePartner adds a partner (admin only). It sets p.ID and p.CreatedAt.
// Adding a partner after the covenant is signed closes the Art 8 gate until
// the new partner signs too.
func (db *DB) CreatePartner(ctx context.Context, p *ga.Partner) error {
	const op = "storage.CreatePartner"
	return db.act(ctx, "partner_create", "partner", "", func(tx *Tx) error {
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		if !a.System && !ga.CanManagePartners(a) {
			return ga.ErrForbidden(op)
		}
		if err := p.Validate(); err != nil {
			return err
		}
		// Lock the covenant so that a partner cannot join while the last
		// approval of an amendment counts the partners (Art 12.1).
		if _, err := tx.covenant(op, true); err != nil {
			return err
		}
		id, now := NewID(), tx.Now()
		_, err = tx.Exec(`INSERT INTO partners (`+partnerColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			id, p.Name, string(p.Kind), p.PublicTasks, p.LegalGrounds, p.ComplaintsCommittee, p.DataProtectionOfficer, now)
		if isUniqueViolation(err) {
			return ga.E(ga.KindInvalid, op, "De invoer is niet geldig.", ga.Detail{Name: "naam", Message: "Er is al een partner met deze naam."})
		}
		if err != nil {
			return ga.Wrap(op, err)
		}
		p.ID, p.CreatedAt = id, now
		tx.Audit("partner_create", "partner", id, ga.ResultSuccess, "soort="+string(p.Kind))
		return nil
	})
}

// UpdatePartner changes a partner's recorded details (admin only).
func (db *DB) UpdatePartner(ctx context.Context, p *ga.Partner) error {
	const op = "storage.UpdatePartner"
	return db.act(ctx, "partner_update", "partner", p.ID, func(tx *Tx) error {
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		old, err := tx.partner(op, p.ID)
		if err != nil {
			return err
		}
		if !a.System && !ga.CanManagePartners(a) {
			return ga.ErrForbidden(op)
		}
		if err := p.Validate(); err != nil {
			return err
		}
		_, err = tx.Exec(`UPDATE partners SET name = $2, kind = $3, public_tasks = $4, legal_grounds = $5,
			complaints_committee = $6, data_protection_officer = $7 WHERE id = $1`,
			p.ID, p.Name, string(p.Kind), p.PublicTasks, p.LegalGrounds, p.ComplaintsCommittee, p.DataProtectionOfficer)
		if isUniqueViolation(err) {
			return ga.E(ga.KindInvalid, op, "De invoer is niet geldig.", ga.Detail{Name: "naam", Message: "Er is al een partner met deze naam."})
		}
		if err != nil {
			return ga.Wrap(op, err)
		}
		p.CreatedAt = old.CreatedAt
		detail := ""
		if old.Kind != p.Kind {
			detail = "soort=" + string(old.Kind) + "->" + string(p.Kind)
		}
		tx.Audit("partner_update", "partner", p.ID, ga.ResultSuccess, detail)
		return nil
	})
}

// Partners lists every partner by name. Partners are not personal data; any
// authenticated actor may list them.
func (db *DB) Partners(ctx context.Context) ([]ga.Partner, error) {
	const op = "storage.Partners"
	var out []ga.Partner
	err := db.Read(ctx, func(tx *Tx) error {
		if _, err := requireActor(tx, op); err != nil {
			return err
		}
		var err error
		out, err = tx.partners(op)
		return err
	})
	return out, err
}

// Partner returns one partner, or KindNotFound. It only reads, in a read
// transaction: every page shows the actor's partner, and in a write
// transaction that lookup queued for SQLite's one writer and, in a request
// that holds its log lines, appended and committed them itself, one
// durable commit per page instead of the group commit shared with the
// requests answered at the same moment.
func (db *DB) Partner(ctx context.Context, id string) (*ga.Partner, error) {
	const op = "storage.Partner"
	var p *ga.Partner
	err := db.Read(ctx, func(tx *Tx) error {
		if _, err := requireActor(tx, op); err != nil {
			return err
		}
		var err error
		p, err = tx.partner(op, id)
		return err
	})
	return p, err
}

func (tx *Tx) partners(op string) ([]ga.Partner, error) {
	rows, err := tx.Query(`SELECT ` + partnerColumns + ` FROM partners ORDER BY name, id`)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	var out []ga.Partner
	for rows.Next() {
		p, err := scanPartner(rows)
		if err != nil {
			return nil, ga.Wrap(op, err)
		}
		out = append(out, *p)
	}
	if err := rows.Err(); err != nil {
		return nil, ga.Wrap(op, err)
	}
	return out, nil
}

func (tx *Tx) partner(op, id string) (*ga.Partner, error) {
	p, err := scanPartner(tx.QueryRow(`SELECT `+partnerColumns+` FROM partners WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(op, err)
	}
	return p, nil
}

func scanPartner(s scanner) (*ga.Partner, error) {
	var p ga.Partner
	var kind string
	if err := s.Scan(&p.ID, &p.Name, &kind, &p.PublicTasks, &p.LegalGrounds, &p.ComplaintsCommittee, &p.DataProtectionOfficer, &p.CreatedAt); err != nil {
		return nil, err
	}
	p.Kind = ga.PartnerKind(kind)
	p.CreatedAt = p.CreatedAt.UTC()
	return &p, nil
}

// scanner is what *sql.Row and *sql.Rows have in common.
type scanner interface{ Scan(dest ...any) error }

// isUniqueViolation reports whether err is a unique or primary-key
// violation, on either database.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		c := sqErr.Code()
		return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// timePtr turns a nullable time column into a pointer in UTC.
func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// nullTime turns an optional time into a query argument: NULL when nil.
func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *storedTime(t)
}

// storedTime returns an optional time as the database keeps it: in UTC and
// truncated to microseconds, the precision both databases keep; nil for
// nil.
func storedTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC().Truncate(time.Microsecond)
	return &u
}

// requireActor returns the actor of the request, or KindUnauthenticated when
// the context carries none: every method that reads or changes the registry
// or the accounts needs a logged-in user or the system itself.
func requireActor(tx *Tx, op string) (*ga.Actor, error) {
	a := ga.ActorFrom(tx.ctx)
	if a == nil || (!a.System && a.UserID == "") {
		return nil, errUnauthenticated(op)
	}
	return a, nil
}

func errUnauthenticated(op string) error {
	return ga.E(ga.KindUnauthenticated, op, "Log in om verder te gaan.")
}

// systemRecorder is what RecordedBy fields hold for actions of the
// application itself (the demo loader, the command line).
const systemRecorder = "systeem"

// recordedBy is the user id to store as the author of a record.
func recordedBy(a *ga.Actor) string {
	if a.System {
		return systemRecorder
	}
	return a.UserID
}
