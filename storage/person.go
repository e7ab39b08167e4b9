package storage

import (
	"context"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Persons (betrokkenen) and their memberships of groups (SPEC §2). A person
// is always registered into a group with a membership, by a partner taking
// part in that approach (usually the police, who draw up the name list in
// step 2B); that partner is the person's source partner. One person can be a
// member of several groups, and need-to-know is judged per group approach
// (memberVisible): a person the viewer may see through no group answers
// ga.ErrNotFound, exactly as an id that does not exist. Every method that
// reads or writes a person processes personal data: it passes the Art 8
// gate (Tx.RequirePersonalDataAccess) and writes one processing-log line per
// data subject — the person and each legal representative, by pseudonym —
// and an audit line, in the same transaction.

// PersonView is a person as a viewer may see it: the person with the legal
// representatives and the memberships the viewer may see (memberVisible per
// group).
type PersonView struct {
	ga.Person
	// Pseudonym is the person's identifier in the processing log
	// (dpl.core.data_subject_id), for the privacy officer's look-ups of
	// "who received my data"; it never appears in a URL.
	Pseudonym   string          `json:"-"`
	Memberships []ga.Membership `json:"lidmaatschappen"`
}

// Member is one membership of a group with the member's identifying data,
// as the group's member list shows it.
type Member struct {
	Person     ga.Person     `json:"persoon"`
	Membership ga.Membership `json:"lidmaatschap"`
	Pseudonym  string        `json:"-"`
}

// PersonFilter selects persons in Persons. Query matches part of the name,
// ignoring case.
type PersonFilter struct {
	Query string
}

// CreatePerson registers a person into group groupID with membership m.
// Any participating partner with a role that gives access to casework may
// do so from step informatie on; the actor's partner becomes the person's
// source partner. A group whose question 2A was answered "not problematic"
// gets no name list (KindConflict), nor does a closed approach. The person
// is validated by ga.Person.Validate (legal representatives for under-16s,
// a BSN only with a legal ground) and m by ga.Membership.Validate. It sets
// p.ID, p.SourcePartnerID, p.CreatedAt, the representatives' IDs and m's ID,
// GroupID and PersonID. It writes the processing line persoon_vastleggen.
func (db *DB) CreatePerson(ctx context.Context, p *ga.Person, groupID string, m *ga.Membership) error {
	return errNotImplemented("storage.CreatePerson")
}

// AddMembership adds a membership of person m.PersonID to group m.GroupID.
// The viewer must see the person (through some group) and take part in the
// target group's approach, under the same step rules as CreatePerson. A
// second membership of the same group that has not ended is KindConflict.
// It sets m.ID and writes the processing line lidmaatschap_vastleggen.
func (db *DB) AddMembership(ctx context.Context, m *ga.Membership) error {
	return errNotImplemented("storage.AddMembership")
}

// EndMembership ends a membership on date end (not before its start). The
// coordinator or the person's source partner may end it; another partner
// that may see it gets ga.ErrForbidden, one that may not ga.ErrNotFound.
// Ending an ended membership is KindConflict.
func (db *DB) EndMembership(ctx context.Context, membershipID string, end ga.Date) error {
	return errNotImplemented("storage.EndMembership")
}

// UpdatePerson changes a person's name, date of birth, address and BSN.
// Only the source partner edits the person (it is the controller of what it
// recorded); another partner that may see the person gets ga.ErrForbidden,
// one that may not ga.ErrNotFound. Representatives are changed with their
// own methods and p.Representatives is ignored, but the validation of the
// person counts the ones recorded.
func (db *DB) UpdatePerson(ctx context.Context, p *ga.Person) error {
	return errNotImplemented("storage.UpdatePerson")
}

// AddRepresentative records a legal representative of the person (UAVG art
// 5), under the rules of UpdatePerson. It sets r.ID.
func (db *DB) AddRepresentative(ctx context.Context, personID string, r *ga.Representative) error {
	return errNotImplemented("storage.AddRepresentative")
}

// UpdateRepresentative changes a legal representative's details, under the
// rules of UpdatePerson.
func (db *DB) UpdateRepresentative(ctx context.Context, personID string, r *ga.Representative) error {
	return errNotImplemented("storage.UpdateRepresentative")
}

// RemoveRepresentative removes a legal representative, under the rules of
// UpdatePerson; removing the last one of a person under 16 is KindInvalid.
func (db *DB) RemoveRepresentative(ctx context.Context, personID, representativeID string) error {
	return errNotImplemented("storage.RemoveRepresentative")
}

// Person returns the person with its representatives and the memberships
// the viewer may see, or ga.ErrNotFound when the person does not exist or
// the viewer may see it through no group. It writes the processing line
// persoon_raadplegen.
func (db *DB) Person(ctx context.Context, id string) (*PersonView, error) {
	return nil, errNotImplemented("storage.Person")
}

// Persons lists the persons the viewer may see through at least one group,
// by name, each with its representatives and the memberships the viewer may
// see. It writes one processing line persoon_raadplegen per person listed.
func (db *DB) Persons(ctx context.Context, f PersonFilter) ([]PersonView, error) {
	return nil, errNotImplemented("storage.Persons")
}

// Members lists the memberships of group groupID the viewer may see
// (memberVisible), by name, with each member's representatives;
// ga.ErrNotFound for a group the viewer may not see. It writes one
// processing line persoon_raadplegen per person listed.
func (db *DB) Members(ctx context.Context, groupID string) ([]Member, error) {
	return nil, errNotImplemented("storage.Members")
}
