package web

// rights2Messages are the texts of the partner's page of corrections to
// confirm (GDPR Art 19) and its link on the start page.
func rights2Messages() []message {
	return []message{
		{"corrnotice.title", "Correcties om te bevestigen", "Corrections to confirm"},
		{"corrnotice.heading", "Correcties om te bevestigen", "Corrections to confirm"},
		{"corrnotice.intro", "Uw organisatie heeft deze gegevens ontvangen. Op verzoek van de betrokkene zijn ze verbeterd, aangevuld, verwijderd of afgeschermd (artikel 6.2 van het convenant, artikel 19 AVG). Voer de correctie ook door in uw eigen administratie en bevestig dat hier.", "Your organisation received these items. At the data subject's request they were improved, supplemented, deleted or blocked (covenant Art 6.2, GDPR Art 19). Carry the correction through in your own records too and confirm that here."},
		{"corrnotice.person", "Betrokkene", "Data subject"},
		{"corrnotice.item", "Gegeven", "Item"},
		{"corrnotice.action", "Correctie", "Correction"},
		{"corrnotice.notified_on", "Bericht op", "Notified on"},
		{"corrnotice.confirm_column", "Bevestigen", "Confirm"},
		{"corrnotice.confirm", "Doorgevoerd en bevestigen", "Carried through, confirm"},
		{"corrnotice.confirm_for", "correctie van %s (%s)", "correction of %s (%s)"},
		{"corrnotice.none", "Er zijn geen correcties die uw organisatie nog moet bevestigen.", "There are no corrections left for your organisation to confirm."},
		{"corrnotice.action.verbeteren", "Verbeterd", "Improved"},
		{"corrnotice.action.aanvullen", "Aangevuld", "Supplemented"},
		{"corrnotice.action.verwijderen", "Verwijderd", "Deleted"},
		{"corrnotice.action.afschermen", "Afgeschermd", "Blocked"},
		{"home.corrections", "Correcties om te bevestigen", "Corrections to confirm"},
		{"home.corrections_text", "Gegevens die uw organisatie ontving, zijn gecorrigeerd. Voer de correctie door en bevestig dat.", "Items your organisation received were corrected. Carry the correction through and confirm it."},
		{"home.corrections_link", "Correcties bekijken en bevestigen (%d)", "View and confirm the corrections (%d)"},
		{flashCorrectionConfirmed, "De correctie is bevestigd.", "The correction has been confirmed."},
	}
}
