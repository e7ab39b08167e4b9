package api

import (
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// invitedPartners returns the partners of an invitation list, sorted.
func invitedPartners(invs []ga.Invitation) []string {
	var out []string
	for _, inv := range invs {
		out = append(out, inv.PartnerID)
	}
	sort.Strings(out)
	return out
}

// checkMeetingView checks that the meeting as the user sees it shows
// exactly the items ga.CanSeeItem allows the user among those the meeting
// is about: every item of the group for a group meeting, only the items
// about its members for an individual meeting.
func (c *casework) checkMeetingView(t *testing.T, user, meetingID string, groupID string, about []string) {
	t.Helper()
	v := decode[ga.MeetingView](t, c.expect(request{method: "GET", path: path("overleggen", meetingID), user: user}, 200))
	var want []string
	for _, it := range c.items {
		if it.GroupID != groupID || len(about) > 0 && !slices.Contains(about, it.PersonID) {
			continue
		}
		if c.canSee(user, it).Allowed {
			want = append(want, it.ID)
		}
	}
	sort.Strings(want)
	if got := itemIDs(v.Items); !slices.Equal(got, want) {
		t.Errorf("%s sees items %v in meeting %s, want %v", user, got, meetingID, want)
	}
}

func TestMeetings(t *testing.T) {
	t.Parallel()
	c := newCasework(t)
	sem := c.persons["sem"].ID
	gemeente, politie, school, jeugdhulp := c.partners[ga.KindGemeente].ID, c.partners[ga.KindPolitie].ID, c.partners[ga.KindSchool].ID, c.partners[ga.KindJeugdhulp].ID
	today := string(ga.DateOf(time.Now()))
	groupMeeting := map[string]any{"groepId": c.main.ID, "soort": "groep", "datum": today, "agenda": "Stand van de overlast.",
		"uitgenodigdePartnerIds": []string{politie, school}}
	individual := map[string]any{"groepId": c.main.ID, "soort": "individu", "datum": today, "agenda": "Aanpak van Sem.",
		"persoonIds": []string{sem}, "uitgenodigdePartnerIds": []string{politie}}
	var groupID, individualID string

	t.Run("before the decision only group meetings", func(t *testing.T) {
		c.expect(request{method: "POST", path: path("overleggen"), user: "coordinator", body: individual}, 409)
		c.expect(request{method: "POST", path: path("overleggen"), user: "politie", body: groupMeeting}, 403)
		wantParams(t, c.expect(request{method: "POST", path: path("overleggen"), user: "coordinator",
			body: map[string]any{"groepId": "stationsplein", "persoonIds": []string{"sem"}, "uitgenodigdePartnerIds": []string{"school"}}}, 400),
			"groepId", "persoonIds", "uitgenodigdePartnerIds")
		wantParams(t, c.expect(request{method: "POST", path: path("overleggen"), user: "coordinator",
			body: map[string]any{"groepId": c.main.ID, "soort": "borrel", "datum": "morgen"}}, 400), "soort", "datum")
		wantParams(t, c.expect(request{method: "POST", path: path("overleggen"), user: "coordinator",
			body: map[string]any{"groepId": c.main.ID, "soort": "groep", "datum": today, "persoonIds": []string{sem}}}, 400), "persoonIds")
		unknown := map[string]any{"groepId": unknownID, "soort": "groep", "datum": today, "agenda": "x"}
		hidden := map[string]any{"groepId": c.hidden.ID, "soort": "groep", "datum": today, "agenda": "x"}
		sameProblem(t, "a meeting in a group the school may not see",
			c.do(request{method: "POST", path: path("overleggen"), user: "school", body: hidden}),
			c.do(request{method: "POST", path: path("overleggen"), user: "school", body: unknown}))

		w := c.expect(request{method: "POST", path: path("overleggen"), user: "coordinator", body: groupMeeting}, 201)
		v := decode[ga.MeetingView](t, w)
		groupID = v.Meeting.ID
		want := []string{politie, school}
		sort.Strings(want)
		if w.Header().Get("Location") != path("overleggen", groupID) || v.Meeting.Kind != ga.MeetingGroup || !slices.Equal(invitedPartners(v.Meeting.Invited), want) {
			t.Errorf("created %+v at %q", v.Meeting, w.Header().Get("Location"))
		}
		// Before the decision the school, invited, sees the meeting but no
		// police item in it.
		c.checkMeetingView(t, "school", groupID, c.main.ID, nil)
		c.checkMeetingView(t, "politie", groupID, c.main.ID, nil)
		if w := c.expect(request{method: "GET", path: path("overleggen", groupID), user: "school"}, 200); mentions(w, "winkeldiefstal") || mentions(w, "Sem") {
			t.Errorf("the school learns of a member in a meeting before the decision: %s", w.Body)
		}
	})

	c.decide(c.main)
	c.mustItem("school", "sem-verzuim", &ga.Item{GroupID: c.main.ID, PersonID: sem, Category: "Schoolverzuim", Content: "Sem verzuimt structureel."})

	t.Run("an individual meeting invites only partners involved with its members", func(t *testing.T) {
		refused := map[string]any{}
		for k, v := range individual {
			refused[k] = v
		}
		refused["uitgenodigdePartnerIds"] = []string{politie, jeugdhulp}
		w := c.expect(request{method: "POST", path: path("overleggen"), user: "coordinator", body: refused}, 409)
		if p := decode[Problem](t, w); !strings.Contains(p.Detail, "artikel 5.3") {
			t.Errorf("refusal does not name the rule: %+v", p)
		}
		v := decode[ga.MeetingView](t, c.expect(request{method: "POST", path: path("overleggen"), user: "coordinator", body: individual}, 201))
		individualID = v.Meeting.ID
		invitations := path("overleggen", individualID, "uitnodigingen")
		c.expect(request{method: "POST", path: invitations, user: "coordinator", body: map[string]any{"partnerId": jeugdhulp}}, 409)
		c.expect(request{method: "POST", path: invitations, user: "politie", body: map[string]any{"partnerId": school}}, 403)
		wantParams(t, c.expect(request{method: "POST", path: invitations, user: "coordinator", body: map[string]any{"partnerId": "school"}}, 400), "partnerId")
		// The school contributed an item about sem: it is involved.
		l := decode[invitationList](t, c.expect(request{method: "POST", path: invitations, user: "coordinator", body: map[string]any{"partnerId": school}}, 200))
		want := []string{politie, school}
		sort.Strings(want)
		if !slices.Equal(invitedPartners(l.Invitations), want) {
			t.Errorf("invited %+v", l)
		}
		c.register(c.main, "sem", ga.KindJeugdhulp)
		c.expect(request{method: "POST", path: invitations, user: "coordinator", body: map[string]any{"partnerId": jeugdhulp}}, 200)
		c.hiddenLikeUnknown(t, "POST", "om", map[string]any{"partnerId": jeugdhulp}, invitations, path("overleggen", unknownID, "uitnodigingen"))
	})

	t.Run("each participant sees the meeting as need-to-know allows", func(t *testing.T) {
		for _, user := range []string{"coordinator", "politie", "school"} {
			c.checkMeetingView(t, user, groupID, c.main.ID, nil)
			c.checkMeetingView(t, user, individualID, c.main.ID, []string{sem})
		}
		c.checkMeetingView(t, "jeugdhulp", individualID, c.main.ID, []string{sem})
		// The two views of the same meeting differ: the police see their
		// criminal item about sem, the school does not.
		criminal := c.items["sem-strafrechtelijk"].ID
		politieView := decode[ga.MeetingView](t, c.expect(request{method: "GET", path: path("overleggen", individualID), user: "politie"}, 200))
		schoolView := decode[ga.MeetingView](t, c.expect(request{method: "GET", path: path("overleggen", individualID), user: "school"}, 200))
		if !slices.Contains(itemIDs(politieView.Items), criminal) || slices.Contains(itemIDs(schoolView.Items), criminal) {
			t.Errorf("police see %v, school sees %v", itemIDs(politieView.Items), itemIDs(schoolView.Items))
		}
		// Partners not invited do not see the meeting at all.
		c.hiddenLikeUnknown(t, "GET", "om", nil, path("overleggen", groupID), path("overleggen", unknownID))
		c.hiddenLikeUnknown(t, "GET", "jeugdhulp", nil, path("overleggen", groupID), path("overleggen", unknownID))
		wantParams(t, c.expect(request{method: "GET", path: path("overleggen", "maandag"), user: "school"}, 400), "id")

		list := func(user string) []string {
			l := decode[meetingList](t, c.expect(request{method: "GET", path: path("overleggen") + "?groepId=" + c.main.ID, user: user}, 200))
			var out []string
			for _, m := range l.Meetings {
				out = append(out, m.ID)
			}
			sort.Strings(out)
			return out
		}
		both := []string{groupID, individualID}
		sort.Strings(both)
		for user, want := range map[string][]string{"coordinator": both, "politie": both, "school": both, "jeugdhulp": {individualID}, "om": nil} {
			if got := list(user); !slices.Equal(got, want) {
				t.Errorf("%s lists meetings %v, want %v", user, got, want)
			}
		}
		wantParams(t, c.expect(request{method: "GET", path: path("overleggen"), user: "school"}, 400), "groepId")
		c.hiddenLikeUnknown(t, "GET", "school", nil, path("overleggen")+"?groepId="+c.hidden.ID, path("overleggen")+"?groepId="+unknownID)
	})

	t.Run("record", func(t *testing.T) {
		update := map[string]any{"datum": today, "agenda": "Stand van de overlast.", "verslag": "Overlast neemt af.", "besluiten": "Cameratoezicht verlengen."}
		c.expect(request{method: "PUT", path: path("overleggen", groupID), user: "school", body: update}, 403)
		c.hiddenLikeUnknown(t, "PUT", "om", update, path("overleggen", groupID), path("overleggen", unknownID))
		wantParams(t, c.expect(request{method: "PUT", path: path("overleggen", groupID), user: "coordinator", body: map[string]any{"datum": "vandaag"}}, 400), "datum")
		wantParams(t, c.expect(request{method: "PUT", path: path("overleggen", groupID), user: "coordinator", body: map[string]any{"datum": today, "soort": "individu"}}, 400), "soort")
		v := decode[ga.MeetingView](t, c.expect(request{method: "PUT", path: path("overleggen", groupID), user: "coordinator", body: update}, 200))
		if v.Meeting.Minutes != "Overlast neemt af." || v.Meeting.Kind != ga.MeetingGroup || len(v.Meeting.Invited) != 2 {
			t.Errorf("updated %+v", v.Meeting)
		}
		if v := decode[ga.MeetingView](t, c.expect(request{method: "GET", path: path("overleggen", groupID), user: "school"}, 200)); v.Meeting.Decisions != "Cameratoezicht verlengen." {
			t.Errorf("school reads %+v", v.Meeting)
		}
	})

	t.Run("attendance", func(t *testing.T) {
		att := path("overleggen", groupID, "aanwezigheid")
		c.expect(request{method: "POST", path: att, user: "school", body: map[string]any{"partnerId": school, "aanwezig": true}}, 403)
		wantParams(t, c.expect(request{method: "POST", path: att, user: "coordinator", body: map[string]any{"partnerId": school}}, 400), "aanwezig")
		c.expect(request{method: "POST", path: att, user: "coordinator", body: map[string]any{"partnerId": gemeente, "aanwezig": true}}, 409) // not invited
		l := decode[invitationList](t, c.expect(request{method: "POST", path: att, user: "coordinator", body: map[string]any{"partnerId": school, "aanwezig": true}}, 200))
		i := slices.IndexFunc(l.Invitations, func(inv ga.Invitation) bool { return inv.PartnerID == school })
		if i < 0 || l.Invitations[i].Attended == nil || !*l.Invitations[i].Attended {
			t.Errorf("attendance %+v", l)
		}
		if l := decode[invitationList](t, c.expect(request{method: "GET", path: path("overleggen", groupID, "uitnodigingen"), user: "politie"}, 200)); len(l.Invitations) != 2 {
			t.Errorf("uitnodigingen %+v", l)
		}
		later := map[string]any{"groepId": c.main.ID, "soort": "groep", "datum": string(ga.DateOf(time.Now().AddDate(0, 0, 14))), "agenda": "Later.", "uitgenodigdePartnerIds": []string{school}}
		lv := decode[ga.MeetingView](t, c.expect(request{method: "POST", path: path("overleggen"), user: "coordinator", body: later}, 201))
		c.expect(request{method: "POST", path: path("overleggen", lv.Meeting.ID, "aanwezigheid"), user: "coordinator", body: map[string]any{"partnerId": school, "aanwezig": false}}, 409)

		c.expect(request{method: "DELETE", path: path("overleggen", groupID, "uitnodigingen", school), user: "coordinator"}, 409) // attended
		c.expect(request{method: "DELETE", path: path("overleggen", lv.Meeting.ID, "uitnodigingen", school), user: "school"}, 403)
		c.expect(request{method: "DELETE", path: path("overleggen", lv.Meeting.ID, "uitnodigingen", school), user: "coordinator"}, 204)
		c.hiddenLikeUnknown(t, "GET", "school", nil, path("overleggen", lv.Meeting.ID), path("overleggen", unknownID))
		c.expect(request{method: "DELETE", path: path("overleggen", lv.Meeting.ID, "uitnodigingen", school), user: "coordinator"}, 409)
	})

	t.Run("agreements", func(t *testing.T) {
		agreements := path("overleggen", groupID, "afspraken")
		due := string(ga.DateOf(time.Now().AddDate(0, 1, 0)))
		agreement := map[string]any{"omschrijving": "Gesprek met de ouders plannen.", "verantwoordelijkePartnerId": school, "uiterlijk": due}
		c.expect(request{method: "POST", path: agreements, user: "school", body: agreement}, 403)
		wantParams(t, c.expect(request{method: "POST", path: agreements, user: "coordinator", body: map[string]any{"omschrijving": "", "uiterlijk": "volgende week"}}, 400), "omschrijving", "verantwoordelijkePartnerId", "uiterlijk")
		c.expect(request{method: "POST", path: agreements, user: "coordinator", body: map[string]any{"omschrijving": "x", "verantwoordelijkePartnerId": jeugdhulp, "uiterlijk": due}}, 409) // not invited
		c.expect(request{method: "POST", path: agreements, user: "coordinator", body: map[string]any{"persoonId": sem, "omschrijving": "x", "verantwoordelijkePartnerId": school, "uiterlijk": due}}, 409)
		w := c.expect(request{method: "POST", path: agreements, user: "coordinator", body: agreement}, 201)
		ag := decode[ga.Agreement](t, w)
		if w.Header().Get("Location") != agreements+"/"+ag.ID || ag.MeetingID != groupID || ag.GroupID != c.main.ID || ag.DoneOn != "" {
			t.Errorf("created %+v at %q", ag, w.Header().Get("Location"))
		}
		if l := decode[agreementList](t, c.expect(request{method: "GET", path: agreements, user: "politie"}, 200)); len(l.Agreements) != 1 {
			t.Errorf("afspraken %+v", l)
		}
		c.expect(request{method: "GET", path: agreements + "/" + ag.ID, user: "school"}, 200)
		c.expect(request{method: "GET", path: path("overleggen", individualID, "afspraken", ag.ID), user: "school"}, 404) // another meeting's
		c.hiddenLikeUnknown(t, "GET", "om", nil, agreements+"/"+ag.ID, path("overleggen", unknownID, "afspraken", ag.ID))

		done := agreements + "/" + ag.ID + "/uitvoering"
		c.expect(request{method: "POST", path: done, user: "politie", body: map[string]any{"uitgevoerdOp": today}}, 403)
		c.hiddenLikeUnknown(t, "POST", "om", map[string]any{"uitgevoerdOp": today}, done, path("overleggen", unknownID, "afspraken", ag.ID, "uitvoering"))
		c.expect(request{method: "POST", path: path("overleggen", individualID, "afspraken", ag.ID, "uitvoering"), user: "school", body: map[string]any{"uitgevoerdOp": today}}, 404)
		wantParams(t, c.expect(request{method: "POST", path: done, user: "school", body: map[string]any{"uitgevoerdOp": string(ga.DateOf(time.Now().AddDate(0, 0, 3)))}}, 400), "uitgevoerdOp")
		got := decode[ga.Agreement](t, c.expect(request{method: "POST", path: done, user: "school", body: map[string]any{"uitgevoerdOp": today}}, 200))
		if got.DoneOn != ga.Date(today) {
			t.Errorf("completed %+v", got)
		}
		c.expect(request{method: "POST", path: done, user: "coordinator", body: map[string]any{"uitgevoerdOp": today}}, 409)
		c.expect(request{method: "DELETE", path: path("overleggen", groupID, "uitnodigingen", politie), user: "coordinator"}, 204)
	})
}
