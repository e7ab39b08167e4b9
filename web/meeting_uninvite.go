package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// uninvite withdraws a partner's invitation to the meeting (coordinator).
// A partner whose attendance is recorded, or that is responsible for an
// agreement of the meeting, stays invited: the storage refuses it beside
// the list of invited partners, because the record of the meeting is not
// rewritten. A meeting the viewer may not see answers "not found"; the
// storage writes the audit line.
func (s *server) uninvite(w http.ResponseWriter, r *http.Request) error {
	if err := refuseSeen(roleRefusal(ga.CanOrganiseMeeting(requestFrom(r.Context()).actor, ga.Group{})), s.seeMeeting(r)); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	partnerID := formValue(r, "partnerId")
	var p *problem
	if partnerID == "" {
		p = invalid(ga.Invalid{{Name: "uitgenodigd", Message: nl("group.err_partner")}})
	} else {
		err := s.db.Uninvite(r.Context(), id, partnerID)
		if err == nil {
			s.setFlash(w, flashUninvited)
			s.redirect(w, r, "/overleggen/"+id+"#uitgenodigd")
			return nil
		}
		if p, err = formProblem(err, "uitgenodigd", map[string]string{"partnerId": "uitgenodigd"}, nil); err != nil {
			return err
		}
	}
	return s.renderMeeting(w, r, p, func(*meetingView) {})
}
