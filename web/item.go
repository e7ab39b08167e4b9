package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// itemView is one information item with where it comes from: its group,
// the person it is about, its source partner and, for a police item, the
// Wpg art 20 decision it refers to.
type itemView struct {
	Item       ga.Item
	Group      *ga.Group
	PersonName string
	Names      map[string]string
	Wpg20      *ga.Wpg20Decision
	CanEdit    bool
}

// item shows the item. An item the user may not see is the same "not
// found" page as an id that does not exist.
func (s *server) item(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	it, err := s.db.Item(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	iv := &itemView{Item: *it, CanEdit: it.SourcePartnerID == requestFrom(ctx).actor.PartnerID}
	// The group and the person may be out of the viewer's sight even when
	// the item is not: the source always sees its own items.
	if g, err := s.db.Group(ctx, it.GroupID); err == nil {
		iv.Group = g
	} else if !ga.IsKind(err, ga.KindNotFound) {
		return err
	}
	if it.PersonID != "" {
		if p, err := s.db.Person(ctx, it.PersonID); err == nil {
			iv.PersonName = p.Name
		} else if !ga.IsKind(err, ga.KindNotFound) {
			return err
		}
	}
	partners, err := s.db.Partners(ctx)
	if err != nil {
		return err
	}
	iv.Names = partnerNames(partners)
	if it.Wpg20DecisionID != "" {
		decisions, err := s.db.Wpg20Decisions(ctx)
		if err != nil {
			return err
		}
		for i := range decisions {
			if decisions[i].ID == it.Wpg20DecisionID {
				iv.Wpg20 = &decisions[i]
			}
		}
	}
	s.render(w, r, http.StatusOK, "item", iv, nil)
	return nil
}
