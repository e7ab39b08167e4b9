package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// amendmentsView lists the amendments with how many partners approved.
type amendmentsView struct {
	Amendments []amendmentRow
	Partners   int
	CanPropose bool
}

type amendmentRow struct {
	Amendment ga.Amendment
	Approved  int
}

// amendments shows every amendment, newest first (Art 12.1).
func (s *server) amendments(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	partners, err := s.db.Partners(ctx)
	if err != nil {
		return err
	}
	list, err := s.db.Amendments(ctx)
	if err != nil {
		return err
	}
	sigs, err := s.db.Signatures(ctx)
	if err != nil {
		return err
	}
	// Before the first signature the terms are edited directly, so there
	// is nothing to propose yet.
	av := &amendmentsView{Partners: len(partners), CanPropose: ga.CanProposeAmendment(requestFrom(ctx).actor) && len(sigs) > 0}
	for _, a := range list {
		n := 0
		for _, p := range partners {
			if a.ApprovedBy(p.ID) {
				n++
			}
		}
		av.Amendments = append(av.Amendments, amendmentRow{Amendment: a, Approved: n})
	}
	s.render(w, r, http.StatusOK, "amendments", av, nil)
	return nil
}
