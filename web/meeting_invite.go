package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// invite invites a partner to the meeting (coordinator). To an individual
// meeting only a partner involved with every member it is about may come
// (Art 5.3); the refusal is shown beside the choice of partner.
func (s *server) invite(w http.ResponseWriter, r *http.Request) error {
	if err := refuseSeen(roleRefusal(ga.CanOrganiseMeeting(requestFrom(r.Context()).actor, ga.Group{})), s.seeMeeting(r)); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	partnerID := formValue(r, "uitnodigenPartnerId")
	var p *problem
	if partnerID == "" {
		p = invalid(ga.Invalid{{Name: "uitnodigenPartnerId", Message: nl("group.err_partner")}})
	} else {
		err := s.db.Invite(r.Context(), id, partnerID)
		if err == nil {
			s.setFlash(w, flashInvited)
			s.redirect(w, r, "/overleggen/"+id+"#uitgenodigd")
			return nil
		}
		if p, err = formProblem(err, "uitnodigenPartnerId", nil, nil); err != nil {
			return err
		}
	}
	return s.renderMeeting(w, r, p, func(mv *meetingView) { mv.Invite = partnerID })
}
