package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Corrections (covenant Art 6.2, GDPR Art 16–19; ga.Correction). A
// handler decides per item; a granted correction is carried out in the
// same transaction: the content improved or supplemented (status
// gecorrigeerd), deleted (status verwijderd: content and necessity emptied
// here and in earlier corrections of the item, so that the content is gone
// from the database while the row, the audit line and the processing line
// stay as a tombstone), or blocked (status afgeschermd, which the
// need-to-know predicate already hides from everyone). Every partner that
// received the item according to the logs, and its source, gets a notice
// to confirm.

// Processing-log names of corrections.
const (
	procItemCorrect = "gegeven_corrigeren"
	procItemDelete  = "gegeven_verwijderen"
	procItemBlock   = "gegeven_afschermen"
)

// itemShowingActions are the audit actions that show items of a person
// without naming each item: lists and meeting views.
var itemShowingActions = []string{"item_list", "meeting_view", "meeting_read"}

// DecideCorrection records the decision on one item of the correction (or
// objection) case caseID under ga.RightsCase.CheckCorrect and
// ga.Correction.Validate, and carries out a granted one at once. The item
// must be about the case's person and not deleted already (KindInvalid,
// KindConflict). It sets c's ID, CaseID, DecidedOn, DecidedBy, DecidedAt
// and Notices.
//
// After a granted deletion has committed, eraseResidues removes the old
// versions of the content that the database engine keeps outside the live
// rows. Should that fail, the decision stands and the error says so.
func (db *DB) DecideCorrection(ctx context.Context, caseID string, c *ga.Correction) error {
	const op = "storage.DecideCorrection"
	err := db.caseStep(ctx, op, "item_correct", caseID, func(tx *Tx, a *ga.Actor, rc *storedCase) (string, error) {
		if err := rc.CheckCorrect(); err != nil {
			return "", err
		}
		return tx.correctItem(op, a, rc, c)
	})
	if err == nil && c.Granted && c.Action == ga.CorrectDelete {
		err = db.eraseAfterDecision(ctx, op)
	}
	return err
}

// eraseAfterDecision erases the residues of a deletion just decided. That
// older transactions still run (ErrOlderTransactions) does not fail the
// decision: the rewrite has run, and what those transactions keep goes with
// the next erasure (EraseResidues).
func (db *DB) eraseAfterDecision(ctx context.Context, op string) error {
	if err := db.eraseResidues(ctx, op); err != nil && !errors.Is(err, ErrOlderTransactions) {
		return err
	}
	return nil
}

// EraseResidues removes the old copies of deleted content that the
// database engine still keeps (see eraseResidues), as every granted
// deletion does after its decision; the system or a handler of rights
// cases runs it again when a deletion reported older transactions, or
// to check. It returns an error wrapping ErrOlderTransactions when
// PostgreSQL may still keep copies because such transactions run.
func (db *DB) EraseResidues(ctx context.Context) error {
	const op = "storage.EraseResidues"
	a := ga.ActorFrom(ctx)
	if a == nil || !(a.System || ga.CanHandleRightsCases(a)) {
		return ga.ErrForbidden(op)
	}
	return db.eraseResidues(ctx, op)
}

// erasedTables are the tables whose rows a granted deletion empties.
var erasedTables = []string{"items", "item_corrections"}

// eraseResidues removes, after a committed deletion, the copies of the
// deleted content that the database engine still holds outside the live
// rows, so that the bytes are gone from the database files (issue 5: "the
// item's content can be found nowhere in the database").
//
// SQLite runs with secure_delete (sqliteDSN), so the page that held the
// content is overwritten with zeros when the row is emptied; the earlier
// versions of that page are still frames of the write-ahead log, which a
// TRUNCATE checkpoint copies back and cuts off. It waits for readers
// (busy_timeout, and up to five attempts while a reader holds an older
// snapshot) and costs in proportion to the log, not to the database.
//
// PostgreSQL keeps the old row version as a dead tuple, and a plain VACUUM
// marks its space free without overwriting the bytes (measured: the content
// is still in the heap file after VACUUM and CHECKPOINT). VACUUM FULL
// rewrites the tables into new files and removes the old ones, once the
// transactions that could still see the old content have ended
// (awaitOlderSnapshots); it runs
// outside any transaction, takes an exclusive lock on the two tables for the
// time of the rewrite and costs in proportion to their size
// (docs/rights.md has the figures). The write-ahead log segments and backups
// keep the content until they are recycled or expire.
func (db *DB) eraseResidues(ctx context.Context, op string) error {
	const msg = "De verwijdering is vastgelegd, maar het opruimen van oude kopieën in de database is mislukt."
	switch db.dialect {
	case SQLite:
		// A reader that holds an older snapshot keeps the checkpoint from
		// finishing; it ends within moments, so try a few times. The
		// checkpointer waits meanwhile rather than making this one busy.
		defer db.lockCheckpoints()()
		for attempt := 0; ; attempt++ {
			var busy, logFrames, done int
			if err := db.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &done); err != nil {
				return &ga.Error{Kind: ga.KindInternal, Op: op, Message: msg, Err: err}
			}
			if busy == 0 {
				break
			}
			if attempt == 4 {
				return &ga.Error{Kind: ga.KindInternal, Op: op, Message: msg, Err: errors.New("wal checkpoint busy")}
			}
			select {
			case <-ctx.Done():
				return &ga.Error{Kind: ga.KindInternal, Op: op, Message: msg, Err: ctx.Err()}
			case <-time.After(time.Duration(attempt+1) * 50 * time.Millisecond):
			}
		}
	case Postgres:
		// Rewrite even when older transactions still run: what they no
		// longer need goes now, and the error says that copies remain.
		waited := db.awaitOlderSnapshots(ctx)
		if _, err := db.db.ExecContext(ctx, `VACUUM FULL `+strings.Join(erasedTables, ", ")); err != nil {
			return &ga.Error{Kind: ga.KindInternal, Op: op, Message: msg, Err: err}
		}
		if waited != nil {
			return &ga.Error{Kind: ga.KindInternal, Op: op, Message: msg, Err: waited}
		}
	}
	return nil
}

// ErrOlderTransactions says that transactions older than a deletion still
// ran when its residues were erased (eraseResidues), so that PostgreSQL
// may keep old copies of the content until they end and the next deletion
// erases again.
var ErrOlderTransactions = errors.New("storage: transactions older than the deletion still run; old copies may remain until they end")

// erasureWait bounds how long eraseResidues waits for the transactions
// that may still see the content.
const erasureWait = 10 * time.Second

// awaitOlderSnapshots waits until the transactions that began before now
// have ended: in this database every one that holds a snapshot, and in
// every database of the server every one that has a transaction id. VACUUM
// FULL copies a dead row version that a snapshot might still need
// ("recently dead") into the new file, and the oldest transaction id still
// running anywhere on the server holds back the xmin of every new
// snapshot, VACUUM FULL's own included: an open transaction in another
// database kept the content in the rewritten file in testing. xmax of a
// fresh snapshot is the first transaction id not yet begun; a backend
// whose xmin or transaction id is older (by age, which counts modulo
// wraparound) began before now. Prepared transactions and replication
// slots are not waited for.
func (db *DB) awaitOlderSnapshots(ctx context.Context) error {
	var xmax string
	if err := db.db.QueryRowContext(ctx, `SELECT (pg_snapshot_xmax(pg_current_snapshot())::text::bigint % 4294967296)::text`).Scan(&xmax); err != nil {
		return err
	}
	deadline := time.Now().Add(erasureWait)
	for wait := 10 * time.Millisecond; ; wait = min(2*wait, time.Second) {
		var older int
		if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid()
			AND (age(backend_xid) > age($1::text::xid) OR datname = current_database() AND age(backend_xmin) > age($1::text::xid))`, xmax).Scan(&older); err != nil {
			return err
		}
		if older == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%w (%d after %v)", ErrOlderTransactions, older, erasureWait)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

// correctItem records and carries out the decision c on one item of the
// person of case rc.
func (tx *Tx) correctItem(op string, a *ga.Actor, rc *storedCase, c *ga.Correction) (string, error) {
	caseID := rc.ID
	if err := c.Validate(); err != nil {
		return "", err
	}
	var source, content, status, groupID string
	var created time.Time
	err := tx.QueryRow(`SELECT source_partner_id, content, status, created_at, group_id FROM items WHERE id = $1 AND person_id = $2`+tx.db.Dialect().ForUpdate(),
		c.ItemID, rc.PersonID).Scan(&source, &content, &status, &created, &groupID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ga.E(ga.KindInvalid, op, "De invoer is niet geldig.", ga.Detail{Name: "gegevenId", Message: "Kies een gegeven over deze persoon."})
	} else if err != nil {
		return "", ga.Wrap(op, err)
	}
	if ga.ItemStatus(status) == ga.ItemDeleted {
		return "", ga.E(ga.KindConflict, op, "Dit gegeven is al verwijderd.")
	}
	if err := tx.crypt().openPersonItem(rc.PersonID, groupID, c.ItemID, &content); err != nil {
		return "", ga.Wrap(op, err)
	}
	now := tx.Now()
	d := *c
	d.ID, d.CaseID, d.DecidedOn, d.DecidedBy, d.DecidedAt, d.Notices = NewID(), caseID, ga.DateOf(now), a.UserID, now, nil
	if d.Action == ga.CorrectDelete || d.Action == ga.CorrectBlock {
		d.Text = ""
	}
	text := strings.TrimSpace(d.Text)
	if err := tx.crypt().seal(caseKeyID(rc.PersonID, caseID), "item_corrections", d.ID, col("text", &text)); err != nil {
		return "", ga.Wrap(op, err)
	}
	if _, err := tx.Exec(`INSERT INTO item_corrections (id, case_id, item_id, action, text, granted, motivation, decided_on, decided_by, decided_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, d.ID, caseID, d.ItemID, string(d.Action), text,
		d.Granted, strings.TrimSpace(d.Motivation), string(d.DecidedOn), d.DecidedBy, now); err != nil {
		return "", ga.Wrap(op, err)
	}
	detail := "gegeven=" + d.ItemID + "; handeling=" + string(d.Action)
	if !d.Granted {
		*c = d
		return detail + "; afgewezen", nil
	}
	reg := ""
	if s, err := tx.gateState(op); err == nil && s.Register != nil {
		reg = s.Register.ID
	}
	proc := procItemCorrect
	switch d.Action {
	case ga.CorrectImprove, ga.CorrectSupplement:
		text := strings.TrimSpace(d.Text)
		if d.Action == ga.CorrectSupplement {
			text = content + "\n\nAanvulling op verzoek van de betrokkene (" + d.DecidedOn.Dutch() + "): " + text
		}
		if text, err = tx.crypt().sealItem(d.ItemID, groupID, rc.PersonID, text); err == nil {
			_, err = tx.Exec(`UPDATE items SET content = $2, status = $3, updated_at = $4 WHERE id = $1`, d.ItemID, text, string(ga.ItemCorrected), now)
		}
	case ga.CorrectDelete:
		proc = procItemDelete
		if _, err = tx.Exec(`UPDATE items SET content = '', necessity = '', status = $2, updated_at = $3 WHERE id = $1`,
			d.ItemID, string(ga.ItemDeleted), now); err == nil {
			_, err = tx.Exec(`UPDATE item_corrections SET text = '' WHERE item_id = $1`, d.ItemID)
		}
		if err == nil {
			// Crypto-shredding: the item's own key goes, so that no
			// backup taken before can be read for it.
			err = tx.crypt().shred(itemKeyID(groupID, rc.PersonID, d.ItemID))
		}
	case ga.CorrectBlock:
		proc = procItemBlock
		_, err = tx.Exec(`UPDATE items SET status = $2, updated_at = $3 WHERE id = $1`, d.ItemID, string(ga.ItemBlocked), now)
	}
	if err != nil {
		return "", ga.Wrap(op, err)
	}
	recipients, err := tx.itemRecipients(op, d.ItemID, rc.pseudonym, source, created)
	if err != nil {
		return "", err
	}
	names, err := tx.partnerNames(op)
	if err != nil {
		return "", err
	}
	for _, p := range recipients {
		if _, err := tx.Exec(`INSERT INTO correction_notices (correction_id, partner_id, notified_on) VALUES ($1, $2, $3)`,
			d.ID, p, string(d.DecidedOn)); err != nil {
			return "", ga.Wrap(op, err)
		}
		d.Notices = append(d.Notices, ga.CorrectionNotice{PartnerID: p, PartnerName: names[p], NotifiedOn: d.DecidedOn})
	}
	tx.processed(proc, reg, rc.pseudonym)
	tx.Audit("item_"+string(d.Action), "item", d.ItemID, ga.ResultSuccess, "verzoek="+caseID)
	*c = d
	return detail + "; toegewezen; ontvangers=" + strconv.Itoa(len(recipients)), nil
}

// itemRecipients returns, sorted, the partners that received the item
// according to the logs — audit lines naming the item, and lists and
// meeting views of the person's items after the item was recorded — and
// the item's source.
func (tx *Tx) itemRecipients(op, itemID, pseudonym, source string, created time.Time) ([]string, error) {
	set := map[string]bool{source: true}
	rows, err := tx.Query(`SELECT partner_id FROM log_entries WHERE log = 'audit' AND object_type = 'item' AND object_id = $1
		AND result = $2 AND partner_id <> ''`, itemID, string(ga.ResultSuccess))
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return nil, ga.Wrap(op, err)
		}
		set[p] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, ga.Wrap(op, err)
	}
	args := []any{pseudonym, string(ga.ResultSuccess)}
	var ps []string
	for _, a := range itemShowingActions {
		ps = append(ps, bind(&args, a))
	}
	rows, err = tx.Query(`SELECT a.partner_id, a.event_time FROM log_entries p JOIN log_entries a ON a.trace_id = p.trace_id AND a.log = 'audit'
		WHERE p.log = 'processing' AND p.data_subject_id = $1 AND a.result = $2 AND a.partner_id <> ''
		AND a.action IN (`+strings.Join(ps, ", ")+`)`, args...)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		var at time.Time
		if err := rows.Scan(&p, &at); err != nil {
			return nil, ga.Wrap(op, err)
		}
		if !at.Before(created) {
			set[p] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, ga.Wrap(op, err)
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	slices.Sort(out)
	return out, nil
}

// Corrections lists the decisions on the items of case caseID with their
// notices, oldest first. Only handlers read them.
func (db *DB) Corrections(ctx context.Context, caseID string) ([]ga.Correction, error) {
	const op = "storage.Corrections"
	var out []ga.Correction
	err := db.act(ctx, "correction_list", "rights_case", caseID, func(tx *Tx) error {
		out = nil
		if _, _, err := tx.rightsHandler(op); err != nil {
			return err
		}
		if _, err := tx.rightsCase(op, caseID, false); err != nil {
			return err
		}
		var err error
		out, err = tx.corrections(op, `c.case_id = $1`, caseID)
		if err != nil {
			return err
		}
		tx.Audit("correction_list", "rights_case", caseID, ga.ResultSuccess, "")
		return nil
	})
	return out, err
}

func (tx *Tx) corrections(op, where string, args ...any) ([]ga.Correction, error) {
	rows, err := tx.Query(`SELECT c.id, c.case_id, c.item_id, c.action, c.text, c.granted, c.motivation, c.decided_on, c.decided_by, c.decided_at,
		(SELECT rc.person_id FROM rights_cases rc WHERE rc.id = c.case_id)
		FROM item_corrections c WHERE `+where+` ORDER BY c.decided_at, c.id`, args...)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	var out []ga.Correction
	index := map[string]int{}
	for rows.Next() {
		var c ga.Correction
		var action, on, person string
		if err := rows.Scan(&c.ID, &c.CaseID, &c.ItemID, &action, &c.Text, &c.Granted, &c.Motivation, &on, &c.DecidedBy, &c.DecidedAt, &person); err != nil {
			rows.Close()
			return nil, ga.Wrap(op, err)
		}
		if err := tx.crypt().open(caseKeyID(person, c.CaseID), "item_corrections", c.ID, col("text", &c.Text)); err != nil {
			rows.Close()
			return nil, ga.Wrap(op, err)
		}
		c.Action, c.DecidedOn, c.DecidedAt = ga.CorrectionAction(action), ga.Date(on), c.DecidedAt.UTC()
		index[c.ID] = len(out)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, ga.Wrap(op, err)
	}
	names, err := tx.partnerNames(op)
	if err != nil {
		return nil, err
	}
	var qargs []any
	var ps []string
	for _, c := range out {
		ps = append(ps, bind(&qargs, c.ID))
	}
	rows, err = tx.Query(`SELECT correction_id, partner_id, notified_on, confirmed_on FROM correction_notices
		WHERE correction_id IN (`+strings.Join(ps, ", ")+`) ORDER BY correction_id, partner_id`, qargs...)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, on, confirmed string
		var n ga.CorrectionNotice
		if err := rows.Scan(&id, &n.PartnerID, &on, &confirmed); err != nil {
			return nil, ga.Wrap(op, err)
		}
		n.PartnerName, n.NotifiedOn, n.ConfirmedOn = names[n.PartnerID], ga.Date(on), ga.Date(confirmed)
		out[index[id]].Notices = append(out[index[id]].Notices, n)
	}
	return out, ga.Wrap(op, rows.Err())
}

// ConfirmCorrection records that partner partnerID confirmed the notice
// of correction correctionID: a user of that partner confirms for it, a
// handler records a confirmation received otherwise. A partner without a
// notice gets ga.ErrNotFound; confirming twice keeps the first date.
func (db *DB) ConfirmCorrection(ctx context.Context, correctionID, partnerID string) error {
	const op = "storage.ConfirmCorrection"
	return db.act(ctx, "correction_confirm", "correction", correctionID, func(tx *Tx) error {
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		if a.System || !(ga.CanHandleRightsCases(a) || a.PartnerID == partnerID && ga.CanProcessPersonalData(a)) {
			return ga.ErrNotFound(op)
		}
		res, err := tx.Exec(`UPDATE correction_notices SET confirmed_on = CASE WHEN confirmed_on = '' THEN $3 ELSE confirmed_on END,
			confirmed_by = CASE WHEN confirmed_by = '' THEN $4 ELSE confirmed_by END WHERE correction_id = $1 AND partner_id = $2`,
			correctionID, partnerID, string(ga.DateOf(tx.Now())), a.UserID)
		if err != nil {
			return ga.Wrap(op, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ga.ErrNotFound(op)
		}
		tx.Audit("correction_confirm", "correction", correctionID, ga.ResultSuccess, "partner="+partnerID)
		return nil
	})
}

// CaseItems lists the items about the person of case caseID that are not
// deleted, for a handler deciding a correction or objection: with content,
// except that a blocked item's content is shown to a privacy officer only
// (SPEC §3). It writes the processing line verzoek_behandelen.
func (db *DB) CaseItems(ctx context.Context, caseID string) ([]ga.AccessItem, error) {
	const op = "storage.CaseItems"
	var out []ga.AccessItem
	err := db.caseStepRead(ctx, op, "case_items", caseID, func(tx *Tx, rc *storedCase) error {
		out = nil
		names, err := tx.partnerNames(op)
		if err != nil {
			return err
		}
		rows, err := tx.Query(`SELECT i.id, g.name, i.category, i.special, i.criminal, i.content, i.concerns_date, i.status, i.legal_ground, i.source_partner_id, i.group_id
			FROM items i JOIN groups g ON g.id = i.group_id WHERE i.person_id = $1 AND i.status <> $2 ORDER BY i.concerns_date, i.created_at, i.id`,
			rc.PersonID, statusDeleted)
		if err != nil {
			return ga.Wrap(op, err)
		}
		defer rows.Close()
		privacy := ga.ActorFrom(tx.ctx).Has(ga.RolePrivacyOfficer)
		for rows.Next() {
			var it ga.AccessItem
			var date, status, source, groupID string
			if err := rows.Scan(&it.ID, &it.Group, &it.Category, &it.Special, &it.Criminal, &it.Content, &date, &status, &it.LegalGround, &source, &groupID); err != nil {
				return ga.Wrap(op, err)
			}
			if err := tx.crypt().openPersonItem(rc.PersonID, groupID, it.ID, &it.Content); err != nil {
				return ga.Wrap(op, err)
			}
			it.ConcernsDate, it.Status, it.Source = ga.Date(date), ga.ItemStatus(status), names[source]
			if it.Status == ga.ItemBlocked && !privacy {
				it.Content = ""
			}
			out = append(out, it)
		}
		return ga.Wrap(op, rows.Err())
	})
	return out, err
}
