package groepsaanpak

import (
	"slices"
	"strings"
	"time"
)

// MeetingKind is the kind of a meeting in a group approach (Art 5.3).
type MeetingKind string

const (
	// MeetingGroup is a meeting about the group as a whole ("overleg tijdens
	// de aanpak van een groep"): the coordinator organises it between the
	// partners taking part in the approach.
	MeetingGroup MeetingKind = "groep"
	// MeetingIndividual is a meeting about one or more named members
	// ("overleg over individuele groepsleden"): only the partners involved
	// with those members are invited.
	MeetingIndividual MeetingKind = "individu"
)

// Valid reports whether k is a known meeting kind.
func (k MeetingKind) Valid() bool { return k == MeetingGroup || k == MeetingIndividual }

// Label is the Dutch name of the kind.
func (k MeetingKind) Label() string {
	switch k {
	case MeetingGroup:
		return "Groepsoverleg"
	case MeetingIndividual:
		return "Overleg over individuele groepsleden"
	}
	return string(k)
}

// Meeting is one meeting of a group approach (SPEC §4, Art 5.3). PersonIDs
// are the members an individual meeting is about; a group meeting has none.
// Agenda, minutes and decisions of an individual meeting are personal data
// of the members it is about.
type Meeting struct {
	ID         string       `json:"id"`
	GroupID    string       `json:"groepId"`
	Kind       MeetingKind  `json:"soort"`
	HeldOn     Date         `json:"datum"`
	PersonIDs  []string     `json:"persoonIds,omitempty"`
	Invited    []Invitation `json:"uitgenodigd"`
	Agenda     string       `json:"agenda"`
	Minutes    string       `json:"verslag,omitempty"`
	Decisions  string       `json:"besluiten,omitempty"`
	Agreements []Agreement  `json:"afspraken,omitempty"`
	CreatedBy  string       `json:"aangemaaktDoor"`
	CreatedAt  time.Time    `json:"aangemaaktOp"`
	UpdatedAt  time.Time    `json:"gewijzigdOp"`
}

// Invitation is a partner invited to a meeting; Attended is nil until the
// coordinator recorded attendance.
type Invitation struct {
	PartnerID string `json:"partnerId"`
	Attended  *bool  `json:"aanwezig,omitempty"`
}

// Agreement is an agreement made in a meeting (Art 5.3 "het maken van
// afspraken tussen de partners over de aanpak"): what, who carries it out
// and by when. PersonID is set for an agreement about one member, which is
// possible only in an individual meeting about that member.
type Agreement struct {
	ID                   string    `json:"id"`
	MeetingID            string    `json:"overlegId"`
	GroupID              string    `json:"groepId"`
	PersonID             string    `json:"persoonId,omitempty"`
	Description          string    `json:"omschrijving"`
	ResponsiblePartnerID string    `json:"verantwoordelijkePartnerId"`
	DueDate              Date      `json:"uiterlijk"`
	DoneOn               Date      `json:"uitgevoerdOp,omitempty"`
	CreatedAt            time.Time `json:"aangemaaktOp"`
}

// maxMeetingText bounds agenda, minutes and decisions.
const maxMeetingText = 50000

// Validate checks the meeting's own fields: its kind, date and texts, and
// that an individual meeting names the members it is about while a group
// meeting names none.
func (m Meeting) Validate() error {
	var v Invalid
	if !m.Kind.Valid() {
		v.Add("soort", "Kies een groepsoverleg of een overleg over individuele groepsleden.")
	}
	if !m.HeldOn.Valid() {
		v.Add("datum", "Vul een geldige datum van het overleg in.")
	}
	switch {
	case m.Kind == MeetingIndividual && len(m.PersonIDs) == 0:
		v.Add("persoonIds", "Kies de groepsleden over wie het overleg gaat.")
	case m.Kind == MeetingGroup && len(m.PersonIDs) > 0:
		v.Add("persoonIds", "Een groepsoverleg gaat over de groep; kies een overleg over individuele groepsleden om personen te bespreken.")
	}
	if len(m.Agenda) > maxMeetingText {
		v.Add("agenda", "De agenda is te lang (maximaal 50.000 tekens).")
	}
	if len(m.Minutes) > maxMeetingText {
		v.Add("verslag", "Het verslag is te lang (maximaal 50.000 tekens).")
	}
	if len(m.Decisions) > maxMeetingText {
		v.Add("besluiten", "De besluiten zijn te lang (maximaal 50.000 tekens).")
	}
	return v.Err("meeting.Validate")
}

// IsInvited reports whether the partner is invited to the meeting.
func (m Meeting) IsInvited(partnerID string) bool {
	return slices.ContainsFunc(m.Invited, func(i Invitation) bool { return i.PartnerID == partnerID })
}

// About reports whether the meeting is about the person.
func (m Meeting) About(personID string) bool { return slices.Contains(m.PersonIDs, personID) }

// Validate checks the agreement's own fields.
func (ag Agreement) Validate() error {
	var v Invalid
	if strings.TrimSpace(ag.Description) == "" || len(ag.Description) > 4000 {
		v.Add("omschrijving", "Beschrijf de afspraak (maximaal 4.000 tekens).")
	}
	if ag.ResponsiblePartnerID == "" {
		v.Add("verantwoordelijkePartnerId", "Kies de partner die de afspraak uitvoert.")
	}
	if !ag.DueDate.Valid() {
		v.Add("uiterlijk", "Vul een geldige datum in waarop de afspraak uiterlijk is uitgevoerd.")
	}
	if !ag.DoneOn.IsZero() && !ag.DoneOn.Valid() {
		v.Add("uitgevoerdOp", "Vul een geldige datum van uitvoering in.")
	}
	return v.Err("agreement.Validate")
}

// Overdue reports whether the agreement is not done and its due date has
// passed at instant now.
func (ag Agreement) Overdue(now time.Time) bool {
	return ag.DoneOn.IsZero() && ag.DueDate.Valid() && ag.DueDate < DateOf(now)
}

// CanOrganiseMeeting decides whether the actor may organise meetings of
// group g and change them (agenda, minutes, decisions, invitations,
// attendance, agreements): the coordinator ("per groep organiseert de
// uitvoeringscoördinator een overleg", Art 5.3), while the approach is
// open.
func CanOrganiseMeeting(a *Actor, g Group) error {
	const op = "meeting.Organise"
	if !a.Has(RoleCoordinator) {
		return E(KindForbidden, op, "Alleen de uitvoeringscoördinator organiseert overleggen en legt ze vast.")
	}
	if g.Step == StepClosed {
		return E(KindConflict, op, "Deze groepsaanpak is afgesloten.")
	}
	return nil
}

// CheckMeetingSubjects decides whether meeting m may be held in group g at
// instant now with the given current members. An individual meeting
// discusses members' personal data between partners, which is possible only
// once the driehoek authorised the exchange of members' personal data (SPEC
// §2 step 4), and only about current members of the group.
func CheckMeetingSubjects(m Meeting, g Group, members []string, terms CovenantTerms, now time.Time) error {
	const op = "meeting.Subjects"
	if m.Kind != MeetingIndividual {
		return nil
	}
	if !g.ExchangeAuthorised(terms, now) {
		return E(KindConflict, op, "Een overleg over individuele groepsleden kan pas nadat de driehoek heeft besloten dat persoonsgegevens van de groepsleden mogen worden uitgewisseld.")
	}
	for _, p := range m.PersonIDs {
		if !slices.Contains(members, p) {
			return E(KindConflict, op, "Een overleg over individuele groepsleden gaat alleen over huidige leden van deze groep.")
		}
	}
	return nil
}

// RuleIndividualMeeting is covenant Art 5.3 on meetings about individual
// members, as the refusal of an invitation quotes it.
const RuleIndividualMeeting = "bij een overleg over individuele groepsleden worden enkel de partners uitgenodigd die zijn betrokken bij het betreffende individu (artikel 5.3 van het convenant)"

// CanInvite decides whether partnerID may be invited to meeting m of group
// g. Any partner taking part in the group approach may be invited to a
// group meeting. To an individual meeting only a partner involved with
// every member the meeting is about (Art 5.3: "worden enkel de partners
// uitgenodigd die zijn betrokken bij het betreffende individu"); involved
// maps each member to the partners involved with them in this group
// approach, whether registered by the coordinator or derived from their
// items and measures. A refusal is KindConflict naming the rule.
func CanInvite(m Meeting, g Group, partnerID string, involved map[string][]string) error {
	const op = "meeting.Invite"
	if !g.Participates(partnerID) {
		return E(KindConflict, op, "Deze partner neemt niet deel aan de groepsaanpak en kan niet worden uitgenodigd.")
	}
	if m.Kind != MeetingIndividual {
		return nil
	}
	for _, p := range m.PersonIDs {
		if !slices.Contains(involved[p], partnerID) {
			return E(KindConflict, op, "Deze partner kan niet worden uitgenodigd: "+RuleIndividualMeeting+". De partner is niet betrokken bij ieder groepslid over wie het overleg gaat.")
		}
	}
	return nil
}

// CanSeeMeeting reports whether the actor may see meeting m of a group the
// actor may see: the coordinator who organises it, and the partners invited
// to it (Art 5.3). What the meeting shows of items is decided per item by
// CanSeeItem.
func CanSeeMeeting(a *Actor, m Meeting) bool {
	if !CanProcessPersonalData(a) {
		return false
	}
	return a.Has(RoleCoordinator) || m.IsInvited(a.PartnerID)
}

// CheckAgreement decides whether agreement ag may be made in meeting m: the
// responsible partner is invited to the meeting, and an agreement about a
// person is made only in an individual meeting about that person, so that
// it reaches only the partners involved with them.
func CheckAgreement(m Meeting, ag Agreement) error {
	const op = "agreement.Check"
	if err := ag.Validate(); err != nil {
		return err
	}
	if !m.IsInvited(ag.ResponsiblePartnerID) {
		return E(KindConflict, op, "De verantwoordelijke partner van een afspraak is uitgenodigd voor het overleg.")
	}
	if ag.PersonID != "" && !m.About(ag.PersonID) {
		return E(KindConflict, op, "Een afspraak over een groepslid wordt gemaakt in een overleg over dat groepslid.")
	}
	return nil
}

// CanCompleteAgreement decides whether the actor may record that agreement
// ag was carried out on doneOn, at instant now: the coordinator, or a user of
// the responsible partner, once, on a date that is not in the future.
func CanCompleteAgreement(a *Actor, ag Agreement, doneOn Date, now time.Time) error {
	const op = "agreement.Complete"
	if !a.Has(RoleCoordinator) && (a == nil || a.PartnerID != ag.ResponsiblePartnerID || !a.HasAny(RoleProfessional, RoleDriehoek)) {
		return E(KindForbidden, op, "Alleen de uitvoeringscoördinator of de verantwoordelijke partner meldt een afspraak als uitgevoerd.")
	}
	if !ag.DoneOn.IsZero() {
		return E(KindConflict, op, "Deze afspraak is al uitgevoerd op "+ag.DoneOn.Dutch()+".")
	}
	if !doneOn.Valid() || doneOn > DateOf(now) {
		return E(KindInvalid, op, "De invoer is niet geldig.", Detail{Name: "uitgevoerdOp", Message: "Vul de datum van uitvoering in; die ligt niet in de toekomst."})
	}
	return nil
}

// MeetingView is a meeting as one viewer sees it (SPEC §4): the meeting,
// and the information items shared into the group that this viewer may see
// (CanSeeItem). In a group meeting that is every item of the group the
// viewer may see; in an individual meeting only the items about the members
// it is about. Two participants of the same meeting may see different items.
type MeetingView struct {
	Meeting Meeting `json:"overleg"`
	Items   []Item  `json:"gegevens"`
}
