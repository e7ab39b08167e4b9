package storage

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Requests of data subjects and complaints (covenant Art 6 and 7, SPEC §6,
// §7). They are handled for the controller by the coordinator and privacy
// officers only (ga.CanHandleRightsCases), who act across all partners and
// groups: a request concerns everything the covenant's partners process
// about a person, so the need-to-know predicate, which decides what one
// partner sees of another's casework, does not apply to them — the role and
// the case do. Every step is audited, and every step that touches a
// person's data writes a processing-log line for that person.

// CaseFilter selects cases. Kinds restricts to those kinds (all when
// empty); OpenOnly leaves out decided cases; HandlerID restricts to one
// handler's cases.
type CaseFilter struct {
	Kinds     []ga.CaseKind
	OpenOnly  bool
	HandlerID string
}

// CaseView is a case with the names the handler needs to recognise it.
type CaseView struct {
	ga.RightsCase
	PersonName         string           `json:"persoonNaam"`
	RepresentativeName string           `json:"vertegenwoordigerNaam,omitempty"`
	Withholdings       []ga.Withholding `json:"geweigerdeGegevens,omitempty"`
	// Overdue and DaysLeft are computed on the transaction's date.
	Overdue  bool `json:"termijnVerstreken"`
	DaysLeft int  `json:"dagenResterend"`
}

// CasePerson is a person as a handler finds them to register a case.
type CasePerson struct {
	ID          string              `json:"id"`
	Name        string              `json:"naam"`
	DateOfBirth ga.Date             `json:"geboortedatum"`
	Reps        []ga.Representative `json:"wettelijkVertegenwoordigers,omitempty"`
}

const caseColumns = `c.id, c.kind, c.received_on, c.channel, c.person_id, c.representative_id, c.summary, c.identity_method,
	c.identity_checked_on, c.identity_checked_by, c.handler_id, c.status, c.deadline_days, c.extension_months,
	c.extension_reason, c.extension_notice_on, c.extension_by, c.decided_on, c.outcome, c.motivation, c.created_by,
	c.created_at, c.updated_at, p.name, p.pseudonym, COALESCE(r.name, '')`

const caseFrom = ` FROM rights_cases c JOIN persons p ON p.id = c.person_id LEFT JOIN representatives r ON r.id = c.representative_id`

// storedCase is a case with the pseudonym of its person.
type storedCase struct {
	CaseView
	pseudonym string
}

// rightsHandler starts every handling step: the Art 8 gate, the actor's
// confidentiality declaration, and ga.CanHandleRightsCases. It returns the
// register entry in force.
func (tx *Tx) rightsHandler(op string) (string, *ga.Actor, error) {
	reg, err := tx.RequirePersonalDataAccess()
	if err != nil {
		return "", nil, err
	}
	a, err := requireActor(tx, op)
	if err != nil {
		return "", nil, err
	}
	if a.System || !ga.CanHandleRightsCases(a) {
		return "", nil, ga.E(ga.KindForbidden, op, "Alleen de uitvoeringscoördinator en privacyfunctionarissen behandelen verzoeken en klachten.")
	}
	return reg, a, nil
}

// FindCasePersons finds the persons with exactly this name (ignoring case
// and surrounding spaces) and date of birth, as the requester gives them,
// so that a handler can register a case without browsing persons. It
// writes the processing line verzoek_registreren for each person found.
func (db *DB) FindCasePersons(ctx context.Context, name string, dob ga.Date) ([]CasePerson, error) {
	const op = "storage.FindCasePersons"
	var out []CasePerson
	err := db.act(ctx, "case_person_find", "person", "", func(tx *Tx) error {
		out = nil
		reg, _, err := tx.rightsHandler(op)
		if err != nil {
			return err
		}
		if strings.TrimSpace(name) == "" || !dob.Valid() {
			return ga.E(ga.KindInvalid, op, "De invoer is niet geldig.",
				ga.Detail{Name: "naam", Message: "Vul de naam en de geboortedatum van de betrokkene in."})
		}
		// Name and date of birth are encrypted: the look-up goes through
		// their blind index.
		q, qargs := `SELECT p.id, p.name, p.date_of_birth, p.pseudonym FROM persons p
			WHERE lower(p.name) = lower($1) AND p.date_of_birth = $2 ORDER BY p.id`, []any{strings.TrimSpace(name), string(dob)}
		if tx.db.keys != nil {
			m, err := tx.crypt().personMatch(name, string(dob))
			if err != nil {
				return ga.Wrap(op, err)
			}
			q, qargs = `SELECT p.id, p.name, p.date_of_birth, p.pseudonym FROM persons p WHERE p.match_index = $1 ORDER BY p.id`, []any{m}
		}
		rows, err := tx.Query(q, qargs...)
		if err != nil {
			return ga.Wrap(op, err)
		}
		defer rows.Close()
		var ids, pss []string
		for rows.Next() {
			var cp CasePerson
			var d, ps string
			if err := rows.Scan(&cp.ID, &cp.Name, &d, &ps); err != nil {
				return ga.Wrap(op, err)
			}
			if err := tx.crypt().open(personKeyID(cp.ID), "persons", cp.ID, col("name", &cp.Name), dateCol("date_of_birth", &d)); err != nil {
				return ga.Wrap(op, err)
			}
			cp.DateOfBirth = ga.Date(d)
			out = append(out, cp)
			ids, pss = append(ids, cp.ID), append(pss, ps)
		}
		if err := rows.Err(); err != nil {
			return ga.Wrap(op, err)
		}
		rows.Close()
		reps, _, err := tx.representatives(op, ids)
		if err != nil {
			return err
		}
		for i := range out {
			out[i].Reps = reps[out[i].ID]
		}
		tx.processed(ga.ProcCaseRegister, reg, pss...)
		tx.Audit("case_person_find", "person", "", ga.ResultSuccess, "gevonden="+strconv.Itoa(len(out)))
		return nil
	})
	return out, err
}

// RegisterCase registers a request or complaint handled by the actor. The
// deadline term is the covenant's in force (Art 6.1.3); the person must
// exist, and a representative, when named, must be one of the person's. It
// sets ID, HandlerID, Status (ontvangen), DeadlineDays, DueOn, CreatedBy,
// CreatedAt and UpdatedAt, and writes the processing line
// verzoek_registreren for the person.
func (db *DB) RegisterCase(ctx context.Context, c *ga.RightsCase) error {
	const op = "storage.RegisterCase"
	return db.act(ctx, "case_register", "rights_case", "", func(tx *Tx) error {
		reg, a, err := tx.rightsHandler(op)
		if err != nil {
			return err
		}
		cov, err := tx.covenant(op, false)
		if err != nil {
			return err
		}
		created := *c
		created.DeadlineDays = cov.Terms.RequestDeadlineDays
		var inv ga.Invalid
		if err := created.Validate(tx.Now()); err != nil {
			inv = append(inv, err.(*ga.Error).Details...)
		}
		var pseudonym string
		if created.PersonID != "" {
			err := tx.QueryRow(`SELECT pseudonym FROM persons WHERE id = $1`, created.PersonID).Scan(&pseudonym)
			if errors.Is(err, sql.ErrNoRows) {
				inv.Add("persoonId", "Kies een bekende persoon.")
			} else if err != nil {
				return ga.Wrap(op, err)
			}
		}
		if created.RepresentativeID != "" && pseudonym != "" {
			n, err := tx.count(`SELECT count(*) FROM representatives WHERE id = $1 AND person_id = $2`, created.RepresentativeID, created.PersonID)
			if err != nil {
				return ga.Wrap(op, err)
			}
			if n == 0 {
				inv.Add("vertegenwoordigerId", "Kies een wettelijk vertegenwoordiger van deze persoon.")
			}
		}
		if err := inv.Err(op); err != nil {
			return err
		}
		now := tx.Now()
		created.ID, created.HandlerID, created.Status, created.CreatedBy = NewID(), a.UserID, ga.CaseReceived, a.UserID
		created.Identity, created.Extension, created.Suspensions = nil, nil, nil
		created.DecidedOn, created.Outcome, created.Motivation = "", "", ""
		created.CreatedAt, created.UpdatedAt = now, now
		created.DueOn = created.Deadline(ga.DateOf(now))
		summary := created.Summary
		if err := tx.crypt().seal(caseKeyID(created.PersonID, created.ID), "rights_cases", created.ID, col("summary", &summary)); err != nil {
			return ga.Wrap(op, err)
		}
		if _, err := tx.Exec(`INSERT INTO rights_cases (id, kind, received_on, channel, person_id, representative_id, summary,
				handler_id, status, deadline_days, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
			created.ID, string(created.Kind), string(created.ReceivedOn), string(created.Channel), created.PersonID,
			nullString(created.RepresentativeID), summary, created.HandlerID, string(created.Status),
			created.DeadlineDays, created.CreatedBy, now); err != nil {
			return ga.Wrap(op, err)
		}
		*c = created
		tx.processed(ga.ProcCaseRegister, reg, pseudonym)
		tx.Audit("case_register", "rights_case", c.ID, ga.ResultSuccess, "soort="+string(c.Kind)+"; kanaal="+string(c.Channel))
		return nil
	})
}

// RightsCase returns one case with its suspensions and withholdings, or
// ga.ErrNotFound; only handlers read cases (others get ga.ErrForbidden). It
// writes the processing line verzoek_behandelen for the person.
func (db *DB) RightsCase(ctx context.Context, id string) (*CaseView, error) {
	const op = "storage.RightsCase"
	var out *CaseView
	err := db.act(ctx, "case_read", "rights_case", id, func(tx *Tx) error {
		reg, _, err := tx.rightsHandler(op)
		if err != nil {
			return err
		}
		c, err := tx.rightsCase(op, id, false)
		if err != nil {
			return err
		}
		out = &c.CaseView
		tx.processed(ga.ProcCaseHandle, reg, c.pseudonym)
		tx.Audit("case_read", "rights_case", id, ga.ResultSuccess, "")
		return nil
	})
	return out, err
}

// RightsCases lists the cases matching f, earliest deadline first (ties by
// receipt). It writes the processing line verzoek_behandelen for each
// person listed.
func (db *DB) RightsCases(ctx context.Context, f CaseFilter) ([]CaseView, error) {
	const op = "storage.RightsCases"
	var out []CaseView
	err := db.act(ctx, "case_list", "rights_case", "", func(tx *Tx) error {
		out = nil
		reg, _, err := tx.rightsHandler(op)
		if err != nil {
			return err
		}
		var args []any
		var conds []string
		if len(f.Kinds) > 0 {
			var ps []string
			for _, k := range f.Kinds {
				ps = append(ps, bind(&args, string(k)))
			}
			conds = append(conds, "c.kind IN ("+strings.Join(ps, ", ")+")")
		}
		if f.OpenOnly {
			conds = append(conds, "c.status <> "+bind(&args, string(ga.CaseDecided)))
		}
		if f.HandlerID != "" {
			conds = append(conds, "c.handler_id = "+bind(&args, f.HandlerID))
		}
		q := `SELECT ` + caseColumns + caseFrom
		if len(conds) > 0 {
			q += " WHERE " + strings.Join(conds, " AND ")
		}
		cases, err := tx.scanCases(op, q+" ORDER BY c.received_on, c.id", args...)
		if err != nil {
			return err
		}
		var pss []string
		for _, c := range cases {
			out = append(out, c.CaseView)
			pss = append(pss, c.pseudonym)
		}
		slices.SortStableFunc(out, func(a, b CaseView) int { return strings.Compare(string(a.DueOn), string(b.DueOn)) })
		tx.processed(ga.ProcCaseHandle, reg, pss...)
		tx.Audit("case_list", "rights_case", "", ga.ResultSuccess, caseFilterDetail(f))
		return nil
	})
	return out, err
}

func caseFilterDetail(f CaseFilter) string {
	var used []string
	if len(f.Kinds) > 0 {
		var ks []string
		for _, k := range f.Kinds {
			ks = append(ks, string(k))
		}
		used = append(used, "soort="+strings.Join(ks, ","))
	}
	if f.OpenOnly {
		used = append(used, "open")
	}
	if f.HandlerID != "" {
		used = append(used, "behandelaar")
	}
	if len(used) == 0 {
		return "filter: geen"
	}
	return "filter: " + strings.Join(used, ", ")
}

// RecordIdentityCheck records how the requester's identity was
// established (ga.RightsCase.CheckIdentity). A lasting suspension on the
// identity ground ends on the day of the check, and the case is in
// progress from then on. It writes the processing line verzoek_behandelen.
func (db *DB) RecordIdentityCheck(ctx context.Context, id string, ic ga.IdentityCheck) error {
	const op = "storage.RecordIdentityCheck"
	return db.caseStep(ctx, op, "case_identity", id, func(tx *Tx, a *ga.Actor, c *storedCase) (string, error) {
		if err := c.CheckIdentity(ic, tx.Now()); err != nil {
			return "", err
		}
		if c.Suspended() {
			if _, err := tx.Exec(`UPDATE rights_case_suspensions SET until_on = $2 WHERE case_id = $1 AND until_on = ''`,
				id, string(max(ic.CheckedOn, c.Suspensions[len(c.Suspensions)-1].From))); err != nil {
				return "", ga.Wrap(op, err)
			}
		}
		_, err := tx.Exec(`UPDATE rights_cases SET identity_method = $2, identity_checked_on = $3, identity_checked_by = $4,
			status = $5, updated_at = $6 WHERE id = $1`, id, strings.TrimSpace(ic.Method), string(ic.CheckedOn), a.UserID,
			string(ga.CaseInProgress), tx.Now())
		return "", ga.Wrap(op, err)
	})
}

// ExtendCase records the extension of a request's deadline under GDPR Art
// 12(3) (ga.RightsCase.CheckExtension).
func (db *DB) ExtendCase(ctx context.Context, id string, e ga.Extension) error {
	const op = "storage.ExtendCase"
	return db.caseStep(ctx, op, "case_extend", id, func(tx *Tx, a *ga.Actor, c *storedCase) (string, error) {
		if err := c.CheckExtension(e, tx.Now()); err != nil {
			return "", err
		}
		reason := strings.TrimSpace(e.Reason)
		if err := tx.crypt().seal(caseKeyID(c.PersonID, id), "rights_cases", id, col("extension_reason", &reason)); err != nil {
			return "", ga.Wrap(op, err)
		}
		_, err := tx.Exec(`UPDATE rights_cases SET extension_months = $2, extension_reason = $3, extension_notice_on = $4,
			extension_by = $5, updated_at = $6 WHERE id = $1`, id, e.Months, reason, string(e.NoticeSentOn), a.UserID, tx.Now())
		return "maanden=" + strconv.Itoa(e.Months), ga.Wrap(op, err)
	})
}

// SuspendCase suspends a case's deadline from today on ground g
// (ga.RightsCase.CheckSuspend: only the identity ground).
func (db *DB) SuspendCase(ctx context.Context, id string, g ga.SuspensionGround, reason string) error {
	const op = "storage.SuspendCase"
	return db.caseStep(ctx, op, "case_suspend", id, func(tx *Tx, a *ga.Actor, c *storedCase) (string, error) {
		if err := c.CheckSuspend(g, reason, tx.Now()); err != nil {
			return "", err
		}
		if _, err := tx.Exec(`INSERT INTO rights_case_suspensions (case_id, seq, ground, from_on, reason) VALUES ($1, $2, $3, $4, $5)`,
			id, len(c.Suspensions)+1, string(g), string(ga.DateOf(tx.Now())), strings.TrimSpace(reason)); err != nil {
			return "", ga.Wrap(op, err)
		}
		_, err := tx.Exec(`UPDATE rights_cases SET status = $2, updated_at = $3 WHERE id = $1`, id, string(ga.CaseSuspended), tx.Now())
		return "grond=" + string(g), ga.Wrap(op, err)
	})
}

// DecideCase records the decision on a case (ga.RightsCase.CheckDecide)
// and closes it.
func (db *DB) DecideCase(ctx context.Context, id, outcome, motivation string) error {
	const op = "storage.DecideCase"
	return db.caseStep(ctx, op, "case_decide", id, func(tx *Tx, a *ga.Actor, c *storedCase) (string, error) {
		if err := c.CheckDecide(outcome, motivation); err != nil {
			return "", err
		}
		motivation = strings.TrimSpace(motivation)
		if err := tx.crypt().seal(caseKeyID(c.PersonID, id), "rights_cases", id, col("motivation", &motivation)); err != nil {
			return "", ga.Wrap(op, err)
		}
		_, err := tx.Exec(`UPDATE rights_cases SET status = $2, decided_on = $3, outcome = $4, motivation = $5, updated_at = $6 WHERE id = $1`,
			id, string(ga.CaseDecided), string(ga.DateOf(tx.Now())), strings.TrimSpace(outcome), motivation, tx.Now())
		return "", ga.Wrap(op, err)
	})
}

// WithholdItem withholds one item about the person of an access request
// from its overview, on a ground of Art 6.1.4 with a motivation; recording
// it again replaces the ground and motivation. The item must be about the
// case's person (KindInvalid otherwise).
func (db *DB) WithholdItem(ctx context.Context, caseID string, w ga.Withholding) error {
	const op = "storage.WithholdItem"
	return db.caseStep(ctx, op, "case_withhold", caseID, func(tx *Tx, a *ga.Actor, c *storedCase) (string, error) {
		if c.Kind != ga.CaseAccess {
			return "", ga.E(ga.KindConflict, op, "Alleen bij een inzageverzoek worden gegevens geweigerd.")
		}
		if !c.Status.Open() {
			return "", ga.E(ga.KindConflict, op, "Dit verzoek is al afgehandeld.")
		}
		if err := w.Validate(); err != nil {
			return "", err
		}
		n, err := tx.count(`SELECT count(*) FROM items WHERE id = $1 AND person_id = $2 AND status <> $3`, w.ItemID, c.PersonID, statusDeleted)
		if err != nil {
			return "", ga.Wrap(op, err)
		}
		if n == 0 {
			return "", ga.E(ga.KindInvalid, op, "De invoer is niet geldig.", ga.Detail{Name: "gegevenId", Message: "Kies een gegeven over deze persoon."})
		}
		_, err = tx.Exec(`INSERT INTO access_withholdings (case_id, item_id, ground, motivation, recorded_by, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (case_id, item_id) DO UPDATE SET ground = excluded.ground, motivation = excluded.motivation,
				recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`,
			caseID, w.ItemID, string(w.Ground), strings.TrimSpace(w.Motivation), a.UserID, tx.Now())
		return "gegeven=" + w.ItemID + "; grond=" + string(w.Ground), ga.Wrap(op, err)
	})
}

// caseStep runs one audited handling step on case id: the handler checks,
// the case locked, fn, and the processing line verzoek_behandelen for the
// person. fn returns the audit detail.
func (db *DB) caseStep(ctx context.Context, op, action, id string, fn func(tx *Tx, a *ga.Actor, c *storedCase) (string, error)) error {
	return db.act(ctx, action, "rights_case", id, func(tx *Tx) error {
		reg, a, err := tx.rightsHandler(op)
		if err != nil {
			return err
		}
		c, err := tx.rightsCase(op, id, true)
		if err != nil {
			return err
		}
		detail, err := fn(tx, a, c)
		if err != nil {
			return err
		}
		tx.processed(ga.ProcCaseHandle, reg, c.pseudonym)
		tx.Audit(action, "rights_case", id, ga.ResultSuccess, detail)
		return nil
	})
}

// rightsCase reads one case with its suspensions and withholdings.
func (tx *Tx) rightsCase(op, id string, lock bool) (*storedCase, error) {
	q := `SELECT ` + caseColumns + caseFrom + ` WHERE c.id = $1`
	if lock {
		q += tx.db.Dialect().ForUpdate()
		if tx.db.Dialect() == Postgres {
			q += " OF c"
		}
	}
	cases, err := tx.scanCases(op, q, id)
	if err != nil {
		return nil, err
	}
	if len(cases) == 0 {
		return nil, ga.ErrNotFound(op)
	}
	c := &cases[0]
	rows, err := tx.Query(`SELECT item_id, ground, motivation FROM access_withholdings WHERE case_id = $1 ORDER BY recorded_at, item_id`, id)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var w ga.Withholding
		var g string
		if err := rows.Scan(&w.ItemID, &g, &w.Motivation); err != nil {
			return nil, ga.Wrap(op, err)
		}
		w.Ground = ga.WithholdGround(g)
		c.Withholdings = append(c.Withholdings, w)
	}
	return c, ga.Wrap(op, rows.Err())
}

// scanCases runs a query of caseColumns and loads the suspensions of the
// cases found.
func (tx *Tx) scanCases(op, q string, args ...any) ([]storedCase, error) {
	rows, err := tx.Query(q, args...)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	var out []storedCase
	index := map[string]int{}
	for rows.Next() {
		var c storedCase
		var kind, received, channel, checkedOn, status, notice, decided, channelRep string
		var rep sql.NullString
		var ic ga.IdentityCheck
		var e ga.Extension
		if err := rows.Scan(&c.ID, &kind, &received, &channel, &c.PersonID, &rep, &c.Summary, &ic.Method, &checkedOn, &ic.CheckedBy,
			&c.HandlerID, &status, &c.DeadlineDays, &e.Months, &e.Reason, &notice, &e.RecordedBy, &decided, &c.Outcome, &c.Motivation,
			&c.CreatedBy, &c.CreatedAt, &c.UpdatedAt, &c.PersonName, &c.pseudonym, &channelRep); err != nil {
			return nil, ga.Wrap(op, err)
		}
		if err := tx.crypt().open(personKeyID(c.PersonID), "persons", c.PersonID, col("name", &c.PersonName)); err != nil {
			return nil, ga.Wrap(op, err)
		}
		if err := tx.crypt().open(caseKeyID(c.PersonID, c.ID), "rights_cases", c.ID, col("summary", &c.Summary),
			col("extension_reason", &e.Reason), col("motivation", &c.Motivation)); err != nil {
			return nil, ga.Wrap(op, err)
		}
		if rep.Valid {
			if err := tx.crypt().open(personKeyID(c.PersonID), "representatives", rep.String, col("name", &channelRep)); err != nil {
				return nil, ga.Wrap(op, err)
			}
		}
		c.Kind, c.ReceivedOn, c.Channel, c.Status = ga.CaseKind(kind), ga.Date(received), ga.Channel(channel), ga.CaseStatus(status)
		c.RepresentativeID, c.RepresentativeName, c.DecidedOn = rep.String, channelRep, ga.Date(decided)
		c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
		if ic.Method != "" {
			ic.CheckedOn = ga.Date(checkedOn)
			c.Identity = &ic
		}
		if e.Months > 0 {
			e.NoticeSentOn = ga.Date(notice)
			c.Extension = &e
		}
		index[c.ID] = len(out)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, ga.Wrap(op, err)
	}
	rows.Close()
	if len(out) > 0 {
		var args []any
		var ps []string
		for _, c := range out {
			ps = append(ps, bind(&args, c.ID))
		}
		srows, err := tx.Query(`SELECT case_id, ground, from_on, until_on, reason FROM rights_case_suspensions
			WHERE case_id IN (`+strings.Join(ps, ", ")+`) ORDER BY case_id, seq`, args...)
		if err != nil {
			return nil, ga.Wrap(op, err)
		}
		defer srows.Close()
		for srows.Next() {
			var id, g, from, until string
			var s ga.Suspension
			if err := srows.Scan(&id, &g, &from, &until, &s.Reason); err != nil {
				return nil, ga.Wrap(op, err)
			}
			s.Ground, s.From, s.Until = ga.SuspensionGround(g), ga.Date(from), ga.Date(until)
			out[index[id]].Suspensions = append(out[index[id]].Suspensions, s)
		}
		if err := srows.Err(); err != nil {
			return nil, ga.Wrap(op, err)
		}
	}
	now := tx.Now()
	for i := range out {
		c := &out[i]
		c.DueOn = c.Deadline(ga.DateOf(now))
		c.Overdue, c.DaysLeft = c.RightsCase.Overdue(now), c.RightsCase.DaysLeft(now)
	}
	return out, nil
}
