package web

import (
	"net/http"
	"strconv"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/letter"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// caseView is the page of one case: its facts, the state of its deadline
// and the forms of the handling steps that are possible now.
type caseView struct {
	Case      *storage.CaseView
	Grounds   []Option
	Form      caseStepForm
	CanExtend bool
	// Items, Corrections and Actions serve a correction or objection;
	// Partners a complaint's route.
	Items       []ga.AccessItem
	Corrections []ga.Correction
	Actions     []Option
	Partners    []Option
	// The choices of the radio groups, in the user's language.
	GrantOptions, YesNo, NoYes, MeasureOptions []Option
}

// caseStepForm holds the values of the handling forms when one is shown
// again with errors.
type caseStepForm struct {
	Method, CheckedOn                  string
	Months, Reason, NoticeSentOn       string
	SuspendReason                      string
	Outcome, Motivation                string
	WithholdItem, Ground, WithholdText string
}

func (s *server) caseView(r *http.Request, c *storage.CaseView, f caseStepForm) *caseView {
	lang := requestFrom(r.Context()).lang
	v := &caseView{Case: c, Form: f, CanExtend: c.Kind.IsRequest() && c.Extension == nil && c.Status.Open()}
	for _, g := range ga.WithholdGrounds {
		v.Grounds = append(v.Grounds, Option{Value: string(g), Label: translate(lang, "case.ground."+string(g))})
	}
	yes, no := Option{Value: "ja", Label: translate(lang, "common.yes")}, Option{Value: "nee", Label: translate(lang, "common.no")}
	v.YesNo, v.NoYes = []Option{yes, no}, []Option{no, yes}
	v.GrantOptions = []Option{{Value: "ja", Label: translate(lang, "correction.granted")}, {Value: "nee", Label: translate(lang, "correction.refused")}}
	v.MeasureOptions = []Option{{Value: "geen", Label: translate(lang, "objection.measure_none")},
		{Value: "afschermen", Label: translate(lang, "objection.measure_block")}, {Value: "verwijderen", Label: translate(lang, "objection.measure_delete")}}
	return v
}

func (s *server) rightsCase(w http.ResponseWriter, r *http.Request) error {
	if err := requireHandler(r, "web.rightsCase"); err != nil {
		return err
	}
	c, err := s.db.RightsCase(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	cv := s.caseView(r, c, caseStepForm{})
	if err := s.caseDetails(r, cv); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "case", cv, nil)
	return nil
}

// caseStep handles one handling form of the case page: parse, run do,
// and on success redirect back with the flash; on invalid input show the
// page again with the errors.
func (s *server) caseStep(w http.ResponseWriter, r *http.Request, flash string, do func(id string, f caseStepForm, v *ga.Invalid) error) error {
	if err := requireHandler(r, "web.caseStep"); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	f := caseStepForm{
		Method: formValue(r, "methode"), CheckedOn: formValue(r, "gecontroleerdOp"),
		Months: formValue(r, "maanden"), Reason: formValue(r, "reden"), NoticeSentOn: formValue(r, "kennisgevingVerzondenOp"),
		SuspendReason: formValue(r, "opschortingReden"),
		Outcome:       formValue(r, "uitkomst"), Motivation: formValue(r, "motivering"),
		WithholdItem: formValue(r, "gegevenId"), Ground: formValue(r, "grond"), WithholdText: formValue(r, "weigeringMotivering"),
	}
	var v ga.Invalid
	err := do(id, f, &v)
	if err == nil && len(v) == 0 {
		s.setFlash(w, flash)
		target := "/verzoeken/" + id
		if flash == flashItemWithheld {
			target += "/overzicht"
		}
		s.redirect(w, r, target)
		return nil
	}
	if err != nil {
		if v = invalidDetails(err); v == nil {
			return err
		}
	}
	c, cerr := s.db.RightsCase(r.Context(), id)
	if cerr != nil {
		return cerr
	}
	cv := s.caseView(r, c, f)
	if err := s.caseDetails(r, cv); err != nil {
		return err
	}
	s.render(w, r, http.StatusUnprocessableEntity, "case", cv, v)
	return nil
}

func (s *server) caseIdentity(w http.ResponseWriter, r *http.Request) error {
	return s.caseStep(w, r, flashCaseSaved, func(id string, f caseStepForm, v *ga.Invalid) error {
		on := parseDate(v, "gecontroleerdOp", f.CheckedOn, true)
		if len(*v) > 0 {
			return nil
		}
		return s.db.RecordIdentityCheck(r.Context(), id, ga.IdentityCheck{Method: f.Method, CheckedOn: on})
	})
}

func (s *server) caseExtend(w http.ResponseWriter, r *http.Request) error {
	return s.caseStep(w, r, flashCaseSaved, func(id string, f caseStepForm, v *ga.Invalid) error {
		months, _ := strconv.Atoi(f.Months)
		notice := parseDate(v, "kennisgevingVerzondenOp", f.NoticeSentOn, true)
		if len(*v) > 0 {
			return nil
		}
		return s.db.ExtendCase(r.Context(), id, ga.Extension{Months: months, Reason: f.Reason, NoticeSentOn: notice})
	})
}

func (s *server) caseSuspend(w http.ResponseWriter, r *http.Request) error {
	return s.caseStep(w, r, flashCaseSaved, func(id string, f caseStepForm, v *ga.Invalid) error {
		return s.db.SuspendCase(r.Context(), id, ga.SuspendIdentity, f.SuspendReason)
	})
}

func (s *server) caseDecide(w http.ResponseWriter, r *http.Request) error {
	return s.caseStep(w, r, flashCaseDecided, func(id string, f caseStepForm, v *ga.Invalid) error {
		return s.db.DecideCase(r.Context(), id, f.Outcome, f.Motivation)
	})
}

func (s *server) caseWithhold(w http.ResponseWriter, r *http.Request) error {
	return s.caseStep(w, r, flashItemWithheld, func(id string, f caseStepForm, v *ga.Invalid) error {
		err := s.db.WithholdItem(r.Context(), id, ga.Withholding{ItemID: f.WithholdItem, Ground: ga.WithholdGround(f.Ground), Motivation: f.WithholdText})
		// The motivation of a withholding has its own field name, apart
		// from the motivation of the decision on the same page.
		if e, ok := err.(*ga.Error); ok {
			for i := range e.Details {
				if e.Details[i].Name == "motivering" {
					e.Details[i].Name = "weigeringMotivering"
				}
			}
		}
		return err
	})
}

// overviewView is the access overview as the handler checks it before the
// letter goes out, with a withholding form per item.
type overviewView struct {
	Case     *storage.CaseView
	Overview *ga.AccessOverview
	Grounds  []Option
}

// caseOverview compiles the access overview (which writes the processing
// log for the person) and shows it.
func (s *server) caseOverview(w http.ResponseWriter, r *http.Request) error {
	if err := requireHandler(r, "web.caseOverview"); err != nil {
		return err
	}
	ctx := r.Context()
	c, err := s.db.RightsCase(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	o, err := s.db.CompileAccessOverview(ctx, c.ID)
	if err != nil {
		return err
	}
	cv := s.caseView(r, c, caseStepForm{})
	s.render(w, r, http.StatusOK, "case_overview", &overviewView{Case: c, Overview: o, Grounds: cv.Grounds}, nil)
	return nil
}

// caseLetter compiles the overview and sends the letter as PDF.
func (s *server) caseLetter(w http.ResponseWriter, r *http.Request) error {
	if err := requireHandler(r, "web.caseLetter"); err != nil {
		return err
	}
	o, err := s.db.CompileAccessOverview(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	pdf, err := letter.Access(o, o.Controller)
	if err != nil {
		return ga.Wrap("web.caseLetter", err)
	}
	writePDF(w, "inzage-"+o.CaseID+".pdf", pdf)
	return nil
}

// caseExport compiles the overview and sends its JSON export.
func (s *server) caseExport(w http.ResponseWriter, r *http.Request) error {
	if err := requireHandler(r, "web.caseExport"); err != nil {
		return err
	}
	o, err := s.db.CompileAccessOverview(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	b, err := letter.AccessExport(o)
	if err != nil {
		return ga.Wrap("web.caseExport", err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", `attachment; filename="inzage-`+o.CaseID+`.json"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
	return nil
}

// writePDF sends a letter as a PDF download under filename, never cached.
func writePDF(w http.ResponseWriter, filename string, pdf []byte) {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(pdf)
}
