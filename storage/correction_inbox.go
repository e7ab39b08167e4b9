package storage

import (
	"context"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// The partner's side of a correction (GDPR Art 19): every partner that
// received a corrected item gets a notice (correctItem) and confirms that
// it carried the correction through in its own records. These methods let
// the users of that partner see and confirm the notices addressed to it.

// CorrectionsToConfirm lists the notices of granted corrections addressed
// to the actor's partner that nobody of it confirmed yet, oldest first. It
// asks what every read of personal data asks (the Art 8 gate, the roles
// and the confidentiality duty); the notice names the person, so it writes
// the processing line correctiebericht_raadplegen for every person listed.
func (db *DB) CorrectionsToConfirm(ctx context.Context) ([]ga.CorrectionToConfirm, error) {
	const op = "storage.CorrectionsToConfirm"
	var out []ga.CorrectionToConfirm
	err := db.act(ctx, "correction_notice_list", "correction", "", func(tx *Tx) error {
		out = nil
		reg, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		if v.partnerID == "" || !v.content {
			return ga.ErrForbidden(op)
		}
		rows, err := tx.Query(`SELECT c.id, c.item_id, p.id, p.name, p.pseudonym, g.name, i.category, i.status, c.action, c.decided_on, n.notified_on
			FROM correction_notices n JOIN item_corrections c ON c.id = n.correction_id JOIN items i ON i.id = c.item_id
			JOIN persons p ON p.id = i.person_id JOIN groups g ON g.id = i.group_id
			WHERE n.partner_id = $1 AND n.confirmed_on = '' ORDER BY n.notified_on, c.decided_at, c.id`, v.partnerID)
		if err != nil {
			return ga.Wrap(op, err)
		}
		defer rows.Close()
		var pseudonyms []string
		for rows.Next() {
			var n ga.CorrectionToConfirm
			var personID, ps, status, action, decided, notified string
			if err := rows.Scan(&n.CorrectionID, &n.ItemID, &personID, &n.Person, &ps, &n.Group, &n.Category, &status, &action, &decided, &notified); err != nil {
				return ga.Wrap(op, err)
			}
			// The name is encrypted at rest (crypt.go).
			if err := tx.crypt().open(personKeyID(personID), "persons", personID, col("name", &n.Person)); err != nil {
				return ga.Wrap(op, err)
			}
			n.Action, n.DecidedOn, n.NotifiedOn = ga.CorrectionAction(action), ga.Date(decided), ga.Date(notified)
			n.Viewable = ga.ItemStatus(status) != ga.ItemDeleted && ga.ItemStatus(status) != ga.ItemBlocked
			pseudonyms = append(pseudonyms, ps)
			out = append(out, n)
		}
		if err := rows.Err(); err != nil {
			return ga.Wrap(op, err)
		}
		tx.processed(ga.ProcCorrectionNotice, reg, pseudonyms...)
		tx.Audit("correction_notice_list", "correction", "", ga.ResultSuccess, "")
		return nil
	})
	return out, err
}

// CountCorrectionsToConfirm counts the notices CorrectionsToConfirm would
// list, for the start page; the count names nobody, so it writes an audit
// line only. An actor who may not process personal data gets zero.
func (db *DB) CountCorrectionsToConfirm(ctx context.Context) (int, error) {
	const op = "storage.CountCorrectionsToConfirm"
	var n int
	err := db.act(ctx, "correction_notice_count", "correction", "", func(tx *Tx) error {
		n = 0
		a, err := requireActor(tx, op)
		if err != nil {
			return err
		}
		if a.System || a.PartnerID == "" || !ga.CanProcessPersonalData(a) {
			return nil
		}
		if err := tx.QueryRow(`SELECT count(*) FROM correction_notices WHERE partner_id = $1 AND confirmed_on = ''`, a.PartnerID).Scan(&n); err != nil {
			return ga.Wrap(op, err)
		}
		tx.Audit("correction_notice_count", "correction", "", ga.ResultSuccess, "")
		return nil
	})
	return n, err
}
