package api

import (
	"context"
	"errors"
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// problemContentType is the media type of every error response (RFC 9457,
// ADR /core/error-handling/problem-details).
const problemContentType = "application/problem+json"

// Problem is an RFC 9457 problem detail. Status, title and detail are the
// members the ADR requires; code, invalidParams and missingConditions are
// extension members that let a client act on the problem without parsing
// Dutch text.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	// Code is a stable, machine-readable name of the problem: the error
	// kind ("invalid", "gate_closed", …) or an HTTP-level reason.
	Code string `json:"code"`
	// InvalidParams lists every rejected input field (400).
	InvalidParams []ProblemParam `json:"invalidParams,omitempty"`
	// MissingConditions lists every unmet condition of Art 8 (409).
	MissingConditions []ProblemParam `json:"missingConditions,omitempty"`
}

// ProblemParam names one rejected field or unmet condition and says why, in
// Dutch.
type ProblemParam struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// problemKind is how one error kind is answered.
type problemKind struct {
	status int
	title  string
	// detail is used when the error carries no message of its own, and
	// always for internal errors, whose message is never shown.
	detail string
}

// problemKinds is the one table that maps the domain's error kinds to HTTP
// statuses and Dutch titles. A denial of something the actor may not see is
// "not found", worded exactly as a missing object (SPEC §3).
var problemKinds = map[ga.Kind]problemKind{
	ga.KindInvalid:         {http.StatusBadRequest, "Ongeldige invoer", "De invoer is niet geldig."},
	ga.KindUnauthenticated: {http.StatusUnauthorized, "Niet aangemeld", "Meld u aan met een geldig API-token (Authorization: Bearer …)."},
	ga.KindNotFound:        {http.StatusNotFound, "Niet gevonden", "Niet gevonden, of u heeft geen toegang."},
	ga.KindForbidden:       {http.StatusForbidden, "Geen toestemming", "U heeft geen toestemming voor deze handeling."},
	ga.KindConflict:        {http.StatusConflict, "Conflict met de huidige toestand", "De handeling past niet bij de huidige toestand."},
	ga.KindGateClosed:      {http.StatusConflict, "Artikel 8 van het convenant: verwerking van persoonsgegevens nog niet toegestaan", "Verwerking van persoonsgegevens is nog niet toegestaan (artikel 8 van het convenant)."},
	ga.KindLocked:          {http.StatusTooManyRequests, "Tijdelijk geblokkeerd", "Het account is tijdelijk geblokkeerd. Probeer het later opnieuw."},
	ga.KindInternal:        {http.StatusInternalServerError, "Interne fout", "Er ging iets mis. Probeer het later opnieuw."},
}

// problemFor turns an error into the problem the client sees. Internal
// errors (including errors that are not a *ga.Error) show only the generic
// message; their cause is for the application log.
func problemFor(err error) Problem {
	var se *statusError
	if errors.As(err, &se) {
		return se.problem
	}
	kind := ga.KindOf(err)
	pk, ok := problemKinds[kind]
	if !ok {
		kind, pk = ga.KindInternal, problemKinds[ga.KindInternal]
	}
	p := Problem{Type: "about:blank", Title: pk.title, Status: pk.status, Detail: pk.detail, Code: kind.String()}
	var e *ga.Error
	if kind == ga.KindInternal || !errors.As(err, &e) {
		return p
	}
	if e.Message != "" {
		p.Detail = e.Message
	}
	params := make([]ProblemParam, 0, len(e.Details))
	for _, d := range e.Details {
		params = append(params, ProblemParam{Name: d.Name, Reason: d.Message})
	}
	switch kind {
	case ga.KindInvalid:
		p.InvalidParams = params
	case ga.KindGateClosed:
		p.MissingConditions = params
	}
	return p
}

// httpProblem builds a problem for a failure of HTTP itself (wrong method,
// body too large, wrong media type) that has no domain error kind.
func httpProblem(status int, code, title, detail string) Problem {
	return Problem{Type: "about:blank", Title: title, Status: status, Detail: detail, Code: code}
}

// statusError is a failure of HTTP itself rather than of the domain, such as
// a body that is too large; it is answered with its own problem.
type statusError struct{ problem Problem }

func (e *statusError) Error() string { return "api: " + e.problem.Code }

// Problems that arise from HTTP rather than from the domain.
var (
	problemMethodNotAllowed = httpProblem(http.StatusMethodNotAllowed, "method_not_allowed",
		"Methode niet toegestaan", "Deze HTTP-methode wordt op dit pad niet ondersteund; zie de Allow-header.")
	problemTooLarge = httpProblem(http.StatusRequestEntityTooLarge, "too_large",
		"Verzoek te groot", "De inhoud van het verzoek is groter dan 1 MiB.")
	problemUnsupportedMediaType = httpProblem(http.StatusUnsupportedMediaType, "unsupported_media_type",
		"Mediatype niet ondersteund", "Stuur de inhoud van het verzoek als application/json.")
)

// writeProblem sends a problem. The 401 answer names the Bearer scheme, as
// RFC 6750 requires of a protected resource.
func writeProblem(w http.ResponseWriter, p Problem) {
	if p.Status == http.StatusUnauthorized && w.Header().Get("WWW-Authenticate") == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="groepsaanpak"`)
	}
	writeJSONAs(w, p.Status, problemContentType, p)
}

// writeError answers a failed request. Internal errors are logged with their
// cause; every other kind is an expected answer and is not logged here
// (storage audits denials).
func (s *server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	p := problemFor(err)
	if p.Status >= http.StatusInternalServerError {
		s.logError(r.Context(), "api: request failed", r, err)
	}
	writeProblem(w, p)
}

// logError logs an unexpected failure with what identifies the request: the
// method, the route pattern (never the path, although paths hold only ids)
// and the trace id that links it to the audit log.
func (s *server) logError(ctx context.Context, msg string, r *http.Request, err error) {
	s.logger.ErrorContext(ctx, msg,
		"method", r.Method,
		"route", r.Pattern,
		"trace_id", ga.TraceFrom(ctx).TraceID,
		"error", err.Error())
}
