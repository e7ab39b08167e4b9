package web

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// TestBrowserIncidents reports a breach in the browser as the police and
// handles it as the municipality's privacy officer, checking every
// incident page (list, form with and without errors, the incident with its
// forms, the letter, the start page notice) with axe-core, in Dutch and
// English.
func TestBrowserIncidents(t *testing.T) {
	f := newBrowserFixture(t)
	privacy := f.user("privacy@utrecht.example", "Priva Functionaris", f.gemeente.ID, true, ga.RolePrivacyOfficer)

	b := f.browser(t)
	b.login(f, f.police)
	b.open("/incidenten", "incidenten (leeg)")
	b.open("/incidenten/nieuw", "incident melden")
	b.submit(`main form[action="/incidenten"] button[type="submit"]`)
	b.check("/incidenten#fout", "incident melden met fouten")
	b.run(
		chromedp.SendKeys(chromedp.ID("titel"), "Laptop gestolen"),
		chromedp.SendKeys(chromedp.ID("aard"), "Een laptop met toegang tot het dossier is gestolen."),
		chromedp.SendKeys(chromedp.ID("informatiepunt"), "Privacyfunctionaris politie"),
		chromedp.SendKeys(chromedp.ID("aanbevolenMaatregelen"), "Sessies intrekken."),
		chromedp.SendKeys(chromedp.ID("gevolgenEnMaatregelen"), "Onbekend; schijf versleuteld."),
		chromedp.Click(chromedp.ID("datalek")),
		chromedp.Click(chromedp.ID("betrokkenPartnerIds")),
	)
	b.submit(`main form[action="/incidenten"] button[type="submit"]`)
	path := b.location()
	if incidentPathRE.FindString(path) == "" {
		t.Fatalf("after reporting at %s", path)
	}
	b.check(path, "incident (melder)")
	b.screenshot("incident-melder")

	f.clock.Advance(time.Hour)
	po := f.browser(t)
	po.login(f, privacy)
	po.check("/#melding", "start met incidentmelding")
	po.open(path, "incident (privacyfunctionaris)")
	po.submit(`main form[action$="/kennisname"] button`)
	po.submit(`main form[action$="/ap-besluit"] button[type="submit"]`)
	po.check(path+"#fout-ap", "AP-besluit met fouten")
	po.run(chromedp.Click(chromedp.ID("melden-nee")), chromedp.SendKeys(chromedp.ID("motivering"), "Schijf versleuteld; geen risico."))
	po.submit(`main form[action$="/ap-besluit"] button[type="submit"]`)
	po.check(path+"#na-ap", "incident na AP-besluit")
	po.open(path+"/brief", "brief aan betrokkenen")
	po.open("/incidenten", "incidenten (privacyfunctionaris)")
	po.screenshot("incidenten")
	po.submit(`form[action="/taal"] button`)
	po.open(path, "incident (en)")
	po.open("/incidenten/nieuw", "incident melden (en)")
}
