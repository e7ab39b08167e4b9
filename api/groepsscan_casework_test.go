package api

import (
	"net/http"
	"strings"
	"testing"

	"github.com/groepsaanpak/groepsaanpak/storage"
)

// TestGroepsscanIntoCaseworkAPI: the police create a group from a detected
// group (201 with the name list, Location of the group), a second time is
// 409 and the link answers the group; the attached scan is the police's
// alone before the decision; the report is a PDF for the police only.
func TestGroepsscanIntoCaseworkAPI(t *testing.T) {
	c := newCasework(t)
	c.expect(request{method: "POST", path: path("registraties"), user: "politie", body: registrationsCSV(t, 1500), header: csvHeader}, 200)
	scan := decode[storage.ScanSummary](t, c.expect(request{method: "POST", path: path("groepsscans"), user: "politie"}, 201))
	view := decode[storage.ScanView](t, c.expect(request{method: "GET", path: path("groepsscans", scan.ID), user: "politie"}, 200))
	groupID := view.DetectedGroups[0].GroupID
	groupPath := path("groepsscans", scan.ID, "groepen", groupID)
	detected := decode[storage.ScanGroupView](t, c.expect(request{method: "GET", path: groupPath, user: "politie"}, 200))
	in := storage.ScanCaseworkInput{Name: "Groep Skatebaan", Area: "Centrum", Form: "groep"}

	c.expect(request{method: "GET", path: groupPath + "/groep", user: "politie"}, 404)
	for _, user := range []string{"coordinator", "gemeente", "om"} {
		c.expect(request{method: "POST", path: groupPath + "/groep", user: user, body: in}, 404)
		c.expect(request{method: "GET", path: groupPath + "/rapport", user: user}, 404)
	}
	w := c.expect(request{method: "POST", path: groupPath + "/groep", user: "politie", body: in}, 201)
	res := decode[storage.ScanCasework](t, w)
	if w.Header().Get("Location") != path("groepen", res.Group.ID) || res.Group.Step != "informatie" || len(res.Members) != detected.Size {
		t.Fatalf("created %+v at %s", res, w.Header().Get("Location"))
	}
	for i, m := range res.Members {
		if m.Name != detected.Profile.Members[i].Name || m.PersonID == "" {
			t.Errorf("name list %d: %+v, detected %s", i, m, detected.Profile.Members[i].Name)
		}
	}
	dup := c.expect(request{method: "POST", path: groupPath + "/groep", user: "politie", body: in}, 409)
	if !mentions(dup, "al een groep in de casus") {
		t.Errorf("second creation: %s", dup.Body)
	}
	link := decode[storage.ScanGroupCasework](t, c.expect(request{method: "GET", path: groupPath + "/groep", user: "politie"}, 200))
	if link.GroupID != res.Group.ID {
		t.Errorf("link %+v", link)
	}

	attached := decode[storage.AttachedScan](t, c.expect(request{method: "GET", path: path("groepen", res.Group.ID, "groepsscan"), user: "politie"}, 200))
	if !attached.Full || attached.ScanGroupID != groupID || len(attached.Members) != detected.Size {
		t.Errorf("police view %+v", attached)
	}
	// The coordinator sees the group but not its scan before the decision.
	c.expect(request{method: "GET", path: path("groepen", res.Group.ID), user: "coordinator"}, 200)
	c.hiddenLikeUnknown(t, "GET", "coordinator", nil, path("groepen", res.Group.ID, "groepsscan"), path("groepen", "00000000-0000-7000-8000-000000000000", "groepsscan"))

	pdf := c.expect(request{method: "GET", path: groupPath + "/rapport", user: "politie"}, 200)
	if pdf.Header().Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf.Body.String(), "%PDF-") {
		t.Errorf("report %s", pdf.Header().Get("Content-Type"))
	}
	if pdf.Code != http.StatusOK {
		t.Errorf("report status %d", pdf.Code)
	}
}
