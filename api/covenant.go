package api

import (
	"errors"
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

var covenantOperations = []operation{
	{
		pattern: "GET /api/v1/convenant", id: "convenantOpvragen", tag: tagCovenant,
		summary:     "Het convenant opvragen",
		description: "Geeft het convenant met de voorwaarden die nu gelden en het versienummer. 404 zolang er geen convenant is vastgelegd.",
		status:      http.StatusOK, result: ga.Covenant{}, problems: []int{http.StatusNotFound},
	},
	{
		pattern: "PUT /api/v1/convenant", id: "convenantVastleggen", tag: tagCovenant,
		summary: "De voorwaarden van het convenant vastleggen",
		description: "Legt de voorwaarden van het convenant vast (beheerder of uitvoeringscoördinator). Dit kan " +
			"zolang geen enkele partner heeft ondertekend; daarna verandert het convenant alleen nog door een " +
			"wijziging waarmee elke partner instemt (artikel 12.1), en volgt 409.",
		body: ga.CovenantTerms{}, status: http.StatusOK, result: ga.Covenant{},
		problems: []int{http.StatusForbidden, http.StatusConflict},
	},
	{
		pattern: "GET /api/v1/convenant/versies", id: "convenantversiesOpvragen", tag: tagCovenant,
		summary:     "De versies van het convenant opvragen",
		description: "Geeft elke versie van de voorwaarden, oudste eerst: versie 1 zoals ondertekend en daarna één versie per wijziging die van kracht werd.",
		status:      http.StatusOK, result: covenantVersionList{},
	},
	{
		pattern: "GET /api/v1/convenant/status", id: "convenantstatusOpvragen", tag: tagCovenant,
		summary: "Toets van artikel 8 opvragen",
		description: "Geeft aan of verwerking van persoonsgegevens is toegestaan (artikel 8): het convenant is " +
			"vastgelegd met volledige voorwaarden, elke partner heeft ondertekend, de ingangsdatum is bereikt en " +
			"de verwerking staat met een DPIA-kenmerk in het register van verwerkingsactiviteiten. Zo niet, dan " +
			"noemt het antwoord elke voorwaarde die ontbreekt. Het antwoord is in beide gevallen 200.",
		status: http.StatusOK, result: gateStatus{},
	},
}

// getCovenant answers the covenant in force.
func (s *server) getCovenant(w http.ResponseWriter, r *http.Request) error {
	c, err := s.db.Covenant(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// putCovenant records the terms before the first signature.
func (s *server) putCovenant(w http.ResponseWriter, r *http.Request) error {
	var terms ga.CovenantTerms
	if err := decodeJSON(w, r, &terms); err != nil {
		return err
	}
	c, err := s.db.SetCovenantTerms(r.Context(), terms)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// covenantVersionList is the history of the terms.
type covenantVersionList struct {
	Versions []storage.CovenantVersion `json:"versies"`
}

func (s *server) listCovenantVersions(w http.ResponseWriter, r *http.Request) error {
	versions, err := s.db.CovenantHistory(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, covenantVersionList{nonNil(versions)})
	return nil
}

// gateStatus is the state of the Art 8 gate as a resource: a closed gate is
// an answer here, not an error.
type gateStatus struct {
	ProcessingAllowed bool        `json:"verwerkingToegestaan"`
	Missing           []ga.Detail `json:"ontbrekendeVoorwaarden"`
}

func (s *server) getGateStatus(w http.ResponseWriter, r *http.Request) error {
	err := s.db.CheckGate(r.Context())
	status := gateStatus{ProcessingAllowed: err == nil, Missing: []ga.Detail{}}
	if err != nil {
		var e *ga.Error
		if !errors.As(err, &e) || e.Kind != ga.KindGateClosed {
			return err
		}
		status.Missing = nonNil(e.Details)
	}
	writeJSON(w, http.StatusOK, status)
	return nil
}
