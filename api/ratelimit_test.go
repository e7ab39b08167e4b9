package api

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestRateLimits: after AuthFailureBurst failed authentications from one
// address, even a valid token from there is refused with 429 before it is
// looked at, while another address is unaffected; a user creates at most
// TokenIssueBurst tokens at once.
func TestRateLimits(t *testing.T) {
	f := newFixture(t)
	for i := 0; i < AuthFailureBurst; i++ {
		f.expect(request{method: "GET", path: "/api/v1/ik", user: "gat_dit-is-geen-geldig-token"}, http.StatusUnauthorized)
	}
	w := f.expect(request{method: "GET", path: "/api/v1/ik", user: "coordinator"}, http.StatusTooManyRequests)
	if w.Header().Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	req := httptest.NewRequest("GET", "/api/v1/ik", nil)
	req.RemoteAddr = "198.51.100.20:40000"
	req.Header.Set("Authorization", "Bearer "+f.tokens["coordinator"])
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("another address: %d, want 200", rec.Code)
	}

	g := newFixture(t) // a fresh limiter
	for i := 0; i < TokenIssueBurst; i++ {
		g.expect(request{method: "POST", path: "/api/v1/tokens", user: "privacy", body: tokenInput{Description: "koppeling"}}, http.StatusCreated)
	}
	g.expect(request{method: "POST", path: "/api/v1/tokens", user: "privacy", body: tokenInput{Description: "nog een"}}, http.StatusTooManyRequests)
	g.expect(request{method: "POST", path: "/api/v1/tokens", user: "coordinator", body: tokenInput{Description: "ander"}}, http.StatusCreated)
}
