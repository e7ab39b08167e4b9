package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/auth"
)

// userForm creates or edits an account. The e-mail address and initial
// password are set only at creation: the address identifies the account
// in the logs, and a password is the user's own afterwards.
type userForm struct {
	Email    string
	Name     string
	Partner  string
	Roles    []string
	Active   bool
	Password string
}

func newUserForm(u *ga.User) userForm {
	f := userForm{Email: u.Email, Name: u.Name, Partner: u.PartnerID, Active: u.Active}
	for _, r := range u.Roles {
		f.Roles = append(f.Roles, string(r))
	}
	return f
}

func userFormFromRequest(r *http.Request) userForm {
	return userForm{
		Email:    ga.NormalizeEmail(r.PostFormValue("email")),
		Name:     formValue(r, "naam"),
		Partner:  formValue(r, "partnerId"),
		Roles:    formValues(r, "rollen"),
		Active:   r.PostFormValue("actief") == "ja",
		Password: r.PostFormValue("wachtwoord"),
	}
}

// Validate fills u from the form and checks it (ga.User.Validate and, for
// a new account, the password policy).
func (f *userForm) Validate(u *ga.User, create bool) ga.Invalid {
	var v ga.Invalid
	if create {
		u.Email = f.Email
		u.Active = true
		if err := auth.ValidatePasswordPolicy(f.Password); err != nil {
			v.Add("wachtwoord", err.Error())
		}
	} else {
		u.Active = f.Active
	}
	u.Name, u.PartnerID = f.Name, f.Partner
	u.Roles = nil
	for _, r := range f.Roles {
		u.Roles = append(u.Roles, ga.Role(r))
	}
	v, _ = merge(v, u.Validate())
	return v
}

type userFormView struct {
	User     *ga.User
	Form     userForm
	Partners []Option
}

func (s *server) userFormView(r *http.Request, u *ga.User, f userForm) (*userFormView, error) {
	partners, err := s.db.Partners(r.Context())
	if err != nil {
		return nil, err
	}
	return &userFormView{User: u, Form: f, Partners: partnerOptions(partners)}, nil
}

func (s *server) userNewForm(w http.ResponseWriter, r *http.Request) error {
	if !ga.CanManageUsers(requestFrom(r.Context()).actor) {
		return ga.ErrForbidden("web.userNewForm")
	}
	uv, err := s.userFormView(r, nil, userForm{Active: true})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "user_edit", uv, nil)
	return nil
}

func (s *server) createUser(w http.ResponseWriter, r *http.Request) error {
	if !ga.CanManageUsers(requestFrom(r.Context()).actor) {
		return ga.ErrForbidden("web.createUser")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := userFormFromRequest(r)
	var u ga.User
	v := f.Validate(&u, true)
	if len(v) == 0 {
		err := s.db.CreateUser(r.Context(), &u, f.Password)
		if err == nil {
			s.setFlash(w, flashUserSaved)
			s.redirect(w, r, "/gebruikers")
			return nil
		}
		if v = userConflict(err); v == nil {
			return err
		}
	}
	// The password is never sent back to the browser.
	f.Password = ""
	uv, err := s.userFormView(r, nil, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusUnprocessableEntity, "user_edit", uv, v)
	return nil
}

// loadUser returns the user of the path for an admin. The role check comes
// first here: for non-admins the storage answers "not found" for other
// users, and the page should rather say they may not manage users at all.
func (s *server) loadUser(r *http.Request) (*ga.User, error) {
	if !ga.CanManageUsers(requestFrom(r.Context()).actor) {
		return nil, ga.ErrForbidden("web.user")
	}
	return s.db.User(r.Context(), r.PathValue("id"))
}

func (s *server) userEditForm(w http.ResponseWriter, r *http.Request) error {
	u, err := s.loadUser(r)
	if err != nil {
		return err
	}
	uv, err := s.userFormView(r, u, newUserForm(u))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "user_edit", uv, nil)
	return nil
}

func (s *server) updateUser(w http.ResponseWriter, r *http.Request) error {
	u, err := s.loadUser(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := userFormFromRequest(r)
	f.Email = u.Email
	v := f.Validate(u, false)
	if len(v) == 0 {
		err := s.db.UpdateUser(r.Context(), u)
		if err == nil {
			s.setFlash(w, flashUserSaved)
			s.redirect(w, r, "/gebruikers")
			return nil
		}
		if v = userConflict(err); v == nil {
			return err
		}
	}
	uv, err := s.userFormView(r, u, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusUnprocessableEntity, "user_edit", uv, v)
	return nil
}

// userConflict reports a taken e-mail address beside its field.
func userConflict(err error) []ga.Detail {
	if ga.IsKind(err, ga.KindConflict) {
		return []ga.Detail{{Name: "email", Message: nl("user.err_exists")}}
	}
	return invalidDetails(err)
}
