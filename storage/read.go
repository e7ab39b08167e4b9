package storage

import (
	"context"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// The reads of casework objects share one shape: one audited transaction
// under the casework preconditions (the Art 8 gate, a partner's content
// role, the confidentiality duty), a load through the object's visibility
// predicate, one processing-log line per data subject of what was read, and
// an audit line. readOne and readGroupList are that shape, so that every
// read of measures and meetings writes the same logs in the same order.

// readOne reads the one object id of type objectType that the viewer may
// see. load answers ga.ErrNotFound for an object the viewer may not see,
// exactly as for an unknown id; subjects names the persons the object is
// about, for the processing line proc.
func readOne[T any](ctx context.Context, db *DB, op, action, objectType, id, proc string,
	load func(tx *Tx, v *viewer) (*T, error), subjects func(*T) []string) (*T, error) {
	var out *T
	err := db.act(ctx, action, objectType, id, func(tx *Tx) error {
		regID, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		if out, err = load(tx, v); err != nil {
			return err
		}
		if err := tx.processedFor(op, proc, regID, subjects(out)...); err != nil {
			return err
		}
		tx.Audit(action, objectType, id, ga.ResultSuccess, "")
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// readGroupList lists objects of the group groupID that the viewer may see.
// A group the viewer may not see is ga.ErrNotFound, as an unknown one; load
// lists through the objects' visibility predicate; subjects names the
// persons the listed objects are about, for the processing line proc.
func readGroupList[T any](ctx context.Context, db *DB, op, action, groupID, proc string,
	load func(tx *Tx, v *viewer) ([]T, error), subjects func([]T) []string) ([]T, error) {
	var out []T
	err := db.act(ctx, action, "group", groupID, func(tx *Tx) error {
		regID, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		if _, err := tx.visibleGroup(op, v, groupID, false); err != nil {
			return err
		}
		if out, err = load(tx, v); err != nil {
			return err
		}
		if err := tx.processedFor(op, proc, regID, subjects(out)...); err != nil {
			return err
		}
		tx.Audit(action, "group", groupID, ga.ResultSuccess, "")
		return nil
	})
	return out, err
}
