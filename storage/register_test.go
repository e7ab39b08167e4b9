package storage_test

import (
	"slices"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

func TestRegisterEntries(t *testing.T) {
	f := newFixture(t)
	gemeente := f.mustPartner(ga.KindGemeente, "Gemeente Teststad")
	officer := f.mustUser(gemeente, ga.RolePrivacyOfficer)
	professional := f.mustUser(gemeente, ga.RoleProfessional)

	t.Run("recording needs a role that may", func(t *testing.T) {
		wantKind(t, f.db.RecordRegisterEntry(professional, testRegisterEntry("DPIA-1")), ga.KindForbidden)
	})
	t.Run("every Art 30 field is required", func(t *testing.T) {
		e := testRegisterEntry("")
		e.ActivityKey, e.Purpose, e.Recipients = "Groeps Aanpak", "", ""
		err := f.db.RecordRegisterEntry(officer, e)
		wantKind(t, err, ga.KindInvalid)
		if got, want := detailNames(err), []string{"activiteit", "doel", "ontvangers"}; !slices.Equal(got, want) {
			t.Errorf("details = %v, want %v", got, want)
		}
	})
	t.Run("no entry is not found", func(t *testing.T) {
		_, err := f.db.CurrentRegisterEntry(officer, ga.ActivityGroepsaanpak)
		wantKind(t, err, ga.KindNotFound)
		_, err = f.db.RegisterEntry(officer, storage.NewID())
		wantKind(t, err, ga.KindNotFound)
	})

	t.Run("each version has its own id and old versions stay unchanged", func(t *testing.T) {
		v1 := testRegisterEntry("")
		if err := f.db.RecordRegisterEntry(officer, v1); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(24 * time.Hour)
		v2 := testRegisterEntry("DPIA-2026-01")
		v2.Retention = "18 maanden na afsluiting"
		if err := f.db.RecordRegisterEntry(officer, v2); err != nil {
			t.Fatal(err)
		}
		other := testRegisterEntry("")
		other.ActivityKey = "verzoeken-betrokkenen"
		if err := f.db.RecordRegisterEntry(f.sys, other); err != nil {
			t.Fatal(err)
		}
		if v1.ID == v2.ID || v1.Version != 1 || v2.Version != 2 || other.Version != 1 {
			t.Fatalf("versions: v1 %s/%d, v2 %s/%d, other %d", v1.ID, v1.Version, v2.ID, v2.Version, other.Version)
		}
		if v1.RecordedBy != ga.ActorFrom(officer).UserID || !v1.RecordedAt.Equal(fixtureStart) || other.RecordedBy != "systeem" {
			t.Errorf("recorded by/at: v1 %s %v, other %s", v1.RecordedBy, v1.RecordedAt, other.RecordedBy)
		}
		got1, err := f.db.RegisterEntry(professional, v1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if *got1 != *v1 {
			t.Errorf("version 1 = %+v, want unchanged %+v", *got1, *v1)
		}
		cur, err := f.db.CurrentRegisterEntry(professional, ga.ActivityGroepsaanpak)
		if err != nil {
			t.Fatal(err)
		}
		if *cur != *v2 {
			t.Errorf("current = %+v, want version 2 %+v", *cur, *v2)
		}
		all, err := f.db.RegisterEntries(professional)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, e := range all {
			ids = append(ids, e.ID)
		}
		if want := []string{v1.ID, v2.ID, other.ID}; !slices.Equal(ids, want) {
			t.Errorf("entries = %v, want by activity and version %v", ids, want)
		}
	})
}
