package api

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// pathParam matches a {parameter} of a route pattern.
var pathParam = regexp.MustCompile(`\{[^}]+\}`)

// personalOperations returns the method and path, with unknownID for every
// parameter, of every operation on casework.
func personalOperations() [][2]string {
	var out [][2]string
	for _, op := range operations() {
		if op.personal {
			method, p, _ := strings.Cut(op.pattern, " ")
			out = append(out, [2]string{method, pathParam.ReplaceAllString(p, unknownID)})
		}
	}
	return out
}

// TestCaseworkGate checks that every casework operation passes the common
// precondition of processing personal data before anything else: a closed
// Art 8 gate answers 409 naming what is missing; admins, auditors and
// users without the confidentiality declaration get 403.
func TestCaseworkGate(t *testing.T) {
	t.Parallel()
	ops := personalOperations()
	if len(ops) < 10 {
		t.Fatalf("only %d casework operations", len(ops))
	}
	t.Run("closed gate answers 409 with the missing conditions", func(t *testing.T) {
		f := newFixture(t)
		for _, op := range ops {
			w := f.do(request{method: op[0], path: op[1], user: "coordinator", body: map[string]any{}})
			p := checkProblem(t, w, 409)
			if p.Code != "gate_closed" || len(p.MissingConditions) == 0 {
				t.Errorf("%s %s: %+v", op[0], op[1], p)
			}
		}
	})
	t.Run("admin, auditor and a user without declaration get 403", func(t *testing.T) {
		c := newCasework(t)
		for _, user := range []string{"admin", "auditor", "onverklaard"} {
			for _, op := range ops {
				if w := c.do(request{method: op[0], path: op[1], user: user, body: map[string]any{}}); w.Code != 403 {
					t.Errorf("%s %s as %s: status %d, want 403", op[0], op[1], user, w.Code)
				}
			}
		}
	})
}

func TestGroups(t *testing.T) {
	t.Parallel()
	c := newCasework(t)
	mainPath, hiddenPath := path("groepen", c.main.ID), path("groepen", c.hidden.ID)

	t.Run("lists show only the groups the viewer may see", func(t *testing.T) {
		for user, want := range map[string][]string{
			"coordinator": {c.hidden.ID, c.main.ID},
			"politie":     {c.hidden.ID, c.main.ID},
			"school":      {c.main.ID},
			"jeugdhulp":   {c.main.ID},
		} {
			l := decode[groupList](t, c.expect(request{method: "GET", path: path("groepen"), user: user}, 200))
			var got []string
			for _, g := range l.Groups {
				got = append(got, g.ID)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s lists %v, want %v", user, got, want)
			}
		}
	})
	t.Run("create", func(t *testing.T) {
		body := map[string]any{"naam": "Groep Zuid", "wijk": "Zuid", "vorm": "netwerk"}
		c.expect(request{method: "POST", path: path("groepen"), user: "school", body: body}, 403)
		wantParams(t, c.expect(request{method: "POST", path: path("groepen"), user: "coordinator", body: map[string]any{"naam": ""}}, 400), "naam", "wijk", "vorm")
		wantParams(t, c.expect(request{method: "POST", path: path("groepen"), user: "coordinator", body: map[string]any{"naam": "x", "leden": 3}}, 400), "leden")
		// A NUL character is refused on both databases (PostgreSQL answered 500).
		wantParams(t, c.expect(request{method: "POST", path: path("groepen"), user: "coordinator",
			body: map[string]any{"naam": "Groep\x00Zuid", "wijk": "Zuid", "vorm": "netwerk"}}, 400), "naam")
		wantParams(t, c.expect(request{method: "POST", path: path("groepen"), user: "coordinator",
			body: map[string]any{"naam": "Groep Zuid", "wijk": "Zuid", "vorm": "groep", "stap": "plan"}}, 400), "stap")
		w := c.expect(request{method: "POST", path: path("groepen"), user: "coordinator", body: body}, 201)
		g := decode[ga.Group](t, w)
		if w.Header().Get("Location") != path("groepen", g.ID) || g.Step != ga.StepSignals || g.Form != ga.FormNetwork ||
			g.CreatedBy != c.partners[ga.KindGemeente].ID || len(g.Participants) != 1 {
			t.Errorf("created %+v at %q", g, w.Header().Get("Location"))
		}
		body["stap"] = "informatie"
		if g := decode[ga.Group](t, c.expect(request{method: "POST", path: path("groepen"), user: "politie", body: body}, 201)); g.Step != ga.StepInformation {
			t.Errorf("the police's group from the Groepsscan is in step %s", g.Step)
		}
	})
	t.Run("get", func(t *testing.T) {
		g := decode[ga.Group](t, c.expect(request{method: "GET", path: mainPath, user: "school"}, 200))
		if g.ID != c.main.ID || g.Name != "Jongeren Stationsplein" || len(g.Participants) != 5 || g.Decision != nil {
			t.Errorf("group %+v", g)
		}
		c.hiddenLikeUnknown(t, "GET", "school", nil, hiddenPath, path("groepen", unknownID))
		wantParams(t, c.expect(request{method: "GET", path: path("groepen", "Stationsplein"), user: "school"}, 400), "id")
	})
	t.Run("update", func(t *testing.T) {
		edit := map[string]any{"naam": "Jongeren Stationsplein", "wijk": "Centrum-Noord", "vorm": "groep"}
		c.expect(request{method: "PUT", path: mainPath, user: "politie", body: edit}, 403)
		c.hiddenLikeUnknown(t, "PUT", "school", edit, hiddenPath, path("groepen", unknownID))
		wantParams(t, c.expect(request{method: "PUT", path: mainPath, user: "coordinator", body: map[string]any{"naam": "", "wijk": "x", "vorm": "groep"}}, 400), "naam")
		g := decode[ga.Group](t, c.expect(request{method: "PUT", path: mainPath, user: "coordinator", body: edit}, 200))
		if g.Area != "Centrum-Noord" || g.Name != "Jongeren Stationsplein" || len(g.Participants) != 5 {
			t.Errorf("updated group %+v", g)
		}
	})
	t.Run("steps", func(t *testing.T) {
		l := decode[transitionList](t, c.expect(request{method: "GET", path: mainPath + "/stappen", user: "school"}, 200))
		if len(l.Transitions) != 1 || l.Transitions[0].From != "" || l.Transitions[0].To != ga.StepInformation || l.Transitions[0].Reason == "" {
			t.Errorf("stappen %+v", l)
		}
		c.hiddenLikeUnknown(t, "GET", "school", nil, hiddenPath+"/stappen", path("groepen", unknownID, "stappen"))
		next := map[string]any{"naar": "beeld", "reden": "Integraal beeld opstellen."}
		c.expect(request{method: "POST", path: mainPath + "/stappen", user: "politie", body: next}, 403)
		c.hiddenLikeUnknown(t, "POST", "school", next, hiddenPath+"/stappen", path("groepen", unknownID, "stappen"))
		w := c.expect(request{method: "POST", path: mainPath + "/stappen", user: "coordinator", body: next}, 409)
		if p := decode[Problem](t, w); !strings.Contains(p.Detail, "2A") {
			t.Errorf("beeld before 2A: %+v", p)
		}
		c.expect(request{method: "POST", path: mainPath + "/stappen", user: "coordinator", body: map[string]any{"naar": "uitvoering", "reden": "Te snel."}}, 409)
		wantParams(t, c.expect(request{method: "POST", path: mainPath + "/stappen", user: "coordinator", body: map[string]any{"naar": "beeld", "reden": ""}}, 400), "reden")
		wantParams(t, c.expect(request{method: "POST", path: mainPath + "/stappen", user: "coordinator", body: map[string]any{"naar": "morgen", "reden": "x"}}, 400), "naar")
		wantParams(t, c.expect(request{method: "POST", path: mainPath + "/stappen", user: "coordinator", body: map[string]any{"naar": "beeld", "reden": "x", "evaluatie": "Goed."}}, 400), "evaluatie")
	})
	t.Run("question 2A", func(t *testing.T) {
		yes := map[string]any{"problematisch": true, "reden": "Overlast en strafbare feiten."}
		c.expect(request{method: "POST", path: mainPath + "/probleemanalyse", user: "politie", body: yes}, 403)
		c.hiddenLikeUnknown(t, "POST", "school", yes, hiddenPath+"/probleemanalyse", path("groepen", unknownID, "probleemanalyse"))
		wantParams(t, c.expect(request{method: "POST", path: mainPath + "/probleemanalyse", user: "coordinator", body: map[string]any{"reden": "x"}}, 400), "problematisch")
		wantParams(t, c.expect(request{method: "POST", path: mainPath + "/probleemanalyse", user: "coordinator", body: map[string]any{"problematisch": "ja", "reden": "x"}}, 400), "problematisch")
		c.expect(request{method: "POST", path: mainPath + "/probleemanalyse", user: "coordinator", body: map[string]any{"problematisch": false, "reden": "Valt mee."}}, 409) // members on the name list
		g := decode[ga.Group](t, c.expect(request{method: "POST", path: mainPath + "/probleemanalyse", user: "coordinator", body: yes}, 200))
		if g.Problematic == nil || !*g.Problematic {
			t.Errorf("after 2A: %+v", g)
		}
		for _, step := range []string{"beeld", "besluit"} {
			if g := decode[ga.Group](t, c.expect(request{method: "POST", path: mainPath + "/stappen", user: "coordinator", body: map[string]any{"naar": step, "reden": "Volgende stap."}}, 200)); string(g.Step) != step {
				t.Errorf("moved to %s, group in %s", step, g.Step)
			}
		}
	})
	t.Run("the driehoek's decision", func(t *testing.T) {
		decision := map[string]any{"besluitdatum": string(ga.DateOf(c.db.Now())), "aanwezigen": []string{"Burgemeester", "Officier van justitie", "Teamchef"},
			"groepsaanpakStart": true, "uitwisselingToegestaan": true, "motivering": "Ernstige overlast."}
		c.expect(request{method: "POST", path: mainPath + "/besluit", user: "coordinator", body: decision}, 403)
		c.expect(request{method: "POST", path: hiddenPath + "/besluit", user: "driehoek", body: decision}, 409) // hidden is in step informatie
		c.hiddenLikeUnknown(t, "POST", "school", decision, hiddenPath+"/besluit", path("groepen", unknownID, "besluit"))
		wantParams(t, c.expect(request{method: "POST", path: mainPath + "/besluit", user: "driehoek",
			body: map[string]any{"besluitdatum": "gisteren", "aanwezigen": []string{}, "groepsaanpakStart": false, "uitwisselingToegestaan": true}}, 400),
			"besluitdatum", "aanwezigen", "motivering", "uitwisselingToegestaan")
		g := decode[ga.Group](t, c.expect(request{method: "POST", path: mainPath + "/besluit", user: "driehoek", body: decision}, 200))
		if g.Decision == nil || !g.Decision.ExchangeAuthorised || g.Decision.RecordedBy != c.users["driehoek"].ID {
			t.Errorf("decision %+v", g.Decision)
		}
		c.expect(request{method: "POST", path: mainPath + "/besluit", user: "driehoek", body: decision}, 409)
		g = decode[ga.Group](t, c.expect(request{method: "POST", path: mainPath + "/stappen", user: "coordinator", body: map[string]any{"naar": "plan", "reden": "Besluit genomen."}}, 200))
		if g.Step != ga.StepPlan {
			t.Errorf("after the decision: step %s", g.Step)
		}
		l := decode[transitionList](t, c.expect(request{method: "GET", path: mainPath + "/stappen", user: "om"}, 200))
		if n := len(l.Transitions); n != 5 || l.Transitions[n-1].To != ga.StepPlan || l.Transitions[n-1].UserID != c.users["coordinator"].ID {
			t.Errorf("stappen %+v", l.Transitions)
		}
	})
	t.Run("participants", func(t *testing.T) {
		l := decode[participantList](t, c.expect(request{method: "GET", path: hiddenPath + "/deelnemers", user: "coordinator"}, 200))
		if len(l.Participants) != 2 {
			t.Errorf("deelnemers %+v", l)
		}
		c.hiddenLikeUnknown(t, "GET", "school", nil, hiddenPath+"/deelnemers", path("groepen", unknownID, "deelnemers"))
		school := map[string]any{"partnerId": c.partners[ga.KindSchool].ID}
		c.expect(request{method: "POST", path: hiddenPath + "/deelnemers", user: "politie", body: school}, 403)
		c.hiddenLikeUnknown(t, "POST", "school", school, hiddenPath+"/deelnemers", path("groepen", unknownID, "deelnemers"))
		wantParams(t, c.expect(request{method: "POST", path: hiddenPath + "/deelnemers", user: "coordinator", body: map[string]any{"partnerId": "school"}}, 400), "partnerId")
		wantParams(t, c.expect(request{method: "POST", path: hiddenPath + "/deelnemers", user: "coordinator", body: map[string]any{"partnerId": unknownID}}, 400), "partnerId")
		l = decode[participantList](t, c.expect(request{method: "POST", path: hiddenPath + "/deelnemers", user: "coordinator", body: school}, 200))
		if len(l.Participants) != 3 {
			t.Errorf("deelnemers after adding the school: %+v", l)
		}
		c.expect(request{method: "GET", path: hiddenPath, user: "school"}, 200)

		schoolPath := hiddenPath + "/deelnemers/" + c.partners[ga.KindSchool].ID
		c.expect(request{method: "DELETE", path: schoolPath, user: "school"}, 403)
		c.expect(request{method: "DELETE", path: hiddenPath + "/deelnemers/" + c.partners[ga.KindGemeente].ID, user: "coordinator"}, 409)
		c.expect(request{method: "DELETE", path: hiddenPath + "/deelnemers/" + c.partners[ga.KindOM].ID, user: "coordinator"}, 400)
		wantParams(t, c.expect(request{method: "DELETE", path: hiddenPath + "/deelnemers/school", user: "coordinator"}, 400), "partnerId")
		if w := c.expect(request{method: "DELETE", path: schoolPath, user: "coordinator"}, 204); w.Body.Len() != 0 {
			t.Errorf("204 with a body: %s", w.Body)
		}
		c.hiddenLikeUnknown(t, "GET", "school", nil, hiddenPath, path("groepen", unknownID))
		c.hiddenLikeUnknown(t, "DELETE", "school", nil, schoolPath, path("groepen", unknownID, "deelnemers", c.partners[ga.KindSchool].ID))
	})
}

// TestCaseworkPathIDs checks every path parameter of every casework
// operation: anything but a lower-case UUID is invalid input naming the
// parameter, so that a path never carries a name or other personal data.
func TestCaseworkPathIDs(t *testing.T) {
	t.Parallel()
	c := newCasework(t)
	for _, op := range operations() {
		if !op.personal {
			continue
		}
		method, p, _ := strings.Cut(op.pattern, " ")
		for _, param := range pathParams(p) {
			for _, bad := range []string{"Sem-de-Vries", strings.ToUpper(unknownID)} {
				target := strings.Replace(p, "{"+param+"}", bad, 1)
				target = pathParam.ReplaceAllString(target, unknownID)
				w := c.do(request{method: method, path: target, user: "coordinator", body: map[string]any{}})
				if w.Code != 400 {
					t.Errorf("%s %s: status %d, want 400: %s", method, target, w.Code, w.Body)
				} else if !slices.Contains(invalidParams(t, w), param) {
					t.Errorf("%s %s: invalidParams do not name %s: %s", method, target, param, w.Body)
				}
			}
		}
	}
}
