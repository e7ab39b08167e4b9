package api

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

var planOperations = []operation{
	{
		pattern: "GET /api/v1/plannen/{groepId}", id: "planOpvragen", tag: tagPlans, personal: true,
		summary: "Het Plan van Aanpak van een groep opvragen",
		description: "Geeft het Plan van Aanpak van de groep: analyse, doelen en de vaststelling door de driehoek. " +
			"Een groep zonder plan geeft 404, net als een groep die de gebruiker niet mag zien. De maatregelen " +
			"staan onder /maatregelen.",
		status: http.StatusOK, result: ga.Plan{},
	},
	{
		pattern: "PUT /api/v1/plannen/{groepId}", id: "planVastleggen", tag: tagPlans, personal: true,
		summary: "Het Plan van Aanpak vastleggen of wijzigen",
		description: "Legt analyse en doelen van het plan vast (de uitvoeringscoördinator, in stap beeld, plan of " +
			"uitvoering; in een andere stap 409). Een wijziging van een vastgesteld plan in stap plan laat de " +
			"vaststelling vervallen: de driehoek stelt vast wat het plan nu zegt.",
		body: planInput{}, status: http.StatusOK, result: ga.Plan{},
	},
	{
		pattern: "POST /api/v1/plannen/{groepId}/vaststelling", id: "planVaststellen", tag: tagPlans, personal: true,
		summary: "Het Plan van Aanpak vaststellen",
		description: "Legt vast dat de driehoek het plan heeft vastgesteld op de datum van het overleg (een lid " +
			"van de driehoek, in stap plan, een plan dat nog niet is vastgesteld; de datum ligt niet in de " +
			"toekomst). Daarna kan de groepsaanpak naar uitvoering. Geeft het plan terug.",
		body: adoptionInput{}, status: http.StatusOK, result: ga.Plan{},
	},
}

// planInput is what the coordinator writes of a plan.
type planInput struct {
	Analysis string `json:"analyse"`
	Goals    string `json:"doelen"`
}

// adoptionInput is the date of the driehoek's meeting that adopted the
// plan.
type adoptionInput struct {
	AdoptedOn ga.Date `json:"vastgesteldOp"`
}

func (s *server) getPlan(w http.ResponseWriter, r *http.Request) error {
	groupID, err := pathID(r, "groepId")
	if err != nil {
		return err
	}
	p, err := s.db.Plan(r.Context(), groupID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *server) putPlan(w http.ResponseWriter, r *http.Request) error {
	groupID, err := pathID(r, "groepId")
	if err != nil {
		return err
	}
	var in planInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	p := ga.Plan{GroupID: groupID, Analysis: in.Analysis, Goals: in.Goals}
	if err := s.db.SavePlan(r.Context(), &p); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *server) adoptPlan(w http.ResponseWriter, r *http.Request) error {
	groupID, err := pathID(r, "groepId")
	if err != nil {
		return err
	}
	var in adoptionInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	p, err := s.db.AdoptPlan(r.Context(), groupID, in.AdoptedOn)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}
