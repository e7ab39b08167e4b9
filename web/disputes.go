package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// disputesView lists the disputes between partners (Art 11) with their
// resolution.
type disputesView struct {
	Disputes []ga.Dispute
	Names    map[string]string
	CanRaise bool
}

func (s *server) disputes(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	list, err := s.db.Disputes(ctx)
	if err != nil {
		return err
	}
	partners, err := s.db.Partners(ctx)
	if err != nil {
		return err
	}
	dv := &disputesView{Disputes: list, Names: partnerNames(partners), CanRaise: ga.CanRaiseDispute(requestFrom(ctx).actor)}
	s.render(w, r, http.StatusOK, "disputes", dv, nil)
	return nil
}
