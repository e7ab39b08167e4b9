package web

import (
	"net/http"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
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

// tokenForm creates a token with a description and an optional expiry.
type tokenForm struct {
	Description string
	ExpiresOn   string
}

// Validate checks the form and returns the expiry: the end of the chosen
// day in Dutch time, which must lie in the future.
func (f *tokenForm) Validate(now time.Time) (*time.Time, ga.Invalid) {
	var v ga.Invalid
	if f.Description == "" {
		v.Add("omschrijving", nl("tokens.err_description"))
	} else if len(f.Description) > 200 {
		v.Add("omschrijving", nl("tokens.err_description_long"))
	}
	d := parseDate(&v, "verlooptOp", f.ExpiresOn, false)
	if d.IsZero() {
		return nil, v
	}
	end := d.Start().AddDate(0, 0, 1)
	if !end.After(now) {
		v.Add("verlooptOp", nl("tokens.err_expiry"))
		return nil, v
	}
	return &end, v
}

// createToken creates a token and shows it once, on the page itself rather
// than after a redirect, so that it never travels in a cookie or URL.
func (s *server) createToken(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	f := tokenForm{Description: formValue(r, "omschrijving"), ExpiresOn: formValue(r, "verlooptOp")}
	expires, v := f.Validate(s.db.Now())
	var plain string
	if len(v) == 0 {
		var err error
		plain, _, err = s.db.CreateToken(ctx, requestFrom(ctx).actor.UserID, f.Description, expires)
		if err != nil {
			if v = invalidDetails(err); v == nil {
				return err
			}
		}
	}
	tv, err := s.tokensView(r)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if len(v) > 0 {
		tv.Form = f
		status = http.StatusUnprocessableEntity
	}
	tv.Plain = plain
	s.render(w, r, status, "tokens", tv, v)
	return nil
}

// revokeToken revokes one of the user's tokens; someone else's token is
// "not found", like one that does not exist.
func (s *server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := r.PathValue("id")
	own, err := s.db.Tokens(ctx, requestFrom(ctx).actor.UserID)
	if err != nil {
		return err
	}
	found := false
	for _, t := range own {
		found = found || t.ID == id
	}
	if !found {
		return ga.ErrNotFound("web.revokeToken")
	}
	if err := s.db.RevokeToken(ctx, id); err != nil {
		return err
	}
	s.setFlash(w, flashTokenRevoked)
	s.redirect(w, r, "/tokens")
	return nil
}
