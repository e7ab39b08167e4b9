package storage_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/groepsscan"
	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// TestRegistrationRetention runs the retention of the Groepsscan's
// registrations (groepsscan.RetentionMonths) in two steps over two groups:
// group A of old registrations, group B of recent ones, and three single
// registrations at the cutoff's UTC month boundary (the first of them is on
// the first of the month in Europe/Amsterdam but on the last day of the
// previous month in UTC). At each step the dry run deletes nothing and
// reports what the run then deletes; the run deletes exactly the
// registrations before the cutoff, the scan runs whose window ended before
// it (never the latest), the soft input on groups no kept scan holds and the
// persons nothing kept refers to; it destroys the key of every month wholly
// before the cutoff, so that a backup taken before reads that month as
// erased; a scan after it keeps the ids of the groups still there; a
// second run finds nothing; the logs verify. An import of a registration
// past the period skips it.
func TestRegistrationRetention(t *testing.T) {
	c := newCasework(t)
	ctx := context.Background()
	y := c.clock.Now().Year()
	at := func(year int, month time.Month, day, hour, min int) time.Time {
		return time.Date(year, month, day, hour, min, 0, 0, time.UTC)
	}
	person := func(name string, role groepsscan.Role) groepsscan.Involvement {
		return groepsscan.Involvement{Role: role, Name: name, DateOfBirth: ga.Date(fmt.Sprintf("%d-03-1%d", y-14, len(name)%10))}
	}
	reg := func(id string, when time.Time, ps ...groepsscan.Involvement) groepsscan.Registration {
		return groepsscan.Registration{ID: id, Time: when, IncidentCode: "F123", Category: groepsscan.Criminaliteit, Area: "Centrum",
			Location: "Plein " + id, Description: "Omschrijving van " + id, Persons: ps}
	}
	a := []groepsscan.Involvement{person("Aart Oud", groepsscan.Verdachte), person("Bram Oud", groepsscan.Verdachte), person("Cees Oud", groepsscan.Verdachte)}
	b := []groepsscan.Involvement{person("Daan Nieuw", groepsscan.Verdachte), person("Erik Nieuw", groepsscan.Verdachte), person("Frits Nieuw", groepsscan.Verdachte)}
	victim := person("Slachtoffer Oud", groepsscan.Slachtoffer)
	// The cutoff at the first run is y+1-02-01 00:30 UTC.
	first := at(y+3, time.February, 1, 0, 30)
	x1 := reg("X1", at(y+1, time.January, 31, 23, 30), person("Getuige Grens", groepsscan.Getuige)) // 1 February in Amsterdam
	x3 := reg("X3", at(y+1, time.February, 1, 0, 15), person("Getuige Vroeg", groepsscan.Getuige))
	x2 := reg("X2", at(y+1, time.February, 1, 0, 45), person("Getuige Laat", groepsscan.Getuige))
	imp := func(regs ...groepsscan.Registration) storage.ImportReport {
		t.Helper()
		return c.mustImport(c.police, encodeRegistrations(t, regs, groepsscan.JSONL), groepsscan.JSONL, storage.ImportOptions{})
	}
	scan := func() (storage.ScanSummary, []string) {
		t.Helper()
		s, err := c.db.RunScan(c.police, groepsscan.Options{})
		if err != nil {
			t.Fatal(err)
		}
		v, err := c.db.Scan(c.police, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, g := range v.DetectedGroups {
			ids = append(ids, g.GroupID)
		}
		return s, ids
	}
	key := func(p groepsscan.Involvement) string {
		k, err := c.db.ScanPersonKey(ctx, groepsscan.KeyOf(p.Name, p.DateOfBirth))
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	pseudonym := func(p groepsscan.Involvement) string {
		var ps string
		if err := c.db.SQL().QueryRow(`SELECT pseudonym FROM scan_persons WHERE person_key = $1`, key(p)).Scan(&ps); err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		return ps
	}
	rows := func(q string, args ...any) int {
		t.Helper()
		return int(count(t, c.db, q, args...))
	}

	// The first scan, half a month after group A's registrations.
	c.clock.Set(at(y+1, time.January, 15, 12, 0))
	imp(reg("A1", at(y+1, time.January, 5, 20, 0), append(slices.Clone(a), victim)...),
		reg("A2", at(y+1, time.January, 6, 20, 0), a...),
		reg("A3", at(y+1, time.January, 7, 20, 0), a...),
		reg("A4", at(y+1, time.January, 8, 20, 0), a[0], b[0]))
	s0, ids := scan()
	if len(ids) != 1 {
		t.Fatalf("first scan found %v", ids)
	}
	groupA := ids[0]
	if _, err := c.db.AddSoftInput(c.police, s0.ID, groupA, -1, ga.SoftHangout, "Hangt rond bij het oude plein"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.db.AddSoftInput(c.police, s0.ID, groupA, 0, ga.SoftRemark, "Leider van de groep"); err != nil {
		t.Fatal(err)
	}

	// The second scan, with group B and the registrations at the boundary.
	c.clock.Set(at(y+2, time.June, 1, 12, 0))
	if rep := imp(reg("B1", at(y+2, time.May, 10, 20, 0), b...), reg("B2", at(y+2, time.May, 11, 20, 0), b...),
		reg("B3", at(y+2, time.May, 12, 20, 0), b...), x1, x2, x3); rep.Inserted != 6 || rep.Expired != 0 {
		t.Fatalf("import %+v", rep)
	}
	s1, ids := scan()
	if len(ids) != 2 || !slices.Contains(ids, groupA) {
		t.Fatalf("second scan found %v, want A (%s) and B", ids, groupA)
	}
	groupB := ids[0]
	if groupB == groupA {
		groupB = ids[1]
	}
	if _, err := c.db.AddSoftInput(c.police, s1.ID, groupB, 0, ga.SoftObservation, "Gezien bij de snackbar"); err != nil {
		t.Fatal(err)
	}
	restoreURL := backupOf(t, c.db)
	victimPS, aPS := pseudonym(victim), pseudonym(a[0])

	type state struct{ registrations, persons, scans, groups, members, uncertain, soft int }
	snapshot := func() state {
		return state{rows(`SELECT count(*) FROM registrations`), rows(`SELECT count(*) FROM scan_persons`), rows(`SELECT count(*) FROM scans`),
			rows(`SELECT count(*) FROM scan_groups`), rows(`SELECT count(*) FROM scan_group_members`),
			rows(`SELECT count(*) FROM scan_uncertain_matches`), rows(`SELECT count(*) FROM scan_soft_input`)}
	}
	monthKey := func(m string) string { return "groepsscan/maand/" + m }
	shredded := func(id string) bool {
		gone, err := c.db.Keys().Shredded(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return gone
	}
	run := func(want ga.RegistrationRetention) {
		t.Helper()
		before := snapshot()
		dry, err := c.db.ApplyRetention(c.sys, true)
		if err != nil {
			t.Fatal(err)
		}
		if snapshot() != before {
			t.Fatal("the dry run deleted something")
		}
		for _, m := range want.Months {
			if shredded(monthKey(m)) {
				t.Fatalf("the dry run destroyed the key of %s", m)
			}
		}
		applied, err := c.db.ApplyRetention(c.sys, false)
		if err != nil {
			t.Fatal(err)
		}
		want.Cutoff = groepsscan.RetentionCutoff(c.clock.Now())
		for _, got := range []ga.RegistrationRetention{dry.Registrations, applied.Registrations} {
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("retention %+v, want %+v", got, want)
			}
		}
		for _, m := range want.Months {
			if !shredded(monthKey(m)) {
				t.Errorf("the key of %s is still there", m)
			}
		}
		if again, err := c.db.ApplyRetention(c.sys, false); err != nil || !again.Registrations.Empty() {
			t.Errorf("second run: %+v, %v", again.Registrations, err)
		}
	}
	registrations := func() []string {
		ids, err := c.db.SQL().Query(`SELECT id FROM registrations ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer ids.Close()
		var out []string
		for ids.Next() {
			var id string
			ids.Scan(&id)
			out = append(out, id)
		}
		return out
	}
	hasPerson := func(p groepsscan.Involvement) bool {
		return rows(`SELECT count(*) FROM scan_persons WHERE person_key = $1`, key(p)) == 1
	}

	// First run: the cutoff is y+1-02-01 00:30 UTC.
	c.clock.Set(first)
	janKey := fmt.Sprintf("%d-01", y+1)
	run(ga.RegistrationRetention{Registrations: 6, Persons: 3, Scans: 1, Months: []string{janKey}})
	if got := registrations(); !slices.Equal(got, []string{"B1", "B2", "B3", "X2"}) {
		t.Errorf("registrations kept %v", got)
	}
	for _, tc := range []struct {
		p    groepsscan.Involvement
		kept bool
	}{
		{victim, false}, {x1.Persons[0], false}, {x3.Persons[0], false}, {x2.Persons[0], true},
		{a[0], true}, {a[1], true}, {b[0], true}, // members of the second scan, which is kept
	} {
		if hasPerson(tc.p) != tc.kept {
			t.Errorf("person %s kept: %v, want %v", tc.p.Name, !tc.kept, tc.kept)
		}
	}
	if rows(`SELECT count(*) FROM scans WHERE id = $1`, s0.ID) != 0 || rows(`SELECT count(*) FROM scan_group_members WHERE scan_id = $1`, s0.ID) != 0 {
		t.Error("the first scan run is still there")
	}
	if !shredded("groepsscan/scan/"+s0.ID) || shredded("groepsscan/scan/"+s1.ID) || shredded(monthKey(fmt.Sprintf("%d-02", y+1))) {
		t.Error("the keys of the scan runs or of the month after the cutoff")
	}
	if !shredded("groepsscan/persoon/"+victimPS) || shredded("groepsscan/persoon/"+aPS) {
		t.Error("the keys of the deleted victim or of the kept person A")
	}
	if rows(`SELECT count(*) FROM scan_soft_input`) != 3 {
		t.Error("soft input on groups of the kept scan was deleted")
	}
	var lines []string
	for _, e := range c.processingLines(victimPS) {
		lines = append(lines, e.Name)
	}
	if !slices.Contains(lines, "registraties_bewaartermijn_verwijderen") {
		t.Errorf("the victim's processing lines %v", lines)
	}
	audits := c.auditLines("retention_delete", "")
	if len(audits) != 1 || !strings.Contains(audits[0].Detail, "registraties=6; personen=3; scans=1") {
		t.Errorf("audit lines %+v", audits)
	}

	// The old backup reads the destroyed month as erased, and the month
	// after the cutoff as it was.
	restored, err := storage.Open(ctx, storage.Config{URL: restoreURL(), Now: c.clock.Now, LogKeys: storagetest.LogKeys(t), Keys: c.db.Keys()})
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	for _, tc := range []struct{ table, column, row, want string }{
		{"registrations", "description", "X1", storage.Erased},
		{"registrations", "location", "A1", storage.Erased},
		{"registration_persons", "name", "X1/0", storage.Erased},
		{"registrations", "description", "X2", x2.Description},
		{"registration_persons", "name", "X2/0", x2.Persons[0].Name},
		// A deleted person's own key is destroyed; a kept person's is not.
		{"scan_persons", "name", key(victim), storage.Erased},
		{"scan_persons", "date_of_birth", key(victim), storage.Erased},
		{"scan_persons", "name", key(x1.Persons[0]), storage.Erased},
		{"scan_persons", "name", key(x2.Persons[0]), x2.Persons[0].Name},
		{"scan_persons", "date_of_birth", key(x2.Persons[0]), string(x2.Persons[0].DateOfBirth)},
		{"scan_persons", "name", key(a[0]), a[0].Name},
	} {
		var raw string
		q := `SELECT ` + tc.column + ` FROM registrations WHERE id = $1`
		id := tc.row
		switch tc.table {
		case "registration_persons":
			q = `SELECT name FROM registration_persons WHERE registration_id = $1 AND position = 0`
			id = strings.TrimSuffix(tc.row, "/0")
		case "scan_persons":
			q = `SELECT ` + tc.column + ` FROM scan_persons WHERE person_key = $1`
		}
		if err := restored.SQL().QueryRow(q, id).Scan(&raw); err != nil {
			t.Fatal(err)
		}
		if got, err := restored.OpenColumn(ctx, tc.table, tc.column, tc.row, raw); err != nil || got != tc.want {
			t.Errorf("the old backup's %s.%s of %s reads %q (%v), want %q", tc.table, tc.column, tc.row, got, err, tc.want)
		}
	}
	if g, err := restored.ScanGroup(c.police, s0.ID, groupA); err != nil || len(g.Profile.Members) != 0 {
		t.Errorf("the old backup's first scan reads %d members (%v)", len(g.Profile.Members), err)
	}

	// A scan after the run keeps group B's id; group A's registrations are gone.
	s2, ids := scan()
	if !slices.Equal(ids, []string{groupB}) {
		t.Errorf("scan after retention found %v, want B (%s)", ids, groupB)
	}

	// Second run, 16 months later: the second scan's window has ended
	// before the cutoff, and it is no longer the latest.
	c.clock.Set(at(y+4, time.June, 2, 12, 0))
	run(ga.RegistrationRetention{Registrations: 4, Persons: 4, Scans: 1, SoftInput: 2,
		Months: []string{fmt.Sprintf("%d-02", y+1), fmt.Sprintf("%d-05", y+2)}})
	for _, tc := range []struct {
		p    groepsscan.Involvement
		kept bool
	}{
		{a[0], false}, {a[1], false}, {a[2], false}, {x2.Persons[0], false},
		{b[0], true}, {b[1], true}, {b[2], true}, // members of the latest scan
	} {
		if hasPerson(tc.p) != tc.kept {
			t.Errorf("person %s kept: %v, want %v", tc.p.Name, !tc.kept, tc.kept)
		}
	}
	if !shredded("groepsscan/groep/"+groupA) || shredded("groepsscan/groep/"+groupB) || shredded("groepsscan/scan/"+s2.ID) {
		t.Error("the keys of the soft input or of the latest scan")
	}
	g, err := c.db.ScanGroup(c.police, s2.ID, groupB)
	if err != nil || len(g.Profile.Members) != 3 || len(g.SoftInput) != 1 {
		t.Errorf("the latest scan's group B: %d members, soft input %+v, %v", len(g.Profile.Members), g.SoftInput, err)
	}
	lines = lines[:0]
	for _, e := range c.processingLines(aPS) {
		lines = append(lines, e.Name)
	}
	if n := len(slices.DeleteFunc(lines, func(s string) bool { return s != "registraties_bewaartermijn_verwijderen" })); n != 2 {
		t.Errorf("member of group A: %d retention lines, want 2 (the registrations, then the scan and the person)", n)
	}

	// An import of a registration past the period skips it.
	rep := imp(x1, reg("N1", c.clock.Now().AddDate(0, 0, -1), b...))
	if rep.Inserted != 1 || rep.Expired != 1 || !rep.Imported {
		t.Errorf("import past the period: %+v", rep)
	}
	if got := registrations(); !slices.Equal(got, []string{"N1"}) {
		t.Errorf("registrations after the import: %v", got)
	}
	if r := mustVerify(t, c.db); !r.OK() {
		t.Errorf("logs after retention: %s", r)
	}
}

// TestRegistrationRetentionKeepsTheCaseworkLink: a detected group made a
// casework group follows the casework's retention. When the registrations,
// and the scan runs, are past the period, the detected group's row stays
// for the link (its run's key destroyed, its members deleted), the casework
// group still reads the profile kept with it and the persons of its name
// list stay; a second run finds nothing.
func TestRegistrationRetentionKeepsTheCaseworkLink(t *testing.T) {
	f := newScanFixture(t)
	res := f.mustCreate()
	// A later scan, and one after the period, so that neither the first
	// nor the second is the latest.
	f.clock.Advance(30 * 24 * time.Hour)
	if _, err := f.db.RunScan(f.police, groepsscan.Options{}); err != nil {
		t.Fatal(err)
	}
	f.clock.Set(f.clock.Now().AddDate(0, groepsscan.RetentionMonths+2, 0))
	last, err := f.db.RunScan(f.police, groepsscan.Options{})
	if err != nil || last.Groups != 0 {
		t.Fatalf("scan after the period: %+v, %v", last, err)
	}
	rep, err := f.db.ApplyRetention(f.sys, false)
	if err != nil {
		t.Fatal(err)
	}
	if r := rep.Registrations; r.Registrations != 5 || r.Scans != 2 || r.Persons != 0 {
		t.Errorf("retention %+v, want 5 registrations, 2 scan runs, no person (all on the casework name list)", r)
	}
	rows := func(q string, args ...any) int { t.Helper(); return int(count(t, f.db, q, args...)) }
	if rows(`SELECT count(*) FROM scan_groups WHERE scan_id = $1 AND group_id = $2`, f.scanID, f.groupID) != 1 ||
		rows(`SELECT count(*) FROM scan_group_members WHERE scan_id = $1`, f.scanID) != 0 ||
		rows(`SELECT count(*) FROM scans`) != 2 || rows(`SELECT count(*) FROM scan_persons`) != len(plantedMembers) {
		t.Error("the linked detected group, its run, or the persons of the name list")
	}
	if gone, _ := f.db.Keys().Shredded(context.Background(), "groepsscan/scan/"+f.scanID); !gone {
		t.Error("the linked run's key is still there")
	}
	a, err := f.db.GroupScan(f.police, res.Group.ID)
	if err != nil || a.Profile == nil || len(a.Profile.Members) != len(plantedMembers) {
		t.Fatalf("the casework group's kept scan: %+v, %v", a, err)
	}
	if again, err := f.db.ApplyRetention(f.sys, false); err != nil || !again.Registrations.Empty() {
		t.Errorf("second run: %+v, %v", again.Registrations, err)
	}
	if r := mustVerify(t, f.db); !r.OK() {
		t.Errorf("logs after retention: %s", r)
	}
}
