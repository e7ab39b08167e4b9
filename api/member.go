package api

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

var memberOperations = []operation{
	{
		pattern: "GET /api/v1/groepen/{id}/leden", id: "ledenOpvragen", tag: tagGroups, personal: true,
		summary: "De leden van een groep opvragen",
		description: "Geeft de lidmaatschappen van de groep die de gebruiker mag zien, op naam, met de " +
			"gegevens van het lid en diens wettelijk vertegenwoordigers. De partner die een persoon vastlegde, " +
			"ziet die altijd; een andere deelnemende partner pas na het besluit van de driehoek dat uitwisseling " +
			"toestaat. Wat de gebruiker niet mag zien, telt ook niet mee. Elke getoonde persoon komt in het " +
			"verwerkingenlogboek.",
		status: http.StatusOK, result: memberList{},
	},
	{
		pattern: "GET /api/v1/groepen/{id}/leden/{persoonId}/betrokkenheden", id: "betrokkenhedenOpvragen", tag: tagGroups, personal: true,
		summary: "De betrokken partners bij een lid opvragen",
		description: "Geeft de partners die in deze groepsaanpak bij het lid betrokken zijn: geregistreerd door " +
			"de uitvoeringscoördinator met een reden, of afgeleid (de partner bracht een gegeven over het lid in of " +
			"draagt een maatregel voor het lid). De uitvoeringscoördinator ziet elke betrokken partner; een andere " +
			"gebruiker alleen de betrokkenheid van de eigen partner. Onder beeindigd staan de geregistreerde " +
			"betrokkenheden die de uitvoeringscoördinator beëindigde, met wanneer, door wie en de reden, onder " +
			"dezelfde regel. Een lid dat de gebruiker niet mag zien, geeft 404.",
		status: http.StatusOK, result: involvementList{},
	},
	{
		pattern: "POST /api/v1/groepen/{id}/leden/{persoonId}/betrokkenheden", id: "betrokkenheidVastleggen", tag: tagGroups, personal: true,
		summary: "De betrokkenheid van een partner bij een lid vastleggen",
		description: "Legt vast dat een deelnemende partner bij het lid betrokken is, met een reden (alleen de " +
			"uitvoeringscoördinator). Een betrokken partner ziet de gegevens over het lid die need-to-know " +
			"toestaat, en kan worden uitgenodigd voor een overleg over het lid (artikel 5.3). Geeft de " +
			"betrokkenheden terug.",
		body: involvementInput{}, status: http.StatusOK, result: involvementList{},
	},
	{
		pattern: "POST /api/v1/groepen/{id}/leden/{persoonId}/betrokkenheden/{partnerId}/beeindiging", id: "betrokkenheidBeeindigen", tag: tagGroups, personal: true,
		summary: "Een geregistreerde betrokkenheid beëindigen",
		description: "Beëindigt de door de uitvoeringscoördinator geregistreerde betrokkenheid van een partner bij " +
			"het lid, met een reden. Afgeleide betrokkenheid eindigt alleen met haar bron. Een betrokkenheid die " +
			"niet geregistreerd is, geeft 404. Geeft de betrokkenheden terug.",
		body: reasonInput{}, status: http.StatusOK, result: involvementList{},
	},
}

// memberList is the memberships of a group the viewer may see.
type memberList struct {
	Members []storage.Member `json:"leden"`
}

// involvementList is the partners involved with a member, and the ended
// registered involvements with the reason of ending.
type involvementList struct {
	Involvements []storage.Involvement      `json:"betrokkenheden"`
	Ended        []storage.EndedInvolvement `json:"beeindigd"`
}

// involvementInput registers a partner's involvement.
type involvementInput struct {
	PartnerID string `json:"partnerId"`
	Reason    string `json:"reden"`
}

// reasonInput is the reason for an action.
type reasonInput struct {
	Reason string `json:"reden"`
}

func (s *server) listMembers(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ms, err := s.db.Members(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, memberList{nonNil(ms)})
	return nil
}

// memberPath returns the group and person of a member's path.
func memberPath(r *http.Request) (groupID, personID string, err error) {
	if groupID, err = pathID(r, "id"); err != nil {
		return "", "", err
	}
	if personID, err = pathID(r, "persoonId"); err != nil {
		return "", "", err
	}
	return groupID, personID, nil
}

func (s *server) listInvolvements(w http.ResponseWriter, r *http.Request) error {
	groupID, personID, err := memberPath(r)
	if err != nil {
		return err
	}
	return s.writeInvolvements(w, r, groupID, personID)
}

func (s *server) registerInvolvement(w http.ResponseWriter, r *http.Request) error {
	groupID, personID, err := memberPath(r)
	if err != nil {
		return err
	}
	var in involvementInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var v ga.Invalid
	checkID(&v, "partnerId", in.PartnerID, true)
	if err := v.Err("api.registerInvolvement"); err != nil {
		return err
	}
	if err := s.db.RegisterInvolvement(r.Context(), groupID, personID, in.PartnerID, in.Reason); err != nil {
		return err
	}
	return s.writeInvolvements(w, r, groupID, personID)
}

func (s *server) endInvolvement(w http.ResponseWriter, r *http.Request) error {
	groupID, personID, err := memberPath(r)
	if err != nil {
		return err
	}
	partnerID, err := pathID(r, "partnerId")
	if err != nil {
		return err
	}
	var in reasonInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.db.EndInvolvement(r.Context(), groupID, personID, partnerID, in.Reason); err != nil {
		return err
	}
	return s.writeInvolvements(w, r, groupID, personID)
}

func (s *server) writeInvolvements(w http.ResponseWriter, r *http.Request, groupID, personID string) error {
	inv, err := s.db.Involvements(r.Context(), groupID, personID)
	if err != nil {
		return err
	}
	ended, err := s.db.EndedInvolvements(r.Context(), groupID, personID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, involvementList{nonNil(inv), nonNil(ended)})
	return nil
}
