package web

import (
	"errors"
	"log/slog"
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// errorView is the data of the error page.
type errorView struct {
	// Kind selects the page's heading and explanation.
	Kind string
	// Message is the domain's Dutch message, when it says more than the
	// heading; Details its items (for the gate: the missing conditions).
	Message string
	Details []ga.Detail
	// Gate is set for the Art 8 page, whose items are shown in the user's
	// language from their stable names.
	Gate []gateItem
	// Declaration is set when the refusal is the missing confidentiality
	// declaration, so that the page links to it.
	Declaration bool
}

// statusOf maps an error kind to its HTTP status: the same table as the
// API's, so that a page and an API call refuse alike.
var statusOf = map[ga.Kind]int{
	ga.KindInternal:        http.StatusInternalServerError,
	ga.KindInvalid:         http.StatusBadRequest,
	ga.KindUnauthenticated: http.StatusUnauthorized,
	ga.KindNotFound:        http.StatusNotFound,
	ga.KindForbidden:       http.StatusForbidden,
	ga.KindConflict:        http.StatusConflict,
	ga.KindGateClosed:      http.StatusConflict,
	ga.KindLocked:          http.StatusTooManyRequests,
}

// renderError is the one mapping from an error to a page. A missing object
// and one the user may not see get the identical 404 page (SPEC §3); an
// action the user may not take gets 403; a closed Art 8 gate gets 409 with
// the list of what is missing. Unexpected errors are logged with their
// operation and the trace id, and the user sees only that something went
// wrong.
func (s *server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	r = withRequestActor(r)
	rq := requestFrom(r.Context())
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		s.render(w, r, http.StatusRequestEntityTooLarge, "error", &errorView{Kind: "too_large"}, nil)
		return
	}
	kind := ga.KindOf(err)
	if kind == ga.KindUnauthenticated {
		s.clearSession(w)
		s.setFlash(w, flashSessionExpired)
		s.redirect(w, r, "/inloggen")
		return
	}
	ev := &errorView{Kind: kind.String()}
	var e *ga.Error
	if errors.As(err, &e) {
		ev.Details = e.Details
		switch kind {
		case ga.KindForbidden, ga.KindConflict, ga.KindLocked, ga.KindInvalid:
			ev.Message = e.Message
		}
	}
	switch kind {
	case ga.KindNotFound:
		// Deliberately nothing from the error: the page must be the same
		// whether the object is missing or hidden.
		ev.Details = nil
	case ga.KindForbidden:
		for _, d := range ev.Details {
			if d.Name == "geheimhoudingsverklaring" {
				ev.Declaration = true
			}
		}
	case ga.KindGateClosed:
		ev.Gate = s.gateItems(r, ev.Details)
	case ga.KindInternal:
		ev.Details = nil
		op := ""
		if e != nil {
			op = e.Op
		}
		s.log.LogAttrs(r.Context(), slog.LevelError, "request failed",
			slog.String("pattern", rq.pattern), slog.String("op", op),
			slog.String("error", errorText(err)), slog.String("trace_id", rq.trace.TraceID))
	}
	s.render(w, r, statusOf[kind], "error", ev, nil)
}

// errorText is the cause of an internal error for the application log.
// Internal errors come from the database driver or the templates, whose
// messages name tables, constraints and template positions, not values.
func errorText(err error) string {
	var e *ga.Error
	if errors.As(err, &e) && e.Err != nil {
		return e.Err.Error()
	}
	return err.Error()
}

// notFound answers any path that is not a route with the same page as an
// object the user may not see.
func (s *server) notFound(w http.ResponseWriter, r *http.Request) error {
	return ga.ErrNotFound("web")
}

// crossOriginDenied answers a state-changing request from another origin,
// which http.CrossOriginProtection refused as a possible CSRF attack.
func (s *server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusForbidden, "error", &errorView{Kind: "cross_origin"}, nil)
}
