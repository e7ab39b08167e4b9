package letter

import (
	"fmt"
	"strings"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Decision writes the letter on a correction request (Art 6.2.2: whether
// and how far the request is granted, a refusal with reasons), an
// objection (Art 6.3.2: whether it is justified and which measures
// followed) or a complaint (Art 7.3: the copy of the request to the
// partner's complaints committee; Art 7.4: the joint committee; Art 7.5:
// the outcome).
func Decision(l *ga.DecisionLetter, contact string) ([]byte, error) {
	if l == nil {
		return nil, fmt.Errorf("letter: no decision")
	}
	about := "u"
	if l.Addressee.Name != l.Person.Name {
		about = l.Person.Name
	}
	subjects := map[ga.CaseKind]string{
		ga.CaseCorrection: "Uw verzoek om correctie",
		ga.CaseObjection:  "Uw bezwaar tegen het gebruik van gegevens",
		ga.CaseComplaint:  "Uw klacht",
		ga.CaseAccess:     "Uw verzoek om inzage",
	}
	d := newDoc(subjects[l.Kind], l.WrittenOn.Start())
	d.letterhead(l.Controller, l.Addressee, l.WrittenOn, subjects[l.Kind]+" van "+l.ReceivedOn.Dutch())
	if l.Addressee.Name != l.Person.Name {
		d.para(fmt.Sprintf("U schreef ons als %s van %s.", l.Addressee.Relationship, l.Person.Name))
	}
	switch l.Kind {
	case ga.CaseCorrection:
		d.para(fmt.Sprintf("Op %s vroeg u ons gegevens over %s te verbeteren, aan te vullen, te verwijderen of af te schermen. Hieronder leest u per gegeven wat wij hebben besloten en waarom.", l.ReceivedOn.Dutch(), about))
	case ga.CaseObjection:
		d.para(fmt.Sprintf("Op %s maakte u bezwaar tegen het gebruik van gegevens over %s. In deze brief leest u of wij uw bezwaar terecht vinden en wat wij daarom doen.", l.ReceivedOn.Dutch(), about))
	case ga.CaseComplaint:
		d.para(fmt.Sprintf("Op %s ontvingen wij uw klacht over de manier waarop met gegevens over %s is omgegaan.", l.ReceivedOn.Dutch(), about))
	}

	if c := l.Complaint; c != nil {
		d.heading("Wie behandelt uw klacht?")
		switch c.Route {
		case ga.RouteForward:
			d.para(fmt.Sprintf("Uw klacht gaat over %s. Daarom hebben wij uw klacht op %s doorgestuurd naar %s, met het verzoek om de klacht te behandelen. Deze brief is een kopie van dat verzoek. Voor de behandeling gelden de regels voor klachten van %s.",
				strings.Join(c.Partners, ""), c.ForwardedOn.Dutch(), strings.Join(c.Committees, ""), strings.Join(c.Partners, "")))
		case ga.RouteCommittee:
			d.para(fmt.Sprintf("Uw klacht gaat over meer organisaties: %s. Daarom behandelt een gezamenlijke klachtencommissie uw klacht. Voorzitter is %s, namens de verantwoordelijke.", strings.Join(c.Partners, ", "), c.Chair))
			if len(c.Members) > 0 {
				d.para("Leden van de commissie: " + strings.Join(c.Members, "; ") + ".")
			}
		}
	}

	if len(l.Corrections) > 0 {
		d.heading("Wat hebben wij besloten over de gegevens?")
		for i, c := range l.Corrections {
			verdict := "Toegewezen"
			if !c.Granted {
				verdict = "Afgewezen"
			}
			d.subheading(fmt.Sprintf("Gegeven %d: %s (%s)", i+1, c.Category, c.Date.Dutch()))
			d.field("Gevraagd", actionLabel(c.Action))
			d.field("Besluit", verdict)
			d.field("Reden", c.Motivation)
			if c.Granted {
				d.field("Uitgevoerd", doneLabel(c.Action))
				if len(c.Notified) > 0 {
					d.field("Bericht aan", strings.Join(c.Notified, ", ")+". Deze organisaties hadden het gegeven gekregen; wij hebben hun gemeld wat er is veranderd.")
				}
			}
		}
	}

	if l.Status == ga.CaseDecided {
		d.heading("Ons besluit")
		switch l.Kind {
		case ga.CaseObjection:
			d.field("Uw bezwaar is", l.Outcome)
		case ga.CaseComplaint:
			d.field("Uw klacht is", l.Outcome)
		default:
			d.field("Uitkomst", l.Outcome)
		}
		d.field("Datum", l.DecidedOn.Dutch())
		d.para(l.Motivation)
	} else if l.Kind == ga.CaseComplaint {
		d.para("U hoort binnen vier weken na ontvangst van uw klacht of de klacht gegrond is en welke maatregelen eruit volgen.")
	}

	d.rightsSection(contact)
	d.para("Met vriendelijke groet,")
	d.para(l.Controller)
	return d.bytes()
}

func actionLabel(a ga.CorrectionAction) string {
	switch a {
	case ga.CorrectImprove:
		return "verbeteren"
	case ga.CorrectSupplement:
		return "aanvullen"
	case ga.CorrectDelete:
		return "verwijderen"
	case ga.CorrectBlock:
		return "afschermen (niemand mag het gegeven nog gebruiken)"
	}
	return string(a)
}

func doneLabel(a ga.CorrectionAction) string {
	switch a {
	case ga.CorrectImprove:
		return "het gegeven is verbeterd"
	case ga.CorrectSupplement:
		return "uw aanvulling staat nu bij het gegeven"
	case ga.CorrectDelete:
		return "het gegeven is verwijderd; alleen een aantekening dat het bestond blijft in het logboek"
	case ga.CorrectBlock:
		return "het gegeven is afgeschermd"
	}
	return ""
}
