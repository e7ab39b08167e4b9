package api

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

var partnerOperations = []operation{
	{
		pattern: "GET /api/v1/partners", id: "partnersOpvragen", tag: tagPartners,
		summary:     "De partners opvragen",
		description: "Geeft alle partners van het convenant op naam, met hun publieke taken, wettelijke grondslagen, klachtencommissie en functionaris gegevensbescherming.",
		status:      http.StatusOK, result: partnerList{},
	},
	{
		pattern: "POST /api/v1/partners", id: "partnerToevoegen", tag: tagPartners,
		summary: "Een partner toevoegen",
		description: "Voegt een partner toe (alleen beheerders). Een partner die wordt toegevoegd nadat het " +
			"convenant is ondertekend, moet ook ondertekenen voordat verwerking weer is toegestaan (artikel 8).",
		body: partnerInput{}, status: http.StatusCreated, result: ga.Partner{},
		problems: []int{http.StatusForbidden, http.StatusConflict},
	},
	{
		pattern: "GET /api/v1/partners/{id}", id: "partnerOpvragen", tag: tagPartners,
		summary:     "Een partner opvragen",
		description: "Geeft één partner.",
		status:      http.StatusOK, result: ga.Partner{},
	},
	{
		pattern: "PUT /api/v1/partners/{id}", id: "partnerWijzigen", tag: tagPartners,
		summary:     "Een partner wijzigen",
		description: "Vervangt de vastgelegde gegevens van een partner (alleen beheerders).",
		body:        partnerInput{}, status: http.StatusOK, result: ga.Partner{},
		problems: []int{http.StatusForbidden, http.StatusConflict},
	},
}

// partnerList is every partner.
type partnerList struct {
	Partners []ga.Partner `json:"partners"`
}

// partnerInput is what a client may set of a partner; the id and creation
// time are the server's.
type partnerInput struct {
	Name                  string         `json:"naam"`
	Kind                  ga.PartnerKind `json:"soort"`
	PublicTasks           string         `json:"publiekeTaken"`
	LegalGrounds          string         `json:"wettelijkeGrondslagen"`
	ComplaintsCommittee   string         `json:"klachtencommissie"`
	DataProtectionOfficer string         `json:"functionarisGegevensbescherming"`
}

func (in partnerInput) partner(id string) ga.Partner {
	return ga.Partner{
		ID:                    id,
		Name:                  in.Name,
		Kind:                  in.Kind,
		PublicTasks:           in.PublicTasks,
		LegalGrounds:          in.LegalGrounds,
		ComplaintsCommittee:   in.ComplaintsCommittee,
		DataProtectionOfficer: in.DataProtectionOfficer,
	}
}

func (s *server) listPartners(w http.ResponseWriter, r *http.Request) error {
	partners, err := s.db.Partners(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, partnerList{nonNil(partners)})
	return nil
}

func (s *server) createPartner(w http.ResponseWriter, r *http.Request) error {
	var in partnerInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	p := in.partner("")
	if err := s.db.CreatePartner(r.Context(), &p); err != nil {
		return err
	}
	writeCreated(w, basePath+"/partners/"+p.ID, p)
	return nil
}

func (s *server) getPartner(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.db.Partner(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// putPartner replaces a partner's details and answers the partner as
// stored.
func (s *server) putPartner(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in partnerInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	p := in.partner(id)
	if err := s.db.UpdatePartner(r.Context(), &p); err != nil {
		return err
	}
	stored, err := s.db.Partner(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, stored)
	return nil
}
