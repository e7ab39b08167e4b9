package api

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

var signatureOperations = []operation{
	{
		pattern: "GET /api/v1/ondertekeningen", id: "ondertekeningenOpvragen", tag: tagCovenant,
		summary:     "De ondertekeningen opvragen",
		description: "Geeft de ondertekeningen van het convenant door de partners.",
		status:      http.StatusOK, result: signatureList{},
	},
	{
		pattern: "POST /api/v1/ondertekeningen", id: "ondertekeningVastleggen", tag: tagCovenant,
		summary: "Een ondertekening vastleggen",
		description: "Legt vast dat een partner het convenant heeft ondertekend: door wie, in welke functie en " +
			"wanneer. Dit doet een driehoekslid of privacyfunctionaris van die partner, of de " +
			"uitvoeringscoördinator of een beheerder voor een ondertekening op papier. Elke partner " +
			"ondertekent één keer (anders 409).",
		body: signatureInput{}, status: http.StatusCreated, result: ga.Signature{},
		problems: []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict},
	},
	{
		pattern: "GET /api/v1/ondertekeningen/{partnerId}", id: "ondertekeningOpvragen", tag: tagCovenant,
		summary:     "De ondertekening van een partner opvragen",
		description: "Geeft de ondertekening van de partner met deze identificatie; 404 als die partner niet heeft ondertekend.",
		status:      http.StatusOK, result: ga.Signature{},
	},
}

// signatureList is every signature.
type signatureList struct {
	Signatures []ga.Signature `json:"ondertekeningen"`
}

// signatureInput is a signature as a client records it; who recorded it and
// when are the server's.
type signatureInput struct {
	PartnerID         string  `json:"partnerId"`
	SignatoryName     string  `json:"ondertekenaar"`
	SignatoryFunction string  `json:"functie"`
	SignedOn          ga.Date `json:"ondertekendOp"`
}

func (s *server) listSignatures(w http.ResponseWriter, r *http.Request) error {
	sigs, err := s.db.Signatures(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, signatureList{nonNil(sigs)})
	return nil
}

func (s *server) createSignature(w http.ResponseWriter, r *http.Request) error {
	var in signatureInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	sig := ga.Signature{
		PartnerID:         in.PartnerID,
		SignatoryName:     in.SignatoryName,
		SignatoryFunction: in.SignatoryFunction,
		SignedOn:          in.SignedOn,
	}
	if err := s.db.RecordSignature(r.Context(), &sig); err != nil {
		return err
	}
	writeCreated(w, basePath+"/ondertekeningen/"+sig.PartnerID, sig)
	return nil
}

// getSignature answers one partner's signature. A partner signs once, so
// the partner's id identifies the signature.
func (s *server) getSignature(w http.ResponseWriter, r *http.Request) error {
	partnerID, err := pathID(r, "partnerId")
	if err != nil {
		return err
	}
	sigs, err := s.db.Signatures(r.Context())
	if err != nil {
		return err
	}
	for _, sig := range sigs {
		if sig.PartnerID == partnerID {
			writeJSON(w, http.StatusOK, sig)
			return nil
		}
	}
	return ga.ErrNotFound("api.getSignature")
}
