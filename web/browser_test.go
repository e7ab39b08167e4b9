package web

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/internal/browsertest"
)

// EnvScreenshots names a directory where the browser test leaves
// screenshots of the login and covenant pages, for a person to look at.
const EnvScreenshots = "GROEPSAANPAK_SCREENSHOTS"

// browserFixture is an installation with something on every page: the
// covenant in force, a Wpg art 20 decision, an amendment, a dispute and a
// token.
type browserFixture struct {
	*fixture
	amendmentID string
	disputeID   string
}

func newBrowserFixture(t *testing.T) *browserFixture {
	f := &browserFixture{fixture: newFixture(t)}
	f.openGate()
	if err := f.db.RecordWpg20Decision(f.actorCtx(f.police), &ga.Wpg20Decision{
		Reference: "WPG20-2026-3", DecidedOn: "2026-11-01", DecidedBy: "De korpschef",
		Summary: "Politiegegevens over groepsleden aan de convenantpartners.",
	}); err != nil {
		t.Fatal(err)
	}
	terms := f.terms()
	terms.RetentionAfterClosureMonths = 18
	a := &ga.Amendment{Description: "Kortere bewaartermijn na afsluiting.", Terms: terms}
	if err := f.db.ProposeAmendment(f.actorCtx(f.coordinator), a); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.ApproveAmendment(f.actorCtx(f.police), a.ID); err != nil {
		t.Fatal(err)
	}
	f.amendmentID = a.ID
	d := &ga.Dispute{Subject: "Uitleg van artikel 5.3", Description: "Wie wordt uitgenodigd voor individuele overleggen.", PartnerIDs: []string{f.gemeente.ID, f.politie.ID}}
	if err := f.db.RaiseDispute(f.actorCtx(f.coordinator), d); err != nil {
		t.Fatal(err)
	}
	f.disputeID = d.ID
	for _, u := range []*testUser{f.admin, f.coordinator} {
		if _, _, err := f.db.CreateToken(f.actorCtx(u), u.ID, "Koppeling zorgsysteem", nil); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// browser is one headless Chromium tab on the fixture's server.
type browser struct {
	t      *testing.T
	ctx    context.Context
	base   string
	titles map[string]string // title → path, to check that titles are unique
}

func (f *browserFixture) browser(t *testing.T) *browser {
	return &browser{t: t, ctx: browsertest.New(t), base: f.srv.URL, titles: map[string]string{}}
}

func (b *browser) run(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatal(err)
	}
}

// open loads a page and checks it: no inline script or style on the page
// as the browser sees it, and the axe-core WCAG 2.1 AA rules.
func (b *browser) open(path, name string) {
	b.t.Helper()
	b.run(chromedp.Navigate(b.base + path))
	b.check(path, name)
}

// submit clicks a button that submits a form and waits for the next page.
func (b *browser) submit(selector string) {
	b.t.Helper()
	if _, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(selector))); err != nil {
		b.t.Fatalf("submit %s: %v", selector, err)
	}
}

func (b *browser) check(path, name string) {
	b.t.Helper()
	start := time.Now()
	defer func() { b.t.Logf("%s: %v", name, time.Since(start)) }()
	b.run(chromedp.WaitReady(chromedp.CSS("main#inhoud")))
	inline, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll('[style], style, script:not([src])').length`))
	if err != nil {
		b.t.Fatal(err)
	}
	if inline != 0 {
		b.t.Errorf("%s: %d inline style or script elements", name, inline)
	}
	title, err := chromedp.Run(b.ctx, chromedp.Title())
	if err != nil {
		b.t.Fatal(err)
	}
	page, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body.dataset.page`))
	if err != nil {
		b.t.Fatal(err)
	}
	// Every page has its own title; error pages of one kind share theirs.
	path, _, _ = strings.Cut(path, "#")
	if other, ok := b.titles[title]; ok && other != path && page != "error" {
		b.t.Errorf("%s and %s share the title %q", other, path, title)
	}
	b.titles[title] = path
	browsertest.CheckAxe(b.t, b.ctx, name)
}

func (b *browser) location() string {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatal(err)
	}
	return strings.TrimPrefix(loc, b.base)
}

func (b *browser) lang() string {
	b.t.Helper()
	lang, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
	if err != nil {
		b.t.Fatal(err)
	}
	return lang
}

func (b *browser) screenshot(name string) {
	dir := os.Getenv(EnvScreenshots)
	if dir == "" {
		return
	}
	browsertest.Screenshot(b.t, b.ctx, filepath.Join(dir, name+".png"))
}

// login goes through the login page, in both languages, and the code page.
func (b *browser) login(f *browserFixture, u *testUser) {
	b.t.Helper()
	b.open("/inloggen", "inloggen (nl)")
	b.screenshot("inloggen")
	if b.lang() != "nl" {
		b.t.Errorf("login page lang = %q, want nl", b.lang())
	}
	b.submit(`form[action="/taal"] button`)
	b.check("/inloggen", "inloggen (en)")
	if b.lang() != "en" {
		b.t.Errorf("after the switch lang = %q, want en", b.lang())
	}
	b.submit(`form[action="/taal"] button`)
	if b.lang() != "nl" {
		b.t.Errorf("after switching back lang = %q, want nl", b.lang())
	}

	// A wrong password first: the error must be accessible too.
	b.run(chromedp.SendKeys(chromedp.ID("email"), u.Email), chromedp.SendKeys(chromedp.ID("wachtwoord"), "dit is fout"))
	b.submit(`form[action="/inloggen"] button[type="submit"]`)
	b.check("/inloggen#fout", "inloggen met fout wachtwoord")

	b.run(chromedp.Clear(chromedp.ID("email")), chromedp.SendKeys(chromedp.ID("email"), u.Email), chromedp.SendKeys(chromedp.ID("wachtwoord"), u.Password))
	b.submit(`form[action="/inloggen"] button[type="submit"]`)
	if loc := b.location(); loc != "/inloggen/code" {
		b.t.Fatalf("after the password at %s, want /inloggen/code", loc)
	}
	b.check("/inloggen/code", "inlogcode")
	b.run(chromedp.SendKeys(chromedp.ID("code"), f.code(u)))
	b.submit(`form[action="/inloggen/code"] button[type="submit"]`)
	if loc := b.location(); loc != "/" {
		b.t.Fatalf("after the code at %s, want /", loc)
	}
}

func TestBrowserAccessibilityAdmin(t *testing.T) {
	f := newBrowserFixture(t)
	b := f.browser(t)
	b.login(f, f.admin)
	for _, p := range []string{
		"/", "/geheimhouding", "/convenant", "/convenant/voorwaarden", "/convenant/wijzigingen",
		"/convenant/wijzigingen/nieuw", "/convenant/wijzigingen/" + f.amendmentID,
		"/verwerkingsregister", "/verwerkingsregister/nieuw",
		"/geschillen", "/geschillen/nieuw", "/geschillen/" + f.disputeID,
		"/partners", "/partners/nieuw", "/partners/" + f.politie.ID, "/partners/" + f.politie.ID + "/bewerken",
		"/gebruikers", "/gebruikers/nieuw", "/gebruikers/" + f.prof.ID + "/bewerken",
		"/tokens", "/bestaat-niet",
	} {
		b.open(p, "beheerder "+p)
		switch p {
		case "/":
			b.screenshot("start-beheerder")
		case "/gebruikers":
			b.screenshot("gebruikers")
		case "/convenant/wijzigingen/" + f.amendmentID:
			b.screenshot("wijziging")
		}
	}

}

// TestBrowserAdminForms checks forms that come back with errors: the error
// summary, the messages beside the fields and the focus on the summary.
func TestBrowserAdminForms(t *testing.T) {
	f := newBrowserFixture(t)
	b := f.browser(t)
	b.login(f, f.admin)
	b.open("/partners/nieuw", "partner toevoegen")
	b.submit(`main form button[type="submit"]`)
	b.check("/partners#fout", "partner toevoegen met fouten")
	b.screenshot("partner-fouten")
	b.open("/gebruikers/nieuw", "gebruiker toevoegen")
	b.submit(`main form button[type="submit"]`)
	b.check("/gebruikers#fout", "gebruiker toevoegen met fouten")
	focused, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.activeElement && document.activeElement.id`))
	if err != nil {
		t.Fatal(err)
	}
	if focused != "foutmeldingen" {
		t.Errorf("after a form with errors the focus is on %q, want the error summary", focused)
	}
}

func TestBrowserAccessibilityCoordinator(t *testing.T) {
	f := newBrowserFixture(t)
	b := f.browser(t)
	b.login(f, f.coordinator)
	for _, p := range []string{
		"/", "/convenant", "/convenant/wijzigingen", "/convenant/wijzigingen/nieuw",
		"/convenant/wijzigingen/" + f.amendmentID, "/verwerkingsregister", "/verwerkingsregister/nieuw",
		"/geschillen", "/geschillen/nieuw", "/geschillen/" + f.disputeID,
		"/partners", "/partners/" + f.gemeente.ID, "/tokens",
		"/convenant/voorwaarden", // 409: signed, only amendments change it
		"/gebruikers",            // 403
		"/partners/nieuw",        // 403
		"/bestaat-niet",
	} {
		b.open(p, "coördinator "+p)
	}
	b.open("/convenant", "coördinator convenant")
	b.screenshot("convenant")
}

// TestBrowserCoordinatorForms submits forms in the browser: the
// declaration, a form with errors, a token shown once, and pages in
// English.
func TestBrowserCoordinatorForms(t *testing.T) {
	f := newBrowserFixture(t)
	b := f.browser(t)
	b.login(f, f.coordinator)

	// The declaration, then the banner is gone.
	b.open("/geheimhouding", "geheimhoudingsverklaring")
	b.submit(`main form[action="/geheimhouding"] button`)
	b.check("/#na-verklaring", "start na verklaring")
	banner, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.body.textContent.includes('Geheimhoudingsverklaring nog niet geaccepteerd')`))
	if err != nil {
		t.Fatal(err)
	}
	if banner {
		t.Error("the banner is still shown after the declaration")
	}

	// A dispute form with errors and a token shown once.
	b.open("/geschillen/nieuw", "geschil vastleggen")
	b.submit(`main form button[type="submit"]`)
	b.check("/geschillen#fout", "geschil met fouten")
	b.open("/tokens", "tokens")
	b.run(chromedp.SendKeys(chromedp.ID("omschrijving"), "Rapportage"))
	b.submit(`main form[action="/tokens"] button[type="submit"]`)
	b.check("/tokens#nieuw", "token aangemaakt")
	b.screenshot("token")

	// In English, a few pages.
	b.submit(`form[action="/taal"] button`)
	for _, p := range []string{"/", "/convenant", "/convenant/wijzigingen/" + f.amendmentID, "/geschillen/" + f.disputeID} {
		b.open(p, "coordinator (en) "+p)
		if b.lang() != "en" {
			t.Errorf("%s: lang = %q, want en", p, b.lang())
		}
	}
}

func TestBrowserAccessibilityEnrolment(t *testing.T) {
	f := newBrowserFixture(t)
	b := f.browser(t)
	b.open("/inloggen", "inloggen")
	b.run(chromedp.SendKeys(chromedp.ID("email"), f.newcomer.Email), chromedp.SendKeys(chromedp.ID("wachtwoord"), f.newcomer.Password))
	b.submit(`form[action="/inloggen"] button[type="submit"]`)
	if loc := b.location(); loc != "/inloggen/instellen" {
		t.Fatalf("at %s, want /inloggen/instellen", loc)
	}
	b.check("/inloggen/instellen", "tweede factor instellen")
	loaded, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(() => { const i = document.querySelector('img.ga-qr__image'); return i.complete && i.naturalWidth > 0 })()`))
	if err != nil {
		t.Fatal(err)
	}
	if !loaded {
		t.Error("the QR code image did not load under the CSP")
	}
	b.screenshot("instellen")
}
