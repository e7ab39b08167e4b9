package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Refused writes: SPEC §3 has an object the viewer may not see answer "not
// found or no access" exactly as an id that does not exist, for actions as
// well as reads, so that trying to change something never reveals that it
// exists. Every casework action of the API and a few forms of the web are
// tried as every user on objects the user may not see (one of each kind
// per action, two hidden members and memberships), and on objects it may see with a part it may not see
// (a membership of a visible person in a group where the user may not see
// it, a member of a visible group the user may not see); each answer must
// be the answer to the same request with an unknown id. The requests are
// valid apart from the id, so that they reach the need-to-know check. None
// may change anything: the raw rows are compared before and after.

// writeRun tries the writes of one user.
type writeRun struct {
	e  *env
	u  *user
	v  *view
	mm *mismatches
	// unknown caches the answer to each request with unknown ids.
	unknown map[string]response
	checks  int
	ops     map[string]bool
}

// pair sends a request naming something hidden and the same request
// naming an unknown id instead, and compares the answers.
func (r *writeRun) pair(op, object, method, hiddenPath string, hiddenBody any, unknownPath string, unknownBody any) {
	r.ops[op] = true
	r.checks++
	key := method + " " + unknownPath + " " + jsonString(unknownBody)
	un, ok := r.unknown[key]
	if !ok {
		un = r.e.api(r.u, method, unknownPath, unknownBody, "")
		r.unknown[key] = un
		r.checks++
		if un.status < 400 {
			r.fail(op, "onbekend id", "een weigering", fmt.Sprintf("%d %s", un.status, excerpt(un.body)))
		}
	}
	got := r.e.api(r.u, method, hiddenPath, hiddenBody, "")
	if got.status != un.status || normalProblem(got.body) != normalProblem(un.body) {
		r.fail(op, object, fmt.Sprintf("hetzelfde antwoord als voor een onbekend id: %d %s", un.status, excerpt(un.body)),
			fmt.Sprintf("%d %s", got.status, excerpt(got.body)))
	}
}

func (r *writeRun) fail(op, object, expected, got string) { r.mm.add(r.u, op, object, expected, got) }

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// some returns one of the ids, so that each kind of refusal is tried
// without trying every object for every action (the reads above try every
// object).
func some(ids []string) []string {
	if len(ids) <= 1 {
		return ids
	}
	return ids[len(ids)/2 : len(ids)/2+1]
}

// runWrites tries every casework action on what each user may not see.
func (e *env) runWrites(t *testing.T) {
	un := newUnknowns()
	mm := &mismatches{}
	total := 0
	ops := map[string]bool{}
	before := e.snapshot(t)
	for _, u := range e.users {
		if !u.content {
			continue // their refusal by role is checked for reads; it is the same middleware
		}
		r := &writeRun{e: e, u: u, v: u.v, mm: mm, unknown: map[string]response{}, ops: map[string]bool{}}
		r.run(un)
		total += r.checks
		for k := range r.ops {
			ops[k] = true
		}
	}
	t.Logf("writes: %d users × %d actions: %d requests on hidden objects and unknown ids", len(e.users)-2, len(ops), total)
	mm.report(t, "writes")
	if after := e.snapshot(t); after != before {
		t.Errorf("refused writes changed the casework rows:\n%s", lineDiff(before, after))
	}
}

func (r *writeRun) run(un unknowns) {
	e, w, v := r.e, r.e.w, r.v
	own := r.u.actor.PartnerID
	today := string(ga.DateOf(e.clock.Peek()))

	var hiddenGroups, hiddenPersons, hiddenItems, hiddenMeasures, hiddenMeetings []string
	for _, g := range w.groups {
		if !v.groups[g.ID] {
			hiddenGroups = append(hiddenGroups, g.ID)
		}
	}
	for _, p := range w.persons {
		if !v.persons[p.ID] {
			hiddenPersons = append(hiddenPersons, p.ID)
		}
	}
	for _, it := range w.items {
		if !v.items[it.ID] {
			hiddenItems = append(hiddenItems, it.ID)
		}
	}
	for _, m := range w.measures {
		if !v.measures[m.ID] {
			hiddenMeasures = append(hiddenMeasures, m.ID)
		}
	}
	for _, m := range w.meetings {
		if !v.meetings[m.ID] {
			hiddenMeetings = append(hiddenMeetings, m.ID)
		}
	}
	ug, up, ui, ums, umt := un.groups[0], un.persons[0], un.items[0], un.measures[0], un.meetings[0]

	// Groups.
	groupBodies := []struct {
		op, suffix, method string
		body               any
	}{
		{"PUT /api/v1/groepen/{id}", "", "PUT", map[string]string{"naam": "E2E", "wijk": "E2E", "vorm": "groep"}},
		{"POST /api/v1/groepen/{id}/stappen", "/stappen", "POST", map[string]string{"naar": "afgesloten", "reden": "e2e", "evaluatie": "e2e"}},
		{"POST /api/v1/groepen/{id}/probleemanalyse", "/probleemanalyse", "POST", map[string]any{"problematisch": true, "reden": "e2e"}},
		{"POST /api/v1/groepen/{id}/besluit", "/besluit", "POST", map[string]any{"besluitdatum": today, "aanwezigen": []string{"E2E"},
			"groepsaanpakStart": true, "uitwisselingToegestaan": true, "motivering": "e2e"}},
		{"POST /api/v1/groepen/{id}/deelnemers", "/deelnemers", "POST", map[string]string{"partnerId": own}},
		{"DELETE /api/v1/groepen/{id}/deelnemers/{partnerId}", "/deelnemers/" + own, "DELETE", nil},
		{"PUT /api/v1/plannen/{groepId}", "", "PUT", map[string]string{"analyse": "e2e", "doelen": "e2e"}},
		{"POST /api/v1/plannen/{groepId}/vaststelling", "/vaststelling", "POST", map[string]string{"vastgesteldOp": today}},
	}
	for _, g := range some(hiddenGroups) {
		for _, b := range groupBodies {
			base := "/api/v1/groepen/"
			if strings.Contains(b.op, "plannen") {
				base = "/api/v1/plannen/"
			}
			r.pair(b.op, e.name(g), b.method, base+g+b.suffix, b.body, base+ug+b.suffix, b.body)
		}
		// Creating something in a hidden group.
		r.pair("POST /api/v1/personen", "groepId "+e.name(g), "POST", "/api/v1/personen", personBody(g, today), "/api/v1/personen", personBody(ug, today))
		r.pair("POST /api/v1/gegevens", "groepId "+e.name(g), "POST", "/api/v1/gegevens", itemBody(g, "", r.u, e), "/api/v1/gegevens", itemBody(ug, "", r.u, e))
		r.pair("POST /api/v1/maatregelen", "groepId "+e.name(g), "POST", "/api/v1/maatregelen", measureBody(g, "", own, today), "/api/v1/maatregelen", measureBody(ug, "", own, today))
		r.pair("POST /api/v1/overleggen", "groepId "+e.name(g), "POST", "/api/v1/overleggen", meetingBody(g, nil, today), "/api/v1/overleggen", meetingBody(ug, nil, today))
	}

	// Members the user may not see: of hidden groups, and hidden members
	// of groups it may see.
	var hiddenMembers [][2]string
	for _, m := range w.memberships {
		if !v.members[m.ID] {
			hiddenMembers = append(hiddenMembers, [2]string{m.GroupID, m.PersonID})
		}
	}
	if len(hiddenMembers) > 2 {
		hiddenMembers = [][2]string{hiddenMembers[0], hiddenMembers[len(hiddenMembers)-1]}
	}
	for _, gp := range hiddenMembers {
		g, p := gp[0], gp[1]
		obj := e.name(g) + " × " + e.name(p)
		// The unknown counterpart keeps the group when the user sees it.
		ugroup := ug
		if v.groups[g] {
			ugroup = g
		}
		r.pair("POST /api/v1/groepen/{id}/leden/{persoonId}/betrokkenheden", obj, "POST",
			"/api/v1/groepen/"+g+"/leden/"+p+"/betrokkenheden", map[string]string{"partnerId": own, "reden": "e2e"},
			"/api/v1/groepen/"+ugroup+"/leden/"+up+"/betrokkenheden", map[string]string{"partnerId": own, "reden": "e2e"})
		r.pair("POST /api/v1/groepen/{id}/leden/{persoonId}/betrokkenheden/{partnerId}/beeindiging", obj, "POST",
			"/api/v1/groepen/"+g+"/leden/"+p+"/betrokkenheden/"+own+"/beeindiging", map[string]string{"reden": "e2e"},
			"/api/v1/groepen/"+ugroup+"/leden/"+up+"/betrokkenheden/"+own+"/beeindiging", map[string]string{"reden": "e2e"})
		if v.groups[g] {
			// About a hidden member of a visible group.
			r.pair("POST /api/v1/gegevens", "persoonId "+obj, "POST", "/api/v1/gegevens", itemBody(g, p, r.u, e), "/api/v1/gegevens", itemBody(g, up, r.u, e))
			r.pair("POST /api/v1/maatregelen", "persoonId "+obj, "POST", "/api/v1/maatregelen", measureBody(g, p, own, today), "/api/v1/maatregelen", measureBody(g, up, own, today))
			r.pair("POST /api/v1/overleggen", "persoonIds "+obj, "POST", "/api/v1/overleggen", meetingBody(g, []string{p}, today), "/api/v1/overleggen", meetingBody(g, []string{up}, today))
		}
	}

	// Persons.
	rep := map[string]string{"naam": "E2E", "relatie": "voogd", "adres": "E2E"}
	for _, p := range some(hiddenPersons) {
		obj := e.name(p)
		r.pair("PUT /api/v1/personen/{id}", obj, "PUT", "/api/v1/personen/"+p, personUpdateBody(), "/api/v1/personen/"+up, personUpdateBody())
		var someGroup string
		for _, g := range w.groups {
			if v.groups[g.ID] && g.Participates(own) {
				someGroup = g.ID
			}
		}
		if someGroup != "" {
			body := map[string]string{"groepId": someGroup, "rol": "meeloper", "startdatum": today}
			r.pair("POST /api/v1/personen/{id}/lidmaatschappen", obj, "POST", "/api/v1/personen/"+p+"/lidmaatschappen", body, "/api/v1/personen/"+up+"/lidmaatschappen", body)
		}
		r.pair("POST /api/v1/personen/{id}/vertegenwoordigers", obj, "POST", "/api/v1/personen/"+p+"/vertegenwoordigers", rep, "/api/v1/personen/"+up+"/vertegenwoordigers", rep)
	}
	// A legal representative of a person the user may not see.
	for _, p := range hiddenPersons {
		person := w.personByID[p]
		if len(person.Representatives) == 0 {
			continue
		}
		obj := e.name(p)
		for _, rp := range person.Representatives[:1] {
			r.pair("PUT /api/v1/personen/{id}/vertegenwoordigers/{vertegenwoordigerId}", obj+" × "+e.name(rp.ID), "PUT",
				"/api/v1/personen/"+p+"/vertegenwoordigers/"+rp.ID, rep, "/api/v1/personen/"+up+"/vertegenwoordigers/"+un.representatives[0], rep)
			r.pair("DELETE /api/v1/personen/{id}/vertegenwoordigers/{vertegenwoordigerId}", obj+" × "+e.name(rp.ID), "DELETE",
				"/api/v1/personen/"+p+"/vertegenwoordigers/"+rp.ID, nil, "/api/v1/personen/"+up+"/vertegenwoordigers/"+un.representatives[0], nil)
		}
		break
	}
	// Memberships the user may not see, under their person (whom the user
	// may see through another group, or not at all).
	var hiddenMemberships []ga.Membership
	for _, m := range w.memberships {
		if !v.members[m.ID] {
			hiddenMemberships = append(hiddenMemberships, m)
		}
	}
	if len(hiddenMemberships) > 2 {
		hiddenMemberships = []ga.Membership{hiddenMemberships[0], hiddenMemberships[len(hiddenMemberships)-1]}
	}
	for _, m := range hiddenMemberships {
		uperson := up
		if v.persons[m.PersonID] {
			uperson = m.PersonID
		}
		end := map[string]string{"einddatum": today}
		r.pair("POST /api/v1/personen/{id}/lidmaatschappen/{lidmaatschapId}/beeindiging", e.name(m.PersonID)+" × "+e.name(m.ID), "POST",
			"/api/v1/personen/"+m.PersonID+"/lidmaatschappen/"+m.ID+"/beeindiging", end,
			"/api/v1/personen/"+uperson+"/lidmaatschappen/"+un.memberships[0]+"/beeindiging", end)
	}

	// Items.
	for _, id := range some(hiddenItems) {
		obj := e.name(id)
		upd := itemBody("", "", r.u, e)
		delete(upd, "groepId")
		r.pair("PUT /api/v1/gegevens/{id}", obj, "PUT", "/api/v1/gegevens/"+id, upd, "/api/v1/gegevens/"+ui, upd)
		share := map[string]string{"partnerId": w.itemByID[id].SourcePartnerID}
		for pid := range w.partners {
			if pid != w.itemByID[id].SourcePartnerID {
				share["partnerId"] = pid
				break
			}
		}
		r.pair("POST /api/v1/gegevens/{id}/delingen", obj, "POST", "/api/v1/gegevens/"+id+"/delingen", share, "/api/v1/gegevens/"+ui+"/delingen", share)
		r.pair("DELETE /api/v1/gegevens/{id}/delingen/{partnerId}", obj, "DELETE", "/api/v1/gegevens/"+id+"/delingen/"+share["partnerId"], nil,
			"/api/v1/gegevens/"+ui+"/delingen/"+share["partnerId"], nil)
	}

	// Measures.
	for _, id := range some(hiddenMeasures) {
		m := e.measure(id)
		body := map[string]string{"soort": string(m.Kind), "omschrijving": "e2e", "verantwoordelijkePartnerId": m.ResponsiblePartnerID,
			"status": "lopend", "startdatum": string(m.Start), "evaluatiedatum": string(m.ReviewDate)}
		if m.PersonID != "" {
			body["persoonId"] = m.PersonID
		}
		r.pair("PUT /api/v1/maatregelen/{id}", e.name(id), "PUT", "/api/v1/maatregelen/"+id, body, "/api/v1/maatregelen/"+ums, body)
	}

	// Meetings.
	for _, id := range some(hiddenMeetings) {
		obj := e.name(id)
		m := w.meetingBy[id]
		for _, x := range []struct {
			op, suffix, method string
			body               any
		}{
			{"PUT /api/v1/overleggen/{id}", "", "PUT", map[string]string{"datum": string(m.HeldOn), "agenda": "e2e"}},
			{"POST /api/v1/overleggen/{id}/uitnodigingen", "/uitnodigingen", "POST", map[string]string{"partnerId": own}},
			{"DELETE /api/v1/overleggen/{id}/uitnodigingen/{partnerId}", "/uitnodigingen/" + own, "DELETE", nil},
			{"POST /api/v1/overleggen/{id}/aanwezigheid", "/aanwezigheid", "POST", map[string]any{"partnerId": own, "aanwezig": true}},
			{"POST /api/v1/overleggen/{id}/afspraken", "/afspraken", "POST", map[string]string{"omschrijving": "e2e", "verantwoordelijkePartnerId": own, "uiterlijk": today}},
		} {
			r.pair(x.op, obj, x.method, "/api/v1/overleggen/"+id+x.suffix, x.body, "/api/v1/overleggen/"+umt+x.suffix, x.body)
		}
		for _, ag := range m.Agreements[:min(1, len(m.Agreements))] {
			done := map[string]string{"uitgevoerdOp": today}
			r.pair("POST /api/v1/overleggen/{id}/afspraken/{afspraakId}/uitvoering", obj+" × "+e.name(ag.ID), "POST",
				"/api/v1/overleggen/"+id+"/afspraken/"+ag.ID+"/uitvoering", done, "/api/v1/overleggen/"+umt+"/afspraken/"+un.agreements[0]+"/uitvoering", done)
		}
	}

	r.forms(un, hiddenGroups, hiddenPersons, hiddenItems, hiddenMeasures, hiddenMeetings)
}

func personBody(groupID, today string) map[string]any {
	return map[string]any{"groepId": groupID, "naam": "E2E Persoon", "geboortedatum": "2008-01-01", "adres": "E2E",
		"lidmaatschap": map[string]string{"rol": "meeloper", "startdatum": today}}
}

func personUpdateBody() map[string]string {
	return map[string]string{"naam": "E2E Persoon", "geboortedatum": "2008-01-01", "adres": "E2E"}
}

// itemBody is a valid item of the user's partner; police items name the
// Wpg art 20 decision in force.
func itemBody(groupID, personID string, u *user, e *env) map[string]any {
	b := map[string]any{"groepId": groupID, "categorie": "E2E", "grondslag": "e2e", "inhoud": "e2e", "betreftDatum": "2026-11-01"}
	if personID != "" {
		b["persoonId"] = personID
	}
	if u.actor.PartnerKind == ga.KindPolitie {
		var id string
		e.db.SQL().QueryRow(`SELECT id FROM wpg20_decisions`).Scan(&id)
		b["wpg20BesluitId"] = id
	}
	return b
}

func measureBody(groupID, personID, partnerID, today string) map[string]string {
	b := map[string]string{"groepId": groupID, "soort": "zorg", "omschrijving": "e2e", "verantwoordelijkePartnerId": partnerID,
		"status": "gepland", "startdatum": today, "evaluatiedatum": today}
	if personID != "" {
		b["persoonId"] = personID
	}
	return b
}

func meetingBody(groupID string, persons []string, today string) map[string]any {
	b := map[string]any{"groepId": groupID, "soort": "groep", "datum": today, "agenda": "e2e"}
	if len(persons) > 0 {
		b["soort"] = "individu"
		b["persoonIds"] = persons
	}
	return b
}

// forms tries the web's forms on hidden objects: each answer must be the
// page an unknown id gets.
func (r *writeRun) forms(un unknowns, groups, persons, items, measures, meetings []string) {
	e := r.e
	hc := r.u.web
	if hc == nil {
		return
	}
	today := string(ga.DateOf(e.clock.Peek()))
	post := func(path string, form url.Values) response {
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", e.srv.URL)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		return e.do(hc, req)
	}
	try := func(op, object, hiddenPath, unknownPath string, hiddenForm, unknownForm url.Values) {
		r.ops[op] = true
		r.checks += 2
		un := post(unknownPath, unknownForm)
		got := post(hiddenPath, hiddenForm)
		if got.status != un.status || normalPage(got.body, hiddenPath) != normalPage(un.body, unknownPath) {
			r.fail(op, object, fmt.Sprintf("dezelfde pagina als voor een onbekend id (%d)", un.status),
				fmt.Sprintf("%d, %s", got.status, pageDiff(normalPage(un.body, unknownPath), normalPage(got.body, hiddenPath))))
		}
		if un.status < 400 {
			r.fail(op, "onbekend id", "een weigering", fmt.Sprint(un.status))
		}
	}
	same := func(f url.Values) (url.Values, url.Values) { return f, f }
	for _, g := range some(groups) {
		h, u := same(url.Values{"naar": {"afgesloten"}, "reden": {"e2e"}})
		try("POST /groepen/{id}/stap", e.name(g), "/groepen/"+g+"/stap", "/groepen/"+un.groups[0]+"/stap", h, u)
		h, u = same(url.Values{"analyse": {"e2e"}, "doelen": {"e2e"}})
		try("POST /groepen/{id}/plan", e.name(g), "/groepen/"+g+"/plan", "/groepen/"+un.groups[0]+"/plan", h, u)
	}
	for _, p := range some(persons) {
		h, u := same(url.Values{"naam": {"E2E"}, "geboortedatum": {"2008-01-01"}, "adres": {"E2E"}})
		try("POST /personen/{id}", e.name(p), "/personen/"+p, "/personen/"+un.persons[0], h, u)
	}
	// A membership the user may not see, ended from its person's page.
	for _, m := range r.e.w.memberships {
		if r.v.members[m.ID] {
			continue
		}
		person := un.persons[0]
		if r.v.persons[m.PersonID] {
			person = m.PersonID
		}
		try("POST /personen/{id}/lidmaatschappen/beeindigen", e.name(m.PersonID)+" × "+e.name(m.ID),
			"/personen/"+m.PersonID+"/lidmaatschappen/beeindigen", "/personen/"+person+"/lidmaatschappen/beeindigen",
			url.Values{"lidmaatschapId": {m.ID}, "einddatum": {today}}, url.Values{"lidmaatschapId": {un.memberships[0]}, "einddatum": {today}})
		break
	}
	for _, id := range some(items) {
		h, u := same(url.Values{"categorie": {"E2E"}, "grondslag": {"e2e"}, "inhoud": {"e2e"}, "betreftDatum": {"2026-11-01"}})
		try("POST /gegevens/{id}", e.name(id), "/gegevens/"+id, "/gegevens/"+un.items[0], h, u)
	}
	for _, id := range some(measures) {
		h, u := same(url.Values{"status": {"lopend"}, "resultaat": {"e2e"}})
		try("POST /maatregelen/{id}", e.name(id), "/maatregelen/"+id, "/maatregelen/"+un.measures[0], h, u)
	}
	for _, id := range some(meetings) {
		h, u := same(url.Values{"datum": {today}, "agenda": {"e2e"}})
		try("POST /overleggen/{id}", e.name(id), "/overleggen/"+id, "/overleggen/"+un.meetings[0], h, u)
	}
}

// snapshot is every casework row as text, to show that refused writes
// changed nothing.
func (e *env) snapshot(t *testing.T) string {
	t.Helper()
	var lines []string
	for _, q := range []string{
		`SELECT id, name, area, form, step, decided_on, closed_at FROM groups`,
		`SELECT group_id, partner_id FROM group_participants`,
		`SELECT id, group_id, from_step, to_step FROM group_transitions`,
		`SELECT group_id, analysis, goals, adopted_on FROM plans`,
		`SELECT id, name, date_of_birth, address FROM persons`,
		`SELECT id, person_id, name, relationship, address FROM representatives`,
		`SELECT id, group_id, person_id, role, start_date, end_date FROM memberships`,
		`SELECT group_id, person_id, partner_id, reason, ended_at FROM involvements`,
		`SELECT id, category, content, status, updated_at FROM items`,
		`SELECT item_id, partner_id FROM item_shares`,
		`SELECT id, description, status, result, updated_at FROM measures`,
		`SELECT id, held_on, agenda, minutes, decisions, updated_at FROM meetings`,
		`SELECT meeting_id, person_id FROM meeting_persons`,
		`SELECT meeting_id, partner_id, attended FROM meeting_invitations`,
		`SELECT id, description, due_date, done_on FROM agreements`,
	} {
		rows, err := e.db.SQL().Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, q[7:strings.Index(q, " FROM")]+" | "+fmt.Sprint(vals...))
		}
		rows.Close()
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func lineDiff(a, b string) string {
	as, bs := setOf(strings.Split(a, "\n")), setOf(strings.Split(b, "\n"))
	var out []string
	for l := range as {
		if !bs[l] {
			out = append(out, "- "+l)
		}
	}
	for l := range bs {
		if !as[l] {
			out = append(out, "+ "+l)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}
