package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// usersView lists the accounts (admins only).
type usersView struct {
	Users []ga.User
	Names map[string]string
}

func (s *server) users(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if !ga.CanManageUsers(requestFrom(ctx).actor) {
		return ga.ErrForbidden("web.users")
	}
	list, err := s.db.Users(ctx)
	if err != nil {
		return err
	}
	partners, err := s.db.Partners(ctx)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "users", &usersView{Users: list, Names: partnerNames(partners)}, nil)
	return nil
}
