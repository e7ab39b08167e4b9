package web

import "github.com/groepsaanpak/groepsaanpak/storage"

// scanwireMessages are the texts of the Groepsscan's way into the casework
// (groepsscan_casework.go): the form on a detected group's page, the scan
// report and the attached scan on a group's page.
func scanwireMessages() []message {
	return []message{
		{"scanwire.heading", "In de casus", "In the casework"},
		{"scanwire.report", "Rapport van de groepsscan downloaden (PDF)", "Download the group scan report (PDF)"},
		{"scanwire.made", "Van deze gedetecteerde groep is al een groep in de casus gemaakt:", "A casework group has already been made from this detected group:"},
		{"scanwire.create_heading", "Groep aanmaken in de casus", "Create the group in the casework"},
		{"scanwire.create_intro", "Maakt een groep in stap 2 (informatie verzamelen) met de gekozen leden als namenlijst en deze scan als bron. Een lid dat uw organisatie al heeft vastgelegd met dezelfde naam en geboortedatum wordt hergebruikt. Van leden jonger dan 16 legt u daarna de wettelijk vertegenwoordigers vast. Tot het besluit van de driehoek ziet alleen de politie de scan.", "Creates a group in step 2 (gathering information) with the chosen members as its name list and this scan as its source. A member your organisation already registered with the same name and date of birth is reused. For members under 16 you then record the legal representatives. Until the driehoek's decision only the police see the scan."},
		{"scanwire.members", "Namenlijst", "Name list"},
		{"scanwire.members_desc", "Kies de leden die op de namenlijst komen. Laat een lid weg dat niet bij de groep hoort.", "Choose the members that go on the name list. Leave out a member who does not belong to the group."},
		{"scanwire.member_option", "%d. %s (%d jaar, %s)", "%d. %s (%d years, %s)"},
		{"scanwire.create", "Groep aanmaken in de casus", "Create the group in the casework"},
		{"scanwire.source_heading", "Bron: Groepsscan", "Source: group scan"},
		{"scanwire.source", "Bron: Groepsscan, aan deze groep gekoppeld op %s.", "Source: group scan, attached to this group on %s."},
		{"scanwire.source_link", "Het profiel van de gedetecteerde groep bekijken", "View the detected group's profile"},
		{"scanwire.police_only", "Alleen de politie ziet de scan en de registraties. Na het besluit van de driehoek zien de deelnemende partners alleen de samenvatting hieronder.", "Only the police see the scan and the registrations. After the driehoek's decision the participating partners see only the summary below."},
		{"scanwire.reps_missing", "Nog aanvullen: deze leden zijn jonger dan 16 en hebben nog geen wettelijk vertegenwoordiger.", "Still to complete: these members are under 16 and have no legal representative yet."},
		{"scanwire.summary_intro", "Samenvatting van de Groepsscan van de politie, na het besluit van de driehoek. Gegevens over leden en de registraties zelf staan er niet in.", "Summary of the police's group scan, after the driehoek's decision. It holds no data of members and not the registrations themselves."},
		{"scanwire.summary_counts", "%d registraties: %d overlast, %d criminaliteit, %d zorg.", "%d registrations: %d nuisance, %d crime, %d care."},
		{"scanwire.suggestion", "Suggestie volgens de shortlist", "Suggestion by the shortlist"},
		// The storage's refusal of a second creation, for its English text.
		{"scanwire.already", storage.MsgAlreadyCasework, "A casework group has already been made from this detected group. A detected group becomes a casework group only once."},
		{flashScanGroupCreated, "De groep is aangemaakt met de namenlijst en de groepsscan als bron.", "The group was created with its name list and the group scan as its source."},
	}
}
