package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// logRowRE finds the rows of a log table: the index in the row header and
// the rest of the row.
var logRowRE = regexp.MustCompile(`(?s)<th class="utrecht-table__header-cell" scope="row">(\d+)</th>(.*?)</tr>`)

type logRow struct {
	index int64
	html  string
}

func logRows(t *testing.T, body string) []logRow {
	t.Helper()
	var out []logRow
	for _, m := range logRowRE.FindAllStringSubmatch(body, -1) {
		n, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, logRow{n, m[2]})
	}
	return out
}

var nextStartRE = regexp.MustCompile(`name="start" value="(\d+)"`)

// TestLogbookAccess: the auditor and the privacy officer read the logs
// and find them in the menu; everyone else gets the forbidden page on
// every route of the page and no menu item.
func TestLogbookAccess(t *testing.T) {
	f := newFixture(t)
	auditor := f.user("auditor@utrecht.example", "Aud Itor", f.gemeente.ID, true, ga.RoleAuditor)
	privacy := f.user("privacy@utrecht.example", "Priva Functionaris", f.gemeente.ID, true, ga.RolePrivacyOfficer)
	for _, tc := range []struct {
		name string
		user *testUser
		may  bool
	}{
		{"auditor", auditor, true},
		{"privacy officer", privacy, true},
		{"coordinator", f.coordinator, false},
		{"professional", f.prof, false},
		{"admin", f.admin, false},
		{"driehoek", f.police, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := f.loggedIn(tc.user)
			home := c.get("/")
			if got := strings.Contains(home.Body, `href="/logboek"`); got != tc.may {
				t.Errorf("menu item for the logs: %v, want %v", got, tc.may)
			}
			if !tc.may {
				want(t, c.get("/logboek"), http.StatusForbidden, "Geen toestemming")
				want(t, c.post("/logboek", url.Values{"logboek": {"audit"}}), http.StatusForbidden)
				want(t, c.post("/logboek", url.Values{"logboek": {"onbekend"}, "vanaf": {"gisteren"}}), http.StatusForbidden)
				want(t, c.post("/logboek/controle", nil), http.StatusForbidden)
				return
			}
			r := c.get("/logboek")
			want(t, r, http.StatusOK, "Auditlogboek en verwerkingenlogboek", `<caption class="utrecht-table__caption">`,
				`scope="col">Tijdstip</th>`, `aria-current="page"`, `action="/logboek/controle"`)
			if rows := logRows(t, r.Body); len(rows) == 0 {
				t.Errorf("no rows\n%s", excerpt(r.Body))
			}
		})
	}
}

// TestLogbookSearch filters the audit log and the processing log through
// the form, pages with the cursor, and shows field errors for bad input.
func TestLogbookSearch(t *testing.T) {
	f := newFixture(t)
	auditor := f.user("auditor@utrecht.example", "Aud Itor", f.gemeente.ID, true, ga.RoleAuditor)
	f.loggedIn(f.coordinator)
	f.loggedIn(f.prof)
	c := f.loggedIn(auditor)

	// Every search is audited itself, so the log grows as the test reads
	// it: the lines before cut stay as they are.
	cut := f.clock.Now().In(ga.Amsterdam).Add(60e9).Format("2006-01-02T15:04")
	f.clock.Advance(120e9)
	now := f.clock.Now().In(ga.Amsterdam)
	all := logRows(t, c.post("/logboek", url.Values{"logboek": {"audit"}, "tot": {cut}}).Body)
	if len(all) < 4 {
		t.Fatalf("%d audit rows, want several logins", len(all))
	}
	for _, tc := range []struct {
		name   string
		form   url.Values
		status int
		texts  []string
		// row must hold for every row; rows is the number wanted (-1: any
		// number from 1 and fewer than all).
		row  func(logRow) bool
		rows int
	}{
		{name: "by user", form: url.Values{"logboek": {"audit"}, "gebruikerId": {f.coordinator.ID}}, status: http.StatusOK,
			row: func(r logRow) bool { return strings.Contains(r.html, f.coordinator.ID) }, rows: -1},
		{name: "by partner", form: url.Values{"logboek": {"audit"}, "partnerId": {f.politie.ID}}, status: http.StatusOK,
			texts: []string{"Er zijn geen regels die aan de filters voldoen."}, rows: 0},
		{name: "period ahead", form: url.Values{"logboek": {"audit"}, "vanaf": {now.Add(24 * 3600e9).Format("2006-01-02T15:04")}}, status: http.StatusOK,
			texts: []string{"Er zijn geen regels die aan de filters voldoen."}, rows: 0},
		{name: "period up to cut", form: url.Values{"logboek": {"audit"}, "tot": {cut}}, status: http.StatusOK,
			rows: len(all)},
		{name: "period from cut", form: url.Values{"logboek": {"audit"}, "vanaf": {cut}}, status: http.StatusOK,
			row: func(r logRow) bool { return strings.Contains(r.html, auditor.ID) }, rows: -1},
		{name: "unknown action", form: url.Values{"logboek": {"audit"}, "actie": {"bestaat-niet"}}, status: http.StatusOK,
			texts: []string{"Er zijn geen regels die aan de filters voldoen."}, rows: 0},
		{name: "processing log", form: url.Values{"logboek": {"verwerkingen"}, "betrokkeneId": {"pseudo-123"}}, status: http.StatusOK,
			texts: []string{"Regels van het verwerkingenlogboek", "Er zijn geen regels die aan de filters voldoen."}, rows: 0},
		{name: "bad input", form: url.Values{"logboek": {"onbekend"}, "vanaf": {"gisteren"}, "tot": {"10000-01-01T00:00"}, "aantal": {"501"}},
			status: http.StatusUnprocessableEntity,
			texts: []string{"Kies het auditlogboek of het verwerkingenlogboek.", `id="vanaf-fout"`, "Vul een geldige datum en tijd in.",
				`id="tot-fout"`, `id="aantal-fout"`, "Vraag 1 tot en met 500 regels per pagina.", `value="gisteren"`, `aria-invalid="true"`}},
		{name: "year 0", form: url.Values{"logboek": {"audit"}, "vanaf": {"0000-06-01T00:00"}}, status: http.StatusUnprocessableEntity,
			texts: []string{`id="vanaf-fout"`, "Geef een tijdstip tussen de jaren 1 en 9999."}},
		{name: "period reversed", form: url.Values{"logboek": {"audit"}, "vanaf": {"2026-11-30T10:00"}, "tot": {"2026-11-30T09:00"}},
			status: http.StatusUnprocessableEntity, texts: []string{`id="tot-fout"`, "Het einde van de periode moet na het begin liggen."}},
		{name: "filter of the other log", form: url.Values{"logboek": {"audit"}, "betrokkeneId": {"pseudo-123"}},
			status: http.StatusUnprocessableEntity, texts: []string{`id="betrokkeneId-fout"`, "Dit filter geldt alleen voor het verwerkingenlogboek."}},
		{name: "filter of the audit log", form: url.Values{"logboek": {"verwerkingen"}, "actie": {"login"}},
			status: http.StatusUnprocessableEntity, texts: []string{`id="actie-fout"`, "Dit filter geldt alleen voor het auditlogboek."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.post("/logboek", tc.form)
			want(t, r, tc.status, tc.texts...)
			if tc.status != http.StatusOK {
				if strings.Contains(r.Body, "<tbody") {
					t.Error("a form with errors shows lines")
				}
				return
			}
			rows := logRows(t, r.Body)
			switch {
			case tc.rows == -1 && len(rows) == 0:
				t.Errorf("%d rows of %d, want fewer but some", len(rows), len(all))
			case tc.rows >= 0 && len(rows) != tc.rows:
				t.Errorf("%d rows, want %d", len(rows), tc.rows)
			}
			for _, row := range rows {
				if tc.row != nil && !tc.row(row) {
					t.Errorf("row %d does not match: %s", row.index, row.html)
				}
			}
		})
	}

	// Paging: two lines a page, "Volgende" carries the cursor and the
	// filters, and the pages together are the whole log in index order.
	var seen []int64
	form := url.Values{"logboek": {"audit"}, "aantal": {"2"}, "tot": {cut}}
	for page := 0; page < 20; page++ {
		r := c.post("/logboek", form)
		want(t, r, http.StatusOK)
		rows := logRows(t, r.Body)
		if len(rows) > 2 {
			t.Fatalf("page %d: %d rows, want at most 2", page, len(rows))
		}
		for _, row := range rows {
			seen = append(seen, row.index)
		}
		m := nextStartRE.FindStringSubmatch(r.Body)
		if m == nil {
			break
		}
		if !strings.Contains(r.Body, ">Volgende</button>") || !strings.Contains(r.Body, `name="aantal" value="2"`) {
			t.Fatalf("page %d: no Volgende button with the filters", page)
		}
		form.Set("start", m[1])
	}
	if len(seen) != len(all) {
		t.Fatalf("paged through %d lines, want %d", len(seen), len(all))
	}
	for i, row := range all {
		if seen[i] != row.index {
			t.Fatalf("line %d of the pages has index %d, want %d", i, seen[i], row.index)
		}
	}
	want(t, c.post("/logboek", url.Values{"logboek": {"audit"}, "start": {"-1"}}), http.StatusBadRequest)
}

// TestLogbookVerify runs the verification from the page: intact on a sound
// log, tampered after a metadata column of an audit line is changed.
func TestLogbookVerify(t *testing.T) {
	f := newFixture(t)
	auditor := f.user("auditor@utrecht.example", "Aud Itor", f.gemeente.ID, true, ga.RoleAuditor)
	c := f.loggedIn(auditor)

	// The verification is a form like any other: refused from another site.
	r := c.postWith("/logboek/controle", nil, "cross-site")
	want(t, r, http.StatusForbidden, "Verzoek geweigerd")
	if strings.Contains(r.Body, "De logboeken zijn in orde") {
		t.Error("a cross-site post ran the verification")
	}

	want(t, c.post("/logboek/controle", nil), http.StatusOK, "De logboeken zijn in orde", "Auditlogboek: in orde,",
		"Verwerkingenlogboek: in orde,", "controlepunten gecontroleerd")

	if _, err := f.db.SQL().Exec(`UPDATE log_entries SET user_id = 'iemand-anders' WHERE log = 'audit' AND idx = 2`); err != nil {
		t.Fatal(err)
	}
	r = c.post("/logboek/controle", nil)
	want(t, r, http.StatusOK, "Een logboek is gemanipuleerd", "Auditlogboek: GEMANIPULEERD vanaf regel 2.", "beveiligingsincident",
		"Verwerkingenlogboek: in orde,")
	if strings.Contains(r.Body, "De logboeken zijn in orde") {
		t.Error("a tampered log reported as intact")
	}
	if !strings.Contains(f.logs.String(), "security incident") {
		t.Error("the tampering is not in the application log")
	}
}

// TestLogbookProcessing searches the processing log that casework fills:
// every line, then the lines of one data subject, as the privacy officer.
func TestLogbookProcessing(t *testing.T) {
	w := newCaseworld(t)
	g := w.group("De Pleinjongens", ga.StepPlan)
	w.person(g, "Jan Jansen", 17, ga.RoleCore, ga.DateOf(w.clock.Now()))
	w.person(g, "Kees Kok", 15, ga.RoleFollower, ga.DateOf(w.clock.Now()))
	entries, err := w.db.ProcessingEntries(system(), storage.ProcessingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	subject := ""
	for _, e := range entries {
		if e.DataSubjectID != "" {
			subject = e.DataSubjectID
		}
	}
	if subject == "" {
		t.Fatalf("no processing line names a data subject among %d", len(entries))
	}
	privacy := w.user("privacy@utrecht.example", "Priva Functionaris", w.gemeente.ID, true, ga.RolePrivacyOfficer)
	c := w.loggedIn(privacy)

	r := c.post("/logboek", url.Values{"logboek": {"verwerkingen"}})
	want(t, r, http.StatusOK, "Regels van het verwerkingenlogboek", `scope="col">Verwerkingsactiviteit (id)</th>`)
	all := logRows(t, r.Body)
	if len(all) == 0 {
		t.Fatalf("no processing rows\n%s", excerpt(r.Body))
	}
	r = c.post("/logboek", url.Values{"logboek": {"verwerkingen"}, "betrokkeneId": {subject}})
	want(t, r, http.StatusOK)
	mine := logRows(t, r.Body)
	if len(mine) == 0 || len(mine) >= len(all) {
		t.Errorf("%d rows for one data subject of %d in all, want fewer but some", len(mine), len(all))
	}
	for _, row := range mine {
		if !strings.Contains(row.html, subject) {
			t.Errorf("row %d is not about the data subject: %s", row.index, row.html)
		}
	}
}
