package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
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
// (ga.ErrNotFound); an unknown partner is KindInvalid and a partner that
// does not take part in the approach KindConflict. Registering again
// replaces the reason of an ended or running registration. It writes the
// processing line betrokkenheid_vastleggen.
func (db *DB) RegisterInvolvement(ctx context.Context, groupID, personID, partnerID, reason string) error {
	const op = "storage.RegisterInvolvement"
	return db.act(ctx, "involvement_register", "person", personID, func(tx *Tx) error {
		reg, v, pseudonym, err := tx.coordinatorMember(op, groupID, personID, reason)
		if err != nil {
			return err
		}
		if _, err := tx.partner(op, partnerID); err != nil {
			if ga.IsKind(err, ga.KindNotFound) {
				return ga.E(ga.KindInvalid, op, "De invoer is niet geldig.", ga.Detail{Name: "partnerId", Message: "Kies een partner van het convenant."})
			}
			return err
		}
		if n, err := tx.count(`SELECT count(*) FROM group_participants WHERE group_id = $1 AND partner_id = $2`, groupID, partnerID); err != nil {
			return ga.Wrap(op, err)
		} else if n == 0 {
			return ga.E(ga.KindConflict, op, "Deze partner neemt niet deel aan de groepsaanpak; laat hem eerst deelnemen.")
		}
		sealedReason, err := tx.crypt().sealInvolvement(groupID, personID, partnerID, "reason", reason)
		if err != nil {
			return ga.Wrap(op, err)
		}
		if _, err := tx.Exec(`INSERT INTO involvements (group_id, person_id, partner_id, reason, registered_by, registered_at)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (group_id, person_id, partner_id) DO UPDATE SET reason = excluded.reason, registered_by = excluded.registered_by,
				registered_at = excluded.registered_at, ended_at = NULL, ended_by = '', end_reason = ''`,
			groupID, personID, partnerID, sealedReason, v.actor.UserID, tx.Now()); err != nil {
			return ga.Wrap(op, err)
		}
		tx.processed("betrokkenheid_vastleggen", reg, pseudonym)
		tx.Audit("involvement_register", "person", personID, ga.ResultSuccess, "groep="+groupID+" partner="+partnerID)
		return nil
	})
}

// EndInvolvement ends a registered involvement with a reason (coordinator
// only, under the rules of RegisterInvolvement); derived involvement ends
// only with its source. Ending an involvement that is not registered or
// already ended is ga.ErrNotFound. It writes the processing line
// betrokkenheid_beeindigen.
func (db *DB) EndInvolvement(ctx context.Context, groupID, personID, partnerID, reason string) error {
	const op = "storage.EndInvolvement"
	return db.act(ctx, "involvement_end", "person", personID, func(tx *Tx) error {
		reg, v, pseudonym, err := tx.coordinatorMember(op, groupID, personID, reason)
		if err != nil {
			return err
		}
		sealedReason, err := tx.crypt().sealInvolvement(groupID, personID, partnerID, "end_reason", reason)
		if err != nil {
			return ga.Wrap(op, err)
		}
		res, err := tx.Exec(`UPDATE involvements SET ended_at = $4, ended_by = $5, end_reason = $6
			WHERE group_id = $1 AND person_id = $2 AND partner_id = $3 AND ended_at IS NULL`,
			groupID, personID, partnerID, tx.Now(), v.actor.UserID, sealedReason)
		if err != nil {
			return ga.Wrap(op, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ga.ErrNotFound(op)
		}
		tx.processed("betrokkenheid_beeindigen", reg, pseudonym)
		tx.Audit("involvement_end", "person", personID, ga.ResultSuccess, "groep="+groupID+" partner="+partnerID)
		return nil
	})
}

// Involvements lists the partners involved with the person in the group
// approach, registered and derived, by partner name. The member must be
// visible to the viewer (ga.ErrNotFound). A coordinator sees every involved
// partner — it needs them to invite partners to an individual meeting (Art
// 5.3) — while any other viewer sees only its own partner's involvement, so
// that the list does not reveal items of other partners it may not see. It
// writes the processing line betrokkenheid_raadplegen.
func (db *DB) Involvements(ctx context.Context, groupID, personID string) ([]Involvement, error) {
	const op = "storage.Involvements"
	var out []Involvement
	err := db.actRead(ctx, "involvement_list", "person", personID, func(tx *Tx) error {
		out = nil
		reg, v, pseudonym, err := tx.caseworkMember(op, groupID, personID)
		if err != nil {
			return err
		}
		args := []any{groupID, personID}
		q := `SELECT $2, pt.id, inv.reason, inv.registered_by, inv.registered_at, ` + derivedInvolvement("pt.id", "$1", "$2") + `
			FROM partners pt LEFT JOIN involvements inv
				ON inv.group_id = $1 AND inv.person_id = $2 AND inv.partner_id = pt.id AND inv.ended_at IS NULL
			WHERE ` + involved("pt.id", "$1", "$2")
		if !v.coordinator {
			q += ` AND pt.id = ` + bind(&args, v.partnerID)
		}
		if out, err = tx.currentInvolvements(op, groupID, q+` ORDER BY pt.name, pt.id`, args); err != nil {
			return err
		}
		tx.processed("betrokkenheid_raadplegen", reg, pseudonym)
		tx.Audit("involvement_list", "person", personID, ga.ResultSuccess, "groep="+groupID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// EndedInvolvement is a registered involvement the coordinator ended: when,
// by whom and why. The reason is stored encrypted under the involvement's
// key, as the reason of registration is.
type EndedInvolvement struct {
	GroupID   string    `json:"groepId"`
	PersonID  string    `json:"persoonId"`
	PartnerID string    `json:"partnerId"`
	EndedAt   time.Time `json:"beeindigdOp"`
	EndedBy   string    `json:"beeindigdDoor"`
	EndReason string    `json:"redenBeeindiging"`
}

// EndedInvolvements lists the ended registered involvements of partners
// with the person in the group approach, most recently ended first, with
// the reason given when ending them. Registering the partner again
// replaces the ended registration (RegisterInvolvement), so each partner
// appears at most once. The member must be visible to the viewer
// (ga.ErrNotFound); as for Involvements, a coordinator sees every partner
// and any other viewer only its own partner. It writes the processing line
// betrokkenheid_raadplegen.
func (db *DB) EndedInvolvements(ctx context.Context, groupID, personID string) ([]EndedInvolvement, error) {
	const op = "storage.EndedInvolvements"
	var out []EndedInvolvement
	err := db.actRead(ctx, "involvement_ended_list", "person", personID, func(tx *Tx) error {
		out = nil
		reg, v, pseudonym, err := tx.caseworkMember(op, groupID, personID)
		if err != nil {
			return err
		}
		if out, err = tx.endedInvolvements(op, v, groupID, []string{personID}); err != nil {
			return err
		}
		tx.processed("betrokkenheid_raadplegen", reg, pseudonym)
		tx.Audit("involvement_ended_list", "person", personID, ga.ResultSuccess, "groep="+groupID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// endedInvolvements reads the ended registered involvements of the
// persons in the group, of every partner for a coordinator and of the
// viewer's own partner otherwise, by person and most recently ended first.
// The caller has checked that the persons are members the viewer may see,
// and writes the processing lines.
func (tx *Tx) endedInvolvements(op string, v *viewer, groupID string, personIDs []string) ([]EndedInvolvement, error) {
	args := []any{groupID}
	q := `SELECT person_id, partner_id, ended_at, ended_by, end_reason FROM involvements
		WHERE group_id = $1 AND ended_at IS NOT NULL AND person_id IN (` + placeholders(&args, personIDs) + `)`
	if !v.coordinator {
		q += ` AND partner_id = ` + bind(&args, v.partnerID)
	}
	out, err := queryAll(tx, func(rows *sql.Rows) (EndedInvolvement, error) {
		e := EndedInvolvement{GroupID: groupID}
		err := rows.Scan(&e.PersonID, &e.PartnerID, &e.EndedAt, &e.EndedBy, &e.EndReason)
		e.EndedAt = e.EndedAt.UTC()
		return e, err
	}, q+` ORDER BY person_id, ended_at DESC, partner_id`, args...)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	reasons := make([]involvementReason, len(out))
	for i := range out {
		reasons[i] = involvementReason{out[i].PersonID, out[i].PartnerID, &out[i].EndReason}
	}
	if err := tx.openInvolvementReasons(groupID, "end_reason", reasons); err != nil {
		return nil, ga.Wrap(op, err)
	}
	return out, nil
}

// currentInvolvements runs q, whose rows hold a person id, a partner id,
// the reason, registrar and time of the registration (NULL when the
// involvement is not registered) and whether it is derived, and returns
// them as involvements in the group with their reasons decrypted.
func (tx *Tx) currentInvolvements(op, groupID, q string, args []any) ([]Involvement, error) {
	out, err := queryAll(tx, func(rows *sql.Rows) (Involvement, error) {
		in := Involvement{GroupID: groupID}
		var reason, by sql.NullString
		var at sql.NullTime
		err := rows.Scan(&in.PersonID, &in.PartnerID, &reason, &by, &at, &in.Derived)
		in.Registered, in.Reason, in.RegisteredBy, in.RegisteredAt = reason.Valid, reason.String, by.String, timePtr(at)
		return in, err
	}, q, args...)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	var reasons []involvementReason
	for i := range out {
		if out[i].Registered {
			reasons = append(reasons, involvementReason{out[i].PersonID, out[i].PartnerID, &out[i].Reason})
		}
	}
	if err := tx.openInvolvementReasons(groupID, "reason", reasons); err != nil {
		return nil, ga.Wrap(op, err)
	}
	return out, nil
}

// involvementReason is the reason (or end reason) of a registered
// involvement of the person with the partner, decrypted in place.
type involvementReason struct {
	personID, partnerID string
	reason              *string
}

// openInvolvementReasons decrypts the reasons, stored in column (reason or
// end_reason), of registered involvements in the group, after fetching
// their keys in one query of the key store.
func (tx *Tx) openInvolvementReasons(groupID, column string, reasons []involvementReason) error {
	keyIDs := make([]string, len(reasons))
	for i, r := range reasons {
		keyIDs[i] = involvementKeyID(groupID, r.personID, r.partnerID)
	}
	c := tx.crypt()
	if err := c.prefetch(keyIDs); err != nil {
		return err
	}
	for _, r := range reasons {
		if err := c.openInvolvement(groupID, r.personID, r.partnerID, column, r.reason); err != nil {
			return err
		}
	}
	return nil
}

// coordinatorMember starts a change of a registered involvement: the
// casework preconditions, the member visible to the viewer (ga.ErrNotFound),
// the coordinator role (ga.ErrForbidden) and a reason (KindInvalid). It
// returns the person's pseudonym.
func (tx *Tx) coordinatorMember(op, groupID, personID, reason string) (string, *viewer, string, error) {
	reg, v, pseudonym, err := tx.caseworkMember(op, groupID, personID)
	if err != nil {
		return "", nil, "", err
	}
	if !v.coordinator {
		return "", nil, "", ga.E(ga.KindForbidden, op, "Alleen de uitvoeringscoördinator legt de betrokkenheid van een partner vast.")
	}
	if strings.TrimSpace(reason) == "" || len(reason) > maxReasonLength {
		return "", nil, "", ga.E(ga.KindInvalid, op, "Geef de reden.", ga.Detail{Name: "reden", Message: "Vul de reden in (maximaal 2000 tekens)."})
	}
	return reg, v, pseudonym, nil
}

// caseworkMember starts a read or change about a member of a group
// approach: the casework preconditions and the member visible to the
// viewer (ga.ErrNotFound). It returns the register entry, the viewer and
// the person's pseudonym.
func (tx *Tx) caseworkMember(op, groupID, personID string) (string, *viewer, string, error) {
	reg, v, err := tx.casework(op)
	if err != nil {
		return "", nil, "", err
	}
	pseudonym, err := tx.visibleMember(op, v, groupID, personID)
	if err != nil {
		return "", nil, "", err
	}
	return reg, v, pseudonym, nil
}

// visibleMember returns the pseudonym of the person if the viewer may see
// that it is a member of the group (memberVisible), and ga.ErrNotFound
// otherwise.
func (tx *Tx) visibleMember(op string, v *viewer, groupID, personID string) (string, error) {
	args := []any{groupID, personID}
	var pseudonym string
	err := tx.QueryRow(`SELECT p.pseudonym FROM memberships m JOIN persons p ON p.id = m.person_id
		WHERE m.group_id = $1 AND m.person_id = $2 AND `+memberVisible(v, "m.group_id", "m.person_id", &args)+` LIMIT 1`, args...).Scan(&pseudonym)
	if err != nil {
		return "", notFound(op, err)
	}
	return pseudonym, nil
}

// GroupInvolvements lists, in one query, the involvements of the group
// approach with the members personIDs (every member when nil) that the
// viewer may see, as Involvements lists them
// for one member (a coordinator sees every involved partner, any other
// viewer only its own partner's involvement), ordered by member and partner
// name. ga.ErrNotFound for a group the viewer may not see. It writes the
// processing line betrokkenheid_raadplegen for each member the viewer may
// see, as asking Involvements for each of them would, and one audit line
// for the group, in one transaction.
func (db *DB) GroupInvolvements(ctx context.Context, groupID string, personIDs []string) ([]Involvement, error) {
	const op = "storage.GroupInvolvements"
	var out []Involvement
	err := db.actRead(ctx, "involvement_list", "group", groupID, func(tx *Tx) error {
		reg, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		if _, err := tx.visibleGroup(op, v, groupID, false); err != nil {
			return err
		}
		out, err = tx.groupInvolvements(op, reg, v, groupID, personIDs)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// groupInvolvements reads the involvements of a group the viewer may see,
// as GroupInvolvements describes, and records its processing and audit
// lines.
func (tx *Tx) groupInvolvements(op, reg string, v *viewer, groupID string, personIDs []string) ([]Involvement, error) {
	if personIDs != nil && len(personIDs) == 0 {
		tx.Audit("involvement_list", "group", groupID, ga.ResultSuccess, "geen leden")
		return nil, nil
	}
	args := []any{groupID} // $1 names the group also in the predicate: evaluated once (members)
	members := `SELECT DISTINCT m.person_id FROM memberships m WHERE m.group_id = $1 AND ` +
		memberVisible(v, "$1", "m.person_id", &args)
	detail := "alle leden"
	if personIDs != nil {
		members += ` AND m.person_id IN (` + placeholders(&args, personIDs) + `)`
		detail = fmt.Sprintf("%d leden", len(personIDs))
	}
	subjects, err := queryAll(tx, func(rows *sql.Rows) (string, error) {
		var id, ps string
		err := rows.Scan(&id, &ps)
		return ps, err
	}, `SELECT ps.id, ps.pseudonym FROM persons ps WHERE ps.id IN (`+members+`) ORDER BY ps.id`, args...)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	var out []Involvement
	if len(subjects) > 0 {
		q := `SELECT mm.person_id, pt.id, inv.reason, inv.registered_by, inv.registered_at, ` + derivedInvolvement("pt.id", "$1", "mm.person_id") + `
			FROM (` + members + `) mm CROSS JOIN partners pt
			LEFT JOIN involvements inv
				ON inv.group_id = $1 AND inv.person_id = mm.person_id AND inv.partner_id = pt.id AND inv.ended_at IS NULL
			WHERE ` + involved("pt.id", "$1", "mm.person_id")
		if !v.coordinator {
			q += ` AND pt.id = ` + bind(&args, v.partnerID)
		}
		if out, err = tx.currentInvolvements(op, groupID, q+` ORDER BY mm.person_id, pt.name, pt.id`, args); err != nil {
			return nil, err
		}
	}
	tx.processed("betrokkenheid_raadplegen", reg, subjects...)
	tx.Audit("involvement_list", "group", groupID, ga.ResultSuccess, detail)
	return out, nil
}
