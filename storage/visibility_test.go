package storage_test

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// The visibility predicates (storage/visibility.go, measureVisible) must
// equal the pure need-to-know policy (ga.CanSeeItem, ga.CanSeeMember,
// ga.CanSeeMeasure) on every row, for every viewer: this file builds a world
// of groups in every phase, persons, items of every kind, measures of every
// kind aimed at the group and at persons, and involvements registered and
// derived, and compares what storage returns with what the policy allows
// over the same rows.

// policyWorld is the fixture of the comparison.
type policyWorld struct {
	*casework
	groups  map[string]string // group id → label
	items   map[string]string // item id → label
	persons map[string]string // person id → label
	// measures labels the measures, by id.
	measures map[string]string
	// searchWord occurs, in varying case, in the content of some items.
	searchWord string
}

// label names an item for failure messages.
func (w *policyWorld) mustItemAs(ctx context.Context, label string, it *ga.Item) *ga.Item {
	w.t.Helper()
	w.mustItem(ctx, it)
	w.items[it.ID] = label
	return it
}

func (w *policyWorld) mustPersonAs(ctx context.Context, g *ga.Group, label string, age int) *ga.Person {
	w.t.Helper()
	p := w.mustPerson(ctx, g, label, age)
	w.persons[p.ID] = label
	return p
}

func (w *policyWorld) mustGroupAs(label string, participants ...*ga.Partner) *ga.Group {
	w.t.Helper()
	g := w.mustGroup(label, participants...)
	w.groups[g.ID] = label
	return g
}

// special and criminal mark an item with a necessity.
func asSpecial(it *ga.Item) *ga.Item {
	it.Special, it.Necessity = true, "Nodig voor de zorg rond deze jongere"
	return it
}

func asCriminal(it *ga.Item) *ga.Item {
	it.Criminal, it.Necessity = true, "Nodig voor de strafrechtelijke aanpak"
	return it
}

func asSharedWith(it *ga.Item, partners ...*ga.Partner) *ga.Item {
	for _, p := range partners {
		it.SharedWith = append(it.SharedWith, p.ID)
	}
	return it
}

// measureRow stores a running measure as a raw row, aimed at the group
// (person nil) or at a person, so that the world holds measures in every
// phase, also where the application would not record one. Its review date
// is overdue at the world's final clock when overdue is set.
func (w *policyWorld) measureRow(label string, g *ga.Group, person *ga.Person, kind ga.MeasureKind, responsible *ga.Partner, overdue bool) {
	w.t.Helper()
	var personID any
	if person != nil {
		personID = person.ID
	}
	review := "2029-01-01"
	if overdue {
		review = "2028-01-01"
	}
	id := storage.NewID()
	mustExec(w.t, w.db, `INSERT INTO measures (id, group_id, person_id, kind, description, responsible_partner_id, status, start_date, review_date, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, 'lopend', '2026-03-01', $7, 'test', $8, $8)`, id, g.ID, personID, string(kind), label, responsible.ID, review, w.clock.Now())
	w.measures[id] = label
}

// newPolicyWorld builds the world. The clock ends in April 2028, when the
// approach closed in April 2026 is past the retention of 24 months and the
// one closed in April 2028 is within it.
func newPolicyWorld(t *testing.T) *policyWorld {
	t.Helper()
	w := &policyWorld{casework: newCasework(t), groups: map[string]string{}, items: map[string]string{}, persons: map[string]string{},
		measures: map[string]string{}, searchWord: "vertrouwelijk"}
	G, O, S, J := w.gemeente, w.om, w.school, w.jeugdhulp
	police, jeugd, school, gem, om := w.police, w.jeugdProf, w.schoolProf, w.gemProf, w.omProf
	item := func(kind ga.PartnerKind, g *ga.Group, p *ga.Person, content string) *ga.Item {
		id := ""
		if p != nil {
			id = p.ID
		}
		return w.testItem(kind, g, id, content)
	}

	// 1. Before the decision (step beeld): every partner sees only what it
	// contributed itself, including the persons it registered.
	before := w.mustGroupAs("voor besluit", S, J)
	p1 := w.mustPersonAs(police, before, "p1 (politie, voor besluit en na besluit)", 17)
	p2 := w.mustPersonAs(police, before, "p2 (politie, jonger dan 16)", 14)
	j1 := w.mustPersonAs(jeugd, before, "j1 (jeugdhulp, voor besluit)", 16)
	w.mustItemAs(police, "voor besluit: politie strafrechtelijk over p1", asCriminal(item(ga.KindPolitie, before, p1, "Aanhouding winkeldiefstal")))
	w.mustItemAs(police, "voor besluit: politie over p2", item(ga.KindPolitie, before, p2, "Vertrouwelijk: melding overlast"))
	w.mustItemAs(police, "voor besluit: politie groepsgegeven", item(ga.KindPolitie, before, nil, "Groepsscan: 12 incidenten"))
	w.mustItemAs(jeugd, "voor besluit: jeugdhulp bijzonder over j1", asSpecial(item(ga.KindJeugdhulp, before, j1, "Hulpverlening loopt")))
	w.mustItemAs(school, "voor besluit: school groepsgegeven", item(ga.KindSchool, before, nil, "Verzuim in de groep"))
	w.measureRow("voor besluit: school bestuursrechtelijk voor de groep", before, nil, ga.MeasureAdministrative, S, true)
	w.measureRow("voor besluit: politie strafrechtelijk voor p1", before, p1, ga.MeasureCriminal, w.politie, true)
	w.measureRow("voor besluit: jeugdhulp zorg voor j1", before, j1, ga.MeasureCare, J, false)
	w.mustReachDecision(before)

	// 2. After the decision with exchange (step plan), with everyone taking
	// part.
	after := w.mustGroupAs("na besluit", S, J, O)
	w.mustReachDecision(after)
	w.mustDecide(after, true, true)
	p3 := w.mustPersonAs(police, after, "p3 (politie, na besluit)", 17)
	p4 := w.mustPersonAs(police, after, "p4 (politie, na besluit)", 15)
	if err := w.db.AddMembership(police, &ga.Membership{GroupID: after.ID, PersonID: p1.ID, Role: ga.RoleFollower, Start: "2026-02-01"}); err != nil {
		t.Fatal(err)
	}
	w.mustItemAs(police, "na besluit: politie strafrechtelijk over p3", asCriminal(item(ga.KindPolitie, after, p3, "Verdachte van bedreiging")))
	w.mustItemAs(police, "na besluit: politie strafrechtelijk over p4", asCriminal(item(ga.KindPolitie, after, p4, "Verdachte van inbraak, VERTROUWELIJK")))
	w.mustItemAs(police, "na besluit: politie over p1", item(ga.KindPolitie, after, p1, "Gesignaleerd op het plein"))
	w.mustItemAs(police, "na besluit: politie groepsgegeven", item(ga.KindPolitie, after, nil, "Groepsscan: hiërarchie"))
	w.mustItemAs(gem, "na besluit: gemeente over p3", item(ga.KindGemeente, after, p3, "Schuldhulp aangevraagd"))
	w.mustItemAs(jeugd, "na besluit: jeugdhulp bijzonder over p3", asSpecial(item(ga.KindJeugdhulp, after, p3, "Diagnose bekend")))
	w.mustItemAs(jeugd, "na besluit: jeugdhulp bijzonder over p4, gedeeld met school", asSharedWith(asSpecial(item(ga.KindJeugdhulp, after, p4, "Behandeling gestart")), S))
	w.mustItemAs(jeugd, "na besluit: jeugdhulp bijzonder groepsgegeven", asSpecial(item(ga.KindJeugdhulp, after, nil, "Meerdere jongeren in zorg")))
	w.mustItemAs(school, "na besluit: school over p4", item(ga.KindSchool, after, p4, "Vertrouwelijk verzuimdossier"))
	schoolP3 := w.mustItemAs(school, "na besluit: school over p3, verwijderd", item(ga.KindSchool, after, p3, "Wordt verwijderd"))
	omP4 := w.mustItemAs(om, "na besluit: OM strafrechtelijk over p4, afgeschermd", asCriminal(item(ga.KindOM, after, p4, "Dagvaarding")))
	w.mustItemAs(om, "na besluit: OM strafrechtelijk groepsgegeven", asCriminal(item(ga.KindOM, after, nil, "Snelrecht voor de groep")))
	blocked := w.mustItemAs(police, "na besluit: politie over p3, afgeschermd", item(ga.KindPolitie, after, p3, "Afgeschermd na bezwaar"))
	if err := w.db.RegisterInvolvement(w.coordinator, after.ID, p3.ID, O.ID, "Lopende strafzaak"); err != nil {
		t.Fatal(err)
	}
	if err := w.db.RegisterInvolvement(w.coordinator, after.ID, p3.ID, S.ID, "Leerplicht"); err != nil {
		t.Fatal(err)
	}
	if err := w.db.EndInvolvement(w.coordinator, after.ID, p3.ID, S.ID, "Niet meer op school"); err != nil {
		t.Fatal(err)
	}
	mustExec(t, w.db, `UPDATE items SET status = 'verwijderd', content = '' WHERE id = $1`, schoolP3.ID)
	mustExec(t, w.db, `UPDATE items SET status = 'afgeschermd' WHERE id IN ($1, $2)`, blocked.ID, omP4.ID)
	w.measureRow("na besluit: gemeente zorg voor p4", after, p4, ga.MeasureCare, G, true)
	w.measureRow("na besluit: jeugdhulp zorg voor de groep", after, nil, ga.MeasureCare, J, false)
	w.measureRow("na besluit: OM strafrechtelijk voor p3", after, p3, ga.MeasureCriminal, O, true)
	w.measureRow("na besluit: jeugdhulp zorg voor p3", after, p3, ga.MeasureCare, J, false)
	w.measureRow("na besluit: school privaatrechtelijk voor p4", after, p4, ga.MeasurePrivate, S, true)
	w.measureRow("na besluit: gemeente bestuursrechtelijk voor p1", after, p1, ga.MeasureAdministrative, G, false)

	// 3. A decision that starts the approach without exchange.
	noExchange := w.mustGroupAs("besluit zonder uitwisseling", S)
	w.mustReachDecision(noExchange)
	p5 := w.mustPersonAs(police, noExchange, "p5 (politie, zonder uitwisseling)", 17)
	s5 := w.mustPersonAs(school, noExchange, "s5 (school, zonder uitwisseling)", 15)
	w.mustDecide(noExchange, true, false)
	w.mustItemAs(police, "zonder uitwisseling: politie over p5", item(ga.KindPolitie, noExchange, p5, "Overlast"))
	w.mustItemAs(school, "zonder uitwisseling: school over s5", item(ga.KindSchool, noExchange, s5, "vertrouwelijk gesprek"))
	w.mustItemAs(gem, "zonder uitwisseling: gemeente groepsgegeven", item(ga.KindGemeente, noExchange, nil, "Cameratoezicht overwogen"))
	w.measureRow("zonder uitwisseling: gemeente bestuursrechtelijk voor de groep", noExchange, nil, ga.MeasureAdministrative, G, true)
	w.measureRow("zonder uitwisseling: politie strafrechtelijk voor p5", noExchange, p5, ga.MeasureCriminal, w.politie, true)

	// 4. Closed within retention; the school does not take part.
	closedRecent := w.mustGroupAs("afgesloten binnen bewaartermijn", J, O)
	w.mustReachDecision(closedRecent)
	w.mustDecide(closedRecent, true, true)
	p6 := w.mustPersonAs(police, closedRecent, "p6 (politie, afgesloten binnen bewaartermijn)", 17)
	w.mustItemAs(police, "binnen bewaartermijn: politie strafrechtelijk over p6", asCriminal(item(ga.KindPolitie, closedRecent, p6, "Veroordeeld")))
	w.mustItemAs(jeugd, "binnen bewaartermijn: jeugdhulp bijzonder over p6", asSpecial(item(ga.KindJeugdhulp, closedRecent, p6, "Zorg afgerond")))
	w.mustItemAs(gem, "binnen bewaartermijn: gemeente groepsgegeven", item(ga.KindGemeente, closedRecent, nil, "Gebiedsverbod verlopen"))
	if err := w.db.RegisterInvolvement(w.coordinator, closedRecent.ID, p6.ID, G.ID, "Nazorg"); err != nil {
		t.Fatal(err)
	}
	w.measureRow("binnen bewaartermijn: jeugdhulp zorg voor p6", closedRecent, p6, ga.MeasureCare, J, true)
	w.measureRow("binnen bewaartermijn: OM privaatrechtelijk voor de groep", closedRecent, nil, ga.MeasurePrivate, O, false)

	// 5. Closed past retention; the school contributed and then left.
	closedOld := w.mustGroupAs("afgesloten, bewaartermijn verstreken", S, J)
	w.mustReachDecision(closedOld)
	w.mustDecide(closedOld, true, true)
	p7 := w.mustPersonAs(police, closedOld, "p7 (politie, bewaartermijn verstreken)", 17)
	w.mustItemAs(police, "verstreken: politie over p7", item(ga.KindPolitie, closedOld, p7, "Oude melding"))
	w.mustItemAs(school, "verstreken: school over p7", item(ga.KindSchool, closedOld, p7, "Oud verzuim"))
	w.mustItemAs(jeugd, "verstreken: jeugdhulp groepsgegeven", item(ga.KindJeugdhulp, closedOld, nil, "Oude groepsinfo"))
	w.measureRow("verstreken: school privaatrechtelijk voor p7", closedOld, p7, ga.MeasurePrivate, S, true)

	// 6. After the decision, without the school, which contributed before
	// it left the approach.
	left := w.mustGroupAs("school vertrokken", S, J)
	w.mustReachDecision(left)
	w.mustDecide(left, true, true)
	p8 := w.mustPersonAs(police, left, "p8 (politie, school vertrokken)", 17)
	w.mustItemAs(school, "school vertrokken: school over p8", item(ga.KindSchool, left, p8, "Schorsing"))
	w.mustItemAs(police, "school vertrokken: politie over p8", item(ga.KindPolitie, left, p8, "Melding"))
	w.mustItemAs(jeugd, "school vertrokken: jeugdhulp groepsgegeven, gedeeld met school", asSharedWith(asSpecial(item(ga.KindJeugdhulp, left, nil, "Zorgsignaal")), S))
	w.measureRow("school vertrokken: school bestuursrechtelijk voor p8", left, p8, ga.MeasureAdministrative, S, true)
	w.measureRow("school vertrokken: politie strafrechtelijk voor p8", left, p8, ga.MeasureCriminal, w.politie, false)
	if err := w.db.RemoveParticipant(w.coordinator, left.ID, S.ID); err != nil {
		t.Fatal(err)
	}

	w.clock.Set(time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC))
	if _, err := w.db.CloseGroup(w.coordinator, closedOld.ID, "Afgeschaald", "Doelen bereikt"); err != nil {
		t.Fatal(err)
	}
	w.clock.Set(time.Date(2028, 4, 1, 10, 0, 0, 0, time.UTC))
	if _, err := w.db.CloseGroup(w.coordinator, closedRecent.ID, "Afgeschaald", "Doelen bereikt"); err != nil {
		t.Fatal(err)
	}
	w.clock.Set(time.Date(2028, 4, 15, 10, 0, 0, 0, time.UTC))
	// The measures written past the storage layer (measure) are in clear
	// text, as in a database from before the encryption at rest. Clear text
	// in a column recorded as encrypted is not intact, and Migrate does not
	// look at a recorded table again; so the record of measures is taken
	// back, as it would not exist in such a database, and Migrate encrypts
	// them and records the table again.
	if _, err := w.db.SQL().Exec(`DELETE FROM sealed_columns WHERE table_name = 'measures'`); err != nil {
		t.Fatal(err)
	}
	if err := w.db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return w
}

// policySnapshot is the world as the policy sees it, read straight from the
// tables.
type policySnapshot struct {
	terms       ga.CovenantTerms
	now         time.Time
	groups      map[string]*ga.Group
	items       map[string]ga.Item
	persons     map[string]ga.Person
	memberships map[string]ga.Membership
	measures    map[string]ga.Measure
	// involved holds "partner|group|person" for every involvement, derived
	// or registered, by the specification's definition.
	involved map[string]bool
}

func (w *policyWorld) snapshot() *policySnapshot {
	w.t.Helper()
	t, q := w.t, w.db.SQL()
	cov, err := w.db.Covenant(w.sys)
	if err != nil {
		t.Fatal(err)
	}
	s := &policySnapshot{terms: cov.Terms, now: w.db.Now(), groups: map[string]*ga.Group{}, items: map[string]ga.Item{},
		persons: map[string]ga.Person{}, memberships: map[string]ga.Membership{}, measures: map[string]ga.Measure{}, involved: map[string]bool{}}
	each := func(query string, scan func(*sql.Rows) error) {
		t.Helper()
		rows, err := q.Query(query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				t.Fatal(err)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	each(`SELECT id, step, decided_on, approach_starts, exchange_authorised, closed_at FROM groups`, func(r *sql.Rows) error {
		var g ga.Group
		var step, decided string
		var starts, exchange bool
		var closed sql.NullTime
		if err := r.Scan(&g.ID, &step, &decided, &starts, &exchange, &closed); err != nil {
			return err
		}
		g.Step = ga.Step(step)
		if decided != "" {
			g.Decision = &ga.TriangleDecision{DecidedOn: ga.Date(decided), ApproachStarts: starts, ExchangeAuthorised: exchange}
		}
		if closed.Valid {
			at := closed.Time.UTC()
			g.ClosedAt = &at
		}
		s.groups[g.ID] = &g
		return nil
	})
	each(`SELECT group_id, partner_id FROM group_participants`, func(r *sql.Rows) error {
		var g, p string
		if err := r.Scan(&g, &p); err != nil {
			return err
		}
		s.groups[g].Participants = append(s.groups[g].Participants, p)
		return nil
	})
	each(`SELECT id, group_id, COALESCE(person_id, ''), source_partner_id, category, content, special, criminal, status FROM items`, func(r *sql.Rows) error {
		var it ga.Item
		var status string
		if err := r.Scan(&it.ID, &it.GroupID, &it.PersonID, &it.SourcePartnerID, &it.Category, &it.Content, &it.Special, &it.Criminal, &status); err != nil {
			return err
		}
		var err error
		if it.Content, err = w.db.OpenItemContent(context.Background(), it.GroupID, it.PersonID, it.ID, it.Content); err != nil {
			return err
		}
		it.Status = ga.ItemStatus(status)
		s.items[it.ID] = it
		if it.PersonID != "" && it.Status != ga.ItemDeleted {
			s.involved[it.SourcePartnerID+"|"+it.GroupID+"|"+it.PersonID] = true
		}
		return nil
	})
	each(`SELECT item_id, partner_id FROM item_shares`, func(r *sql.Rows) error {
		var id, p string
		if err := r.Scan(&id, &p); err != nil {
			return err
		}
		it := s.items[id]
		it.SharedWith = append(it.SharedWith, p)
		s.items[id] = it
		return nil
	})
	each(`SELECT partner_id, group_id, person_id FROM involvements WHERE ended_at IS NULL`, func(r *sql.Rows) error {
		var p, g, m string
		if err := r.Scan(&p, &g, &m); err != nil {
			return err
		}
		s.involved[p+"|"+g+"|"+m] = true
		return nil
	})
	each(`SELECT id, group_id, COALESCE(person_id, ''), kind, responsible_partner_id, status, review_date FROM measures`, func(r *sql.Rows) error {
		var m ga.Measure
		var kind, status, review string
		if err := r.Scan(&m.ID, &m.GroupID, &m.PersonID, &kind, &m.ResponsiblePartnerID, &status, &review); err != nil {
			return err
		}
		m.Kind, m.Status, m.ReviewDate = ga.MeasureKind(kind), ga.MeasureStatus(status), ga.Date(review)
		s.measures[m.ID] = m
		// Carrying a measure for a person is derived involvement.
		if m.PersonID != "" {
			s.involved[m.ResponsiblePartnerID+"|"+m.GroupID+"|"+m.PersonID] = true
		}
		return nil
	})
	each(`SELECT id, source_partner_id FROM persons`, func(r *sql.Rows) error {
		var p ga.Person
		if err := r.Scan(&p.ID, &p.SourcePartnerID); err != nil {
			return err
		}
		s.persons[p.ID] = p
		return nil
	})
	each(`SELECT id, group_id, person_id FROM memberships`, func(r *sql.Rows) error {
		var m ga.Membership
		if err := r.Scan(&m.ID, &m.GroupID, &m.PersonID); err != nil {
			return err
		}
		s.memberships[m.ID] = m
		return nil
	})
	return s
}

// canSeeItem asks the policy about an item over the policySnapshot.
func (s *policySnapshot) canSeeItem(a *ga.Actor, id string) ga.Decision {
	it := s.items[id]
	return ga.CanSeeItem(a, it, ga.ItemContext{Group: *s.groups[it.GroupID], Terms: s.terms,
		Involved: s.involved[a.PartnerID+"|"+it.GroupID+"|"+it.PersonID], Now: s.now})
}

// canSeeMembership asks the policy about a membership over the policySnapshot.
func (s *policySnapshot) canSeeMembership(a *ga.Actor, id string) ga.Decision {
	m := s.memberships[id]
	return ga.CanSeeMember(a, s.persons[m.PersonID], *s.groups[m.GroupID], s.terms, s.now)
}

// canSeeMeasure asks the policy about a measure over the policySnapshot.
func (s *policySnapshot) canSeeMeasure(a *ga.Actor, id string) ga.Decision {
	m := s.measures[id]
	return ga.CanSeeMeasure(a, m, ga.MeasureContext{Group: *s.groups[m.GroupID], Terms: s.terms,
		Involved: m.PersonID != "" && s.involved[a.PartnerID+"|"+m.GroupID+"|"+m.PersonID], Now: s.now})
}

// groupVisible is ga.CanSeeGroup over the policySnapshot.
func (s *policySnapshot) groupVisible(a *ga.Actor, id string) bool {
	return ga.CanSeeGroup(a, *s.groups[id])
}

func sortedItemIDs(items []ga.Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.ID)
	}
	slices.Sort(out)
	return out
}

func TestPredicateEqualsPolicy(t *testing.T) {
	w := newPolicyWorld(t)
	s := w.snapshot()
	if len(s.items) < 30 || len(s.groups) < 6 {
		t.Fatalf("world too small: %d items, %d groups", len(s.items), len(s.groups))
	}
	if len(s.measures) < 15 {
		t.Fatalf("world too small: %d measures", len(s.measures))
	}
	partners := []*ga.Partner{w.gemeente, w.politie, w.om, w.school, w.jeugdhulp}
	allowedSomething := map[ga.Rule]int{}
	measureRules := map[ga.Rule]int{}

	for _, p := range partners {
		for _, role := range ga.Roles {
			ctx := w.mustDeclared(p, role)
			a := ga.ActorFrom(ctx)
			actor := fmt.Sprintf("%s/%s", p.Kind, role)
			t.Run(actor, func(t *testing.T) {
				content := ga.CanProcessPersonalData(a)
				want := map[string]ga.Decision{}
				for id := range s.items {
					d := s.canSeeItem(a, id)
					allowedSomething[d.Rule]++
					if d.Allowed {
						want[id] = d
					}
				}
				// compare reports every difference between the ids storage
				// returned and those the policy allows within scope.
				compare := func(what string, got []string, inScope func(ga.Item) bool) {
					t.Helper()
					gotSet := map[string]bool{}
					for _, id := range got {
						gotSet[id] = true
						if _, ok := want[id]; !ok || !inScope(s.items[id]) {
							t.Errorf("%s: %s returned item %q, which the policy denies: %s", actor, what, w.items[id], s.canSeeItem(a, id).Rule)
						}
					}
					for id, d := range want {
						if inScope(s.items[id]) && !gotSet[id] {
							t.Errorf("%s: %s missed item %q, which the policy allows: %s", actor, what, w.items[id], d.Rule)
						}
					}
				}
				all := func(ga.Item) bool { return true }
				countWant := func(inScope func(ga.Item) bool) int {
					n := 0
					for id := range want {
						if inScope(s.items[id]) {
							n++
						}
					}
					return n
				}

				list, err := w.db.Items(ctx, storage.ItemFilter{})
				n, cerr := w.db.CountItems(ctx, storage.ItemFilter{})
				if !content {
					wantKind(t, err, ga.KindForbidden)
					wantKind(t, cerr, ga.KindForbidden)
					if len(want) != 0 {
						t.Fatalf("%s: the policy allows %d items to a role without content", actor, len(want))
					}
				} else {
					if err != nil || cerr != nil {
						t.Fatalf("Items: %v; CountItems: %v", err, cerr)
					}
					compare("Items", sortedItemIDs(list), all)
					if n != len(want) {
						t.Errorf("%s: CountItems = %d, policy allows %d", actor, n, len(want))
					}
					for gid, label := range w.groups {
						inGroup := func(it ga.Item) bool { return it.GroupID == gid }
						list, err := w.db.Items(ctx, storage.ItemFilter{GroupID: gid})
						if err != nil {
							t.Fatal(err)
						}
						compare("Items in group "+label, sortedItemIDs(list), inGroup)
						n, err := w.db.CountItems(ctx, storage.ItemFilter{GroupID: gid})
						if err != nil {
							t.Fatal(err)
						}
						if wantN := countWant(inGroup); n != wantN {
							t.Errorf("%s: CountItems in group %s = %d, policy allows %d", actor, label, n, wantN)
						}
					}
					for pid, label := range w.persons {
						aboutPerson := func(it ga.Item) bool { return it.PersonID == pid }
						list, err := w.db.Items(ctx, storage.ItemFilter{PersonID: pid})
						if err != nil {
							t.Fatal(err)
						}
						compare("Items about "+label, sortedItemIDs(list), aboutPerson)
					}
					// The search matches category and content ignoring case.
					matches := func(it ga.Item) bool {
						return strings.Contains(strings.ToLower(it.Category+" "+it.Content), w.searchWord)
					}
					list, err = w.db.Items(ctx, storage.ItemFilter{Query: strings.ToUpper(w.searchWord)})
					if err != nil {
						t.Fatal(err)
					}
					compare("search", sortedItemIDs(list), matches)
					n, err = w.db.CountItems(ctx, storage.ItemFilter{Query: w.searchWord})
					if err != nil {
						t.Fatal(err)
					}
					if wantN := countWant(matches); n != wantN {
						t.Errorf("%s: search count = %d, policy allows %d", actor, n, wantN)
					}
				}

				_, unknown := w.db.Item(ctx, storage.NewID())
				for id, label := range w.items {
					got, err := w.db.Item(ctx, id)
					d := s.canSeeItem(a, id)
					switch {
					case d.Allowed && err != nil:
						t.Errorf("%s: Item %q = %v, but the policy allows it: %s", actor, label, err, d.Rule)
					case d.Allowed && got.ID != id:
						t.Errorf("%s: Item %q returned %q", actor, label, got.ID)
					case !d.Allowed && (err == nil || err.Error() != unknown.Error()):
						t.Errorf("%s: Item %q = %v, want %v as for an unknown id (policy: %s)", actor, label, err, unknown, d.Rule)
					}
				}

				// Members and persons follow ga.CanSeeMember per group.
				wantPersons := map[string][]string{}
				for mid, m := range s.memberships {
					if s.canSeeMembership(a, mid).Allowed {
						wantPersons[m.PersonID] = append(wantPersons[m.PersonID], mid)
					}
				}
				for gid, label := range w.groups {
					ms, err := w.db.Members(ctx, gid)
					if !content {
						wantKind(t, err, ga.KindForbidden)
						continue
					}
					if !s.groupVisible(a, gid) {
						_, unknown := w.db.Members(ctx, storage.NewID())
						if err == nil || err.Error() != unknown.Error() {
							t.Errorf("%s: Members of invisible group %s = %v, want %v", actor, label, err, unknown)
						}
						continue
					}
					if err != nil {
						t.Fatalf("Members of %s: %v", label, err)
					}
					var got, wantM []string
					for _, m := range ms {
						got = append(got, m.Membership.ID)
					}
					for mid, m := range s.memberships {
						if m.GroupID == gid && s.canSeeMembership(a, mid).Allowed {
							wantM = append(wantM, mid)
						}
					}
					slices.Sort(got)
					slices.Sort(wantM)
					if !slices.Equal(got, wantM) {
						t.Errorf("%s: Members of %s = %v, policy allows %v", actor, label, got, wantM)
					}
				}
				_, unknownPerson := w.db.Person(ctx, storage.NewID())
				for pid, label := range w.persons {
					pv, err := w.db.Person(ctx, pid)
					wantM := wantPersons[pid]
					slices.Sort(wantM)
					switch {
					case len(wantM) == 0 && (err == nil || err.Error() != unknownPerson.Error()):
						t.Errorf("%s: Person %s = %v, want %v as for an unknown id", actor, label, err, unknownPerson)
					case len(wantM) > 0 && err != nil:
						t.Errorf("%s: Person %s = %v, policy allows memberships %v", actor, label, err, wantM)
					case len(wantM) > 0 && !slices.Equal(membershipIDs(pv.Memberships), wantM):
						t.Errorf("%s: Person %s shows memberships %v, policy allows %v", actor, label, membershipIDs(pv.Memberships), wantM)
					}
				}
				// Measures follow ga.CanSeeMeasure: a group's list, one
				// by one, the overdue reviews and monitoring's counts.
				wantMeasures := map[string]bool{}
				for id := range s.measures {
					d := s.canSeeMeasure(a, id)
					measureRules[d.Rule]++
					if d.Allowed {
						wantMeasures[id] = true
					}
				}
				if !content && len(wantMeasures) != 0 {
					t.Fatalf("%s: the policy allows %d measures to a role without content", actor, len(wantMeasures))
				}
				w.compareMeasures(t, ctx, s, a, actor, wantMeasures)

				persons, err := w.db.Persons(ctx, storage.PersonFilter{})
				if content {
					var got []string
					for _, pv := range persons {
						got = append(got, pv.ID)
					}
					slices.Sort(got)
					wantP := slices.Sorted(maps.Keys(wantPersons))
					if err != nil || !slices.Equal(got, wantP) {
						t.Errorf("%s: Persons = %v, %v; policy allows %v", actor, got, err, wantP)
					}
				} else {
					wantKind(t, err, ga.KindForbidden)
				}
			})
		}
	}
	// The world must exercise every rule of the policy.
	for _, r := range []ga.Rule{ga.RuleNoContentRole, ga.RuleDeleted, ga.RuleBlocked, ga.RuleOwnItem, ga.RuleNoDecision,
		ga.RuleNotParticipating, ga.RuleNotInvolved, ga.RuleSpecialNotAllowed, ga.RuleCriminalNotAllowed, ga.RuleShared} {
		if allowedSomething[r] == 0 {
			t.Errorf("no case in the world decided by rule %q", r)
		}
	}
	// ... and every rule of the measure policy.
	for _, r := range []ga.Rule{ga.RuleNoContentRole, ga.RuleGroupMeasure, ga.RuleOwnMeasure, ga.RuleNoDecision, ga.RuleNotParticipating,
		ga.RuleNotInvolved, ga.RuleCriminalMeasureNotAllowed, ga.RuleCareMeasureNotAllowed, ga.RuleShared} {
		if measureRules[r] == 0 {
			t.Errorf("no measure in the world decided by rule %q", r)
		}
	}
}

// compareMeasures compares every measure query of storage — a group's list,
// one measure, the overdue reviews and monitoring's counts by kind — with
// the measures the policy allows the actor (want).
func (w *policyWorld) compareMeasures(t *testing.T, ctx context.Context, s *policySnapshot, a *ga.Actor, actor string, want map[string]bool) {
	t.Helper()
	content := ga.CanProcessPersonalData(a)
	_, overdueErr := w.db.OverdueReviews(ctx)
	if !content {
		wantKind(t, overdueErr, ga.KindForbidden)
		for gid := range w.groups {
			_, err := w.db.Measures(ctx, gid)
			wantKind(t, err, ga.KindForbidden)
		}
		return
	}
	ids := func(ms []ga.Measure) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.ID)
		}
		slices.Sort(out)
		return out
	}
	wanted := func(inScope func(ga.Measure) bool) []string {
		var out []string
		for id := range want {
			if inScope(s.measures[id]) {
				out = append(out, id)
			}
		}
		slices.Sort(out)
		return out
	}
	labels := func(ids []string) []string {
		var out []string
		for _, id := range ids {
			out = append(out, w.measures[id])
		}
		return out
	}
	_, unknownGroup := w.db.Measures(ctx, storage.NewID())
	for gid, label := range w.groups {
		list, err := w.db.Measures(ctx, gid)
		mon, merr := w.db.Monitoring(ctx, gid)
		if !s.groupVisible(a, gid) {
			if err == nil || err.Error() != unknownGroup.Error() {
				t.Errorf("%s: Measures of invisible group %s = %v, want %v", actor, label, err, unknownGroup)
			}
			if len(wanted(func(m ga.Measure) bool { return m.GroupID == gid })) != 0 {
				t.Errorf("%s: the policy allows measures of group %s, which it may not see", actor, label)
			}
			continue
		}
		if err != nil || merr != nil {
			t.Fatalf("%s: Measures of %s: %v; Monitoring: %v", actor, label, err, merr)
		}
		inGroup := wanted(func(m ga.Measure) bool { return m.GroupID == gid })
		if got := ids(list); !slices.Equal(got, inGroup) {
			t.Errorf("%s: Measures of %s = %q, policy allows %q", actor, label, labels(got), labels(inGroup))
		}
		for _, k := range ga.MeasureKinds {
			n := len(wanted(func(m ga.Measure) bool { return m.GroupID == gid && m.Kind == k && m.InForce() }))
			if mon.MeasuresInForce[k] != n {
				t.Errorf("%s: monitoring of %s counts %d measures of kind %s in force, policy allows %d", actor, label, mon.MeasuresInForce[k], k, n)
			}
		}
		if n := len(wanted(func(m ga.Measure) bool { return m.GroupID == gid && m.ReviewOverdue(s.now) })); mon.ReviewsOverdue != n {
			t.Errorf("%s: monitoring of %s counts %d overdue reviews, policy allows %d", actor, label, mon.ReviewsOverdue, n)
		}
	}
	_, unknown := w.db.Measure(ctx, storage.NewID())
	for id, label := range w.measures {
		got, err := w.db.Measure(ctx, id)
		d := s.canSeeMeasure(a, id)
		switch {
		case d.Allowed && (err != nil || got.ID != id):
			t.Errorf("%s: Measure %q = %v, but the policy allows it: %s", actor, label, err, d.Rule)
		case !d.Allowed && (err == nil || err.Error() != unknown.Error()):
			t.Errorf("%s: Measure %q = %v, want %v as for an unknown id (policy: %s)", actor, label, err, unknown, d.Rule)
		}
	}
	overdue, err := w.db.OverdueReviews(ctx)
	if err != nil {
		t.Fatalf("%s: OverdueReviews: %v", actor, err)
	}
	wantOverdue := wanted(func(m ga.Measure) bool { return m.ReviewOverdue(s.now) && s.groups[m.GroupID].Step != ga.StepClosed })
	if got := ids(overdue); !slices.Equal(got, wantOverdue) {
		t.Errorf("%s: OverdueReviews = %q, policy allows %q", actor, labels(got), labels(wantOverdue))
	}
}
