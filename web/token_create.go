package web

import (
	"net/http"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

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
