package web

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserCaseworkCorrections walks through the forms that correct a
// running group approach, in the browser and checked with axe-core on
// every page: the police share their criminal item about a member with
// the school, which then sees it, and withdraw the share; the coordinator
// renames the group, ends the school's registered involvement with the
// member and withdraws the school's invitation to a meeting.
func TestBrowserCaseworkCorrections(t *testing.T) {
	w := newCasework2World(t)
	groupPath := "/groepen/" + w.g.ID
	itemPath := "/gegevens/" + w.item.ID
	meetingPath := "/overleggen/" + w.meeting.ID

	t.Run("police share their item with the school", func(t *testing.T) {
		b := w.browse(t, w.agent)
		b.open(itemPath, "gegeven met delen")
		b.expect("item", "Delen met andere partners", "Dit gegeven is met geen enkele partner uitdrukkelijk gedeeld.")
		b.submit(`form[action="` + itemPath + `/delingen"] button[type="submit"]`)
		b.check(itemPath+"/delingen", "delen zonder partner")
		b.expect("refused share", "Kies een partner.")
		b.fill("delenPartnerId", w.school.ID)
		b.submit(`form[action="` + itemPath + `/delingen"] button[type="submit"]`)
		b.here("gegeven gedeeld")
		b.expect("item", "Het gegeven is gedeeld.", "Stedelijk College Utrecht", "Delen intrekken")
	})

	t.Run("the school sees the shared item", func(t *testing.T) {
		b := w.browse(t, w.teacher)
		b.open(itemPath, "gedeeld gegeven (school)")
		b.expect("item", "Aangehouden voor vernieling van een bushokje.", "!Delen met andere partners", "!Gegeven delen")
	})

	t.Run("police withdraw the share", func(t *testing.T) {
		b := w.browse(t, w.agent)
		b.open(itemPath, "gegeven gedeeld (politie)")
		b.submit(`form[action="` + itemPath + `/delingen/intrekken"] button`)
		b.here("delen ingetrokken")
		b.expect("item", "Het delen is ingetrokken.", "Dit gegeven is met geen enkele partner uitdrukkelijk gedeeld.")
	})
	t.Run("coordinator corrects the group approach", func(t *testing.T) {
		b := w.browse(t, w.coordinator)
		b.open(groupPath, "dossier met correctieformulieren")
		b.expect("dossier", "Naam, wijk of vorm wijzigen", "Betrokkenheid beëindigen", "Leerling van de school; verzuim.")

		// The same forms in English.
		b.submit(`form[action="/taal"] button`)
		b.check(groupPath, "dossier (en)")
		b.expect("dossier (en)", "Change name, area or form", "End involvement")
		b.submit(`form[action="/taal"] button`)
		b.check(groupPath, "dossier (nl)")

		b.click(`details:has(form[action="` + groupPath + `"]) > summary`)
		b.run(chromedp.Clear(chromedp.ID("naam")))
		b.submit(`form[action="` + groupPath + `"] button[type="submit"]`)
		b.check(groupPath, "groep wijzigen zonder naam")
		b.expect("refused change", "Vul een naam of alias van de groep in (maximaal 200 tekens).")
		b.fill("naam", "Scooterjongens")
		b.fill("wijk", "Lombok")
		b.click("#vorm-netwerk")
		b.submit(`form[action="` + groupPath + `"] button[type="submit"]`)
		b.here("dossier hernoemd")
		b.expect("dossier", "De gegevens van de groep zijn opgeslagen.", "Scooterjongens", "Wijk: Lombok", "Fluïde netwerk")

		b.submit(`form[action="` + groupPath + `/betrokkenheid/beeindigen"] button[type="submit"]`)
		b.check(groupPath+"/betrokkenheid/beeindigen", "betrokkenheid beëindigen zonder keuze")
		b.expect("refused end", "Kies de betrokkenheid die u beëindigt.", "Vul de reden in.")
		b.fill("beeindigenBetrokkenheid", involvementChoice(w.piet.ID, w.school.ID))
		b.fill("beeindigenReden", "Piet is van school gegaan.")
		b.submit(`form[action="` + groupPath + `/betrokkenheid/beeindigen"] button[type="submit"]`)
		b.here("dossier zonder betrokkenheid")
		b.expect("dossier", "De betrokkenheid is beëindigd.", "!Leerling van de school; verzuim.")

		b.open(meetingPath, "overleg met uitnodigingen")
		b.expect("meeting", "Uitnodiging intrekken", "Blijft uitgenodigd")
		b.submit(`form[action="` + meetingPath + `/uitnodigingen/intrekken"]:has(input[value="` + w.school.ID + `"]) button`)
		b.here("overleg zonder school")
		b.expect("meeting", "De uitnodiging is ingetrokken.", "Politie Midden-Nederland", "!Uitnodiging intrekken")
	})

}
