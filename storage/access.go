package storage

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/logbook"
)

// CompileAccessOverview compiles the answer to the access request caseID
// (covenant Art 6.1.2–6.1.5, GDPR Art 15): every item about the person
// across all partners and groups (deleted items have no content left and
// are not shown), each with its category, purpose, origin and the partners
// the logs record as having been shown or sent it; the person's
// memberships, the measures aimed at them and the meetings about them; and
// every partner that received or consulted the person's data according to
// the logs. Items withheld on a ground of Art 6.1.4 appear only as their
// ground and motivation.
//
// Every query starts from the person (items_person, memberships_person,
// measures_person, meeting_persons_person, agreements_person and the
// processing log's data-subject index), so compiling costs in proportion
// to the person's own data, not to the size of the database.
//
// Only handlers compile (ga.ErrForbidden otherwise), and only a privacy
// officer an overview with blocked items; a case that is not an
// access request, or one whose requester's identity is not recorded yet
// (ga.RightsCase.CheckAccessOverview), is KindConflict. The web's letter
// and JSON export and the API's overview and letter are all made from
// this one compilation, so they share the check. Compiling writes the processing line
// inzage_samenstellen for the person (and for the legal representative to
// whom the letter goes) and an audit line.
func (db *DB) CompileAccessOverview(ctx context.Context, caseID string) (*ga.AccessOverview, error) {
	const op = "storage.CompileAccessOverview"
	var out *ga.AccessOverview
	err := db.act(ctx, "access_compile", "rights_case", caseID, func(tx *Tx) error {
		reg, a, err := tx.rightsHandler(op)
		if err != nil {
			return err
		}
		c, err := tx.rightsCase(op, caseID, false)
		if err != nil {
			return err
		}
		// Nothing of the person's data is compiled, let alone given out,
		// before the requester's identity is recorded (GDPR Art 12(6)).
		if err := c.CheckAccessOverview(); err != nil {
			return err
		}
		s, err := tx.gateState(op)
		if err != nil {
			return err
		}
		o := &ga.AccessOverview{
			CaseID: caseID, CompiledAt: tx.Now(), ReceivedOn: c.ReceivedOn, Deadline: c.DueOn,
			Controller: s.Register.Controller, Purpose: s.Register.Purpose, LegalBasis: s.Register.LegalBasis, Retention: s.Register.Retention,
			Items: []ga.AccessItem{}, Withheld: []ga.AccessWithheld{}, Memberships: []ga.AccessMembership{},
			Measures: []ga.AccessMeasure{}, Meetings: []ga.AccessMeeting{}, Recipients: []ga.AccessReceipt{},
		}
		var dob string
		if err := tx.QueryRow(`SELECT name, date_of_birth, address FROM persons WHERE id = $1`, c.PersonID).
			Scan(&o.Person.Name, &dob, &o.Person.Address); err != nil {
			return ga.Wrap(op, err)
		}
		if err := tx.crypt().openPersonFields(c.PersonID, &o.Person.Name, &dob, &o.Person.Address); err != nil {
			return ga.Wrap(op, err)
		}
		o.Person.DateOfBirth = ga.Date(dob)
		o.Addressee = o.Person
		pseudonyms := []string{c.pseudonym}
		if c.RepresentativeID != "" {
			var ps string
			o.Addressee = ga.AccessPerson{}
			if err := tx.QueryRow(`SELECT name, relationship, address, pseudonym FROM representatives WHERE id = $1`, c.RepresentativeID).
				Scan(&o.Addressee.Name, &o.Addressee.Relationship, &o.Addressee.Address, &ps); err != nil {
				return ga.Wrap(op, err)
			}
			if err := tx.crypt().openRepresentativeFields(c.PersonID, c.RepresentativeID, &o.Addressee.Name, &o.Addressee.Address); err != nil {
				return ga.Wrap(op, err)
			}
			pseudonyms = append(pseudonyms, ps)
		}
		partners, err := tx.partnerNames(op)
		if err != nil {
			return err
		}
		if err := tx.accessItems(op, o, c, partners); err != nil {
			return err
		}
		// Blocked items (GDPR Art 18) are seen by a privacy officer handling
		// a request only (SPEC §3); the coordinator leaves such an overview
		// to the privacy officer.
		if !a.Has(ga.RolePrivacyOfficer) && slices.ContainsFunc(o.Items, func(it ga.AccessItem) bool { return it.Status == ga.ItemBlocked }) {
			return ga.E(ga.KindForbidden, op, "Dit overzicht bevat afgeschermde gegevens; alleen een privacyfunctionaris stelt het samen.")
		}
		if err := tx.accessRecipients(op, o, c.pseudonym, partners); err != nil {
			return err
		}
		if err := tx.accessCasework(op, o, c.PersonID, partners); err != nil {
			return err
		}
		out = o
		tx.processed(ga.ProcAccessCompile, reg, pseudonyms...)
		tx.Audit("access_compile", "rights_case", caseID, ga.ResultSuccess,
			fmt.Sprintf("gegevens=%d; geweigerd=%d", len(o.Items), len(o.Withheld)))
		return nil
	})
	return out, err
}

// partnerNames maps every partner's id to its name.
func (tx *Tx) partnerNames(op string) (map[string]string, error) {
	rows, err := tx.Query(`SELECT id, name FROM partners`)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, ga.Wrap(op, err)
		}
		out[id] = name
	}
	return out, ga.Wrap(op, rows.Err())
}

// accessItems adds the person's items, withheld ones as ground and
// motivation only.
func (tx *Tx) accessItems(op string, o *ga.AccessOverview, c *storedCase, partners map[string]string) error {
	withheld := map[string]ga.Withholding{}
	for _, w := range c.Withholdings {
		withheld[w.ItemID] = w
	}
	rows, err := tx.Query(`SELECT i.id, g.name, i.category, i.special, i.criminal, i.content, i.concerns_date, i.status,
			i.legal_ground, i.source_partner_id, i.group_id
		FROM items i JOIN groups g ON g.id = i.group_id
		WHERE i.person_id = $1 AND i.status <> $2 ORDER BY i.concerns_date, i.created_at, i.id`, c.PersonID, statusDeleted)
	if err != nil {
		return ga.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var it ga.AccessItem
		var date, status, source, groupID string
		if err := rows.Scan(&it.ID, &it.Group, &it.Category, &it.Special, &it.Criminal, &it.Content, &date, &status,
			&it.LegalGround, &source, &groupID); err != nil {
			return ga.Wrap(op, err)
		}
		if err := tx.crypt().openPersonItem(c.PersonID, groupID, it.ID, &it.Content); err != nil {
			return ga.Wrap(op, err)
		}
		if w, ok := withheld[it.ID]; ok {
			o.Withheld = append(o.Withheld, ga.AccessWithheld{Ground: w.Ground, GroundLabel: w.Ground.Label(), Motivation: w.Motivation})
			continue
		}
		it.ConcernsDate, it.Status, it.Source = ga.Date(date), ga.ItemStatus(status), partners[source]
		it.Purpose = o.Purpose
		it.Recipients = []ga.AccessReceipt{}
		o.Items = append(o.Items, it)
	}
	return ga.Wrap(op, rows.Err())
}

// accessRecipients reads, from the logs, who received the person's data:
// the processing log's lines about the person (by pseudonym) and, through
// their trace id, the audit lines naming the partner that acted. Every line
// adds the partner to the overview's recipients. An item's own recipients
// come only from the lines that named that item: a read of it
// (item_read with its processing line gegeven_raadplegen) adds the reading
// partner, an explicit share (item_share with gegeven_delen) the partner it
// was sent to — never the item's source. Other lines of the same trace,
// such as a read of another item of the person, a list or a handler's
// correction, do not make a partner a recipient of the item.
func (tx *Tx) accessRecipients(op string, o *ga.AccessOverview, pseudonym string, partners map[string]string) error {
	// The audit lines are found from the person's lines (log_entries_subject)
	// by trace id (log_entries_trace), so that the cost follows the person's
	// lines, not the size of the log. The query names no log for them: a
	// term on a.log would let a planner reach them through an index led by
	// log — on SQLite the primary key (log, idx), a scan of the whole audit
	// log in the order of the ORDER BY; on PostgreSQL without fresh
	// statistics a bitmap of every audit line ANDed with the trace's. A
	// processing line has no result and no partner, so the terms on those
	// keep audit lines only; the log read back makes sure.
	//
	// Only a share's audit record is read (its detail names the partner
	// the item was sent to), and of each processing record only its name
	// (logbook.ProcessingName), not the whole record decoded and
	// re-encoded: the time per line of a person's history was mostly
	// decoding.
	rows, err := tx.Query(`SELECT a.log, a.partner_id, a.event_time, a.action, a.object_type, a.object_id,
			CASE WHEN a.action = 'item_share' THEN a.record END, p.record
		FROM log_entries p JOIN log_entries a ON a.trace_id = p.trace_id
		WHERE p.log = 'processing' AND p.data_subject_id = $1 AND a.result = $2 AND a.partner_id <> ''
		ORDER BY a.idx, p.idx`, pseudonym, string(ga.ResultSuccess))
	if err != nil {
		return ga.Wrap(op, err)
	}
	defer rows.Close()
	items := map[string]int{}
	sources := map[string]string{}
	for i, it := range o.Items {
		items[it.ID] = i
		sources[it.ID] = it.Source
	}
	type key struct{ partner, date, what, item string }
	seen := map[key]bool{}
	for rows.Next() {
		var log, partnerID, action, objType, objID string
		var at time.Time
		var auditRecord, record []byte
		if err := rows.Scan(&log, &partnerID, &at, &action, &objType, &objID, &auditRecord, &record); err != nil {
			return ga.Wrap(op, err)
		}
		if log != "audit" {
			continue
		}
		procName, err := logbook.ProcessingName(record)
		if err != nil {
			return ga.Wrap(op, err)
		}
		name := partners[partnerID]
		r := ga.AccessReceipt{Partner: name, Date: ga.DateOf(at), What: ga.ProcessingLabel(procName)}
		if k := (key{name, string(r.Date), r.What, ""}); !seen[k] {
			seen[k] = true
			o.Recipients = append(o.Recipients, r)
		}
		i, ok := items[objID]
		if !ok || objType != "item" {
			continue
		}
		switch {
		case action == "item_read" && procName == procItemRead:
		case action == "item_share" && procName == procItemShare:
			ar, err := logbook.DecodeAudit(auditRecord)
			if err != nil {
				return ga.Wrap(op, err)
			}
			to, found := strings.CutPrefix(ar.Detail, "partner=")
			if !found {
				continue
			}
			r.Partner = partners[to]
		default:
			continue
		}
		if r.Partner == "" || sources[objID] == r.Partner {
			continue
		}
		if k := (key{r.Partner, string(r.Date), r.What, objID}); !seen[k] {
			seen[k] = true
			o.Items[i].Recipients = append(o.Items[i].Recipients, r)
		}
	}
	return ga.Wrap(op, rows.Err())
}

// Processing-log names of the lines that name one item to a partner.
const (
	procItemRead  = "gegeven_raadplegen"
	procItemShare = "gegeven_delen"
)

// accessCasework adds the person's memberships, the measures aimed at them
// and the meetings about them with the agreements made about them.
func (tx *Tx) accessCasework(op string, o *ga.AccessOverview, personID string, partners map[string]string) error {
	rows, err := tx.Query(`SELECT g.name, g.area, m.role, m.start_date, m.end_date FROM memberships m JOIN groups g ON g.id = m.group_id
		WHERE m.person_id = $1 ORDER BY m.start_date, m.id`, personID)
	if err != nil {
		return ga.Wrap(op, err)
	}
	for rows.Next() {
		var m ga.AccessMembership
		var role, start, end string
		if err := rows.Scan(&m.Group, &m.Area, &role, &start, &end); err != nil {
			rows.Close()
			return ga.Wrap(op, err)
		}
		m.Role, m.Start, m.End = ga.MembershipRole(role), ga.Date(start), ga.Date(end)
		o.Memberships = append(o.Memberships, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return ga.Wrap(op, err)
	}

	rows, err = tx.Query(`SELECT g.name, m.kind, m.description, m.responsible_partner_id, m.status, m.start_date, m.id, m.group_id
		FROM measures m JOIN groups g ON g.id = m.group_id WHERE m.person_id = $1 ORDER BY m.start_date, m.id`, personID)
	if err != nil {
		return ga.Wrap(op, err)
	}
	for rows.Next() {
		var m ga.AccessMeasure
		var partner, start, id, groupID string
		if err := rows.Scan(&m.Group, &m.Kind, &m.Description, &partner, &m.Status, &start, &id, &groupID); err != nil {
			rows.Close()
			return ga.Wrap(op, err)
		}
		if err := tx.crypt().open(ownedKeyID(groupID, personID, "maatregel", id), "measures", id, col("description", &m.Description)); err != nil {
			rows.Close()
			return ga.Wrap(op, err)
		}
		m.Responsible, m.Start = partners[partner], ga.Date(start)
		o.Measures = append(o.Measures, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return ga.Wrap(op, err)
	}

	rows, err = tx.Query(`SELECT mt.id, g.name, mt.held_on, mt.kind FROM meeting_persons mp JOIN meetings mt ON mt.id = mp.meeting_id
		JOIN groups g ON g.id = mt.group_id WHERE mp.person_id = $1 ORDER BY mt.held_on, mt.id`, personID)
	if err != nil {
		return ga.Wrap(op, err)
	}
	var ids []string
	index := map[string]int{}
	for rows.Next() {
		var id, held string
		var m ga.AccessMeeting
		if err := rows.Scan(&id, &m.Group, &held, &m.Kind); err != nil {
			rows.Close()
			return ga.Wrap(op, err)
		}
		m.Date, m.Partners = ga.Date(held), []string{}
		index[id] = len(o.Meetings)
		ids = append(ids, id)
		o.Meetings = append(o.Meetings, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return ga.Wrap(op, err)
	}
	if len(ids) > 0 {
		var args []any
		var ps []string
		for _, id := range ids {
			ps = append(ps, bind(&args, id))
		}
		rows, err = tx.Query(`SELECT meeting_id, partner_id FROM meeting_invitations WHERE meeting_id IN (`+strings.Join(ps, ", ")+`)
			ORDER BY meeting_id, partner_id`, args...)
		if err != nil {
			return ga.Wrap(op, err)
		}
		for rows.Next() {
			var mid, pid string
			if err := rows.Scan(&mid, &pid); err != nil {
				rows.Close()
				return ga.Wrap(op, err)
			}
			m := &o.Meetings[index[mid]]
			m.Partners = append(m.Partners, partners[pid])
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return ga.Wrap(op, err)
		}
		for i := range o.Meetings {
			slices.Sort(o.Meetings[i].Partners)
		}
	}
	rows, err = tx.Query(`SELECT a.meeting_id, a.description, a.responsible_partner_id, a.due_date, a.id, a.group_id FROM agreements a
		WHERE a.person_id = $1 ORDER BY a.due_date, a.id`, personID)
	if err != nil {
		return ga.Wrap(op, err)
	}
	type agreement struct{ meeting, text string }
	var agreements []agreement
	for rows.Next() {
		var mid, desc, pid, due, id, groupID string
		if err := rows.Scan(&mid, &desc, &pid, &due, &id, &groupID); err != nil {
			rows.Close()
			return ga.Wrap(op, err)
		}
		if err := tx.crypt().open(ownedKeyID(groupID, personID, "afspraak", id), "agreements", id, col("description", &desc)); err != nil {
			rows.Close()
			return ga.Wrap(op, err)
		}
		agreements = append(agreements, agreement{mid, desc + " (" + partners[pid] + ", uiterlijk " + ga.Date(due).Dutch() + ")"})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return ga.Wrap(op, err)
	}
	for _, a := range agreements {
		if i, ok := index[a.meeting]; ok {
			o.Meetings[i].Agreements = append(o.Meetings[i].Agreements, a.text)
			continue
		}
		// An agreement about the person made in a group meeting.
		var m ga.AccessMeeting
		var held string
		if err := tx.QueryRow(`SELECT g.name, mt.held_on, mt.kind FROM meetings mt JOIN groups g ON g.id = mt.group_id WHERE mt.id = $1`, a.meeting).
			Scan(&m.Group, &held, &m.Kind); err != nil {
			return ga.Wrap(op, err)
		}
		m.Date, m.Partners, m.Agreements = ga.Date(held), []string{}, []string{a.text}
		index[a.meeting] = len(o.Meetings)
		o.Meetings = append(o.Meetings, m)
	}
	return nil
}
