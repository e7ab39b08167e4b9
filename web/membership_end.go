package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// endMembershipForm ends one of the person's memberships on a date.
type endMembershipForm struct {
	MembershipID string
	End          string
}

// endMembership ends the membership (coordinator or the person's source
// partner). From the end date on, the retention period after membership
// counts (Art 9). The membership must be one of the person's in the path
// that the viewer may see; any other answers "not found", as an unknown
// id does.
func (s *server) endMembership(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	f := endMembershipForm{MembershipID: formValue(r, "lidmaatschapId"), End: formValue(r, "einddatum")}
	var v ga.Invalid
	if f.MembershipID == "" {
		v.Add("lidmaatschapId", nl("person.err_membership"))
	} else if _, err := s.membershipOfPerson(r, f.MembershipID); err != nil {
		return err
	}
	end := parseDate(&v, "einddatum", f.End, true)
	p := invalid(v)
	if len(v) == 0 {
		err := s.db.EndMembership(r.Context(), f.MembershipID, end)
		if err == nil {
			s.setFlash(w, flashMembershipEnded)
			s.redirect(w, r, "/personen/"+id+"#lidmaatschappen")
			return nil
		}
		if p, err = formProblem(err, "lidmaatschapId", nil, nil); err != nil {
			return err
		}
	}
	return s.renderPerson(w, r, p, func(pv *personView) { pv.End = f })
}
