package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// amendmentForm is a proposed amendment: a description and the complete
// new terms, prefilled from those in force.
type amendmentForm struct {
	Description string
	Terms       termsForm
}

// Validate converts the form into an amendment and checks it.
func (f *amendmentForm) Validate(partners []ga.Partner) (*ga.Amendment, ga.Invalid) {
	terms, v := f.Terms.Validate(partners)
	if f.Description == "" {
		v = append(ga.Invalid{{Name: "toelichting", Message: nl("amend.err_description")}}, v...)
	}
	return &ga.Amendment{Description: f.Description, Terms: terms}, v
}

type amendmentFormView struct {
	Form     amendmentForm
	Partners []Option
}

// amendmentForm shows the proposal form. Without a signed covenant there
// is nothing to amend (before the first signature the terms are edited
// directly); the conflict page says so.
func (s *server) amendmentForm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if !ga.CanProposeAmendment(requestFrom(ctx).actor) {
		return ga.ErrForbidden("web.amendmentForm")
	}
	c, err := s.db.Covenant(ctx)
	if err != nil {
		if ga.IsKind(err, ga.KindNotFound) {
			return ga.E(ga.KindConflict, "web.amendmentForm", nl("amend.no_covenant"))
		}
		return err
	}
	sigs, err := s.db.Signatures(ctx)
	if err != nil {
		return err
	}
	if len(sigs) == 0 {
		return ga.E(ga.KindConflict, "web.amendmentForm", nl("amend.not_signed"))
	}
	partners, err := s.db.Partners(ctx)
	if err != nil {
		return err
	}
	fv := &amendmentFormView{Form: amendmentForm{Terms: newTermsForm(c.Terms)}, Partners: partnerOptions(partners)}
	s.render(w, r, http.StatusOK, "amendment_new", fv, nil)
	return nil
}

// proposeAmendment records the proposal; it takes effect only when every
// partner approved it.
func (s *server) proposeAmendment(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if !ga.CanProposeAmendment(requestFrom(ctx).actor) {
		return ga.ErrForbidden("web.proposeAmendment")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	partners, err := s.db.Partners(ctx)
	if err != nil {
		return err
	}
	f := amendmentForm{Description: formValue(r, "toelichting"), Terms: termsFormFromRequest(r)}
	a, v := f.Validate(partners)
	if len(v) == 0 {
		err := s.db.ProposeAmendment(ctx, a)
		if err == nil {
			s.setFlash(w, flashProposed)
			s.redirect(w, r, "/convenant/wijzigingen/"+a.ID)
			return nil
		}
		if v = invalidDetails(err); v == nil {
			return err
		}
	}
	fv := &amendmentFormView{Form: f, Partners: partnerOptions(partners)}
	s.render(w, r, http.StatusUnprocessableEntity, "amendment_new", fv, v)
	return nil
}
