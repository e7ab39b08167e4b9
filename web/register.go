package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// registerView shows every version of every entry of the register of
// processing activities (GDPR Art 30), which replaced the covenant's
// notification to the supervisor (Art 8).
type registerView struct {
	Entries   []ga.RegisterEntry
	CanRecord bool
}

func (s *server) register(w http.ResponseWriter, r *http.Request) error {
	entries, err := s.db.RegisterEntries(r.Context())
	if err != nil {
		return err
	}
	rv := &registerView{Entries: entries, CanRecord: ga.CanRecordRegister(requestFrom(r.Context()).actor)}
	s.render(w, r, http.StatusOK, "register", rv, nil)
	return nil
}
