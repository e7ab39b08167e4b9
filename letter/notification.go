package letter

import (
	"fmt"
	"strings"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Notification writes the letter that tells a member of a group (or the
// legal representative of a member under 16) that the partners process
// their personal data (covenant Art 6.1.1, GDPR Art 13 and 14): what is
// processed, by whom, why, who receives it, how long it is kept, and the
// person's rights and complaint route. contact is where the person sends
// a request or complaint.
func Notification(l *ga.NotificationLetter, contact string) ([]byte, error) {
	if l == nil {
		return nil, fmt.Errorf("letter: no notification")
	}
	about, aboutCap := "u", "U"
	if l.Addressee.Name != l.Person.Name {
		about, aboutCap = l.Person.Name, l.Person.Name
	}
	d := newDoc("Bericht over de verwerking van persoonsgegevens", l.WrittenOn.Start())
	d.letterhead(l.Controller, l.Addressee, l.WrittenOn, "Wij verwerken gegevens over "+about)
	d.para(fmt.Sprintf("Met deze brief laten wij u weten dat gemeente, politie, Openbaar Ministerie en andere organisaties samen gegevens over %s verwerken. Dat is de wet: u mag weten wat wij over %s vastleggen en waarom.", about, about))
	if l.Addressee.Name != l.Person.Name {
		d.para(fmt.Sprintf("U krijgt deze brief als %s van %s (geboren op %s), omdat %s jonger is dan 16 jaar.",
			l.Addressee.Relationship, l.Person.Name, l.Person.DateOfBirth.Dutch(), l.Person.Name))
	}

	d.heading("Waarom krijgt u deze brief?")
	d.para(fmt.Sprintf("%s is in beeld als lid van %s (%s). Op %s heeft de driehoek (burgemeester, politie en Openbaar Ministerie) besloten om voor deze groep een groepsaanpak te starten. Daarbij mogen de organisaties die meedoen gegevens over de leden van de groep verzamelen en met elkaar delen.",
		aboutCap, l.Group, l.Area, l.DecidedOn.Dutch()))

	d.heading("Waarvoor gebruiken wij de gegevens?")
	d.field("Doel", l.Purpose)
	d.field("Wettelijke grondslag", l.LegalBasis)

	d.heading("Welke gegevens verwerken wij?")
	d.para(l.Categories)

	d.heading("Wie werken er samen en wie krijgen de gegevens?")
	if len(l.Partners) > 0 {
		d.para("Deze organisaties doen mee aan de groepsaanpak: " + strings.Join(l.Partners, ", ") + ".")
	}
	d.para("Elke organisatie ziet alleen wat zij nodig heeft voor haar taak. " + l.Recipients)

	d.heading("Wie is verantwoordelijk?")
	d.para(l.Controller)

	d.heading("Hoe lang bewaren wij de gegevens?")
	d.para(l.Retention)

	d.rightsSection(contact, "U mag vragen welke gegevens wij over "+about+" hebben, en welke organisaties ze hebben gezien (inzage).")
	d.para("Met vriendelijke groet,")
	d.para(l.Controller)
	return d.bytes()
}
