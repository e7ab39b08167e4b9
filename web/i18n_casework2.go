package web

// The texts of the casework forms that complete the web interface to what
// the API offers: changing a group's name, area and form; ending a
// partner's registered involvement with a member; withdrawing an
// invitation to a meeting; and sharing a special or criminal item with
// further partners, or withdrawing such a share.

// The flash messages of these forms; each is a catalog key.
const (
	flashGroupSaved       = "flash.group_saved"
	flashInvolvementEnded = "flash.involvement_ended"
	flashUninvited        = "flash.uninvited"
	flashItemShared       = "flash.item_shared"
	flashItemUnshared     = "flash.item_unshared"
)

// casework2Flashes are the flash messages above, for the catalog test.
var casework2Flashes = []string{flashGroupSaved, flashInvolvementEnded, flashUninvited, flashItemShared, flashItemUnshared}

var casework2Messages = []message{
	{"flash.group_saved", "De gegevens van de groep zijn opgeslagen.", "The details of the group have been saved."},
	{"flash.involvement_ended", "De betrokkenheid is beëindigd.", "The involvement has been ended."},
	{"flash.uninvited", "De uitnodiging is ingetrokken.", "The invitation has been withdrawn."},
	{"flash.item_shared", "Het gegeven is gedeeld.", "The item has been shared."},
	{"flash.item_unshared", "Het delen is ingetrokken.", "The share has been withdrawn."},

	// The group's name, area and form.
	{"group.edit_heading", "Naam, wijk of vorm wijzigen", "Change name, area or form"},
	{"group.edit_intro", "Wijzig de naam of alias, de wijk of de vorm van de groep. De stap, het besluit en de deelnemers wijzigen alleen met hun eigen formulieren.",
		"Change the name or alias, the area or the form of the group. The step, the decision and the participants change only through their own forms."},
	{"group.edit_submit", "Groepsgegevens opslaan", "Save group details"},

	// Ending a registered involvement.
	{"involvement.end_heading", "Betrokkenheid beëindigen", "End involvement"},
	{"involvement.end_intro", "Alleen betrokkenheid die u heeft vastgelegd, beëindigt u hier. Betrokkenheid die volgt uit gegevens of maatregelen van de partner eindigt pas met die gegevens of maatregelen.",
		"Only involvement that you registered is ended here. Involvement that follows from the partner's items or measures ends only with those items or measures."},
	{"involvement.which", "Betrokkenheid", "Involvement"},
	{"involvement.end_reason", "Reden van beëindiging", "Reason for ending"},
	{"involvement.end_reason_desc", "Bijvoorbeeld: de jongere is van school gegaan. De reden wordt versleuteld bewaard bij de beëindigde betrokkenheid.", "For example: the young person has left the school. The reason is kept, encrypted, with the ended involvement."},
	{"involvement.end_submit", "Betrokkenheid beëindigen", "End involvement"},
	{"involvement.err_choice", "Kies de betrokkenheid die u beëindigt.", "Choose the involvement you end."},

	// Withdrawing an invitation.
	{"meeting.uninvite", "Uitnodiging intrekken", "Withdraw invitation"},
	{"meeting.uninvite_label", "Uitnodiging intrekken: %s", "Withdraw invitation: %s"},
	{"meeting.uninvite_kept", "Blijft uitgenodigd", "Stays invited"},

	// Sharing an item explicitly.
	{"share.heading", "Delen met andere partners", "Sharing with other partners"},
	{"share.intro", "Bijzondere en strafrechtelijke gegevens ziet een partner alleen als het convenant dat voor zijn soort partner toestaat, of als u ze uitdrukkelijk met hem deelt. Ook dan ziet de partner het gegeven alleen als hij betrokken is (need-to-know).",
		"A partner sees special and criminal items only when the covenant allows it for its kind of partner, or when you share them with it explicitly. Even then the partner sees the item only when it is involved (need-to-know)."},
	{"share.none", "Dit gegeven is met geen enkele partner uitdrukkelijk gedeeld.", "This item has not been shared explicitly with any partner."},
	{"share.withdraw", "Delen intrekken", "Withdraw share"},
	{"share.withdraw_label", "Delen intrekken: %s", "Withdraw share: %s"},
	{"share.form_heading", "Gegeven delen", "Share item"},
	{"share.partner_desc", "Alleen partners die deelnemen aan de groepsaanpak.", "Only partners taking part in the group approach."},
	{"share.submit", "Delen", "Share"},
	{"share.source_only", "Alleen de partner die het gegeven heeft ingebracht, deelt het.", "Only the partner that contributed the item shares it."},
}

// casework2DomainMessages translates the domain's and the storage's
// messages that these forms show.
var casework2DomainMessages = map[string]string{
	"Alleen de uitvoeringscoördinator wijzigt de gegevens van een groep.": "Only the coordinator changes the details of a group.",
}
