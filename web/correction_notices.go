package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// The partner's corrections to confirm (GDPR Art 19): the notices of
// granted corrections of items the user's partner received, each with a
// button that confirms the partner carried it through.

const flashCorrectionConfirmed = "flash.correction_confirmed"

// correctionNoticesView is the page /correctieberichten.
type correctionNoticesView struct {
	Notices []ga.CorrectionToConfirm
}

func (s *server) correctionNotices(w http.ResponseWriter, r *http.Request) error {
	list, err := s.db.CorrectionsToConfirm(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "correction_notices", &correctionNoticesView{Notices: list}, nil)
	return nil
}

// confirmCorrectionNotice confirms, for the user's own partner, the notice
// of the correction in the path.
func (s *server) confirmCorrectionNotice(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if err := parseForm(r); err != nil {
		return err
	}
	if err := s.db.ConfirmCorrection(r.Context(), id, requestFrom(r.Context()).actor.PartnerID); err != nil {
		return err
	}
	s.setFlash(w, flashCorrectionConfirmed)
	s.redirect(w, r, "/correctieberichten")
	return nil
}
