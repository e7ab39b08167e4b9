package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// fixture is the API on a real, migrated database with the three driehoek
// partners and one user (with an API token) per role. The covenant itself
// is left to each test.
type fixture struct {
	t        *testing.T
	db       *storage.DB
	h        http.Handler
	sys      context.Context
	partners map[ga.PartnerKind]*ga.Partner
	users    map[string]*ga.User
	tokens   map[string]string
}

// newPartnersFixture returns the fixture with the three driehoek partners
// but without users, for tests that put an actor in the context
// themselves.
func newPartnersFixture(t *testing.T) *fixture {
	t.Helper()
	db := storagetest.Open(t, storagetest.Options{})
	f := &fixture{
		t:        t,
		db:       db,
		h:        New(Config{DB: db, Logger: discardLogger(), Version: "test"}),
		sys:      ga.WithActor(context.Background(), ga.SystemActor("test")),
		partners: map[ga.PartnerKind]*ga.Partner{},
		users:    map[string]*ga.User{},
		tokens:   map[string]string{},
	}
	for _, kind := range []ga.PartnerKind{ga.KindGemeente, ga.KindPolitie, ga.KindOM} {
		p := &ga.Partner{
			Name: kind.Label() + " Voorbeeldstad", Kind: kind,
			PublicTasks: "Openbare orde en veiligheid.", LegalGrounds: "Gemeentewet art 172.",
			ComplaintsCommittee: "Klachtencommissie", DataProtectionOfficer: "fg@example.test",
		}
		if err := db.CreatePartner(f.sys, p); err != nil {
			t.Fatalf("CreatePartner: %v", err)
		}
		f.partners[kind] = p
	}
	return f
}

// validTerms are complete terms with an effective date in the past.
func (f *fixture) validTerms() ga.CovenantTerms {
	return ga.CovenantTerms{
		Title:                          "Convenant Groepsaanpak Voorbeeldstad",
		ControllerModel:                ga.JointControllers,
		CoordinatorPartnerID:           f.partners[ga.KindGemeente].ID,
		EffectiveDate:                  "2025-01-01",
		RetentionAfterClosureMonths:    24,
		RetentionAfterMembershipMonths: 12,
		RequestDeadlineDays:            28,
		SpecialCategoryKinds:           []ga.PartnerKind{},
		CriminalCategoryKinds:          []ga.PartnerKind{ga.KindPolitie, ga.KindOM},
	}
}

// recordTerms records the covenant's terms.
func (f *fixture) recordTerms() *ga.Covenant {
	f.t.Helper()
	c, err := f.db.SetCovenantTerms(f.sys, f.validTerms())
	if err != nil {
		f.t.Fatalf("SetCovenantTerms: %v", err)
	}
	return c
}

// signAll records every partner's signature.
func (f *fixture) signAll() {
	f.t.Helper()
	for _, p := range f.partners {
		s := &ga.Signature{PartnerID: p.ID, SignatoryName: "Ondertekenaar", SignatoryFunction: "Burgemeester", SignedOn: "2025-01-01"}
		if err := f.db.RecordSignature(f.sys, s); err != nil {
			f.t.Fatalf("RecordSignature: %v", err)
		}
	}
}

// registerEntry returns a complete register entry of the group approach.
func registerEntry(dpia string) ga.RegisterEntry {
	return ga.RegisterEntry{
		ActivityKey: ga.ActivityGroepsaanpak, Name: "Groepsaanpak", Controller: "De partners gezamenlijk",
		Purpose: "Aanpak van problematische jeugdgroepen.", LegalBasis: "AVG art 6(1)(e).",
		DataSubjects: "Leden van jeugdgroepen.", DataCategories: "Naam, adres, signalen.",
		Recipients: "De partners.", Retention: "24 maanden na afsluiting.",
		SecurityMeasures: "BIO.", DPIAReference: dpia, DPIADate: "2025-01-01",
	}
}

// recordRegister records the group approach's register entry.
func (f *fixture) recordRegister(dpia string) *ga.RegisterEntry {
	f.t.Helper()
	e := registerEntry(dpia)
	if err := f.db.RecordRegisterEntry(f.sys, &e); err != nil {
		f.t.Fatalf("RecordRegisterEntry: %v", err)
	}
	return &e
}

// openGate fulfils every condition of Art 8.
func (f *fixture) openGate() {
	f.t.Helper()
	f.recordTerms()
	f.signAll()
	f.recordRegister("DPIA-2025-01")
	if err := f.db.CheckGate(f.sys); err != nil {
		f.t.Fatalf("the gate is still closed: %v", err)
	}
}

// decode reads a JSON body into a value of type T.
func decode[T any](t *testing.T, w *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("decode %s: %v", w.Body, err)
	}
	return v
}
