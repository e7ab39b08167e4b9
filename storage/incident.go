package storage

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Incidents and data breaches (Art 9, GDPR Art 33/34). An incident holds no
// personal data of a data subject (its texts describe the incident, its
// evidence holds ids and counts), so its reads and writes are audited
// rather than written to the processing log. Who may see and handle one is
// the domain's policy (ga.CanSeeIncident, ga.CanHandleIncident), applied to
// every row read; an incident the viewer may not see is ga.ErrNotFound.

const incidentColumns = `id, title, nature, contact_point, recommended_measures, consequences, personal_data,
	aware_at, reported_at, reported_by, reporting_partner_id, signal, evidence, status,
	ap_decided_at, ap_decided_by, ap_notify, ap_reasoning, ap_notified_at, ap_reference, ap_delay_reason,
	ds_decided_at, ds_decided_by, ds_inform, ds_exception, ds_reasoning, ds_informed_at, closed_at, closed_by`

func scanIncident(s scanner) (*ga.Incident, error) {
	var i ga.Incident
	var reportingPartner sql.NullString
	var signal, status, dsException string
	var apAt, apNotified, dsAt, dsInformed, closed sql.NullTime
	var ap ga.APDecision
	var ds ga.SubjectsDecision
	if err := s.Scan(&i.ID, &i.Title, &i.Nature, &i.ContactPoint, &i.RecommendedMeasures, &i.Consequences, &i.PersonalData,
		&i.AwareAt, &i.ReportedAt, &i.ReportedBy, &reportingPartner, &signal, &i.Evidence, &status,
		&apAt, &ap.DecidedBy, &ap.Notify, &ap.Reasoning, &apNotified, &ap.Reference, &ap.DelayReason,
		&dsAt, &ds.DecidedBy, &ds.Inform, &dsException, &ds.Reasoning, &dsInformed, &closed, &i.ClosedBy); err != nil {
		return nil, err
	}
	i.AwareAt, i.ReportedAt = i.AwareAt.UTC(), i.ReportedAt.UTC()
	i.ReportingPartnerID, i.Signal, i.Status = reportingPartner.String, ga.SignalKind(signal), ga.IncidentStatus(status)
	if apAt.Valid {
		ap.DecidedAt, ap.NotifiedAt = apAt.Time.UTC(), timePtr(apNotified)
		i.AP = &ap
	}
	if dsAt.Valid {
		ds.DecidedAt, ds.InformedAt, ds.Exception = dsAt.Time.UTC(), timePtr(dsInformed), ga.SubjectsException(dsException)
		i.Subjects = &ds
	}
	i.ClosedAt = timePtr(closed)
	return &i, nil
}

// incident reads one incident with its partners and steps, whether or not
// the actor may see it; callers apply the policy.
func (tx *Tx) incident(op, id string, lock bool) (*ga.Incident, error) {
	q := `SELECT ` + incidentColumns + ` FROM incidents WHERE id = $1`
	if lock {
		q += tx.db.Dialect().ForUpdate()
	}
	i, err := scanIncident(tx.QueryRow(q, id))
	if err != nil {
		return nil, notFound(op, err)
	}
	list := []*ga.Incident{i}
	if err := tx.incidentDetails(op, list); err != nil {
		return nil, err
	}
	return i, nil
}

// visibleIncident reads an incident the actor may see, or ga.ErrNotFound.
func (tx *Tx) visibleIncident(op string, a *ga.Actor, id string, lock bool) (*ga.Incident, error) {
	i, err := tx.incident(op, id, lock)
	if err != nil {
		return nil, err
	}
	if !ga.CanSeeIncident(a, *i) {
		return nil, ga.ErrNotFound(op)
	}
	return i, nil
}

// incidentDetails fills in the partners, notifications and steps of the
// incidents.
func (tx *Tx) incidentDetails(op string, list []*ga.Incident) error {
	byID := map[string]*ga.Incident{}
	for _, i := range list {
		i.PartnerIDs, i.Notifications, i.Steps = []string{}, []ga.IncidentNotification{}, []ga.IncidentStep{}
		byID[i.ID] = i
	}
	if len(list) == 0 {
		return nil
	}
	// One query per table: for a single incident filter on it, for a list
	// read them all (the register is small, and listing reads every row).
	where, args := "", []any{}
	if len(list) == 1 {
		where, args = " WHERE incident_id = $1", []any{list[0].ID}
	}
	rows, err := tx.Query(`SELECT incident_id, partner_id, notified_at, acknowledged_at, acknowledged_by FROM incident_partners`+where+
		` ORDER BY incident_id, partner_id`, args...)
	if err != nil {
		return ga.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n ga.IncidentNotification
		var ack sql.NullTime
		if err := rows.Scan(&id, &n.PartnerID, &n.NotifiedAt, &ack, &n.AcknowledgedBy); err != nil {
			return ga.Wrap(op, err)
		}
		if i := byID[id]; i != nil {
			n.NotifiedAt, n.AcknowledgedAt = n.NotifiedAt.UTC(), timePtr(ack)
			i.PartnerIDs = append(i.PartnerIDs, n.PartnerID)
			i.Notifications = append(i.Notifications, n)
		}
	}
	if err := rows.Err(); err != nil {
		return ga.Wrap(op, err)
	}
	rows.Close()
	steps, err := tx.Query(`SELECT incident_id, id, kind, description, recorded_at, recorded_by FROM incident_steps`+where+
		` ORDER BY incident_id, recorded_at, id`, args...)
	if err != nil {
		return ga.Wrap(op, err)
	}
	defer steps.Close()
	for steps.Next() {
		var id, kind string
		var s ga.IncidentStep
		if err := steps.Scan(&id, &s.ID, &kind, &s.Description, &s.RecordedAt, &s.RecordedBy); err != nil {
			return ga.Wrap(op, err)
		}
		if i := byID[id]; i != nil {
			s.Kind, s.RecordedAt = ga.StepKind(kind), s.RecordedAt.UTC()
			i.Steps = append(i.Steps, s)
		}
	}
	return ga.Wrap(op, steps.Err())
}

// ReportIncident records an incident reported by the actor's partner
// (Art 9; ga.CanReportIncident) and notifies the partners concerned in the
// system. It sets ID, ReportedBy, ReportingPartnerID, ReportedAt, Status,
// PartnerIDs and Notifications.
func (db *DB) ReportIncident(ctx context.Context, i *ga.Incident) error {
	const op = "storage.ReportIncident"
	return db.act(ctx, "incident_report", "incident", "", func(tx *Tx) error {
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		if !ga.CanReportIncident(a) || a.System {
			return ga.ErrForbidden(op)
		}
		in := *i
		in.Signal, in.Evidence, in.ReportedBy, in.ReportingPartnerID = "", "", a.UserID, a.PartnerID
		in.AwareAt = in.AwareAt.UTC().Truncate(time.Microsecond)
		in.PartnerIDs = slices.DeleteFunc(slices.Compact(slices.Sorted(slices.Values(in.PartnerIDs))), func(p string) bool { return p == a.PartnerID })
		if err := in.ValidateReport(tx.Now()); err != nil {
			return err
		}
		for _, p := range in.PartnerIDs {
			if _, err := tx.partner(op, p); err != nil {
				if ga.IsKind(err, ga.KindNotFound) {
					return ga.Invalid{{Name: "betrokkenPartnerIds", Message: "Onbekende partner."}}.Err(op)
				}
				return err
			}
		}
		if err := tx.insertIncident(op, &in, ""); err != nil {
			return err
		}
		*i = in
		tx.Audit("incident_report", "incident", i.ID, ga.ResultSuccess, "datalek="+yesNo(i.PersonalData)+"; partners="+strconv.Itoa(len(i.PartnerIDs)))
		return nil
	})
}

func yesNo(b bool) string {
	if b {
		return "ja"
	}
	return "nee"
}

// insertIncident writes a new incident and its notifications.
func (tx *Tx) insertIncident(op string, i *ga.Incident, signalKey string) error {
	now := tx.Now()
	i.ID, i.ReportedAt, i.Status = NewID(), now, ga.IncidentReported
	if _, err := tx.Exec(`INSERT INTO incidents (id, title, nature, contact_point, recommended_measures, consequences, personal_data,
			aware_at, reported_at, reported_by, reporting_partner_id, signal, signal_key, evidence, status)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		i.ID, i.Title, i.Nature, i.ContactPoint, i.RecommendedMeasures, i.Consequences, i.PersonalData,
		i.AwareAt, now, i.ReportedBy, nullString(i.ReportingPartnerID), string(i.Signal), signalKey, i.Evidence, string(i.Status)); err != nil {
		return ga.Wrap(op, err)
	}
	i.Notifications, i.Steps = []ga.IncidentNotification{}, []ga.IncidentStep{}
	if i.PartnerIDs == nil {
		i.PartnerIDs = []string{}
	}
	for _, p := range i.PartnerIDs {
		if _, err := tx.Exec(`INSERT INTO incident_partners (incident_id, partner_id, notified_at) VALUES ($1, $2, $3)`, i.ID, p, now); err != nil {
			return ga.Wrap(op, err)
		}
		i.Notifications = append(i.Notifications, ga.IncidentNotification{PartnerID: p, NotifiedAt: now})
	}
	return nil
}

// Incident returns one incident the viewer may see, or ga.ErrNotFound.
func (db *DB) Incident(ctx context.Context, id string) (*ga.Incident, error) {
	const op = "storage.Incident"
	var i *ga.Incident
	err := db.act(ctx, "incident_read", "incident", id, func(tx *Tx) error {
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		if i, err = tx.visibleIncident(op, a, id, false); err != nil {
			return err
		}
		tx.Audit("incident_read", "incident", id, ga.ResultSuccess, "")
		return nil
	})
	return i, err
}

// Incidents lists the incidents the viewer may see, newest report first.
// Together they are the viewer's view of the breach register (Art 33(5)).
func (db *DB) Incidents(ctx context.Context) ([]ga.Incident, error) {
	const op = "storage.Incidents"
	var out []ga.Incident
	err := db.Transact(ctx, func(tx *Tx) error {
		out = nil
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		rows, err := tx.Query(`SELECT ` + incidentColumns + ` FROM incidents ORDER BY reported_at DESC, id DESC`)
		if err != nil {
			return ga.Wrap(op, err)
		}
		var all []*ga.Incident
		for rows.Next() {
			i, err := scanIncident(rows)
			if err != nil {
				rows.Close()
				return ga.Wrap(op, err)
			}
			all = append(all, i)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return ga.Wrap(op, err)
		}
		if err := tx.incidentDetails(op, all); err != nil {
			return err
		}
		for _, i := range all {
			if ga.CanSeeIncident(a, *i) {
				out = append(out, *i)
			}
		}
		tx.Audit("incidents_list", "incident", "", ga.ResultSuccess, "aantal="+strconv.Itoa(len(out)))
		return nil
	})
	return out, err
}

// handleIncident runs one handling action on a visible incident under
// ga.CanHandleIncident; a closed incident no longer changes. fn changes
// the row; the incident is read again afterwards and returned.
func (db *DB) handleIncident(ctx context.Context, op, action, id string, fn func(tx *Tx, a *ga.Actor, i *ga.Incident) (string, error)) (*ga.Incident, error) {
	var out *ga.Incident
	err := db.act(ctx, action, "incident", id, func(tx *Tx) error {
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		i, err := tx.visibleIncident(op, a, id, true)
		if err != nil {
			return err
		}
		if !ga.CanHandleIncident(a, *i) {
			return ga.ErrForbidden(op)
		}
		if !i.Open() {
			return ga.E(ga.KindConflict, op, "Dit incident is afgesloten en wijzigt niet meer.")
		}
		detail, err := fn(tx, a, i)
		if err != nil {
			return err
		}
		if i.Status == ga.IncidentReported {
			if _, err := tx.Exec(`UPDATE incidents SET status = $2 WHERE id = $1 AND status = $3`,
				id, string(ga.IncidentInProgress), string(ga.IncidentReported)); err != nil {
				return ga.Wrap(op, err)
			}
		}
		if out, err = tx.incident(op, id, false); err != nil {
			return err
		}
		tx.Audit(action, "incident", id, ga.ResultSuccess, detail)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DecideAPNotification records the decision whether to notify the
// Autoriteit Persoonsgegevens (GDPR Art 33) and, when notified, when. It is
// recorded once; a second decision is KindConflict.
func (db *DB) DecideAPNotification(ctx context.Context, id string, d ga.APDecision) (*ga.Incident, error) {
	const op = "storage.DecideAPNotification"
	return db.handleIncident(ctx, op, "incident_ap_decision", id, func(tx *Tx, a *ga.Actor, i *ga.Incident) (string, error) {
		if i.AP != nil {
			return "", ga.E(ga.KindConflict, op, "Over melding aan de Autoriteit Persoonsgegevens is al besloten.")
		}
		d.NotifiedAt = storedTime(d.NotifiedAt)
		if err := d.Validate(*i, tx.Now()); err != nil {
			return "", err
		}
		if _, err := tx.Exec(`UPDATE incidents SET ap_decided_at = $2, ap_decided_by = $3, ap_notify = $4, ap_reasoning = $5,
				ap_notified_at = $6, ap_reference = $7, ap_delay_reason = $8 WHERE id = $1`,
			id, tx.Now(), recordedBy(a), d.Notify, d.Reasoning, nullTime(d.NotifiedAt), d.Reference, d.DelayReason); err != nil {
			return "", ga.Wrap(op, err)
		}
		i.AP = &ga.APDecision{Notify: d.Notify, NotifiedAt: d.NotifiedAt, DecidedAt: tx.Now()}
		return "melden=" + yesNo(d.Notify) + "; termijn=" + string(i.APClock(tx.Now()).State), nil
	})
}

// DecideSubjects records the decision on informing the data subjects (GDPR
// Art 34), once.
func (db *DB) DecideSubjects(ctx context.Context, id string, d ga.SubjectsDecision) (*ga.Incident, error) {
	const op = "storage.DecideSubjects"
	return db.handleIncident(ctx, op, "incident_subjects_decision", id, func(tx *Tx, a *ga.Actor, i *ga.Incident) (string, error) {
		if i.Subjects != nil {
			return "", ga.E(ga.KindConflict, op, "Over het informeren van de betrokkenen is al besloten.")
		}
		d.InformedAt = storedTime(d.InformedAt)
		if err := d.Validate(*i, tx.Now()); err != nil {
			return "", err
		}
		if _, err := tx.Exec(`UPDATE incidents SET ds_decided_at = $2, ds_decided_by = $3, ds_inform = $4, ds_exception = $5,
				ds_reasoning = $6, ds_informed_at = $7 WHERE id = $1`,
			id, tx.Now(), recordedBy(a), d.Inform, string(d.Exception), d.Reasoning, nullTime(d.InformedAt)); err != nil {
			return "", ga.Wrap(op, err)
		}
		return "informeren=" + yesNo(d.Inform), nil
	})
}

// AddIncidentStep records a step of investigation or recovery.
func (db *DB) AddIncidentStep(ctx context.Context, id string, s ga.IncidentStep) (*ga.Incident, error) {
	const op = "storage.AddIncidentStep"
	return db.handleIncident(ctx, op, "incident_step", id, func(tx *Tx, a *ga.Actor, i *ga.Incident) (string, error) {
		if err := ga.ValidateStep(s); err != nil {
			return "", err
		}
		if err := tx.insertStep(op, id, s.Kind, s.Description, recordedBy(a)); err != nil {
			return "", err
		}
		return "soort=" + string(s.Kind), nil
	})
}

func (tx *Tx) insertStep(op, incidentID string, kind ga.StepKind, description, by string) error {
	if _, err := tx.Exec(`INSERT INTO incident_steps (id, incident_id, kind, description, recorded_at, recorded_by)
		VALUES ($1, $2, $3, $4, $5, $6)`, NewID(), incidentID, string(kind), description, tx.Now(), by); err != nil {
		return ga.Wrap(op, err)
	}
	return nil
}

// CloseIncident closes a handled incident (ga.Incident.CheckClose); it
// stays in the register.
func (db *DB) CloseIncident(ctx context.Context, id string) (*ga.Incident, error) {
	const op = "storage.CloseIncident"
	return db.handleIncident(ctx, op, "incident_close", id, func(tx *Tx, a *ga.Actor, i *ga.Incident) (string, error) {
		if err := i.CheckClose(); err != nil {
			return "", err
		}
		if _, err := tx.Exec(`UPDATE incidents SET status = $2, closed_at = $3, closed_by = $4 WHERE id = $1`,
			id, string(ga.IncidentClosed), tx.Now(), recordedBy(a)); err != nil {
			return "", ga.Wrap(op, err)
		}
		i.Status = ga.IncidentClosed
		return "", nil
	})
}

// AcknowledgeIncident records that the actor's partner has seen the
// notification of the incident (ga.CanAcknowledgeIncident). Acknowledging
// twice keeps the first acknowledgement.
func (db *DB) AcknowledgeIncident(ctx context.Context, id string) (*ga.Incident, error) {
	const op = "storage.AcknowledgeIncident"
	var out *ga.Incident
	err := db.act(ctx, "incident_acknowledge", "incident", id, func(tx *Tx) error {
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		i, err := tx.visibleIncident(op, a, id, true)
		if err != nil {
			return err
		}
		if !ga.CanAcknowledgeIncident(a, *i) {
			return ga.ErrForbidden(op)
		}
		if _, err := tx.Exec(`UPDATE incident_partners SET acknowledged_at = $3, acknowledged_by = $4
			WHERE incident_id = $1 AND partner_id = $2 AND acknowledged_at IS NULL`, id, a.PartnerID, tx.Now(), a.UserID); err != nil {
			return ga.Wrap(op, err)
		}
		if out, err = tx.incident(op, id, false); err != nil {
			return err
		}
		tx.Audit("incident_acknowledge", "incident", id, ga.ResultSuccess, "")
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UnacknowledgedIncidents lists the incidents of which the actor's partner
// was notified and that the actor may acknowledge but nobody of the
// partner has yet, newest first: the notice on the start page.
func (db *DB) UnacknowledgedIncidents(ctx context.Context) ([]ga.Incident, error) {
	all, err := db.Incidents(ctx)
	if err != nil {
		return nil, err
	}
	a := ga.ActorFrom(ctx)
	var out []ga.Incident
	for _, i := range all {
		if !ga.CanAcknowledgeIncident(a, i) {
			continue
		}
		for _, n := range i.Notifications {
			if n.PartnerID == a.PartnerID && n.AcknowledgedAt == nil {
				out = append(out, i)
			}
		}
	}
	return out, nil
}

// Signal is what the system saw: the kind, the key that identifies its
// subject (a user or token id, a log name), the partners concerned and the
// evidence (ids, counts and times, never content).
type Signal struct {
	Kind       ga.SignalKind
	Key        string
	PartnerIDs []string
	Evidence   string
	// Once raises the signal only if no incident, open or closed, was ever
	// raised for this kind and key; otherwise a recurrence adds a step to
	// the open incident.
	Once bool
}

// raiseSignal opens an incident for the privacy officer in this
// transaction, or, when an open incident for the same signal and key
// exists, records the recurrence as a step of it. It returns the
// incident's id.
func (tx *Tx) raiseSignal(op string, s Signal) (string, error) {
	var id string
	if s.Once {
		n, err := tx.count(`SELECT count(*) FROM incidents WHERE signal = $1 AND signal_key = $2`, string(s.Kind), s.Key)
		if err != nil {
			return "", ga.Wrap(op, err)
		}
		if n > 0 {
			return "", nil
		}
	}
	err := tx.QueryRow(`SELECT id FROM incidents WHERE signal = $1 AND signal_key = $2 AND status <> $3
		ORDER BY reported_at LIMIT 1`, string(s.Kind), s.Key, string(ga.IncidentClosed)).Scan(&id)
	switch {
	case err == nil:
		if err := tx.insertStep(op, id, ga.StepRecurrence, s.Evidence, systemRecorder); err != nil {
			return "", err
		}
		tx.Audit("incident_signal_recurred", "incident", id, ga.ResultSuccess, "signaal="+string(s.Kind))
		return id, nil
	case !isNoRows(err):
		return "", ga.Wrap(op, err)
	}
	ids := slices.Compact(slices.Sorted(slices.Values(s.PartnerIDs)))
	ids = slices.DeleteFunc(ids, func(p string) bool { return p == "" })
	i := ga.Incident{
		Title:               s.Kind.Label(),
		Nature:              signalNature[s.Kind],
		ContactPoint:        "De privacyfunctionaris van de betrokken partner; het bewijs staat bij dit incident.",
		RecommendedMeasures: signalMeasures[s.Kind],
		Consequences:        "Nog te onderzoeken. Het systeem heeft dit signaal zelf opgemerkt; of persoonsgegevens zijn geraakt, blijkt uit het onderzoek.",
		AwareAt:             tx.Now(),
		Signal:              s.Kind,
		Evidence:            s.Evidence,
		PartnerIDs:          ids,
	}
	if err := tx.insertIncident(op, &i, s.Key); err != nil {
		return "", err
	}
	tx.Audit("incident_signal", "incident", i.ID, ga.ResultSuccess, "signaal="+string(s.Kind))
	return i.ID, nil
}

var signalNature = map[ga.SignalKind]string{
	ga.SignalLogVerification: "De controle van de logboeken vond een logboek dat niet intact is: een regel, handtekening of controlepunt klopt niet. Dat kan wijzen op manipulatie van het logboek of van de database.",
	ga.SignalReadVolume:      "Eén gebruiker raadpleegde op één dag veel meer persoonsgegevens dan in de eigen voorgaande weken: ten minste het minimum van de regel en meer dan het veelvoud van de drukste eigen dag (zie het bewijs).",
	ga.SignalFailedLogins:    "Een account is geblokkeerd na herhaalde mislukte aanmeldingen. Dat kan wijzen op het raden van een wachtwoord.",
	ga.SignalRevokedToken:    "Iemand gebruikte een ingetrokken API-token. Dat kan wijzen op een gelekt of vergeten token in een koppeling.",
	ga.SignalSealedData:      "Een versleuteld veld in de database bevatte onversleutelde tekst, of een versleutelde waarde die niet te ontsleutelen is (beschadigd of uit een andere rij gekopieerd). De applicatie schrijft zulke waarden niet: het wijst op manipulatie van de database of op een fout. Het veld is niet getoond.",
}

var signalMeasures = map[ga.SignalKind]string{
	ga.SignalLogVerification: "Draai 'groepsaanpak log verify' opnieuw, vergelijk met een back-up en met de getuige buiten de database, en onderzoek wie toegang had tot de database.",
	ga.SignalReadVolume:      "Vraag de gebruiker en diens leidinggevende naar de reden; bekijk het auditlogboek van die dag; blokkeer het account bij twijfel.",
	ga.SignalFailedLogins:    "Neem contact op met de gebruiker; laat het wachtwoord wijzigen als de pogingen niet van de gebruiker zelf kwamen.",
	ga.SignalRevokedToken:    "Zoek de koppeling die het token nog gebruikt en verwijder het daar; controleer het herkomstadres in het bewijs.",
	ga.SignalSealedData:      "Vergelijk de rij uit het bewijs met een back-up, draai 'groepsaanpak log verify', en onderzoek wie rechtstreeks toegang had tot de database.",
}

// RaiseSignal opens (or adds to) an incident for a signal outside any
// other transaction, as the scheduled jobs do. Only the system raises
// signals.
func (db *DB) RaiseSignal(ctx context.Context, s Signal) (string, error) {
	const op = "storage.RaiseSignal"
	var id string
	err := db.Transact(ctx, func(tx *Tx) error {
		if a := tx.Actor(); !a.System {
			return ga.ErrForbidden(op)
		}
		var err error
		id, err = tx.raiseSignal(op, s)
		return err
	})
	return id, err
}

// allPartnerIDs lists every partner's id.
func (tx *Tx) allPartnerIDs(op string) ([]string, error) {
	rows, err := tx.Query(`SELECT id FROM partners ORDER BY id`)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, ga.Wrap(op, err)
		}
		out = append(out, id)
	}
	return out, ga.Wrap(op, rows.Err())
}

// evidence formats name=value pairs for an incident's evidence.
func evidence(pairs ...string) string {
	var b strings.Builder
	for k := 0; k+1 < len(pairs); k += 2 {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(pairs[k] + ": " + pairs[k+1])
	}
	return b.String()
}

// BreachRegister returns the breach register (GDPR Art 33(5)) as the actor
// may export it: every incident the actor may see, newest first, for
// privacy officers and the coordinator (ga.CanExportBreachRegister). The
// export is audited.
func (db *DB) BreachRegister(ctx context.Context) ([]ga.Incident, error) {
	const op = "storage.BreachRegister"
	if err := db.act(ctx, "breach_register_export", "incident", "", func(tx *Tx) error {
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		if !ga.CanExportBreachRegister(a) {
			return ga.ErrForbidden(op)
		}
		tx.Audit("breach_register_export", "incident", "", ga.ResultSuccess, "")
		return nil
	}); err != nil {
		return nil, err
	}
	return db.Incidents(ctx)
}
