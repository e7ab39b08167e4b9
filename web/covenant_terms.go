package web

import (
	"net/http"
	"strconv"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// termsForm holds the covenant's terms as the form shows them. It serves
// both the terms before signature and a proposed amendment, which carries
// the complete new terms (Art 12.1).
type termsForm struct {
	Title               string
	Model               string
	Coordinator         string
	Controller          string
	EffectiveDate       string
	RetentionClosure    string
	RetentionMembership string
	Special             []string
	Criminal            []string
	DeadlineDays        string
}

// newTermsForm fills the form from terms, for editing them or proposing
// an amendment of them.
func newTermsForm(t ga.CovenantTerms) termsForm {
	f := termsForm{
		Title:               t.Title,
		Model:               string(t.ControllerModel),
		Coordinator:         t.CoordinatorPartnerID,
		Controller:          t.ControllerPartnerID,
		EffectiveDate:       string(t.EffectiveDate),
		RetentionClosure:    strconv.Itoa(t.RetentionAfterClosureMonths),
		RetentionMembership: strconv.Itoa(t.RetentionAfterMembershipMonths),
		DeadlineDays:        strconv.Itoa(t.RequestDeadlineDays),
	}
	for _, k := range t.SpecialCategoryKinds {
		f.Special = append(f.Special, string(k))
	}
	for _, k := range t.CriminalCategoryKinds {
		f.Criminal = append(f.Criminal, string(k))
	}
	return f
}

// defaultTerms are the starting point of a covenant recorded for the first
// time: joint controllers and the covenant's four-week deadline for data
// subjects' requests (Art 6.1).
func defaultTerms() ga.CovenantTerms {
	return ga.CovenantTerms{
		Title:                          "Convenant Werkproces Integrale Aanpak Problematische Jeugdgroepen en Groepsgedrag",
		ControllerModel:                ga.JointControllers,
		RetentionAfterClosureMonths:    12,
		RetentionAfterMembershipMonths: 12,
		RequestDeadlineDays:            28,
	}
}

func termsFormFromRequest(r *http.Request) termsForm {
	return termsForm{
		Title:               formValue(r, "titel"),
		Model:               formValue(r, "verantwoordelijkheidsmodel"),
		Coordinator:         formValue(r, "coordinatorPartnerId"),
		Controller:          formValue(r, "verantwoordelijkePartnerId"),
		EffectiveDate:       formValue(r, "ingangsdatum"),
		RetentionClosure:    formValue(r, "bewaartermijnNaAfsluitingMaanden"),
		RetentionMembership: formValue(r, "bewaartermijnNaLidmaatschapMaanden"),
		Special:             formValues(r, "bijzondereGegevensSoorten"),
		Criminal:            formValues(r, "strafrechtelijkeGegevensSoorten"),
		DeadlineDays:        formValue(r, "termijnVerzoekenDagen"),
	}
}

// Validate converts the form into terms and checks them against the
// partners, with the domain's own rules (ga.CovenantTerms.Validate).
func (f *termsForm) Validate(partners []ga.Partner) (ga.CovenantTerms, ga.Invalid) {
	var v ga.Invalid
	t := ga.CovenantTerms{
		Title:                f.Title,
		ControllerModel:      ga.ControllerModel(f.Model),
		CoordinatorPartnerID: f.Coordinator,
		ControllerPartnerID:  f.Controller,
		EffectiveDate:        ga.Date(f.EffectiveDate),
	}
	if t.ControllerModel == ga.JointControllers && f.Controller != "" {
		// A leftover choice in the select is no reason to refuse the form
		// when the joint model needs no designated controller.
		t.ControllerPartnerID = ""
	}
	t.RetentionAfterClosureMonths = parseCount(&v, "bewaartermijnNaAfsluitingMaanden", f.RetentionClosure)
	t.RetentionAfterMembershipMonths = parseCount(&v, "bewaartermijnNaLidmaatschapMaanden", f.RetentionMembership)
	t.RequestDeadlineDays = parseCount(&v, "termijnVerzoekenDagen", f.DeadlineDays)
	for _, k := range f.Special {
		t.SpecialCategoryKinds = append(t.SpecialCategoryKinds, ga.PartnerKind(k))
	}
	for _, k := range f.Criminal {
		t.CriminalCategoryKinds = append(t.CriminalCategoryKinds, ga.PartnerKind(k))
	}
	v, _ = merge(v, t.Validate(partners))
	return t, v
}

// termsView is the page with the terms form before the first signature.
type termsView struct {
	Form     termsForm
	Partners []Option
	Exists   bool
}

// termsForm shows the form for the covenant's terms, as long as no partner
// signed; after that only an amendment changes them (Art 12.1), and the
// page says so with 409.
func (s *server) termsForm(w http.ResponseWriter, r *http.Request) error {
	if !ga.CanEditCovenant(requestFrom(r.Context()).actor) {
		return ga.ErrForbidden("web.termsForm")
	}
	tv, err := s.termsView(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "terms", tv, nil)
	return nil
}

func (s *server) termsView(r *http.Request) (*termsView, error) {
	ctx := r.Context()
	partners, err := s.db.Partners(ctx)
	if err != nil {
		return nil, err
	}
	sigs, err := s.db.Signatures(ctx)
	if err != nil {
		return nil, err
	}
	if len(sigs) > 0 {
		return nil, ga.E(ga.KindConflict, "web.termsForm", nl("cov.amend_only"))
	}
	tv := &termsView{Partners: partnerOptions(partners), Form: newTermsForm(defaultTerms())}
	c, err := s.db.Covenant(ctx)
	switch {
	case err == nil:
		tv.Exists = true
		tv.Form = newTermsForm(c.Terms)
	case !ga.IsKind(err, ga.KindNotFound):
		return nil, err
	}
	return tv, nil
}

// setTerms records the terms. After the first signature the storage
// refuses with KindConflict, which the error page explains.
func (s *server) setTerms(w http.ResponseWriter, r *http.Request) error {
	if !ga.CanEditCovenant(requestFrom(r.Context()).actor) {
		return ga.ErrForbidden("web.setTerms")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	partners, err := s.db.Partners(r.Context())
	if err != nil {
		return err
	}
	f := termsFormFromRequest(r)
	terms, v := f.Validate(partners)
	if len(v) == 0 {
		_, err := s.db.SetCovenantTerms(r.Context(), terms)
		if err == nil {
			s.setFlash(w, flashTermsSaved)
			s.redirect(w, r, "/convenant")
			return nil
		}
		if v = invalidDetails(err); v == nil {
			return err
		}
	}
	tv, err := s.termsView(r)
	if err != nil {
		return err
	}
	tv.Form = f
	s.render(w, r, http.StatusUnprocessableEntity, "terms", tv, v)
	return nil
}
