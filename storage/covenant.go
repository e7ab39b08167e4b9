package storage

import (
	"context"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// CovenantVersion is one version of the covenant's terms in its history.
type CovenantVersion struct {
	Version     int              `json:"versie"`
	Terms       ga.CovenantTerms `json:"voorwaarden"`
	AmendmentID string           `json:"wijzigingId,omitempty"`
	InForceAt   time.Time        `json:"vanKrachtOp"`
}

// Covenant returns the covenant with its terms in force, or KindNotFound when
// none is recorded yet.
func (db *DB) Covenant(ctx context.Context) (*ga.Covenant, error) { panic("not implemented") }

// SetCovenantTerms records the covenant's terms (admin or coordinator). It
// creates the covenant at version 1, or edits version 1 as long as no partner
// signed; after the first signature only an amendment changes the terms
// (KindConflict).
func (db *DB) SetCovenantTerms(ctx context.Context, t ga.CovenantTerms) (*ga.Covenant, error) {
	panic("not implemented")
}

// CovenantHistory lists every version of the terms, oldest first.
func (db *DB) CovenantHistory(ctx context.Context) ([]CovenantVersion, error) {
	panic("not implemented")
}

// Signatures lists the partners' signatures.
func (db *DB) Signatures(ctx context.Context) ([]ga.Signature, error) { panic("not implemented") }

// RecordSignature records partner s.PartnerID's signature (policy
// ga.CanRecordSignature); a second signature of the same partner is
// KindConflict.
func (db *DB) RecordSignature(ctx context.Context, s *ga.Signature) error { panic("not implemented") }

// ProposeAmendment records a proposed amendment with the complete new terms
// (policy ga.CanProposeAmendment). It sets ID, Number, Status, ProposedBy and
// ProposedAt.
func (db *DB) ProposeAmendment(ctx context.Context, a *ga.Amendment) error { panic("not implemented") }

// Amendments lists every amendment with its approvals, newest first.
func (db *DB) Amendments(ctx context.Context) ([]ga.Amendment, error) { panic("not implemented") }

// Amendment returns one amendment with its approvals, or KindNotFound.
func (db *DB) Amendment(ctx context.Context, id string) (*ga.Amendment, error) {
	panic("not implemented")
}

// ApproveAmendment records the approval of the actor's partner (policy
// ga.CanApproveAmendment). When it is the last partner to approve, the
// amendment takes effect in the same transaction (Art 12.1): the terms are
// replaced, the covenant's version goes up by one and the history keeps the
// previous terms. Approving twice or approving a withdrawn or already
// effective amendment is KindConflict.
func (db *DB) ApproveAmendment(ctx context.Context, id string) (*ga.Amendment, error) {
	panic("not implemented")
}

// WithdrawAmendment withdraws a proposed amendment that is not in force.
func (db *DB) WithdrawAmendment(ctx context.Context, id string) error { panic("not implemented") }

// GateState loads everything the Art 8 gate looks at.
func (db *DB) GateState(ctx context.Context) (ga.GateState, error) { panic("not implemented") }

// CheckGate returns nil when personal data may be processed, or the
// KindGateClosed error naming what is missing (Art 8).
func (db *DB) CheckGate(ctx context.Context) error { panic("not implemented") }

// AcceptConfidentiality records that the actor accepted the confidentiality
// duty of Art 5.1 for the covenant version in force.
func (db *DB) AcceptConfidentiality(ctx context.Context) error { panic("not implemented") }

// RecordWpg20Decision records the police's Wet politiegegevens art 20
// decision (policy ga.CanRecordWpg20).
func (db *DB) RecordWpg20Decision(ctx context.Context, d *ga.Wpg20Decision) error {
	panic("not implemented")
}

// Wpg20Decisions lists the recorded decisions, newest first.
func (db *DB) Wpg20Decisions(ctx context.Context) ([]ga.Wpg20Decision, error) {
	panic("not implemented")
}

// RaiseDispute records a dispute between partners (Art 11).
func (db *DB) RaiseDispute(ctx context.Context, d *ga.Dispute) error { panic("not implemented") }

// ResolveDispute records the resolution of an open dispute.
func (db *DB) ResolveDispute(ctx context.Context, id, resolution string) (*ga.Dispute, error) {
	panic("not implemented")
}

// Disputes lists every dispute, newest first.
func (db *DB) Disputes(ctx context.Context) ([]ga.Dispute, error) { panic("not implemented") }

// Dispute returns one dispute, or KindNotFound.
func (db *DB) Dispute(ctx context.Context, id string) (*ga.Dispute, error) { panic("not implemented") }
