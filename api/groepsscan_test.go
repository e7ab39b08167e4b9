package api

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/groepsaanpak/groepsaanpak/groepsscan"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// registrationsCSV returns n generated registrations up to now as CSV.
func registrationsCSV(t *testing.T, n int) string {
	t.Helper()
	var buf bytes.Buffer
	w, err := groepsscan.NewCSVWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	// Within the retention period of registrations, which an import skips.
	cfg := groepsscan.DefaultGenerateConfig(n, 9, time.Now())
	cfg.Years = 1
	if _, err := groepsscan.Generate(cfg, w.Write); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

var csvHeader = http.Header{"Content-Type": {"text/csv; charset=utf-8"}}

func TestGroepsscanAPI(t *testing.T) {
	c := newCasework(t)
	data := registrationsCSV(t, 1500)
	upload := func(user, p, body string, want int) *storage.ImportReport {
		t.Helper()
		w := c.expect(request{method: "POST", path: p, user: user, body: body, header: csvHeader}, want)
		if want != http.StatusOK {
			return nil
		}
		rep := decode[storage.ImportReport](t, w)
		return &rep
	}

	t.Run("the police upload registrations; a second upload changes nothing", func(t *testing.T) {
		rep := upload("politie", path("registraties"), data, 200)
		if rep.Inserted != 1500 || rep.Valid != 1500 {
			t.Errorf("first upload %+v", rep)
		}
		rep = upload("politie", path("registraties"), data, 200)
		if rep.Unchanged != 1500 || rep.Inserted+rep.Updated != 0 {
			t.Errorf("second upload %+v", rep)
		}
	})
	t.Run("a file with an error imports nothing and names the line", func(t *testing.T) {
		bad := strings.Replace(data, "\nPL", "\nXX PL", 1) // a space is not allowed in an id
		w := c.expect(request{method: "POST", path: path("registraties"), user: "politie", body: bad, header: csvHeader}, 400)
		if got := invalidParams(t, w); len(got) != 1 || got[0] != "regel 2" {
			t.Errorf("invalid params %v", got)
		}
		rep := upload("politie", path("registraties", "_geldige"), bad, 200)
		// The registration's other rows still form it, now without its
		// first person: an update.
		if rep.Rejected != 1 || rep.Errors[0].Line != 2 || rep.Inserted != 0 || rep.Updated != 1 || rep.Unchanged != rep.Valid-1 {
			t.Errorf("skipping upload %+v", rep)
		}
	})
	t.Run("only CSV or JSON Lines", func(t *testing.T) {
		c.expect(request{method: "POST", path: path("registraties"), user: "politie", body: data, header: http.Header{"Content-Type": {"application/json"}}}, 415)
	})
	t.Run("nobody but the police imports", func(t *testing.T) {
		for _, user := range []string{"coordinator", "gemeente", "om", "jeugdhulp", "school", "privacy"} {
			upload(user, path("registraties"), data, 403)
			c.expect(request{method: "GET", path: path("registraties", "_aantal"), user: user}, 403)
			c.expect(request{method: "GET", path: path("groepsscans"), user: user}, 403)
			c.expect(request{method: "POST", path: path("groepsscans"), user: user}, 403)
		}
	})

	w := c.expect(request{method: "POST", path: path("groepsscans"), user: "politie"}, 201)
	scan := decode[storage.ScanSummary](t, w)
	if w.Header().Get("Location") != path("groepsscans", scan.ID) || scan.Groups == 0 {
		t.Fatalf("scan %+v at %s", scan, w.Header().Get("Location"))
	}
	view := decode[storage.ScanView](t, c.expect(request{method: "GET", path: path("groepsscans", scan.ID), user: "politie"}, 200))
	groupID := view.DetectedGroups[0].GroupID
	groupPath := path("groepsscans", scan.ID, "groepen", groupID)
	g := decode[storage.ScanGroupView](t, c.expect(request{method: "GET", path: groupPath, user: "politie"}, 200))
	if len(g.Profile.Members) != g.Size || g.Profile.Members[0].Name == "" || len(g.Profile.Months) < 24 {
		t.Errorf("profile %+v", g.Profile)
	}
	one := 1
	si := decode[storage.SoftInput](t, c.expect(request{method: "POST", path: groupPath + "/zachte-informatie", user: "politie",
		body: softInputInput{MemberIndex: &one, Kind: "observatie", Text: "Neemt jongere kinderen mee naar de groep."}}, 201))
	if !si.Soft || si.Member != g.Profile.Members[1].Name {
		t.Errorf("soft input %+v", si)
	}

	t.Run("before and after the decision, only the police see the scan", func(t *testing.T) {
		unknownScan := "00000000-0000-7000-8000-000000000000"
		for _, user := range []string{"coordinator", "gemeente", "om", "jeugdhulp", "school", "privacy", "driehoek"} {
			if user == "driehoek" {
				// The police's driehoek member is police: the scan is theirs.
				c.expect(request{method: "GET", path: groupPath, user: user}, 200)
				continue
			}
			c.hiddenLikeUnknown(t, "GET", user, nil, path("groepsscans", scan.ID), path("groepsscans", unknownScan))
			c.hiddenLikeUnknown(t, "GET", user, nil, groupPath, path("groepsscans", unknownScan, "groepen", groupID))
			c.hiddenLikeUnknown(t, "POST", user, softInputInput{Kind: "opmerking", Text: "x"}, groupPath+"/zachte-informatie",
				path("groepsscans", unknownScan, "groepen", groupID, "zachte-informatie"))
		}
	})
}

// TestUploadRefusesABrokenHeader: the upload is parsed as it arrives; a broken
// header is refused with its reason, and nothing is imported.
func TestUploadRefusesABrokenHeader(t *testing.T) {
	c := newCasework(t)
	w := c.expect(request{method: "POST", path: path("registraties"), user: "politie", body: "id,wanneer\nx,y\n", header: csvHeader}, 400)
	if !mentions(w, "kopregel") {
		t.Errorf("answer %s", w.Body)
	}
	n := decode[storage.RegistrationCount](t, c.expect(request{method: "GET", path: path("registraties", "_aantal"), user: "politie"}, 200))
	if n.Registrations != 0 {
		t.Errorf("count %+v", n)
	}
}
