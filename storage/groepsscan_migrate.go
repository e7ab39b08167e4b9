package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/groepsscan"
)

// scanSealedTables lists the Groepsscan's columns that encryptGroepsscan
// records in sealed_columns once they hold no clear text: the encrypted
// ones, and the person keys of the registrations, which hold a blind index
// and never the clear key (name|date of birth). The row ids are those of
// groepsscan_crypt.go (scanColumnKey).
var scanSealedTables = []sealedTable{
	{table: "registrations", columns: []string{"location", "description"}},
	{table: "registration_persons", columns: []string{"name", "person_key"}},
	{table: "scan_persons", columns: []string{"name", "date_of_birth"}},
	{table: "scan_groups", columns: []string{"profile"}},
	{table: "group_scans", columns: []string{"profile"}},
	{table: "scan_soft_input", columns: []string{"text"}},
}

// scanConvertedTables are the tables whose rows encryptGroepsscan rewrites.
var scanConvertedTables = []string{"registrations", "registration_persons", "scan_persons", "scan_group_members",
	"scan_uncertain_matches", "scan_soft_input", "group_scan_members", "scan_groups", "group_scans"}

// encryptGroepsscan converts a Groepsscan stored in clear text — by a
// version from before its encryption at rest, or by a process without a
// key store — to the encrypted form of groepsscan_crypt.go, in one
// transaction: every person key is replaced by its blind index in every
// table that holds it (scan_persons, registration_persons,
// scan_group_members, scan_uncertain_matches, scan_soft_input,
// group_scan_members and the keys in the stored profiles), and names,
// dates of birth, locations, descriptions, soft input and profiles are
// encrypted; the registrations' content hashes become keyed. In the same
// transaction it records the columns of scanSealedTables in
// sealed_columns, after which clear text in them is an integrity failure
// (crypt.clearText) and the next Migrate does not look again: the check
// for clear text counts over every registration, which at the national
// scale is a scan of the largest table at every start. It reports whether
// it converted any row. Without a key store it does nothing, as
// encryptExisting.
func (db *DB) encryptGroepsscan(ctx context.Context) (converted bool, err error) {
	if db.keys == nil {
		return false, nil
	}
	sealed, err := db.loadSealed(ctx)
	if err != nil {
		return false, err
	}
	if allRecorded(sealed, scanSealedTables) {
		return false, nil
	}
	db.scanConversionChecks.Add(1)
	var todo int
	err = db.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM scan_persons WHERE person_key LIKE '%|%') +
		(SELECT count(*) FROM registrations WHERE content_hash NOT LIKE 'k%') +
		(SELECT count(*) FROM scan_groups WHERE profile NOT LIKE 'gae1:%') +
		(SELECT count(*) FROM group_scans WHERE profile NOT LIKE 'gae1:%') +
		(SELECT count(*) FROM scan_soft_input WHERE text <> '' AND text NOT LIKE 'gae1:%')`).Scan(&todo)
	if err != nil {
		return false, fmt.Errorf("storage: encrypt Groepsscan: %w", err)
	}
	if todo == 0 {
		err = db.Transact(ctx, func(tx *Tx) error { return tx.recordScanSealed() })
	} else {
		err = db.convertGroepsscan(ctx)
	}
	if err != nil {
		return false, fmt.Errorf("storage: encrypt Groepsscan: %w", err)
	}
	m, err := db.loadSealed(ctx)
	if err != nil {
		return false, err
	}
	db.sealed.Store(&m)
	return todo > 0, nil
}

// allRecorded reports whether every column of tables is in sealed.
func allRecorded(sealed map[string]bool, tables []sealedTable) bool {
	for _, t := range tables {
		for _, c := range t.columns {
			if !sealed[t.table+"."+c] {
				return false
			}
		}
	}
	return true
}

// recordScanSealed records the columns of scanSealedTables.
func (tx *Tx) recordScanSealed() error {
	for _, t := range scanSealedTables {
		if err := tx.recordSealed(t); err != nil {
			return err
		}
	}
	return nil
}

// convertGroepsscan is encryptGroepsscan's conversion, in one transaction
// that ends by recording the converted columns.
func (db *DB) convertGroepsscan(ctx context.Context) error {
	return db.Transact(ctx, func(tx *Tx) error {
		sc, err := tx.scanCrypt()
		if err != nil {
			return err
		}
		rekey, err := tx.rekeyScanPersons(sc)
		if err != nil {
			return err
		}
		if err := tx.encryptRegistrations(sc, rekey); err != nil {
			return err
		}
		for _, c := range [][2]string{
			{"scan_group_members", "person_key"}, {"scan_uncertain_matches", "person_a"}, {"scan_uncertain_matches", "person_b"},
			{"scan_soft_input", "person_key"}, {"group_scan_members", "person_key"},
		} {
			old, err := tx.stringColumn("storage.encryptGroepsscan", `SELECT DISTINCT `+c[1]+` FROM `+c[0]+` WHERE `+c[1]+` LIKE '%|%'`)
			if err != nil {
				return err
			}
			for _, k := range old {
				if _, err := tx.Exec(`UPDATE `+c[0]+` SET `+c[1]+` = $1 WHERE `+c[1]+` = $2`, newScanKey(sc, rekey, k), k); err != nil {
					return fmt.Errorf("%s.%s: %w", c[0], c[1], err)
				}
			}
		}
		// The persons' old rows go once nothing refers to them; their new
		// rows take back their pseudonyms.
		if _, err := tx.Exec(`DELETE FROM scan_persons WHERE person_key LIKE '%|%'`); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE scan_persons SET pseudonym = substr(pseudonym, 7) WHERE pseudonym LIKE 'rekey:%'`); err != nil {
			return err
		}
		if err := tx.encryptProfiles(sc, rekey, "scan_groups", `SELECT scan_id || '/' || group_id, scan_id, profile FROM scan_groups WHERE profile NOT LIKE 'gae1:%'`,
			`UPDATE scan_groups SET profile = $1 WHERE scan_id || '/' || group_id = $2`, scanRunKeyID); err != nil {
			return err
		}
		if err := tx.encryptProfiles(sc, rekey, "group_scans", `SELECT group_id, group_id, profile FROM group_scans WHERE profile NOT LIKE 'gae1:%'`,
			`UPDATE group_scans SET profile = $1 WHERE group_id = $2`, groupScanKeyID); err != nil {
			return err
		}
		soft, err := queryAll(tx, scanThree, `SELECT id, group_id, text FROM scan_soft_input WHERE text <> '' AND text NOT LIKE 'gae1:%'`)
		if err != nil {
			return err
		}
		for _, r := range soft {
			if err := sc.seal(scanGroupKeyID(r[1]), "scan_soft_input", "text", r[0], &r[2]); err != nil {
				return err
			}
			if _, err := tx.Exec(`UPDATE scan_soft_input SET text = $1 WHERE id = $2`, r[2], r[0]); err != nil {
				return err
			}
		}
		return tx.recordScanSealed()
	})
}

// scanThree reads a row of three text columns.
func scanThree(rows *sql.Rows) ([3]string, error) {
	var r [3]string
	err := rows.Scan(&r[0], &r[1], &r[2])
	return r, err
}

// newScanKey returns the stored key that replaces clear key old.
func newScanKey(sc *scanCrypt, rekey map[string]string, old string) string {
	if k, ok := rekey[old]; ok {
		return k
	}
	pk, _ := groepsscan.ParseKey(old)
	return sc.personKey(pk)
}

// rekeyScanPersons adds, for every person stored under a clear key, a row
// under the blind index with the name and date of birth encrypted and the
// pseudonym marked "rekey:" (it is unique; the old row still holds it),
// and returns the old keys' new ones.
func (tx *Tx) rekeyScanPersons(sc *scanCrypt) (map[string]string, error) {
	type person struct {
		key, name, dob, pseudonym string
		created                   time.Time
	}
	ps, err := queryAll(tx, func(rows *sql.Rows) (person, error) {
		var p person
		err := rows.Scan(&p.key, &p.name, &p.dob, &p.pseudonym, &p.created)
		return p, err
	}, `SELECT person_key, name, date_of_birth, pseudonym, created_at FROM scan_persons WHERE person_key LIKE '%|%' ORDER BY person_key`)
	if err != nil {
		return nil, err
	}
	rekey := make(map[string]string, len(ps))
	var insert [][]any
	for chunk := range slices.Chunk(ps, importBatch) {
		pseudonyms := make([]string, len(chunk))
		for i, p := range chunk {
			pseudonyms[i] = p.pseudonym
		}
		if err := sc.preparePersons(pseudonyms, true); err != nil {
			return nil, err
		}
		for _, p := range chunk {
			k := newScanKey(sc, nil, p.key)
			rekey[p.key] = k
			if err := sc.sealPerson(p.pseudonym, "name", k, &p.name); err != nil {
				return nil, err
			}
			if err := sc.sealPerson(p.pseudonym, "date_of_birth", k, &p.dob); err != nil {
				return nil, err
			}
			insert = append(insert, []any{k, p.name, p.dob, "rekey:" + p.pseudonym, p.created})
		}
	}
	for chunk := range slices.Chunk(insert, importBatch) {
		if err := tx.insertBatch("storage.encryptGroepsscan", "scan_persons", []string{"person_key", "name", "date_of_birth", "pseudonym", "created_at"}, chunk); err != nil {
			return nil, err
		}
	}
	return rekey, nil
}

// encryptRegistrations encrypts, in batches in the order of their ids,
// the registrations whose content hash is not keyed yet: their location
// and description, the names of their persons (under the key of the
// registration's month), their persons' keys replaced by the new ones,
// and the keyed content hash of the same content.
func (tx *Tx) encryptRegistrations(sc *scanCrypt, rekey map[string]string) error {
	const op = "storage.encryptGroepsscan"
	last := ""
	for {
		regs, err := queryAll(tx, func(rows *sql.Rows) (groepsscan.Registration, error) {
			var r groepsscan.Registration
			var cat string
			err := rows.Scan(&r.ID, &r.Time, &r.IncidentCode, &cat, &r.Area, &r.Location, &r.Description)
			r.Category = groepsscan.Category(cat)
			return r, err
		}, `SELECT id, occurred_at, incident_code, category, area, location, description FROM registrations
			WHERE id > $1 AND content_hash NOT LIKE 'k%' ORDER BY id LIMIT 500`, last)
		if err != nil {
			return err
		}
		if len(regs) == 0 {
			return nil
		}
		last = regs[len(regs)-1].ID
		byID := make(map[string]*groepsscan.Registration, len(regs))
		ids := make([]string, len(regs))
		for i := range regs {
			byID[regs[i].ID] = &regs[i]
			ids[i] = regs[i].ID
		}
		type involvement struct {
			reg             string
			position        int
			key, role, name string
		}
		var invs []involvement
		err = tx.queryIn(`SELECT registration_id, position, person_key, role, name FROM registration_persons WHERE registration_id IN `, ids, func(rows *sql.Rows) error {
			var in involvement
			if err := rows.Scan(&in.reg, &in.position, &in.key, &in.role, &in.name); err != nil {
				return err
			}
			invs = append(invs, in)
			return nil
		})
		if err != nil {
			return err
		}
		// The import hashed the persons in the order of their positions.
		slices.SortFunc(invs, func(a, b involvement) int {
			if c := strings.Compare(a.reg, b.reg); c != 0 {
				return c
			}
			return a.position - b.position
		})
		newKeys := make([]string, len(invs))
		for i, in := range invs {
			r := byID[in.reg]
			row := registrationPersonRow(in.reg, in.position)
			if err := sc.open(scanMonthKeyID(r.Time), "registration_persons", "name", row, &invs[i].name, Erased); err != nil {
				return err
			}
			dob := ""
			if pk, ok := groepsscan.ParseKey(in.key); ok && isClearPersonKey(in.key) {
				dob = string(pk.DateOfBirth)
				newKeys[i] = newScanKey(sc, rekey, in.key)
			} else {
				// Already under its blind index: the date of birth is in
				// scan_persons.
				var ps string
				if err := tx.QueryRow(`SELECT date_of_birth, pseudonym FROM scan_persons WHERE person_key = $1`, in.key).Scan(&dob, &ps); err != nil {
					return err
				}
				if err := sc.openPerson(strings.TrimPrefix(ps, "rekey:"), "date_of_birth", in.key, &dob, ""); err != nil {
					return err
				}
				newKeys[i] = in.key
			}
			r.Persons = append(r.Persons, groepsscan.Involvement{Role: groepsscan.Role(in.role), Name: invs[i].name, DateOfBirth: ga.Date(dob)})
		}
		for i := range regs {
			r := &regs[i]
			hash := sc.contentHash(*r)
			month := scanMonthKeyID(r.Time)
			if err := sc.seal(month, "registrations", "location", r.ID, &r.Location); err != nil {
				return err
			}
			if err := sc.seal(month, "registrations", "description", r.ID, &r.Description); err != nil {
				return err
			}
			if _, err := tx.Exec(`UPDATE registrations SET location = $1, description = $2, content_hash = $3 WHERE id = $4`, r.Location, r.Description, hash, r.ID); err != nil {
				return ga.Wrap(op, err)
			}
		}
		for i, in := range invs {
			row := registrationPersonRow(in.reg, in.position)
			name := in.name
			if err := sc.seal(scanMonthKeyID(byID[in.reg].Time), "registration_persons", "name", row, &name); err != nil {
				return err
			}
			if _, err := tx.Exec(`UPDATE registration_persons SET person_key = $1, name = $2 WHERE registration_id = $3 AND position = $4`,
				newKeys[i], name, in.reg, in.position); err != nil {
				return ga.Wrap(op, err)
			}
		}
	}
}

// encryptProfiles encrypts the profiles in clear text that query returns
// (row id, the id its key is made from, profile), their member keys
// replaced by the new ones, and stores them with update (profile, row id).
func (tx *Tx) encryptProfiles(sc *scanCrypt, rekey map[string]string, table, query, update string, keyID func(string) string) error {
	todo, err := queryAll(tx, scanThree, query)
	if err != nil {
		return err
	}
	for _, r := range todo {
		var sp storedProfile
		if err := json.Unmarshal([]byte(r[2]), &sp); err != nil {
			return fmt.Errorf("%s %s: %w", table, r[0], err)
		}
		for i, k := range sp.Keys {
			if isClearPersonKey(k) {
				sp.Keys[i] = newScanKey(sc, rekey, k)
			}
		}
		profile, err := sealProfile(sc, keyID(r[1]), table, r[0], sp)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(update, profile, r[0]); err != nil {
			return err
		}
	}
	return nil
}
