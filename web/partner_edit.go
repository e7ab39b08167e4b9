package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// partnerForm adds or edits a partner.
type partnerForm struct {
	Name                  string
	Kind                  string
	PublicTasks           string
	LegalGrounds          string
	ComplaintsCommittee   string
	DataProtectionOfficer string
}

func newPartnerForm(p *ga.Partner) partnerForm {
	return partnerForm{
		Name: p.Name, Kind: string(p.Kind), PublicTasks: p.PublicTasks, LegalGrounds: p.LegalGrounds,
		ComplaintsCommittee: p.ComplaintsCommittee, DataProtectionOfficer: p.DataProtectionOfficer,
	}
}

func partnerFormFromRequest(r *http.Request) partnerForm {
	return partnerForm{
		Name:                  formValue(r, "naam"),
		Kind:                  formValue(r, "soort"),
		PublicTasks:           formValue(r, "publiekeTaken"),
		LegalGrounds:          formValue(r, "wettelijkeGrondslagen"),
		ComplaintsCommittee:   formValue(r, "klachtencommissie"),
		DataProtectionOfficer: formValue(r, "functionarisGegevensbescherming"),
	}
}

// Validate fills p from the form and checks it (ga.Partner.Validate).
func (f *partnerForm) Validate(p *ga.Partner) ga.Invalid {
	p.Name, p.Kind = f.Name, ga.PartnerKind(f.Kind)
	p.PublicTasks, p.LegalGrounds = f.PublicTasks, f.LegalGrounds
	p.ComplaintsCommittee, p.DataProtectionOfficer = f.ComplaintsCommittee, f.DataProtectionOfficer
	v, _ := merge(nil, p.Validate())
	return v
}

type partnerFormView struct {
	ID   string
	Form partnerForm
}

func (s *server) partnerNewForm(w http.ResponseWriter, r *http.Request) error {
	if !ga.CanManagePartners(requestFrom(r.Context()).actor) {
		return ga.ErrForbidden("web.partnerNewForm")
	}
	s.render(w, r, http.StatusOK, "partner_edit", &partnerFormView{}, nil)
	return nil
}

func (s *server) createPartner(w http.ResponseWriter, r *http.Request) error {
	if !ga.CanManagePartners(requestFrom(r.Context()).actor) {
		return ga.ErrForbidden("web.createPartner")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := partnerFormFromRequest(r)
	var p ga.Partner
	v := f.Validate(&p)
	if len(v) == 0 {
		err := s.db.CreatePartner(r.Context(), &p)
		if err == nil {
			s.setFlash(w, flashPartnerSaved)
			s.redirect(w, r, "/partners/"+p.ID)
			return nil
		}
		if v = partnerConflict(err); v == nil {
			return err
		}
	}
	s.render(w, r, http.StatusUnprocessableEntity, "partner_edit", &partnerFormView{Form: f}, v)
	return nil
}

// partnerEditForm shows the edit form; an unknown id is 404 for anyone,
// and the form is refused (403) to non-admins.
func (s *server) partnerEditForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.db.Partner(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if !ga.CanManagePartners(requestFrom(r.Context()).actor) {
		return ga.ErrForbidden("web.partnerEditForm")
	}
	s.render(w, r, http.StatusOK, "partner_edit", &partnerFormView{ID: p.ID, Form: newPartnerForm(p)}, nil)
	return nil
}

func (s *server) updatePartner(w http.ResponseWriter, r *http.Request) error {
	p, err := s.db.Partner(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if !ga.CanManagePartners(requestFrom(r.Context()).actor) {
		return ga.ErrForbidden("web.updatePartner")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := partnerFormFromRequest(r)
	v := f.Validate(p)
	if len(v) == 0 {
		err := s.db.UpdatePartner(r.Context(), p)
		if err == nil {
			s.setFlash(w, flashPartnerSaved)
			s.redirect(w, r, "/partners/"+p.ID)
			return nil
		}
		if v = partnerConflict(err); v == nil {
			return err
		}
	}
	s.render(w, r, http.StatusUnprocessableEntity, "partner_edit", &partnerFormView{ID: p.ID, Form: f}, v)
	return nil
}

// partnerConflict turns a refusal of the storage into field errors: the
// name is unique, so a conflict is reported beside it.
func partnerConflict(err error) []ga.Detail {
	if ga.IsKind(err, ga.KindConflict) {
		return []ga.Detail{{Name: "naam", Message: nl("partner.err_exists")}}
	}
	return invalidDetails(err)
}
