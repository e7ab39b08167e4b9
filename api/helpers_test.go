package api

import (
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"testing"
)

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// standardHeaders are the headers every response must carry: the API
// version (ADR /core/version-header) and the ADR security headers.
var standardHeaders = map[string]string{
	"API-Version":             APIVersion,
	"Cache-Control":           "no-store",
	"Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
	"X-Content-Type-Options":  "nosniff",
	"X-Frame-Options":         "DENY",
	"Referrer-Policy":         "no-referrer",
}

// checkStandardHeaders fails the test unless the response carries every
// standard header and no CORS header.
func checkStandardHeaders(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	for name, want := range standardHeaders {
		if got := w.Header().Get(name); got != want {
			t.Errorf("header %s = %q, want %q", name, got, want)
		}
	}
	if _, _, ok := parseTraceparent(w.Header().Get("traceparent")); !ok {
		t.Errorf("traceparent = %q", w.Header().Get("traceparent"))
	}
	for name := range w.Header() {
		if len(name) > 12 && name[:12] == "Access-Contr" {
			t.Errorf("CORS header %s sent", name)
		}
	}
}

// checkProblem fails the test unless the response is problem+json with the
// status, and returns the problem.
func checkProblem(t *testing.T, w *httptest.ResponseRecorder, status int) Problem {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); ct != problemContentType {
		t.Errorf("Content-Type = %q, want %s", ct, problemContentType)
	}
	var p Problem
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
		t.Fatalf("problem body %q: %v", w.Body, err)
	}
	if p.Status != status || w.Code != status || p.Title == "" || p.Detail == "" {
		t.Errorf("problem %+v (HTTP %d), want status %d with title and detail", p, w.Code, status)
	}
	return p
}
