package web

import (
	"net/http"
	"slices"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// itemView is one information item with where it comes from: its group,
// the person it is about, its source partner and, for a police item, the
// Wpg art 20 decision it refers to. For the source partner of a special or
// criminal item it also holds the explicit shares (SPEC §3) and the
// partners it may still share the item with.
type itemView struct {
	Item       ga.Item
	Group      *ga.Group
	PersonName string
	Names      map[string]string
	Wpg20      *ga.Wpg20Decision
	CanEdit    bool
	CanShare   bool
	ShareOpts  []Option
	// Share is the partner chosen in the share form when it came back.
	Share string
}

// item shows the item. An item the user may not see is the same "not
// found" page as an id that does not exist.
func (s *server) item(w http.ResponseWriter, r *http.Request) error {
	iv, err := s.itemView(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "item", iv, nil)
	return nil
}

// renderItem shows the item again with a form that came back.
func (s *server) renderItem(w http.ResponseWriter, r *http.Request, p *problem, fill func(*itemView)) error {
	iv, err := s.itemView(r)
	if err != nil {
		return err
	}
	fill(iv)
	s.render(w, r, p.Status, "item", iv, p.Details)
	return nil
}

func (s *server) itemView(r *http.Request) (*itemView, error) {
	ctx := r.Context()
	it, err := s.db.Item(ctx, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	iv := &itemView{Item: *it, CanEdit: it.SourcePartnerID == requestFrom(ctx).actor.PartnerID}
	// The group and the person may be out of the viewer's sight even when
	// the item is not: the source always sees its own items.
	if g, err := s.db.Group(ctx, it.GroupID); err == nil {
		iv.Group = g
	} else if !ga.IsKind(err, ga.KindNotFound) {
		return nil, err
	}
	if it.PersonID != "" {
		if p, err := s.db.Person(ctx, it.PersonID); err == nil {
			iv.PersonName = p.Name
		} else if !ga.IsKind(err, ga.KindNotFound) {
			return nil, err
		}
	}
	partners, err := s.db.Partners(ctx)
	if err != nil {
		return nil, err
	}
	iv.Names = partnerNames(partners)
	if it.Wpg20DecisionID != "" {
		decisions, err := s.db.Wpg20Decisions(ctx)
		if err != nil {
			return nil, err
		}
		for i := range decisions {
			if decisions[i].ID == it.Wpg20DecisionID {
				iv.Wpg20 = &decisions[i]
			}
		}
	}
	// Only special and criminal items are shared explicitly; others follow
	// need-to-know alone. The source offers the partners taking part in the
	// approach, since no other partner sees the group's items at all.
	iv.CanShare = iv.CanEdit && (it.Special || it.Criminal)
	if iv.CanShare && iv.Group != nil {
		for _, o := range participantOptions(iv.Group, partners) {
			if o.Value != it.SourcePartnerID && !slices.Contains(it.SharedWith, o.Value) {
				iv.ShareOpts = append(iv.ShareOpts, o)
			}
		}
	}
	return iv, nil
}
