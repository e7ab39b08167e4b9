package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// disputeForm records a new dispute.
type disputeForm struct {
	Subject     string
	Description string
	PartnerIDs  []string
}

// Validate converts the form into a dispute raised by the actor's partner
// and checks it (ga.Dispute.Validate).
func (f *disputeForm) Validate(raisedBy string) (*ga.Dispute, ga.Invalid) {
	d := &ga.Dispute{Subject: f.Subject, Description: f.Description, PartnerIDs: f.PartnerIDs, RaisedBy: raisedBy}
	v, _ := merge(nil, d.Validate())
	return d, v
}

type disputeFormView struct {
	Form     disputeForm
	Partners []Option
}

func (s *server) disputeForm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if !ga.CanRaiseDispute(requestFrom(ctx).actor) {
		return ga.ErrForbidden("web.disputeForm")
	}
	partners, err := s.db.Partners(ctx)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "dispute_new", &disputeFormView{Partners: partnerOptions(partners)}, nil)
	return nil
}

func (s *server) raiseDispute(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	actor := requestFrom(ctx).actor
	if !ga.CanRaiseDispute(actor) {
		return ga.ErrForbidden("web.raiseDispute")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	partners, err := s.db.Partners(ctx)
	if err != nil {
		return err
	}
	f := disputeForm{Subject: formValue(r, "onderwerp"), Description: formValue(r, "omschrijving"), PartnerIDs: formValues(r, "betrokkenPartnerIds")}
	d, v := f.Validate(actor.PartnerID)
	if len(v) == 0 {
		err := s.db.RaiseDispute(ctx, d)
		if err == nil {
			s.setFlash(w, flashDisputeRaised)
			s.redirect(w, r, "/geschillen/"+d.ID)
			return nil
		}
		if v = invalidDetails(err); v == nil {
			return err
		}
	}
	s.render(w, r, http.StatusUnprocessableEntity, "dispute_new", &disputeFormView{Form: f, Partners: partnerOptions(partners)}, v)
	return nil
}
