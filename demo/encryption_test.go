package demo

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// secrets are the demo's personal data that must never be in the database
// in clear text: every person's name, address and BSN, every legal
// representative's name and address, and every item's content.
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
	return out
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
