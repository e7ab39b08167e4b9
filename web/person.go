package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// personView is a person as the viewer may see them: identifying data,
// legal representatives, the memberships the viewer may see, and the items
// about the person the viewer may see. The source partner edits the person
// and the representatives; the coordinator and the source end memberships.
type personView struct {
	Person  storage.PersonView
	Age     int
	Under16 bool
	Groups  map[string]ga.Group
	Names   map[string]string
	Items   []ga.Item

	CanEdit       bool
	CanEnd        bool
	GroupOpts     []Option
	MembershipOpt []Option

	Membership membershipForm
	End        endMembershipForm
	Rep        representativeForm
}

// person shows the person. A person the user may see through no group is
// the same "not found" page as an id that does not exist.
func (s *server) person(w http.ResponseWriter, r *http.Request) error {
	pv, err := s.personView(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "person", pv, nil)
	return nil
}

// renderPerson shows the person page again with a form that came back.
func (s *server) renderPerson(w http.ResponseWriter, r *http.Request, p *problem, fill func(*personView)) error {
	pv, err := s.personView(r)
	if err != nil {
		return err
	}
	fill(pv)
	s.render(w, r, p.Status, "person", pv, p.Details)
	return nil
}

func (s *server) personView(r *http.Request) (*personView, error) {
	ctx := r.Context()
	actor := requestFrom(ctx).actor
	id := r.PathValue("id")
	p, err := s.db.Person(ctx, id)
	if err != nil {
		return nil, err
	}
	groups, err := s.db.Groups(ctx)
	if err != nil {
		return nil, err
	}
	partners, err := s.db.Partners(ctx)
	if err != nil {
		return nil, err
	}
	items, err := s.db.Items(ctx, storage.ItemFilter{PersonID: id})
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	today := ga.DateOf(now)
	pv := &personView{
		Person:     *p,
		Age:        p.AgeOn(now),
		Under16:    p.Under16(now),
		Groups:     map[string]ga.Group{},
		Names:      partnerNames(partners),
		Items:      items,
		CanEdit:    p.SourcePartnerID == actor.PartnerID,
		Membership: membershipForm{Role: string(ga.RoleCore), Start: string(today)},
		End:        endMembershipForm{End: string(today)},
	}
	for _, g := range groups {
		pv.Groups[g.ID] = g
	}
	active := map[string]bool{}
	for _, m := range p.Memberships {
		if m.End.IsZero() {
			active[m.GroupID] = true
			if actor.Has(ga.RoleCoordinator) || pv.CanEdit {
				label := m.GroupID
				if g, ok := pv.Groups[m.GroupID]; ok {
					label = g.Name
				}
				pv.MembershipOpt = append(pv.MembershipOpt, Option{Value: m.ID, Label: label + " (" + m.Start.Dutch() + ")"})
			}
		}
	}
	pv.CanEnd = len(pv.MembershipOpt) > 0
	for _, g := range groups {
		if g.Participates(actor.PartnerID) && !active[g.ID] && g.Step != ga.StepSignals && g.Step != ga.StepClosed &&
			(g.Problematic == nil || *g.Problematic) && (g.Decision == nil || g.Decision.ApproachStarts) {
			pv.GroupOpts = append(pv.GroupOpts, Option{Value: g.ID, Label: g.Name})
		}
	}
	return pv, nil
}
