package demo

import (
	"bytes"
	"context"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// demoNow is the instant the tests load the demo at: late November 2026,
// after every dated event of the scenario, so that what the tests see does
// not depend on the day they run. The clock advances a millisecond per
// reading, as a real one would between actions.
var demoNow = time.Date(2026, 11, 27, 10, 0, 0, 0, ga.Amsterdam)

func fixedClock() func() time.Time {
	var mu sync.Mutex
	t := demoNow
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(time.Millisecond)
		return t
	}
}

func systemCtx() context.Context {
	return ga.WithActor(context.Background(), ga.SystemActor("demo"))
}

// demo is a loaded demo database with a way to act as its users.
type demo struct {
	t      testing.TB
	db     *storage.DB
	logins []Login
	// items maps an item's content to the key of its spec.
	items map[string]string
}

func loadDemo(t *testing.T, now func() time.Time) *demo {
	t.Helper()
	db := storagetest.Open(t, storagetest.Options{Now: now})
	start := time.Now()
	logins, err := LoadIfEmpty(systemCtx(), db)
	if err != nil {
		t.Fatalf("LoadIfEmpty: %v", err)
	}
	t.Logf("demo loaded in %v on %s", time.Since(start).Round(time.Millisecond), db.Dialect())
	d := &demo{t: t, db: db, logins: logins, items: map[string]string{}}
	for _, s := range allItems() {
		if _, dup := d.items[s.content]; dup {
			t.Fatalf("two demo items share the content of %s", s.key)
		}
		d.items[s.content] = s.key
	}
	return d
}

func allItems() []itemSpec {
	out := slices.Concat(signalItems, scanItems, planItems, springItems, laterItems, noorderparkItems)
	return append(out, kevinItem, iliasItem)
}

// as returns a context acting as the demo user with the given key, who has
// accepted the confidentiality duty (as a user does at first login).
func (d *demo) as(key string) context.Context {
	d.t.Helper()
	var email string
	for _, u := range users {
		if u.key == key {
			email = u.email
		}
	}
	u, err := d.db.UserByEmail(systemCtx(), email)
	if err != nil {
		d.t.Fatalf("user %s: %v", key, err)
	}
	a, err := d.db.Actor(systemCtx(), u.ID)
	if err != nil {
		d.t.Fatalf("actor %s: %v", key, err)
	}
	ctx := ga.WithActor(context.Background(), a)
	if slices.ContainsFunc(a.Roles, ga.Role.ContentRole) {
		if err := d.db.AcceptConfidentiality(ctx); err != nil {
			d.t.Fatalf("confidentiality %s: %v", key, err)
		}
	}
	return ctx
}

func (d *demo) count(query string, args ...any) int {
	d.t.Helper()
	var n int
	if err := d.db.SQL().QueryRow(query, args...).Scan(&n); err != nil {
		d.t.Fatalf("%s: %v", query, err)
	}
	return n
}

func (d *demo) groups() (station, noorderpark *ga.Group) {
	d.t.Helper()
	gs, err := d.db.Groups(d.as("cora"))
	if err != nil {
		d.t.Fatalf("Groups: %v", err)
	}
	for i := range gs {
		switch gs[i].Name {
		case "Groep Stationsplein":
			station = &gs[i]
		case "Netwerk Noorderpark":
			noorderpark = &gs[i]
		}
	}
	if station == nil || noorderpark == nil || len(gs) != 2 {
		d.t.Fatalf("the coordinator sees groups %v, want Groep Stationsplein and Netwerk Noorderpark", gs)
	}
	return station, noorderpark
}

func TestDemo(t *testing.T) {
	d := loadDemo(t, fixedClock())
	// The audit lines the load wrote, before the tests below add their own
	// (some of them refusals on purpose).
	loaded := int64(d.count(`SELECT count(*) FROM log_entries WHERE log = 'audit'`))
	station, noorderpark := d.groups()

	t.Run("loading again does nothing", func(t *testing.T) {
		tables := []string{"partners", "users", "groups", "persons", "memberships", "items", "measures", "meetings", "agreements", "plans", "log_entries"}
		before := map[string]int{}
		for _, tb := range tables {
			before[tb] = d.count(`SELECT count(*) FROM ` + tb)
		}
		logins, err := LoadIfEmpty(systemCtx(), d.db)
		if err != nil {
			t.Fatalf("second LoadIfEmpty: %v", err)
		}
		for _, tb := range tables {
			if tb == "log_entries" {
				continue // reading the logins may be audited
			}
			if n := d.count(`SELECT count(*) FROM ` + tb); n != before[tb] {
				t.Errorf("%s: %d rows after loading again, want %d", tb, n, before[tb])
			}
		}
		if len(logins) != len(d.logins) || len(logins) != len(users) {
			t.Errorf("second load returned %d logins, first %d, want %d", len(logins), len(d.logins), len(users))
		}
		for i := range logins {
			if !sameLogin(logins[i], d.logins[i]) {
				t.Errorf("login %d differs after loading again: %+v vs %+v", i, logins[i], d.logins[i])
			}
		}
	})

	t.Run("the groups are in their steps", func(t *testing.T) {
		if station.Step != ga.StepExecution {
			t.Errorf("Groep Stationsplein is in step %s, want uitvoering", station.Step)
		}
		if station.Decision == nil || !station.Decision.ApproachStarts || !station.Decision.ExchangeAuthorised || station.Decision.DecidedOn != "2026-03-05" {
			t.Errorf("Groep Stationsplein decision = %+v, want the approach started with exchange on 2026-03-05", station.Decision)
		}
		if station.Problematic == nil || !*station.Problematic {
			t.Error("Groep Stationsplein: 2A not answered problematic")
		}
		if noorderpark.Step != ga.StepDecision || noorderpark.Decision != nil || noorderpark.Form != ga.FormNetwork {
			t.Errorf("Netwerk Noorderpark: step %s, decision %+v, form %s; want besluit, none, netwerk", noorderpark.Step, noorderpark.Decision, noorderpark.Form)
		}
		plan, err := d.db.Plan(d.as("cora"), station.ID)
		if err != nil || !plan.Adopted() || plan.AdoptedOn != "2026-04-02" {
			t.Errorf("Plan van Aanpak Stationsplein = %+v, %v; want adopted on 2026-04-02", plan, err)
		}
		draft, err := d.db.Plan(d.as("cora"), noorderpark.ID)
		if err != nil || draft.Adopted() {
			t.Errorf("draft plan Noorderpark = %+v, %v; want a draft", draft, err)
		}
		tr, err := d.db.Transitions(d.as("cora"), station.ID)
		if err != nil {
			t.Fatal(err)
		}
		var steps []ga.Step
		for _, x := range tr {
			if x.From != x.To {
				steps = append(steps, x.To)
			}
		}
		want := []ga.Step{ga.StepSignals, ga.StepInformation, ga.StepPicture, ga.StepDecision, ga.StepPlan, ga.StepExecution}
		if !slices.Equal(steps, want) {
			t.Errorf("Stationsplein went through %v, want %v", steps, want)
		}
	})

	t.Run("counts match the scenario", func(t *testing.T) {
		checks := []struct {
			what  string
			query string
			want  int
			args  []any
		}{
			{"persons", `SELECT count(*) FROM persons`, 15, nil},
			{"memberships of Stationsplein", `SELECT count(*) FROM memberships WHERE group_id = $1`, 11, []any{station.ID}},
			{"memberships of Noorderpark", `SELECT count(*) FROM memberships WHERE group_id = $1`, 5, []any{noorderpark.ID}},
			{"ended memberships", `SELECT count(*) FROM memberships WHERE end_date <> ''`, 1, nil},
			{"aanwas memberships", `SELECT count(*) FROM memberships WHERE role = 'aanwas'`, 3, nil},
			{"persons in both groups", `SELECT count(*) FROM persons p WHERE EXISTS (SELECT 1 FROM memberships a WHERE a.person_id = p.id AND a.group_id = $1)
				AND EXISTS (SELECT 1 FROM memberships b WHERE b.person_id = p.id AND b.group_id = $2)`, 1, []any{station.ID, noorderpark.ID}},
			{"persons with legal representatives", `SELECT count(DISTINCT person_id) FROM representatives`, 6, nil},
			{"legal representatives", `SELECT count(*) FROM representatives`, 8, nil},
			{"items", `SELECT count(*) FROM items`, 26, nil},
			{"special items", `SELECT count(*) FROM items WHERE special`, 3, nil},
			{"criminal items", `SELECT count(*) FROM items WHERE criminal`, 10, nil},
			{"items about the groups", `SELECT count(*) FROM items WHERE person_id IS NULL`, 6, nil},
			{"police items referring to the Wpg art 20 decision", `SELECT count(*) FROM items i JOIN partners pt ON pt.id = i.source_partner_id
				WHERE pt.kind = 'politie' AND i.wpg20_decision_id <> ''`, 9, nil},
			{"explicit shares", `SELECT count(*) FROM item_shares`, 1, nil},
			{"measures", `SELECT count(*) FROM measures`, 10, nil},
			{"measures aimed at the group", `SELECT count(*) FROM measures WHERE person_id IS NULL`, 3, nil},
			{"bestuursrechtelijke measures", `SELECT count(*) FROM measures WHERE kind = 'bestuursrechtelijk'`, 2, nil},
			{"strafrechtelijke measures", `SELECT count(*) FROM measures WHERE kind = 'strafrechtelijk'`, 2, nil},
			{"privaatrechtelijke measures", `SELECT count(*) FROM measures WHERE kind = 'privaatrechtelijk'`, 2, nil},
			{"zorg measures", `SELECT count(*) FROM measures WHERE kind = 'zorg'`, 4, nil},
			{"finished measures", `SELECT count(*) FROM measures WHERE status = 'afgerond'`, 1, nil},
			{"group meetings", `SELECT count(*) FROM meetings WHERE kind = 'groep'`, 1, nil},
			{"individual meetings", `SELECT count(*) FROM meetings WHERE kind = 'individu'`, 1, nil},
			{"agreements", `SELECT count(*) FROM agreements`, 6, nil},
			{"agreements done", `SELECT count(*) FROM agreements WHERE done_on <> ''`, 4, nil},
			{"plans", `SELECT count(*) FROM plans`, 2, nil},
			{"registered involvements", `SELECT count(*) FROM involvements WHERE ended_at IS NULL`, 2, nil},
			{"demo users", `SELECT count(*) FROM users WHERE demo`, len(users), nil},
		}
		for _, c := range checks {
			if n := d.count(c.query, c.args...); n != c.want {
				t.Errorf("%s: %d, want %d", c.what, n, c.want)
			}
		}
		perPartner := map[string]int{}
		rows, err := d.db.SQL().Query(`SELECT pt.name, count(*) FROM items i JOIN partners pt ON pt.id = i.source_partner_id GROUP BY pt.name`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var name string
			var n int
			if err := rows.Scan(&name, &n); err != nil {
				t.Fatal(err)
			}
			perPartner[name] = n
		}
		want := map[string]int{}
		for _, s := range allItems() {
			want[partnerName(partnerOf(s.by))]++
		}
		wantCounts := map[string]int{"gemeente": 3, "politie": 9, "om": 2, "jeugdhulp": 3, "veiligthuis": 1, "halt": 1, "school": 3, "woning": 2, "leerplicht": 2}
		for key, n := range wantCounts {
			if perPartner[partnerName(key)] != n || want[partnerName(key)] != n {
				t.Errorf("items of %s: %d stored, %d in the scenario, want %d", key, perPartner[partnerName(key)], want[partnerName(key)], n)
			}
		}
		if len(perPartner) != len(partners) {
			t.Errorf("items come from %d partners, want all %d", len(perPartner), len(partners))
		}
	})

	t.Run("under-16s have legal representatives", func(t *testing.T) {
		ps, err := d.db.Persons(d.as("willem"), storage.PersonFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 15 {
			t.Fatalf("the police sees %d persons, want all 15", len(ps))
		}
		for _, p := range ps {
			age := p.AgeOn(demoNow)
			if age < 13 || age > 22 {
				t.Errorf("%s is %d, want 13 to 22", p.Name, age)
			}
			if p.Under16(demoNow) && len(p.Representatives) == 0 {
				t.Errorf("%s is under 16 without a legal representative", p.Name)
			}
		}
	})

	t.Run("before the decision only the police sees the Noorderpark name list", func(t *testing.T) {
		names := func(user string) []string {
			t.Helper()
			ms, err := d.db.Members(d.as(user), noorderpark.ID)
			if err != nil {
				t.Fatalf("Members(Noorderpark) as %s: %v", user, err)
			}
			var out []string
			for _, m := range ms {
				out = append(out, m.Person.Name)
			}
			return out
		}
		want := []string{"Damian Kramer", "Milan de Vries", "Mohamed El Amrani", "Rayan Aydin", "Stefano Smits"}
		for _, u := range []string{"willem", "tamara"} {
			if got := names(u); !slices.Equal(got, want) {
				t.Errorf("%s sees the Noorderpark name list %v, want %v", u, got, want)
			}
		}
		for _, u := range []string{"cora", "dirk", "otto"} {
			if got := names(u); len(got) != 0 {
				t.Errorf("%s sees Noorderpark members %v before the decision, want none", u, got)
			}
		}
		// Mohamed is visible to the coordinator through Stationsplein only.
		ps, err := d.db.Persons(d.as("cora"), storage.PersonFilter{Query: "el amrani"})
		if err != nil || len(ps) != 1 {
			t.Fatalf("coordinator's search for Mohamed = %v, %v", ps, err)
		}
		if len(ps[0].Memberships) != 1 || ps[0].Memberships[0].GroupID != station.ID {
			t.Errorf("the coordinator sees Mohamed's memberships %+v, want Stationsplein only", ps[0].Memberships)
		}
		if _, err := d.db.Group(d.as("sander"), noorderpark.ID); !ga.IsKind(err, ga.KindNotFound) {
			t.Errorf("the school, which does not take part, asks for Netwerk Noorderpark: %v, want not found", err)
		}
		if n := len(d.memberNames("cora", station.ID)); n != 11 {
			t.Errorf("the coordinator sees %d Stationsplein memberships, want 11", n)
		}
	})

	t.Run("each user sees what need-to-know allows", func(t *testing.T) {
		group := []string{"gemeente-overlast-station", "school-signaal-station", "woning-portiek-station"}
		scan := "politie-groepsscan-station"
		gemeente := slices.Concat(group, []string{scan, "gemeente-overlast-noorderpark",
			"politie-kevin", "om-kevin", "politie-mohamed", "om-mohamed",
			"politie-jayden", "school-jayden", "leerplicht-jayden", "jeugdhulp-jayden-voortgang", "gemeente-ilias"})
		politie := slices.Concat(group, []string{scan, "politie-mohamed", "politie-jayden", "politie-romano", "politie-kevin",
			"politie-damian", "politie-mohamed-noorderpark", "politie-groepsscan-noorderpark", "politie-milan",
			"om-mohamed", "om-kevin", "school-jayden", "leerplicht-jayden", "jeugdhulp-jayden-voortgang", "halt-romano", "leerplicht-romano"})
		want := map[string][]string{
			"cora":   gemeente,
			"dirk":   gemeente,
			"priya":  gemeente,
			"willem": politie,
			"tamara": politie,
			"otto":   slices.Concat(group, []string{scan, "politie-mohamed", "om-mohamed", "politie-kevin", "om-kevin"}),
			"jamila": slices.Concat(group, []string{"politie-jayden", "school-jayden", "leerplicht-jayden", "jeugdhulp-jayden-diagnose",
				"jeugdhulp-jayden-voortgang", "jeugdhulp-lucas", "veiligthuis-lucas"}),
			"sander": slices.Concat(group, []string{"politie-jayden", "school-jayden", "leerplicht-jayden", "jeugdhulp-jayden-voortgang", "school-dylan"}),
			"wendy":  slices.Concat(group, []string{"woning-noah"}),
			"lars": slices.Concat(group, []string{"politie-jayden", "school-jayden", "leerplicht-jayden", "jeugdhulp-jayden-diagnose",
				"jeugdhulp-jayden-voortgang", "leerplicht-romano"}),
			"hanna": slices.Concat(group, []string{scan, "politie-romano", "halt-romano", "leerplicht-romano"}),
			"vera":  slices.Concat(group, []string{"jeugdhulp-lucas", "veiligthuis-lucas"}),
		}
		for user, keys := range want {
			items, err := d.db.Items(d.as(user), storage.ItemFilter{})
			if err != nil {
				t.Errorf("Items as %s: %v", user, err)
				continue
			}
			got := d.itemKeys(items)
			w := slices.Clone(keys)
			sort.Strings(w)
			if !slices.Equal(got, w) {
				t.Errorf("%s sees items\n  %v\nwant\n  %v", user, got, w)
			}
			n, err := d.db.CountItems(d.as(user), storage.ItemFilter{})
			if err != nil || n != len(w) {
				t.Errorf("CountItems as %s = %d, %v; want %d", user, n, err, len(w))
			}
		}
		for _, user := range []string{"bram", "aart"} {
			if items, err := d.db.Items(d.as(user), storage.ItemFilter{}); err == nil || len(items) > 0 {
				t.Errorf("Items as %s = %d items, %v; want a refusal", user, len(items), err)
			}
		}
	})

	t.Run("each user sees the measures need-to-know allows", func(t *testing.T) {
		// A measure aimed at a member is seen by its responsible partner
		// and by partners involved with the member whose kind is
		// authorised for what it reveals: criminal data (snelrecht, Halt:
		// gemeente, politie, OM, Halt) or care (the zorg measures:
		// jeugdhulp, Veilig Thuis). Seeing the member is not enough.
		group := []string{"camera", "jongerenwerk", "winkelverbod"}
		gemeente := slices.Concat(group, []string{"snelrecht", "gebiedsverbod"})
		politie := slices.Concat(group, []string{"snelrecht", "halt", "gebiedsverbod"})
		want := map[string][]string{
			"cora": gemeente, "dirk": gemeente, "priya": gemeente,
			"willem": politie, "tamara": politie,
			"otto":   slices.Concat(group, []string{"snelrecht", "gebiedsverbod"}),
			"jamila": slices.Concat(group, []string{"gezinsbegeleiding", "schoolbegeleiding", "mdft"}),
			"sander": slices.Concat(group, []string{"schoolbegeleiding"}),
			"wendy":  slices.Concat(group, []string{"huurovereenkomst"}),
			"lars":   group,
			"hanna":  slices.Concat(group, []string{"halt"}),
			"vera":   slices.Concat(group, []string{"mdft"}),
		}
		keys := map[string]string{}
		for _, m := range append(slices.Clone(measures), gebiedsverbod) {
			keys[m.description] = m.key
		}
		for user, w := range want {
			ms, err := d.db.Measures(d.as(user), station.ID)
			if err != nil {
				t.Errorf("Measures as %s: %v", user, err)
				continue
			}
			var got []string
			for _, m := range ms {
				got = append(got, keys[m.Description])
			}
			sort.Strings(got)
			w = slices.Clone(w)
			sort.Strings(w)
			if !slices.Equal(got, w) {
				t.Errorf("%s sees measures %v, want %v", user, got, w)
			}
			mon, err := d.db.Monitoring(d.as(user), station.ID)
			if err != nil {
				t.Fatalf("Monitoring as %s: %v", user, err)
			}
			inForce := 0
			for _, m := range ms {
				if m.InForce() {
					inForce++
				}
			}
			if mon.TotalInForce() != inForce {
				t.Errorf("%s's monitoring counts %d measures in force, it sees %d", user, mon.TotalInForce(), inForce)
			}
		}
		for _, user := range []string{"bram", "aart"} {
			if ms, err := d.db.Measures(d.as(user), station.ID); err == nil || len(ms) > 0 {
				t.Errorf("Measures as %s = %d measures, %v; want a refusal", user, len(ms), err)
			}
		}
	})

	t.Run("the school sees no special item of jeugdhulp", func(t *testing.T) {
		items, err := d.db.Items(d.as("sander"), storage.ItemFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.Special {
				t.Errorf("the school sees special item %s", d.items[it.Content])
			}
		}
		found, err := d.db.Items(d.as("sander"), storage.ItemFilter{Query: "ADHD"})
		if err != nil || len(found) != 0 {
			t.Errorf("the school's search for the diagnosis finds %d items, %v; want none", len(found), err)
		}
		shared, err := d.db.Items(d.as("lars"), storage.ItemFilter{Query: "ADHD"})
		if err != nil || len(shared) != 1 || !shared[0].Special || len(shared[0].SharedWith) != 1 {
			t.Errorf("leerplicht's search for the diagnosis shared with it = %+v, %v; want the one special item", shared, err)
		}
	})

	t.Run("meetings show each participant its own view", func(t *testing.T) {
		ms, err := d.db.Meetings(d.as("cora"), station.ID)
		if err != nil || len(ms) != 2 {
			t.Fatalf("the coordinator's meetings = %d, %v; want 2", len(ms), err)
		}
		var group, individual ga.Meeting
		for _, m := range ms {
			if m.Kind == ga.MeetingGroup {
				group = m
			} else {
				individual = m
			}
		}
		if len(group.Invited) != len(partners) || len(individual.Invited) != 5 || len(individual.PersonIDs) != 1 {
			t.Errorf("invited: group meeting %d, individual meeting %d about %d; want %d, 5 about 1", len(group.Invited), len(individual.Invited), len(individual.PersonIDs), len(partners))
		}
		overdue := 0
		for _, m := range ms {
			for _, ag := range m.Agreements {
				if ag.Overdue(demoNow) {
					overdue++
				}
			}
			for _, inv := range m.Invited {
				if inv.Attended == nil {
					t.Errorf("attendance of %s at the %s meeting not recorded", inv.PartnerID, m.Kind)
				}
			}
			if m.Minutes == "" || m.Decisions == "" || m.Agenda == "" {
				t.Errorf("the %s meeting lacks agenda, minutes or decisions", m.Kind)
			}
		}
		if overdue != 1 {
			t.Errorf("%d agreements overdue, want 1", overdue)
		}
		if _, err := d.db.Meeting(d.as("wendy"), individual.ID); !ga.IsKind(err, ga.KindNotFound) {
			t.Errorf("the housing corporation, not involved with Jayden, asks for his meeting: %v, want not found", err)
		}
		if wm, err := d.db.Meetings(d.as("wendy"), station.ID); err != nil || len(wm) != 1 || wm[0].ID != group.ID {
			t.Errorf("the housing corporation's meetings = %v, %v; want the group meeting only", wm, err)
		}
		view := func(user string) []string {
			t.Helper()
			v, err := d.db.MeetingView(d.as(user), individual.ID)
			if err != nil {
				t.Fatalf("MeetingView as %s: %v", user, err)
			}
			return d.itemKeys(v.Items)
		}
		school, leerplicht := view("sander"), view("lars")
		if slices.Contains(school, "jeugdhulp-jayden-diagnose") || !slices.Contains(leerplicht, "jeugdhulp-jayden-diagnose") {
			t.Errorf("the meeting about Jayden shows the school %v and leerplicht %v; only leerplicht may see the diagnosis", school, leerplicht)
		}
	})

	t.Run("reviews and involvement", func(t *testing.T) {
		overdue, err := d.db.OverdueReviews(d.as("cora"))
		if err != nil || len(overdue) != 1 || overdue[0].Kind != ga.MeasureAdministrative || overdue[0].PersonID == "" {
			t.Errorf("overdue reviews = %+v, %v; want Kevin's area ban", overdue, err)
		}
		jayden := ""
		for _, m := range d.memberNames("cora", station.ID) {
			if m.Person.Name == "Jayden Brouwer" {
				jayden = m.Person.ID
			}
		}
		inv, err := d.db.Involvements(d.as("cora"), station.ID, jayden)
		if err != nil {
			t.Fatal(err)
		}
		registered, derived := 0, 0
		for _, in := range inv {
			if in.Registered && in.Reason != "" {
				registered++
			}
			if in.Derived {
				derived++
			}
		}
		if registered != 1 || derived != 4 {
			t.Errorf("involvement with Jayden: %d registered, %d derived; want 1 (gemeente) and 4 (politie, jeugdhulp, school, leerplicht)", registered, derived)
		}
	})

	t.Run("the logs verify and read like real work", func(t *testing.T) {
		r, err := d.db.VerifyLogs(systemCtx())
		if err != nil || !r.OK() {
			t.Fatalf("VerifyLogs = %v, %v", r, err)
		}
		casework := map[string]bool{"group_create": true, "group_transition": true, "group_decision": true, "person_create": true,
			"item_create": true, "measure_create": true, "plan_adopt": true, "meeting_create": true, "agreement_complete": true, "involvement_register": true}
		seen := map[string]int{}
		for start := int64(0); ; {
			es, err := d.db.AuditEntries(systemCtx(), storage.AuditFilter{Start: start, Limit: storage.MaxLogPage})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range es {
				if e.Index >= loaded {
					break
				}
				if e.Result != ga.ResultSuccess {
					t.Errorf("audit entry %d: %s %s %s", e.Index, e.Action, e.Result, e.Detail)
				}
				if casework[e.Action] {
					seen[e.Action]++
					if e.System || e.UserID == "" || e.PartnerID == "" {
						t.Errorf("audit entry %d: %s by the system, want a demo user", e.Index, e.Action)
					}
				}
			}
			if len(es) < storage.MaxLogPage || es[len(es)-1].Index >= loaded {
				break
			}
			start = es[len(es)-1].Index + 1
		}
		for action := range casework {
			if seen[action] == 0 {
				t.Errorf("no audit entry %s", action)
			}
		}
		ps, err := d.db.ProcessingEntries(systemCtx(), storage.ProcessingFilter{Limit: storage.MaxLogPage})
		if err != nil || len(ps) == 0 {
			t.Errorf("processing log: %d entries, %v", len(ps), err)
		}
	})

	t.Run("the login table says who sees what", func(t *testing.T) {
		var b bytes.Buffer
		PrintLogins(&b, d.logins)
		out := b.String()
		for _, u := range users {
			if u.sees == "" {
				t.Errorf("%s has no line on what it sees", u.email)
			}
			if strings.Count(out, u.email) != 2 {
				t.Errorf("the login table names %s %d times, want twice (login and what it sees)", u.email, strings.Count(out, u.email))
			}
		}
		for _, l := range d.logins {
			if l.TOTPSecret == "" || l.Password != Password {
				t.Errorf("login %s lacks its second factor or password", l.Email)
			}
		}
	})
}

// TestDemoLoadsToday loads the demo with the real clock, as serve --demo
// does.
func TestDemoLoadsToday(t *testing.T) {
	d := loadDemo(t, nil)
	if len(d.logins) != len(users) {
		t.Errorf("%d logins, want %d", len(d.logins), len(users))
	}
	r, err := d.db.VerifyLogs(systemCtx())
	if err != nil || !r.OK() {
		t.Fatalf("VerifyLogs = %v, %v", r, err)
	}
}

func (d *demo) memberNames(user, groupID string) []storage.Member {
	d.t.Helper()
	ms, err := d.db.Members(d.as(user), groupID)
	if err != nil {
		d.t.Fatalf("Members as %s: %v", user, err)
	}
	return ms
}

func (d *demo) itemKeys(items []ga.Item) []string {
	d.t.Helper()
	var out []string
	for _, it := range items {
		k, ok := d.items[it.Content]
		if !ok {
			d.t.Errorf("item %s is not in the scenario", it.ID)
		}
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func partnerName(key string) string {
	for _, p := range partners {
		if p.key == key {
			return p.Name
		}
	}
	return ""
}

func sameLogin(a, b Login) bool {
	return a.Email == b.Email && a.Name == b.Name && a.Partner == b.Partner && slices.Equal(a.Roles, b.Roles) &&
		a.Password == b.Password && a.TOTPSecret == b.TOTPSecret && a.Sees == b.Sees
}
