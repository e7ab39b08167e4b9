package api

import (
	"net/http"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// TestCorrectionNoticesAPI: after a granted correction the source partner
// (the police) lists the notice addressed to it, without the item's
// content; another partner lists nothing and cannot confirm it; the
// police confirms once, after which the list is empty.
func TestCorrectionNoticesAPI(t *testing.T) {
	c := newCasework(t)
	c.decide(c.main)
	sem := c.persons["sem"]
	today := ga.DateOf(c.db.Now())
	cv := decode[storage.CaseView](t, c.expect(request{method: "POST", path: "/api/v1/verzoeken", user: "privacy",
		body: caseInput{Kind: ga.CaseCorrection, ReceivedOn: today, Channel: ga.ChannelLetter, PersonID: sem.ID, Summary: "verzoek"}}, http.StatusCreated))
	base := "/api/v1/verzoeken/" + cv.ID
	c.expect(request{method: "POST", path: base + "/identiteitscontrole", user: "privacy",
		body: ga.IdentityCheck{Method: "Paspoort aan de balie", CheckedOn: today}}, http.StatusOK)

	empty := decode[correctionNoticeList](t, c.expect(request{method: "GET", path: "/api/v1/correctieberichten", user: "politie"}, http.StatusOK))
	if len(empty.Notices) != 0 {
		t.Fatalf("notices before any correction: %+v", empty.Notices)
	}
	item := c.items["sem-strafrechtelijk"]
	cr := decode[ga.Correction](t, c.expect(request{method: "POST", path: base + "/correcties", user: "privacy",
		body: correctionInput{ItemID: item.ID, Action: ga.CorrectDelete, Granted: true, Motivation: "Niet ter zake dienend."}}, http.StatusOK))

	w := c.expect(request{method: "GET", path: "/api/v1/correctieberichten", user: "politie"}, http.StatusOK)
	list := decode[correctionNoticeList](t, w)
	if len(list.Notices) != 1 {
		t.Fatalf("police notices: %+v", list.Notices)
	}
	n := list.Notices[0]
	if n.CorrectionID != cr.ID || n.ItemID != item.ID || n.Person != sem.Name || n.Action != ga.CorrectDelete || n.NotifiedOn != today || n.Viewable {
		t.Errorf("notice: %+v", n)
	}
	if other := decode[correctionNoticeList](t, c.expect(request{method: "GET", path: "/api/v1/correctieberichten", user: "school"}, http.StatusOK)); len(other.Notices) != 0 {
		t.Errorf("the school lists a notice addressed to the police: %+v", other.Notices)
	}
	c.expect(request{method: "POST", path: "/api/v1/correctieberichten/" + cr.ID + "/bevestiging", user: "school"}, http.StatusNotFound)
	c.expect(request{method: "POST", path: "/api/v1/correctieberichten/not-an-id/bevestiging", user: "politie"}, http.StatusBadRequest)
	c.expect(request{method: "POST", path: "/api/v1/correctieberichten/" + cr.ID + "/bevestiging", user: "politie"}, http.StatusNoContent)
	if after := decode[correctionNoticeList](t, c.expect(request{method: "GET", path: "/api/v1/correctieberichten", user: "politie"}, http.StatusOK)); len(after.Notices) != 0 {
		t.Errorf("a confirmed notice is still listed: %+v", after.Notices)
	}
	all := decode[correctionList](t, c.expect(request{method: "GET", path: base + "/correcties", user: "privacy"}, http.StatusOK))
	for _, cn := range all.Corrections[0].Notices {
		if cn.PartnerID == c.partners[ga.KindPolitie].ID && cn.ConfirmedOn != today {
			t.Errorf("the police's confirmation is not recorded: %+v", cn)
		}
	}
}
