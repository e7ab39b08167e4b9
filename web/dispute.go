package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// disputeView is one dispute with the form to record its resolution.
type disputeView struct {
	Dispute    ga.Dispute
	Names      map[string]string
	CanResolve bool
	Resolution string
}

func (s *server) dispute(w http.ResponseWriter, r *http.Request) error {
	dv, err := s.disputeView(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "dispute", dv, nil)
	return nil
}

// disputeView loads the dispute; an unknown id is the 404 page.
func (s *server) disputeView(r *http.Request) (*disputeView, error) {
	ctx := r.Context()
	d, err := s.db.Dispute(ctx, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	partners, err := s.db.Partners(ctx)
	if err != nil {
		return nil, err
	}
	return &disputeView{
		Dispute:    *d,
		Names:      partnerNames(partners),
		CanResolve: d.Status == ga.DisputeOpen && ga.CanResolveDispute(requestFrom(ctx).actor),
	}, nil
}
