package web

import (
	"net/http"
	"slices"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// covenantView is the covenant page: the terms in force, their history, the
// partners' signatures and the police's Wpg art 20 decisions, with the forms
// for those who may record them.
type covenantView struct {
	Covenant *ga.Covenant
	Names    map[string]string
	History  []storage.CovenantVersion
	Partners []partnerSignature
	// CanEditTerms is set while the terms may still be edited directly:
	// the actor may edit the covenant and no partner signed yet.
	CanEditTerms bool
	// SignOptions are the partners whose signature the actor may record
	// and that have not signed yet; no options hides the form.
	SignOptions []Option
	SignForm    signatureForm
	Decisions   []wpg20Row
	CanWpg20    bool
	Wpg20Form   wpg20Form
}

type partnerSignature struct {
	Partner   ga.Partner
	Signature *ga.Signature
}

type wpg20Row struct {
	Decision ga.Wpg20Decision
	InForce  bool
}

// covenant shows the covenant page.
func (s *server) covenant(w http.ResponseWriter, r *http.Request) error {
	cv, err := s.covenantView(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "covenant", cv, nil)
	return nil
}

// covenantView loads everything the covenant page shows. The forms start
// empty, apart from today's date as the date of signature.
func (s *server) covenantView(r *http.Request) (*covenantView, error) {
	ctx := r.Context()
	actor := requestFrom(ctx).actor
	cv := &covenantView{CanWpg20: ga.CanRecordWpg20(actor)}
	c, err := s.db.Covenant(ctx)
	switch {
	case err == nil:
		cv.Covenant = c
	case !ga.IsKind(err, ga.KindNotFound):
		return nil, err
	}
	partners, err := s.db.Partners(ctx)
	if err != nil {
		return nil, err
	}
	cv.Names = partnerNames(partners)
	sigs, err := s.db.Signatures(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range partners {
		ps := partnerSignature{Partner: p}
		if i := slices.IndexFunc(sigs, func(sg ga.Signature) bool { return sg.PartnerID == p.ID }); i >= 0 {
			ps.Signature = &sigs[i]
		} else if c != nil && ga.CanRecordSignature(actor, p) {
			cv.SignOptions = append(cv.SignOptions, Option{Value: p.ID, Label: p.Name})
		}
		cv.Partners = append(cv.Partners, ps)
	}
	cv.CanEditTerms = ga.CanEditCovenant(actor) && len(sigs) == 0
	if c != nil {
		if cv.History, err = s.db.CovenantHistory(ctx); err != nil {
			return nil, err
		}
	}
	decisions, err := s.db.Wpg20Decisions(ctx)
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	for _, d := range decisions {
		cv.Decisions = append(cv.Decisions, wpg20Row{Decision: d, InForce: d.InForce(now)})
	}
	cv.SignForm.SignedOn = string(ga.DateOf(now))
	return cv, nil
}
