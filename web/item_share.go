package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// shareItem shares a special or criminal item explicitly with a further
// partner (SPEC §3), after it was recorded. Only the source partner shares
// its items: another partner that may see the item gets "not allowed", one
// that may not gets "not found", as for an id that does not exist. The
// receiving partner still sees the item only under the other rules of
// need-to-know. The storage writes the processing line gegeven_delen and
// the audit line.
func (s *server) shareItem(w http.ResponseWriter, r *http.Request) error {
	if err := s.requireSource(r, "web.shareItem"); err != nil {
		return err
	}
	id := r.PathValue("id")
	partnerID := formValue(r, "delenPartnerId")
	var p *problem
	if partnerID == "" {
		p = invalid(ga.Invalid{{Name: "delenPartnerId", Message: nl("group.err_partner")}})
	} else {
		err := s.db.ShareItem(r.Context(), id, partnerID)
		if err == nil {
			s.setFlash(w, flashItemShared)
			s.redirect(w, r, "/gegevens/"+id+"#delen")
			return nil
		}
		rename := map[string]string{"gedeeldMetPartnerIds": "delenPartnerId", "partnerId": "delenPartnerId"}
		if p, err = formProblem(err, "delenPartnerId", rename, nil); err != nil {
			return err
		}
	}
	return s.renderItem(w, r, p, func(iv *itemView) { iv.Share = partnerID })
}

// unshareItem withdraws an explicit share of the item (source partner,
// under the rules of shareItem). The storage writes the processing line
// gegeven_delen_intrekken and the audit line.
func (s *server) unshareItem(w http.ResponseWriter, r *http.Request) error {
	if err := s.requireSource(r, "web.unshareItem"); err != nil {
		return err
	}
	id := r.PathValue("id")
	partnerID := formValue(r, "partnerId")
	var p *problem
	if partnerID == "" {
		p = invalid(ga.Invalid{{Name: "delen", Message: nl("group.err_partner")}})
	} else {
		err := s.db.UnshareItem(r.Context(), id, partnerID)
		if err == nil {
			s.setFlash(w, flashItemUnshared)
			s.redirect(w, r, "/gegevens/"+id+"#delen")
			return nil
		}
		if p, err = formProblem(err, "delen", map[string]string{"partnerId": "delen"}, nil); err != nil {
			return err
		}
	}
	return s.renderItem(w, r, p, func(*itemView) {})
}

// requireSource parses the form of an action that only the item's source
// partner takes, and refuses it first: "not found" for an item the viewer
// may not see, "not allowed" for another partner's item, before anything
// the form lacks.
func (s *server) requireSource(r *http.Request, op string) error {
	if err := parseForm(r); err != nil {
		return err
	}
	it, err := s.db.Item(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if it.SourcePartnerID != requestFrom(r.Context()).actor.PartnerID {
		return ga.E(ga.KindForbidden, op, nl("share.source_only"))
	}
	return nil
}
