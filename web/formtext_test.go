package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestFormTextRefusesNULAndInvalidUTF8 posts forms whose values or names
// hold a NUL character or bytes that are not UTF-8. PostgreSQL cannot store
// either in a text column and answered 500; SQLite stored bytes that no page
// or letter can show. Both databases now refuse such a form as invalid input
// before anything is stored, on every form (login included), while the same
// form with ordinary text, accents included, still works.
func TestFormTextRefusesNULAndInvalidUTF8(t *testing.T) {
	w := newCaseworld(t)
	coord := w.loggedIn(w.coordinator)
	const refused = "Het formulier bevat tekens die niet zijn toegestaan."

	tests := []struct {
		name string
		path string
		form url.Values
	}{
		{"NUL in a group's name", "/groepen", url.Values{"naam": {"Groep\x00Noord"}, "wijk": {"Noord"}, "vorm": {"groep"}}},
		{"invalid UTF-8 in a group's name", "/groepen", url.Values{"naam": {"Groep \xff Noord"}, "wijk": {"Noord"}, "vorm": {"groep"}}},
		{"a cut-off UTF-8 sequence in the area", "/groepen", url.Values{"naam": {"Groep Noord"}, "wijk": {"Noord\xc3"}, "vorm": {"groep"}}},
		{"NUL in a field's name", "/groepen", url.Values{"naam": {"Groep Noord"}, "wijk": {"Noord"}, "vorm": {"groep"}, "x\x00": {"1"}}},
		{"NUL in a dispute's subject", "/geschillen", url.Values{"onderwerp": {"Geschil\x00"}, "omschrijving": {"Uitleg"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want(t, coord.post(tt.path, tt.form), http.StatusBadRequest, refused)
		})
	}
	t.Run("nothing was stored", func(t *testing.T) {
		r := coord.get("/groepen")
		want(t, r, http.StatusOK)
		if strings.Contains(r.Body, "Groep Noord") || strings.Contains(r.Body, "Groep\uFFFD") || strings.Contains(r.Body, "GroepNoord") {
			t.Errorf("a refused group was stored:\n%s", excerpt(r.Body))
		}
	})
	t.Run("the login form refuses it too", func(t *testing.T) {
		r := w.client().post("/inloggen", url.Values{"email": {"a\x00@voorbeeld.example"}, "wachtwoord": {"een-lang-genoeg-wachtwoord"}})
		want(t, r, http.StatusBadRequest, refused)
	})
	t.Run("ordinary text with accents is accepted", func(t *testing.T) {
		r := coord.post("/groepen", url.Values{"naam": {"Pleintje Zuilen – café"}, "wijk": {"Zuilen"}, "vorm": {"groep"}})
		if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/groepen/") {
			t.Fatalf("create = %d to %q\n%s", r.StatusCode, r.location(), excerpt(r.Body))
		}
		want(t, coord.get(r.location()), http.StatusOK, "Pleintje Zuilen – café")
	})
}

// TestURLTextRefusesNULAndInvalidUTF8 asks pages with an id or a query that
// holds a NUL character or bytes that are not UTF-8. PostgreSQL answered
// such an id with 500 and SQLite with 404, and SQLite served the query; now
// both answer the id exactly as an unknown one and refuse the query.
func TestURLTextRefusesNULAndInvalidUTF8(t *testing.T) {
	w := newCaseworld(t)
	coord := w.loggedIn(w.coordinator)
	for _, path := range []string{
		"/groepen/%00", "/groepen/%FF", "/personen/a%00b", "/gegevens/%C3", "/verzoeken/%00",
		"/incidenten/%FF", "/partners/%00", "/groepsscan/%00/groepen/%FF",
	} {
		t.Run(path, func(t *testing.T) {
			wantSameNotFound(t, coord, path, "/groepen/"+unknownID)
		})
	}
	for _, path := range []string{"/verwerkingsregister/nieuw?activiteit=%00", "/verwerkingsregister/nieuw?activiteit=%FF", "/groepen?x%00=1"} {
		t.Run(path, func(t *testing.T) {
			want(t, coord.get(path), http.StatusBadRequest, "Het formulier bevat tekens die niet zijn toegestaan.")
		})
	}
	t.Run("ordinary ids and queries still work", func(t *testing.T) {
		want(t, coord.get("/verwerkingsregister/nieuw?activiteit=groepsaanpak"), http.StatusOK)
		want(t, coord.get("/groepen"), http.StatusOK)
	})
}
