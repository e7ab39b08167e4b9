package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestPersonalDataPagesNeedGateRoleAndDeclaration drives the adapter that
// the pages with personal data use, with a stand-in page.
func TestPersonalDataPagesNeedGateRoleAndDeclaration(t *testing.T) {
	f := newFixture(t)
	s := f.server()
	mux := http.NewServeMux()
	mux.Handle("GET /persoonsgegevens", s.personal(func(w http.ResponseWriter, r *http.Request) error {
		w.Write([]byte("persoonsgegevens getoond"))
		return nil
	}))
	srv := httptest.NewServer(s.withRequest(mux))
	t.Cleanup(srv.Close)
	get := func(c *client) *response {
		t.Helper()
		u, _ := url.Parse(f.srv.URL)
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/persoonsgegevens", nil)
		for _, ck := range c.hc.Jar.Cookies(u) {
			req.AddCookie(ck)
		}
		return c.do(req)
	}

	coord := f.loggedIn(f.coordinator)
	r := get(coord)
	want(t, r, http.StatusConflict, "Verwerking nog niet toegestaan", "Wat nog ontbreekt", "Het convenant is nog niet vastgelegd.",
		"Nog niet ondertekend door Politie Midden-Nederland. <a class=\"utrecht-link\" href=\"/convenant#ondertekeningen\">", "Cor Coördinator", "Gemeente Utrecht</span>")
	if strings.Contains(r.Body, "persoonsgegevens getoond") {
		t.Fatal("personal data shown with the gate closed")
	}

	f.openGate()
	want(t, get(coord), http.StatusForbidden, "Geen toestemming", "Accepteer eerst de geheimhoudingsverklaring", `href="/geheimhouding"`)
	want(t, get(f.loggedIn(f.admin)), http.StatusForbidden, "U heeft geen toestemming voor deze handeling.")

	wantRedirect(t, coord.post("/geheimhouding", nil), "/")
	want(t, get(coord), http.StatusOK, "persoonsgegevens getoond")

	wantRedirect(t, get(f.client()), "/inloggen")
}
