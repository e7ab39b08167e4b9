package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// meetingForm is a new meeting: a group meeting, or a meeting about one or
// more named members; its date, the partners invited and the agenda.
type meetingForm struct {
	Kind      string
	HeldOn    string
	PersonIDs []string
	Invited   []string
	Agenda    string
}

// Validate converts the form into a meeting of group groupID and checks it
// with the domain's rules (ga.Meeting.Validate).
func (f *meetingForm) Validate(groupID string) (*ga.Meeting, ga.Invalid) {
	var v ga.Invalid
	m := &ga.Meeting{GroupID: groupID, Kind: ga.MeetingKind(f.Kind), Agenda: f.Agenda}
	m.HeldOn = parseDate(&v, "datum", f.HeldOn, true)
	if m.Kind == ga.MeetingIndividual {
		m.PersonIDs = f.PersonIDs
	}
	for _, p := range f.Invited {
		m.Invited = append(m.Invited, ga.Invitation{PartnerID: p})
	}
	v, _ = merge(v, m.Validate())
	return m, v
}

// meetingOps names the field under which a refusal of a meeting is shown:
// an invitation that Art 5.3 forbids beside the invitations, a meeting
// about persons who are not (visible) members beside the persons.
var meetingOps = map[string]string{"meeting.Invite": "uitgenodigd", "meeting.Subjects": "persoonIds"}

// createMeeting records the meeting with its invitations (coordinator).
// An individual meeting invites only partners involved with every member
// it is about; the storage refuses any other, and the page says why.
func (s *server) createMeeting(w http.ResponseWriter, r *http.Request) error {
	if err := refuseSeen(roleRefusal(ga.CanOrganiseMeeting(requestFrom(r.Context()).actor, ga.Group{})), s.seeGroup(r)); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	f := meetingForm{
		Kind:      formValue(r, "soort"),
		HeldOn:    formValue(r, "datum"),
		PersonIDs: formValues(r, "persoonIds"),
		Invited:   formValues(r, "uitgenodigd"),
		Agenda:    formValue(r, "agenda"),
	}
	m, v := f.Validate(id)
	p := invalid(v)
	if len(v) == 0 {
		err := s.db.CreateMeeting(r.Context(), m)
		if err == nil {
			s.setFlash(w, flashMeetingCreated)
			s.redirect(w, r, "/overleggen/"+m.ID)
			return nil
		}
		if p, err = formProblem(err, "soort", nil, meetingOps); err != nil {
			return err
		}
	}
	mv, err := s.meetingsView(r)
	if err != nil {
		return err
	}
	mv.Form = f
	s.render(w, r, p.Status, "meetings", mv, p.Details)
	return nil
}
