package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// addParticipant lets a partner take part in the group approach
// (coordinator).
func (s *server) addParticipant(w http.ResponseWriter, r *http.Request) error {
	if err := refuseSeen(requireCoordinator(r, "web.addParticipant"), s.seeGroup(r)); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	partnerID := formValue(r, "deelnemerPartnerId")
	id := r.PathValue("id")
	var p *problem
	if partnerID == "" {
		p = invalid(ga.Invalid{{Name: "deelnemerPartnerId", Message: nl("group.err_partner")}})
	} else {
		err := s.db.AddParticipant(r.Context(), id, partnerID)
		if err == nil {
			s.setFlash(w, flashParticipantAdded)
			s.redirect(w, r, "/groepen/"+id+"#deelnemers")
			return nil
		}
		if p, err = formProblem(err, "deelnemerPartnerId", map[string]string{"partnerId": "deelnemerPartnerId"}, nil); err != nil {
			return err
		}
	}
	return s.renderGroup(w, r, p, func(gv *groupView) { gv.Participant = partnerID })
}
