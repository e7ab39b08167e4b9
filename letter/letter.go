// Package letter writes the letters of the data subject's rights as PDF
// (covenant Art 6 and 7): Dutch, in plain language that a teenager can
// read (short sentences, one subject per heading), with an embedded UTF-8
// font (the Go fonts of golang.org/x/image) so that nothing is fetched at
// run time and every accent prints. It also writes the police's Groepsscan
// report that goes with their advice to municipality and prosecutor
// (scanreport.go). Each letter is built from a domain value only: the
// letter package never reads the database.
package letter

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// doc is a letter being written: an A4 page with margins, a regular and a
// bold face of the Go font, and helpers for headings, paragraphs and
// labelled lines.
type doc struct {
	pdf *fpdf.Fpdf
}

const (
	family   = "Go"
	bodySize = 11
	lineH    = 5.5
)

func newDoc(title string, at time.Time) *doc {
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes(family, "", goregular.TTF)
	p.AddUTF8FontFromBytes(family, "B", gobold.TTF)
	p.SetMargins(22, 20, 22)
	p.SetAutoPageBreak(true, 20)
	p.SetTitle(title, true)
	p.SetLang("nl-NL")
	p.SetCreator("Groepsaanpak", true)
	p.SetCreationDate(at)
	p.SetModificationDate(at)
	p.AliasNbPages("{nb}")
	p.SetFooterFunc(func() {
		p.SetY(-14)
		p.SetFont(family, "", 8)
		p.CellFormat(0, 4, fmt.Sprintf("%s — pagina %d van {nb}", title, p.PageNo()), "", 0, "C", false, 0, "")
	})
	p.AddPage()
	p.SetFont(family, "", bodySize)
	return &doc{pdf: p}
}

// lines writes lines of text, each on a line of its own.
func (d *doc) lines(ls ...string) {
	for _, l := range ls {
		if strings.TrimSpace(l) == "" {
			continue
		}
		d.pdf.MultiCell(0, lineH, l, "", "L", false)
	}
}

// heading starts a section.
func (d *doc) heading(s string) {
	d.pdf.Ln(3)
	d.pdf.SetFont(family, "B", 12.5)
	d.pdf.MultiCell(0, 6.5, s, "", "L", false)
	d.pdf.SetFont(family, "", bodySize)
	d.pdf.Ln(0.5)
}

// subheading starts a part of a section.
func (d *doc) subheading(s string) {
	d.pdf.Ln(1.5)
	d.pdf.SetFont(family, "B", bodySize)
	d.pdf.MultiCell(0, lineH, s, "", "L", false)
	d.pdf.SetFont(family, "", bodySize)
}

// para writes a paragraph followed by a little space.
func (d *doc) para(s string) {
	d.pdf.MultiCell(0, lineH, s, "", "L", false)
	d.pdf.Ln(1.5)
}

// field writes "label: value" with the label in bold.
func (d *doc) field(label, value string) {
	if strings.TrimSpace(value) == "" {
		return
	}
	d.pdf.SetFont(family, "B", bodySize)
	w := d.pdf.GetStringWidth(label+": ") + 1
	d.pdf.CellFormat(w, lineH, label+": ", "", 0, "L", false, 0, "")
	d.pdf.SetFont(family, "", bodySize)
	d.pdf.MultiCell(0, lineH, value, "", "L", false)
}

// bullet writes one item of a list.
func (d *doc) bullet(s string) {
	left, _, _, _ := d.pdf.GetMargins()
	d.pdf.SetX(left + 3)
	d.pdf.CellFormat(4, lineH, "•", "", 0, "L", false, 0, "")
	d.pdf.MultiCell(0, lineH, s, "", "L", false)
}

// letterhead writes the sender, the addressee, the date and the subject.
func (d *doc) letterhead(sender string, to ga.AccessPerson, on ga.Date, subject string) {
	d.pdf.SetFont(family, "B", bodySize)
	d.lines(sender)
	d.pdf.SetFont(family, "", bodySize)
	d.pdf.Ln(8)
	d.lines(to.Name)
	d.lines(strings.Split(strings.ReplaceAll(to.Address, ", ", "\n"), "\n")...)
	d.pdf.Ln(8)
	d.field("Datum", on.Dutch())
	d.field("Onderwerp", subject)
	d.pdf.Ln(4)
	d.para("Beste " + to.Name + ",")
}

// bytes finishes the letter.
func (d *doc) bytes() ([]byte, error) {
	var b bytes.Buffer
	if err := d.pdf.Output(&b); err != nil {
		return nil, fmt.Errorf("letter: %w", err)
	}
	return b.Bytes(), nil
}

// rightsSection tells the person what they can do next: correction,
// objection, a complaint, and the supervisor (SPEC §6, §7), after the
// bullets first.
func (d *doc) rightsSection(contact string, first ...string) {
	d.heading("Wat kunt u doen?")
	for _, b := range first {
		d.bullet(b)
	}
	d.bullet("Klopt een gegeven niet, is het niet compleet of hoort het hier niet? Vraag ons dan om het te verbeteren, aan te vullen, te verwijderen of af te schermen.")
	d.bullet("Bent u het niet eens met het gebruik van de gegevens? Dan kunt u bezwaar maken.")
	d.bullet("Bent u niet tevreden over hoe een organisatie met de gegevens omging? Dan kunt u een klacht indienen. Wij sturen uw klacht naar de klachtencommissie van die organisatie, of naar een gezamenlijke klachtencommissie als het om meer organisaties gaat.")
	d.bullet("U kunt ook een klacht indienen bij de Autoriteit Persoonsgegevens (autoriteitpersoonsgegevens.nl).")
	d.para("")
	// The contact is the covenant's controller text, which may end in a
	// full stop of its own.
	d.para("Stuur uw vraag, bezwaar of klacht naar: " + strings.TrimRight(strings.TrimSpace(contact), ".") + ". U krijgt binnen vier weken antwoord.")
}
