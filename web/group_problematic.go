package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// answerForm is the coordinator's answer to question 2A: is the group's
// behaviour problematic? If not, only light interventions follow and no
// name list is made (SPEC §2).
type answerForm struct {
	Problematic string
	Reason      string
}

func (f *answerForm) Validate() (bool, ga.Invalid) {
	var v ga.Invalid
	problematic := yesNo(&v, "problematisch", f.Problematic)
	if f.Reason == "" {
		v.Add("vraag2aReden", nl("group.err_reason"))
	}
	return problematic, v
}

// answerProblematic records the answer to question 2A.
func (s *server) answerProblematic(w http.ResponseWriter, r *http.Request) error {
	if err := refuseSeen(requireCoordinator(r, "web.answerProblematic"), s.seeGroup(r)); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := answerForm{Problematic: formValue(r, "problematisch"), Reason: formValue(r, "vraag2aReden")}
	problematic, v := f.Validate()
	p := invalid(v)
	id := r.PathValue("id")
	if len(v) == 0 {
		_, err := s.db.AnswerProblematic(r.Context(), id, problematic, f.Reason)
		if err == nil {
			s.setFlash(w, flashAnswered)
			s.redirect(w, r, "/groepen/"+id)
			return nil
		}
		if p, err = formProblem(err, "problematisch", map[string]string{"reden": "vraag2aReden"}, nil); err != nil {
			return err
		}
	}
	return s.renderGroup(w, r, p, func(gv *groupView) { gv.Answer = f })
}
