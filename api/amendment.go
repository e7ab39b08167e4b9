package api

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

var amendmentOperations = []operation{
	{
		pattern: "GET /api/v1/wijzigingen", id: "wijzigingenOpvragen", tag: tagAmendments,
		summary:     "De wijzigingen van het convenant opvragen",
		description: "Geeft elke voorgestelde, ingetrokken en van kracht geworden wijziging met de instemmingen, nieuwste eerst.",
		status:      http.StatusOK, result: amendmentList{},
	},
	{
		pattern: "POST /api/v1/wijzigingen", id: "wijzigingVoorstellen", tag: tagAmendments,
		summary: "Een wijziging voorstellen",
		description: "Stelt een wijziging van het convenant voor met de volledige nieuwe voorwaarden (beheerder, " +
			"uitvoeringscoördinator of privacyfunctionaris). De wijziging geldt pas als elke partner heeft " +
			"ingestemd (artikel 12.1); tot dan gelden de huidige voorwaarden.",
		body: amendmentInput{}, status: http.StatusCreated, result: ga.Amendment{},
		problems: []int{http.StatusForbidden, http.StatusConflict},
	},
	{
		pattern: "GET /api/v1/wijzigingen/{id}", id: "wijzigingOpvragen", tag: tagAmendments,
		summary:     "Een wijziging opvragen",
		description: "Geeft één wijziging met de instemmingen.",
		status:      http.StatusOK, result: ga.Amendment{},
	},
	{
		pattern: "POST /api/v1/wijzigingen/{id}/instemmingen", id: "wijzigingInstemmen", tag: tagAmendments,
		summary: "Instemmen met een wijziging",
		description: "Legt de instemming van de eigen partner met de wijziging vast (driehoekslid, " +
			"uitvoeringscoördinator, privacyfunctionaris of beheerder van die partner). Is dit de laatste " +
			"partner, dan wordt de wijziging in dezelfde handeling van kracht en stijgt de versie van het " +
			"convenant. Geeft de wijziging terug. Twee keer instemmen, of instemmen met een ingetrokken of al " +
			"geldende wijziging, geeft 409.",
		status: http.StatusOK, result: ga.Amendment{},
		problems: []int{http.StatusForbidden, http.StatusConflict},
	},
	{
		pattern: "POST /api/v1/wijzigingen/{id}/intrekking", id: "wijzigingIntrekken", tag: tagAmendments,
		summary:     "Een wijziging intrekken",
		description: "Trekt een voorgestelde wijziging in die nog niet van kracht is (anders 409). Geeft de wijziging terug.",
		status:      http.StatusOK, result: ga.Amendment{},
		problems: []int{http.StatusForbidden, http.StatusConflict},
	},
}

// amendmentList is every amendment.
type amendmentList struct {
	Amendments []ga.Amendment `json:"wijzigingen"`
}

// amendmentInput is a proposal: an explanation and the complete new terms.
type amendmentInput struct {
	Description string           `json:"toelichting"`
	Terms       ga.CovenantTerms `json:"voorgesteldeVoorwaarden"`
}

func (s *server) listAmendments(w http.ResponseWriter, r *http.Request) error {
	as, err := s.db.Amendments(r.Context())
	if err != nil {
		return err
	}
	for i := range as {
		as[i].Approvals = nonNil(as[i].Approvals)
	}
	writeJSON(w, http.StatusOK, amendmentList{nonNil(as)})
	return nil
}

func (s *server) proposeAmendment(w http.ResponseWriter, r *http.Request) error {
	var in amendmentInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	a := ga.Amendment{Description: in.Description, Terms: in.Terms}
	if err := s.db.ProposeAmendment(r.Context(), &a); err != nil {
		return err
	}
	a.Approvals = nonNil(a.Approvals)
	writeCreated(w, basePath+"/wijzigingen/"+a.ID, a)
	return nil
}

func (s *server) getAmendment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.db.Amendment(r.Context(), id)
	if err != nil {
		return err
	}
	a.Approvals = nonNil(a.Approvals)
	writeJSON(w, http.StatusOK, a)
	return nil
}

// approveAmendment records the approval of the actor's own partner. The
// approval is a sub-resource of the amendment, since approving is not an
// update a client could express as a new representation (ADR: operations
// outside CRUD as sub-resources); it answers the amendment as it now stands.
func (s *server) approveAmendment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.db.ApproveAmendment(r.Context(), id)
	if err != nil {
		return err
	}
	a.Approvals = nonNil(a.Approvals)
	writeJSON(w, http.StatusOK, a)
	return nil
}

// withdrawAmendment withdraws a proposal and answers it as it now stands.
func (s *server) withdrawAmendment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.db.WithdrawAmendment(r.Context(), id); err != nil {
		return err
	}
	a, err := s.db.Amendment(r.Context(), id)
	if err != nil {
		return err
	}
	a.Approvals = nonNil(a.Approvals)
	writeJSON(w, http.StatusOK, a)
	return nil
}
