package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// partnersView lists the covenant's partners. Partners are not personal
// data, so every user sees them; only admins may add or edit them.
type partnersView struct {
	Partners  []ga.Partner
	CanManage bool
}

func (s *server) partners(w http.ResponseWriter, r *http.Request) error {
	list, err := s.db.Partners(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "partners", &partnersView{Partners: list, CanManage: ga.CanManagePartners(requestFrom(r.Context()).actor)}, nil)
	return nil
}
