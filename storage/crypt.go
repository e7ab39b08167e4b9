package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/groepsscan"
	"github.com/groepsaanpak/groepsaanpak/internal/keyring"
)

// Encryption at rest (covenant Art 10, GDPR Art 32, BIO 8.24). The personal
// data in the columns listed in sealedTables is stored encrypted with
// AES-256-GCM under a data key per person — or, for a row about a group
// without a person (an item about the group), per group — with the row's
// identity (table, column, row id) as additional data, so that a ciphertext
// copied into another row or column does not decrypt. The data keys are in
// the key store outside the database (internal/keyring); a row refers to its
// key only through the person or group id it already carries ("persoon/ID",
// "groep/ID"). Destroying a person's key (Shred) makes everything encrypted
// under it unreadable, in the database and in every backup of the database
// taken before: such values read as Erased.
//
// An empty value stays empty (the schema's "deleted item has no content"
// rule and "no BSN" checks compare with ''). A value without the
// keyring.Prefix is read as it is only in a database written before
// encryption existed, until Migrate has encrypted it (encryptExisting):
// once it has, it records each encrypted column in sealed_columns, and from
// then on clear text in such a column can only be tampering with the
// database or a defect that wrote clear text. Reading it fails with
// ErrIntegrity, as does a ciphertext that does not decrypt, and raises the
// SignalSealedData incident (integrityFailure); the clear value is never
// returned. Without a key store (plain mode: the benchmark's --plain and
// tests of clear-text databases) nothing is encrypted, nothing is recorded
// in sealed_columns, and values are read as they are; a process without a
// key store refuses to migrate a database that sealed_columns marks as
// encrypted, so that it neither writes clear text into it nor shows its
// ciphertexts.
//
// Values that must be found by equality have a keyed blind index
// (persons.match_index for name and date of birth, persons.bsn_index);
// sorting and searching by an encrypted value happens in Go, after
// decryption, over the rows the viewer may see.

// Erased is what a value encrypted under a destroyed data key reads as.
const Erased = "[gewist]"

// Data key ids form a tree: destroying a key destroys every key below it
// (keyring.Shred). A person's identifying fields are under the person's key;
// each item has a key of its own below its person — or below its group for
// an item about the group — so that a granted erasure of one item, the
// retention of a person's items in one group and the removal of the whole
// person each destroy exactly their part.
func personKeyID(personID string) string { return "persoon/" + personID }
func groupKeyID(groupID string) string   { return "groep/" + groupID }

// itemKeyID is the key of one item.
func itemKeyID(groupID, personID, itemID string) string {
	return ownedKeyID(groupID, personID, "gegeven", itemID)
}

// ownedKeyID is the key of one row of a kind (gegeven, maatregel,
// afspraak) that is about a person, or about the group when personID is
// empty.
func ownedKeyID(groupID, personID, kind, id string) string {
	if personID != "" {
		return personKeyID(personID) + "/" + kind + "/" + id
	}
	return groupKeyID(groupID) + "/" + kind + "/" + id
}

// cellAAD is the additional data of one encrypted cell: its table, column
// and row id.
func cellAAD(table, column, rowID string) []byte {
	return []byte(table + "\x00" + column + "\x00" + rowID)
}

// cell is one encrypted column of a row: its name and the value to seal or
// open in place. A value under a destroyed key reads as erased, or as
// Erased when erased is empty.
type cell struct {
	column string
	v      *string
	erased string
}

func col(column string, v *string) cell { return cell{column: column, v: v, erased: Erased} }

// dateCol is a date column, which reads as empty once erased.
func dateCol(column string, v *string) cell { return cell{column: column, v: v} }

// crypt seals and opens cells with the installation's keyring.
type crypt struct {
	ctx  context.Context
	keys *keyring.Keyring
	db   *DB
}

func (db *DB) crypt(ctx context.Context) crypt { return crypt{ctx: ctx, keys: db.keys, db: db} }
func (tx *Tx) crypt() crypt                    { return tx.db.crypt(tx.ctx) }

// errErasedKey refuses to write under a destroyed key.
var errErasedKey = errors.New("storage: the data key of this person was destroyed")

// seal encrypts the cells of row rowID of table under the key keyID,
// creating the key when it does not exist yet.
func (c crypt) seal(keyID, table, rowID string, cells ...cell) error {
	if c.keys == nil {
		return nil
	}
	var k *keyring.DataKey
	for _, cl := range cells {
		if *cl.v == "" || keyring.IsSealed(*cl.v) {
			continue
		}
		if k == nil {
			var err error
			if k, err = c.keys.KeyOrCreate(c.ctx, keyID); errors.Is(err, keyring.ErrShredded) {
				return errErasedKey
			} else if err != nil {
				return err
			}
		}
		s, err := k.Seal(*cl.v, cellAAD(table, cl.column, rowID))
		if err != nil {
			return err
		}
		*cl.v = s
	}
	return nil
}

// open decrypts the cells of row rowID of table in place. A value under a
// destroyed key becomes the cell's erased value; one that does not decrypt
// (damaged, or copied from another row) is an error.
func (c crypt) open(keyID, table, rowID string, cells ...cell) error {
	if c.keys == nil {
		return nil
	}
	var k *keyring.DataKey
	shredded := false
	for _, cl := range cells {
		if !keyring.IsSealed(*cl.v) {
			if *cl.v != "" {
				if err := c.clearText(table, cl.column, rowID); err != nil {
					return err
				}
			}
			continue
		}
		if k == nil && !shredded {
			var err error
			k, err = c.keys.Key(c.ctx, keyID)
			if errors.Is(err, keyring.ErrShredded) {
				shredded = true
			} else if err != nil {
				return err
			}
		}
		if shredded {
			*cl.v = cl.erased
			continue
		}
		s, err := k.Open(*cl.v, cellAAD(table, cl.column, rowID))
		if err != nil {
			return c.db.integrityFailure(table, cl.column, rowID, err)
		}
		*cl.v = s
	}
	return nil
}

// ErrIntegrity is a value of an encrypted column that is not what the
// application wrote: clear text in a column that Migrate has encrypted, or
// a ciphertext that does not decrypt. The read fails; the value is not
// shown.
var ErrIntegrity = errors.New("storage: an encrypted column is not intact")

// errClearText is clear text in a column that sealed_columns marks as
// encrypted.
var errClearText = errors.New("clear text in an encrypted column")

// clearText checks a non-empty value without the ciphertext prefix in
// table.column: allowed only while the column has not yet been encrypted by
// Migrate (a database from before encryption at rest).
func (c crypt) clearText(table, column, rowID string) error {
	strict, err := c.db.strict(c.ctx, table, column)
	if err != nil {
		return fmt.Errorf("storage: %s.%s of %s holds clear text, and whether it may could not be read: %w", table, column, rowID, err)
	}
	if !strict {
		return nil
	}
	return c.db.integrityFailure(table, column, rowID, errClearText)
}

// strict reports whether table.column is recorded in sealed_columns: from
// the set Migrate loaded, or, in a process that has not migrated, from the
// database each time (the question only arises for a value in clear text).
// A database without sealed_columns yet (not migrated to it) gives an
// error: the read fails closed.
func (db *DB) strict(ctx context.Context, table, column string) (bool, error) {
	if m := db.sealed.Load(); m != nil {
		return (*m)[table+"."+column], nil
	}
	m, err := db.loadSealed(ctx)
	if err != nil {
		return false, err
	}
	return m[table+"."+column], nil
}

// loadSealed reads sealed_columns.
func (db *DB) loadSealed(ctx context.Context) (map[string]bool, error) {
	rows, err := db.readers.QueryContext(ctx, `SELECT table_name, column_name FROM sealed_columns`)
	if err != nil {
		return nil, fmt.Errorf("storage: read sealed_columns: %w", err)
	}
	defer rows.Close()
	m := map[string]bool{}
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			return nil, fmt.Errorf("storage: read sealed_columns: %w", err)
		}
		m[t+"."+c] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: read sealed_columns: %w", err)
	}
	return m, nil
}

// integrityFailure returns the error of a cell that is not intact and
// raises the SignalSealedData incident for it, once per cell and process.
// The incident is raised in a transaction of its own, after the one that
// read the cell (which fails) has let go of the database: in the
// background, waited for by Close. Should raising fail, the next read of
// the cell tries again.
func (db *DB) integrityFailure(table, column, rowID string, cause error) error {
	err := fmt.Errorf("storage: %s.%s of %s: %w: %w", table, column, rowID, ErrIntegrity, cause)
	key := table + "." + column + "/" + rowID
	if _, seen := db.integrity.LoadOrStore(key, true); !seen {
		db.signals.Add(1)
		go func() {
			defer db.signals.Done()
			if db.raiseSealedSignal(table, column, rowID, cause) != nil {
				db.integrity.Delete(key)
			}
		}()
	}
	return err
}

// raiseSealedSignal opens (or adds a step to) the incident of an encrypted
// column that is not intact, concerning every partner: the database is
// shared, and who wrote the value is for the investigation to find. Its key
// is the table and column, so that several rows of one column make one
// incident with a step per further row.
func (db *DB) raiseSealedSignal(table, column, rowID string, cause error) error {
	const op = "storage.raiseSealedSignal"
	problem := "versleutelde waarde ontsleutelt niet (beschadigd of uit een andere rij)"
	if errors.Is(cause, errClearText) {
		problem = "onversleutelde tekst in een versleutelde kolom"
	}
	ctx := ga.WithActor(context.Background(), ga.SystemActor("sealed data"))
	return db.Transact(ctx, func(tx *Tx) error {
		partners, err := tx.allPartnerIDs(op)
		if err != nil {
			return err
		}
		_, err = tx.raiseSignal(op, Signal{Kind: ga.SignalSealedData, Key: table + "." + column, PartnerIDs: partners,
			Evidence: evidence("tabel", table, "kolom", column, "rij", rowID, "probleem", problem,
				"gelezen op", tx.Now().Format(time.RFC3339))})
		return err
	})
}

// recordSealed records in sealed_columns that the columns of t are
// encrypted; Migrate then loads the set that strict reads.
func (tx *Tx) recordSealed(t sealedTable) error {
	for _, c := range t.columns {
		if _, err := tx.Exec(`INSERT INTO sealed_columns (table_name, column_name, sealed_at) VALUES ($1, $2, $3)
			ON CONFLICT (table_name, column_name) DO NOTHING`, t.table, c, tx.Now()); err != nil {
			return err
		}
	}
	return nil
}

// shred destroys data keys; without a keyring it does nothing (the rows
// themselves are deleted by the caller).
func (c crypt) shred(keyIDs ...string) error {
	if c.keys == nil || len(keyIDs) == 0 {
		return nil
	}
	return c.keys.Shred(c.ctx, keyIDs...)
}

// shredOnce destroys a data key (and every key below it) unless the key
// store already records it as destroyed, so that a daily run over the same
// closed groups does not rewrite the key store each time.
func (c crypt) shredOnce(keyID string) error {
	if c.keys == nil {
		return nil
	}
	if gone, err := c.keys.Shredded(c.ctx, keyID); err != nil || gone {
		return err
	}
	return c.keys.Shred(c.ctx, keyID)
}

// personMatch returns the blind index of a person's name and date of
// birth, the name normalised by the Groepsscan's matching rule
// (groepsscan.NormalizeName: accents removed, lower case, punctuation and
// white space collapsed), so that FindCasePersons and the name list made
// from a detected group find a person by the same rule.
func (c crypt) personMatch(name, dob string) (string, error) {
	if c.keys == nil {
		return "", nil
	}
	b, err := c.keys.BlindIndex(c.ctx)
	if err != nil {
		return "", err
	}
	return b.Sum("persoon-naam-geboortedatum", normalizeName(name), dob), nil
}

// bsnIndex returns the blind index of a BSN, empty for no BSN.
func (c crypt) bsnIndex(bsn string) (string, error) {
	if c.keys == nil || bsn == "" {
		return "", nil
	}
	b, err := c.keys.BlindIndex(c.ctx)
	if err != nil {
		return "", err
	}
	return b.Sum("bsn", strings.TrimSpace(bsn)), nil
}

func normalizeName(s string) string { return groepsscan.NormalizeName(s) }

// sealedTable names the encrypted columns of one table: the row id
// expression, the SQL expression of the row's data key id, and the columns.
type sealedTable struct {
	table   string
	rowID   string
	keyID   string
	columns []string
}

// sealedTables lists every encrypted column. encryptExisting encrypts what
// is still in clear text in them, and the tests read them raw.
var sealedTables = []sealedTable{
	{"persons", "id", "'persoon/' || id", []string{"name", "date_of_birth", "address", "bsn"}},
	{"representatives", "id", "'persoon/' || person_id", []string{"name", "address"}},
	{"meetings", "id", "'groep/' || group_id || '/overleg/' || id", []string{"agenda", "minutes", "decisions"}},
	{"measures", "id", "CASE WHEN person_id IS NULL THEN 'groep/' || group_id ELSE 'persoon/' || person_id END || '/maatregel/' || id", []string{"description", "result"}},
	{"agreements", "id", "CASE WHEN person_id IS NULL THEN 'groep/' || group_id ELSE 'persoon/' || person_id END || '/afspraak/' || id", []string{"description"}},
	{"involvements", "group_id || '/' || person_id || '/' || partner_id", "'persoon/' || person_id || '/betrokkenheid/' || group_id || '/' || partner_id", []string{"reason", "end_reason"}},
	{"rights_cases", "id", "'persoon/' || person_id || '/verzoek/' || id", []string{"summary", "extension_reason", "motivation"}},
	{"item_corrections", "id", "(SELECT 'persoon/' || rc.person_id || '/verzoek/' || rc.id FROM rights_cases rc WHERE rc.id = item_corrections.case_id)", []string{"text"}},
	{"items", "id", "CASE WHEN person_id IS NULL THEN 'groep/' || group_id || '/gegeven/' || id ELSE 'persoon/' || person_id || '/gegeven/' || id END", []string{"content"}},
}

// SealedColumns returns the encrypted columns per table, for tests that
// read the database raw.
func SealedColumns() map[string][]string {
	out := map[string][]string{}
	for _, t := range sealedTables {
		out[t.table] = append(out[t.table], t.columns...)
	}
	return out
}

// encryptExisting encrypts the values still stored in clear text, in
// batches, and fills the blind indexes of the persons it encrypts. It runs
// at the end of every Migrate; a table whose columns sealed_columns already
// records is not looked at again, so that clear text written into it later
// stays an integrity failure instead of being encrypted, and a start does
// not scan it. It returns the tables in which it encrypted rows.
func (db *DB) encryptExisting(ctx context.Context) ([]string, error) {
	if db.keys == nil {
		// Plain mode: refuse a database whose columns are encrypted.
		var n int
		if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM sealed_columns`).Scan(&n); err != nil {
			return nil, fmt.Errorf("storage: read sealed_columns: %w", err)
		}
		if n > 0 {
			return nil, errors.New("storage: this database is encrypted at rest; open it with its key store")
		}
		return nil, nil
	}
	recorded, err := db.loadSealed(ctx)
	if err != nil {
		return nil, err
	}
	var converted []string
	for _, t := range sealedTables {
		if allRecorded(recorded, []sealedTable{t}) {
			continue
		}
		var conds []string
		for _, c := range t.columns {
			conds = append(conds, "("+c+" <> '' AND "+c+" NOT LIKE 'gae1:%')")
		}
		q := `SELECT ` + t.rowID + `, ` + t.keyID + `, ` + strings.Join(t.columns, ", ") + ` FROM ` + t.table +
			` WHERE ` + strings.Join(conds, " OR ") + ` ORDER BY ` + t.rowID + ` LIMIT 200`
		for {
			n := 0
			err := db.Transact(ctx, func(tx *Tx) error {
				n = 0
				type row struct {
					id, key string
					vals    []string
				}
				todo, err := queryAll(tx, func(rows *sql.Rows) (row, error) {
					r := row{vals: make([]string, len(t.columns))}
					dest := []any{&r.id, &r.key}
					for i := range r.vals {
						dest = append(dest, &r.vals[i])
					}
					err := rows.Scan(dest...)
					return r, err
				}, q)
				if err != nil {
					return err
				}
				if len(todo) == 0 {
					// Nothing left in clear text: from now on clear text
					// in these columns is not intact.
					return tx.recordSealed(t)
				}
				c := tx.crypt()
				for _, r := range todo {
					set := make([]string, len(t.columns))
					args := []any{r.id}
					if t.table == "persons" {
						m, err := c.personMatch(r.vals[0], r.vals[1])
						if err != nil {
							return err
						}
						b, err := c.bsnIndex(r.vals[3])
						if err != nil {
							return err
						}
						args = append(args, m, b)
					}
					cells := make([]cell, len(t.columns))
					for i, name := range t.columns {
						cells[i] = col(name, &r.vals[i])
					}
					if err := c.seal(r.key, t.table, r.id, cells...); err != nil {
						return err
					}
					for i, name := range t.columns {
						args = append(args, r.vals[i])
						set[i] = fmt.Sprintf("%s = $%d", name, len(args))
					}
					if t.table == "persons" {
						set = append(set, "match_index = $2", "bsn_index = $3")
					}
					if _, err := tx.Exec(`UPDATE `+t.table+` SET `+strings.Join(set, ", ")+` WHERE `+t.rowID+` = $1`, args...); err != nil {
						return err
					}
				}
				n = len(todo)
				return nil
			})
			if err != nil {
				return nil, fmt.Errorf("storage: encrypt %s: %w", t.table, err)
			}
			if n == 0 {
				break
			}
			if !slices.Contains(converted, t.table) {
				converted = append(converted, t.table)
			}
		}
	}
	m, err := db.loadSealed(ctx)
	if err != nil {
		return nil, err
	}
	db.sealed.Store(&m)
	return converted, nil
}

// sealItem encrypts an item's content under its person's or group's key.
func (c crypt) sealItem(id, groupID, personID, content string) (string, error) {
	err := c.seal(itemKeyID(groupID, personID, id), "items", id, col("content", &content))
	return content, err
}

// openItem decrypts an item's content.
func (c crypt) openItem(it *ga.Item) error {
	return c.open(itemKeyID(it.GroupID, it.PersonID, it.ID), "items", it.ID, col("content", &it.Content))
}

// openPersonFields decrypts a person's name, date of birth and address.
func (c crypt) openPersonFields(personID string, name, dob, address *string) error {
	return c.open(personKeyID(personID), "persons", personID, col("name", name), dateCol("date_of_birth", dob), col("address", address))
}

// openRepresentativeFields decrypts a representative's name and address.
func (c crypt) openRepresentativeFields(personID, id string, name, address *string) error {
	return c.open(personKeyID(personID), "representatives", id, col("name", name), col("address", address))
}

// openPersonItem decrypts the content of an item about person personID.
func (c crypt) openPersonItem(personID, groupID, itemID string, content *string) error {
	return c.open(itemKeyID(groupID, personID, itemID), "items", itemID, col("content", content))
}

// meetingKeyID is the key of a meeting's agenda, minutes and decisions,
// below its group.
func meetingKeyID(groupID, meetingID string) string {
	return groupKeyID(groupID) + "/overleg/" + meetingID
}

// sealMeeting returns a meeting's agenda, minutes and decisions encrypted.
func (c crypt) sealMeeting(m *ga.Meeting) (agenda, minutes, decisions string, err error) {
	agenda, minutes, decisions = m.Agenda, m.Minutes, m.Decisions
	err = c.seal(meetingKeyID(m.GroupID, m.ID), "meetings", m.ID, col("agenda", &agenda), col("minutes", &minutes), col("decisions", &decisions))
	return agenda, minutes, decisions, err
}

// sealMeasure returns a measure's description and result encrypted.
func (c crypt) sealMeasure(m *ga.Measure) (description, result string, err error) {
	description, result = m.Description, m.Result
	err = c.seal(ownedKeyID(m.GroupID, m.PersonID, "maatregel", m.ID), "measures", m.ID, col("description", &description), col("result", &result))
	return description, result, err
}

// involvementKeyID is the key of a registered involvement, below its
// person; its row id is group/person/partner.
func involvementKeyID(groupID, personID, partnerID string) string {
	return personKeyID(personID) + "/betrokkenheid/" + groupID + "/" + partnerID
}

// sealInvolvement encrypts the reason (or end_reason) of an involvement.
func (c crypt) sealInvolvement(groupID, personID, partnerID, column, reason string) (string, error) {
	err := c.seal(involvementKeyID(groupID, personID, partnerID), "involvements", groupID+"/"+personID+"/"+partnerID, col(column, &reason))
	return reason, err
}

// openInvolvement decrypts the reason (or end_reason) of an involvement.
func (c crypt) openInvolvement(groupID, personID, partnerID, column string, reason *string) error {
	return c.open(involvementKeyID(groupID, personID, partnerID), "involvements", groupID+"/"+personID+"/"+partnerID, col(column, reason))
}

// caseKeyID is the key of a request or complaint of a person (its summary,
// reasons and motivation, and the texts of its corrections).
func caseKeyID(personID, caseID string) string {
	return personKeyID(personID) + "/verzoek/" + caseID
}

// PersonMatchIndex returns the blind index of a name and date of birth as
// persons.match_index holds it (the name as FindCasePersons compares it),
// so that tools and tests that read the database past the storage layer
// can find a person's row without the name being stored in clear text.
func (db *DB) PersonMatchIndex(ctx context.Context, name string, dob ga.Date) (string, error) {
	return db.crypt(ctx).personMatch(name, string(dob))
}

// OpenItemContent decrypts an item's content as read raw from
// items.content, for tests that read rows past the storage layer; it
// writes no log line, as SQL does not.
func (db *DB) OpenItemContent(ctx context.Context, groupID, personID, itemID, stored string) (string, error) {
	err := db.crypt(ctx).open(itemKeyID(groupID, personID, itemID), "items", itemID, col("content", &stored))
	return stored, err
}

// createKeys creates, in one write of the key store, the data keys a bulk
// load is about to seal under.
func (c crypt) createKeys(ids []string) error {
	if c.keys == nil || len(ids) == 0 {
		return nil
	}
	return c.keys.CreateKeys(c.ctx, ids)
}

// prefetch loads the data keys a read is about to decrypt under in one
// query of the key store (keyring.Prefetch).
func (c crypt) prefetch(ids []string) error {
	if c.keys == nil || len(ids) == 0 {
		return nil
	}
	return c.keys.Prefetch(c.ctx, ids)
}

// openItems decrypts the contents of items scanned without decryption,
// after fetching their keys in one query.
func (c crypt) openItems(items []storedItem) error {
	if c.keys == nil {
		return nil
	}
	ids := make([]string, 0, len(items))
	for _, it := range items {
		ids = append(ids, itemKeyID(it.GroupID, it.PersonID, it.ID))
	}
	if err := c.prefetch(ids); err != nil {
		return err
	}
	for i := range items {
		if err := c.openItem(&items[i].Item); err != nil {
			return err
		}
	}
	return nil
}

// openPerson decrypts the identifying fields of a person scanned without
// decryption.
func (c crypt) openPerson(p *ga.Person) error {
	dob := string(p.DateOfBirth)
	err := c.open(personKeyID(p.ID), "persons", p.ID, col("name", &p.Name), dateCol("date_of_birth", &dob), col("address", &p.Address), col("bsn", &p.BSN))
	p.DateOfBirth = ga.Date(dob)
	return err
}

// OpenColumn decrypts a value of an encrypted column as read raw from
// table (rowID as sealedTables names the row: the id, or
// group/person/partner for involvements; for the Groepsscan's tables as
// groepsscan_crypt.go does: registration/position for a registration's
// person, scan/group for a detected group's profile), finding its data key from the
// row. It exists for tests and tools that read rows past the storage
// layer, as SQL does; it writes no log line. A value in clear text is
// returned as it is while the column is not yet encrypted (strict), and is
// ErrIntegrity after; one under a destroyed key reads as Erased.
func (db *DB) OpenColumn(ctx context.Context, table, column, rowID, stored string) (string, error) {
	if db.keys == nil || stored == "" {
		return stored, nil
	}
	if keyID, ok, err := db.scanColumnKey(ctx, table, rowID); ok {
		if err != nil {
			return "", fmt.Errorf("storage: key of %s %s: %w", table, rowID, err)
		}
		sc := &scanCrypt{c: db.crypt(ctx), keys: map[string]*keyring.DataKey{}, shredded: map[string]bool{}}
		if err := sc.open(keyID, table, column, rowID, &stored, Erased); err != nil {
			return "", err
		}
		return stored, nil
	}
	for _, t := range sealedTables {
		if t.table != table {
			continue
		}
		if !keyring.IsSealed(stored) {
			// Clear text: its row's key is not needed to tell whether
			// it may be there.
			err := db.crypt(ctx).clearText(table, column, rowID)
			if err != nil {
				return "", err
			}
			return stored, nil
		}
		var keyID string
		if err := db.db.QueryRowContext(ctx, `SELECT `+t.keyID+` FROM `+t.table+` WHERE `+t.rowID+` = $1`, rowID).Scan(&keyID); err != nil {
			return "", fmt.Errorf("storage: key of %s %s: %w", table, rowID, err)
		}
		cl := col(column, &stored)
		if column == "date_of_birth" {
			cl = dateCol(column, &stored)
		}
		if err := db.crypt(ctx).open(keyID, table, rowID, cl); err != nil {
			return "", err
		}
		return stored, nil
	}
	if !keyring.IsSealed(stored) {
		return stored, nil
	}
	return "", fmt.Errorf("storage: %s has no encrypted columns", table)
}
