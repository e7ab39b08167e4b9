package letter_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/letter"
)

// text extracts a PDF's text with pdftotext, white space removed. Without
// pdftotext (poppler-utils) the test is skipped, except in CI.
func text(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("pdftotext is missing in CI: %v", err)
		}
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	path := filepath.Join(t.TempDir(), "brief.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return regexp.MustCompile(`\s+`).ReplaceAllString(string(out), "")
}

// TestAccessLetterKeepsEveryCharacter writes an access letter with the
// accents, ligature-prone words and euro signs of Dutch case files, and
// reads every one back: the embedded UTF-8 font prints them all.
func TestAccessLetterKeepsEveryCharacter(t *testing.T) {
	o := &ga.AccessOverview{
		CompiledAt: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC), ReceivedOn: "2026-11-20", Deadline: "2026-12-18",
		Person:     ga.AccessPerson{Name: "Noëlle Çelik", DateOfBirth: "2008-02-29", Address: "Stationsstraat 22-3, 1012 AD Voorbeeldstad"},
		Controller: "Uitvoeringscoördinator Groepsaanpak", Purpose: "Overlast en criminaliteit door jeugdgroepen aanpakken.",
		Retention: "Twee jaar na afsluiting.",
		Items: []ga.AccessItem{{ID: "i1", Group: "Groep Stationsplein", Category: "Winkeldiefstal", Criminal: true,
			Content: "Energiedrank en snoep, waarde € 23; café „De Ûle” gaf een waarschuwing.", ConcernsDate: "2026-04-08",
			Source: "Politie Eenheid Voorbeeldstad", LegalGround: "Wet politiegegevens art. 8",
			Recipients: []ga.AccessReceipt{{Partner: "Stichting Halt", Date: "2026-05-02", What: "gegevens ingezien"}}}},
		Withheld: []ga.AccessWithheld{{Ground: ga.WithholdProtection, GroundLabel: ga.WithholdProtection.Label(), Motivation: "Bescherming van een melder."}},
	}
	o.Addressee = o.Person
	pdf, err := letter.Access(o, "Postbus 1, 1000 AA Voorbeeldstad")
	if err != nil {
		t.Fatal(err)
	}
	got := text(t, pdf)
	for _, want := range []string{"BesteNoëlleÇelik", "Energiedrankensnoep,waarde€23;café„DeÛle”gafeenwaarschuwing.",
		"StichtingHaltop02-05-2026", "Beschermingvaneenmelder.", "Uitvoeringscoördinator", "Gegevensdiewijnietlatenzien(1)"} {
		if !strings.Contains(got, want) {
			t.Errorf("the letter lacks %q", want)
		}
	}
	if _, err := letter.Access(nil, ""); err == nil {
		t.Error("a letter without an overview")
	}
}

// TestContactEndsOneSentence writes each letter to a person with a contact
// that ends in a full stop, as the demo covenant's controller text does, and
// checks that the sentence naming it ends in one full stop, not two.
func TestContactEndsOneSentence(t *testing.T) {
	const contact = "Uitvoeringscoördinator Groepsaanpak, groepsaanpak@voorbeeldstad.example."
	person := ga.AccessPerson{Name: "Noëlle Çelik", DateOfBirth: "2008-02-29", Address: "Stationsstraat 22-3, 1012 AD Voorbeeldstad"}
	tests := []struct {
		name  string
		write func() ([]byte, error)
	}{
		{"access", func() ([]byte, error) {
			return letter.Access(&ga.AccessOverview{CompiledAt: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC), ReceivedOn: "2026-11-20",
				Deadline: "2026-12-18", Person: person, Addressee: person, Controller: contact}, contact)
		}},
		{"decision", func() ([]byte, error) {
			return letter.Decision(&ga.DecisionLetter{Controller: contact, Person: person, Addressee: person, Kind: ga.CaseAccess,
				ReceivedOn: "2026-11-20", DecidedOn: "2026-11-27", Outcome: "toegewezen", Motivation: "Alle gegevens.", WrittenOn: "2026-11-27"}, contact)
		}},
		{"notification", func() ([]byte, error) {
			return letter.Notification(&ga.NotificationLetter{Person: person, Addressee: person, Group: "Groep Stationsplein",
				Area: "Centrum", DecidedOn: "2026-03-05", Controller: contact, WrittenOn: "2026-03-06"}, contact)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf, err := tt.write()
			if err != nil {
				t.Fatal(err)
			}
			got := text(t, pdf)
			if !strings.Contains(got, "naar:UitvoeringscoördinatorGroepsaanpak,groepsaanpak@voorbeeldstad.example.Ukrijgt") {
				t.Errorf("the letter lacks the contact sentence:\n%s", got)
			}
			if strings.Contains(got, "example..") {
				t.Errorf("the contact sentence ends in two full stops:\n%s", got)
			}
		})
	}
}
