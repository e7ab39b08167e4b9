package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/groepsscan"
	"github.com/groepsaanpak/groepsaanpak/internal/keyring"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// scanCell is one Groepsscan column of one row, found by where (an SQL
// expression equal to row, the row id as groepsscan_crypt.go names it).
type scanCell struct {
	table, column, where, row string
}

func (c scanCell) raw(t *testing.T, db *storage.DB) string {
	t.Helper()
	var s string
	if err := db.SQL().QueryRow(`SELECT `+c.column+` FROM `+c.table+` WHERE `+c.where+` = $1`, c.row).Scan(&s); err != nil {
		t.Fatalf("%s.%s of %s: %v", c.table, c.column, c.row, err)
	}
	return s
}

func (c scanCell) set(t *testing.T, db *storage.DB, v string) {
	t.Helper()
	res, err := db.SQL().Exec(`UPDATE `+c.table+` SET `+c.column+` = $1 WHERE `+c.where+` = $2`, v, c.row)
	if err != nil {
		t.Fatalf("set %s.%s of %s: %v", c.table, c.column, c.row, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("set %s.%s of %s: %d rows", c.table, c.column, c.row, n)
	}
}

// scanIntegrityFixture is a Groepsscan with every encrypted column filled:
// registrations, a scan, soft input on its detected group and the group
// made a casework group.
type scanIntegrityFixture struct {
	*scanFixture
	casework string
	soft     storage.SoftInput
	pietKey  string
}

func newScanIntegrityFixture(t *testing.T) *scanIntegrityFixture {
	t.Helper()
	f := &scanIntegrityFixture{scanFixture: newScanFixture(t)}
	soft, err := f.db.AddSoftInput(f.police, f.scanID, f.groupID, 0, ga.SoftHangout, "Zit 's avonds bij de snackbar aan het plein")
	if err != nil {
		t.Fatal(err)
	}
	f.soft = soft
	f.casework = f.mustCreate().Group.ID
	if f.pietKey, err = f.db.ScanPersonKey(context.Background(), groepsscan.KeyOf(f.piet.Name, f.piet.DateOfBirth)); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestGroepsscanClearTextFails writes clear text with raw SQL into each
// encrypted column of the Groepsscan of a migrated database, as tampering
// with the database would: the read fails with ErrIntegrity instead of
// showing the planted value — through the storage layer's own reads where
// one reads the column (the scan, a detected group, the scan kept with a
// casework group) and through OpenColumn for every column — and raises
// the data-integrity incident naming the table, column and row; the value
// put back reads as before. A person key in clear text (name|date of
// birth) where a blind index belongs fails the scan the same way.
func TestGroepsscanClearTextFails(t *testing.T) {
	f := newScanIntegrityFixture(t)
	ctx := context.Background()
	const planted = "Ingevoegd buiten de applicatie"
	scan := func() error { _, err := f.db.RunScan(f.police, groepsscan.Options{}); return err }
	group := func() error { _, err := f.db.ScanGroup(f.police, f.scanID, f.groupID); return err }
	kept := func() error { _, err := f.db.GroupScan(f.police, f.casework); return err }
	for _, tc := range []struct {
		cell scanCell
		read func() error // nil: no read of the storage layer shows it
	}{
		{scanCell{"registrations", "location", "id", "REG-0"}, scan},
		{scanCell{"registrations", "description", "id", "REG-0"}, nil},
		{scanCell{"registration_persons", "name", "registration_id || '/' || position", "REG-0/0"}, scan},
		{scanCell{"scan_persons", "name", "person_key", f.pietKey}, nil},
		{scanCell{"scan_persons", "date_of_birth", "person_key", f.pietKey}, scan},
		{scanCell{"scan_groups", "profile", "scan_id || '/' || group_id", f.scanID + "/" + f.groupID}, group},
		{scanCell{"group_scans", "profile", "group_id", f.casework}, kept},
		{scanCell{"scan_soft_input", "text", "id", f.soft.ID}, group},
	} {
		c := tc.cell
		t.Run(c.table+"."+c.column, func(t *testing.T) {
			stored := c.raw(t, f.db)
			if !keyring.IsSealed(stored) {
				t.Fatalf("%s.%s holds %q before the test", c.table, c.column, stored)
			}
			if tc.read != nil {
				if err := tc.read(); err != nil {
					t.Fatalf("before: %v", err)
				}
			}
			c.set(t, f.db, planted)
			if tc.read != nil {
				err := tc.read()
				if !errors.Is(err, storage.ErrIntegrity) {
					t.Fatalf("read of clear text in %s.%s: %v; want ErrIntegrity", c.table, c.column, err)
				}
				if strings.Contains(err.Error(), planted) {
					t.Errorf("the error shows the value: %v", err)
				}
			}
			got, err := f.db.OpenColumn(ctx, c.table, c.column, c.row, planted)
			if !errors.Is(err, storage.ErrIntegrity) || got == planted {
				t.Errorf("OpenColumn of clear text: %q, %v; want ErrIntegrity", got, err)
			}
			ev := waitForIncident(t, f.db, c.table+"."+c.column)
			if !strings.Contains(ev, "rij: "+c.row) || !strings.Contains(ev, "onversleutelde tekst") {
				t.Errorf("incident evidence %q does not name the row and the problem", ev)
			}
			c.set(t, f.db, stored)
			if tc.read != nil {
				if err := tc.read(); err != nil {
					t.Errorf("after putting the ciphertext back: %v", err)
				}
			}
		})
	}

	t.Run("registration_persons.person_key", func(t *testing.T) {
		clearKey := groepsscan.KeyOf(f.piet.Name, f.piet.DateOfBirth).String()
		if !strings.Contains(clearKey, "|") {
			t.Fatalf("clear key %q", clearKey)
		}
		if _, err := f.db.SQL().Exec(`INSERT INTO scan_persons (person_key, name, date_of_birth, pseudonym, created_at) VALUES ($1, '', '', 'ingevoegd', $2)`,
			clearKey, f.db.Now()); err != nil {
			t.Fatal(err)
		}
		c := scanCell{"registration_persons", "person_key", "registration_id || '/' || position", "REG-0/0"}
		stored := c.raw(t, f.db)
		c.set(t, f.db, clearKey)
		err := scan()
		if !errors.Is(err, storage.ErrIntegrity) || strings.Contains(err.Error(), clearKey) {
			t.Fatalf("a scan over a clear person key: %v; want ErrIntegrity", err)
		}
		if ev := waitForIncident(t, f.db, "registration_persons.person_key"); !strings.Contains(ev, "rij: REG-0/0") {
			t.Errorf("incident evidence %q", ev)
		}
		c.set(t, f.db, stored)
		if err := scan(); err != nil {
			t.Errorf("after putting the blind index back: %v", err)
		}
	})
}

// TestGroepsscanConversionIsRecorded: the first Migrate of a database with
// a key store records the Groepsscan's columns in sealed_columns, and a
// later Migrate does not look for clear text again — it neither counts the
// registrations nor converts clear text written after the record, which
// stays an integrity failure rather than being encrypted unseen. A
// database whose record is missing (one from before the record, with a
// Groepsscan in clear text) is still converted at its next start.
func TestGroepsscanConversionIsRecorded(t *testing.T) {
	f := newScanIntegrityFixture(t)
	ctx := context.Background()
	for _, col := range []string{"registrations.location", "registrations.description", "registration_persons.name", "registration_persons.person_key",
		"scan_persons.name", "scan_persons.date_of_birth", "scan_groups.profile", "group_scans.profile", "scan_soft_input.text"} {
		if n := count(t, f.db, `SELECT count(*) FROM sealed_columns WHERE table_name || '.' || column_name = $1`, col); n != 1 {
			t.Errorf("%s recorded %d times after Migrate", col, n)
		}
	}
	checks := f.db.ScanConversionChecks()
	if checks != 1 {
		t.Fatalf("the first Migrate looked for a Groepsscan in clear text %d times", checks)
	}
	c := scanCell{"scan_soft_input", "text", "id", f.soft.ID}
	const planted = "Ingevoegd na de versleuteling"
	c.set(t, f.db, planted)
	if err := f.db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if n := f.db.ScanConversionChecks(); n != checks {
		t.Errorf("a second Migrate looked for clear text again (%d checks)", n)
	}
	if raw := c.raw(t, f.db); raw != planted {
		t.Errorf("a second Migrate rewrote the planted value to %.20q", raw)
	}
	if _, err := f.db.ScanGroup(f.police, f.scanID, f.groupID); !errors.Is(err, storage.ErrIntegrity) {
		t.Errorf("clear text after the second Migrate: %v", err)
	}

	// Without the record, as before it existed: the clear text is
	// converted at the next start and reads again.
	if _, err := f.db.SQL().Exec(`DELETE FROM sealed_columns WHERE table_name = 'scan_soft_input'`); err != nil {
		t.Fatal(err)
	}
	if err := f.db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if n := f.db.ScanConversionChecks(); n != checks+1 {
		t.Errorf("a Migrate without the record looked %d times in all, want %d", n, checks+1)
	}
	if raw := c.raw(t, f.db); !keyring.IsSealed(raw) {
		t.Errorf("the conversion left %.20q", raw)
	}
	if err := f.db.ConversionResidues(); err != nil && !errors.Is(err, storage.ErrOlderTransactions) {
		t.Errorf("removing the replaced clear text: %v", err)
	}
	v, err := f.db.ScanGroup(f.police, f.scanID, f.groupID)
	if err != nil || len(v.SoftInput) != 1 || v.SoftInput[0].Text != planted {
		t.Errorf("after the conversion: %+v, %v", v.SoftInput, err)
	}
	if n := count(t, f.db, `SELECT count(*) FROM sealed_columns WHERE table_name = 'scan_soft_input'`); n != 1 {
		t.Errorf("the conversion recorded scan_soft_input %d times", n)
	}
}
