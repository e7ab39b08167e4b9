package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// signatureForm records a partner's signature of the covenant.
type signatureForm struct {
	PartnerID string
	Name      string
	Function  string
	SignedOn  string
}

// Validate checks the form and returns the signature it describes.
func (f *signatureForm) Validate() (*ga.Signature, ga.Invalid) {
	var v ga.Invalid
	if f.PartnerID == "" {
		v.Add("partnerId", nl("sign.err_partner"))
	}
	sig := &ga.Signature{PartnerID: f.PartnerID, SignatoryName: f.Name, SignatoryFunction: f.Function}
	sig.SignedOn = parseDate(&v, "ondertekendOp", f.SignedOn, true)
	v, _ = merge(v, sig.Validate())
	return sig, v
}

// recordSignature records a signature. The storage asks the policy
// (ga.CanRecordSignature) and refuses a second signature of one partner.
func (s *server) recordSignature(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := signatureForm{
		PartnerID: formValue(r, "partnerId"),
		Name:      formValue(r, "ondertekenaar"),
		Function:  formValue(r, "functie"),
		SignedOn:  formValue(r, "ondertekendOp"),
	}
	if f.PartnerID != "" {
		p, err := s.db.Partner(r.Context(), f.PartnerID)
		if err != nil {
			return err
		}
		if !ga.CanRecordSignature(requestFrom(r.Context()).actor, *p) {
			return ga.ErrForbidden("web.recordSignature")
		}
	}
	sig, v := f.Validate()
	if len(v) == 0 {
		err := s.db.RecordSignature(r.Context(), sig)
		if err == nil {
			s.setFlash(w, flashSigned)
			s.redirect(w, r, "/convenant#ondertekeningen")
			return nil
		}
		if v = invalidDetails(err); v == nil {
			return err
		}
	}
	cv, err := s.covenantView(r)
	if err != nil {
		return err
	}
	cv.SignForm = f
	s.render(w, r, http.StatusUnprocessableEntity, "covenant", cv, v)
	return nil
}
