package letter

import (
	"encoding/json"
	"fmt"
	"strings"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Access writes the letter that answers an access request (covenant Art
// 6.1.3–6.1.5, GDPR Art 15): every item with its date, group, category,
// origin, purpose, legal ground and recipients; the items withheld, with
// ground and motivation only; memberships, measures and meetings; every
// recipient the logs record; retention; and the person's further rights.
// contact is where the person sends a reply.
func Access(o *ga.AccessOverview, contact string) ([]byte, error) {
	if o == nil {
		return nil, fmt.Errorf("letter: no overview")
	}
	// about is how the letter names the person: "u" to the person, the
	// name to a legal representative.
	about := "u"
	if o.Addressee.Name != o.Person.Name {
		about = o.Person.Name
	}
	d := newDoc("Inzage in persoonsgegevens", o.CompiledAt)
	d.letterhead(o.Controller, o.Addressee, ga.DateOf(o.CompiledAt), "Uw verzoek om inzage van "+o.ReceivedOn.Dutch())
	d.para(fmt.Sprintf("Op %s vroeg u ons welke gegevens wij over %s hebben. In deze brief leest u welke gegevens dat zijn, waarom wij ze hebben, van welke organisatie ze komen en welke organisaties ze hebben gezien. Bij deze brief hoort ook een bestand met dezelfde gegevens, dat een computer kan lezen.",
		o.ReceivedOn.Dutch(), about))
	if o.Addressee.Name != o.Person.Name {
		d.para(fmt.Sprintf("U krijgt deze brief als %s van %s (geboren op %s), omdat u de wettelijk vertegenwoordiger bent.",
			o.Addressee.Relationship, o.Person.Name, o.Person.DateOfBirth.Dutch()))
	}

	d.heading("Waarom hebben wij deze gegevens?")
	d.para("Gemeente, politie, Openbaar Ministerie en andere organisaties werken samen om overlast en criminaliteit door jeugdgroepen aan te pakken en jongeren te helpen. Daarvoor hebben zij afspraken gemaakt in een convenant.")
	d.field("Doel", o.Purpose)
	d.field("Wettelijke grondslag", o.LegalBasis)

	d.heading("In welke groep staat " + about + "?")
	if len(o.Memberships) == 0 {
		d.para("Wij hebben " + about + " niet als lid van een groep geregistreerd.")
	}
	for _, m := range o.Memberships {
		s := fmt.Sprintf("%s (%s), als %s, vanaf %s", m.Group, m.Area, roleLabel(m.Role), m.Start.Dutch())
		if !m.End.IsZero() {
			s += " tot en met " + m.End.Dutch()
		}
		d.bullet(s + ".")
	}

	d.heading(fmt.Sprintf("Welke gegevens hebben wij over %s? (%d)", about, len(o.Items)))
	if len(o.Items) == 0 {
		d.para("Wij hebben geen andere gegevens over " + about + " dan hierboven staat.")
	}
	for i, it := range o.Items {
		d.subheading(fmt.Sprintf("Gegeven %d: %s", i+1, it.Category))
		d.field("Datum", it.ConcernsDate.Dutch())
		d.field("Groep", it.Group)
		d.field("Van", it.Source)
		d.field("Soort", itemKind(it))
		d.field("Grondslag", it.LegalGround)
		if it.Status == ga.ItemBlocked {
			d.field("Status", "afgeschermd: niemand mag dit gegeven nog gebruiken")
		}
		d.field("Inhoud", it.Content)
		if len(it.Recipients) == 0 {
			d.field("Gezien door", "geen andere organisatie dan "+it.Source)
		} else {
			var rs []string
			for _, r := range it.Recipients {
				rs = append(rs, r.Partner+" op "+r.Date.Dutch()+" ("+r.What+")")
			}
			d.field("Gezien door", strings.Join(rs, "; "))
		}
	}

	if len(o.Withheld) > 0 {
		d.heading(fmt.Sprintf("Gegevens die wij niet laten zien (%d)", len(o.Withheld)))
		d.para("Sommige gegevens laten wij niet zien. Dat mag alleen om een reden uit de wet (artikel 6.1.4 van het convenant, artikel 23 AVG en artikel 41 UAVG). Hieronder staat per gegeven de reden en de uitleg.")
		for i, w := range o.Withheld {
			d.subheading(fmt.Sprintf("Niet getoond gegeven %d", i+1))
			d.field("Reden", w.GroundLabel)
			d.field("Uitleg", w.Motivation)
		}
	}

	d.heading("Welke maatregelen zijn er voor " + about + "?")
	if len(o.Measures) == 0 {
		d.para("Er zijn geen maatregelen die alleen over " + about + " gaan.")
	}
	for _, m := range o.Measures {
		d.bullet(fmt.Sprintf("%s (%s), door %s, vanaf %s, status: %s.", m.Description, m.Kind, m.Responsible, m.Start.Dutch(), m.Status))
	}

	d.heading("In welke overleggen is over " + about + " gesproken?")
	if len(o.Meetings) == 0 {
		d.para("Er is geen apart overleg over " + about + " geweest.")
	}
	for _, m := range o.Meetings {
		s := fmt.Sprintf("%s, overleg van %s (%s).", m.Group, m.Date.Dutch(), m.Kind)
		if len(m.Partners) > 0 {
			s += " Uitgenodigd: " + strings.Join(m.Partners, ", ") + "."
		}
		d.bullet(s)
		for _, a := range m.Agreements {
			d.bullet("Afspraak: " + a)
		}
	}

	d.heading("Welke organisaties hebben gegevens over " + about + " gezien of gekregen?")
	d.para("Elke keer dat iemand gegevens bekijkt of verandert, wordt dat vastgelegd in een logboek. Volgens dat logboek zijn dit de organisaties die gegevens over " + about + " hebben gezien, gekregen of vastgelegd:")
	if len(o.Recipients) == 0 {
		d.para("Geen.")
	}
	for _, r := range o.Recipients {
		d.bullet(r.Partner + ", " + r.Date.Dutch() + ": " + r.What + ".")
	}

	d.heading("Hoe lang bewaren wij de gegevens?")
	d.para(o.Retention)

	d.rightsSection(contact)
	d.para("Met vriendelijke groet,")
	d.para(o.Controller)
	return d.bytes()
}

// AccessExport is the machine-readable copy of the overview (GDPR Art
// 15(3)): the overview as indented JSON.
func AccessExport(o *ga.AccessOverview) ([]byte, error) {
	b, err := json.MarshalIndent(o, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("letter: export: %w", err)
	}
	return append(b, '\n'), nil
}

func roleLabel(r ga.MembershipRole) string {
	switch r {
	case ga.RoleCore:
		return "kernlid"
	case ga.RoleFollower:
		return "meeloper"
	case ga.RoleRecruit:
		return "nieuw lid (aanwas)"
	}
	return string(r)
}

func itemKind(it ga.AccessItem) string {
	switch {
	case it.Special && it.Criminal:
		return "bijzonder en strafrechtelijk gegeven"
	case it.Special:
		return "bijzonder gegeven (bijvoorbeeld over gezondheid)"
	case it.Criminal:
		return "strafrechtelijk gegeven"
	}
	return "gewoon gegeven"
}
