package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// meetingsView lists the meetings of a group approach the viewer may see:
// the coordinator sees all, another partner those it is invited to
// (storage), with the form to organise one (coordinator).
type meetingsView struct {
	Group       ga.Group
	Tabs        []groupTab
	Meetings    []ga.Meeting
	Names       map[string]string
	PersonNames map[string]string

	CanOrganise     bool
	MemberOpts      []Option
	ParticipantOpts []Option
	Form            meetingForm
}

// meetings lists the meetings.
func (s *server) meetings(w http.ResponseWriter, r *http.Request) error {
	mv, err := s.meetingsView(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "meetings", mv, nil)
	return nil
}

func (s *server) meetingsView(r *http.Request) (*meetingsView, error) {
	ctx := r.Context()
	id := r.PathValue("id")
	g, err := s.db.Group(ctx, id)
	if err != nil {
		return nil, err
	}
	meetings, err := s.db.Meetings(ctx, id)
	if err != nil {
		return nil, err
	}
	members, err := s.db.Members(ctx, id)
	if err != nil {
		return nil, err
	}
	partners, err := s.db.Partners(ctx)
	if err != nil {
		return nil, err
	}
	today := ga.DateOf(s.db.Now())
	return &meetingsView{
		Group:           *g,
		Tabs:            groupTabs(id, "tab.meetings"),
		Meetings:        meetings,
		Names:           partnerNames(partners),
		PersonNames:     personNames(members),
		CanOrganise:     ga.CanOrganiseMeeting(requestFrom(ctx).actor, *g) == nil,
		MemberOpts:      memberOptions(members, today),
		ParticipantOpts: participantOptions(g, partners),
		Form:            meetingForm{Kind: string(ga.MeetingGroup), HeldOn: string(today)},
	}, nil
}
