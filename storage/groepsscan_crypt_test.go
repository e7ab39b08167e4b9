package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/groepsaanpak/groepsaanpak/groepsscan"
	"github.com/groepsaanpak/groepsaanpak/internal/keyring"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// TestGroepsscanCiphertextIsBoundToItsRow imports registrations and reads
// the Groepsscan's encrypted columns raw: each value is encrypted, decrypts
// in its own row to what was imported, and does not decrypt when moved to
// another row of the same column — under the same month's key or another
// one — since the row's identity is the additional data. A scan over a
// registration whose location was moved from another row fails instead of
// reading it.
func TestGroepsscanCiphertextIsBoundToItsRow(t *testing.T) {
	c := newCasework(t)
	regs, data := c.generatedRegistrations(300, 7, groepsscan.CSV)
	c.mustImport(c.police, data, groepsscan.CSV, storage.ImportOptions{})
	ctx := context.Background()
	// a and b of the same month, and x of another month.
	// All within the last year, in the scan's window.
	var a, b, x *groepsscan.Registration
	recent := c.db.Now().AddDate(-1, 0, 0)
	for i := range regs {
		r := &regs[i]
		switch {
		case len(r.Persons) == 0 || !strings.Contains(r.Description, " ") || r.Time.Before(recent):
		case a == nil:
			a = r
		case b == nil && r.Time.UTC().Format("2006-01") == a.Time.UTC().Format("2006-01"):
			b = r
		case x == nil && r.Time.UTC().Format("2006-01") != a.Time.UTC().Format("2006-01"):
			x = r
		}
	}
	if a == nil || b == nil || x == nil {
		t.Fatal("no three registrations to compare")
	}
	key := func(r *groepsscan.Registration) string {
		k, err := c.db.ScanPersonKey(ctx, groepsscan.KeyOf(r.Persons[0].Name, r.Persons[0].DateOfBirth))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(k, "|") || strings.Contains(k, string(r.Persons[0].DateOfBirth)) {
			t.Fatalf("person key %q is not a blind index", k)
		}
		return k
	}
	for _, tc := range []struct {
		table, column, query string
		row                  func(r *groepsscan.Registration) string
		want                 func(r *groepsscan.Registration) string
	}{
		{"registrations", "description", `SELECT description FROM registrations WHERE id = $1`,
			func(r *groepsscan.Registration) string { return r.ID },
			func(r *groepsscan.Registration) string { return r.Description }},
		{"registrations", "location", `SELECT location FROM registrations WHERE id = $1`,
			func(r *groepsscan.Registration) string { return r.ID },
			func(r *groepsscan.Registration) string { return r.Location }},
		{"registration_persons", "name", `SELECT name FROM registration_persons WHERE registration_id || '/' || position = $1`,
			func(r *groepsscan.Registration) string { return r.ID + "/0" },
			func(r *groepsscan.Registration) string { return r.Persons[0].Name }},
		{"scan_persons", "date_of_birth", `SELECT date_of_birth FROM scan_persons WHERE person_key = $1`,
			key,
			func(r *groepsscan.Registration) string { return string(r.Persons[0].DateOfBirth) }},
	} {
		t.Run(tc.table+"."+tc.column, func(t *testing.T) {
			raw := func(r *groepsscan.Registration) string {
				var s string
				if err := c.db.SQL().QueryRow(tc.query, tc.row(r)).Scan(&s); err != nil {
					t.Fatal(err)
				}
				if !strings.HasPrefix(s, "gae1:") || strings.Contains(s, tc.want(r)) {
					t.Fatalf("%s of %s stored as %q", tc.column, tc.row(r), s)
				}
				return s
			}
			stored := raw(a)
			if got, err := c.db.OpenColumn(ctx, tc.table, tc.column, tc.row(a), stored); err != nil || got != tc.want(a) {
				t.Fatalf("in its own row: %q, %v; want %q", got, err, tc.want(a))
			}
			for _, other := range []*groepsscan.Registration{b, x} {
				if tc.row(other) == tc.row(a) {
					continue // the same person
				}
				if got, err := c.db.OpenColumn(ctx, tc.table, tc.column, tc.row(other), stored); err == nil {
					t.Errorf("moved to row %s it decrypts to %q", tc.row(other), got)
				}
			}
		})
	}

	// Moved for real: the scan reads b's location and refuses a's.
	var loc string
	if err := c.db.SQL().QueryRow(`SELECT location FROM registrations WHERE id = $1`, a.ID).Scan(&loc); err != nil {
		t.Fatal(err)
	}
	if _, err := c.db.RunScan(c.police, groepsscan.Options{}); err != nil {
		t.Fatalf("scan before the move: %v", err)
	}
	if _, err := c.db.SQL().Exec(`UPDATE registrations SET location = $1 WHERE id = $2`, loc, b.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.db.RunScan(c.police, groepsscan.Options{}); !errors.Is(err, keyring.ErrDecrypt) {
		t.Errorf("a scan over a moved location: %v", err)
	}
}
