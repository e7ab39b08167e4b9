package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// agreementForm is an agreement made in a meeting: what, the responsible
// partner (invited to the meeting), the due date, and in an individual
// meeting optionally the member it is about.
type agreementForm struct {
	Description string
	PartnerID   string
	DueDate     string
	PersonID    string
}

// addAgreement records the agreement (coordinator).
func (s *server) addAgreement(w http.ResponseWriter, r *http.Request) error {
	if err := refuseSeen(roleRefusal(ga.CanOrganiseMeeting(requestFrom(r.Context()).actor, ga.Group{})), s.seeMeeting(r)); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	f := agreementForm{
		Description: formValue(r, "afspraakOmschrijving"),
		PartnerID:   formValue(r, "afspraakPartnerId"),
		DueDate:     formValue(r, "afspraakUiterlijk"),
		PersonID:    formValue(r, "afspraakPersoonId"),
	}
	var v ga.Invalid
	ag := &ga.Agreement{MeetingID: id, Description: f.Description, ResponsiblePartnerID: f.PartnerID, PersonID: f.PersonID}
	ag.DueDate = parseDate(&v, "afspraakUiterlijk", f.DueDate, true)
	rename := map[string]string{"omschrijving": "afspraakOmschrijving", "verantwoordelijkePartnerId": "afspraakPartnerId", "uiterlijk": "afspraakUiterlijk"}
	v = mergeAs(v, ag.Validate(), rename)
	p := invalid(v)
	if len(v) == 0 {
		err := s.db.AddAgreement(r.Context(), ag)
		if err == nil {
			s.setFlash(w, flashAgreementAdded)
			s.redirect(w, r, "/overleggen/"+id+"#afspraken")
			return nil
		}
		if p, err = formProblem(err, "afspraakPartnerId", rename, nil); err != nil {
			return err
		}
	}
	return s.renderMeeting(w, r, p, func(mv *meetingView) { mv.Agreement = f })
}
