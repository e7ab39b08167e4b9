package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/groepsscan"
)

// The Groepsscan (step 2B, SPEC §2; docs/groepsscan.md) keeps police
// registrations, scan runs with their detected groups, uncertain person
// matches and the neighbourhood officer's soft input. All of it is police
// information: every method requires ga.CanUseGroepsscan after the Art 8
// gate. A list or an import by anyone else is refused as forbidden; a scan
// or group asked for by id answers not found, as for an unknown id. Every
// refusal is audited (db.act). Reads and writes of personal data write one
// processing-log line per data subject, by the person's pseudonym.

// Processing names of the Groepsscan in the processing log.
const (
	processingImport = "registraties_importeren"
	processingScan   = "groepsscan_uitvoeren"
	processingRead   = "groepsscan_inzien"
	processingSoft   = "zachte_informatie_vastleggen"
)

// requireGroepsscan opens the gate for personal data and checks that the
// actor may use the Groepsscan; refused returns the error for an actor
// who may not.
func (tx *Tx) requireGroepsscan(refused error) (registerEntryID string, err error) {
	registerEntryID, err = tx.RequirePersonalDataAccess()
	if err != nil {
		return "", err
	}
	if !ga.CanUseGroepsscan(tx.Actor()) {
		return "", refused
	}
	return registerEntryID, nil
}

// ImportOptions tune an import of registrations.
type ImportOptions struct {
	// SkipInvalid imports the valid registrations of a file with errors;
	// without it such a file imports nothing.
	SkipInvalid bool
	// Progress, when set, is called after every batch with the number of
	// registrations read so far.
	Progress func(read int)
}

// ImportReport is the outcome of an import.
type ImportReport struct {
	groepsscan.Report
	Inserted  int `json:"nieuw"`
	Updated   int `json:"gewijzigd"`
	Unchanged int `json:"ongewijzigd"`
	// Expired counts the registrations not imported because they occurred
	// longer ago than the retention period (groepsscan.RetentionMonths), or
	// in a month whose key the retention destroyed.
	Expired int `json:"verlopen"`
	// Imported is false when nothing was imported because of errors.
	Imported bool `json:"geimporteerd"`
}

// importBatch is how many registrations are written per round trip.
const importBatch = 500

// importLogChunk is how many processing lines an import collects before it
// appends them to the processing log, rather than holding them all until
// the commit.
const importLogChunk = 8192

// ImportRegistrations reads registrations from r in format f and stores
// them in one transaction: new ones are inserted, changed ones (same id,
// other content) replaced, unchanged ones left alone, so a re-import
// changes nothing. A file with invalid registrations imports nothing
// (KindInvalid, with the report listing every rejected line) unless
// opt.SkipInvalid. Only police users may import (ga.CanUseGroepsscan);
// others get KindForbidden. It writes the processing line
// registraties_importeren for every person in a new or changed
// registration and one audit line with the counts.
func (db *DB) ImportRegistrations(ctx context.Context, r io.Reader, f groepsscan.Format, opt ImportOptions) (ImportReport, error) {
	const op = "storage.ImportRegistrations"
	var rep ImportReport
	attempts := 0
	err := db.act(ctx, "registrations_import", "registration", "", func(tx *Tx) error {
		attempts++
		if attempts > 1 {
			// The stream was read by the first attempt and cannot be read again.
			return ga.E(ga.KindConflict, op, "De import botste met een gelijktijdige wijziging; importeer het bestand opnieuw.")
		}
		registerEntryID, err := tx.requireGroepsscan(ga.ErrForbidden(op))
		if err != nil {
			return err
		}
		if err := tx.largeCache(op); err != nil {
			return err
		}
		defer tx.normalCache()
		sc, err := tx.scanCrypt()
		if err != nil {
			return ga.Wrap(op, err)
		}
		im := &importer{tx: tx, op: op, sc: sc, registerEntryID: registerEntryID, logged: map[string]struct{}{}}
		batch := make([]groepsscan.Registration, 0, importBatch)
		read := 0
		rep.Report, err = groepsscan.Parse(r, f, func(reg groepsscan.Registration) error {
			batch = append(batch, reg)
			read++
			if len(batch) == importBatch {
				if err := im.flush(batch); err != nil {
					return err
				}
				clear(batch)
				batch = batch[:0]
				if len(tx.processing) >= importLogChunk {
					if err := tx.appendProcessingNow(); err != nil {
						return err
					}
				}
				if opt.Progress != nil {
					opt.Progress(read)
				}
			}
			return nil
		})
		if err != nil {
			if ga.KindOf(err) == ga.KindInternal && !isDBError(err) {
				// The stream failed: a broken header, an over-long line, or
				// the transport (which the caller finds in Err).
				e := ga.E(ga.KindInvalid, op, "Het bestand kon niet worden gelezen: "+err.Error())
				e.Err = err
				return e
			}
			return err
		}
		if rep.Rejected > 0 && !opt.SkipInvalid {
			return rowErrors(op, rep.Report)
		}
		if err := im.flush(batch); err != nil {
			return err
		}
		if opt.Progress != nil {
			opt.Progress(read)
		}
		rep.Inserted, rep.Updated, rep.Unchanged, rep.Expired = im.inserted, im.updated, im.unchanged, im.expired
		rep.Imported = true
		tx.Audit("registrations_import", "registration", "", ga.ResultSuccess, fmt.Sprintf(
			"geldig=%d nieuw=%d gewijzigd=%d ongewijzigd=%d overgeslagen=%d verlopen=%d", rep.Valid, rep.Inserted, rep.Updated, rep.Unchanged, rep.Rejected, rep.Expired))
		return nil
	})
	if err != nil {
		rep.Inserted, rep.Updated, rep.Unchanged, rep.Imported = 0, 0, 0, false
	}
	return rep, err
}

// importCacheKiB is SQLite's page cache during an import. A large import
// modifies far more pages than the default cache of 2 MiB holds; SQLite then
// spills dirty pages to the WAL and reads them back again and again. It is
// bounded so that an import of a million registrations stays well under
// 1 GiB of memory (docs/performance.md); pages beyond it are re-read from
// the operating system's file cache. The connection's cache returns to the
// default when the import ends.
const importCacheKiB = 128 << 10

// largeCache enlarges SQLite's page cache of the transaction's connection.
func (tx *Tx) largeCache(op string) error {
	if tx.db.dialect != SQLite {
		return nil
	}
	if _, err := tx.Exec(`PRAGMA cache_size = -` + strconv.Itoa(importCacheKiB)); err != nil {
		return ga.Wrap(op, err)
	}
	return nil
}

// normalCache returns the connection's page cache to SQLite's default.
func (tx *Tx) normalCache() {
	if tx.db.dialect == SQLite {
		tx.Exec(`PRAGMA cache_size = -2000`)
	}
}

// isDBError reports whether err came from the database rather than from
// reading the file.
func isDBError(err error) bool {
	var e *ga.Error
	return errors.As(err, &e)
}

// rowErrors turns the rejections of a report into a KindInvalid error
// whose details name each line (the first 100; the report has them all).
func rowErrors(op string, rep groepsscan.Report) error {
	var v ga.Invalid
	for i, e := range rep.Errors {
		if i == 100 {
			break
		}
		v.Add("regel "+strconv.Itoa(e.Line), strings.Join(e.Reasons, "; "))
	}
	err := v.Err(op).(*ga.Error)
	err.Message = fmt.Sprintf("Het bestand bevat %d ongeldige registraties; er is niets geïmporteerd. Herstel ze, of importeer alleen de geldige.", rep.Rejected)
	return err
}

// importer writes batches of registrations in one transaction.
type importer struct {
	tx              *Tx
	op              string
	sc              *scanCrypt
	registerEntryID string
	// logged holds the keys of the persons this import has already made
	// sure of in scan_persons and written to the processing log.
	logged                       map[string]struct{}
	inserted, updated, unchanged int
	// expired counts the registrations past the retention period, which
	// are not imported; gone caches whether a month's key was destroyed.
	expired int
	gone    map[string]bool
}

// past reports whether registration r is past the retention period: it
// occurred before the cutoff, or in a month whose key was destroyed.
func (im *importer) past(r groepsscan.Registration, cutoff time.Time) (bool, error) {
	if r.Time.Before(cutoff) {
		return true, nil
	}
	if im.sc.plain() {
		return false, nil
	}
	month := scanMonthKeyID(r.Time)
	gone, ok := im.gone[month]
	if !ok {
		var err error
		if gone, err = im.sc.c.keys.Shredded(im.tx.ctx, month); err != nil {
			return false, err
		}
		if im.gone == nil {
			im.gone = map[string]bool{}
		}
		im.gone[month] = gone
	}
	return gone, nil
}

// subject is a person of a registration with their key, normalised once.
type subject struct {
	key string
	groepsscan.Involvement
}

// contentHash is the hash of everything stored of a registration, so that
// a re-import of the same content is recognised without comparing rows;
// in plain mode only (scanCrypt.contentHash keys it).
func contentHash(r groepsscan.Registration) string {
	h := sha256.New()
	for _, s := range []string{r.Time.UTC().Format(time.RFC3339Nano), r.IncidentCode, string(r.Category), r.Area, r.Location, r.Description} {
		io.WriteString(h, s)
		h.Write([]byte{0})
	}
	for _, p := range r.Persons {
		io.WriteString(h, string(p.Role)+"\x01"+p.Name+"\x01"+string(p.DateOfBirth)+"\x00")
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// queryIn runs head followed by an IN list of values, in chunks of
// tx.inChunk() values, and calls fn for every row. A full chunk's
// statement is prepared once per transaction.
func (tx *Tx) queryIn(head string, values []string, fn func(rows *sql.Rows) error) error {
	for chunk := range slices.Chunk(values, tx.inChunk()) {
		args := make([]any, 0, len(chunk))
		query := head + "(" + placeholders(&args, chunk) + ")"
		var rows *sql.Rows
		var err error
		if len(chunk) == tx.inChunk() {
			var st *sql.Stmt
			if st, err = tx.prepared(query); err == nil {
				rows, err = st.QueryContext(tx.ctx, args...)
			}
		} else {
			rows, err = tx.Query(query, args...)
		}
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := fn(rows); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) flush(batch []groepsscan.Registration) error {
	if len(batch) == 0 {
		return nil
	}
	tx, op := im.tx, im.op
	ids := make([]string, len(batch))
	for i, r := range batch {
		ids[i] = r.ID
	}
	stored := make(map[string]string, len(batch))
	err := tx.queryIn(`SELECT id, content_hash FROM registrations WHERE id IN `, ids, func(rows *sql.Rows) error {
		var id, hash string
		if err := rows.Scan(&id, &hash); err != nil {
			return err
		}
		stored[id] = hash
		return nil
	})
	if err != nil {
		return ga.Wrap(op, err)
	}
	now := tx.Now()
	var newRegs, changed [][]any
	var changedIDs []string
	var persons [][]any
	var subjects []subject
	sc := im.sc
	cutoff := groepsscan.RetentionCutoff(now)
	for _, r := range batch {
		if past, err := im.past(r, cutoff); err != nil {
			return ga.Wrap(op, err)
		} else if past {
			im.expired++
			continue
		}
		hash := sc.contentHash(r)
		old, exists := stored[r.ID]
		if exists && old == hash {
			im.unchanged++
			continue
		}
		// The location and description, and the names of the persons, are
		// encrypted under the key of the registration's month.
		month := scanMonthKeyID(r.Time)
		loc, desc := r.Location, r.Description
		if err := sc.seal(month, "registrations", "location", r.ID, &loc); err != nil {
			return ga.Wrap(op, err)
		}
		if err := sc.seal(month, "registrations", "description", r.ID, &desc); err != nil {
			return ga.Wrap(op, err)
		}
		if exists {
			im.updated++
			changedIDs = append(changedIDs, r.ID)
			changed = append(changed, []any{r.ID, r.Time.UTC(), r.IncidentCode, string(r.Category), r.Area, loc, desc, hash, now})
		} else {
			im.inserted++
			newRegs = append(newRegs, []any{r.ID, r.Time.UTC(), r.IncidentCode, string(r.Category), r.Area, loc, desc, hash, now, now})
		}
		for i, p := range r.Persons {
			key := sc.personKey(groepsscan.KeyOf(p.Name, p.DateOfBirth))
			name := p.Name
			if err := sc.seal(month, "registration_persons", "name", registrationPersonRow(r.ID, i), &name); err != nil {
				return ga.Wrap(op, err)
			}
			persons = append(persons, []any{r.ID, i, key, string(p.Role), name})
			subjects = append(subjects, subject{key, p})
		}
	}
	if err := im.ensurePersons(subjects); err != nil {
		return err
	}
	for chunk := range slices.Chunk(changedIDs, tx.inChunk()) {
		var args []any
		if _, err := tx.Exec(`DELETE FROM registration_persons WHERE registration_id IN (`+placeholders(&args, chunk)+`)`, args...); err != nil {
			return ga.Wrap(op, err)
		}
	}
	if len(changed) > 0 {
		for _, c := range changed {
			if _, err := tx.Exec(`UPDATE registrations SET occurred_at = $2, incident_code = $3, category = $4, area = $5,
				location = $6, description = $7, content_hash = $8, updated_at = $9 WHERE id = $1`, c...); err != nil {
				return ga.Wrap(op, err)
			}
		}
	}
	if err := tx.insertBatch(op, "registrations", []string{"id", "occurred_at", "incident_code", "category", "area", "location", "description", "content_hash", "imported_at", "updated_at"}, newRegs); err != nil {
		return err
	}
	return tx.insertBatch(op, "registration_persons", []string{"registration_id", "position", "person_key", "role", "name"}, persons)
}

// ensurePersons makes sure every person has a row in scan_persons and
// writes a processing line for each person not yet logged in this import.
// The database answers which persons exist; the import keeps only the keys
// it has logged.
func (im *importer) ensurePersons(subjects []subject) error {
	tx, op := im.tx, im.op
	var missing []string
	firstOf := map[string]groepsscan.Involvement{}
	for _, p := range subjects {
		if _, ok := im.logged[p.key]; ok {
			continue
		}
		if _, ok := firstOf[p.key]; !ok {
			firstOf[p.key] = p.Involvement
			missing = append(missing, p.key)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	pseudonyms := make(map[string]string, len(missing))
	err := tx.queryIn(`SELECT person_key, pseudonym FROM scan_persons WHERE person_key IN `, missing, func(rows *sql.Rows) error {
		var k, ps string
		if err := rows.Scan(&k, &ps); err != nil {
			return err
		}
		pseudonyms[k] = ps
		return nil
	})
	if err != nil {
		return ga.Wrap(op, err)
	}
	var added []string
	for _, k := range missing {
		if _, ok := pseudonyms[k]; ok {
			continue
		}
		pseudonyms[k] = newPseudonym()
		added = append(added, k)
	}
	// Each new person gets a key of their own, created for a batch in one
	// write of the key store.
	var insert [][]any
	for chunk := range slices.Chunk(added, importBatch) {
		ps := make([]string, len(chunk))
		for i, k := range chunk {
			ps[i] = pseudonyms[k]
		}
		if err := im.sc.preparePersons(ps, true); err != nil {
			return ga.Wrap(op, err)
		}
		for _, k := range chunk {
			p := firstOf[k]
			name, dob := p.Name, string(p.DateOfBirth)
			if err := im.sc.sealPerson(pseudonyms[k], "name", k, &name); err != nil {
				return ga.Wrap(op, err)
			}
			if err := im.sc.sealPerson(pseudonyms[k], "date_of_birth", k, &dob); err != nil {
				return ga.Wrap(op, err)
			}
			insert = append(insert, []any{k, name, dob, pseudonyms[k], tx.Now()})
		}
	}
	if err := tx.insertBatch(op, "scan_persons", []string{"person_key", "name", "date_of_birth", "pseudonym", "created_at"}, insert); err != nil {
		return err
	}
	for _, k := range missing {
		im.logged[k] = struct{}{}
		tx.processed(processingImport, im.registerEntryID, pseudonyms[k])
	}
	return nil
}

// copyMinRows is the least number of rows insertBatch sends with COPY on
// PostgreSQL; COPY asks the server for the table's column types first, a
// round trip that only pays off for more rows than one INSERT carries.
const copyMinRows = 64

// insertBatch inserts rows: with the multi-row INSERT statements of
// insertRows, which keep each statement within what the dialect parses
// fast, or, on PostgreSQL and for many rows, with COPY, which the server
// loads without parsing or planning a statement. This is the one place
// where the two databases' bulk writes differ.
func (tx *Tx) insertBatch(op, table string, cols []string, rows [][]any) error {
	if tx.db.dialect == Postgres && !tx.readOnly && len(rows) >= copyMinRows {
		tx.changed = true
		if err := tx.begin(); err != nil {
			return ga.Wrap(op, err)
		}
		err := tx.conn.Raw(func(dc any) error {
			c, ok := dc.(*stdlib.Conn)
			if !ok {
				return fmt.Errorf("COPY needs a pgx connection, not %T", dc)
			}
			_, err := c.Conn().CopyFrom(tx.ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
			return err
		})
		return ga.Wrap(op, err)
	}
	err := tx.insertRows("INSERT INTO "+table+" ("+strings.Join(cols, ", ")+") VALUES ", len(cols), len(rows),
		func(i int, args []any) []any { return append(args, rows[i]...) })
	return ga.Wrap(op, err)
}

// inChunk is how many values one IN list binds: as many as a multi-row
// INSERT, for the same reason.
func (tx *Tx) inChunk() int { return maxInsertParams(tx.db.dialect) }

// RegistrationCount is the number of stored registrations and persons.
type RegistrationCount struct {
	Registrations int `json:"registraties"`
	Persons       int `json:"personen"`
}

// CountRegistrations counts the stored registrations (police only).
func (db *DB) CountRegistrations(ctx context.Context) (RegistrationCount, error) {
	const op = "storage.CountRegistrations"
	var c RegistrationCount
	err := db.act(ctx, "registrations_count", "registration", "", func(tx *Tx) error {
		if _, err := tx.requireGroepsscan(ga.ErrForbidden(op)); err != nil {
			return err
		}
		if err := tx.QueryRow(`SELECT (SELECT COUNT(*) FROM registrations), (SELECT COUNT(*) FROM scan_persons)`).Scan(&c.Registrations, &c.Persons); err != nil {
			return ga.Wrap(op, err)
		}
		return nil
	})
	return c, err
}

// ScanSummary describes a scan run without personal data.
type ScanSummary struct {
	ID            string    `json:"id"`
	CreatedAt     time.Time `json:"uitgevoerdOp"`
	From          time.Time `json:"van"`
	To            time.Time `json:"tot"`
	Registrations int       `json:"registraties"`
	Persons       int       `json:"personen"`
	Groups        int       `json:"groepen"`
}

// ScanGroupSummary describes a detected group without personal data.
type ScanGroupSummary struct {
	ScanID          string                    `json:"scanId"`
	GroupID         string                    `json:"groepId"`
	Size            int                       `json:"omvang"`
	PreviousJaccard float64                   `json:"overlapVorigeScan"`
	Split           bool                      `json:"afgesplitst"`
	Oversized       bool                      `json:"groterDanMaximum"`
	Suggested       groepsscan.Classification `json:"shortlistSuggestie"`
}

// RunScan runs the Groepsscan over the stored registrations with options
// o (groepsscan.DefaultOptions when zero), recognising the groups of the
// latest scan so that they keep their ids, and stores the result. Only
// police users may (KindForbidden). It writes the processing line
// groepsscan_uitvoeren for every member of a detected group and every
// person of an uncertain match.
func (db *DB) RunScan(ctx context.Context, o groepsscan.Options) (ScanSummary, error) {
	const op = "storage.RunScan"
	var sum ScanSummary
	err := db.act(ctx, "scan_run", "scan", "", func(tx *Tx) error {
		registerEntryID, err := tx.requireGroepsscan(ga.ErrForbidden(op))
		if err != nil {
			return err
		}
		if o.To.IsZero() {
			o = groepsscan.DefaultOptions(tx.Now())
		}
		if err := o.Validate(); err != nil {
			return ga.E(ga.KindInvalid, op, err.Error())
		}
		sc, err := tx.scanCrypt()
		if err != nil {
			return ga.Wrap(op, err)
		}
		d, known, err := tx.loadDataset(op, sc, o.From, o.To)
		if err != nil {
			return err
		}
		prevID, previous, err := tx.latestScanGroups(op, known)
		if err != nil {
			return err
		}
		res, err := groepsscan.Scan(d, o, previous, NewID)
		if err != nil {
			return ga.E(ga.KindInvalid, op, err.Error())
		}
		sum = ScanSummary{ID: NewID(), CreatedAt: tx.Now(), From: o.From.UTC(), To: o.To.UTC(),
			Registrations: res.Registrations, Persons: res.Persons, Groups: len(res.Groups)}
		opts, _ := json.Marshal(map[string]any{"rollen": o.Roles, "minGedeeld": o.MinTieWeight, "minOmvang": o.MinGroupSize,
			"maxOmvang": o.MaxGroupSize, "minJaccard": o.MinJaccard, "vorigeScan": prevID})
		if _, err := tx.Exec(`INSERT INTO scans (id, created_at, created_by, partner_id, window_from, window_to, options, registrations, persons, groups)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			sum.ID, sum.CreatedAt, tx.Actor().UserID, tx.Actor().PartnerID, sum.From, sum.To, string(opts), sum.Registrations, sum.Persons, sum.Groups); err != nil {
			return ga.Wrap(op, err)
		}
		var groups, members [][]any
		var keys []string
		for i, g := range res.Groups {
			mk := memberKeys(sc, g.Profile)
			profile, err := sealProfile(sc, scanRunKeyID(sum.ID), "scan_groups", sum.ID+"/"+g.ID, storedProfile{Profile: g.Profile, Keys: mk})
			if err != nil {
				return ga.Wrap(op, err)
			}
			groups = append(groups, []any{sum.ID, g.ID, i, len(g.Members), g.PreviousJaccard, g.Split, g.Oversized, string(g.Profile.Suggested), profile})
			for j, m := range g.Profile.Members {
				members = append(members, []any{sum.ID, g.ID, mk[j], string(m.Role)})
			}
			keys = append(keys, mk...)
		}
		if err := tx.insertBatch(op, "scan_groups", []string{"scan_id", "group_id", "position", "size", "previous_jaccard", "split", "oversized", "suggested", "profile"}, groups); err != nil {
			return err
		}
		if err := tx.insertBatch(op, "scan_group_members", []string{"scan_id", "group_id", "person_key", "role"}, members); err != nil {
			return err
		}
		var uncertain [][]any
		for _, u := range res.Uncertain {
			a, b := sc.personKey(u.A), sc.personKey(u.B)
			uncertain = append(uncertain, []any{sum.ID, a, b, u.Reason})
			keys = append(keys, a, b)
		}
		if err := tx.insertBatch(op, "scan_uncertain_matches", []string{"scan_id", "person_a", "person_b", "reason"}, uncertain); err != nil {
			return err
		}
		if err := tx.processedKeys(op, processingScan, registerEntryID, keys); err != nil {
			return err
		}
		tx.Audit("scan_run", "scan", sum.ID, ga.ResultSuccess, fmt.Sprintf("registraties=%d groepen=%d onzeker=%d", sum.Registrations, sum.Groups, len(res.Uncertain)))
		return nil
	})
	return sum, err
}

// storedProfile is a profile as stored: the JSON of groepsscan.Profile
// leaves the member keys out, so their stored forms (scanCrypt.personKey)
// are stored beside it. The whole JSON is encrypted (sealProfile).
type storedProfile struct {
	groepsscan.Profile
	Keys []string `json:"sleutels"`
}

// memberKeys returns the stored keys of a profile's members.
func memberKeys(sc *scanCrypt, p groepsscan.Profile) []string {
	out := make([]string, len(p.Members))
	for i, m := range p.Members {
		out[i] = sc.personKey(m.Key)
	}
	return out
}

// sealProfile returns a profile as JSON encrypted under key id, as column
// profile of row rowID of table.
func sealProfile(sc *scanCrypt, id, table, rowID string, sp storedProfile) (string, error) {
	b, err := json.Marshal(sp)
	if err != nil {
		return "", err
	}
	s := string(b)
	err = sc.seal(id, table, "profile", rowID, &s)
	return s, err
}

// openProfile decrypts and reads a stored profile. The members' matching
// keys, which the JSON leaves out, are made again from their names and
// dates of birth (groepsscan.KeyOf, the rule that made them); a profile
// under a destroyed key reads as empty.
func openProfile(sc *scanCrypt, id, table, rowID, stored string) (storedProfile, error) {
	var sp storedProfile
	if err := sc.open(id, table, "profile", rowID, &stored, ""); err != nil {
		return sp, err
	}
	if stored == "" {
		return sp, nil
	}
	if err := json.Unmarshal([]byte(stored), &sp); err != nil {
		return sp, err
	}
	for i := range sp.Profile.Members {
		m := &sp.Profile.Members[i]
		m.Key = groepsscan.KeyOf(m.Name, m.DateOfBirth)
		if i < len(sp.Keys) {
			if k, ok := groepsscan.ParseKey(sp.Keys[i]); ok && isClearPersonKey(sp.Keys[i]) {
				m.Key = k
			}
		}
	}
	return sp, nil
}

// loadDataset reads the registrations of the window into a dataset, and
// returns with it the matching key of every person in it by stored key.
// Each person's name (as first registered in the window) and date of birth
// are decrypted once, when the person first occurs; a registration's
// location once per registration. The description is not read.
func (tx *Tx) loadDataset(op string, sc *scanCrypt, from, to time.Time) (*groepsscan.Dataset, map[string]groepsscan.PersonKey, error) {
	rows, err := tx.Query(`SELECT r.id, r.occurred_at, r.category, r.incident_code, r.area, r.location,
			COALESCE(p.person_key, ''), COALESCE(p.position, 0), COALESCE(p.role, ''), COALESCE(p.name, ''), COALESCE(sp.date_of_birth, ''),
			COALESCE(sp.pseudonym, '')
		FROM registrations r LEFT JOIN registration_persons p ON p.registration_id = r.id
		LEFT JOIN scan_persons sp ON sp.person_key = p.person_key
		WHERE r.occurred_at >= $1 AND r.occurred_at < $2
		ORDER BY r.id, p.position`, from.UTC(), to.UTC())
	if err != nil {
		return nil, nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	d := groepsscan.NewDataset()
	known := map[string]groepsscan.PersonKey{}
	var (
		curID                string
		cur                  time.Time
		cat, code, area, loc string
		persons              []groepsscan.KeyedInvolvement
	)
	emit := func() {
		if curID != "" {
			d.AddKeyed(cur, groepsscan.Category(cat), code, area, loc, persons)
		}
		persons = persons[:0]
	}
	// A row as read; rows are processed in batches, so that the keys of a
	// batch's persons not seen before are fetched in one query of the key
	// store (each person has a key of their own).
	type row struct {
		id, rcat, rcode, rarea, rloc, key string
		at                                time.Time
		pos                               int
		role, name, dob, ps               string
	}
	const batchPersons, batchRows = 500, 4096
	var (
		pending []row
		newPS   []string
		queued  = map[string]bool{}
	)
	process := func(r row) error {
		if r.id != curID {
			emit()
			if err := sc.open(scanMonthKeyID(r.at), "registrations", "location", r.id, &r.rloc, Erased); err != nil {
				return err
			}
			curID, cur, cat, code, area, loc = r.id, r.at, r.rcat, r.rcode, r.rarea, r.rloc
		}
		if r.key == "" {
			return nil
		}
		name := r.name
		k, seen := known[r.key]
		if !seen {
			if err := sc.openKey("registration_persons", "person_key", registrationPersonRow(r.id, r.pos), r.key); err != nil {
				return err
			}
			if err := sc.open(scanMonthKeyID(r.at), "registration_persons", "name", registrationPersonRow(r.id, r.pos), &name, Erased); err != nil {
				return err
			}
			dob := r.dob
			if err := sc.openPerson(r.ps, "date_of_birth", r.key, &dob, ""); err != nil {
				return err
			}
			k = groepsscan.KeyOf(name, ga.Date(dob))
			if pk, ok := groepsscan.ParseKey(r.key); ok && isClearPersonKey(r.key) {
				k = pk
			} else if name == Erased || dob == "" {
				// Under a destroyed key: a key of its own, so that erased
				// persons are not taken for one another.
				k = groepsscan.PersonKey{Name: "\x00" + r.key}
			}
			known[r.key] = k
		}
		if seen {
			// The dataset keeps the name of a person's first involvement only.
			name = ""
		}
		persons = append(persons, groepsscan.KeyedInvolvement{Key: k, Name: name, Role: groepsscan.Role(r.role)})
		return nil
	}
	flush := func() error {
		if err := sc.preparePersons(newPS, false); err != nil {
			return err
		}
		for _, r := range pending {
			if err := process(r); err != nil {
				return err
			}
		}
		pending, newPS = pending[:0], newPS[:0]
		clear(queued)
		return nil
	}
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.at, &r.rcat, &r.rcode, &r.rarea, &r.rloc, &r.key, &r.pos, &r.role, &r.name, &r.dob, &r.ps); err != nil {
			return nil, nil, ga.Wrap(op, err)
		}
		pending = append(pending, r)
		if _, ok := known[r.key]; r.key != "" && !ok && !queued[r.key] && r.ps != "" {
			queued[r.key] = true
			newPS = append(newPS, r.ps)
		}
		if len(newPS) >= batchPersons || len(pending) >= batchRows {
			if err := flush(); err != nil {
				return nil, nil, ga.Wrap(op, err)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, ga.Wrap(op, err)
	}
	if err := flush(); err != nil {
		return nil, nil, ga.Wrap(op, err)
	}
	emit()
	return d, known, nil
}

// latestScanGroups returns the id and the groups of the latest scan, the
// members by their matching keys as known holds them. A member who is not
// in the current window gets a key of its own that matches no person, so
// that it still counts in the group's size for the overlap.
func (tx *Tx) latestScanGroups(op string, known map[string]groepsscan.PersonKey) (string, []groepsscan.PreviousGroup, error) {
	var id string
	err := tx.QueryRow(`SELECT id FROM scans ORDER BY created_at DESC, id DESC LIMIT 1`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, nil
	}
	if err != nil {
		return "", nil, ga.Wrap(op, err)
	}
	rows, err := tx.Query(`SELECT group_id, person_key FROM scan_group_members WHERE scan_id = $1 ORDER BY group_id, person_key`, id)
	if err != nil {
		return "", nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	var out []groepsscan.PreviousGroup
	for rows.Next() {
		var g, k string
		if err := rows.Scan(&g, &k); err != nil {
			return "", nil, ga.Wrap(op, err)
		}
		if len(out) == 0 || out[len(out)-1].ID != g {
			out = append(out, groepsscan.PreviousGroup{ID: g})
		}
		pk, ok := known[k]
		if !ok {
			pk = groepsscan.PersonKey{Name: "\x00" + k}
		}
		out[len(out)-1].Members = append(out[len(out)-1].Members, pk)
	}
	return id, out, rows.Err()
}

// processedKeys writes one processing line named name for each person key.
func (tx *Tx) processedKeys(op, name, registerEntryID string, keys []string) error {
	keys = slices.Compact(slices.Sorted(slices.Values(keys)))
	var ps []string
	for chunk := range slices.Chunk(keys, tx.inChunk()) {
		var args []any
		rows, err := tx.Query(`SELECT pseudonym FROM scan_persons WHERE person_key IN (`+placeholders(&args, chunk)+`) ORDER BY person_key`, args...)
		if err != nil {
			return ga.Wrap(op, err)
		}
		for rows.Next() {
			var p string
			if err := rows.Scan(&p); err != nil {
				rows.Close()
				return ga.Wrap(op, err)
			}
			ps = append(ps, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return ga.Wrap(op, err)
		}
	}
	tx.processed(name, registerEntryID, ps...)
	return nil
}

// Scans lists the scan runs, newest first (police only; KindForbidden for
// others). The list holds no personal data.
func (db *DB) Scans(ctx context.Context) ([]ScanSummary, error) {
	const op = "storage.Scans"
	var out []ScanSummary
	err := db.act(ctx, "scan_list", "scan", "", func(tx *Tx) error {
		if _, err := tx.requireGroepsscan(ga.ErrForbidden(op)); err != nil {
			return err
		}
		rows, err := tx.Query(`SELECT id, created_at, window_from, window_to, registrations, persons, groups FROM scans ORDER BY created_at DESC, id DESC`)
		if err != nil {
			return ga.Wrap(op, err)
		}
		defer rows.Close()
		for rows.Next() {
			var s ScanSummary
			if err := rows.Scan(&s.ID, &s.CreatedAt, &s.From, &s.To, &s.Registrations, &s.Persons, &s.Groups); err != nil {
				return ga.Wrap(op, err)
			}
			out = append(out, s)
		}
		if err := rows.Err(); err != nil {
			return ga.Wrap(op, err)
		}
		tx.Audit("scan_list", "scan", "", ga.ResultSuccess, "")
		return nil
	})
	return out, err
}

// ScanView is one scan run with its detected groups, without personal data.
type ScanView struct {
	ScanSummary
	DetectedGroups []ScanGroupSummary `json:"gedetecteerdeGroepen"`
}

// Scan returns scan id with its groups. Anyone but a police user gets
// ga.ErrNotFound, as for an unknown id.
func (db *DB) Scan(ctx context.Context, id string) (ScanView, error) {
	const op = "storage.Scan"
	var v ScanView
	err := db.act(ctx, "scan_read", "scan", id, func(tx *Tx) error {
		if _, err := tx.requireGroepsscan(ga.ErrNotFound(op)); err != nil {
			return err
		}
		var err error
		if v.ScanSummary, err = tx.scanSummary(op, id); err != nil {
			return err
		}
		rows, err := tx.Query(`SELECT group_id, size, previous_jaccard, split, oversized, suggested FROM scan_groups WHERE scan_id = $1 ORDER BY position`, id)
		if err != nil {
			return ga.Wrap(op, err)
		}
		defer rows.Close()
		for rows.Next() {
			g := ScanGroupSummary{ScanID: id}
			var suggested string
			if err := rows.Scan(&g.GroupID, &g.Size, &g.PreviousJaccard, &g.Split, &g.Oversized, &suggested); err != nil {
				return ga.Wrap(op, err)
			}
			g.Suggested = groepsscan.Classification(suggested)
			v.DetectedGroups = append(v.DetectedGroups, g)
		}
		if err := rows.Err(); err != nil {
			return ga.Wrap(op, err)
		}
		tx.Audit("scan_read", "scan", id, ga.ResultSuccess, "")
		return nil
	})
	return v, err
}

func (tx *Tx) scanSummary(op, id string) (ScanSummary, error) {
	s := ScanSummary{ID: id}
	err := tx.QueryRow(`SELECT created_at, window_from, window_to, registrations, persons, groups FROM scans WHERE id = $1`, id).
		Scan(&s.CreatedAt, &s.From, &s.To, &s.Registrations, &s.Persons, &s.Groups)
	return s, notFound(op, err)
}

// UncertainMatchView is an uncertain match as the officer sees it.
type UncertainMatchView struct {
	Member     string  `json:"lid"`
	MemberBorn ga.Date `json:"lidGeboortedatum"`
	Other      string  `json:"andere"`
	OtherBorn  ga.Date `json:"andereGeboortedatum"`
	Reason     string  `json:"reden"`
	MemberKey  string  `json:"-"`
	OtherKey   string  `json:"-"`
}

// SoftInput is one piece of the neighbourhood officer's soft input on a
// detected group: an observation, a hang-out spot or a remark, about the
// group or one member. It is kept apart from the registrations and always
// shown as soft input (Zacht = true in every answer).
type SoftInput struct {
	ID        string           `json:"id"`
	GroupID   string           `json:"groepId"`
	Member    string           `json:"lid,omitempty"`
	MemberKey string           `json:"-"`
	Kind      ga.SoftInputKind `json:"soort"`
	Text      string           `json:"tekst"`
	Soft      bool             `json:"zachteInformatie"`
	AuthorID  string           `json:"auteurId"`
	CreatedAt time.Time        `json:"vastgelegdOp"`
}

// ScanGroupView is a detected group with its profile, the uncertain
// matches of its members and the soft input on it.
type ScanGroupView struct {
	ScanGroupSummary
	Profile   groepsscan.Profile   `json:"profiel"`
	Uncertain []UncertainMatchView `json:"onzekereMatches"`
	SoftInput []SoftInput          `json:"zachteInformatie"`
	// keys are the stored keys of the profile's members, in its order.
	keys []string
}

// ScanGroup returns detected group groupID of scan scanID with its profile.
// Anyone but a police user gets ga.ErrNotFound. It writes the processing
// line groepsscan_inzien for every member and every person of an uncertain
// match shown.
func (db *DB) ScanGroup(ctx context.Context, scanID, groupID string) (ScanGroupView, error) {
	const op = "storage.ScanGroup"
	var v ScanGroupView
	err := db.act(ctx, "scan_group_read", "scan_group", groupID, func(tx *Tx) error {
		registerEntryID, err := tx.requireGroepsscan(ga.ErrNotFound(op))
		if err != nil {
			return err
		}
		if v, err = tx.scanGroup(op, scanID, groupID); err != nil {
			return err
		}
		keys := slices.Clone(v.keys)
		for _, u := range v.Uncertain {
			keys = append(keys, u.OtherKey)
		}
		if err := tx.processedKeys(op, processingRead, registerEntryID, keys); err != nil {
			return err
		}
		tx.Audit("scan_group_read", "scan_group", groupID, ga.ResultSuccess, "scan="+scanID)
		return nil
	})
	return v, err
}

func (tx *Tx) scanGroup(op, scanID, groupID string) (ScanGroupView, error) {
	v := ScanGroupView{ScanGroupSummary: ScanGroupSummary{ScanID: scanID, GroupID: groupID}}
	var profile, suggested string
	err := tx.QueryRow(`SELECT size, previous_jaccard, split, oversized, suggested, profile FROM scan_groups WHERE scan_id = $1 AND group_id = $2`, scanID, groupID).
		Scan(&v.Size, &v.PreviousJaccard, &v.Split, &v.Oversized, &suggested, &profile)
	if err != nil {
		return v, notFound(op, err)
	}
	v.Suggested = groepsscan.Classification(suggested)
	sc, err := tx.scanCrypt()
	if err != nil {
		return v, ga.Wrap(op, err)
	}
	sp, err := openProfile(sc, scanRunKeyID(scanID), "scan_groups", scanID+"/"+groupID, profile)
	if err != nil {
		return v, ga.Wrap(op, err)
	}
	v.Profile, v.keys = sp.Profile, sp.Keys
	names := map[string]string{}
	born := map[string]ga.Date{}
	for i, m := range v.Profile.Members {
		if i < len(sp.Keys) {
			names[sp.Keys[i]] = m.Name
			born[sp.Keys[i]] = m.DateOfBirth
		}
	}
	rows, err := tx.Query(`SELECT u.person_a, u.person_b, u.reason, pb.name, pb.date_of_birth, pb.pseudonym
		FROM scan_uncertain_matches u JOIN scan_group_members m ON m.scan_id = u.scan_id AND m.person_key = u.person_a AND m.group_id = $2
		JOIN scan_persons pb ON pb.person_key = u.person_b
		WHERE u.scan_id = $1 ORDER BY u.person_a, u.person_b`, scanID, groupID)
	if err != nil {
		return v, ga.Wrap(op, err)
	}
	var bornOther, otherPS []string
	for rows.Next() {
		var u UncertainMatchView
		var b, ps string
		if err := rows.Scan(&u.MemberKey, &u.OtherKey, &u.Reason, &u.Other, &b, &ps); err != nil {
			rows.Close()
			return v, ga.Wrap(op, err)
		}
		u.Member = names[u.MemberKey]
		u.MemberBorn = born[u.MemberKey]
		v.Uncertain = append(v.Uncertain, u)
		bornOther, otherPS = append(bornOther, b), append(otherPS, ps)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return v, ga.Wrap(op, err)
	}
	for i := range v.Uncertain {
		if i%importBatch == 0 {
			if err := sc.preparePersons(otherPS[i:min(i+importBatch, len(otherPS))], false); err != nil {
				return v, ga.Wrap(op, err)
			}
		}
		u := &v.Uncertain[i]
		if err := sc.openPerson(otherPS[i], "name", u.OtherKey, &u.Other, Erased); err != nil {
			return v, ga.Wrap(op, err)
		}
		if err := sc.openPerson(otherPS[i], "date_of_birth", u.OtherKey, &bornOther[i], ""); err != nil {
			return v, ga.Wrap(op, err)
		}
		u.OtherBorn = ga.Date(bornOther[i])
	}
	// In the order of the matching keys, which the stored keys (blind
	// indexes) do not keep.
	slices.SortStableFunc(v.Uncertain, func(a, b UncertainMatchView) int {
		if c := strings.Compare(groepsscan.KeyOf(a.Member, a.MemberBorn).String(), groepsscan.KeyOf(b.Member, b.MemberBorn).String()); c != 0 {
			return c
		}
		return strings.Compare(groepsscan.KeyOf(a.Other, a.OtherBorn).String(), groepsscan.KeyOf(b.Other, b.OtherBorn).String())
	})
	v.SoftInput, err = tx.softInput(op, sc, groupID, names)
	return v, err
}

// softInput returns the soft input on detected group groupID, a member's
// named by names (stored key to name).
func (tx *Tx) softInput(op string, sc *scanCrypt, groupID string, names map[string]string) ([]SoftInput, error) {
	rows, err := tx.Query(`SELECT id, person_key, kind, text, author_id, created_at FROM scan_soft_input WHERE group_id = $1 ORDER BY created_at, id`, groupID)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	var out []SoftInput
	for rows.Next() {
		s := SoftInput{GroupID: groupID, Soft: true}
		var kind string
		if err := rows.Scan(&s.ID, &s.MemberKey, &kind, &s.Text, &s.AuthorID, &s.CreatedAt); err != nil {
			return nil, ga.Wrap(op, err)
		}
		if err := sc.open(scanGroupKeyID(groupID), "scan_soft_input", "text", s.ID, &s.Text, Erased); err != nil {
			return nil, ga.Wrap(op, err)
		}
		s.Kind = ga.SoftInputKind(kind)
		if s.MemberKey != "" {
			s.Member = names[s.MemberKey]
			if s.Member == "" {
				s.Member = "(geen lid meer van deze groep)"
			}
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// AddSoftInput records the neighbourhood officer's soft input on detected
// group groupID of scan scanID: about the group, or about the member at
// position member of the profile's member list (-1 for the group). It is
// stored apart from the registrations, by the group's stable id, so that it
// stays with the group in later scans. Anyone but a police user gets
// ga.ErrNotFound. A member's soft input writes the processing line
// zachte_informatie_vastleggen for that member.
func (db *DB) AddSoftInput(ctx context.Context, scanID, groupID string, member int, kind ga.SoftInputKind, text string) (SoftInput, error) {
	const op = "storage.AddSoftInput"
	var s SoftInput
	err := db.act(ctx, "scan_soft_input_add", "scan_group", groupID, func(tx *Tx) error {
		registerEntryID, err := tx.requireGroepsscan(ga.ErrNotFound(op))
		if err != nil {
			return err
		}
		g, err := tx.scanGroup(op, scanID, groupID)
		if err != nil {
			return err
		}
		var v ga.Invalid
		if !kind.Valid() {
			v.Add("soort", "Kies observatie, hangplek of opmerking.")
		}
		text = strings.TrimSpace(text)
		if text == "" || len([]rune(text)) > ga.MaxSoftInputLength {
			v.Add("tekst", "Vul de tekst in (maximaal 2000 tekens).")
		}
		if member < -1 || member >= len(g.Profile.Members) {
			v.Add("lid", "Kies een lid van deze groep, of de groep als geheel.")
		}
		if err := v.Err(op); err != nil {
			return err
		}
		s = SoftInput{ID: NewID(), GroupID: groupID, Kind: kind, Text: text, Soft: true, AuthorID: tx.Actor().UserID, CreatedAt: tx.Now()}
		if member >= 0 && member < len(g.keys) {
			s.MemberKey = g.keys[member]
			s.Member = g.Profile.Members[member].Name
		}
		sc, err := tx.scanCrypt()
		if err != nil {
			return ga.Wrap(op, err)
		}
		sealed := text
		if err := sc.seal(scanGroupKeyID(groupID), "scan_soft_input", "text", s.ID, &sealed); err != nil {
			return ga.Wrap(op, err)
		}
		if _, err := tx.Exec(`INSERT INTO scan_soft_input (id, group_id, person_key, kind, text, author_id, partner_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, s.ID, groupID, s.MemberKey, string(kind), sealed, s.AuthorID, tx.Actor().PartnerID, s.CreatedAt); err != nil {
			return ga.Wrap(op, err)
		}
		if s.MemberKey != "" {
			if err := tx.processedKeys(op, processingSoft, registerEntryID, []string{s.MemberKey}); err != nil {
				return err
			}
		}
		tx.Audit("scan_soft_input_add", "scan_group", groupID, ga.ResultSuccess, "soort="+string(kind))
		return nil
	})
	return s, err
}
