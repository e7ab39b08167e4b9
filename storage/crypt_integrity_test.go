package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/internal/keyring"
	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// setRaw writes value into one column of one row past the storage layer,
// as someone with access to the database could.
func setRaw(t *testing.T, db *storage.DB, table, column, id, value string) {
	t.Helper()
	if _, err := db.SQL().Exec(`UPDATE `+table+` SET `+column+` = $1 WHERE id = $2`, value, id); err != nil {
		t.Fatalf("set %s.%s: %v", table, column, err)
	}
}

// waitForIncident waits until the data-integrity incident of key exists
// (it is raised after the failed read has let go of the database) and
// returns its evidence with that of its steps.
func waitForIncident(t *testing.T, db *storage.DB, key string) string {
	t.Helper()
	for range 500 {
		var evidence string
		err := db.SQL().QueryRow(`SELECT evidence FROM incidents WHERE signal = $1 AND signal_key = $2`, string(ga.SignalSealedData), key).Scan(&evidence)
		if err == nil {
			var steps []string
			rows, err := db.SQL().Query(`SELECT s.description FROM incident_steps s JOIN incidents i ON i.id = s.incident_id
				WHERE i.signal = $1 AND i.signal_key = $2`, string(ga.SignalSealedData), key)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var s string
				if err := rows.Scan(&s); err != nil {
					t.Fatal(err)
				}
				steps = append(steps, s)
			}
			rows.Close()
			return evidence + "\n" + strings.Join(steps, "\n")
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no %s incident for %s", ga.SignalSealedData, key)
	return ""
}

// TestClearTextInSealedColumnFails writes clear text with raw SQL into
// encrypted columns of a migrated database, as tampering with the database
// would: each read fails with ErrIntegrity instead of showing the planted
// value, the value put back reads as before, and the system raises a
// data-integrity incident naming the table, column and row.
func TestClearTextInSealedColumnFails(t *testing.T) {
	w := newBusyWorld(t)
	const planted = "Ingevoegd buiten de applicatie"
	for _, tc := range []struct {
		table, column, id string
		read              func() (string, error)
	}{
		{"persons", "name", w.p1.ID, func() (string, error) {
			pv, err := w.db.Person(w.coordinator, w.p1.ID)
			if err != nil {
				return "", err
			}
			return pv.Name, nil
		}},
		{"persons", "address", w.p2.ID, func() (string, error) {
			pv, err := w.db.Person(w.coordinator, w.p2.ID)
			if err != nil {
				return "", err
			}
			return pv.Address, nil
		}},
		{"items", "content", w.items[0].ID, func() (string, error) {
			it, err := w.db.Item(w.police, w.items[0].ID)
			if err != nil {
				return "", err
			}
			return it.Content, nil
		}},
		{"meetings", "agenda", w.group.ID, func() (string, error) {
			m, err := w.db.Meeting(w.coordinator, w.group.ID)
			if err != nil {
				return "", err
			}
			return m.Agenda, nil
		}},
		{"measures", "description", w.groupMeasure.ID, func() (string, error) {
			m, err := w.db.Measure(w.coordinator, w.groupMeasure.ID)
			if err != nil {
				return "", err
			}
			return m.Description, nil
		}},
	} {
		t.Run(tc.table+"."+tc.column, func(t *testing.T) {
			before, err := tc.read()
			if err != nil {
				t.Fatalf("before: %v", err)
			}
			stored := rawColumn(t, w.db, tc.table, tc.column, tc.id)
			if !keyring.IsSealed(stored) {
				t.Fatalf("%s.%s holds %q before the test", tc.table, tc.column, stored)
			}
			setRaw(t, w.db, tc.table, tc.column, tc.id, planted)
			got, err := tc.read()
			if !errors.Is(err, storage.ErrIntegrity) {
				t.Fatalf("read of clear text in %s.%s: %q, %v; want ErrIntegrity", tc.table, tc.column, got, err)
			}
			if strings.Contains(err.Error(), planted) {
				t.Errorf("the error shows the value: %v", err)
			}
			if got, err := w.db.OpenColumn(context.Background(), tc.table, tc.column, tc.id, planted); !errors.Is(err, storage.ErrIntegrity) {
				t.Errorf("OpenColumn of the clear text: %q, %v", got, err)
			}
			ev := waitForIncident(t, w.db, tc.table+"."+tc.column)
			if !strings.Contains(ev, "rij: "+tc.id) || !strings.Contains(ev, "onversleutelde tekst") {
				t.Errorf("incident evidence %q does not name the row and the problem", ev)
			}
			setRaw(t, w.db, tc.table, tc.column, tc.id, stored)
			if after, err := tc.read(); err != nil || after != before {
				t.Errorf("after putting the ciphertext back: %q, %v; want %q", after, err, before)
			}
		})
	}
	// Every partner is told: the database is shared.
	var partners int64
	if partners = count(t, w.db, `SELECT count(*) FROM incident_partners ip JOIN incidents i ON i.id = ip.incident_id
		WHERE i.signal = $1 AND i.signal_key = 'persons.name'`, string(ga.SignalSealedData)); partners < 5 {
		t.Errorf("the incident concerns %d partners", partners)
	}
	// The same cell read again adds nothing; another row of the same
	// column adds a step to the open incident.
	setRaw(t, w.db, "persons", "name", w.p3.ID, planted)
	if _, err := w.db.Person(w.coordinator, w.p3.ID); !errors.Is(err, storage.ErrIntegrity) {
		t.Fatalf("another row: %v", err)
	}
	for range 500 {
		if ev := waitForIncident(t, w.db, "persons.name"); strings.Contains(ev, "rij: "+w.p3.ID) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if ev := waitForIncident(t, w.db, "persons.name"); !strings.Contains(ev, "rij: "+w.p3.ID) {
		t.Errorf("the second row is not a step of the incident: %q", ev)
	}
	if n := count(t, w.db, `SELECT count(*) FROM incidents WHERE signal = $1 AND signal_key = 'persons.name'`, string(ga.SignalSealedData)); n != 1 {
		t.Errorf("%d incidents for persons.name, want one with steps", n)
	}
}

// TestCiphertextThatDoesNotDecryptIsAnIntegrityFailure moves a ciphertext
// into another row: the read fails with ErrIntegrity and raises the same
// incident.
func TestCiphertextThatDoesNotDecryptIsAnIntegrityFailure(t *testing.T) {
	e := newEncrypted(t)
	setRaw(t, e.db, "items", "content", e.stay.ID, rawColumn(t, e.db, "items", "content", e.goneItem.ID))
	_, err := e.db.Item(e.police, e.stay.ID)
	if !errors.Is(err, storage.ErrIntegrity) || !errors.Is(err, keyring.ErrDecrypt) {
		t.Fatalf("read of a moved ciphertext: %v", err)
	}
	if ev := waitForIncident(t, e.db, "items.content"); !strings.Contains(ev, "rij: "+e.stay.ID) || !strings.Contains(ev, "ontsleutelt niet") {
		t.Errorf("incident evidence %q", ev)
	}
}

// TestClearTextBeforeTheMigrationIsConverted is the other side: in a
// database whose columns Migrate has not yet recorded as encrypted (an
// installation from before encryption at rest), a value in clear text is
// read as it is, and the next Migrate encrypts it and records the columns,
// after which clear text fails. A process without a key store refuses to
// migrate the encrypted database.
func TestClearTextBeforeTheMigrationIsConverted(t *testing.T) {
	e := newEncrypted(t)
	ctx := context.Background()
	if n := count(t, e.db, `SELECT count(*) FROM sealed_columns WHERE table_name = 'persons' AND column_name = 'name'`); n != 1 {
		t.Fatalf("persons.name recorded %d times after Migrate", n)
	}
	// A process that has not migrated, on the database as an old
	// installation has it: nothing recorded yet.
	old, err := storage.Open(ctx, storage.Config{URL: storagetest.URLOf(e.db), Now: e.clock.Now, LogKeys: storagetest.LogKeys(t), Keys: e.db.Keys()})
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if _, err := old.SQL().Exec(`DELETE FROM sealed_columns`); err != nil {
		t.Fatal(err)
	}
	const clear = "Naam Van Voor De Versleuteling"
	setRaw(t, old, "persons", "name", e.stays.ID, clear)
	pv, err := old.Person(e.coordinator, e.stays.ID)
	if err != nil || pv.Name != clear {
		t.Fatalf("clear text before the migration: %+v, %v", pv, err)
	}
	if err := old.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if raw := rawColumn(t, old, "persons", "name", e.stays.ID); !keyring.IsSealed(raw) {
		t.Fatalf("the migration left %q", raw)
	}
	if pv, err := old.Person(e.coordinator, e.stays.ID); err != nil || pv.Name != clear {
		t.Fatalf("after the migration: %+v, %v", pv, err)
	}
	if n := count(t, old, `SELECT count(*) FROM sealed_columns`); n == 0 {
		t.Fatal("the migration recorded no encrypted column")
	}
	setRaw(t, old, "persons", "name", e.stays.ID, clear)
	if _, err := old.Person(e.coordinator, e.stays.ID); !errors.Is(err, storage.ErrIntegrity) {
		t.Fatalf("clear text after the migration: %v", err)
	}

	// Without a key store, the encrypted database is refused.
	plain, err := storage.Open(ctx, storage.Config{URL: storagetest.URLOf(e.db), Now: e.clock.Now, LogKeys: storagetest.LogKeys(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	if err := plain.Migrate(ctx); err == nil || !strings.Contains(err.Error(), "key store") {
		t.Errorf("a process without a key store migrated the encrypted database: %v", err)
	}
}
