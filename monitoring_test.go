package groepsaanpak_test

import (
	"reflect"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// TestMonitoringMatchesHandCountedNumbers computes the monitoring of a small
// group on 1 June 2026 and compares it with numbers counted by hand.
func TestMonitoringMatchesHandCountedNumbers(t *testing.T) {
	memberships := []ga.Membership{
		// A: core member throughout.
		{PersonID: "A", Role: ga.RoleCore, Start: "2025-01-01"},
		// B: follower from mid-September 2025 to 10 February 2026.
		{PersonID: "B", Role: ga.RoleFollower, Start: "2025-09-15", End: "2026-02-10"},
		// C: recruit in March and April 2026, core member from May.
		{PersonID: "C", Role: ga.RoleRecruit, Start: "2026-03-05", End: "2026-04-30"},
		{PersonID: "C", Role: ga.RoleCore, Start: "2026-05-01"},
		// D: recruit from tomorrow; not counted yet.
		{PersonID: "D", Role: ga.RoleRecruit, Start: "2026-06-02"},
		// E: recruit who joined in June 2025 (before the window) and left
		// on 1 July 2025.
		{PersonID: "E", Role: ga.RoleRecruit, Start: "2025-06-20", End: "2025-07-01"},
	}
	measures := []ga.Measure{
		{Kind: ga.MeasureAdministrative, Status: ga.MeasureRunning, ReviewDate: "2026-05-15"},
		{Kind: ga.MeasureAdministrative, Status: ga.MeasureRunning, ReviewDate: "2026-09-01"},
		{Kind: ga.MeasureCare, Status: ga.MeasureRunning, ReviewDate: "2026-06-01"},
		{Kind: ga.MeasureCriminal, Status: ga.MeasurePlanned, ReviewDate: "2026-05-01"},
		{Kind: ga.MeasurePrivate, Status: ga.MeasureFinished, ReviewDate: "2026-01-01", Result: "Huur opgezegd"},
	}
	agreements := []ga.Agreement{
		{DueDate: "2026-05-01"},
		{DueDate: "2026-05-01", DoneOn: "2026-04-30"},
		{DueDate: "2026-07-01"},
	}
	got := ga.ComputeMonitoring("g1", memberships, measures, agreements, planNow)

	core1, both := ga.MonthCount{Core: 1, Total: 1}, ga.MonthCount{Core: 1, Followers: 1, Total: 2}
	month := func(m string, c ga.MonthCount) ga.MonthCount { c.Month = m; return c }
	want := ga.Monitoring{
		GroupID: "g1",
		Months: []ga.MonthCount{
			{Month: "2025-07", Core: 1, Recruits: 1, Total: 2},
			month("2025-08", core1),
			month("2025-09", both), month("2025-10", both), month("2025-11", both),
			month("2025-12", both), month("2026-01", both), month("2026-02", both),
			{Month: "2026-03", Core: 1, Recruits: 1, Total: 2, NewRecruits: 1},
			{Month: "2026-04", Core: 1, Recruits: 1, Total: 2},
			{Month: "2026-05", Core: 2, Total: 2},
			{Month: "2026-06", Core: 2, Total: 2},
		},
		MeasuresInForce: map[ga.MeasureKind]int{
			ga.MeasureAdministrative: 2, ga.MeasureCriminal: 0, ga.MeasurePrivate: 0, ga.MeasureCare: 1,
		},
		ReviewsOverdue:    2,
		AgreementsOverdue: 1,
		ComputedAt:        planNow,
	}
	for i := range want.Months {
		if i < len(got.Months) && got.Months[i] != want.Months[i] {
			t.Errorf("month %d = %+v, want %+v", i, got.Months[i], want.Months[i])
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("monitoring differs from the hand count:\n got %+v\nwant %+v", got, want)
	}
	if got.TotalInForce() != 3 {
		t.Errorf("TotalInForce = %d, want 3", got.TotalInForce())
	}
}

func TestMonitoringOfAnEmptyGroupHasTwelveZeroMonths(t *testing.T) {
	got := ga.ComputeMonitoring("g1", nil, nil, nil, planNow)
	if len(got.Months) != ga.MonitoringMonths || got.Months[0].Month != "2025-07" || got.Months[11].Month != "2026-06" {
		t.Fatalf("months = %+v", got.Months)
	}
	for _, k := range ga.MeasureKinds {
		if n, present := got.MeasuresInForce[k]; !present || n != 0 {
			t.Errorf("measures in force of kind %s = %d (present %v), want 0", k, n, present)
		}
	}
}
