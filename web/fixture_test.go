package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/auth"
	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// testClock is the injected clock of the storage, which the tests move to
// make sessions expire and TOTP codes change.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// testUser is a seeded account with what a person would type.
type testUser struct {
	ga.User
	Password string
	Secret   string // TOTP secret; empty for a user who must enrol
}

// fixture is one installation: a real database on the suite's backend with
// three driehoek partners and users of every kind, and the whole handler.
type fixture struct {
	t       testing.TB
	db      *storage.DB
	clock   *testClock
	handler http.Handler
	srv     *httptest.Server
	logs    *syncBuffer
	api     *recordingAPI

	gemeente, politie, om ga.Partner

	admin       *testUser // gemeente, admin
	coordinator *testUser // gemeente, coordinator
	police      *testUser // politie, driehoek
	prosecutor  *testUser // om, driehoek
	prof        *testUser // gemeente, professional
	newcomer    *testUser // gemeente, professional, no second factor yet
}

// syncBuffer collects the application log written from handler goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// recordingAPI stands in for the JSON API and records the paths it saw.
type recordingAPI struct {
	mu    sync.Mutex
	paths []string
	// traceparent, when set, is answered as the real API answers its own
	// trace.
	traceparent string
}

func (a *recordingAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	a.paths = append(a.paths, r.URL.Path)
	tp := a.traceparent
	a.mu.Unlock()
	if tp != "" {
		w.Header().Set("Traceparent", tp)
	}
	w.Header().Set("API-Version", "1.0.0")
	w.Write([]byte(`{"api":true}`))
}

// system is the context in which tests seed data, as the application
// itself would.
func system() context.Context {
	return ga.WithActor(context.Background(), ga.SystemActor("test"))
}

type fixtureOptions struct {
	TLS       bool
	Profiling bool
}

func newFixture(t testing.TB, opts ...fixtureOptions) *fixture {
	t.Helper()
	var o fixtureOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	clock := &testClock{now: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}
	db := storagetest.Open(t, storagetest.Options{Now: clock.Now})
	f := &fixture{t: t, db: db, clock: clock, logs: &syncBuffer{}, api: &recordingAPI{}}
	h, err := New(Config{
		DB:        db,
		API:       f.api,
		Logger:    slog.New(slog.NewJSONHandler(f.logs, nil)),
		TLS:       o.TLS,
		Version:   "test",
		Profiling: o.Profiling,
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	f.handler = h
	f.srv = httptest.NewServer(h)
	t.Cleanup(f.srv.Close)
	f.seed()
	return f
}

// seed records the partners and users. The covenant is left to each test,
// so that the Art 8 gate starts closed.
func (f *fixture) seed() {
	f.t.Helper()
	ctx := system()
	for _, p := range []*ga.Partner{
		{Name: "Gemeente Utrecht", Kind: ga.KindGemeente},
		{Name: "Politie Midden-Nederland", Kind: ga.KindPolitie},
		{Name: "Openbaar Ministerie Midden-Nederland", Kind: ga.KindOM},
	} {
		p.PublicTasks = "Openbare orde en veiligheid."
		p.LegalGrounds = "Gemeentewet artikel 172; Wet politiegegevens."
		p.ComplaintsCommittee = "Klachtencommissie " + p.Name
		p.DataProtectionOfficer = "FG " + p.Name
		if err := f.db.CreatePartner(ctx, p); err != nil {
			f.t.Fatalf("create partner: %v", err)
		}
		switch p.Kind {
		case ga.KindGemeente:
			f.gemeente = *p
		case ga.KindPolitie:
			f.politie = *p
		case ga.KindOM:
			f.om = *p
		}
	}
	f.admin = f.user("beheer@utrecht.example", "Bea Beheer", f.gemeente.ID, true, ga.RoleAdmin)
	f.coordinator = f.user("coordinator@utrecht.example", "Cor Coördinator", f.gemeente.ID, true, ga.RoleCoordinator)
	f.police = f.user("agent@politie.example", "Piet Politie", f.politie.ID, true, ga.RoleDriehoek)
	f.prosecutor = f.user("officier@om.example", "Olga Officier", f.om.ID, true, ga.RoleDriehoek)
	f.prof = f.user("professional@utrecht.example", "Paula Professional", f.gemeente.ID, true, ga.RoleProfessional)
	f.newcomer = f.user("nieuw@utrecht.example", "Nina Nieuw", f.gemeente.ID, false, ga.RoleProfessional)
}

// testSecret is a fixed TOTP secret (160 bits, base32), so that the tests
// can compute the codes an authenticator app would show.
const testSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

func (f *fixture) user(email, name, partnerID string, enrolled bool, roles ...ga.Role) *testUser {
	f.t.Helper()
	u := &testUser{User: ga.User{Email: email, Name: name, PartnerID: partnerID, Roles: roles, Active: true},
		Password: "correct paard batterij niet"}
	if err := f.db.CreateUser(system(), &u.User, u.Password); err != nil {
		f.t.Fatalf("create user %s: %v", email, err)
	}
	if enrolled {
		u.Secret = testSecret
		if err := f.db.SetSecondFactor(system(), u.ID, u.Secret); err != nil {
			f.t.Fatalf("set second factor: %v", err)
		}
	}
	return u
}

// actorCtx is the context of a user acting through storage directly, for
// seeding what that user would do in the interface.
func (f *fixture) actorCtx(u *testUser) context.Context {
	f.t.Helper()
	a, err := f.db.Actor(system(), u.ID)
	if err != nil {
		f.t.Fatalf("actor: %v", err)
	}
	a.Origin = "test"
	return ga.WithActor(context.Background(), a)
}

// terms are valid covenant terms for the seeded partners, in force today.
func (f *fixture) terms() ga.CovenantTerms {
	return ga.CovenantTerms{
		Title:                          "Convenant Aanpak Jeugdgroepen Utrecht",
		ControllerModel:                ga.JointControllers,
		CoordinatorPartnerID:           f.gemeente.ID,
		EffectiveDate:                  ga.DateOf(f.clock.Now()),
		RetentionAfterClosureMonths:    24,
		RetentionAfterMembershipMonths: 12,
		SpecialCategoryKinds:           []ga.PartnerKind{ga.KindGemeente},
		CriminalCategoryKinds:          []ga.PartnerKind{ga.KindPolitie, ga.KindOM},
		RequestDeadlineDays:            28,
	}
}

// recordCovenant records the terms without signatures.
func (f *fixture) recordCovenant() {
	f.t.Helper()
	if _, err := f.db.SetCovenantTerms(system(), f.terms()); err != nil {
		f.t.Fatalf("set covenant terms: %v", err)
	}
}

// sign records the signature of one partner.
func (f *fixture) sign(p ga.Partner) {
	f.t.Helper()
	sig := &ga.Signature{PartnerID: p.ID, SignatoryName: "Burgemeester " + p.Name, SignatoryFunction: "Bestuurder", SignedOn: ga.DateOf(f.clock.Now())}
	if err := f.db.RecordSignature(system(), sig); err != nil {
		f.t.Fatalf("record signature: %v", err)
	}
}

// registerEntry is a complete register entry with a DPIA reference.
func registerEntry() *ga.RegisterEntry {
	return &ga.RegisterEntry{
		ActivityKey:      ga.ActivityGroepsaanpak,
		Name:             "Integrale aanpak problematische jeugdgroepen",
		Controller:       "Gezamenlijke verwerkingsverantwoordelijken; contactpunt: de gemeente.",
		Purpose:          "Terugdringen van problematisch groepsgedrag.",
		LegalBasis:       "AVG artikel 6 lid 1 onder e.",
		DataSubjects:     "Leden van problematische jeugdgroepen en hun wettelijk vertegenwoordigers.",
		DataCategories:   "Identificerende gegevens, signalen, maatregelen.",
		Recipients:       "De convenantpartners.",
		Retention:        "24 maanden na afsluiting.",
		SecurityMeasures: "Tweede factor, versleuteling, logging.",
		DPIAReference:    "DPIA-2026-017",
		DPIADate:         "2026-10-01",
	}
}

// openGate brings the covenant into force: terms, every signature and the
// register entry with its DPIA reference (Art 8).
func (f *fixture) openGate() {
	f.t.Helper()
	f.recordCovenant()
	for _, p := range []ga.Partner{f.gemeente, f.politie, f.om} {
		f.sign(p)
	}
	if err := f.db.RecordRegisterEntry(system(), registerEntry()); err != nil {
		f.t.Fatalf("record register entry: %v", err)
	}
}

// client is a browser without JavaScript: it keeps cookies and does not
// follow redirects, so that tests see every answer.
type client struct {
	f  *fixture
	hc *http.Client
}

func (f *fixture) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{f: f, hc: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// response is an answer with its body read.
type response struct {
	*http.Response
	Body string
}

func (r *response) location() string { return r.Header.Get("Location") }

func (c *client) do(req *http.Request) *response {
	c.f.t.Helper()
	resp, err := c.hc.Do(req)
	if err != nil {
		c.f.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return &response{Response: resp, Body: string(b)}
}

func (c *client) get(path string) *response {
	c.f.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.f.srv.URL+path, nil)
	return c.do(req)
}

// post submits a form as a browser does from a page of the same site.
func (c *client) post(path string, form url.Values) *response {
	c.f.t.Helper()
	return c.postWith(path, form, "same-origin")
}

func (c *client) postWith(path string, form url.Values, fetchSite string) *response {
	c.f.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.f.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if fetchSite != "" {
		req.Header.Set("Sec-Fetch-Site", fetchSite)
	}
	return c.do(req)
}

// code returns the TOTP code of u at the storage's clock. The clock moves
// one step first, because the storage accepts each step only once.
func (f *fixture) code(u *testUser) string {
	f.t.Helper()
	f.clock.Advance(31 * time.Second)
	code, err := auth.TOTPCode(u.Secret, f.clock.Now())
	if err != nil {
		f.t.Fatal(err)
	}
	return code
}

// login goes through both login steps through the real forms.
func (c *client) login(u *testUser) {
	c.f.t.Helper()
	r := c.post("/inloggen", url.Values{"email": {u.Email}, "wachtwoord": {u.Password}})
	if r.StatusCode != http.StatusSeeOther || r.location() != "/inloggen/code" {
		c.f.t.Fatalf("login %s: status %d, location %q, want 303 to /inloggen/code\n%s", u.Email, r.StatusCode, r.location(), r.Body)
	}
	r = c.post("/inloggen/code", url.Values{"code": {c.f.code(u)}})
	if r.StatusCode != http.StatusSeeOther || r.location() != "/" {
		c.f.t.Fatalf("code %s: status %d, location %q, want 303 to /\n%s", u.Email, r.StatusCode, r.location(), r.Body)
	}
}

// loggedIn returns a client with a complete login of u.
func (f *fixture) loggedIn(u *testUser) *client {
	c := f.client()
	c.login(u)
	return c
}

// want checks the status of a response and that its body holds every
// text.
func want(t testing.TB, r *response, status int, texts ...string) {
	t.Helper()
	if r.StatusCode != status {
		t.Errorf("%s %s: status %d, want %d\n%s", r.Request.Method, r.Request.URL.Path, r.StatusCode, status, excerpt(r.Body))
		return
	}
	for _, s := range texts {
		if !strings.Contains(r.Body, s) {
			t.Errorf("%s %s: body lacks %q\n%s", r.Request.Method, r.Request.URL.Path, s, excerpt(r.Body))
		}
	}
}

// wantRedirect checks a 303 to the given location.
func wantRedirect(t testing.TB, r *response, location string) {
	t.Helper()
	if r.StatusCode != http.StatusSeeOther || r.location() != location {
		t.Errorf("%s %s: status %d to %q, want 303 to %q\n%s", r.Request.Method, r.Request.URL.Path, r.StatusCode, r.location(), location, excerpt(r.Body))
	}
}

var mainRE = regexp.MustCompile(`(?s)<main.*</main>`)

// excerpt shows the main part of a page in a failure message.
func excerpt(body string) string {
	if m := mainRE.FindString(body); m != "" {
		body = m
	}
	if len(body) > 3000 {
		body = body[:3000] + "…"
	}
	return body
}
