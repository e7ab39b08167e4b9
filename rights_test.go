package groepsaanpak_test

import (
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// ams returns the instant of a wall-clock time in Europe/Amsterdam; the
// deadline tests inject such instants as the clock.
func ams(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, ga.Amsterdam)
}

func TestDateArithmetic(t *testing.T) {
	for _, tc := range []struct {
		name string
		got  ga.Date
		want ga.Date
	}{
		{"28 days across the start of summer time", ga.Date("2026-03-20").AddDays(28), "2026-04-17"},
		{"28 days across the end of summer time", ga.Date("2026-10-10").AddDays(28), "2026-11-07"},
		{"28 days across a year", ga.Date("2026-12-20").AddDays(28), "2027-01-17"},
		{"one month from the 31st ends on the last day", ga.Date("2026-01-31").AddMonths(1), "2026-02-28"},
		{"one month from the 31st in a leap year", ga.Date("2028-01-31").AddMonths(1), "2028-02-29"},
		{"two months", ga.Date("2026-10-31").AddMonths(2), "2026-12-31"},
		{"two months across a year", ga.Date("2026-12-15").AddMonths(2), "2027-02-15"},
		{"invalid date stays unset", ga.Date("2026-02-30").AddDays(1), ""},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, tc.got, tc.want)
		}
	}
	if n := ga.Date("2026-03-28").DaysUntil("2026-03-30"); n != 2 {
		t.Errorf("DaysUntil across the start of summer time = %d, want 2", n)
	}
	if n := ga.Date("2026-10-26").DaysUntil("2026-10-24"); n != -2 {
		t.Errorf("DaysUntil backwards across the end of summer time = %d, want -2", n)
	}
}

// TestRightsCaseDeadline computes deadlines, days left and overdue flags
// with an injected clock, around both changes of daylight saving time in
// Europe/Amsterdam (29 March and 25 October 2026), with extensions and a
// suspension on the identity ground.
func TestRightsCaseDeadline(t *testing.T) {
	for _, tc := range []struct {
		name     string
		c        ga.RightsCase
		now      time.Time
		deadline ga.Date
		daysLeft int
		overdue  bool
		near     bool
	}{
		{
			name:     "four weeks from receipt, day of receipt not counted",
			c:        ga.RightsCase{ReceivedOn: "2026-06-01", DeadlineDays: 28, Status: ga.CaseReceived},
			now:      ams(2026, 6, 1, 9, 0),
			deadline: "2026-06-29", daysLeft: 28,
		},
		{
			name:     "deadline across the start of summer time, last evening still in time",
			c:        ga.RightsCase{ReceivedOn: "2026-03-10", DeadlineDays: 28, Status: ga.CaseInProgress},
			now:      ams(2026, 4, 7, 23, 59),
			deadline: "2026-04-07", daysLeft: 0, near: true,
		},
		{
			name:     "deadline across the start of summer time, overdue from midnight in Amsterdam",
			c:        ga.RightsCase{ReceivedOn: "2026-03-10", DeadlineDays: 28, Status: ga.CaseInProgress},
			now:      time.Date(2026, 4, 7, 22, 0, 0, 0, time.UTC), // 00:00 on 8 April in Amsterdam (CEST)
			deadline: "2026-04-07", daysLeft: -1, overdue: true, near: true,
		},
		{
			name:     "received on the night summer time starts",
			c:        ga.RightsCase{ReceivedOn: ga.DateOf(time.Date(2026, 3, 28, 23, 30, 0, 0, time.UTC)), DeadlineDays: 28, Status: ga.CaseReceived},
			now:      ams(2026, 3, 29, 3, 30),
			deadline: "2026-04-26", daysLeft: 28,
		},
		{
			name:     "deadline across the end of summer time, last day",
			c:        ga.RightsCase{ReceivedOn: "2026-10-01", DeadlineDays: 28, Status: ga.CaseInProgress},
			now:      time.Date(2026, 10, 29, 22, 59, 0, 0, time.UTC), // 23:59 CET on 29 October
			deadline: "2026-10-29", daysLeft: 0, near: true,
		},
		{
			name:     "deadline across the end of summer time, an hour later is overdue",
			c:        ga.RightsCase{ReceivedOn: "2026-10-01", DeadlineDays: 28, Status: ga.CaseInProgress},
			now:      time.Date(2026, 10, 29, 23, 0, 0, 0, time.UTC), // 00:00 CET on 30 October
			deadline: "2026-10-29", daysLeft: -1, overdue: true, near: true,
		},
		{
			name:     "a shorter covenant term",
			c:        ga.RightsCase{ReceivedOn: "2026-06-01", DeadlineDays: 14, Status: ga.CaseReceived},
			now:      ams(2026, 6, 8, 12, 0),
			deadline: "2026-06-15", daysLeft: 7, near: true,
		},
		{
			name: "extended by two months",
			c: ga.RightsCase{ReceivedOn: "2026-09-01", DeadlineDays: 28, Status: ga.CaseInProgress,
				Extension: &ga.Extension{Months: 2, Reason: "omvangrijk", NoticeSentOn: "2026-09-20"}},
			now:      ams(2026, 10, 30, 12, 0),
			deadline: "2026-11-29", daysLeft: 30,
		},
		{
			name: "extended by one month from a 31st",
			c: ga.RightsCase{ReceivedOn: "2027-01-03", DeadlineDays: 28, Status: ga.CaseInProgress,
				Extension: &ga.Extension{Months: 1, Reason: "complex", NoticeSentOn: "2027-01-10"}},
			now:      ams(2027, 2, 28, 12, 0),
			deadline: "2027-02-28", daysLeft: 0, near: true,
		},
		{
			name: "an ended suspension moves the deadline by its days",
			c: ga.RightsCase{ReceivedOn: "2026-03-01", DeadlineDays: 28, Status: ga.CaseInProgress,
				Suspensions: []ga.Suspension{{Ground: ga.SuspendIdentity, From: "2026-03-05", Until: "2026-03-15"}}},
			now:      ams(2026, 3, 30, 12, 0),
			deadline: "2026-04-08", daysLeft: 9,
		},
		{
			name: "a lasting suspension moves the deadline day by day",
			c: ga.RightsCase{ReceivedOn: "2026-03-01", DeadlineDays: 28, Status: ga.CaseSuspended,
				Suspensions: []ga.Suspension{{Ground: ga.SuspendIdentity, From: "2026-03-05"}}},
			now:      ams(2026, 4, 5, 12, 0),
			deadline: "2026-04-29", daysLeft: 24,
		},
		{
			name:     "a decided case is never overdue",
			c:        ga.RightsCase{ReceivedOn: "2026-01-01", DeadlineDays: 28, Status: ga.CaseDecided},
			now:      ams(2026, 6, 1, 12, 0),
			deadline: "2026-01-29", daysLeft: -123,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.c.Deadline(ga.DateOf(tc.now)); got != tc.deadline {
				t.Errorf("Deadline = %s, want %s", got, tc.deadline)
			}
			if got := tc.c.DaysLeft(tc.now); got != tc.daysLeft {
				t.Errorf("DaysLeft = %d, want %d", got, tc.daysLeft)
			}
			if got := tc.c.Overdue(tc.now); got != tc.overdue {
				t.Errorf("Overdue = %v, want %v", got, tc.overdue)
			}
			if got := tc.c.NearDeadline(tc.now); got != tc.near {
				t.Errorf("NearDeadline = %v, want %v", got, tc.near)
			}
		})
	}
}

func TestRightsCaseExtension(t *testing.T) {
	base := ga.RightsCase{Kind: ga.CaseAccess, ReceivedOn: "2026-03-10", DeadlineDays: 28, Status: ga.CaseInProgress}
	now := ams(2026, 4, 1, 10, 0)
	good := ga.Extension{Months: 2, Reason: "Gegevens bij zes partners", NoticeSentOn: "2026-03-30"}
	for _, tc := range []struct {
		name string
		c    func(ga.RightsCase) ga.RightsCase
		e    func(ga.Extension) ga.Extension
		now  time.Time
		want ga.Kind
	}{
		{name: "two months with reason and notice in the first period", want: ok},
		{name: "notice on the last day of the first period", e: func(e ga.Extension) ga.Extension { e.NoticeSentOn = "2026-04-07"; return e },
			now: ams(2026, 4, 8, 9, 0), want: ok},
		{name: "notice after the first period", e: func(e ga.Extension) ga.Extension { e.NoticeSentOn = "2026-04-08"; return e },
			now: ams(2026, 4, 8, 9, 0), want: ga.KindInvalid},
		{name: "three months", e: func(e ga.Extension) ga.Extension { e.Months = 3; return e }, want: ga.KindInvalid},
		{name: "no reason", e: func(e ga.Extension) ga.Extension { e.Reason = " "; return e }, want: ga.KindInvalid},
		{name: "notice in the future", e: func(e ga.Extension) ga.Extension { e.NoticeSentOn = "2026-04-02"; return e }, want: ga.KindInvalid},
		{name: "notice before receipt", e: func(e ga.Extension) ga.Extension { e.NoticeSentOn = "2026-03-01"; return e }, want: ga.KindInvalid},
		{name: "a complaint is not extended", c: func(c ga.RightsCase) ga.RightsCase { c.Kind = ga.CaseComplaint; return c }, want: ga.KindConflict},
		{name: "only once", c: func(c ga.RightsCase) ga.RightsCase { c.Extension = &good; return c }, want: ga.KindConflict},
		{name: "not after the decision", c: func(c ga.RightsCase) ga.RightsCase { c.Status = ga.CaseDecided; return c }, want: ga.KindConflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, e, at := base, good, now
			if tc.c != nil {
				c = tc.c(c)
			}
			if tc.e != nil {
				e = tc.e(e)
			}
			if !tc.now.IsZero() {
				at = tc.now
			}
			if got := errKind(c.CheckExtension(e, at)); got != tc.want {
				t.Errorf("CheckExtension = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestRightsCaseSuspendAndDecide(t *testing.T) {
	now := ams(2026, 3, 10, 10, 0)
	open := ga.RightsCase{Kind: ga.CaseAccess, ReceivedOn: "2026-03-01", DeadlineDays: 28, Status: ga.CaseReceived}
	checked := open
	checked.Identity = &ga.IdentityCheck{Method: "Identiteitsbewijs aan de balie", CheckedOn: "2026-03-02"}
	suspended := open
	suspended.Status = ga.CaseSuspended
	suspended.Suspensions = []ga.Suspension{{Ground: ga.SuspendIdentity, From: "2026-03-03"}}
	for _, tc := range []struct {
		name string
		err  error
		want ga.Kind
	}{
		{"suspend on the identity ground", open.CheckSuspend(ga.SuspendIdentity, "Kopie legitimatie opgevraagd", now), ok},
		{"suspend on another ground", open.CheckSuspend("drukte", "veel werk", now), ga.KindInvalid},
		{"suspend without reason", open.CheckSuspend(ga.SuspendIdentity, "", now), ga.KindInvalid},
		{"suspend once identity is established", checked.CheckSuspend(ga.SuspendIdentity, "x", now), ga.KindConflict},
		{"suspend twice", suspended.CheckSuspend(ga.SuspendIdentity, "x", now), ga.KindConflict},
		{"suspend after the deadline", open.CheckSuspend(ga.SuspendIdentity, "x", ams(2026, 3, 30, 10, 0)), ga.KindConflict},
		{"decide without identity check", open.CheckDecide("toegewezen", "motivering"), ga.KindConflict},
		{"decide while suspended", func() error { c := suspended; c.Identity = checked.Identity; return c.CheckDecide("toegewezen", "m") }(), ga.KindConflict},
		{"decide without motivation", checked.CheckDecide("toegewezen", " "), ga.KindInvalid},
		{"decide", checked.CheckDecide("toegewezen", "Alle gegevens verstrekt."), ok},
		{"identity check in the future", open.CheckIdentity(ga.IdentityCheck{Method: "paspoort", CheckedOn: "2026-03-11"}, now), ga.KindInvalid},
		{"identity check before receipt", open.CheckIdentity(ga.IdentityCheck{Method: "paspoort", CheckedOn: "2026-02-27"}, now), ga.KindInvalid},
		{"identity check", open.CheckIdentity(ga.IdentityCheck{Method: "paspoort getoond", CheckedOn: "2026-03-10"}, now), ok},
	} {
		if got := errKind(tc.err); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, tc.err, tc.want)
		}
	}
}

func TestRightsCaseValidate(t *testing.T) {
	now := ams(2026, 6, 1, 10, 0)
	good := ga.RightsCase{Kind: ga.CaseCorrection, ReceivedOn: "2026-06-01", Channel: ga.ChannelLetter, PersonID: "p1", Summary: "Mijn adres klopt niet.", DeadlineDays: 28}
	for _, tc := range []struct {
		name  string
		edit  func(*ga.RightsCase)
		field string
	}{
		{"valid", func(*ga.RightsCase) {}, ""},
		{"unknown kind", func(c *ga.RightsCase) { c.Kind = "wens" }, "soort"},
		{"received tomorrow in Amsterdam", func(c *ga.RightsCase) { c.ReceivedOn = "2026-06-02" }, "ontvangenOp"},
		{"unknown channel", func(c *ga.RightsCase) { c.Channel = "duif" }, "kanaal"},
		{"no person", func(c *ga.RightsCase) { c.PersonID = "" }, "persoonId"},
		{"no summary", func(c *ga.RightsCase) { c.Summary = "" }, "omschrijving"},
		{"a term longer than four weeks", func(c *ga.RightsCase) { c.DeadlineDays = 35 }, "termijnDagen"},
	} {
		c := good
		tc.edit(&c)
		err := c.Validate(now)
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		var found bool
		if e, isE := err.(*ga.Error); isE {
			for _, d := range e.Details {
				found = found || d.Name == tc.field
			}
		}
		if !found {
			t.Errorf("%s: error %v does not name %s", tc.name, err, tc.field)
		}
	}
}

func TestCanHandleRightsCases(t *testing.T) {
	for _, tc := range []struct {
		roles []ga.Role
		want  bool
	}{
		{[]ga.Role{ga.RoleCoordinator}, true},
		{[]ga.Role{ga.RolePrivacyOfficer}, true},
		{[]ga.Role{ga.RoleProfessional}, false},
		{[]ga.Role{ga.RoleDriehoek}, false},
		{[]ga.Role{ga.RoleAdmin}, false},
		{[]ga.Role{ga.RoleAuditor}, false},
	} {
		if got := ga.CanHandleRightsCases(actor("p-gem", ga.KindGemeente, tc.roles...)); got != tc.want {
			t.Errorf("CanHandleRightsCases(%v) = %v, want %v", tc.roles, got, tc.want)
		}
	}
	if ga.CanHandleRightsCases(nil) {
		t.Error("nil actor handles cases")
	}
}

func TestWithholdingValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		w    ga.Withholding
		want ga.Kind
	}{
		{"ground b with motivation", ga.Withholding{ItemID: "i1", Ground: ga.WithholdCrime, Motivation: "Lopend opsporingsonderzoek."}, ok},
		{"ground e with motivation", ga.Withholding{ItemID: "i1", Ground: ga.WithholdProtection, Motivation: "Bescherming van een melder."}, ok},
		{"ground f does not exist", ga.Withholding{ItemID: "i1", Ground: "f", Motivation: "x"}, ga.KindInvalid},
		{"no motivation", ga.Withholding{ItemID: "i1", Ground: ga.WithholdCrime}, ga.KindInvalid},
		{"no item", ga.Withholding{Ground: ga.WithholdCrime, Motivation: "x"}, ga.KindInvalid},
	} {
		if got := errKind(tc.w.Validate()); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestLetterChecks is the rule behind every output that gives a request's
// data out: the access overview waits for the identity check, the decision
// letter on a request for its decision (for a correction, one decided item
// is enough); a complaint's letter does not wait.
func TestLetterChecks(t *testing.T) {
	id := &ga.IdentityCheck{Method: "Paspoort", CheckedOn: "2026-11-23"}
	for _, tc := range []struct {
		name     string
		err      error
		conflict bool
	}{
		{"overview without identity", ga.RightsCase{Kind: ga.CaseAccess, Status: ga.CaseReceived}.CheckAccessOverview(), true},
		{"overview while suspended", ga.RightsCase{Kind: ga.CaseAccess, Status: ga.CaseSuspended}.CheckAccessOverview(), true},
		{"overview with identity", ga.RightsCase{Kind: ga.CaseAccess, Status: ga.CaseInProgress, Identity: id}.CheckAccessOverview(), false},
		{"overview of a decided request", ga.RightsCase{Kind: ga.CaseAccess, Status: ga.CaseDecided, Identity: id}.CheckAccessOverview(), false},
		{"overview of a correction", ga.RightsCase{Kind: ga.CaseCorrection, Status: ga.CaseInProgress, Identity: id}.CheckAccessOverview(), true},
		{"letter on an undecided access request", ga.RightsCase{Kind: ga.CaseAccess, Status: ga.CaseInProgress, Identity: id}.CheckDecisionLetter(0), true},
		{"letter on a decided access request", ga.RightsCase{Kind: ga.CaseAccess, Status: ga.CaseDecided, Identity: id}.CheckDecisionLetter(0), false},
		{"letter on a correction without decisions", ga.RightsCase{Kind: ga.CaseCorrection, Status: ga.CaseInProgress, Identity: id}.CheckDecisionLetter(0), true},
		{"letter on a correction with a decided item", ga.RightsCase{Kind: ga.CaseCorrection, Status: ga.CaseInProgress, Identity: id}.CheckDecisionLetter(1), false},
		{"letter on an undecided objection", ga.RightsCase{Kind: ga.CaseObjection, Status: ga.CaseInProgress, Identity: id}.CheckDecisionLetter(0), true},
		{"letter on a decided objection", ga.RightsCase{Kind: ga.CaseObjection, Status: ga.CaseDecided, Identity: id}.CheckDecisionLetter(0), false},
		{"letter on an open complaint", ga.RightsCase{Kind: ga.CaseComplaint, Status: ga.CaseReceived}.CheckDecisionLetter(0), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ga.IsKind(tc.err, ga.KindConflict); got != tc.conflict || (!tc.conflict && tc.err != nil) {
				t.Errorf("err = %v, want conflict %v", tc.err, tc.conflict)
			}
		})
	}
}
