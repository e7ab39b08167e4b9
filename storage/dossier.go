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
}

// Dossier reads the dossier of group groupID in one transaction: the same
// rows, under the same policy and visibility predicate, with the same
// audit and processing lines as Group, Transitions, Members, Items (of the
// group) and GroupInvolvements (of the members whose membership runs
// today) would read and write one after the other — but with one durable
// commit instead of five, which is what a read costs most. A group the
// viewer may not see is ga.ErrNotFound.
func (db *DB) Dossier(ctx context.Context, groupID string) (*Dossier, error) {
	const op = "storage.Dossier"
	var d *Dossier
	err := db.act(ctx, "group_read", "group", groupID, func(tx *Tx) error {
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
		if d.Items, err = tx.items(op, reg, v, ItemFilter{GroupID: groupID}); err != nil {
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
			d.Involvements, err = tx.groupInvolvements(op, reg, v, groupID, current)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}
