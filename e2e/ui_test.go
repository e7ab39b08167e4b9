package e2e

import (
	"fmt"
	"html"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/auth"
	"github.com/groepsaanpak/groepsaanpak/demo"
)

// The web interface: every demo user logs in once through the real forms
// (password, then the code of the second factor) and requests every page
// that shows personal data, for every object of the demo and unknown ids.
// Each page must show what the policy lets the user see (the names of the
// members, the items, measures and meetings, the numbers of the
// monitoring) and nothing it hides: no name, content, text or id of what
// the user may not see appears anywhere in the HTML, and a page about an
// object the user may not see is the very page an unknown id gets.

// runUI is the UI part for every user.
func (e *env) runUI(t *testing.T) {
	un := newUnknowns()
	mm := &mismatches{}
	total := 0
	pages := map[string]bool{}
	for _, u := range e.users {
		hc, err := e.webLogin(u)
		if err != nil {
			mm.add(u, "inloggen via /inloggen en /inloggen/code", "het eigen account", "een volledige aanmelding", err.Error())
			continue
		}
		u.web = hc
		n, p := e.uiPages(u, hc, un, mm)
		total += n
		for k := range p {
			pages[k] = true
		}
	}
	t.Logf("UI: %d users × %d pages: %d page requests compared with the policy", len(e.users), len(pages), total)
	mm.report(t, "UI")
}

// webLogin logs u in through the forms, as a browser on the same site
// does, and returns a client holding the session cookie. Each user logs
// in once: the login is throttled and each second-factor code is accepted
// once.
func (e *env) webLogin(u *user) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Transport: e.hc.Transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(path string, form url.Values) response {
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", e.srv.URL)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		return e.do(hc, req)
	}
	r := post("/inloggen", url.Values{"email": {u.login.Email}, "wachtwoord": {demo.Password}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/inloggen/code" {
		return nil, fmt.Errorf("POST /inloggen: %d naar %q", r.status, r.header.Get("Location"))
	}
	secret, err := e.db.DemoSecondFactorSecret(system(), u.login.Email)
	if err != nil {
		return nil, fmt.Errorf("DemoSecondFactorSecret: %w", err)
	}
	code, err := auth.TOTPCode(secret, e.clock.Peek())
	if err != nil {
		return nil, err
	}
	r = post("/inloggen/code", url.Values{"code": {code}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/" {
		return nil, fmt.Errorf("POST /inloggen/code: %d naar %q", r.status, r.header.Get("Location"))
	}
	return hc, nil
}

// uiRun is the UI part for one user.
type uiRun struct {
	e       *env
	u       *user
	v       *view
	hc      *http.Client
	mm      *mismatches
	secrets map[string]string
	hidden  map[string]string
	base    map[string]response
	// basePath is the path each baseline was requested at.
	basePath map[string]string

	mu     sync.Mutex
	checks int
	pages  map[string]bool
	sem    chan struct{}
	wg     sync.WaitGroup
}

func (r *uiRun) fail(page, object, expected, got string) { r.mm.add(r.u, page, object, expected, got) }

func (r *uiRun) async(f func()) {
	r.wg.Add(1)
	r.sem <- struct{}{}
	go func() {
		defer func() {
			<-r.sem
			r.wg.Done()
		}()
		f()
	}()
}

// get requests a page and checks what holds of every page: nothing the
// policy hides from the user, in text, attributes or ids (other than the
// id the user asked for), and for users without access to personal data
// a refusal.
func (r *uiRun) get(pattern, object, path string, requested ...string) response {
	r.mu.Lock()
	r.pages[pattern] = true
	r.checks++
	r.mu.Unlock()
	req, _ := http.NewRequest(http.MethodGet, r.e.srv.URL+path, nil)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp := r.e.do(r.hc, req)
	text := html.UnescapeString(string(resp.body))
	if l := leaks(r.secrets, []string{text}); len(l) > 0 {
		sort.Strings(l)
		r.fail("GET "+pattern, object, "niets wat need-to-know verbergt", fmt.Sprintf("status %d met %s", resp.status, strings.Join(l, "; ")))
	}
	var ids []string
	for _, id := range uuidRE.FindAllString(text, -1) {
		if label, ok := r.hidden[id]; ok && !slices.Contains(requested, id) && !slices.Contains(ids, label) {
			ids = append(ids, label)
		}
	}
	if len(ids) > 0 {
		sort.Strings(ids)
		r.fail("GET "+pattern, object, "geen id van iets wat de gebruiker niet mag zien", "de pagina noemt "+strings.Join(ids, "; "))
	}
	return resp
}

var uuidRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// normalPage is a page without what differs per request by design: the
// requested path (the language switch returns to it) and trace ids.
func normalPage(body []byte, path string) string {
	s := strings.ReplaceAll(string(body), path, "{pad}")
	return traceRE.ReplaceAllString(s, "{trace}")
}

var traceRE = regexp.MustCompile(`\b[0-9a-f]{32}\b`)

// baseline records the page an unknown id gets, which must be 404.
func (r *uiRun) baseline(pattern, path string) {
	resp := r.get(pattern, "onbekend id", path)
	if !r.u.content {
		return
	}
	r.base[pattern] = resp
	if resp.status != http.StatusNotFound {
		r.fail("GET "+pattern, "onbekend id", "404", fmt.Sprintf("%d", resp.status))
	}
}

// page checks one page about an object: the status the policy gives (200
// for what the user may see, 403 for an edit form of something it may see
// but not change, and otherwise exactly the page an unknown id gets), and
// for a page it may see what check finds missing.
func (r *uiRun) page(pattern, object, path string, status int, check func(text string) string, requested ...string) {
	r.async(func() {
		resp := r.get(pattern, object, path, requested...)
		if !r.u.content {
			if resp.status != http.StatusForbidden {
				r.fail("GET "+pattern, object, "403 (beheerder en auditor zien geen persoonsgegevens)", fmt.Sprint(resp.status))
			}
			return
		}
		switch status {
		case http.StatusNotFound:
			base, basePath := r.base[pattern], r.basePath[pattern]
			if resp.status != http.StatusNotFound || normalPage(resp.body, path) != normalPage(base.body, basePath) {
				r.fail("GET "+pattern, object, "dezelfde pagina als voor een onbekend id (404)",
					fmt.Sprintf("%d, %s", resp.status, pageDiff(normalPage(base.body, basePath), normalPage(resp.body, path))))
			}
		default:
			if resp.status != status {
				r.fail("GET "+pattern, object, fmt.Sprint(status), fmt.Sprintf("%d %s", resp.status, pageTitle(resp.body)))
				return
			}
			if check != nil && status == http.StatusOK {
				if d := check(html.UnescapeString(string(resp.body))); d != "" {
					r.fail("GET "+pattern, object, "de pagina toont wat het beleid toestaat", d)
				}
			}
		}
	})
}

var titleRE = regexp.MustCompile(`(?s)<title>(.*?)</title>`)

func pageTitle(b []byte) string {
	if m := titleRE.FindSubmatch(b); m != nil {
		return strings.TrimSpace(html.UnescapeString(string(m[1])))
	}
	return excerpt(b)
}

// pageDiff shows where two pages part.
func pageDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	end := func(s string) string { return s[from:min(len(s), i+120)] }
	return fmt.Sprintf("verschilt vanaf teken %d: verwacht …%s… gekregen …%s…", i, end(a), end(b))
}

var linkRE = regexp.MustCompile(`href="/(groepen|personen|gegevens|maatregelen|overleggen)/([0-9a-f-]{36})`)

// links returns the ids of the objects of one kind the page links to.
func links(text, kind string) []string {
	var out []string
	for _, m := range linkRE.FindAllStringSubmatch(text, -1) {
		if m[1] == kind && !slices.Contains(out, m[2]) {
			out = append(out, m[2])
		}
	}
	return out
}

// present returns the texts that are not on the page.
func present(text string, want map[string]string) []string {
	var missing []string
	for s, label := range want {
		if !strings.Contains(text, s) {
			missing = append(missing, label)
		}
	}
	sort.Strings(missing)
	return missing
}

// prefix is the start of a text that a table shows as an excerpt.
func prefix(s string) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) > 60 {
		r = r[:60]
	}
	return strings.TrimSpace(string(r))
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(line)
}

// hiddenIDs are the ids of everything the policy hides from the viewer.
func (v *view) hiddenIDs(name func(string) string) map[string]string {
	w := v.w
	out := map[string]string{}
	for _, g := range w.groups {
		if !v.groups[g.ID] {
			out[g.ID] = name(g.ID)
		}
	}
	for _, p := range w.persons {
		if !v.persons[p.ID] {
			out[p.ID] = name(p.ID)
			for _, r := range p.Representatives {
				out[r.ID] = name(r.ID)
			}
		}
	}
	for _, m := range w.memberships {
		if !v.members[m.ID] {
			out[m.ID] = name(m.ID)
		}
	}
	for _, it := range w.items {
		if !v.items[it.ID] {
			out[it.ID] = name(it.ID)
		}
	}
	for _, m := range w.measures {
		if !v.measures[m.ID] {
			out[m.ID] = name(m.ID)
		}
	}
	for _, m := range w.meetings {
		if !v.meetings[m.ID] {
			out[m.ID] = name(m.ID)
			for _, ag := range m.Agreements {
				out[ag.ID] = name(ag.ID)
			}
		}
	}
	return out
}

// uiPages requests every page as one user.
func (e *env) uiPages(u *user, hc *http.Client, un unknowns, mm *mismatches) (int, map[string]bool) {
	v := u.v
	w := e.w
	r := &uiRun{e: e, u: u, v: v, hc: hc, mm: mm, secrets: v.secrets(e.name), hidden: v.hiddenIDs(e.name),
		base: map[string]response{}, basePath: map[string]string{}, pages: map[string]bool{}, sem: make(chan struct{}, parallel)}
	partnerOf := u.actor.PartnerID

	// Baselines: each page about one object, for an unknown id.
	patterns := map[string]string{
		"/groepen/{id}":                un.groups[0],
		"/groepen/{id}/plan":           un.groups[0],
		"/groepen/{id}/overleggen":     un.groups[0],
		"/groepen/{id}/monitoring":     un.groups[0],
		"/groepen/{id}/personen/nieuw": un.groups[0],
		"/personen/{id}":               un.persons[0],
		"/personen/{id}/bewerken":      un.persons[0],
		"/gegevens/{id}":               un.items[0],
		"/gegevens/{id}/bewerken":      un.items[0],
		"/maatregelen/{id}":            un.measures[0],
		"/overleggen/{id}":             un.meetings[0],
	}
	for pattern, id := range patterns {
		path := strings.Replace(pattern, "{id}", id, 1)
		r.baseline(pattern, path)
		r.basePath[pattern] = path
	}

	// The start page and the list of groups.
	home := r.get("/", "startpagina", "/")
	if home.status != http.StatusOK {
		r.fail("GET /", "startpagina", "200", fmt.Sprint(home.status))
	} else if u.content {
		text := html.UnescapeString(string(home.body))
		var open []string
		for _, g := range w.groups {
			if v.groups[g.ID] && g.Step != ga.StepClosed {
				open = append(open, g.ID)
			}
		}
		var d []string
		if s := e.diffIDs(open, links(text, "groepen")); s != "" {
			d = append(d, "mijn groepen: "+s)
		}
		if s := e.diffIDs(v.overdueReviews(), links(text, "maatregelen")); s != "" {
			d = append(d, "verlopen evaluaties: "+s)
		}
		if len(d) > 0 {
			r.fail("GET /", "startpagina", "de open groepen en verlopen evaluaties die de gebruiker mag zien", strings.Join(d, "; "))
		}
	}
	r.page("/groepen", "alle groepen", "/groepen", http.StatusOK, func(text string) string {
		var want []string
		for _, g := range w.groups {
			if v.groups[g.ID] {
				want = append(want, g.ID)
			}
		}
		return e.diffIDs(want, links(text, "groepen"))
	})

	// Groups.
	for _, g := range append(e.groupIDs(), un.groups[1]) {
		obj := e.name(g)
		status := http.StatusNotFound
		if v.groups[g] {
			status = http.StatusOK
		}
		r.page("/groepen/{id}", obj, "/groepen/"+g, status, func(text string) string {
			var d []string
			var persons []string
			names := map[string]string{}
			for _, mid := range v.groupMembers(g) {
				m := e.membership(mid)
				if !slices.Contains(persons, m.PersonID) {
					persons = append(persons, m.PersonID)
				}
				names[w.personByID[m.PersonID].Name] = e.name(m.PersonID)
			}
			if s := e.diffIDs(persons, links(text, "personen")); s != "" {
				d = append(d, "leden: "+s)
			}
			if miss := present(text, names); len(miss) > 0 {
				d = append(d, "namen ontbreken: "+strings.Join(miss, "; "))
			}
			items := v.visibleItems(g, "", "")
			if s := e.diffIDs(items, links(text, "gegevens")); s != "" {
				d = append(d, "gegevens: "+s)
			}
			if miss := present(text, e.itemPrefixes(items)); len(miss) > 0 {
				d = append(d, "inhoud ontbreekt: "+strings.Join(miss, "; "))
			}
			return strings.Join(d, "; ")
		}, g)
		planStatus := status
		plan := w.plans[g]
		r.page("/groepen/{id}/plan", obj, "/groepen/"+g+"/plan", planStatus, func(text string) string {
			var d []string
			if plan != nil {
				if miss := present(text, map[string]string{firstLine(plan.Analysis): "analyse", firstLine(plan.Goals): "doelen"}); len(miss) > 0 {
					d = append(d, "plan: "+strings.Join(miss, "; "))
				}
			}
			if s := e.diffIDs(v.groupMeasures(g), links(text, "maatregelen")); s != "" {
				d = append(d, "maatregelen: "+s)
			}
			return strings.Join(d, "; ")
		}, g)
		r.page("/groepen/{id}/overleggen", obj, "/groepen/"+g+"/overleggen", status, func(text string) string {
			return e.diffIDs(v.groupMeetings(g), links(text, "overleggen"))
		}, g)
		r.page("/groepen/{id}/monitoring", obj, "/groepen/"+g+"/monitoring", status, func(text string) string {
			return e.checkMonitoringPage(v, g, text)
		}, g)
		r.page("/groepen/{id}/personen/nieuw", obj, "/groepen/"+g+"/personen/nieuw", status, nil, g)
	}

	// Persons.
	for _, p := range append(e.personIDs(), un.persons[1]) {
		obj := e.name(p)
		status, edit := http.StatusNotFound, http.StatusNotFound
		if v.persons[p] {
			status, edit = http.StatusOK, http.StatusForbidden
			if w.personByID[p].SourcePartnerID == partnerOf {
				edit = http.StatusOK
			}
		}
		r.page("/personen/{id}", obj, "/personen/"+p, status, func(text string) string {
			person := w.personByID[p]
			var d []string
			want := map[string]string{person.Name: "naam"}
			for _, rep := range person.Representatives {
				want[rep.Name] = e.name(rep.ID)
			}
			if miss := present(text, want); len(miss) > 0 {
				d = append(d, "ontbreekt: "+strings.Join(miss, "; "))
			}
			var groups []string
			for _, mid := range v.personMemberships(p) {
				if g := e.membership(mid).GroupID; v.groups[g] && !slices.Contains(groups, g) {
					groups = append(groups, g)
				}
			}
			if s := e.diffIDs(groups, links(text, "groepen")); s != "" {
				d = append(d, "lidmaatschappen: "+s)
			}
			items := v.visibleItems("", p, "")
			if s := e.diffIDs(items, links(text, "gegevens")); s != "" {
				d = append(d, "gegevens: "+s)
			}
			if miss := present(text, e.itemPrefixes(items)); len(miss) > 0 {
				d = append(d, "inhoud ontbreekt: "+strings.Join(miss, "; "))
			}
			return strings.Join(d, "; ")
		}, p)
		r.page("/personen/{id}/bewerken", obj, "/personen/"+p+"/bewerken", edit, func(text string) string {
			if miss := present(text, map[string]string{w.personByID[p].Name: "naam"}); len(miss) > 0 {
				return "ontbreekt: naam"
			}
			return ""
		}, p)
	}

	// Items.
	for _, id := range append(e.itemIDs(), un.items[1]) {
		obj := e.name(id)
		status, edit := http.StatusNotFound, http.StatusNotFound
		if v.items[id] {
			status, edit = http.StatusOK, http.StatusForbidden
			if w.itemByID[id].SourcePartnerID == partnerOf {
				edit = http.StatusOK
			}
		}
		r.page("/gegevens/{id}", obj, "/gegevens/"+id, status, func(text string) string {
			it := w.itemByID[id]
			var d []string
			if !strings.Contains(text, it.Content) {
				d = append(d, "de inhoud ontbreekt")
			}
			var persons, groups []string
			if it.PersonID != "" && v.persons[it.PersonID] {
				persons = append(persons, it.PersonID)
			}
			if v.groups[it.GroupID] {
				groups = append(groups, it.GroupID)
			}
			if s := e.diffIDs(persons, links(text, "personen")); s != "" {
				d = append(d, "persoon: "+s)
			}
			if s := e.diffIDs(groups, links(text, "groepen")); s != "" {
				d = append(d, "groep: "+s)
			}
			return strings.Join(d, "; ")
		}, id)
		r.page("/gegevens/{id}/bewerken", obj, "/gegevens/"+id+"/bewerken", edit, func(text string) string {
			if !strings.Contains(text, w.itemByID[id].Content) {
				return "de inhoud ontbreekt"
			}
			return ""
		}, id)
	}

	// Measures.
	for _, id := range append(e.measureIDs(), un.measures[1]) {
		status := http.StatusNotFound
		if v.measures[id] {
			status = http.StatusOK
		}
		r.page("/maatregelen/{id}", e.name(id), "/maatregelen/"+id, status, func(text string) string {
			m := e.measure(id)
			var d []string
			if !strings.Contains(text, m.Description) {
				d = append(d, "de omschrijving ontbreekt")
			}
			var persons []string
			if m.PersonID != "" {
				persons = append(persons, m.PersonID)
			}
			if s := e.diffIDs(persons, links(text, "personen")); s != "" {
				d = append(d, "persoon: "+s)
			}
			return strings.Join(d, "; ")
		}, id)
	}

	// Meetings.
	for _, id := range append(e.meetingIDs(), un.meetings[1]) {
		status := http.StatusNotFound
		if v.meetings[id] {
			status = http.StatusOK
		}
		r.page("/overleggen/{id}", e.name(id), "/overleggen/"+id, status, func(text string) string {
			m := w.meetingBy[id]
			var d []string
			want := map[string]string{firstLine(m.Agenda): "agenda"}
			if m.Minutes != "" {
				want[firstLine(m.Minutes)] = "verslag"
			}
			for _, ag := range m.Agreements {
				want[firstLine(ag.Description)] = e.name(ag.ID)
			}
			if miss := present(text, want); len(miss) > 0 {
				d = append(d, "ontbreekt: "+strings.Join(miss, "; "))
			}
			if s := e.diffIDs(m.PersonIDs, links(text, "personen")); s != "" {
				d = append(d, "personen: "+s)
			}
			items := v.meetingItems(m)
			if s := e.diffIDs(items, links(text, "gegevens")); s != "" {
				d = append(d, "gegevens: "+s)
			}
			if miss := present(text, e.itemPrefixes(items)); len(miss) > 0 {
				d = append(d, "inhoud ontbreekt: "+strings.Join(miss, "; "))
			}
			return strings.Join(d, "; ")
		}, id)
	}
	r.wg.Wait()
	return r.checks, r.pages
}

// itemPrefixes are the starts of the items' contents, as tables show them.
func (e *env) itemPrefixes(ids []string) map[string]string {
	out := map[string]string{}
	for _, id := range ids {
		out[prefix(e.w.itemByID[id].Content)] = e.name(id)
	}
	return out
}

var figureRE = regexp.MustCompile(`(?s)class="ga-figures__value">\s*(\d+)`)
var numericRE = regexp.MustCompile(`(?s)utrecht-table__cell--numeric-data">\s*(?:<strong>)?\s*(\d+)`)

// checkMonitoringPage compares the numbers of the monitoring page with the
// monitoring recomputed from what the user may see: the key figures, the
// members and new recruits per month, the measures in force per kind, and
// the overdue agreements per partner.
func (e *env) checkMonitoringPage(v *view, groupID, text string) string {
	mon := v.monitoring(groupID, e.clock.Peek())
	current := mon.Months[len(mon.Months)-1]
	wantFigures := []int{current.Total, current.NewRecruits, mon.TotalInForce(), mon.ReviewsOverdue, mon.AgreementsOverdue}
	var want []int
	for _, m := range mon.Months {
		want = append(want, m.Core, m.Followers, m.Recruits, m.Total)
	}
	for _, m := range mon.Months {
		want = append(want, m.NewRecruits)
	}
	for _, k := range ga.MeasureKinds {
		want = append(want, mon.MeasuresInForce[k])
	}
	want = append(want, mon.TotalInForce())
	var perPartner []int
	counts := map[string]int{}
	for _, m := range e.w.meetings {
		if m.GroupID == groupID && v.meetings[m.ID] {
			for _, ag := range m.Agreements {
				if ag.Overdue(e.clock.Peek()) {
					counts[ag.ResponsiblePartnerID]++
				}
			}
		}
	}
	for _, n := range counts {
		perPartner = append(perPartner, n)
	}
	sort.Ints(perPartner)

	ints := func(re *regexp.Regexp) []int {
		var out []int
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			n, _ := strconv.Atoi(m[1])
			out = append(out, n)
		}
		return out
	}
	var d []string
	if got := ints(figureRE); !slices.Equal(got, wantFigures) {
		d = append(d, fmt.Sprintf("kerncijfers %v, verwacht %v (leden nu, aanwas deze maand, maatregelen van kracht, verlopen evaluaties, verlopen afspraken)", got, wantFigures))
	}
	got := ints(numericRE)
	if len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
		d = append(d, fmt.Sprintf("tabellen %v, verwacht %v", got, want))
	} else {
		rest := slices.Clone(got[len(want):])
		sort.Ints(rest)
		if !slices.Equal(rest, perPartner) {
			d = append(d, fmt.Sprintf("verlopen afspraken per partner %v, verwacht %v", rest, perPartner))
		}
	}
	return strings.Join(d, "; ")
}

func (e *env) groupIDs() []string {
	var out []string
	for _, g := range e.w.groups {
		out = append(out, g.ID)
	}
	return out
}

func (e *env) personIDs() []string {
	var out []string
	for _, p := range e.w.persons {
		out = append(out, p.ID)
	}
	return out
}

func (e *env) itemIDs() []string {
	var out []string
	for _, it := range e.w.items {
		out = append(out, it.ID)
	}
	return out
}

func (e *env) measureIDs() []string {
	var out []string
	for _, m := range e.w.measures {
		out = append(out, m.ID)
	}
	return out
}

func (e *env) meetingIDs() []string {
	var out []string
	for _, m := range e.w.meetings {
		out = append(out, m.ID)
	}
	return out
}

func (e *env) membership(id string) ga.Membership {
	for _, m := range e.w.memberships {
		if m.ID == id {
			return m
		}
	}
	return ga.Membership{}
}

func (e *env) measure(id string) *ga.Measure {
	for _, m := range e.w.measures {
		if m.ID == id {
			return m
		}
	}
	return nil
}
