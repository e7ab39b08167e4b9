package api

import (
	"net/http"
	"slices"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

var groupOperations = []operation{
	{
		pattern: "GET /api/v1/groepen", id: "groepenOpvragen", tag: tagGroups, personal: true,
		summary: "De groepen opvragen",
		description: "Geeft de groepen die de gebruiker mag zien, op naam: voor een uitvoeringscoördinator elke " +
			"groep, voor anderen de groepen in wier aanpak hun organisatie deelneemt. Een groep is naam, wijk, " +
			"vorm, stap en besluit van de driehoek; de leden staan onder /groepen/{id}/leden.",
		status: http.StatusOK, result: groupList{},
	},
	{
		pattern: "POST /api/v1/groepen", id: "groepVastleggen", tag: tagGroups, personal: true,
		summary: "Een groep vastleggen",
		description: "Legt een nieuwe groep (jeugdgroep of fluïde netwerk) vast en start de groepsaanpak: de " +
			"uitvoeringscoördinator op grond van signalen (stap signalen), de politie ook op grond van de " +
			"Groepsscan (stap informatie). De eigen partner en de partner van de uitvoeringscoördinator nemen deel.",
		body: groupInput{}, status: http.StatusCreated, result: ga.Group{},
	},
	{
		pattern: "GET /api/v1/groepen/{id}", id: "groepOpvragen", tag: tagGroups, personal: true,
		summary:     "Een groep opvragen",
		description: "Geeft één groep met de deelnemende partners en het besluit van de driehoek. Een groep die de gebruiker niet mag zien, geeft 404, net als een onbekende.",
		status:      http.StatusOK, result: ga.Group{},
	},
	{
		pattern: "PUT /api/v1/groepen/{id}", id: "groepWijzigen", tag: tagGroups, personal: true,
		summary:     "De gegevens van een groep wijzigen",
		description: "Wijzigt naam of alias, wijk en vorm van een groep (alleen de uitvoeringscoördinator, zolang de groepsaanpak loopt). Stap, besluit en deelnemers wijzigen alleen via hun eigen handelingen.",
		body:        groupEdit{}, status: http.StatusOK, result: ga.Group{},
	},
	{
		pattern: "GET /api/v1/groepen/{id}/stappen", id: "stappenOpvragen", tag: tagGroups, personal: true,
		summary: "De stappen van de groepsaanpak opvragen",
		description: "Geeft elke overgang tussen de stappen van het werkproces, oudste eerst, met wie, wanneer " +
			"en waarom: de start, de antwoorden op vraag 2A en elke volgende stap.",
		status: http.StatusOK, result: transitionList{},
	},
	{
		pattern: "POST /api/v1/groepen/{id}/stappen", id: "stapZetten", tag: tagGroups, personal: true,
		summary: "De groepsaanpak een stap verder zetten",
		description: "Zet de groepsaanpak naar de volgende stap, met een reden (alleen de uitvoeringscoördinator). " +
			"Een stap buiten de volgorde geeft 409 met de reden: beeld vraagt vraag 2A beantwoord met " +
			"'problematisch', plan een besluit van de driehoek dat de aanpak start, uitvoering een vastgesteld " +
			"Plan van Aanpak. Afsluiten (afgesloten) kan vanuit elke open stap, met een evaluatie. Geeft de groep terug.",
		body: stepInput{}, status: http.StatusOK, result: ga.Group{},
	},
	{
		pattern: "POST /api/v1/groepen/{id}/probleemanalyse", id: "probleemanalyseVastleggen", tag: tagGroups, personal: true,
		summary: "Vraag 2A beantwoorden",
		description: "Legt in stap informatie het antwoord van de uitvoeringscoördinator vast op vraag 2A: is het " +
			"gedrag van de groep problematisch? Zo niet, dan volgen alleen lichte interventies en komt er geen " +
			"namenlijst (409 zolang er nog leden zijn). Geeft de groep terug.",
		body: problematicInput{}, status: http.StatusOK, result: ga.Group{},
	},
	{
		pattern: "POST /api/v1/groepen/{id}/besluit", id: "besluitVastleggen", tag: tagGroups, personal: true,
		summary: "Het besluit van de driehoek vastleggen",
		description: "Legt in stap besluit het besluit van de lokale driehoek vast (een lid van de driehoek): of " +
			"de groepsaanpak start en of persoonsgegevens van de leden mogen worden verzameld en uitgewisseld. " +
			"Vóór dit besluit ziet geen andere partner dan de bron persoonsgegevens van een lid. Het besluit wordt " +
			"één keer vastgelegd. Geeft de groep terug.",
		body: decisionInput{}, status: http.StatusOK, result: ga.Group{},
	},
	{
		pattern: "GET /api/v1/groepen/{id}/deelnemers", id: "deelnemersOpvragen", tag: tagGroups, personal: true,
		summary:     "De deelnemende partners opvragen",
		description: "Geeft de partners die aan de groepsaanpak deelnemen, op naam.",
		status:      http.StatusOK, result: participantList{},
	},
	{
		pattern: "POST /api/v1/groepen/{id}/deelnemers", id: "deelnemerToevoegen", tag: tagGroups, personal: true,
		summary: "Een partner laten deelnemen",
		description: "Laat een partner aan de groepsaanpak deelnemen (alleen de uitvoeringscoördinator). Een " +
			"partner die al deelneemt, blijft deelnemen. Geeft de deelnemende partners terug.",
		body: participantInput{}, status: http.StatusOK, result: participantList{},
	},
	{
		pattern: "DELETE /api/v1/groepen/{id}/deelnemers/{partnerId}", id: "deelnemerVerwijderen", tag: tagGroups, personal: true,
		summary: "De deelname van een partner beëindigen",
		description: "Beëindigt de deelname van een partner (alleen de uitvoeringscoördinator). Daarna ziet de " +
			"partner alleen nog zijn eigen gegevens van de groep. De partner van de uitvoeringscoördinator neemt " +
			"altijd deel (409).",
		status: http.StatusNoContent,
	},
}

// groupList is the groups the viewer may see.
type groupList struct {
	Groups []ga.Group `json:"groepen"`
}

// groupInput is a new group. Step is empty or signalen for a group from
// signals, informatie for one from the Groepsscan.
type groupInput struct {
	Name string       `json:"naam"`
	Area string       `json:"wijk"`
	Form ga.GroupForm `json:"vorm"`
	Step ga.Step      `json:"stap,omitempty"`
}

// groupEdit is the changeable part of a group.
type groupEdit struct {
	Name string       `json:"naam"`
	Area string       `json:"wijk"`
	Form ga.GroupForm `json:"vorm"`
}

// transitionList is the transitions of a group approach, oldest first.
type transitionList struct {
	Transitions []transition `json:"stappen"`
}

// transition is a ga.Transition whose From is left out for the start of
// the approach, which comes from no step.
type transition struct {
	From      ga.Step   `json:"van,omitempty"`
	To        ga.Step   `json:"naar"`
	UserID    string    `json:"gebruikerId"`
	PartnerID string    `json:"partnerId"`
	At        time.Time `json:"op"`
	Reason    string    `json:"reden"`
}

// stepInput moves the approach to the step To. Evaluation is for closing
// only (afgesloten).
type stepInput struct {
	To         ga.Step `json:"naar"`
	Reason     string  `json:"reden"`
	Evaluation string  `json:"evaluatie,omitempty"`
}

// problematicInput is the answer to question 2A; Problematic is required.
type problematicInput struct {
	Problematic *bool  `json:"problematisch"`
	Reason      string `json:"reden"`
}

// decisionInput is the driehoek's decision of step 4; who recorded it and
// when are the server's.
type decisionInput struct {
	DecidedOn          ga.Date  `json:"besluitdatum"`
	Present            []string `json:"aanwezigen"`
	ApproachStarts     bool     `json:"groepsaanpakStart"`
	ExchangeAuthorised bool     `json:"uitwisselingToegestaan"`
	Motivation         string   `json:"motivering"`
}

// participantList is the partners taking part in a group approach.
type participantList struct {
	Participants []ga.Partner `json:"deelnemers"`
}

// participantInput names a partner.
type participantInput struct {
	PartnerID string `json:"partnerId"`
}

func (s *server) listGroups(w http.ResponseWriter, r *http.Request) error {
	gs, err := s.db.Groups(r.Context())
	if err != nil {
		return err
	}
	for i := range gs {
		gs[i] = groupOut(gs[i])
	}
	writeJSON(w, http.StatusOK, groupList{nonNil(gs)})
	return nil
}

func (s *server) createGroup(w http.ResponseWriter, r *http.Request) error {
	var in groupInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	g := ga.Group{Name: in.Name, Area: in.Area, Form: in.Form, Step: in.Step}
	if err := s.db.CreateGroup(r.Context(), &g); err != nil {
		return err
	}
	writeCreated(w, basePath+"/groepen/"+g.ID, groupOut(g))
	return nil
}

func (s *server) getGroup(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	g, err := s.db.Group(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, groupOut(*g))
	return nil
}

func (s *server) updateGroup(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in groupEdit
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	g := ga.Group{ID: id, Name: in.Name, Area: in.Area, Form: in.Form}
	if err := s.db.UpdateGroup(r.Context(), &g); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, groupOut(g))
	return nil
}

func (s *server) listTransitions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ts, err := s.db.Transitions(r.Context(), id)
	if err != nil {
		return err
	}
	out := transitionList{Transitions: make([]transition, len(ts))}
	for i, t := range ts {
		out.Transitions[i] = transition(t)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// moveGroup takes a step of the Werkproces. Closing is a step like the
// others, with an evaluation besides the reason.
func (s *server) moveGroup(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in stepInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var v ga.Invalid
	if !in.To.Valid() {
		v.Add("naar", "Kies een stap uit het werkproces.")
	}
	if in.To != ga.StepClosed && in.Evaluation != "" {
		v.Add("evaluatie", "Een evaluatie hoort bij het afsluiten van de groepsaanpak (naar: afgesloten).")
	}
	if err := v.Err("api.moveGroup"); err != nil {
		return err
	}
	var g *ga.Group
	if in.To == ga.StepClosed {
		g, err = s.db.CloseGroup(r.Context(), id, in.Reason, in.Evaluation)
	} else {
		g, err = s.db.MoveGroup(r.Context(), id, in.To, in.Reason)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, groupOut(*g))
	return nil
}

func (s *server) answerProblematic(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in problematicInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.Problematic == nil {
		return ga.E(ga.KindInvalid, "api.answerProblematic", "De invoer is niet geldig.",
			ga.Detail{Name: "problematisch", Message: "Beantwoord vraag 2A met true (problematisch) of false."})
	}
	g, err := s.db.AnswerProblematic(r.Context(), id, *in.Problematic, in.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, groupOut(*g))
	return nil
}

func (s *server) recordDecision(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in decisionInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	g, err := s.db.RecordDecision(r.Context(), id, ga.TriangleDecision{
		DecidedOn: in.DecidedOn, Present: in.Present, ApproachStarts: in.ApproachStarts,
		ExchangeAuthorised: in.ExchangeAuthorised, Motivation: in.Motivation,
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, groupOut(*g))
	return nil
}

func (s *server) listParticipants(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.writeParticipants(w, r, id)
}

func (s *server) addParticipant(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in participantInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var v ga.Invalid
	checkID(&v, "partnerId", in.PartnerID, true)
	if err := v.Err("api.addParticipant"); err != nil {
		return err
	}
	if err := s.db.AddParticipant(r.Context(), id, in.PartnerID); err != nil {
		return err
	}
	return s.writeParticipants(w, r, id)
}

func (s *server) removeParticipant(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	partnerID, err := pathID(r, "partnerId")
	if err != nil {
		return err
	}
	if err := s.db.RemoveParticipant(r.Context(), id, partnerID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// writeParticipants answers the partners taking part in the group, as
// storage lists them on the group the viewer may see.
func (s *server) writeParticipants(w http.ResponseWriter, r *http.Request, groupID string) error {
	g, err := s.db.Group(r.Context(), groupID)
	if err != nil {
		return err
	}
	partners, err := s.db.Partners(r.Context())
	if err != nil {
		return err
	}
	out := []ga.Partner{}
	for _, p := range partners {
		if slices.Contains(g.Participants, p.ID) {
			out = append(out, p)
		}
	}
	writeJSON(w, http.StatusOK, participantList{out})
	return nil
}

// groupOut is a group as the API sends it: lists are never null.
func groupOut(g ga.Group) ga.Group {
	g.Participants = nonNil(g.Participants)
	if g.Decision != nil {
		d := *g.Decision
		d.Present = nonNil(d.Present)
		g.Decision = &d
	}
	return g
}
