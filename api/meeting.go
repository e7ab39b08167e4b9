package api

import (
	"net/http"
	"slices"

	ga "github.com/groepsaanpak/groepsaanpak"
)

var meetingOperations = []operation{
	{
		pattern: "GET /api/v1/overleggen", id: "overleggenOpvragen", tag: tagMeetings, personal: true,
		summary: "De overleggen van een groep opvragen",
		description: "Geeft de overleggen van de groep groepId die de gebruiker mag zien, nieuwste eerst: de " +
			"uitvoeringscoördinator ziet elk overleg, een andere gebruiker de overleggen waarvoor zijn partner is " +
			"uitgenodigd; een overleg over leden alleen wie die leden mag zien. Een groep die de gebruiker niet " +
			"mag zien, geeft 404.",
		query:  []queryParam{{name: "groepId", description: "De groep (UUID).", required: true}},
		status: http.StatusOK, result: meetingList{}, problems: []int{http.StatusNotFound},
	},
	{
		pattern: "POST /api/v1/overleggen", id: "overlegVastleggen", tag: tagMeetings, personal: true,
		summary: "Een overleg vastleggen",
		description: "Legt een overleg van de groep vast (de uitvoeringscoördinator, zolang de aanpak open is): " +
			"een groepsoverleg, of een overleg over individuele groepsleden, dat pas kan na het besluit van de " +
			"driehoek dat uitwisseling toestaat. Voor een overleg over leden worden alleen partners uitgenodigd " +
			"die bij elk van die leden betrokken zijn (artikel 5.3; anders 409). Geeft het overleg zoals de " +
			"gebruiker het ziet.",
		body: meetingInput{}, status: http.StatusCreated, result: ga.MeetingView{},
		problems: []int{http.StatusNotFound},
	},
	{
		pattern: "GET /api/v1/overleggen/{id}", id: "overlegOpvragen", tag: tagMeetings, personal: true,
		summary: "Een overleg opvragen zoals de gebruiker het ziet",
		description: "Geeft het overleg met de gegevens die in de groep zijn gedeeld en die déze gebruiker " +
			"volgens need-to-know mag zien: bij een groepsoverleg de gegevens van de groep, bij een overleg over " +
			"leden alleen de gegevens over die leden. Twee deelnemers aan hetzelfde overleg kunnen dus " +
			"verschillende gegevens zien. Een overleg dat de gebruiker niet mag zien, geeft 404.",
		status: http.StatusOK, result: ga.MeetingView{},
	},
	{
		pattern: "PUT /api/v1/overleggen/{id}", id: "overlegWijzigen", tag: tagMeetings, personal: true,
		summary: "Datum, agenda, verslag en besluiten van een overleg vastleggen",
		description: "Vervangt datum, agenda, verslag en besluiten van het overleg (de uitvoeringscoördinator). " +
			"Soort, leden, uitnodigingen en afspraken hebben hun eigen resources. Geeft het overleg zoals de " +
			"gebruiker het ziet.",
		body: meetingUpdate{}, status: http.StatusOK, result: ga.MeetingView{},
	},
	{
		pattern: "GET /api/v1/overleggen/{id}/uitnodigingen", id: "uitnodigingenOpvragen", tag: tagMeetings, personal: true,
		summary:     "De uitgenodigde partners opvragen",
		description: "Geeft de partners die voor het overleg zijn uitgenodigd, met hun aanwezigheid als die is vastgelegd.",
		status:      http.StatusOK, result: invitationList{},
	},
	{
		pattern: "POST /api/v1/overleggen/{id}/uitnodigingen", id: "partnerUitnodigen", tag: tagMeetings, personal: true,
		summary: "Een partner uitnodigen",
		description: "Nodigt een partner uit (de uitvoeringscoördinator): voor een groepsoverleg elke partner die " +
			"aan de groepsaanpak deelneemt, voor een overleg over leden alleen een partner die bij elk van die " +
			"leden betrokken is (artikel 5.3). Een weigering geeft 409 met de regel. Geeft de uitnodigingen terug.",
		body: participantInput{}, status: http.StatusOK, result: invitationList{},
	},
	{
		pattern: "DELETE /api/v1/overleggen/{id}/uitnodigingen/{partnerId}", id: "uitnodigingIntrekken", tag: tagMeetings, personal: true,
		summary: "Een uitnodiging intrekken",
		description: "Trekt de uitnodiging van een partner in (de uitvoeringscoördinator). Een partner van wie de " +
			"aanwezigheid is vastgelegd of die verantwoordelijk is voor een afspraak van het overleg, blijft " +
			"uitgenodigd (409).",
		status: http.StatusNoContent,
	},
	{
		pattern: "POST /api/v1/overleggen/{id}/aanwezigheid", id: "aanwezigheidVastleggen", tag: tagMeetings, personal: true,
		summary: "De aanwezigheid van een partner vastleggen",
		description: "Legt vanaf de dag van het overleg vast of een uitgenodigde partner aanwezig was (de " +
			"uitvoeringscoördinator). Geeft de uitnodigingen terug.",
		body: attendanceInput{}, status: http.StatusOK, result: invitationList{},
	},
	{
		pattern: "GET /api/v1/overleggen/{id}/afspraken", id: "afsprakenOpvragen", tag: tagMeetings, personal: true,
		summary:     "De afspraken van een overleg opvragen",
		description: "Geeft de afspraken van het overleg, op uiterste datum.",
		status:      http.StatusOK, result: agreementList{},
	},
	{
		pattern: "POST /api/v1/overleggen/{id}/afspraken", id: "afspraakVastleggen", tag: tagMeetings, personal: true,
		summary: "Een afspraak vastleggen",
		description: "Legt een afspraak van het overleg vast (de uitvoeringscoördinator): wat, welke uitgenodigde " +
			"partner het uitvoert en uiterlijk wanneer. Een afspraak over een lid kan alleen in een overleg over " +
			"dat lid.",
		body: agreementInput{}, status: http.StatusCreated, result: ga.Agreement{},
	},
	{
		pattern: "GET /api/v1/overleggen/{id}/afspraken/{afspraakId}", id: "afspraakOpvragen", tag: tagMeetings, personal: true,
		summary:     "Een afspraak opvragen",
		description: "Geeft één afspraak van het overleg.",
		status:      http.StatusOK, result: ga.Agreement{},
	},
	{
		pattern: "POST /api/v1/overleggen/{id}/afspraken/{afspraakId}/uitvoering", id: "afspraakUitgevoerd", tag: tagMeetings, personal: true,
		summary: "Een afspraak als uitgevoerd melden",
		description: "Legt vast dat de afspraak is uitgevoerd op een datum die niet in de toekomst ligt (de " +
			"uitvoeringscoördinator of de verantwoordelijke partner), één keer. Geeft de afspraak terug.",
		body: completionInput{}, status: http.StatusOK, result: ga.Agreement{},
	},
}

// meetingList is the meetings of a group the viewer may see.
type meetingList struct {
	Meetings []ga.Meeting `json:"overleggen"`
}

// meetingUpdate is what the coordinator records of a meeting.
type meetingUpdate struct {
	HeldOn    ga.Date `json:"datum"`
	Agenda    string  `json:"agenda"`
	Minutes   string  `json:"verslag,omitempty"`
	Decisions string  `json:"besluiten,omitempty"`
}

// meetingInput is a new meeting of group GroupID: about the group, or about
// the members PersonIDs, with the partners invited at once.
type meetingInput struct {
	GroupID   string         `json:"groepId"`
	Kind      ga.MeetingKind `json:"soort"`
	PersonIDs []string       `json:"persoonIds,omitempty"`
	Invited   []string       `json:"uitgenodigdePartnerIds,omitempty"`
	meetingUpdate
}

// invitationList is the partners invited to a meeting.
type invitationList struct {
	Invitations []ga.Invitation `json:"uitnodigingen"`
}

// attendanceInput records whether an invited partner attended; Attended is
// required.
type attendanceInput struct {
	PartnerID string `json:"partnerId"`
	Attended  *bool  `json:"aanwezig"`
}

// agreementList is the agreements of a meeting.
type agreementList struct {
	Agreements []ga.Agreement `json:"afspraken"`
}

// agreementInput is a new agreement; PersonID only in a meeting about that
// member.
type agreementInput struct {
	PersonID             string  `json:"persoonId,omitempty"`
	Description          string  `json:"omschrijving"`
	ResponsiblePartnerID string  `json:"verantwoordelijkePartnerId"`
	DueDate              ga.Date `json:"uiterlijk"`
}

// completionInput is the date an agreement was carried out.
type completionInput struct {
	DoneOn ga.Date `json:"uitgevoerdOp"`
}

func (s *server) listMeetings(w http.ResponseWriter, r *http.Request) error {
	groupID, err := queryID(r, "groepId")
	if err != nil {
		return err
	}
	ms, err := s.db.Meetings(r.Context(), groupID)
	if err != nil {
		return err
	}
	for i := range ms {
		ms[i] = meetingOut(ms[i])
	}
	writeJSON(w, http.StatusOK, meetingList{nonNil(ms)})
	return nil
}

func (s *server) createMeeting(w http.ResponseWriter, r *http.Request) error {
	var in meetingInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var v ga.Invalid
	checkID(&v, "groepId", in.GroupID, true)
	for _, p := range in.PersonIDs {
		checkID(&v, "persoonIds", p, true)
	}
	for _, p := range in.Invited {
		checkID(&v, "uitgenodigdePartnerIds", p, true)
	}
	if err := v.Err("api.createMeeting"); err != nil {
		return err
	}
	m := ga.Meeting{GroupID: in.GroupID, Kind: in.Kind, HeldOn: in.HeldOn, PersonIDs: in.PersonIDs,
		Agenda: in.Agenda, Minutes: in.Minutes, Decisions: in.Decisions}
	for _, p := range in.Invited {
		m.Invited = append(m.Invited, ga.Invitation{PartnerID: p})
	}
	if err := s.db.CreateMeeting(r.Context(), &m); err != nil {
		return err
	}
	view, err := s.db.MeetingView(r.Context(), m.ID)
	if err != nil {
		return err
	}
	writeCreated(w, basePath+"/overleggen/"+m.ID, meetingViewOut(*view))
	return nil
}

func (s *server) getMeeting(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.writeMeetingView(w, r, id)
}

// writeMeetingView answers the meeting as this viewer sees it.
func (s *server) writeMeetingView(w http.ResponseWriter, r *http.Request, id string) error {
	view, err := s.db.MeetingView(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, meetingViewOut(*view))
	return nil
}

func (s *server) putMeeting(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in meetingUpdate
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	m := ga.Meeting{ID: id, HeldOn: in.HeldOn, Agenda: in.Agenda, Minutes: in.Minutes, Decisions: in.Decisions}
	if err := s.db.UpdateMeeting(r.Context(), &m); err != nil {
		return err
	}
	return s.writeMeetingView(w, r, id)
}

// pathMeeting reads the meeting of the path, as the viewer may see it.
func (s *server) pathMeeting(r *http.Request) (*ga.Meeting, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	m, err := s.db.Meeting(r.Context(), id)
	if err != nil {
		return nil, err
	}
	out := meetingOut(*m)
	return &out, nil
}

func (s *server) listInvitations(w http.ResponseWriter, r *http.Request) error {
	m, err := s.pathMeeting(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, invitationList{m.Invited})
	return nil
}

func (s *server) invite(w http.ResponseWriter, r *http.Request) error {
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
	if err := v.Err("api.invite"); err != nil {
		return err
	}
	if err := s.db.Invite(r.Context(), id, in.PartnerID); err != nil {
		return err
	}
	return s.listInvitations(w, r)
}

func (s *server) uninvite(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	partnerID, err := pathID(r, "partnerId")
	if err != nil {
		return err
	}
	if err := s.db.Uninvite(r.Context(), id, partnerID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *server) recordAttendance(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in attendanceInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var v ga.Invalid
	checkID(&v, "partnerId", in.PartnerID, true)
	if in.Attended == nil {
		v.Add("aanwezig", "Geef aan of de partner aanwezig was: true of false.")
	}
	if err := v.Err("api.recordAttendance"); err != nil {
		return err
	}
	if err := s.db.RecordAttendance(r.Context(), id, in.PartnerID, *in.Attended); err != nil {
		return err
	}
	return s.listInvitations(w, r)
}

func (s *server) listAgreements(w http.ResponseWriter, r *http.Request) error {
	m, err := s.pathMeeting(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, agreementList{m.Agreements})
	return nil
}

func (s *server) addAgreement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in agreementInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var v ga.Invalid
	checkID(&v, "persoonId", in.PersonID, false)
	checkID(&v, "verantwoordelijkePartnerId", in.ResponsiblePartnerID, false)
	if err := v.Err("api.addAgreement"); err != nil {
		return err
	}
	ag := ga.Agreement{MeetingID: id, PersonID: in.PersonID, Description: in.Description,
		ResponsiblePartnerID: in.ResponsiblePartnerID, DueDate: in.DueDate}
	if err := s.db.AddAgreement(r.Context(), &ag); err != nil {
		return err
	}
	writeCreated(w, basePath+"/overleggen/"+id+"/afspraken/"+ag.ID, ag)
	return nil
}

// pathAgreement reads the agreement of the path among the agreements of the
// meeting the viewer may see; any other is not found.
func (s *server) pathAgreement(r *http.Request) (ga.Agreement, error) {
	aid, err := pathID(r, "afspraakId")
	if err != nil {
		return ga.Agreement{}, err
	}
	m, err := s.pathMeeting(r)
	if err != nil {
		return ga.Agreement{}, err
	}
	i := slices.IndexFunc(m.Agreements, func(ag ga.Agreement) bool { return ag.ID == aid })
	if i < 0 {
		return ga.Agreement{}, ga.ErrNotFound("api.agreement")
	}
	return m.Agreements[i], nil
}

func (s *server) getAgreement(w http.ResponseWriter, r *http.Request) error {
	ag, err := s.pathAgreement(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ag)
	return nil
}

// completeAgreement records that an agreement of the meeting in the path
// was carried out. The agreement must be one of that meeting's, so that the
// path cannot name an agreement of another meeting.
func (s *server) completeAgreement(w http.ResponseWriter, r *http.Request) error {
	var in completionInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	ag, err := s.pathAgreement(r)
	if err != nil {
		return err
	}
	done, err := s.db.CompleteAgreement(r.Context(), ag.ID, in.DoneOn)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, done)
	return nil
}

// meetingOut is a meeting as the API sends it: lists are never null.
func meetingOut(m ga.Meeting) ga.Meeting {
	m.Invited = nonNil(m.Invited)
	m.Agreements = nonNil(m.Agreements)
	return m
}

func meetingViewOut(v ga.MeetingView) ga.MeetingView {
	v.Meeting = meetingOut(v.Meeting)
	v.Items = nonNil(v.Items)
	return v
}
