package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// homeView is the start page: who the user is, whether the covenant allows
// processing of personal data yet (Art 8), and where the user's roles lead.
type homeView struct {
	Partner  *ga.Partner
	Email    string
	Roles    []ga.Role
	GateOpen bool
	Gate     []gateItem
	Covenant *ga.Covenant
	Tasks    []task
	// AsksDeclaration is set for roles that see personal data, and
	// Declared then says whether the confidentiality duty was accepted for
	// the version in force.
	AsksDeclaration bool
	Declared        bool
	// Casework is set for roles that see personal data once they may (the
	// gate is open and the declaration accepted): the start page then
	// shows the open group approaches the user sees ("Mijn groepen") and
	// the measures whose review date has passed.
	Casework bool
	Groups   []ga.Group
	Overdue  []overdueReview
	// Cases are the open requests and complaints the user handles that are
	// near their deadline or past it (handlers only).
	Cases []storage.CaseView
	// Incidents are the incidents of which the actor's partner was
	// notified and that nobody of it acknowledged yet (Art 9).
	Incidents []ga.Incident
	// Corrections counts the notices of corrections addressed to the
	// actor's partner that nobody of it confirmed yet (GDPR Art 19).
	Corrections int
}

// overdueReview is a measure whose review is overdue, with its group.
type overdueReview struct {
	ga.Measure
	GroupName string
}

// task is a link on the start page with its explanation.
type task struct {
	Href string
	Key  string
}

func (s *server) home(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	actor := requestFrom(ctx).actor
	hv := &homeView{Roles: actor.Roles, Email: actor.Email}
	if p, err := s.db.Partner(ctx, actor.PartnerID); err == nil {
		hv.Partner = p
	} else if !ga.IsKind(err, ga.KindNotFound) {
		return err
	}
	state, err := s.db.GateState(ctx)
	if err != nil {
		return err
	}
	hv.Covenant = state.Covenant
	if gateErr := ga.CheckGate(state, s.db.Now()); gateErr == nil {
		hv.GateOpen = true
	} else if e, ok := gateErr.(*ga.Error); ok {
		hv.Gate = gateItemsFor(requestFrom(ctx).lang, e.Details, state)
	}
	if mayNeedDeclaration(actor) && state.Covenant != nil {
		hv.AsksDeclaration = true
		hv.Declared = ga.ConfidentialityDeclared(actor, state.Covenant.Version)
	}
	hv.Tasks = tasksFor(actor, len(state.Signatures) > 0)
	if actor.HasAny(ga.RolePrivacyOfficer, ga.RoleCoordinator) {
		if hv.Incidents, err = s.db.UnacknowledgedIncidents(ctx); err != nil {
			return err
		}
	}
	if hv.GateOpen && hv.Declared {
		if err := s.homeCasework(r, hv); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "home", hv, nil)
	return nil
}

// homeCasework adds the user's open group approaches and overdue measure
// reviews to the start page.
func (s *server) homeCasework(r *http.Request, hv *homeView) error {
	ctx := r.Context()
	groups, err := s.db.Groups(ctx)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, g := range groups {
		names[g.ID] = g.Name
		if g.Step != ga.StepClosed {
			hv.Groups = append(hv.Groups, g)
		}
	}
	overdue, err := s.db.OverdueReviews(ctx)
	if err != nil {
		return err
	}
	for _, m := range overdue {
		hv.Overdue = append(hv.Overdue, overdueReview{Measure: m, GroupName: names[m.GroupID]})
	}
	hv.Casework = true
	if hv.Corrections, err = s.db.CountCorrectionsToConfirm(ctx); err != nil {
		return err
	}
	return s.homeCases(r, hv)
}

// homeCases adds the handler's own open cases that are due within
// ga.NearDeadlineDays, or overdue, earliest first.
func (s *server) homeCases(r *http.Request, hv *homeView) error {
	actor := requestFrom(r.Context()).actor
	if !ga.CanHandleRightsCases(actor) {
		return nil
	}
	cases, err := s.db.RightsCases(r.Context(), storage.CaseFilter{OpenOnly: true, HandlerID: actor.UserID})
	if err != nil {
		return err
	}
	for _, c := range cases {
		if c.DaysLeft <= ga.NearDeadlineDays {
			hv.Cases = append(hv.Cases, c)
		}
	}
	return nil
}

// tasksFor lists the pages each role works with, in the order of the
// covenant's life cycle. Before the first signature the terms are edited
// directly; after it they change only by amendment (Art 12.1).
func tasksFor(a *ga.Actor, signed bool) []task {
	var out []task
	add := func(ok bool, href, key string) {
		if ok {
			out = append(out, task{href, key})
		}
	}
	add(mayNeedDeclaration(a), "/groepen", "task.groups")
	add(true, "/convenant", "task.covenant")
	add(ga.CanEditCovenant(a) && !signed, "/convenant/voorwaarden", "task.terms")
	add(ga.CanProposeAmendment(a) && signed, "/convenant/wijzigingen/nieuw", "task.propose")
	add(a.HasAny(ga.RoleDriehoek, ga.RoleCoordinator, ga.RolePrivacyOfficer, ga.RoleAdmin), "/convenant/wijzigingen", "task.approve")
	add(ga.CanRecordWpg20(a), "/convenant#wpg20", "task.wpg20")
	add(ga.CanRecordRegister(a), "/verwerkingsregister/nieuw", "task.register")
	add(!ga.CanRecordRegister(a), "/verwerkingsregister", "task.register_read")
	add(ga.CanHandleRightsCases(a), "/verzoeken", "task.cases")
	add(ga.CanRaiseDispute(a), "/geschillen", "task.disputes")
	add(ga.CanReportIncident(a), "/incidenten", "task.incidents")
	add(ga.CanManagePartners(a), "/partners", "task.partners")
	add(ga.CanManageUsers(a), "/gebruikers", "task.users")
	add(ga.CanReadAuditLog(a), "/logboek", "task.logbook")
	add(mayNeedDeclaration(a), "/geheimhouding", "task.declaration")
	add(true, "/tokens", "task.tokens")
	return out
}
