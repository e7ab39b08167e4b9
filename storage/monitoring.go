package storage

import (
	"context"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// procMonitoring is the processing-log name of computing a group's
// monitoring from its members' memberships, measures and agreements.
const procMonitoring = "groep_monitoren"

// Monitoring returns the periodic review of the group approach (SPEC §2
// step 6; Art 5.3: the number of members, the measures in force and new
// recruits): members per month by role over the last twelve months, new
// recruits per month, measures in force by kind, overdue reviews and
// overdue agreements, computed by ga.ComputeMonitoring. The numbers are
// aggregates, but they count only what the viewer may see — memberships of
// members the viewer may see (memberVisible), measures the viewer may see
// (measureVisible), agreements of meetings the viewer may see
// (meetingVisible) — so that no count reveals a member, measure or
// agreement the viewer may not know of. A group the viewer may not see is
// ga.ErrNotFound. Counting processes the members' personal data: it writes
// one processing line groep_monitoren per person counted.
func (db *DB) Monitoring(ctx context.Context, groupID string) (*ga.Monitoring, error) {
	const op = "storage.Monitoring"
	var mon *ga.Monitoring
	err := db.act(ctx, "monitoring_read", "group", groupID, func(tx *Tx) error {
		regID, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		if _, err := tx.visibleGroup(op, v, groupID, false); err != nil {
			return err
		}
		memberships, err := tx.groupMemberships(op, v, groupID)
		if err != nil {
			return err
		}
		measures, err := tx.visibleMeasures(op, v, groupID)
		if err != nil {
			return err
		}
		agreements, err := tx.visibleAgreements(op, v, groupID)
		if err != nil {
			return err
		}
		m := ga.ComputeMonitoring(groupID, memberships, measures, agreements, tx.Now())
		mon = &m
		var subjects []string
		for _, ms := range memberships {
			subjects = append(subjects, ms.PersonID)
		}
		subjects = append(subjects, measurePersons(measures)...)
		for _, ag := range agreements {
			subjects = append(subjects, ag.PersonID)
		}
		if err := tx.processedFor(op, procMonitoring, regID, subjects...); err != nil {
			return err
		}
		tx.Audit("monitoring_read", "group", groupID, ga.ResultSuccess, "")
		return nil
	})
	if err != nil {
		return nil, err
	}
	return mon, nil
}

// groupMemberships lists the memberships of the group whose member the
// viewer may see (memberVisible), by start date.
func (tx *Tx) groupMemberships(op string, v *viewer, groupID string) ([]ga.Membership, error) {
	args := []any{groupID}
	rows, err := tx.Query(`SELECT ms.id, ms.group_id, ms.person_id, ms.role, ms.start_date, ms.end_date FROM memberships ms
		WHERE ms.group_id = $1 AND `+memberVisible(v, "ms.group_id", "ms.person_id", &args)+`
		ORDER BY ms.start_date, ms.id`, args...)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	var out []ga.Membership
	err = eachRow(rows, func() error {
		var m ga.Membership
		var role, start, end string
		if err := rows.Scan(&m.ID, &m.GroupID, &m.PersonID, &role, &start, &end); err != nil {
			return err
		}
		m.Role, m.Start, m.End = ga.MembershipRole(role), ga.Date(start), ga.Date(end)
		out = append(out, m)
		return nil
	})
	return out, ga.Wrap(op, err)
}

// visibleAgreements lists the agreements of the group's meetings the
// viewer may see (meetingVisible), by due date.
func (tx *Tx) visibleAgreements(op string, v *viewer, groupID string) ([]ga.Agreement, error) {
	args := []any{groupID}
	rows, err := tx.Query(`SELECT `+agreementColumns+` FROM agreements a JOIN meetings mt ON mt.id = a.meeting_id
		WHERE mt.group_id = $1 AND `+meetingVisible(v, "mt", &args)+`
		ORDER BY a.due_date, a.created_at, a.id`, args...)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	var out []ga.Agreement
	err = eachRow(rows, func() error {
		ag, err := scanAgreement(tx.crypt(), rows)
		if err != nil {
			return err
		}
		out = append(out, *ag)
		return nil
	})
	return out, ga.Wrap(op, err)
}
