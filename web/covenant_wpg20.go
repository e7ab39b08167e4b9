package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// wpg20Form records the police's written decision under Wet politiegegevens
// art 20 to provide police data to the partnership.
type wpg20Form struct {
	Reference  string
	DecidedOn  string
	DecidedBy  string
	Summary    string
	ValidUntil string
}

// Validate checks the form and returns the decision it describes.
func (f *wpg20Form) Validate() (*ga.Wpg20Decision, ga.Invalid) {
	var v ga.Invalid
	d := &ga.Wpg20Decision{Reference: f.Reference, DecidedBy: f.DecidedBy, Summary: f.Summary}
	d.DecidedOn = parseDate(&v, "besluitdatum", f.DecidedOn, true)
	d.ValidUntil = parseDate(&v, "geldigTot", f.ValidUntil, false)
	v, _ = merge(v, d.Validate())
	return d, v
}

// recordWpg20 records a decision (policy ga.CanRecordWpg20: police users
// who may bind the police, or an admin).
func (s *server) recordWpg20(w http.ResponseWriter, r *http.Request) error {
	if !ga.CanRecordWpg20(requestFrom(r.Context()).actor) {
		return ga.ErrForbidden("web.recordWpg20")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := wpg20Form{
		Reference:  formValue(r, "kenmerk"),
		DecidedOn:  formValue(r, "besluitdatum"),
		DecidedBy:  formValue(r, "besluitDoor"),
		Summary:    formValue(r, "samenvatting"),
		ValidUntil: formValue(r, "geldigTot"),
	}
	d, v := f.Validate()
	if len(v) == 0 {
		err := s.db.RecordWpg20Decision(r.Context(), d)
		if err == nil {
			s.setFlash(w, flashWpg20)
			s.redirect(w, r, "/convenant#wpg20")
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
	cv.Wpg20Form = f
	s.render(w, r, http.StatusUnprocessableEntity, "covenant", cv, v)
	return nil
}
