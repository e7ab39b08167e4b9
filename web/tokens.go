package web

import (
	"net/http"
	"time"

	"github.com/groepsaanpak/groepsaanpak/storage"
)

// tokensView lists the user's own API tokens. Plain is set once, right
// after a token was created: it cannot be shown again, because only its
// hash is stored.
type tokensView struct {
	Tokens []storage.APIToken
	Form   tokenForm
	Plain  string
	Now    time.Time
}

func (s *server) tokensView(r *http.Request) (*tokensView, error) {
	list, err := s.db.Tokens(r.Context(), requestFrom(r.Context()).actor.UserID)
	if err != nil {
		return nil, err
	}
	return &tokensView{Tokens: list, Now: s.db.Now()}, nil
}

func (s *server) tokens(w http.ResponseWriter, r *http.Request) error {
	tv, err := s.tokensView(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "tokens", tv, nil)
	return nil
}
