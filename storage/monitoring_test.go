package storage_test

import (
	"slices"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// monitoringDay is when the monitoring tests look: 15 June 2026, so the
// twelve months run from July 2025 to June 2026.
var monitoringDay = time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)

// months builds twelve MonthCounts from July 2025 from per-month counts of
// core members, followers, recruits and new recruits.
func months(counts [12][4]int) []ga.MonthCount {
	out := make([]ga.MonthCount, 12)
	for i, c := range counts {
		out[i] = ga.MonthCount{
			Month: time.Date(2025, time.July+time.Month(i), 1, 0, 0, 0, 0, time.UTC).Format("2006-01"),
			Core:  c[0], Followers: c[1], Recruits: c[2], Total: c[0] + c[1] + c[2], NewRecruits: c[3],
		}
	}
	return out
}

func kinds(administrative, criminal, private, care int) map[ga.MeasureKind]int {
	return map[ga.MeasureKind]int{ga.MeasureAdministrative: administrative, ga.MeasureCriminal: criminal, ga.MeasurePrivate: private, ga.MeasureCare: care}
}

func TestMonitoringEqualsTheHandCount(t *testing.T) {
	w := newBusyWorld(t)
	gid := w.planWorld.group.ID
	// Agreements: in the group meeting one for the school due 1 June (open,
	// overdue) and one for the police due 1 July (done); in the meeting
	// about p1 one for jeugdhulp due 10 June (open, overdue).
	for _, ag := range []*ga.Agreement{
		{MeetingID: w.group.ID, Description: "Verzuim bespreken", ResponsiblePartnerID: w.school.ID, DueDate: "2026-06-01"},
		{MeetingID: w.group.ID, Description: "Extra surveillance", ResponsiblePartnerID: w.politie.ID, DueDate: "2026-07-01"},
		{MeetingID: w.aboutP1.ID, Description: "Huisbezoek", ResponsiblePartnerID: w.jeugdhulp.ID, DueDate: "2026-06-10", PersonID: w.p1.ID},
	} {
		if err := w.db.AddAgreement(w.coordinator, ag); err != nil {
			t.Fatalf("add agreement: %v", err)
		}
		if ag.ResponsiblePartnerID == w.politie.ID {
			if _, err := w.db.CompleteAgreement(w.police, ag.ID, "2026-06-01"); err != nil {
				t.Fatalf("complete: %v", err)
			}
		}
	}
	w.clock.Set(monitoringDay)

	// p1 is a core member from September 2025, p2 a follower from
	// mid-November 2025, p3 a recruit from 10 February 2026.
	allMembers := months([12][4]int{
		{0, 0, 0, 0}, {0, 0, 0, 0}, // July, August 2025
		{1, 0, 0, 0}, {1, 0, 0, 0}, // September, October
		{1, 1, 0, 0}, {1, 1, 0, 0}, {1, 1, 0, 0}, // November – January
		{1, 1, 1, 1},                                           // February 2026: p3 joins
		{1, 1, 1, 0}, {1, 1, 1, 0}, {1, 1, 1, 0}, {1, 1, 1, 0}, // March – June
	})
	noMembers := months([12][4]int{})
	for _, tc := range []struct {
		name       string
		viewer     worldUser
		months     []ga.MonthCount
		inForce    map[ga.MeasureKind]int
		reviews    int
		agreements int
	}{
		// Running are the group's administrative measure and the care
		// measures for p1 (jeugdhulp's) and p3 (the school's); p2's
		// criminal measure (OM's) is planned. The reviews of the group
		// measure (1 May) and of p2's measure (1 June) are overdue; the
		// school's and jeugdhulp's agreements are overdue. Each viewer
		// counts only the measures ga.CanSeeMeasure lets it see.
		//
		// The coordinator sees every member and meeting, but of the
		// measures aimed at members none: the municipality is involved
		// with nobody.
		{"coordinator", worldUser{"coordinator", w.coordinator}, allMembers, kinds(1, 0, 0, 0), 1, 2},
		// The school sees its own care for p3, not p2's criminal measure
		// (its kind is not authorised for criminal data); it is not
		// invited to the meeting about p1.
		{"school", worldUser{"school", w.schoolProf}, allMembers, kinds(1, 0, 0, 1), 1, 1},
		// The police, involved with every member, sees p2's criminal
		// measure but no care measure (not authorised for special data).
		{"police", worldUser{"politie", w.police}, allMembers, kinds(1, 0, 0, 0), 2, 2},
		// Jeugdhulp sees its own care for p1, not the school's for p3 (not
		// involved with p3) nor p2's criminal measure.
		{"jeugdhulp", worldUser{"jeugdhulp", w.jeugdProf}, allMembers, kinds(1, 0, 0, 1), 1, 2},
		// OM sees its own measure for p2, not the care for p1 it is
		// involved with (not authorised for special data).
		{"OM", worldUser{"OM", w.omProf}, allMembers, kinds(1, 0, 0, 0), 2, 2},
		// The coordinator of a partner outside the approach sees the group
		// but none of its members: only the group measure, and only the
		// group meeting's agreements.
		{"outside coordinator", worldUser{"coordinator woningcorporatie", w.outsideCoordinator}, noMembers, kinds(1, 0, 0, 0), 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, trace := traced(tc.viewer.ctx)
			got, err := w.db.Monitoring(ctx, gid)
			if err != nil {
				t.Fatalf("Monitoring: %v", err)
			}
			for i := range tc.months {
				if got.Months[i] != tc.months[i] {
					t.Errorf("month %d = %+v, want %+v", i, got.Months[i], tc.months[i])
				}
			}
			if len(got.Months) != 12 {
				t.Errorf("months = %d, want 12", len(got.Months))
			}
			for k, n := range tc.inForce {
				if got.MeasuresInForce[k] != n {
					t.Errorf("measures in force of kind %s = %d, want %d", k, got.MeasuresInForce[k], n)
				}
			}
			if got.ReviewsOverdue != tc.reviews || got.AgreementsOverdue != tc.agreements {
				t.Errorf("overdue reviews %d, agreements %d; want %d, %d", got.ReviewsOverdue, got.AgreementsOverdue, tc.reviews, tc.agreements)
			}
			var subjects []string
			if tc.months[11].Total > 0 {
				subjects = []string{w.pseudonymOf(w.p1), w.pseudonymOf(w.p2), w.pseudonymOf(w.p3)}
			}
			w.wantLines(t, trace, "groep_monitoren", subjects...)
		})
	}
	t.Run("a group the viewer may not see is not found", func(t *testing.T) {
		_, err := w.db.Monitoring(w.housing, gid)
		wantKind(t, err, ga.KindNotFound)
		_, err = w.db.Monitoring(w.coordinator, "bestaat-niet")
		wantKind(t, err, ga.KindNotFound)
		_, err = w.db.Monitoring(w.admin, gid)
		wantKind(t, err, ga.KindForbidden)
	})
}

// TestMonitoringDoesNotCountInvisibleMembers looks at a group before the
// driehoek's decision, where each partner sees only the members it
// registered itself: the police two, jeugdhulp one, the coordinator none.
func TestMonitoringDoesNotCountInvisibleMembers(t *testing.T) {
	w := newPlanWorld(t)
	g := w.mustGroup("Tweede groep", w.jeugdhulp)
	x1 := w.mustMember(w.police, g, "Xander Een", ga.RoleCore, "2026-01-05")
	x2 := w.mustMember(w.police, g, "Youssef Twee", ga.RoleRecruit, "2026-02-20")
	x3 := w.mustMember(w.jeugdProf, g, "Zoë Drie", ga.RoleFollower, "2026-02-01")
	w.clock.Set(monitoringDay)
	for _, tc := range []struct {
		name     string
		viewer   worldUser
		counts   [12][4]int
		subjects []*ga.Person
	}{
		{"the police count their own two members", worldUser{"politie", w.police}, [12][4]int{
			6: {1, 0, 0, 0}, 7: {1, 0, 1, 1}, 8: {1, 0, 1, 0}, 9: {1, 0, 1, 0}, 10: {1, 0, 1, 0}, 11: {1, 0, 1, 0},
		}, []*ga.Person{x1, x2}},
		{"jeugdhulp counts its own member", worldUser{"jeugdhulp", w.jeugdProf}, [12][4]int{
			7: {0, 1, 0, 0}, 8: {0, 1, 0, 0}, 9: {0, 1, 0, 0}, 10: {0, 1, 0, 0}, 11: {0, 1, 0, 0},
		}, []*ga.Person{x3}},
		{"the coordinator counts nobody before the decision", worldUser{"coordinator", w.coordinator}, [12][4]int{}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, trace := traced(tc.viewer.ctx)
			got, err := w.db.Monitoring(ctx, g.ID)
			if err != nil {
				t.Fatalf("Monitoring: %v", err)
			}
			if want := months(tc.counts); !slices.Equal(got.Months, want) {
				t.Errorf("months = %+v\nwant %+v", got.Months, want)
			}
			var pss []string
			for _, p := range tc.subjects {
				pss = append(pss, w.pseudonymOf(p))
			}
			w.wantLines(t, trace, "groep_monitoren", pss...)
		})
	}
}
