package web

import (
	"testing"

	"github.com/chromedp/chromedp"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// TestBrowserLogbook opens the logbook page as the auditor, checks its
// table, the empty state, a form with an error and the verification with
// axe-core, in Dutch and English.
func TestBrowserLogbook(t *testing.T) {
	f := newBrowserFixture(t)
	auditor := f.user("auditor@utrecht.example", "Aud Itor", f.gemeente.ID, true, ga.RoleAuditor)

	b := f.browser(t)
	b.login(f, auditor)
	b.open("/logboek", "logboek")
	rows, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll('main table caption + thead + tbody tr th[scope="row"]').length`))
	if err != nil {
		t.Fatal(err)
	}
	if rows == 0 {
		t.Error("the audit log table has no rows")
	}
	b.screenshot("logboek")

	b.run(chromedp.Click(chromedp.ID("logboek-verwerkingen")), chromedp.SendKeys(chromedp.ID("actie"), "login"))
	b.submit(`main form[action="/logboek"] button[type="submit"]`)
	b.check("/logboek#fout", "logboek met fouten")
	summary, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.getElementById('actie-fout') !== null && document.getElementById('foutmeldingen') !== null`))
	if err != nil {
		t.Fatal(err)
	}
	if !summary {
		t.Error("no error summary and field error for a filter of the other log")
	}
	b.run(chromedp.Clear(chromedp.ID("actie")))
	b.submit(`main form[action="/logboek"] button[type="submit"]`)
	b.check("/logboek#leeg", "verwerkingenlogboek (leeg)")
	empty, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.getElementById('geen-regels') !== null`))
	if err != nil {
		t.Fatal(err)
	}
	if !empty {
		t.Error("no empty state for the empty processing log")
	}

	b.submit(`main form[action="/logboek/controle"] button[type="submit"]`)
	b.check("/logboek#controle", "logboeken gecontroleerd")
	ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.getElementById('controle-titel').textContent`))
	if err != nil {
		t.Fatal(err)
	}
	if ok != "De logboeken zijn in orde" {
		t.Errorf("verification says %q", ok)
	}

	b.submit(`form[action="/taal"] button`)
	b.check("/logboek#en", "logs (en)")
}
