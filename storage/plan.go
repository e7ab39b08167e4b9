package storage

import (
	"context"
	"database/sql"
	"errors"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// The Plan van Aanpak (SPEC §2 step 5): one plan per group, with an
// analysis and goals, drafted by the coordinator and adopted by the
// driehoek. A plan is about the group, not about one person: its reads and
// writes pass the Art 8 gate and are audited, but write no processing-log
// line (the measures aimed at persons do, in measure.go). A plan is shown to
// everyone who may see its group (groupVisible); for a group the viewer may
// not see every method answers ga.ErrNotFound, as for an id that does not
// exist.

const planColumns = `p.group_id, p.analysis, p.goals, p.adopted_on, p.adopted_by, p.adopted_at, p.updated_by, p.updated_at`

// SavePlan records or changes the plan of group p.GroupID: its analysis and
// goals (ga.CanEditPlan: the coordinator, in step beeld, plan or
// uitvoering). Changing an adopted plan while the group is still in step
// plan withdraws the adoption, so that the driehoek adopts what the plan
// now says before the approach moves to uitvoering; in step uitvoering the
// plan is adjusted under the adoption already recorded. It sets UpdatedBy
// and UpdatedAt, and the adoption fields as stored.
func (db *DB) SavePlan(ctx context.Context, p *ga.Plan) error {
	const op = "storage.SavePlan"
	return db.act(ctx, "plan_save", "group", p.GroupID, func(tx *Tx) error {
		_, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		g, err := tx.visibleGroup(op, v, p.GroupID, true)
		if err != nil {
			return err
		}
		if err := ga.CanEditPlan(v.actor, *g); err != nil {
			return err
		}
		if err := p.Validate(); err != nil {
			return err
		}
		old, err := tx.plan(op, g.ID, true)
		if err != nil && !ga.IsKind(err, ga.KindNotFound) {
			return err
		}
		detail := "vastgelegd"
		saved := *p
		saved.UpdatedBy, saved.UpdatedAt = recordedBy(v.actor), tx.Now()
		saved.AdoptedOn, saved.AdoptedBy, saved.AdoptedAt = "", "", nil
		if old != nil {
			detail = "gewijzigd"
			changed := old.Analysis != p.Analysis || old.Goals != p.Goals
			if old.Adopted() && (g.Step != ga.StepPlan || !changed) {
				saved.AdoptedOn, saved.AdoptedBy, saved.AdoptedAt = old.AdoptedOn, old.AdoptedBy, old.AdoptedAt
			} else if old.Adopted() {
				detail = "gewijzigd; vaststelling vervallen"
			}
		}
		if _, err := tx.Exec(`INSERT INTO plans (group_id, analysis, goals, adopted_on, adopted_by, adopted_at, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (group_id) DO UPDATE SET analysis = excluded.analysis, goals = excluded.goals,
				adopted_on = excluded.adopted_on, adopted_by = excluded.adopted_by, adopted_at = excluded.adopted_at,
				updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			g.ID, saved.Analysis, saved.Goals, string(saved.AdoptedOn), saved.AdoptedBy, nullTime(saved.AdoptedAt),
			saved.UpdatedBy, saved.UpdatedAt); err != nil {
			return ga.Wrap(op, err)
		}
		*p = saved
		tx.Audit("plan_save", "group", g.ID, ga.ResultSuccess, detail)
		return nil
	})
}

// Plan returns the plan of the group. A group without a plan, like a group
// the viewer may not see, answers ga.ErrNotFound.
func (db *DB) Plan(ctx context.Context, groupID string) (*ga.Plan, error) {
	const op = "storage.Plan"
	var p *ga.Plan
	err := db.actRead(ctx, "plan_read", "group", groupID, func(tx *Tx) error {
		_, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		if _, err := tx.visibleGroup(op, v, groupID, false); err != nil {
			return err
		}
		if p, err = tx.plan(op, groupID, false); err != nil {
			return err
		}
		tx.Audit("plan_read", "group", groupID, ga.ResultSuccess, "")
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// AdoptPlan records that the driehoek adopted the group's plan on
// adoptedOn (ga.CanAdoptPlan: a driehoek member, in step plan, a recorded
// plan not yet adopted, a date not in the future), with who recorded it and
// when. Adoption lets the coordinator move the approach to uitvoering.
func (db *DB) AdoptPlan(ctx context.Context, groupID string, adoptedOn ga.Date) (*ga.Plan, error) {
	const op = "storage.AdoptPlan"
	var p *ga.Plan
	err := db.act(ctx, "plan_adopt", "group", groupID, func(tx *Tx) error {
		_, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		g, err := tx.visibleGroup(op, v, groupID, true)
		if err != nil {
			return err
		}
		p, err = tx.plan(op, groupID, true)
		if ga.IsKind(err, ga.KindNotFound) {
			p, err = nil, nil
		}
		if err != nil {
			return err
		}
		if err := ga.CanAdoptPlan(v.actor, *g, p, adoptedOn, tx.Now()); err != nil {
			return err
		}
		now := tx.Now()
		p.AdoptedOn, p.AdoptedBy, p.AdoptedAt = adoptedOn, recordedBy(v.actor), &now
		if _, err := tx.Exec(`UPDATE plans SET adopted_on = $2, adopted_by = $3, adopted_at = $4 WHERE group_id = $1`,
			groupID, string(p.AdoptedOn), p.AdoptedBy, now); err != nil {
			return ga.Wrap(op, err)
		}
		tx.Audit("plan_adopt", "group", groupID, ga.ResultSuccess, "vastgesteld op "+string(adoptedOn))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// plan loads the plan of a group whose visibility the caller checked, or
// ga.ErrNotFound when it has none.
func (tx *Tx) plan(op, groupID string, lock bool) (*ga.Plan, error) {
	q := `SELECT ` + planColumns + ` FROM plans p WHERE p.group_id = $1`
	if lock {
		q += tx.db.Dialect().ForUpdate()
	}
	var p ga.Plan
	var adoptedOn string
	var adoptedAt sql.NullTime
	err := tx.QueryRow(q, groupID).Scan(&p.GroupID, &p.Analysis, &p.Goals, &adoptedOn, &p.AdoptedBy, &adoptedAt, &p.UpdatedBy, &p.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ga.ErrNotFound(op)
	}
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	p.AdoptedOn, p.AdoptedAt, p.UpdatedAt = ga.Date(adoptedOn), timePtr(adoptedAt), p.UpdatedAt.UTC()
	return &p, nil
}
