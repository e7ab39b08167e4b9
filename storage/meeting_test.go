package storage_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// busyWorld is planWorld in full swing: items from five partners, two
// registered involvements, four measures and — from 1 June 2026 — four
// meetings. Which partner is involved with which member is declared by
// hand in involved, from the facts the world was built with; the tests use
// it as the oracle beside ga.CanSeeItem.
type busyWorld struct {
	*planWorld
	items []*ga.Item
	// groupMeasure is aimed at the group; careP1, crimP2 and schoolP3 at
	// one member each.
	groupMeasure, careP1, crimP2, schoolP3 *ga.Measure
	// involved lists the partners involved with each member: contributed
	// an item, carries a measure, or registered by the coordinator.
	involved map[string][]string
	// group (M1), aboutP1 (M2), aboutP1P2 (M3) and aboutP3 (M4).
	meetings                           map[string]*ga.Meeting
	group, aboutP1, aboutP1P2, aboutP3 *ga.Meeting
}

// meetingsDay is when the meetings are organised; they are held on 10 June.
var meetingsDay = time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)

func newBusyWorld(t *testing.T) *busyWorld {
	t.Helper()
	w := &busyWorld{planWorld: newPlanWorld(t)}
	g := w.planWorld.group
	w.items = []*ga.Item{
		w.mustSignal(w.police, g, w.p1, false, true, "Aanhouding winkeldiefstal"),
		w.sharedItem(w.police, g, w.p1, "Psychische klachten volgens wijkagent", w.om),
		w.mustSignal(w.police, g, w.p2, false, false, "Vaak aanwezig bij overlast"),
		w.mustSignal(w.police, g, w.p3, false, false, "Nieuw gezicht op het plein"),
		w.mustSignal(w.police, g, nil, false, false, "Groep hangt 's avonds op het plein"),
		w.mustSignal(w.jeugdProf, g, w.p1, true, false, "In behandeling bij jeugd-GGZ"),
		w.mustSignal(w.schoolProf, g, w.p2, false, false, "Verzuimt geregeld"),
		w.mustSignal(w.coordinator, g, nil, false, true, "Bestuurlijke rapportage vernielingen"),
	}
	for _, r := range []struct {
		person  *ga.Person
		partner *ga.Partner
	}{{w.p1, w.om}, {w.p2, w.jeugdhulp}} {
		if err := w.db.RegisterInvolvement(w.coordinator, g.ID, r.person.ID, r.partner.ID, "Betrokken bij het gezin"); err != nil {
			t.Fatalf("register involvement: %v", err)
		}
	}
	w.groupMeasure = w.mustMeasure(w.coordinator, nil, ga.MeasureAdministrative, w.gemeente, ga.MeasureRunning, "2026-03-02", "2026-05-01")
	w.careP1 = w.mustMeasure(w.jeugdProf, w.p1, ga.MeasureCare, w.jeugdhulp, ga.MeasureRunning, "2026-03-02", "2026-09-01")
	w.crimP2 = w.mustMeasure(w.coordinator, w.p2, ga.MeasureCriminal, w.om, ga.MeasurePlanned, "2026-04-01", "2026-06-01")
	w.schoolP3 = w.mustMeasure(w.coordinator, w.p3, ga.MeasureCare, w.school, ga.MeasureRunning, "2026-03-02", "2026-12-01")
	w.involved = map[string][]string{
		w.p1.ID: {w.politie.ID, w.jeugdhulp.ID, w.om.ID},
		w.p2.ID: {w.politie.ID, w.school.ID, w.jeugdhulp.ID, w.om.ID},
		w.p3.ID: {w.politie.ID, w.school.ID},
	}

	w.clock.Set(meetingsDay)
	w.group = w.mustMeeting(ga.MeetingGroup, nil, w.politie, w.om, w.jeugdhulp, w.school)
	w.aboutP1 = w.mustMeeting(ga.MeetingIndividual, []*ga.Person{w.p1}, w.politie, w.om, w.jeugdhulp)
	w.aboutP1P2 = w.mustMeeting(ga.MeetingIndividual, []*ga.Person{w.p1, w.p2}, w.politie, w.jeugdhulp, w.om)
	w.aboutP3 = w.mustMeeting(ga.MeetingIndividual, []*ga.Person{w.p3}, w.school)
	w.meetings = map[string]*ga.Meeting{"groepsoverleg": w.group, "overleg over p1": w.aboutP1,
		"overleg over p1 en p2": w.aboutP1P2, "overleg over p3": w.aboutP3}
	return w
}

// sharedItem records a special item of the police shared explicitly with
// partner with.
func (w *busyWorld) sharedItem(ctx context.Context, g *ga.Group, person *ga.Person, content string, with *ga.Partner) *ga.Item {
	w.t.Helper()
	it := &ga.Item{GroupID: g.ID, PersonID: person.ID, Category: "Zorgsignaal", Special: true, LegalGround: "Wpg art. 20",
		Wpg20DecisionID: w.wpg20.ID, Necessity: "Nodig voor de strafrechtelijke afweging", Content: content,
		ConcernsDate: "2026-02-21", SharedWith: []string{with.ID}}
	if err := w.db.CreateItem(ctx, it); err != nil {
		w.t.Fatalf("create shared item: %v", err)
	}
	return it
}

func (w *planWorld) mustMeasure(ctx context.Context, person *ga.Person, kind ga.MeasureKind, responsible *ga.Partner, status ga.MeasureStatus, start, review ga.Date) *ga.Measure {
	w.t.Helper()
	m := &ga.Measure{GroupID: w.group.ID, Kind: kind, Description: "Maatregel " + string(kind), ResponsiblePartnerID: responsible.ID,
		Status: status, Start: start, ReviewDate: review}
	if person != nil {
		m.PersonID = person.ID
	}
	if err := w.db.CreateMeasure(ctx, m); err != nil {
		w.t.Fatalf("create measure: %v", err)
	}
	return m
}

// mustMeeting organises a meeting held on 10 June 2026, inviting the first
// partner at creation and the others one by one.
func (w *busyWorld) mustMeeting(kind ga.MeetingKind, persons []*ga.Person, invited ...*ga.Partner) *ga.Meeting {
	w.t.Helper()
	m := &ga.Meeting{GroupID: w.planWorld.group.ID, Kind: kind, HeldOn: "2026-06-10", Agenda: "Stand van zaken",
		Invited: []ga.Invitation{{PartnerID: invited[0].ID}}}
	for _, p := range persons {
		m.PersonIDs = append(m.PersonIDs, p.ID)
	}
	if err := w.db.CreateMeeting(w.coordinator, m); err != nil {
		w.t.Fatalf("create meeting %s about %d inviting %s: %v", kind, len(persons), invited[0].Name, err)
	}
	for _, p := range invited[1:] {
		if err := w.db.Invite(w.coordinator, m.ID, p.ID); err != nil {
			w.t.Fatalf("invite %s: %v", p.Name, err)
		}
	}
	stored, err := w.db.Meeting(w.coordinator, m.ID)
	if err != nil {
		w.t.Fatalf("reload meeting: %v", err)
	}
	if len(stored.Invited) != len(invited) {
		w.t.Fatalf("meeting invites %+v, want %d partners", stored.Invited, len(invited))
	}
	return stored
}

// worldUser is one user of the world with a name for subtests.
type worldUser struct {
	name string
	ctx  context.Context
}

func (w *planWorld) users() []worldUser {
	return []worldUser{
		{"coordinator gemeente", w.coordinator}, {"professional gemeente", w.gemProf}, {"OM", w.omProf},
		{"politie", w.police}, {"driehoek politie", w.driehoek}, {"jeugdhulp", w.jeugdProf}, {"school", w.schoolProf},
		{"woningcorporatie (geen deelnemer)", w.housing}, {"coordinator woningcorporatie (geen deelnemer)", w.outsideCoordinator},
		{"beheerder", w.admin}, {"auditor", w.auditor},
	}
}

// groupVisibleTo is the oracle of group visibility: coordinators and the
// users of participating partners, with a role that sees personal data.
func groupVisibleTo(a *ga.Actor, g *ga.Group) bool { return ga.CanSeeGroup(a, *g) }

// persons returns the world's members by id.
func (w *planWorld) persons() map[string]*ga.Person {
	return map[string]*ga.Person{w.p1.ID: w.p1, w.p2.ID: w.p2, w.p3.ID: w.p3}
}

// meetingVisibleTo is the oracle of meeting visibility: the group is
// visible, ga.CanSeeMeeting, and every member the meeting is about visible
// under ga.CanSeeMember.
func (w *busyWorld) meetingVisibleTo(a *ga.Actor, m *ga.Meeting, now time.Time) bool {
	g := w.planWorld.group
	if !groupVisibleTo(a, g) || !ga.CanSeeMeeting(a, *m) {
		return false
	}
	for _, p := range m.PersonIDs {
		if !ga.CanSeeMember(a, *w.persons()[p], *g, w.terms, now).Allowed {
			return false
		}
	}
	return true
}

// expectedItems is the oracle of a meeting view: the world's items in the
// meeting's scope that ga.CanSeeItem lets the actor see.
func (w *busyWorld) expectedItems(a *ga.Actor, m *ga.Meeting, now time.Time) []string {
	var out []string
	for _, it := range w.items {
		if m.Kind == ga.MeetingIndividual && !slices.Contains(m.PersonIDs, it.PersonID) {
			continue
		}
		c := ga.ItemContext{Group: *w.planWorld.group, Terms: w.terms, Now: now,
			Involved: it.PersonID != "" && slices.Contains(w.involved[it.PersonID], a.PartnerID)}
		if ga.CanSeeItem(a, *it, c).Allowed {
			out = append(out, it.ID)
		}
	}
	slices.Sort(out)
	return out
}

func itemIDs(items []ga.Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.ID)
	}
	slices.Sort(out)
	return out
}

func TestMeetingViewShowsEachParticipantWhatCanSeeItemAllows(t *testing.T) {
	w := newBusyWorld(t)
	now := w.clock.Now()
	seen := map[string]map[string][]string{} // meeting → user → items
	for name, m := range w.meetings {
		seen[name] = map[string][]string{}
		for _, u := range w.users() {
			t.Run(name+" as "+u.name, func(t *testing.T) {
				a := ga.ActorFrom(u.ctx)
				view, err := w.db.MeetingView(u.ctx, m.ID)
				switch {
				case !ga.CanProcessPersonalData(a):
					wantKind(t, err, ga.KindForbidden)
					return
				case !w.meetingVisibleTo(a, m, now):
					wantKind(t, err, ga.KindNotFound)
					return
				case err != nil:
					t.Fatalf("MeetingView: %v", err)
				}
				got, want := itemIDs(view.Items), w.expectedItems(a, m, now)
				if !slices.Equal(got, want) {
					t.Errorf("items = %v, want %v (CanSeeItem)", w.contents(got), w.contents(want))
				}
				seen[name][u.name] = got
			})
		}
	}
	t.Run("two participants of the same meeting see different items", func(t *testing.T) {
		police, school := seen["groepsoverleg"]["politie"], seen["groepsoverleg"]["school"]
		if len(police) == 0 || len(school) == 0 || slices.Equal(police, school) {
			t.Errorf("police sees %v and school %v in the group meeting; want two different, non-empty sets", police, school)
		}
	})
	t.Run("every invited partner of an individual meeting sees something about its member", func(t *testing.T) {
		for _, u := range []string{"politie", "OM", "jeugdhulp"} {
			if len(seen["overleg over p1"][u]) == 0 {
				t.Errorf("%s sees no item in the meeting about p1", u)
			}
		}
	})
}

// contents maps item ids to their contents, for readable failures.
func (w *busyWorld) contents(ids []string) []string {
	var out []string
	for _, id := range ids {
		for _, it := range w.items {
			if it.ID == id {
				out = append(out, it.Content)
			}
		}
	}
	return out
}

func TestMeetingsAreSeenByCoordinatorsAndInvitedPartners(t *testing.T) {
	w := newBusyWorld(t)
	now := w.clock.Now()
	for _, u := range w.users() {
		t.Run(u.name, func(t *testing.T) {
			a := ga.ActorFrom(u.ctx)
			list, err := w.db.Meetings(u.ctx, w.planWorld.group.ID)
			switch {
			case !ga.CanProcessPersonalData(a):
				wantKind(t, err, ga.KindForbidden)
				return
			case !groupVisibleTo(a, w.planWorld.group):
				wantKind(t, err, ga.KindNotFound)
				return
			case err != nil:
				t.Fatalf("Meetings: %v", err)
			}
			var got, want []string
			for _, m := range list {
				got = append(got, m.ID)
			}
			for _, m := range w.meetings {
				if w.meetingVisibleTo(a, m, now) {
					want = append(want, m.ID)
				}
				_, err := w.db.Meeting(u.ctx, m.ID)
				if w.meetingVisibleTo(a, m, now) != (err == nil) {
					t.Errorf("Meeting(%s) = %v, visible by the oracle: %v", m.ID, err, w.meetingVisibleTo(a, m, now))
				}
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("meetings = %v, want %v", got, want)
			}
		})
	}
	t.Run("an unknown meeting answers as an invisible one", func(t *testing.T) {
		_, err := w.db.Meeting(w.coordinator, "bestaat-niet")
		wantKind(t, err, ga.KindNotFound)
	})
}

func TestIndividualMeetingCannotInviteUninvolvedPartner(t *testing.T) {
	w := newBusyWorld(t)
	for _, tc := range []struct {
		name    string
		m       *ga.Meeting
		partner *ga.Partner
		want    ga.Kind
	}{
		{"police involved with p1 through its items", w.aboutP1, w.politie, ok},
		{"jeugdhulp involved with p1 through its item", w.aboutP1, w.jeugdhulp, ok},
		{"OM involved with p1 by registration", w.aboutP1, w.om, ok},
		{"school not involved with p1", w.aboutP1, w.school, ga.KindConflict},
		{"the coordinator's own partner not involved with p1", w.aboutP1, w.gemeente, ga.KindConflict},
		{"jeugdhulp involved with p1 (item) and p2 (registered)", w.aboutP1P2, w.jeugdhulp, ok},
		{"school involved with p2 only", w.aboutP1P2, w.school, ga.KindConflict},
		{"school involved with p3 through the measure it carries", w.aboutP3, w.school, ok},
		{"jeugdhulp not involved with p3", w.aboutP3, w.jeugdhulp, ga.KindConflict},
		{"a partner outside the approach, even to a group meeting", w.group, w.woning, ga.KindConflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, trace := traced(w.coordinator)
			err := w.db.Invite(ctx, tc.m.ID, tc.partner.ID)
			if tc.want == ok {
				if err != nil {
					t.Fatalf("Invite: %v", err)
				}
				return
			}
			wantKind(t, err, tc.want)
			if tc.m.Kind == ga.MeetingIndividual && !strings.Contains(err.(*ga.Error).Message, "artikel 5.3") {
				t.Errorf("refusal %q does not name the rule", err.(*ga.Error).Message)
			}
			if got := w.traceLines(t, trace); len(got) != 0 {
				t.Errorf("refused invitation wrote processing lines %v", got)
			}
			m, err := w.db.Meeting(w.coordinator, tc.m.ID)
			if err != nil || m.IsInvited(tc.partner.ID) {
				t.Errorf("after the refusal the partner is invited: %v, %v", m, err)
			}
		})
	}
	t.Run("an invitation at creation follows the same rule and creates nothing", func(t *testing.T) {
		before, _ := w.db.Meetings(w.coordinator, w.planWorld.group.ID)
		m := &ga.Meeting{GroupID: w.planWorld.group.ID, Kind: ga.MeetingIndividual, HeldOn: "2026-06-12", PersonIDs: []string{w.p1.ID},
			Invited: []ga.Invitation{{PartnerID: w.politie.ID}, {PartnerID: w.school.ID}}}
		wantKind(t, w.db.CreateMeeting(w.coordinator, m), ga.KindConflict)
		after, _ := w.db.Meetings(w.coordinator, w.planWorld.group.ID)
		if len(after) != len(before) {
			t.Errorf("meetings %d → %d after a refused creation", len(before), len(after))
		}
	})
	t.Run("ending a registered involvement ends the right to be invited", func(t *testing.T) {
		if err := w.db.EndInvolvement(w.coordinator, w.planWorld.group.ID, w.p2.ID, w.jeugdhulp.ID, "Hulp afgesloten"); err != nil {
			t.Fatalf("end involvement: %v", err)
		}
		m := &ga.Meeting{GroupID: w.planWorld.group.ID, Kind: ga.MeetingIndividual, HeldOn: "2026-06-12", PersonIDs: []string{w.p2.ID}}
		if err := w.db.CreateMeeting(w.coordinator, m); err != nil {
			t.Fatalf("create: %v", err)
		}
		wantKind(t, w.db.Invite(w.coordinator, m.ID, w.jeugdhulp.ID), ga.KindConflict)
		if err := w.db.Invite(w.coordinator, m.ID, w.school.ID); err != nil {
			t.Errorf("school (item about p2) refused: %v", err)
		}
	})
}

func TestMeetingRules(t *testing.T) {
	w := newBusyWorld(t)
	gid := w.planWorld.group.ID
	t.Run("only the coordinator organises", func(t *testing.T) {
		wantKind(t, w.db.CreateMeeting(w.police, &ga.Meeting{GroupID: gid, Kind: ga.MeetingGroup, HeldOn: "2026-06-20"}), ga.KindForbidden)
		wantKind(t, w.db.Invite(w.police, w.group.ID, w.om.ID), ga.KindForbidden)
		wantKind(t, w.db.CreateMeeting(w.housing, &ga.Meeting{GroupID: gid, Kind: ga.MeetingGroup, HeldOn: "2026-06-20"}), ga.KindNotFound)
	})
	t.Run("an individual meeting is about current members", func(t *testing.T) {
		other := w.mustGroup("Andere groep")
		stranger := w.mustMember(w.police, other, "Sem Elders", ga.RoleCore, "2026-01-01")
		wantKind(t, w.db.CreateMeeting(w.coordinator, &ga.Meeting{GroupID: gid, Kind: ga.MeetingIndividual, HeldOn: "2026-06-20",
			PersonIDs: []string{stranger.ID}}), ga.KindConflict)
		t.Run("and needs the driehoek's decision", func(t *testing.T) {
			wantKind(t, w.db.CreateMeeting(w.coordinator, &ga.Meeting{GroupID: other.ID, Kind: ga.MeetingIndividual, HeldOn: "2026-06-20",
				PersonIDs: []string{stranger.ID}}), ga.KindConflict)
			if err := w.db.CreateMeeting(w.coordinator, &ga.Meeting{GroupID: other.ID, Kind: ga.MeetingGroup, HeldOn: "2026-06-20"}); err != nil {
				t.Errorf("group meeting before the decision: %v", err)
			}
		})
	})
	t.Run("minutes and decisions are recorded", func(t *testing.T) {
		m := *w.aboutP1
		m.Minutes, m.Decisions = "Besproken: voortgang behandeling", "Huisbezoek plannen"
		m.Kind, m.PersonIDs = ga.MeetingGroup, nil // ignored: kind and members do not change
		ctx, trace := traced(w.coordinator)
		if err := w.db.UpdateMeeting(ctx, &m); err != nil {
			t.Fatalf("update: %v", err)
		}
		if m.Kind != ga.MeetingIndividual || !slices.Equal(m.PersonIDs, []string{w.p1.ID}) || m.Minutes == "" {
			t.Errorf("updated meeting = %+v", m)
		}
		w.wantLines(t, trace, "overleg_wijzigen", w.pseudonymOf(w.p1))
		got, err := w.db.Meeting(w.police, m.ID)
		if err != nil || got.Decisions != "Huisbezoek plannen" {
			t.Errorf("police reads %+v, %v", got, err)
		}
	})
	t.Run("attendance is recorded from the day of the meeting", func(t *testing.T) {
		wantKind(t, w.db.RecordAttendance(w.coordinator, w.group.ID, w.politie.ID, true), ga.KindConflict)
		w.clock.Set(time.Date(2026, 6, 10, 12, 0, 0, 0, time.UTC))
		if err := w.db.RecordAttendance(w.coordinator, w.group.ID, w.politie.ID, true); err != nil {
			t.Fatalf("attendance: %v", err)
		}
		if err := w.db.RecordAttendance(w.coordinator, w.group.ID, w.school.ID, false); err != nil {
			t.Fatalf("absence: %v", err)
		}
		wantKind(t, w.db.RecordAttendance(w.coordinator, w.group.ID, w.gemeente.ID, true), ga.KindConflict)
		m, err := w.db.Meeting(w.schoolProf, w.group.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, inv := range m.Invited {
			switch {
			case inv.PartnerID == w.politie.ID && (inv.Attended == nil || !*inv.Attended),
				inv.PartnerID == w.school.ID && (inv.Attended == nil || *inv.Attended),
				inv.PartnerID == w.om.ID && inv.Attended != nil:
				t.Errorf("invitation %s attended %v", inv.PartnerID, inv.Attended)
			}
		}
		wantKind(t, w.db.Uninvite(w.coordinator, w.group.ID, w.politie.ID), ga.KindConflict)
	})
	t.Run("uninvited partners no longer see the meeting", func(t *testing.T) {
		if err := w.db.Uninvite(w.coordinator, w.aboutP1.ID, w.om.ID); err != nil {
			t.Fatalf("uninvite: %v", err)
		}
		_, err := w.db.MeetingView(w.omProf, w.aboutP1.ID)
		wantKind(t, err, ga.KindNotFound)
		wantKind(t, w.db.Uninvite(w.coordinator, w.aboutP1.ID, w.om.ID), ga.KindConflict)
	})
}

func TestAgreements(t *testing.T) {
	w := newBusyWorld(t)
	add := func(ctx context.Context, m *ga.Meeting, partner *ga.Partner, person *ga.Person, due ga.Date) (*ga.Agreement, error) {
		ag := &ga.Agreement{MeetingID: m.ID, Description: "Afspraak van " + partner.Name, ResponsiblePartnerID: partner.ID, DueDate: due}
		if person != nil {
			ag.PersonID = person.ID
		}
		return ag, w.db.AddAgreement(ctx, ag)
	}
	ctx, trace := traced(w.coordinator)
	careAgreement, err := add(ctx, w.aboutP1, w.jeugdhulp, w.p1, "2026-06-10")
	if err != nil {
		t.Fatalf("agreement about p1: %v", err)
	}
	w.wantLines(t, trace, "afspraak_vastleggen", w.pseudonymOf(w.p1))
	if careAgreement.GroupID != w.planWorld.group.ID || careAgreement.ID == "" {
		t.Errorf("agreement = %+v", careAgreement)
	}
	t.Run("refusals", func(t *testing.T) {
		_, err := add(w.police, w.group, w.politie, nil, "2026-07-01")
		wantKind(t, err, ga.KindForbidden)
		_, err = add(w.coordinator, w.group, w.gemeente, nil, "2026-07-01")
		wantKind(t, err, ga.KindConflict) // gemeente is not invited
		_, err = add(w.coordinator, w.group, w.politie, w.p1, "2026-07-01")
		wantKind(t, err, ga.KindConflict) // no agreement about a member in a group meeting
		_, err = add(w.coordinator, w.group, w.politie, nil, "")
		wantKind(t, err, ga.KindInvalid)
	})
	policeAgreement, err := add(w.coordinator, w.group, w.politie, nil, "2026-07-01")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the responsible partner completes it, once", func(t *testing.T) {
		_, err := w.db.CompleteAgreement(w.schoolProf, policeAgreement.ID, "2026-06-01")
		wantKind(t, err, ga.KindForbidden)
		_, err = w.db.CompleteAgreement(w.police, policeAgreement.ID, "2026-06-02")
		wantKind(t, err, ga.KindInvalid) // in the future
		done, err := w.db.CompleteAgreement(w.police, policeAgreement.ID, "2026-06-01")
		if err != nil || done.DoneOn != "2026-06-01" {
			t.Fatalf("complete = %+v, %v", done, err)
		}
		_, err = w.db.CompleteAgreement(w.police, policeAgreement.ID, "2026-06-01")
		wantKind(t, err, ga.KindConflict)
	})
	t.Run("an agreement of a meeting the viewer may not see is not found", func(t *testing.T) {
		_, err := w.db.CompleteAgreement(w.schoolProf, careAgreement.ID, "2026-06-01")
		wantKind(t, err, ga.KindNotFound)
	})
	t.Run("a responsible partner stays invited", func(t *testing.T) {
		wantKind(t, w.db.Uninvite(w.coordinator, w.aboutP1.ID, w.jeugdhulp.ID), ga.KindConflict)
	})
	t.Run("reading the meeting logs its members and the members of its agreements", func(t *testing.T) {
		ctx, trace := traced(w.jeugdProf)
		m, err := w.db.Meeting(ctx, w.aboutP1.ID)
		if err != nil || len(m.Agreements) != 1 {
			t.Fatalf("meeting = %+v, %v", m, err)
		}
		w.wantLines(t, trace, "overleg_raadplegen", w.pseudonymOf(w.p1))
	})
}

func TestMeetingReadsWriteOneLinePerSubject(t *testing.T) {
	w := newBusyWorld(t)
	p1, p2, p3 := w.pseudonymOf(w.p1), w.pseudonymOf(w.p2), w.pseudonymOf(w.p3)
	for _, tc := range []struct {
		name string
		ctx  context.Context
		call func(ctx context.Context) error
		want []string
	}{
		{"police views the group meeting: the members of its items", w.police, func(ctx context.Context) error {
			_, err := w.db.MeetingView(ctx, w.group.ID)
			return err
		}, []string{p1, p2, p3}},
		{"school views the group meeting: the members it is involved with", w.schoolProf, func(ctx context.Context) error {
			_, err := w.db.MeetingView(ctx, w.group.ID)
			return err
		}, []string{p2, p3}},
		{"the outside coordinator views the group meeting: no member", w.outsideCoordinator, func(ctx context.Context) error {
			_, err := w.db.MeetingView(ctx, w.group.ID)
			return err
		}, nil},
		{"OM views the meeting about p1 and p2", w.omProf, func(ctx context.Context) error {
			_, err := w.db.MeetingView(ctx, w.aboutP1P2.ID)
			return err
		}, []string{p1, p2}},
		{"the coordinator lists the meetings", w.coordinator, func(ctx context.Context) error {
			_, err := w.db.Meetings(ctx, w.planWorld.group.ID)
			return err
		}, []string{p1, p2, p3}},
		{"jeugdhulp lists the meetings it is invited to", w.jeugdProf, func(ctx context.Context) error {
			_, err := w.db.Meetings(ctx, w.planWorld.group.ID)
			return err
		}, []string{p1, p2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, trace := traced(tc.ctx)
			if err := tc.call(ctx); err != nil {
				t.Fatal(err)
			}
			w.wantLines(t, trace, "overleg_raadplegen", tc.want...)
			if n := w.auditCount(t, trace); n != 1 {
				t.Errorf("audit lines = %d, want 1", n)
			}
		})
	}
}

func TestRolledBackMeetingWritesNoLines(t *testing.T) {
	w := newBusyWorld(t)
	failInserts(t, w.planWorld, "meeting_invitations")
	ctx, trace := traced(w.coordinator)
	before, err := w.db.Meetings(w.coordinator, w.planWorld.group.ID)
	if err != nil {
		t.Fatal(err)
	}
	m := &ga.Meeting{GroupID: w.planWorld.group.ID, Kind: ga.MeetingIndividual, HeldOn: "2026-06-20", PersonIDs: []string{w.p1.ID},
		Invited: []ga.Invitation{{PartnerID: w.politie.ID}}}
	if err := w.db.CreateMeeting(ctx, m); err == nil {
		t.Fatal("CreateMeeting succeeded despite the failing insert")
	}
	if got := w.traceLines(t, trace); len(got) != 0 {
		t.Errorf("rolled-back meeting wrote processing lines %v", got)
	}
	if n := w.auditCount(t, trace); n != 0 {
		t.Errorf("rolled-back meeting wrote %d audit lines", n)
	}
	after, err := w.db.Meetings(w.coordinator, w.planWorld.group.ID)
	if err != nil || len(after) != len(before) {
		t.Errorf("meetings %d → %d (%v): the meeting row survived the rollback", len(before), len(after), err)
	}
}

// failInserts makes every insert into the table fail from now on, past the
// storage layer, to test that a failing action rolls back as a whole.
func failInserts(t *testing.T, w *planWorld, table string) {
	t.Helper()
	var stmts []string
	if w.db.Dialect().String() == "postgres" {
		stmts = []string{
			`CREATE FUNCTION test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'test failure'; END $$`,
			`CREATE TRIGGER test_fail BEFORE INSERT OR UPDATE ON ` + table + ` FOR EACH ROW EXECUTE FUNCTION test_fail()`,
		}
	} else {
		stmts = []string{
			`CREATE TRIGGER test_fail_insert BEFORE INSERT ON ` + table + ` BEGIN SELECT RAISE(ABORT, 'test failure'); END`,
			`CREATE TRIGGER test_fail_update BEFORE UPDATE ON ` + table + ` BEGIN SELECT RAISE(ABORT, 'test failure'); END`,
		}
	}
	for _, s := range stmts {
		if _, err := w.db.SQL().Exec(s); err != nil {
			t.Fatalf("install failing trigger: %v", err)
		}
	}
}
