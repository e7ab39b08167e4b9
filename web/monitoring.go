package web

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// monitoringView is the periodic review of a group approach (SPEC §2 step
// 6; Art 5.3: the number of members, the measures in force and new
// recruits): four charts with their numbers in tables, and the overdue
// agreements. Every number counts only what the viewer may see (storage).
type monitoringView struct {
	Group      ga.Group
	Tabs       []groupTab
	Monitoring ga.Monitoring
	Months     []monthRow
	Current    ga.MonthCount
	Kinds      []kindRow
	Overdue    []overdueAgreement
	ByPartner  []partnerCount
	Names      map[string]string

	Members    chartFigure
	Recruits   chartFigure
	Measures   chartFigure
	Agreements chartFigure
}

// monthRow is one month of the membership counts with its name.
type monthRow struct {
	ga.MonthCount
	Label string
}

// kindRow is the number of measures in force of one kind.
type kindRow struct {
	Kind  ga.MeasureKind
	Count int
}

// overdueAgreement is an agreement not carried out by its due date, with
// the meeting it was made in.
type overdueAgreement struct {
	ga.Agreement
	Meeting ga.Meeting
}

// partnerCount is the number of overdue agreements of one partner.
type partnerCount struct {
	PartnerID string
	Count     int
}

// monitoring shows the monitoring page. A group the user may not see is
// "not found".
func (s *server) monitoring(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := requestFrom(ctx).lang
	id := r.PathValue("id")
	g, err := s.db.Group(ctx, id)
	if err != nil {
		return err
	}
	mon, err := s.db.Monitoring(ctx, id)
	if err != nil {
		return err
	}
	meetings, err := s.db.Meetings(ctx, id)
	if err != nil {
		return err
	}
	partners, err := s.db.Partners(ctx)
	if err != nil {
		return err
	}
	now := s.db.Now()
	mv := &monitoringView{Group: *g, Tabs: groupTabs(id, "tab.monitoring"), Monitoring: *mon, Names: partnerNames(partners)}
	for _, m := range mon.Months {
		mv.Months = append(mv.Months, monthRow{MonthCount: m, Label: monthLabel(lang, m.Month, false)})
	}
	if n := len(mon.Months); n > 0 {
		mv.Current = mon.Months[n-1]
	}
	for _, k := range ga.MeasureKinds {
		mv.Kinds = append(mv.Kinds, kindRow{Kind: k, Count: mon.MeasuresInForce[k]})
	}
	// The overdue agreements of the meetings the viewer may see: the same
	// agreements that the monitoring counts.
	counts := map[string]int{}
	for _, m := range meetings {
		for _, ag := range m.Agreements {
			if ag.Overdue(now) {
				mv.Overdue = append(mv.Overdue, overdueAgreement{Agreement: ag, Meeting: m})
				counts[ag.ResponsiblePartnerID]++
			}
		}
	}
	slices.SortFunc(mv.Overdue, func(a, b overdueAgreement) int {
		if a.DueDate != b.DueDate {
			if a.DueDate < b.DueDate {
				return -1
			}
			return 1
		}
		return a.CreatedAt.Compare(b.CreatedAt)
	})
	for _, p := range partners {
		if counts[p.ID] > 0 {
			mv.ByPartner = append(mv.ByPartner, partnerCount{PartnerID: p.ID, Count: counts[p.ID]})
		}
	}
	mv.charts(lang)
	s.render(w, r, http.StatusOK, "monitoring", mv, nil)
	return nil
}

// charts computes the four charts from the counts, each with its table.
func (mv *monitoringView) charts(lang string) {
	t := func(key string, args ...any) string { return translate(lang, key, args...) }
	var months []string
	core, followers, recruits, newRecruits := make([]int, 0, 12), make([]int, 0, 12), make([]int, 0, 12), make([]int, 0, 12)
	for _, m := range mv.Months {
		months = append(months, monthLabel(lang, m.Month, true))
		core = append(core, m.Core)
		followers = append(followers, m.Followers)
		recruits = append(recruits, m.Recruits)
		newRecruits = append(newRecruits, m.NewRecruits)
	}
	first, last := "", ""
	if len(mv.Months) > 0 {
		first, last = mv.Months[0].Label, mv.Months[len(mv.Months)-1].Label
	}
	mv.Members.Chart = columnChart("grafiek-leden", t("mon.members_title"),
		t("mon.members_desc", first, last, mv.Current.Total, mv.Current.Core, mv.Current.Followers, mv.Current.Recruits), months,
		[]series{
			{Name: t("member.role.kern"), Class: "ga-chart__bar--kern", Values: core},
			{Name: t("member.role.meeloper"), Class: "ga-chart__bar--meeloper", Pattern: "arcering", Values: followers},
			{Name: t("member.role.aanwas"), Class: "ga-chart__bar--aanwas", Pattern: "stippen", Values: recruits},
		})
	mv.Members.Table = numberTable{Caption: t("mon.members_table"),
		Head: []string{t("mon.month"), t("member.role.kern"), t("member.role.meeloper"), t("member.role.aanwas"), t("mon.total")}}
	mv.Recruits.Table = numberTable{Caption: t("mon.recruits_table"), Head: []string{t("mon.month"), t("mon.new_recruits")}}
	total := 0
	for _, m := range mv.Months {
		total += m.NewRecruits
		mv.Members.Table.Rows = append(mv.Members.Table.Rows, numberRow{Label: m.Label, Cells: counts(true, m.Core, m.Followers, m.Recruits, m.Total)})
		mv.Recruits.Table.Rows = append(mv.Recruits.Table.Rows, numberRow{Label: m.Label, Cells: counts(false, m.NewRecruits)})
	}
	mv.Recruits.Chart = columnChart("grafiek-aanwas", t("mon.recruits_title"), t("mon.recruits_desc", first, last, total), months,
		[]series{{Name: t("mon.new_recruits"), Class: "ga-chart__bar--aanwas", Values: newRecruits}})

	var kinds []string
	var inForce []int
	mv.Measures.Table = numberTable{Caption: t("mon.measures_table"), Head: []string{t("measure.kind"), t("mon.running")}}
	for _, k := range mv.Kinds {
		kinds = append(kinds, t("measure.kind_short."+string(k.Kind)))
		inForce = append(inForce, k.Count)
		mv.Measures.Table.Rows = append(mv.Measures.Table.Rows, numberRow{Label: t("measure.kind." + string(k.Kind)), Cells: counts(false, k.Count)})
	}
	mv.Measures.Table.Rows = append(mv.Measures.Table.Rows, numberRow{Label: t("mon.total"), Cells: counts(true, mv.Monitoring.TotalInForce()), Total: true})
	mv.Measures.Chart = barChart("grafiek-maatregelen", t("mon.measures_title"), t("mon.measures_desc", mv.Monitoring.TotalInForce()),
		kinds, inForce, "ga-chart__bar--maatregel")

	var names []string
	var overdue []int
	mv.Agreements.Table = numberTable{Caption: t("mon.agreements_table"), Head: []string{t("agreement.responsible"), t("mon.overdue")}}
	for _, pc := range mv.ByPartner {
		names = append(names, mv.Names[pc.PartnerID])
		overdue = append(overdue, pc.Count)
		mv.Agreements.Table.Rows = append(mv.Agreements.Table.Rows, numberRow{Label: mv.Names[pc.PartnerID], Cells: counts(false, pc.Count)})
	}
	mv.Agreements.Chart = barChart("grafiek-afspraken", t("mon.agreements_title"), t("mon.agreements_desc", len(mv.Overdue)),
		names, overdue, "ga-chart__bar--verlopen")
}

// monthLabel names a month ("2026-03") in the language: "mrt 2026", or
// "mrt" on the axis of a chart.
func monthLabel(lang, month string, short bool) string {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return month
	}
	name := translate(lang, "month."+strconv.Itoa(int(t.Month())))
	if short {
		return name
	}
	return name + " " + strconv.Itoa(t.Year())
}
