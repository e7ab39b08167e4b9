package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// resolveForm records how a dispute was resolved.
type resolveForm struct {
	Resolution string
}

func (f *resolveForm) Validate() ga.Invalid {
	var v ga.Invalid
	if f.Resolution == "" {
		v.Add("oplossing", nl("dispute.err_resolution"))
	}
	return v
}

func (s *server) resolveDispute(w http.ResponseWriter, r *http.Request) error {
	dv, err := s.disputeView(r)
	if err != nil {
		return err
	}
	if !ga.CanResolveDispute(requestFrom(r.Context()).actor) {
		return ga.ErrForbidden("web.resolveDispute")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := resolveForm{Resolution: formValue(r, "oplossing")}
	v := f.Validate()
	if len(v) == 0 {
		_, err := s.db.ResolveDispute(r.Context(), dv.Dispute.ID, f.Resolution)
		if err == nil {
			s.setFlash(w, flashResolved)
			s.redirect(w, r, "/geschillen/"+dv.Dispute.ID)
			return nil
		}
		if v = invalidDetails(err); v == nil {
			return err
		}
	}
	dv.Resolution = f.Resolution
	s.render(w, r, http.StatusUnprocessableEntity, "dispute", dv, v)
	return nil
}
