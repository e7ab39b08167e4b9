package api

import (
	"maps"
	"slices"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

func TestPlans(t *testing.T) {
	t.Parallel()
	c := newCasework(t)
	mainPlan, hiddenPlan := path("plannen", c.main.ID), path("plannen", c.hidden.ID)
	plan := map[string]any{"analyse": "Een groep van twintig jongeren met een harde kern.", "doelen": "Overlast terugdringen; zorg voor de jongsten."}

	c.expect(request{method: "PUT", path: hiddenPlan, user: "coordinator", body: plan}, 409) // step informatie
	c.expect(request{method: "GET", path: hiddenPlan, user: "coordinator"}, 404)             // no plan yet
	c.decide(c.main)

	t.Run("record", func(t *testing.T) {
		c.expect(request{method: "PUT", path: mainPlan, user: "school", body: plan}, 403)
		c.expect(request{method: "PUT", path: mainPlan, user: "driehoek", body: plan}, 403)
		c.hiddenLikeUnknown(t, "PUT", "school", plan, hiddenPlan, path("plannen", unknownID))
		wantParams(t, c.expect(request{method: "PUT", path: mainPlan, user: "coordinator", body: map[string]any{"analyse": " ", "doelen": ""}}, 400), "analyse", "doelen")
		wantParams(t, c.expect(request{method: "PUT", path: mainPlan, user: "coordinator", body: map[string]any{"analyse": "x", "doelen": "y", "vastgesteldOp": "2025-01-01"}}, 400), "vastgesteldOp")
		wantParams(t, c.expect(request{method: "PUT", path: path("plannen", "stationsplein"), user: "coordinator", body: plan}, 400), "groepId")
		p := decode[ga.Plan](t, c.expect(request{method: "PUT", path: mainPlan, user: "coordinator", body: plan}, 200))
		if p.GroupID != c.main.ID || p.Adopted() || p.UpdatedBy == "" {
			t.Errorf("saved %+v", p)
		}
	})
	t.Run("read", func(t *testing.T) {
		for _, user := range []string{"school", "om", "jeugdhulp", "driehoek"} {
			if p := decode[ga.Plan](t, c.expect(request{method: "GET", path: mainPlan, user: user}, 200)); p.Goals != plan["doelen"] {
				t.Errorf("%s reads %+v", user, p)
			}
		}
		c.hiddenLikeUnknown(t, "GET", "school", nil, hiddenPlan, path("plannen", unknownID))
	})
	t.Run("adopt", func(t *testing.T) {
		adopt := map[string]any{"vastgesteldOp": string(ga.DateOf(time.Now()))}
		c.expect(request{method: "POST", path: mainPlan + "/vaststelling", user: "coordinator", body: adopt}, 403)
		c.hiddenLikeUnknown(t, "POST", "school", adopt, hiddenPlan+"/vaststelling", path("plannen", unknownID, "vaststelling"))
		c.expect(request{method: "POST", path: mainPath(c) + "/stappen", user: "coordinator", body: map[string]any{"naar": "uitvoering", "reden": "Plan klaar."}}, 409)
		wantParams(t, c.expect(request{method: "POST", path: mainPlan + "/vaststelling", user: "driehoek",
			body: map[string]any{"vastgesteldOp": string(ga.DateOf(time.Now().AddDate(0, 0, 7)))}}, 400), "vastgesteldOp")
		p := decode[ga.Plan](t, c.expect(request{method: "POST", path: mainPlan + "/vaststelling", user: "driehoek", body: adopt}, 200))
		if !p.Adopted() || p.AdoptedBy == "" || p.AdoptedAt == nil {
			t.Errorf("adopted %+v", p)
		}
		c.expect(request{method: "POST", path: mainPlan + "/vaststelling", user: "driehoek", body: adopt}, 409)
		c.expect(request{method: "POST", path: mainPath(c) + "/stappen", user: "coordinator", body: map[string]any{"naar": "uitvoering", "reden": "Plan vastgesteld."}}, 200)
	})
}

// mainPath is the path of the fixture's main group.
func mainPath(c *casework) string { return path("groepen", c.main.ID) }

func TestMeasures(t *testing.T) {
	t.Parallel()
	c := newCasework(t)
	sem := c.persons["sem"].ID
	gemeente, politie, jeugdhulp := c.partners[ga.KindGemeente].ID, c.partners[ga.KindPolitie].ID, c.partners[ga.KindJeugdhulp].ID
	today := time.Now()
	camera := map[string]any{"groepId": c.main.ID, "soort": "bestuursrechtelijk", "omschrijving": "Cameratoezicht op het Stationsplein.",
		"verantwoordelijkePartnerId": gemeente, "status": "lopend", "startdatum": "2025-10-01", "evaluatiedatum": string(ga.DateOf(today.AddDate(0, 0, -3)))}
	snelrecht := map[string]any{"groepId": c.main.ID, "persoonId": sem, "soort": "strafrechtelijk", "omschrijving": "Snelrecht bij een volgend feit.",
		"verantwoordelijkePartnerId": politie, "status": "gepland", "startdatum": "2025-10-01", "evaluatiedatum": string(ga.DateOf(today.AddDate(0, 2, 0)))}

	// Before the decision: measures belong to the plan from step beeld on,
	// and a measure for a member only after the decision.
	c.expect(request{method: "POST", path: path("maatregelen"), user: "coordinator", body: camera}, 409)
	c.decide(c.main)
	var cameraID, snelrechtID string

	t.Run("create", func(t *testing.T) {
		c.expect(request{method: "POST", path: path("maatregelen"), user: "school", body: camera}, 403)
		wantParams(t, c.expect(request{method: "POST", path: path("maatregelen"), user: "coordinator", body: map[string]any{"groepId": "stationsplein", "persoonId": "sem"}}, 400), "groepId", "persoonId")
		wantParams(t, c.expect(request{method: "POST", path: path("maatregelen"), user: "coordinator", body: map[string]any{"groepId": c.main.ID, "soort": "streng", "verantwoordelijkePartnerId": gemeente}}, 400),
			"soort", "omschrijving", "status", "startdatum", "evaluatiedatum")
		hidden := map[string]any{}
		for k, v := range camera {
			hidden[k] = v
		}
		hidden["groepId"] = c.hidden.ID
		unknown := map[string]any{}
		for k, v := range hidden {
			unknown[k] = v
		}
		unknown["groepId"] = unknownID
		sameProblem(t, "a measure in a group the school may not see",
			c.do(request{method: "POST", path: path("maatregelen"), user: "school", body: hidden}),
			c.do(request{method: "POST", path: path("maatregelen"), user: "school", body: unknown}))

		w := c.expect(request{method: "POST", path: path("maatregelen"), user: "coordinator", body: camera}, 201)
		m := decode[ga.Measure](t, w)
		if w.Header().Get("Location") != path("maatregelen", m.ID) || m.GroupID != c.main.ID || m.PersonID != "" || m.Status != ga.MeasureRunning {
			t.Errorf("created %+v at %q", m, w.Header().Get("Location"))
		}
		cameraID = m.ID
		c.expect(request{method: "POST", path: path("maatregelen"), user: "jeugdhulp", body: snelrecht}, 403) // not the responsible partner
		m = decode[ga.Measure](t, c.expect(request{method: "POST", path: path("maatregelen"), user: "politie", body: snelrecht}, 201))
		if m.PersonID != sem {
			t.Errorf("created %+v", m)
		}
		snelrechtID = m.ID
		daan := map[string]any{}
		for k, v := range snelrecht {
			daan[k] = v
		}
		daan["persoonId"] = c.persons["daan"].ID
		c.expect(request{method: "POST", path: path("maatregelen"), user: "politie", body: daan}, 409) // not a member of main
	})
	t.Run("list and read", func(t *testing.T) {
		// Every participant sees the group measure; the criminal measure
		// for Sem only the police, its responsible partner: no other
		// partner is involved with Sem (ga.CanSeeMeasure). To the others
		// it answers as an unknown id.
		for _, user := range []string{"coordinator", "school", "om", "politie"} {
			l := decode[measureList](t, c.expect(request{method: "GET", path: path("maatregelen") + "?groepId=" + c.main.ID, user: user}, 200))
			want := 1
			if user == "politie" {
				want = 2
				c.expect(request{method: "GET", path: path("maatregelen", snelrechtID), user: user}, 200)
			} else {
				c.hiddenLikeUnknown(t, "GET", user, nil, path("maatregelen", snelrechtID), path("maatregelen", unknownID))
			}
			if len(l.Measures) != want {
				t.Errorf("%s lists %+v, want %d measures", user, l, want)
			}
		}
		wantParams(t, c.expect(request{method: "GET", path: path("maatregelen"), user: "school"}, 400), "groepId")
		wantParams(t, c.expect(request{method: "GET", path: path("maatregelen") + "?groepId=Stationsplein", user: "school"}, 400), "groepId")
		c.hiddenLikeUnknown(t, "GET", "school", nil, path("maatregelen")+"?groepId="+c.hidden.ID, path("maatregelen")+"?groepId="+unknownID)
		c.hiddenLikeUnknown(t, "GET", "school", nil, path("maatregelen", unknownID), path("maatregelen", "01234567-89ab-7cde-8f01-23456789abcd"))
		wantParams(t, c.expect(request{method: "GET", path: path("maatregelen", "camera"), user: "school"}, 400), "id")

		// A group measure in the hidden group, which the school may not see.
		hiddenG := c.hidden
		if _, err := c.db.AnswerProblematic(c.as("coordinator"), hiddenG.ID, true, "Overlast."); err != nil {
			t.Fatal(err)
		}
		if _, err := c.db.MoveGroup(c.as("coordinator"), hiddenG.ID, ga.StepPicture, "Beeld."); err != nil {
			t.Fatal(err)
		}
		m := &ga.Measure{GroupID: hiddenG.ID, Kind: ga.MeasurePrivate, Description: "Gebiedsverbod winkelcentrum.", ResponsiblePartnerID: politie,
			Status: ga.MeasurePlanned, Start: "2025-10-01", ReviewDate: ga.DateOf(today.AddDate(0, 0, -1))}
		if err := c.db.CreateMeasure(c.as("politie"), m); err != nil {
			t.Fatal(err)
		}
		c.hiddenLikeUnknown(t, "GET", "school", nil, path("maatregelen", m.ID), path("maatregelen", unknownID))
		c.expect(request{method: "GET", path: path("maatregelen", m.ID), user: "coordinator"}, 200)

		t.Run("overdue reviews", func(t *testing.T) {
			ids := func(user string) []string {
				l := decode[measureList](t, c.expect(request{method: "GET", path: path("maatregelen", "_achterstallig"), user: user}, 200))
				var out []string
				for _, m := range l.Measures {
					out = append(out, m.ID)
				}
				slices.Sort(out)
				return out
			}
			both := []string{cameraID, m.ID}
			slices.Sort(both)
			if got := ids("coordinator"); !slices.Equal(got, both) {
				t.Errorf("coordinator: overdue %v, want %v", got, both)
			}
			if got := ids("school"); !slices.Equal(got, []string{cameraID}) {
				t.Errorf("school: overdue %v, want only the camera", got)
			}
		})
	})
	t.Run("update", func(t *testing.T) {
		progress := map[string]any{}
		for k, v := range snelrecht {
			if k != "groepId" {
				progress[k] = v
			}
		}
		progress["status"] = "lopend"
		p := path("maatregelen", snelrechtID)
		// The school and the coordinator may not see the criminal measure
		// for Sem: changing it answers as for an unknown id.
		c.hiddenLikeUnknown(t, "PUT", "school", progress, p, path("maatregelen", unknownID))
		c.hiddenLikeUnknown(t, "PUT", "coordinator", progress, p, path("maatregelen", unknownID))
		c.hiddenLikeUnknown(t, "PUT", "school", progress, path("maatregelen", unknownID), path("maatregelen", "01234567-89ab-7cde-8f01-23456789abcd"))
		wantParams(t, c.expect(request{method: "PUT", path: p, user: "politie", body: map[string]any{"groepId": c.hidden.ID}}, 400), "groepId")
		if m := decode[ga.Measure](t, c.expect(request{method: "PUT", path: p, user: "politie", body: progress}, 200)); m.Status != ga.MeasureRunning || m.GroupID != c.main.ID {
			t.Errorf("progress %+v", m)
		}
		changed := map[string]any{}
		for k, v := range progress {
			changed[k] = v
		}
		changed["omschrijving"] = "Snelrecht en een meldplicht."
		c.expect(request{method: "PUT", path: p, user: "politie", body: changed}, 403)
		finished := maps.Clone(progress)
		finished["status"] = "afgerond"
		wantParams(t, c.expect(request{method: "PUT", path: p, user: "politie", body: finished}, 400), "resultaat")
		finished["resultaat"] = "Geen nieuwe feiten."
		c.expect(request{method: "PUT", path: p, user: "politie", body: finished}, 200)
		c.expect(request{method: "PUT", path: p, user: "politie", body: finished}, 409)

		// The coordinator changes every field of a measure it sees.
		cam := maps.Clone(camera)
		delete(cam, "groepId")
		cam["omschrijving"] = "Cameratoezicht en verlichting op het Stationsplein."
		cam["verantwoordelijkePartnerId"] = jeugdhulp
		if m := decode[ga.Measure](t, c.expect(request{method: "PUT", path: path("maatregelen", cameraID), user: "coordinator", body: cam}, 200)); m.Description != cam["omschrijving"] || m.ResponsiblePartnerID != jeugdhulp {
			t.Errorf("changed %+v", m)
		}
		c.expect(request{method: "PUT", path: path("maatregelen", cameraID), user: "school", body: cam}, 403)
	})
}

func TestMonitoring(t *testing.T) {
	t.Parallel()
	c := newCasework(t)
	mon := path("groepen", c.main.ID, "monitoring")
	total := func(user string) ga.Monitoring {
		t.Helper()
		m := decode[ga.Monitoring](t, c.expect(request{method: "GET", path: mon, user: user}, 200))
		if len(m.Months) != ga.MonitoringMonths || len(m.MeasuresInForce) != len(ga.MeasureKinds) {
			t.Fatalf("monitoring %+v", m)
		}
		return m
	}
	last := func(m ga.Monitoring) ga.MonthCount { return m.Months[len(m.Months)-1] }

	t.Run("before the decision no count reveals a member", func(t *testing.T) {
		if got := last(total("politie")); got.Total != 2 || got.Core != 2 {
			t.Errorf("politie counts %+v", got)
		}
		for _, user := range []string{"school", "coordinator", "om"} {
			m := total(user)
			for _, month := range m.Months {
				if month.Total != 0 || month.Core != 0 || month.NewRecruits != 0 {
					t.Errorf("%s counts members before the decision: %+v", user, month)
				}
			}
		}
		c.hiddenLikeUnknown(t, "GET", "school", nil, path("groepen", c.hidden.ID, "monitoring"), path("groepen", unknownID, "monitoring"))
	})
	c.decide(c.main)
	m := &ga.Measure{GroupID: c.main.ID, PersonID: c.persons["sem"].ID, Kind: ga.MeasureCare, Description: "Begeleiding naar werk.",
		ResponsiblePartnerID: c.partners[ga.KindJeugdhulp].ID, Status: ga.MeasureRunning, Start: "2025-10-01", ReviewDate: ga.DateOf(time.Now().AddDate(0, 1, 0))}
	if err := c.db.CreateMeasure(c.as("coordinator"), m); err != nil {
		t.Fatal(err)
	}
	t.Run("after the decision a participating partner counts the members and the measures it may see", func(t *testing.T) {
		// The care measure for Sem counts only for jeugdhulp, its
		// responsible partner: no other partner is involved with Sem
		// (ga.CanSeeMeasure).
		for _, user := range []string{"school", "coordinator", "om", "jeugdhulp"} {
			got := total(user)
			want := 0
			if user == "jeugdhulp" {
				want = 1
			}
			if last(got).Total != 2 || got.MeasuresInForce[ga.MeasureCare] != want || got.TotalInForce() != want {
				t.Errorf("%s counts %+v, %v; want %d measures in force", user, last(got), got.MeasuresInForce, want)
			}
		}
	})
}
