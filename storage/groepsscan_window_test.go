package storage_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/groepsaanpak/groepsaanpak/groepsscan"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// TestRescanReadsOnlyWhatChanged checks the incremental re-scan: after new
// registrations, changed ones and registrations that left the window, the
// re-scan reads only the new and changed ones from the database, and its
// result equals that of a scan that reads the whole window.
func TestRescanReadsOnlyWhatChanged(t *testing.T) {
	c := newCasework(t)
	regs, data := c.generatedRegistrations(3000, 7, groepsscan.CSV)
	c.mustImport(c.police, data, groepsscan.CSV, storage.ImportOptions{})
	first, err := c.db.RunScan(c.police, groepsscan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if reused, read := c.db.ScanWindowReads(); reused != 0 || read != first.Registrations {
		t.Fatalf("first scan: %d reused, %d read, want 0 and %d", reused, read, first.Registrations)
	}

	// Two months later: some registrations have left the window; 40 new
	// ones copy the persons of old ones, and 5 in the window are changed.
	c.clock.Advance(61 * 24 * time.Hour)
	now := c.db.Now()
	windowStart := groepsscan.DefaultOptions(now).From
	var batch []groepsscan.Registration
	for i, r := range regs[:40] {
		r.ID = fmt.Sprintf("NIEUW-%d", i)
		r.Time = now.Add(-time.Duration(i+1) * time.Hour)
		batch = append(batch, r)
	}
	changed := 0
	for _, r := range regs {
		if changed == 5 || !r.Time.After(windowStart.Add(24*time.Hour)) || len(r.Persons) < 2 {
			continue
		}
		r.Area = "Gewijzigde wijk"
		r.Persons = append([]groepsscan.Involvement(nil), r.Persons...)
		r.Persons[1].Name += " Gewijzigd"
		batch = append(batch, r)
		changed++
	}
	if changed != 5 {
		t.Fatalf("only %d registrations to change in the window", changed)
	}
	rep := c.mustImport(c.police, encodeRegistrations(t, batch, groepsscan.JSONL), groepsscan.JSONL, storage.ImportOptions{})
	if rep.Inserted != 40 || rep.Updated != 5 {
		t.Fatalf("import %+v", rep)
	}

	inc, err := c.db.RunScan(c.police, groepsscan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	reused, read := c.db.ScanWindowReads()
	if read != 45 || reused != inc.Registrations-45 {
		t.Errorf("re-scan read %d registrations and reused %d, want 45 and %d", read, reused, inc.Registrations-45)
	}
	if inc.Registrations >= first.Registrations+40 {
		t.Errorf("no registration left the window: %d, then %d", first.Registrations, inc.Registrations)
	}
	incGroups := c.scanGroups(inc.ID)

	c.db.ForgetScanWindow()
	full, err := c.db.RunScan(c.police, groepsscan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if reused, read := c.db.ScanWindowReads(); reused != 0 || read != full.Registrations {
		t.Errorf("full scan: %d reused, %d read, want 0 and %d", reused, read, full.Registrations)
	}
	if inc.Registrations != full.Registrations || inc.Persons != full.Persons || inc.Groups != full.Groups {
		t.Fatalf("incremental re-scan %+v, full re-scan %+v", inc, full)
	}
	fullGroups := c.scanGroups(full.ID)
	if len(incGroups) != len(fullGroups) || len(incGroups) == 0 {
		t.Fatalf("%d groups incrementally, %d in full", len(incGroups), len(fullGroups))
	}
	for i := range incGroups {
		a, b := incGroups[i], fullGroups[i]
		// The full re-scan recognises the incremental one's groups; only
		// the overlap with the previous scan differs.
		a.PreviousJaccard, b.PreviousJaccard = 0, 0
		a.ScanID, b.ScanID = "", ""
		if !reflect.DeepEqual(a, b) {
			t.Errorf("group %d differs:\nincremental %+v\nfull        %+v", i, a, b)
		}
	}
}

// scanGroups returns every detected group of scan id with its profile.
func (c *casework) scanGroups(id string) []storage.ScanGroupView {
	c.t.Helper()
	v, err := c.db.Scan(c.police, id)
	if err != nil {
		c.t.Fatal(err)
	}
	var out []storage.ScanGroupView
	for _, g := range v.DetectedGroups {
		gv, err := c.db.ScanGroup(c.police, id, g.GroupID)
		if err != nil {
			c.t.Fatal(err)
		}
		out = append(out, gv)
	}
	return out
}
