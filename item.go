package groepsaanpak

import (
	"slices"
	"strings"
	"time"
)

// ItemStatus is the life-cycle state of an information item.
type ItemStatus string

const (
	ItemActive    ItemStatus = "actief"
	ItemCorrected ItemStatus = "gecorrigeerd"
	// ItemBlocked (afgeschermd, GDPR Art 18) is seen by nobody but a privacy
	// officer handling a request.
	ItemBlocked ItemStatus = "afgeschermd"
	// ItemDeleted has no content left anywhere; a tombstone stays.
	ItemDeleted ItemStatus = "verwijderd"
)

// Item is one piece of information about a person or a group, contributed
// by exactly one source partner (SPEC §2).
type Item struct {
	ID       string `json:"id"`
	GroupID  string `json:"groepId"`
	PersonID string `json:"persoonId,omitempty"`
	// SourcePartnerID is the only partner that edits the item; it is the
	// item's controller.
	SourcePartnerID string `json:"bronPartnerId"`
	Category        string `json:"categorie"`
	// Special marks a special category of personal data (GDPR Art 9);
	// Criminal marks criminal data (GDPR Art 10).
	Special  bool `json:"bijzonder"`
	Criminal bool `json:"strafrechtelijk"`
	// LegalGround is the legal ground for providing the item; police items
	// refer to the Wpg art 20 decision as well.
	LegalGround     string `json:"grondslag"`
	Wpg20DecisionID string `json:"wpg20BesluitId,omitempty"`
	// Necessity says why this partner shares this item here; required for
	// special and criminal items.
	Necessity    string     `json:"noodzaak,omitempty"`
	Content      string     `json:"inhoud"`
	ConcernsDate Date       `json:"betreftDatum"`
	Status       ItemStatus `json:"status"`
	// SharedWith lists partners the source explicitly shared a special or
	// criminal item with, beyond the kinds the covenant authorises.
	SharedWith []string  `json:"gedeeldMetPartnerIds,omitempty"`
	CreatedBy  string    `json:"aangemaaktDoor"`
	CreatedAt  time.Time `json:"aangemaaktOp"`
	UpdatedAt  time.Time `json:"gewijzigdOp"`
}

// Validate checks an item contributed by a partner of kind source.
func (it Item) Validate(source PartnerKind) error {
	var v Invalid
	if strings.TrimSpace(it.Category) == "" || len(it.Category) > 100 {
		v.Add("categorie", "Vul de categorie in (maximaal 100 tekens).")
	}
	if strings.TrimSpace(it.LegalGround) == "" {
		v.Add("grondslag", "Vul de grondslag voor de verstrekking in.")
	}
	if source == KindPolitie && it.Wpg20DecisionID == "" {
		v.Add("wpg20BesluitId", "Politiegegevens verwijzen naar het besluit op grond van artikel 20 Wet politiegegevens.")
	}
	if (it.Special || it.Criminal) && strings.TrimSpace(it.Necessity) == "" {
		v.Add("noodzaak", "Motiveer waarom het delen van dit bijzondere of strafrechtelijke gegeven noodzakelijk is.")
	}
	if strings.TrimSpace(it.Content) == "" || len(it.Content) > 20000 {
		v.Add("inhoud", "Vul de inhoud in (maximaal 20.000 tekens).")
	}
	if !it.ConcernsDate.Valid() {
		v.Add("betreftDatum", "Vul de datum in waarop het gegeven betrekking heeft.")
	}
	return v.Err("item.Validate")
}

// SharedExplicitlyWith reports whether the source shared the item with the
// partner explicitly.
func (it Item) SharedExplicitlyWith(partnerID string) bool {
	return slices.Contains(it.SharedWith, partnerID)
}
