package api

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

var disputeOperations = []operation{
	{
		pattern: "GET /api/v1/geschillen", id: "geschillenOpvragen", tag: tagDisputes,
		summary:     "De geschillen opvragen",
		description: "Geeft alle geschillen tussen partners over het convenant (artikel 11) met hun oplossing, nieuwste eerst.",
		status:      http.StatusOK, result: disputeList{},
	},
	{
		pattern: "POST /api/v1/geschillen", id: "geschilVastleggen", tag: tagDisputes,
		summary:     "Een geschil vastleggen",
		description: "Legt een geschil tussen partners vast (uitvoeringscoördinator, driehoekslid, privacyfunctionaris of beheerder), met de betrokken partners. De eigen partner is de indiener.",
		body:        disputeInput{}, status: http.StatusCreated, result: ga.Dispute{},
		problems: []int{http.StatusForbidden},
	},
	{
		pattern: "GET /api/v1/geschillen/{id}", id: "geschilOpvragen", tag: tagDisputes,
		summary:     "Een geschil opvragen",
		description: "Geeft één geschil.",
		status:      http.StatusOK, result: ga.Dispute{},
	},
	{
		pattern: "POST /api/v1/geschillen/{id}/oplossing", id: "geschilOplossen", tag: tagDisputes,
		summary:     "De oplossing van een geschil vastleggen",
		description: "Legt de oplossing van een open geschil vast (uitvoeringscoördinator of beheerder); een opgelost geschil geeft 409. Geeft het geschil terug.",
		body:        resolutionInput{}, status: http.StatusOK, result: ga.Dispute{},
		problems: []int{http.StatusForbidden, http.StatusConflict},
	},
}

// disputeList is every dispute.
type disputeList struct {
	Disputes []ga.Dispute `json:"geschillen"`
}

// disputeInput is a dispute as a client raises it; the raising partner is
// the actor's.
type disputeInput struct {
	Subject     string   `json:"onderwerp"`
	Description string   `json:"omschrijving"`
	PartnerIDs  []string `json:"betrokkenPartnerIds"`
}

// resolutionInput is how a dispute was resolved.
type resolutionInput struct {
	Resolution string `json:"oplossing"`
}

func (s *server) listDisputes(w http.ResponseWriter, r *http.Request) error {
	ds, err := s.db.Disputes(r.Context())
	if err != nil {
		return err
	}
	for i := range ds {
		ds[i].PartnerIDs = nonNil(ds[i].PartnerIDs)
	}
	writeJSON(w, http.StatusOK, disputeList{nonNil(ds)})
	return nil
}

func (s *server) raiseDispute(w http.ResponseWriter, r *http.Request) error {
	var in disputeInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	d := ga.Dispute{Subject: in.Subject, Description: in.Description, PartnerIDs: in.PartnerIDs}
	if err := s.db.RaiseDispute(r.Context(), &d); err != nil {
		return err
	}
	d.PartnerIDs = nonNil(d.PartnerIDs)
	writeCreated(w, basePath+"/geschillen/"+d.ID, d)
	return nil
}

func (s *server) getDispute(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.db.Dispute(r.Context(), id)
	if err != nil {
		return err
	}
	d.PartnerIDs = nonNil(d.PartnerIDs)
	writeJSON(w, http.StatusOK, d)
	return nil
}

// resolveDispute records a resolution, a sub-resource of the dispute (ADR:
// operations outside CRUD as sub-resources).
func (s *server) resolveDispute(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in resolutionInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	d, err := s.db.ResolveDispute(r.Context(), id, in.Resolution)
	if err != nil {
		return err
	}
	d.PartnerIDs = nonNil(d.PartnerIDs)
	writeJSON(w, http.StatusOK, d)
	return nil
}
