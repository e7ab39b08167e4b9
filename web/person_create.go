package web

import (
	"net/http"
	"strconv"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// personForm is a person registered into a group, with the membership and,
// for a person under 16, the legal representatives (UAVG art 5). A BSN is
// recorded only with its legal ground.
type personForm struct {
	Name           string
	DateOfBirth    string
	Address        string
	BSN            string
	BSNLegalGround string
	Role           string
	Start          string
	Reps           []representativeForm
}

// representativeForm is one legal representative.
type representativeForm struct {
	Name         string
	Relationship string
	Address      string
}

// maxNewRepresentatives is how many legal representatives the form for a
// new person offers; more are added on the person's page.
const maxNewRepresentatives = 2

func personFormFromRequest(r *http.Request) personForm {
	f := personForm{
		Name:           formValue(r, "naam"),
		DateOfBirth:    formValue(r, "geboortedatum"),
		Address:        formValue(r, "adres"),
		BSN:            formValue(r, "bsn"),
		BSNLegalGround: formValue(r, "bsnGrondslag"),
		Role:           formValue(r, "rol"),
		Start:          formValue(r, "startdatum"),
	}
	for i := range maxNewRepresentatives {
		n := strconv.Itoa(i + 1)
		f.Reps = append(f.Reps, representativeForm{
			Name:         formValue(r, "vertegenwoordiger"+n+"Naam"),
			Relationship: formValue(r, "vertegenwoordiger"+n+"Relatie"),
			Address:      formValue(r, "vertegenwoordiger"+n+"Adres"),
		})
	}
	return f
}

// Validate converts the form into a person and a membership and checks
// them with the domain's rules at instant now (ga.Person.Validate,
// ga.Membership.Validate).
func (f *personForm) Validate(now ga.Date) (*ga.Person, *ga.Membership, ga.Invalid) {
	p := &ga.Person{Name: f.Name, DateOfBirth: ga.Date(f.DateOfBirth), Address: f.Address, BSN: f.BSN, BSNLegalGround: f.BSNLegalGround}
	for _, rf := range f.Reps {
		if rf != (representativeForm{}) {
			p.Representatives = append(p.Representatives, ga.Representative{Name: rf.Name, Relationship: rf.Relationship, Address: rf.Address})
		}
	}
	m := &ga.Membership{Role: ga.MembershipRole(f.Role), Start: ga.Date(f.Start)}
	v, _ := merge(nil, p.Validate(now.Start()))
	v, _ = merge(v, m.Validate())
	return p, m, v
}

// personNewView is the form for a new member of a group.
type personNewView struct {
	Group ga.Group
	Form  personForm
}

// personNewForm shows the form. The storage decides on submission whether
// the group may have a name list yet (from step informatie, not after 2A
// "not problematic").
func (s *server) personNewForm(w http.ResponseWriter, r *http.Request) error {
	g, err := s.db.Group(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	f := personForm{Role: string(ga.RoleCore), Start: string(ga.DateOf(s.db.Now())), Reps: make([]representativeForm, maxNewRepresentatives)}
	s.render(w, r, http.StatusOK, "person_new", &personNewView{Group: *g, Form: f}, nil)
	return nil
}

// createPerson registers the person into the group; the user's partner
// becomes the person's source partner.
func (s *server) createPerson(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	id := r.PathValue("id")
	g, err := s.db.Group(ctx, id)
	if err != nil {
		return err
	}
	f := personFormFromRequest(r)
	p, m, v := f.Validate(ga.DateOf(s.db.Now()))
	pr := invalid(v)
	if len(v) == 0 {
		err := s.db.CreatePerson(ctx, p, id, m)
		if err == nil {
			s.setFlash(w, flashPersonCreated)
			s.redirect(w, r, "/personen/"+p.ID)
			return nil
		}
		if pr, err = formProblem(err, "naam", nil, nil); err != nil {
			return err
		}
	}
	s.render(w, r, pr.Status, "person_new", &personNewView{Group: *g, Form: f}, pr.Details)
	return nil
}
