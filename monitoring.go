package groepsaanpak

import "time"

// MonitoringMonths is how many calendar months Monitoring covers, the
// current month included.
const MonitoringMonths = 12

// Monitoring is the periodic review of one group approach (SPEC §2 step 6;
// Art 5.3: "op regelmatige basis gekeken naar het aantal leden van de groep,
// de ingezette maatregelen en het voorkomen van nieuwe aanwas"). Its numbers
// are aggregates, but they count only what the viewer may see: members the
// viewer may see (CanSeeMember), measures the viewer may see
// (CanSeeMeasure: a zorg or strafrechtelijke maatregel for a member counts
// only for a partner that may see it), agreements of meetings the viewer may
// see. A count never reveals a member, measure or agreement the viewer may
// not know of.
type Monitoring struct {
	GroupID string `json:"groepId"`
	// Months are the last MonitoringMonths calendar months, oldest first,
	// ending with the month of ComputedAt.
	Months []MonthCount `json:"maanden"`
	// MeasuresInForce counts the running measures per kind; every kind of
	// MeasureKinds is present.
	MeasuresInForce map[MeasureKind]int `json:"maatregelenLopendPerSoort"`
	// ReviewsOverdue counts the planned or running measures whose review
	// date has passed (Measure.ReviewOverdue).
	ReviewsOverdue int `json:"evaluatiesVerlopen"`
	// AgreementsOverdue counts the agreements not carried out by their due
	// date (Agreement.Overdue).
	AgreementsOverdue int       `json:"afsprakenVerlopen"`
	ComputedAt        time.Time `json:"berekendOp"`
}

// MonthCount is the membership of a group in one calendar month. A person
// counts in a month when one of their memberships runs on at least one day
// of it (up to today in the current month), in the role of the latest such
// membership, so that Core + Followers + Recruits = Total. NewRecruits
// counts the persons whose aanwas membership started in the month.
type MonthCount struct {
	Month       string `json:"maand"` // "2026-03"
	Core        int    `json:"kern"`
	Followers   int    `json:"meelopers"`
	Recruits    int    `json:"aanwas"`
	Total       int    `json:"totaal"`
	NewRecruits int    `json:"nieuweAanwas"`
}

// TotalInForce is the number of running measures of every kind.
func (m Monitoring) TotalInForce() int {
	n := 0
	for _, c := range m.MeasuresInForce {
		n += c
	}
	return n
}

// ComputeMonitoring computes the monitoring of group groupID at instant now
// from the memberships, measures and agreements the viewer may see. It is
// pure: the caller decides what the viewer may see (CanSeeMember,
// CanSeeMeasure, CanSeeMeeting) and passes only that.
func ComputeMonitoring(groupID string, memberships []Membership, measures []Measure, agreements []Agreement, now time.Time) Monitoring {
	mon := Monitoring{GroupID: groupID, MeasuresInForce: map[MeasureKind]int{}, ComputedAt: now}
	for _, k := range MeasureKinds {
		mon.MeasuresInForce[k] = 0
	}
	today := DateOf(now)
	first := monthStart(now).AddDate(0, -(MonitoringMonths - 1), 0)
	for i := range MonitoringMonths {
		start := first.AddDate(0, i, 0)
		from := DateOf(start)
		until := DateOf(start.AddDate(0, 1, -1))
		if until > today {
			until = today
		}
		mon.Months = append(mon.Months, monthCount(start.Format("2006-01"), from, until, memberships))
	}
	for _, m := range measures {
		if m.InForce() {
			mon.MeasuresInForce[m.Kind]++
		}
		if m.ReviewOverdue(now) {
			mon.ReviewsOverdue++
		}
	}
	for _, ag := range agreements {
		if ag.Overdue(now) {
			mon.AgreementsOverdue++
		}
	}
	return mon
}

// monthCount counts the memberships that run on a day between from and
// until, both inclusive.
func monthCount(month string, from, until Date, memberships []Membership) MonthCount {
	c := MonthCount{Month: month}
	latest := map[string]Membership{}
	recruits := map[string]bool{}
	for _, m := range memberships {
		if m.Start > until || (!m.End.IsZero() && m.End < from) {
			continue
		}
		if cur, ok := latest[m.PersonID]; !ok || m.Start > cur.Start {
			latest[m.PersonID] = m
		}
		if m.Role == RoleRecruit && m.Start >= from {
			recruits[m.PersonID] = true
		}
	}
	for _, m := range latest {
		switch m.Role {
		case RoleCore:
			c.Core++
		case RoleFollower:
			c.Followers++
		case RoleRecruit:
			c.Recruits++
		}
	}
	c.Total = len(latest)
	c.NewRecruits = len(recruits)
	return c
}

// monthStart is the first instant of the month of t in Europe/Amsterdam.
func monthStart(t time.Time) time.Time {
	t = t.In(Amsterdam)
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, Amsterdam)
}
