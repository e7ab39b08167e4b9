package demo

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"maps"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/groepsscan"
	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// secrets are the demo's personal data that must never be in the database
// in clear text: every person's name, address and BSN, every legal
// representative's name and address, every item's content, every
// measure's description and an agreement's.
func secrets() []string {
	var out []string
	for _, p := range append(append([]personSpec{}, persons...), recruits...) {
		out = append(out, p.name, p.address)
		if p.bsn != "" {
			out = append(out, p.bsn)
		}
		for _, r := range p.reps {
			out = append(out, r.Name, r.Address)
		}
	}
	for _, it := range allItems() {
		out = append(out, it.content)
	}
	for _, m := range append(append([]measureSpec{}, measures...), gebiedsverbod) {
		out = append(out, m.description)
	}
	// An agreement of the group meeting.
	return append(out, "Extra surveillance op vrijdag- en zaterdagavond bij de fietsenstalling.")
}

// TestRawDatabaseHoldsNoClearText loads the demo and reads the database
// raw — every value of every table through plain SQL, and on SQLite the
// bytes of the database file and its write-ahead log, on PostgreSQL the
// output of pg_dump when it is installed — and finds none of the demo
// persons' names, addresses, BSNs, representatives or item contents.
func TestRawDatabaseHoldsNoClearText(t *testing.T) {
	u := storagetest.URL(t)
	db := storagetest.OpenURL(t, u, storagetest.Options{Now: fixedClock()})
	if _, err := LoadIfEmpty(systemCtx(), db); err != nil {
		t.Fatalf("LoadIfEmpty: %v", err)
	}
	d := &demo{t: t, db: db}
	// The check can fail: the names are there, decrypted, through the
	// storage layer.
	station, _ := d.groups()
	members := d.memberNames("cora", station.ID)
	if len(members) == 0 || !strings.Contains(members[0].Person.Name, " ") {
		t.Fatalf("members of the station group read as %v", members)
	}
	ss := secrets()
	if len(ss) < 30 {
		t.Fatalf("only %d secrets", len(ss))
	}
	for _, s := range ss {
		if found := rawSearch(t, db, s); len(found) > 0 {
			t.Errorf("%q in clear text in %v", s, found)
		}
	}
	scan := scanSecrets(t, d)
	for table, found := range rawSearchAll(t, db, scan) {
		t.Errorf("%d Groepsscan values in clear text in %s, such as %q", len(found), table, found[0])
	}
	ss = append(ss, scan...)
	var raw []byte
	switch db.Dialect() {
	case storage.SQLite:
		path := strings.TrimPrefix(u, "sqlite:")
		for _, f := range []string{path, path + "-wal"} {
			b, err := os.ReadFile(f)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			raw = append(raw, b...)
		}
	case storage.Postgres:
		if _, err := exec.LookPath("pg_dump"); err != nil {
			t.Log("pg_dump not installed: the table scan above is the raw read")
			break
		}
		out, err := exec.Command("pg_dump", "--data-only", "--dbname", u).Output()
		if err != nil {
			t.Fatalf("pg_dump: %v", err)
		}
		raw = out
	}
	if len(raw) > 0 {
		if !bytes.Contains(raw, []byte("Groep Stationsplein")) {
			t.Fatalf("the raw read does not see the database (%d bytes)", len(raw))
		}
		for _, s := range ss {
			if bytes.Contains(raw, []byte(s)) {
				t.Errorf("%q in clear text in the raw %s database", s, db.Dialect())
			}
		}
		t.Logf("raw read of %d bytes (%s), %d secrets checked", len(raw), db.Dialect(), len(ss))
	}
}

// scanSecrets returns the personal data of the demo's Groepsscan that must
// not be in the database in clear text: the names (as registered and as
// normalised for matching), dates of birth, descriptions and locations of
// the imported registrations, regenerated as the demo made them, and the
// text of a piece of soft input it adds. It checks first that the storage
// layer reads them, so that a search that finds nothing proves something.
func scanSecrets(t *testing.T, d *demo) []string {
	t.Helper()
	cfg := groepsscan.DefaultGenerateConfig(demoRegistrations, 1, demoNow)
	cfg.Years, cfg.IDPrefix = 2, "DEMO"
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if _, err := groepsscan.Generate(cfg, func(r groepsscan.Registration) error {
		// Descriptions that name a spot: the bare incident texts
		// ("vernieling") are too short to tell from anything else.
		if strings.Contains(r.Description, " bij ") {
			add(r.Description)
		}
		for _, p := range r.Persons {
			add(p.Name)
			add(groepsscan.NormalizeName(p.Name))
			add(string(p.DateOfBirth))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	ctx := d.as("willem")
	scans, err := d.db.Scans(ctx)
	if err != nil || len(scans) == 0 {
		t.Fatalf("Scans: %v, %d", err, len(scans))
	}
	v, err := d.db.Scan(ctx, scans[0].ID)
	if err != nil || len(v.DetectedGroups) == 0 {
		t.Fatalf("Scan: %v, %+v", err, v)
	}
	g, err := d.db.ScanGroup(ctx, v.ID, v.DetectedGroups[0].GroupID)
	if err != nil {
		t.Fatal(err)
	}
	if m := g.Profile.Members[0]; !seen[m.Name] || !seen[string(m.DateOfBirth)] {
		t.Fatalf("the scan's member %q (%s) is not among the generated registrations", m.Name, m.DateOfBirth)
	}
	soft := "Zit elke avond bij de snackbar aan de Vijverlaan met een rode scooter"
	if _, err := d.db.AddSoftInput(ctx, v.ID, g.GroupID, 0, ga.SoftObservation, soft); err != nil {
		t.Fatal(err)
	}
	if g, err = d.db.ScanGroup(ctx, v.ID, g.GroupID); err != nil || len(g.SoftInput) != 1 || g.SoftInput[0].Text != soft {
		t.Fatalf("soft input read back as %+v (%v)", g.SoftInput, err)
	}
	return append(out, soft)
}

// scanGroupsByID returns the detected groups of the latest scan by their
// stable ids, each with its members' names and dates of birth, the
// uncertain matches and the soft input, as the neighbourhood officer reads
// them.
func scanGroupsByID(t *testing.T, d *demo) map[string][]string {
	t.Helper()
	ctx := d.as("willem")
	scans, err := d.db.Scans(ctx)
	if err != nil || len(scans) == 0 {
		t.Fatalf("Scans: %v, %d", err, len(scans))
	}
	v, err := d.db.Scan(ctx, scans[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, sg := range v.DetectedGroups {
		g, err := d.db.ScanGroup(ctx, v.ID, sg.GroupID)
		if err != nil {
			t.Fatal(err)
		}
		var about []string
		for _, m := range g.Profile.Members {
			about = append(about, m.Name+" "+string(m.DateOfBirth))
		}
		for _, u := range g.Uncertain {
			about = append(about, "onzeker: "+u.Member+" "+string(u.MemberBorn)+" ~ "+u.Other+" "+string(u.OtherBorn))
		}
		for _, s := range g.SoftInput {
			about = append(about, "zacht: "+s.Member+": "+s.Text)
		}
		out[sg.GroupID] = about
	}
	if len(out) == 0 {
		t.Fatal("the latest scan detected no groups")
	}
	return out
}

// scanCasework makes a casework group of the latest scan's first detected
// group, or reads the one given, and returns its id with the kept scan as
// the police read it: the profile's members, the name list and the soft
// input.
func scanCasework(t *testing.T, d *demo, groupID ...string) (string, []string) {
	t.Helper()
	ctx := d.as("willem")
	if len(groupID) == 0 {
		scans, err := d.db.Scans(ctx)
		if err != nil || len(scans) == 0 {
			t.Fatalf("Scans: %v", err)
		}
		v, err := d.db.Scan(ctx, scans[0].ID)
		if err != nil || len(v.DetectedGroups) == 0 {
			t.Fatalf("Scan: %v", err)
		}
		res, err := d.db.CreateGroupFromScan(ctx, v.ID, v.DetectedGroups[0].GroupID, storage.ScanCaseworkInput{Name: "Groep uit de scan", Area: "Centrum", Form: ga.FormGroup})
		if err != nil {
			t.Fatalf("CreateGroupFromScan: %v", err)
		}
		groupID = []string{res.Group.ID}
	}
	s, err := d.db.GroupScan(ctx, groupID[0])
	if err != nil || s.Profile == nil {
		t.Fatalf("GroupScan: %v, %+v", err, s)
	}
	var out []string
	for _, m := range s.Profile.Members {
		out = append(out, "lid: "+m.Name+" "+string(m.DateOfBirth))
	}
	for _, m := range s.Members {
		out = append(out, "namenlijst: "+m.Name+" "+string(m.Born)+" "+m.PersonID)
	}
	for _, si := range s.SoftInput {
		out = append(out, "zacht: "+si.Member+": "+si.Text)
	}
	if len(s.Members) == 0 || len(s.Members) != len(s.Profile.Members) {
		t.Fatalf("the kept scan has %d members on the name list, %d in the profile", len(s.Members), len(s.Profile.Members))
	}
	return groupID[0], out
}

// groupsDiff describes how the groups of after differ from before's.
func groupsDiff(after, before map[string][]string) string {
	var out []string
	for id, b := range before {
		a, ok := after[id]
		switch {
		case !ok:
			out = append(out, "group "+id+" is gone")
		case !slices.Equal(a, b):
			for _, x := range b {
				if !slices.Contains(a, x) {
					out = append(out, id+" lost "+x)
				}
			}
			for _, x := range a {
				if !slices.Contains(b, x) {
					out = append(out, id+" gained "+x)
				}
			}
			if len(out) == 0 {
				out = append(out, id+" in another order")
			}
		}
	}
	for id := range after {
		if _, ok := before[id]; !ok {
			out = append(out, "new group "+id)
		}
	}
	return strings.Join(out, "; ")
}

// rawSearchAll reads every value of every table with plain SQL past the
// storage layer and returns, per table, the secrets found in it.
func rawSearchAll(t *testing.T, db *storage.DB, secrets []string) map[string][]string {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table'`
	if db.Dialect() == storage.Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	rows, err := db.SQL().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	found := map[string][]string{}
	for _, table := range tables {
		rows, err := db.SQL().Query(`SELECT * FROM ` + table)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		cols, _ := rows.Columns()
		vals := make([]sql.RawBytes, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		var all []byte
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatalf("%s: %v", table, err)
			}
			for _, v := range vals {
				all = append(append(all, v...), 0)
			}
		}
		rows.Close()
		for _, s := range secrets {
			if bytes.Contains(all, []byte(s)) {
				found[table] = append(found[table], s)
			}
		}
	}
	return found
}

// fileSecrets are the values searched for in the raw database files
// around the conversion: the demo's secrets and the Groepsscan's names and
// descriptions (not its dates of birth, which as bare dates could occur in
// the files as some other date).
func fileSecrets(scan []string) []string {
	out := secrets()
	for _, s := range scan {
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			out = append(out, s)
		}
	}
	return out
}

// TestMigrateEncryptsClearTextRows loads the demo into a database without
// a key store — the rows in clear text, as an installation from before
// encryption at rest has them — and opens it again with one: Migrate
// encrypts every row, the raw read finds no clear text, and the storage
// layer reads the same members as before, including the look-up of a
// person by name and date of birth through the blind index. Down to the
// bytes on disk: the names, addresses, item contents and Groepsscan names
// and descriptions found in the database files before the conversion (on
// SQLite the database file and its write-ahead log, on PostgreSQL the
// database's relation files and pg_dump) are in none after it.
func TestMigrateEncryptsClearTextRows(t *testing.T) {
	u := storagetest.URL(t)
	clock := fixedClock()
	plain := storagetest.OpenURL(t, u, storagetest.Options{Now: clock, Plain: true})
	if _, err := LoadIfEmpty(systemCtx(), plain); err != nil {
		t.Fatalf("LoadIfEmpty: %v", err)
	}
	if found := rawSearch(t, plain, persons[0].name); len(found) == 0 {
		t.Fatal("the database without a key store holds no clear text: the test would prove nothing")
	}
	d := &demo{t: t, db: plain}
	station, _ := d.groups()
	before := d.memberNames("cora", station.ID)
	scan := scanSecrets(t, d)
	if found := rawSearchAll(t, plain, scan); len(found["scan_persons"]) == 0 || len(found["scan_soft_input"]) == 0 {
		t.Fatalf("the Groepsscan without a key store is not in clear text (%d tables): the test would prove nothing", len(found))
	}
	scansBefore := scanGroupsByID(t, d)
	// A detected group made a casework group keeps its profile with the
	// group (group_scans), which the migration converts too.
	casework, keptBefore := scanCasework(t, d)
	// More registrations, of witnesses only (who tie no one, so that the
	// groups stay as they are), imported in clear text and again after the
	// migration: the migration's keyed content hashes recognise them as
	// unchanged. They are within the retention period of registrations,
	// as an import skips older ones.
	var old bytes.Buffer
	w, err := groepsscan.NewCSVWriter(&old)
	if err != nil {
		t.Fatal(err)
	}
	cfg := groepsscan.DefaultGenerateConfig(200, 9, demoNow.AddDate(0, -1, 0))
	cfg.Years, cfg.IDPrefix = 1, "OUD"
	if _, err := groepsscan.Generate(cfg, func(r groepsscan.Registration) error {
		for i := range r.Persons {
			r.Persons[i].Role = groepsscan.Getuige
		}
		return w.Write(r)
	}); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	if rep, err := plain.ImportRegistrations(d.as("willem"), bytes.NewReader(old.Bytes()), groepsscan.CSV, storage.ImportOptions{}); err != nil || rep.Inserted != 200 {
		t.Fatalf("import of older registrations: %+v, %v", rep, err)
	}
	// The bytes on disk: the search must be able to fail, so before the
	// conversion it finds the names and contents in the database files.
	// (On PostgreSQL the files are only readable beside a local server;
	// elsewhere the subtests are skipped.)
	inFiles := fileSecrets(scan)
	var filesBefore map[string][]byte
	t.Run("files before the conversion", func(t *testing.T) {
		filesBefore = rawFiles(t, plain)
		for _, s := range []string{persons[0].name, allItems()[0].content, inFiles[len(inFiles)-1]} {
			if found := rawFind(filesBefore, s); len(found) == 0 {
				t.Errorf("the raw search does not find %.30q in the database files before the conversion", s)
			}
		}
	})
	plain.Close()

	db := storagetest.OpenURL(t, u, storagetest.Options{Now: clock})
	// Once the conversion has committed, Migrate removes the clear values
	// it replaced from the files: free pages and the write-ahead log of
	// SQLite, dead tuples and old index entries of PostgreSQL.
	t.Run("files after the conversion", func(t *testing.T) {
		if filesBefore == nil {
			t.Skip("the files were not read before the conversion")
		}
		if err := db.ConversionResidues(); err != nil {
			if errors.Is(err, storage.ErrOlderTransactions) && os.Getenv("CI") == "" {
				t.Skipf("raw files not searched: transactions on this shared server, older than the conversion, kept old copies: %v", err)
			}
			t.Fatalf("removing the replaced clear text: %v", err)
		}
		after := rawFiles(t, db)
		n := 0
		for _, s := range inFiles {
			if len(rawFind(filesBefore, s)) == 0 {
				continue
			}
			n++
			if found := rawFind(after, s); len(found) > 0 {
				t.Errorf("%.30q is still in the database files %v after the conversion", s, found)
			}
		}
		t.Logf("%d of %d values in clear text in the files before the conversion, none after", n, len(inFiles))
	})
	for _, s := range secrets() {
		if found := rawSearch(t, db, s); len(found) > 0 {
			t.Errorf("%q still in clear text in %v after the migration", s, found)
		}
	}
	for table, found := range rawSearchAll(t, db, scan) {
		t.Errorf("%d Groepsscan values still in clear text in %s after the migration, such as %q", len(found), table, found[0])
	}
	d = &demo{t: t, db: db}
	// The Groepsscan reads as before, and a new scan finds the same groups
	// under the same stable ids: the blind person keys of the converted
	// scan match those of the new one.
	if scansAfter := scanGroupsByID(t, d); !maps.EqualFunc(scansAfter, scansBefore, slices.Equal) {
		t.Errorf("the latest scan reads otherwise after the migration: %s", groupsDiff(scansAfter, scansBefore))
	}
	if _, keptAfter := scanCasework(t, d, casework); !slices.Equal(keptAfter, keptBefore) {
		t.Errorf("the scan kept with the casework group reads %v after the migration, %v before", keptAfter, keptBefore)
	}
	if _, err := db.RunScan(d.as("willem"), groepsscan.Options{}); err != nil {
		t.Fatal(err)
	}
	if scansAgain := scanGroupsByID(t, d); !maps.EqualFunc(scansAgain, scansBefore, slices.Equal) {
		t.Errorf("a scan after the migration found other groups: %s", groupsDiff(scansAgain, scansBefore))
	}
	if rep, err := db.ImportRegistrations(d.as("willem"), bytes.NewReader(old.Bytes()), groepsscan.CSV, storage.ImportOptions{}); err != nil || rep.Unchanged != 200 {
		t.Errorf("a re-import after the migration: %+v, %v; want all 200 unchanged", rep, err)
	}
	after := d.memberNames("cora", station.ID)
	if len(after) != len(before) {
		t.Fatalf("%d members after, %d before", len(after), len(before))
	}
	for i := range before {
		if before[i].Person.Name != after[i].Person.Name || before[i].Person.DateOfBirth != after[i].Person.DateOfBirth {
			t.Errorf("member %d: %+v after, %+v before", i, after[i].Person, before[i].Person)
		}
	}
	found, err := db.FindCasePersons(d.as("priya"), "  "+strings.ToUpper(persons[0].name)+" ", persons[0].dob)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || found[0].Name != persons[0].name {
		t.Errorf("look-up by name and date of birth found %+v", found)
	}
	// A second migration finds nothing left to do and changes nothing.
	var raw string
	if err := db.SQL().QueryRow(`SELECT name FROM persons ORDER BY id LIMIT 1`).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	var again string
	if err := db.SQL().QueryRow(`SELECT name FROM persons ORDER BY id LIMIT 1`).Scan(&again); err != nil || again != raw {
		t.Errorf("a second migration changed a row: %v", err)
	}
}
