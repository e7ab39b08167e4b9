package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// partnerView is one partner with the details of the covenant's "Gelet op
// hun taken": public tasks, legal grounds, complaints committee and data
// protection officer.
type partnerView struct {
	Partner   ga.Partner
	CanManage bool
}

func (s *server) partner(w http.ResponseWriter, r *http.Request) error {
	p, err := s.db.Partner(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "partner", &partnerView{Partner: *p, CanManage: ga.CanManagePartners(requestFrom(r.Context()).actor)}, nil)
	return nil
}
