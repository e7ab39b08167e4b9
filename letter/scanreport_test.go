package letter_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/groepsscan"
	"github.com/groepsaanpak/groepsaanpak/letter"
)

// TestScanReportText writes the scan report of a detected group and reads
// every part back with pdftotext: group, members with role and age,
// registrations per category per month, codes, areas, locations, care
// signals, soft input marked as such, the description and the shortlist
// suggestion with its rules.
func TestScanReportText(t *testing.T) {
	from, to := time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	r := &letter.ScanReport{
		Police: "Politie Eenheid Voorbeeldstad", MadeOn: "2026-11-29", ScanID: "scan-1", GroupID: "groep-7f3a", Casework: "Groep Snackbar",
		Profile: groepsscan.Profile{
			From: from, To: to, Size: 3, Core: 2, AgeMin: 15, AgeMax: 19, AgeMean: 17.3, Registrations: 14,
			Categories: [3]int{8, 5, 1},
			Months: []groepsscan.MonthCount{
				{Month: "2026-02", Counts: [3]int{0, 0, 0}},
				{Month: "2026-03", Counts: [3]int{6, 2, 0}},
				{Month: "2026-04", Counts: [3]int{2, 3, 1}},
			},
			Codes:     []groepsscan.Count{{Value: "F81 Jeugdoverlast", N: 8}, {Value: "B70 Winkeldiefstal", N: 5}},
			Areas:     []groepsscan.Count{{Value: "Centrum", N: 12}},
			Locations: []groepsscan.Count{{Value: "Snackbar Stationsplein", N: 9}},
			Members: []groepsscan.MemberProfile{
				{Name: "Noëlle Çelik", DateOfBirth: "2009-05-02", Age: 17, Role: groepsscan.Kern, Registrations: 12, AsSuspect: 10, Categories: [3]int{7, 4, 1}, CareSignals: 1, Ties: 2},
				{Name: "Ayoub el Amrani", DateOfBirth: "2011-03-14", Age: 15, Role: groepsscan.Meeloper, Registrations: 4, AsSuspect: 3, Categories: [3]int{3, 1, 0}, Ties: 1},
			},
			CareSignals:      2,
			Description:      "Groep van 3 personen (2 kernleden), vooral bij de snackbar.",
			Suggested:        groepsscan.Overlastgevend,
			SuggestedBecause: "4,0 overlast- en 2,5 criminaliteitsregistraties per jaar",
		},
		Uncertain: 1,
		SoftInput: []letter.ScanSoftInput{
			{Member: "Ayoub el Amrani", Kind: ga.SoftHangout, Text: "Zit 's avonds bij de jeu-de-boulesbaan", On: "2026-11-20"},
			{Kind: ga.SoftObservation, Text: "Groep wordt groter in de vakantie", On: "2026-10-02"},
		},
	}
	pdf, err := letter.Scan(r)
	if err != nil {
		t.Fatal(err)
	}
	got := text(t, pdf)
	ws := regexp.MustCompile(`\s+`)
	for _, want := range []string{
		"Groepsscan — rapport bij het politieadvies", "Politie Eenheid Voorbeeldstad", "Gemeente en Openbaar Ministerie", "29-11-2026",
		"groep-7f3a", "Groep Snackbar", "01-12-2024 tot 01-12-2026", "Vertrouwelijk",
		"3 leden, van wie 2 kernleden", "gemiddeld 17,3 jaar", "8 overlast, 5 criminaliteit en 1 zorg",
		"Groep van 3 personen (2 kernleden), vooral bij de snackbar.",
		"1. Noëlle Çelik, geboren 02-05-2009, 17 jaar. Voorgestelde rol: kern.", "12 registraties, waarvan 10 als verdachte",
		"2. Ayoub el Amrani, geboren 14-03-2011, 15 jaar. Voorgestelde rol: meeloper.",
		"1 onzekere matches",
		"Maand overlast criminaliteit zorg totaal", "maart 2026 6 2 0 8", "april 2026 2 3 1 6", "In de overige 1 maanden",
		"F81 Jeugdoverlast: 8×", "B70 Winkeldiefstal: 5×", "Centrum: 12×", "Snackbar Stationsplein: 9×",
		"2 zorgsignalen",
		"[Zachte informatie] Hangplek over Ayoub el Amrani, 20-11-2026: Zit 's avonds bij de jeu-de-boulesbaan",
		"[Zachte informatie] Observatie over de groep, 02-10-2026: Groep wordt groter in de vakantie",
		"Suggestie: overlastgevend", "4,0 overlast- en 2,5 criminaliteitsregistraties per jaar",
		"Crimineel: ten minste 10 criminaliteitsregistraties per jaar", "Anders hinderlijk.",
	} {
		if !strings.Contains(got, ws.ReplaceAllString(want, "")) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if strings.Contains(got, "februari2026") {
		t.Error("a month without registrations has a row")
	}
}
