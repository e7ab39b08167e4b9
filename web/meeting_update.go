package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// meetingUpdateForm is the record of a meeting: its date, agenda, minutes
// and decisions.
type meetingUpdateForm struct {
	HeldOn    string
	Agenda    string
	Minutes   string
	Decisions string
}

// updateMeeting records the meeting's date, agenda, minutes and decisions
// (coordinator).
func (s *server) updateMeeting(w http.ResponseWriter, r *http.Request) error {
	if err := refuseSeen(roleRefusal(ga.CanOrganiseMeeting(requestFrom(r.Context()).actor, ga.Group{})), s.seeMeeting(r)); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	f := meetingUpdateForm{
		HeldOn:    formValue(r, "datum"),
		Agenda:    formValue(r, "agenda"),
		Minutes:   formValue(r, "verslag"),
		Decisions: formValue(r, "besluiten"),
	}
	var v ga.Invalid
	m := &ga.Meeting{ID: id, Agenda: f.Agenda, Minutes: f.Minutes, Decisions: f.Decisions}
	m.HeldOn = parseDate(&v, "datum", f.HeldOn, true)
	p := invalid(v)
	if len(v) == 0 {
		err := s.db.UpdateMeeting(r.Context(), m)
		if err == nil {
			s.setFlash(w, flashMeetingSaved)
			s.redirect(w, r, "/overleggen/"+id)
			return nil
		}
		if p, err = formProblem(err, "datum", nil, nil); err != nil {
			return err
		}
	}
	return s.renderMeeting(w, r, p, func(mv *meetingView) { mv.Form = f })
}
