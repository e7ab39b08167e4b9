package api

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// caseworkUsers are the users of the casework fixture by name: their
// partner and roles. Every user whose roles give access to personal data
// accepted the confidentiality declaration, except "onverklaard".
var caseworkUsers = map[string]struct {
	partner ga.PartnerKind
	roles   []ga.Role
}{
	"coordinator": {ga.KindGemeente, []ga.Role{ga.RoleCoordinator}},
	"gemeente":    {ga.KindGemeente, []ga.Role{ga.RoleProfessional}},
	"driehoek":    {ga.KindPolitie, []ga.Role{ga.RoleDriehoek}},
	"politie":     {ga.KindPolitie, []ga.Role{ga.RoleProfessional}},
	"om":          {ga.KindOM, []ga.Role{ga.RoleProfessional}},
	"jeugdhulp":   {ga.KindJeugdhulp, []ga.Role{ga.RoleProfessional}},
	"school":      {ga.KindSchool, []ga.Role{ga.RoleProfessional}},
	"privacy":     {ga.KindGemeente, []ga.Role{ga.RolePrivacyOfficer}},
	"admin":       {ga.KindGemeente, []ga.Role{ga.RoleAdmin}},
	"auditor":     {ga.KindGemeente, []ga.Role{ga.RoleAuditor}},
	"onverklaard": {ga.KindPolitie, []ga.Role{ga.RoleProfessional}},
}

// viewers are the users who may see casework, for the need-to-know tables.
var viewers = []string{"coordinator", "gemeente", "driehoek", "politie", "om", "jeugdhulp", "school", "privacy"}

// casework is the fixture of the casework API: a covenant in force between
// a municipality (coordinating), the police, the prosecutor, a youth-care
// provider and a school, with a register entry and DPIA and the police's
// Wpg art 20 decision; the users of caseworkUsers with tokens; and two
// groups registered by the police from the Groepsscan (step informatie):
//
//   - main ("Jongeren Stationsplein"), in whose approach every partner takes
//     part, with members sem (17) and noah (14, with a legal
//     representative), a police item about the group, a criminal police item
//     about sem and a police item about noah;
//   - hidden ("Groep Havenkwartier"), in which only the police and the
//     municipality take part, with member daan and a police item about him.
//
// No decision of the driehoek has been taken: decide takes main there.
type casework struct {
	*fixture
	terms        ga.CovenantTerms
	wpg20        *ga.Wpg20Decision
	main, hidden *ga.Group
	persons      map[string]*ga.Person
	// items are every item recorded, by name, as stored: the ground truth
	// the need-to-know tests compare the API with.
	items map[string]*ga.Item
	// registered are the involvements the coordinator registered, as
	// "group/person/partner".
	registered map[string]bool
}

func newCasework(t *testing.T) *casework {
	t.Helper()
	f := newPartnersFixture(t)
	for _, kind := range []ga.PartnerKind{ga.KindJeugdhulp, ga.KindSchool} {
		p := &ga.Partner{
			Name: kind.Label() + " Voorbeeldstad", Kind: kind,
			PublicTasks: "Zorg en onderwijs.", LegalGrounds: "Jeugdwet; Wet op het primair onderwijs.",
			ComplaintsCommittee: "Klachtencommissie", DataProtectionOfficer: "fg@example.test",
		}
		if err := f.db.CreatePartner(f.sys, p); err != nil {
			t.Fatalf("CreatePartner: %v", err)
		}
		f.partners[kind] = p
	}
	for name, spec := range caseworkUsers {
		u := &ga.User{
			Email: name + "@example.test", Name: "Test " + name,
			PartnerID: f.partners[spec.partner].ID, Roles: spec.roles, Active: true,
		}
		if err := f.db.CreateUser(f.sys, u, "een lang wachtwoord voor tests"); err != nil {
			t.Fatalf("CreateUser %s: %v", name, err)
		}
		plain, _, err := f.db.CreateToken(f.sys, u.ID, "test", nil)
		if err != nil {
			t.Fatalf("CreateToken %s: %v", name, err)
		}
		f.users[name], f.tokens[name] = u, plain
	}

	c := &casework{fixture: f, persons: map[string]*ga.Person{}, items: map[string]*ga.Item{}, registered: map[string]bool{}}
	c.terms = f.validTerms()
	c.terms.SpecialCategoryKinds = []ga.PartnerKind{ga.KindJeugdhulp}
	if _, err := f.db.SetCovenantTerms(f.sys, c.terms); err != nil {
		t.Fatalf("SetCovenantTerms: %v", err)
	}
	f.signAll()
	f.recordRegister("DPIA-2025-01")
	if err := f.db.CheckGate(f.sys); err != nil {
		t.Fatalf("the gate is still closed: %v", err)
	}
	for name, spec := range caseworkUsers {
		if name != "onverklaard" && ga.CanProcessPersonalData(&ga.Actor{Roles: spec.roles}) {
			f.expect(request{method: "POST", path: "/api/v1/geheimhoudingsverklaringen", user: name, body: map[string]any{"convenantVersie": 1}}, 201)
		}
	}
	c.wpg20 = &ga.Wpg20Decision{Reference: "POL/2025/1", DecidedOn: "2025-01-05", DecidedBy: "Korpschef", Summary: "Verstrekking aan de partners van de groepsaanpak"}
	if err := f.db.RecordWpg20Decision(f.sys, c.wpg20); err != nil {
		t.Fatalf("RecordWpg20Decision: %v", err)
	}

	c.main = c.mustGroup("Jongeren Stationsplein", ga.KindOM, ga.KindJeugdhulp, ga.KindSchool)
	c.hidden = c.mustGroup("Groep Havenkwartier")
	c.mustPerson(c.main, "sem", "Sem de Vries", 17)
	c.mustPerson(c.main, "noah", "Noah Jansen", 14)
	c.mustPerson(c.hidden, "daan", "Daan Bakker", 17)
	c.mustItem("politie", "groep", &ga.Item{GroupID: c.main.ID, Category: "Overlast", Content: "Overlast bij het station door de groep."})
	c.mustItem("politie", "sem-strafrechtelijk", &ga.Item{GroupID: c.main.ID, PersonID: c.persons["sem"].ID, Category: "Strafbaar feit",
		Criminal: true, Necessity: "Nodig voor de persoonsgerichte aanpak.", Content: "Aangehouden voor winkeldiefstal."})
	c.mustItem("politie", "noah-signaal", &ga.Item{GroupID: c.main.ID, PersonID: c.persons["noah"].ID, Category: "Signaal", Content: "Gezien bij de groep na middernacht."})
	c.mustItem("politie", "daan-signaal", &ga.Item{GroupID: c.hidden.ID, PersonID: c.persons["daan"].ID, Category: "Signaal", Content: "Gezien bij de haven."})
	return c
}

// as returns a context acting as the named user, authenticated afresh so
// that it carries the user's current declaration.
func (c *casework) as(name string) context.Context {
	c.t.Helper()
	a, err := c.db.AuthenticateToken(context.Background(), c.tokens[name], "192.0.2.20")
	if err != nil {
		c.t.Fatalf("AuthenticateToken %s: %v", name, err)
	}
	return ga.WithActor(context.Background(), a)
}

// actor returns the named user as an actor.
func (c *casework) actor(name string) *ga.Actor { return ga.ActorFrom(c.as(name)) }

// mustGroup creates a group as the police (from the Groepsscan, step
// informatie) and lets the partners of the kinds take part.
func (c *casework) mustGroup(name string, kinds ...ga.PartnerKind) *ga.Group {
	c.t.Helper()
	g := &ga.Group{Name: name, Area: "Centrum", Form: ga.FormGroup, Step: ga.StepInformation}
	if err := c.db.CreateGroup(c.as("politie"), g); err != nil {
		c.t.Fatalf("CreateGroup %s: %v", name, err)
	}
	for _, k := range kinds {
		if err := c.db.AddParticipant(c.as("coordinator"), g.ID, c.partners[k].ID); err != nil {
			c.t.Fatalf("AddParticipant %s: %v", k, err)
		}
	}
	return g
}

// mustPerson registers a person of the given age into the group as the
// police, with a legal representative when under 16.
func (c *casework) mustPerson(g *ga.Group, key, name string, age int) *ga.Person {
	c.t.Helper()
	p := &ga.Person{Name: name, DateOfBirth: ga.DateOf(time.Now().AddDate(-age, -1, 0)), Address: "Stationsplein 1, Voorbeeldstad"}
	if age < 16 {
		p.Representatives = []ga.Representative{{Name: "Ouder van " + name, Relationship: "moeder", Address: "Stationsplein 1, Voorbeeldstad"}}
	}
	m := &ga.Membership{Role: ga.RoleCore, Start: "2025-06-01"}
	if err := c.db.CreatePerson(c.as("politie"), p, g.ID, m); err != nil {
		c.t.Fatalf("CreatePerson %s: %v", name, err)
	}
	c.persons[key] = p
	return p
}

// mustItem records an item as the named user, completing the fields every
// item needs.
func (c *casework) mustItem(user, key string, it *ga.Item) *ga.Item {
	c.t.Helper()
	if it.LegalGround == "" {
		it.LegalGround = "Convenant artikel 3."
	}
	if it.ConcernsDate == "" {
		it.ConcernsDate = "2025-09-01"
	}
	if caseworkUsers[user].partner == ga.KindPolitie {
		it.Wpg20DecisionID = c.wpg20.ID
	}
	if err := c.db.CreateItem(c.as(user), it); err != nil {
		c.t.Fatalf("CreateItem %s: %v", key, err)
	}
	c.items[key] = it
	return it
}

// decide takes group g from informatie through 2A and beeld to the
// driehoek's decision that the approach starts and personal data may be
// exchanged, and on to plan.
func (c *casework) decide(g *ga.Group) {
	c.t.Helper()
	coordinator := c.as("coordinator")
	if _, err := c.db.AnswerProblematic(coordinator, g.ID, true, "Overlast en strafbare feiten."); err != nil {
		c.t.Fatalf("AnswerProblematic: %v", err)
	}
	for _, step := range []ga.Step{ga.StepPicture, ga.StepDecision} {
		if _, err := c.db.MoveGroup(coordinator, g.ID, step, "Volgende stap."); err != nil {
			c.t.Fatalf("MoveGroup %s: %v", step, err)
		}
	}
	d := ga.TriangleDecision{DecidedOn: ga.DateOf(time.Now()), Present: []string{"Burgemeester", "Officier van justitie", "Teamchef"},
		ApproachStarts: true, ExchangeAuthorised: true, Motivation: "Ernstige overlast in de wijk."}
	if _, err := c.db.RecordDecision(c.as("driehoek"), g.ID, d); err != nil {
		c.t.Fatalf("RecordDecision: %v", err)
	}
	if _, err := c.db.MoveGroup(coordinator, g.ID, ga.StepPlan, "Besluit genomen."); err != nil {
		c.t.Fatalf("MoveGroup plan: %v", err)
	}
}

// register records, as the coordinator, that the partner of kind is
// involved with the person in group g.
func (c *casework) register(g *ga.Group, person string, kind ga.PartnerKind) {
	c.t.Helper()
	p := c.partners[kind].ID
	if err := c.db.RegisterInvolvement(c.as("coordinator"), g.ID, c.persons[person].ID, p, "Betrokken bij de begeleiding."); err != nil {
		c.t.Fatalf("RegisterInvolvement: %v", err)
	}
	c.registered[g.ID+"/"+c.persons[person].ID+"/"+p] = true
}

// involved decides from the fixture's own records, by the definition of
// SPEC §3, whether the partner is involved with the person in the group:
// it contributed an item about them there, or the coordinator registered
// its involvement. (The fixture records no measures.)
func (c *casework) involved(groupID, personID, partnerID string) bool {
	if c.registered[groupID+"/"+personID+"/"+partnerID] {
		return true
	}
	for _, it := range c.items {
		if it.GroupID == groupID && it.PersonID == personID && it.SourcePartnerID == partnerID && it.Status != ga.ItemDeleted {
			return true
		}
	}
	return false
}

// group returns the group as stored, through the police who created it.
func (c *casework) group(id string) ga.Group {
	c.t.Helper()
	g, err := c.db.Group(c.as("politie"), id)
	if err != nil {
		c.t.Fatalf("Group: %v", err)
	}
	return *g
}

// canSee is what the policy says: whether the user may see the item.
func (c *casework) canSee(user string, it *ga.Item) ga.Decision {
	a := c.actor(user)
	return ga.CanSeeItem(a, *it, ga.ItemContext{
		Group: c.group(it.GroupID), Terms: c.terms, Now: time.Now(),
		Involved: it.PersonID != "" && c.involved(it.GroupID, it.PersonID, a.PartnerID),
	})
}

// path builds a path from its segments.
func path(segments ...string) string { return "/api/v1/" + strings.Join(segments, "/") }

// traceFields are the parts of a body that differ between two requests by
// nature: none today (a problem carries no instance or trace), but a later
// instance member would be masked here.
var traceFields = regexp.MustCompile(`"(instance|traceId)":"[^"]*"`)

// sameProblem fails the test unless two 404 answers are identical apart from
// fields that identify the request.
func sameProblem(t *testing.T, what string, hidden, unknown *httptest.ResponseRecorder) {
	t.Helper()
	if hidden.Code != http.StatusNotFound || unknown.Code != http.StatusNotFound {
		t.Fatalf("%s: statuses %d and %d, want 404 for both", what, hidden.Code, unknown.Code)
	}
	h, u := traceFields.ReplaceAll(hidden.Body.Bytes(), nil), traceFields.ReplaceAll(unknown.Body.Bytes(), nil)
	if !bytes.Equal(h, u) {
		t.Errorf("%s: hidden object answers %s, unknown id %s", what, hidden.Body, unknown.Body)
	}
}

// hiddenLikeUnknown sends the same request as the user once to the path of
// an object the user may not see and once to the same path with an unknown
// id, and checks that both answer the same 404.
func (c *casework) hiddenLikeUnknown(t *testing.T, method, user string, body any, hiddenPath, unknownPath string) {
	t.Helper()
	hidden := c.do(request{method: method, path: hiddenPath, user: user, body: body})
	unknown := c.do(request{method: method, path: unknownPath, user: user, body: body})
	sameProblem(t, method+" "+hiddenPath+" as "+user, hidden, unknown)
}

// invalidParams returns the names of the rejected fields of a 400 answer.
func invalidParams(t *testing.T, w *httptest.ResponseRecorder) []string {
	t.Helper()
	if w.Code != http.StatusBadRequest {
		t.Fatalf("status %d, want 400: %s", w.Code, w.Body)
	}
	var names []string
	for _, p := range decode[Problem](t, w).InvalidParams {
		names = append(names, p.Name)
	}
	if len(names) == 0 {
		t.Errorf("400 without invalidParams: %s", w.Body)
	}
	return names
}

// wantParams fails the test unless the 400 answer names every field.
func wantParams(t *testing.T, w *httptest.ResponseRecorder, fields ...string) {
	t.Helper()
	got := invalidParams(t, w)
	for _, f := range fields {
		if !slices.Contains(got, f) {
			t.Errorf("invalidParams %v do not name %s", got, f)
		}
	}
}

// mentions reports whether a body mentions the text anywhere.
func mentions(w *httptest.ResponseRecorder, text string) bool {
	return strings.Contains(w.Body.String(), text)
}
