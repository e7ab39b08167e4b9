package web

import (
	"net/http"
	"strings"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// endInvolvementForm ends a partner's registered involvement with a member
// of the group, with the reason. Choice names the involvement as the
// member's id and the partner's id, joined by involvementSep.
type endInvolvementForm struct {
	Choice string
	Reason string
}

// involvementSep joins the member's and the partner's id in the value of a
// choice of involvement; ids never hold it.
const involvementSep = ":"

// involvementChoice is the value of the choice of one involvement.
func involvementChoice(personID, partnerID string) string {
	return personID + involvementSep + partnerID
}

// Validate returns the member's and the partner's id of the chosen
// involvement and what is missing from the form.
func (f *endInvolvementForm) Validate() (personID, partnerID string, v ga.Invalid) {
	personID, partnerID, ok := strings.Cut(f.Choice, involvementSep)
	if !ok || personID == "" || partnerID == "" {
		v.Add("beeindigenBetrokkenheid", nl("involvement.err_choice"))
	}
	if strings.TrimSpace(f.Reason) == "" {
		v.Add("beeindigenReden", nl("group.err_reason"))
	}
	return personID, partnerID, v
}

// endInvolvement ends a partner's involvement that the coordinator
// registered; involvement derived from the partner's items and measures
// ends only with them. From then on the partner sees of the member only
// what the other rules of need-to-know allow (SPEC §3). A group the viewer
// may not see answers "not found"; the storage refuses anyone but the
// coordinator, answers "not found" for a member the viewer may not see or
// an involvement that is not registered, and writes the processing line
// betrokkenheid_beeindigen and the audit line.
func (s *server) endInvolvement(w http.ResponseWriter, r *http.Request) error {
	if err := refuseSeen(requireCoordinator(r, "web.endInvolvement"), s.seeGroup(r)); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := endInvolvementForm{Choice: formValue(r, "beeindigenBetrokkenheid"), Reason: formValue(r, "beeindigenReden")}
	personID, partnerID, v := f.Validate()
	p := invalid(v)
	id := r.PathValue("id")
	if len(v) == 0 {
		err := s.db.EndInvolvement(r.Context(), id, personID, partnerID, f.Reason)
		if err == nil {
			s.setFlash(w, flashInvolvementEnded)
			s.redirect(w, r, "/groepen/"+id+"#betrokkenheid")
			return nil
		}
		if p, err = formProblem(err, "beeindigenBetrokkenheid", map[string]string{"reden": "beeindigenReden"}, nil); err != nil {
			return err
		}
	}
	return s.renderGroup(w, r, p, func(gv *groupView) { gv.EndInvolvement = f })
}
