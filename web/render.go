package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// templateFS holds the page templates: layout.html (the frame of every
// page), partials.html (form controls, alerts) and one file per page in
// pages/.
//
//go:embed templates
var templateFS embed.FS

// templates holds every page parsed once per language. Each language gets
// its own clone so that the translation function is bound at startup and a
// template never needs the language passed around.
type templates struct {
	byPage map[string]map[string]*template.Template
}

// loadTemplates parses every page with the layout and partials, for every
// language of the catalog.
func loadTemplates(static *staticFiles) (*templates, error) {
	pageFiles, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	ts := &templates{byPage: map[string]map[string]*template.Template{}}
	for _, f := range pageFiles {
		name := strings.TrimSuffix(path.Base(f), ".html")
		base, err := template.New(name).Funcs(baseFuncs(static)).Funcs(langFuncs(langNL)).
			ParseFS(templateFS, "templates/layout.html", "templates/partials.html", f)
		if err != nil {
			return nil, fmt.Errorf("web: parse template %s: %w", name, err)
		}
		ts.byPage[name] = map[string]*template.Template{}
		for _, lang := range languages {
			clone, err := base.Clone()
			if err != nil {
				return nil, fmt.Errorf("web: clone template %s: %w", name, err)
			}
			ts.byPage[name][lang] = clone.Funcs(langFuncs(lang))
		}
	}
	return ts, nil
}

// view is what the layout shows around every page: who is logged in, the
// language, the flash message and the confidentiality banner, plus the
// page's own data and form errors.
type view struct {
	Lang    string
	Page    string
	Path    string
	Version string
	Actor   *ga.Actor
	// PartnerName is the name of the actor's partner, for the header.
	PartnerName string
	// Flash is a catalog key of a message from the previous request.
	Flash        string
	FlashWarning bool
	// NeedsDeclaration shows the banner that asks the user to accept the
	// confidentiality duty of Art 5.1 before seeing personal data.
	NeedsDeclaration bool
	// Failed marks a page that answers a failed request (a form with
	// errors, a refused login), whose title then starts with "Fout:" so
	// that screen-reader users hear it first.
	Failed bool
	// Errors are the invalid fields of a submitted form, in the order of
	// the form, for the error summary and the messages beside the fields.
	Errors []ga.Detail
	Data   any
	// Passkeys says the installation offers passkeys, for the menu.
	Passkeys bool
}

// FieldError returns the message for one field, or "".
func (v *view) FieldError(name string) string {
	for _, d := range v.Errors {
		if d.Name == name {
			return d.Message
		}
	}
	return ""
}

// Nav is the main menu: the pages the actor's roles use.
func (v *view) Nav() []navItem {
	if v.Actor == nil {
		return nil
	}
	items := []navItem{
		{"/", "nav.home", v.Page == "home"},
	}
	if mayNeedDeclaration(v.Actor) {
		items = append(items, navItem{"/groepen", "nav.groups", caseworkPages[v.Page]})
	}
	if ga.CanUseGroepsscan(v.Actor) {
		items = append(items, navItem{"/groepsscan", "nav.groepsscan", strings.HasPrefix(v.Page, "groepsscan")})
	}
	items = append(items, []navItem{
		{"/convenant", "nav.covenant", v.Page == "covenant" || v.Page == "terms"},
		{"/convenant/wijzigingen", "nav.amendments", strings.HasPrefix(v.Page, "amendment")},
		{"/verwerkingsregister", "nav.register", strings.HasPrefix(v.Page, "register")},
		{"/geschillen", "nav.disputes", strings.HasPrefix(v.Page, "dispute")},
		{"/incidenten", "nav.incidents", strings.HasPrefix(v.Page, "incident")},
	}...)
	if ga.CanHandleRightsCases(v.Actor) {
		items = append(items, navItem{"/verzoeken", "nav.cases", strings.HasPrefix(v.Page, "case")})
	}
	items = append(items, []navItem{
		{"/partners", "nav.partners", strings.HasPrefix(v.Page, "partner")},
	}...)
	if ga.CanManageUsers(v.Actor) {
		items = append(items, navItem{"/gebruikers", "nav.users", strings.HasPrefix(v.Page, "user")})
	}
	if ga.CanReadAuditLog(v.Actor) {
		items = append(items, navItem{"/logboek", "nav.logbook", v.Page == "logbook"})
	}
	items = append(items, navItem{"/tokens", "nav.tokens", v.Page == "tokens"})
	if v.Passkeys {
		items = append(items, navItem{"/passkeys", "nav.passkeys", v.Page == "passkeys"})
	}
	return items
}

// caseworkPages are the pages under "Groepen" in the main menu.
var caseworkPages = map[string]bool{
	"groups": true, "group": true, "person_new": true, "person": true, "person_edit": true,
	"item": true, "item_edit": true, "plan": true, "measure": true, "meetings": true, "meeting": true, "monitoring": true,
}

type navItem struct {
	Href    string
	Key     string
	Current bool
}

// render writes a page. It renders into a buffer first so that a template
// error becomes a clean error page instead of half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, page string, data any, errs []ga.Detail) {
	r = withRequestActor(r)
	rq := requestFrom(r.Context())
	v := &view{
		Lang:    rq.lang,
		Page:    page,
		Path:    returnPath(r, page),
		Version: s.version,
		Actor:   rq.actor,
		Errors:  errs,
		Data:    data,
	}
	v.Passkeys = s.keys != nil
	if rq.actor != nil {
		s.decorate(r, v)
	}
	v.Failed = len(errs) > 0 || (status >= 400 && page != "error")
	v.Flash = s.takeFlash(w, r)
	v.FlashWarning = flashWarnings[v.Flash]
	if len(errs) > 0 && status == http.StatusOK {
		status = http.StatusUnprocessableEntity
	}
	t := s.pages.byPage[page][rq.lang]
	if t == nil {
		s.renderError(w, r, ga.Wrap("web.render", fmt.Errorf("no template %q", page)))
		return
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(buf)
	if err := t.ExecuteTemplate(buf, "layout", v); err != nil {
		if page == "error" {
			// The error page itself failed; answer in plain text rather
			// than loop.
			http.Error(w, "Er ging iets mis.", http.StatusInternalServerError)
			return
		}
		s.renderError(w, r, ga.Wrap("web.render", err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// renderBuffers hold pages while they are rendered. A page is executed
// into a buffer first, so that a template error can still be answered as
// an error page; a fresh buffer grew by doubling to the dossier page's
// 150 KiB on every request, a third of a megabyte of garbage a page.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledRender bounds the buffers kept for reuse, so that one very
// large page (an export, a long list) does not keep its memory in the pool.
const maxPooledRender = 1 << 20

// putRenderBuffer returns buf to the pool once its page has been written
// (a ResponseWriter does not keep the bytes it is given), unless it grew
// beyond maxPooledRender.
func putRenderBuffer(buf *bytes.Buffer) {
	if buf.Cap() > maxPooledRender {
		return
	}
	buf.Reset()
	renderBuffers.Put(buf)
}

// returnPath is the page the language switch returns to: the page itself,
// or for a form that came back with errors after a POST, the GET page that
// shows that form.
func returnPath(r *http.Request, page string) string {
	p := r.URL.Path
	if r.Method == http.MethodGet {
		return p
	}
	switch page {
	case "covenant":
		return "/convenant"
	case "amendment_new":
		return "/convenant/wijzigingen/nieuw"
	case "register_new":
		return "/verwerkingsregister/nieuw"
	case "dispute_new":
		return "/geschillen/nieuw"
	case "dispute":
		return strings.TrimSuffix(p, "/oplossen")
	case "partner_edit", "user_edit":
		if p == "/partners" || p == "/gebruikers" {
			return p + "/nieuw"
		}
		return p + "/bewerken"
	case "error":
		return "/"
	case "logbook":
		return "/logboek"
	case "groups":
		return "/groepen"
	case "group":
		return "/groepen/" + r.PathValue("id")
	case "person_new":
		return "/groepen/" + r.PathValue("id") + "/personen/nieuw"
	case "plan":
		return "/groepen/" + r.PathValue("id") + "/plan"
	case "meetings":
		return "/groepen/" + r.PathValue("id") + "/overleggen"
	case "person":
		return "/personen/" + r.PathValue("id")
	case "person_edit":
		return "/personen/" + r.PathValue("id") + "/bewerken"
	case "item_edit":
		return "/gegevens/" + r.PathValue("id") + "/bewerken"
	case "measure":
		return "/maatregelen/" + r.PathValue("id")
	case "meeting":
		return "/overleggen/" + r.PathValue("id")
	}
	return p
}

// withRequestActor puts the logged-in actor into the context of r when it
// is not there yet. An error page is rendered with the request as the
// adapter received it, before the actor was added; the storage calls that
// complete the page need the actor for their policy checks.
func withRequestActor(r *http.Request) *http.Request {
	rq := requestFrom(r.Context())
	if rq.actor != nil && ga.ActorFrom(r.Context()) == nil {
		return r.WithContext(ga.WithActor(r.Context(), rq.actor))
	}
	return r
}

// decorate fills in the header's partner name and the confidentiality
// banner for a logged-in user. Both are best effort: a page must not fail
// because its frame could not be completed.
func (s *server) decorate(r *http.Request, v *view) {
	ctx := r.Context()
	if v.Actor.PartnerID != "" {
		if p, err := s.db.Partner(ctx, v.Actor.PartnerID); err == nil {
			v.PartnerName = p.Name
		}
	}
	if v.Page != "confidentiality" && mayNeedDeclaration(v.Actor) {
		if c, err := s.db.Covenant(ctx); err == nil {
			v.NeedsDeclaration = !ga.ConfidentialityDeclared(v.Actor, c.Version)
		}
	}
}

// mayNeedDeclaration reports whether the actor has a role that can see
// personal data, and so must accept the confidentiality duty of Art 5.1.
func mayNeedDeclaration(a *ga.Actor) bool {
	return a != nil && slices.ContainsFunc(a.Roles, ga.Role.ContentRole)
}

// Field is one form control as the partials render it: its id (which is
// also the name under which the domain reports its errors, so that the
// error summary can link to it), label, value, error and options.
type Field struct {
	ID           string
	Label        string
	Value        string
	Values       []string
	Error        string
	Description  string
	Type         string
	Autocomplete string
	Inputmode    string
	Required     bool
	Rows         int
	Options      []Option
}

// Option is one choice of a select, radio group or checkbox group.
type Option struct {
	Value    string
	Label    string
	Selected bool
}

// With sets the field's options, marking those that match its value(s).
func (f Field) With(opts []Option) Field {
	f.Options = make([]Option, len(opts))
	for i, o := range opts {
		o.Selected = o.Value == f.Value || slices.Contains(f.Values, o.Value)
		f.Options[i] = o
	}
	return f
}

// Multi sets the values of a checkbox group.
func (f Field) Multi(values []string) Field {
	f.Values = values
	return f
}

// baseFuncs are the template functions that do not depend on the language.
func baseFuncs(static *staticFiles) template.FuncMap {
	return template.FuncMap{
		"static":   static.URL,
		"date":     func(d ga.Date) string { return d.Dutch() },
		"datetime": formatDateTime,
		"logtime":  formatLogTime,
		"ptrtime": func(t *time.Time) string {
			if t == nil {
				return ""
			}
			return formatDateTime(*t)
		},
		"join": strings.Join,
		// dict passes several values to a partial template.
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict: odd number of arguments")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"add": func(a, b int) int { return a + b },
		// deref is the value of an optional yes/no (nil is false).
		"deref": func(b *bool) bool { return b != nil && *b },
		"in":    slices.Contains[[]string],
		// excerpt shortens a long text for a table cell; the whole text is
		// on the object's own page.
		"excerpt": cellExcerpt,
		"idsafe": func(s string) string {
			return strings.Map(func(r rune) rune {
				if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
					return r
				}
				return '-'
			}, s)
		},
	}
}

// excerptRunes is the length of an excerpt in characters.
const excerptRunes = 160

// cellExcerpt shortens a long text for a table cell (the whole text is on the
// object's own page): its first excerptRunes characters, trimmed, and an
// ellipsis. It is called for every item of a list, so a text of valid
// UTF-8 is measured and cut in place rather than converted to runes; the
// cut is the same.
func cellExcerpt(s string) string {
	if utf8.RuneCountInString(s) <= excerptRunes {
		return s
	}
	if !utf8.ValidString(s) {
		// Invalid bytes become U+FFFD in the excerpt, as the conversion
		// to runes makes them.
		return strings.TrimSpace(string([]rune(s)[:excerptRunes])) + "…"
	}
	n := 0
	for i := range s {
		if n == excerptRunes {
			return strings.TrimSpace(s[:i]) + "…"
		}
		n++
	}
	return s
}

// formatDateTime shows an instant in Dutch time, as every reader of the
// covenant expects.
func formatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(ga.Amsterdam).Format("02-01-2006 15:04")
}

// formatLogTime shows an instant of a log line in Dutch time, to the
// second: lines of one request are seconds apart.
func formatLogTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(ga.Amsterdam).Format("02-01-2006 15:04:05")
}

// langFuncs are the template functions bound to one language.
func langFuncs(lang string) template.FuncMap {
	return template.FuncMap{
		"t":     func(key string, args ...any) string { return translate(lang, key, args...) },
		"dom":   func(msg string) template.HTML { return domainText(lang, msg) },
		"kind":  func(k ga.PartnerKind) string { return kindLabel(lang, k) },
		"role":  func(r ga.Role) string { return roleLabel(lang, r) },
		"model": func(m ga.ControllerModel) string { return modelLabel(lang, m) },
		"roles": func(rs []ga.Role) string {
			out := make([]string, len(rs))
			for i, r := range rs {
				out[i] = roleLabel(lang, r)
			}
			return strings.Join(out, ", ")
		},
		"kinds": func(ks []ga.PartnerKind) string {
			if len(ks) == 0 {
				return translate(lang, "common.none")
			}
			out := make([]string, len(ks))
			for i, k := range ks {
				out[i] = kindLabel(lang, k)
			}
			return strings.Join(out, ", ")
		},
		"yesno": func(b bool) string {
			if b {
				return translate(lang, "common.yes")
			}
			return translate(lang, "common.no")
		},
		// field builds a form control: field $ id labelKey value options…
		// where an option is "required", "type:email", "autocomplete:x",
		// "inputmode:x", "rows:5" or "desc:catalog.key".
		"field": func(v *view, id, labelKey, value string, opts ...string) Field {
			f := Field{ID: id, Label: translate(lang, labelKey), Value: value, Type: "text", Error: v.FieldError(id)}
			for _, o := range opts {
				k, val, _ := strings.Cut(o, ":")
				switch k {
				case "required":
					f.Required = true
				case "type":
					f.Type = val
				case "autocomplete":
					f.Autocomplete = val
				case "inputmode":
					f.Inputmode = val
				case "rows":
					fmt.Sscan(val, &f.Rows)
				case "desc":
					f.Description = translate(lang, val)
				}
			}
			return f
		},
		"kindOptions": func() []Option {
			opts := make([]Option, len(ga.PartnerKinds))
			for i, k := range ga.PartnerKinds {
				opts[i] = Option{Value: string(k), Label: kindLabel(lang, k)}
			}
			return opts
		},
		"roleOptions": func() []Option {
			opts := make([]Option, len(ga.Roles))
			for i, r := range ga.Roles {
				opts[i] = Option{Value: string(r), Label: roleLabel(lang, r)}
			}
			return opts
		},
		"step":          func(st ga.Step) string { return translate(lang, "step."+string(st)) },
		"groupForm":     func(f ga.GroupForm) string { return translate(lang, "group.form."+string(f)) },
		"memberRole":    func(r ga.MembershipRole) string { return translate(lang, "member.role."+string(r)) },
		"measureKind":   func(k ga.MeasureKind) string { return translate(lang, "measure.kind."+string(k)) },
		"measureStatus": func(st ga.MeasureStatus) string { return translate(lang, "measure.status."+string(st)) },
		"meetingKind":   func(k ga.MeetingKind) string { return translate(lang, "meeting.kind."+string(k)) },
		"groupFormOptions": func() []Option {
			return []Option{
				{Value: string(ga.FormGroup), Label: translate(lang, "group.form."+string(ga.FormGroup))},
				{Value: string(ga.FormNetwork), Label: translate(lang, "group.form."+string(ga.FormNetwork))},
			}
		},
		"memberRoleOptions": func() []Option {
			var opts []Option
			for _, r := range []ga.MembershipRole{ga.RoleCore, ga.RoleFollower, ga.RoleRecruit} {
				opts = append(opts, Option{Value: string(r), Label: translate(lang, "member.role."+string(r))})
			}
			return opts
		},
		"measureKindOptions": func() []Option {
			var opts []Option
			for _, k := range ga.MeasureKinds {
				opts = append(opts, Option{Value: string(k), Label: translate(lang, "measure.kind."+string(k))})
			}
			return opts
		},
		"measureStatusOptions": func() []Option {
			var opts []Option
			for _, st := range ga.MeasureStatuses {
				opts = append(opts, Option{Value: string(st), Label: translate(lang, "measure.status."+string(st))})
			}
			return opts
		},
		"meetingKindOptions": func() []Option {
			return []Option{
				{Value: string(ga.MeetingGroup), Label: translate(lang, "meeting.kind."+string(ga.MeetingGroup))},
				{Value: string(ga.MeetingIndividual), Label: translate(lang, "meeting.kind."+string(ga.MeetingIndividual))},
			}
		},
		"yesNoOptions": func() []Option {
			return []Option{{Value: "ja", Label: translate(lang, "common.yes")}, {Value: "nee", Label: translate(lang, "common.no")}}
		},
		"itemFlagOptions": func() []Option {
			return []Option{
				{Value: flagSpecial, Label: translate(lang, "item.special_long")},
				{Value: flagCriminal, Label: translate(lang, "item.criminal_long")},
			}
		},
		"modelOptions": func() []Option {
			return []Option{
				{Value: string(ga.JointControllers), Label: modelLabel(lang, ga.JointControllers)},
				{Value: string(ga.DesignatedController), Label: modelLabel(lang, ga.DesignatedController)},
			}
		},
	}
}
