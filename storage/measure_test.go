package storage_test

import (
	"context"
	"slices"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// expectedMeasures is the oracle of measure visibility: the world's
// measures that ga.CanSeeMeasure lets the actor see, with the actor's
// partner's involvement with each member taken from the world's hand-made
// list (w.involved), not from storage.
func (w *busyWorld) expectedMeasures(a *ga.Actor, now time.Time, filter func(*ga.Measure) bool) []string {
	var out []string
	for _, m := range []*ga.Measure{w.groupMeasure, w.careP1, w.crimP2, w.schoolP3} {
		if filter != nil && !filter(m) {
			continue
		}
		c := ga.MeasureContext{Group: *w.planWorld.group, Terms: w.terms, Now: now,
			Involved: m.PersonID != "" && slices.Contains(w.involved[m.PersonID], a.PartnerID)}
		if ga.CanSeeMeasure(a, *m, c).Allowed {
			out = append(out, m.ID)
		}
	}
	slices.Sort(out)
	return out
}

func measureIDs(ms []ga.Measure) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.ID)
	}
	slices.Sort(out)
	return out
}

func TestMeasureVisibilityFollowsCanSeeMeasure(t *testing.T) {
	w := newBusyWorld(t)
	check := func(t *testing.T) {
		now := w.clock.Now()
		for _, u := range w.users() {
			t.Run(u.name, func(t *testing.T) {
				a := ga.ActorFrom(u.ctx)
				list, err := w.db.Measures(u.ctx, w.planWorld.group.ID)
				switch {
				case !ga.CanProcessPersonalData(a):
					wantKind(t, err, ga.KindForbidden)
					return
				case !groupVisibleTo(a, w.planWorld.group):
					wantKind(t, err, ga.KindNotFound)
					return
				case err != nil:
					t.Fatalf("Measures: %v", err)
				}
				want := w.expectedMeasures(a, now, nil)
				if got := measureIDs(list); !slices.Equal(got, want) {
					t.Errorf("measures = %v, want %v", got, want)
				}
				for _, m := range []*ga.Measure{w.groupMeasure, w.careP1, w.crimP2, w.schoolP3} {
					_, err := w.db.Measure(u.ctx, m.ID)
					if visible := slices.Contains(want, m.ID); visible != (err == nil) {
						t.Errorf("Measure(%s) = %v, visible by the oracle: %v", m.Description, err, visible)
					} else if !visible {
						wantKind(t, err, ga.KindNotFound)
					}
				}
			})
		}
	}
	t.Run("after the decision", check)
	// The hand count: who sees what, by the world's facts.
	for _, tc := range []struct {
		name string
		ctx  context.Context
		want []*ga.Measure
	}{
		{"the outside coordinator sees the group measure only", w.outsideCoordinator, []*ga.Measure{w.groupMeasure}},
		{"the coordinator, not involved with any member, sees the group measure only", w.coordinator, []*ga.Measure{w.groupMeasure}},
		{"jeugdhulp sees its own care for p1 and not the school's care for p3 (not involved) nor OM's criminal measure (kind not authorised)",
			w.jeugdProf, []*ga.Measure{w.groupMeasure, w.careP1}},
		{"OM sees its own criminal measure, not the care for p1 it is involved with (kind not authorised)", w.omProf, []*ga.Measure{w.groupMeasure, w.crimP2}},
		{"the police, involved with every member and authorised for criminal data, sees the criminal measure and no care", w.police, []*ga.Measure{w.groupMeasure, w.crimP2}},
		{"the school sees its own care for p3, not the criminal measure for p2 it is involved with", w.schoolProf, []*ga.Measure{w.groupMeasure, w.schoolP3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			list, err := w.db.Measures(tc.ctx, w.planWorld.group.ID)
			var want []ga.Measure
			for _, m := range tc.want {
				want = append(want, *m)
			}
			if err != nil || !slices.Equal(measureIDs(list), measureIDs(want)) {
				t.Errorf("measures = %v, %v; want %v", measureIDs(list), err, measureIDs(want))
			}
		})
	}
	// After closure and the retention period, the responsible partners
	// still see their own measures (they may see the group); every other
	// partner sees the group measure only.
	if _, err := w.db.CloseGroup(w.coordinator, w.planWorld.group.ID, "Afgeschaald", "Overlast gestopt"); err != nil {
		t.Fatalf("close: %v", err)
	}
	w.mustReload(w.planWorld.group)
	w.clock.Set(w.planWorld.group.ClosedAt.AddDate(0, w.terms.RetentionAfterClosureMonths, 1))
	t.Run("after the retention period", check)
}

func TestMeasureRecordingAndProgress(t *testing.T) {
	w := newBusyWorld(t)
	gid := w.planWorld.group.ID
	measure := func(person *ga.Person, responsible *ga.Partner) *ga.Measure {
		m := &ga.Measure{GroupID: gid, Kind: ga.MeasureCare, Description: "Schoolbegeleiding", ResponsiblePartnerID: responsible.ID,
			Status: ga.MeasurePlanned, Start: "2026-06-01", ReviewDate: "2026-09-01"}
		if person != nil {
			m.PersonID = person.ID
		}
		return m
	}
	other := w.mustGroup("Andere groep")
	stranger := w.mustMember(w.police, other, "Sem Elders", ga.RoleCore, "2026-01-01")
	for _, tc := range []struct {
		name string
		ctx  context.Context
		m    *ga.Measure
		want ga.Kind
	}{
		{"the responsible partner records its own measure for a member", w.schoolProf, measure(w.p2, w.school), ok},
		{"a partner records no measure another partner carries", w.schoolProf, measure(w.p2, w.jeugdhulp), ga.KindForbidden},
		{"the responsible partner takes part in the approach", w.coordinator, measure(nil, w.woning), ga.KindConflict},
		{"a measure for a person is for a member of this group", w.coordinator, measure(stranger, w.school), ga.KindConflict},
		{"a partner outside the approach does not find the group", w.housing, measure(nil, w.woning), ga.KindNotFound},
		{"admins record no measures", w.admin, measure(nil, w.gemeente), ga.KindForbidden},
		{"an invalid measure", w.coordinator, &ga.Measure{GroupID: gid, ResponsiblePartnerID: w.gemeente.ID}, ga.KindInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, trace := traced(tc.ctx)
			err := w.db.CreateMeasure(ctx, tc.m)
			if tc.want != ok {
				wantKind(t, err, tc.want)
				if got := w.traceLines(t, trace); len(got) != 0 {
					t.Errorf("refused measure wrote processing lines %v", got)
				}
				if n := w.auditCount(t, trace); n != 1 {
					t.Errorf("refusal audited %d times, want once", n)
				}
				return
			}
			if err != nil {
				t.Fatalf("CreateMeasure: %v", err)
			}
			w.wantLines(t, trace, "maatregel_vastleggen", w.pseudonymOf(w.p2))
		})
	}
	t.Run("a group measure writes no processing line, only an audit line", func(t *testing.T) {
		ctx, trace := traced(w.coordinator)
		if err := w.db.CreateMeasure(ctx, measure(nil, w.gemeente)); err != nil {
			t.Fatal(err)
		}
		w.wantLines(t, trace, "")
		if n := w.auditCount(t, trace); n != 1 {
			t.Errorf("audit lines = %d, want 1", n)
		}
	})

	t.Run("the responsible partner reports status and result", func(t *testing.T) {
		m := *w.careP1
		m.Status, m.Result = ga.MeasureFinished, "Behandeling afgerond"
		ctx, trace := traced(w.jeugdProf)
		if err := w.db.UpdateMeasure(ctx, &m); err != nil {
			t.Fatalf("UpdateMeasure: %v", err)
		}
		w.wantLines(t, trace, "maatregel_wijzigen", w.pseudonymOf(w.p1))
		got, err := w.db.Measure(w.jeugdProf, m.ID)
		if err != nil || got.Status != ga.MeasureFinished || got.Result != "Behandeling afgerond" || got.Description != w.careP1.Description {
			t.Errorf("stored = %+v, %v", got, err)
		}
		again := *got
		again.Status, again.Result = ga.MeasureRunning, ""
		wantKind(t, w.db.UpdateMeasure(w.jeugdProf, &again), ga.KindConflict)
		// The coordinator, whose partner may not see care measures, does
		// not find it at all.
		wantKind(t, w.db.UpdateMeasure(w.coordinator, &again), ga.KindNotFound)
	})
	t.Run("the responsible partner changes nothing else", func(t *testing.T) {
		m := *w.schoolP3
		m.ReviewDate = "2027-01-01"
		wantKind(t, w.db.UpdateMeasure(w.schoolProf, &m), ga.KindForbidden)
	})
	t.Run("another partner that sees the measure may not change it", func(t *testing.T) {
		m := *w.crimP2
		m.Status = ga.MeasureStopped
		m.Result = "Gestopt"
		wantKind(t, w.db.UpdateMeasure(w.police, &m), ga.KindForbidden)
	})
	t.Run("a partner that does not see the measure does not find it", func(t *testing.T) {
		m := *w.schoolP3
		m.Status = ga.MeasureRunning
		wantKind(t, w.db.UpdateMeasure(w.outsideCoordinator, &m), ga.KindNotFound)
		// The school is involved with p2 but may not see criminal data.
		crim := *w.crimP2
		crim.Status = ga.MeasureRunning
		wantKind(t, w.db.UpdateMeasure(w.schoolProf, &crim), ga.KindNotFound)
	})
	t.Run("the coordinator moves the review date once its partner is involved", func(t *testing.T) {
		m := *w.crimP2
		m.ReviewDate = "2026-07-01"
		wantKind(t, w.db.UpdateMeasure(w.coordinator, &m), ga.KindNotFound)
		if err := w.db.RegisterInvolvement(w.coordinator, w.planWorld.group.ID, w.p2.ID, w.gemeente.ID, "Regie op de persoonsgerichte aanpak"); err != nil {
			t.Fatal(err)
		}
		if err := w.db.UpdateMeasure(w.coordinator, &m); err != nil {
			t.Fatal(err)
		}
	})
}

func TestOverdueReviewsAppear(t *testing.T) {
	w := newBusyWorld(t)
	w.clock.Set(time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC))
	now := w.clock.Now()
	overdue := func(m *ga.Measure) bool { return m.ReviewOverdue(now) }
	for _, u := range w.users() {
		t.Run(u.name, func(t *testing.T) {
			a := ga.ActorFrom(u.ctx)
			ctx, trace := traced(u.ctx)
			list, err := w.db.OverdueReviews(ctx)
			if !ga.CanProcessPersonalData(a) {
				wantKind(t, err, ga.KindForbidden)
				return
			}
			if err != nil {
				t.Fatalf("OverdueReviews: %v", err)
			}
			want := w.expectedMeasures(a, now, overdue)
			if got := measureIDs(list); !slices.Equal(got, want) {
				t.Errorf("overdue reviews = %v, want %v", got, want)
			}
			var subjects []string
			for _, m := range list {
				if m.PersonID != "" {
					subjects = append(subjects, w.pseudonymOf(w.persons()[m.PersonID]))
				}
			}
			w.wantLines(t, trace, "maatregel_raadplegen", subjects...)
		})
	}
	t.Run("the hand count: the coordinator the group measure, OM also p2's", func(t *testing.T) {
		for _, tc := range []struct {
			ctx  context.Context
			want []ga.Measure
		}{{w.coordinator, []ga.Measure{*w.groupMeasure}}, {w.omProf, []ga.Measure{*w.groupMeasure, *w.crimP2}}} {
			list, err := w.db.OverdueReviews(tc.ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := measureIDs(list), measureIDs(tc.want); !slices.Equal(got, want) {
				t.Errorf("overdue = %v, want %v", got, want)
			}
		}
	})
	t.Run("a finished measure leaves the list", func(t *testing.T) {
		m := *w.groupMeasure
		m.Status, m.Result = ga.MeasureFinished, "Gebiedsverbod verlopen"
		if err := w.db.UpdateMeasure(w.coordinator, &m); err != nil {
			t.Fatal(err)
		}
		list, err := w.db.OverdueReviews(w.omProf)
		if err != nil || len(list) != 1 || list[0].ID != w.crimP2.ID {
			t.Errorf("overdue = %+v, %v", list, err)
		}
		if list, err := w.db.OverdueReviews(w.coordinator); err != nil || len(list) != 0 {
			t.Errorf("coordinator's overdue = %+v, %v; want none", list, err)
		}
	})
}

func TestRolledBackMeasureUpdateWritesNoLines(t *testing.T) {
	w := newBusyWorld(t)
	failInserts(t, w.planWorld, "measures")
	m := *w.careP1
	m.Status, m.Result = ga.MeasureStopped, "Gestopt"
	ctx, trace := traced(w.jeugdProf)
	if err := w.db.UpdateMeasure(ctx, &m); err == nil {
		t.Fatal("UpdateMeasure succeeded despite the failing update")
	}
	if got := w.traceLines(t, trace); len(got) != 0 {
		t.Errorf("rolled-back update wrote processing lines %v", got)
	}
	if n := w.auditCount(t, trace); n != 0 {
		t.Errorf("rolled-back update wrote %d audit lines", n)
	}
	got, err := w.db.Measure(w.jeugdProf, m.ID)
	if err != nil || got.Status != ga.MeasureRunning {
		t.Errorf("measure after the rollback = %+v, %v", got, err)
	}
}
