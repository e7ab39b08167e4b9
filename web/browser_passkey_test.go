package web

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"github.com/groepsaanpak/groepsaanpak/internal/browsertest"
)

// TestBrowserPasskeys adds a passkey and logs in with it in headless
// Chromium, with the browser's virtual authenticator standing in for a
// phone or security key: passkey.js, the options the server sends and the
// answers the browser builds must fit together, under the strict
// Content-Security-Policy. The pages are checked with axe-core.
func TestBrowserPasskeys(t *testing.T) {
	p := newPasskeyWebFixture(t)
	b := &browser{t: t, ctx: browsertest.New(t), base: p.auth.Origin, titles: map[string]string{}}
	if _, err := chromedp.Call(b.ctx, webauthn.Enable, webauthn.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(b.ctx, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{
		Options: &webauthn.VirtualAuthenticatorOptions{
			Protocol: webauthn.AuthenticatorProtocolCtap2, Transport: webauthn.AuthenticatorTransportInternal,
			HasResidentKey: true, HasUserVerification: true, IsUserVerified: true, AutomaticPresenceSimulation: true,
		},
	}); err != nil {
		t.Fatal(err)
	}
	b.login(&browserFixture{fixture: p.fixture}, p.coordinator)

	b.open("/passkeys", "passkeys (geen)")
	b.screenshot("passkeys")
	// Without a name the script asks for one first.
	b.run(chromedp.Click(chromedp.ID("passkey-knop")))
	waitForText(t, b, "#passkey-status", "Geef de passkey eerst een naam.")
	b.run(chromedp.SendKeys(chromedp.ID("naam"), "Laptop werk"))
	clickSoon(t, b, "#passkey-knop")
	waitForText(t, b, "main", "De passkey is toegevoegd.")
	b.check("/passkeys", "passkeys (een)")
	waitForText(t, b, "main", "Laptop werk")

	b.submit(`form[action="/uitloggen"] button`)
	b.open("/inloggen", "inloggen")
	b.run(chromedp.SendKeys(chromedp.ID("email"), p.coordinator.Email), chromedp.SendKeys(chromedp.ID("wachtwoord"), p.coordinator.Password))
	b.submit(`form[action="/inloggen"] button[type="submit"]`)
	if loc := b.location(); loc != "/inloggen/code" {
		t.Fatalf("after the password at %s", loc)
	}
	b.check("/inloggen/code", "inlogcode met passkey")
	clickSoon(t, b, "#passkey-knop")
	waitFor(t, b, "/")
	waitForText(t, b, "main", "Welkom, "+p.coordinator.Name)
	wantAuditDetail(t, p.fixture, "second_factor_ok", "passkey ")
}

// waitForText waits until the element's text holds want.
func waitForText(t *testing.T, b *browser, selector, want string) {
	t.Helper()
	var text string
	for i := 0; i < 200; i++ {
		text, _ = chromedp.Run(b.ctx, chromedp.Evaluate[string](`(document.querySelector(`+"`"+selector+"`"+`) || {}).innerText || ''`))
		if strings.Contains(text, want) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s never showed %q; it shows %q", selector, want, text)
}
