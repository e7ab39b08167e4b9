package storage

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Notification of members after the driehoek's decision (covenant Art
// 6.1.1, GDPR Art 13/14; ga.Notification). The list of addressees is
// derived from the group's memberships and the members' legal
// representatives; a row in notifications records a letter sent or a
// deferral. Only handlers (ga.CanHandleRightsCases) work with it.

// NotificationKey names one addressee: a member of a group, or (with
// RepresentativeID) one of the member's legal representatives.
type NotificationKey struct {
	GroupID          string `json:"groepId"`
	PersonID         string `json:"persoonId"`
	RepresentativeID string `json:"vertegenwoordigerId,omitempty"`
}

// notificationGroup returns the group with its decision, or KindConflict
// while the driehoek has not authorised the exchange of personal data.
func (tx *Tx) notificationGroup(op, groupID string) (*ga.Group, ga.CovenantTerms, error) {
	g, err := scanGroup(tx.QueryRow(`SELECT `+groupColumns+` FROM groups g WHERE g.id = $1`, groupID))
	if err != nil {
		return nil, ga.CovenantTerms{}, notFound(op, err)
	}
	if err := tx.loadParticipants(op, g); err != nil {
		return nil, ga.CovenantTerms{}, err
	}
	c, err := tx.covenant(op, false)
	if err != nil {
		return nil, ga.CovenantTerms{}, err
	}
	if g.Decision == nil || !g.Decision.ApproachStarts || !g.Decision.ExchangeAuthorised {
		return nil, ga.CovenantTerms{}, ga.E(ga.KindConflict, op, "De driehoek heeft nog niet besloten dat persoonsgegevens van de leden worden uitgewisseld; er is nog niets te notificeren.")
	}
	return g, c.Terms, nil
}

// Notifications lists every addressee to be notified for group groupID:
// each member, and each legal representative of a member who was under 16
// on the day the member's notification became due, with the state of the
// notification and whether it is late. It writes the processing line
// notificatie_behandelen for every member listed.
func (db *DB) Notifications(ctx context.Context, groupID string) ([]ga.Notification, error) {
	const op = "storage.Notifications"
	var out []ga.Notification
	err := db.act(ctx, "notification_list", "group", groupID, func(tx *Tx) error {
		out = nil
		reg, _, err := tx.rightsHandler(op)
		if err != nil {
			return err
		}
		g, terms, err := tx.notificationGroup(op, groupID)
		if err != nil {
			return err
		}
		var pss []string
		out, pss, err = tx.notifications(op, g, terms, "")
		if err != nil {
			return err
		}
		tx.processed(procNotificationHandle, reg, pss...)
		tx.Audit("notification_list", "group", groupID, ga.ResultSuccess, "")
		return nil
	})
	return out, err
}

// Processing-log names of notifications.
const (
	procNotificationHandle = "notificatie_behandelen"
	procNotificationLetter = "notificatie_opstellen"
)

// notifications derives the addressees of group g (of one person when
// personID is set), with the recorded state of each.
func (tx *Tx) notifications(op string, g *ga.Group, terms ga.CovenantTerms, personID string) ([]ga.Notification, []string, error) {
	args := []any{g.ID}
	q := `SELECT p.id, p.name, p.date_of_birth, p.pseudonym, m.start_date FROM memberships m JOIN persons p ON p.id = m.person_id
		WHERE m.group_id = $1`
	if personID != "" {
		q += ` AND m.person_id = ` + bind(&args, personID)
	}
	rows, err := tx.Query(q+` ORDER BY p.id, m.start_date`, args...)
	if err != nil {
		return nil, nil, ga.Wrap(op, err)
	}
	type member struct {
		id, name, pseudonym string
		dob, start          ga.Date
	}
	var members []member
	seen := map[string]bool{}
	for rows.Next() {
		var m member
		var dob, start string
		if err := rows.Scan(&m.id, &m.name, &dob, &m.pseudonym, &start); err != nil {
			rows.Close()
			return nil, nil, ga.Wrap(op, err)
		}
		if seen[m.id] {
			continue // a second membership of the same group
		}
		seen[m.id] = true
		if err := tx.crypt().open(personKeyID(m.id), "persons", m.id, col("name", &m.name), dateCol("date_of_birth", &dob)); err != nil {
			rows.Close()
			return nil, nil, ga.Wrap(op, err)
		}
		m.dob, m.start = ga.Date(dob), ga.Date(start)
		members = append(members, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, ga.Wrap(op, err)
	}
	// By name, sorted here: the name is encrypted in the database.
	slices.SortStableFunc(members, func(a, b member) int { return cmp.Or(strings.Compare(a.name, b.name), strings.Compare(a.id, b.id)) })
	var ids, pss []string
	for _, m := range members {
		ids, pss = append(ids, m.id), append(pss, m.pseudonym)
	}
	reps, _, err := tx.representatives(op, ids)
	if err != nil {
		return nil, nil, err
	}
	recorded := map[NotificationKey]ga.Notification{}
	rows, err = tx.Query(`SELECT person_id, representative_id, status, sent_on, method, deferral_ground, deferral_motivation, review_on
		FROM notifications WHERE group_id = $1`, g.ID)
	if err != nil {
		return nil, nil, ga.Wrap(op, err)
	}
	for rows.Next() {
		var k NotificationKey
		var n ga.Notification
		var status, sent, ground, review string
		var d ga.Deferral
		if err := rows.Scan(&k.PersonID, &k.RepresentativeID, &status, &sent, &n.Method, &ground, &d.Motivation, &review); err != nil {
			rows.Close()
			return nil, nil, ga.Wrap(op, err)
		}
		n.Status, n.SentOn = ga.NotificationStatus(status), ga.Date(sent)
		if n.Status == ga.NotificationDeferred {
			d.Ground, d.ReviewOn = ga.WithholdGround(ground), ga.Date(review)
			n.Deferral = &d
		}
		k.GroupID = g.ID
		recorded[k] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, ga.Wrap(op, err)
	}
	var out []ga.Notification
	now := tx.Now()
	for _, m := range members {
		// A member who joined after the decision is notified from the
		// start of the membership.
		from := max(g.Decision.DecidedOn, m.start)
		due := ga.NotificationDue(from, terms)
		add := func(repID, addressee string) {
			n := recorded[NotificationKey{g.ID, m.id, repID}]
			if n.Status == "" {
				n.Status = ga.NotificationPending
			}
			n.GroupID, n.PersonID, n.RepresentativeID = g.ID, m.id, repID
			n.PersonName, n.AddresseeName, n.DueOn = m.name, addressee, due
			n.Late = ga.NotificationLate(n, now)
			out = append(out, n)
		}
		add("", m.name)
		if (ga.Person{DateOfBirth: m.dob}).Under16(from.Start()) {
			for _, r := range reps[m.id] {
				add(r.ID, r.Name)
			}
		}
	}
	return out, pss, nil
}

// notificationStep runs one audited step on the notification of key: the
// handler checks, the group decided, the addressee one of the group's.
func (db *DB) notificationStep(ctx context.Context, op, action string, key NotificationKey, fn func(tx *Tx, a *ga.Actor, g *ga.Group, n ga.Notification) (string, error)) error {
	return db.act(ctx, action, "group", key.GroupID, func(tx *Tx) error {
		reg, a, err := tx.rightsHandler(op)
		if err != nil {
			return err
		}
		g, terms, err := tx.notificationGroup(op, key.GroupID)
		if err != nil {
			return err
		}
		ns, pss, err := tx.notifications(op, g, terms, key.PersonID)
		if err != nil {
			return err
		}
		var n *ga.Notification
		for i := range ns {
			if ns[i].RepresentativeID == key.RepresentativeID {
				n = &ns[i]
			}
		}
		if n == nil {
			return ga.ErrNotFound(op)
		}
		detail, err := fn(tx, a, g, *n)
		if err != nil {
			return err
		}
		tx.processed(procNotificationHandle, reg, pss...)
		tx.Audit(action, "group", key.GroupID, ga.ResultSuccess, detail)
		return nil
	})
}

// RecordNotificationSent records that the notification letter to the
// addressee key was sent on sentOn by method (ga.CheckSent). Recording it
// again corrects the date and method.
func (db *DB) RecordNotificationSent(ctx context.Context, key NotificationKey, sentOn ga.Date, method string) error {
	const op = "storage.RecordNotificationSent"
	return db.notificationStep(ctx, op, "notification_sent", key, func(tx *Tx, a *ga.Actor, g *ga.Group, n ga.Notification) (string, error) {
		if err := ga.CheckSent(sentOn, method, g.Decision.DecidedOn, tx.Now()); err != nil {
			return "", err
		}
		return "persoon=" + key.PersonID, tx.saveNotification(op, key, ga.NotificationSent, string(sentOn), method, ga.Deferral{}, a)
	})
}

// DeferNotification records the deferral of the notification of key on a
// legal ground with a motivation and a review date (ga.Deferral.Validate).
// A notification already sent cannot be deferred (KindConflict).
func (db *DB) DeferNotification(ctx context.Context, key NotificationKey, d ga.Deferral) error {
	const op = "storage.DeferNotification"
	return db.notificationStep(ctx, op, "notification_defer", key, func(tx *Tx, a *ga.Actor, g *ga.Group, n ga.Notification) (string, error) {
		if n.Status == ga.NotificationSent {
			return "", ga.E(ga.KindConflict, op, "Deze notificatie is al verstuurd.")
		}
		if err := d.Validate(tx.Now()); err != nil {
			return "", err
		}
		return "persoon=" + key.PersonID + "; grond=" + string(d.Ground), tx.saveNotification(op, key, ga.NotificationDeferred, "", "", d, a)
	})
}

func (tx *Tx) saveNotification(op string, key NotificationKey, status ga.NotificationStatus, sentOn, method string, d ga.Deferral, a *ga.Actor) error {
	_, err := tx.Exec(`INSERT INTO notifications (group_id, person_id, representative_id, status, sent_on, method, deferral_ground,
			deferral_motivation, review_on, recorded_by, recorded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (group_id, person_id, representative_id) DO UPDATE SET status = excluded.status, sent_on = excluded.sent_on,
			method = excluded.method, deferral_ground = excluded.deferral_ground, deferral_motivation = excluded.deferral_motivation,
			review_on = excluded.review_on, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`,
		key.GroupID, key.PersonID, key.RepresentativeID, string(status), sentOn, method, string(d.Ground),
		strings.TrimSpace(d.Motivation), string(d.ReviewOn), a.UserID, tx.Now())
	return ga.Wrap(op, err)
}

// NotificationLetter returns what the notification letter to key says:
// the person and addressee, the group and its decision, the register
// entry in force and the partners taking part. It writes the processing
// line notificatie_opstellen for the person (and the representative).
func (db *DB) NotificationLetter(ctx context.Context, key NotificationKey) (*ga.NotificationLetter, error) {
	const op = "storage.NotificationLetter"
	var out *ga.NotificationLetter
	err := db.notificationStep(ctx, op, "notification_letter", key, func(tx *Tx, a *ga.Actor, g *ga.Group, n ga.Notification) (string, error) {
		s, err := tx.gateState(op)
		if err != nil {
			return "", err
		}
		l := &ga.NotificationLetter{Group: g.Name, Area: g.Area, DecidedOn: g.Decision.DecidedOn, Controller: s.Register.Controller,
			Purpose: s.Register.Purpose, LegalBasis: s.Register.LegalBasis, Categories: s.Register.DataCategories,
			Recipients: s.Register.Recipients, Retention: s.Register.Retention, WrittenOn: ga.DateOf(tx.Now())}
		var dob, personPs string
		if err := tx.QueryRow(`SELECT name, date_of_birth, address, pseudonym FROM persons WHERE id = $1`, key.PersonID).
			Scan(&l.Person.Name, &dob, &l.Person.Address, &personPs); err != nil {
			return "", ga.Wrap(op, err)
		}
		if err := tx.crypt().openPersonFields(key.PersonID, &l.Person.Name, &dob, &l.Person.Address); err != nil {
			return "", ga.Wrap(op, err)
		}
		tx.processed(procNotificationLetter, s.Register.ID, personPs)
		l.Person.DateOfBirth = ga.Date(dob)
		l.Addressee = l.Person
		if key.RepresentativeID != "" {
			var ps string
			err := tx.QueryRow(`SELECT name, relationship, address, pseudonym FROM representatives WHERE id = $1 AND person_id = $2`,
				key.RepresentativeID, key.PersonID).Scan(&l.Addressee.Name, &l.Addressee.Relationship, &l.Addressee.Address, &ps)
			if errors.Is(err, sql.ErrNoRows) {
				return "", ga.ErrNotFound(op)
			} else if err != nil {
				return "", ga.Wrap(op, err)
			}
			if err := tx.crypt().openRepresentativeFields(key.PersonID, key.RepresentativeID, &l.Addressee.Name, &l.Addressee.Address); err != nil {
				return "", ga.Wrap(op, err)
			}
			tx.processed(procNotificationLetter, s.Register.ID, ps)
		}
		names, err := tx.partnerNames(op)
		if err != nil {
			return "", err
		}
		for _, p := range g.Participants {
			l.Partners = append(l.Partners, names[p])
		}
		out = l
		return "persoon=" + key.PersonID, nil
	})
	return out, err
}
