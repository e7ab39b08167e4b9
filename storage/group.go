package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Groups and their approach through the seven steps of the Werkproces (SPEC
// §2; covenant Art 2, 3 and 5.3). A group's name, area, step and decision
// are not personal data of its members, so the group methods do not pass
// the Art 8 gate; they are shown to every coordinator and to the users of
// the partners taking part in the approach (groupVisible). Anyone else — and
// admins and auditors — gets ga.ErrNotFound, exactly as for an id that does
// not exist. Every method is one audited action (DB.act).

const groupColumns = `g.id, g.name, g.area, g.form, g.step, g.problematic, g.created_by_partner, g.created_at,
	g.decided_on, g.decision_present, g.approach_starts, g.exchange_authorised, g.decision_motivation,
	g.decision_recorded_by, g.decision_recorded_at, g.closed_at, g.close_reason, g.evaluation`

// Limits of the free-text fields of a group approach.
const (
	maxReasonLength     = 2000
	maxEvaluationLength = 20000
)

// canCreateGroup reports whether the actor may record a new group: the
// coordinator (from signals) or a user of the police (from the Groepsscan,
// step 2B), with a role that gives access to casework.
func canCreateGroup(a *ga.Actor) bool {
	return ga.CanProcessPersonalData(a) && (a.Has(ga.RoleCoordinator) || a.PartnerKind == ga.KindPolitie)
}

// CreateGroup records a new group (jeugdgroep or fluid network) and starts
// its approach. The coordinator creates groups from signals; the police
// create them from the Groepsscan (step 2B), so any user of a police partner
// with a role that gives access to casework may too; others get
// ga.ErrForbidden. g.Step may be empty or StepSignals (the approach starts
// at step 1) or StepInformation (a Groepsscan); the start is recorded as the
// first transition. The creator's partner and the covenant's coordinating
// partner become participants. It sets ID, Step, CreatedBy, CreatedAt and
// Participants.
func (db *DB) CreateGroup(ctx context.Context, g *ga.Group) error {
	const op = "storage.CreateGroup"
	return db.act(ctx, "group_create", "group", "", func(tx *Tx) error {
		a, err := requirePartnerActor(tx, op)
		if err != nil {
			return err
		}
		if !canCreateGroup(a) {
			return ga.ErrForbidden(op)
		}
		return tx.createGroup(op, a, g)
	})
}

// createGroup validates and inserts group g for actor a inside the
// transaction, as CreateGroup describes, and writes its audit line.
func (tx *Tx) createGroup(op string, a *ga.Actor, g *ga.Group) error {
	step := g.Step
	if step == "" {
		step = ga.StepSignals
	}
	var v ga.Invalid
	if err := g.Validate(); err != nil {
		v = append(v, err.(*ga.Error).Details...)
	}
	if step != ga.StepSignals && step != ga.StepInformation {
		v.Add("stap", "Een groepsaanpak begint bij stap "+ga.StepSignals.Label()+" of, met een Groepsscan, bij stap "+ga.StepInformation.Label()+".")
	}
	if err := v.Err(op); err != nil {
		return err
	}
	c, err := tx.covenant(op, false)
	if err != nil {
		return err
	}
	id, now := NewID(), tx.Now()
	if _, err := tx.Exec(`INSERT INTO groups (id, name, area, form, step, problematic, created_by_partner, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, NULL, $6, $7, $7)`, id, g.Name, g.Area, string(g.Form), string(step), a.PartnerID, now); err != nil {
		return ga.Wrap(op, err)
	}
	participants := []string{a.PartnerID}
	if c != nil && c.Terms.CoordinatorPartnerID != "" && c.Terms.CoordinatorPartnerID != a.PartnerID {
		participants = append(participants, c.Terms.CoordinatorPartnerID)
	}
	for _, p := range participants {
		if _, err := tx.Exec(`INSERT INTO group_participants (group_id, partner_id, added_by, added_at) VALUES ($1, $2, $3, $4)`,
			id, p, a.UserID, now); err != nil {
			return ga.Wrap(op, err)
		}
	}
	reason := "Groep vastgelegd op grond van signalen."
	if step == ga.StepInformation {
		reason = "Groep vastgelegd op grond van de Groepsscan."
	}
	if err := tx.recordTransition(op, id, "", step, reason); err != nil {
		return err
	}
	g.ID, g.Step, g.CreatedBy, g.CreatedAt = id, step, a.PartnerID, now
	g.Problematic, g.Decision, g.ClosedAt, g.CloseReason, g.Evaluation = nil, nil, nil, "", ""
	g.Participants = participants
	tx.Audit("group_create", "group", id, ga.ResultSuccess, "stap="+string(step))
	return nil
}

// UpdateGroup changes a group's name or alias, area and form (coordinator
// only, while the approach is open). The step, the decision and the
// participants change only through their own actions.
func (db *DB) UpdateGroup(ctx context.Context, g *ga.Group) error {
	const op = "storage.UpdateGroup"
	return db.act(ctx, "group_update", "group", g.ID, func(tx *Tx) error {
		v, err := tx.viewer(op)
		if err != nil {
			return err
		}
		cur, err := tx.visibleGroup(op, v, g.ID, true)
		if err != nil {
			return err
		}
		if !v.coordinator {
			return ga.E(ga.KindForbidden, op, "Alleen de uitvoeringscoördinator wijzigt de gegevens van een groep.")
		}
		if cur.Step == ga.StepClosed {
			return ga.E(ga.KindConflict, op, "Deze groepsaanpak is afgesloten.")
		}
		if err := g.Validate(); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE groups SET name = $1, area = $2, form = $3, updated_at = $4 WHERE id = $5`,
			g.Name, g.Area, string(g.Form), tx.Now(), cur.ID); err != nil {
			return ga.Wrap(op, err)
		}
		cur.Name, cur.Area, cur.Form = g.Name, g.Area, g.Form
		*g = *cur
		tx.Audit("group_update", "group", cur.ID, ga.ResultSuccess, "")
		return nil
	})
}

// Group returns the group with its participants and the driehoek's
// decision, or ga.ErrNotFound when it does not exist or the viewer may not
// see it (groupVisible).
func (db *DB) Group(ctx context.Context, id string) (*ga.Group, error) {
	const op = "storage.Group"
	var g *ga.Group
	err := db.actRead(ctx, "group_read", "group", id, func(tx *Tx) error {
		v, err := tx.viewer(op)
		if err != nil {
			return err
		}
		if g, err = tx.visibleGroup(op, v, id, false); err != nil {
			return err
		}
		tx.Audit("group_read", "group", id, ga.ResultSuccess, "")
		return nil
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// Groups lists the groups the viewer may see, by name. A user whose roles
// give no access to casework (admin, auditor) gets ga.ErrForbidden rather
// than an empty list.
func (db *DB) Groups(ctx context.Context) ([]ga.Group, error) {
	const op = "storage.Groups"
	var out []ga.Group
	err := db.actRead(ctx, "group_list", "group", "", func(tx *Tx) error {
		out = nil // a retried transaction starts afresh
		v, err := tx.viewer(op)
		if err != nil {
			return err
		}
		if !v.content {
			return ga.ErrForbidden(op)
		}
		var args []any
		rows, err := tx.Query(`SELECT `+groupColumns+` FROM groups g WHERE `+groupVisible(v, "g.id", &args)+` ORDER BY g.name, g.id`, args...)
		if err != nil {
			return ga.Wrap(op, err)
		}
		defer rows.Close()
		var ids []string
		for rows.Next() {
			g, err := scanGroup(rows)
			if err != nil {
				return ga.Wrap(op, err)
			}
			out = append(out, *g)
			ids = append(ids, g.ID)
		}
		if err := rows.Err(); err != nil {
			return ga.Wrap(op, err)
		}
		rows.Close()
		parts, err := tx.participants(op, ids)
		if err != nil {
			return err
		}
		for i := range out {
			out[i].Participants = parts[out[i].ID]
		}
		tx.Audit("group_list", "group", "", ga.ResultSuccess, "")
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// MoveGroup moves the group approach to step to, with a reason, under
// ga.CheckTransition: the coordinator moves steps forward one at a time,
// beeld needs question 2A answered "problematic", plan needs the
// driehoek's decision that the approach starts, uitvoering needs the Plan
// van Aanpak adopted (plans.adopted_on), and afgesloten is possible from
// any open step. The transition is recorded with who, when and why. A group
// the viewer may not see is ga.ErrNotFound; a step the viewer may not take
// is ga.ErrForbidden; a step out of order is KindConflict.
func (db *DB) MoveGroup(ctx context.Context, id string, to ga.Step, reason string) (*ga.Group, error) {
	return db.moveGroup(ctx, "storage.MoveGroup", id, to, reason, "")
}

// CloseGroup closes the group approach (step 7, afschaling) with a reason
// and an evaluation, as MoveGroup to afgesloten does; the retention period
// of Art 9 starts counting at the recorded closing time.
func (db *DB) CloseGroup(ctx context.Context, id, reason, evaluation string) (*ga.Group, error) {
	return db.moveGroup(ctx, "storage.CloseGroup", id, ga.StepClosed, reason, evaluation)
}

func (db *DB) moveGroup(ctx context.Context, op, id string, to ga.Step, reason, evaluation string) (*ga.Group, error) {
	var g *ga.Group
	err := db.act(ctx, "group_transition", "group", id, func(tx *Tx) error {
		v, err := tx.viewer(op)
		if err != nil {
			return err
		}
		if g, err = tx.visibleGroup(op, v, id, true); err != nil {
			return err
		}
		adopted, err := tx.planAdopted(op, id)
		if err != nil {
			return err
		}
		if err := ga.CheckTransition(v.actor, *g, to, reason, adopted); err != nil {
			return err
		}
		var inv ga.Invalid
		if len(reason) > maxReasonLength {
			inv.Add("reden", "De reden is te lang (maximaal 2000 tekens).")
		}
		if len(evaluation) > maxEvaluationLength {
			inv.Add("evaluatie", "De evaluatie is te lang (maximaal 20.000 tekens).")
		}
		if err := inv.Err(op); err != nil {
			return err
		}
		from, now := g.Step, tx.Now()
		if to == ga.StepClosed {
			_, err = tx.Exec(`UPDATE groups SET step = $2, closed_at = $3, close_reason = $4, evaluation = $5, updated_at = $3 WHERE id = $1`,
				id, string(to), now, reason, evaluation)
			g.ClosedAt, g.CloseReason, g.Evaluation = &now, reason, evaluation
		} else {
			_, err = tx.Exec(`UPDATE groups SET step = $2, updated_at = $3 WHERE id = $1`, id, string(to), now)
		}
		if err != nil {
			return ga.Wrap(op, err)
		}
		if err := tx.recordTransition(op, id, from, to, reason); err != nil {
			return err
		}
		g.Step = to
		tx.Audit("group_transition", "group", id, ga.ResultSuccess, "van="+string(from)+" naar="+string(to))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// AnswerProblematic records the coordinator's answer to question 2A (is the
// group's behaviour problematic?) in step informatie, with a reason, which
// the group's transitions keep (from and to informatie). When the answer is
// "not problematic" only light interventions follow and no name list may be
// made: the answer is refused (KindConflict) while the group has members
// whose membership has not ended, and CreatePerson and AddMembership refuse
// new members afterwards.
func (db *DB) AnswerProblematic(ctx context.Context, id string, problematic bool, reason string) (*ga.Group, error) {
	const op = "storage.AnswerProblematic"
	var g *ga.Group
	err := db.act(ctx, "group_problematic", "group", id, func(tx *Tx) error {
		v, err := tx.viewer(op)
		if err != nil {
			return err
		}
		if g, err = tx.visibleGroup(op, v, id, true); err != nil {
			return err
		}
		if !v.coordinator {
			return ga.E(ga.KindForbidden, op, "Alleen de uitvoeringscoördinator beantwoordt vraag 2A.")
		}
		if g.Step != ga.StepInformation {
			return ga.E(ga.KindConflict, op, "Vraag 2A wordt beantwoord in stap "+ga.StepInformation.Label()+".")
		}
		if strings.TrimSpace(reason) == "" || len(reason) > maxReasonLength {
			return ga.E(ga.KindInvalid, op, "Geef een reden voor het antwoord op vraag 2A.", ga.Detail{Name: "reden", Message: "Vul de reden in (maximaal 2000 tekens)."})
		}
		if !problematic {
			n, err := tx.count(`SELECT count(*) FROM memberships WHERE group_id = $1 AND end_date = ''`, id)
			if err != nil {
				return ga.Wrap(op, err)
			}
			if n > 0 {
				return ga.E(ga.KindConflict, op, "Er staan al personen op de namenlijst van deze groep. Bij gedrag dat niet problematisch is hoort geen namenlijst: beëindig eerst hun lidmaatschap.")
			}
		}
		now := tx.Now()
		if _, err := tx.Exec(`UPDATE groups SET problematic = $2, updated_at = $3 WHERE id = $1`, id, problematic, now); err != nil {
			return ga.Wrap(op, err)
		}
		answer := "Vraag 2A beantwoord: het gedrag is problematisch (2B: namenlijst en Groepsscan). "
		if !problematic {
			answer = "Vraag 2A beantwoord: het gedrag is niet problematisch (lichte interventies, geen namenlijst). "
		}
		if err := tx.recordTransition(op, id, g.Step, g.Step, answer+reason); err != nil {
			return err
		}
		g.Problematic = &problematic
		tx.Audit("group_problematic", "group", id, ga.ResultSuccess, "problematisch="+boolString(problematic))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// RecordDecision records the local driehoek's decision of step 4 (policy
// ga.CanRecordDecision: a driehoek member, in step besluit): whether the
// approach starts and whether personal data of the named members may be
// collected and exchanged. From then on other participating partners see
// what need-to-know allows (SPEC §3). The decision is recorded once; a
// second one is KindConflict. It sets RecordedBy and RecordedAt.
func (db *DB) RecordDecision(ctx context.Context, id string, d ga.TriangleDecision) (*ga.Group, error) {
	const op = "storage.RecordDecision"
	var g *ga.Group
	err := db.act(ctx, "group_decision", "group", id, func(tx *Tx) error {
		v, err := tx.viewer(op)
		if err != nil {
			return err
		}
		if g, err = tx.visibleGroup(op, v, id, true); err != nil {
			return err
		}
		if err := ga.CanRecordDecision(v.actor, *g); err != nil {
			return err
		}
		if g.Decision != nil {
			return ga.E(ga.KindConflict, op, "Het besluit van de driehoek is al vastgelegd.")
		}
		if err := d.Validate(); err != nil {
			return err
		}
		present, err := json.Marshal(d.Present)
		if err != nil {
			return ga.Wrap(op, err)
		}
		now := tx.Now()
		if _, err := tx.Exec(`UPDATE groups SET decided_on = $2, decision_present = $3, approach_starts = $4, exchange_authorised = $5,
			decision_motivation = $6, decision_recorded_by = $7, decision_recorded_at = $8, updated_at = $8 WHERE id = $1`,
			id, string(d.DecidedOn), string(present), d.ApproachStarts, d.ExchangeAuthorised, d.Motivation, v.actor.UserID, now); err != nil {
			return ga.Wrap(op, err)
		}
		d.RecordedBy, d.RecordedAt = v.actor.UserID, now
		g.Decision = &d
		tx.Audit("group_decision", "group", id, ga.ResultSuccess,
			"start="+boolString(d.ApproachStarts)+" uitwisseling="+boolString(d.ExchangeAuthorised))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// Transitions lists the group's transitions, oldest first, including its
// start and the answers to question 2A; ga.ErrNotFound for a group the
// viewer may not see.
func (db *DB) Transitions(ctx context.Context, id string) ([]ga.Transition, error) {
	const op = "storage.Transitions"
	var out []ga.Transition
	err := db.actRead(ctx, "group_transitions_read", "group", id, func(tx *Tx) error {
		v, err := tx.viewer(op)
		if err != nil {
			return err
		}
		if _, err := tx.visibleGroup(op, v, id, false); err != nil {
			return err
		}
		out, err = tx.transitions(op, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// transitions reads the transitions of a group the viewer may see and
// records the audit line of reading them.
func (tx *Tx) transitions(op, id string) ([]ga.Transition, error) {
	rows, err := tx.Query(`SELECT from_step, to_step, user_id, partner_id, at, reason FROM group_transitions
		WHERE group_id = $1 ORDER BY at, id`, id)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	var out []ga.Transition
	for rows.Next() {
		var t ga.Transition
		var from, to string
		if err := rows.Scan(&from, &to, &t.UserID, &t.PartnerID, &t.At, &t.Reason); err != nil {
			return nil, ga.Wrap(op, err)
		}
		t.From, t.To, t.At = ga.Step(from), ga.Step(to), t.At.UTC()
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, ga.Wrap(op, err)
	}
	tx.Audit("group_transitions_read", "group", id, ga.ResultSuccess, "")
	return out, nil
}

// AddParticipant lets partner partnerID take part in the group approach
// (coordinator only). Adding a partner that already takes part does
// nothing; an unknown partner is KindInvalid and a closed approach
// KindConflict.
func (db *DB) AddParticipant(ctx context.Context, groupID, partnerID string) error {
	const op = "storage.AddParticipant"
	return db.act(ctx, "group_participant_add", "group", groupID, func(tx *Tx) error {
		v, g, err := tx.coordinatorGroup(op, groupID)
		if err != nil {
			return err
		}
		if _, err := tx.partner(op, partnerID); err != nil {
			if ga.IsKind(err, ga.KindNotFound) {
				return ga.E(ga.KindInvalid, op, "De invoer is niet geldig.", ga.Detail{Name: "partnerId", Message: "Kies een partner van het convenant."})
			}
			return err
		}
		if g.Step == ga.StepClosed {
			return ga.E(ga.KindConflict, op, "Deze groepsaanpak is afgesloten.")
		}
		if _, err := tx.Exec(`INSERT INTO group_participants (group_id, partner_id, added_by, added_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (group_id, partner_id) DO NOTHING`, groupID, partnerID, v.actor.UserID, tx.Now()); err != nil {
			return ga.Wrap(op, err)
		}
		tx.Audit("group_participant_add", "group", groupID, ga.ResultSuccess, "partner="+partnerID)
		return nil
	})
}

// RemoveParticipant ends partner partnerID's part in the group approach
// (coordinator only). From then on it sees only its own items of the
// group. The covenant's coordinating partner cannot be removed
// (KindConflict); a partner that does not take part is KindInvalid.
func (db *DB) RemoveParticipant(ctx context.Context, groupID, partnerID string) error {
	const op = "storage.RemoveParticipant"
	return db.act(ctx, "group_participant_remove", "group", groupID, func(tx *Tx) error {
		v, _, err := tx.coordinatorGroup(op, groupID)
		if err != nil {
			return err
		}
		if partnerID == v.terms.CoordinatorPartnerID {
			return ga.E(ga.KindConflict, op, "De partner van de uitvoeringscoördinator neemt altijd deel aan de groepsaanpak.")
		}
		res, err := tx.Exec(`DELETE FROM group_participants WHERE group_id = $1 AND partner_id = $2`, groupID, partnerID)
		if err != nil {
			return ga.Wrap(op, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ga.E(ga.KindInvalid, op, "De invoer is niet geldig.", ga.Detail{Name: "partnerId", Message: "Deze partner neemt niet deel aan de groepsaanpak."})
		}
		tx.Audit("group_participant_remove", "group", groupID, ga.ResultSuccess, "partner="+partnerID)
		return nil
	})
}

// coordinatorGroup loads a group the viewer may see, locked, and requires
// the coordinator role (ga.ErrForbidden otherwise).
func (tx *Tx) coordinatorGroup(op, groupID string) (*viewer, *ga.Group, error) {
	v, err := tx.viewer(op)
	if err != nil {
		return nil, nil, err
	}
	g, err := tx.visibleGroup(op, v, groupID, true)
	if err != nil {
		return nil, nil, err
	}
	if !v.coordinator {
		return nil, nil, ga.E(ga.KindForbidden, op, "Alleen de uitvoeringscoördinator bepaalt welke partners deelnemen.")
	}
	return v, g, nil
}

// recordTransition records a move of the group approach by the actor, with
// its reason.
func (tx *Tx) recordTransition(op, groupID string, from, to ga.Step, reason string) error {
	a := tx.Actor()
	if _, err := tx.Exec(`INSERT INTO group_transitions (id, group_id, from_step, to_step, user_id, partner_id, at, reason)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, NewID(), groupID, string(from), string(to), recordedBy(a), a.PartnerID, tx.Now(), reason); err != nil {
		return ga.Wrap(op, err)
	}
	return nil
}

// planAdopted reports whether the driehoek adopted the group's Plan van
// Aanpak (plans.adopted_on is set).
func (tx *Tx) planAdopted(op, groupID string) (bool, error) {
	n, err := tx.count(`SELECT count(*) FROM plans WHERE group_id = $1 AND adopted_on <> ''`, groupID)
	if err != nil {
		return false, ga.Wrap(op, err)
	}
	return n > 0, nil
}

// scanGroup scans a row of groupColumns.
func scanGroup(s scanner) (*ga.Group, error) {
	var g ga.Group
	var form, step, decidedOn, present string
	var problematic sql.NullBool
	var recordedAt, closedAt sql.NullTime
	var d ga.TriangleDecision
	if err := s.Scan(&g.ID, &g.Name, &g.Area, &form, &step, &problematic, &g.CreatedBy, &g.CreatedAt,
		&decidedOn, &present, &d.ApproachStarts, &d.ExchangeAuthorised, &d.Motivation,
		&d.RecordedBy, &recordedAt, &closedAt, &g.CloseReason, &g.Evaluation); err != nil {
		return nil, err
	}
	g.Form, g.Step, g.CreatedAt = ga.GroupForm(form), ga.Step(step), g.CreatedAt.UTC()
	if problematic.Valid {
		b := problematic.Bool
		g.Problematic = &b
	}
	if decidedOn != "" {
		d.DecidedOn = ga.Date(decidedOn)
		if present != "" {
			if err := json.Unmarshal([]byte(present), &d.Present); err != nil {
				return nil, err
			}
		}
		if t := timePtr(recordedAt); t != nil {
			d.RecordedAt = *t
		}
		g.Decision = &d
	}
	g.ClosedAt = timePtr(closedAt)
	return &g, nil
}

// loadParticipants sets g.Participants.
func (tx *Tx) loadParticipants(op string, g *ga.Group) error {
	m, err := tx.participants(op, []string{g.ID})
	if err != nil {
		return err
	}
	g.Participants = m[g.ID]
	return nil
}

// participants returns the participating partners of the groups, keyed by
// group id and sorted, in one query.
func (tx *Tx) participants(op string, groupIDs []string) (map[string][]string, error) {
	out := map[string][]string{}
	if len(groupIDs) == 0 {
		return out, nil
	}
	var args []any
	rows, err := tx.Query(`SELECT group_id, partner_id FROM group_participants WHERE group_id IN (`+placeholders(&args, groupIDs)+`)
		ORDER BY group_id, partner_id`, args...)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var g, p string
		if err := rows.Scan(&g, &p); err != nil {
			return nil, ga.Wrap(op, err)
		}
		out[g] = append(out[g], p)
	}
	return out, ga.Wrap(op, rows.Err())
}

// placeholders binds each value and returns the comma-separated
// placeholders, for an IN list. values must not be empty.
func placeholders(args *[]any, values []string) string {
	ps := make([]string, len(values))
	for i, v := range values {
		ps[i] = bind(args, v)
	}
	return strings.Join(ps, ", ")
}

func boolString(b bool) string {
	if b {
		return "ja"
	}
	return "nee"
}
