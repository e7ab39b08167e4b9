package storage

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/groepsaanpak/groepsaanpak/groepsscan"
	"github.com/groepsaanpak/groepsaanpak/internal/keyring"
)

// Encryption at rest of the Groepsscan (covenant Art 10; docs/security.md,
// docs/architecture.md "Keys"). The police registrations and what the scan
// derives from them are encrypted as the casework is (crypt.go): AES-256-GCM
// per value, the row's table, column and id as additional data, the data
// keys in the key store. Their keys form a subtree of their own below
// scanRootKeyID, the police's Groepsscan root:
//
//   - groepsscan/maand/YYYY-MM: a registration's location and description
//     and the names of the persons in it, per month (UTC) of the
//     registration, so that the retention of registrations can destroy a
//     month;
//   - groepsscan/persoon/P: the name and date of birth of the person of the
//     registrations with pseudonym P (scan_persons), one key per person,
//     destroyed when the retention deletes the person, so that a backup
//     taken before cannot be read for that person either. It is named by
//     the pseudonym (random, unique), not the stored person key: a person
//     registered again after the retention deleted them gets a new row and
//     a new key, while a destroyed key is never created again; and the key
//     store's record of destroyed keys holds no blind index of a person.
//     These keys are too many to keep for a whole import or scan: they go
//     through the key store's bounded cache only, created per batch in one
//     write and fetched per batch in one query (preparePersons);
//   - groepsscan/scan/ID: the profiles of the detected groups of scan run
//     ID (scan_groups.profile);
//   - groepsscan/groep/ID: the soft input on the detected group with the
//     stable id ID;
//   - groep/ID/groepsscan: the profile kept with casework group ID made
//     from a detected group (group_scans.profile), below the casework
//     group's key.
//
// A person is identified in every table by a keyed blind index of the
// matching key (normalised name and date of birth) instead of the key in
// clear text: equal keys have equal indexes, so matching, an idempotent
// re-import and the recognition of a previous scan's groups by member
// overlap work on the index. The scan itself needs the names (uncertain
// matches compare them by similarity, the profile shows them): loadDataset
// decrypts them in memory for the scan window, and they are never stored
// in clear text.
//
// Without a key store (plain mode) the values are stored as they are and
// the person key is the matching key in clear text, as before encryption.
// With one, once Migrate has converted the Groepsscan (encryptGroepsscan)
// and recorded its columns in sealed_columns, clear text in them — or a
// clear person key where the scan reads registration_persons — is an
// integrity failure, as in the casework's columns (crypt.go).

const scanRootKeyID = "groepsscan"

// scanPersonKeyID is the key of the name and date of birth of the
// Groepsscan person with pseudonym ps (scan_persons.pseudonym: random,
// unique, and new for a person registered again after the retention
// deleted them, whose destroyed key must not be used again).
func scanPersonKeyID(ps string) string { return scanRootKeyID + "/persoon/" + ps }

// scanMonthKeyID is the key of the registrations of the month of t (UTC).
func scanMonthKeyID(t time.Time) string {
	return scanRootKeyID + "/maand/" + t.UTC().Format("2006-01")
}

// scanRunKeyID is the key of the profiles of scan run scanID.
func scanRunKeyID(scanID string) string { return scanRootKeyID + "/scan/" + scanID }

// scanGroupKeyID is the key of the soft input on detected group groupID
// (its stable id).
func scanGroupKeyID(groupID string) string { return scanRootKeyID + "/groep/" + groupID }

// groupScanKeyID is the key of the profile kept with casework group groupID.
func groupScanKeyID(groupID string) string { return groupKeyID(groupID) + "/groepsscan" }

// scanPersonDomain separates the blind index of a Groepsscan person from
// the other blind indexes of the key store.
const scanPersonDomain = "groepsscan-persoon"

// scanRegistrationDomain separates the keyed hash of a registration's
// content.
const scanRegistrationDomain = "groepsscan-registratie"

// scanCrypt seals and opens the Groepsscan's values with a cache of the
// data keys it used, so that a bulk import or a scan window asks the key
// store once per key rather than once per row.
type scanCrypt struct {
	c        crypt
	blind    *keyring.BlindIndex
	keys     map[string]*keyring.DataKey
	shredded map[string]bool
}

// scanCrypt returns the Groepsscan's sealer for the transaction.
func (tx *Tx) scanCrypt() (*scanCrypt, error) {
	sc := &scanCrypt{c: tx.crypt(), keys: map[string]*keyring.DataKey{}, shredded: map[string]bool{}}
	if sc.c.keys == nil {
		return sc, nil
	}
	b, err := sc.c.keys.BlindIndex(sc.c.ctx)
	if err != nil {
		return nil, err
	}
	sc.blind = b
	return sc, nil
}

// plain reports whether there is no key store.
func (sc *scanCrypt) plain() bool { return sc.c.keys == nil }

// personKey is the stored form of a person's matching key: its blind
// index (128 bits, hex), or the key in clear text in plain mode. A stored
// key never contains '|', which the clear form always does.
func (sc *scanCrypt) personKey(k groepsscan.PersonKey) string {
	if sc.blind == nil {
		return k.String()
	}
	return sc.blind.Sum(scanPersonDomain, k.Name, string(k.DateOfBirth))[:32]
}

// isClearPersonKey reports whether a stored person key is the clear form
// of a database written before encryption.
func isClearPersonKey(s string) bool { return strings.Contains(s, "|") }

// contentHash is the hash of everything stored of a registration that an
// import compares: keyed (and marked with a leading "k") with a key store,
// so that the hash does not confirm a guess of the content.
func (sc *scanCrypt) contentHash(r groepsscan.Registration) string {
	if sc.blind == nil {
		return contentHash(r)
	}
	parts := []string{r.Time.UTC().Format(time.RFC3339Nano), r.IncidentCode, string(r.Category), r.Area, r.Location, r.Description}
	for _, p := range r.Persons {
		parts = append(parts, string(p.Role), p.Name, string(p.DateOfBirth))
	}
	return "k" + sc.blind.Sum(scanRegistrationDomain, parts...)[:32]
}

// key returns data key id, creating it when create is set; a destroyed
// key returns shredded.
func (sc *scanCrypt) key(id string, create bool) (k *keyring.DataKey, shredded bool, err error) {
	if k := sc.keys[id]; k != nil {
		return k, false, nil
	}
	if sc.shredded[id] {
		return nil, true, nil
	}
	if create {
		k, err = sc.c.keys.KeyOrCreate(sc.c.ctx, id)
	} else {
		k, err = sc.c.keys.Key(sc.c.ctx, id)
	}
	if errors.Is(err, keyring.ErrShredded) {
		sc.shredded[id] = true
		return nil, true, nil
	}
	if err != nil {
		return nil, false, err
	}
	sc.keys[id] = k
	return k, false, nil
}

// storeKey returns data key id as key does, but through the key store's
// own bounded cache only: the persons' keys, one per person, are too many
// for the map of key, which grows with every key a whole import or scan
// touches. Their callers fetch (or create) a batch's keys with
// preparePersons first.
func (sc *scanCrypt) storeKey(id string, create bool) (k *keyring.DataKey, shredded bool, err error) {
	if create {
		k, err = sc.c.keys.KeyOrCreate(sc.c.ctx, id)
	} else {
		k, err = sc.c.keys.Key(sc.c.ctx, id)
	}
	if errors.Is(err, keyring.ErrShredded) {
		return nil, true, nil
	}
	return k, false, err
}

// preparePersons loads the keys of the persons with the pseudonyms into
// the key store's cache in one query per 500 (keyring.Prefetch), after
// creating those it does not hold in one write when create is set, so
// that sealing or opening a batch of persons does not ask the store once
// per person. Batches stay well below keyring.DefaultCacheSize.
func (sc *scanCrypt) preparePersons(pseudonyms []string, create bool) error {
	if sc.plain() || len(pseudonyms) == 0 {
		return nil
	}
	ids := make([]string, len(pseudonyms))
	for i, ps := range pseudonyms {
		ids[i] = scanPersonKeyID(ps)
	}
	if create {
		if err := sc.c.createKeys(ids); err != nil {
			return err
		}
	}
	return sc.c.prefetch(ids)
}

// sealPerson encrypts column (name or date_of_birth) of the scan_persons
// row with person key rowID under the person's own key.
func (sc *scanCrypt) sealPerson(pseudonym, column, rowID string, v *string) error {
	return sc.sealWith(sc.storeKey, scanPersonKeyID(pseudonym), "scan_persons", column, rowID, v)
}

// openPerson decrypts column of the scan_persons row with person key
// rowID under the person's own key, as open does.
func (sc *scanCrypt) openPerson(pseudonym, column, rowID string, v *string, erased string) error {
	return sc.openWith(sc.storeKey, scanPersonKeyID(pseudonym), "scan_persons", column, rowID, v, erased)
}

// seal encrypts *v in place under key id as column of row rowID of table;
// an empty or already sealed value stays as it is.
func (sc *scanCrypt) seal(id, table, column, rowID string, v *string) error {
	return sc.sealWith(sc.key, id, table, column, rowID, v)
}

func (sc *scanCrypt) sealWith(key func(string, bool) (*keyring.DataKey, bool, error), id, table, column, rowID string, v *string) error {
	if sc.plain() || *v == "" || keyring.IsSealed(*v) {
		return nil
	}
	k, shredded, err := key(id, true)
	if err != nil {
		return err
	}
	if shredded {
		return errErasedKey
	}
	s, err := k.Seal(*v, cellAAD(table, column, rowID))
	if err != nil {
		return err
	}
	*v = s
	return nil
}

// open decrypts *v in place; a value under a destroyed key reads as
// erased. A value in clear text reads as it is until Migrate has recorded
// the column in sealed_columns (encryptGroepsscan), and is an integrity
// failure after (crypt.clearText), as is a ciphertext that does not
// decrypt.
func (sc *scanCrypt) open(id, table, column, rowID string, v *string, erased string) error {
	return sc.openWith(sc.key, id, table, column, rowID, v, erased)
}

func (sc *scanCrypt) openWith(key func(string, bool) (*keyring.DataKey, bool, error), id, table, column, rowID string, v *string, erased string) error {
	if sc.plain() || *v == "" {
		return nil
	}
	if !keyring.IsSealed(*v) {
		return sc.c.clearText(table, column, rowID)
	}
	k, shredded, err := key(id, false)
	if err != nil {
		return err
	}
	if shredded {
		*v = erased
		return nil
	}
	s, err := k.Open(*v, cellAAD(table, column, rowID))
	if err != nil {
		return sc.c.db.integrityFailure(table, column, rowID, err)
	}
	*v = s
	return nil
}

// openKey checks a stored person key read from table.column of row rowID:
// with a key store it is a blind index, and a key in clear text (name|date
// of birth) in a column that Migrate has recorded as converted is an
// integrity failure, as clear text in an encrypted column is.
func (sc *scanCrypt) openKey(table, column, rowID, key string) error {
	if sc.plain() || !isClearPersonKey(key) {
		return nil
	}
	return sc.c.clearText(table, column, rowID)
}

// registrationPersonRow is the row id of a person of a registration.
func registrationPersonRow(registrationID string, position int) string {
	return registrationID + "/" + strconv.Itoa(position)
}

// ScanPersonKey returns the stored key of a Groepsscan person with
// matching key k (its blind index; the clear key in plain mode), so that
// tests and tools that read the database past the storage layer can find
// the person's rows.
func (db *DB) ScanPersonKey(ctx context.Context, k groepsscan.PersonKey) (string, error) {
	sc := &scanCrypt{c: db.crypt(ctx)}
	if sc.c.keys != nil {
		b, err := sc.c.keys.BlindIndex(ctx)
		if err != nil {
			return "", err
		}
		sc.blind = b
	}
	return sc.personKey(k), nil
}

// scanColumnKey returns the data key id of an encrypted column of the
// Groepsscan's tables for the row rowID as scanCrypt's callers name it,
// reading what the key depends on from the row; ok is false for another
// table.
func (db *DB) scanColumnKey(ctx context.Context, table, rowID string) (id string, ok bool, err error) {
	occurred := func(regID string) (string, bool, error) {
		var at time.Time
		if err := db.db.QueryRowContext(ctx, `SELECT occurred_at FROM registrations WHERE id = $1`, regID).Scan(&at); err != nil {
			return "", true, err
		}
		return scanMonthKeyID(at), true, nil
	}
	switch table {
	case "registrations":
		return occurred(rowID)
	case "registration_persons":
		i := strings.LastIndexByte(rowID, '/')
		if i < 0 {
			return "", true, errors.New("storage: a registration person's row is registration/position")
		}
		return occurred(rowID[:i])
	case "scan_persons":
		var ps string
		if err := db.db.QueryRowContext(ctx, `SELECT pseudonym FROM scan_persons WHERE person_key = $1`, rowID).Scan(&ps); err != nil {
			return "", true, err
		}
		return scanPersonKeyID(strings.TrimPrefix(ps, "rekey:")), true, nil
	case "scan_groups":
		scanID, _, _ := strings.Cut(rowID, "/")
		return scanRunKeyID(scanID), true, nil
	case "scan_soft_input":
		var g string
		if err := db.db.QueryRowContext(ctx, `SELECT group_id FROM scan_soft_input WHERE id = $1`, rowID).Scan(&g); err != nil {
			return "", true, err
		}
		return scanGroupKeyID(g), true, nil
	case "group_scans":
		return groupScanKeyID(rowID), true, nil
	}
	return "", false, nil
}
