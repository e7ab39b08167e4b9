package web

import (
	"net/http"
	"slices"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// meetingView is one meeting as this viewer sees it (SPEC §4): agenda,
// invited partners and their attendance, minutes, decisions, agreements,
// and the information items this viewer may see — in a group meeting of
// the whole group, in an individual meeting only about the members it is
// about. Two participants of one meeting may see different items.
type meetingView struct {
	Meeting     ga.Meeting
	Items       []ga.Item
	Group       ga.Group
	Names       map[string]string
	PersonNames map[string]string
	Agreements  []agreementRow

	CanOrganise bool
	// HeldReached says whether the day of the meeting has come, from which
	// attendance is recorded.
	HeldReached bool
	InviteOpts  []Option
	InvitedOpts []Option
	// Withdrawable marks the invited partners whose invitation the
	// organiser may withdraw: no attendance recorded and responsible for
	// no agreement of the meeting.
	Withdrawable map[string]bool
	SubjectOpts  []Option
	OpenOpts     []Option

	Form       meetingUpdateForm
	Invite     string
	Attendance attendanceForm
	Agreement  agreementForm
	Complete   completeForm
}

// agreementRow is an agreement with whether it is overdue.
type agreementRow struct {
	ga.Agreement
	Overdue bool
}

// meeting shows the meeting. A meeting the user may not see — not invited,
// or about a member the user may not see — is "not found", as an id that
// does not exist.
func (s *server) meeting(w http.ResponseWriter, r *http.Request) error {
	mv, err := s.meetingView(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "meeting", mv, nil)
	return nil
}

// renderMeeting shows the meeting again with a form that came back.
func (s *server) renderMeeting(w http.ResponseWriter, r *http.Request, p *problem, fill func(*meetingView)) error {
	mv, err := s.meetingView(r)
	if err != nil {
		return err
	}
	fill(mv)
	s.render(w, r, p.Status, "meeting", mv, p.Details)
	return nil
}

func (s *server) meetingView(r *http.Request) (*meetingView, error) {
	ctx := r.Context()
	actor := requestFrom(ctx).actor
	view, err := s.db.MeetingView(ctx, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	m := view.Meeting
	g, err := s.db.Group(ctx, m.GroupID)
	if err != nil {
		return nil, err
	}
	members, err := s.db.Members(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	partners, err := s.db.Partners(ctx)
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	today := ga.DateOf(now)
	mv := &meetingView{
		Meeting:     m,
		Items:       view.Items,
		Group:       *g,
		Names:       partnerNames(partners),
		PersonNames: personNames(members),
		CanOrganise: ga.CanOrganiseMeeting(actor, *g) == nil,
		HeldReached: m.HeldOn.Reached(now),
		Form:        meetingUpdateForm{HeldOn: string(m.HeldOn), Agenda: m.Agenda, Minutes: m.Minutes, Decisions: m.Decisions},
		Complete:    completeForm{DoneOn: string(today)},
	}
	mv.Withdrawable = map[string]bool{}
	for _, inv := range m.Invited {
		mv.Withdrawable[inv.PartnerID] = mv.CanOrganise && inv.Attended == nil &&
			!slices.ContainsFunc(m.Agreements, func(ag ga.Agreement) bool { return ag.ResponsiblePartnerID == inv.PartnerID })
	}
	for _, o := range participantOptions(g, partners) {
		if m.IsInvited(o.Value) {
			mv.InvitedOpts = append(mv.InvitedOpts, o)
		} else {
			mv.InviteOpts = append(mv.InviteOpts, o)
		}
	}
	for _, p := range m.PersonIDs {
		mv.SubjectOpts = append(mv.SubjectOpts, Option{Value: p, Label: mv.PersonNames[p]})
	}
	for _, ag := range m.Agreements {
		mv.Agreements = append(mv.Agreements, agreementRow{Agreement: ag, Overdue: ag.Overdue(now)})
		if ga.CanCompleteAgreement(actor, ag, today, now) == nil && g.Step != ga.StepClosed {
			mv.OpenOpts = append(mv.OpenOpts, Option{Value: ag.ID, Label: ag.Description + " (" + mv.Names[ag.ResponsiblePartnerID] + ", " + ag.DueDate.Dutch() + ")"})
		}
	}
	return mv, nil
}
