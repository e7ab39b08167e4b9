package api

import (
	"slices"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

func TestPersons(t *testing.T) {
	t.Parallel()
	c := newCasework(t)
	sem, noah := c.persons["sem"].ID, c.persons["noah"].ID
	dob17 := string(ga.DateOf(time.Now().AddDate(-17, -2, 0)))

	t.Run("create", func(t *testing.T) {
		body := map[string]any{"groepId": c.main.ID, "lidmaatschap": map[string]any{"rol": "meeloper", "startdatum": "2025-07-01"},
			"naam": "Liam Smit", "geboortedatum": dob17, "adres": "Kade 2, Voorbeeldstad"}
		wantParams(t, c.expect(request{method: "POST", path: path("personen"), user: "politie",
			body: map[string]any{"groepId": "Stationsplein", "lidmaatschap": map[string]any{}}}, 400), "groepId")
		wantParams(t, c.expect(request{method: "POST", path: path("personen"), user: "politie",
			body: map[string]any{"groepId": c.main.ID, "lidmaatschap": map[string]any{"rol": "baas"}, "naam": "", "geboortedatum": "1-1-2010", "bsn": "123456789"}}, 400),
			"naam", "geboortedatum", "rol", "startdatum", "bsn", "bsnGrondslag")
		wantParams(t, c.expect(request{method: "POST", path: path("personen"), user: "politie",
			body: map[string]any{"groepId": c.main.ID, "lidmaatschap": map[string]any{"rol": "kern", "startdatum": "2025-07-01"},
				"naam": "Jong Kind", "geboortedatum": string(ga.DateOf(time.Now().AddDate(-13, 0, 0))), "adres": "x"}}, 400), "wettelijkVertegenwoordigers")
		wantParams(t, c.expect(request{method: "POST", path: path("personen"), user: "politie", body: map[string]any{"groepId": c.main.ID, "persoonId": sem}}, 400), "persoonId")
		hidden := map[string]any{"groepId": c.hidden.ID, "lidmaatschap": body["lidmaatschap"], "naam": "Liam Smit", "geboortedatum": dob17, "adres": "x"}
		unknown := map[string]any{"groepId": unknownID, "lidmaatschap": body["lidmaatschap"], "naam": "Liam Smit", "geboortedatum": dob17, "adres": "x"}
		sameProblem(t, "a person in a group the school may not see",
			c.do(request{method: "POST", path: path("personen"), user: "school", body: hidden}),
			c.do(request{method: "POST", path: path("personen"), user: "school", body: unknown}))

		w := c.expect(request{method: "POST", path: path("personen"), user: "politie", body: body}, 201)
		p := decode[storage.PersonView](t, w)
		if w.Header().Get("Location") != path("personen", p.ID) || p.SourcePartnerID != c.partners[ga.KindPolitie].ID ||
			len(p.Memberships) != 1 || p.Memberships[0].GroupID != c.main.ID || p.Memberships[0].Role != ga.RoleFollower {
			t.Errorf("created %+v at %q", p, w.Header().Get("Location"))
		}
		if mentions(w, "pseudonym") {
			t.Errorf("the pseudonym is sent: %s", w.Body)
		}
	})
	t.Run("before the decision only the source sees a person", func(t *testing.T) {
		p := decode[storage.PersonView](t, c.expect(request{method: "GET", path: path("personen", sem), user: "politie"}, 200))
		if p.Name != "Sem de Vries" || len(p.Memberships) != 1 {
			t.Errorf("politie sees %+v", p)
		}
		for _, user := range []string{"school", "coordinator", "om", "jeugdhulp"} {
			c.hiddenLikeUnknown(t, "GET", user, nil, path("personen", sem), path("personen", unknownID))
			c.hiddenLikeUnknown(t, "GET", user, nil, path("personen", sem, "lidmaatschappen"), path("personen", unknownID, "lidmaatschappen"))
			c.hiddenLikeUnknown(t, "GET", user, nil, path("personen", noah, "vertegenwoordigers"), path("personen", unknownID, "vertegenwoordigers"))
			w := c.expect(request{method: "POST", path: path("personen", "_zoek"), user: user, body: map[string]any{"zoekterm": "sem"}}, 200)
			if l := decode[personList](t, w); l.Count != 0 || len(l.Persons) != 0 || mentions(w, "Sem") {
				t.Errorf("%s finds %s", user, w.Body)
			}
		}
		wantParams(t, c.expect(request{method: "GET", path: path("personen", "sem"), user: "politie"}, 400), "id")
	})
	t.Run("search", func(t *testing.T) {
		l := decode[personList](t, c.expect(request{method: "POST", path: path("personen", "_zoek"), user: "politie", body: map[string]any{"zoekterm": "SEM"}}, 200))
		if l.Count != 1 || l.Persons[0].ID != sem {
			t.Errorf("search for SEM: %+v", l)
		}
		l = decode[personList](t, c.expect(request{method: "POST", path: path("personen", "_zoek"), user: "politie", body: map[string]any{}}, 200))
		if l.Count != 4 || len(l.Persons) != 4 {
			t.Errorf("all persons of the police: %d", l.Count)
		}
		wantParams(t, c.expect(request{method: "POST", path: path("personen", "_zoek"), user: "politie", body: map[string]any{"zoekterm": string(make([]byte, 201))}}, 400), "zoekterm")
		wantParams(t, c.expect(request{method: "POST", path: path("personen", "_zoek"), user: "politie", body: map[string]any{"naam": "Sem"}}, 400), "naam")
	})

	c.decide(c.main)
	t.Run("after the decision a participating partner sees the member, through that group only", func(t *testing.T) {
		// The police make sem a member of the hidden group too; the school
		// takes no part there.
		w := c.expect(request{method: "POST", path: path("personen", sem, "lidmaatschappen"), user: "politie",
			body: map[string]any{"groepId": c.hidden.ID, "rol": "aanwas", "startdatum": "2025-08-01"}}, 201)
		hiddenMembership := decode[ga.Membership](t, w)
		if w.Header().Get("Location") != path("personen", sem, "lidmaatschappen", hiddenMembership.ID) || hiddenMembership.GroupID != c.hidden.ID {
			t.Errorf("membership %+v at %q", hiddenMembership, w.Header().Get("Location"))
		}
		c.expect(request{method: "POST", path: path("personen", sem, "lidmaatschappen"), user: "politie",
			body: map[string]any{"groepId": c.hidden.ID, "rol": "aanwas", "startdatum": "2025-08-01"}}, 409)

		p := decode[storage.PersonView](t, c.expect(request{method: "GET", path: path("personen", sem), user: "school"}, 200))
		if p.Name != "Sem de Vries" || len(p.Memberships) != 1 || p.Memberships[0].GroupID != c.main.ID {
			t.Errorf("school sees %+v", p)
		}
		l := decode[membershipList](t, c.expect(request{method: "GET", path: path("personen", sem, "lidmaatschappen"), user: "school"}, 200))
		if len(l.Memberships) != 1 {
			t.Errorf("school sees memberships %+v", l)
		}
		if l := decode[membershipList](t, c.expect(request{method: "GET", path: path("personen", sem, "lidmaatschappen"), user: "politie"}, 200)); len(l.Memberships) != 2 {
			t.Errorf("politie sees memberships %+v", l)
		}
		c.hiddenLikeUnknown(t, "GET", "school", nil, path("personen", sem, "lidmaatschappen", hiddenMembership.ID), path("personen", sem, "lidmaatschappen", unknownID))
		c.expect(request{method: "GET", path: path("personen", sem, "lidmaatschappen", p.Memberships[0].ID), user: "school"}, 200)
		ls := decode[personList](t, c.expect(request{method: "POST", path: path("personen", "_zoek"), user: "school", body: map[string]any{"zoekterm": ""}}, 200))
		var names []string
		for _, p := range ls.Persons {
			names = append(names, p.Name)
		}
		if !slices.Equal(names, []string{"Liam Smit", "Noah Jansen", "Sem de Vries"}) || ls.Count != 3 {
			t.Errorf("school finds %v (%d)", names, ls.Count)
		}
		c.hiddenLikeUnknown(t, "GET", "school", nil, path("personen", c.persons["daan"].ID), path("personen", unknownID))
		wantParams(t, c.expect(request{method: "POST", path: path("personen", sem, "lidmaatschappen"), user: "politie", body: map[string]any{"groepId": "", "rol": "kern"}}, 400), "groepId")

		t.Run("end a membership", func(t *testing.T) {
			end := path("personen", sem, "lidmaatschappen", hiddenMembership.ID, "beeindiging")
			c.expect(request{method: "POST", path: path("personen", sem, "lidmaatschappen", p.Memberships[0].ID, "beeindiging"), user: "school", body: map[string]any{"einddatum": "2025-12-01"}}, 403)
			c.hiddenLikeUnknown(t, "POST", "school", map[string]any{"einddatum": "2025-12-01"}, end, path("personen", sem, "lidmaatschappen", unknownID, "beeindiging"))
			wantParams(t, c.expect(request{method: "POST", path: end, user: "politie", body: map[string]any{"einddatum": "2025-01-01"}}, 400), "einddatum")
			m := decode[ga.Membership](t, c.expect(request{method: "POST", path: end, user: "politie", body: map[string]any{"einddatum": "2025-12-01"}}, 200))
			if m.End != "2025-12-01" || m.ID != hiddenMembership.ID {
				t.Errorf("ended %+v", m)
			}
			c.expect(request{method: "POST", path: end, user: "politie", body: map[string]any{"einddatum": "2025-12-02"}}, 409)
			c.hiddenLikeUnknown(t, "POST", "coordinator", map[string]any{"einddatum": "2025-12-02"}, end, path("personen", sem, "lidmaatschappen", unknownID, "beeindiging"))
		})
	})
	t.Run("update", func(t *testing.T) {
		update := map[string]any{"naam": "Sem de Vries", "geboortedatum": dob17, "adres": "Nieuwe Weg 3, Voorbeeldstad"}
		c.expect(request{method: "PUT", path: path("personen", sem), user: "school", body: update}, 403)
		c.hiddenLikeUnknown(t, "PUT", "school", update, path("personen", c.persons["daan"].ID), path("personen", unknownID))
		wantParams(t, c.expect(request{method: "PUT", path: path("personen", sem), user: "politie", body: map[string]any{"naam": "", "geboortedatum": dob17}}, 400), "naam")
		wantParams(t, c.expect(request{method: "PUT", path: path("personen", sem), user: "politie", body: map[string]any{"naam": "x", "bronPartnerId": unknownID}}, 400), "bronPartnerId")
		p := decode[storage.PersonView](t, c.expect(request{method: "PUT", path: path("personen", sem), user: "politie", body: update}, 200))
		if p.Address != "Nieuwe Weg 3, Voorbeeldstad" || len(p.Memberships) != 2 {
			t.Errorf("updated %+v", p)
		}
	})
	t.Run("representatives", func(t *testing.T) {
		reps := path("personen", noah, "vertegenwoordigers")
		l := decode[representativeList](t, c.expect(request{method: "GET", path: reps, user: "school"}, 200))
		if len(l.Representatives) != 1 || l.Representatives[0].Name != "Ouder van Noah Jansen" {
			t.Fatalf("vertegenwoordigers %+v", l)
		}
		first := l.Representatives[0].ID
		father := map[string]any{"naam": "Vader van Noah", "relatie": "vader", "adres": "Kade 9"}
		c.expect(request{method: "POST", path: reps, user: "school", body: father}, 403)
		wantParams(t, c.expect(request{method: "POST", path: reps, user: "politie", body: map[string]any{"naam": "", "relatie": ""}}, 400), "wettelijkVertegenwoordigers")
		w := c.expect(request{method: "POST", path: reps, user: "politie", body: father}, 201)
		rep := decode[ga.Representative](t, w)
		if w.Header().Get("Location") != reps+"/"+rep.ID || rep.Name != "Vader van Noah" {
			t.Errorf("created %+v at %q", rep, w.Header().Get("Location"))
		}
		c.expect(request{method: "GET", path: reps + "/" + rep.ID, user: "school"}, 200)
		c.hiddenLikeUnknown(t, "GET", "school", nil, path("personen", c.persons["daan"].ID, "vertegenwoordigers", rep.ID), path("personen", unknownID, "vertegenwoordigers", rep.ID))
		c.expect(request{method: "GET", path: reps + "/" + unknownID, user: "school"}, 404)
		father["adres"] = "Kade 10"
		c.expect(request{method: "PUT", path: reps + "/" + rep.ID, user: "school", body: father}, 403)
		c.expect(request{method: "PUT", path: reps + "/" + unknownID, user: "politie", body: father}, 404)
		if got := decode[ga.Representative](t, c.expect(request{method: "PUT", path: reps + "/" + rep.ID, user: "politie", body: father}, 200)); got.Address != "Kade 10" || got.ID != rep.ID {
			t.Errorf("updated %+v", got)
		}
		c.expect(request{method: "DELETE", path: reps + "/" + rep.ID, user: "school"}, 403)
		c.expect(request{method: "DELETE", path: reps + "/" + rep.ID, user: "politie"}, 204)
		wantParams(t, c.expect(request{method: "DELETE", path: reps + "/" + first, user: "politie"}, 400), "wettelijkVertegenwoordigers")
		wantParams(t, c.expect(request{method: "DELETE", path: reps + "/vader", user: "politie"}, 400), "vertegenwoordigerId")
	})
}
