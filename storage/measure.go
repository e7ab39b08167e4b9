package storage

import (
	"context"
	"database/sql"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Measures of the Plan van Aanpak (SPEC §2 steps 5 and 6): aimed at the
// group as a whole or at one member, each carried out by one responsible
// partner. Every query of measures — one, a group's list, the overdue
// reviews, monitoring — reads them through measureVisible, the SQL mirror
// of ga.CanSeeMeasure: a group measure is seen by everyone who may see the
// group and is audited only; a measure aimed at a person is personal data
// of that person, seen by the responsible partner and, once the driehoek
// authorised exchange, by participating partners involved with the person
// and authorised for what its kind reveals (criminal data for a
// strafrechtelijke maatregel, special-category data for a zorg measure).
// Every read or write of it writes one processing-log line for the person.
// Carrying a measure for a person makes the responsible partner involved
// with them (involved, SPEC §3).

const measureColumns = `m.id, m.group_id, m.person_id, m.kind, m.description, m.responsible_partner_id, m.status,
	m.start_date, m.review_date, m.result, m.created_by, m.created_at, m.updated_at`

// Processing-log names of measures (dpl: name).
const (
	procMeasureRecord = "maatregel_vastleggen"
	procMeasureUpdate = "maatregel_wijzigen"
	procMeasureRead   = "maatregel_raadplegen"
)

// CreateMeasure records a measure in the plan of group m.GroupID under
// ga.CanRecordMeasure: the coordinator, or a user of the responsible
// partner; group measures from the draft plan (step beeld) on, measures
// aimed at a person once the driehoek authorised the exchange of members'
// personal data, and only for a current member of the group the actor may
// see; the responsible partner takes part in the approach. A group the
// viewer may not see is ga.ErrNotFound. It sets ID, CreatedBy, CreatedAt
// and UpdatedAt, and writes the processing line maatregel_vastleggen for a
// measure aimed at a person.
func (db *DB) CreateMeasure(ctx context.Context, m *ga.Measure) error {
	_, err := db.CreateMeasureSeen(ctx, m)
	return err
}

// CreateMeasureSeen is CreateMeasure that also reports whether the actor
// may see the measure it recorded. The coordinator records the measures
// the driehoek decided, also those aimed at a person and carried out by a
// partner whose data it is not authorised for (a zorg or strafrechtelijke
// maatregel); such a measure is recorded and then hidden from it by
// ga.CanSeeMeasure, and the interface has to say so rather than let it
// vanish without a word.
func (db *DB) CreateMeasureSeen(ctx context.Context, m *ga.Measure) (seen bool, err error) {
	const op = "storage.CreateMeasure"
	err = db.act(ctx, "measure_create", "group", m.GroupID, func(tx *Tx) error {
		regID, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		g, err := tx.visibleGroup(op, v, m.GroupID, true)
		if err != nil {
			return err
		}
		facts, err := tx.memberFacts(op, v, g.ID, m.PersonID)
		if err != nil {
			return err
		}
		if err := ga.CanRecordMeasure(v.actor, *g, *m, facts, v.terms, tx.Now()); err != nil {
			return err
		}
		created := *m
		created.ID, created.GroupID, created.CreatedBy = NewID(), g.ID, recordedBy(v.actor)
		created.CreatedAt, created.UpdatedAt = tx.Now(), tx.Now()
		description, result, err := tx.crypt().sealMeasure(&created)
		if err != nil {
			return ga.Wrap(op, err)
		}
		if _, err := tx.Exec(`INSERT INTO measures (id, group_id, person_id, kind, description, responsible_partner_id, status,
				start_date, review_date, result, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
			created.ID, created.GroupID, nullString(created.PersonID), string(created.Kind), description,
			created.ResponsiblePartnerID, string(created.Status), string(created.Start), string(created.ReviewDate),
			result, created.CreatedBy, created.CreatedAt); err != nil {
			return ga.Wrap(op, err)
		}
		if err := tx.processedFor(op, procMeasureRecord, regID, created.PersonID); err != nil {
			return err
		}
		switch _, err := tx.visibleMeasure(op, v, created.ID, false); {
		case err == nil:
			seen = true
		case !ga.IsKind(err, ga.KindNotFound):
			return err
		}
		*m = created
		tx.Audit("measure_create", "measure", m.ID, ga.ResultSuccess, "soort="+string(m.Kind)+"; doel="+measureTarget(*m))
		return nil
	})
	return seen && err == nil, err
}

// UpdateMeasure changes measure m.ID under ga.CanUpdateMeasure: the
// coordinator changes every field; a user of the responsible partner
// reports progress by changing the status and the result only; a finished
// or stopped measure no longer changes. The group of a measure does not
// change. A measure the viewer may not see is ga.ErrNotFound. It writes the
// processing line maatregel_wijzigen for the person the measure was and is
// aimed at.
func (db *DB) UpdateMeasure(ctx context.Context, m *ga.Measure) error {
	const op = "storage.UpdateMeasure"
	return db.act(ctx, "measure_update", "measure", m.ID, func(tx *Tx) error {
		regID, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		old, err := tx.visibleMeasure(op, v, m.ID, true)
		if err != nil {
			return err
		}
		g, err := tx.visibleGroup(op, v, old.GroupID, true)
		if err != nil {
			return err
		}
		updated := *m
		updated.GroupID, updated.CreatedBy, updated.CreatedAt = old.GroupID, old.CreatedBy, old.CreatedAt
		c, err := tx.measureContext(op, v, *g, *old)
		if err != nil {
			return err
		}
		facts, err := tx.memberFacts(op, v, g.ID, updated.PersonID)
		if err != nil {
			return err
		}
		if err := ga.CanUpdateMeasure(v.actor, *old, updated, c, facts); err != nil {
			return err
		}
		updated.UpdatedAt = tx.Now()
		description, result, err := tx.crypt().sealMeasure(&updated)
		if err != nil {
			return ga.Wrap(op, err)
		}
		if _, err := tx.Exec(`UPDATE measures SET person_id = $2, kind = $3, description = $4, responsible_partner_id = $5,
				status = $6, start_date = $7, review_date = $8, result = $9, updated_at = $10 WHERE id = $1`,
			updated.ID, nullString(updated.PersonID), string(updated.Kind), description, updated.ResponsiblePartnerID,
			string(updated.Status), string(updated.Start), string(updated.ReviewDate), result, updated.UpdatedAt); err != nil {
			return ga.Wrap(op, err)
		}
		if err := tx.processedFor(op, procMeasureUpdate, regID, old.PersonID, updated.PersonID); err != nil {
			return err
		}
		*m = updated
		tx.Audit("measure_update", "measure", m.ID, ga.ResultSuccess, "status="+string(m.Status))
		return nil
	})
}

// Measure returns one measure the viewer may see (measureVisible), or
// ga.ErrNotFound. It writes the processing line maatregel_raadplegen for a
// measure aimed at a person.
func (db *DB) Measure(ctx context.Context, id string) (*ga.Measure, error) {
	const op = "storage.Measure"
	return readOne(ctx, db, op, "measure_read", "measure", id, procMeasureRead,
		func(tx *Tx, v *viewer) (*ga.Measure, error) { return tx.visibleMeasure(op, v, id, false) },
		func(m *ga.Measure) []string { return []string{m.PersonID} })
}

// Measures lists the measures of the group the viewer may see
// (measureVisible), by start date: every group measure, and the measures
// aimed at members that ga.CanSeeMeasure lets the viewer see. A group the
// viewer may not see is ga.ErrNotFound. It writes one processing line
// maatregel_raadplegen per person whose measures are listed.
func (db *DB) Measures(ctx context.Context, groupID string) ([]ga.Measure, error) {
	const op = "storage.Measures"
	return readGroupList(ctx, db, op, "measures_list", groupID, procMeasureRead,
		func(tx *Tx, v *viewer) ([]ga.Measure, error) { return tx.visibleMeasures(op, v, groupID) },
		measurePersons)
}

// OverdueReviews lists the measures the viewer may see, in every open
// group approach the viewer may see, whose review date has passed while
// they are planned or running (ga.Measure.ReviewOverdue), oldest review
// date first: the coordinator's reminder to review (SPEC §2 step 6). It
// writes one processing line maatregel_raadplegen per person whose measures
// are listed.
func (db *DB) OverdueReviews(ctx context.Context) ([]ga.Measure, error) {
	const op = "storage.OverdueReviews"
	var out []ga.Measure
	err := db.act(ctx, "measures_overdue_list", "measure", "", func(tx *Tx) error {
		regID, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		args := []any{string(ga.DateOf(tx.Now()))}
		rows, err := tx.Query(`SELECT `+measureColumns+` FROM measures m JOIN groups og ON og.id = m.group_id
			WHERE m.review_date < $1 AND m.status IN ('`+string(ga.MeasurePlanned)+`', '`+string(ga.MeasureRunning)+`')
			AND og.step <> '`+string(ga.StepClosed)+`' AND `+measureVisible(v, "m", &args)+`
			ORDER BY m.review_date, m.id`, args...)
		if err != nil {
			return ga.Wrap(op, err)
		}
		if out, err = scanMeasures(tx.crypt(), rows); err != nil {
			return ga.Wrap(op, err)
		}
		if err := tx.processedFor(op, procMeasureRead, regID, measurePersons(out)...); err != nil {
			return err
		}
		tx.Audit("measures_overdue_list", "measure", "", ga.ResultSuccess, "")
		return nil
	})
	return out, err
}

// measureContext is what ga.CanSeeMeasure needs to know about measure m of
// group g beyond the viewer: the terms, the time and whether the viewer's
// partner is involved with the measure's person (partnerInvolved, the same
// definition measureVisible uses).
func (tx *Tx) measureContext(op string, v *viewer, g ga.Group, m ga.Measure) (ga.MeasureContext, error) {
	c := ga.MeasureContext{Group: g, Terms: v.terms, Now: v.now}
	if m.PersonID == "" || v.partnerID == "" {
		return c, nil
	}
	var err error
	c.Involved, err = tx.partnerInvolved(op, g.ID, m.PersonID, v.partnerID)
	return c, err
}

// visibleMeasure loads one measure the viewer may see, or ga.ErrNotFound.
func (tx *Tx) visibleMeasure(op string, v *viewer, id string, lock bool) (*ga.Measure, error) {
	args := []any{id}
	q := `SELECT ` + measureColumns + ` FROM measures m WHERE m.id = $1 AND ` + measureVisible(v, "m", &args)
	if lock {
		q += tx.db.Dialect().ForUpdate()
	}
	m, err := scanMeasure(tx.crypt(), tx.QueryRow(q, args...))
	if err != nil {
		return nil, notFound(op, err)
	}
	return m, nil
}

// visibleMeasures lists the measures of one group the viewer may see.
func (tx *Tx) visibleMeasures(op string, v *viewer, groupID string) ([]ga.Measure, error) {
	args := []any{groupID}
	rows, err := tx.Query(`SELECT `+measureColumns+` FROM measures m WHERE m.group_id = $1 AND `+measureVisible(v, "m", &args)+`
		ORDER BY m.start_date, m.created_at, m.id`, args...)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	out, err := scanMeasures(tx.crypt(), rows)
	return out, ga.Wrap(op, err)
}

// memberFacts finds out whether the person is a current member of the
// group and whether the viewer may see them as a member (memberVisible),
// for the measure and meeting policies. Without a person there is nothing
// to find out.
func (tx *Tx) memberFacts(op string, v *viewer, groupID, personID string) (ga.MeasureFacts, error) {
	var f ga.MeasureFacts
	if personID == "" {
		return f, nil
	}
	args := []any{groupID, personID, string(ga.DateOf(tx.Now()))}
	q := `SELECT ` + activeMember("$1", "$2", "$3") + `, ` + memberVisible(v, "$1", "$2", &args)
	if err := tx.QueryRow(q, args...).Scan(&f.PersonIsMember, &f.ActorSeesMember); err != nil {
		return f, ga.Wrap(op, err)
	}
	return f, nil
}

// activeMember is the condition that the person personExpr has a
// membership of the group groupExpr that runs on the date dateExpr
// (ga.Membership.ActiveOn).
func activeMember(groupExpr, personExpr, dateExpr string) string {
	return "EXISTS (SELECT 1 FROM memberships am WHERE am.group_id = " + groupExpr + " AND am.person_id = " + personExpr +
		" AND am.start_date <= " + dateExpr + " AND (am.end_date = '' OR am.end_date >= " + dateExpr + "))"
}

func scanMeasure(c crypt, s scanner) (*ga.Measure, error) {
	var m ga.Measure
	var person sql.NullString
	var kind, status, start, review string
	if err := s.Scan(&m.ID, &m.GroupID, &person, &kind, &m.Description, &m.ResponsiblePartnerID, &status,
		&start, &review, &m.Result, &m.CreatedBy, &m.CreatedAt, &m.UpdatedAt); err != nil {
		return nil, err
	}
	m.PersonID, m.Kind, m.Status = person.String, ga.MeasureKind(kind), ga.MeasureStatus(status)
	if err := c.open(ownedKeyID(m.GroupID, m.PersonID, "maatregel", m.ID), "measures", m.ID, col("description", &m.Description), col("result", &m.Result)); err != nil {
		return nil, err
	}
	m.Start, m.ReviewDate = ga.Date(start), ga.Date(review)
	m.CreatedAt, m.UpdatedAt = m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	return &m, nil
}

func scanMeasures(c crypt, rows *sql.Rows) ([]ga.Measure, error) {
	defer rows.Close()
	var out []ga.Measure
	for rows.Next() {
		m, err := scanMeasure(c, rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *m)
	}
	return out, rows.Err()
}

// measurePersons returns the persons the measures are aimed at, in order.
func measurePersons(ms []ga.Measure) []string {
	var out []string
	for _, m := range ms {
		if m.PersonID != "" {
			out = append(out, m.PersonID)
		}
	}
	return out
}

// measureTarget says, for the audit log, whether a measure is aimed at the
// group or at a person, without naming the person.
func measureTarget(m ga.Measure) string {
	if m.PersonID == "" {
		return "groep"
	}
	return "persoon"
}

// processedFor writes one processing-log line named name for each distinct
// person among personIDs (empty ids are skipped), by the person's
// pseudonym (persons.pseudonym), in the order given.
func (tx *Tx) processedFor(op, name, registerEntryID string, personIDs ...string) error {
	ps, err := tx.casePseudonyms(op, personIDs)
	if err != nil {
		return err
	}
	tx.processed(name, registerEntryID, ps...)
	return nil
}

// casePseudonyms returns the pseudonyms of the persons in the order of
// personIDs, skipping empty ids; the result may hold duplicates, which
// Tx.processed drops.
func (tx *Tx) casePseudonyms(op string, personIDs []string) ([]string, error) {
	var ids []string
	seen := map[string]bool{}
	for _, id := range personIDs {
		if id != "" && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	var args []any
	rows, err := tx.Query(`SELECT id, pseudonym FROM persons WHERE id IN (`+placeholders(&args, ids)+`)`, args...)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	byID := make(map[string]string, len(ids))
	for rows.Next() {
		var id, ps string
		if err := rows.Scan(&id, &ps); err != nil {
			return nil, ga.Wrap(op, err)
		}
		byID[id] = ps
	}
	if err := rows.Err(); err != nil {
		return nil, ga.Wrap(op, err)
	}
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, byID[id])
	}
	return out, nil
}
