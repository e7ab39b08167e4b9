package storage_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/internal/keyring"
	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// encrypted is a group with two members, each with an item, and an item
// about the group.
type encrypted struct {
	*casework
	group          *ga.Group
	gone, stays    *ga.Person
	goneItem, stay *ga.Item
	groupItem      *ga.Item
}

func newEncrypted(t *testing.T) *encrypted {
	t.Helper()
	c := newCasework(t)
	g, gone := c.decidedGroup("Groep Versleuteld")
	stays := c.mustPerson(c.police, g, "Blijvend Lid", 16)
	e := &encrypted{casework: c, group: g, gone: gone, stays: stays}
	e.goneItem = c.mustItem(c.police, c.testItem(ga.KindPolitie, g, gone.ID, "Aanhouding van het vertrekkende lid"))
	e.stay = c.mustItem(c.police, c.testItem(ga.KindPolitie, g, stays.ID, "Melding over het blijvende lid"))
	e.groupItem = c.mustItem(c.police, c.testItem(ga.KindPolitie, g, "", "Melding over de groep"))
	return e
}

// rawColumn reads one column of one row past the storage layer.
func rawColumn(t *testing.T, db *storage.DB, table, column, id string) string {
	t.Helper()
	var s string
	if err := db.SQL().QueryRow(`SELECT `+column+` FROM `+table+` WHERE id = $1`, id).Scan(&s); err != nil {
		t.Fatalf("%s.%s: %v", table, column, err)
	}
	return s
}

// TestSealedColumnsHoldCiphertext checks every encrypted column of the
// rows written: a ciphertext, never the value, and the value through the
// storage layer.
func TestSealedColumnsHoldCiphertext(t *testing.T) {
	e := newEncrypted(t)
	for _, tc := range []struct{ table, column, id, want string }{
		{"persons", "name", e.gone.ID, e.gone.Name},
		{"persons", "date_of_birth", e.gone.ID, string(e.gone.DateOfBirth)},
		{"persons", "address", e.gone.ID, e.gone.Address},
		{"items", "content", e.goneItem.ID, e.goneItem.Content},
		{"items", "content", e.groupItem.ID, e.groupItem.Content},
	} {
		raw := rawColumn(t, e.db, tc.table, tc.column, tc.id)
		if !keyring.IsSealed(raw) || strings.Contains(raw, tc.want) {
			t.Errorf("%s.%s holds %q", tc.table, tc.column, raw)
		}
	}
	pv, err := e.db.Person(e.coordinator, e.gone.ID)
	if err != nil {
		t.Fatal(err)
	}
	if pv.Name != e.gone.Name || pv.DateOfBirth != e.gone.DateOfBirth || pv.Address != e.gone.Address {
		t.Errorf("read back %+v, want %+v", pv.Person, e.gone)
	}
}

// TestCiphertextMovedToAnotherRowFails copies ciphertexts between rows and
// columns: the row's identity is bound in as additional data, so none of
// them decrypts, and the read fails instead of showing another person's
// data.
func TestCiphertextMovedToAnotherRowFails(t *testing.T) {
	for _, tc := range []struct {
		name                   string
		table, column, fromCol string
		from, to               func(e *encrypted) string
		read                   func(e *encrypted) error
	}{
		{"a name into another person's row", "persons", "name", "name",
			func(e *encrypted) string { return e.gone.ID }, func(e *encrypted) string { return e.stays.ID },
			func(e *encrypted) error { _, err := e.db.Person(e.coordinator, e.stays.ID); return err }},
		{"an address into the name of the same row", "persons", "name", "address",
			func(e *encrypted) string { return e.stays.ID }, func(e *encrypted) string { return e.stays.ID },
			func(e *encrypted) error { _, err := e.db.Person(e.coordinator, e.stays.ID); return err }},
		{"an item's content into another item", "items", "content", "content",
			func(e *encrypted) string { return e.goneItem.ID }, func(e *encrypted) string { return e.stay.ID },
			func(e *encrypted) error { _, err := e.db.Item(e.police, e.stay.ID); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEncrypted(t)
			if err := tc.read(e); err != nil {
				t.Fatalf("before: %v", err)
			}
			v := rawColumn(t, e.db, tc.table, tc.fromCol, tc.from(e))
			if _, err := e.db.SQL().Exec(`UPDATE `+tc.table+` SET `+tc.column+` = $1 WHERE id = $2`, v, tc.to(e)); err != nil {
				t.Fatal(err)
			}
			err := tc.read(e)
			if err == nil || !strings.Contains(err.Error(), "does not decrypt") {
				t.Fatalf("read after moving a ciphertext: %v", err)
			}
		})
	}
}

// TestKeyRotation rotates the master key and reads the dossier through a
// key store that holds only the new master: it equals the one before.
func TestKeyRotation(t *testing.T) {
	e := newEncrypted(t)
	ctx := context.Background()
	before, err := e.db.Dossier(e.coordinator, e.group.ID, storage.Page{})
	if err != nil {
		t.Fatal(err)
	}
	text, _ := keyring.NewMasterKeyText()
	key, _ := keyring.ParseMasterKey(text)
	next, err := keyring.NewAESMaster(key)
	if err != nil {
		t.Fatal(err)
	}
	use, err := e.db.Keys().MasterUse(ctx)
	if err != nil || len(use) != 1 {
		t.Fatalf("masters in use before: %v %v", use, err)
	}
	st, err := e.db.Keys().Rotate(ctx, next)
	if err != nil {
		t.Fatal(err)
	}
	if use, _ := e.db.Keys().MasterUse(ctx); len(use) != 1 || use[next.ID()] != st.Rewrapped || st.Rewrapped < 6 {
		t.Fatalf("after rotation %d keys re-wrapped, masters in use %v", st.Rewrapped, use)
	}
	// A process that only holds the new master.
	only, err := keyring.Open(e.db.Keys().Path(), keyring.StaticSource(next))
	if err != nil {
		t.Fatal(err)
	}
	defer only.Close()
	db2, err := storage.Open(ctx, storage.Config{URL: storagetest.URLOf(e.db), Now: e.clock.Now, LogKeys: storagetest.LogKeys(t), Keys: only})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	after, err := db2.Dossier(e.coordinator, e.group.ID, storage.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("dossier after rotation differs:\n%+v\n%+v", before, after)
	}
	// New keys are wrapped by the new master too.
	c2 := e.mustPerson(e.police, e.group, "Nieuw Lid", 15)
	if use, _ := e.db.Keys().MasterUse(ctx); len(use) != 1 {
		t.Errorf("after a new person: masters in use %v", use)
	}
	if _, err := db2.Person(e.coordinator, c2.ID); err != nil {
		t.Errorf("new person through the new master only: %v", err)
	}
}

// TestShreddingDefeatsOldBackups takes a backup, lets retention remove a
// person (destroying the person's key), restores the backup into a fresh
// database and reads it with the installation's key store: the removed
// person's fields and items read as erased, the other member as before.
func TestShreddingDefeatsOldBackups(t *testing.T) {
	e := newEncrypted(t)
	ctx := context.Background()
	restoreURL := backupOf(t, e.db)

	var membership string
	if err := e.db.SQL().QueryRow(`SELECT id FROM memberships WHERE person_id = $1`, e.gone.ID).Scan(&membership); err != nil {
		t.Fatal(err)
	}
	if err := e.db.EndMembership(e.coordinator, membership, ga.DateOf(e.clock.Now())); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(e.clock.Now().AddDate(1, 0, 2))
	rep, err := e.db.ApplyRetention(e.sys, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Persons) != 1 || rep.Persons[0] != e.gone.ID {
		t.Fatalf("retention removed %v", rep.Persons)
	}
	if gone, _ := e.db.Keys().Shredded(ctx, "persoon/"+e.gone.ID+"/gegeven/"+e.goneItem.ID); !gone {
		t.Fatal("the item's key is still in the key store")
	}

	restored, err := storage.Open(ctx, storage.Config{URL: restoreURL(), Now: e.clock.Now, LogKeys: storagetest.LogKeys(t), Keys: e.db.Keys()})
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	pv, err := restored.Person(e.coordinator, e.gone.ID)
	if err != nil {
		t.Fatalf("the removed person in the old backup: %v", err)
	}
	if pv.Name != storage.Erased || pv.Address != storage.Erased || pv.DateOfBirth != "" {
		t.Errorf("the removed person reads from the old backup as %+v", pv.Person)
	}
	for _, r := range pv.Representatives {
		if r.Name != storage.Erased {
			t.Errorf("representative reads as %+v", r)
		}
	}
	it, err := restored.Item(e.police, e.goneItem.ID)
	if err != nil {
		t.Fatal(err)
	}
	if it.Content != storage.Erased {
		t.Errorf("the removed person's item reads %q", it.Content)
	}
	d, err := restored.Dossier(e.police, e.group.ID, storage.Page{})
	if err != nil {
		t.Fatalf("dossier of the old backup: %v", err)
	}
	names := map[string]string{}
	for _, m := range d.Members {
		names[m.Person.ID] = m.Person.Name
	}
	if names[e.stays.ID] != e.stays.Name || names[e.gone.ID] != storage.Erased {
		t.Errorf("members in the old backup: %v", names)
	}
	contents := map[string]string{}
	for _, it := range d.Items {
		contents[it.ID] = it.Content
	}
	if contents[e.stay.ID] != e.stay.Content || contents[e.groupItem.ID] != e.groupItem.Content || contents[e.goneItem.ID] != storage.Erased {
		t.Errorf("the other items in the old backup: %v", contents)
	}
}

// backupOf takes a backup of the database now — SQLite's VACUUM INTO, or
// pg_dump on PostgreSQL — and returns a function that restores it into a
// fresh database and returns its URL.
func backupOf(t *testing.T, db *storage.DB) func() string {
	t.Helper()
	if db.Dialect() == storage.SQLite {
		path := filepath.Join(t.TempDir(), "backup.db")
		if err := db.SnapshotTo(context.Background(), path); err != nil {
			t.Fatal(err)
		}
		return func() string { return "sqlite:" + path }
	}
	if _, err := exec.LookPath("pg_dump"); err != nil {
		t.Skip("pg_dump is not installed")
	}
	dump := filepath.Join(t.TempDir(), "backup.dump")
	if out, err := exec.Command("pg_dump", "--format=custom", "--file", dump, "--dbname", storagetest.URLOf(db)).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v: %s", err, out)
	}
	return func() string {
		u := storagetest.PostgresURL(t)
		if out, err := exec.Command("pg_restore", "--no-owner", "--dbname", u, dump).CombinedOutput(); err != nil {
			t.Fatalf("pg_restore: %v: %s", err, out)
		}
		return u
	}
}

// TestErasureShredsTheItemKey grants the erasure of one item: its key is
// destroyed, the person and other items stay readable.
func TestErasureShredsTheItemKey(t *testing.T) {
	e := newEncrypted(t)
	ctx := context.Background()
	id := "persoon/" + e.stays.ID + "/gegeven/" + e.stay.ID
	if gone, _ := e.db.Keys().Shredded(ctx, id); gone {
		t.Fatal("shredded before")
	}
	if _, err := e.db.Keys().Key(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := e.db.Keys().Shred(ctx, id); err != nil {
		t.Fatal(err)
	}
	it, err := e.db.Item(e.police, e.stay.ID)
	if err != nil {
		t.Fatal(err)
	}
	if it.Content != storage.Erased {
		t.Errorf("content %q after shredding", it.Content)
	}
	if pv, err := e.db.Person(e.coordinator, e.stays.ID); err != nil || pv.Name != e.stays.Name {
		t.Errorf("person after shredding one item: %v %v", pv, err)
	}
}

// TestRetentionShredsTheClosedGroupsKey takes a backup of a group with a
// group meeting (agenda, minutes, decisions), a group measure and an item
// about the group, closes the approach and lets retention pass its period:
// the group's key is destroyed, the live rows are emptied, and the old
// backup reads those texts as erased.
func TestRetentionShredsTheClosedGroupsKey(t *testing.T) {
	w := newBusyWorld(t)
	ctx := context.Background()
	g := w.planWorld.group
	w.clock.Set(meetingsDay.AddDate(0, 0, 10))
	m := *w.group
	m.Minutes, m.Decisions = "Verslag: de groep hing drie avonden op het plein", "Besluit: gebiedsverbod aanvragen"
	if err := w.db.UpdateMeeting(w.coordinator, &m); err != nil {
		t.Fatal(err)
	}
	groupItem := w.items[4]
	if groupItem.PersonID != "" {
		t.Fatalf("item %s is not about the group", groupItem.ID)
	}
	restoreURL := backupOf(t, w.db)

	if _, err := w.db.CloseGroup(w.coordinator, g.ID, "Groep uiteengevallen", "Doelen bereikt"); err != nil {
		t.Fatal(err)
	}
	w.clock.Set(w.clock.Now().AddDate(2, 0, 2))
	rep, err := w.db.ApplyRetention(w.sys, false)
	if err != nil {
		t.Fatal(err)
	}
	if rep.GroupMeetings != 4 || rep.GroupMeasures != 1 || rep.GroupItems != 2 {
		t.Errorf("retention report %+v, want the 4 meetings, 1 group measure and 2 group items", rep)
	}
	if gone, err := w.db.Keys().Shredded(ctx, "groep/"+g.ID); err != nil || !gone {
		t.Fatalf("the group's key is still in the key store: %v", err)
	}
	for _, c := range []struct{ table, column, id string }{
		{"meetings", "agenda", m.ID}, {"meetings", "minutes", m.ID}, {"meetings", "decisions", m.ID},
		{"measures", "description", w.groupMeasure.ID},
	} {
		if raw := rawColumn(t, w.db, c.table, c.column, c.id); raw != "" {
			t.Errorf("live %s.%s after retention: %q", c.table, c.column, raw)
		}
	}
	// A second run finds the key destroyed and nothing left to empty.
	if again, err := w.db.ApplyRetention(w.sys, false); err != nil || again.GroupMeetings+again.GroupMeasures+again.GroupItems != 0 {
		t.Errorf("second run: %+v, %v", again, err)
	}

	restored, err := storage.Open(ctx, storage.Config{URL: restoreURL(), Now: w.clock.Now, LogKeys: storagetest.LogKeys(t), Keys: w.db.Keys()})
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	old, err := restored.Meeting(w.coordinator, m.ID)
	if err != nil {
		t.Fatalf("the meeting in the old backup: %v", err)
	}
	if old.Agenda != storage.Erased || old.Minutes != storage.Erased || old.Decisions != storage.Erased {
		t.Errorf("the old backup reads the meeting as %q / %q / %q", old.Agenda, old.Minutes, old.Decisions)
	}
	ms, err := restored.Measure(w.coordinator, w.groupMeasure.ID)
	if err != nil {
		t.Fatalf("the group measure in the old backup: %v", err)
	}
	if ms.Description != storage.Erased {
		t.Errorf("the old backup reads the group measure as %q", ms.Description)
	}
	it, err := restored.Item(w.police, groupItem.ID)
	if err != nil {
		t.Fatalf("the group item in the old backup: %v", err)
	}
	if it.Content != storage.Erased {
		t.Errorf("the old backup reads the group item as %q", it.Content)
	}
}

// TestRetentionShredsThePersonsMeasureInTheClosedGroup: a person in two
// groups keeps their key when one approach is closed and past retention,
// but the keys of their measure in that group go with its row, so that a
// backup taken before reads it as erased while their data in the other
// group reads as before.
func TestRetentionShredsThePersonsMeasureInTheClosedGroup(t *testing.T) {
	c := newCasework(t)
	ctx := context.Background()
	closedG, _ := c.decidedGroup("Groep Gesloten")
	openG, _ := c.decidedGroup("Groep Open")
	both := c.mustPerson(c.police, openG, "Lid van Beide", 16)
	if err := c.db.AddMembership(c.police, &ga.Membership{GroupID: closedG.ID, PersonID: both.ID, Role: ga.RoleCore, Start: ga.DateOf(c.clock.Now())}); err != nil {
		t.Fatal(err)
	}
	today := ga.DateOf(c.clock.Now())
	measure := func(g *ga.Group, text string) *ga.Measure {
		m := &ga.Measure{GroupID: g.ID, PersonID: both.ID, Kind: ga.MeasureAdministrative, Description: text,
			ResponsiblePartnerID: c.gemeente.ID, Status: ga.MeasureRunning, Start: today, ReviewDate: ga.DateOf(c.clock.Now().AddDate(0, 3, 0))}
		if err := c.db.CreateMeasure(c.coordinator, m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	inClosed := measure(closedG, "Gebiedsverbod in de gesloten groep")
	inOpen := measure(openG, "Meldplicht in de open groep")
	restoreURL := backupOf(t, c.db)

	if _, err := c.db.CloseGroup(c.coordinator, closedG.ID, "Groep uiteengevallen", "Doelen bereikt"); err != nil {
		t.Fatal(err)
	}
	c.clock.Set(c.clock.Now().AddDate(2, 0, 2))
	if _, err := c.db.ApplyRetention(c.sys, false); err != nil {
		t.Fatal(err)
	}
	if gone, _ := c.db.Keys().Shredded(ctx, "persoon/"+both.ID); gone {
		t.Fatal("the person's key went, though they are still in the open group")
	}
	if gone, _ := c.db.Keys().Shredded(ctx, "persoon/"+both.ID+"/maatregel/"+inClosed.ID); !gone {
		t.Fatal("the key of the measure in the closed group is still in the key store")
	}

	restored, err := storage.Open(ctx, storage.Config{URL: restoreURL(), Now: c.clock.Now, LogKeys: storagetest.LogKeys(t), Keys: c.db.Keys()})
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	for _, tc := range []struct {
		m    *ga.Measure
		want string
	}{{inClosed, storage.Erased}, {inOpen, inOpen.Description}} {
		got, err := restored.Measure(c.coordinator, tc.m.ID)
		if err != nil {
			t.Fatalf("measure in the old backup: %v", err)
		}
		if got.Description != tc.want {
			t.Errorf("the old backup reads %q, want %q", got.Description, tc.want)
		}
	}
}
