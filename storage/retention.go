package storage

import (
	"context"
	"slices"
	"strconv"
	"strings"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// procRetention is the processing-log name of a deletion because the
// retention period passed.
const procRetention = "bewaartermijn_verwijderen"

// ApplyRetention deletes the personal data past the covenant's retention
// periods (GDPR Art 5(1)(e)), or with dryRun only reports what would go:
//
//   - of a group approach closed longer ago than the period after closure:
//     every membership with the members' items, measures, agreements,
//     involvements and places in individual meetings, the group-level items,
//     the agenda, minutes and decisions of its meetings, and the texts
//     (description, result) of its group measures and group agreements;
//   - of a membership that ended longer ago than the period after
//     membership (and of which the person has no later membership of the
//     same group): the same for that person in that group;
//   - a person left without any membership, with the legal
//     representatives.
//
// The group itself, its plan, the rows of its group measures (kind,
// status, dates) and the dates of its meetings stay for monitoring. Every
// deletion writes a processing-log line (bewaartermijn_verwijderen) per
// data subject and an audit line per person and group, all in the one
// transaction of the run. Only the system runs it (the daily job and
// "groepsaanpak retention run"). Besides the rows, the data keys of what
// goes are destroyed (crypto-shredding, crypt.go): the keys of the deleted
// items, measures and agreements; for a closed group past its period the
// group's key (and every key below it: its items, meetings, group measures
// and agreements); and, for a person who goes entirely, the person's key,
// so that backups taken before cannot be read for them. The keys are
// destroyed before the transaction commits: should the commit fail, the
// rows stay but read as erased, never the other way round. After the
// casework, and also without a covenant, it applies the retention of the
// Groepsscan's police registrations (retainRegistrations,
// groepsscan_retention.go), reported in RetentionReport.Registrations.
func (db *DB) ApplyRetention(ctx context.Context, dryRun bool) (*ga.RetentionReport, error) {
	const op = "storage.ApplyRetention"
	var rep *ga.RetentionReport
	err := db.Transact(ctx, func(tx *Tx) error {
		rep = &ga.RetentionReport{DryRun: dryRun, At: tx.Now(), Deletions: []ga.RetentionDeletion{}, Persons: []string{}}
		if !tx.Actor().System {
			return ga.ErrForbidden(op)
		}
		s, err := tx.gateState(op)
		if err != nil {
			return err
		}
		regID := ""
		if s.Register != nil {
			regID = s.Register.ID
		}
		if s.Covenant != nil {
			if err := tx.retainCasework(op, rep, dryRun, s.Covenant.Terms, regID); err != nil {
				return err
			}
		}
		// The Groepsscan's registrations have their own period, after the
		// casework, whose retention may have removed a link to a scan
		// (groepsscan_retention.go).
		return tx.retainRegistrations(op, &rep.Registrations, dryRun, regID)
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// retainCasework applies the covenant's retention periods to the casework
// (ApplyRetention).
func (tx *Tx) retainCasework(op string, rep *ga.RetentionReport, dryRun bool, terms ga.CovenantTerms, regID string) error {
	now := tx.Now()
	closureCutoff := ga.RetentionCutoff(terms.RetentionAfterClosureMonths, now)

	// The groups closed longer ago than the period.
	closed, err := tx.stringColumn(op, `SELECT id FROM groups WHERE closed_at IS NOT NULL AND closed_at <= $1 ORDER BY id`, closureCutoff)
	if err != nil {
		return err
	}
	isClosed := map[string]bool{}
	for _, g := range closed {
		isClosed[g] = true
	}

	// Every (group, person) of a membership, with whether each of its
	// memberships there is past retention.
	rows, err := tx.Query(`SELECT group_id, person_id, end_date FROM memberships ORDER BY group_id, person_id`)
	if err != nil {
		return ga.Wrap(op, err)
	}
	type unit struct{ group, person string }
	past, keep := map[unit]int{}, map[unit]bool{}
	var order []unit
	for rows.Next() {
		var u unit
		var end string
		if err := rows.Scan(&u.group, &u.person, &end); err != nil {
			rows.Close()
			return ga.Wrap(op, err)
		}
		if _, seen := past[u]; !seen && !keep[u] {
			order = append(order, u)
		}
		if isClosed[u.group] || ga.MembershipPastRetention(ga.Date(end), terms, now) {
			past[u]++
		} else {
			keep[u] = true
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return ga.Wrap(op, err)
	}

	touched := map[string]bool{}
	// subjects are the pseudonyms of every data subject whose data the
	// run deletes: one processing line each.
	var subjects []string
	for _, u := range order {
		if keep[u] || past[u] == 0 {
			continue
		}
		d := ga.RetentionDeletion{Reason: ga.RetentionMembershipEnded, GroupID: u.group, PersonID: u.person, Memberships: past[u]}
		if isClosed[u.group] {
			d.Reason = ga.RetentionGroupClosed
		}
		if err := tx.retainUnit(op, &d, dryRun); err != nil {
			return err
		}
		rep.Deletions = append(rep.Deletions, d)
		touched[u.person] = true
		if !dryRun {
			ps, err := tx.casePseudonyms(op, []string{u.person})
			if err != nil {
				return err
			}
			subjects = append(subjects, ps...)
			tx.Audit("retention_delete", "membership", u.group, ga.ResultSuccess,
				"reden="+string(d.Reason)+"; persoon="+u.person+"; gegevens="+strconv.Itoa(d.Items)+"; maatregelen="+strconv.Itoa(d.Measures))
		}
	}

	for _, g := range closed {
		if !dryRun {
			// The group's key goes, and with it every key below it:
			// those of the group-level items, of the agenda, minutes
			// and decisions of its meetings, and of its group measures
			// and agreements, and of the Groepsscan profile kept with it
			// (groupScanKeyID), so that no backup taken before can be
			// read for them either.
			if err := tx.crypt().shredOnce(groupKeyID(g)); err != nil {
				return ga.Wrap(op, err)
			}
		}
		if _, err := tx.deleteOrCount(op, dryRun, `item_shares WHERE item_id IN (SELECT id FROM items WHERE group_id = $1 AND person_id IS NULL)`, g); err != nil {
			return err
		}
		// The Groepsscan kept with the group names its members.
		for _, from := range []string{`group_scan_members WHERE group_id = $1`, `group_scans WHERE group_id = $1`} {
			if _, err := tx.deleteOrCount(op, dryRun, from, g); err != nil {
				return err
			}
		}
		items, err := tx.deleteOrCount(op, dryRun, `items WHERE group_id = $1 AND person_id IS NULL`, g)
		if err != nil {
			return err
		}
		// The texts of its meetings, group measures and group
		// agreements are emptied; the rows stay for monitoring.
		var texts [3]int
		for i, q := range []struct{ where, set string }{
			{`meetings WHERE group_id = $1 AND (agenda <> '' OR minutes <> '' OR decisions <> '')`, `agenda = '', minutes = '', decisions = ''`},
			{`measures WHERE group_id = $1 AND person_id IS NULL AND (description <> '' OR result <> '')`, `description = '', result = ''`},
			{`agreements WHERE group_id = $1 AND person_id IS NULL AND description <> ''`, `description = ''`},
		} {
			n, err := tx.count(`SELECT count(*) FROM `+q.where, g)
			if err != nil {
				return ga.Wrap(op, err)
			}
			if !dryRun && n > 0 {
				if _, err := tx.Exec(`UPDATE `+strings.Replace(q.where, " WHERE ", " SET "+q.set+" WHERE ", 1), g); err != nil {
					return ga.Wrap(op, err)
				}
			}
			texts[i] = n
		}
		meetings, measures := texts[0], texts[1]+texts[2]
		rep.GroupItems += items
		rep.GroupMeetings += meetings
		rep.GroupMeasures += measures
		if !dryRun && items+meetings+measures > 0 {
			tx.Audit("retention_delete", "group", g, ga.ResultSuccess,
				"reden="+string(ga.RetentionGroupClosed)+"; groepsgegevens="+strconv.Itoa(items)+"; verslagen="+strconv.Itoa(meetings)+
					"; groepsmaatregelen en -afspraken="+strconv.Itoa(measures))
		}
	}

	// Persons without any membership left go entirely.
	persons := make([]string, 0, len(touched))
	for p := range touched {
		persons = append(persons, p)
	}
	slices.Sort(persons)
	for _, p := range persons {
		remaining, err := tx.count(`SELECT count(*) FROM memberships WHERE person_id = $1`, p)
		if err != nil {
			return ga.Wrap(op, err)
		}
		if dryRun {
			// Nothing was deleted: count what would remain.
			for _, d := range rep.Deletions {
				if d.PersonID == p {
					remaining -= d.Memberships
				}
			}
		}
		if remaining > 0 {
			continue
		}
		rep.Persons = append(rep.Persons, p)
		if dryRun {
			continue
		}
		reps, err := tx.stringColumn(op, `SELECT pseudonym FROM representatives WHERE person_id = $1`, p)
		if err != nil {
			return err
		}
		pseudonym, err := tx.stringColumn(op, `SELECT pseudonym FROM persons WHERE id = $1`, p)
		if err != nil {
			return err
		}
		subjects = append(append(subjects, pseudonym...), reps...)
		for _, q := range []string{`DELETE FROM representatives WHERE person_id = $1`, `DELETE FROM persons WHERE id = $1`} {
			if _, err := tx.Exec(q, p); err != nil {
				return ga.Wrap(op, err)
			}
		}
		// Crypto-shredding: the person's key and every key below it
		// go, so that no backup taken before can be read for them.
		if err := tx.crypt().shred(personKeyID(p)); err != nil {
			return ga.Wrap(op, err)
		}
		tx.Audit("retention_delete", "person", p, ga.ResultSuccess, "reden=geen lidmaatschap meer; vertegenwoordigers="+strconv.Itoa(len(reps)))
	}
	if !dryRun {
		tx.processed(procRetention, regID, subjects...)
		tx.Audit("retention_run", "retention", "", ga.ResultSuccess,
			"lidmaatschappen="+strconv.Itoa(len(rep.Deletions))+"; personen="+strconv.Itoa(len(rep.Persons)))
	}
	return nil
}

// retainUnit counts (and unless dryRun deletes) the personal data of one
// person in one group.
func (tx *Tx) retainUnit(op string, d *ga.RetentionDeletion, dryRun bool) error {
	steps := []struct {
		from string
		n    *int
	}{
		{`item_shares WHERE item_id IN (SELECT id FROM items WHERE group_id = $1 AND person_id = $2)`, nil},
		{`items WHERE group_id = $1 AND person_id = $2`, &d.Items},
		{`measures WHERE group_id = $1 AND person_id = $2`, &d.Measures},
		{`agreements WHERE group_id = $1 AND person_id = $2`, &d.Agreements},
		{`meeting_persons WHERE person_id = $2 AND meeting_id IN (SELECT id FROM meetings WHERE group_id = $1)`, &d.Meetings},
		{`involvements WHERE group_id = $1 AND person_id = $2`, &d.Involvements},
		{`group_scan_members WHERE group_id = $1 AND person_id = $2`, nil},
		{`memberships WHERE group_id = $1 AND person_id = $2`, nil},
	}
	if !dryRun {
		// The keys of the person's items, measures and agreements in the
		// group are destroyed with the rows (crypto-shredding), so that a
		// backup taken before cannot be read for them even while the
		// person stays in another group. (The involvement's key is kept:
		// it is the same for a later registration in the same group.)
		var keys []string
		for _, k := range []struct{ table, kind string }{{"items", "gegeven"}, {"measures", "maatregel"}, {"agreements", "afspraak"}} {
			ids, err := tx.stringColumn(op, `SELECT id FROM `+k.table+` WHERE group_id = $1 AND person_id = $2`, d.GroupID, d.PersonID)
			if err != nil {
				return err
			}
			for _, id := range ids {
				keys = append(keys, ownedKeyID(d.GroupID, d.PersonID, k.kind, id))
			}
		}
		if err := tx.crypt().shred(keys...); err != nil {
			return ga.Wrap(op, err)
		}
	}
	for _, s := range steps {
		n, err := tx.deleteOrCount(op, dryRun, s.from, d.GroupID, d.PersonID)
		if err != nil {
			return err
		}
		if s.n != nil {
			*s.n = n
		}
	}
	return nil
}

// deleteOrCount counts the rows of "table WHERE …" and, unless dryRun,
// deletes them.
func (tx *Tx) deleteOrCount(op string, dryRun bool, from string, args ...any) (int, error) {
	n, err := tx.count(`SELECT count(*) FROM `+from, args...)
	if err != nil {
		return 0, ga.Wrap(op, err)
	}
	if !dryRun && n > 0 {
		if _, err := tx.Exec(`DELETE FROM `+from, args...); err != nil {
			return 0, ga.Wrap(op, err)
		}
	}
	return n, nil
}

// stringColumn runs a query of one text column.
func (tx *Tx) stringColumn(op, q string, args ...any) ([]string, error) {
	rows, err := tx.Query(q, args...)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, ga.Wrap(op, err)
		}
		out = append(out, s)
	}
	return out, ga.Wrap(op, rows.Err())
}
