package web

import (
	"net/http"
	"strings"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// decisionForm is the local driehoek's decision of step 4: the date of the
// meeting, the members of the driehoek present (one per line), whether the
// group approach starts and whether personal data of the named members may
// be collected and exchanged, and the motivation.
type decisionForm struct {
	DecidedOn  string
	Present    string
	Starts     string
	Exchange   string
	Motivation string
}

// Validate converts the form into a decision and checks it with the
// domain's rules (ga.TriangleDecision.Validate).
func (f *decisionForm) Validate() (ga.TriangleDecision, ga.Invalid) {
	var v ga.Invalid
	d := ga.TriangleDecision{Motivation: f.Motivation}
	d.DecidedOn = parseDate(&v, "besluitdatum", f.DecidedOn, true)
	for _, line := range strings.Split(f.Present, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			d.Present = append(d.Present, line)
		}
	}
	d.ApproachStarts = yesNo(&v, "groepsaanpakStart", f.Starts)
	d.ExchangeAuthorised = yesNo(&v, "uitwisselingToegestaan", f.Exchange)
	if err := d.Validate(); err != nil {
		v, _ = merge(v, err)
	}
	return d, v
}

// recordDecision records the driehoek's decision. From then on the
// partners taking part see what need-to-know allows (SPEC §3).
func (s *server) recordDecision(w http.ResponseWriter, r *http.Request) error {
	if err := refuseSeen(roleRefusal(ga.CanRecordDecision(requestFrom(r.Context()).actor, ga.Group{})), s.seeGroup(r)); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := decisionForm{
		DecidedOn:  formValue(r, "besluitdatum"),
		Present:    formValue(r, "aanwezigen"),
		Starts:     formValue(r, "groepsaanpakStart"),
		Exchange:   formValue(r, "uitwisselingToegestaan"),
		Motivation: formValue(r, "motivering"),
	}
	d, v := f.Validate()
	p := invalid(v)
	id := r.PathValue("id")
	if len(v) == 0 {
		_, err := s.db.RecordDecision(r.Context(), id, d)
		if err == nil {
			s.setFlash(w, flashDecided)
			s.redirect(w, r, "/groepen/"+id)
			return nil
		}
		if p, err = formProblem(err, "besluitdatum", nil, nil); err != nil {
			return err
		}
	}
	return s.renderGroup(w, r, p, func(gv *groupView) { gv.Decision = f })
}
