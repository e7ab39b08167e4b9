package storage_test

import (
	"slices"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// TestRetention applies the covenant's periods (24 months after closure,
// 12 after membership): a closed group's members and items go after 24
// months, an ended membership after 12; a person in another open group
// stays; a dry run lists the same and deletes nothing; every deletion is
// in the processing log and the logs verify.
func TestRetention(t *testing.T) {
	c := newCasework(t)
	closedG, a := c.decidedGroup("Groep Gesloten")
	openG, b := c.decidedGroup("Groep Open")
	current := c.mustPerson(c.police, openG, "Huidig Lid", 17)
	both := c.mustPerson(c.police, openG, "Lid van Beide", 16)
	if err := c.db.AddMembership(c.police, &ga.Membership{GroupID: closedG.ID, PersonID: both.ID, Role: ga.RoleCore, Start: "2026-01-20"}); err != nil {
		t.Fatal(err)
	}
	c.mustItem(c.police, c.testItem(ga.KindPolitie, closedG, a.ID, "Aanhouding A"))
	c.mustItem(c.police, c.testItem(ga.KindPolitie, closedG, both.ID, "Aanhouding Beide in gesloten groep"))
	c.mustItem(c.police, c.testItem(ga.KindPolitie, closedG, "", "Groepsgegeven"))
	c.mustItem(c.police, c.testItem(ga.KindPolitie, openG, b.ID, "Melding B"))
	c.mustItem(c.police, c.testItem(ga.KindPolitie, openG, current.ID, "Melding huidig"))
	c.mustItem(c.police, c.testItem(ga.KindPolitie, openG, both.ID, "Melding Beide in open groep"))

	var membershipB string
	if err := c.db.SQL().QueryRow(`SELECT id FROM memberships WHERE person_id = $1`, b.ID).Scan(&membershipB); err != nil {
		t.Fatal(err)
	}
	ended := ga.DateOf(c.clock.Now())
	if err := c.db.EndMembership(c.coordinator, membershipB, ended); err != nil {
		t.Fatal(err)
	}
	if _, err := c.db.CloseGroup(c.coordinator, closedG.ID, "Groep uiteengevallen", "Doelen bereikt"); err != nil {
		t.Fatal(err)
	}
	closedAt := c.clock.Now()

	run := func(dry bool) *ga.RetentionReport {
		t.Helper()
		rep, err := c.db.ApplyRetention(c.sys, dry)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	rows := func(q string, args ...any) int {
		t.Helper()
		return int(count(t, c.db, q, args...))
	}

	c.clock.Set(closedAt.AddDate(0, 11, 0))
	if rep := run(false); len(rep.Deletions) != 0 || len(rep.Persons) != 0 {
		t.Fatalf("within both periods: %+v", rep)
	}

	c.clock.Set(closedAt.AddDate(1, 0, 2)) // B's membership is past 12 months; the closure not yet past 24
	rep := run(false)
	if len(rep.Deletions) != 1 || rep.Deletions[0].PersonID != b.ID || rep.Deletions[0].Reason != ga.RetentionMembershipEnded ||
		rep.Deletions[0].Items != 1 || !slices.Equal(rep.Persons, []string{b.ID}) {
		t.Fatalf("after 12 months: %+v", rep)
	}
	if rows(`SELECT count(*) FROM persons WHERE id = $1`, b.ID) != 0 || rows(`SELECT count(*) FROM items WHERE person_id = $1`, b.ID) != 0 {
		t.Error("B's data is still there")
	}

	c.clock.Set(closedAt.AddDate(2, 0, 1))
	before := rows(`SELECT count(*) FROM items`)
	dry := run(true)
	if !dry.DryRun || len(dry.Deletions) != 2 || dry.GroupItems != 1 || !slices.Equal(dry.Persons, []string{a.ID}) {
		t.Fatalf("dry run after 24 months: %+v", dry)
	}
	if rows(`SELECT count(*) FROM items`) != before {
		t.Fatal("the dry run deleted something")
	}
	applied := run(false)
	applied.DryRun, applied.At = true, dry.At
	if len(applied.Deletions) != len(dry.Deletions) || applied.GroupItems != dry.GroupItems || !slices.Equal(applied.Persons, dry.Persons) {
		t.Errorf("the run %+v differs from its dry run %+v", applied, dry)
	}
	for _, tc := range []struct {
		what string
		q    string
		args []any
		want int
	}{
		{"persons of the closed group only", `SELECT count(*) FROM persons WHERE id = $1`, []any{a.ID}, 0},
		{"the person in both groups", `SELECT count(*) FROM persons WHERE id = $1`, []any{both.ID}, 1},
		{"items of the closed group", `SELECT count(*) FROM items WHERE group_id = $1`, []any{closedG.ID}, 0},
		{"memberships of the closed group", `SELECT count(*) FROM memberships WHERE group_id = $1`, []any{closedG.ID}, 0},
		{"items of the open group", `SELECT count(*) FROM items WHERE group_id = $1`, []any{openG.ID}, 2},
		{"the current member", `SELECT count(*) FROM memberships WHERE person_id = $1`, []any{current.ID}, 1},
		{"the closed group itself", `SELECT count(*) FROM groups WHERE id = $1`, []any{closedG.ID}, 1},
	} {
		if got := rows(tc.q, tc.args...); got != tc.want {
			t.Errorf("%s: %d rows, want %d", tc.what, got, tc.want)
		}
	}
	// One processing line per data subject per run: B, then A and Beide.
	var lines int
	runs := c.auditLines("retention_run", "")
	for _, r := range runs {
		lines += rows(`SELECT count(*) FROM log_entries WHERE log = 'processing' AND trace_id = $1`, r.TraceID)
	}
	if len(runs) != 3 || lines != 3 {
		t.Errorf("%d runs with %d processing lines, want 3 runs (the first deleted nothing) and 3 lines", len(runs), lines)
	}
	if again := run(false); len(again.Deletions)+len(again.Persons)+again.GroupItems != 0 {
		t.Errorf("second run: %+v", again)
	}
	if r := mustVerify(t, c.db); !r.OK() {
		t.Errorf("logs after retention: %s", r)
	}
	_, err := c.db.ApplyRetention(c.coordinator, true)
	wantKind(t, err, ga.KindForbidden)
}
