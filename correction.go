package groepsaanpak

import (
	"strings"
	"time"
)

// Correction (covenant Art 6.2, GDPR Art 16–19): the person asks, per item,
// to improve, supplement, delete or block it; the controller grants or
// refuses each with a motivation. A granted correction is carried out at
// once, and every partner that received the item is told so and confirms
// (Art 6.2.3, GDPR Art 19).

// CorrectionAction is what is asked of one item.
type CorrectionAction string

const (
	CorrectImprove    CorrectionAction = "verbeteren"
	CorrectSupplement CorrectionAction = "aanvullen"
	CorrectDelete     CorrectionAction = "verwijderen"
	CorrectBlock      CorrectionAction = "afschermen"
)

// CorrectionActions lists the actions.
var CorrectionActions = []CorrectionAction{CorrectImprove, CorrectSupplement, CorrectDelete, CorrectBlock}

// Valid reports whether a is a known action.
func (a CorrectionAction) Valid() bool {
	for _, x := range CorrectionActions {
		if a == x {
			return true
		}
	}
	return false
}

// Correction is the decision on one item of a correction request.
type Correction struct {
	ID     string           `json:"id"`
	CaseID string           `json:"verzoekId"`
	ItemID string           `json:"gegevenId"`
	Action CorrectionAction `json:"handeling"`
	// Text is the improved content (verbeteren) or the addition
	// (aanvullen); empty for deleting and blocking.
	Text       string    `json:"tekst,omitempty"`
	Granted    bool      `json:"toegewezen"`
	Motivation string    `json:"motivering"`
	DecidedOn  Date      `json:"besluitOp"`
	DecidedBy  string    `json:"besluitDoor"`
	DecidedAt  time.Time `json:"vastgelegdOp"`
	// Notices are the partners told of a granted correction, with their
	// confirmation.
	Notices []CorrectionNotice `json:"kennisgevingen,omitempty"`
}

// CorrectionNotice is the notice of a granted correction to one partner
// that received the item, and its confirmation.
type CorrectionNotice struct {
	PartnerID   string `json:"partnerId"`
	PartnerName string `json:"partner"`
	NotifiedOn  Date   `json:"berichtOp"`
	ConfirmedOn Date   `json:"bevestigdOp,omitempty"`
}

// AllConfirmed reports whether every partner told of the correction
// confirmed it.
func (c Correction) AllConfirmed() bool {
	for _, n := range c.Notices {
		if n.ConfirmedOn.IsZero() {
			return false
		}
	}
	return true
}

// Validate checks the decision: a known action, a motivation (a refusal
// must be motivated, Art 6.2.2 and 6.2.4; a grant says what was done), and
// for a granted improvement or supplement the text.
func (c Correction) Validate() error {
	var v Invalid
	if c.ItemID == "" {
		v.Add("gegevenId", "Kies het gegeven.")
	}
	if !c.Action.Valid() {
		v.Add("handeling", "Kies verbeteren, aanvullen, verwijderen of afschermen.")
	}
	if strings.TrimSpace(c.Motivation) == "" || len(c.Motivation) > 4000 {
		v.Add("motivering", "Motiveer het besluit; een weigering wordt met redenen aan de betrokkene meegedeeld (artikel 6.2.4).")
	}
	if c.Granted && (c.Action == CorrectImprove || c.Action == CorrectSupplement) && (strings.TrimSpace(c.Text) == "" || len(c.Text) > 20000) {
		v.Add("tekst", "Vul de verbeterde tekst of de aanvulling in (maximaal 20.000 tekens).")
	}
	return v.Err("correction.Validate")
}

// CheckCorrect decides whether a correction may be decided on case c: a
// correction request (or an objection, whose measures may delete or block
// the person's items), open, with the requester's identity established.
func (c RightsCase) CheckCorrect() error {
	const op = "case.Correct"
	if c.Kind != CaseCorrection && c.Kind != CaseObjection {
		return E(KindConflict, op, "Gegevens worden alleen gecorrigeerd op een verzoek om correctie of na een bezwaar.")
	}
	if !c.Status.Open() {
		return E(KindConflict, op, "Dit verzoek is al afgehandeld.")
	}
	if c.Identity == nil {
		return E(KindConflict, op, "Stel eerst de identiteit van de verzoeker vast; pas dan mogen gegevens worden verstrekt of gewijzigd.")
	}
	return nil
}

// Status is the item status a granted correction of this action leaves.
func (a CorrectionAction) Status() ItemStatus {
	switch a {
	case CorrectDelete:
		return ItemDeleted
	case CorrectBlock:
		return ItemBlocked
	}
	return ItemCorrected
}

// CorrectionToConfirm is a notice of a granted correction addressed to the
// reader's partner, which received the item (GDPR Art 19): the partner
// carries the correction through in its own records and confirms. It holds
// no content of the item; a deleted item has none left.
type CorrectionToConfirm struct {
	CorrectionID string           `json:"correctieId"`
	ItemID       string           `json:"gegevenId"`
	Person       string           `json:"persoon"`
	Group        string           `json:"groep"`
	Category     string           `json:"categorie"`
	Action       CorrectionAction `json:"handeling"`
	DecidedOn    Date             `json:"besluitOp"`
	NotifiedOn   Date             `json:"berichtOp"`
	// Viewable says whether the item can still be opened: not after a
	// deletion or a block.
	Viewable bool `json:"inTeZien"`
}
