package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// registerForm is a new version of a register entry. Every field of GDPR
// Art 30(1) is asked for, plus the DPIA reference that the Art 8 gate needs.
type registerForm struct {
	ActivityKey      string
	Name             string
	Controller       string
	Purpose          string
	LegalBasis       string
	DataSubjects     string
	DataCategories   string
	Recipients       string
	Retention        string
	SecurityMeasures string
	DPIAReference    string
	DPIADate         string
}

func newRegisterForm(e *ga.RegisterEntry) registerForm {
	return registerForm{
		ActivityKey: e.ActivityKey, Name: e.Name, Controller: e.Controller, Purpose: e.Purpose,
		LegalBasis: e.LegalBasis, DataSubjects: e.DataSubjects, DataCategories: e.DataCategories,
		Recipients: e.Recipients, Retention: e.Retention, SecurityMeasures: e.SecurityMeasures,
		DPIAReference: e.DPIAReference, DPIADate: string(e.DPIADate),
	}
}

// Validate converts the form into an entry and checks it with the domain's
// rules (ga.RegisterEntry.Validate).
func (f *registerForm) Validate() (*ga.RegisterEntry, ga.Invalid) {
	var v ga.Invalid
	e := &ga.RegisterEntry{
		ActivityKey: f.ActivityKey, Name: f.Name, Controller: f.Controller, Purpose: f.Purpose,
		LegalBasis: f.LegalBasis, DataSubjects: f.DataSubjects, DataCategories: f.DataCategories,
		Recipients: f.Recipients, Retention: f.Retention, SecurityMeasures: f.SecurityMeasures,
		DPIAReference: f.DPIAReference,
	}
	e.DPIADate = parseDate(&v, "dpiaDatum", f.DPIADate, false)
	v, _ = merge(v, e.Validate())
	return e, v
}

type registerFormView struct {
	Form registerForm
}

// registerForm shows the form, prefilled from the latest version of the
// activity (the group approach by default), since a new version usually
// changes one or two fields.
func (s *server) registerForm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if !ga.CanRecordRegister(requestFrom(ctx).actor) {
		return ga.ErrForbidden("web.registerForm")
	}
	key := r.URL.Query().Get("activiteit")
	if key == "" {
		key = ga.ActivityGroepsaanpak
	}
	fv := &registerFormView{Form: registerForm{ActivityKey: key}}
	if cur, err := s.db.CurrentRegisterEntry(ctx, key); err == nil {
		fv.Form = newRegisterForm(cur)
	} else if !ga.IsKind(err, ga.KindNotFound) {
		return err
	}
	s.render(w, r, http.StatusOK, "register_new", fv, nil)
	return nil
}

// recordRegister records the new version; earlier versions stay as they
// were, because the processing log refers to them by id.
func (s *server) recordRegister(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if !ga.CanRecordRegister(requestFrom(ctx).actor) {
		return ga.ErrForbidden("web.recordRegister")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := registerForm{
		ActivityKey:      formValue(r, "activiteit"),
		Name:             formValue(r, "naam"),
		Controller:       formValue(r, "verwerkingsverantwoordelijke"),
		Purpose:          formValue(r, "doel"),
		LegalBasis:       formValue(r, "rechtsgrond"),
		DataSubjects:     formValue(r, "betrokkenen"),
		DataCategories:   formValue(r, "categorieenPersoonsgegevens"),
		Recipients:       formValue(r, "ontvangers"),
		Retention:        formValue(r, "bewaartermijnen"),
		SecurityMeasures: formValue(r, "beveiligingsmaatregelen"),
		DPIAReference:    formValue(r, "dpiaKenmerk"),
		DPIADate:         formValue(r, "dpiaDatum"),
	}
	e, v := f.Validate()
	if len(v) == 0 {
		err := s.db.RecordRegisterEntry(ctx, e)
		if err == nil {
			s.setFlash(w, flashRegister)
			s.redirect(w, r, "/verwerkingsregister#"+e.ID)
			return nil
		}
		if v = invalidDetails(err); v == nil {
			return err
		}
	}
	s.render(w, r, http.StatusUnprocessableEntity, "register_new", &registerFormView{Form: f}, v)
	return nil
}
