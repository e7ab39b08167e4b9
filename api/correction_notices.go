package api

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// The partner's corrections to confirm (GDPR Art 19): a user of a partner
// that received a corrected item lists the notices addressed to the
// partner and confirms them.

var correctionNoticeOperations = []operation{
	{
		pattern: "GET /api/v1/correctieberichten", id: "correctieberichtenOpvragen", tag: tagCorrectionNotices, personal: true,
		summary: "De correcties opvragen die de eigen partner nog moet bevestigen",
		description: "Geeft de berichten over toegewezen correcties (verbeteren, aanvullen, verwijderen, afschermen) van " +
			"gegevens die de partner van de gebruiker volgens de logboeken ontving en die nog niemand van die partner " +
			"bevestigde, oudste eerst (artikel 6.2 van het convenant, artikel 19 AVG). Zonder de inhoud van het gegeven.",
		status: http.StatusOK, result: correctionNoticeList{},
	},
	{
		pattern: "POST /api/v1/correctieberichten/{correctieId}/bevestiging", id: "correctieberichtBevestigen", tag: tagCorrectionNotices, personal: true,
		summary:     "Bevestigen dat de eigen partner een correctie heeft doorgevoerd",
		description: "Legt de bevestiging vast voor de partner van de gebruiker. Een correctie zonder bericht aan die partner geeft 404; nogmaals bevestigen houdt de eerste datum.",
		status:      http.StatusNoContent,
	},
}

// correctionNoticeList is the notices to confirm.
type correctionNoticeList struct {
	Notices []ga.CorrectionToConfirm `json:"correctieberichten"`
}

func (s *server) listCorrectionNotices(w http.ResponseWriter, r *http.Request) error {
	list, err := s.db.CorrectionsToConfirm(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, correctionNoticeList{nonNil(list)})
	return nil
}

func (s *server) confirmCorrectionNotice(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "correctieId")
	if err != nil {
		return err
	}
	a := ga.ActorFrom(r.Context())
	if a == nil || a.PartnerID == "" {
		return ga.ErrNotFound("api.confirmCorrectionNotice")
	}
	if err := s.db.ConfirmCorrection(r.Context(), id, a.PartnerID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
