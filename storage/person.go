package storage

import (
	"cmp"
	"context"
	"slices"
	"strings"

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
	// representativePseudonyms are the representatives' identifiers in the
	// processing log, in the order of Representatives.
	representativePseudonyms []string
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

const personColumns = `p.id, p.pseudonym, p.name, p.date_of_birth, p.address, p.bsn, p.bsn_legal_ground, p.source_partner_id, p.created_at`

const membershipColumns = `m.id, m.group_id, m.person_id, m.role, m.start_date, m.end_date`

// Limits of a representative's fields.
const (
	maxRepresentativeField   = 200
	maxRepresentativeAddress = 400
)

// CreatePerson registers a person into group groupID with membership m.
// Any participating partner with a role that gives access to casework may
// do so from step informatie on; the actor's partner becomes the person's
// source partner. A group whose question 2A was answered "not problematic"
// gets no name list (KindConflict), nor does a closed approach or one the
// driehoek decided not to start. The person is validated by
// ga.Person.Validate (legal representatives for under-16s, a BSN only with
// a legal ground) and m by ga.Membership.Validate. It sets p.ID,
// p.SourcePartnerID, p.CreatedAt, the representatives' IDs and m's ID,
// GroupID and PersonID. It writes the processing line persoon_vastleggen
// for the person and each representative.
func (db *DB) CreatePerson(ctx context.Context, p *ga.Person, groupID string, m *ga.Membership) error {
	const op = "storage.CreatePerson"
	return db.act(ctx, "person_create", "person", "", func(tx *Tx) error {
		reg, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		g, err := tx.visibleGroup(op, v, groupID, true)
		if err != nil {
			return err
		}
		if !g.Participates(v.partnerID) {
			return ga.E(ga.KindForbidden, op, "Uw organisatie neemt niet deel aan deze groepsaanpak.")
		}
		if err := nameListAllowed(op, g); err != nil {
			return err
		}
		var inv ga.Invalid
		if err := p.Validate(tx.Now()); err != nil {
			inv = append(inv, err.(*ga.Error).Details...)
		}
		if err := m.Validate(); err != nil {
			inv = append(inv, err.(*ga.Error).Details...)
		}
		inv = append(inv, representativeLengths(p.Representatives)...)
		if err := inv.Err(op); err != nil {
			return err
		}
		subjects, err := tx.insertPerson(op, p, v.partnerID, groupID, m)
		if err != nil {
			return err
		}
		tx.processed("persoon_vastleggen", reg, subjects...)
		tx.Audit("person_create", "person", p.ID, ga.ResultSuccess, "groep="+groupID)
		return nil
	})
}

// insertPerson inserts validated person p with source partner partnerID,
// its representatives and membership m of group groupID. It sets the ids
// as CreatePerson describes and returns the pseudonyms of the person and
// the representatives, for the processing log.
func (tx *Tx) insertPerson(op string, p *ga.Person, partnerID, groupID string, m *ga.Membership) ([]string, error) {
	id, pseudonym, now := NewID(), newPseudonym(), tx.Now()
	f, err := tx.sealPerson(id, p)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	if _, err := tx.Exec(`INSERT INTO persons (id, pseudonym, name, date_of_birth, address, bsn, bsn_legal_ground, source_partner_id, created_at, updated_at, match_index, bsn_index)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11)`,
		id, pseudonym, f.name, f.dob, f.address, f.bsn, p.BSNLegalGround, partnerID, now, f.match, f.bsnIndex); err != nil {
		return nil, ga.Wrap(op, err)
	}
	reps := slices.Clone(p.Representatives)
	subjects := []string{pseudonym}
	for i := range reps {
		ps, err := tx.insertRepresentative(op, id, &reps[i])
		if err != nil {
			return nil, err
		}
		subjects = append(subjects, ps)
	}
	mid := NewID()
	if _, err := tx.Exec(`INSERT INTO memberships (id, group_id, person_id, role, start_date, end_date) VALUES ($1, $2, $3, $4, $5, $6)`,
		mid, groupID, id, string(m.Role), string(m.Start), string(m.End)); err != nil {
		return nil, ga.Wrap(op, err)
	}
	p.ID, p.SourcePartnerID, p.CreatedAt, p.Representatives = id, partnerID, now, reps
	m.ID, m.GroupID, m.PersonID = mid, groupID, id
	return subjects, nil
}

// AddMembership adds a membership of person m.PersonID to group m.GroupID.
// The viewer must see the person (through some group) and the target group
// (ga.ErrNotFound) and take part in the target group's approach
// (ga.ErrForbidden), under the same step rules as CreatePerson. A second
// membership of the same group that has not ended is KindConflict. It sets
// m.ID and writes the processing line lidmaatschap_vastleggen.
func (db *DB) AddMembership(ctx context.Context, m *ga.Membership) error {
	const op = "storage.AddMembership"
	return db.act(ctx, "membership_create", "person", m.PersonID, func(tx *Tx) error {
		reg, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		person, err := tx.visiblePerson(op, v, m.PersonID, true)
		if err != nil {
			return err
		}
		g, err := tx.visibleGroup(op, v, m.GroupID, true)
		if err != nil {
			return err
		}
		if !g.Participates(v.partnerID) {
			return ga.E(ga.KindForbidden, op, "Uw organisatie neemt niet deel aan deze groepsaanpak.")
		}
		// The viewer must be allowed to see this person as a member of this
		// group before anything below can answer: otherwise "already a
		// member" would tell a partner about a membership it may not know
		// of (for instance in another group before the driehoek's
		// decision). The refusal depends only on what the viewer may see.
		if d := ga.CanSeeMember(v.actor, person.Person, *g, v.terms, v.now); !d.Allowed {
			return ga.E(ga.KindForbidden, op, "U kunt deze persoon pas aan deze groep toevoegen na het besluit van de driehoek dat uitwisseling toestaat, tenzij uw organisatie de persoon zelf heeft vastgelegd.")
		}
		if err := nameListAllowed(op, g); err != nil {
			return err
		}
		if err := m.Validate(); err != nil {
			return err
		}
		n, err := tx.count(`SELECT count(*) FROM memberships WHERE group_id = $1 AND person_id = $2 AND end_date = ''`, m.GroupID, m.PersonID)
		if err != nil {
			return ga.Wrap(op, err)
		}
		if n > 0 {
			return ga.E(ga.KindConflict, op, "Deze persoon is al lid van deze groep.")
		}
		id := NewID()
		if _, err := tx.Exec(`INSERT INTO memberships (id, group_id, person_id, role, start_date, end_date) VALUES ($1, $2, $3, $4, $5, $6)`,
			id, m.GroupID, m.PersonID, string(m.Role), string(m.Start), string(m.End)); err != nil {
			return ga.Wrap(op, err)
		}
		m.ID = id
		tx.processed("lidmaatschap_vastleggen", reg, person.pseudonym)
		tx.Audit("membership_create", "person", m.PersonID, ga.ResultSuccess, "groep="+m.GroupID+" lidmaatschap="+id)
		return nil
	})
}

// EndMembership ends a membership on date end (not before its start). The
// coordinator or the person's source partner may end it; another partner
// that may see it gets ga.ErrForbidden, one that may not ga.ErrNotFound.
// Ending an ended membership is KindConflict. It writes the processing line
// lidmaatschap_beeindigen.
func (db *DB) EndMembership(ctx context.Context, membershipID string, end ga.Date) error {
	const op = "storage.EndMembership"
	return db.act(ctx, "membership_end", "membership", membershipID, func(tx *Tx) error {
		reg, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		args := []any{membershipID}
		var m ga.Membership
		var role, start, ended, pseudonym, source string
		err = tx.QueryRow(`SELECT `+membershipColumns+`, p.pseudonym, p.source_partner_id
			FROM memberships m JOIN persons p ON p.id = m.person_id
			WHERE m.id = $1 AND `+memberVisible(v, "m.group_id", "m.person_id", &args)+tx.db.Dialect().ForUpdate(), args...).
			Scan(&m.ID, &m.GroupID, &m.PersonID, &role, &start, &ended, &pseudonym, &source)
		if err != nil {
			return notFound(op, err)
		}
		if !v.coordinator && source != v.partnerID {
			return ga.E(ga.KindForbidden, op, "Alleen de uitvoeringscoördinator of de partner die de persoon heeft vastgelegd beëindigt een lidmaatschap.")
		}
		if ended != "" {
			return ga.E(ga.KindConflict, op, "Dit lidmaatschap is al beëindigd.")
		}
		m.Role, m.Start, m.End = ga.MembershipRole(role), ga.Date(start), end
		if end.IsZero() {
			return ga.E(ga.KindInvalid, op, "De invoer is niet geldig.", ga.Detail{Name: "einddatum", Message: "Vul de einddatum in."})
		}
		if err := m.Validate(); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE memberships SET end_date = $2 WHERE id = $1`, membershipID, string(end)); err != nil {
			return ga.Wrap(op, err)
		}
		tx.processed("lidmaatschap_beeindigen", reg, pseudonym)
		tx.Audit("membership_end", "membership", membershipID, ga.ResultSuccess, "")
		return nil
	})
}

// UpdatePerson changes a person's name, date of birth, address and BSN.
// Only the source partner edits the person (it is the controller of what it
// recorded); another partner that may see the person gets ga.ErrForbidden,
// one that may not ga.ErrNotFound. Representatives are changed with their
// own methods and p.Representatives is replaced by the ones recorded, which
// the validation of the person counts. It writes the processing line
// persoon_wijzigen.
func (db *DB) UpdatePerson(ctx context.Context, p *ga.Person) error {
	const op = "storage.UpdatePerson"
	return db.act(ctx, "person_update", "person", p.ID, func(tx *Tx) error {
		reg, old, err := tx.sourcePerson(op, p.ID)
		if err != nil {
			return err
		}
		reps, _, err := tx.representatives(op, []string{p.ID})
		if err != nil {
			return err
		}
		p.Representatives = reps[p.ID]
		if err := p.Validate(tx.Now()); err != nil {
			return err
		}
		f, err := tx.sealPerson(p.ID, p)
		if err != nil {
			return ga.Wrap(op, err)
		}
		if _, err := tx.Exec(`UPDATE persons SET name = $2, date_of_birth = $3, address = $4, bsn = $5, bsn_legal_ground = $6, updated_at = $7,
			match_index = $8, bsn_index = $9 WHERE id = $1`,
			p.ID, f.name, f.dob, f.address, f.bsn, p.BSNLegalGround, tx.Now(), f.match, f.bsnIndex); err != nil {
			return ga.Wrap(op, err)
		}
		p.SourcePartnerID, p.CreatedAt = old.SourcePartnerID, old.CreatedAt
		tx.processed("persoon_wijzigen", reg, old.pseudonym)
		tx.Audit("person_update", "person", p.ID, ga.ResultSuccess, "")
		return nil
	})
}

// AddRepresentative records a legal representative of the person (UAVG art
// 5), under the rules of UpdatePerson. It sets r.ID and writes the
// processing line vertegenwoordiger_vastleggen for the person and the
// representative.
func (db *DB) AddRepresentative(ctx context.Context, personID string, r *ga.Representative) error {
	const op = "storage.AddRepresentative"
	return db.act(ctx, "representative_create", "person", personID, func(tx *Tx) error {
		reg, person, err := tx.sourcePerson(op, personID)
		if err != nil {
			return err
		}
		if err := validateRepresentative(op, *r); err != nil {
			return err
		}
		ps, err := tx.insertRepresentative(op, personID, r)
		if err != nil {
			return err
		}
		tx.processed("vertegenwoordiger_vastleggen", reg, person.pseudonym, ps)
		tx.Audit("representative_create", "person", personID, ga.ResultSuccess, "vertegenwoordiger="+r.ID)
		return nil
	})
}

// UpdateRepresentative changes a legal representative's details, under the
// rules of UpdatePerson; an unknown representative of the person is
// ga.ErrNotFound. It writes the processing line
// vertegenwoordiger_wijzigen for the person and the representative.
func (db *DB) UpdateRepresentative(ctx context.Context, personID string, r *ga.Representative) error {
	const op = "storage.UpdateRepresentative"
	return db.act(ctx, "representative_update", "person", personID, func(tx *Tx) error {
		reg, person, err := tx.sourcePerson(op, personID)
		if err != nil {
			return err
		}
		var ps string
		if err := tx.QueryRow(`SELECT pseudonym FROM representatives WHERE id = $1 AND person_id = $2`, r.ID, personID).Scan(&ps); err != nil {
			return notFound(op, err)
		}
		if err := validateRepresentative(op, *r); err != nil {
			return err
		}
		name, address := r.Name, r.Address
		if err := tx.crypt().seal(personKeyID(personID), "representatives", r.ID, col("name", &name), col("address", &address)); err != nil {
			return ga.Wrap(op, err)
		}
		if _, err := tx.Exec(`UPDATE representatives SET name = $3, relationship = $4, address = $5 WHERE id = $1 AND person_id = $2`,
			r.ID, personID, name, r.Relationship, address); err != nil {
			return ga.Wrap(op, err)
		}
		tx.processed("vertegenwoordiger_wijzigen", reg, person.pseudonym, ps)
		tx.Audit("representative_update", "person", personID, ga.ResultSuccess, "vertegenwoordiger="+r.ID)
		return nil
	})
}

// RemoveRepresentative removes a legal representative, under the rules of
// UpdatePerson; removing the last one of a person under 16 is KindInvalid
// and an unknown representative of the person ga.ErrNotFound. It writes the
// processing line vertegenwoordiger_verwijderen for the person and the
// representative.
func (db *DB) RemoveRepresentative(ctx context.Context, personID, representativeID string) error {
	const op = "storage.RemoveRepresentative"
	return db.act(ctx, "representative_remove", "person", personID, func(tx *Tx) error {
		reg, person, err := tx.sourcePerson(op, personID)
		if err != nil {
			return err
		}
		reps, pss, err := tx.representatives(op, []string{personID})
		if err != nil {
			return err
		}
		i := slices.IndexFunc(reps[personID], func(r ga.Representative) bool { return r.ID == representativeID })
		if i < 0 {
			return ga.ErrNotFound(op)
		}
		if person.Under16(tx.Now()) && len(reps[personID]) == 1 {
			return ga.E(ga.KindInvalid, op, "De invoer is niet geldig.", ga.Detail{Name: "wettelijkVertegenwoordigers",
				Message: "Deze persoon is jonger dan 16: ten minste één wettelijk vertegenwoordiger blijft vastgelegd."})
		}
		if _, err := tx.Exec(`DELETE FROM representatives WHERE id = $1 AND person_id = $2`, representativeID, personID); err != nil {
			return ga.Wrap(op, err)
		}
		tx.processed("vertegenwoordiger_verwijderen", reg, person.pseudonym, pss[personID][i])
		tx.Audit("representative_remove", "person", personID, ga.ResultSuccess, "vertegenwoordiger="+representativeID)
		return nil
	})
}

// Person returns the person with its representatives and the memberships
// the viewer may see, or ga.ErrNotFound when the person does not exist or
// the viewer may see it through no group. It writes the processing line
// persoon_raadplegen for the person and each representative.
func (db *DB) Person(ctx context.Context, id string) (*PersonView, error) {
	const op = "storage.Person"
	var out *PersonView
	err := db.actRead(ctx, "person_read", "person", id, func(tx *Tx) error {
		reg, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		views, err := tx.personViews(op, v, "p.id = $1", []any{id})
		if err != nil {
			return err
		}
		if len(views) == 0 {
			return ga.ErrNotFound(op)
		}
		out = &views[0]
		tx.processed("persoon_raadplegen", reg, viewSubjects(views)...)
		tx.Audit("person_read", "person", id, ga.ResultSuccess, "")
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Persons lists the persons the viewer may see through at least one group,
// by name, each with its representatives and the memberships the viewer may
// see; f.Query keeps those whose name contains it, ignoring case. It writes
// one processing line persoon_raadplegen per person listed and per
// representative, and one audit line that names the filter used, never its
// value.
func (db *DB) Persons(ctx context.Context, f PersonFilter) ([]PersonView, error) {
	const op = "storage.Persons"
	var out []PersonView
	err := db.actRead(ctx, "person_list", "person", "", func(tx *Tx) error {
		out = nil
		reg, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		views, err := tx.personViews(op, v, "", nil)
		if err != nil {
			return err
		}
		q := strings.ToLower(strings.TrimSpace(f.Query))
		for _, pv := range views {
			if q == "" || strings.Contains(strings.ToLower(pv.Name), q) {
				out = append(out, pv)
			}
		}
		tx.processed("persoon_raadplegen", reg, viewSubjects(out)...)
		detail := "filter: geen"
		if q != "" {
			detail = "filter: zoekterm"
		}
		tx.Audit("person_list", "person", "", ga.ResultSuccess, detail)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Members lists the memberships of group groupID the viewer may see
// (memberVisible), by name, with each member's representatives;
// ga.ErrNotFound for a group the viewer may not see. It writes one
// processing line persoon_raadplegen per person listed and per
// representative.
func (db *DB) Members(ctx context.Context, groupID string) ([]Member, error) {
	const op = "storage.Members"
	var out []Member
	err := db.actRead(ctx, "member_list", "group", groupID, func(tx *Tx) error {
		reg, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		if _, err := tx.visibleGroup(op, v, groupID, false); err != nil {
			return err
		}
		out, err = tx.members(op, reg, v, groupID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// members reads the memberships of a group the viewer may see, as Members
// describes, and records its processing and audit lines.
func (tx *Tx) members(op, reg string, v *viewer, groupID string) ([]Member, error) {
	// The predicate names the group by its placeholder rather than by
	// m.group_id (the same value here), so that its conditions on the
	// group are evaluated once per query instead of once per membership.
	args := []any{groupID}
	rows, err := tx.Query(`SELECT `+membershipColumns+`, `+personColumns+`
		FROM memberships m JOIN persons p ON p.id = m.person_id
		WHERE m.group_id = $1 AND `+memberVisible(v, "$1", "m.person_id", &args), args...)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	var out []Member
	var ids []string
	for rows.Next() {
		var mb Member
		var role, start, end string
		var p *storedPerson
		if p, err = scanPerson(crypt{}, rows, &mb.Membership.ID, &mb.Membership.GroupID, &mb.Membership.PersonID, &role, &start, &end); err != nil {
			return nil, ga.Wrap(op, err)
		}
		mb.Membership.Role, mb.Membership.Start, mb.Membership.End = ga.MembershipRole(role), ga.Date(start), ga.Date(end)
		mb.Person, mb.Pseudonym = p.Person, p.pseudonym
		out = append(out, mb)
		ids = append(ids, p.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, ga.Wrap(op, err)
	}
	rows.Close()
	keyIDs := make([]string, len(out))
	for i := range out {
		keyIDs[i] = personKeyID(out[i].Person.ID)
	}
	if err := tx.crypt().prefetch(keyIDs); err != nil {
		return nil, ga.Wrap(op, err)
	}
	for i := range out {
		if err := tx.crypt().openPerson(&out[i].Person); err != nil {
			return nil, ga.Wrap(op, err)
		}
	}
	// By name, sorted here: the name is encrypted in the database.
	slices.SortStableFunc(out, func(a, b Member) int {
		return cmp.Or(strings.Compare(a.Person.Name, b.Person.Name), strings.Compare(a.Person.ID, b.Person.ID),
			strings.Compare(string(a.Membership.Start), string(b.Membership.Start)), strings.Compare(a.Membership.ID, b.Membership.ID))
	})
	ids = ids[:0]
	for _, mb := range out {
		ids = append(ids, mb.Person.ID)
	}
	reps, pss, err := tx.representatives(op, ids)
	if err != nil {
		return nil, err
	}
	var subjects []string
	for i := range out {
		out[i].Person.Representatives = reps[out[i].Person.ID]
		subjects = append(append(subjects, out[i].Pseudonym), pss[out[i].Person.ID]...)
	}
	tx.processed("persoon_raadplegen", reg, subjects...)
	tx.Audit("member_list", "group", groupID, ga.ResultSuccess, "")
	return out, nil
}

// casework is the start of every method that processes personal data in
// casework: the Art 8 gate, the actor's roles and confidentiality
// declaration (Tx.RequirePersonalDataAccess, whose register entry id it
// returns), an actor acting for a partner, and the viewer.
func (tx *Tx) casework(op string) (registerEntryID string, v *viewer, err error) {
	if registerEntryID, err = tx.RequirePersonalDataAccess(); err != nil {
		return "", nil, err
	}
	if _, err = requirePartnerActor(tx, op); err != nil {
		return "", nil, err
	}
	if v, err = tx.viewer(op); err != nil {
		return "", nil, err
	}
	return registerEntryID, v, nil
}

// nameListAllowed refuses new members of a group that may have no name
// list: before step informatie, after question 2A was answered "not
// problematic", after the driehoek decided not to start, and once closed.
func nameListAllowed(op string, g *ga.Group) error {
	switch {
	case g.Step == ga.StepClosed:
		return ga.E(ga.KindConflict, op, "Deze groepsaanpak is afgesloten.")
	case g.Step == ga.StepSignals:
		return ga.E(ga.KindConflict, op, "Personen worden pas vanaf stap "+ga.StepInformation.Label()+" vastgelegd.")
	case g.Problematic != nil && !*g.Problematic:
		return ga.E(ga.KindConflict, op, "Het gedrag van deze groep is niet als problematisch beoordeeld (vraag 2A): lichte interventies, geen namenlijst.")
	case g.Decision != nil && !g.Decision.ApproachStarts:
		return ga.E(ga.KindConflict, op, "De driehoek heeft besloten geen groepsaanpak te starten; er komt geen namenlijst.")
	}
	return nil
}

// storedPerson is a person row with its pseudonym.
type storedPerson struct {
	ga.Person
	pseudonym string
}

// scanPerson scans personColumns after the extra destinations before, and
// decrypts the person's identifying fields.
func scanPerson(c crypt, s scanner, before ...any) (*storedPerson, error) {
	var p storedPerson
	var dob string
	dest := append(before, &p.ID, &p.pseudonym, &p.Name, &dob, &p.Address, &p.BSN, &p.BSNLegalGround, &p.SourcePartnerID, &p.CreatedAt)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	if c.keys != nil {
		if err := c.open(personKeyID(p.ID), "persons", p.ID, col("name", &p.Name), dateCol("date_of_birth", &dob), col("address", &p.Address), col("bsn", &p.BSN)); err != nil {
			return nil, err
		}
	}
	p.DateOfBirth, p.CreatedAt = ga.Date(dob), p.CreatedAt.UTC()
	return &p, nil
}

// visiblePerson returns the person if the viewer may see it through at
// least one group, and ga.ErrNotFound otherwise.
func (tx *Tx) visiblePerson(op string, v *viewer, id string, lock bool) (*storedPerson, error) {
	args := []any{id}
	q := `SELECT ` + personColumns + ` FROM persons p WHERE p.id = $1 AND ` + personVisible(v, "p.id", &args)
	if lock {
		q += tx.db.Dialect().ForUpdate()
	}
	p, err := scanPerson(tx.crypt(), tx.QueryRow(q, args...))
	if err != nil {
		return nil, notFound(op, err)
	}
	return p, nil
}

// sourcePerson starts a change of a person: the casework preconditions, the
// person visible to the viewer (ga.ErrNotFound otherwise) and recorded by
// the viewer's partner (ga.ErrForbidden otherwise).
func (tx *Tx) sourcePerson(op, id string) (string, *storedPerson, error) {
	reg, v, err := tx.casework(op)
	if err != nil {
		return "", nil, err
	}
	p, err := tx.visiblePerson(op, v, id, true)
	if err != nil {
		return "", nil, err
	}
	if p.SourcePartnerID != v.partnerID {
		return "", nil, ga.E(ga.KindForbidden, op, "Alleen de partner die de persoon heeft vastgelegd, wijzigt diens gegevens.")
	}
	return reg, p, nil
}

// personViews returns the persons the viewer may see, restricted by the
// condition cond over persons p with its arguments (numbered from $1), by
// name, with their representatives and visible memberships: one query per
// kind, whatever the number of persons.
func (tx *Tx) personViews(op string, v *viewer, cond string, args []any) ([]PersonView, error) {
	q := `SELECT ` + personColumns + ` FROM persons p WHERE `
	if cond != "" {
		q += cond + ` AND `
	}
	q += personVisible(v, "p.id", &args)
	rows, err := tx.Query(q, args...)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	var out []PersonView
	var ids []string
	for rows.Next() {
		p, err := scanPerson(tx.crypt(), rows)
		if err != nil {
			return nil, ga.Wrap(op, err)
		}
		out = append(out, PersonView{Person: p.Person, Pseudonym: p.pseudonym})
	}
	if err := rows.Err(); err != nil {
		return nil, ga.Wrap(op, err)
	}
	rows.Close()
	// By name, sorted here: the name is encrypted in the database.
	slices.SortFunc(out, func(a, b PersonView) int { return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID)) })
	for _, pv := range out {
		ids = append(ids, pv.ID)
	}
	if len(out) == 0 {
		return nil, nil
	}
	reps, pss, err := tx.representatives(op, ids)
	if err != nil {
		return nil, err
	}
	memberships, err := tx.visibleMemberships(op, v, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Representatives = reps[out[i].ID]
		out[i].representativePseudonyms = pss[out[i].ID]
		out[i].Memberships = memberships[out[i].ID]
	}
	return out, nil
}

// viewSubjects returns the pseudonyms of the persons and their
// representatives, for the processing log.
func viewSubjects(views []PersonView) []string {
	var out []string
	for _, pv := range views {
		out = append(append(out, pv.Pseudonym), pv.representativePseudonyms...)
	}
	return out
}

// visibleMemberships returns the memberships of the persons that the viewer
// may see, keyed by person id, in one query.
func (tx *Tx) visibleMemberships(op string, v *viewer, personIDs []string) (map[string][]ga.Membership, error) {
	out := map[string][]ga.Membership{}
	if len(personIDs) == 0 {
		return out, nil
	}
	var args []any
	in := placeholders(&args, personIDs)
	rows, err := tx.Query(`SELECT `+membershipColumns+` FROM memberships m WHERE m.person_id IN (`+in+`) AND `+
		memberVisible(v, "m.group_id", "m.person_id", &args)+` ORDER BY m.person_id, m.start_date, m.id`, args...)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var m ga.Membership
		var role, start, end string
		if err := rows.Scan(&m.ID, &m.GroupID, &m.PersonID, &role, &start, &end); err != nil {
			return nil, ga.Wrap(op, err)
		}
		m.Role, m.Start, m.End = ga.MembershipRole(role), ga.Date(start), ga.Date(end)
		out[m.PersonID] = append(out[m.PersonID], m)
	}
	return out, ga.Wrap(op, rows.Err())
}

// representatives returns the legal representatives of the persons and
// their pseudonyms (in the same order), keyed by person id, in one query.
func (tx *Tx) representatives(op string, personIDs []string) (map[string][]ga.Representative, map[string][]string, error) {
	reps, pss := map[string][]ga.Representative{}, map[string][]string{}
	if len(personIDs) == 0 {
		return reps, pss, nil
	}
	var args []any
	rows, err := tx.Query(`SELECT person_id, id, name, relationship, address, pseudonym FROM representatives
		WHERE person_id IN (`+placeholders(&args, personIDs)+`) ORDER BY person_id, id`, args...)
	if err != nil {
		return nil, nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var person, ps string
		var r ga.Representative
		if err := rows.Scan(&person, &r.ID, &r.Name, &r.Relationship, &r.Address, &ps); err != nil {
			return nil, nil, ga.Wrap(op, err)
		}
		if err := tx.crypt().openRepresentative(person, &r); err != nil {
			return nil, nil, ga.Wrap(op, err)
		}
		reps[person] = append(reps[person], r)
		pss[person] = append(pss[person], ps)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, ga.Wrap(op, err)
	}
	sortRepresentatives(reps, pss)
	return reps, pss, nil
}

// insertRepresentative inserts a representative of the person with a fresh
// id and pseudonym; it sets r.ID and returns the pseudonym.
func (tx *Tx) insertRepresentative(op, personID string, r *ga.Representative) (string, error) {
	id, ps := NewID(), newPseudonym()
	name, address := r.Name, r.Address
	if err := tx.crypt().seal(personKeyID(personID), "representatives", id, col("name", &name), col("address", &address)); err != nil {
		return "", ga.Wrap(op, err)
	}
	if _, err := tx.Exec(`INSERT INTO representatives (id, person_id, name, relationship, address, pseudonym) VALUES ($1, $2, $3, $4, $5, $6)`,
		id, personID, name, r.Relationship, address, ps); err != nil {
		return "", ga.Wrap(op, err)
	}
	r.ID = id
	return ps, nil
}

// validateRepresentative checks one legal representative.
func validateRepresentative(op string, r ga.Representative) error {
	var v ga.Invalid
	if strings.TrimSpace(r.Name) == "" || strings.TrimSpace(r.Relationship) == "" {
		v.Add("wettelijkVertegenwoordigers", "Vul naam en relatie van elke wettelijk vertegenwoordiger in.")
	}
	v = append(v, representativeLengths([]ga.Representative{r})...)
	return v.Err(op)
}

// representativeLengths checks the lengths of the representatives' fields.
func representativeLengths(reps []ga.Representative) ga.Invalid {
	var v ga.Invalid
	for _, r := range reps {
		if len(r.Name) > maxRepresentativeField || len(r.Relationship) > maxRepresentativeField || len(r.Address) > maxRepresentativeAddress {
			v.Add("wettelijkVertegenwoordigers", "Naam en relatie zijn maximaal 200 tekens, het adres 400.")
			break
		}
	}
	return v
}

// sealedPerson is a person's identifying fields as stored: encrypted, with
// the blind indexes of name and date of birth and of the BSN.
type sealedPerson struct {
	name, dob, address, bsn string
	match, bsnIndex         string
}

// sealPerson encrypts the identifying fields of person id.
func (tx *Tx) sealPerson(id string, p *ga.Person) (sealedPerson, error) {
	return tx.crypt().sealPerson(id, p)
}

func (c crypt) sealPerson(id string, p *ga.Person) (sealedPerson, error) {
	f := sealedPerson{name: p.Name, dob: string(p.DateOfBirth), address: p.Address, bsn: p.BSN}
	var err error
	if f.match, err = c.personMatch(p.Name, string(p.DateOfBirth)); err != nil {
		return f, err
	}
	if f.bsnIndex, err = c.bsnIndex(p.BSN); err != nil {
		return f, err
	}
	err = c.seal(personKeyID(id), "persons", id, col("name", &f.name), dateCol("date_of_birth", &f.dob), col("address", &f.address), col("bsn", &f.bsn))
	return f, err
}

// openRepresentative decrypts a representative of person personID.
func (c crypt) openRepresentative(personID string, r *ga.Representative) error {
	return c.open(personKeyID(personID), "representatives", r.ID, col("name", &r.Name), col("address", &r.Address))
}

// sortRepresentatives orders each person's representatives by name and id,
// keeping the pseudonyms in step; the name is encrypted in the database.
func sortRepresentatives(reps map[string][]ga.Representative, pss map[string][]string) {
	for person, rs := range reps {
		idx := make([]int, len(rs))
		for i := range idx {
			idx[i] = i
		}
		slices.SortFunc(idx, func(a, b int) int {
			return cmp.Or(strings.Compare(rs[a].Name, rs[b].Name), strings.Compare(rs[a].ID, rs[b].ID))
		})
		sr, sp := make([]ga.Representative, len(rs)), make([]string, len(rs))
		for i, j := range idx {
			sr[i], sp[i] = rs[j], pss[person][j]
		}
		reps[person], pss[person] = sr, sp
	}
}
