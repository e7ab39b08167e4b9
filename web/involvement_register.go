package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// involvementForm registers that a partner is involved with a member of
// the group, with the reason (SPEC §3): the partner then sees what
// need-to-know allows about that member, and may be invited to meetings
// about them (Art 5.3).
type involvementForm struct {
	PersonID  string
	PartnerID string
	Reason    string
}

func (f *involvementForm) Validate() ga.Invalid {
	var v ga.Invalid
	if f.PersonID == "" {
		v.Add("betrokkenheidPersoonId", nl("group.err_member"))
	}
	if f.PartnerID == "" {
		v.Add("betrokkenheidPartnerId", nl("group.err_partner"))
	}
	if f.Reason == "" {
		v.Add("betrokkenheidReden", nl("group.err_reason"))
	}
	return v
}

// registerInvolvement records the involvement (coordinator).
func (s *server) registerInvolvement(w http.ResponseWriter, r *http.Request) error {
	if err := refuseSeen(requireCoordinator(r, "web.registerInvolvement"), s.seeGroup(r)); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := involvementForm{
		PersonID:  formValue(r, "betrokkenheidPersoonId"),
		PartnerID: formValue(r, "betrokkenheidPartnerId"),
		Reason:    formValue(r, "betrokkenheidReden"),
	}
	v := f.Validate()
	p := invalid(v)
	id := r.PathValue("id")
	if len(v) == 0 {
		err := s.db.RegisterInvolvement(r.Context(), id, f.PersonID, f.PartnerID, f.Reason)
		if err == nil {
			s.setFlash(w, flashInvolvement)
			s.redirect(w, r, "/groepen/"+id+"#betrokkenheid")
			return nil
		}
		rename := map[string]string{"reden": "betrokkenheidReden", "partnerId": "betrokkenheidPartnerId"}
		if p, err = formProblem(err, "betrokkenheidPartnerId", rename, nil); err != nil {
			return err
		}
	}
	return s.renderGroup(w, r, p, func(gv *groupView) { gv.Involvement = f })
}
