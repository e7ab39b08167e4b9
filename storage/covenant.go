package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// CovenantVersion is one version of the covenant's terms in its history.
type CovenantVersion struct {
	Version     int              `json:"versie"`
	Terms       ga.CovenantTerms `json:"voorwaarden"`
	AmendmentID string           `json:"wijzigingId,omitempty"`
	// InForceAt is when the version was recorded: for version 1 the last
	// time its terms were set before the first signature, for later
	// versions the moment the last partner approved the amendment.
	InForceAt time.Time `json:"vanKrachtOp"`
}

// Covenant returns the covenant with its terms in force, or KindNotFound when
// none is recorded yet.
func (db *DB) Covenant(ctx context.Context) (*ga.Covenant, error) {
	const op = "storage.Covenant"
	var c *ga.Covenant
	err := db.Read(ctx, func(tx *Tx) error {
		if _, err := requireActor(tx, op); err != nil {
			return err
		}
		var err error
		if c, err = tx.covenant(op, false); err != nil {
			return err
		}
		if c == nil {
			return ga.ErrNotFound(op)
		}
		return nil
	})
	return c, err
}

// SetCovenantTerms records the covenant's terms (admin or coordinator). It
// creates the covenant at version 1, or edits version 1 as long as no partner
// signed; after the first signature only an amendment changes the terms
// (KindConflict).
func (db *DB) SetCovenantTerms(ctx context.Context, t ga.CovenantTerms) (*ga.Covenant, error) {
	const op = "storage.SetCovenantTerms"
	var c *ga.Covenant
	err := db.act(ctx, "covenant_terms_set", "covenant", "", func(tx *Tx) error {
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		if !a.System && !ga.CanEditCovenant(a) {
			return ga.ErrForbidden(op)
		}
		partners, err := tx.partners(op)
		if err != nil {
			return err
		}
		if err := t.Validate(partners); err != nil {
			return err
		}
		terms, err := json.Marshal(t)
		if err != nil {
			return ga.Wrap(op, err)
		}
		now := tx.Now()
		// Create the one covenant row if there is none; the unique index on
		// singleton makes a concurrent first recording wait and do nothing.
		res, err := tx.Exec(`INSERT INTO covenants (id, version, terms, created_at, updated_at)
			VALUES ($1, 1, $2, $3, $3) ON CONFLICT (singleton) DO NOTHING`, NewID(), string(terms), now)
		if err != nil {
			return ga.Wrap(op, err)
		}
		created, _ := res.RowsAffected()
		if c, err = tx.covenant(op, true); err != nil {
			return err
		}
		if created == 0 {
			n, err := tx.count(`SELECT count(*) FROM signatures`)
			if err != nil {
				return ga.Wrap(op, err)
			}
			if n > 0 || c.Version > 1 {
				return ga.E(ga.KindConflict, op, "Het convenant is al ondertekend; de voorwaarden wijzigen alleen nog met een wijzigingsvoorstel dat alle partners goedkeuren (artikel 12.1).")
			}
			if _, err := tx.Exec(`UPDATE covenants SET terms = $2, updated_at = $3 WHERE id = $1`, c.ID, string(terms), now); err != nil {
				return ga.Wrap(op, err)
			}
			c.Terms, c.UpdatedAt = t, now
		}
		if _, err := tx.Exec(`INSERT INTO covenant_versions (covenant_id, version, terms, amendment_id, in_force_at)
			VALUES ($1, 1, $2, NULL, $3)
			ON CONFLICT (covenant_id, version) DO UPDATE SET terms = excluded.terms, in_force_at = excluded.in_force_at`,
			c.ID, string(terms), now); err != nil {
			return ga.Wrap(op, err)
		}
		detail := "gewijzigd"
		if created > 0 {
			detail = "vastgelegd"
		}
		tx.Audit("covenant_terms_set", "covenant", c.ID, ga.ResultSuccess, detail)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// CovenantHistory lists every version of the terms, oldest first.
func (db *DB) CovenantHistory(ctx context.Context) ([]CovenantVersion, error) {
	const op = "storage.CovenantHistory"
	var out []CovenantVersion
	err := db.Transact(ctx, func(tx *Tx) error {
		if _, err := requireActor(tx, op); err != nil {
			return err
		}
		rows, err := tx.Query(`SELECT version, terms, amendment_id, in_force_at FROM covenant_versions ORDER BY version`)
		if err != nil {
			return ga.Wrap(op, err)
		}
		defer rows.Close()
		for rows.Next() {
			var v CovenantVersion
			var terms string
			var amendment sql.NullString
			if err := rows.Scan(&v.Version, &terms, &amendment, &v.InForceAt); err != nil {
				return ga.Wrap(op, err)
			}
			if err := json.Unmarshal([]byte(terms), &v.Terms); err != nil {
				return ga.Wrap(op, err)
			}
			v.AmendmentID, v.InForceAt = amendment.String, v.InForceAt.UTC()
			out = append(out, v)
		}
		return ga.Wrap(op, rows.Err())
	})
	return out, err
}

// Signatures lists the partners' signatures.
func (db *DB) Signatures(ctx context.Context) ([]ga.Signature, error) {
	const op = "storage.Signatures"
	var out []ga.Signature
	err := db.Transact(ctx, func(tx *Tx) error {
		if _, err := requireActor(tx, op); err != nil {
			return err
		}
		var err error
		out, err = tx.signatures(op)
		return err
	})
	return out, err
}

// RecordSignature records partner s.PartnerID's signature (policy
// ga.CanRecordSignature); a second signature of the same partner is
// KindConflict. The covenant's terms must have been recorded first. It sets
// RecordedBy and RecordedAt.
func (db *DB) RecordSignature(ctx context.Context, s *ga.Signature) error {
	const op = "storage.RecordSignature"
	return db.act(ctx, "signature_record", "partner", s.PartnerID, func(tx *Tx) error {
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		p, err := tx.partner(op, s.PartnerID)
		if err != nil {
			return err
		}
		if !a.System && !ga.CanRecordSignature(a, *p) {
			return ga.ErrForbidden(op)
		}
		if err := s.Validate(); err != nil {
			return err
		}
		// Lock the covenant so that its terms cannot be edited while the
		// signature is being recorded.
		c, err := tx.covenant(op, true)
		if err != nil {
			return err
		}
		if c == nil {
			return ga.E(ga.KindConflict, op, "Leg eerst de voorwaarden van het convenant vast.")
		}
		s.RecordedBy, s.RecordedAt = recordedBy(a), tx.Now()
		_, err = tx.Exec(`INSERT INTO signatures (partner_id, signatory_name, signatory_function, signed_on, recorded_by, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, s.PartnerID, s.SignatoryName, s.SignatoryFunction, string(s.SignedOn), s.RecordedBy, s.RecordedAt)
		if isUniqueViolation(err) {
			return ga.E(ga.KindConflict, op, "Deze partner heeft het convenant al ondertekend.")
		}
		if err != nil {
			return ga.Wrap(op, err)
		}
		tx.Audit("signature_record", "partner", p.ID, ga.ResultSuccess, "")
		return nil
	})
}

// ProposeAmendment records a proposed amendment with the complete new terms
// (policy ga.CanProposeAmendment). It sets ID, Number, Status, ProposedBy and
// ProposedAt. Before the first signature the terms are edited directly with
// SetCovenantTerms, so proposing an amendment then is KindConflict.
func (db *DB) ProposeAmendment(ctx context.Context, a *ga.Amendment) error {
	const op = "storage.ProposeAmendment"
	return db.act(ctx, "amendment_propose", "amendment", "", func(tx *Tx) error {
		actor, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		if !actor.System && !ga.CanProposeAmendment(actor) {
			return ga.ErrForbidden(op)
		}
		// The lock on the covenant serialises the numbering of amendments.
		c, err := tx.covenant(op, true)
		if err != nil {
			return err
		}
		if c == nil {
			return ga.E(ga.KindConflict, op, "Er is nog geen convenant vastgelegd.")
		}
		if n, err := tx.count(`SELECT count(*) FROM signatures`); err != nil {
			return ga.Wrap(op, err)
		} else if n == 0 {
			return ga.E(ga.KindConflict, op, "Het convenant is nog niet ondertekend; wijzig de voorwaarden rechtstreeks.")
		}
		partners, err := tx.partners(op)
		if err != nil {
			return err
		}
		var v ga.Invalid
		if strings.TrimSpace(a.Description) == "" {
			v.Add("toelichting", "Licht de wijziging toe.")
		} else if len(a.Description) > 8000 {
			v.Add("toelichting", "De toelichting is te lang (maximaal 8000 tekens).")
		}
		if err := a.Terms.Validate(partners); err != nil {
			v = append(v, err.(*ga.Error).Details...)
		}
		if err := v.Err(op); err != nil {
			return err
		}
		terms, err := json.Marshal(a.Terms)
		if err != nil {
			return ga.Wrap(op, err)
		}
		var number int
		if err := tx.QueryRow(`SELECT COALESCE(MAX(number), 0) + 1 FROM amendments`).Scan(&number); err != nil {
			return ga.Wrap(op, err)
		}
		id, now := NewID(), tx.Now()
		if _, err := tx.Exec(`INSERT INTO amendments (id, number, description, terms, status, proposed_by, proposed_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, number, a.Description, string(terms), string(ga.AmendmentProposed), recordedBy(actor), now); err != nil {
			return ga.Wrap(op, err)
		}
		a.ID, a.Number, a.Status, a.ProposedBy, a.ProposedAt = id, number, ga.AmendmentProposed, recordedBy(actor), now
		a.Approvals, a.ResultingVersion, a.EffectiveAt = nil, 0, nil
		tx.Audit("amendment_propose", "amendment", id, ga.ResultSuccess, "nummer="+strconv.Itoa(number))
		return nil
	})
}

// Amendments lists every amendment with its approvals, newest first.
func (db *DB) Amendments(ctx context.Context) ([]ga.Amendment, error) {
	const op = "storage.Amendments"
	var out []ga.Amendment
	err := db.Transact(ctx, func(tx *Tx) error {
		if _, err := requireActor(tx, op); err != nil {
			return err
		}
		rows, err := tx.Query(`SELECT ` + amendmentColumns + ` FROM amendments ORDER BY number DESC`)
		if err != nil {
			return ga.Wrap(op, err)
		}
		defer rows.Close()
		for rows.Next() {
			am, err := scanAmendment(rows)
			if err != nil {
				return ga.Wrap(op, err)
			}
			out = append(out, *am)
		}
		if err := rows.Err(); err != nil {
			return ga.Wrap(op, err)
		}
		rows.Close()
		approvals, err := tx.approvals(op, "")
		if err != nil {
			return err
		}
		for i := range out {
			out[i].Approvals = approvals[out[i].ID]
		}
		return nil
	})
	return out, err
}

// Amendment returns one amendment with its approvals, or KindNotFound.
func (db *DB) Amendment(ctx context.Context, id string) (*ga.Amendment, error) {
	const op = "storage.Amendment"
	var am *ga.Amendment
	err := db.Transact(ctx, func(tx *Tx) error {
		if _, err := requireActor(tx, op); err != nil {
			return err
		}
		var err error
		am, err = tx.amendment(op, id)
		return err
	})
	return am, err
}

// ApproveAmendment records the approval of the actor's partner (policy
// ga.CanApproveAmendment). When it is the last partner to approve, the
// amendment takes effect in the same transaction (Art 12.1): the terms are
// replaced, the covenant's version goes up by one and the history keeps the
// previous terms. Approving twice or approving a withdrawn or already
// effective amendment is KindConflict. Because the new version asks every
// user to accept the confidentiality duty again, the amendment in force
// closes personal data to each user until they do.
func (db *DB) ApproveAmendment(ctx context.Context, id string) (*ga.Amendment, error) {
	const op = "storage.ApproveAmendment"
	var am *ga.Amendment
	err := db.act(ctx, "amendment_approve", "amendment", id, func(tx *Tx) error {
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		// Lock the covenant first: approvals of one amendment are then
		// serialised, so two last approvals at once cannot both apply it.
		c, err := tx.covenant(op, true)
		if err != nil {
			return err
		}
		if c == nil {
			return ga.ErrNotFound(op)
		}
		if am, err = tx.amendment(op, id); err != nil {
			return err
		}
		// The system actor may approve only when it acts for a partner, as
		// the demo loader does.
		if a.PartnerID == "" {
			return ga.ErrForbidden(op)
		}
		p, err := tx.partner(op, a.PartnerID)
		if err != nil {
			return ga.ErrForbidden(op)
		}
		if !ga.CanApproveAmendment(a, *p) {
			return ga.ErrForbidden(op)
		}
		switch {
		case am.Status != ga.AmendmentProposed:
			return ga.E(ga.KindConflict, op, "Over deze wijziging kan niet meer worden beslist: zij is al van kracht of ingetrokken.")
		case am.ApprovedBy(p.ID):
			return ga.E(ga.KindConflict, op, "Uw organisatie heeft al met deze wijziging ingestemd.")
		}
		now := tx.Now()
		if _, err := tx.Exec(`INSERT INTO amendment_approvals (amendment_id, partner_id, approved_by, approved_at) VALUES ($1, $2, $3, $4)`,
			am.ID, p.ID, recordedBy(a), now); err != nil {
			return ga.Wrap(op, err)
		}
		am.Approvals = append(am.Approvals, ga.Approval{PartnerID: p.ID, ApprovedBy: recordedBy(a), ApprovedAt: now})
		tx.Audit("amendment_approve", "amendment", am.ID, ga.ResultSuccess, "partner="+p.ID)

		partners, err := tx.partners(op)
		if err != nil {
			return err
		}
		if !am.ApprovedByAll(partners) {
			return nil
		}
		if err := am.Terms.Validate(partners); err != nil {
			return err
		}
		terms, err := json.Marshal(am.Terms)
		if err != nil {
			return ga.Wrap(op, err)
		}
		version := c.Version + 1
		if _, err := tx.Exec(`UPDATE covenants SET terms = $2, version = $3, updated_at = $4 WHERE id = $1`, c.ID, string(terms), version, now); err != nil {
			return ga.Wrap(op, err)
		}
		if _, err := tx.Exec(`INSERT INTO covenant_versions (covenant_id, version, terms, amendment_id, in_force_at) VALUES ($1, $2, $3, $4, $5)`,
			c.ID, version, string(terms), am.ID, now); err != nil {
			return ga.Wrap(op, err)
		}
		if _, err := tx.Exec(`UPDATE amendments SET status = $2, resulting_version = $3, effective_at = $4 WHERE id = $1`,
			am.ID, string(ga.AmendmentInForce), version, now); err != nil {
			return ga.Wrap(op, err)
		}
		am.Status, am.ResultingVersion, am.EffectiveAt = ga.AmendmentInForce, version, &now
		tx.Audit("amendment_in_force", "covenant", c.ID, ga.ResultSuccess, "wijziging="+am.ID+" versie="+strconv.Itoa(version))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return am, nil
}

// WithdrawAmendment withdraws a proposed amendment that is not in force
// (policy ga.CanProposeAmendment).
func (db *DB) WithdrawAmendment(ctx context.Context, id string) error {
	const op = "storage.WithdrawAmendment"
	return db.act(ctx, "amendment_withdraw", "amendment", id, func(tx *Tx) error {
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		if _, err := tx.covenant(op, true); err != nil {
			return err
		}
		am, err := tx.amendment(op, id)
		if err != nil {
			return err
		}
		if !a.System && !ga.CanProposeAmendment(a) {
			return ga.ErrForbidden(op)
		}
		if am.Status != ga.AmendmentProposed {
			return ga.E(ga.KindConflict, op, "Alleen een voorgestelde wijziging kan worden ingetrokken.")
		}
		if _, err := tx.Exec(`UPDATE amendments SET status = $2 WHERE id = $1`, id, string(ga.AmendmentWithdrawn)); err != nil {
			return ga.Wrap(op, err)
		}
		tx.Audit("amendment_withdraw", "amendment", id, ga.ResultSuccess, "")
		return nil
	})
}

// GateState loads everything the Art 8 gate looks at.
func (db *DB) GateState(ctx context.Context) (ga.GateState, error) {
	const op = "storage.GateState"
	var s ga.GateState
	// Only reads: in a read transaction, so that the check every request
	// makes (api's requireProcessing, web's session middleware) neither
	// waits for nor takes the write lock, which on SQLite the committer of
	// the log lines holds through its append and durable commit.
	err := db.Read(ctx, func(tx *Tx) error {
		if _, err := requireActor(tx, op); err != nil {
			return err
		}
		var err error
		s, err = tx.gateState(op)
		return err
	})
	return s, err
}

// CheckGate returns nil when personal data may be processed, or the
// KindGateClosed error naming what is missing (Art 8).
func (db *DB) CheckGate(ctx context.Context) error {
	const op = "storage.CheckGate"
	return db.Read(ctx, func(tx *Tx) error {
		if _, err := requireActor(tx, op); err != nil {
			return err
		}
		s, err := tx.gateState(op)
		if err != nil {
			return err
		}
		return ga.CheckGate(s, tx.Now())
	})
}

// RequirePersonalDataAccess is the precondition that every feature calls in
// its transaction before it processes personal data: the Art 8 gate is open,
// the actor's roles give access to personal data, and the actor accepted the
// confidentiality duty for the covenant version in force
// (ga.CheckPersonalDataAccess). The system actor, which is not a person,
// needs only the gate to be open. It returns the id of the register entry
// version in force, which the processing log records as
// dpl.core.processing_activity_id.
func (tx *Tx) RequirePersonalDataAccess() (registerEntryID string, err error) {
	const op = "storage.RequirePersonalDataAccess"
	a, err := requireActor(tx, op)
	if err != nil {
		return "", err
	}
	s, err := tx.gateState(op)
	if err != nil {
		return "", err
	}
	if a.System {
		err = ga.CheckGate(s, tx.Now())
	} else {
		err = ga.CheckPersonalDataAccess(a, s, tx.Now())
	}
	if err != nil {
		return "", err
	}
	return s.Register.ID, nil
}

// AcceptConfidentiality records that the actor accepted the confidentiality
// duty of Art 5.1 for the covenant version in force. On success it also sets
// the DeclaredVersion of the actor in ctx, so that the rest of the request
// sees the declaration.
func (db *DB) AcceptConfidentiality(ctx context.Context) error {
	const op = "storage.AcceptConfidentiality"
	var version int
	err := db.act(ctx, "confidentiality_accept", "covenant", "", func(tx *Tx) error {
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		if a.System {
			return ga.ErrForbidden(op)
		}
		c, err := tx.covenant(op, false)
		if err != nil {
			return err
		}
		if c == nil {
			return ga.E(ga.KindConflict, op, "Er is nog geen convenant vastgelegd.")
		}
		if _, err := tx.Exec(`INSERT INTO confidentiality_declarations (user_id, covenant_version, accepted_at) VALUES ($1, $2, $3)
			ON CONFLICT (user_id, covenant_version) DO NOTHING`, a.UserID, c.Version, tx.Now()); err != nil {
			return ga.Wrap(op, err)
		}
		version = c.Version
		tx.Audit("confidentiality_accept", "covenant", c.ID, ga.ResultSuccess, "versie="+strconv.Itoa(c.Version))
		return nil
	})
	if err != nil {
		return err
	}
	ga.ActorFrom(ctx).DeclaredVersion = version
	return nil
}

const wpg20Columns = `id, reference, decided_on, decided_by, summary, valid_until, recorded_by, recorded_at`

// RecordWpg20Decision records the police's Wet politiegegevens art 20
// decision (policy ga.CanRecordWpg20). It sets ID, RecordedBy and
// RecordedAt.
func (db *DB) RecordWpg20Decision(ctx context.Context, d *ga.Wpg20Decision) error {
	const op = "storage.RecordWpg20Decision"
	return db.act(ctx, "wpg20_record", "wpg20_decision", "", func(tx *Tx) error {
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		if !a.System && !ga.CanRecordWpg20(a) {
			return ga.ErrForbidden(op)
		}
		if err := d.Validate(); err != nil {
			return err
		}
		id, now := NewID(), tx.Now()
		if _, err := tx.Exec(`INSERT INTO wpg20_decisions (`+wpg20Columns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			id, d.Reference, string(d.DecidedOn), d.DecidedBy, d.Summary, string(d.ValidUntil), recordedBy(a), now); err != nil {
			return ga.Wrap(op, err)
		}
		d.ID, d.RecordedBy, d.RecordedAt = id, recordedBy(a), now
		tx.Audit("wpg20_record", "wpg20_decision", id, ga.ResultSuccess, "")
		return nil
	})
}

// Wpg20Decisions lists the recorded decisions, newest first.
func (db *DB) Wpg20Decisions(ctx context.Context) ([]ga.Wpg20Decision, error) {
	const op = "storage.Wpg20Decisions"
	var out []ga.Wpg20Decision
	err := db.Read(ctx, func(tx *Tx) error {
		if _, err := requireActor(tx, op); err != nil {
			return err
		}
		rows, err := tx.Query(`SELECT ` + wpg20Columns + ` FROM wpg20_decisions ORDER BY decided_on DESC, id DESC`)
		if err != nil {
			return ga.Wrap(op, err)
		}
		defer rows.Close()
		for rows.Next() {
			var d ga.Wpg20Decision
			var decidedOn, validUntil string
			if err := rows.Scan(&d.ID, &d.Reference, &decidedOn, &d.DecidedBy, &d.Summary, &validUntil, &d.RecordedBy, &d.RecordedAt); err != nil {
				return ga.Wrap(op, err)
			}
			d.DecidedOn, d.ValidUntil, d.RecordedAt = ga.Date(decidedOn), ga.Date(validUntil), d.RecordedAt.UTC()
			out = append(out, d)
		}
		return ga.Wrap(op, rows.Err())
	})
	return out, err
}

const disputeColumns = `id, subject, description, raised_by, raised_at, status, resolution, resolved_at`

// RaiseDispute records a dispute between partners (Art 11; policy
// ga.CanRaiseDispute). The dispute is raised by the actor's partner; the
// system actor names the partner in d.RaisedBy. It sets ID, RaisedBy,
// RaisedAt and Status.
func (db *DB) RaiseDispute(ctx context.Context, d *ga.Dispute) error {
	const op = "storage.RaiseDispute"
	return db.act(ctx, "dispute_raise", "dispute", "", func(tx *Tx) error {
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		if !a.System && !ga.CanRaiseDispute(a) {
			return ga.ErrForbidden(op)
		}
		raisedBy := d.RaisedBy
		if !a.System {
			raisedBy = a.PartnerID
		}
		ids := slices.Clone(d.PartnerIDs)
		slices.Sort(ids)
		ids = slices.Compact(ids)
		var v ga.Invalid
		if err := (ga.Dispute{Subject: d.Subject, Description: d.Description, PartnerIDs: ids}).Validate(); err != nil {
			v = append(v, err.(*ga.Error).Details...)
		}
		if len(d.Subject) > 200 {
			v.Add("onderwerp", "Het onderwerp is te lang (maximaal 200 tekens).")
		}
		if _, err := tx.partner(op, raisedBy); err != nil {
			if !ga.IsKind(err, ga.KindNotFound) {
				return err
			}
			v.Add("ingediendDoorPartnerId", "Kies de partner die het geschil indient.")
		}
		for _, id := range ids {
			if _, err := tx.partner(op, id); err != nil {
				if !ga.IsKind(err, ga.KindNotFound) {
					return err
				}
				v.Add("betrokkenPartnerIds", "Onbekende partner.")
				break
			}
		}
		if err := v.Err(op); err != nil {
			return err
		}
		id, now := NewID(), tx.Now()
		if _, err := tx.Exec(`INSERT INTO disputes (`+disputeColumns+`) VALUES ($1, $2, $3, $4, $5, $6, '', NULL)`,
			id, d.Subject, d.Description, raisedBy, now, string(ga.DisputeOpen)); err != nil {
			return ga.Wrap(op, err)
		}
		for _, p := range ids {
			if _, err := tx.Exec(`INSERT INTO dispute_partners (dispute_id, partner_id) VALUES ($1, $2)`, id, p); err != nil {
				return ga.Wrap(op, err)
			}
		}
		d.ID, d.RaisedBy, d.PartnerIDs, d.RaisedAt, d.Status, d.Resolution, d.ResolvedAt = id, raisedBy, ids, now, ga.DisputeOpen, "", nil
		tx.Audit("dispute_raise", "dispute", id, ga.ResultSuccess, "")
		return nil
	})
}

// ResolveDispute records the resolution of an open dispute (policy
// ga.CanResolveDispute); resolving it again is KindConflict.
func (db *DB) ResolveDispute(ctx context.Context, id, resolution string) (*ga.Dispute, error) {
	const op = "storage.ResolveDispute"
	var d *ga.Dispute
	err := db.act(ctx, "dispute_resolve", "dispute", id, func(tx *Tx) error {
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		if d, err = tx.dispute(op, id, true); err != nil {
			return err
		}
		if !a.System && !ga.CanResolveDispute(a) {
			return ga.ErrForbidden(op)
		}
		if d.Status != ga.DisputeOpen {
			return ga.E(ga.KindConflict, op, "Dit geschil is al opgelost.")
		}
		var v ga.Invalid
		if strings.TrimSpace(resolution) == "" {
			v.Add("oplossing", "Beschrijf hoe het geschil is opgelost.")
		} else if len(resolution) > 8000 {
			v.Add("oplossing", "De tekst is te lang (maximaal 8000 tekens).")
		}
		if err := v.Err(op); err != nil {
			return err
		}
		now := tx.Now()
		if _, err := tx.Exec(`UPDATE disputes SET status = $2, resolution = $3, resolved_at = $4 WHERE id = $1`,
			id, string(ga.DisputeResolved), resolution, now); err != nil {
			return ga.Wrap(op, err)
		}
		d.Status, d.Resolution, d.ResolvedAt = ga.DisputeResolved, resolution, &now
		tx.Audit("dispute_resolve", "dispute", id, ga.ResultSuccess, "")
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// Disputes lists every dispute, newest first.
func (db *DB) Disputes(ctx context.Context) ([]ga.Dispute, error) {
	const op = "storage.Disputes"
	var out []ga.Dispute
	err := db.Transact(ctx, func(tx *Tx) error {
		if _, err := requireActor(tx, op); err != nil {
			return err
		}
		rows, err := tx.Query(`SELECT ` + disputeColumns + ` FROM disputes ORDER BY raised_at DESC, id DESC`)
		if err != nil {
			return ga.Wrap(op, err)
		}
		defer rows.Close()
		for rows.Next() {
			d, err := scanDispute(rows)
			if err != nil {
				return ga.Wrap(op, err)
			}
			out = append(out, *d)
		}
		if err := rows.Err(); err != nil {
			return ga.Wrap(op, err)
		}
		rows.Close()
		parties, err := tx.disputePartners(op, "")
		if err != nil {
			return err
		}
		for i := range out {
			out[i].PartnerIDs = parties[out[i].ID]
		}
		return nil
	})
	return out, err
}

// Dispute returns one dispute, or KindNotFound.
func (db *DB) Dispute(ctx context.Context, id string) (*ga.Dispute, error) {
	const op = "storage.Dispute"
	var d *ga.Dispute
	err := db.Transact(ctx, func(tx *Tx) error {
		if _, err := requireActor(tx, op); err != nil {
			return err
		}
		var err error
		d, err = tx.dispute(op, id, false)
		return err
	})
	return d, err
}

// covenant returns the covenant, or nil when none is recorded. With lock it
// holds the covenant row until the transaction ends, which serialises every
// change of the terms, the signatures and the amendments.
func (tx *Tx) covenant(op string, lock bool) (*ga.Covenant, error) {
	q := `SELECT id, version, terms, created_at, updated_at FROM covenants`
	if lock {
		q += tx.db.Dialect().ForUpdate()
	}
	var c ga.Covenant
	var terms string
	err := tx.QueryRow(q).Scan(&c.ID, &c.Version, &terms, &c.CreatedAt, &c.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	if err := json.Unmarshal([]byte(terms), &c.Terms); err != nil {
		return nil, ga.Wrap(op, err)
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return &c, nil
}

func (tx *Tx) signatures(op string) ([]ga.Signature, error) {
	rows, err := tx.Query(`SELECT partner_id, signatory_name, signatory_function, signed_on, recorded_by, recorded_at
		FROM signatures ORDER BY signed_on, partner_id`)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	var out []ga.Signature
	for rows.Next() {
		var s ga.Signature
		var signedOn string
		if err := rows.Scan(&s.PartnerID, &s.SignatoryName, &s.SignatoryFunction, &signedOn, &s.RecordedBy, &s.RecordedAt); err != nil {
			return nil, ga.Wrap(op, err)
		}
		s.SignedOn, s.RecordedAt = ga.Date(signedOn), s.RecordedAt.UTC()
		out = append(out, s)
	}
	return out, ga.Wrap(op, rows.Err())
}

// gateState loads the covenant, partners, signatures and the current
// register entry of the group approach.
func (tx *Tx) gateState(op string) (ga.GateState, error) {
	var s ga.GateState
	var err error
	if s.Covenant, err = tx.covenant(op, false); err != nil {
		return s, err
	}
	if s.Partners, err = tx.partners(op); err != nil {
		return s, err
	}
	if s.Signatures, err = tx.signatures(op); err != nil {
		return s, err
	}
	s.Register, err = tx.currentRegisterEntry(op, ga.ActivityGroepsaanpak)
	if ga.IsKind(err, ga.KindNotFound) {
		s.Register, err = nil, nil
	}
	return s, err
}

const amendmentColumns = `id, number, description, terms, status, proposed_by, proposed_at, resulting_version, effective_at`

func scanAmendment(s scanner) (*ga.Amendment, error) {
	var a ga.Amendment
	var terms, status string
	var version sql.NullInt64
	var effective sql.NullTime
	if err := s.Scan(&a.ID, &a.Number, &a.Description, &terms, &status, &a.ProposedBy, &a.ProposedAt, &version, &effective); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(terms), &a.Terms); err != nil {
		return nil, err
	}
	a.Status, a.ProposedAt = ga.AmendmentStatus(status), a.ProposedAt.UTC()
	a.ResultingVersion, a.EffectiveAt = int(version.Int64), timePtr(effective)
	return &a, nil
}

func (tx *Tx) amendment(op, id string) (*ga.Amendment, error) {
	a, err := scanAmendment(tx.QueryRow(`SELECT `+amendmentColumns+` FROM amendments WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(op, err)
	}
	approvals, err := tx.approvals(op, id)
	if err != nil {
		return nil, err
	}
	a.Approvals = approvals[id]
	return a, nil
}

// approvals returns the approvals of one amendment, or of all when id is
// empty, keyed by amendment id and in the order they were given.
func (tx *Tx) approvals(op, id string) (map[string][]ga.Approval, error) {
	rows, err := tx.Query(`SELECT amendment_id, partner_id, approved_by, approved_at FROM amendment_approvals
		WHERE $1 = '' OR amendment_id = $1 ORDER BY approved_at, partner_id`, id)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	out := map[string][]ga.Approval{}
	for rows.Next() {
		var amendment string
		var a ga.Approval
		if err := rows.Scan(&amendment, &a.PartnerID, &a.ApprovedBy, &a.ApprovedAt); err != nil {
			return nil, ga.Wrap(op, err)
		}
		a.ApprovedAt = a.ApprovedAt.UTC()
		out[amendment] = append(out[amendment], a)
	}
	return out, ga.Wrap(op, rows.Err())
}

func scanDispute(s scanner) (*ga.Dispute, error) {
	var d ga.Dispute
	var status string
	var resolved sql.NullTime
	if err := s.Scan(&d.ID, &d.Subject, &d.Description, &d.RaisedBy, &d.RaisedAt, &status, &d.Resolution, &resolved); err != nil {
		return nil, err
	}
	d.Status, d.RaisedAt, d.ResolvedAt = ga.DisputeStatus(status), d.RaisedAt.UTC(), timePtr(resolved)
	return &d, nil
}

func (tx *Tx) dispute(op, id string, lock bool) (*ga.Dispute, error) {
	q := `SELECT ` + disputeColumns + ` FROM disputes WHERE id = $1`
	if lock {
		q += tx.db.Dialect().ForUpdate()
	}
	d, err := scanDispute(tx.QueryRow(q, id))
	if err != nil {
		return nil, notFound(op, err)
	}
	parties, err := tx.disputePartners(op, id)
	if err != nil {
		return nil, err
	}
	d.PartnerIDs = parties[id]
	return d, nil
}

// disputePartners returns the partners involved in one dispute, or in all
// when id is empty, keyed by dispute id.
func (tx *Tx) disputePartners(op, id string) (map[string][]string, error) {
	rows, err := tx.Query(`SELECT dispute_id, partner_id FROM dispute_partners
		WHERE $1 = '' OR dispute_id = $1 ORDER BY partner_id`, id)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var dispute, partner string
		if err := rows.Scan(&dispute, &partner); err != nil {
			return nil, ga.Wrap(op, err)
		}
		out[dispute] = append(out[dispute], partner)
	}
	return out, ga.Wrap(op, rows.Err())
}

// count runs a SELECT count(*) query.
func (tx *Tx) count(q string, args ...any) (int, error) {
	var n int
	err := tx.QueryRow(q, args...).Scan(&n)
	return n, err
}
