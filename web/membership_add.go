package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// membershipForm adds the person to another group (one person can be in
// several groups; need-to-know is judged per group approach).
type membershipForm struct {
	GroupID string
	Role    string
	Start   string
}

// addMembership records the membership. The storage refuses it before step
// informatie, after question 2A was answered "not problematic" (no name
// list), and in a group the user's partner does not take part in.
func (s *server) addMembership(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	f := membershipForm{GroupID: formValue(r, "groepId"), Role: formValue(r, "lidmaatschapRol"), Start: formValue(r, "lidmaatschapStart")}
	var p *problem
	if f.GroupID == "" {
		p = invalid(ga.Invalid{{Name: "groepId", Message: nl("person.err_group")}})
	} else {
		err := s.db.AddMembership(r.Context(), &ga.Membership{GroupID: f.GroupID, PersonID: id, Role: ga.MembershipRole(f.Role), Start: ga.Date(f.Start)})
		if err == nil {
			s.setFlash(w, flashMembershipAdded)
			s.redirect(w, r, "/personen/"+id+"#lidmaatschappen")
			return nil
		}
		if p, err = formProblem(err, "groepId", map[string]string{"rol": "lidmaatschapRol", "startdatum": "lidmaatschapStart"}, nil); err != nil {
			return err
		}
	}
	return s.renderPerson(w, r, p, func(pv *personView) { pv.Membership = f })
}
