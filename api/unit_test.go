package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// The tests in this file need no database: the problem table, the parsing
// of traceparent and Authorization, the decoding of bodies, and what the
// handler answers before storage is asked.

func TestProblemForKinds(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		status     int
		code       string
		detail     string
		params     []ProblemParam
		conditions []ProblemParam
	}{
		{"invalid lists each field", (ga.Invalid{{Name: "naam", Message: "Vul de naam in."}, {Name: "soort", Message: "Kies een soort."}}).Err("x"),
			400, "invalid", "De invoer is niet geldig.",
			[]ProblemParam{{"naam", "Vul de naam in."}, {"soort", "Kies een soort."}}, nil},
		{"unauthenticated", ga.E(ga.KindUnauthenticated, "x", ""), 401, "unauthenticated", problemKinds[ga.KindUnauthenticated].detail, nil, nil},
		{"not found says not found or no access", ga.ErrNotFound("x"), 404, "not_found", "Niet gevonden, of u heeft geen toegang.", nil, nil},
		{"forbidden", ga.ErrForbidden("x"), 403, "forbidden", "U heeft geen toestemming voor deze handeling.", nil, nil},
		{"conflict keeps its message", ga.E(ga.KindConflict, "x", "Al ondertekend."), 409, "conflict", "Al ondertekend.", nil, nil},
		{"gate closed lists each missing condition", ga.E(ga.KindGateClosed, "gate", "Verwerking is nog niet toegestaan.", ga.Detail{Name: "dpia", Message: "DPIA ontbreekt."}),
			409, "gate_closed", "Verwerking is nog niet toegestaan.", nil, []ProblemParam{{"dpia", "DPIA ontbreekt."}}},
		{"locked", ga.E(ga.KindLocked, "x", ""), 429, "locked", problemKinds[ga.KindLocked].detail, nil, nil},
		{"internal hides its message", ga.Wrap("x", errors.New("pq: secret detail")), 500, "internal", "Er ging iets mis. Probeer het later opnieuw.", nil, nil},
		{"a plain error is internal", errors.New("boom"), 500, "internal", "Er ging iets mis. Probeer het later opnieuw.", nil, nil},
		{"wrapped kinds survive", fmt.Errorf("context: %w", ga.ErrForbidden("x")), 403, "forbidden", "U heeft geen toestemming voor deze handeling.", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := problemFor(tt.err)
			if p.Status != tt.status || p.Code != tt.code || p.Detail != tt.detail || p.Title == "" || p.Type != "about:blank" {
				t.Errorf("problemFor = %+v, want status %d, code %s, detail %q", p, tt.status, tt.code, tt.detail)
			}
			if !slices.Equal(p.InvalidParams, tt.params) {
				t.Errorf("invalidParams = %v, want %v", p.InvalidParams, tt.params)
			}
			if !slices.Equal(p.MissingConditions, tt.conditions) {
				t.Errorf("missingConditions = %v, want %v", p.MissingConditions, tt.conditions)
			}
		})
	}
	if !strings.Contains(problemFor(ga.E(ga.KindGateClosed, "", "")).Title, "Artikel 8") {
		t.Errorf("the title of a closed gate does not name Art 8")
	}
}

func TestEveryKindHasAProblem(t *testing.T) {
	for k := ga.KindInternal; k <= ga.KindLocked; k++ {
		if _, ok := problemKinds[k]; !ok {
			t.Errorf("kind %s has no entry in problemKinds", k)
		}
	}
}

func TestParseTraceparent(t *testing.T) {
	const trace, span = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
	tests := []struct {
		header string
		ok     bool
	}{
		{"00-" + trace + "-" + span + "-01", true},
		{"00-" + trace + "-" + span + "-00", true},
		{"01-" + trace + "-" + span + "-01-future", true},
		{"01-" + trace + "-" + span + "-01", true},
		{"00-" + trace + "-" + span + "-01-extra", false}, // version 00 has exactly four fields
		{"01-" + trace + "-" + span + "-01extra", false},
		{"ff-" + trace + "-" + span + "-01", false},
		{"00-" + strings.ToUpper(trace) + "-" + span + "-01", false},
		{"00-00000000000000000000000000000000-" + span + "-01", false},
		{"00-" + trace + "-0000000000000000-01", false},
		{"00-" + trace[:31] + "-" + span + "-01", false},
		{"00-" + trace + "-" + span + "-0g", false},
		{"00_" + trace + "_" + span + "_01", false},
		{"", false},
		{"garbage", false},
	}
	for _, tt := range tests {
		traceID, parentID, ok := parseTraceparent(tt.header)
		if ok != tt.ok {
			t.Errorf("parseTraceparent(%q) ok = %v, want %v", tt.header, ok, tt.ok)
		}
		if ok && (traceID != trace || parentID != span) {
			t.Errorf("parseTraceparent(%q) = %s, %s", tt.header, traceID, parentID)
		}
	}
}

func TestTraceFromHeader(t *testing.T) {
	const incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
	t.Run("valid header continues the caller's trace with a new span", func(t *testing.T) {
		tr := traceFromHeader([]string{incoming})
		if tr.TraceID != "4bf92f3577b34da6a3ce929d0e0e4736" || tr.ParentSpanID != "00f067aa0ba902b7" {
			t.Errorf("trace = %+v", tr)
		}
		if len(tr.SpanID) != 16 || tr.SpanID == tr.ParentSpanID {
			t.Errorf("span id %q is not a new span", tr.SpanID)
		}
	})
	for name, values := range map[string][]string{
		"no header":         nil,
		"invalid header":    {"00-xyz"},
		"header sent twice": {incoming, incoming},
	} {
		t.Run(name+" starts a new trace", func(t *testing.T) {
			tr := traceFromHeader(values)
			if len(tr.TraceID) != 32 || tr.TraceID == "4bf92f3577b34da6a3ce929d0e0e4736" || tr.ParentSpanID != "" || len(tr.SpanID) != 16 {
				t.Errorf("trace = %+v", tr)
			}
		})
	}
}

func TestBearerToken(t *testing.T) {
	tests := []struct {
		values []string
		token  string
		ok     bool
	}{
		{[]string{"Bearer gat_abc"}, "gat_abc", true},
		{[]string{"bearer gat_abc"}, "gat_abc", true},
		{[]string{"BEARER   gat_abc  "}, "gat_abc", true},
		{nil, "", false},
		{[]string{""}, "", false},
		{[]string{"Bearer"}, "", false},
		{[]string{"Bearer "}, "", false},
		{[]string{"Basic dXNlcjpwYXNz"}, "", false},
		{[]string{"Bearer a b"}, "", false},
		{[]string{"Bearer a", "Bearer b"}, "", false},
	}
	for _, tt := range tests {
		token, ok := bearerToken(tt.values)
		if token != tt.token || ok != tt.ok {
			t.Errorf("bearerToken(%q) = %q, %v; want %q, %v", tt.values, token, ok, tt.token, tt.ok)
		}
	}
}

func TestDecodeJSON(t *testing.T) {
	type input struct {
		Name   string   `json:"naam"`
		Count  int      `json:"aantal"`
		Labels []string `json:"labels"`
		Sub    *struct {
			Text map[string]string `json:"tekst"`
		} `json:"sub"`
	}
	tests := []struct {
		name        string
		contentType string
		body        string
		status      int
		param       string
	}{
		{"valid", "application/json", `{"naam":"x","aantal":1}`, 0, ""},
		{"charset parameter", "application/json; charset=utf-8", `{"naam":"x"}`, 0, ""},
		{"malformed", "application/json", `{"naam":`, 400, ""},
		{"not an object", "application/json", `[1]`, 400, ""},
		{"empty", "application/json", ``, 400, ""},
		{"unknown field", "application/json", `{"naam":"x","geheim":1}`, 400, "geheim"},
		{"wrong type", "application/json", `{"aantal":"tien"}`, 400, "aantal"},
		{"trailing data", "application/json", `{"naam":"x"} {}`, 400, ""},
		{"too large", "application/json", `{"naam":"` + strings.Repeat("a", maxBodyBytes) + `"}`, 413, ""},
		{"form encoded", "application/x-www-form-urlencoded", `naam=x`, 415, ""},
		{"no content type", "", `{"naam":"x"}`, 415, ""},
		{"NUL in a text", "application/json", `{"naam":"a\u0000b"}`, 400, "naam"},
		{"NUL in a list", "application/json", `{"naam":"x","labels":["a","\u0000"]}`, 400, "labels"},
		{"NUL in a nested map key", "application/json", `{"sub":{"tekst":{"a\u0000":"b"}}}`, 400, "tekst"},
		{"an escaped backslash before u0000 is text", "application/json", `{"naam":"a\\u0000b","labels":["é"]}`, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/api/v1/x", strings.NewReader(tt.body))
			if tt.contentType != "" {
				r.Header.Set("Content-Type", tt.contentType)
			}
			var in input
			err := decodeJSON(httptest.NewRecorder(), r, &in)
			if tt.status == 0 {
				if err != nil {
					t.Fatalf("decodeJSON: %v", err)
				}
				return
			}
			p := problemFor(err)
			if p.Status != tt.status {
				t.Fatalf("status %d, want %d (%v)", p.Status, tt.status, err)
			}
			if tt.param != "" && (len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != tt.param) {
				t.Errorf("invalidParams = %v, want %s", p.InvalidParams, tt.param)
			}
		})
	}
}

func TestPathID(t *testing.T) {
	for id, ok := range map[string]bool{
		"0195f3c2-7d4e-7a3b-9c1d-2e3f4a5b6c7d":          true,
		"0195F3C2-7D4E-7A3B-9C1D-2E3F4A5B6C7D":          false,
		"{0195f3c2-7d4e-7a3b-9c1d-2e3f4a5b6c7d}":        false,
		"urn:uuid:0195f3c2-7d4e-7a3b-9c1d-2e3f4a5b6c7d": false,
		"0195f3c27d4e7a3b9c1d2e3f4a5b6c7d":              false,
		"jan.jansen":                                    false,
	} {
		r := httptest.NewRequest("GET", "/api/v1/partners/x", nil)
		r.SetPathValue("id", id)
		_, err := pathID(r, "id")
		if (err == nil) != ok {
			t.Errorf("pathID(%q) error = %v, want ok %v", id, err, ok)
		}
		if err != nil && problemFor(err).InvalidParams[0].Name != "id" {
			t.Errorf("pathID(%q): invalidParams does not name id", id)
		}
	}
}

// TestWithoutDatabase drives the whole handler for the answers that need no
// database: the public document, unknown routes, wrong methods and missing
// tokens. Each must carry the standard headers.
func TestWithoutDatabase(t *testing.T) {
	h := New(Config{})
	tests := []struct {
		name   string
		method string
		path   string
		auth   string
		status int
	}{
		{"openapi.json is public", "GET", "/api/v1/openapi.json", "", 200},
		{"unknown route", "GET", "/api/v1/bestaat-niet", "", 404},
		{"unknown route with token", "GET", "/api/v1/bestaat-niet", "Bearer x", 404},
		{"outside the api", "GET", "/elders", "", 404},
		{"trailing slash", "GET", "/api/v1/partners/", "", 404},
		{"wrong method", "DELETE", "/api/v1/partners", "", 405},
		{"no CORS preflight", "OPTIONS", "/api/v1/partners", "", 405},
		{"no token", "GET", "/api/v1/partners", "", 401},
		{"basic auth is not accepted", "GET", "/api/v1/partners", "Basic dXNlcjpwYXNz", 401},
		{"empty bearer", "GET", "/api/v1/ik", "Bearer ", 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.path, nil)
			r.Header.Set("Origin", "https://elders.example")
			if tt.auth != "" {
				r.Header.Set("Authorization", tt.auth)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			checkStandardHeaders(t, w)
			if tt.status >= 400 {
				p := checkProblem(t, w, tt.status)
				if tt.status == 404 && p.Detail != "Niet gevonden, of u heeft geen toegang." {
					t.Errorf("404 detail %q", p.Detail)
				}
			}
			switch tt.status {
			case 401:
				if !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("WWW-Authenticate = %q", w.Header().Get("WWW-Authenticate"))
				}
			case 405:
				if allow := w.Header().Get("Allow"); !strings.Contains(allow, "GET") || !strings.Contains(allow, "POST") {
					t.Errorf("Allow = %q", allow)
				}
			}
		})
	}
}

// TestUnknownRouteAnswersLikeMissingObject checks that an unknown path and a
// missing object cannot be told apart by their bodies.
func TestUnknownRouteAnswersLikeMissingObject(t *testing.T) {
	w := httptest.NewRecorder()
	New(Config{}).ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/geheime-groepen", nil))
	var want bytes.Buffer
	json.NewEncoder(&want).Encode(problemFor(ga.ErrNotFound("storage.Partner")))
	if w.Body.String() != want.String() {
		t.Errorf("unknown route body %s, missing object body %s", w.Body, want.String())
	}
}

func TestTraceparentOnResponse(t *testing.T) {
	h := New(Config{})
	r := httptest.NewRequest("GET", "/api/v1/openapi.json", nil)
	r.Header.Set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	tp := w.Header().Get("traceparent")
	traceID, spanID, ok := parseTraceparent(tp)
	if !ok || traceID != "4bf92f3577b34da6a3ce929d0e0e4736" || spanID == "00f067aa0ba902b7" {
		t.Errorf("traceparent on the response = %q, want the caller's trace with a new span", tp)
	}

	r = httptest.NewRequest("GET", "/api/v1/openapi.json", nil)
	r.Header.Set("traceparent", "not-a-trace")
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if _, _, ok := parseTraceparent(w.Header().Get("traceparent")); !ok {
		t.Errorf("an invalid traceparent did not start a new trace: %q", w.Header().Get("traceparent"))
	}
}

func TestHSTS(t *testing.T) {
	for _, tt := range []struct {
		name string
		cfg  Config
		tls  bool
		want bool
	}{
		{"plain HTTP", Config{}, false, false},
		{"TLS connection", Config{}, true, true},
		{"behind a TLS proxy", Config{TLS: true}, false, true},
	} {
		r := httptest.NewRequest("GET", "/api/v1/openapi.json", nil)
		if !tt.tls {
			r.TLS = nil
		}
		if tt.tls && r.TLS == nil {
			r = httptest.NewRequest("GET", "https://example.test/api/v1/openapi.json", nil)
		}
		w := httptest.NewRecorder()
		New(tt.cfg).ServeHTTP(w, r)
		if got := w.Header().Get("Strict-Transport-Security") != ""; got != tt.want {
			t.Errorf("%s: HSTS sent = %v, want %v", tt.name, got, tt.want)
		}
		// The same two years as the web pages, so that neither shortens the other.
		if got := w.Header().Get("Strict-Transport-Security"); tt.want && got != "max-age=63072000; includeSubDomains" {
			t.Errorf("%s: HSTS %q", tt.name, got)
		}
	}
}

func TestPanicAnswersProblem(t *testing.T) {
	var logged bytes.Buffer
	s := &server{logger: slog.New(slog.NewTextHandler(&logged, nil))}
	h := s.standardHeaders(s.traced(s.recovered(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("storage: not implemented for Jayden de Vries")
	}))))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/ik", nil))
	checkStandardHeaders(t, w)
	p := checkProblem(t, w, 500)
	if strings.Contains(w.Body.String(), "not implemented") || p.Code != "internal" {
		t.Errorf("panic leaked or wrong problem: %s", w.Body)
	}
	// The application log names the panic's type, never its value, which
	// may hold personal data.
	if log := logged.String(); strings.Contains(log, "Jayden") || !strings.Contains(log, "type=string") {
		t.Errorf("application log of the panic:\n%s", log)
	}
}

// TestWriteJSONBuffersStartEmpty checks that an answer encoded after a
// larger one holds nothing of it, and that an answer that cannot be
// encoded is a problem of its own: the buffers answers are encoded into
// are reused, and each must start empty.
func TestWriteJSONBuffersStartEmpty(t *testing.T) {
	for range 3 {
		big := httptest.NewRecorder()
		writeJSON(big, http.StatusOK, map[string]string{"inhoud": strings.Repeat("melding ", 4096)})
		if big.Code != http.StatusOK || !json.Valid(big.Body.Bytes()) {
			t.Fatalf("large answer: status %d, %d bytes of valid JSON %v", big.Code, big.Body.Len(), json.Valid(big.Body.Bytes()))
		}
		small := httptest.NewRecorder()
		writeJSON(small, http.StatusOK, map[string]int{"aantal": 1})
		if got := small.Body.String(); got != "{\"aantal\":1}\n" {
			t.Fatalf("small answer after a large one: %.200q", got)
		}
		failed := httptest.NewRecorder()
		writeJSON(failed, http.StatusOK, map[string]any{"kanaal": make(chan int)})
		var p map[string]any
		if failed.Code != http.StatusInternalServerError || failed.Header().Get("Content-Type") != problemContentType ||
			json.Unmarshal(failed.Body.Bytes(), &p) != nil || p["status"] == nil {
			t.Fatalf("an answer that cannot be encoded: status %d, %s: %.200q", failed.Code, failed.Header().Get("Content-Type"), failed.Body.String())
		}
	}
}
