package storage

import (
	"context"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Dossier is what the dossier page of a group approach reads: the group
// with its participants and decision, its transitions, the members, the
// items and the involvements with the current members that the viewer may
// see.
type Dossier struct {
	Group        *ga.Group
	Transitions  []ga.Transition
	Members      []Member
	Items        []ga.Item
	Involvements []Involvement
	// EndedInvolvements are the ended registered involvements with the
	// current members, with the reason of ending, under the same rule as
	// Involvements (a coordinator sees every partner, another viewer its
	// own).
	EndedInvolvements []EndedInvolvement
	// MoreItems reports that another page of items follows the page read.
	MoreItems bool
}

// Dossier reads the dossier of group groupID in one transaction: the same
// rows, under the same policy and visibility predicate, with the same
// audit and processing lines as Group, Transitions, Members, Items (of the
// group) and GroupInvolvements (of the members whose membership runs
// today) would read and write one after the other — but with one durable
// commit instead of five, which is what a read costs most. A group the
// viewer may not see is ga.ErrNotFound.
//
// Of the items it reads the page items only (the zero Page is all of them;
// KindInvalid for a page out of bounds), and writes processing lines for
// the persons of that page's items, so that a page of a dossier with many
// items costs what its page shows. It is a read transaction (Read): readers
// of dossiers do not wait for each other.
func (db *DB) Dossier(ctx context.Context, groupID string, items Page) (*Dossier, error) {
	const op = "storage.Dossier"
	if !items.valid() {
		return nil, errPage(op)
	}
	var d *Dossier
	err := db.actRead(ctx, "group_read", "group", groupID, func(tx *Tx) error {
		reg, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		d = &Dossier{}
		if d.Group, err = tx.visibleGroup(op, v, groupID, false); err != nil {
			return err
		}
		tx.Audit("group_read", "group", groupID, ga.ResultSuccess, "")
		if d.Transitions, err = tx.transitions(op, groupID); err != nil {
			return err
		}
		if d.Members, err = tx.members(op, reg, v, groupID); err != nil {
			return err
		}
		if d.Items, d.MoreItems, err = tx.itemPage(op, reg, v, ItemFilter{GroupID: groupID, Page: items}); err != nil {
			return err
		}
		today := ga.DateOf(tx.Now())
		var current []string
		seen := map[string]bool{}
		for _, m := range d.Members {
			if !seen[m.Person.ID] && m.Membership.ActiveOn(today) {
				seen[m.Person.ID] = true
				current = append(current, m.Person.ID)
			}
		}
		if len(current) > 0 {
			if d.Involvements, err = tx.groupInvolvements(op, reg, v, groupID, current); err != nil {
				return err
			}
			// Of the same members, whose processing lines
			// groupInvolvements wrote.
			d.EndedInvolvements, err = tx.endedInvolvements(op, v, groupID, current)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}
