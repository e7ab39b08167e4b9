package groepsaanpak

import (
	"slices"
	"strings"
	"time"
)

// ControllerModel is how the partners arrange controllership (Art 4.2): as
// joint controllers with a coordinator as contact point (GDPR Art 26), or with
// one partner designated as the controller (GDPR Art 4(7)).
type ControllerModel string

const (
	JointControllers     ControllerModel = "gezamenlijk"
	DesignatedController ControllerModel = "aangewezen"
)

// Label is the Dutch description of the model.
func (m ControllerModel) Label() string {
	switch m {
	case JointControllers:
		return "Gezamenlijke verwerkingsverantwoordelijken met een coördinator"
	case DesignatedController:
		return "Eén aangewezen verwerkingsverantwoordelijke"
	}
	return string(m)
}

// CovenantTerms are the settings of the covenant that only an amendment
// approved by every partner may change (Art 12.1).
type CovenantTerms struct {
	Title           string          `json:"titel"`
	ControllerModel ControllerModel `json:"verantwoordelijkheidsmodel"`
	// CoordinatorPartnerID is the partner of the uitvoeringscoördinator, the
	// contact point for data subjects under both models.
	CoordinatorPartnerID string `json:"coordinatorPartnerId"`
	// ControllerPartnerID is the designated controller; empty for joint
	// controllers.
	ControllerPartnerID string `json:"verantwoordelijkePartnerId,omitempty"`
	EffectiveDate       Date   `json:"ingangsdatum"`
	// RetentionAfterClosureMonths is how long personal data is kept after a
	// group approach is closed; RetentionAfterMembershipMonths after a
	// membership ended (Art 5.5, GDPR Art 5(1)(e)).
	RetentionAfterClosureMonths    int `json:"bewaartermijnNaAfsluitingMaanden"`
	RetentionAfterMembershipMonths int `json:"bewaartermijnNaLidmaatschapMaanden"`
	// SpecialCategoryKinds and CriminalCategoryKinds are the partner kinds
	// that may receive special-category (GDPR Art 9) and criminal (Art 10)
	// items shared by another partner.
	SpecialCategoryKinds  []PartnerKind `json:"bijzondereGegevensSoorten"`
	CriminalCategoryKinds []PartnerKind `json:"strafrechtelijkeGegevensSoorten"`
	// RequestDeadlineDays is the covenant's deadline for answering a data
	// subject's request (Art 6.1: four weeks).
	RequestDeadlineDays int `json:"termijnVerzoekenDagen"`
}

// Validate checks the terms against the partners of the covenant.
func (t CovenantTerms) Validate(partners []Partner) error {
	var v Invalid
	if strings.TrimSpace(t.Title) == "" {
		v.Add("titel", "Vul de titel van het convenant in.")
	}
	switch t.ControllerModel {
	case JointControllers:
		if t.ControllerPartnerID != "" {
			v.Add("verantwoordelijkePartnerId", "Bij gezamenlijke verantwoordelijkheid wordt geen aparte verantwoordelijke aangewezen.")
		}
	case DesignatedController:
		if !hasPartner(partners, t.ControllerPartnerID) {
			v.Add("verantwoordelijkePartnerId", "Kies de partner die verwerkingsverantwoordelijke is.")
		}
	default:
		v.Add("verantwoordelijkheidsmodel", "Kies gezamenlijke verantwoordelijkheid of een aangewezen verantwoordelijke (artikel 4.2).")
	}
	if !hasPartner(partners, t.CoordinatorPartnerID) {
		v.Add("coordinatorPartnerId", "Kies de partner van de uitvoeringscoördinator.")
	}
	if !t.EffectiveDate.Valid() {
		v.Add("ingangsdatum", "Vul een geldige ingangsdatum in (JJJJ-MM-DD).")
	}
	if t.RetentionAfterClosureMonths < 1 || t.RetentionAfterClosureMonths > 120 {
		v.Add("bewaartermijnNaAfsluitingMaanden", "De bewaartermijn na afsluiting moet tussen 1 en 120 maanden liggen.")
	}
	if t.RetentionAfterMembershipMonths < 1 || t.RetentionAfterMembershipMonths > 120 {
		v.Add("bewaartermijnNaLidmaatschapMaanden", "De bewaartermijn na einde lidmaatschap moet tussen 1 en 120 maanden liggen.")
	}
	if t.RequestDeadlineDays < 1 || t.RequestDeadlineDays > 28 {
		v.Add("termijnVerzoekenDagen", "De termijn voor verzoeken van betrokkenen is ten hoogste vier weken (28 dagen).")
	}
	for _, k := range append(slices.Clone(t.SpecialCategoryKinds), t.CriminalCategoryKinds...) {
		if !k.Valid() {
			v.Add("soorten", "Onbekende soort partner: "+string(k)+".")
		}
	}
	return v.Err("covenant.Validate")
}

// MaySeeSpecial reports whether partners of kind k may receive
// special-category items of another partner under these terms.
func (t CovenantTerms) MaySeeSpecial(k PartnerKind) bool {
	return slices.Contains(t.SpecialCategoryKinds, k)
}

// MaySeeCriminal reports whether partners of kind k may receive criminal
// items of another partner under these terms.
func (t CovenantTerms) MaySeeCriminal(k PartnerKind) bool {
	return slices.Contains(t.CriminalCategoryKinds, k)
}

func hasPartner(partners []Partner, id string) bool {
	return id != "" && slices.ContainsFunc(partners, func(p Partner) bool { return p.ID == id })
}

// Covenant is the covenant in force: its current terms and version. Version 1
// is the covenant as signed; each amendment that takes effect adds one.
type Covenant struct {
	ID        string        `json:"id"`
	Version   int           `json:"versie"`
	Terms     CovenantTerms `json:"voorwaarden"`
	CreatedAt time.Time     `json:"aangemaaktOp"`
	UpdatedAt time.Time     `json:"gewijzigdOp"`
}

// Signature records that a partner signed the covenant, by whom.
type Signature struct {
	PartnerID         string    `json:"partnerId"`
	SignatoryName     string    `json:"ondertekenaar"`
	SignatoryFunction string    `json:"functie"`
	SignedOn          Date      `json:"ondertekendOp"`
	RecordedBy        string    `json:"vastgelegdDoor"`
	RecordedAt        time.Time `json:"vastgelegdOp"`
}

// Validate checks the signature's fields.
func (s Signature) Validate() error {
	var v Invalid
	if strings.TrimSpace(s.SignatoryName) == "" {
		v.Add("ondertekenaar", "Vul de naam van de ondertekenaar in.")
	}
	if strings.TrimSpace(s.SignatoryFunction) == "" {
		v.Add("functie", "Vul de functie van de ondertekenaar in.")
	}
	if !s.SignedOn.Valid() {
		v.Add("ondertekendOp", "Vul een geldige datum van ondertekening in.")
	}
	return v.Err("signature.Validate")
}

// AmendmentStatus is where an amendment stands.
type AmendmentStatus string

const (
	AmendmentProposed  AmendmentStatus = "voorgesteld"
	AmendmentInForce   AmendmentStatus = "van_kracht"
	AmendmentWithdrawn AmendmentStatus = "ingetrokken"
)

// Amendment is a proposed change of the covenant's terms. It takes effect
// only when every partner approved it (Art 12.1); until then the terms in
// force are unchanged.
type Amendment struct {
	ID          string          `json:"id"`
	Number      int             `json:"nummer"`
	Description string          `json:"toelichting"`
	Terms       CovenantTerms   `json:"voorgesteldeVoorwaarden"`
	Status      AmendmentStatus `json:"status"`
	ProposedBy  string          `json:"voorgesteldDoor"`
	ProposedAt  time.Time       `json:"voorgesteldOp"`
	Approvals   []Approval      `json:"instemmingen"`
	// ResultingVersion is the covenant version this amendment produced once
	// in force.
	ResultingVersion int        `json:"resulterendeVersie,omitempty"`
	EffectiveAt      *time.Time `json:"vanKrachtOp,omitempty"`
}

// Approval is one partner's consent to an amendment.
type Approval struct {
	PartnerID  string    `json:"partnerId"`
	ApprovedBy string    `json:"goedgekeurdDoor"`
	ApprovedAt time.Time `json:"goedgekeurdOp"`
}

// ApprovedByAll reports whether every partner of the covenant approved the
// amendment (Art 12.1).
func (a Amendment) ApprovedByAll(partners []Partner) bool {
	if len(partners) == 0 {
		return false
	}
	for _, p := range partners {
		if !a.ApprovedBy(p.ID) {
			return false
		}
	}
	return true
}

// ApprovedBy reports whether the partner approved the amendment.
func (a Amendment) ApprovedBy(partnerID string) bool {
	return slices.ContainsFunc(a.Approvals, func(x Approval) bool { return x.PartnerID == partnerID })
}

// PendingPartners returns the partners that have not yet approved.
func (a Amendment) PendingPartners(partners []Partner) []Partner {
	var out []Partner
	for _, p := range partners {
		if !a.ApprovedBy(p.ID) {
			out = append(out, p)
		}
	}
	return out
}

// Wpg20Decision is the police's written decision under Wet politiegegevens
// art 20 to provide police data to the partnership; every police item refers
// to it.
type Wpg20Decision struct {
	ID         string    `json:"id"`
	Reference  string    `json:"kenmerk"`
	DecidedOn  Date      `json:"besluitdatum"`
	DecidedBy  string    `json:"besluitDoor"`
	Summary    string    `json:"samenvatting"`
	ValidUntil Date      `json:"geldigTot,omitempty"`
	RecordedBy string    `json:"vastgelegdDoor"`
	RecordedAt time.Time `json:"vastgelegdOp"`
}

// Validate checks the decision's fields.
func (d Wpg20Decision) Validate() error {
	var v Invalid
	if strings.TrimSpace(d.Reference) == "" {
		v.Add("kenmerk", "Vul het kenmerk van het besluit in.")
	}
	if !d.DecidedOn.Valid() {
		v.Add("besluitdatum", "Vul een geldige besluitdatum in.")
	}
	if strings.TrimSpace(d.DecidedBy) == "" {
		v.Add("besluitDoor", "Vul in wie het besluit nam (bijvoorbeeld de korpschef).")
	}
	if strings.TrimSpace(d.Summary) == "" {
		v.Add("samenvatting", "Vat het besluit samen: welke gegevens, aan wie, waarvoor.")
	}
	if !d.ValidUntil.IsZero() && (!d.ValidUntil.Valid() || d.ValidUntil < d.DecidedOn) {
		v.Add("geldigTot", "De einddatum moet een geldige datum na de besluitdatum zijn.")
	}
	return v.Err("wpg20.Validate")
}

// InForce reports whether the decision applies at instant now.
func (d Wpg20Decision) InForce(now time.Time) bool {
	return d.DecidedOn.Reached(now) && (d.ValidUntil.IsZero() || !d.ValidUntil.Reached(now.AddDate(0, 0, -1)))
}

// DisputeStatus is where a dispute stands.
type DisputeStatus string

const (
	DisputeOpen     DisputeStatus = "open"
	DisputeResolved DisputeStatus = "opgelost"
)

// Dispute is a disagreement between partners about the covenant (Art 11),
// recorded with its resolution.
type Dispute struct {
	ID          string        `json:"id"`
	Subject     string        `json:"onderwerp"`
	Description string        `json:"omschrijving"`
	RaisedBy    string        `json:"ingediendDoorPartnerId"`
	PartnerIDs  []string      `json:"betrokkenPartnerIds"`
	RaisedAt    time.Time     `json:"ingediendOp"`
	Status      DisputeStatus `json:"status"`
	Resolution  string        `json:"oplossing,omitempty"`
	ResolvedAt  *time.Time    `json:"opgelostOp,omitempty"`
}

// Validate checks the dispute's fields.
func (d Dispute) Validate() error {
	var v Invalid
	if strings.TrimSpace(d.Subject) == "" {
		v.Add("onderwerp", "Vul het onderwerp van het geschil in.")
	}
	if strings.TrimSpace(d.Description) == "" {
		v.Add("omschrijving", "Beschrijf het geschil.")
	}
	if len(d.PartnerIDs) == 0 {
		v.Add("betrokkenPartnerIds", "Kies de partners die bij het geschil betrokken zijn.")
	}
	return v.Err("dispute.Validate")
}
