package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// personEditForm is the identifying data of a person, which only the
// source partner changes.
type personEditForm struct {
	Name           string
	DateOfBirth    string
	Address        string
	BSN            string
	BSNLegalGround string
}

type personEditView struct {
	ID   string
	Form personEditForm
}

// personEditForm shows the form to the person's source partner; another
// partner that may see the person gets "not allowed", one that may not
// "not found".
func (s *server) personEditForm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.db.Person(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if p.SourcePartnerID != requestFrom(ctx).actor.PartnerID {
		return ga.E(ga.KindForbidden, "web.personEditForm", nl("person.source_only"))
	}
	f := personEditForm{Name: p.Name, DateOfBirth: string(p.DateOfBirth), Address: p.Address, BSN: p.BSN, BSNLegalGround: p.BSNLegalGround}
	s.render(w, r, http.StatusOK, "person_edit", &personEditView{ID: p.ID, Form: f}, nil)
	return nil
}

// updatePerson records the change; the storage refuses anyone but the
// source partner.
func (s *server) updatePerson(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	f := personEditForm{
		Name:           formValue(r, "naam"),
		DateOfBirth:    formValue(r, "geboortedatum"),
		Address:        formValue(r, "adres"),
		BSN:            formValue(r, "bsn"),
		BSNLegalGround: formValue(r, "bsnGrondslag"),
	}
	p := &ga.Person{ID: id, Name: f.Name, DateOfBirth: ga.Date(f.DateOfBirth), Address: f.Address, BSN: f.BSN, BSNLegalGround: f.BSNLegalGround}
	err := s.db.UpdatePerson(r.Context(), p)
	if err == nil {
		s.setFlash(w, flashPersonSaved)
		s.redirect(w, r, "/personen/"+id)
		return nil
	}
	pr, err := formProblem(err, "naam", nil, nil)
	if err != nil {
		return err
	}
	s.render(w, r, pr.Status, "person_edit", &personEditView{ID: id, Form: f}, pr.Details)
	return nil
}
