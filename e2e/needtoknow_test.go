package e2e

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// TestNeedToKnow loads the demo into a fresh database on the suite's
// backend, serves the whole application, and has every demo user request
// every API operation and every page that shows personal data, for every
// object of the demo; each answer must match the policy exactly. Then every
// casework action is tried on what each user may not see, which must be
// refused exactly as for an unknown id and change nothing. It ends with the
// logs: they verify, reads left processing lines under the right
// pseudonyms, and no line holds content.
func TestNeedToKnow(t *testing.T) {
	start := time.Now()
	e := newEnv(t)
	t.Logf("%d users; %d groups, %d persons, %d memberships, %d items, %d measures, %d meetings, %d agreements in the demo",
		len(e.users), len(e.w.groups), len(e.w.persons), len(e.w.memberships), len(e.w.items), len(e.w.measures), len(e.w.meetings), len(e.w.agreements))
	e.sanity(t)

	t.Run("API", func(t *testing.T) {
		un := newUnknowns()
		mm := &mismatches{}
		total := 0
		ops := map[string]bool{}
		for _, u := range e.users {
			n, o := e.runAPI(u, un, mm)
			total += n
			for k := range o {
				ops[k] = true
			}
		}
		t.Logf("API: %d users × %d operations: %d requests compared with the policy", len(e.users), len(ops), total)
		mm.report(t, "API")
	})

	t.Run("UI", func(t *testing.T) {
		e.runUI(t)
	})

	t.Run("writes", func(t *testing.T) {
		e.runWrites(t)
	})

	t.Run("logs", func(t *testing.T) {
		e.checkReadLogs(t)
		e.checkLogsHoldNoContent(t)
		r, err := e.db.VerifyLogs(system())
		if err != nil || !r.OK() {
			t.Errorf("VerifyLogs after %d requests = %+v, %v; want OK", e.requests, r, err)
		}
	})
	t.Logf("%d HTTP requests in %v on %s", e.requests, time.Since(start).Round(time.Millisecond), e.db.Dialect())
}

// sanity checks that the world is the demo the test is about, so that a
// change of the scenario cannot make the test vacuous: both groups, every
// partner's items, special, criminal and shared items, person measures,
// both kinds of meeting, and users who see different things.
func (e *env) sanity(t *testing.T) {
	w := e.w
	special, criminal, shared, personItems, personMeasures := 0, 0, 0, 0, 0
	for _, it := range w.items {
		if it.Special {
			special++
		}
		if it.Criminal {
			criminal++
		}
		if len(it.SharedWith) > 0 {
			shared++
		}
		if it.PersonID != "" {
			personItems++
		}
	}
	for _, m := range w.measures {
		if m.PersonID != "" {
			personMeasures++
		}
	}
	kinds := map[ga.MeetingKind]int{}
	for _, m := range w.meetings {
		kinds[m.Kind]++
	}
	if len(w.groups) < 2 || len(w.persons) < 10 || special == 0 || criminal == 0 || shared == 0 || personItems == 0 ||
		personMeasures == 0 || kinds[ga.MeetingGroup] == 0 || kinds[ga.MeetingIndividual] == 0 || len(w.registered) == 0 {
		t.Fatalf("the demo lacks what this test is about: %d groups, %d persons, %d special, %d criminal, %d shared, %d person items, %d person measures, meetings %v, %d registered involvements",
			len(w.groups), len(w.persons), special, criminal, shared, personItems, personMeasures, kinds, len(w.registered))
	}
	distinct := map[string]bool{}
	for _, u := range e.users {
		var ids []string
		for id, ok := range u.v.items {
			if ok {
				ids = append(ids, id)
			}
		}
		sort.Strings(ids)
		distinct[strings.Join(ids, ",")] = true
		t.Logf("oracle: %-42s sees %2d groups, %2d persons, %2d memberships, %2d/%d items, %2d measures, %d meetings",
			u.String(), count(u.v.groups), count(u.v.persons), count(u.v.members), len(ids), len(w.items), count(u.v.measures), count(u.v.meetings))
	}
	if len(distinct) < 6 {
		t.Errorf("only %d different sets of visible items among the users; the demo should show need-to-know at work", len(distinct))
	}
	// Measures aimed at members are judged by their own rules, not by
	// whether the member is visible: the demo must hold a criminal and a
	// care measure for a member that some user sees as a member without
	// seeing the measure.
	hiddenFromMemberViewer := map[ga.MeasureKind]bool{}
	for _, m := range w.measures {
		for _, u := range e.users {
			if m.PersonID != "" && u.v.canSeeMember(m.GroupID, m.PersonID) && !u.v.measures[m.ID] {
				hiddenFromMemberViewer[m.Kind] = true
			}
		}
	}
	if !hiddenFromMemberViewer[ga.MeasureCriminal] || !hiddenFromMemberViewer[ga.MeasureCare] {
		t.Errorf("no user sees a member without the criminal or care measure aimed at them (%v); the demo should show measures' need-to-know at work", hiddenFromMemberViewer)
	}
}

func count(m map[string]bool) int {
	n := 0
	for _, ok := range m {
		if ok {
			n++
		}
	}
	return n
}

// checkReadLogs reads, as every user, a sample of the items about a person
// it may see and one it may not, each with its own traceparent, and checks
// the logs of that trace: a read writes exactly one processing line
// gegeven_raadplegen for the item's person, under the person's pseudonym
// and the register entry in force, and one audit line item_read by the
// user; a refused read writes no processing line and an audit line that
// says it was denied.
func (e *env) checkReadLogs(t *testing.T) {
	sampled := 0
	for _, u := range e.users {
		if !u.content {
			continue
		}
		var visible, hidden []*ga.Item
		for _, it := range e.w.items {
			if it.PersonID == "" {
				continue
			}
			if u.v.items[it.ID] {
				visible = append(visible, it)
			} else {
				hidden = append(hidden, it)
			}
		}
		// A sample: every third visible person item, and one hidden.
		var sample []*ga.Item
		for i, it := range visible {
			if i%3 == 0 {
				sample = append(sample, it)
			}
		}
		if len(hidden) > 0 {
			sample = append(sample, hidden[len(hidden)/2])
		}
		for _, it := range sample {
			sampled++
			trace := randomHex(16)
			resp := e.api(u, "GET", "/api/v1/gegevens/"+it.ID, nil, "00-"+trace+"-"+randomHex(8)+"-01")
			ps, err := e.db.ProcessingEntries(system(), storage.ProcessingFilter{TraceID: trace, Limit: storage.MaxLogPage})
			if err != nil {
				t.Fatal(err)
			}
			as, err := e.db.AuditEntries(system(), storage.AuditFilter{TraceID: trace, Action: "item_read", Limit: storage.MaxLogPage})
			if err != nil {
				t.Fatal(err)
			}
			obj := fmt.Sprintf("%s reads %s", u.login.Name, e.name(it.ID))
			var names []string
			for _, p := range ps {
				names = append(names, p.Name+"→"+p.DataSubjectID)
			}
			if u.v.items[it.ID] {
				want := e.w.pseudonym[it.PersonID]
				if resp.status != http.StatusOK {
					t.Errorf("%s: status %d", obj, resp.status)
				}
				if len(ps) != 1 || ps[0].Name != "gegeven_raadplegen" || ps[0].DataSubjectID != want || ps[0].ProcessingActivityID == "" ||
					ps[0].DataSubjectIDType == "" || ps[0].StatusCode != ga.StatusOK {
					t.Errorf("%s: processing lines %v, want one gegeven_raadplegen for pseudonym %s with the register entry", obj, names, want)
				}
				if len(as) != 1 || as[0].Action != "item_read" || as[0].UserID != u.id || as[0].Result != ga.ResultSuccess || as[0].ObjectID != it.ID {
					t.Errorf("%s: audit lines %+v, want one successful item_read of the item by the user", obj, as)
				}
				for _, p := range ps {
					if strings.Contains(p.DataSubjectID, it.PersonID) || p.DataSubjectID == u.id {
						t.Errorf("%s: the processing line names the person's or user's id", obj)
					}
				}
			} else {
				if resp.status != http.StatusNotFound {
					t.Errorf("%s (hidden): status %d", obj, resp.status)
				}
				if len(ps) != 0 {
					t.Errorf("%s (hidden): processing lines %v, want none", obj, names)
				}
				if len(as) != 1 || as[0].Result != ga.ResultDenied || as[0].UserID != u.id || as[0].ObjectID != it.ID {
					t.Errorf("%s (hidden): audit lines %+v, want one denied item_read by the user", obj, as)
				}
			}
		}
	}
	if sampled < 20 {
		t.Errorf("only %d reads sampled", sampled)
	}
	t.Logf("logs: %d sampled reads checked for their processing and audit lines", sampled)
}

// checkLogsHoldNoContent reads both logs from beginning to end through the
// API, as the auditor does, and checks that no line holds a name, address,
// BSN, item content, measure, meeting text or search term: the auditor
// reads metadata, never content (SPEC §1, §5), and the processing log names
// data subjects by pseudonym only.
func (e *env) checkLogsHoldNoContent(t *testing.T) {
	var auditor *user
	for _, u := range e.users {
		if u.actor.Has(ga.RoleAuditor) {
			auditor = u
		}
	}
	if auditor == nil {
		t.Fatal("the demo has no auditor")
	}
	// Everything is secret from the auditor, and so are the search terms
	// the users typed.
	secrets := auditor.v.secrets(e.name)
	for _, q := range e.searchTerms {
		if len(q) >= 6 {
			secrets[q] = fmt.Sprintf("zoekterm %q", q)
		}
	}
	for _, p := range e.w.persons {
		if p.BSN != "" {
			secrets[p.BSN] = "BSN van " + p.Name
		}
	}
	lines := 0
	for _, path := range []string{"/api/v1/logboek/audit/_zoek", "/api/v1/logboek/verwerkingen/_zoek"} {
		start := int64(0)
		for {
			resp := e.api(auditor, "POST", path, map[string]any{"startIndex": start, "aantal": storage.MaxLogPage}, "")
			if resp.status != http.StatusOK {
				t.Fatalf("POST %s as the auditor: %d %s", path, resp.status, excerpt(resp.body))
			}
			var page struct {
				Lines []json.RawMessage `json:"regels"`
				Next  *int64            `json:"volgendeStartIndex"`
			}
			if err := json.Unmarshal(resp.body, &page); err != nil {
				t.Fatal(err)
			}
			lines += len(page.Lines)
			if l := leaks(secrets, strs(resp.body)); len(l) > 0 {
				sort.Strings(l)
				t.Errorf("%s from index %d holds content: %s", path, start, strings.Join(l, "; "))
			}
			if page.Next == nil {
				break
			}
			start = *page.Next
		}
	}
	t.Logf("logs: %d lines of the audit and processing logs read as the auditor hold no content", lines)
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
