package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// attendanceForm records whether an invited partner attended.
type attendanceForm struct {
	PartnerID string
	Attended  string
}

// recordAttendance records the attendance (coordinator), from the day of
// the meeting on.
func (s *server) recordAttendance(w http.ResponseWriter, r *http.Request) error {
	if err := refuseSeen(roleRefusal(ga.CanOrganiseMeeting(requestFrom(r.Context()).actor, ga.Group{})), s.seeMeeting(r)); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	f := attendanceForm{PartnerID: formValue(r, "aanwezigheidPartnerId"), Attended: formValue(r, "aanwezig")}
	var v ga.Invalid
	if f.PartnerID == "" {
		v.Add("aanwezigheidPartnerId", nl("group.err_partner"))
	}
	attended := yesNo(&v, "aanwezig", f.Attended)
	p := invalid(v)
	if len(v) == 0 {
		err := s.db.RecordAttendance(r.Context(), id, f.PartnerID, attended)
		if err == nil {
			s.setFlash(w, flashAttendance)
			s.redirect(w, r, "/overleggen/"+id+"#uitgenodigd")
			return nil
		}
		if p, err = formProblem(err, "aanwezigheidPartnerId", nil, nil); err != nil {
			return err
		}
	}
	return s.renderMeeting(w, r, p, func(mv *meetingView) { mv.Attendance = f })
}
