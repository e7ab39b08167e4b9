package letter

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/groepsscan"
)

// ScanReport is what the scan report of a detected group is made from: the
// police's Groepsscan that goes with the letter of police advice to the
// municipality and the prosecutor (SPEC §2, step 2B).
type ScanReport struct {
	// Police is the sending police partner.
	Police string
	// MadeOn is the date of the report.
	MadeOn ga.Date
	// ScanID and GroupID name the scan and the detected group's stable id.
	ScanID, GroupID string
	// Casework is the name of the casework group made from the detected
	// group, empty when none was made.
	Casework string
	Profile  groepsscan.Profile
	// Uncertain is the number of uncertain person matches of the members.
	Uncertain int
	SoftInput []ScanSoftInput
}

// ScanSoftInput is one piece of the neighbourhood officer's soft input.
type ScanSoftInput struct {
	// Member is the member it is about, empty for the group as a whole.
	Member string
	Kind   ga.SoftInputKind
	Text   string
	On     ga.Date
}

var softKindLabels = map[ga.SoftInputKind]string{
	ga.SoftObservation: "Observatie",
	ga.SoftHangout:     "Hangplek",
	ga.SoftRemark:      "Opmerking",
}

var categoryLabels = [3]string{"overlast", "criminaliteit", "zorg"}

var dutchMonths = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// monthName turns "2026-03" into "maart 2026".
func monthName(m string) string {
	t, err := time.Parse("2006-01", m)
	if err != nil {
		return m
	}
	return dutchMonths[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// Scan writes the scan report of a detected group as PDF: the group, the
// members with their suggested role and age, the registrations by
// category per month, the top incident codes, areas and locations, the
// care signals, the neighbourhood officer's soft input marked as such, the
// behaviour description and the older shortlist method's classification
// suggestion with its rules. It is police information under the Wpg and
// says so on every page.
func Scan(r *ScanReport) ([]byte, error) {
	if r == nil {
		return nil, fmt.Errorf("letter: no scan report")
	}
	p := r.Profile
	title := "Groepsscan — rapport bij het politieadvies"
	d := newDoc(title, r.MadeOn.Start())
	d.pdf.SetFont(family, "B", 15)
	d.pdf.MultiCell(0, 8, title, "", "L", false)
	d.pdf.SetFont(family, "", bodySize)
	d.pdf.Ln(2)
	d.field("Van", r.Police)
	d.field("Aan", "Gemeente en Openbaar Ministerie, bij het advies van de politie (stap 2B van het werkproces)")
	d.field("Datum", r.MadeOn.Dutch())
	d.field("Gedetecteerde groep", r.GroupID)
	d.field("Groep in de casus", r.Casework)
	d.field("Periode", ga.DateOf(p.From).Dutch()+" tot "+ga.DateOf(p.To).Dutch())
	d.pdf.Ln(2)
	d.para("Vertrouwelijk. Dit rapport bevat politiegegevens (Wet politiegegevens). Het is alleen bedoeld voor het advies aan de gemeente en het Openbaar Ministerie over deze groep. Deel het niet verder. Tot het besluit van de driehoek ziet alleen de politie de Groepsscan.")

	d.heading("De groep")
	d.para(fmt.Sprintf("%d leden, van wie %d kernleden. Leeftijd %d tot en met %d jaar, gemiddeld %s jaar. Betrokken bij %d registraties: %d overlast, %d criminaliteit en %d zorg.",
		p.Size, p.Core, p.AgeMin, p.AgeMax, strings.ReplaceAll(strconv.FormatFloat(p.AgeMean, 'f', 1, 64), ".", ","),
		p.Registrations, p.Categories[0], p.Categories[1], p.Categories[2]))

	d.heading("Beschrijving van het gedrag")
	d.para(p.Description)

	d.heading("Leden")
	d.para("De rol is een voorstel uit de scan: kern als het lid sterk verbonden is met de anderen (ten minste de helft van de sterkste verbinding in de groep), anders meeloper.")
	for i, m := range p.Members {
		d.bullet(fmt.Sprintf("%d. %s, geboren %s, %d jaar. Voorgestelde rol: %s. %d registraties, waarvan %d als verdachte (%d overlast, %d criminaliteit, %d zorg); %d zorgsignalen; banden met %d leden.",
			i+1, m.Name, m.DateOfBirth.Dutch(), m.Age, m.Role, m.Registrations, m.AsSuspect, m.Categories[0], m.Categories[1], m.Categories[2], m.CareSignals, m.Ties))
	}
	if r.Uncertain > 0 {
		d.para(fmt.Sprintf("Let op: bij de leden staan %d onzekere matches met andere personen (bijvoorbeeld een tikfout in de naam). De scan heeft ze niet samengevoegd; de politie beoordeelt ze.", r.Uncertain))
	}

	d.heading("Registraties per categorie per maand")
	d.monthTable(p.Months)

	d.heading("Meest voorkomende incidentcodes")
	d.counts(p.Codes, "Geen incidentcodes.")
	d.heading("Wijken")
	d.counts(p.Areas, "Geen wijken.")
	d.heading("Locaties en hangplekken")
	d.counts(p.Locations, "Geen locaties.")

	d.heading("Zorgsignalen")
	d.para(fmt.Sprintf("%d zorgsignalen: registraties in de categorie zorg waarbij een lid betrokken is, en registraties waarin een lid slachtoffer is.", p.CareSignals))

	d.heading("Zachte informatie van de wijkagent")
	d.para("Dit is zachte informatie: waarnemingen en opmerkingen van de wijkagent, geen registraties. Zij staat apart van de registraties en telt niet mee in de cijfers hierboven.")
	if len(r.SoftInput) == 0 {
		d.para("Er is geen zachte informatie vastgelegd.")
	}
	for _, s := range r.SoftInput {
		about := "de groep"
		if s.Member != "" {
			about = s.Member
		}
		d.bullet(fmt.Sprintf("[Zachte informatie] %s over %s, %s: %s", softKindLabels[s.Kind], about, s.On.Dutch(), s.Text))
	}

	d.heading("Suggestie volgens de oudere shortlistmethode")
	d.para("De huidige werkwijze beschrijft het gedrag van een groep en plakt er geen etiket op. De classificatie van de oudere shortlistmethode staat hier alleen als suggestie, met de regels waaruit zij volgt.")
	d.field("Suggestie", string(p.Suggested))
	d.field("Waarom", p.SuggestedBecause)
	d.subheading("De regels (registraties omgerekend naar een jaar)")
	d.bullet("Crimineel: ten minste 10 criminaliteitsregistraties per jaar, en criminaliteit is ten minste 40% van de overlast- en criminaliteitsregistraties samen.")
	d.bullet("Anders overlastgevend: ten minste 10 overlast- en criminaliteitsregistraties per jaar samen, of ten minste 3 criminaliteitsregistraties per jaar.")
	d.bullet("Anders hinderlijk.")
	return d.bytes()
}

// counts writes a list of values with how often they occur.
func (d *doc) counts(cs []groepsscan.Count, none string) {
	if len(cs) == 0 {
		d.para(none)
		return
	}
	for _, c := range cs {
		d.bullet(fmt.Sprintf("%s: %d×", c.Value, c.N))
	}
}

// monthTable writes the registrations per month as a table with a header
// row; months without registrations are left out and named in one line.
func (d *doc) monthTable(months []groepsscan.MonthCount) {
	widths := []float64{50, 28, 34, 22, 22}
	header := []string{"Maand", categoryLabels[0], categoryLabels[1], categoryLabels[2], "totaal"}
	row := func(cells []string, bold bool) {
		style := ""
		if bold {
			style = "B"
		}
		d.pdf.SetFont(family, style, 10)
		for i, c := range cells {
			align := "R"
			if i == 0 {
				align = "L"
			}
			d.pdf.CellFormat(widths[i], 5.5, c, "B", 0, align, false, 0, "")
		}
		d.pdf.Ln(-1)
	}
	quiet := 0
	row(header, true)
	for _, m := range months {
		total := m.Counts[0] + m.Counts[1] + m.Counts[2]
		if total == 0 {
			quiet++
			continue
		}
		row([]string{monthName(m.Month), strconv.Itoa(m.Counts[0]), strconv.Itoa(m.Counts[1]), strconv.Itoa(m.Counts[2]), strconv.Itoa(total)}, false)
	}
	d.pdf.SetFont(family, "", bodySize)
	d.pdf.Ln(1.5)
	if quiet > 0 {
		d.para(fmt.Sprintf("In de overige %d maanden van de periode zijn geen registraties.", quiet))
	}
}
