package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// groupForm is a new group: its name or alias, area and form. The approach
// starts at step signalen (SPEC §2).
type groupForm struct {
	Name string
	Area string
	Form string
}

// Validate converts the form into a group and checks it with the domain's
// rules (ga.Group.Validate).
func (f *groupForm) Validate() (*ga.Group, ga.Invalid) {
	g := &ga.Group{Name: f.Name, Area: f.Area, Form: ga.GroupForm(f.Form), Step: ga.StepSignals}
	v, _ := merge(nil, g.Validate())
	return g, v
}

// groupsView is the list of the groups the user may see, with the form to
// start a group for the coordinator.
type groupsView struct {
	Groups    []ga.Group
	Names     map[string]string
	CanCreate bool
	Form      groupForm
}

// groups lists the groups the user may see: every group for a coordinator,
// the groups its partner takes part in for anyone else (storage decides).
func (s *server) groups(w http.ResponseWriter, r *http.Request) error {
	gv, err := s.groupsView(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "groups", gv, nil)
	return nil
}

func (s *server) groupsView(r *http.Request) (*groupsView, error) {
	ctx := r.Context()
	groups, err := s.db.Groups(ctx)
	if err != nil {
		return nil, err
	}
	partners, err := s.db.Partners(ctx)
	if err != nil {
		return nil, err
	}
	return &groupsView{
		Groups:    groups,
		Names:     partnerNames(partners),
		CanCreate: requestFrom(ctx).actor.Has(ga.RoleCoordinator),
		Form:      groupForm{Form: string(ga.FormGroup)},
	}, nil
}
