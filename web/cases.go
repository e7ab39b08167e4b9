package web

import (
	"net/http"
	"strings"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// The pages of the data subject's rights and complaints (covenant Art 6
// and 7): a dashboard of open cases by deadline, registration, the case
// page with its handling steps, and the access overview with the letter.
// Only the coordinator and privacy officers reach them; storage refuses
// everyone else as well.

// Flash messages of the rights pages; each is a catalog key.
const (
	flashCaseRegistered = "flash.case_registered"
	flashCaseSaved      = "flash.case_saved"
	flashCaseDecided    = "flash.case_decided"
	flashItemWithheld   = "flash.item_withheld"
)

// casesView is the dashboard: open cases, earliest deadline first, and the
// cases decided.
type casesView struct {
	Open    []storage.CaseView
	Decided []storage.CaseView
	// Groups are the group approaches whose members are to be notified.
	Groups []ga.Group
}

func requireHandler(r *http.Request, op string) error {
	if !ga.CanHandleRightsCases(requestFrom(r.Context()).actor) {
		return ga.ErrForbidden(op)
	}
	return nil
}

func (s *server) cases(w http.ResponseWriter, r *http.Request) error {
	if err := requireHandler(r, "web.cases"); err != nil {
		return err
	}
	all, err := s.db.RightsCases(r.Context(), storage.CaseFilter{})
	if err != nil {
		return err
	}
	cv := &casesView{}
	for _, c := range all {
		if c.Status.Open() {
			cv.Open = append(cv.Open, c)
		} else {
			cv.Decided = append(cv.Decided, c)
		}
	}
	groups, err := s.db.Groups(r.Context())
	if err != nil {
		return err
	}
	for _, g := range groups {
		if g.Decision != nil && g.Decision.ApproachStarts && g.Decision.ExchangeAuthorised {
			cv.Groups = append(cv.Groups, g)
		}
	}
	s.render(w, r, http.StatusOK, "cases", cv, nil)
	return nil
}

// caseForm registers a request or complaint: what, when and how it came
// in, and whom it is about, by the name and date of birth the requester
// gives (and the name of the legal representative who submitted it).
type caseForm struct {
	Kind           string
	ReceivedOn     string
	Channel        string
	Name           string
	DateOfBirth    string
	Representative string
	Summary        string
}

func caseFormFromRequest(r *http.Request) caseForm {
	return caseForm{
		Kind: formValue(r, "soort"), ReceivedOn: formValue(r, "ontvangenOp"), Channel: formValue(r, "kanaal"),
		Name: formValue(r, "naam"), DateOfBirth: formValue(r, "geboortedatum"),
		Representative: formValue(r, "vertegenwoordiger"), Summary: formValue(r, "omschrijving"),
	}
}

type caseFormView struct {
	Form     caseForm
	Kinds    []Option
	Channels []Option
}

func (s *server) caseFormView(lang string, f caseForm) *caseFormView {
	v := &caseFormView{Form: f}
	for _, k := range ga.CaseKinds {
		v.Kinds = append(v.Kinds, Option{Value: string(k), Label: translate(lang, "case.kind."+string(k))})
	}
	for _, c := range ga.Channels {
		v.Channels = append(v.Channels, Option{Value: string(c), Label: translate(lang, "case.channel."+string(c))})
	}
	return v
}

func (s *server) caseNew(w http.ResponseWriter, r *http.Request) error {
	if err := requireHandler(r, "web.caseNew"); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "case_new", s.caseFormView(requestFrom(r.Context()).lang, caseForm{ReceivedOn: string(ga.DateOf(s.db.Now()))}), nil)
	return nil
}

func (s *server) registerCase(w http.ResponseWriter, r *http.Request) error {
	if err := requireHandler(r, "web.registerCase"); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	f := caseFormFromRequest(r)
	var v ga.Invalid
	c := &ga.RightsCase{Kind: ga.CaseKind(f.Kind), Channel: ga.Channel(f.Channel), Summary: f.Summary}
	c.ReceivedOn = parseDate(&v, "ontvangenOp", f.ReceivedOn, true)
	dob := parseDate(&v, "geboortedatum", f.DateOfBirth, true)
	if strings.TrimSpace(f.Name) == "" {
		v.Add("naam", nl("case.err_name"))
	}
	if len(v) == 0 {
		found, err := s.db.FindCasePersons(ctx, f.Name, dob)
		if err != nil {
			return err
		}
		switch len(found) {
		case 0:
			v.Add("naam", nl("case.err_not_found"))
		case 1:
			c.PersonID = found[0].ID
			if rep := strings.TrimSpace(f.Representative); rep != "" {
				for _, r := range found[0].Reps {
					if strings.EqualFold(r.Name, rep) {
						c.RepresentativeID = r.ID
					}
				}
				if c.RepresentativeID == "" {
					v.Add("vertegenwoordiger", nl("case.err_representative"))
				}
			}
		default:
			v.Add("naam", nl("case.err_ambiguous"))
		}
	}
	if len(v) == 0 {
		err := s.db.RegisterCase(ctx, c)
		if err == nil {
			s.setFlash(w, flashCaseRegistered)
			s.redirect(w, r, "/verzoeken/"+c.ID)
			return nil
		}
		if v = invalidDetails(err); v == nil {
			return err
		}
	}
	s.render(w, r, http.StatusUnprocessableEntity, "case_new", s.caseFormView(requestFrom(ctx).lang, f), v)
	return nil
}
