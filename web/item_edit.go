package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// itemEditView is the form to change an item, for its source partner.
type itemEditView struct {
	Item      ga.Item
	Form      itemForm
	IsPolice  bool
	Wpg20Opts []Option
}

// itemEditForm shows the form to the item's source partner. Another
// partner that may see the item gets "not allowed"; one that may not gets
// "not found", as for an id that does not exist.
func (s *server) itemEditForm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	it, err := s.db.Item(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if it.SourcePartnerID != requestFrom(ctx).actor.PartnerID {
		return ga.E(ga.KindForbidden, "web.itemEditForm", nl("item.source_only"))
	}
	iv, err := s.itemEditView(r, it)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "item_edit", iv, nil)
	return nil
}

func (s *server) itemEditView(r *http.Request, it *ga.Item) (*itemEditView, error) {
	actor := requestFrom(r.Context()).actor
	iv := &itemEditView{Item: *it, Form: newItemForm(it), IsPolice: actor.PartnerKind == ga.KindPolitie}
	if iv.IsPolice {
		decisions, err := s.db.Wpg20Decisions(r.Context())
		if err != nil {
			return nil, err
		}
		today := ga.DateOf(s.db.Now())
		for _, d := range decisions {
			if d.DecidedOn <= today && (d.ValidUntil.IsZero() || d.ValidUntil >= today) {
				iv.Wpg20Opts = append(iv.Wpg20Opts, Option{Value: d.ID, Label: d.Reference + " (" + d.DecidedOn.Dutch() + ")"})
			}
		}
	}
	return iv, nil
}

// updateItem records the change; the storage refuses anyone but the
// source partner ("not allowed") and answers "not found" to whoever may
// not see the item.
func (s *server) updateItem(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	actor := requestFrom(ctx).actor
	id := r.PathValue("id")
	// The refusal comes before the form's own validation, so that a user
	// who may not change the item hears that rather than what to correct.
	old, err := s.db.Item(ctx, id)
	if err != nil {
		return err
	}
	if old.SourcePartnerID != actor.PartnerID {
		return ga.E(ga.KindForbidden, "web.updateItem", nl("item.source_only"))
	}
	f := itemFormFromRequest(r)
	it, v := f.Validate(old.GroupID, actor.PartnerKind, false)
	it.ID = id
	p := invalid(v)
	if len(v) == 0 {
		err := s.db.UpdateItem(ctx, it)
		if err == nil {
			s.setFlash(w, flashItemSaved)
			s.redirect(w, r, "/gegevens/"+id)
			return nil
		}
		if p, err = formProblem(err, "categorie", itemFields, nil); err != nil {
			return err
		}
	}
	iv, err := s.itemEditView(r, old)
	if err != nil {
		return err
	}
	iv.Form = f
	s.render(w, r, p.Status, "item_edit", iv, p.Details)
	return nil
}
