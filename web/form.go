package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// parseForm reads a posted form within the body limit. Its error (a body
// that is too large or malformed) goes to renderError like any other. A
// form with a name or value that is not valid UTF-8 or holds a NUL
// character is refused as invalid: no browser sends one from our pages,
// PostgreSQL cannot store either in a text column (it answered 500), and
// SQLite would keep bytes that no page, letter or export can show.
func parseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return err
		}
		return ga.E(ga.KindInvalid, "web.parseForm", "Het formulier kon niet worden gelezen.")
	}
	for name, values := range r.Form {
		if !validFormText(name) {
			return errFormText()
		}
		for _, v := range values {
			if !validFormText(v) {
				return errFormText()
			}
		}
	}
	return nil
}

// validFormText reports whether s is valid UTF-8 without NUL characters.
func validFormText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// checkURLText refuses a URL whose path or query holds text that is not
// valid UTF-8 or holds a NUL character, before any of it reaches the
// database: PostgreSQL answered such an id with 500 where SQLite answered
// 404. The path is not found, as any id that names nothing (ids are UUIDs,
// so no object has one); a query is invalid input.
func checkURLText(r *http.Request) error {
	if !validFormText(r.URL.Path) {
		return ga.ErrNotFound("web")
	}
	if r.URL.RawQuery == "" {
		return nil
	}
	for name, values := range r.URL.Query() {
		if !validFormText(name) {
			return errFormText()
		}
		for _, v := range values {
			if !validFormText(v) {
				return errFormText()
			}
		}
	}
	return nil
}

func errFormText() error {
	return ga.E(ga.KindInvalid, "web.parseForm", "Het formulier bevat tekens die niet zijn toegestaan.")
}

// formValue returns a trimmed form value.
func formValue(r *http.Request, name string) string {
	return strings.TrimSpace(r.PostFormValue(name))
}

// formValues returns every non-empty value of a repeated form field, such
// as a checkbox group.
func formValues(r *http.Request, name string) []string {
	var out []string
	for _, v := range r.PostForm[name] {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// parseCount parses a whole number from a form, adding a field error when it
// is not one. An empty field is left to the domain's own validation, which
// names the allowed range.
func parseCount(v *ga.Invalid, name, s string) int {
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		v.Add(name, nl("form.err_number"))
		return 0
	}
	return n
}

// parseDate parses an ISO date from a form (what <input type="date">
// sends), adding a field error when it is not one.
func parseDate(v *ga.Invalid, name, s string, required bool) ga.Date {
	if s == "" {
		if required {
			v.Add(name, nl("form.err_date"))
		}
		return ""
	}
	d, err := ga.ParseDate(s)
	if err != nil {
		v.Add(name, nl("form.err_date"))
		return ""
	}
	return d
}

// merge adds the details of a domain validation error to v, skipping
// fields that already have a message, and returns v. An error of another
// kind is returned as it is for the error page.
func merge(v ga.Invalid, err error) (ga.Invalid, error) {
	if err == nil {
		return v, nil
	}
	var e *ga.Error
	if !errors.As(err, &e) || e.Kind != ga.KindInvalid {
		return v, err
	}
	seen := map[string]bool{}
	for _, d := range v {
		seen[d.Name] = true
	}
	for _, d := range e.Details {
		if !seen[d.Name] {
			v = append(v, d)
			seen[d.Name] = true
		}
	}
	return v, nil
}

// invalidDetails returns the field errors of a KindInvalid error, or nil
// for any other error.
func invalidDetails(err error) []ga.Detail {
	var e *ga.Error
	if errors.As(err, &e) && e.Kind == ga.KindInvalid {
		if len(e.Details) == 0 {
			return []ga.Detail{{Name: "formulier", Message: e.Message}}
		}
		return e.Details
	}
	return nil
}

// partnerOptions lists partners for a select or checkbox group.
func partnerOptions(partners []ga.Partner) []Option {
	opts := make([]Option, len(partners))
	for i, p := range partners {
		opts[i] = Option{Value: p.ID, Label: p.Name}
	}
	return opts
}

// partnerNames maps partner ids to names for display.
func partnerNames(partners []ga.Partner) map[string]string {
	m := make(map[string]string, len(partners))
	for _, p := range partners {
		m[p.ID] = p.Name
	}
	return m
}
