package api

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// TestRightsAPI walks a request and a complaint through the API: only the
// coordinator and the privacy officer handle them; a request id under
// /klachten (and the other way round) answers 404 like an unknown id; the
// deadline follows the covenant; deciding needs the identity check; the
// overview and the letter hold the person's items, withheld items only as
// ground and motivation, and never another person's.
func TestRightsAPI(t *testing.T) {
	c := newCasework(t)
	noah := c.persons["noah"]
	today := ga.DateOf(c.db.Now())

	for _, user := range []string{"politie", "school", "driehoek", "admin", "auditor"} {
		want := http.StatusForbidden
		c.expect(request{method: "GET", path: "/api/v1/verzoeken", user: user}, want)
		c.expect(request{method: "GET", path: "/api/v1/klachten", user: user}, want)
	}

	found := decode[casePersonList](t, c.expect(request{method: "POST", path: "/api/v1/verzoeken/betrokkenen/_zoek", user: "privacy",
		body: casePersonSearch{Name: "noah jansen", DateOfBirth: noah.DateOfBirth}}, http.StatusOK))
	if len(found.Persons) != 1 || found.Persons[0].ID != noah.ID || len(found.Persons[0].Reps) != 1 {
		t.Fatalf("person search: %+v", found)
	}
	rep := found.Persons[0].Reps[0].ID

	c.expect(request{method: "POST", path: "/api/v1/verzoeken", user: "privacy", body: caseInput{Kind: ga.CaseComplaint,
		ReceivedOn: today, Channel: ga.ChannelEmail, PersonID: noah.ID, Summary: "klacht"}}, http.StatusBadRequest)
	c.expect(request{method: "POST", path: "/api/v1/verzoeken", user: "privacy", body: caseInput{Kind: ga.CaseAccess,
		ReceivedOn: today.AddDays(1), Channel: ga.ChannelEmail, PersonID: noah.ID, Summary: "inzage"}}, http.StatusBadRequest)
	w := c.expect(request{method: "POST", path: "/api/v1/verzoeken", user: "privacy", body: caseInput{Kind: ga.CaseAccess,
		ReceivedOn: today, Channel: ga.ChannelEmail, PersonID: noah.ID, RepresentativeID: rep, Summary: "Welke gegevens hebben jullie over Noah?"}}, http.StatusCreated)
	req := decode[storage.CaseView](t, w)
	if req.DueOn != today.AddDays(c.terms.RequestDeadlineDays) || req.DaysLeft != c.terms.RequestDeadlineDays || req.Overdue || req.PersonName != "Noah Jansen" {
		t.Errorf("registered request: %+v", req)
	}
	if !strings.HasSuffix(w.Header().Get("Location"), "/api/v1/verzoeken/"+req.ID) {
		t.Errorf("Location = %q", w.Header().Get("Location"))
	}
	cw := c.expect(request{method: "POST", path: "/api/v1/klachten", user: "coordinator", body: complaintInput{
		ReceivedOn: today, Channel: ga.ChannelLetter, PersonID: noah.ID, Summary: "De school gaf mijn gegevens door."}}, http.StatusCreated)
	complaint := decode[storage.CaseView](t, cw)

	c.expect(request{method: "GET", path: "/api/v1/klachten/" + req.ID, user: "privacy"}, http.StatusNotFound)
	c.expect(request{method: "GET", path: "/api/v1/verzoeken/" + complaint.ID, user: "privacy"}, http.StatusNotFound)
	c.expect(request{method: "GET", path: "/api/v1/verzoeken/" + unknownID, user: "privacy"}, http.StatusNotFound)
	c.expect(request{method: "GET", path: "/api/v1/verzoeken/" + req.ID, user: "politie"}, http.StatusForbidden)
	list := decode[caseList](t, c.expect(request{method: "GET", path: "/api/v1/verzoeken", user: "coordinator"}, http.StatusOK))
	if len(list.Cases) != 1 || list.Cases[0].ID != req.ID {
		t.Errorf("requests listed: %+v", list.Cases)
	}

	c.expect(request{method: "POST", path: "/api/v1/verzoeken/" + req.ID + "/besluit", user: "privacy",
		body: decisionOnCase{Outcome: "toegewezen", Motivation: "m"}}, http.StatusConflict)
	c.expect(request{method: "POST", path: "/api/v1/verzoeken/" + req.ID + "/verlenging", user: "privacy",
		body: ga.Extension{Months: 3, Reason: "veel", NoticeSentOn: today}}, http.StatusBadRequest)
	ext := decode[storage.CaseView](t, c.expect(request{method: "POST", path: "/api/v1/verzoeken/" + req.ID + "/verlenging", user: "privacy",
		body: ga.Extension{Months: 2, Reason: "Gegevens bij vijf partners", NoticeSentOn: today}}, http.StatusOK))
	if ext.DueOn != today.AddDays(c.terms.RequestDeadlineDays).AddMonths(2) {
		t.Errorf("extended deadline %s", ext.DueOn)
	}
	c.expect(request{method: "POST", path: "/api/v1/verzoeken/" + req.ID + "/identiteitscontrole", user: "privacy",
		body: ga.IdentityCheck{Method: "Paspoort van de moeder gezien aan de balie", CheckedOn: today}}, http.StatusOK)
	c.expect(request{method: "POST", path: "/api/v1/verzoeken/" + req.ID + "/weigeringen", user: "privacy",
		body: ga.Withholding{ItemID: c.items["noah-signaal"].ID, Ground: ga.WithholdCrime, Motivation: "Lopend onderzoek van de politie."}}, http.StatusOK)
	c.expect(request{method: "POST", path: "/api/v1/verzoeken/" + req.ID + "/weigeringen", user: "privacy",
		body: ga.Withholding{ItemID: c.items["sem-strafrechtelijk"].ID, Ground: ga.WithholdCrime, Motivation: "x"}}, http.StatusBadRequest)

	o := decode[ga.AccessOverview](t, c.expect(request{method: "POST", path: "/api/v1/verzoeken/" + req.ID + "/inzageoverzicht", user: "privacy"}, http.StatusOK))
	if len(o.Items) != 0 || len(o.Withheld) != 1 || o.Withheld[0].Motivation != "Lopend onderzoek van de politie." || o.Addressee.Name != "Ouder van Noah Jansen" {
		t.Errorf("overview: items %+v, withheld %+v, addressee %+v", o.Items, o.Withheld, o.Addressee)
	}
	lw := c.expect(request{method: "POST", path: "/api/v1/verzoeken/" + req.ID + "/inzagebrief", user: "privacy"}, http.StatusOK)
	if lw.Header().Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(lw.Body.Bytes(), []byte("%PDF-")) {
		t.Errorf("letter: %s, %q", lw.Header().Get("Content-Type"), lw.Body.Bytes()[:min(8, lw.Body.Len())])
	}
	c.expect(request{method: "POST", path: "/api/v1/klachten/" + complaint.ID + "/besluit", user: "coordinator",
		body: decisionOnCase{Outcome: "ongegrond", Motivation: "De school deelde alleen wat het convenant toestaat."}}, http.StatusOK)
	c.expect(request{method: "POST", path: "/api/v1/verzoeken/" + req.ID + "/besluit", user: "privacy",
		body: decisionOnCase{Outcome: "toegewezen", Motivation: "Overzicht verstrekt; één gegeven geweigerd."}}, http.StatusOK)
	c.expect(request{method: "POST", path: "/api/v1/verzoeken/" + req.ID + "/besluit", user: "privacy",
		body: decisionOnCase{Outcome: "toegewezen", Motivation: "nogmaals"}}, http.StatusConflict)
}

// TestNotificationsAPI lists the notifications of a group after the
// driehoek's decision (409 before), records a sending, refuses a deferral
// without a ground and returns the letter as PDF.
func TestNotificationsAPI(t *testing.T) {
	c := newCasework(t)
	path := "/api/v1/groepen/" + c.main.ID + "/notificaties"
	c.expect(request{method: "GET", path: path, user: "privacy"}, http.StatusConflict)
	c.decide(c.main)
	c.expect(request{method: "GET", path: path, user: "politie"}, http.StatusForbidden)
	list := decode[notificationList](t, c.expect(request{method: "GET", path: path, user: "privacy"}, http.StatusOK))
	noah, sem := c.persons["noah"], c.persons["sem"]
	var rep string
	names := map[string]bool{}
	for _, n := range list.Notifications {
		names[n.AddresseeName] = true
		if n.PersonID == noah.ID && n.RepresentativeID != "" {
			rep = n.RepresentativeID
		}
		if n.Status != ga.NotificationPending || n.Late {
			t.Errorf("%s: %s late=%v, want pending and in time", n.AddresseeName, n.Status, n.Late)
		}
	}
	if len(list.Notifications) != 3 || !names["Noah Jansen"] || !names["Sem de Vries"] || !names["Ouder van Noah Jansen"] || names["Daan Bakker"] {
		t.Fatalf("addressees: %v", names)
	}
	today := ga.DateOf(c.db.Now())
	after := decode[notificationList](t, c.expect(request{method: "POST", path: path + "/verzendingen", user: "coordinator",
		body: notificationSent{notificationAddressee{noah.ID, rep}, today, "post"}}, http.StatusOK))
	for _, n := range after.Notifications {
		if n.RepresentativeID == rep && (n.Status != ga.NotificationSent || n.SentOn != today) {
			t.Errorf("after sending: %+v", n)
		}
	}
	c.expect(request{method: "POST", path: path + "/uitstel", user: "privacy",
		body: notificationDeferral{notificationAddressee{PersonID: sem.ID}, ga.Deferral{Ground: "z", Motivation: "x", ReviewOn: today.AddDays(10)}}}, http.StatusBadRequest)
	c.expect(request{method: "POST", path: path + "/uitstel", user: "privacy",
		body: notificationDeferral{notificationAddressee{PersonID: c.persons["daan"].ID}, ga.Deferral{Ground: "b", Motivation: "x", ReviewOn: today.AddDays(10)}}}, http.StatusNotFound)
	c.expect(request{method: "POST", path: path + "/uitstel", user: "privacy",
		body: notificationDeferral{notificationAddressee{PersonID: sem.ID}, ga.Deferral{Ground: "b", Motivation: "Lopend onderzoek.", ReviewOn: today.AddDays(10)}}}, http.StatusOK)
	lw := c.expect(request{method: "POST", path: path + "/brief", user: "privacy", body: notificationAddressee{noah.ID, rep}}, http.StatusOK)
	if lw.Header().Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(lw.Body.Bytes(), []byte("%PDF-")) {
		t.Errorf("letter: %s", lw.Header().Get("Content-Type"))
	}
}

// TestCorrectionObjectionComplaintAPI decides a correction, confirms its
// notice as the receiving partner, decides an objection with measures and
// routes a complaint, and fetches the letters.
func TestCorrectionObjectionComplaintAPI(t *testing.T) {
	c := newCasework(t)
	c.decide(c.main)
	sem, noah := c.persons["sem"], c.persons["noah"]
	today := ga.DateOf(c.db.Now())
	register := func(kind ga.CaseKind, person string) storage.CaseView {
		path := "/api/v1/verzoeken"
		var body any = caseInput{Kind: kind, ReceivedOn: today, Channel: ga.ChannelLetter, PersonID: person, Summary: "verzoek"}
		if kind == ga.CaseComplaint {
			path, body = "/api/v1/klachten", complaintInput{ReceivedOn: today, Channel: ga.ChannelLetter, PersonID: person, Summary: "klacht"}
		}
		cv := decode[storage.CaseView](t, c.expect(request{method: "POST", path: path, user: "privacy", body: body}, http.StatusCreated))
		if kind != ga.CaseComplaint {
			c.expect(request{method: "POST", path: path + "/" + cv.ID + "/identiteitscontrole", user: "privacy",
				body: ga.IdentityCheck{Method: "Paspoort aan de balie", CheckedOn: today}}, http.StatusOK)
		}
		return cv
	}

	corr := register(ga.CaseCorrection, sem.ID)
	base := "/api/v1/verzoeken/" + corr.ID
	item := c.items["sem-strafrechtelijk"]
	cr := decode[ga.Correction](t, c.expect(request{method: "POST", path: base + "/correcties", user: "privacy",
		body: correctionInput{ItemID: item.ID, Action: ga.CorrectDelete, Granted: true, Motivation: "Niet ter zake dienend."}}, http.StatusOK))
	police := c.partners[ga.KindPolitie].ID
	if len(cr.Notices) == 0 || cr.Notices[0].PartnerID == "" {
		t.Fatalf("notices: %+v", cr.Notices)
	}
	c.expect(request{method: "GET", path: "/api/v1/gegevens/" + item.ID, user: "politie"}, http.StatusNotFound)
	c.expect(request{method: "POST", path: base + "/correcties/" + cr.ID + "/bevestigingen", user: "school",
		body: confirmationInput{PartnerID: police}}, http.StatusNotFound)
	c.expect(request{method: "POST", path: base + "/correcties/" + cr.ID + "/bevestigingen", user: "politie",
		body: confirmationInput{PartnerID: police}}, http.StatusNoContent)
	list := decode[correctionList](t, c.expect(request{method: "GET", path: base + "/correcties", user: "privacy"}, http.StatusOK))
	if len(list.Corrections) != 1 || list.Corrections[0].Notices[0].ConfirmedOn != today {
		t.Errorf("corrections: %+v", list.Corrections)
	}
	lw := c.expect(request{method: "POST", path: base + "/besluitbrief", user: "privacy"}, http.StatusOK)
	if !bytes.HasPrefix(lw.Body.Bytes(), []byte("%PDF-")) {
		t.Error("the decision letter is not a PDF")
	}

	obj := register(ga.CaseObjection, noah.ID)
	c.expect(request{method: "POST", path: "/api/v1/verzoeken/" + obj.ID + "/bezwaarbesluit", user: "privacy",
		body: ga.ObjectionDecision{Justified: false, Motivation: "m", BlockItems: true}}, http.StatusBadRequest)
	done := decode[correctionList](t, c.expect(request{method: "POST", path: "/api/v1/verzoeken/" + obj.ID + "/bezwaarbesluit", user: "privacy",
		body: ga.ObjectionDecision{Justified: true, Motivation: "Gerechtvaardigd.", BlockItems: true}}, http.StatusOK))
	if len(done.Corrections) != 1 || done.Corrections[0].Action != ga.CorrectBlock {
		t.Errorf("objection measures: %+v", done.Corrections)
	}
	c.expect(request{method: "GET", path: "/api/v1/gegevens/" + c.items["noah-signaal"].ID, user: "politie"}, http.StatusNotFound)

	k := register(ga.CaseComplaint, noah.ID)
	c.expect(request{method: "POST", path: "/api/v1/klachten/" + k.ID + "/route", user: "coordinator",
		body: ga.ComplaintHandling{PartnerIDs: []string{c.partners[ga.KindSchool].ID}}}, http.StatusBadRequest)
	c.expect(request{method: "POST", path: "/api/v1/klachten/" + k.ID + "/route", user: "coordinator",
		body: ga.ComplaintHandling{PartnerIDs: []string{c.partners[ga.KindSchool].ID}, ForwardedOn: today}}, http.StatusOK)
	c.expect(request{method: "POST", path: "/api/v1/verzoeken/" + k.ID + "/besluitbrief", user: "coordinator"}, http.StatusNotFound)
	kw := c.expect(request{method: "POST", path: "/api/v1/klachten/" + k.ID + "/brief", user: "coordinator"}, http.StatusOK)
	if !bytes.HasPrefix(kw.Body.Bytes(), []byte("%PDF-")) {
		t.Error("the complaint letter is not a PDF")
	}
}

// TestLettersWaitForIdentityAndDecisionAPI refuses, with 409 and a
// problem+json naming the reason in Dutch, the access overview and the
// access letter of a request whose requester's identity is not recorded
// yet, and the decision letter of a request not decided yet; once the
// identity check (and the decision) is recorded, each answers 200.
func TestLettersWaitForIdentityAndDecisionAPI(t *testing.T) {
	c := newCasework(t)
	today := ga.DateOf(c.db.Now())
	register := func(kind ga.CaseKind) string {
		cv := decode[storage.CaseView](t, c.expect(request{method: "POST", path: "/api/v1/verzoeken", user: "privacy",
			body: caseInput{Kind: kind, ReceivedOn: today, Channel: ga.ChannelEmail, PersonID: c.persons["noah"].ID, Summary: "verzoek"}}, http.StatusCreated))
		return "/api/v1/verzoeken/" + cv.ID
	}
	identify := func(path string) {
		c.expect(request{method: "POST", path: path + "/identiteitscontrole", user: "privacy",
			body: ga.IdentityCheck{Method: "Paspoort aan de balie", CheckedOn: today}}, http.StatusOK)
	}
	decide := func(path string) {
		c.expect(request{method: "POST", path: path + "/besluit", user: "privacy",
			body: decisionOnCase{Outcome: "toegewezen", Motivation: "Verstrekt."}}, http.StatusOK)
	}
	const noIdentity, noDecision = "identiteit van de verzoeker is nog niet vastgesteld", "nog geen besluit op dit verzoek"
	for _, tc := range []struct {
		name    string
		kind    ga.CaseKind
		op      string
		refused string
		// ready records what the output waits for.
		ready func(path string)
	}{
		{"inzageoverzicht before identity", ga.CaseAccess, "/inzageoverzicht", noIdentity, identify},
		{"inzagebrief before identity", ga.CaseAccess, "/inzagebrief", noIdentity, identify},
		{"besluitbrief of an access request before its decision", ga.CaseAccess, "/besluitbrief", noDecision,
			func(path string) { identify(path); decide(path) }},
		{"besluitbrief of a correction before its decision", ga.CaseCorrection, "/besluitbrief", noDecision,
			func(path string) { decide(path) }},
		{"besluitbrief of an objection before its decision", ga.CaseObjection, "/besluitbrief", noDecision,
			func(path string) {
				c.expect(request{method: "POST", path: path + "/bezwaarbesluit", user: "privacy",
					body: ga.ObjectionDecision{Justified: false, Motivation: "Het bezwaar is niet gerechtvaardigd."}}, http.StatusOK)
			}},
	} {
		path := register(tc.kind)
		if tc.kind != ga.CaseAccess {
			identify(path) // a decision letter waits for the decision, not only the identity
		}
		w := c.expect(request{method: "POST", path: path + tc.op, user: "privacy"}, http.StatusConflict)
		p := checkProblem(t, w, http.StatusConflict)
		if p.Code != "conflict" || !strings.Contains(p.Detail, tc.refused) {
			t.Errorf("%s: problem %+v, want code conflict and a detail with %q", tc.name, p, tc.refused)
		}
		if bytes.Contains(w.Body.Bytes(), []byte("Noah")) || bytes.Contains(w.Body.Bytes(), []byte("%PDF-")) {
			t.Errorf("%s: the refusal gives data out: %s", tc.name, w.Body)
		}
		tc.ready(path)
		if ok := c.expect(request{method: "POST", path: path + tc.op, user: "privacy"}, http.StatusOK); ok.Body.Len() == 0 {
			t.Errorf("%s: empty answer once ready", tc.name)
		}
	}
}
