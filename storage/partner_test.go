package storage_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// fakeClock is the injected clock of the registry and account tests.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// fixture is a test database with a clock and helpers that build the
// covenant registry step by step as the system actor.
type fixture struct {
	t     *testing.T
	db    *storage.DB
	clock *fakeClock
	sys   context.Context
	users int
}

// fixtureStart is a Monday in March 2026, before the covenant of the tests
// takes effect on 1 April.
var fixtureStart = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	clock := &fakeClock{now: fixtureStart}
	db := storagetest.Open(t, storagetest.Options{Now: clock.Now})
	return &fixture{t: t, db: db, clock: clock, sys: ga.WithActor(context.Background(), ga.SystemActor("test"))}
}

func testPartner(kind ga.PartnerKind, name string) ga.Partner {
	return ga.Partner{
		Name: name, Kind: kind,
		PublicTasks:           "Openbare orde en veiligheid",
		LegalGrounds:          "Gemeentewet art. 172",
		ComplaintsCommittee:   "Klachtencommissie " + name,
		DataProtectionOfficer: "FG " + name,
	}
}

func (f *fixture) mustPartner(kind ga.PartnerKind, name string) *ga.Partner {
	f.t.Helper()
	p := testPartner(kind, name)
	if err := f.db.CreatePartner(f.sys, &p); err != nil {
		f.t.Fatalf("create partner %s: %v", name, err)
	}
	return &p
}

// testPassword is the password of every test user.
const testPassword = "correct paard batterij nietje"

// mustAccount creates an active user of partner p with the roles.
func (f *fixture) mustAccount(p *ga.Partner, roles ...ga.Role) *ga.User {
	f.t.Helper()
	f.users++
	u := &ga.User{PartnerID: p.ID, Email: fmt.Sprintf("gebruiker%d@example.org", f.users), Name: fmt.Sprintf("Gebruiker %d", f.users), Roles: roles, Active: true}
	if err := f.db.CreateUser(f.sys, u, testPassword); err != nil {
		f.t.Fatalf("create user: %v", err)
	}
	return u
}

// mustUser creates an active user of partner p with the roles and returns a
// context acting as that user, as a request after login would.
func (f *fixture) mustUser(p *ga.Partner, roles ...ga.Role) context.Context {
	f.t.Helper()
	return f.actingAs(f.mustAccount(p, roles...).ID)
}

// actingAs returns a context acting as the user, with the actor loaded as a
// session would load it.
func (f *fixture) actingAs(userID string) context.Context {
	f.t.Helper()
	a, err := f.db.Actor(f.sys, userID)
	if err != nil {
		f.t.Fatalf("load actor: %v", err)
	}
	a.Origin = "192.0.2.1"
	return ga.WithActor(context.Background(), a)
}

// auditLines returns the audit log entries of an action on an object, read
// as the system; an empty objectID matches any object.
func (f *fixture) auditLines(action, objectID string) []storage.AuditEntry {
	f.t.Helper()
	var out []storage.AuditEntry
	filter := storage.AuditFilter{Action: action, ObjectID: objectID, Limit: storage.MaxLogPage}
	for {
		page, err := f.db.AuditEntries(f.sys, filter)
		if err != nil {
			f.t.Fatalf("read audit log: %v", err)
		}
		out = append(out, page...)
		if len(page) < filter.Limit {
			return out
		}
		filter.Start = page[len(page)-1].Index + 1
	}
}

// wantAudit fails the test unless the audit log holds n lines of the
// action on the object with the result.
func (f *fixture) wantAudit(t *testing.T, action, objectID string, result ga.AuditResult, n int) {
	t.Helper()
	got := 0
	for _, e := range f.auditLines(action, objectID) {
		if e.Result == result {
			got++
		}
	}
	if got != n {
		t.Errorf("audit lines %s %s on %q = %d, want %d", action, result, objectID, got, n)
	}
}

func testTerms(coordinator *ga.Partner, effective ga.Date) ga.CovenantTerms {
	return ga.CovenantTerms{
		Title:                          "Convenant groepsaanpak Teststad",
		ControllerModel:                ga.JointControllers,
		CoordinatorPartnerID:           coordinator.ID,
		EffectiveDate:                  effective,
		RetentionAfterClosureMonths:    24,
		RetentionAfterMembershipMonths: 12,
		SpecialCategoryKinds:           []ga.PartnerKind{ga.KindJeugdhulp},
		CriminalCategoryKinds:          []ga.PartnerKind{ga.KindGemeente, ga.KindPolitie, ga.KindOM},
		RequestDeadlineDays:            28,
	}
}

func (f *fixture) mustTerms(t ga.CovenantTerms) *ga.Covenant {
	f.t.Helper()
	c, err := f.db.SetCovenantTerms(f.sys, t)
	if err != nil {
		f.t.Fatalf("set covenant terms: %v", err)
	}
	return c
}

func (f *fixture) mustSign(partners ...*ga.Partner) {
	f.t.Helper()
	for _, p := range partners {
		s := &ga.Signature{PartnerID: p.ID, SignatoryName: "Ondertekenaar " + p.Name, SignatoryFunction: "Directeur", SignedOn: "2026-02-15"}
		if err := f.db.RecordSignature(f.sys, s); err != nil {
			f.t.Fatalf("sign for %s: %v", p.Name, err)
		}
	}
}

func testRegisterEntry(dpia string) *ga.RegisterEntry {
	e := &ga.RegisterEntry{
		ActivityKey:      ga.ActivityGroepsaanpak,
		Name:             "Integrale aanpak problematische jeugdgroepen",
		Controller:       "De partners als gezamenlijk verwerkingsverantwoordelijken",
		Purpose:          "Terugdringen van overlast en criminaliteit door jeugdgroepen",
		LegalBasis:       "AVG art. 6 lid 1 onder e",
		DataSubjects:     "Leden van problematische jeugdgroepen",
		DataCategories:   "Identificerende gegevens, signalen, maatregelen",
		Recipients:       "De partners van het convenant volgens need-to-know",
		Retention:        "24 maanden na afsluiting",
		SecurityMeasures: "Tweefactorauthenticatie, logboeken",
		DPIAReference:    dpia,
	}
	if dpia != "" {
		e.DPIADate = "2026-01-20"
	}
	return e
}

func (f *fixture) mustRegister(dpia string) *ga.RegisterEntry {
	f.t.Helper()
	e := testRegisterEntry(dpia)
	if err := f.db.RecordRegisterEntry(f.sys, e); err != nil {
		f.t.Fatalf("record register entry: %v", err)
	}
	return e
}

// covenantInForce is a fixture whose Art 8 gate is open: the driehoek and a
// school signed terms in force since 1 January 2026, and the register entry
// has a DPIA reference. The clock stands in March 2026.
type covenantInForce struct {
	*fixture
	gemeente, politie, om, school *ga.Partner
	register                      *ga.RegisterEntry
}

func newCovenantInForce(t *testing.T) *covenantInForce {
	t.Helper()
	f := newFixture(t)
	c := &covenantInForce{fixture: f}
	c.gemeente = f.mustPartner(ga.KindGemeente, "Gemeente Teststad")
	c.politie = f.mustPartner(ga.KindPolitie, "Politie Eenheid Test")
	c.om = f.mustPartner(ga.KindOM, "Parket Test")
	c.school = f.mustPartner(ga.KindSchool, "Testcollege")
	f.mustTerms(testTerms(c.gemeente, "2026-01-01"))
	f.mustSign(c.gemeente, c.politie, c.om, c.school)
	c.register = f.mustRegister("DPIA-2026-01")
	return c
}

// wantKind fails the test unless err is a domain error of kind k.
func wantKind(t *testing.T, err error, k ga.Kind) {
	t.Helper()
	if got := ga.KindOf(err); err == nil || got != k {
		t.Fatalf("error = %v (kind %v), want kind %v", err, got, k)
	}
}

// detailNames returns the sorted names of the details of a domain error.
func detailNames(err error) []string {
	e, ok := err.(*ga.Error)
	if !ok {
		return nil
	}
	var names []string
	for _, d := range e.Details {
		names = append(names, d.Name)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

func TestPartners(t *testing.T) {
	f := newFixture(t)
	admin := f.mustUser(f.mustPartner(ga.KindGemeente, "Gemeente Beheer"), ga.RoleAdmin)
	coordinator := f.mustUser(f.mustPartner(ga.KindPolitie, "Politie Beheer"), ga.RoleCoordinator)

	t.Run("validation names every invalid field", func(t *testing.T) {
		tests := []struct {
			name   string
			change func(p *ga.Partner)
			want   []string
		}{
			{"empty name", func(p *ga.Partner) { p.Name = " " }, []string{"naam"}},
			{"name too long", func(p *ga.Partner) { p.Name = strings.Repeat("x", 201) }, []string{"naam"}},
			{"unknown kind", func(p *ga.Partner) { p.Kind = "bakker" }, []string{"soort"}},
			{"no public tasks", func(p *ga.Partner) { p.PublicTasks = "" }, []string{"publiekeTaken"}},
			{"no legal grounds, committee or officer", func(p *ga.Partner) {
				p.LegalGrounds, p.ComplaintsCommittee, p.DataProtectionOfficer = "", "", ""
			}, []string{"functionarisGegevensbescherming", "klachtencommissie", "wettelijkeGrondslagen"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p := testPartner(ga.KindJeugdhulp, "Jeugdhulp "+tt.name)
				tt.change(&p)
				err := f.db.CreatePartner(admin, &p)
				wantKind(t, err, ga.KindInvalid)
				if got := detailNames(err); !slices.Equal(got, tt.want) {
					t.Errorf("details = %v, want %v", got, tt.want)
				}
				if p.ID != "" {
					t.Errorf("invalid partner got id %q", p.ID)
				}
			})
		}
	})

	t.Run("a second partner with the same name is invalid", func(t *testing.T) {
		p := testPartner(ga.KindGemeente, "Gemeente Beheer")
		err := f.db.CreatePartner(admin, &p)
		wantKind(t, err, ga.KindInvalid)
		if got := detailNames(err); !slices.Equal(got, []string{"naam"}) {
			t.Errorf("details = %v, want [naam]", got)
		}
	})

	t.Run("only an admin or the system manages partners", func(t *testing.T) {
		p := testPartner(ga.KindSchool, "School Zonder Recht")
		wantKind(t, f.db.CreatePartner(coordinator, &p), ga.KindForbidden)
		wantKind(t, f.db.CreatePartner(context.Background(), &p), ga.KindUnauthenticated)
		if err := f.db.CreatePartner(admin, &p); err != nil {
			t.Fatalf("admin creates partner: %v", err)
		}
		if p.ID == "" || !p.CreatedAt.Equal(f.clock.Now()) {
			t.Errorf("created partner = %+v, want id and creation time %v", p, f.clock.Now())
		}
		p.DataProtectionOfficer = "Nieuwe FG"
		wantKind(t, f.db.UpdatePartner(coordinator, &p), ga.KindForbidden)
		if err := f.db.UpdatePartner(admin, &p); err != nil {
			t.Fatalf("admin updates partner: %v", err)
		}
		got, err := f.db.Partner(coordinator, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if *got != p {
			t.Errorf("partner after update = %+v, want %+v", *got, p)
		}
	})

	t.Run("updating an unknown partner is not found", func(t *testing.T) {
		p := testPartner(ga.KindSchool, "Spookschool")
		p.ID = storage.NewID()
		wantKind(t, f.db.UpdatePartner(admin, &p), ga.KindNotFound)
		_, err := f.db.Partner(admin, p.ID)
		wantKind(t, err, ga.KindNotFound)
	})

	t.Run("partners are listed by name to any user", func(t *testing.T) {
		_, err := f.db.Partners(context.Background())
		wantKind(t, err, ga.KindUnauthenticated)
		ps, err := f.db.Partners(coordinator)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, p := range ps {
			names = append(names, p.Name)
		}
		want := []string{"Gemeente Beheer", "Politie Beheer", "School Zonder Recht"}
		if !slices.Equal(names, want) {
			t.Errorf("partners = %v, want %v", names, want)
		}
	})
}
