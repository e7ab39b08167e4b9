package api

import (
	"net/http"
	"slices"
	"sort"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// itemIDs returns the ids in an item list, sorted.
func itemIDs(items []ga.Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.ID)
	}
	sort.Strings(out)
	return out
}

// checkItemsMatchPolicy requests every item of the fixture as every viewer
// and checks that the API shows exactly what ga.CanSeeItem allows: a single
// item answers 200 or the 404 of an unknown id, and the search lists and
// counts exactly the items allowed, no more, no fewer.
func (c *casework) checkItemsMatchPolicy(t *testing.T) {
	t.Helper()
	unknown := c.do(request{method: "GET", path: path("gegevens", unknownID), user: "school"})
	for _, user := range viewers {
		var want, inMain []string
		for key, it := range c.items {
			d := c.canSee(user, it)
			w := c.do(request{method: "GET", path: path("gegevens", it.ID), user: user})
			switch {
			case d.Allowed && w.Code != 200:
				t.Errorf("%s may see item %s (%s) but gets %d", user, key, d.Rule, w.Code)
			case d.Allowed:
				if got := decode[ga.Item](t, w); got.Content != it.Content {
					t.Errorf("%s sees item %s as %+v", user, key, got)
				}
				want = append(want, it.ID)
				if it.GroupID == c.main.ID {
					inMain = append(inMain, it.ID)
				}
			case !d.Allowed:
				sameProblem(t, user+" asks for item "+key+" ("+string(d.Rule)+")", w, unknown)
				if mentions(w, it.Content) {
					t.Errorf("%s learns the content of %s", user, key)
				}
			}
		}
		sort.Strings(want)
		sort.Strings(inMain)
		for _, search := range []struct {
			filter map[string]any
			want   []string
		}{
			{map[string]any{}, want},
			{map[string]any{"zoekterm": ""}, want},
			{map[string]any{"groepId": c.main.ID}, inMain},
		} {
			w := c.expect(request{method: "POST", path: path("gegevens", "_zoek"), user: user, body: search.filter}, 200)
			l := decode[itemList](t, w)
			if got := itemIDs(l.Items); !slices.Equal(got, search.want) || l.Count != len(search.want) {
				t.Errorf("%s searching %v finds %v (aantal %d), want %v", user, search.filter, got, l.Count, search.want)
			}
		}
	}
}

func TestItems(t *testing.T) {
	t.Parallel()
	c := newCasework(t)
	sem, noah := c.persons["sem"].ID, c.persons["noah"].ID
	police := func(it map[string]any) map[string]any {
		it["wpg20BesluitId"] = c.wpg20.ID
		return it
	}

	t.Run("before the decision the school sees no police item, no name and no count", func(t *testing.T) {
		for _, user := range []string{"school", "coordinator", "om", "jeugdhulp", "gemeente"} {
			for _, filter := range []map[string]any{{}, {"groepId": c.main.ID}, {"persoonId": sem}, {"zoekterm": "winkeldiefstal"}} {
				w := c.expect(request{method: "POST", path: path("gegevens", "_zoek"), user: user, body: filter}, 200)
				if l := decode[itemList](t, w); l.Count != 0 || len(l.Items) != 0 || mentions(w, "Sem") || mentions(w, "winkeldiefstal") {
					t.Errorf("%s searching %v finds %s", user, filter, w.Body)
				}
			}
			for _, it := range c.items {
				c.hiddenLikeUnknown(t, "GET", user, nil, path("gegevens", it.ID), path("gegevens", unknownID))
			}
		}
		if l := decode[itemList](t, c.expect(request{method: "POST", path: path("gegevens", "_zoek"), user: "politie", body: map[string]any{}}, 200)); l.Count != 4 {
			t.Errorf("the police find %d of their own items, want 4", l.Count)
		}
		c.checkItemsMatchPolicy(t)
	})

	t.Run("create", func(t *testing.T) {
		wantParams(t, c.expect(request{method: "POST", path: path("gegevens"), user: "politie", body: map[string]any{"groepId": c.main.ID, "strafrechtelijk": true}}, 400),
			"categorie", "grondslag", "inhoud", "betreftDatum", "noodzaak", "wpg20BesluitId")
		wantParams(t, c.expect(request{method: "POST", path: path("gegevens"), user: "politie", body: map[string]any{"groepId": "stationsplein", "persoonId": "sem"}}, 400), "groepId", "persoonId")
		wantParams(t, c.expect(request{method: "POST", path: path("gegevens"), user: "politie", body: map[string]any{"groepId": c.main.ID, "bronPartnerId": unknownID}}, 400), "bronPartnerId")
		item := map[string]any{"groepId": c.main.ID, "categorie": "Schoolverzuim", "grondslag": "Leerplichtwet.", "inhoud": "Verzuimt vaak.", "betreftDatum": "2025-10-01"}
		// The school may not see sem before the decision: he is not a member
		// it can write about.
		about := map[string]any{"persoonId": sem}
		for k, v := range item {
			about[k] = v
		}
		wantParams(t, c.expect(request{method: "POST", path: path("gegevens"), user: "school", body: about}, 400), "persoonId")
		hidden, unknown := map[string]any{}, map[string]any{}
		for k, v := range item {
			hidden[k], unknown[k] = v, v
		}
		hidden["groepId"], unknown["groepId"] = c.hidden.ID, unknownID
		sameProblem(t, "an item in a group the school may not see",
			c.do(request{method: "POST", path: path("gegevens"), user: "school", body: hidden}),
			c.do(request{method: "POST", path: path("gegevens"), user: "school", body: unknown}))
		w := c.expect(request{method: "POST", path: path("gegevens"), user: "school", body: item}, 201)
		it := decode[ga.Item](t, w)
		if w.Header().Get("Location") != path("gegevens", it.ID) || it.SourcePartnerID != c.partners[ga.KindSchool].ID || it.Status != ga.ItemActive {
			t.Errorf("created %+v at %q", it, w.Header().Get("Location"))
		}
		c.items["school-groep"] = &it
	})

	c.decide(c.main)
	// The hidden group gets its decision too, so that the school, which
	// takes no part in it, is refused for that reason.
	c.decide(c.hidden)
	c.mustItem("school", "sem-verzuim", &ga.Item{GroupID: c.main.ID, PersonID: sem, Category: "Schoolverzuim", Content: "Sem verzuimt structureel."})
	c.mustItem("jeugdhulp", "noah-zorg", &ga.Item{GroupID: c.main.ID, PersonID: noah, Category: "Zorg", Special: true,
		Necessity: "Nodig voor de afstemming van de hulp.", Content: "Noah krijgt ambulante jeugdhulp."})
	c.register(c.main, "sem", ga.KindOM)
	c.register(c.main, "noah", ga.KindJeugdhulp)

	t.Run("after the decision each partner sees what need-to-know allows", func(t *testing.T) {
		c.checkItemsMatchPolicy(t)
		// What the rules mean here, spelt out.
		c.expect(request{method: "GET", path: path("gegevens", c.items["groep"].ID), user: "school"}, 200)
		c.expect(request{method: "GET", path: path("gegevens", c.items["sem-strafrechtelijk"].ID), user: "school"}, 404)
		c.expect(request{method: "GET", path: path("gegevens", c.items["sem-strafrechtelijk"].ID), user: "om"}, 200)
		c.expect(request{method: "GET", path: path("gegevens", c.items["noah-signaal"].ID), user: "school"}, 404)
		c.expect(request{method: "GET", path: path("gegevens", c.items["noah-zorg"].ID), user: "coordinator"}, 404)
		c.expect(request{method: "GET", path: path("gegevens", c.items["daan-signaal"].ID), user: "coordinator"}, 404)
	})

	t.Run("explicit share", func(t *testing.T) {
		criminal := path("gegevens", c.items["sem-strafrechtelijk"].ID, "delingen")
		school := c.partners[ga.KindSchool].ID
		c.expect(request{method: "POST", path: criminal, user: "om", body: map[string]any{"partnerId": school}}, 403)
		c.hiddenLikeUnknown(t, "POST", "school", map[string]any{"partnerId": school}, criminal, path("gegevens", unknownID, "delingen"))
		wantParams(t, c.expect(request{method: "POST", path: criminal, user: "politie", body: map[string]any{"partnerId": "school"}}, 400), "partnerId")
		wantParams(t, c.expect(request{method: "POST", path: path("gegevens", c.items["groep"].ID, "delingen"), user: "politie", body: map[string]any{"partnerId": school}}, 400), "gedeeldMetPartnerIds")
		it := decode[ga.Item](t, c.expect(request{method: "POST", path: criminal, user: "politie", body: map[string]any{"partnerId": school}}, 200))
		if !slices.Equal(it.SharedWith, []string{school}) {
			t.Errorf("shared %+v", it)
		}
		c.items["sem-strafrechtelijk"].SharedWith = it.SharedWith
		c.checkItemsMatchPolicy(t)
		c.expect(request{method: "GET", path: path("gegevens", c.items["sem-strafrechtelijk"].ID), user: "school"}, 200)
		c.expect(request{method: "POST", path: criminal, user: "school", body: map[string]any{"partnerId": school}}, 403)

		c.expect(request{method: "DELETE", path: criminal + "/" + school, user: "school"}, 403)
		c.expect(request{method: "DELETE", path: criminal + "/" + school, user: "politie"}, 204)
		wantParams(t, c.expect(request{method: "DELETE", path: criminal + "/" + school, user: "politie"}, 400), "partnerId")
		c.items["sem-strafrechtelijk"].SharedWith = nil
		c.expect(request{method: "GET", path: path("gegevens", c.items["sem-strafrechtelijk"].ID), user: "school"}, 404)
	})

	t.Run("update", func(t *testing.T) {
		groupItem := path("gegevens", c.items["groep"].ID)
		update := police(map[string]any{"categorie": "Overlast", "grondslag": "Wpg art 20.", "inhoud": "Overlast bij het station, ook in het weekend.", "betreftDatum": "2025-09-02"})
		c.expect(request{method: "PUT", path: groupItem, user: "school", body: update}, 403)
		c.hiddenLikeUnknown(t, "PUT", "school", update, path("gegevens", c.items["daan-signaal"].ID), path("gegevens", unknownID))
		wantParams(t, c.expect(request{method: "PUT", path: groupItem, user: "politie", body: map[string]any{"categorie": "", "inhoud": "x", "grondslag": "x", "betreftDatum": "2025-09-02"}}, 400), "categorie", "wpg20BesluitId")
		wantParams(t, c.expect(request{method: "PUT", path: groupItem, user: "politie", body: map[string]any{"groepId": c.hidden.ID}}, 400), "groepId")
		it := decode[ga.Item](t, c.expect(request{method: "PUT", path: groupItem, user: "politie", body: update}, 200))
		if it.Content != "Overlast bij het station, ook in het weekend." || it.GroupID != c.main.ID || it.SourcePartnerID != c.partners[ga.KindPolitie].ID {
			t.Errorf("updated %+v", it)
		}
		c.items["groep"].Content = it.Content
		if got := decode[ga.Item](t, c.expect(request{method: "GET", path: groupItem, user: "school"}, 200)); got.Content != it.Content {
			t.Errorf("school reads %q", got.Content)
		}
	})

	t.Run("search", func(t *testing.T) {
		l := decode[itemList](t, c.expect(request{method: "POST", path: path("gegevens", "_zoek"), user: "om", body: map[string]any{"persoonId": sem, "zoekterm": "WINKEL"}}, 200))
		if got := itemIDs(l.Items); !slices.Equal(got, []string{c.items["sem-strafrechtelijk"].ID}) || l.Count != 1 {
			t.Errorf("om finds %v", got)
		}
		l = decode[itemList](t, c.expect(request{method: "POST", path: path("gegevens", "_zoek"), user: "school", body: map[string]any{"groepId": c.hidden.ID}}, 200))
		if l.Count != 0 || len(l.Items) != 0 {
			t.Errorf("school finds items of a group it may not see: %+v", l)
		}
		wantParams(t, c.expect(request{method: "POST", path: path("gegevens", "_zoek"), user: "school", body: map[string]any{"groepId": "Stationsplein", "persoonId": "Sem de Vries"}}, 400), "groepId", "persoonId")
		wantParams(t, c.expect(request{method: "POST", path: path("gegevens", "_zoek"), user: "school", body: map[string]any{"naam": "Sem"}}, 400), "naam")
	})

	t.Run("every read is in the audit and the processing log", func(t *testing.T) {
		const traceID = "0af7651916cd43dd8448eb211c80319c"
		w := c.expect(request{method: "GET", path: path("gegevens", c.items["sem-verzuim"].ID), user: "om",
			header: http.Header{"Traceparent": {"00-" + traceID + "-b7ad6b7169203331-01"}}}, 200)
		_, apiSpan, _ := parseTraceparent(w.Header().Get("Traceparent"))
		audit := decode[auditPage](t, c.expect(request{method: "POST", path: "/api/v1/logboek/audit/_zoek", user: "auditor", body: map[string]any{"traceId": traceID}}, 200))
		if !slices.ContainsFunc(audit.Entries, func(e auditEntry) bool {
			return e.Action == "item_read" && e.ObjectID == c.items["sem-verzuim"].ID && e.UserID == c.users["om"].ID && e.Result == ga.ResultSuccess
		}) {
			t.Errorf("no audit line of the read: %+v", audit.Entries)
		}
		proc := decode[processingPage](t, c.expect(request{method: "POST", path: "/api/v1/logboek/verwerkingen/_zoek", user: "auditor", body: map[string]any{"traceId": traceID}}, 200))
		if len(proc.Entries) != 1 || proc.Entries[0].Name != "gegeven_raadplegen" || proc.Entries[0].DataSubjectID == "" || proc.Entries[0].ParentSpanID != apiSpan {
			t.Errorf("processing lines of the read: %+v", proc.Entries)
		}
	})
}
