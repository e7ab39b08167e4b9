package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// completeForm records that an agreement was carried out, and when.
type completeForm struct {
	AgreementID string
	DoneOn      string
}

// completeAgreement records the agreement as carried out (coordinator or a
// user of the responsible partner). The agreement must be one of the
// meeting's in the path; any other answers "not found", as an unknown id
// does.
func (s *server) completeAgreement(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	f := completeForm{AgreementID: formValue(r, "afspraakId"), DoneOn: formValue(r, "uitgevoerdOp")}
	var v ga.Invalid
	if f.AgreementID == "" {
		v.Add("afspraakId", nl("meeting.err_agreement"))
	} else if _, err := s.agreementOfMeeting(r, f.AgreementID); err != nil {
		return err
	}
	done := parseDate(&v, "uitgevoerdOp", f.DoneOn, true)
	p := invalid(v)
	if len(v) == 0 {
		_, err := s.db.CompleteAgreement(r.Context(), f.AgreementID, done)
		if err == nil {
			s.setFlash(w, flashAgreementDone)
			s.redirect(w, r, "/overleggen/"+id+"#afspraken")
			return nil
		}
		if p, err = formProblem(err, "afspraakId", nil, nil); err != nil {
			return err
		}
	}
	return s.renderMeeting(w, r, p, func(mv *meetingView) { mv.Complete = f })
}
