package e2e

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// The oracle: the raw rows of the database, read with plain SQL (never
// through storage's methods or its visibility predicate), and what the
// domain's pure policy says each user may see of them.

// world is every row of the casework, as stored.
type world struct {
	version  int
	terms    ga.CovenantTerms
	partners map[string]ga.Partner
	// partnerKeys name partners in reports: their kind.
	groups      []*ga.Group
	groupByID   map[string]*ga.Group
	transitions map[string]int
	plans       map[string]*ga.Plan
	persons     []*ga.Person
	personByID  map[string]*ga.Person
	pseudonym   map[string]string // person id → pseudonym
	memberships []ga.Membership
	// registered is the coordinator's registered involvements that have
	// not ended: group|person|partner.
	registered map[string]bool
	// reasons are the reasons of the registered involvements, the same
	// keys.
	reasons map[string]string
	// groupTexts are the texts of a group approach beside its name and
	// plan: the driehoek's motivation and the reasons of its steps.
	groupTexts map[string][]string
	items      []*ga.Item
	itemByID   map[string]*ga.Item
	measures   []*ga.Measure
	meetings   []*ga.Meeting
	meetingBy  map[string]*ga.Meeting
	agreements []ga.Agreement
}

func key3(a, b, c string) string { return a + "|" + b + "|" + c }

// loadWorld reads the casework rows with plain SQL, decrypting the
// encrypted columns (storage.DB.OpenColumn) as the oracle's model needs
// them in clear text.
func loadWorld(t *testing.T, sdb *storage.DB) *world {
	t.Helper()
	db := sdb.SQL()
	open := func(table, column, rowID string, v *string) {
		t.Helper()
		s, err := sdb.OpenColumn(context.Background(), table, column, rowID, *v)
		if err != nil {
			t.Fatalf("decrypt %s.%s: %v", table, column, err)
		}
		*v = s
	}
	w := &world{partners: map[string]ga.Partner{}, groupByID: map[string]*ga.Group{}, transitions: map[string]int{},
		plans: map[string]*ga.Plan{}, personByID: map[string]*ga.Person{}, pseudonym: map[string]string{},
		registered: map[string]bool{}, reasons: map[string]string{}, groupTexts: map[string][]string{}, itemByID: map[string]*ga.Item{}, meetingBy: map[string]*ga.Meeting{}}
	query := func(q string, scan func(*sql.Rows) error) {
		t.Helper()
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}

	var terms string
	if err := db.QueryRow(`SELECT version, terms FROM covenants`).Scan(&w.version, &terms); err != nil {
		t.Fatalf("covenant: %v", err)
	}
	if err := json.Unmarshal([]byte(terms), &w.terms); err != nil {
		t.Fatalf("covenant terms: %v", err)
	}
	query(`SELECT id, name, kind FROM partners`, func(r *sql.Rows) error {
		var p ga.Partner
		var kind string
		err := r.Scan(&p.ID, &p.Name, &kind)
		p.Kind = ga.PartnerKind(kind)
		w.partners[p.ID] = p
		return err
	})

	query(`SELECT id, name, area, form, step, problematic, created_by_partner, decided_on, approach_starts, exchange_authorised, closed_at
		FROM groups ORDER BY name, id`, func(r *sql.Rows) error {
		g := &ga.Group{}
		var form, step, decidedOn string
		var problematic sql.NullBool
		var starts, exchange bool
		var closed sql.NullTime
		if err := r.Scan(&g.ID, &g.Name, &g.Area, &form, &step, &problematic, &g.CreatedBy, &decidedOn, &starts, &exchange, &closed); err != nil {
			return err
		}
		g.Form, g.Step = ga.GroupForm(form), ga.Step(step)
		if problematic.Valid {
			b := problematic.Bool
			g.Problematic = &b
		}
		if decidedOn != "" {
			g.Decision = &ga.TriangleDecision{DecidedOn: ga.Date(decidedOn), ApproachStarts: starts, ExchangeAuthorised: exchange}
		}
		if closed.Valid {
			c := closed.Time
			g.ClosedAt = &c
		}
		w.groups = append(w.groups, g)
		w.groupByID[g.ID] = g
		return nil
	})
	query(`SELECT group_id, partner_id FROM group_participants ORDER BY group_id, partner_id`, func(r *sql.Rows) error {
		var g, p string
		if err := r.Scan(&g, &p); err != nil {
			return err
		}
		w.groupByID[g].Participants = append(w.groupByID[g].Participants, p)
		return nil
	})
	query(`SELECT group_id, reason FROM group_transitions`, func(r *sql.Rows) error {
		var g, reason string
		err := r.Scan(&g, &reason)
		w.transitions[g]++
		w.groupTexts[g] = append(w.groupTexts[g], reason)
		return err
	})
	query(`SELECT id, decision_motivation, close_reason, evaluation FROM groups`, func(r *sql.Rows) error {
		var g, motivation, closeReason, evaluation string
		err := r.Scan(&g, &motivation, &closeReason, &evaluation)
		w.groupTexts[g] = append(w.groupTexts[g], motivation, closeReason, evaluation)
		return err
	})
	query(`SELECT group_id, analysis, goals, adopted_on FROM plans`, func(r *sql.Rows) error {
		p := &ga.Plan{}
		var adopted string
		err := r.Scan(&p.GroupID, &p.Analysis, &p.Goals, &adopted)
		p.AdoptedOn = ga.Date(adopted)
		w.plans[p.GroupID] = p
		return err
	})

	query(`SELECT id, pseudonym, name, date_of_birth, address, bsn, bsn_legal_ground, source_partner_id FROM persons ORDER BY id`, func(r *sql.Rows) error {
		p := &ga.Person{}
		var ps, dob string
		if err := r.Scan(&p.ID, &ps, &p.Name, &dob, &p.Address, &p.BSN, &p.BSNLegalGround, &p.SourcePartnerID); err != nil {
			return err
		}
		open("persons", "name", p.ID, &p.Name)
		open("persons", "date_of_birth", p.ID, &dob)
		open("persons", "address", p.ID, &p.Address)
		open("persons", "bsn", p.ID, &p.BSN)
		p.DateOfBirth = ga.Date(dob)
		w.persons = append(w.persons, p)
		w.personByID[p.ID] = p
		w.pseudonym[p.ID] = ps
		return nil
	})
	// By name, sorted here: the names are encrypted in the database.
	slices.SortFunc(w.persons, func(a, b *ga.Person) int { return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID)) })
	query(`SELECT id, person_id, name, relationship, address FROM representatives ORDER BY person_id, id`, func(r *sql.Rows) error {
		var rep ga.Representative
		var person string
		if err := r.Scan(&rep.ID, &person, &rep.Name, &rep.Relationship, &rep.Address); err != nil {
			return err
		}
		open("representatives", "name", rep.ID, &rep.Name)
		open("representatives", "address", rep.ID, &rep.Address)
		w.personByID[person].Representatives = append(w.personByID[person].Representatives, rep)
		return nil
	})
	for _, p := range w.persons {
		slices.SortFunc(p.Representatives, func(a, b ga.Representative) int {
			return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
		})
	}
	query(`SELECT id, group_id, person_id, role, start_date, end_date FROM memberships ORDER BY group_id, person_id, start_date, id`, func(r *sql.Rows) error {
		var m ga.Membership
		var role, start, end string
		err := r.Scan(&m.ID, &m.GroupID, &m.PersonID, &role, &start, &end)
		m.Role, m.Start, m.End = ga.MembershipRole(role), ga.Date(start), ga.Date(end)
		w.memberships = append(w.memberships, m)
		return err
	})
	query(`SELECT group_id, person_id, partner_id, reason FROM involvements WHERE ended_at IS NULL`, func(r *sql.Rows) error {
		var g, p, pt, reason string
		err := r.Scan(&g, &p, &pt, &reason)
		open("involvements", "reason", g+"/"+p+"/"+pt, &reason)
		w.registered[key3(g, p, pt)] = true
		w.reasons[key3(g, p, pt)] = reason
		return err
	})

	query(`SELECT id, group_id, person_id, source_partner_id, category, special, criminal, legal_ground, necessity, content, concerns_date, status
		FROM items ORDER BY id`, func(r *sql.Rows) error {
		it := &ga.Item{}
		var person sql.NullString
		var date, status string
		if err := r.Scan(&it.ID, &it.GroupID, &person, &it.SourcePartnerID, &it.Category, &it.Special, &it.Criminal,
			&it.LegalGround, &it.Necessity, &it.Content, &date, &status); err != nil {
			return err
		}
		it.PersonID, it.ConcernsDate, it.Status = person.String, ga.Date(date), ga.ItemStatus(status)
		open("items", "content", it.ID, &it.Content)
		w.items = append(w.items, it)
		w.itemByID[it.ID] = it
		return nil
	})
	query(`SELECT item_id, partner_id FROM item_shares ORDER BY item_id, partner_id`, func(r *sql.Rows) error {
		var i, p string
		if err := r.Scan(&i, &p); err != nil {
			return err
		}
		w.itemByID[i].SharedWith = append(w.itemByID[i].SharedWith, p)
		return nil
	})

	query(`SELECT id, group_id, person_id, kind, description, responsible_partner_id, status, start_date, review_date, result
		FROM measures ORDER BY start_date, id`, func(r *sql.Rows) error {
		m := &ga.Measure{}
		var person sql.NullString
		var kind, status, start, review string
		if err := r.Scan(&m.ID, &m.GroupID, &person, &kind, &m.Description, &m.ResponsiblePartnerID, &status, &start, &review, &m.Result); err != nil {
			return err
		}
		m.PersonID, m.Kind, m.Status, m.Start, m.ReviewDate = person.String, ga.MeasureKind(kind), ga.MeasureStatus(status), ga.Date(start), ga.Date(review)
		open("measures", "description", m.ID, &m.Description)
		open("measures", "result", m.ID, &m.Result)
		w.measures = append(w.measures, m)
		return nil
	})

	query(`SELECT id, group_id, kind, held_on, agenda, minutes, decisions FROM meetings ORDER BY held_on, id`, func(r *sql.Rows) error {
		m := &ga.Meeting{}
		var kind, held string
		err := r.Scan(&m.ID, &m.GroupID, &kind, &held, &m.Agenda, &m.Minutes, &m.Decisions)
		if err == nil {
			open("meetings", "agenda", m.ID, &m.Agenda)
			open("meetings", "minutes", m.ID, &m.Minutes)
			open("meetings", "decisions", m.ID, &m.Decisions)
		}
		m.Kind, m.HeldOn = ga.MeetingKind(kind), ga.Date(held)
		w.meetings = append(w.meetings, m)
		w.meetingBy[m.ID] = m
		return err
	})
	query(`SELECT meeting_id, person_id FROM meeting_persons ORDER BY meeting_id, person_id`, func(r *sql.Rows) error {
		var m, p string
		err := r.Scan(&m, &p)
		w.meetingBy[m].PersonIDs = append(w.meetingBy[m].PersonIDs, p)
		return err
	})
	query(`SELECT meeting_id, partner_id, attended FROM meeting_invitations ORDER BY meeting_id, partner_id`, func(r *sql.Rows) error {
		var m string
		var inv ga.Invitation
		var attended sql.NullBool
		if err := r.Scan(&m, &inv.PartnerID, &attended); err != nil {
			return err
		}
		if attended.Valid {
			b := attended.Bool
			inv.Attended = &b
		}
		w.meetingBy[m].Invited = append(w.meetingBy[m].Invited, inv)
		return nil
	})
	query(`SELECT id, meeting_id, group_id, person_id, description, responsible_partner_id, due_date, done_on FROM agreements ORDER BY due_date, id`, func(r *sql.Rows) error {
		var ag ga.Agreement
		var person sql.NullString
		var due, done string
		if err := r.Scan(&ag.ID, &ag.MeetingID, &ag.GroupID, &person, &ag.Description, &ag.ResponsiblePartnerID, &due, &done); err != nil {
			return err
		}
		ag.PersonID, ag.DueDate, ag.DoneOn = person.String, ga.Date(due), ga.Date(done)
		open("agreements", "description", ag.ID, &ag.Description)
		w.meetingBy[ag.MeetingID].Agreements = append(w.meetingBy[ag.MeetingID].Agreements, ag)
		w.agreements = append(w.agreements, ag)
		return nil
	})
	return w
}

// actorFromRows builds the policy's actor of a user from its raw row: its
// partner and the partner's kind, and its roles.
func actorFromRows(t *testing.T, db *sql.DB, w *world, userID string) *ga.Actor {
	t.Helper()
	a := &ga.Actor{UserID: userID}
	var roles string
	if err := db.QueryRow(`SELECT email, name, partner_id, roles FROM users WHERE id = '`+userID+`'`).Scan(&a.Email, &a.Name, &a.PartnerID, &roles); err != nil {
		t.Fatalf("user %s: %v", userID, err)
	}
	for r := range strings.SplitSeq(roles, ",") {
		if r != "" {
			a.Roles = append(a.Roles, ga.Role(r))
		}
	}
	a.PartnerKind = w.partners[a.PartnerID].Kind
	return a
}

// view is what the policy lets one user see of the world at instant now.
type view struct {
	w   *world
	a   *ga.Actor
	now time.Time

	groups   map[string]bool
	members  map[string]bool // membership ids
	persons  map[string]bool
	items    map[string]bool
	measures map[string]bool
	meetings map[string]bool
}

// canSeeGroup is ga.CanSeeGroup: the rule for a group itself (name, area,
// step, decision, participants, plan, measures aimed at the group; not
// personal data of members): every coordinator sees every group, any other
// user the groups in whose approach its partner takes part, and admins and
// auditors none.
func canSeeGroup(a *ga.Actor, g *ga.Group) bool { return ga.CanSeeGroup(a, *g) }

// involved reports whether the partner is involved with the person in the
// group approach (SPEC §3): the coordinator registered it with a reason
// (and did not end it), or it is derived.
func (w *world) involved(partnerID, groupID, personID string) bool {
	return w.registered[key3(groupID, personID, partnerID)] || w.derived(partnerID, groupID, personID)
}

// derived reports whether the partner's involvement with the person in the
// group approach follows from its own work (SPEC §3): it contributed an
// item about the person in this approach (one that still exists: not
// verwijderd), or it carries a measure for them.
func (w *world) derived(partnerID, groupID, personID string) bool {
	for _, it := range w.items {
		if it.SourcePartnerID == partnerID && it.GroupID == groupID && it.PersonID == personID && it.Status != ga.ItemDeleted {
			return true
		}
	}
	for _, m := range w.measures {
		if m.ResponsiblePartnerID == partnerID && m.GroupID == groupID && m.PersonID == personID {
			return true
		}
	}
	return false
}

// canSeeMember is ga.CanSeeMember for the person in the group.
func (v *view) canSeeMember(groupID, personID string) bool {
	g, p := v.w.groupByID[groupID], v.w.personByID[personID]
	if g == nil || p == nil {
		return false
	}
	return ga.CanSeeMember(v.a, *p, *g, v.w.terms, v.now).Allowed
}

// canSeeItem is ga.CanSeeItem with its context from the raw rows.
func (v *view) canSeeItem(it *ga.Item) bool {
	g := v.w.groupByID[it.GroupID]
	c := ga.ItemContext{Group: *g, Terms: v.w.terms, Now: v.now,
		Involved: it.PersonID != "" && v.w.involved(v.a.PartnerID, it.GroupID, it.PersonID)}
	return ga.CanSeeItem(v.a, *it, c).Allowed
}

// canSeeMeasure is ga.CanSeeMeasure with its context from the raw rows: the
// viewer's partner's involvement with the person (registered, or derived
// from its items and from the measures it carries — not from what it may
// see).
func (v *view) canSeeMeasure(m *ga.Measure) bool {
	g := v.w.groupByID[m.GroupID]
	c := ga.MeasureContext{Group: *g, Terms: v.w.terms, Now: v.now,
		Involved: m.PersonID != "" && v.w.involved(v.a.PartnerID, m.GroupID, m.PersonID)}
	return ga.CanSeeMeasure(v.a, *m, c).Allowed
}

// newView applies the policy to every object of the world.
func newView(w *world, a *ga.Actor, now time.Time) *view {
	v := &view{w: w, a: a, now: now, groups: map[string]bool{}, members: map[string]bool{}, persons: map[string]bool{},
		items: map[string]bool{}, measures: map[string]bool{}, meetings: map[string]bool{}}
	for _, g := range w.groups {
		v.groups[g.ID] = canSeeGroup(a, g)
	}
	for _, m := range w.memberships {
		if v.canSeeMember(m.GroupID, m.PersonID) {
			v.members[m.ID] = true
			// A person is seen through at least one group of which it is
			// a member (need-to-know is judged per group approach).
			v.persons[m.PersonID] = true
		}
	}
	for _, it := range w.items {
		v.items[it.ID] = v.canSeeItem(it)
	}
	for _, m := range w.measures {
		v.measures[m.ID] = v.canSeeMeasure(m)
	}
	for _, m := range w.meetings {
		// A meeting of a group the viewer sees, which the viewer may see
		// (ga.CanSeeMeeting: coordinator or invited partner), and whose
		// members (personal data: agenda, minutes and decisions are about
		// them) the viewer may see.
		ok := v.groups[m.GroupID] && ga.CanSeeMeeting(a, *m)
		for _, p := range m.PersonIDs {
			ok = ok && v.canSeeMember(m.GroupID, p)
		}
		v.meetings[m.ID] = ok
	}
	return v
}

// meetingItems are the items a meeting shows this viewer (ga.MeetingView):
// the items of the group the viewer may see, and of an individual meeting
// only those about the members it is about.
func (v *view) meetingItems(m *ga.Meeting) []string {
	var out []string
	for _, it := range v.w.items {
		if it.GroupID != m.GroupID || !v.items[it.ID] {
			continue
		}
		if m.Kind == ga.MeetingIndividual && !slices.Contains(m.PersonIDs, it.PersonID) {
			continue
		}
		out = append(out, it.ID)
	}
	return out
}

// visibleItems are the items the viewer may see that match the filter of
// POST /gegevens/_zoek: group, person, and a term in category or content
// (ignoring case).
func (v *view) visibleItems(groupID, personID, term string) []string {
	q := strings.ToLower(strings.TrimSpace(term))
	var out []string
	for _, it := range v.w.items {
		if !v.items[it.ID] || groupID != "" && it.GroupID != groupID || personID != "" && it.PersonID != personID {
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(it.Category), q) && !strings.Contains(strings.ToLower(it.Content), q) {
			continue
		}
		out = append(out, it.ID)
	}
	return out
}

// groupMembers are the memberships of a group the viewer may see.
func (v *view) groupMembers(groupID string) []string {
	var out []string
	for _, m := range v.w.memberships {
		if m.GroupID == groupID && v.members[m.ID] {
			out = append(out, m.ID)
		}
	}
	return out
}

// personMemberships are the memberships of a person the viewer may see.
func (v *view) personMemberships(personID string) []string {
	var out []string
	for _, m := range v.w.memberships {
		if m.PersonID == personID && v.members[m.ID] {
			out = append(out, m.ID)
		}
	}
	return out
}

// isMember reports whether the person has a membership of the group.
func (w *world) isMember(groupID, personID string) bool {
	return slices.ContainsFunc(w.memberships, func(m ga.Membership) bool { return m.GroupID == groupID && m.PersonID == personID })
}

// involvements are the partners involved with a member as the viewer sees
// them (GET …/leden/{persoonId}/betrokkenheden): a coordinator every
// involved partner, any other viewer only its own partner's involvement.
// Each is "partner id|registered|derived".
func (v *view) involvements(groupID, personID string) []string {
	var out []string
	for id := range v.w.partners {
		if !v.a.Has(ga.RoleCoordinator) && id != v.a.PartnerID {
			continue
		}
		registered := v.w.registered[key3(groupID, personID, id)]
		derived := v.w.derived(id, groupID, personID)
		if registered || derived {
			out = append(out, involvementKey(id, registered, derived))
		}
	}
	sort.Strings(out)
	return out
}

func involvementKey(partnerID string, registered, derived bool) string {
	s := partnerID + "|"
	if registered {
		s += "geregistreerd"
	}
	s += "|"
	if derived {
		s += "afgeleid"
	}
	return s
}

// groupMeasures are the measures of a group the viewer may see.
func (v *view) groupMeasures(groupID string) []string {
	var out []string
	for _, m := range v.w.measures {
		if m.GroupID == groupID && v.measures[m.ID] {
			out = append(out, m.ID)
		}
	}
	return out
}

// overdueReviews are the measures the viewer may see, in open approaches,
// whose review is overdue (ga.Measure.ReviewOverdue).
func (v *view) overdueReviews() []string {
	var out []string
	for _, m := range v.w.measures {
		if v.measures[m.ID] && m.ReviewOverdue(v.now) && v.w.groupByID[m.GroupID].Step != ga.StepClosed {
			out = append(out, m.ID)
		}
	}
	return out
}

// groupMeetings are the meetings of a group the viewer may see.
func (v *view) groupMeetings(groupID string) []string {
	var out []string
	for _, m := range v.w.meetings {
		if m.GroupID == groupID && v.meetings[m.ID] {
			out = append(out, m.ID)
		}
	}
	return out
}

// monitoring recomputes a group's monitoring with ga.ComputeMonitoring from
// what the viewer may see: the memberships of members it may see, the
// measures it may see and the agreements of the meetings it may see.
func (v *view) monitoring(groupID string, now time.Time) ga.Monitoring {
	var ms []ga.Membership
	for _, m := range v.w.memberships {
		if m.GroupID == groupID && v.members[m.ID] {
			ms = append(ms, m)
		}
	}
	var measures []ga.Measure
	for _, m := range v.w.measures {
		if m.GroupID == groupID && v.measures[m.ID] {
			measures = append(measures, *m)
		}
	}
	var ags []ga.Agreement
	for _, m := range v.w.meetings {
		if m.GroupID == groupID && v.meetings[m.ID] {
			ags = append(ags, m.Agreements...)
		}
	}
	return ga.ComputeMonitoring(groupID, ms, measures, ags, now)
}

// personsNamed are the persons the viewer may see whose name contains the
// term, ignoring case (POST /personen/_zoek).
func (v *view) personsNamed(term string) []string {
	q := strings.ToLower(strings.TrimSpace(term))
	var out []string
	for _, p := range v.w.persons {
		if v.persons[p.ID] && (q == "" || strings.Contains(strings.ToLower(p.Name), q)) {
			out = append(out, p.ID)
		}
	}
	return out
}

// unknownID returns a fresh identifier that names nothing.
func unknownID() string { return storage.NewID() }
