package storage

import (
	"context"
	"time"
)

// Involvement of a partner with a person in a group approach (SPEC §3): a
// partner that takes part sees an item about an individual only when it is
// involved with that individual. Involvement is derived — the partner
// contributed an item about the person in this group, or carries a measure
// for them — or registered by the coordinator with a reason. The SQL
// definition is involved in visibility.go.

// Involvement is one partner's involvement with a person in a group
// approach.
type Involvement struct {
	GroupID   string `json:"groepId"`
	PersonID  string `json:"persoonId"`
	PartnerID string `json:"partnerId"`
	// Registered is set when the coordinator registered the involvement;
	// Reason, RegisteredBy and RegisteredAt then say why, who and when.
	Registered   bool       `json:"geregistreerd"`
	Reason       string     `json:"reden,omitempty"`
	RegisteredBy string     `json:"geregistreerdDoor,omitempty"`
	RegisteredAt *time.Time `json:"geregistreerdOp,omitempty"`
	// Derived is set when the partner contributed an item about the person
	// in this group or carries a measure for them.
	Derived bool `json:"afgeleid"`
}

// RegisterInvolvement records that partner partnerID is involved with the
// person in the group approach, with a reason (coordinator only; a reason
// is required). The member must be visible to the coordinator
// (ga.ErrNotFound) and the partner must take part in the approach
// (KindConflict). Registering again replaces the reason of an ended or
// running registration. It writes the processing line
// betrokkenheid_vastleggen.
func (db *DB) RegisterInvolvement(ctx context.Context, groupID, personID, partnerID, reason string) error {
	return errNotImplemented("storage.RegisterInvolvement")
}

// EndInvolvement ends a registered involvement with a reason (coordinator
// only); derived involvement ends only with its source. Ending an
// involvement that is not registered or already ended is ga.ErrNotFound.
func (db *DB) EndInvolvement(ctx context.Context, groupID, personID, partnerID, reason string) error {
	return errNotImplemented("storage.EndInvolvement")
}

// Involvements lists the partners involved with the person in the group
// approach, registered and derived. The member must be visible to the
// viewer (ga.ErrNotFound). A coordinator sees every involved partner — it
// needs them to invite partners to an individual meeting (Art 5.3) — while
// any other viewer sees only its own partner's involvement, so that the
// list does not reveal items of other partners it may not see. It writes
// the processing line betrokkenheid_raadplegen.
func (db *DB) Involvements(ctx context.Context, groupID, personID string) ([]Involvement, error) {
	return nil, errNotImplemented("storage.Involvements")
}
