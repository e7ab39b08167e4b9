package api

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

var measureOperations = []operation{
	{
		pattern: "GET /api/v1/maatregelen", id: "maatregelenOpvragen", tag: tagMeasures, personal: true,
		summary: "De maatregelen van een groep opvragen",
		description: "Geeft de maatregelen van het Plan van Aanpak van de groep groepId die de gebruiker mag zien, " +
			"op startdatum: elke maatregel voor de groep, en van de maatregelen voor een lid de maatregelen die de partner van de gebruiker zelf uitvoert, " +
			"en na het besluit van de driehoek die voor leden bij wie de partner betrokken is, een strafrechtelijke maatregel alleen als de partner " +
			"strafrechtelijke gegevens mag ontvangen en een zorgmaatregel alleen als hij bijzondere persoonsgegevens mag ontvangen. " +
			"Een groep die de gebruiker niet mag zien, geeft 404.",
		query:  []queryParam{{name: "groepId", description: "De groep (UUID).", required: true}},
		status: http.StatusOK, result: measureList{}, problems: []int{http.StatusNotFound},
	},
	{
		pattern: "POST /api/v1/maatregelen", id: "maatregelVastleggen", tag: tagMeasures, personal: true,
		summary: "Een maatregel vastleggen",
		description: "Legt een maatregel van het Plan van Aanpak vast: bestuursrechtelijk, strafrechtelijk, " +
			"privaatrechtelijk of zorg, voor de groep of voor één lid, met de verantwoordelijke partner, status, " +
			"startdatum en evaluatiedatum. De uitvoeringscoördinator legt elke maatregel vast, een gebruiker van " +
			"de verantwoordelijke partner de eigen maatregelen. Een maatregel voor een lid kan pas na het besluit " +
			"van de driehoek dat uitwisseling toestaat, voor een huidig lid (409). De verantwoordelijke partner " +
			"wordt daarmee betrokken bij het lid.",
		body: measureInput{}, status: http.StatusCreated, result: ga.Measure{},
		problems: []int{http.StatusNotFound},
	},
	{
		pattern: "GET /api/v1/maatregelen/_achterstallig", id: "achterstalligeEvaluatiesOpvragen", tag: tagMeasures, personal: true,
		summary: "Maatregelen met een verlopen evaluatiedatum opvragen",
		description: "Geeft de geplande en lopende maatregelen die de gebruiker mag zien, in elke open " +
			"groepsaanpak, waarvan de evaluatiedatum is verstreken, oudste evaluatiedatum eerst: de herinnering " +
			"van de uitvoeringscoördinator om te evalueren.",
		status: http.StatusOK, result: measureList{},
	},
	{
		pattern: "GET /api/v1/maatregelen/{id}", id: "maatregelOpvragen", tag: tagMeasures, personal: true,
		summary:     "Een maatregel opvragen",
		description: "Geeft één maatregel die de gebruiker mag zien; een andere geeft 404, net als een onbekende.",
		status:      http.StatusOK, result: ga.Measure{},
	},
	{
		pattern: "PUT /api/v1/maatregelen/{id}", id: "maatregelWijzigen", tag: tagMeasures, personal: true,
		summary: "Een maatregel wijzigen",
		description: "Vervangt de maatregel. De uitvoeringscoördinator wijzigt elk veld; de verantwoordelijke " +
			"partner meldt voortgang door alleen status en resultaat te wijzigen (403 voor andere wijzigingen). " +
			"Een afgeronde of gestopte maatregel wijzigt niet meer (409).",
		body: measureUpdate{}, status: http.StatusOK, result: ga.Measure{},
	},
}

// measureUpdate is what may change of a measure; its group does not.
type measureUpdate struct {
	PersonID             string           `json:"persoonId,omitempty"`
	Kind                 ga.MeasureKind   `json:"soort"`
	Description          string           `json:"omschrijving"`
	ResponsiblePartnerID string           `json:"verantwoordelijkePartnerId"`
	Status               ga.MeasureStatus `json:"status"`
	Start                ga.Date          `json:"startdatum"`
	ReviewDate           ga.Date          `json:"evaluatiedatum"`
	Result               string           `json:"resultaat,omitempty"`
}

// validate checks the identifiers; storage and the domain check the rest.
func (in measureUpdate) validate(v *ga.Invalid) {
	checkID(v, "persoonId", in.PersonID, false)
	checkID(v, "verantwoordelijkePartnerId", in.ResponsiblePartnerID, false)
}

func (in measureUpdate) measure(id string) ga.Measure {
	return ga.Measure{
		ID: id, PersonID: in.PersonID, Kind: in.Kind, Description: in.Description,
		ResponsiblePartnerID: in.ResponsiblePartnerID, Status: in.Status, Start: in.Start,
		ReviewDate: in.ReviewDate, Result: in.Result,
	}
}

// measureInput is a new measure in the plan of group GroupID.
type measureInput struct {
	GroupID string `json:"groepId"`
	measureUpdate
}

// measureList is measures the viewer may see.
type measureList struct {
	Measures []ga.Measure `json:"maatregelen"`
}

func (s *server) listMeasures(w http.ResponseWriter, r *http.Request) error {
	groupID, err := queryID(r, "groepId")
	if err != nil {
		return err
	}
	ms, err := s.db.Measures(r.Context(), groupID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, measureList{nonNil(ms)})
	return nil
}

func (s *server) createMeasure(w http.ResponseWriter, r *http.Request) error {
	var in measureInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var v ga.Invalid
	checkID(&v, "groepId", in.GroupID, true)
	in.validate(&v)
	if err := v.Err("api.createMeasure"); err != nil {
		return err
	}
	m := in.measure("")
	m.GroupID = in.GroupID
	if err := s.db.CreateMeasure(r.Context(), &m); err != nil {
		return err
	}
	writeCreated(w, basePath+"/maatregelen/"+m.ID, m)
	return nil
}

func (s *server) listOverdueReviews(w http.ResponseWriter, r *http.Request) error {
	ms, err := s.db.OverdueReviews(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, measureList{nonNil(ms)})
	return nil
}

func (s *server) getMeasure(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.db.Measure(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *server) putMeasure(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in measureUpdate
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var v ga.Invalid
	in.validate(&v)
	if err := v.Err("api.putMeasure"); err != nil {
		return err
	}
	m := in.measure(id)
	if err := s.db.UpdateMeasure(r.Context(), &m); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}
