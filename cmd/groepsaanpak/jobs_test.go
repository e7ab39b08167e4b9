package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// waitFor polls cond until it holds or the budget is spent; it never
// asserts on how long anything took.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("gave up waiting for %s", what)
}

// TestServeVerifiesLogsOnSchedule starts the server with a short
// verification interval: it verifies the intact logs and keeps the witness
// outside the database; after one audit entry is changed in the database
// it opens an incident for the privacy officers.
func TestServeVerifiesLogsOnSchedule(t *testing.T) {
	p := newProgram(t)
	p.serve("--log-verify-interval", "100ms", "--read-check-interval", "0")
	witness := filepath.Join(p.data, "keys", "log.witness")
	waitFor(t, "the first scheduled verification", func() bool {
		_, err := os.Stat(witness)
		return err == nil
	})
	db := storagetest.OpenURL(t, p.dbURL, storagetest.Options{NoMigrate: true})
	count := func() int {
		var n int
		if err := db.SQL().QueryRow(`SELECT count(*) FROM incidents WHERE signal = 'logcontrole_mislukt'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 0 {
		t.Fatalf("%d incidents for intact logs", n)
	}
	if _, err := db.SQL().Exec(`UPDATE log_entries SET action = 'partner_delete' WHERE log = 'audit' AND idx = 1`); err != nil {
		t.Fatalf("tamper: %v", err)
	}
	waitFor(t, "an incident for the tampered log", func() bool { return count() == 1 })
	var partners int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM incident_partners ip JOIN incidents i ON i.id = ip.incident_id
		WHERE i.signal = 'logcontrole_mislukt'`).Scan(&partners); err != nil {
		t.Fatal(err)
	}
	if partners < 9 {
		t.Errorf("the incident concerns %d partners, want every partner of the demo", partners)
	}
	// Later runs add the recurrence to the same open incident.
	waitFor(t, "a recurrence step", func() bool {
		var steps int
		db.SQL().QueryRow(`SELECT count(*) FROM incident_steps s JOIN incidents i ON i.id = s.incident_id
			WHERE i.signal = 'logcontrole_mislukt' AND s.kind = 'herhaling'`).Scan(&steps)
		return steps > 0
	})
	if n := count(); n != 1 {
		t.Errorf("%d incidents, want the one open incident", n)
	}
}
