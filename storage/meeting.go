package storage

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Meetings of a group approach (SPEC §4, covenant Art 5.3): the coordinator
// organises group meetings and meetings about individual members, invites
// partners, records attendance, agenda, minutes, decisions and agreements.
// A meeting is seen by coordinators and by the partners invited to it
// (ga.CanSeeMeeting), in a group they may see, and a meeting about
// individual members only by viewers who may see each of those members
// (meetingVisible). Anyone else gets ga.ErrNotFound, as for an id that does
// not exist. An individual meeting's record is personal data of the members
// it is about: each read or write of it writes one processing-log line per
// member. A group meeting's record is about the group and is audited only.

const meetingColumns = `mt.id, mt.group_id, mt.kind, mt.held_on, mt.agenda, mt.minutes, mt.decisions, mt.created_by, mt.created_at, mt.updated_at`

const agreementColumns = `a.id, a.meeting_id, a.group_id, a.person_id, a.description, a.responsible_partner_id, a.due_date, a.done_on, a.created_at`

// Processing-log names of meetings (dpl: name).
const (
	procMeetingRecord     = "overleg_vastleggen"
	procMeetingUpdate     = "overleg_wijzigen"
	procMeetingInvite     = "overleg_uitnodigen"
	procMeetingRead       = "overleg_raadplegen"
	procAgreementRecord   = "afspraak_vastleggen"
	procAgreementComplete = "afspraak_uitvoeren"
)

// CreateMeeting records a meeting of group m.GroupID (ga.CanOrganiseMeeting:
// the coordinator, while the approach is open), with the partners in
// m.Invited invited at once under the rules of Invite. An individual
// meeting is about current members of the group the coordinator may see,
// and only once the driehoek authorised the exchange of members' personal
// data (ga.CheckMeetingSubjects). Attendance in m.Invited is ignored. A
// group the viewer may not see is ga.ErrNotFound. It sets ID, CreatedBy,
// CreatedAt and UpdatedAt, and writes the processing line
// overleg_vastleggen per member an individual meeting is about.
func (db *DB) CreateMeeting(ctx context.Context, m *ga.Meeting) error {
	const op = "storage.CreateMeeting"
	return db.act(ctx, "meeting_create", "group", m.GroupID, func(tx *Tx) error {
		regID, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		g, err := tx.visibleGroup(op, v, m.GroupID, true)
		if err != nil {
			return err
		}
		if err := ga.CanOrganiseMeeting(v.actor, *g); err != nil {
			return err
		}
		created := *m
		created.PersonIDs = dedupe(m.PersonIDs)
		created.Invited, created.Agreements = nil, nil
		if err := created.Validate(); err != nil {
			return err
		}
		members, err := tx.currentVisibleMembers(op, v, g.ID, created.PersonIDs)
		if err != nil {
			return err
		}
		if err := ga.CheckMeetingSubjects(created, *g, members, v.terms, tx.Now()); err != nil {
			return err
		}
		for _, inv := range m.Invited {
			if created.IsInvited(inv.PartnerID) {
				continue
			}
			if err := tx.checkInvite(op, created, *g, inv.PartnerID); err != nil {
				return err
			}
			created.Invited = append(created.Invited, ga.Invitation{PartnerID: inv.PartnerID})
		}
		created.ID, created.GroupID, created.CreatedBy = NewID(), g.ID, recordedBy(v.actor)
		created.CreatedAt, created.UpdatedAt = tx.Now(), tx.Now()
		agenda, minutes, decisions, err := tx.crypt().sealMeeting(&created)
		if err != nil {
			return ga.Wrap(op, err)
		}
		if _, err := tx.Exec(`INSERT INTO meetings (id, group_id, kind, held_on, agenda, minutes, decisions, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
			created.ID, created.GroupID, string(created.Kind), string(created.HeldOn), agenda, minutes,
			decisions, created.CreatedBy, created.CreatedAt); err != nil {
			return ga.Wrap(op, err)
		}
		for _, p := range created.PersonIDs {
			if _, err := tx.Exec(`INSERT INTO meeting_persons (meeting_id, person_id) VALUES ($1, $2)`, created.ID, p); err != nil {
				return ga.Wrap(op, err)
			}
		}
		for _, inv := range created.Invited {
			if _, err := tx.Exec(`INSERT INTO meeting_invitations (meeting_id, partner_id) VALUES ($1, $2)`, created.ID, inv.PartnerID); err != nil {
				return ga.Wrap(op, err)
			}
		}
		if err := tx.processedFor(op, procMeetingRecord, regID, created.PersonIDs...); err != nil {
			return err
		}
		*m = created
		tx.Audit("meeting_create", "meeting", m.ID, ga.ResultSuccess, "soort="+string(m.Kind)+"; uitgenodigd="+invitedList(m.Invited))
		return nil
	})
}

// UpdateMeeting changes the date, agenda, minutes and decisions of meeting
// m.ID (ga.CanOrganiseMeeting). Its kind, the members it is about, the
// invitations and the agreements change only through their own methods and
// are ignored here. A meeting the viewer may not see is ga.ErrNotFound. On
// success m holds the meeting as stored. It writes the processing line
// overleg_wijzigen per member an individual meeting is about.
func (db *DB) UpdateMeeting(ctx context.Context, m *ga.Meeting) error {
	const op = "storage.UpdateMeeting"
	return db.act(ctx, "meeting_update", "meeting", m.ID, func(tx *Tx) error {
		regID, old, _, err := tx.organisedMeeting(op, m.ID)
		if err != nil {
			return err
		}
		updated := *old
		updated.HeldOn, updated.Agenda, updated.Minutes, updated.Decisions = m.HeldOn, m.Agenda, m.Minutes, m.Decisions
		if err := updated.Validate(); err != nil {
			return err
		}
		updated.UpdatedAt = tx.Now()
		agenda, minutes, decisions, err := tx.crypt().sealMeeting(&updated)
		if err != nil {
			return ga.Wrap(op, err)
		}
		if _, err := tx.Exec(`UPDATE meetings SET held_on = $2, agenda = $3, minutes = $4, decisions = $5, updated_at = $6 WHERE id = $1`,
			updated.ID, string(updated.HeldOn), agenda, minutes, decisions, updated.UpdatedAt); err != nil {
			return ga.Wrap(op, err)
		}
		if err := tx.processedFor(op, procMeetingUpdate, regID, updated.PersonIDs...); err != nil {
			return err
		}
		*m = updated
		tx.Audit("meeting_update", "meeting", m.ID, ga.ResultSuccess, "")
		return nil
	})
}

// Invite invites partner partnerID to the meeting (ga.CanOrganiseMeeting;
// ga.CanInvite): to a group meeting any partner taking part in the
// approach, to an individual meeting only a partner involved — registered
// by the coordinator or derived from its items and measures — with every
// member the meeting is about (Art 5.3); a refusal is KindConflict naming
// the rule. Inviting an invited partner again does nothing. It writes the
// processing line overleg_uitnodigen per member an individual meeting is
// about, since the invitation shares the meeting with the partner.
func (db *DB) Invite(ctx context.Context, meetingID, partnerID string) error {
	const op = "storage.Invite"
	return db.act(ctx, "meeting_invite", "meeting", meetingID, func(tx *Tx) error {
		regID, m, g, err := tx.organisedMeeting(op, meetingID)
		if err != nil {
			return err
		}
		if m.IsInvited(partnerID) {
			tx.Audit("meeting_invite", "meeting", meetingID, ga.ResultSuccess, "partner="+partnerID+"; al uitgenodigd")
			return nil
		}
		if err := tx.checkInvite(op, *m, *g, partnerID); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO meeting_invitations (meeting_id, partner_id) VALUES ($1, $2)
			ON CONFLICT (meeting_id, partner_id) DO NOTHING`, meetingID, partnerID); err != nil {
			return ga.Wrap(op, err)
		}
		if err := tx.processedFor(op, procMeetingInvite, regID, m.PersonIDs...); err != nil {
			return err
		}
		tx.Audit("meeting_invite", "meeting", meetingID, ga.ResultSuccess, "partner="+partnerID)
		return nil
	})
}

// Uninvite withdraws partner partnerID's invitation (ga.CanOrganiseMeeting).
// A partner that is not invited, whose attendance is recorded, or that is
// responsible for an agreement of the meeting, stays as it is
// (KindConflict): the record of the meeting is not rewritten.
func (db *DB) Uninvite(ctx context.Context, meetingID, partnerID string) error {
	const op = "storage.Uninvite"
	return db.act(ctx, "meeting_uninvite", "meeting", meetingID, func(tx *Tx) error {
		_, m, _, err := tx.organisedMeeting(op, meetingID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(m.Invited, func(inv ga.Invitation) bool { return inv.PartnerID == partnerID })
		if i < 0 {
			return ga.E(ga.KindConflict, op, "Deze partner is niet uitgenodigd voor dit overleg.")
		}
		if m.Invited[i].Attended != nil {
			return ga.E(ga.KindConflict, op, "De aanwezigheid van deze partner is al vastgelegd; de uitnodiging blijft staan.")
		}
		if slices.ContainsFunc(m.Agreements, func(ag ga.Agreement) bool { return ag.ResponsiblePartnerID == partnerID }) {
			return ga.E(ga.KindConflict, op, "Deze partner is verantwoordelijk voor een afspraak uit dit overleg; de uitnodiging blijft staan.")
		}
		if _, err := tx.Exec(`DELETE FROM meeting_invitations WHERE meeting_id = $1 AND partner_id = $2`, meetingID, partnerID); err != nil {
			return ga.Wrap(op, err)
		}
		tx.Audit("meeting_uninvite", "meeting", meetingID, ga.ResultSuccess, "partner="+partnerID)
		return nil
	})
}

// RecordAttendance records whether the invited partner attended the
// meeting (ga.CanOrganiseMeeting), from the day of the meeting on. A
// partner that is not invited is KindConflict. Attendance is about
// partners, not members: it is audited only.
func (db *DB) RecordAttendance(ctx context.Context, meetingID, partnerID string, attended bool) error {
	const op = "storage.RecordAttendance"
	return db.act(ctx, "meeting_attendance", "meeting", meetingID, func(tx *Tx) error {
		_, m, _, err := tx.organisedMeeting(op, meetingID)
		if err != nil {
			return err
		}
		if !m.IsInvited(partnerID) {
			return ga.E(ga.KindConflict, op, "Deze partner is niet uitgenodigd voor dit overleg.")
		}
		if !m.HeldOn.Reached(tx.Now()) {
			return ga.E(ga.KindConflict, op, "De aanwezigheid wordt vastgelegd vanaf de dag van het overleg ("+m.HeldOn.Dutch()+").")
		}
		if _, err := tx.Exec(`UPDATE meeting_invitations SET attended = $3 WHERE meeting_id = $1 AND partner_id = $2`,
			meetingID, partnerID, attended); err != nil {
			return ga.Wrap(op, err)
		}
		tx.Audit("meeting_attendance", "meeting", meetingID, ga.ResultSuccess, "partner="+partnerID+"; aanwezig="+boolString(attended))
		return nil
	})
}

// AddAgreement records agreement ag in meeting ag.MeetingID
// (ga.CanOrganiseMeeting; ga.CheckAgreement): the responsible partner is
// invited to the meeting, and an agreement about a member is made only in
// an individual meeting about that member. It sets ID, GroupID and
// CreatedAt, and writes the processing line afspraak_vastleggen for the
// member an agreement is about.
func (db *DB) AddAgreement(ctx context.Context, ag *ga.Agreement) error {
	const op = "storage.AddAgreement"
	return db.act(ctx, "agreement_add", "meeting", ag.MeetingID, func(tx *Tx) error {
		regID, m, _, err := tx.organisedMeeting(op, ag.MeetingID)
		if err != nil {
			return err
		}
		created := *ag
		created.DoneOn = ""
		if err := ga.CheckAgreement(*m, created); err != nil {
			return err
		}
		created.ID, created.GroupID, created.CreatedAt = NewID(), m.GroupID, tx.Now()
		description := created.Description
		if err := tx.crypt().seal(ownedKeyID(created.GroupID, created.PersonID, "afspraak", created.ID), "agreements", created.ID, col("description", &description)); err != nil {
			return ga.Wrap(op, err)
		}
		if _, err := tx.Exec(`INSERT INTO agreements (id, meeting_id, group_id, person_id, description, responsible_partner_id, due_date, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			created.ID, created.MeetingID, created.GroupID, nullString(created.PersonID), description,
			created.ResponsiblePartnerID, string(created.DueDate), created.CreatedAt); err != nil {
			return ga.Wrap(op, err)
		}
		if err := tx.processedFor(op, procAgreementRecord, regID, created.PersonID); err != nil {
			return err
		}
		*ag = created
		tx.Audit("agreement_add", "agreement", ag.ID, ga.ResultSuccess, "overleg="+ag.MeetingID)
		return nil
	})
}

// CompleteAgreement records that the agreement was carried out on doneOn
// (ga.CanCompleteAgreement: the coordinator or a user of the responsible
// partner, once, not in the future), while the approach is open. An
// agreement of a meeting the viewer may not see is ga.ErrNotFound. It
// writes the processing line afspraak_uitvoeren for the member an agreement
// is about.
func (db *DB) CompleteAgreement(ctx context.Context, agreementID string, doneOn ga.Date) (*ga.Agreement, error) {
	const op = "storage.CompleteAgreement"
	var ag *ga.Agreement
	err := db.act(ctx, "agreement_complete", "agreement", agreementID, func(tx *Tx) error {
		regID, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		args := []any{agreementID}
		q := `SELECT ` + agreementColumns + ` FROM agreements a JOIN meetings mt ON mt.id = a.meeting_id
			WHERE a.id = $1 AND ` + meetingVisible(v, "mt", &args) + tx.db.Dialect().ForUpdate()
		if ag, err = scanAgreement(tx.crypt(), tx.QueryRow(q, args...)); err != nil {
			return notFound(op, err)
		}
		g, err := tx.visibleGroup(op, v, ag.GroupID, false)
		if err != nil {
			return err
		}
		if err := ga.CanCompleteAgreement(v.actor, *ag, doneOn, tx.Now()); err != nil {
			return err
		}
		if g.Step == ga.StepClosed {
			return ga.E(ga.KindConflict, op, "Deze groepsaanpak is afgesloten.")
		}
		if _, err := tx.Exec(`UPDATE agreements SET done_on = $2 WHERE id = $1`, agreementID, string(doneOn)); err != nil {
			return ga.Wrap(op, err)
		}
		ag.DoneOn = doneOn
		if err := tx.processedFor(op, procAgreementComplete, regID, ag.PersonID); err != nil {
			return err
		}
		tx.Audit("agreement_complete", "agreement", agreementID, ga.ResultSuccess, "uitgevoerd op "+string(doneOn))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ag, nil
}

// Meeting returns the meeting with the members it is about, its
// invitations and its agreements, or ga.ErrNotFound when it does not exist
// or the viewer may not see it (meetingVisible). It writes the processing
// line overleg_raadplegen per member an individual meeting is about.
func (db *DB) Meeting(ctx context.Context, id string) (*ga.Meeting, error) {
	const op = "storage.Meeting"
	return readOne(ctx, db, op, "meeting_read", "meeting", id, procMeetingRead,
		func(tx *Tx, v *viewer) (*ga.Meeting, error) { return tx.visibleMeeting(op, v, id, false) },
		func(m *ga.Meeting) []string { return meetingSubjects(*m) })
}

// Meetings lists the meetings of the group the viewer may see
// (meetingVisible), newest first. A group the viewer may not see is
// ga.ErrNotFound. It writes one processing line overleg_raadplegen per
// member the listed individual meetings are about.
func (db *DB) Meetings(ctx context.Context, groupID string) ([]ga.Meeting, error) {
	const op = "storage.Meetings"
	return readGroupList(ctx, db, op, "meetings_list", groupID, procMeetingRead,
		func(tx *Tx, v *viewer) ([]ga.Meeting, error) {
			args := []any{groupID}
			rows, err := tx.Query(`SELECT `+meetingColumns+` FROM meetings mt WHERE mt.group_id = $1 AND `+meetingVisible(v, "mt", &args)+`
				ORDER BY mt.held_on DESC, mt.created_at DESC, mt.id`, args...)
			if err != nil {
				return nil, ga.Wrap(op, err)
			}
			return tx.scanMeetings(op, rows)
		},
		func(ms []ga.Meeting) []string {
			var subjects []string
			for _, m := range ms {
				subjects = append(subjects, meetingSubjects(m)...)
			}
			return subjects
		})
}

// MeetingView returns the meeting as this viewer sees it (SPEC §4): the
// meeting, and the information items shared into its group that the viewer
// may see (itemVisible, the SQL mirror of ga.CanSeeItem) — in a group
// meeting every such item of the group, in an individual meeting only those
// about the members it is about — newest date first. Two participants of
// the same meeting therefore see different items. A meeting the viewer may
// not see is ga.ErrNotFound. It writes one processing line
// overleg_raadplegen per member the meeting is about and per person whose
// items it shows.
func (db *DB) MeetingView(ctx context.Context, id string) (*ga.MeetingView, error) {
	const op = "storage.MeetingView"
	var view *ga.MeetingView
	err := db.actRead(ctx, "meeting_view", "meeting", id, func(tx *Tx) error {
		regID, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		m, err := tx.visibleMeeting(op, v, id, false)
		if err != nil {
			return err
		}
		items, err := tx.meetingItems(op, v, *m)
		if err != nil {
			return err
		}
		subjects := meetingSubjects(*m)
		for _, it := range items {
			subjects = append(subjects, it.PersonID)
		}
		if err := tx.processedFor(op, procMeetingRead, regID, subjects...); err != nil {
			return err
		}
		view = &ga.MeetingView{Meeting: *m, Items: items}
		tx.Audit("meeting_view", "meeting", id, ga.ResultSuccess, "gegevens="+strconv.Itoa(len(items)))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return view, nil
}

// meetingVisible returns the condition under which the viewer may see the
// row of meetings aliased alias: the viewer may see its group
// (groupVisible), is a coordinator or works for an invited partner
// (ga.CanSeeMeeting), and may see every member the meeting is about
// (memberVisible). It is built from those predicates and adds no rule of
// its own about items or members.
func meetingVisible(v *viewer, alias string, args *[]any) string {
	if !v.content {
		return sqlFalse
	}
	var b strings.Builder
	b.WriteString("(" + groupVisible(v, alias+".group_id", args))
	if !v.coordinator {
		b.WriteString(" AND EXISTS (SELECT 1 FROM meeting_invitations vi WHERE vi.meeting_id = " + alias + ".id AND vi.partner_id = " +
			bind(args, v.partnerID) + ")")
	}
	b.WriteString(" AND NOT EXISTS (SELECT 1 FROM meeting_persons vp WHERE vp.meeting_id = " + alias + ".id AND NOT " +
		memberVisible(v, alias+".group_id", "vp.person_id", args) + "))")
	return b.String()
}

// organisedMeeting starts a change of a meeting by the coordinator: the
// casework preconditions, the meeting visible to the viewer (locked) with
// its group, and ga.CanOrganiseMeeting. It returns the register entry
// version for the processing log.
func (tx *Tx) organisedMeeting(op, id string) (string, *ga.Meeting, *ga.Group, error) {
	regID, v, err := tx.casework(op)
	if err != nil {
		return "", nil, nil, err
	}
	m, err := tx.visibleMeeting(op, v, id, true)
	if err != nil {
		return "", nil, nil, err
	}
	g, err := tx.visibleGroup(op, v, m.GroupID, false)
	if err != nil {
		return "", nil, nil, err
	}
	if err := ga.CanOrganiseMeeting(v.actor, *g); err != nil {
		return "", nil, nil, err
	}
	return regID, m, g, nil
}

// visibleMeeting loads one meeting the viewer may see, or ga.ErrNotFound.
func (tx *Tx) visibleMeeting(op string, v *viewer, id string, lock bool) (*ga.Meeting, error) {
	args := []any{id}
	q := `SELECT ` + meetingColumns + ` FROM meetings mt WHERE mt.id = $1 AND ` + meetingVisible(v, "mt", &args)
	if lock {
		q += tx.db.Dialect().ForUpdate()
	}
	m, err := scanMeeting(tx.crypt(), tx.QueryRow(q, args...))
	if err != nil {
		return nil, notFound(op, err)
	}
	if err := tx.loadMeetingDetails(op, []*ga.Meeting{m}); err != nil {
		return nil, err
	}
	return m, nil
}

// checkInvite asks ga.CanInvite whether the partner may be invited to
// meeting m, with the partner's involvement with each member the meeting is
// about (partnerInvolved: registered or derived).
func (tx *Tx) checkInvite(op string, m ga.Meeting, g ga.Group, partnerID string) error {
	involvedWith := map[string][]string{}
	if m.Kind == ga.MeetingIndividual && g.Participates(partnerID) {
		for _, p := range m.PersonIDs {
			ok, err := tx.partnerInvolved(op, g.ID, p, partnerID)
			if err != nil {
				return err
			}
			if ok {
				involvedWith[p] = []string{partnerID}
			}
		}
	}
	return ga.CanInvite(m, g, partnerID, involvedWith)
}

// currentVisibleMembers returns those of personIDs that are current
// members of the group and that the viewer may see as members.
func (tx *Tx) currentVisibleMembers(op string, v *viewer, groupID string, personIDs []string) ([]string, error) {
	var out []string
	for _, p := range personIDs {
		f, err := tx.memberFacts(op, v, groupID, p)
		if err != nil {
			return nil, err
		}
		if f.PersonIsMember && f.ActorSeesMember {
			out = append(out, p)
		}
	}
	return out, nil
}

// meetingItems returns the items of the meeting's group that the viewer may
// see, through the item predicate of visibleItems (itemVisible); for an
// individual meeting only those about the members it is about. They are
// ordered newest date first.
func (tx *Tx) meetingItems(op string, v *viewer, m ga.Meeting) ([]ga.Item, error) {
	filters := []ItemFilter{{GroupID: m.GroupID}}
	if m.Kind == ga.MeetingIndividual {
		filters = filters[:0]
		for _, p := range m.PersonIDs {
			filters = append(filters, ItemFilter{GroupID: m.GroupID, PersonID: p})
		}
	}
	var out []ga.Item
	for _, f := range filters {
		items, _, err := tx.visibleItems(op, v, f)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			out = append(out, it.Item)
		}
	}
	slices.SortStableFunc(out, func(a, b ga.Item) int {
		if c := strings.Compare(string(b.ConcernsDate), string(a.ConcernsDate)); c != 0 {
			return c
		}
		return b.CreatedAt.Compare(a.CreatedAt)
	})
	return out, nil
}

func scanMeeting(c crypt, s scanner) (*ga.Meeting, error) {
	var m ga.Meeting
	var kind, heldOn string
	if err := s.Scan(&m.ID, &m.GroupID, &kind, &heldOn, &m.Agenda, &m.Minutes, &m.Decisions, &m.CreatedBy, &m.CreatedAt, &m.UpdatedAt); err != nil {
		return nil, err
	}
	if err := c.open(meetingKeyID(m.GroupID, m.ID), "meetings", m.ID, col("agenda", &m.Agenda), col("minutes", &m.Minutes), col("decisions", &m.Decisions)); err != nil {
		return nil, err
	}
	m.Kind, m.HeldOn = ga.MeetingKind(kind), ga.Date(heldOn)
	m.CreatedAt, m.UpdatedAt = m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	return &m, nil
}

// scanMeetings scans rows of meetingColumns and loads their details.
func (tx *Tx) scanMeetings(op string, rows *sql.Rows) ([]ga.Meeting, error) {
	var ms []*ga.Meeting
	err := func() error {
		defer rows.Close()
		for rows.Next() {
			m, err := scanMeeting(tx.crypt(), rows)
			if err != nil {
				return err
			}
			ms = append(ms, m)
		}
		return rows.Err()
	}()
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	if err := tx.loadMeetingDetails(op, ms); err != nil {
		return nil, err
	}
	out := make([]ga.Meeting, len(ms))
	for i, m := range ms {
		out[i] = *m
	}
	return out, nil
}

// loadMeetingDetails sets the members, invitations and agreements of
// meetings the viewer may see, in three queries.
func (tx *Tx) loadMeetingDetails(op string, ms []*ga.Meeting) error {
	if len(ms) == 0 {
		return nil
	}
	byID := make(map[string]*ga.Meeting, len(ms))
	ids := make([]string, 0, len(ms))
	for _, m := range ms {
		byID[m.ID] = m
		ids = append(ids, m.ID)
	}
	var args []any
	in := placeholders(&args, ids)
	rows, err := tx.Query(`SELECT meeting_id, person_id FROM meeting_persons WHERE meeting_id IN (`+in+`) ORDER BY meeting_id, person_id`, args...)
	if err != nil {
		return ga.Wrap(op, err)
	}
	err = eachRow(rows, func() error {
		var mid, pid string
		if err := rows.Scan(&mid, &pid); err != nil {
			return err
		}
		byID[mid].PersonIDs = append(byID[mid].PersonIDs, pid)
		return nil
	})
	if err != nil {
		return ga.Wrap(op, err)
	}
	rows, err = tx.Query(`SELECT meeting_id, partner_id, attended FROM meeting_invitations WHERE meeting_id IN (`+in+`) ORDER BY meeting_id, partner_id`, args...)
	if err != nil {
		return ga.Wrap(op, err)
	}
	err = eachRow(rows, func() error {
		var mid string
		var inv ga.Invitation
		var attended sql.NullBool
		if err := rows.Scan(&mid, &inv.PartnerID, &attended); err != nil {
			return err
		}
		if attended.Valid {
			b := attended.Bool
			inv.Attended = &b
		}
		byID[mid].Invited = append(byID[mid].Invited, inv)
		return nil
	})
	if err != nil {
		return ga.Wrap(op, err)
	}
	rows, err = tx.Query(`SELECT `+agreementColumns+` FROM agreements a WHERE a.meeting_id IN (`+in+`) ORDER BY a.due_date, a.created_at, a.id`, args...)
	if err != nil {
		return ga.Wrap(op, err)
	}
	err = eachRow(rows, func() error {
		ag, err := scanAgreement(tx.crypt(), rows)
		if err != nil {
			return err
		}
		byID[ag.MeetingID].Agreements = append(byID[ag.MeetingID].Agreements, *ag)
		return nil
	})
	return ga.Wrap(op, err)
}

func scanAgreement(c crypt, s scanner) (*ga.Agreement, error) {
	var ag ga.Agreement
	var person sql.NullString
	var due, done string
	if err := s.Scan(&ag.ID, &ag.MeetingID, &ag.GroupID, &person, &ag.Description, &ag.ResponsiblePartnerID, &due, &done, &ag.CreatedAt); err != nil {
		return nil, err
	}
	ag.PersonID, ag.DueDate, ag.DoneOn, ag.CreatedAt = person.String, ga.Date(due), ga.Date(done), ag.CreatedAt.UTC()
	if err := c.open(ownedKeyID(ag.GroupID, ag.PersonID, "afspraak", ag.ID), "agreements", ag.ID, col("description", &ag.Description)); err != nil {
		return nil, err
	}
	return &ag, nil
}

// eachRow calls fn for every row and closes rows.
func eachRow(rows *sql.Rows, fn func() error) error {
	defer rows.Close()
	for rows.Next() {
		if err := fn(); err != nil {
			return err
		}
	}
	return rows.Err()
}

// meetingSubjects are the data subjects of a meeting's record: the members
// an individual meeting is about, and the members its agreements are
// about.
func meetingSubjects(m ga.Meeting) []string {
	out := slices.Clone(m.PersonIDs)
	for _, ag := range m.Agreements {
		out = append(out, ag.PersonID)
	}
	return out
}

// invitedList names the invited partners for the audit log.
func invitedList(invs []ga.Invitation) string {
	ids := make([]string, 0, len(invs))
	for _, i := range invs {
		ids = append(ids, i.PartnerID)
	}
	return strings.Join(ids, ",")
}

// dedupe returns the distinct non-empty values in their first order.
func dedupe(values []string) []string {
	var out []string
	for _, s := range values {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
