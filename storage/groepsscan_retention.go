package storage

import (
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/groepsscan"
	"github.com/groepsaanpak/groepsaanpak/internal/keyring"
)

// procScanRetention is the processing-log name of the deletion of a
// person's Groepsscan data because the retention period of registrations
// passed.
const procScanRetention = "registraties_bewaartermijn_verwijderen"

// The retention of the Groepsscan (GDPR Art 5(1)(e); docs/groepsscan.md
// "Retention"). A registration is kept groepsscan.RetentionMonths after it
// occurred, the period a scan looks back over. At the cutoff
// (groepsscan.RetentionCutoff) retainRegistrations deletes:
//
//   - every registration that occurred before the cutoff, with its persons;
//   - every scan run whose window ended at or before the cutoff, except the
//     latest scan, which a new scan needs to keep the groups' stable ids:
//     its groups, members and uncertain matches, and its key
//     (groepsscan/scan/S). A detected group of such a run that a casework
//     group was made from (group_scans) keeps its row, which the link
//     needs, but its profile reads as empty since the run's key is
//     destroyed; the casework keeps its own copy, under the casework's
//     retention;
//   - the soft input on a detected group that no kept scan holds, and its
//     key (groepsscan/groep/G);
//   - every person no longer referenced by a kept registration, a member or
//     uncertain match of a kept scan, kept soft input, or a casework
//     group's name list made from a scan, and the person's own key
//     (groepsscan/persoon/P, P the pseudonym), so that backups taken
//     before cannot be read for the person's name and date of birth;
//   - the key of every registration month wholly before the cutoff
//     (groepsscan/maand/YYYY-MM, UTC months), so that backups taken before
//     cannot be read for that month.
//
// The predicates below describe what is kept, so that a dry run counts
// exactly what a run deletes.

// keptScan is the condition on scans s of a kept scan run: $1 the cutoff,
// $2 the latest scan's id.
const keptScan = `NOT (s.window_to <= $1 AND s.id <> $2)`

// keptScanGroups selects the stable ids of the detected groups kept.
const keptScanGroups = `SELECT sg.group_id FROM scan_groups sg JOIN scans s ON s.id = sg.scan_id
	WHERE ` + keptScan + ` OR EXISTS (SELECT 1 FROM group_scans gs WHERE gs.scan_id = sg.scan_id AND gs.scan_group_id = sg.group_id)`

// goneScanPersons selects the key and pseudonym of every person who is
// referenced by nothing kept. The references are gathered once (NOT IN a
// union, which both databases evaluate as one set) rather than looked up
// per person.
const goneScanPersons = `SELECT sp.person_key, sp.pseudonym FROM scan_persons sp
	WHERE sp.person_key NOT IN (
		SELECT rp.person_key FROM registration_persons rp JOIN registrations r ON r.id = rp.registration_id WHERE r.occurred_at >= $1
		UNION SELECT m.person_key FROM scan_group_members m JOIN scans s ON s.id = m.scan_id WHERE ` + keptScan + `
		UNION SELECT u.person_a FROM scan_uncertain_matches u JOIN scans s ON s.id = u.scan_id WHERE ` + keptScan + `
		UNION SELECT u.person_b FROM scan_uncertain_matches u JOIN scans s ON s.id = u.scan_id WHERE ` + keptScan + `
		UNION SELECT si.person_key FROM scan_soft_input si WHERE si.group_id IN (` + keptScanGroups + `)
		UNION SELECT gm.person_key FROM group_scan_members gm)
	ORDER BY sp.person_key`

// retainRegistrations applies the retention of the Groepsscan, counting
// into rep and, unless dryRun, deleting, destroying the keys and writing
// one processing line per data subject and one audit line with the counts.
func (tx *Tx) retainRegistrations(op string, rep *ga.RegistrationRetention, dryRun bool, regID string) error {
	cutoff := groepsscan.RetentionCutoff(tx.Now())
	rep.Cutoff = cutoff
	rep.Months = []string{}
	var latest string
	if err := tx.QueryRow(`SELECT id FROM scans ORDER BY created_at DESC, id DESC LIMIT 1`).Scan(&latest); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return ga.Wrap(op, err)
	}

	// What goes, read before anything is deleted.
	var err error
	if rep.Registrations, err = tx.count(`SELECT count(*) FROM registrations WHERE occurred_at < $1`, cutoff); err != nil {
		return ga.Wrap(op, err)
	}
	// A run kept only for the link of a casework group (its groups made
	// into casework groups, with nothing else left) is done.
	scans, err := tx.stringColumn(op, `SELECT s.id FROM scans s WHERE NOT (`+keptScan+`) AND (
			EXISTS (SELECT 1 FROM scan_group_members m WHERE m.scan_id = s.id)
			OR EXISTS (SELECT 1 FROM scan_uncertain_matches u WHERE u.scan_id = s.id)
			OR NOT EXISTS (SELECT 1 FROM group_scans gs WHERE gs.scan_id = s.id)) ORDER BY s.id`, cutoff, latest)
	if err != nil {
		return err
	}
	rep.Scans = len(scans)
	softGroups, err := tx.stringColumn(op, `SELECT DISTINCT group_id FROM scan_soft_input WHERE group_id NOT IN (`+keptScanGroups+`) ORDER BY group_id`, cutoff, latest)
	if err != nil {
		return err
	}
	if rep.SoftInput, err = tx.count(`SELECT count(*) FROM scan_soft_input WHERE group_id NOT IN (`+keptScanGroups+`)`, cutoff, latest); err != nil {
		return ga.Wrap(op, err)
	}
	rows, err := tx.Query(goneScanPersons, cutoff, latest)
	if err != nil {
		return ga.Wrap(op, err)
	}
	var goneKeys, subjects []string
	for rows.Next() {
		var k, ps string
		if err := rows.Scan(&k, &ps); err != nil {
			rows.Close()
			return ga.Wrap(op, err)
		}
		goneKeys = append(goneKeys, k)
		subjects = append(subjects, ps)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return ga.Wrap(op, err)
	}
	rep.Persons = len(goneKeys)
	months, err := tx.shreddableMonths(op, cutoff)
	if err != nil {
		return err
	}
	rep.Months = months
	if dryRun || rep.Empty() {
		return nil
	}

	// The data subjects: every person of a deleted registration or of a
	// deleted scan run, and every person deleted.
	more, err := tx.stringColumn(op, `SELECT DISTINCT sp.pseudonym FROM scan_persons sp WHERE sp.person_key IN (
			SELECT rp.person_key FROM registration_persons rp JOIN registrations r ON r.id = rp.registration_id WHERE r.occurred_at < $1
			UNION SELECT m.person_key FROM scan_group_members m JOIN scans s ON s.id = m.scan_id WHERE NOT (`+keptScan+`)
			UNION SELECT u.person_a FROM scan_uncertain_matches u JOIN scans s ON s.id = u.scan_id WHERE NOT (`+keptScan+`)
			UNION SELECT u.person_b FROM scan_uncertain_matches u JOIN scans s ON s.id = u.scan_id WHERE NOT (`+keptScan+`))`, cutoff, latest)
	if err != nil {
		return err
	}
	subjects = append(subjects, more...)

	// The keys go first: should the commit fail, the rows stay but read as
	// erased, never the other way round.
	keys := make([]string, 0, len(scans)+len(softGroups)+len(months)+len(goneKeys))
	for _, s := range scans {
		keys = append(keys, scanRunKeyID(s))
	}
	for _, g := range softGroups {
		keys = append(keys, scanGroupKeyID(g))
	}
	for _, m := range months {
		keys = append(keys, scanRootKeyID+"/maand/"+m)
	}
	// Each deleted person's own key (subjects starts with their
	// pseudonyms); never the subtree of all persons' keys.
	for _, ps := range subjects[:len(goneKeys)] {
		keys = append(keys, scanPersonKeyID(ps))
	}
	for chunk := range slices.Chunk(keys, importBatch) {
		if err := tx.crypt().shred(chunk...); err != nil {
			return ga.Wrap(op, err)
		}
	}

	for _, s := range scans {
		for _, q := range []string{
			`DELETE FROM scan_uncertain_matches WHERE scan_id = $1`,
			`DELETE FROM scan_group_members WHERE scan_id = $1`,
			`DELETE FROM scan_groups WHERE scan_id = $1 AND NOT EXISTS (SELECT 1 FROM group_scans gs WHERE gs.scan_id = scan_groups.scan_id AND gs.scan_group_id = scan_groups.group_id)`,
			`DELETE FROM scans WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM scan_groups WHERE scan_id = $1)`,
		} {
			if _, err := tx.Exec(q, s); err != nil {
				return ga.Wrap(op, err)
			}
		}
	}
	for _, g := range softGroups {
		if _, err := tx.Exec(`DELETE FROM scan_soft_input WHERE group_id = $1`, g); err != nil {
			return ga.Wrap(op, err)
		}
	}
	for _, q := range []string{
		`DELETE FROM registration_persons WHERE registration_id IN (SELECT id FROM registrations WHERE occurred_at < $1)`,
		`DELETE FROM registrations WHERE occurred_at < $1`,
	} {
		if _, err := tx.Exec(q, cutoff); err != nil {
			return ga.Wrap(op, err)
		}
	}
	for chunk := range slices.Chunk(goneKeys, tx.inChunk()) {
		var args []any
		if _, err := tx.Exec(`DELETE FROM scan_persons WHERE person_key IN (`+placeholders(&args, chunk)+`)`, args...); err != nil {
			return ga.Wrap(op, err)
		}
	}
	for chunk := range slices.Chunk(subjects, importLogChunk) {
		tx.processed(procScanRetention, regID, chunk...)
		if err := tx.appendProcessingNow(); err != nil {
			return ga.Wrap(op, err)
		}
	}
	tx.Audit("retention_delete", "registration", "", ga.ResultSuccess,
		"registraties="+strconv.Itoa(rep.Registrations)+"; personen="+strconv.Itoa(rep.Persons)+"; scans="+strconv.Itoa(rep.Scans)+
			"; zachte informatie="+strconv.Itoa(rep.SoftInput)+"; maandsleutels="+strconv.Itoa(len(rep.Months)))
	return nil
}

// shreddableMonths returns the registration months (UTC, YYYY-MM) wholly
// before cutoff whose key the key store still holds: those of the
// registrations past the period, and the month before the cutoff's month,
// whose last registrations an earlier run may already have deleted while
// the month was not yet wholly past.
func (tx *Tx) shreddableMonths(op string, cutoff time.Time) ([]string, error) {
	out := []string{}
	keys := tx.crypt().keys
	if keys == nil {
		return out, nil
	}
	end := time.Date(cutoff.Year(), cutoff.Month(), 1, 0, 0, 0, 0, time.UTC) // the first month not wholly past
	first := end.AddDate(0, -1, 0)
	var oldest time.Time
	err := tx.QueryRow(`SELECT occurred_at FROM registrations WHERE occurred_at < $1 ORDER BY occurred_at LIMIT 1`, cutoff).Scan(&oldest)
	switch {
	case err == nil:
		o := oldest.UTC()
		if m := time.Date(o.Year(), o.Month(), 1, 0, 0, 0, 0, time.UTC); m.Before(first) {
			first = m
		}
	case !errors.Is(err, sql.ErrNoRows):
		return nil, ga.Wrap(op, err)
	}
	for m := first; m.Before(end); m = m.AddDate(0, 1, 0) {
		id := scanMonthKeyID(m)
		_, err := keys.Key(tx.ctx, id)
		switch {
		case err == nil:
			out = append(out, m.Format("2006-01"))
		case errors.Is(err, keyring.ErrShredded):
			// destroyed before
		default:
			// The store never held it: nothing was sealed in that month.
		}
	}
	return out, nil
}
