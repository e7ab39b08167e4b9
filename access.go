package groepsaanpak

import "time"

// AccessOverview is the answer to a request for access and a copy
// (covenant Art 6.1.2–6.1.5, GDPR Art 15): everything the partners process
// about one person under the covenant, in understandable form, with per
// item the purpose, the category, the origin (source partner) and the
// recipients as the logs record them. Items withheld on a ground of Art
// 6.1.4 appear only as their ground and motivation. The letter and the JSON
// export are both made from this one value.
type AccessOverview struct {
	CaseID     string    `json:"verzoekId"`
	CompiledAt time.Time `json:"samengesteldOp"`
	// ReceivedOn and Deadline are those of the request.
	ReceivedOn Date `json:"verzoekOntvangenOp"`
	Deadline   Date `json:"uiterlijkOp"`
	// Person is the data subject; Addressee is who receives the letter: the
	// person, or the legal representative who made the request.
	Person    AccessPerson `json:"betrokkene"`
	Addressee AccessPerson `json:"geadresseerde"`
	// Controller, Purpose, LegalBasis and Retention come from the register
	// of processing activities in force (GDPR Art 30).
	Controller  string             `json:"verwerkingsverantwoordelijke"`
	Purpose     string             `json:"doel"`
	LegalBasis  string             `json:"rechtsgrond"`
	Retention   string             `json:"bewaartermijnen"`
	Items       []AccessItem       `json:"gegevens"`
	Withheld    []AccessWithheld   `json:"geweigerdeGegevens"`
	Memberships []AccessMembership `json:"lidmaatschappen"`
	Measures    []AccessMeasure    `json:"maatregelen"`
	Meetings    []AccessMeeting    `json:"overleggen"`
	// Recipients lists every partner that, as the logs record it, received
	// or consulted personal data of the person, with the date and what was
	// done.
	Recipients []AccessReceipt `json:"ontvangers"`
}

// AccessPerson is a person as the letter addresses or describes them.
type AccessPerson struct {
	Name        string `json:"naam"`
	DateOfBirth Date   `json:"geboortedatum,omitempty"`
	Address     string `json:"adres"`
	// Relationship is set for a legal representative.
	Relationship string `json:"relatie,omitempty"`
}

// AccessItem is one item about the person as the overview shows it.
type AccessItem struct {
	ID           string     `json:"id"`
	Group        string     `json:"groep"`
	Category     string     `json:"categorie"`
	Special      bool       `json:"bijzonder"`
	Criminal     bool       `json:"strafrechtelijk"`
	Content      string     `json:"inhoud"`
	ConcernsDate Date       `json:"betreftDatum"`
	Status       ItemStatus `json:"status"`
	Purpose      string     `json:"doel"`
	LegalGround  string     `json:"grondslag"`
	// Source is the partner that contributed the item (its origin).
	Source string `json:"herkomst"`
	// Recipients are the partners other than the source that the logs
	// record as having been shown or sent this item.
	Recipients []AccessReceipt `json:"ontvangers"`
}

// AccessReceipt is one recorded receipt of personal data by a partner.
type AccessReceipt struct {
	Partner string `json:"partner"`
	Date    Date   `json:"datum"`
	What    string `json:"handeling"`
}

// AccessWithheld is an item withheld from the overview: only the ground and
// the motivation, never its content, category or origin.
type AccessWithheld struct {
	Ground      WithholdGround `json:"grond"`
	GroundLabel string         `json:"grondOmschrijving"`
	Motivation  string         `json:"motivering"`
}

// AccessMembership is a membership of the person.
type AccessMembership struct {
	Group string         `json:"groep"`
	Area  string         `json:"wijk"`
	Role  MembershipRole `json:"rol"`
	Start Date           `json:"startdatum"`
	End   Date           `json:"einddatum,omitempty"`
}

// AccessMeasure is a measure aimed at the person.
type AccessMeasure struct {
	Group       string `json:"groep"`
	Kind        string `json:"soort"`
	Description string `json:"omschrijving"`
	Responsible string `json:"verantwoordelijkePartner"`
	Status      string `json:"status"`
	Start       Date   `json:"startdatum"`
}

// AccessMeeting is a meeting about the person, with the partners invited
// and the agreements made about them.
type AccessMeeting struct {
	Group      string   `json:"groep"`
	Date       Date     `json:"datum"`
	Kind       string   `json:"soort"`
	Partners   []string `json:"uitgenodigdePartners"`
	Agreements []string `json:"afspraken,omitempty"`
}

// ProcessingLabel is the Dutch description, for a letter, of a processing
// action named in the processing log.
func ProcessingLabel(name string) string {
	if l, ok := processingLabels[name]; ok {
		return l
	}
	return name
}

var processingLabels = map[string]string{
	"gegeven_vastleggen":           "gegeven vastgelegd",
	"gegeven_raadplegen":           "gegevens ingezien",
	"gegeven_wijzigen":             "gegeven gewijzigd",
	"gegeven_delen":                "gegeven gedeeld",
	"gegeven_delen_intrekken":      "delen van een gegeven ingetrokken",
	"gegeven_tellen":               "aantal gegevens bekeken",
	"persoon_vastleggen":           "persoonsgegevens vastgelegd",
	"persoon_raadplegen":           "persoonsgegevens ingezien",
	"persoon_wijzigen":             "persoonsgegevens gewijzigd",
	"lidmaatschap_vastleggen":      "lidmaatschap van een groep vastgelegd",
	"lidmaatschap_beeindigen":      "lidmaatschap van een groep beëindigd",
	"betrokkenheid_vastleggen":     "betrokkenheid van een partner vastgelegd",
	"betrokkenheid_raadplegen":     "betrokkenheid van partners ingezien",
	"betrokkenheid_beeindigen":     "betrokkenheid van een partner beëindigd",
	"maatregel_vastleggen":         "maatregel vastgelegd",
	"maatregel_wijzigen":           "maatregel gewijzigd",
	"maatregel_raadplegen":         "maatregel ingezien",
	"vertegenwoordiger_vastleggen": "wettelijk vertegenwoordiger vastgelegd",
	"overleg_vastleggen":           "overleg over u vastgelegd",
	"overleg_wijzigen":             "verslag van een overleg gewijzigd",
	"overleg_uitnodigen":           "uitgenodigd voor een overleg over u",
	"overleg_raadplegen":           "overleg over u ingezien",
	"afspraak_vastleggen":          "afspraak over u vastgelegd",
	"afspraak_uitvoeren":           "afspraak over u uitgevoerd",
	"groep_monitoren":              "voortgang van de groepsaanpak bekeken",
	ProcAccessCompile:              "overzicht voor uw inzageverzoek samengesteld",
	"notificatie_behandelen":       "notificatie over de groepsaanpak voorbereid",
	"notificatie_opstellen":        "notificatiebrief opgesteld",
	ProcCaseRegister:               "uw verzoek of klacht geregistreerd",
	ProcCaseHandle:                 "uw verzoek of klacht behandeld",
	ProcCorrectionNotice:           "bericht over een correctie van uw gegevens ingezien",
}

// ProcCorrectionNotice is the processing-log name of reading the notices of
// corrections addressed to one's partner.
const ProcCorrectionNotice = "correctiebericht_raadplegen"

// Processing-log names of the handling of requests and complaints.
const (
	ProcCaseRegister  = "verzoek_registreren"
	ProcCaseHandle    = "verzoek_behandelen"
	ProcAccessCompile = "inzage_samenstellen"
)
