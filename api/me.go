package api

import (
	"net/http"
	"strconv"

	ga "github.com/groepsaanpak/groepsaanpak"
)

var meOperations = []operation{
	{
		pattern: "GET /api/v1/ik", id: "ikOpvragen", tag: tagAccount,
		summary: "De aangemelde gebruiker opvragen",
		description: "Geeft de gebruiker van het token: naam, partner, rollen, en of de geheimhoudingsverklaring " +
			"(artikel 5.1) voor de geldende versie van het convenant is aanvaard. Zonder die verklaring " +
			"weigert de API elke verwerking van persoonsgegevens.",
		status: http.StatusOK, result: meResponse{},
	},
	{
		pattern: "POST /api/v1/geheimhoudingsverklaringen", id: "geheimhoudingsverklaringAanvaarden", tag: tagAccount,
		summary: "De geheimhoudingsplicht aanvaarden",
		description: "Legt vast dat de gebruiker de geheimhoudingsplicht van artikel 5.1 aanvaardt voor de versie " +
			"van het convenant die geldt. Noem die versie in de invoer: is het convenant intussen gewijzigd, dan " +
			"volgt 409 en leest de gebruiker eerst de nieuwe versie. Na elke wijziging van het convenant is een " +
			"nieuwe verklaring nodig.",
		body: confidentialityInput{}, status: http.StatusCreated, result: confidentialityOutput{},
		problems: []int{http.StatusConflict},
	},
}

// meResponse describes the authenticated actor.
type meResponse struct {
	UserID  string      `json:"gebruikerId"`
	Name    string      `json:"naam"`
	Email   string      `json:"email"`
	Partner *ga.Partner `json:"partner"`
	Roles   []ga.Role   `json:"rollen"`
	// TokenID is the token this request authenticated with.
	TokenID string `json:"tokenId"`
	// CovenantVersion is the version in force, zero before the covenant
	// is recorded.
	CovenantVersion int `json:"convenantVersie"`
	// DeclaredVersion is the version of the latest confidentiality
	// declaration, zero if none.
	DeclaredVersion int  `json:"geheimhoudingsverklaringVersie"`
	Declared        bool `json:"geheimhoudingsverklaringAanvaard"`
}

// getMe answers who the token belongs to, so that a client can show it and
// knows whether the confidentiality declaration is due.
func (s *server) getMe(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := ga.ActorFrom(ctx)
	partner, err := s.db.Partner(ctx, a.PartnerID)
	if err != nil {
		return err
	}
	version, err := s.covenantVersion(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, meResponse{
		UserID:          a.UserID,
		Name:            a.Name,
		Email:           a.Email,
		Partner:         partner,
		Roles:           nonNil(a.Roles),
		TokenID:         a.TokenID,
		CovenantVersion: version,
		DeclaredVersion: a.DeclaredVersion,
		Declared:        ga.ConfidentialityDeclared(a, version),
	})
	return nil
}

// covenantVersion is the covenant version in force, or zero when no
// covenant is recorded yet.
func (s *server) covenantVersion(r *http.Request) (int, error) {
	c, err := s.db.Covenant(r.Context())
	switch {
	case ga.IsKind(err, ga.KindNotFound):
		return 0, nil
	case err != nil:
		return 0, err
	}
	return c.Version, nil
}

// confidentialityInput names the covenant version the user read and accepts.
type confidentialityInput struct {
	CovenantVersion int `json:"convenantVersie"`
}

// confidentialityOutput confirms the accepted version.
type confidentialityOutput struct {
	CovenantVersion int `json:"convenantVersie"`
}

// acceptConfidentiality records the confidentiality declaration of Art 5.1.
// The client names the version it showed the user, so that a declaration is
// never recorded for terms the user has not seen.
func (s *server) acceptConfidentiality(w http.ResponseWriter, r *http.Request) error {
	var in confidentialityInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	version, err := s.covenantVersion(r)
	if err != nil {
		return err
	}
	const op = "api.acceptConfidentiality"
	switch {
	case version == 0:
		return ga.E(ga.KindConflict, op, "Er is nog geen convenant vastgelegd.")
	case in.CovenantVersion != version:
		return ga.E(ga.KindConflict, op, "Het convenant is gewijzigd: lees versie "+strconv.Itoa(version)+" en aanvaard die.",
			ga.Detail{Name: "convenantVersie", Message: "De geldende versie is " + strconv.Itoa(version) + "."})
	}
	if err := s.db.AcceptConfidentiality(r.Context()); err != nil {
		return err
	}
	writeCreated(w, basePath+"/ik", confidentialityOutput{CovenantVersion: version})
	return nil
}
