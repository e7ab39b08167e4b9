package storage_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/groepsscan"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// generatedRegistrations returns n synthetic registrations up to the
// database's now, written in format f.
func (c *casework) generatedRegistrations(n int, seed uint64, f groepsscan.Format) ([]groepsscan.Registration, []byte) {
	return c.generatedUntil(c.db.Now(), n, seed, f)
}

// generatedUntil returns the synthetic registrations of n generated up to
// end that are well within the retention period of registrations: the
// generator spans three years, and an import skips what is older than
// groepsscan.RetentionMonths; a month's margin keeps a test that moves the
// clock on clear of the cutoff.
func (c *casework) generatedUntil(end time.Time, n int, seed uint64, f groepsscan.Format) ([]groepsscan.Registration, []byte) {
	c.t.Helper()
	var regs []groepsscan.Registration
	since := groepsscan.RetentionCutoff(end).AddDate(0, 1, 0)
	if _, err := groepsscan.Generate(groepsscan.DefaultGenerateConfig(n, seed, end), func(r groepsscan.Registration) error {
		if !r.Time.Before(since) {
			regs = append(regs, r)
		}
		return nil
	}); err != nil {
		c.t.Fatal(err)
	}
	return regs, encodeRegistrations(c.t, regs, f)
}

func encodeRegistrations(t *testing.T, regs []groepsscan.Registration, f groepsscan.Format) []byte {
	t.Helper()
	var buf bytes.Buffer
	if f == groepsscan.CSV {
		w, err := groepsscan.NewCSVWriter(&buf)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range regs {
			if err := w.Write(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
	} else {
		w := groepsscan.NewJSONLWriter(&buf)
		for _, r := range regs {
			if err := w.Write(r); err != nil {
				t.Fatal(err)
			}
		}
	}
	return buf.Bytes()
}

// registrationsDigest hashes everything stored of the registrations, to
// show that a re-import changed nothing.
func (c *casework) registrationsDigest() string {
	c.t.Helper()
	h := sha256.New()
	for _, q := range []string{
		`SELECT id, occurred_at, incident_code, category, area, location, description, content_hash, imported_at, updated_at FROM registrations ORDER BY id`,
		`SELECT registration_id, position, person_key, role, name FROM registration_persons ORDER BY registration_id, position`,
		`SELECT person_key, name, date_of_birth, pseudonym FROM scan_persons ORDER BY person_key`,
	} {
		rows, err := c.db.SQL().Query(q)
		if err != nil {
			c.t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				c.t.Fatal(err)
			}
			fmt.Fprintln(h, vals...)
		}
		rows.Close()
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func (c *casework) mustImport(ctx context.Context, data []byte, f groepsscan.Format, opt storage.ImportOptions) storage.ImportReport {
	c.t.Helper()
	rep, err := c.db.ImportRegistrations(ctx, bytes.NewReader(data), f, opt)
	if err != nil {
		c.t.Fatalf("import: %v", err)
	}
	return rep
}

func (c *casework) registrationCount() storage.RegistrationCount {
	c.t.Helper()
	n, err := c.db.CountRegistrations(c.police)
	if err != nil {
		c.t.Fatal(err)
	}
	return n
}

func TestImportRegistrationsIsIdempotent(t *testing.T) {
	c := newCasework(t)
	end := c.db.Now()
	for _, f := range []groepsscan.Format{groepsscan.CSV, groepsscan.JSONL} {
		t.Run(string(f), func(t *testing.T) {
			regs, data := c.generatedUntil(end, 1200, 3, f)
			n := len(regs)
			before := c.registrationCount()
			rep := c.mustImport(c.police, data, f, storage.ImportOptions{})
			wantNew := n
			if f == groepsscan.JSONL {
				wantNew = 0 // the same registrations as the CSV run
			}
			if rep.Valid != n || rep.Inserted != wantNew || rep.Inserted+rep.Unchanged != n || rep.Expired != 0 || !rep.Imported {
				t.Fatalf("first import: %+v", rep)
			}
			digest := c.registrationsDigest()
			c.clock.Advance(3600e9)
			rep = c.mustImport(c.police, data, f, storage.ImportOptions{})
			if rep.Unchanged != n || rep.Inserted != 0 || rep.Updated != 0 {
				t.Errorf("re-import: %+v, want all unchanged", rep)
			}
			if got := c.registrationsDigest(); got != digest {
				t.Error("re-import changed the stored registrations")
			}
			if got := c.registrationCount(); got.Registrations != n || f == groepsscan.CSV && got.Registrations-before.Registrations != n {
				t.Errorf("count %+v", n)
			}
		})
	}
	t.Run("an update replaces the registration", func(t *testing.T) {
		regs, _ := c.generatedUntil(end, 1200, 3, groepsscan.CSV)
		r := regs[10]
		r.Description = "Gecorrigeerde omschrijving"
		r.Persons = []groepsscan.Involvement{{Role: groepsscan.Getuige, Name: "Nieuwe Getuige", DateOfBirth: "1990-01-01"}}
		rep := c.mustImport(c.police, encodeRegistrations(t, []groepsscan.Registration{r, regs[11]}, groepsscan.JSONL), groepsscan.JSONL, storage.ImportOptions{})
		if rep.Updated != 1 || rep.Unchanged != 1 || rep.Inserted != 0 {
			t.Fatalf("report %+v", rep)
		}
		var desc string
		var persons int
		c.db.SQL().QueryRow(`SELECT description FROM registrations WHERE id = $1`, r.ID).Scan(&desc)
		c.db.SQL().QueryRow(`SELECT COUNT(*) FROM registration_persons WHERE registration_id = $1`, r.ID).Scan(&persons)
		// The description is encrypted at rest: read raw, then decrypted.
		if raw := desc; !strings.HasPrefix(raw, "gae1:") {
			t.Errorf("description %q stored in clear text", raw)
		} else if desc, _ = c.db.OpenColumn(context.Background(), "registrations", "description", r.ID, raw); desc == raw {
			t.Errorf("description %q does not decrypt", raw)
		}
		if desc != r.Description || persons != 1 {
			t.Errorf("stored description %q with %d persons", desc, persons)
		}
		if n := c.registrationCount(); n.Registrations != len(regs) {
			t.Errorf("count %+v after an update", n)
		}
	})
}

func TestImportWithErrorsImportsNothing(t *testing.T) {
	c := newCasework(t)
	regs, _ := c.generatedRegistrations(50, 4, groepsscan.JSONL)
	data := encodeRegistrations(t, regs, groepsscan.JSONL)
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	lines[4] = `{"registratieId":"KAPOT","datumTijd":"morgen"}`
	lines[20] = `niet eens json`
	bad := []byte(strings.Join(lines, "\n") + "\n")

	rep, err := c.db.ImportRegistrations(c.police, bytes.NewReader(bad), groepsscan.JSONL, storage.ImportOptions{})
	wantKind(t, err, ga.KindInvalid)
	if got := detailNames(err); !slices.Equal(got, []string{"regel 21", "regel 5"}) {
		t.Errorf("details %v", got)
	}
	valid := len(regs) - 2
	if rep.Imported || rep.Rejected != 2 || rep.Valid != valid {
		t.Errorf("report %+v", rep)
	}
	if n := c.registrationCount(); n.Registrations != 0 || n.Persons != 0 {
		t.Errorf("a file with errors imported %+v", n)
	}
	rep = c.mustImport(c.police, bad, groepsscan.JSONL, storage.ImportOptions{SkipInvalid: true})
	if !rep.Imported || rep.Inserted != valid || rep.Rejected != 2 || rep.Errors[0].Line != 5 || rep.Errors[1].Line != 21 {
		t.Errorf("skipping: %+v", rep)
	}
	if n := c.registrationCount(); n.Registrations != valid {
		t.Errorf("count %+v", n)
	}
}

// TestGroepsscanIsPoliceOnly: only police users import and see
// registrations and scans; everyone else is refused — a list or import as
// forbidden, a scan or group by id as not found — and every refusal is
// audited.
func TestGroepsscanIsPoliceOnly(t *testing.T) {
	c := newCasework(t)
	_, data := c.generatedRegistrations(2000, 5, groepsscan.CSV)
	c.mustImport(c.police, data, groepsscan.CSV, storage.ImportOptions{})
	scan, err := c.db.RunScan(c.police, groepsscan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	view, err := c.db.Scan(c.police, scan.ID)
	if err != nil || len(view.DetectedGroups) == 0 {
		t.Fatalf("police read of the scan: %v, %d groups", err, len(view.DetectedGroups))
	}
	groupID := view.DetectedGroups[0].GroupID
	// Admins and auditors never process personal data: they are refused
	// before any object is looked up, the same for every id.
	for _, who := range []struct {
		name string
		ctx  context.Context
		byID ga.Kind
	}{
		{"municipal coordinator", c.coordinator, ga.KindNotFound},
		{"municipal professional", c.gemProf, ga.KindNotFound},
		{"prosecutor", c.omProf, ga.KindNotFound},
		{"school", c.schoolProf, ga.KindNotFound},
		{"admin", c.admin, ga.KindForbidden},
		{"auditor", c.auditor, ga.KindForbidden},
	} {
		t.Run(who.name, func(t *testing.T) {
			_, err := c.db.ImportRegistrations(who.ctx, bytes.NewReader(data), groepsscan.CSV, storage.ImportOptions{})
			wantKind(t, err, ga.KindForbidden)
			_, err = c.db.CountRegistrations(who.ctx)
			wantKind(t, err, ga.KindForbidden)
			_, err = c.db.RunScan(who.ctx, groepsscan.Options{})
			wantKind(t, err, ga.KindForbidden)
			_, err = c.db.Scans(who.ctx)
			wantKind(t, err, ga.KindForbidden)
			_, err = c.db.Scan(who.ctx, scan.ID)
			wantKind(t, err, who.byID)
			_, err = c.db.ScanGroup(who.ctx, scan.ID, groupID)
			wantKind(t, err, who.byID)
			_, err = c.db.AddSoftInput(who.ctx, scan.ID, groupID, -1, ga.SoftRemark, "tekst")
			wantKind(t, err, who.byID)
		})
	}
	entries, err := c.db.AuditEntries(c.sys, storage.AuditFilter{ObjectType: "scan_group", ObjectID: groupID, Limit: storage.MaxLogPage})
	if err != nil {
		t.Fatal(err)
	}
	denied := 0
	for _, e := range entries {
		if e.Result == ga.ResultDenied && e.Action == "scan_group_read" {
			denied++
		}
	}
	if denied != 6 {
		t.Errorf("%d refused group reads audited, want 6", denied)
	}
	if _, err := c.db.Scan(c.police, "00000000-0000-0000-0000-000000000000"); !ga.IsKind(err, ga.KindNotFound) {
		t.Errorf("unknown scan: %v", err)
	}
}

func TestScanStoresGroupsWithStableIDs(t *testing.T) {
	c := newCasework(t)
	regs, data := c.generatedRegistrations(3000, 6, groepsscan.CSV)
	c.mustImport(c.police, data, groepsscan.CSV, storage.ImportOptions{})
	first, err := c.db.RunScan(c.police, groepsscan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if first.Registrations != 3000*2/3 && first.Groups == 0 {
		t.Fatalf("scan %+v", first)
	}
	v1, err := c.db.Scan(c.police, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	g, err := c.db.ScanGroup(c.police, first.ID, v1.DetectedGroups[0].GroupID)
	if err != nil {
		t.Fatal(err)
	}
	if g.Profile.Size != len(g.Profile.Members) || g.Profile.Members[0].Role != groepsscan.Kern || g.Profile.Description == "" {
		t.Errorf("profile %+v", g.Profile)
	}
	// The read is in the processing log of every member.
	for _, m := range g.Profile.Members[:3] {
		var ps string
		key, err := c.db.ScanPersonKey(context.Background(), m.Key)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.db.SQL().QueryRow(`SELECT pseudonym FROM scan_persons WHERE person_key = $1`, key).Scan(&ps); err != nil {
			t.Fatal(err)
		}
		names := map[string]bool{}
		for _, e := range c.processingLines(ps) {
			names[e.Name] = true
		}
		for _, want := range []string{"registraties_importeren", "groepsscan_uitvoeren", "groepsscan_inzien"} {
			if !names[want] {
				t.Errorf("member's processing log lacks %s: %v", want, names)
			}
		}
	}

	// Soft input stays with the group in later scans and is marked as such.
	s, err := c.db.AddSoftInput(c.police, first.ID, g.GroupID, 0, ga.SoftHangout, "Zit 's avonds bij de snackbar aan het plein")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.db.AddSoftInput(c.police, first.ID, g.GroupID, len(g.Profile.Members), ga.SoftRemark, "x"); !ga.IsKind(err, ga.KindInvalid) {
		t.Errorf("soft input on a non-member: %v", err)
	}

	// A month later, new registrations of the same groups.
	c.clock.Advance(30 * 24 * 3600e9)
	var more []groepsscan.Registration
	for i, r := range regs[:60] {
		r.ID = fmt.Sprintf("NIEUW-%d", i)
		r.Time = c.db.Now().Add(-24 * 3600e9)
		more = append(more, r)
	}
	c.mustImport(c.police, encodeRegistrations(t, more, groepsscan.JSONL), groepsscan.JSONL, storage.ImportOptions{})
	second, err := c.db.RunScan(c.police, groepsscan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	v2, err := c.db.Scan(c.police, second.ID)
	if err != nil {
		t.Fatal(err)
	}
	ids := func(v storage.ScanView) []string {
		var out []string
		for _, g := range v.DetectedGroups {
			out = append(out, g.GroupID)
		}
		slices.Sort(out)
		return out
	}
	// The copied registrations may tie a few loose persons into new small
	// groups; every group of the first scan must be there under its id.
	for _, id := range ids(v1) {
		if !slices.Contains(ids(v2), id) {
			t.Errorf("group %s of the first scan lost its id:\n%v\n%v", id, ids(v1), ids(v2))
		}
	}
	g2, err := c.db.ScanGroup(c.police, second.ID, g.GroupID)
	if err != nil {
		t.Fatal(err)
	}
	if len(g2.SoftInput) != 1 || g2.SoftInput[0].ID != s.ID || !g2.SoftInput[0].Soft || g2.SoftInput[0].Member != g.Profile.Members[0].Name {
		t.Errorf("soft input in the second scan: %+v", g2.SoftInput)
	}
	scans, err := c.db.Scans(c.police)
	if err != nil || len(scans) != 2 || scans[0].ID != second.ID {
		t.Errorf("scans %v, %v", scans, err)
	}
}
