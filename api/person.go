package api

import (
	"net/http"
	"slices"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

var personOperations = []operation{
	{
		pattern: "POST /api/v1/personen", id: "persoonVastleggen", tag: tagPersons, personal: true,
		summary: "Een persoon vastleggen als lid van een groep",
		description: "Legt een persoon vast met een lidmaatschap van een groep, vanaf stap informatie, door een " +
			"deelnemende partner (meestal de politie, die in stap 2B de namenlijst opstelt); die partner is de " +
			"bron van de persoon. Een persoon jonger dan 16 krijgt ten minste één wettelijk vertegenwoordiger; " +
			"een BSN alleen met een wettelijke grondslag. Geen namenlijst als vraag 2A 'niet problematisch' was (409). " +
			"Een groep die de gebruiker niet mag zien, geeft 404.",
		body: personInput{}, status: http.StatusCreated, result: storage.PersonView{},
		problems: []int{http.StatusNotFound},
	},
	{
		pattern: "POST /api/v1/personen/_zoek", id: "personenZoeken", tag: tagPersons, personal: true,
		summary: "Personen zoeken",
		description: "Geeft de personen die de gebruiker via ten minste één groep mag zien en van wie de naam de " +
			"zoekterm bevat (hoofdletters tellen niet), op naam, met het aantal. De zoekterm staat in de inhoud " +
			"van het verzoek, nooit in de URL. Elke gevonden persoon komt in het verwerkingenlogboek; het " +
			"auditlogboek noemt dat er gezocht is, niet waarop.",
		body: personSearch{}, status: http.StatusOK, result: personList{},
	},
	{
		pattern: "GET /api/v1/personen/{id}", id: "persoonOpvragen", tag: tagPersons, personal: true,
		summary: "Een persoon opvragen",
		description: "Geeft de persoon met de wettelijk vertegenwoordigers en de lidmaatschappen die de gebruiker " +
			"mag zien. Een persoon die de gebruiker via geen enkele groep mag zien, geeft 404, net als een onbekende.",
		status: http.StatusOK, result: storage.PersonView{},
	},
	{
		pattern: "PUT /api/v1/personen/{id}", id: "persoonWijzigen", tag: tagPersons, personal: true,
		summary: "Een persoon wijzigen",
		description: "Vervangt naam, geboortedatum, adres en BSN van de persoon. Alleen de bronpartner wijzigt de " +
			"persoon (403 voor een andere partner die de persoon mag zien). Vertegenwoordigers en lidmaatschappen " +
			"hebben hun eigen resources.",
		body: personUpdate{}, status: http.StatusOK, result: storage.PersonView{},
	},
	{
		pattern: "GET /api/v1/personen/{id}/lidmaatschappen", id: "lidmaatschappenOpvragen", tag: tagPersons, personal: true,
		summary:     "De lidmaatschappen van een persoon opvragen",
		description: "Geeft de lidmaatschappen van de persoon die de gebruiker mag zien; need-to-know wordt per groepsaanpak beoordeeld.",
		status:      http.StatusOK, result: membershipList{},
	},
	{
		pattern: "POST /api/v1/personen/{id}/lidmaatschappen", id: "lidmaatschapToevoegen", tag: tagPersons, personal: true,
		summary: "Een persoon lid maken van een groep",
		description: "Voegt een lidmaatschap toe van een groep in wier aanpak de partner van de gebruiker " +
			"deelneemt, onder dezelfde regels als het vastleggen van een persoon. Een tweede lopend " +
			"lidmaatschap van dezelfde groep geeft 409.",
		body: membershipInput{}, status: http.StatusCreated, result: ga.Membership{},
	},
	{
		pattern: "GET /api/v1/personen/{id}/lidmaatschappen/{lidmaatschapId}", id: "lidmaatschapOpvragen", tag: tagPersons, personal: true,
		summary:     "Een lidmaatschap opvragen",
		description: "Geeft één lidmaatschap van de persoon dat de gebruiker mag zien.",
		status:      http.StatusOK, result: ga.Membership{},
	},
	{
		pattern: "POST /api/v1/personen/{id}/lidmaatschappen/{lidmaatschapId}/beeindiging", id: "lidmaatschapBeeindigen", tag: tagPersons, personal: true,
		summary: "Een lidmaatschap beëindigen",
		description: "Beëindigt het lidmaatschap op de einddatum (de uitvoeringscoördinator of de bronpartner van " +
			"de persoon). Vanaf het einde van een lidmaatschap telt de bewaartermijn. Geeft het lidmaatschap terug.",
		body: membershipEnd{}, status: http.StatusOK, result: ga.Membership{},
	},
	{
		pattern: "GET /api/v1/personen/{id}/vertegenwoordigers", id: "vertegenwoordigersOpvragen", tag: tagPersons, personal: true,
		summary:     "De wettelijk vertegenwoordigers opvragen",
		description: "Geeft de wettelijk vertegenwoordigers van de persoon (UAVG artikel 5), die worden aangeschreven waar de persoon zou worden aangeschreven.",
		status:      http.StatusOK, result: representativeList{},
	},
	{
		pattern: "POST /api/v1/personen/{id}/vertegenwoordigers", id: "vertegenwoordigerToevoegen", tag: tagPersons, personal: true,
		summary:     "Een wettelijk vertegenwoordiger toevoegen",
		description: "Legt een wettelijk vertegenwoordiger van de persoon vast (alleen de bronpartner).",
		body:        representativeInput{}, status: http.StatusCreated, result: ga.Representative{},
	},
	{
		pattern: "GET /api/v1/personen/{id}/vertegenwoordigers/{vertegenwoordigerId}", id: "vertegenwoordigerOpvragen", tag: tagPersons, personal: true,
		summary:     "Een wettelijk vertegenwoordiger opvragen",
		description: "Geeft één wettelijk vertegenwoordiger van de persoon.",
		status:      http.StatusOK, result: ga.Representative{},
	},
	{
		pattern: "PUT /api/v1/personen/{id}/vertegenwoordigers/{vertegenwoordigerId}", id: "vertegenwoordigerWijzigen", tag: tagPersons, personal: true,
		summary:     "Een wettelijk vertegenwoordiger wijzigen",
		description: "Vervangt naam, relatie en adres van de wettelijk vertegenwoordiger (alleen de bronpartner).",
		body:        representativeInput{}, status: http.StatusOK, result: ga.Representative{},
	},
	{
		pattern: "DELETE /api/v1/personen/{id}/vertegenwoordigers/{vertegenwoordigerId}", id: "vertegenwoordigerVerwijderen", tag: tagPersons, personal: true,
		summary: "Een wettelijk vertegenwoordiger verwijderen",
		description: "Verwijdert de wettelijk vertegenwoordiger (alleen de bronpartner). De laatste vertegenwoordiger " +
			"van een persoon jonger dan 16 blijft (400).",
		status: http.StatusNoContent,
	},
}

// personInput is a new person with the membership that brings them into a
// group.
type personInput struct {
	GroupID    string          `json:"groepId"`
	Membership membershipTerms `json:"lidmaatschap"`
	personUpdate
	Representatives []representativeInput `json:"wettelijkVertegenwoordigers,omitempty"`
}

// personUpdate is what the source partner may change of a person.
type personUpdate struct {
	Name           string  `json:"naam"`
	DateOfBirth    ga.Date `json:"geboortedatum"`
	Address        string  `json:"adres"`
	BSN            string  `json:"bsn,omitempty"`
	BSNLegalGround string  `json:"bsnGrondslag,omitempty"`
}

func (in personUpdate) person(id string) ga.Person {
	return ga.Person{ID: id, Name: in.Name, DateOfBirth: in.DateOfBirth, Address: in.Address, BSN: in.BSN, BSNLegalGround: in.BSNLegalGround}
}

// membershipTerms are a membership's role and dates.
type membershipTerms struct {
	Role  ga.MembershipRole `json:"rol"`
	Start ga.Date           `json:"startdatum"`
	End   ga.Date           `json:"einddatum,omitempty"`
}

// membershipInput is a membership of a person of the group GroupID.
type membershipInput struct {
	GroupID string `json:"groepId"`
	membershipTerms
}

// membershipEnd is the end date of a membership.
type membershipEnd struct {
	End ga.Date `json:"einddatum"`
}

// representativeInput is a legal representative.
type representativeInput struct {
	Name         string `json:"naam"`
	Relationship string `json:"relatie"`
	Address      string `json:"adres"`
}

func (in representativeInput) representative(id string) ga.Representative {
	return ga.Representative{ID: id, Name: in.Name, Relationship: in.Relationship, Address: in.Address}
}

// personSearch filters persons by part of their name.
type personSearch struct {
	Query string `json:"zoekterm"`
}

// personList is the persons found, with their number.
type personList struct {
	Persons []storage.PersonView `json:"personen"`
	Count   int                  `json:"aantal"`
}

// membershipList is the memberships of a person the viewer may see.
type membershipList struct {
	Memberships []ga.Membership `json:"lidmaatschappen"`
}

// representativeList is the legal representatives of a person.
type representativeList struct {
	Representatives []ga.Representative `json:"wettelijkVertegenwoordigers"`
}

// maxQueryLength bounds a search term.
const maxQueryLength = 200

func (s *server) createPerson(w http.ResponseWriter, r *http.Request) error {
	var in personInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var v ga.Invalid
	checkID(&v, "groepId", in.GroupID, true)
	if err := v.Err("api.createPerson"); err != nil {
		return err
	}
	p := in.person("")
	for _, rep := range in.Representatives {
		p.Representatives = append(p.Representatives, rep.representative(""))
	}
	m := ga.Membership{Role: in.Membership.Role, Start: in.Membership.Start, End: in.Membership.End}
	if err := s.db.CreatePerson(r.Context(), &p, in.GroupID, &m); err != nil {
		return err
	}
	writeCreated(w, basePath+"/personen/"+p.ID, personOut(storage.PersonView{Person: p, Memberships: []ga.Membership{m}}))
	return nil
}

func (s *server) searchPersons(w http.ResponseWriter, r *http.Request) error {
	var in personSearch
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if len(in.Query) > maxQueryLength {
		return ga.E(ga.KindInvalid, "api.searchPersons", "De invoer is niet geldig.",
			ga.Detail{Name: "zoekterm", Message: "De zoekterm is te lang (maximaal 200 tekens)."})
	}
	ps, err := s.db.Persons(r.Context(), storage.PersonFilter{Query: in.Query})
	if err != nil {
		return err
	}
	for i := range ps {
		ps[i] = personOut(ps[i])
	}
	writeJSON(w, http.StatusOK, personList{Persons: nonNil(ps), Count: len(ps)})
	return nil
}

func (s *server) getPerson(w http.ResponseWriter, r *http.Request) error {
	p, err := s.pathPerson(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// pathPerson reads the person of the path, as the viewer may see it.
func (s *server) pathPerson(r *http.Request) (storage.PersonView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return storage.PersonView{}, err
	}
	p, err := s.db.Person(r.Context(), id)
	if err != nil {
		return storage.PersonView{}, err
	}
	return personOut(*p), nil
}

func (s *server) putPerson(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in personUpdate
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	p := in.person(id)
	if err := s.db.UpdatePerson(r.Context(), &p); err != nil {
		return err
	}
	return s.writePerson(w, r, id)
}

// writePerson answers the person as the viewer may now see it.
func (s *server) writePerson(w http.ResponseWriter, r *http.Request, id string) error {
	p, err := s.db.Person(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, personOut(*p))
	return nil
}

func (s *server) listMemberships(w http.ResponseWriter, r *http.Request) error {
	p, err := s.pathPerson(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, membershipList{p.Memberships})
	return nil
}

func (s *server) addMembership(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in membershipInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var v ga.Invalid
	checkID(&v, "groepId", in.GroupID, true)
	if err := v.Err("api.addMembership"); err != nil {
		return err
	}
	m := ga.Membership{GroupID: in.GroupID, PersonID: id, Role: in.Role, Start: in.Start, End: in.End}
	if err := s.db.AddMembership(r.Context(), &m); err != nil {
		return err
	}
	writeCreated(w, basePath+"/personen/"+id+"/lidmaatschappen/"+m.ID, m)
	return nil
}

func (s *server) getMembership(w http.ResponseWriter, r *http.Request) error {
	m, err := s.pathMembership(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

// pathMembership reads the membership of the path among the memberships of
// the person that the viewer may see; any other is not found.
func (s *server) pathMembership(r *http.Request) (ga.Membership, error) {
	mid, err := pathID(r, "lidmaatschapId")
	if err != nil {
		return ga.Membership{}, err
	}
	p, err := s.pathPerson(r)
	if err != nil {
		return ga.Membership{}, err
	}
	i := slices.IndexFunc(p.Memberships, func(m ga.Membership) bool { return m.ID == mid })
	if i < 0 {
		return ga.Membership{}, ga.ErrNotFound("api.membership")
	}
	return p.Memberships[i], nil
}

// endMembership ends a membership of the person in the path. The
// membership must be one of the person's that the viewer may see, so that
// the path cannot name a membership of someone else.
func (s *server) endMembership(w http.ResponseWriter, r *http.Request) error {
	var in membershipEnd
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	m, err := s.pathMembership(r)
	if err != nil {
		return err
	}
	if err := s.db.EndMembership(r.Context(), m.ID, in.End); err != nil {
		return err
	}
	m.End = in.End
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *server) listRepresentatives(w http.ResponseWriter, r *http.Request) error {
	p, err := s.pathPerson(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, representativeList{nonNil(p.Representatives)})
	return nil
}

func (s *server) addRepresentative(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in representativeInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	rep := in.representative("")
	if err := s.db.AddRepresentative(r.Context(), id, &rep); err != nil {
		return err
	}
	writeCreated(w, basePath+"/personen/"+id+"/vertegenwoordigers/"+rep.ID, rep)
	return nil
}

func (s *server) getRepresentative(w http.ResponseWriter, r *http.Request) error {
	rid, err := pathID(r, "vertegenwoordigerId")
	if err != nil {
		return err
	}
	p, err := s.pathPerson(r)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(p.Representatives, func(rep ga.Representative) bool { return rep.ID == rid })
	if i < 0 {
		return ga.ErrNotFound("api.getRepresentative")
	}
	writeJSON(w, http.StatusOK, p.Representatives[i])
	return nil
}

func (s *server) putRepresentative(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rid, err := pathID(r, "vertegenwoordigerId")
	if err != nil {
		return err
	}
	var in representativeInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	rep := in.representative(rid)
	if err := s.db.UpdateRepresentative(r.Context(), id, &rep); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (s *server) removeRepresentative(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rid, err := pathID(r, "vertegenwoordigerId")
	if err != nil {
		return err
	}
	if err := s.db.RemoveRepresentative(r.Context(), id, rid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// personOut is a person as the API sends it: lists are never null.
func personOut(p storage.PersonView) storage.PersonView {
	p.Memberships = nonNil(p.Memberships)
	return p
}
