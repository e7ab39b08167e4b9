package api

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

var monitoringOperations = []operation{{
	pattern: "GET /api/v1/groepen/{id}/monitoring", id: "monitoringOpvragen", tag: tagGroups, personal: true,
	summary: "De monitoring van een groepsaanpak opvragen",
	description: "Geeft de periodieke monitoring van de groepsaanpak (artikel 5.3): het aantal leden per maand " +
		"per rol over de laatste twaalf maanden, de nieuwe aanwas per maand, de lopende maatregelen per soort, " +
		"de verlopen evaluaties en de verlopen afspraken. Alle aantallen tellen alleen wat de gebruiker mag " +
		"zien, zodat geen aantal een lid, maatregel of afspraak verraadt die de gebruiker niet mag kennen.",
	status: http.StatusOK, result: ga.Monitoring{},
}}

func (s *server) getMonitoring(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.db.Monitoring(r.Context(), id)
	if err != nil {
		return err
	}
	m.Months = nonNil(m.Months)
	writeJSON(w, http.StatusOK, m)
	return nil
}
