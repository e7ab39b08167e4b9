package storage

import (
	"context"
	"slices"
	"strconv"
	"strings"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Objections (covenant Art 6.3) and complaints (Art 7).

// DecideObjection decides the objection case caseID (ga.ObjectionDecision)
// and carries out the measures chosen at once: every item about the person
// that is not deleted yet is blocked or deleted as a correction would
// (with notices to every partner that received it), and the person's
// memberships end today. The case is closed with the outcome
// gerechtvaardigd or niet gerechtvaardigd. It returns the corrections
// made.
func (db *DB) DecideObjection(ctx context.Context, caseID string, d ga.ObjectionDecision) ([]ga.Correction, error) {
	const op = "storage.DecideObjection"
	var out []ga.Correction
	err := db.caseStep(ctx, op, "objection_decide", caseID, func(tx *Tx, a *ga.Actor, rc *storedCase) (string, error) {
		out = nil
		if rc.Kind != ga.CaseObjection {
			return "", ga.E(ga.KindConflict, op, "Dit is geen bezwaar.")
		}
		if err := d.Validate(); err != nil {
			return "", err
		}
		outcome := "niet gerechtvaardigd"
		if d.Justified {
			outcome = "gerechtvaardigd"
		}
		if err := rc.CheckDecide(outcome, d.Motivation); err != nil {
			return "", err
		}
		if d.BlockItems || d.DeleteItems {
			action := ga.CorrectBlock
			if d.DeleteItems {
				action = ga.CorrectDelete
			}
			rows, err := tx.Query(`SELECT id FROM items WHERE person_id = $1 AND status NOT IN ($2, $3) ORDER BY created_at, id`,
				rc.PersonID, statusDeleted, string(action.Status()))
			if err != nil {
				return "", ga.Wrap(op, err)
			}
			var ids []string
			for rows.Next() {
				var id string
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return "", ga.Wrap(op, err)
				}
				ids = append(ids, id)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return "", ga.Wrap(op, err)
			}
			for _, id := range ids {
				c := ga.Correction{ItemID: id, Action: action, Granted: true, Motivation: "Maatregel na gerechtvaardigd bezwaar: " + strings.TrimSpace(d.Motivation)}
				if _, err := tx.correctItem(op, a, rc, &c); err != nil {
					return "", err
				}
				out = append(out, c)
			}
		}
		if d.EndMemberships {
			today := string(ga.DateOf(tx.Now()))
			if _, err := tx.Exec(`UPDATE memberships SET end_date = $2 WHERE person_id = $1 AND (end_date = '' OR end_date > $2)`,
				rc.PersonID, today); err != nil {
				return "", ga.Wrap(op, err)
			}
			if s, err := tx.gateState(op); err == nil && s.Register != nil {
				tx.processed("lidmaatschap_beeindigen", s.Register.ID, rc.pseudonym)
			}
		}
		motivation := strings.TrimSpace(d.Motivation)
		if err := tx.crypt().seal(caseKeyID(rc.PersonID, caseID), "rights_cases", caseID, col("motivation", &motivation)); err != nil {
			return "", ga.Wrap(op, err)
		}
		if _, err := tx.Exec(`UPDATE rights_cases SET status = $2, decided_on = $3, outcome = $4, motivation = $5, updated_at = $6 WHERE id = $1`,
			caseID, string(ga.CaseDecided), string(ga.DateOf(tx.Now())), outcome, motivation, tx.Now()); err != nil {
			return "", ga.Wrap(op, err)
		}
		return "uitkomst=" + outcome + "; gegevens=" + strconv.Itoa(len(out)), nil
	})
	if err == nil && d.DeleteItems && len(out) > 0 {
		err = db.eraseAfterDecision(ctx, op)
	}
	return out, err
}

// RouteComplaint records the partners complaint caseID concerns and its
// route (ga.ComplaintHandling.Validate against the controller: the
// designated controller, or the coordinating partner of joint
// controllers). The route is derived from the number of partners; the
// partners and committee members must be partners of the covenant.
func (db *DB) RouteComplaint(ctx context.Context, caseID string, h ga.ComplaintHandling) error {
	const op = "storage.RouteComplaint"
	return db.caseStep(ctx, op, "complaint_route", caseID, func(tx *Tx, a *ga.Actor, rc *storedCase) (string, error) {
		if rc.Kind != ga.CaseComplaint {
			return "", ga.E(ga.KindConflict, op, "Dit is geen klacht.")
		}
		if !rc.Status.Open() {
			return "", ga.E(ga.KindConflict, op, "Dit verzoek is al afgehandeld.")
		}
		cov, err := tx.covenant(op, false)
		if err != nil {
			return "", err
		}
		controller := cov.Terms.ControllerPartnerID
		if controller == "" {
			controller = cov.Terms.CoordinatorPartnerID
		}
		slices.Sort(h.PartnerIDs)
		h.PartnerIDs = slices.Compact(h.PartnerIDs)
		h.Route = ga.RouteFor(len(h.PartnerIDs))
		if h.Route == ga.RouteForward {
			h.Committee = nil
		} else {
			h.ForwardedOn = ""
		}
		if err := h.Validate(controller); err != nil {
			return "", err
		}
		names, err := tx.partnerNames(op)
		if err != nil {
			return "", err
		}
		for _, p := range h.PartnerIDs {
			if _, ok := names[p]; !ok {
				return "", ga.E(ga.KindInvalid, op, "De invoer is niet geldig.", ga.Detail{Name: "partnerIds", Message: "Kies partners van het convenant."})
			}
		}
		for _, m := range h.Committee {
			if _, ok := names[m.PartnerID]; !ok {
				return "", ga.E(ga.KindInvalid, op, "De invoer is niet geldig.", ga.Detail{Name: "commissie", Message: "Kies partners van het convenant."})
			}
		}
		for _, q := range []string{`DELETE FROM complaint_partners WHERE case_id = $1`, `DELETE FROM complaint_committee WHERE case_id = $1`} {
			if _, err := tx.Exec(q, caseID); err != nil {
				return "", ga.Wrap(op, err)
			}
		}
		for _, p := range h.PartnerIDs {
			if _, err := tx.Exec(`INSERT INTO complaint_partners (case_id, partner_id) VALUES ($1, $2)`, caseID, p); err != nil {
				return "", ga.Wrap(op, err)
			}
		}
		for i, m := range h.Committee {
			if _, err := tx.Exec(`INSERT INTO complaint_committee (case_id, seq, name, partner_id, chair) VALUES ($1, $2, $3, $4, $5)`,
				caseID, i+1, strings.TrimSpace(m.Name), m.PartnerID, m.Chair); err != nil {
				return "", ga.Wrap(op, err)
			}
		}
		if _, err := tx.Exec(`UPDATE rights_cases SET complaint_route = $2, forwarded_on = $3, status = $4, updated_at = $5 WHERE id = $1`,
			caseID, string(h.Route), string(h.ForwardedOn), string(ga.CaseInProgress), tx.Now()); err != nil {
			return "", ga.Wrap(op, err)
		}
		return "route=" + string(h.Route) + "; partners=" + strconv.Itoa(len(h.PartnerIDs)), nil
	})
}

// complaintHandling reads the route of a complaint, nil before it was
// determined.
func (tx *Tx) complaintHandling(op, caseID string) (*ga.ComplaintHandling, error) {
	var route, forwarded string
	if err := tx.QueryRow(`SELECT complaint_route, forwarded_on FROM rights_cases WHERE id = $1`, caseID).Scan(&route, &forwarded); err != nil {
		return nil, notFound(op, err)
	}
	if route == "" {
		return nil, nil
	}
	h := &ga.ComplaintHandling{Route: ga.ComplaintRoute(route), ForwardedOn: ga.Date(forwarded)}
	rows, err := tx.Query(`SELECT partner_id FROM complaint_partners WHERE case_id = $1 ORDER BY partner_id`, caseID)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return nil, ga.Wrap(op, err)
		}
		h.PartnerIDs = append(h.PartnerIDs, p)
	}
	rows.Close()
	rows, err = tx.Query(`SELECT name, partner_id, chair FROM complaint_committee WHERE case_id = $1 ORDER BY seq`, caseID)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var m ga.CommitteeMember
		if err := rows.Scan(&m.Name, &m.PartnerID, &m.Chair); err != nil {
			return nil, ga.Wrap(op, err)
		}
		h.Committee = append(h.Committee, m)
	}
	return h, ga.Wrap(op, rows.Err())
}

// DecisionLetter returns what the letter on case caseID says: the outcome
// of a decided request or complaint, the decision per item of a
// correction or objection with the partners told, and a complaint's
// route. A request's letter waits for its decision
// (ga.RightsCase.CheckDecisionLetter: KindConflict before it). It writes
// the processing line verzoek_behandelen for the person.
func (db *DB) DecisionLetter(ctx context.Context, caseID string) (*ga.DecisionLetter, error) {
	const op = "storage.DecisionLetter"
	var out *ga.DecisionLetter
	err := db.caseStepRead(ctx, op, "decision_letter", caseID, func(tx *Tx, rc *storedCase) error {
		// Refused before any of the person's data is read.
		decided, err := tx.count(`SELECT count(*) FROM item_corrections WHERE case_id = $1`, caseID)
		if err != nil {
			return ga.Wrap(op, err)
		}
		if err := rc.CheckDecisionLetter(decided); err != nil {
			return err
		}
		s, err := tx.gateState(op)
		if err != nil {
			return err
		}
		l := &ga.DecisionLetter{Controller: s.Register.Controller, Kind: rc.Kind, ReceivedOn: rc.ReceivedOn, Status: rc.Status,
			DecidedOn: rc.DecidedOn, Outcome: rc.Outcome, Motivation: rc.Motivation, WrittenOn: ga.DateOf(tx.Now())}
		var dob string
		if err := tx.QueryRow(`SELECT name, date_of_birth, address FROM persons WHERE id = $1`, rc.PersonID).
			Scan(&l.Person.Name, &dob, &l.Person.Address); err != nil {
			return ga.Wrap(op, err)
		}
		if err := tx.crypt().openPersonFields(rc.PersonID, &l.Person.Name, &dob, &l.Person.Address); err != nil {
			return ga.Wrap(op, err)
		}
		l.Person.DateOfBirth = ga.Date(dob)
		l.Addressee = l.Person
		if rc.RepresentativeID != "" {
			if err := tx.QueryRow(`SELECT name, relationship, address FROM representatives WHERE id = $1`, rc.RepresentativeID).
				Scan(&l.Addressee.Name, &l.Addressee.Relationship, &l.Addressee.Address); err != nil {
				return ga.Wrap(op, err)
			}
			if err := tx.crypt().openRepresentativeFields(rc.PersonID, rc.RepresentativeID, &l.Addressee.Name, &l.Addressee.Address); err != nil {
				return ga.Wrap(op, err)
			}
		}
		names, err := tx.partnerNames(op)
		if err != nil {
			return err
		}
		cs, err := tx.corrections(op, `c.case_id = $1`, caseID)
		if err != nil {
			return err
		}
		for _, c := range cs {
			line := ga.DecisionLine{Action: c.Action, Granted: c.Granted, Motivation: c.Motivation}
			var date string
			if err := tx.QueryRow(`SELECT category, concerns_date FROM items WHERE id = $1`, c.ItemID).Scan(&line.Category, &date); err != nil {
				return ga.Wrap(op, err)
			}
			line.Date = ga.Date(date)
			for _, n := range c.Notices {
				line.Notified = append(line.Notified, n.PartnerName)
			}
			l.Corrections = append(l.Corrections, line)
		}
		if rc.Kind == ga.CaseComplaint {
			h, err := tx.complaintHandling(op, caseID)
			if err != nil {
				return err
			}
			if h != nil {
				cl := &ga.ComplaintLetter{Route: h.Route, ForwardedOn: h.ForwardedOn}
				for _, p := range h.PartnerIDs {
					cl.Partners = append(cl.Partners, names[p])
					if q, err := tx.partner(op, p); err == nil {
						cl.Committees = append(cl.Committees, q.ComplaintsCommittee)
					}
				}
				for _, m := range h.Committee {
					if m.Chair {
						cl.Chair = m.Name + " (" + names[m.PartnerID] + ")"
					} else {
						cl.Members = append(cl.Members, m.Name+" ("+names[m.PartnerID]+")")
					}
				}
				l.Complaint = cl
			}
		}
		out = l
		return nil
	})
	return out, err
}

// caseStepRead runs an audited read of case id by a handler, writing the
// processing line verzoek_behandelen for the person.
func (db *DB) caseStepRead(ctx context.Context, op, action, id string, fn func(tx *Tx, c *storedCase) error) error {
	return db.act(ctx, action, "rights_case", id, func(tx *Tx) error {
		reg, _, err := tx.rightsHandler(op)
		if err != nil {
			return err
		}
		c, err := tx.rightsCase(op, id, false)
		if err != nil {
			return err
		}
		if err := fn(tx, c); err != nil {
			return err
		}
		tx.processed(ga.ProcCaseHandle, reg, c.pseudonym)
		tx.Audit(action, "rights_case", id, ga.ResultSuccess, "")
		return nil
	})
}
