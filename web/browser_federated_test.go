package web

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/groepsaanpak/groepsaanpak/internal/browsertest"
	"github.com/groepsaanpak/groepsaanpak/internal/oidctest"
)

// TestBrowserFederatedLogin logs in through the provider in a real browser.
// The provider is reached as localhost and the application as 127.0.0.1,
// so that the browser treats the return from the provider as the
// cross-site navigation it is in production: the SameSite=Lax binding
// cookie must come along, and the SameSite=Strict session cookie must work
// on the page after the continue page.
func TestBrowserFederatedLogin(t *testing.T) {
	o := newOIDCFixture(t, func(p *oidctest.Provider) { p.UseHost("localhost") })
	b := &browser{t: t, ctx: browsertest.New(t), base: o.srv.URL, titles: map[string]string{}}

	b.open("/inloggen", "inloggen met inlogdiensten")
	b.screenshot("inloggen-inlogdiensten")
	// The continue page navigates on by itself while it loads, so the click
	// is not waited for as one page load. The start is a link: a form could
	// not lead to the provider under form-action 'self'.
	clickSoon(t, b, `a[href="/inloggen/oidc/politie"]`)
	waitFor(t, b, "/")
	b.check("/", "start na inloggen via de inlogdienst")
	text, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector('main').innerText`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "Welkom, Agent agent-007") {
		t.Errorf("start page after the federated login: %q", text)
	}

	// A refusal comes back on the login page, with an accessible alert.
	o.idp.SetPerson(agent("kantine-1", acrHigh, "kantine"))
	b.submit(`form[action="/uitloggen"] button`)
	b.open("/inloggen", "inloggen na uitloggen")
	b.submit(`a[href="/inloggen/oidc/politie"]`)
	b.check("/inloggen/oidc/terug", "inloggen via de inlogdienst geweigerd")
	text, err = chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector('.ga-alert').innerText`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "geeft geen toegang tot Groepsaanpak") {
		t.Errorf("refusal alert: %q", text)
	}
}

// waitFor waits until the browser is at path, for a navigation the page
// starts itself.
func waitFor(t *testing.T, b *browser, path string) {
	t.Helper()

	deadline := time.Now().Add(10 * time.Second)
	for {
		// While the page navigates, asking where it is may fail; ask again.
		loc, err := chromedp.Run(b.ctx, chromedp.Location())
		if err == nil && strings.TrimPrefix(loc, b.base) == path {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the browser stays at %s (%v), want %s", loc, err, path)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// clickSoon clicks an element from a script that returns at once, for a
// click that starts navigations which the click itself must not wait for.
func clickSoon(t *testing.T, b *browser, selector string) {
	t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[int]("setTimeout(function () { document.querySelector('"+
		strings.ReplaceAll(selector, "'", "\\'")+"').click(); }, 0)")); err != nil {
		t.Fatal(err)
	}
}
