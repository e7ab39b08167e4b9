package api

import (
	"slices"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// memberNames returns the names in a member list.
func memberNames(l memberList) []string {
	var out []string
	for _, m := range l.Members {
		out = append(out, m.Person.Name)
	}
	return out
}

func TestMembers(t *testing.T) {
	t.Parallel()
	c := newCasework(t)
	leden := path("groepen", c.main.ID, "leden")

	t.Run("before the decision only the source sees the members", func(t *testing.T) {
		for user, want := range map[string][]string{
			"politie":     {"Noah Jansen", "Sem de Vries"},
			"driehoek":    {"Noah Jansen", "Sem de Vries"},
			"coordinator": nil,
			"school":      nil,
			"jeugdhulp":   nil,
			"om":          nil,
		} {
			w := c.expect(request{method: "GET", path: leden, user: user}, 200)
			if got := memberNames(decode[memberList](t, w)); !slices.Equal(got, want) {
				t.Errorf("%s sees members %v, want %v", user, got, want)
			}
			if want == nil && (mentions(w, "Sem de Vries") || mentions(w, "Noah") || mentions(w, c.persons["sem"].ID)) {
				t.Errorf("%s learns of a member before the decision: %s", user, w.Body)
			}
		}
	})
	t.Run("a group the viewer may not see answers like an unknown one", func(t *testing.T) {
		c.hiddenLikeUnknown(t, "GET", "school", nil, path("groepen", c.hidden.ID, "leden"), path("groepen", unknownID, "leden"))
	})
	t.Run("involvement of a member not yet visible answers like an unknown member", func(t *testing.T) {
		sem := c.persons["sem"].ID
		c.hiddenLikeUnknown(t, "GET", "school", nil, path("groepen", c.main.ID, "leden", sem, "betrokkenheden"), path("groepen", c.main.ID, "leden", unknownID, "betrokkenheden"))
		c.hiddenLikeUnknown(t, "GET", "coordinator", nil, path("groepen", c.main.ID, "leden", sem, "betrokkenheden"), path("groepen", c.main.ID, "leden", unknownID, "betrokkenheden"))
		body := map[string]any{"partnerId": c.partners[ga.KindSchool].ID, "reden": "Leerling."}
		c.hiddenLikeUnknown(t, "POST", "coordinator", body, path("groepen", c.main.ID, "leden", sem, "betrokkenheden"), path("groepen", c.main.ID, "leden", unknownID, "betrokkenheden"))
	})

	c.decide(c.main)
	t.Run("after the decision participating partners see the members", func(t *testing.T) {
		for _, user := range []string{"coordinator", "school", "jeugdhulp", "om", "gemeente", "politie"} {
			l := decode[memberList](t, c.expect(request{method: "GET", path: leden, user: user}, 200))
			if got := memberNames(l); !slices.Equal(got, []string{"Noah Jansen", "Sem de Vries"}) {
				t.Errorf("%s sees members %v", user, got)
			}
			if len(l.Members) == 2 && (len(l.Members[0].Person.Representatives) != 1 || l.Members[0].Membership.Role != ga.RoleCore) {
				t.Errorf("%s: noah %+v", user, l.Members[0])
			}
		}
		c.hiddenLikeUnknown(t, "GET", "school", nil, path("groepen", c.hidden.ID, "leden"), path("groepen", unknownID, "leden"))
		w := c.expect(request{method: "GET", path: path("groepen", c.hidden.ID, "leden"), user: "coordinator"}, 200)
		if len(decode[memberList](t, w).Members) != 0 || mentions(w, "Daan") {
			t.Errorf("the coordinator sees a member of a group without decision: %s", w.Body)
		}
	})

	t.Run("involvement", func(t *testing.T) {
		semPath := path("groepen", c.main.ID, "leden", c.persons["sem"].ID, "betrokkenheden")
		school := c.partners[ga.KindSchool].ID
		register := map[string]any{"partnerId": school, "reden": "Leerling van de school."}
		partners := func(l involvementList) []string {
			var out []string
			for _, in := range l.Involvements {
				out = append(out, in.PartnerID)
			}
			slices.Sort(out)
			return out
		}

		if l := decode[involvementList](t, c.expect(request{method: "GET", path: semPath, user: "coordinator"}, 200)); !slices.Equal(partners(l), []string{c.partners[ga.KindPolitie].ID}) || !l.Involvements[0].Derived {
			t.Errorf("before registration: %+v", l)
		}
		c.expect(request{method: "POST", path: semPath, user: "school", body: register}, 403)
		wantParams(t, c.expect(request{method: "POST", path: semPath, user: "coordinator", body: map[string]any{"partnerId": "school", "reden": "x"}}, 400), "partnerId")
		wantParams(t, c.expect(request{method: "POST", path: semPath, user: "coordinator", body: map[string]any{"partnerId": school, "reden": ""}}, 400), "reden")
		wantParams(t, c.expect(request{method: "POST", path: semPath, user: "coordinator", body: map[string]any{"partnerId": unknownID, "reden": "x"}}, 400), "partnerId")
		l := decode[involvementList](t, c.expect(request{method: "POST", path: semPath, user: "coordinator", body: register}, 200))
		want := []string{c.partners[ga.KindPolitie].ID, school}
		slices.Sort(want)
		if !slices.Equal(partners(l), want) {
			t.Errorf("after registration: %+v", l)
		}
		i := slices.IndexFunc(l.Involvements, func(in storage.Involvement) bool { return in.PartnerID == school })
		if i < 0 || !l.Involvements[i].Registered || l.Involvements[i].Reason != "Leerling van de school." || l.Involvements[i].RegisteredAt == nil {
			t.Errorf("school's involvement %+v", l.Involvements)
		}
		t.Run("another partner sees only its own involvement", func(t *testing.T) {
			l := decode[involvementList](t, c.expect(request{method: "GET", path: semPath, user: "school"}, 200))
			if !slices.Equal(partners(l), []string{school}) {
				t.Errorf("school sees %+v", l)
			}
			l = decode[involvementList](t, c.expect(request{method: "GET", path: semPath, user: "jeugdhulp"}, 200))
			if l.Involvements == nil || len(l.Involvements) != 0 {
				t.Errorf("jeugdhulp sees %+v", l)
			}
		})

		end := semPath + "/" + school + "/beeindiging"
		c.expect(request{method: "POST", path: end, user: "school", body: map[string]any{"reden": "Van school af."}}, 403)
		wantParams(t, c.expect(request{method: "POST", path: end, user: "coordinator", body: map[string]any{"reden": " "}}, 400), "reden")
		wantParams(t, c.expect(request{method: "POST", path: semPath + "/school/beeindiging", user: "coordinator", body: map[string]any{"reden": "x"}}, 400), "partnerId")
		l = decode[involvementList](t, c.expect(request{method: "POST", path: end, user: "coordinator", body: map[string]any{"reden": "Van school af."}}, 200))
		if !slices.Equal(partners(l), []string{c.partners[ga.KindPolitie].ID}) {
			t.Errorf("after ending: %+v", l)
		}
		// The ending, with its reason decrypted, for the coordinator and
		// the school itself; not for another partner.
		for user, want := range map[string]int{"coordinator": 1, "school": 1, "jeugdhulp": 0} {
			l := decode[involvementList](t, c.expect(request{method: "GET", path: semPath, user: user}, 200))
			if len(l.Ended) != want || (want == 1 && (l.Ended[0].PartnerID != school || l.Ended[0].EndReason != "Van school af." || l.Ended[0].EndedAt.IsZero())) {
				t.Errorf("%s sees the ended involvements %+v", user, l.Ended)
			}
		}
		c.expect(request{method: "POST", path: end, user: "coordinator", body: map[string]any{"reden": "Nogmaals."}}, 404)
	})
}
