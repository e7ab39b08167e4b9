package web

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/groepsscan"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// scannedWorld is a casework world with imported registrations and one
// scan, and the path of its first detected group.
func scannedWorld(t *testing.T, n int, seed uint64) (*caseworld, string) {
	t.Helper()
	w := newCaseworld(t)
	var buf bytes.Buffer
	cw, _ := groepsscan.NewCSVWriter(&buf)
	if _, err := groepsscan.Generate(groepsscan.DefaultGenerateConfig(n, seed, w.db.Now()), cw.Write); err != nil {
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
	return w, "/groepsscan/" + scan.ID + "/groepen/" + view.DetectedGroups[0].GroupID
}

// TestGroepsscanIntoCasework: the neighbourhood officer turns a detected
// group into a casework group from its page; the group's page shows
// "Bron: Groepsscan" to the police and nothing of the scan to the
// municipality before the decision; a second creation is refused with a
// link to the group; the scan report downloads as a PDF for the police
// only.
func TestGroepsscanIntoCasework(t *testing.T) {
	w, groupPath := scannedWorld(t, 1500, 4)
	agent := w.loggedIn(w.agent)
	form := agent.get(groupPath)
	want(t, form, 200, "Groep aanmaken in de casus", groupPath+"/rapport.pdf", "Namenlijst")
	var all []string
	for _, m := range regexp.MustCompile(`name="leden" value="(\d+)" checked`).FindAllStringSubmatch(form.Body, -1) {
		all = append(all, m[1])
	}
	if len(all) < 3 {
		t.Fatalf("%d members offered, all ticked", len(all))
	}
	want(t, agent.post(groupPath+"/groep", url.Values{"naam": {"Groep Skatebaan"}, "wijk": {"Centrum"}, "vorm": {"groep"}}), 422,
		"Kies ten minste één lid voor de namenlijst.")

	r := agent.post(groupPath+"/groep", url.Values{"naam": {"Groep Skatebaan"}, "wijk": {"Centrum"}, "vorm": {"groep"}, "leden": all[1:]})
	if r.StatusCode != 303 {
		t.Fatalf("create: %d %s", r.StatusCode, excerpt(r.Body))
	}
	loc := r.Header.Get("Location")
	if !regexp.MustCompile(`^/groepen/[0-9a-f-]{36}$`).MatchString(loc) {
		t.Fatalf("redirect to %q", loc)
	}
	page := agent.get(loc)
	want(t, page, 200, "Groep Skatebaan", "Bron: Groepsscan", `href="`+groupPath+`"`, "Informatie verzamelen en koppelen")
	if !strings.Contains(page.Body, "De groep is aangemaakt met de namenlijst") {
		t.Error("no confirmation")
	}
	// The first member was left out: one fewer on the name list.
	members, err := w.db.Members(w.as(w.agent), strings.TrimPrefix(loc, "/groepen/"))
	if err != nil || len(members) != len(all)-1 {
		t.Errorf("%d members (%v), want %d", len(members), err, len(all)-1)
	}

	// The detected group's page now links to the group and offers no second creation.
	again := agent.get(groupPath)
	want(t, again, 200, "al een groep in de casus gemaakt", `href="`+loc+`"`)
	wantNot(t, again, `action="`+groupPath+`/groep"`)
	dup := agent.post(groupPath+"/groep", url.Values{"naam": {"Nog een keer"}, "wijk": {"Centrum"}, "vorm": {"groep"}})
	want(t, dup, 409, "Een gedetecteerde groep wordt maar één keer een groep in de casus.", `href="`+loc+`"`)
	// Invalid input comes back in the form.
	_, other := scannedWorldSecond(t, w, groupPath)
	if other != "" {
		want(t, agent.post(other+"/groep", url.Values{"naam": {""}, "wijk": {"Centrum"}, "vorm": {"groep"}, "leden": {"0"}}), 422, "Vul een naam of alias van de groep in")
	}

	pdf := agent.get(groupPath + "/rapport.pdf")
	if pdf.StatusCode != 200 || pdf.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf.Body, "%PDF-") {
		t.Errorf("report: %d %s", pdf.StatusCode, pdf.Header.Get("Content-Type"))
	}

	coordinator := w.loggedIn(w.coordinator)
	gp := coordinator.get(loc)
	want(t, gp, 200, "Groep Skatebaan")
	wantNot(t, gp, "Bron: Groepsscan")
	wantNot(t, gp, groupPath)
	want(t, coordinator.get(groupPath+"/rapport.pdf"), 404)
	want(t, coordinator.post(groupPath+"/groep", url.Values{"naam": {"X"}, "wijk": {"Centrum"}, "vorm": {"groep"}, "leden": {"0"}}), 404)

	// After the driehoek's decision that authorises exchange, the
	// participating partners see the summary, never the scan's pages.
	g, err := w.db.Group(w.as(w.coordinator), strings.TrimPrefix(loc, "/groepen/"))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.db.AddParticipant(w.as(w.coordinator), g.ID, w.om.ID); err != nil {
		t.Fatal(err)
	}
	for _, st := range []ga.Step{ga.StepPicture, ga.StepDecision, ga.StepPlan} {
		w.advance(g, st)
	}
	for _, u := range []*testUser{w.coordinator, w.prosecutor} {
		gp := w.loggedIn(u).get(loc)
		want(t, gp, 200, "Bron: Groepsscan", "Samenvatting van de Groepsscan van de politie", "Suggestie volgens de shortlist")
		wantNot(t, gp, groupPath)
		wantNot(t, gp, "Nog aanvullen")
	}
}

// scannedWorldSecond returns the path of another detected group of the
// same scan, if there is one.
func scannedWorldSecond(t *testing.T, w *caseworld, first string) (string, string) {
	t.Helper()
	list := w.loggedIn(w.agent).get("/groepsscan")
	for _, m := range regexp.MustCompile(`href="(/groepsscan/[0-9a-f-]{36}/groepen/[0-9a-f-]{36})"`).FindAllStringSubmatch(list.Body, -1) {
		if m[1] != first {
			return first, m[1]
		}
	}
	return first, ""
}

// TestBrowserGroepsscanIntoCasework walks the police flow in the browser
// with the accessibility checks of every page: the detected group, the
// form, the new group with its source.
func TestBrowserGroepsscanIntoCasework(t *testing.T) {
	w, groupPath := scannedWorld(t, 1200, 5)
	b := w.browse(t, w.agent)
	b.open(groupPath, "gedetecteerde groep met het formulier voor de casus")
	b.fill("naam", "Groep Skatebaan")
	b.submit(`form[action="` + groupPath + `/groep"] button[type="submit"]`)
	b.here("groep gemaakt uit de groepsscan")
	b.expect("groep gemaakt uit de groepsscan", "Groep Skatebaan", "Bron: Groepsscan", "Het profiel van de gedetecteerde groep bekijken")
	b.open(groupPath, "gedetecteerde groep die al in de casus staat")
	b.expect("gedetecteerde groep die al in de casus staat", "al een groep in de casus gemaakt")
}
