package api

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

var wpg20Operations = []operation{
	{
		pattern: "GET /api/v1/wpg20-besluiten", id: "wpg20BesluitenOpvragen", tag: tagRegister,
		summary:     "De besluiten op grond van artikel 20 Wpg opvragen",
		description: "Geeft de schriftelijke besluiten van de politie om politiegegevens aan het samenwerkingsverband te verstrekken (artikel 20 Wet politiegegevens), nieuwste eerst.",
		status:      http.StatusOK, result: wpg20List{},
	},
	{
		pattern: "POST /api/v1/wpg20-besluiten", id: "wpg20BesluitVastleggen", tag: tagRegister,
		summary: "Een besluit op grond van artikel 20 Wpg vastleggen",
		description: "Legt het besluit van de politie vast (een driehoekslid, privacyfunctionaris of " +
			"uitvoeringscoördinator van de politie, of een beheerder). Elk gegeven van de politie verwijst " +
			"naar een geldend besluit.",
		body: wpg20Input{}, status: http.StatusCreated, result: ga.Wpg20Decision{},
		problems: []int{http.StatusForbidden},
	},
	{
		pattern: "GET /api/v1/wpg20-besluiten/{id}", id: "wpg20BesluitOpvragen", tag: tagRegister,
		summary:     "Een besluit op grond van artikel 20 Wpg opvragen",
		description: "Geeft één besluit.",
		status:      http.StatusOK, result: ga.Wpg20Decision{},
	},
}

// wpg20List is every recorded decision.
type wpg20List struct {
	Decisions []ga.Wpg20Decision `json:"wpg20Besluiten"`
}

// wpg20Input is a decision as a client records it.
type wpg20Input struct {
	Reference  string  `json:"kenmerk"`
	DecidedOn  ga.Date `json:"besluitdatum"`
	DecidedBy  string  `json:"besluitDoor"`
	Summary    string  `json:"samenvatting"`
	ValidUntil ga.Date `json:"geldigTot,omitempty"`
}

func (s *server) listWpg20Decisions(w http.ResponseWriter, r *http.Request) error {
	ds, err := s.db.Wpg20Decisions(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, wpg20List{nonNil(ds)})
	return nil
}

func (s *server) createWpg20Decision(w http.ResponseWriter, r *http.Request) error {
	var in wpg20Input
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	d := ga.Wpg20Decision{
		Reference:  in.Reference,
		DecidedOn:  in.DecidedOn,
		DecidedBy:  in.DecidedBy,
		Summary:    in.Summary,
		ValidUntil: in.ValidUntil,
	}
	if err := s.db.RecordWpg20Decision(r.Context(), &d); err != nil {
		return err
	}
	writeCreated(w, basePath+"/wpg20-besluiten/"+d.ID, d)
	return nil
}

// getWpg20Decision answers one decision. Storage has no lookup by id, and
// the decisions are few, so it is found in the list.
func (s *server) getWpg20Decision(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ds, err := s.db.Wpg20Decisions(r.Context())
	if err != nil {
		return err
	}
	for _, d := range ds {
		if d.ID == id {
			writeJSON(w, http.StatusOK, d)
			return nil
		}
	}
	return ga.ErrNotFound("api.getWpg20Decision")
}
