package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// fixtureUsers are the users of the fixture by name: their partner and
// roles.
var fixtureUsers = map[string]struct {
	partner ga.PartnerKind
	roles   []ga.Role
}{
	"admin":             {ga.KindGemeente, []ga.Role{ga.RoleAdmin}},
	"coordinator":       {ga.KindGemeente, []ga.Role{ga.RoleCoordinator}},
	"driehoek-gemeente": {ga.KindGemeente, []ga.Role{ga.RoleDriehoek}},
	"driehoek-politie":  {ga.KindPolitie, []ga.Role{ga.RoleDriehoek}},
	"driehoek-om":       {ga.KindOM, []ga.Role{ga.RoleDriehoek}},
	"professional":      {ga.KindPolitie, []ga.Role{ga.RoleProfessional}},
	"privacy":           {ga.KindGemeente, []ga.Role{ga.RolePrivacyOfficer}},
	"auditor":           {ga.KindGemeente, []ga.Role{ga.RoleAuditor}},
}

// newFixture returns the fixture with its partners and users.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := newPartnersFixture(t)
	f.addUsers()
	return f
}

// addUsers creates one user with an API token per entry of fixtureUsers.
func (f *fixture) addUsers() {
	t, db := f.t, f.db
	t.Helper()
	for name, spec := range fixtureUsers {
		u := &ga.User{
			Email: name + "@example.test", Name: "Test " + name,
			PartnerID: f.partners[spec.partner].ID, Roles: spec.roles, Active: true,
		}
		if err := db.CreateUser(f.sys, u, "een lang wachtwoord voor tests"); err != nil {
			t.Fatalf("CreateUser %s: %v", name, err)
		}
		plain, _, err := db.CreateToken(f.sys, u.ID, "test", nil)
		if err != nil {
			t.Fatalf("CreateToken %s: %v", name, err)
		}
		f.users[name], f.tokens[name] = u, plain
	}
}

// request is one call of the API. Body is JSON-encoded unless it is a
// string, which is sent as it is.
type request struct {
	method, path, user string
	body               any
	header             http.Header
}

// do sends the request as the named user (no token for ""), checks the
// headers every response must carry, and the problem+json of errors.
func (f *fixture) do(r request) *httptest.ResponseRecorder {
	f.t.Helper()
	var body *bytes.Reader
	switch b := r.body.(type) {
	case nil:
		body = bytes.NewReader(nil)
	case string:
		body = bytes.NewReader([]byte(b))
	default:
		j, err := json.Marshal(b)
		if err != nil {
			f.t.Fatal(err)
		}
		body = bytes.NewReader(j)
	}
	req := httptest.NewRequest(r.method, r.path, body)
	req.RemoteAddr = "192.0.2.10:50000"
	if r.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.user != "" {
		token, ok := f.tokens[r.user]
		if !ok {
			token = r.user // a literal token
		}
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range r.header {
		req.Header[k] = v
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, req)
	checkStandardHeaders(f.t, w)
	if w.Code >= 400 {
		checkProblem(f.t, w, w.Code)
	} else if w.Code != http.StatusNoContent && !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") &&
		w.Header().Get("Content-Type") != "application/pdf" { // letters
		f.t.Errorf("%s %s: Content-Type %q", r.method, r.path, w.Header().Get("Content-Type"))
	}
	return w
}

// expect sends the request and fails the test unless the status is want.
func (f *fixture) expect(r request, want int) *httptest.ResponseRecorder {
	f.t.Helper()
	w := f.do(r)
	if w.Code != want {
		f.t.Fatalf("%s %s as %q: status %d, want %d: %s", r.method, r.path, r.user, w.Code, want, w.Body)
	}
	return w
}

// unknownID is a well-formed id that names nothing.
const unknownID = "0195f3c2-7d4e-7a3b-9c1d-2e3f4a5b6c7d"
