package api

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

var registerOperations = []operation{
	{
		pattern: "GET /api/v1/verwerkingsregister", id: "verwerkingsregisterOpvragen", tag: tagRegister,
		summary: "Het register van verwerkingsactiviteiten opvragen",
		description: "Geeft elke versie van elke verwerkingsactiviteit in het register (AVG artikel 30), per " +
			"activiteit en versie: doel, rechtsgrond, betrokkenen, categorieën persoonsgegevens, ontvangers, " +
			"bewaartermijnen, beveiligingsmaatregelen en DPIA. Het verwerkingenlogboek verwijst naar de " +
			"identificatie van de versie die gold.",
		status: http.StatusOK, result: registerEntryList{},
	},
	{
		pattern: "POST /api/v1/verwerkingsregister", id: "registerversieVastleggen", tag: tagRegister,
		summary: "Een nieuwe versie van een verwerkingsactiviteit vastleggen",
		description: "Legt een nieuwe versie van een verwerkingsactiviteit vast (privacyfunctionaris, " +
			"uitvoeringscoördinator of beheerder), met een eigen identificatie en het volgende versienummer; " +
			"eerdere versies blijven ongewijzigd.",
		body: registerEntryInput{}, status: http.StatusCreated, result: ga.RegisterEntry{},
		problems: []int{http.StatusForbidden},
	},
	{
		pattern: "GET /api/v1/verwerkingsregister/{id}", id: "registerversieOpvragen", tag: tagRegister,
		summary:     "Een versie van een verwerkingsactiviteit opvragen",
		description: "Geeft één versie uit het register, zoals het verwerkingenlogboek ernaar verwijst (dpl.core.processing_activity_id).",
		status:      http.StatusOK, result: ga.RegisterEntry{},
	},
}

// registerEntryList is every version of every register entry.
type registerEntryList struct {
	Entries []ga.RegisterEntry `json:"verwerkingsregister"`
}

// registerEntryInput is a new version of an entry; id, version and who
// recorded it are the server's.
type registerEntryInput struct {
	ActivityKey      string  `json:"activiteit"`
	Name             string  `json:"naam"`
	Controller       string  `json:"verwerkingsverantwoordelijke"`
	Purpose          string  `json:"doel"`
	LegalBasis       string  `json:"rechtsgrond"`
	DataSubjects     string  `json:"betrokkenen"`
	DataCategories   string  `json:"categorieenPersoonsgegevens"`
	Recipients       string  `json:"ontvangers"`
	Retention        string  `json:"bewaartermijnen"`
	SecurityMeasures string  `json:"beveiligingsmaatregelen"`
	DPIAReference    string  `json:"dpiaKenmerk,omitempty"`
	DPIADate         ga.Date `json:"dpiaDatum,omitempty"`
}

func (s *server) listRegisterEntries(w http.ResponseWriter, r *http.Request) error {
	entries, err := s.db.RegisterEntries(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, registerEntryList{nonNil(entries)})
	return nil
}

func (s *server) createRegisterEntry(w http.ResponseWriter, r *http.Request) error {
	var in registerEntryInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	e := ga.RegisterEntry{
		ActivityKey:      in.ActivityKey,
		Name:             in.Name,
		Controller:       in.Controller,
		Purpose:          in.Purpose,
		LegalBasis:       in.LegalBasis,
		DataSubjects:     in.DataSubjects,
		DataCategories:   in.DataCategories,
		Recipients:       in.Recipients,
		Retention:        in.Retention,
		SecurityMeasures: in.SecurityMeasures,
		DPIAReference:    in.DPIAReference,
		DPIADate:         in.DPIADate,
	}
	if err := s.db.RecordRegisterEntry(r.Context(), &e); err != nil {
		return err
	}
	writeCreated(w, basePath+"/verwerkingsregister/"+e.ID, e)
	return nil
}

func (s *server) getRegisterEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	e, err := s.db.RegisterEntry(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, e)
	return nil
}
