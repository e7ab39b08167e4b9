package api

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

func TestAuthentication(t *testing.T) {
	t.Parallel()
	f := newFixture(t)

	t.Run("no token answers 401 naming Bearer", func(t *testing.T) {
		w := f.expect(request{method: "GET", path: "/api/v1/ik"}, 401)
		if got := w.Header().Get("WWW-Authenticate"); got != `Bearer realm="groepsaanpak"` {
			t.Errorf("WWW-Authenticate = %q", got)
		}
	})
	t.Run("unknown token answers 401 invalid_token", func(t *testing.T) {
		w := f.expect(request{method: "GET", path: "/api/v1/ik", user: "gat_" + strings.Repeat("A", 43)}, 401)
		if got := w.Header().Get("WWW-Authenticate"); !strings.Contains(got, `error="invalid_token"`) {
			t.Errorf("WWW-Authenticate = %q", got)
		}
	})
	t.Run("a cookie is no authentication", func(t *testing.T) {
		f.expect(request{method: "GET", path: "/api/v1/ik", header: http.Header{"Cookie": {"sessie=gas_x"}}}, 401)
	})
	t.Run("valid token identifies the actor", func(t *testing.T) {
		w := f.expect(request{method: "GET", path: "/api/v1/ik", user: "coordinator"}, 200)
		me := decode[meResponse](t, w)
		if me.UserID != f.users["coordinator"].ID || me.Partner == nil || me.Partner.ID != f.partners[ga.KindGemeente].ID ||
			!slices.Equal(me.Roles, []ga.Role{ga.RoleCoordinator}) || me.TokenID == "" || me.Declared {
			t.Errorf("ik = %+v", me)
		}
	})
	t.Run("revoked token answers 401", func(t *testing.T) {
		plain, tok, err := f.db.CreateToken(f.sys, f.users["professional"].ID, "kort", nil)
		if err != nil {
			t.Fatal(err)
		}
		f.tokens["revoked"] = plain
		f.expect(request{method: "GET", path: "/api/v1/ik", user: "revoked"}, 200)
		if err := f.db.RevokeToken(f.sys, tok.ID); err != nil {
			t.Fatal(err)
		}
		f.expect(request{method: "GET", path: "/api/v1/ik", user: "revoked"}, 401)
	})
	t.Run("every route but the document needs a token", func(t *testing.T) {
		for _, rt := range (&server{}).routes() {
			method, path, _ := strings.Cut(rt.pattern, " ")
			path = pathParam.ReplaceAllString(path, unknownID)
			w := f.do(request{method: method, path: path})
			if want := 401; path == "/api/v1/openapi.json" {
				if w.Code != 200 {
					t.Errorf("%s: status %d, want 200", rt.pattern, w.Code)
				}
			} else if w.Code != want {
				t.Errorf("%s without token: status %d, want %d", rt.pattern, w.Code, want)
			}
		}
	})
}

func TestTraceparentReachesTheAuditLog(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	const traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	w := f.expect(request{method: "GET", path: "/api/v1/partners", user: "coordinator",
		header: http.Header{"Traceparent": {"00-" + traceID + "-00f067aa0ba902b7-01"}}}, 200)
	gotTrace, span, ok := parseTraceparent(w.Header().Get("traceparent"))
	if !ok || gotTrace != traceID || span == "00f067aa0ba902b7" {
		t.Fatalf("traceparent on the response = %q", w.Header().Get("traceparent"))
	}
	w = f.expect(request{method: "POST", path: "/api/v1/logboek/audit/_zoek", user: "auditor",
		body: map[string]any{"traceId": traceID}}, 200)
	page := decode[auditPage](t, w)
	if len(page.Entries) == 0 {
		t.Fatalf("no audit line carries the caller's trace id %s", traceID)
	}
	for _, e := range page.Entries {
		if e.TraceID != traceID || e.UserID != f.users["coordinator"].ID {
			t.Errorf("audit line %+v", e)
		}
	}
}

func TestCovenant(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	terms := f.validTerms()

	f.expect(request{method: "GET", path: "/api/v1/convenant", user: "coordinator"}, 404)
	t.Run("gate status lists what is missing before anything is recorded", func(t *testing.T) {
		w := f.expect(request{method: "GET", path: "/api/v1/convenant/status", user: "professional"}, 200)
		st := decode[gateStatus](t, w)
		if st.ProcessingAllowed || !slices.ContainsFunc(st.Missing, func(d ga.Detail) bool { return d.Name == "convenant" }) {
			t.Errorf("status = %+v", st)
		}
	})
	for _, tt := range []struct {
		name   string
		user   string
		body   any
		status int
	}{
		{"professional may not record terms", "professional", terms, 403},
		{"auditor may not record terms", "auditor", terms, 403},
		{"invalid terms name each field", "coordinator", map[string]any{"titel": ""}, 400},
		{"unknown field is rejected", "coordinator", map[string]any{"titel": "x", "versie": 3}, 400},
		{"coordinator records terms", "coordinator", terms, 200},
		{"admin edits terms before signing", "admin", terms, 200},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := f.expect(request{method: "PUT", path: "/api/v1/convenant", user: tt.user, body: tt.body}, tt.status)
			if tt.status == 400 && len(decode[Problem](t, w).InvalidParams) == 0 {
				t.Errorf("400 without invalidParams: %s", w.Body)
			}
		})
	}
	c := decode[ga.Covenant](t, f.expect(request{method: "GET", path: "/api/v1/convenant", user: "auditor"}, 200))
	if c.Version != 1 || c.Terms.Title != terms.Title {
		t.Errorf("convenant = %+v", c)
	}

	t.Run("signatures", func(t *testing.T) {
		gemeente, politie := f.partners[ga.KindGemeente], f.partners[ga.KindPolitie]
		sig := func(p *ga.Partner) map[string]any {
			return map[string]any{"partnerId": p.ID, "ondertekenaar": "A. Burgemeester", "functie": "Burgemeester", "ondertekendOp": "2025-01-01"}
		}
		f.expect(request{method: "POST", path: "/api/v1/ondertekeningen", user: "professional", body: sig(gemeente)}, 403)
		f.expect(request{method: "POST", path: "/api/v1/ondertekeningen", user: "driehoek-gemeente", body: map[string]any{"partnerId": gemeente.ID, "ondertekendOp": "gisteren"}}, 400)
		w := f.expect(request{method: "POST", path: "/api/v1/ondertekeningen", user: "driehoek-gemeente", body: sig(gemeente)}, 201)
		if loc := w.Header().Get("Location"); loc != "/api/v1/ondertekeningen/"+gemeente.ID {
			t.Errorf("Location = %q", loc)
		}
		f.expect(request{method: "GET", path: "/api/v1/ondertekeningen/" + gemeente.ID, user: "auditor"}, 200)
		f.expect(request{method: "GET", path: "/api/v1/ondertekeningen/" + politie.ID, user: "auditor"}, 404)
		f.expect(request{method: "POST", path: "/api/v1/ondertekeningen", user: "coordinator", body: sig(gemeente)}, 409)
		f.expect(request{method: "PUT", path: "/api/v1/convenant", user: "coordinator", body: terms}, 409)
		list := decode[signatureList](t, f.expect(request{method: "GET", path: "/api/v1/ondertekeningen", user: "professional"}, 200))
		if len(list.Signatures) != 1 {
			t.Errorf("ondertekeningen = %+v", list)
		}
	})
	versions := decode[covenantVersionList](t, f.expect(request{method: "GET", path: "/api/v1/convenant/versies", user: "professional"}, 200))
	if len(versions.Versions) != 1 || versions.Versions[0].Version != 1 {
		t.Errorf("versies = %+v", versions)
	}
}

func TestAmendments(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.recordTerms()
	f.signAll()
	newTerms := f.validTerms()
	newTerms.RetentionAfterClosureMonths = 36
	proposal := map[string]any{"toelichting": "Langere bewaartermijn.", "voorgesteldeVoorwaarden": newTerms}

	f.expect(request{method: "POST", path: "/api/v1/wijzigingen", user: "professional", body: proposal}, 403)
	f.expect(request{method: "POST", path: "/api/v1/wijzigingen", user: "coordinator", body: map[string]any{"toelichting": "x", "voorgesteldeVoorwaarden": map[string]any{"titel": ""}}}, 400)
	w := f.expect(request{method: "POST", path: "/api/v1/wijzigingen", user: "privacy", body: proposal}, 201)
	a := decode[ga.Amendment](t, w)
	if w.Header().Get("Location") != "/api/v1/wijzigingen/"+a.ID || a.Status != ga.AmendmentProposed || a.Approvals == nil {
		t.Fatalf("created %+v at %q", a, w.Header().Get("Location"))
	}
	path := "/api/v1/wijzigingen/" + a.ID

	f.expect(request{method: "GET", path: path, user: "auditor"}, 200)
	f.expect(request{method: "GET", path: "/api/v1/wijzigingen/" + unknownID, user: "auditor"}, 404)
	f.expect(request{method: "GET", path: "/api/v1/wijzigingen/niet-een-uuid", user: "auditor"}, 400)
	f.expect(request{method: "POST", path: path + "/instemmingen", user: "professional"}, 403)
	f.expect(request{method: "POST", path: "/api/v1/wijzigingen/" + unknownID + "/instemmingen", user: "driehoek-gemeente"}, 404)
	f.expect(request{method: "POST", path: path + "/instemmingen", user: "driehoek-gemeente"}, 200)
	f.expect(request{method: "POST", path: path + "/instemmingen", user: "coordinator"}, 409) // the same partner again
	f.expect(request{method: "POST", path: path + "/instemmingen", user: "driehoek-politie"}, 200)
	a = decode[ga.Amendment](t, f.expect(request{method: "POST", path: path + "/instemmingen", user: "driehoek-om"}, 200))
	if a.Status != ga.AmendmentInForce || a.ResultingVersion != 2 {
		t.Errorf("after every partner approved: %+v", a)
	}
	f.expect(request{method: "POST", path: path + "/intrekking", user: "coordinator"}, 409)
	c := decode[ga.Covenant](t, f.expect(request{method: "GET", path: "/api/v1/convenant", user: "professional"}, 200))
	if c.Version != 2 || c.Terms.RetentionAfterClosureMonths != 36 {
		t.Errorf("convenant after the amendment: %+v", c)
	}

	b := decode[ga.Amendment](t, f.expect(request{method: "POST", path: "/api/v1/wijzigingen", user: "coordinator", body: proposal}, 201))
	f.expect(request{method: "POST", path: "/api/v1/wijzigingen/" + b.ID + "/intrekking", user: "professional"}, 403)
	b = decode[ga.Amendment](t, f.expect(request{method: "POST", path: "/api/v1/wijzigingen/" + b.ID + "/intrekking", user: "coordinator"}, 200))
	if b.Status != ga.AmendmentWithdrawn {
		t.Errorf("withdrawn: %+v", b)
	}
	list := decode[amendmentList](t, f.expect(request{method: "GET", path: "/api/v1/wijzigingen", user: "professional"}, 200))
	if len(list.Amendments) != 2 {
		t.Errorf("wijzigingen: %+v", list)
	}
}

func TestPartners(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	partner := map[string]any{
		"naam": "Jeugdhulp Regio", "soort": "jeugdhulp", "publiekeTaken": "Jeugdhulp.",
		"wettelijkeGrondslagen": "Jeugdwet.", "klachtencommissie": "Commissie", "functionarisGegevensbescherming": "fg@jeugdhulp.example",
	}
	list := decode[partnerList](t, f.expect(request{method: "GET", path: "/api/v1/partners", user: "professional"}, 200))
	if len(list.Partners) != 3 {
		t.Errorf("partners = %+v", list)
	}
	f.expect(request{method: "POST", path: "/api/v1/partners", user: "coordinator", body: partner}, 403)
	w := f.expect(request{method: "POST", path: "/api/v1/partners", user: "admin", body: map[string]any{"naam": "", "soort": "bakkerij"}}, 400)
	names := map[string]bool{}
	for _, p := range decode[Problem](t, w).InvalidParams {
		names[p.Name] = true
	}
	if !names["naam"] || !names["soort"] || !names["publiekeTaken"] {
		t.Errorf("invalidParams do not name each field: %s", w.Body)
	}
	f.expect(request{method: "POST", path: "/api/v1/partners", user: "admin", body: map[string]any{"naam": "x", "id": unknownID}}, 400)
	f.expect(request{method: "POST", path: "/api/v1/partners", user: "admin", body: `{"naam":`}, 400)
	f.expect(request{method: "POST", path: "/api/v1/partners", user: "admin", body: `{"naam":"` + strings.Repeat("x", 2<<20) + `"}`}, 413)

	w = f.expect(request{method: "POST", path: "/api/v1/partners", user: "admin", body: partner}, 201)
	p := decode[ga.Partner](t, w)
	if w.Header().Get("Location") != "/api/v1/partners/"+p.ID || p.Kind != ga.KindJeugdhulp || p.CreatedAt.IsZero() {
		t.Errorf("created %+v at %q", p, w.Header().Get("Location"))
	}
	f.expect(request{method: "GET", path: "/api/v1/partners/" + p.ID, user: "auditor"}, 200)
	f.expect(request{method: "GET", path: "/api/v1/partners/" + unknownID, user: "auditor"}, 404)
	f.expect(request{method: "GET", path: "/api/v1/partners/Jeugdhulp", user: "auditor"}, 400)

	partner["naam"] = "Jeugdhulp Regio Noord"
	f.expect(request{method: "PUT", path: "/api/v1/partners/" + p.ID, user: "professional", body: partner}, 403)
	f.expect(request{method: "PUT", path: "/api/v1/partners/" + unknownID, user: "admin", body: partner}, 404)
	p = decode[ga.Partner](t, f.expect(request{method: "PUT", path: "/api/v1/partners/" + p.ID, user: "admin", body: partner}, 200))
	if p.Name != "Jeugdhulp Regio Noord" {
		t.Errorf("updated %+v", p)
	}
}

func TestRegisterAndWpg20(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	entry := registerEntry("DPIA-1")
	body := map[string]any{
		"activiteit": entry.ActivityKey, "naam": entry.Name, "verwerkingsverantwoordelijke": entry.Controller,
		"doel": entry.Purpose, "rechtsgrond": entry.LegalBasis, "betrokkenen": entry.DataSubjects,
		"categorieenPersoonsgegevens": entry.DataCategories, "ontvangers": entry.Recipients,
		"bewaartermijnen": entry.Retention, "beveiligingsmaatregelen": entry.SecurityMeasures,
		"dpiaKenmerk": "DPIA-1", "dpiaDatum": "2025-01-01",
	}
	f.expect(request{method: "POST", path: "/api/v1/verwerkingsregister", user: "professional", body: body}, 403)
	f.expect(request{method: "POST", path: "/api/v1/verwerkingsregister", user: "privacy", body: map[string]any{"activiteit": "Groeps Aanpak"}}, 400)
	w := f.expect(request{method: "POST", path: "/api/v1/verwerkingsregister", user: "privacy", body: body}, 201)
	e := decode[ga.RegisterEntry](t, w)
	if e.Version != 1 || w.Header().Get("Location") != "/api/v1/verwerkingsregister/"+e.ID {
		t.Errorf("created %+v at %q", e, w.Header().Get("Location"))
	}
	e2 := decode[ga.RegisterEntry](t, f.expect(request{method: "POST", path: "/api/v1/verwerkingsregister", user: "coordinator", body: body}, 201))
	if e2.Version != 2 || e2.ID == e.ID {
		t.Errorf("second version %+v", e2)
	}
	f.expect(request{method: "GET", path: "/api/v1/verwerkingsregister/" + e.ID, user: "auditor"}, 200)
	f.expect(request{method: "GET", path: "/api/v1/verwerkingsregister/" + unknownID, user: "auditor"}, 404)
	if l := decode[registerEntryList](t, f.expect(request{method: "GET", path: "/api/v1/verwerkingsregister", user: "professional"}, 200)); len(l.Entries) != 2 {
		t.Errorf("register = %+v", l)
	}

	decision := map[string]any{"kenmerk": "WPG20-2025-1", "besluitdatum": "2025-01-01", "besluitDoor": "Korpschef", "samenvatting": "Verstrekking aan het samenwerkingsverband."}
	f.expect(request{method: "POST", path: "/api/v1/wpg20-besluiten", user: "driehoek-gemeente", body: decision}, 403)
	f.expect(request{method: "POST", path: "/api/v1/wpg20-besluiten", user: "driehoek-politie", body: map[string]any{"kenmerk": "x"}}, 400)
	w = f.expect(request{method: "POST", path: "/api/v1/wpg20-besluiten", user: "driehoek-politie", body: decision}, 201)
	d := decode[ga.Wpg20Decision](t, w)
	if w.Header().Get("Location") != "/api/v1/wpg20-besluiten/"+d.ID {
		t.Errorf("Location = %q", w.Header().Get("Location"))
	}
	f.expect(request{method: "GET", path: "/api/v1/wpg20-besluiten/" + d.ID, user: "auditor"}, 200)
	f.expect(request{method: "GET", path: "/api/v1/wpg20-besluiten/" + unknownID, user: "auditor"}, 404)
	if l := decode[wpg20List](t, f.expect(request{method: "GET", path: "/api/v1/wpg20-besluiten", user: "professional"}, 200)); len(l.Decisions) != 1 {
		t.Errorf("besluiten = %+v", l)
	}
}

func TestDisputes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	dispute := map[string]any{"onderwerp": "Uitleg artikel 5", "omschrijving": "Verschil van inzicht.", "betrokkenPartnerIds": []string{f.partners[ga.KindPolitie].ID}}
	f.expect(request{method: "POST", path: "/api/v1/geschillen", user: "professional", body: dispute}, 403)
	f.expect(request{method: "POST", path: "/api/v1/geschillen", user: "coordinator", body: map[string]any{"onderwerp": ""}}, 400)
	w := f.expect(request{method: "POST", path: "/api/v1/geschillen", user: "driehoek-gemeente", body: dispute}, 201)
	d := decode[ga.Dispute](t, w)
	if d.RaisedBy != f.partners[ga.KindGemeente].ID || d.Status != ga.DisputeOpen || w.Header().Get("Location") != "/api/v1/geschillen/"+d.ID {
		t.Errorf("raised %+v at %q", d, w.Header().Get("Location"))
	}
	path := "/api/v1/geschillen/" + d.ID
	f.expect(request{method: "GET", path: path, user: "auditor"}, 200)
	f.expect(request{method: "GET", path: "/api/v1/geschillen/" + unknownID, user: "auditor"}, 404)
	f.expect(request{method: "POST", path: path + "/oplossing", user: "driehoek-gemeente", body: map[string]any{"oplossing": "Akkoord."}}, 403)
	f.expect(request{method: "POST", path: path + "/oplossing", user: "coordinator", body: map[string]any{"oplossing": "Akkoord.", "datum": "2025-01-01"}}, 400)
	f.expect(request{method: "POST", path: "/api/v1/geschillen/" + unknownID + "/oplossing", user: "coordinator", body: map[string]any{"oplossing": "Akkoord."}}, 404)
	d = decode[ga.Dispute](t, f.expect(request{method: "POST", path: path + "/oplossing", user: "coordinator", body: map[string]any{"oplossing": "Akkoord."}}, 200))
	if d.Status != ga.DisputeResolved || d.Resolution != "Akkoord." {
		t.Errorf("resolved %+v", d)
	}
	f.expect(request{method: "POST", path: path + "/oplossing", user: "coordinator", body: map[string]any{"oplossing": "Nogmaals."}}, 409)
	if l := decode[disputeList](t, f.expect(request{method: "GET", path: "/api/v1/geschillen", user: "professional"}, 200)); len(l.Disputes) != 1 {
		t.Errorf("geschillen = %+v", l)
	}
}

func TestUsers(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	newUser := map[string]any{"email": "Nieuw@Example.test ", "naam": "Nieuwe Gebruiker", "partnerId": f.partners[ga.KindOM].ID, "rollen": []string{"professional"}, "wachtwoord": "een lang wachtwoord voor tests"}

	f.expect(request{method: "GET", path: "/api/v1/gebruikers", user: "coordinator"}, 403)
	if l := decode[userList](t, f.expect(request{method: "GET", path: "/api/v1/gebruikers", user: "admin"}, 200)); len(l.Users) != len(fixtureUsers) {
		t.Errorf("gebruikers: %d, want %d", len(l.Users), len(fixtureUsers))
	}
	f.expect(request{method: "POST", path: "/api/v1/gebruikers", user: "coordinator", body: newUser}, 403)
	w := f.expect(request{method: "POST", path: "/api/v1/gebruikers", user: "admin", body: map[string]any{"email": "geen-adres", "naam": "x", "partnerId": f.partners[ga.KindOM].ID, "rollen": []string{"admin", "professional"}, "wachtwoord": "een lang wachtwoord voor tests"}}, 400)
	if !slices.ContainsFunc(decode[Problem](t, w).InvalidParams, func(p ProblemParam) bool { return p.Name == "rollen" }) {
		t.Errorf("admin with a content role not refused by name: %s", w.Body)
	}
	w = f.expect(request{method: "POST", path: "/api/v1/gebruikers", user: "admin", body: newUser}, 201)
	u := decode[ga.User](t, w)
	if u.Email != "nieuw@example.test" || !u.Active || w.Header().Get("Location") != "/api/v1/gebruikers/"+u.ID {
		t.Errorf("created %+v at %q", u, w.Header().Get("Location"))
	}
	if strings.Contains(w.Body.String(), "wachtwoord") {
		t.Errorf("the password came back: %s", w.Body)
	}

	t.Run("a user sees itself", func(t *testing.T) {
		f.expect(request{method: "GET", path: "/api/v1/gebruikers/" + f.users["professional"].ID, user: "professional"}, 200)
	})
	t.Run("another user answers exactly like an unknown id", func(t *testing.T) {
		other := f.expect(request{method: "GET", path: "/api/v1/gebruikers/" + u.ID, user: "professional"}, 404)
		unknown := f.expect(request{method: "GET", path: "/api/v1/gebruikers/" + unknownID, user: "professional"}, 404)
		if other.Body.String() != unknown.Body.String() {
			t.Errorf("forbidden-to-see %s differs from unknown %s", other.Body, unknown.Body)
		}
	})

	update := map[string]any{"naam": "Nieuwe Naam", "partnerId": f.partners[ga.KindOM].ID, "rollen": []string{"professional", "driehoek"}, "actief": true}
	f.expect(request{method: "PUT", path: "/api/v1/gebruikers/" + f.users["professional"].ID, user: "professional", body: update}, 403)
	f.expect(request{method: "PUT", path: "/api/v1/gebruikers/" + u.ID, user: "professional", body: update}, 404)
	f.expect(request{method: "PUT", path: "/api/v1/gebruikers/" + u.ID, user: "admin", body: map[string]any{"naam": "x", "email": "ander@example.test"}}, 400)
	u = decode[ga.User](t, f.expect(request{method: "PUT", path: "/api/v1/gebruikers/" + u.ID, user: "admin", body: update}, 200))
	if u.Name != "Nieuwe Naam" || !slices.Equal(u.Roles, []ga.Role{ga.RoleProfessional, ga.RoleDriehoek}) && !slices.Equal(u.Roles, []ga.Role{ga.RoleDriehoek, ga.RoleProfessional}) {
		t.Errorf("updated %+v", u)
	}

	t.Run("deactivating ends the user's tokens", func(t *testing.T) {
		id := f.users["professional"].ID
		f.expect(request{method: "PUT", path: "/api/v1/gebruikers/" + id, user: "admin",
			body: map[string]any{"naam": "Test professional", "partnerId": f.partners[ga.KindPolitie].ID, "rollen": []string{"professional"}, "actief": false}}, 200)
		f.expect(request{method: "GET", path: "/api/v1/ik", user: "professional"}, 401)
	})
}

func TestTokens(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.expect(request{method: "POST", path: "/api/v1/tokens", user: "coordinator", body: map[string]any{"omschrijving": "x", "geheim": true}}, 400)
	expires := time.Now().Add(24 * time.Hour).UTC().Truncate(time.Second)
	w := f.expect(request{method: "POST", path: "/api/v1/tokens", user: "coordinator", body: map[string]any{"omschrijving": "Koppeling", "verlooptOp": expires}}, 201)
	tok := decode[newToken](t, w)
	if !strings.HasPrefix(tok.Token, "gat_") || tok.UserID != f.users["coordinator"].ID || w.Header().Get("Location") != "/api/v1/tokens/"+tok.ID {
		t.Fatalf("created %+v at %q", tok, w.Header().Get("Location"))
	}
	f.tokens["new"] = tok.Token
	f.expect(request{method: "GET", path: "/api/v1/ik", user: "new"}, 200)

	list := decode[tokenList](t, f.expect(request{method: "GET", path: "/api/v1/tokens", user: "coordinator"}, 200))
	if len(list.Tokens) != 2 || strings.Contains(f.do(request{method: "GET", path: "/api/v1/tokens", user: "coordinator"}).Body.String(), tok.Token) {
		t.Errorf("tokens = %+v (or the plain token was listed)", list)
	}
	f.expect(request{method: "GET", path: "/api/v1/tokens/" + tok.ID, user: "coordinator"}, 200)
	t.Run("another user's token answers like an unknown one", func(t *testing.T) {
		other := f.expect(request{method: "GET", path: "/api/v1/tokens/" + tok.ID, user: "professional"}, 404)
		unknown := f.expect(request{method: "GET", path: "/api/v1/tokens/" + unknownID, user: "professional"}, 404)
		if other.Body.String() != unknown.Body.String() {
			t.Errorf("%s differs from %s", other.Body, unknown.Body)
		}
		f.expect(request{method: "DELETE", path: "/api/v1/tokens/" + tok.ID, user: "professional"}, 404)
	})
	f.expect(request{method: "DELETE", path: "/api/v1/tokens/nope", user: "coordinator"}, 400)
	w = f.expect(request{method: "DELETE", path: "/api/v1/tokens/" + tok.ID, user: "coordinator"}, 204)
	if w.Body.Len() != 0 {
		t.Errorf("204 with a body: %s", w.Body)
	}
	f.expect(request{method: "GET", path: "/api/v1/ik", user: "new"}, 401)
}

func TestConfidentialityDeclaration(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.expect(request{method: "POST", path: "/api/v1/geheimhoudingsverklaringen", user: "professional", body: map[string]any{"convenantVersie": 1}}, 409)
	f.recordTerms()
	f.expect(request{method: "POST", path: "/api/v1/geheimhoudingsverklaringen", user: "professional", body: map[string]any{"convenantVersie": 2}}, 409)
	f.expect(request{method: "POST", path: "/api/v1/geheimhoudingsverklaringen", user: "professional", body: map[string]any{"convenantVersie": "1"}}, 400)
	w := f.expect(request{method: "POST", path: "/api/v1/geheimhoudingsverklaringen", user: "professional", body: map[string]any{"convenantVersie": 1}}, 201)
	if w.Header().Get("Location") != "/api/v1/ik" {
		t.Errorf("Location = %q", w.Header().Get("Location"))
	}
	me := decode[meResponse](t, f.expect(request{method: "GET", path: "/api/v1/ik", user: "professional"}, 200))
	if !me.Declared || me.DeclaredVersion != 1 || me.CovenantVersion != 1 {
		t.Errorf("ik after the declaration: %+v", me)
	}
}

func TestLogbook(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.expect(request{method: "GET", path: "/api/v1/partners", user: "coordinator"}, 200)

	for _, user := range []string{"professional", "coordinator", "admin"} {
		f.expect(request{method: "POST", path: "/api/v1/logboek/audit/_zoek", user: user, body: map[string]any{}}, 403)
		f.expect(request{method: "POST", path: "/api/v1/logboek/verwerkingen/_zoek", user: user, body: map[string]any{}}, 403)
		f.expect(request{method: "GET", path: "/api/v1/logboek/controle", user: user}, 403)
	}
	for _, body := range []map[string]any{
		{"aantal": 501},
		{"startIndex": -1},
		{"vanaf": "2026-01-02T00:00:00Z", "tot": "2026-01-01T00:00:00Z"},
		{"betrokkeneId": "x"}, // not a filter of the audit log
		{"vanaf": "gisteren"},
		// In UTC the year 10000 and the year 0: outside what both databases
		// compare alike.
		{"tot": "9999-12-31T23:59:59-14:00"},
		{"vanaf": "0001-01-01T00:00:00+14:00"},
	} {
		f.expect(request{method: "POST", path: "/api/v1/logboek/audit/_zoek", user: "auditor", body: body}, 400)
	}

	page := decode[auditPage](t, f.expect(request{method: "POST", path: "/api/v1/logboek/audit/_zoek", user: "privacy",
		body: map[string]any{"gebruikerId": f.users["coordinator"].ID, "aantal": 1}}, 200))
	if len(page.Entries) != 1 || page.Entries[0].UserID != f.users["coordinator"].ID || page.NextStart == nil {
		t.Fatalf("first page %+v", page)
	}
	next := decode[auditPage](t, f.expect(request{method: "POST", path: "/api/v1/logboek/audit/_zoek", user: "privacy",
		body: map[string]any{"gebruikerId": f.users["coordinator"].ID, "startIndex": *page.NextStart}}, 200))
	for _, e := range next.Entries {
		if e.Index < *page.NextStart {
			t.Errorf("next page starts before the cursor: %+v", e)
		}
	}

	proc := decode[processingPage](t, f.expect(request{method: "POST", path: "/api/v1/logboek/verwerkingen/_zoek", user: "auditor",
		body: map[string]any{"betrokkeneId": "pseudoniem-1"}}, 200))
	if proc.Entries == nil || len(proc.Entries) != 0 {
		t.Errorf("processing log = %+v", proc)
	}

	v := decode[logVerification](t, f.expect(request{method: "GET", path: "/api/v1/logboek/controle", user: "auditor"}, 200))
	if !v.Intact || len(v.Logs) != 2 {
		t.Errorf("controle = %+v", v)
	}
	for _, c := range v.Logs {
		if !c.Intact || c.FirstBad != nil {
			t.Errorf("log %+v", c)
		}
	}
}
