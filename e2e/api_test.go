package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// apiRun requests every API operation that shows personal data, for every
// object of the demo and a few unknown ids, as one user, and compares each
// answer with the policy.
type apiRun struct {
	e       *env
	u       *user
	v       *view
	mm      *mismatches
	secrets map[string]string
	hidden  map[string]string
	// base is the answer of each operation to unknown ids: what a hidden
	// object must answer too, byte for byte.
	base map[string]response
	// checks counts the requests compared with the policy; ops the
	// operations requested.
	checks int
	ops    map[string]bool

	// Requests run on a few connections at once; mu guards checks and
	// ops.
	mu  sync.Mutex
	sem chan struct{}
	wg  sync.WaitGroup
}

// parallel is how many requests of one user run at once.
const parallel = 4

// async runs f beside the other checks, at most parallel at a time.
func (r *apiRun) async(f func()) {
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

// unknown ids that name nothing in the demo, the same for every user.
type unknowns struct {
	groups, persons, items, measures, meetings, memberships, representatives, agreements []string
}

func newUnknowns() unknowns {
	n := func(k int) []string {
		var out []string
		for range k {
			out = append(out, unknownID())
		}
		return out
	}
	return unknowns{groups: n(2), persons: n(2), items: n(2), measures: n(2), meetings: n(2), memberships: n(2), representatives: n(2), agreements: n(2)}
}

func (r *apiRun) fail(op, object, expected, got string) { r.mm.add(r.u, op, object, expected, got) }

// call makes one request and checks what holds of every answer: no secret
// of this user anywhere in it, and for users without access to personal
// data (admin, auditor) a 403.
func (r *apiRun) call(op, object, method, path string, body any) (response, bool) {
	r.mu.Lock()
	r.ops[op] = true
	r.checks++
	r.mu.Unlock()
	resp := r.e.api(r.u, method, path, body, "")
	if l := leaks(r.secrets, strs(resp.body)); len(l) > 0 {
		sort.Strings(l)
		r.fail(op, object, "niets wat need-to-know verbergt", fmt.Sprintf("status %d met %s", resp.status, strings.Join(l, "; ")))
	}
	var ids []string
	req := path + fmt.Sprint(body)
	for _, id := range uuidRE.FindAllString(string(resp.body), -1) {
		if label, ok := r.hidden[id]; ok && !strings.Contains(req, id) && !slices.Contains(ids, label) {
			ids = append(ids, label)
		}
	}
	if len(ids) > 0 {
		sort.Strings(ids)
		r.fail(op, object, "geen id van iets wat de gebruiker niet mag zien", "het antwoord noemt "+strings.Join(ids, "; "))
	}
	if !r.u.content {
		if resp.status != http.StatusForbidden {
			r.fail(op, object, "403 (beheerder en auditor zien geen persoonsgegevens)", fmt.Sprintf("%d %s", resp.status, excerpt(resp.body)))
		}
		return resp, false
	}
	return resp, true
}

// baseline records the answer of op to unknown ids, which must be 404.
func (r *apiRun) baseline(op, method, path string, body any) {
	resp, ok := r.call(op, "onbekend id", method, path, body)
	if !ok {
		return
	}
	r.base[op] = resp
	if resp.status != http.StatusNotFound {
		r.fail(op, "onbekend id", "404", fmt.Sprintf("%d %s", resp.status, excerpt(resp.body)))
	}
}

// one checks an answer about one object: an object the user may see
// answers 200 and check finds no difference; any other answers exactly
// what an unknown id answers.
func (r *apiRun) one(op, object, method, path string, body any, visible bool, check func([]byte) string) {
	r.async(func() { r.oneNow(op, object, method, path, body, visible, check) })
}

func (r *apiRun) oneNow(op, object, method, path string, body any, visible bool, check func([]byte) string) {
	resp, ok := r.call(op, object, method, path, body)
	if !ok {
		return
	}
	if visible {
		if resp.status != http.StatusOK {
			r.fail(op, object, "200 (de gebruiker mag dit zien)", fmt.Sprintf("%d %s", resp.status, excerpt(resp.body)))
			return
		}
		if check != nil {
			if d := check(resp.body); d != "" {
				r.fail(op, object, "de inhoud volgens de ruwe rijen en het beleid", d)
			}
		}
		return
	}
	base, has := r.base[op]
	if !has {
		r.e.t.Errorf("no baseline for %s", op)
		return
	}
	if resp.status != http.StatusNotFound || normalProblem(resp.body) != normalProblem(base.body) {
		r.fail(op, object, fmt.Sprintf("hetzelfde antwoord als voor een onbekend id: %d %s", base.status, excerpt(base.body)),
			fmt.Sprintf("%d %s", resp.status, excerpt(resp.body)))
	}
}

// ids decodes a list of objects with an "id" under key and an optional
// count under countKey.
func listIDs(body []byte, key, countKey string) (ids []string, count int, err error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, 0, err
	}
	var list []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(m[key], &list); err != nil {
		return nil, 0, fmt.Errorf("%s: %w", key, err)
	}
	for _, x := range list {
		ids = append(ids, x.ID)
	}
	count = -1
	if countKey != "" {
		if err := json.Unmarshal(m[countKey], &count); err != nil {
			return nil, 0, fmt.Errorf("%s: %w", countKey, err)
		}
	}
	return ids, count, nil
}

// search checks a list or search answer: 200 with exactly the ids the
// policy lets the user see, and their number when the answer counts. A
// filter naming something the user may not see may instead answer what
// the same filter answers for an unknown id, provided the policy lets the
// user see nothing under it.
func (r *apiRun) search(op, object string, resp response, want []string, key, countKey string, unknownAnswer *response, check func([]byte) string) {
	if resp.status == http.StatusNotFound && unknownAnswer != nil && len(want) == 0 {
		if unknownAnswer.status != resp.status || normalProblem(unknownAnswer.body) != normalProblem(resp.body) {
			r.fail(op, object, fmt.Sprintf("hetzelfde antwoord als voor een onbekend id: %d %s", unknownAnswer.status, excerpt(unknownAnswer.body)),
				fmt.Sprintf("%d %s", resp.status, excerpt(resp.body)))
		}
		return
	}
	if resp.status != http.StatusOK {
		r.fail(op, object, fmt.Sprintf("200 met %d resultaten", len(want)), fmt.Sprintf("%d %s", resp.status, excerpt(resp.body)))
		return
	}
	got, count, err := listIDs(resp.body, key, countKey)
	if err != nil {
		r.fail(op, object, "een lijst "+key, err.Error()+": "+excerpt(resp.body))
		return
	}
	if d := r.e.diffIDs(want, got); d != "" {
		r.fail(op, object, fmt.Sprintf("%d: %s", len(want), strings.Join(r.e.names(want), "; ")), d)
	}
	if countKey != "" && count != len(want) {
		r.fail(op, object, fmt.Sprintf("aantal %d", len(want)), fmt.Sprintf("aantal %d", count))
	}
	if unknownAnswer != nil && len(want) == 0 && unknownAnswer.status == http.StatusOK &&
		string(resp.body) != string(unknownAnswer.body) {
		r.fail(op, object, "hetzelfde antwoord als voor een onbekend id: "+excerpt(unknownAnswer.body), excerpt(resp.body))
	}
	if check != nil {
		if d := check(resp.body); d != "" {
			r.fail(op, object, "de inhoud volgens de ruwe rijen", d)
		}
	}
}

// runAPI is the whole API part for one user.
func (e *env) runAPI(u *user, un unknowns, mm *mismatches) (checks int, ops map[string]bool) {
	r := &apiRun{e: e, u: u, v: u.v, mm: mm, secrets: u.v.secrets(e.name), hidden: u.v.hiddenIDs(e.name), base: map[string]response{}, ops: map[string]bool{}, sem: make(chan struct{}, parallel)}
	w := e.w
	v := u.v

	var groups, persons, items, measures, meetings []string
	for _, g := range w.groups {
		groups = append(groups, g.ID)
	}
	for _, p := range w.persons {
		persons = append(persons, p.ID)
	}
	for _, it := range w.items {
		items = append(items, it.ID)
	}
	for _, m := range w.measures {
		measures = append(measures, m.ID)
	}
	for _, m := range w.meetings {
		meetings = append(meetings, m.ID)
	}
	// The loops below take every object of the demo and one unknown id
	// besides the baseline's.
	allGroups := append(slices.Clone(groups), un.groups[1])
	allPersons := append(slices.Clone(persons), un.persons[1])

	// Baselines: every operation on a single object, with unknown ids.
	ug, up, ui, ums, umt := un.groups[0], un.persons[0], un.items[0], un.measures[0], un.meetings[0]
	r.baseline("GET /api/v1/groepen/{id}", "GET", "/api/v1/groepen/"+ug, nil)
	r.baseline("GET /api/v1/groepen/{id}/stappen", "GET", "/api/v1/groepen/"+ug+"/stappen", nil)
	r.baseline("GET /api/v1/groepen/{id}/deelnemers", "GET", "/api/v1/groepen/"+ug+"/deelnemers", nil)
	r.baseline("GET /api/v1/groepen/{id}/leden", "GET", "/api/v1/groepen/"+ug+"/leden", nil)
	r.baseline("GET /api/v1/groepen/{id}/monitoring", "GET", "/api/v1/groepen/"+ug+"/monitoring", nil)
	r.baseline("GET /api/v1/groepen/{id}/leden/{persoonId}/betrokkenheden", "GET", "/api/v1/groepen/"+ug+"/leden/"+up+"/betrokkenheden", nil)
	r.baseline("GET /api/v1/plannen/{groepId}", "GET", "/api/v1/plannen/"+ug, nil)
	r.baseline("GET /api/v1/maatregelen?groepId", "GET", "/api/v1/maatregelen?groepId="+ug, nil)
	r.baseline("GET /api/v1/overleggen?groepId", "GET", "/api/v1/overleggen?groepId="+ug, nil)
	r.baseline("GET /api/v1/personen/{id}", "GET", "/api/v1/personen/"+up, nil)
	r.baseline("GET /api/v1/personen/{id}/lidmaatschappen", "GET", "/api/v1/personen/"+up+"/lidmaatschappen", nil)
	r.baseline("GET /api/v1/personen/{id}/lidmaatschappen/{lidmaatschapId}", "GET", "/api/v1/personen/"+up+"/lidmaatschappen/"+un.memberships[0], nil)
	r.baseline("GET /api/v1/personen/{id}/vertegenwoordigers", "GET", "/api/v1/personen/"+up+"/vertegenwoordigers", nil)
	r.baseline("GET /api/v1/personen/{id}/vertegenwoordigers/{vertegenwoordigerId}", "GET", "/api/v1/personen/"+up+"/vertegenwoordigers/"+un.representatives[0], nil)
	r.baseline("GET /api/v1/gegevens/{id}", "GET", "/api/v1/gegevens/"+ui, nil)
	r.baseline("GET /api/v1/maatregelen/{id}", "GET", "/api/v1/maatregelen/"+ums, nil)
	r.baseline("GET /api/v1/overleggen/{id}", "GET", "/api/v1/overleggen/"+umt, nil)
	r.baseline("GET /api/v1/overleggen/{id}/uitnodigingen", "GET", "/api/v1/overleggen/"+umt+"/uitnodigingen", nil)
	r.baseline("GET /api/v1/overleggen/{id}/afspraken", "GET", "/api/v1/overleggen/"+umt+"/afspraken", nil)
	r.baseline("GET /api/v1/overleggen/{id}/afspraken/{afspraakId}", "GET", "/api/v1/overleggen/"+umt+"/afspraken/"+un.agreements[0], nil)

	// The unknown-filter answers of the searches.
	unknownSearch := func(body map[string]string) *response {
		resp, ok := r.call("POST /api/v1/gegevens/_zoek", "filter met onbekend id", "POST", "/api/v1/gegevens/_zoek", body)
		if !ok {
			return nil
		}
		return &resp
	}
	unknownGroupSearch := unknownSearch(map[string]string{"groepId": ug})
	unknownPersonSearch := unknownSearch(map[string]string{"persoonId": up})
	for _, s := range []*response{unknownGroupSearch, unknownPersonSearch} {
		if s != nil && s.status == http.StatusOK {
			if ids, n, err := listIDs(s.body, "gegevens", "aantal"); err != nil || len(ids) != 0 || n != 0 {
				r.fail("POST /api/v1/gegevens/_zoek", "filter met onbekend id", "geen gegevens, aantal 0", excerpt(s.body))
			}
		}
	}

	// Groups.
	r.async(func() {
		if resp, ok := r.call("GET /api/v1/groepen", "alle groepen", "GET", "/api/v1/groepen", nil); ok {
			var want []string
			for _, g := range w.groups {
				if v.groups[g.ID] {
					want = append(want, g.ID)
				}
			}
			r.search("GET /api/v1/groepen", "alle groepen", resp, want, "groepen", "", nil, func(b []byte) string {
				var out struct {
					Groups []ga.Group `json:"groepen"`
				}
				json.Unmarshal(b, &out)
				var d []string
				for _, g := range out.Groups {
					if s := e.diffGroup(g); s != "" {
						d = append(d, s)
					}
				}
				return strings.Join(d, "; ")
			})
		}
	})
	for _, g := range allGroups {
		obj := e.name(g)
		visible := v.groups[g]
		path := "/api/v1/groepen/" + g
		r.one("GET /api/v1/groepen/{id}", obj, "GET", path, nil, visible, func(b []byte) string {
			var got ga.Group
			if err := json.Unmarshal(b, &got); err != nil {
				return err.Error()
			}
			return e.diffGroup(got)
		})
		r.one("GET /api/v1/groepen/{id}/stappen", obj, "GET", path+"/stappen", nil, visible, func(b []byte) string {
			var got struct {
				Steps []json.RawMessage `json:"stappen"`
			}
			json.Unmarshal(b, &got)
			if len(got.Steps) != w.transitions[g] {
				return fmt.Sprintf("%d stappen, %d in de database", len(got.Steps), w.transitions[g])
			}
			return ""
		})
		r.one("GET /api/v1/groepen/{id}/deelnemers", obj, "GET", path+"/deelnemers", nil, visible, func(b []byte) string {
			ids, _, err := listIDs(b, "deelnemers", "")
			if err != nil {
				return err.Error()
			}
			return e.diffIDs(w.groupByID[g].Participants, ids)
		})
		r.one("GET /api/v1/groepen/{id}/leden", obj, "GET", path+"/leden", nil, visible, func(b []byte) string {
			var got struct {
				Members []storage.Member `json:"leden"`
			}
			if err := json.Unmarshal(b, &got); err != nil {
				return err.Error()
			}
			var ids []string
			var d []string
			for _, m := range got.Members {
				ids = append(ids, m.Membership.ID)
				if s := e.diffPerson(m.Person); s != "" {
					d = append(d, s)
				}
				if s := e.diffMembership(m.Membership); s != "" {
					d = append(d, s)
				}
				if m.Membership.GroupID != g {
					d = append(d, e.name(m.Membership.ID)+" hoort niet bij deze groep")
				}
			}
			if s := e.diffIDs(v.groupMembers(g), ids); s != "" {
				d = append([]string{s}, d...)
			}
			return strings.Join(d, "; ")
		})
		r.one("GET /api/v1/groepen/{id}/monitoring", obj, "GET", path+"/monitoring", nil, visible, func(b []byte) string {
			var got ga.Monitoring
			if err := json.Unmarshal(b, &got); err != nil {
				return err.Error()
			}
			want := v.monitoring(g, e.clock.Peek())
			var d []string
			if !reflect.DeepEqual(got.Months, want.Months) {
				d = append(d, fmt.Sprintf("maanden %v, verwacht %v", got.Months, want.Months))
			}
			if !reflect.DeepEqual(got.MeasuresInForce, want.MeasuresInForce) {
				d = append(d, fmt.Sprintf("lopende maatregelen %v, verwacht %v", got.MeasuresInForce, want.MeasuresInForce))
			}
			if got.ReviewsOverdue != want.ReviewsOverdue {
				d = append(d, fmt.Sprintf("verlopen evaluaties %d, verwacht %d", got.ReviewsOverdue, want.ReviewsOverdue))
			}
			if got.AgreementsOverdue != want.AgreementsOverdue {
				d = append(d, fmt.Sprintf("verlopen afspraken %d, verwacht %d", got.AgreementsOverdue, want.AgreementsOverdue))
			}
			return strings.Join(d, "; ")
		})
		plan := w.plans[g]
		r.one("GET /api/v1/plannen/{groepId}", obj, "GET", "/api/v1/plannen/"+g, nil, visible && plan != nil, func(b []byte) string {
			var got ga.Plan
			if err := json.Unmarshal(b, &got); err != nil {
				return err.Error()
			}
			if got.GroupID != g || got.Analysis != plan.Analysis || got.Goals != plan.Goals || got.AdoptedOn != plan.AdoptedOn {
				return fmt.Sprintf("plan %+v, in de database %+v", got, *plan)
			}
			return ""
		})
		r.one("GET /api/v1/maatregelen?groepId", obj, "GET", "/api/v1/maatregelen?groepId="+url.QueryEscape(g), nil, visible, func(b []byte) string {
			var got struct {
				Measures []ga.Measure `json:"maatregelen"`
			}
			if err := json.Unmarshal(b, &got); err != nil {
				return err.Error()
			}
			var ids, d []string
			for _, m := range got.Measures {
				ids = append(ids, m.ID)
				if s := e.diffMeasure(m); s != "" {
					d = append(d, s)
				}
			}
			if s := e.diffIDs(v.groupMeasures(g), ids); s != "" {
				d = append([]string{s}, d...)
			}
			return strings.Join(d, "; ")
		})
		r.one("GET /api/v1/overleggen?groepId", obj, "GET", "/api/v1/overleggen?groepId="+url.QueryEscape(g), nil, visible, func(b []byte) string {
			var got struct {
				Meetings []ga.Meeting `json:"overleggen"`
			}
			if err := json.Unmarshal(b, &got); err != nil {
				return err.Error()
			}
			var ids, d []string
			for _, m := range got.Meetings {
				ids = append(ids, m.ID)
				if s := e.diffMeeting(m); s != "" {
					d = append(d, s)
				}
			}
			if s := e.diffIDs(v.groupMeetings(g), ids); s != "" {
				d = append([]string{s}, d...)
			}
			return strings.Join(d, "; ")
		})
		r.async(func() {
			if resp, ok := r.call("POST /api/v1/gegevens/_zoek", "groepId "+obj, "POST", "/api/v1/gegevens/_zoek", map[string]string{"groepId": g}); ok {
				r.search("POST /api/v1/gegevens/_zoek", "groepId "+obj, resp, v.visibleItems(g, "", ""), "gegevens", "aantal", unknownGroupSearch, e.checkItems)
			}
		})
		// A member's involvements, for every group and person: of the
		// unknown group only with one person.
		pairPersons := append(slices.Clone(persons), un.persons[1])
		if g == un.groups[1] {
			pairPersons = persons[:1]
		}
		for _, p := range pairPersons {
			pobj := obj + " × " + e.name(p)
			// A member's involvements: only of a member the user may see.
			memberVisible := visible && w.isMember(g, p) && v.canSeeMember(g, p)
			r.one("GET /api/v1/groepen/{id}/leden/{persoonId}/betrokkenheden", pobj, "GET", path+"/leden/"+p+"/betrokkenheden", nil, memberVisible, func(b []byte) string {
				var got struct {
					Inv []storage.Involvement `json:"betrokkenheden"`
				}
				if err := json.Unmarshal(b, &got); err != nil {
					return err.Error()
				}
				var keys []string
				for _, in := range got.Inv {
					keys = append(keys, involvementKey(in.PartnerID, in.Registered, in.Derived))
				}
				sort.Strings(keys)
				want := v.involvements(g, p)
				if !slices.Equal(keys, want) {
					return fmt.Sprintf("%s, verwacht %s", e.involvementNames(keys), e.involvementNames(want))
				}
				return ""
			})
		}
	}

	// Persons.
	for _, p := range allPersons {
		obj := e.name(p)
		visible := v.persons[p]
		path := "/api/v1/personen/" + p
		r.one("GET /api/v1/personen/{id}", obj, "GET", path, nil, visible, func(b []byte) string {
			var got storage.PersonView
			if err := json.Unmarshal(b, &got); err != nil {
				return err.Error()
			}
			return e.diffPersonView(v, p, got)
		})
		r.one("GET /api/v1/personen/{id}/lidmaatschappen", obj, "GET", path+"/lidmaatschappen", nil, visible, func(b []byte) string {
			ids, _, err := listIDs(b, "lidmaatschappen", "")
			if err != nil {
				return err.Error()
			}
			return e.diffIDs(v.personMemberships(p), ids)
		})
		r.one("GET /api/v1/personen/{id}/vertegenwoordigers", obj, "GET", path+"/vertegenwoordigers", nil, visible, func(b []byte) string {
			ids, _, err := listIDs(b, "wettelijkVertegenwoordigers", "")
			if err != nil {
				return err.Error()
			}
			var want []string
			for _, rep := range w.personByID[p].Representatives {
				want = append(want, rep.ID)
			}
			return e.diffIDs(want, ids)
		})
		r.async(func() {
			if resp, ok := r.call("POST /api/v1/gegevens/_zoek", "persoonId "+obj, "POST", "/api/v1/gegevens/_zoek", map[string]string{"persoonId": p}); ok {
				r.search("POST /api/v1/gegevens/_zoek", "persoonId "+obj, resp, v.visibleItems("", p, ""), "gegevens", "aantal", unknownPersonSearch, e.checkItems)
			}
		})
	}
	// Each membership and legal representative under its own person; an
	// unknown one under a person the user may see.
	someone := un.persons[1]
	for _, p := range w.persons {
		if v.persons[p.ID] {
			someone = p.ID
			break
		}
	}
	r.one("GET /api/v1/personen/{id}/lidmaatschappen/{lidmaatschapId}", e.name(someone)+" × onbekend lidmaatschap", "GET",
		"/api/v1/personen/"+someone+"/lidmaatschappen/"+un.memberships[1], nil, false, nil)
	r.one("GET /api/v1/personen/{id}/vertegenwoordigers/{vertegenwoordigerId}", e.name(someone)+" × onbekende vertegenwoordiger", "GET",
		"/api/v1/personen/"+someone+"/vertegenwoordigers/"+un.representatives[1], nil, false, nil)
	for _, m := range w.memberships {
		for _, p := range []string{m.PersonID} {
			r.one("GET /api/v1/personen/{id}/lidmaatschappen/{lidmaatschapId}", e.name(p)+" × "+e.name(m.ID), "GET",
				"/api/v1/personen/"+p+"/lidmaatschappen/"+m.ID, nil, p == m.PersonID && v.members[m.ID], func(b []byte) string {
					var got ga.Membership
					if err := json.Unmarshal(b, &got); err != nil {
						return err.Error()
					}
					return e.diffMembership(got)
				})
		}
	}
	for _, p := range w.persons {
		for _, rep := range p.Representatives {
			for _, pid := range []string{p.ID} {
				r.one("GET /api/v1/personen/{id}/vertegenwoordigers/{vertegenwoordigerId}", e.name(pid)+" × "+e.name(rep.ID), "GET",
					"/api/v1/personen/"+pid+"/vertegenwoordigers/"+rep.ID, nil, pid == p.ID && v.persons[p.ID], func(b []byte) string {
						var got ga.Representative
						if err := json.Unmarshal(b, &got); err != nil {
							return err.Error()
						}
						if got != rep {
							return fmt.Sprintf("%+v, in de database %+v", got, rep)
						}
						return ""
					})
			}
		}
	}

	// Items, one by one.
	for _, id := range append(slices.Clone(items), un.items[1]) {
		r.one("GET /api/v1/gegevens/{id}", e.name(id), "GET", "/api/v1/gegevens/"+id, nil, v.items[id], func(b []byte) string {
			var got ga.Item
			if err := json.Unmarshal(b, &got); err != nil {
				return err.Error()
			}
			return e.diffItem(got)
		})
	}

	// Measures.
	for _, id := range append(slices.Clone(measures), un.measures[1]) {
		r.one("GET /api/v1/maatregelen/{id}", e.name(id), "GET", "/api/v1/maatregelen/"+id, nil, v.measures[id], func(b []byte) string {
			var got ga.Measure
			if err := json.Unmarshal(b, &got); err != nil {
				return err.Error()
			}
			return e.diffMeasure(got)
		})
	}
	r.async(func() {
		if resp, ok := r.call("GET /api/v1/maatregelen/_achterstallig", "alle groepen", "GET", "/api/v1/maatregelen/_achterstallig", nil); ok {
			r.search("GET /api/v1/maatregelen/_achterstallig", "alle groepen", resp, v.overdueReviews(), "maatregelen", "", nil, nil)
		}
	})

	// Meetings.
	for _, id := range append(slices.Clone(meetings), un.meetings[1]) {
		obj := e.name(id)
		visible := v.meetings[id]
		m := w.meetingBy[id]
		path := "/api/v1/overleggen/" + id
		r.one("GET /api/v1/overleggen/{id}", obj, "GET", path, nil, visible, func(b []byte) string {
			var got ga.MeetingView
			if err := json.Unmarshal(b, &got); err != nil {
				return err.Error()
			}
			var d []string
			if s := e.diffMeeting(got.Meeting); s != "" {
				d = append(d, s)
			}
			var ids []string
			for _, it := range got.Items {
				ids = append(ids, it.ID)
			}
			if s := e.diffIDs(v.meetingItems(m), ids); s != "" {
				d = append(d, "gegevens in het overleg: "+s)
			}
			if s := e.checkItemList(got.Items); s != "" {
				d = append(d, s)
			}
			return strings.Join(d, "; ")
		})
		r.one("GET /api/v1/overleggen/{id}/uitnodigingen", obj, "GET", path+"/uitnodigingen", nil, visible, func(b []byte) string {
			var got struct {
				Inv []ga.Invitation `json:"uitnodigingen"`
			}
			if err := json.Unmarshal(b, &got); err != nil {
				return err.Error()
			}
			if !sameInvitations(got.Inv, m.Invited) {
				return fmt.Sprintf("%s, in de database %s", e.invitationNames(got.Inv), e.invitationNames(m.Invited))
			}
			return ""
		})
		r.one("GET /api/v1/overleggen/{id}/afspraken", obj, "GET", path+"/afspraken", nil, visible, func(b []byte) string {
			ids, _, err := listIDs(b, "afspraken", "")
			if err != nil {
				return err.Error()
			}
			var want []string
			if m != nil {
				for _, ag := range m.Agreements {
					want = append(want, ag.ID)
				}
			}
			return e.diffIDs(want, ids)
		})
	}
	for _, mid := range meetings {
		r.one("GET /api/v1/overleggen/{id}/afspraken/{afspraakId}", e.name(mid)+" × onbekende afspraak", "GET",
			"/api/v1/overleggen/"+mid+"/afspraken/"+un.agreements[1], nil, false, nil)
	}
	for _, ag := range w.agreements {
		for _, mid := range []string{ag.MeetingID} {
			r.one("GET /api/v1/overleggen/{id}/afspraken/{afspraakId}", e.name(mid)+" × "+e.name(ag.ID), "GET",
				"/api/v1/overleggen/"+mid+"/afspraken/"+ag.ID, nil, mid == ag.MeetingID && v.meetings[mid], func(b []byte) string {
					var got ga.Agreement
					if err := json.Unmarshal(b, &got); err != nil {
						return err.Error()
					}
					if got.ID != ag.ID || got.Description != ag.Description || got.ResponsiblePartnerID != ag.ResponsiblePartnerID ||
						got.PersonID != ag.PersonID || got.DueDate != ag.DueDate || got.DoneOn != ag.DoneOn {
						return fmt.Sprintf("%+v, in de database %+v", got, ag)
					}
					return ""
				})
		}
	}

	// Item search: everything, every item's distinctive words (one search
	// per item, so that each item the user may not see is searched for)
	// and a few words that occur in many items.
	terms := []string{"", "a", "JAYDEN", "mohamed", "Romano", "Lucas", "Noah", "Milan", "ADHD", "Groepsscan"}
	for _, it := range w.items {
		terms = append(terms, distinctiveTerm(w, it))
	}
	seen := map[string]bool{}
	for _, q := range terms {
		if seen[q] {
			continue
		}
		seen[q] = true
		e.searchTerms = append(e.searchTerms, q)
		obj := fmt.Sprintf("zoekterm %q", q)
		r.async(func() {
			if resp, ok := r.call("POST /api/v1/gegevens/_zoek", obj, "POST", "/api/v1/gegevens/_zoek", map[string]string{"zoekterm": q}); ok {
				r.search("POST /api/v1/gegevens/_zoek", obj, resp, v.visibleItems("", "", q), "gegevens", "aantal", nil, e.checkItems)
			}
		})
	}

	// Person search: every person's name, a surname in capitals, legal
	// representatives' names (which are not persons'), and everything.
	pterms := []string{"", "de", "BROUWER", "Sandra Brouwer", "Petra de Vries"}
	for _, p := range w.persons {
		pterms = append(pterms, p.Name)
	}
	seen = map[string]bool{}
	for _, q := range pterms {
		if seen[q] {
			continue
		}
		seen[q] = true
		e.searchTerms = append(e.searchTerms, q)
		obj := fmt.Sprintf("zoekterm %q", q)
		r.async(func() {
			if resp, ok := r.call("POST /api/v1/personen/_zoek", obj, "POST", "/api/v1/personen/_zoek", map[string]string{"zoekterm": q}); ok {
				r.search("POST /api/v1/personen/_zoek", obj, resp, v.personsNamed(q), "personen", "aantal", nil, func(b []byte) string {
					var got struct {
						Persons []storage.PersonView `json:"personen"`
					}
					if err := json.Unmarshal(b, &got); err != nil {
						return err.Error()
					}
					var d []string
					for _, pv := range got.Persons {
						if s := e.diffPersonView(v, pv.ID, pv); s != "" {
							d = append(d, s)
						}
					}
					return strings.Join(d, "; ")
				})
			}
		})
	}
	r.wg.Wait()
	return r.checks, r.ops
}

// The comparisons of one object with its raw row. Each returns "" or what
// differs.

func (e *env) diffGroup(got ga.Group) string {
	g := e.w.groupByID[got.ID]
	if g == nil {
		return "onbekende groep " + got.ID
	}
	var d []string
	if got.Name != g.Name || got.Area != g.Area || got.Form != g.Form || got.Step != g.Step {
		d = append(d, fmt.Sprintf("naam/wijk/vorm/stap %q/%q/%s/%s, in de database %q/%q/%s/%s", got.Name, got.Area, got.Form, got.Step, g.Name, g.Area, g.Form, g.Step))
	}
	if (got.Decision == nil) != (g.Decision == nil) {
		d = append(d, fmt.Sprintf("besluit %v, in de database %v", got.Decision != nil, g.Decision != nil))
	}
	if s := e.diffIDs(g.Participants, got.Participants); s != "" {
		d = append(d, "deelnemers: "+s)
	}
	if len(d) == 0 {
		return ""
	}
	return e.name(got.ID) + ": " + strings.Join(d, ", ")
}

func (e *env) diffPerson(got ga.Person) string {
	p := e.w.personByID[got.ID]
	if p == nil {
		return "onbekende persoon " + got.ID
	}
	var d []string
	if got.Name != p.Name || got.DateOfBirth != p.DateOfBirth || got.Address != p.Address || got.BSN != p.BSN ||
		got.BSNLegalGround != p.BSNLegalGround || got.SourcePartnerID != p.SourcePartnerID {
		d = append(d, "persoonsgegevens wijken af van de database")
	}
	var reps, want []string
	for _, r := range got.Representatives {
		reps = append(reps, r.ID)
		if !slices.Contains(p.Representatives, r) {
			d = append(d, "vertegenwoordiger "+r.Name+" wijkt af")
		}
	}
	for _, r := range p.Representatives {
		want = append(want, r.ID)
	}
	if s := e.diffIDs(want, reps); s != "" {
		d = append(d, "vertegenwoordigers: "+s)
	}
	if len(d) == 0 {
		return ""
	}
	return e.name(got.ID) + ": " + strings.Join(d, ", ")
}

func (e *env) diffPersonView(v *view, id string, got storage.PersonView) string {
	var d []string
	if got.ID != id {
		d = append(d, "persoon "+e.name(got.ID)+" in plaats van "+e.name(id))
	}
	if s := e.diffPerson(got.Person); s != "" {
		d = append(d, s)
	}
	var ms []string
	for _, m := range got.Memberships {
		ms = append(ms, m.ID)
		if s := e.diffMembership(m); s != "" {
			d = append(d, s)
		}
	}
	if s := e.diffIDs(v.personMemberships(got.ID), ms); s != "" {
		d = append(d, "lidmaatschappen van "+e.name(got.ID)+": "+s)
	}
	return strings.Join(d, "; ")
}

func (e *env) diffMembership(got ga.Membership) string {
	i := slices.IndexFunc(e.w.memberships, func(m ga.Membership) bool { return m.ID == got.ID })
	if i < 0 {
		return "onbekend lidmaatschap " + got.ID
	}
	if got != e.w.memberships[i] {
		return fmt.Sprintf("%s: %+v, in de database %+v", e.name(got.ID), got, e.w.memberships[i])
	}
	return ""
}

func (e *env) diffItem(got ga.Item) string {
	it := e.w.itemByID[got.ID]
	if it == nil {
		return "onbekend gegeven " + got.ID
	}
	if got.GroupID != it.GroupID || got.PersonID != it.PersonID || got.SourcePartnerID != it.SourcePartnerID || got.Category != it.Category ||
		got.Special != it.Special || got.Criminal != it.Criminal || got.Content != it.Content || got.Status != it.Status ||
		got.ConcernsDate != it.ConcernsDate || got.LegalGround != it.LegalGround || got.Necessity != it.Necessity {
		return e.name(got.ID) + ": wijkt af van de database"
	}
	return ""
}

// checkItems checks every item of a search answer against its row.
func (e *env) checkItems(b []byte) string {
	var got struct {
		Items []ga.Item `json:"gegevens"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		return err.Error()
	}
	return e.checkItemList(got.Items)
}

func (e *env) checkItemList(items []ga.Item) string {
	var d []string
	for _, it := range items {
		if s := e.diffItem(it); s != "" {
			d = append(d, s)
		}
	}
	return strings.Join(d, "; ")
}

func (e *env) diffMeasure(got ga.Measure) string {
	i := slices.IndexFunc(e.w.measures, func(m *ga.Measure) bool { return m.ID == got.ID })
	if i < 0 {
		return "onbekende maatregel " + got.ID
	}
	m := e.w.measures[i]
	if got.GroupID != m.GroupID || got.PersonID != m.PersonID || got.Kind != m.Kind || got.Description != m.Description ||
		got.ResponsiblePartnerID != m.ResponsiblePartnerID || got.Status != m.Status || got.Start != m.Start ||
		got.ReviewDate != m.ReviewDate || got.Result != m.Result {
		return e.name(got.ID) + ": wijkt af van de database"
	}
	return ""
}

func (e *env) diffMeeting(got ga.Meeting) string {
	m := e.w.meetingBy[got.ID]
	if m == nil {
		return "onbekend overleg " + got.ID
	}
	var d []string
	if got.GroupID != m.GroupID || got.Kind != m.Kind || got.HeldOn != m.HeldOn || got.Agenda != m.Agenda ||
		got.Minutes != m.Minutes || got.Decisions != m.Decisions {
		d = append(d, "velden wijken af van de database")
	}
	if s := e.diffIDs(m.PersonIDs, got.PersonIDs); s != "" {
		d = append(d, "personen: "+s)
	}
	if !sameInvitations(got.Invited, m.Invited) {
		d = append(d, "uitnodigingen: "+e.invitationNames(got.Invited))
	}
	var ags, want []string
	for _, ag := range got.Agreements {
		ags = append(ags, ag.ID)
	}
	for _, ag := range m.Agreements {
		want = append(want, ag.ID)
	}
	if s := e.diffIDs(want, ags); s != "" {
		d = append(d, "afspraken: "+s)
	}
	if len(d) == 0 {
		return ""
	}
	return e.name(got.ID) + ": " + strings.Join(d, ", ")
}

func sameInvitations(a, b []ga.Invitation) bool {
	key := func(in []ga.Invitation) []string {
		var out []string
		for _, i := range in {
			s := i.PartnerID + "|"
			if i.Attended != nil {
				s += fmt.Sprint(*i.Attended)
			}
			out = append(out, s)
		}
		sort.Strings(out)
		return out
	}
	return slices.Equal(key(a), key(b))
}

func (e *env) invitationNames(in []ga.Invitation) string {
	var out []string
	for _, i := range in {
		s := e.name(i.PartnerID)
		if i.Attended != nil {
			s += fmt.Sprintf(" (aanwezig: %v)", *i.Attended)
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return "[" + strings.Join(out, "; ") + "]"
}

func (e *env) involvementNames(keys []string) string {
	var out []string
	for _, k := range keys {
		f := strings.SplitN(k, "|", 3)
		out = append(out, strings.TrimSpace(e.name(f[0])+" "+f[1]+" "+f[2]))
	}
	return "[" + strings.Join(out, "; ") + "]"
}
