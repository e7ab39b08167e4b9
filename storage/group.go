package storage

import (
	"context"
	"database/sql"
	"encoding/json"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Groups and their approach through the seven steps of the Werkproces (SPEC
// §2; covenant Art 2, 3 and 5.3). A group's name, area, step and decision
// are not personal data of its members; they are shown to every coordinator
// and to the users of the partners taking part in the approach
// (groupVisible). Anyone else — and admins and auditors — gets
// ga.ErrNotFound, exactly as for an id that does not exist.

const groupColumns = `g.id, g.name, g.area, g.form, g.step, g.problematic, g.created_by_partner, g.created_at,
	g.decided_on, g.decision_present, g.approach_starts, g.exchange_authorised, g.decision_motivation,
	g.decision_recorded_by, g.decision_recorded_at, g.closed_at, g.close_reason, g.evaluation`

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
	return errNotImplemented("storage.CreateGroup")
}

// Group returns the group with its participants and the driehoek's
// decision, or ga.ErrNotFound when it does not exist or the viewer may not
// see it (groupVisible).
func (db *DB) Group(ctx context.Context, id string) (*ga.Group, error) {
	return nil, errNotImplemented("storage.Group")
}

// Groups lists the groups the viewer may see, by name. A user whose roles
// give no access to casework (admin, auditor) gets ga.ErrForbidden rather
// than an empty list.
func (db *DB) Groups(ctx context.Context) ([]ga.Group, error) {
	return nil, errNotImplemented("storage.Groups")
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
	return nil, errNotImplemented("storage.MoveGroup")
}

// AnswerProblematic records the coordinator's answer to question 2A (is the
// group's behaviour problematic?) in step informatie, with a reason, which
// the group's transitions keep (from and to informatie). When the answer is
// "not problematic" only light interventions follow and no name list may be
// made: the answer is refused (KindConflict) while the group has members
// whose membership has not ended, and CreatePerson and AddMembership refuse
// new members afterwards.
func (db *DB) AnswerProblematic(ctx context.Context, id string, problematic bool, reason string) (*ga.Group, error) {
	return nil, errNotImplemented("storage.AnswerProblematic")
}

// RecordDecision records the local driehoek's decision of step 4 (policy
// ga.CanRecordDecision: a driehoek member, in step besluit): whether the
// approach starts and whether personal data of the named members may be
// collected and exchanged. From then on other participating partners see
// what need-to-know allows (SPEC §3). The decision is recorded once; a
// second one is KindConflict. It sets RecordedBy and RecordedAt.
func (db *DB) RecordDecision(ctx context.Context, id string, d ga.TriangleDecision) (*ga.Group, error) {
	return nil, errNotImplemented("storage.RecordDecision")
}

// CloseGroup closes the group approach (step 7, afschaling) with a reason
// and an evaluation, as MoveGroup to afgesloten does; the retention period
// of Art 9 starts counting at the recorded closing time.
func (db *DB) CloseGroup(ctx context.Context, id, reason, evaluation string) (*ga.Group, error) {
	return nil, errNotImplemented("storage.CloseGroup")
}

// Transitions lists the group's transitions, oldest first, including its
// start and the answers to question 2A; ga.ErrNotFound for a group the
// viewer may not see.
func (db *DB) Transitions(ctx context.Context, id string) ([]ga.Transition, error) {
	return nil, errNotImplemented("storage.Transitions")
}

// AddParticipant lets partner partnerID take part in the group approach
// (coordinator only). Adding a partner that already takes part does
// nothing; an unknown partner is KindInvalid.
func (db *DB) AddParticipant(ctx context.Context, groupID, partnerID string) error {
	return errNotImplemented("storage.AddParticipant")
}

// RemoveParticipant ends partner partnerID's part in the group approach
// (coordinator only). From then on it sees only its own items of the
// group. The covenant's coordinating partner cannot be removed
// (KindConflict).
func (db *DB) RemoveParticipant(ctx context.Context, groupID, partnerID string) error {
	return errNotImplemented("storage.RemoveParticipant")
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
// group id, in one query.
func (tx *Tx) participants(op string, groupIDs []string) (map[string][]string, error) {
	return nil, errNotImplemented(op)
}

// errNotImplemented marks a method whose body is still being written.
func errNotImplemented(op string) error {
	return ga.E(ga.KindInternal, op, "Nog niet beschikbaar.")
}
