package storage

import (
	"context"
	"strconv"

	ga "github.com/groepsaanpak/groepsaanpak"
)

const registerColumns = `id, activity_key, version, name, controller, purpose, legal_basis, data_subjects, data_categories,
	recipients, retention, security_measures, dpia_reference, dpia_date, recorded_by, recorded_at`

// RecordRegisterEntry records a new version of a register entry (GDPR Art
// 30; policy ga.CanRecordRegister). It sets ID, Version, RecordedBy and
// RecordedAt; earlier versions stay unchanged. Two new versions of one
// activity recorded at the same moment cannot both get the same number; the
// second answers KindConflict and may be recorded again.
func (db *DB) RecordRegisterEntry(ctx context.Context, e *ga.RegisterEntry) error {
	const op = "storage.RecordRegisterEntry"
	return db.act(ctx, "register_record", "register_entry", "", func(tx *Tx) error {
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		if !a.System && !ga.CanRecordRegister(a) {
			return ga.ErrForbidden(op)
		}
		if err := e.Validate(); err != nil {
			return err
		}
		var version int
		if err := tx.QueryRow(`SELECT COALESCE(MAX(version), 0) + 1 FROM register_entries WHERE activity_key = $1`, e.ActivityKey).Scan(&version); err != nil {
			return ga.Wrap(op, err)
		}
		id, now := NewID(), tx.Now()
		_, err = tx.Exec(`INSERT INTO register_entries (`+registerColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
			id, e.ActivityKey, version, e.Name, e.Controller, e.Purpose, e.LegalBasis, e.DataSubjects, e.DataCategories,
			e.Recipients, e.Retention, e.SecurityMeasures, e.DPIAReference, string(e.DPIADate), recordedBy(a), now)
		if isUniqueViolation(err) {
			return ga.E(ga.KindConflict, op, "Er is zojuist een andere versie van deze verwerking vastgelegd. Probeer het opnieuw.")
		}
		if err != nil {
			return ga.Wrap(op, err)
		}
		e.ID, e.Version, e.RecordedBy, e.RecordedAt = id, version, recordedBy(a), now
		tx.Audit("register_record", "register_entry", id, ga.ResultSuccess, "activiteit="+e.ActivityKey+" versie="+strconv.Itoa(version))
		return nil
	})
}

// RegisterEntries lists every version of every entry, by activity and
// version.
func (db *DB) RegisterEntries(ctx context.Context) ([]ga.RegisterEntry, error) {
	const op = "storage.RegisterEntries"
	var out []ga.RegisterEntry
	err := db.Transact(ctx, func(tx *Tx) error {
		if _, err := requireActor(tx, op); err != nil {
			return err
		}
		rows, err := tx.Query(`SELECT ` + registerColumns + ` FROM register_entries ORDER BY activity_key, version`)
		if err != nil {
			return ga.Wrap(op, err)
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanRegisterEntry(rows)
			if err != nil {
				return ga.Wrap(op, err)
			}
			out = append(out, *e)
		}
		return ga.Wrap(op, rows.Err())
	})
	return out, err
}

// RegisterEntry returns one version by its id, or KindNotFound.
func (db *DB) RegisterEntry(ctx context.Context, id string) (*ga.RegisterEntry, error) {
	const op = "storage.RegisterEntry"
	var e *ga.RegisterEntry
	err := db.Transact(ctx, func(tx *Tx) error {
		if _, err := requireActor(tx, op); err != nil {
			return err
		}
		var err error
		e, err = scanRegisterEntry(tx.QueryRow(`SELECT `+registerColumns+` FROM register_entries WHERE id = $1`, id))
		return notFound(op, err)
	})
	return e, err
}

// CurrentRegisterEntry returns the latest version of an activity's entry,
// or KindNotFound.
func (db *DB) CurrentRegisterEntry(ctx context.Context, activityKey string) (*ga.RegisterEntry, error) {
	const op = "storage.CurrentRegisterEntry"
	var e *ga.RegisterEntry
	err := db.Transact(ctx, func(tx *Tx) error {
		if _, err := requireActor(tx, op); err != nil {
			return err
		}
		var err error
		e, err = tx.currentRegisterEntry(op, activityKey)
		return err
	})
	return e, err
}

func (tx *Tx) currentRegisterEntry(op, activityKey string) (*ga.RegisterEntry, error) {
	e, err := scanRegisterEntry(tx.QueryRow(`SELECT `+registerColumns+` FROM register_entries
		WHERE activity_key = $1 ORDER BY version DESC LIMIT 1`, activityKey))
	if err != nil {
		return nil, notFound(op, err)
	}
	return e, nil
}

func scanRegisterEntry(s scanner) (*ga.RegisterEntry, error) {
	var e ga.RegisterEntry
	var dpiaDate string
	if err := s.Scan(&e.ID, &e.ActivityKey, &e.Version, &e.Name, &e.Controller, &e.Purpose, &e.LegalBasis, &e.DataSubjects,
		&e.DataCategories, &e.Recipients, &e.Retention, &e.SecurityMeasures, &e.DPIAReference, &dpiaDate, &e.RecordedBy, &e.RecordedAt); err != nil {
		return nil, err
	}
	e.DPIADate, e.RecordedAt = ga.Date(dpiaDate), e.RecordedAt.UTC()
	return &e, nil
}
