package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/api"
	"github.com/groepsaanpak/groepsaanpak/demo"
	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
	"github.com/groepsaanpak/groepsaanpak/web"
)

// demoNow is the instant the demo is loaded at, as the demo's own tests
// load it: late November 2026, after every dated event of the scenario, so
// that what the test sees does not depend on the day it runs.
var demoNow = time.Date(2026, 11, 27, 10, 0, 0, 0, ga.Amsterdam)

// clock advances a millisecond per reading, as a real clock would between
// actions.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Millisecond)
	return c.t
}

// Peek returns the time without advancing it.
func (c *clock) Peek() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func system() context.Context {
	return ga.WithActor(context.Background(), ga.SystemActor("e2e"))
}

// env is the application as serve composes it, on one test server, with
// every demo user.
type env struct {
	t     *testing.T
	db    *storage.DB
	clock *clock
	srv   *httptest.Server
	hc    *http.Client
	users []*user
	w     *world

	// labels name objects in reports.
	labels map[string]string

	// searchTerms are the terms the users searched for, which no log may
	// hold.
	searchTerms []string

	mu       sync.Mutex
	requests int
}

// user is one demo account with its API token and, for the oracle, its
// actor built from the raw rows.
type user struct {
	login demo.Login
	id    string
	token string
	actor *ga.Actor
	v     *view
	// content reports whether the user's roles give access to personal
	// data at all (not admin, auditor).
	content bool
	// web is the user's browser after its login through the forms.
	web *http.Client
}

func (u *user) String() string { return u.login.Name + " <" + u.login.Email + ">" }

func newEnv(t *testing.T) *env {
	t.Helper()
	c := &clock{t: demoNow}
	db := storagetest.Open(t, storagetest.Options{Now: c.Now})
	start := time.Now()
	logins, err := demo.LoadIfEmpty(ga.WithActor(context.Background(), ga.SystemActor("demo")), db)
	if err != nil {
		t.Fatalf("demo.LoadIfEmpty: %v", err)
	}
	t.Logf("demo loaded on %s in %v", db.Dialect(), time.Since(start).Round(time.Millisecond))
	logger := scannedAppLog(t, db)
	apiHandler := api.New(api.Config{DB: db, Logger: logger, Version: "e2e"})
	h, err := web.New(web.Config{DB: db, API: apiHandler, Logger: logger, Version: "e2e"})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	e := &env{t: t, db: db, clock: c, srv: srv, labels: map[string]string{},
		hc: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if len(logins) != 14 {
		t.Errorf("the demo has %d logins, want the 14 demo users", len(logins))
	}
	for _, l := range logins {
		u, err := db.UserByEmail(system(), l.Email)
		if err != nil {
			t.Fatalf("user %s: %v", l.Email, err)
		}
		plain, _, err := db.CreateToken(system(), u.ID, "e2e: need-to-know van elke demogebruiker", nil)
		if err != nil {
			t.Fatalf("token for %s: %v", l.Email, err)
		}
		e.users = append(e.users, &user{login: l, id: u.ID, token: plain, content: slices.ContainsFunc(u.Roles, ga.Role.ContentRole)})
	}
	e.declare()
	e.w = loadWorld(t, db)
	now := c.Peek()
	for _, u := range e.users {
		u.actor = actorFromRows(t, db.SQL(), e.w, u.id)
		u.v = newView(e.w, u.actor, now)
	}
	e.label()
	return e
}

// declare has every user accept the confidentiality duty of Art 5.1 through
// the API, as a real user does before their first casework, unless the
// demo had them accept it already (the users who did casework in it).
func (e *env) declare() {
	for _, u := range e.users {
		r := e.api(u, "GET", "/api/v1/ik", nil, "")
		var me struct {
			Version  int  `json:"convenantVersie"`
			Declared bool `json:"geheimhoudingsverklaringAanvaard"`
		}
		if r.status != http.StatusOK || json.Unmarshal(r.body, &me) != nil || me.Version == 0 {
			e.t.Fatalf("GET /api/v1/ik as %s: %d %s", u, r.status, r.body)
		}
		if me.Declared {
			continue
		}
		r = e.api(u, "POST", "/api/v1/geheimhoudingsverklaringen", map[string]int{"convenantVersie": me.Version}, "")
		if r.status != http.StatusCreated {
			if u.content {
				e.t.Fatalf("POST /api/v1/geheimhoudingsverklaringen as %s: %d %s", u, r.status, r.body)
			}
			e.t.Logf("%s cannot accept the confidentiality duty (%d); its refusals below are by role anyway", u, r.status)
		}
	}
}

// response is an answer with its body read.
type response struct {
	status int
	header http.Header
	body   []byte
}

// api calls the API as u (nil: without a token).
func (e *env) api(u *user, method, path string, body any, traceparent string) response {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			e.t.Error(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Error(err)
		return response{}
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	if u != nil {
		req.Header.Set("Authorization", "Bearer "+u.token)
	}
	if traceparent != "" {
		req.Header.Set("Traceparent", traceparent)
	}
	return e.do(e.hc, req)
}

func (e *env) do(hc *http.Client, req *http.Request) response {
	e.t.Helper()
	resp, err := hc.Do(req)
	if err != nil {
		e.t.Errorf("%s %s: %v", req.Method, req.URL.Path, err)
		return response{}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Errorf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	e.mu.Lock()
	e.requests++
	e.mu.Unlock()
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}

// label names every object of the world for the reports, so that a
// mismatch says "item politie/Mohamed El Amrani/Registraties" rather than
// a UUID.
func (e *env) label() {
	w := e.w
	partner := func(id string) string { return string(w.partners[id].Kind) }
	for id, p := range w.partners {
		e.labels[id] = "partner " + string(p.Kind)
	}
	for _, g := range w.groups {
		e.labels[g.ID] = "groep " + g.Name
	}
	for _, p := range w.persons {
		e.labels[p.ID] = "persoon " + p.Name
		for _, r := range p.Representatives {
			e.labels[r.ID] = "vertegenwoordiger " + r.Name + " van " + p.Name
		}
	}
	for _, m := range w.memberships {
		e.labels[m.ID] = fmt.Sprintf("lidmaatschap %s in %s (%s)", w.personByID[m.PersonID].Name, w.groupByID[m.GroupID].Name, m.Role)
	}
	for _, it := range w.items {
		about := "groep " + w.groupByID[it.GroupID].Name
		if it.PersonID != "" {
			about = w.personByID[it.PersonID].Name
		}
		flags := ""
		if it.Special {
			flags += ", bijzonder"
		}
		if it.Criminal {
			flags += ", strafrechtelijk"
		}
		if flags != "" {
			flags = " (" + strings.TrimPrefix(flags, ", ") + ")"
		}
		e.labels[it.ID] = fmt.Sprintf("gegeven %s over %s: %s%s", partner(it.SourcePartnerID), about, it.Category, flags)
	}
	for _, m := range w.measures {
		about := "de groep"
		if m.PersonID != "" {
			about = w.personByID[m.PersonID].Name
		}
		e.labels[m.ID] = fmt.Sprintf("maatregel %s van %s voor %s", m.Kind, partner(m.ResponsiblePartnerID), about)
	}
	for _, m := range w.meetings {
		e.labels[m.ID] = fmt.Sprintf("overleg %s van %s", m.Kind, m.HeldOn)
	}
	for _, ag := range w.agreements {
		e.labels[ag.ID] = fmt.Sprintf("afspraak van %s (%s): %.40s…", partner(ag.ResponsiblePartnerID), ag.DueDate, ag.Description)
	}
}

// name returns the label of an id, or "onbekend id" for one that names
// nothing in the demo.
func (e *env) name(id string) string {
	if l, ok := e.labels[id]; ok {
		return l
	}
	if strings.HasPrefix(id, "onbekend") {
		return id
	}
	return "onbekend id " + id
}

// names labels ids, sorted.
func (e *env) names(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, e.name(id))
	}
	sort.Strings(out)
	return out
}

// mismatches collects every difference between what a user received and
// what the policy says, as one line each: user, operation, object,
// expected, got.
type mismatches struct {
	mu    sync.Mutex
	lines []string
}

func (m *mismatches) add(u *user, op, object, expected, got string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.lines = append(m.lines, fmt.Sprintf("- %s | %s | %s\n    verwacht: %s\n    gekregen: %s", u.login.Name, op, object, expected, got))
}

func (m *mismatches) report(t *testing.T, what string) {
	t.Helper()
	if len(m.lines) == 0 {
		return
	}
	t.Errorf("%s: %d mismatches with the policy (user | operation | object):\n%s", what, len(m.lines), strings.Join(m.lines, "\n"))
}

// diffIDs compares two sets of ids and describes the difference in labels,
// or returns "" when they are equal.
func (e *env) diffIDs(want, got []string) string {
	w, g := setOf(want), setOf(got)
	var missing, extra []string
	for id := range w {
		if !g[id] {
			missing = append(missing, id)
		}
	}
	for id := range g {
		if !w[id] {
			extra = append(extra, id)
		}
	}
	if len(missing) == 0 && len(extra) == 0 && len(want) == len(got) {
		return ""
	}
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, "ontbreekt: "+strings.Join(e.names(missing), "; "))
	}
	if len(extra) > 0 {
		parts = append(parts, "te veel: "+strings.Join(e.names(extra), "; "))
	}
	if len(missing) == 0 && len(extra) == 0 {
		parts = append(parts, fmt.Sprintf("%d gekregen, %d verwacht: een object dubbel", len(got), len(want)))
	}
	return strings.Join(parts, " — ")
}

func setOf(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// strs collects every string value of a JSON document.
func strs(body []byte) []string {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return []string{string(body)}
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			out = append(out, x)
		case []any:
			for _, y := range x {
				walk(y)
			}
		case map[string]any:
			for k, y := range x {
				out = append(out, k)
				walk(y)
			}
		}
	}
	walk(v)
	return out
}

// normalProblem is a problem+json body without the members that differ per
// request by design (a trace or instance), for comparing the answers to a
// hidden and an unknown id.
func normalProblem(body []byte) string {
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		return string(body)
	}
	for _, k := range []string{"instance", "traceId", "trace_id", "traceparent"} {
		delete(m, k)
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func excerpt(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}
