package web

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/groepsaanpak/groepsaanpak/groepsscan"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// TestGroepsscanPages: the neighbourhood officer runs a scan over imported
// registrations, opens a detected group's profile with its network picture
// and trend chart, and records soft input; a municipal user (or the
// prosecutor) sees no scan — the list is refused and a group answers as
// an unknown one.
func TestGroepsscanPages(t *testing.T) {
	w := newCaseworld(t)
	var buf bytes.Buffer
	cw, _ := groepsscan.NewCSVWriter(&buf)
	if _, err := groepsscan.Generate(groepsscan.DefaultGenerateConfig(1500, 4, w.db.Now()), cw.Write); err != nil {
		t.Fatal(err)
	}
	cw.Flush()
	if _, err := w.db.ImportRegistrations(w.as(w.agent), &buf, groepsscan.CSV, storage.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	agent := w.loggedIn(w.agent)
	want(t, agent.get("/groepsscan"), 200, "Er is nog geen scan uitgevoerd.", "Groepsscan")
	r := agent.post("/groepsscan", url.Values{})
	if r.StatusCode != 303 {
		t.Fatalf("run scan: %d", r.StatusCode)
	}
	list := agent.get("/groepsscan")
	want(t, list, 200, "Gedetecteerde groep 1")
	link := regexp.MustCompile(`href="(/groepsscan/[0-9a-f-]{36}/groepen/[0-9a-f-]{36})"`).FindStringSubmatch(list.Body)
	if link == nil {
		t.Fatalf("no link to a group:\n%s", excerpt(list.Body))
	}
	page := agent.get(link[1])
	want(t, page, 200, `role="img"`, "Netwerk van de groep", "Registraties per maand en categorie", "Kern", "Suggestie volgens de shortlist", "<rect")
	if !strings.Contains(page.Body, "<line ") {
		t.Error("the network has no ties")
	}

	r = agent.post(link[1]+"/zachte-informatie", url.Values{"lid": {"0"}, "soort": {"hangplek"}, "tekst": {"Bij de snackbar na tienen"}})
	if r.StatusCode != 303 {
		t.Fatalf("soft input: %d %s", r.StatusCode, excerpt(r.Body))
	}
	want(t, agent.get(link[1]), 200, "Zachte informatie</strong> · Hangplek", "Bij de snackbar na tienen")
	want(t, agent.post(link[1]+"/zachte-informatie", url.Values{"lid": {"groep"}, "soort": {"gerucht"}, "tekst": {""}}), 422,
		"Kies observatie, hangplek of opmerking.", "Vul de tekst in")

	unknown := regexp.MustCompile(`groepen/[0-9a-f-]{36}`).ReplaceAllString(link[1], "groepen/00000000-0000-7000-8000-000000000000")
	for _, u := range []*testUser{w.coordinator, w.prof, w.prosecutor, w.teacher} {
		c := w.loggedIn(u)
		want(t, c.get("/groepsscan"), 403)
		hidden, none := c.get(link[1]), c.get(unknown)
		want(t, hidden, 404)
		want(t, none, 404)
		wantNot(t, hidden, "Netwerk van de groep")
		wantNot(t, c.get("/"), `href="/groepsscan"`)
	}
}

// TestBrowserGroepsscan opens the Groepsscan pages in the browser as the
// neighbourhood officer, with the accessibility checks of every page, and
// records soft input through the form.
func TestBrowserGroepsscan(t *testing.T) {
	w := newCaseworld(t)
	var buf bytes.Buffer
	cw, _ := groepsscan.NewCSVWriter(&buf)
	if _, err := groepsscan.Generate(groepsscan.DefaultGenerateConfig(1200, 5, w.db.Now()), cw.Write); err != nil {
		t.Fatal(err)
	}
	cw.Flush()
	ctx := w.as(w.agent)
	if _, err := w.db.ImportRegistrations(ctx, &buf, groepsscan.CSV, storage.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	scan, err := w.db.RunScan(ctx, groepsscan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	view, err := w.db.Scan(ctx, scan.ID)
	if err != nil || len(view.DetectedGroups) == 0 {
		t.Fatalf("scan: %v, %d groups", err, len(view.DetectedGroups))
	}
	groupPath := "/groepsscan/" + scan.ID + "/groepen/" + view.DetectedGroups[0].GroupID

	b := w.browse(t, w.agent)
	b.open("/groepsscan", "groepsscan")
	b.open(groupPath, "gedetecteerde groep")
	b.fill("tekst", "Hangt na schooltijd rond bij de skatebaan.")
	b.submit(`form[action="` + groupPath + `/zachte-informatie"] button[type="submit"]`)
	b.here("gedetecteerde groep met zachte informatie")
	b.expect("zachte informatie", "Hangt na schooltijd rond bij de skatebaan.")
}
