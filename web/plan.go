package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// planView is the Plan van Aanpak of a group approach: the analysis and
// goals, the adoption by the driehoek, and the measures the viewer may see
// with their overdue reviews, plus the forms the viewer's roles allow.
type planView struct {
	Group       ga.Group
	Tabs        []groupTab
	Plan        *ga.Plan
	Measures    []measureRow
	Names       map[string]string
	PersonNames map[string]string
	Overdue     int

	CanEdit    bool
	CanAdopt   bool
	CanMeasure bool

	TargetOpts      []Option
	ResponsibleOpts []Option

	Form    planForm
	Adopt   string
	Measure measureForm
}

// measureRow is a measure with whether its review is overdue.
type measureRow struct {
	ga.Measure
	Overdue bool
}

// plan shows the Plan van Aanpak. A group the user may not see is "not
// found"; a group without a plan shows that there is none yet.
func (s *server) plan(w http.ResponseWriter, r *http.Request) error {
	pv, err := s.planView(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "plan", pv, nil)
	return nil
}

// renderPlan shows the plan page again with a form that came back.
func (s *server) renderPlan(w http.ResponseWriter, r *http.Request, p *problem, fill func(*planView)) error {
	pv, err := s.planView(r)
	if err != nil {
		return err
	}
	fill(pv)
	s.render(w, r, p.Status, "plan", pv, p.Details)
	return nil
}

func (s *server) planView(r *http.Request) (*planView, error) {
	ctx := r.Context()
	actor := requestFrom(ctx).actor
	id := r.PathValue("id")
	g, err := s.db.Group(ctx, id)
	if err != nil {
		return nil, err
	}
	plan, err := s.db.Plan(ctx, id)
	if err != nil && !ga.IsKind(err, ga.KindNotFound) {
		return nil, err
	}
	measures, err := s.db.Measures(ctx, id)
	if err != nil {
		return nil, err
	}
	members, err := s.db.Members(ctx, id)
	if err != nil {
		return nil, err
	}
	partners, err := s.db.Partners(ctx)
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	today := ga.DateOf(now)
	pv := &planView{
		Group:       *g,
		Tabs:        groupTabs(id, "tab.plan"),
		Plan:        plan,
		Names:       partnerNames(partners),
		PersonNames: personNames(members),
		CanEdit:     ga.CanEditPlan(actor, *g) == nil,
		CanAdopt:    plan != nil && ga.CanAdoptPlan(actor, *g, plan, today, now) == nil,
		Adopt:       string(today),
		Measure:     measureForm{Target: groupAbout, Status: string(ga.MeasurePlanned), Start: string(today)},
	}
	if plan != nil {
		pv.Form = planForm{Analysis: plan.Analysis, Goals: plan.Goals}
	}
	for _, m := range measures {
		row := measureRow{Measure: m, Overdue: m.ReviewOverdue(now)}
		if row.Overdue {
			pv.Overdue++
		}
		pv.Measures = append(pv.Measures, row)
	}
	pv.TargetOpts = append([]Option{{Value: groupAbout, Label: translate(requestFrom(ctx).lang, "measure.for_group")}}, memberOptions(members, today)...)
	for _, o := range participantOptions(g, partners) {
		if actor.Has(ga.RoleCoordinator) || (mayCarryOut(actor) && o.Value == actor.PartnerID) {
			pv.ResponsibleOpts = append(pv.ResponsibleOpts, o)
		}
	}
	pv.CanMeasure = len(pv.ResponsibleOpts) > 0 && (g.Step == ga.StepPicture || g.Step == ga.StepPlan || g.Step == ga.StepExecution)
	if !actor.Has(ga.RoleCoordinator) && len(pv.ResponsibleOpts) == 1 {
		pv.Measure.Responsible = pv.ResponsibleOpts[0].Value
	}
	return pv, nil
}
