package api

import (
	"net/http"
	"slices"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/letter"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// Requests of data subjects (/verzoeken: inzage, correctie, bezwaar) and
// complaints (/klachten), handled for the controller by the coordinator and
// privacy officers only (403 for anyone else). A request id asked for under
// /klachten, or a complaint id under /verzoeken, answers 404 as an unknown
// id does.

var requestKinds = []ga.CaseKind{ga.CaseAccess, ga.CaseCorrection, ga.CaseObjection}
var complaintKinds = []ga.CaseKind{ga.CaseComplaint}

var rightsOperations = []operation{
	{
		pattern: "GET /api/v1/verzoeken", id: "verzoekenOpvragen", tag: tagRights, personal: true,
		summary: "De verzoeken van betrokkenen opvragen",
		description: "Geeft alle verzoeken om inzage, correctie en bezwaar, de vroegste uiterste datum eerst, " +
			"met de resterende dagen en of de termijn is verstreken. Alleen voor de uitvoeringscoördinator en " +
			"privacyfunctionarissen.",
		status: http.StatusOK, result: caseList{},
	},
	{
		pattern: "POST /api/v1/verzoeken", id: "verzoekRegistreren", tag: tagRights, personal: true,
		summary: "Een verzoek van een betrokkene registreren",
		description: "Registreert een verzoek om inzage, correctie of bezwaar met de datum van ontvangst, het " +
			"kanaal, de persoon en eventueel de wettelijk vertegenwoordiger die het indiende. De termijn is die van " +
			"het convenant (artikel 6.1.3: vier weken); de gebruiker wordt de behandelaar.",
		body: caseInput{}, status: http.StatusCreated, result: storage.CaseView{},
	},
	{
		pattern: "POST /api/v1/verzoeken/betrokkenen/_zoek", id: "betrokkeneZoeken", tag: tagRights, personal: true,
		summary: "De betrokkene van een verzoek zoeken",
		description: "Zoekt de personen met precies deze naam en geboortedatum, zoals de verzoeker ze opgeeft, " +
			"met hun wettelijk vertegenwoordigers.",
		body: casePersonSearch{}, status: http.StatusOK, result: casePersonList{},
	},
	{
		pattern: "GET /api/v1/verzoeken/{id}", id: "verzoekOpvragen", tag: tagRights, personal: true,
		summary:     "Een verzoek opvragen",
		description: "Geeft één verzoek met identiteitscontrole, verlenging, opschortingen en geweigerde gegevens.",
		status:      http.StatusOK, result: storage.CaseView{},
	},
	{
		pattern: "POST /api/v1/verzoeken/{id}/identiteitscontrole", id: "identiteitsControleVastleggen", tag: tagRights, personal: true,
		summary: "De identiteitscontrole vastleggen",
		description: "Legt vast hoe de identiteit van de verzoeker (en het gezag van een vertegenwoordiger) is " +
			"vastgesteld. Een opschorting op grond van de identiteit eindigt daarmee.",
		body: ga.IdentityCheck{}, status: http.StatusOK, result: storage.CaseView{},
	},
	{
		pattern: "POST /api/v1/verzoeken/{id}/verlenging", id: "verzoekVerlengen", tag: tagRights, personal: true,
		summary: "De termijn van een verzoek verlengen",
		description: "Verlengt de termijn met één of twee maanden (artikel 12 lid 3 AVG), met de reden en de " +
			"datum waarop de betrokkene binnen de eerste termijn is bericht. Eén keer per verzoek (409).",
		body: ga.Extension{}, status: http.StatusOK, result: storage.CaseView{},
	},
	{
		pattern: "POST /api/v1/verzoeken/{id}/opschorting", id: "verzoekOpschorten", tag: tagRights, personal: true,
		summary: "De termijn opschorten tot de identiteit vaststaat",
		description: "Schort de termijn op vanaf vandaag, alleen op grond van de identiteit (artikel 12 lid 6 " +
			"AVG); de termijn loopt weer zodra de identiteitscontrole is vastgelegd.",
		body: suspensionInput{}, status: http.StatusOK, result: storage.CaseView{},
	},
	{
		pattern: "POST /api/v1/verzoeken/{id}/weigeringen", id: "gegevenWeigeren", tag: tagRights, personal: true,
		summary: "Een gegeven weigeren bij inzage",
		description: "Weigert één gegeven over de persoon bij een inzageverzoek, alleen op een grond a tot en " +
			"met e van artikel 6.1.4, met een motivering die de betrokkene in de brief leest (artikel 6.1.5).",
		body: ga.Withholding{}, status: http.StatusOK, result: storage.CaseView{},
	},
	{
		pattern: "POST /api/v1/verzoeken/{id}/inzageoverzicht", id: "inzageoverzichtSamenstellen", tag: tagRights, personal: true,
		summary: "Het inzageoverzicht samenstellen",
		description: "Stelt het overzicht voor een inzageverzoek samen: alle gegevens over de persoon bij alle " +
			"partners met categorie, doel, herkomst en ontvangers volgens de logboeken, de lidmaatschappen, " +
			"maatregelen en overleggen. Geweigerde gegevens staan er alleen met grond en motivering in. Het " +
			"samenstellen wordt in het verwerkingenlogboek van de persoon vastgelegd. Dit is de machineleesbare " +
			"kopie (artikel 15 lid 3 AVG). Zolang de identiteitscontrole niet is vastgelegd, wordt niets " +
			"samengesteld (409, artikel 12 lid 6 AVG).",
		status: http.StatusOK, result: ga.AccessOverview{},
	},
	{
		pattern: "POST /api/v1/verzoeken/{id}/inzagebrief", id: "inzagebriefMaken", tag: tagRights, personal: true,
		summary: "De inzagebrief maken (PDF)",
		description: "Stelt het overzicht samen zoals inzageoverzichtSamenstellen en geeft de brief aan de " +
			"betrokkene of de wettelijk vertegenwoordiger als PDF. Zolang de identiteitscontrole niet is " +
			"vastgelegd, komt er geen brief (409).",
		status: http.StatusOK, contentType: "application/pdf",
	},
	{
		pattern: "POST /api/v1/verzoeken/{id}/besluit", id: "verzoekBesluiten", tag: tagRights, personal: true,
		summary: "Het besluit op een verzoek vastleggen",
		description: "Legt de uitkomst en de motivering vast en sluit het verzoek. Eerst moet de identiteit " +
			"zijn vastgesteld en mag de termijn niet zijn opgeschort (409).",
		body: decisionOnCase{}, status: http.StatusOK, result: storage.CaseView{},
	},
	{
		pattern: "GET /api/v1/klachten", id: "klachtenOpvragen", tag: tagComplaints, personal: true,
		summary:     "De klachten opvragen",
		description: "Geeft alle klachten (artikel 7), de vroegste uiterste datum eerst.",
		status:      http.StatusOK, result: caseList{},
	},
	{
		pattern: "POST /api/v1/klachten", id: "klachtRegistreren", tag: tagComplaints, personal: true,
		summary: "Een klacht registreren",
		description: "Registreert een klacht van een betrokkene over de verwerking van zijn gegevens door de " +
			"verantwoordelijke of partners (artikel 7.1); de uitkomst is binnen vier weken verschuldigd (artikel 7.5).",
		body: complaintInput{}, status: http.StatusCreated, result: storage.CaseView{},
	},
	{
		pattern: "GET /api/v1/klachten/{id}", id: "klachtOpvragen", tag: tagComplaints, personal: true,
		summary:     "Een klacht opvragen",
		description: "Geeft één klacht.",
		status:      http.StatusOK, result: storage.CaseView{},
	},
	{
		pattern: "POST /api/v1/klachten/{id}/besluit", id: "klachtBesluiten", tag: tagComplaints, personal: true,
		summary:     "Het oordeel over een klacht vastleggen",
		description: "Legt vast of de klacht gegrond is, met de motivering en de maatregelen, en sluit de klacht.",
		body:        decisionOnCase{}, status: http.StatusOK, result: storage.CaseView{},
	},
}

// caseList is cases, earliest deadline first.
type caseList struct {
	Cases []storage.CaseView `json:"zaken"`
}

// caseInput is a request as registered.
type caseInput struct {
	Kind             ga.CaseKind `json:"soort"`
	ReceivedOn       ga.Date     `json:"ontvangenOp"`
	Channel          ga.Channel  `json:"kanaal"`
	PersonID         string      `json:"persoonId"`
	RepresentativeID string      `json:"vertegenwoordigerId,omitempty"`
	Summary          string      `json:"omschrijving"`
}

// complaintInput is a complaint as registered.
type complaintInput struct {
	ReceivedOn       ga.Date    `json:"ontvangenOp"`
	Channel          ga.Channel `json:"kanaal"`
	PersonID         string     `json:"persoonId"`
	RepresentativeID string     `json:"vertegenwoordigerId,omitempty"`
	Summary          string     `json:"omschrijving"`
}

// casePersonSearch is the name and date of birth the requester gives.
type casePersonSearch struct {
	Name        string  `json:"naam"`
	DateOfBirth ga.Date `json:"geboortedatum"`
}

// casePersonList is the persons found.
type casePersonList struct {
	Persons []storage.CasePerson `json:"personen"`
}

// suspensionInput is the ground and reason of a suspension.
type suspensionInput struct {
	Ground ga.SuspensionGround `json:"grond"`
	Reason string              `json:"reden"`
}

// decisionOnCase is the outcome and motivation of a decision.
type decisionOnCase struct {
	Outcome    string `json:"uitkomst"`
	Motivation string `json:"motivering"`
}

func (s *server) listRequests(w http.ResponseWriter, r *http.Request) error {
	return s.listCases(w, r, requestKinds)
}

func (s *server) listComplaints(w http.ResponseWriter, r *http.Request) error {
	return s.listCases(w, r, complaintKinds)
}

func (s *server) listCases(w http.ResponseWriter, r *http.Request, kinds []ga.CaseKind) error {
	cs, err := s.db.RightsCases(r.Context(), storage.CaseFilter{Kinds: kinds})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, caseList{nonNil(cs)})
	return nil
}

func (s *server) registerRequest(w http.ResponseWriter, r *http.Request) error {
	var in caseInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var v ga.Invalid
	if !slices.Contains(requestKinds, in.Kind) {
		v.Add("soort", "Kies inzage, correctie of bezwaar; een klacht registreert u onder /klachten.")
	}
	return s.registerCase(w, r, &v, ga.RightsCase{Kind: in.Kind, ReceivedOn: in.ReceivedOn, Channel: in.Channel,
		PersonID: in.PersonID, RepresentativeID: in.RepresentativeID, Summary: in.Summary}, "/verzoeken/")
}

func (s *server) registerComplaint(w http.ResponseWriter, r *http.Request) error {
	var in complaintInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var v ga.Invalid
	return s.registerCase(w, r, &v, ga.RightsCase{Kind: ga.CaseComplaint, ReceivedOn: in.ReceivedOn, Channel: in.Channel,
		PersonID: in.PersonID, RepresentativeID: in.RepresentativeID, Summary: in.Summary}, "/klachten/")
}

func (s *server) registerCase(w http.ResponseWriter, r *http.Request, v *ga.Invalid, c ga.RightsCase, path string) error {
	checkID(v, "persoonId", c.PersonID, true)
	checkID(v, "vertegenwoordigerId", c.RepresentativeID, false)
	if err := v.Err("api.registerCase"); err != nil {
		return err
	}
	if err := s.db.RegisterCase(r.Context(), &c); err != nil {
		return err
	}
	view, err := s.db.RightsCase(r.Context(), c.ID)
	if err != nil {
		return err
	}
	writeCreated(w, basePath+path+c.ID, view)
	return nil
}

func (s *server) findCasePersons(w http.ResponseWriter, r *http.Request) error {
	var in casePersonSearch
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	ps, err := s.db.FindCasePersons(r.Context(), in.Name, in.DateOfBirth)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, casePersonList{nonNil(ps)})
	return nil
}

// caseOfKinds returns the case at path parameter id if it is of one of the
// kinds, and ga.ErrNotFound otherwise.
func (s *server) caseOfKinds(r *http.Request, kinds []ga.CaseKind) (*storage.CaseView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	c, err := s.db.RightsCase(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(kinds, c.Kind) {
		return nil, ga.ErrNotFound("api.case")
	}
	return c, nil
}

func (s *server) getRequest(w http.ResponseWriter, r *http.Request) error {
	c, err := s.caseOfKinds(r, requestKinds)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *server) getComplaint(w http.ResponseWriter, r *http.Request) error {
	c, err := s.caseOfKinds(r, complaintKinds)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// caseAction decodes a body into in, runs do on a case of one of the kinds
// and answers the case as it is afterwards.
func caseAction[T any](s *server, w http.ResponseWriter, r *http.Request, kinds []ga.CaseKind, do func(id string, in T) error) error {
	var in T
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.caseOfKinds(r, kinds)
	if err != nil {
		return err
	}
	if err := do(c.ID, in); err != nil {
		return err
	}
	c, err = s.db.RightsCase(r.Context(), c.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *server) recordIdentity(w http.ResponseWriter, r *http.Request) error {
	return caseAction(s, w, r, requestKinds, func(id string, in ga.IdentityCheck) error {
		return s.db.RecordIdentityCheck(r.Context(), id, in)
	})
}

func (s *server) extendRequest(w http.ResponseWriter, r *http.Request) error {
	return caseAction(s, w, r, requestKinds, func(id string, in ga.Extension) error {
		return s.db.ExtendCase(r.Context(), id, in)
	})
}

func (s *server) suspendRequest(w http.ResponseWriter, r *http.Request) error {
	return caseAction(s, w, r, requestKinds, func(id string, in suspensionInput) error {
		return s.db.SuspendCase(r.Context(), id, in.Ground, in.Reason)
	})
}

func (s *server) withholdItem(w http.ResponseWriter, r *http.Request) error {
	return caseAction(s, w, r, requestKinds, func(id string, in ga.Withholding) error {
		var v ga.Invalid
		checkID(&v, "gegevenId", in.ItemID, true)
		if err := v.Err("api.withholdItem"); err != nil {
			return err
		}
		return s.db.WithholdItem(r.Context(), id, in)
	})
}

func (s *server) decideRequest(w http.ResponseWriter, r *http.Request) error {
	return caseAction(s, w, r, requestKinds, func(id string, in decisionOnCase) error {
		return s.db.DecideCase(r.Context(), id, in.Outcome, in.Motivation)
	})
}

func (s *server) decideComplaint(w http.ResponseWriter, r *http.Request) error {
	return caseAction(s, w, r, complaintKinds, func(id string, in decisionOnCase) error {
		return s.db.DecideCase(r.Context(), id, in.Outcome, in.Motivation)
	})
}

func (s *server) compileAccess(w http.ResponseWriter, r *http.Request) error {
	c, err := s.caseOfKinds(r, requestKinds)
	if err != nil {
		return err
	}
	o, err := s.db.CompileAccessOverview(r.Context(), c.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}

func (s *server) accessLetter(w http.ResponseWriter, r *http.Request) error {
	c, err := s.caseOfKinds(r, requestKinds)
	if err != nil {
		return err
	}
	o, err := s.db.CompileAccessOverview(r.Context(), c.ID)
	if err != nil {
		return err
	}
	pdf, err := letter.Access(o, o.Controller)
	if err != nil {
		return ga.Wrap("api.accessLetter", err)
	}
	writePDF(w, "inzage-"+c.ID+".pdf", pdf)
	return nil
}

var notificationOperations = []operation{
	{
		pattern: "GET /api/v1/groepen/{id}/notificaties", id: "notificatiesOpvragen", tag: tagRights, personal: true,
		summary: "De notificaties na het besluit van de driehoek opvragen",
		description: "Geeft voor de groep elk lid en, voor een lid jonger dan 16, elke wettelijk vertegenwoordiger " +
			"die bericht krijgt over de verwerking (artikel 6.1.1, artikel 13 en 14 AVG), met de uiterste datum, " +
			"de verzending of het uitstel, en of de notificatie te laat is. Vóór het besluit 409. Alleen voor de " +
			"uitvoeringscoördinator en privacyfunctionarissen.",
		status: http.StatusOK, result: notificationList{},
	},
	{
		pattern: "POST /api/v1/groepen/{id}/notificaties/verzendingen", id: "notificatieVerzendingVastleggen", tag: tagRights, personal: true,
		summary:     "De verzending van een notificatiebrief vastleggen",
		description: "Legt vast wanneer en hoe de brief aan het lid of de vertegenwoordiger is verstuurd.",
		body:        notificationSent{}, status: http.StatusOK, result: notificationList{},
	},
	{
		pattern: "POST /api/v1/groepen/{id}/notificaties/uitstel", id: "notificatieUitstellen", tag: tagRights, personal: true,
		summary: "Een notificatie uitstellen",
		description: "Stelt de notificatie uit op een wettelijke grond (a tot en met e van artikel 6.1.4) met een " +
			"motivering en een datum van herbeoordeling binnen zes maanden. Een verstuurde notificatie niet (409).",
		body: notificationDeferral{}, status: http.StatusOK, result: notificationList{},
	},
	{
		pattern: "POST /api/v1/groepen/{id}/notificaties/brief", id: "notificatiebriefMaken", tag: tagRights, personal: true,
		summary:     "De notificatiebrief maken (PDF)",
		description: "Geeft de brief aan het lid of de vertegenwoordiger als PDF.",
		body:        notificationAddressee{}, status: http.StatusOK, contentType: "application/pdf",
	},
}

// notificationList is the addressees of a group's notifications.
type notificationList struct {
	Notifications []ga.Notification `json:"notificaties"`
}

// notificationAddressee names a member, or one of the member's legal
// representatives.
type notificationAddressee struct {
	PersonID         string `json:"persoonId"`
	RepresentativeID string `json:"vertegenwoordigerId,omitempty"`
}

func (in notificationAddressee) key(groupID string, v *ga.Invalid) storage.NotificationKey {
	checkID(v, "persoonId", in.PersonID, true)
	checkID(v, "vertegenwoordigerId", in.RepresentativeID, false)
	return storage.NotificationKey{GroupID: groupID, PersonID: in.PersonID, RepresentativeID: in.RepresentativeID}
}

// notificationSent records a letter sent.
type notificationSent struct {
	notificationAddressee
	SentOn ga.Date `json:"verstuurdOp"`
	Method string  `json:"wijze"`
}

// notificationDeferral records a deferral.
type notificationDeferral struct {
	notificationAddressee
	ga.Deferral
}

func (s *server) listNotifications(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ns, err := s.db.Notifications(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, notificationList{nonNil(ns)})
	return nil
}

// notificationAction decodes a body into in, runs do and answers the list
// as it is afterwards.
func notificationAction[T any](s *server, w http.ResponseWriter, r *http.Request, do func(groupID string, in T) error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in T
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := do(id, in); err != nil {
		return err
	}
	return s.listNotifications(w, r)
}

func (s *server) recordNotificationSent(w http.ResponseWriter, r *http.Request) error {
	return notificationAction(s, w, r, func(groupID string, in notificationSent) error {
		var v ga.Invalid
		key := in.key(groupID, &v)
		if err := v.Err("api.recordNotificationSent"); err != nil {
			return err
		}
		return s.db.RecordNotificationSent(r.Context(), key, in.SentOn, in.Method)
	})
}

func (s *server) deferNotification(w http.ResponseWriter, r *http.Request) error {
	return notificationAction(s, w, r, func(groupID string, in notificationDeferral) error {
		var v ga.Invalid
		key := in.key(groupID, &v)
		if err := v.Err("api.deferNotification"); err != nil {
			return err
		}
		return s.db.DeferNotification(r.Context(), key, in.Deferral)
	})
}

func (s *server) notificationLetter(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in notificationAddressee
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var v ga.Invalid
	key := in.key(id, &v)
	if err := v.Err("api.notificationLetter"); err != nil {
		return err
	}
	l, err := s.db.NotificationLetter(r.Context(), key)
	if err != nil {
		return err
	}
	pdf, err := letter.Notification(l, l.Controller)
	if err != nil {
		return ga.Wrap("api.notificationLetter", err)
	}
	writePDF(w, "notificatie.pdf", pdf)
	return nil
}

var correctionOperations = []operation{
	{
		pattern: "GET /api/v1/verzoeken/{id}/correcties", id: "correctiesOpvragen", tag: tagRights, personal: true,
		summary:     "De besluiten per gegeven van een verzoek opvragen",
		description: "Geeft per gegeven het besluit op een verzoek om correctie of na een bezwaar, met de partners die bericht kregen en hun bevestiging.",
		status:      http.StatusOK, result: correctionList{},
	},
	{
		pattern: "POST /api/v1/verzoeken/{id}/correcties", id: "correctieBesluiten", tag: tagRights, personal: true,
		summary: "Besluiten over de correctie van een gegeven",
		description: "Verbetert, vult aan, verwijdert of schermt één gegeven over de persoon af, of weigert dat met een " +
			"motivering (artikel 6.2). Een toegewezen correctie wordt meteen uitgevoerd: bij verwijderen is de inhoud " +
			"daarna nergens meer in de database; een afgeschermd gegeven ziet niemand meer. Elke partner die het gegeven " +
			"volgens de logboeken ontving, krijgt bericht en bevestigt dat. Eerst de identiteitscontrole (409).",
		body: correctionInput{}, status: http.StatusOK, result: ga.Correction{},
	},
	{
		pattern: "POST /api/v1/verzoeken/{id}/correcties/{correctieId}/bevestigingen", id: "correctieBevestigen", tag: tagRights, personal: true,
		summary: "De ontvangst van een correctie bevestigen",
		description: "Een gebruiker van de partner bevestigt voor zijn partner; de behandelaar legt een bevestiging " +
			"vast die op een andere manier binnenkwam. Een partner zonder bericht geeft 404.",
		body: confirmationInput{}, status: http.StatusNoContent,
	},
	{
		pattern: "POST /api/v1/verzoeken/{id}/bezwaarbesluit", id: "bezwaarBesluiten", tag: tagRights, personal: true,
		summary: "Besluiten over een bezwaar",
		description: "Legt vast of het bezwaar gerechtvaardigd is (artikel 6.3.2) en voert de gekozen maatregelen meteen " +
			"uit: alle gegevens over de persoon afschermen of verwijderen, de lidmaatschappen beëindigen. Sluit het bezwaar.",
		body: ga.ObjectionDecision{}, status: http.StatusOK, result: correctionList{},
	},
	{
		pattern: "POST /api/v1/verzoeken/{id}/besluitbrief", id: "besluitbriefMaken", tag: tagRights, personal: true,
		summary: "De brief over een correctie of bezwaar maken (PDF)",
		description: "Geeft de brief aan de betrokkene met het besluit per gegeven en de uitkomst. Zolang er geen " +
			"besluit is vastgelegd (het verzoek is niet afgehandeld en bij een correctie is nog over geen enkel " +
			"gegeven besloten), komt er geen brief (409).",
		status: http.StatusOK, contentType: "application/pdf",
	},
	{
		pattern: "POST /api/v1/klachten/{id}/route", id: "klachtRouteren", tag: tagComplaints, personal: true,
		summary: "Vastleggen op welke partners een klacht zich richt",
		description: "Eén partner: de klacht is doorgestuurd naar de klachtencommissie van die partner (artikel 7.3), " +
			"met de datum. Twee of meer: een gezamenlijke klachtencommissie onder leiding van de verantwoordelijke, met " +
			"een vertegenwoordiger van elke partner (artikel 7.4).",
		body: ga.ComplaintHandling{}, status: http.StatusOK, result: storage.CaseView{},
	},
	{
		pattern: "POST /api/v1/klachten/{id}/brief", id: "klachtbriefMaken", tag: tagComplaints, personal: true,
		summary:     "De brief over een klacht maken (PDF)",
		description: "Geeft de kopie van het verzoek aan de klachtencommissie, of het bericht over de gezamenlijke commissie, en na het oordeel de uitkomst.",
		status:      http.StatusOK, contentType: "application/pdf",
	},
}

// correctionList is the decisions per item of a case.
type correctionList struct {
	Corrections []ga.Correction `json:"correcties"`
}

// correctionInput is the decision on one item.
type correctionInput struct {
	ItemID     string              `json:"gegevenId"`
	Action     ga.CorrectionAction `json:"handeling"`
	Text       string              `json:"tekst,omitempty"`
	Granted    bool                `json:"toegewezen"`
	Motivation string              `json:"motivering"`
}

// confirmationInput names the partner that confirms.
type confirmationInput struct {
	PartnerID string `json:"partnerId"`
}

func (s *server) listCorrections(w http.ResponseWriter, r *http.Request) error {
	c, err := s.caseOfKinds(r, requestKinds)
	if err != nil {
		return err
	}
	cs, err := s.db.Corrections(r.Context(), c.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, correctionList{nonNil(cs)})
	return nil
}

func (s *server) decideCorrection(w http.ResponseWriter, r *http.Request) error {
	if _, err := pathID(r, "id"); err != nil {
		return err
	}
	var in correctionInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var v ga.Invalid
	checkID(&v, "gegevenId", in.ItemID, true)
	if err := v.Err("api.decideCorrection"); err != nil {
		return err
	}
	c, err := s.caseOfKinds(r, requestKinds)
	if err != nil {
		return err
	}
	cr := ga.Correction{ItemID: in.ItemID, Action: in.Action, Text: in.Text, Granted: in.Granted, Motivation: in.Motivation}
	if err := s.db.DecideCorrection(r.Context(), c.ID, &cr); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, cr)
	return nil
}

func (s *server) confirmCorrection(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "correctieId")
	if err != nil {
		return err
	}
	if _, err := pathID(r, "id"); err != nil {
		return err
	}
	var in confirmationInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var v ga.Invalid
	checkID(&v, "partnerId", in.PartnerID, true)
	if err := v.Err("api.confirmCorrection"); err != nil {
		return err
	}
	if err := s.db.ConfirmCorrection(r.Context(), id, in.PartnerID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *server) decideObjection(w http.ResponseWriter, r *http.Request) error {
	var in ga.ObjectionDecision
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.caseOfKinds(r, requestKinds)
	if err != nil {
		return err
	}
	cs, err := s.db.DecideObjection(r.Context(), c.ID, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, correctionList{nonNil(cs)})
	return nil
}

func (s *server) routeComplaint(w http.ResponseWriter, r *http.Request) error {
	return caseAction(s, w, r, complaintKinds, func(id string, in ga.ComplaintHandling) error {
		var v ga.Invalid
		for _, p := range in.PartnerIDs {
			checkID(&v, "partnerIds", p, true)
		}
		for _, m := range in.Committee {
			checkID(&v, "commissie", m.PartnerID, true)
		}
		if err := v.Err("api.routeComplaint"); err != nil {
			return err
		}
		return s.db.RouteComplaint(r.Context(), id, in)
	})
}

func (s *server) requestDecisionLetter(w http.ResponseWriter, r *http.Request) error {
	return s.decisionLetter(w, r, requestKinds)
}

func (s *server) complaintLetter(w http.ResponseWriter, r *http.Request) error {
	return s.decisionLetter(w, r, complaintKinds)
}

func (s *server) decisionLetter(w http.ResponseWriter, r *http.Request, kinds []ga.CaseKind) error {
	c, err := s.caseOfKinds(r, kinds)
	if err != nil {
		return err
	}
	l, err := s.db.DecisionLetter(r.Context(), c.ID)
	if err != nil {
		return err
	}
	pdf, err := letter.Decision(l, l.Controller)
	if err != nil {
		return ga.Wrap("api.decisionLetter", err)
	}
	writePDF(w, "besluit-"+c.ID+".pdf", pdf)
	return nil
}

// writePDF answers 200 with a letter as a PDF download under filename.
func writePDF(w http.ResponseWriter, filename string, pdf []byte) {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.WriteHeader(http.StatusOK)
	w.Write(pdf)
}
