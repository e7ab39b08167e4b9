package main

import (
	"strings"
	"testing"
	"time"

	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// TestRetentionCommand: a membership of the demo that ended long ago is
// listed by the dry run, which deletes nothing, and deleted by the run,
// which names ids only; a second run finds nothing.
func TestRetentionCommand(t *testing.T) {
	p := newProgram(t)
	if _, _, err := p.run("", "demo"); err != nil {
		t.Fatal(err)
	}
	if out, _, err := p.run("", "retention", "run", "--dry-run"); err != nil || !strings.Contains(out, "Niets is over de bewaartermijn.") {
		t.Fatalf("dry run on the fresh demo: %v\n%s", err, out)
	}
	db := storagetest.OpenURL(t, p.dbURL, storagetest.Options{NoMigrate: true})
	var membership, group, person, name string
	if err := db.SQL().QueryRow(`SELECT m.id, m.group_id, m.person_id, p.name FROM memberships m JOIN persons p ON p.id = m.person_id
		ORDER BY m.id LIMIT 1`).Scan(&membership, &group, &person, &name); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`UPDATE memberships SET end_date = '2020-01-31' WHERE id = $1`, membership); err != nil {
		t.Fatal(err)
	}
	out, _, err := p.run("", "retention", "run", "--dry-run")
	if err != nil || !strings.Contains(out, "proefrun") || !strings.Contains(out, "groep "+group+", persoon "+person) || strings.Contains(out, name) {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	var n int
	db.SQL().QueryRow(`SELECT count(*) FROM memberships WHERE id = $1`, membership).Scan(&n)
	if n != 1 {
		t.Fatal("the dry run deleted the membership")
	}
	if out, _, err = p.run("", "retention", "run"); err != nil || !strings.Contains(out, "Verwijderd:") {
		t.Fatalf("run: %v\n%s", err, out)
	}
	db.SQL().QueryRow(`SELECT count(*) FROM memberships WHERE id = $1`, membership).Scan(&n)
	if n != 0 {
		t.Error("the membership is still there")
	}
	if out, _, err = p.run("", "retention", "run"); err != nil || !strings.Contains(out, "Niets is over de bewaartermijn.") {
		t.Errorf("second run: %v\n%s", err, out)
	}
	// A registration of the demo's Groepsscan moved past the retention
	// period of registrations: counted by the dry run, without names, and
	// deleted by the run.
	var reg string
	if err := db.SQL().QueryRow(`SELECT id FROM registrations ORDER BY id LIMIT 1`).Scan(&reg); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`UPDATE registrations SET occurred_at = $1 WHERE id = $2`, time.Date(2020, 1, 15, 12, 0, 0, 0, time.UTC), reg); err != nil {
		t.Fatal(err)
	}
	out, _, err = p.run("", "retention", "run", "--dry-run")
	if err != nil || !strings.Contains(out, "Groepsscan, van voor ") || !strings.Contains(out, ": 1 registratie(s)") || strings.Contains(out, reg) {
		t.Fatalf("dry run of registrations: %v\n%s", err, out)
	}
	db.SQL().QueryRow(`SELECT count(*) FROM registrations WHERE id = $1`, reg).Scan(&n)
	if n != 1 {
		t.Fatal("the dry run deleted the registration")
	}
	if out, _, err = p.run("", "retention", "run"); err != nil || !strings.Contains(out, ": 1 registratie(s)") {
		t.Fatalf("run of registrations: %v\n%s", err, out)
	}
	db.SQL().QueryRow(`SELECT count(*) FROM registrations WHERE id = $1`, reg).Scan(&n)
	if n != 0 {
		t.Error("the registration is still there")
	}
	if out, _, err = p.run("", "retention", "run"); err != nil || !strings.Contains(out, "Niets is over de bewaartermijn.") {
		t.Errorf("third run: %v\n%s", err, out)
	}
	if out, _, err := p.run("", "log", "verify"); err != nil {
		t.Errorf("log verify after retention: %v\n%s", err, out)
	}
}
