package web

import (
	"net/http"
	"slices"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// The order of refusals (SPEC §3): an object the viewer may not see answers
// "not found" — the same page as an id that does not exist — whatever the
// action; only an action on an object the viewer may see can answer "not
// allowed" (403). The handlers of forms that only some roles submit check
// the actor's role before the form's own validation, so that such a user
// hears that rather than what to correct; refuseSeen puts the look-up of
// the object of the path before that refusal.

// refuseSeen returns nil when refusal is nil. Otherwise it looks up the
// object of the path with see, which answers ga.ErrNotFound for an object
// the viewer may not see, and returns that error, or refusal when the
// object is found. The look-up happens only for a refused action, which
// the pages never offer, so that the forms in use read nothing twice.
func refuseSeen(refusal error, see func() error) error {
	if refusal == nil {
		return nil
	}
	if err := see(); err != nil {
		return err
	}
	return refusal
}

// seeGroup looks up the group of the path {id}.
func (s *server) seeGroup(r *http.Request) func() error {
	return func() error {
		_, err := s.db.Group(r.Context(), r.PathValue("id"))
		return err
	}
}

// seeMeeting looks up the meeting of the path {id}.
func (s *server) seeMeeting(r *http.Request) func() error {
	return func() error {
		_, err := s.meetingOfPath(r)
		return err
	}
}

// meetingOfPath returns the meeting of the path {id}, or ga.ErrNotFound
// when it does not exist or the viewer may not see it.
func (s *server) meetingOfPath(r *http.Request) (*ga.Meeting, error) {
	return s.db.Meeting(r.Context(), r.PathValue("id"))
}

// membershipOfPerson returns the membership with id membershipID of the
// person of the path {id}, as the viewer may see it. A person the viewer
// may not see, and a membership that is not one of that person's that the
// viewer may see, answer ga.ErrNotFound, so that the path cannot name a
// membership of someone else (as the API's path does not).
func (s *server) membershipOfPerson(r *http.Request, membershipID string) (*ga.Membership, error) {
	p, err := s.db.Person(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return membershipIn(p, membershipID)
}

// membershipIn finds membership id among the memberships of p.
func membershipIn(p *storage.PersonView, id string) (*ga.Membership, error) {
	i := slices.IndexFunc(p.Memberships, func(m ga.Membership) bool { return m.ID == id })
	if i < 0 {
		return nil, ga.ErrNotFound("web.membership")
	}
	return &p.Memberships[i], nil
}

// agreementOfMeeting returns the agreement with id agreementID of the
// meeting of the path {id}, or ga.ErrNotFound when the viewer may not see
// the meeting or the agreement is not one of that meeting's, so that the
// path cannot name an agreement of another meeting.
func (s *server) agreementOfMeeting(r *http.Request, agreementID string) (*ga.Agreement, error) {
	m, err := s.meetingOfPath(r)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(m.Agreements, func(ag ga.Agreement) bool { return ag.ID == agreementID })
	if i < 0 {
		return nil, ga.ErrNotFound("web.agreement")
	}
	return &m.Agreements[i], nil
}
