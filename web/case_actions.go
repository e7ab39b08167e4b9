package web

import (
	"net/http"
	"strings"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/letter"
)

// The handling steps of corrections (Art 6.2), objections (Art 6.3) and
// complaints (Art 7) on the case page, and the decision letter.

// caseDetails adds what the case page needs beyond the case itself: the
// person's items and the decisions per item for a correction or
// objection, and the partners for a complaint's route.
func (s *server) caseDetails(r *http.Request, v *caseView) error {
	ctx := r.Context()
	switch v.Case.Kind {
	case ga.CaseCorrection, ga.CaseObjection:
		items, err := s.db.CaseItems(ctx, v.Case.ID)
		if err != nil {
			return err
		}
		cs, err := s.db.Corrections(ctx, v.Case.ID)
		if err != nil {
			return err
		}
		v.Items, v.Corrections = items, cs
		lang := requestFrom(ctx).lang
		for _, a := range ga.CorrectionActions {
			v.Actions = append(v.Actions, Option{Value: string(a), Label: translate(lang, "correction.action."+string(a))})
		}
	case ga.CaseComplaint:
		partners, err := s.db.Partners(ctx)
		if err != nil {
			return err
		}
		v.Partners = partnerOptions(partners)
	}
	return nil
}

func (s *server) caseCorrect(w http.ResponseWriter, r *http.Request) error {
	return s.caseStep(w, r, flashCaseSaved, func(id string, f caseStepForm, v *ga.Invalid) error {
		c := ga.Correction{ItemID: formValue(r, "gegevenId"), Action: ga.CorrectionAction(formValue(r, "handeling")),
			Text: formValue(r, "tekst"), Granted: formValue(r, "toegewezen") == "ja", Motivation: formValue(r, "correctieMotivering")}
		err := s.db.DecideCorrection(r.Context(), id, &c)
		renameDetail(err, "motivering", "correctieMotivering")
		return err
	})
}

func (s *server) caseConfirm(w http.ResponseWriter, r *http.Request) error {
	return s.caseStep(w, r, flashCaseSaved, func(id string, f caseStepForm, v *ga.Invalid) error {
		return s.db.ConfirmCorrection(r.Context(), r.PathValue("correctie"), formValue(r, "partnerId"))
	})
}

func (s *server) caseObjection(w http.ResponseWriter, r *http.Request) error {
	return s.caseStep(w, r, flashCaseDecided, func(id string, f caseStepForm, v *ga.Invalid) error {
		measure := formValue(r, "maatregel")
		d := ga.ObjectionDecision{Justified: formValue(r, "gerechtvaardigd") == "ja", Motivation: formValue(r, "bezwaarMotivering"),
			BlockItems: measure == "afschermen", DeleteItems: measure == "verwijderen", EndMemberships: formValue(r, "lidmaatschappen") == "ja"}
		_, err := s.db.DecideObjection(r.Context(), id, d)
		renameDetail(err, "motivering", "bezwaarMotivering")
		return err
	})
}

func (s *server) caseRoute(w http.ResponseWriter, r *http.Request) error {
	return s.caseStep(w, r, flashCaseSaved, func(id string, f caseStepForm, v *ga.Invalid) error {
		ctx := r.Context()
		state, err := s.db.GateState(ctx)
		if err != nil {
			return err
		}
		controller := ""
		if state.Covenant != nil {
			controller = state.Covenant.Terms.ControllerPartnerID
			if controller == "" {
				controller = state.Covenant.Terms.CoordinatorPartnerID
			}
		}
		h := ga.ComplaintHandling{PartnerIDs: formValues(r, "klachtPartnerIds")}
		h.ForwardedOn = parseDate(v, "doorgezondenOp", formValue(r, "doorgezondenOp"), len(h.PartnerIDs) == 1)
		if len(h.PartnerIDs) > 1 {
			if chair := strings.TrimSpace(formValue(r, "voorzitter")); chair != "" {
				h.Committee = append(h.Committee, ga.CommitteeMember{Name: chair, PartnerID: controller, Chair: true})
			}
			for _, p := range h.PartnerIDs {
				if name := strings.TrimSpace(formValue(r, "lid-"+p)); name != "" {
					h.Committee = append(h.Committee, ga.CommitteeMember{Name: name, PartnerID: p})
				}
			}
		}
		if len(*v) > 0 {
			return nil
		}
		return s.db.RouteComplaint(ctx, id, h)
	})
}

// caseDecisionLetter sends the letter on a correction, objection or
// complaint as PDF.
func (s *server) caseDecisionLetter(w http.ResponseWriter, r *http.Request) error {
	if err := requireHandler(r, "web.caseDecisionLetter"); err != nil {
		return err
	}
	l, err := s.db.DecisionLetter(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	pdf, err := letter.Decision(l, l.Controller)
	if err != nil {
		return ga.Wrap("web.caseDecisionLetter", err)
	}
	writePDF(w, "besluit-"+r.PathValue("id")+".pdf", pdf)
	return nil
}

// renameDetail renames the field of an invalid-input detail, for a page
// with two forms whose fields the domain names alike.
func renameDetail(err error, from, to string) {
	if e, ok := err.(*ga.Error); ok {
		for i := range e.Details {
			if e.Details[i].Name == from {
				e.Details[i].Name = to
			}
		}
	}
}
