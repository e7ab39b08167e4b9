package groepsaanpak

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Incidents and data breaches (Art 9 of the covenant, GDPR Art 33 and 34).
//
// Any partner reports an incident with the four fields of Art 9.3; the
// system raises incidents itself for the signals of BIO 5.17.01 and 8.15.05
// (SignalKind). The partners concerned are notified in the system and
// acknowledge the notification. For a breach of personal data the 72-hour
// clock for notifying the Autoriteit Persoonsgegevens (AP) runs from the
// moment of awareness (APDeadline); the decision to notify or not, with its
// reasoning, and the decision on informing the data subjects (Art 34) are
// recorded, as are the steps of investigation and recovery. Every incident
// stays in the breach register (Art 33(5)); nothing here deletes one.
//
// Incident texts describe the incident, never the persons concerned: the
// form asks for ids and categories, not names.

// APNotificationPeriod is the period of GDPR Art 33(1) within which a
// personal data breach is notified to the supervisory authority, counted in
// elapsed time from the moment the controller became aware of it. A day
// with a DST change therefore does not shorten or lengthen it: 72 hours are
// 72 hours, whatever the wall clock in Europe/Amsterdam shows.
const APNotificationPeriod = 72 * time.Hour

// APDeadline is the last moment for notifying the AP of a breach of which
// the controller became aware at aware.
func APDeadline(aware time.Time) time.Time { return aware.Add(APNotificationPeriod) }

// IncidentStatus is where the handling of an incident stands.
type IncidentStatus string

const (
	// IncidentReported is a new incident nobody has acted on yet.
	IncidentReported IncidentStatus = "gemeld"
	// IncidentInProgress is an incident under investigation or recovery.
	IncidentInProgress IncidentStatus = "in_behandeling"
	// IncidentClosed is a handled incident; it stays in the register.
	IncidentClosed IncidentStatus = "afgesloten"
)

var incidentStatusLabels = map[IncidentStatus]string{
	IncidentReported:   "Gemeld",
	IncidentInProgress: "In behandeling",
	IncidentClosed:     "Afgesloten",
}

// Label is the Dutch name of the status.
func (s IncidentStatus) Label() string { return incidentStatusLabels[s] }

// SignalKind names a signal the system raises itself.
type SignalKind string

const (
	// SignalLogVerification: the scheduled or manual verification of the
	// processing or audit log found the log not intact (BIO 8.15.05).
	SignalLogVerification SignalKind = "logcontrole_mislukt"
	// SignalReadVolume: one user read far more personal data in a day than
	// in their own recent history (ReadVolumeRule).
	SignalReadVolume SignalKind = "ongebruikelijk_leesvolume"
	// SignalFailedLogins: an account was locked after repeated failed
	// logins.
	SignalFailedLogins SignalKind = "herhaalde_mislukte_aanmeldingen"
	// SignalRevokedToken: someone presented an API token that had been
	// revoked.
	SignalRevokedToken SignalKind = "ingetrokken_token_gebruikt"
	// SignalSealedData: a value of an encrypted column did not open: clear
	// text where, after the migration that encrypted the database, only a
	// ciphertext can be, or a ciphertext that does not decrypt (damaged, or
	// moved from another row). Either is tampering with the database or a
	// defect that wrote clear text.
	SignalSealedData SignalKind = "versleutelde_gegevens_niet_intact"
)

// SignalKinds lists every signal.
var SignalKinds = []SignalKind{SignalLogVerification, SignalReadVolume, SignalFailedLogins, SignalRevokedToken, SignalSealedData}

var signalLabels = map[SignalKind]string{
	SignalLogVerification: "Controle van de logboeken mislukt",
	SignalReadVolume:      "Ongebruikelijk aantal raadplegingen door één gebruiker",
	SignalFailedLogins:    "Herhaalde mislukte aanmeldingen",
	SignalRevokedToken:    "Gebruik van een ingetrokken API-token",
	SignalSealedData:      "Versleutelde persoonsgegevens niet intact",
}

// Label is the Dutch name of the signal.
func (k SignalKind) Label() string { return signalLabels[k] }

// Valid reports whether k is a known signal.
func (k SignalKind) Valid() bool { _, ok := signalLabels[k]; return ok }

// StepKind says what an incident step is.
type StepKind string

const (
	StepInvestigation StepKind = "onderzoek"
	StepRecovery      StepKind = "herstel"
	StepMeasure       StepKind = "maatregel"
	// StepRecurrence is recorded by the system when a signal recurs while
	// the incident it opened is still open.
	StepRecurrence StepKind = "herhaling"
)

var stepKindLabels = map[StepKind]string{
	StepInvestigation: "Onderzoek",
	StepRecovery:      "Herstel",
	StepMeasure:       "Maatregel",
	StepRecurrence:    "Signaal herhaald",
}

// Label is the Dutch name of the step kind.
func (k StepKind) Label() string { return stepKindLabels[k] }

// SubjectsException is the ground of GDPR Art 34(3), or the absence of a
// high risk (Art 34(1)), on which data subjects are not informed.
type SubjectsException string

const (
	// NoHighRisk: the breach is unlikely to result in a high risk to the
	// rights and freedoms of the persons (Art 34(1)).
	NoHighRisk SubjectsException = "geen_hoog_risico"
	// ExceptionUnintelligible: the data were unintelligible to anyone not
	// authorised, such as by encryption (Art 34(3)(a)).
	ExceptionUnintelligible SubjectsException = "onbegrijpelijk"
	// ExceptionRiskRemoved: subsequent measures ensure the high risk is no
	// longer likely to materialise (Art 34(3)(b)).
	ExceptionRiskRemoved SubjectsException = "risico_weggenomen"
	// ExceptionDisproportionate: informing each person would involve
	// disproportionate effort; a public communication is made instead
	// (Art 34(3)(c)).
	ExceptionDisproportionate SubjectsException = "onevenredige_inspanning"
)

var subjectsExceptionLabels = map[SubjectsException]string{
	NoHighRisk:                "Geen hoog risico voor de betrokkenen (artikel 34 lid 1 AVG)",
	ExceptionUnintelligible:   "Gegevens onbegrijpelijk voor onbevoegden, bijvoorbeeld door versleuteling (artikel 34 lid 3 onder a AVG)",
	ExceptionRiskRemoved:      "Hoog risico weggenomen door latere maatregelen (artikel 34 lid 3 onder b AVG)",
	ExceptionDisproportionate: "Onevenredige inspanning; openbare mededeling in plaats daarvan (artikel 34 lid 3 onder c AVG)",
}

// SubjectsExceptions lists every ground, in the order of Art 34.
var SubjectsExceptions = []SubjectsException{NoHighRisk, ExceptionUnintelligible, ExceptionRiskRemoved, ExceptionDisproportionate}

// Label is the Dutch description of the ground.
func (e SubjectsException) Label() string { return subjectsExceptionLabels[e] }

// Incident is a security incident or personal data breach.
type Incident struct {
	ID string `json:"id"`
	// Title is a short name for lists; it holds no personal data.
	Title string `json:"titel"`
	// Nature is Art 9.3(a): the nature of the breach.
	Nature string `json:"aard"`
	// ContactPoint is Art 9.3(b): where more information can be had.
	ContactPoint string `json:"informatiepunt"`
	// RecommendedMeasures is Art 9.3(c): measures recommended to limit the
	// negative consequences.
	RecommendedMeasures string `json:"aanbevolenMaatregelen"`
	// Consequences is Art 9.3(d): the observed and suspected consequences
	// for the processing and the measures taken or proposed.
	Consequences string `json:"gevolgenEnMaatregelen"`
	// PersonalData reports whether the incident is a breach of personal data
	// (GDPR Art 4(12)); only then does the AP clock run.
	PersonalData bool `json:"datalek"`
	// AwareAt is the moment the reporting partner became aware of it; the
	// 72-hour clock runs from here.
	AwareAt    time.Time `json:"bekendSinds"`
	ReportedAt time.Time `json:"gemeldOp"`
	// ReportedBy is the reporting user; empty for a signal of the system.
	ReportedBy         string `json:"gemeldDoorGebruikerId,omitempty"`
	ReportingPartnerID string `json:"meldendePartnerId,omitempty"`
	// Signal is set for an incident the system raised itself, Evidence then
	// holds what it saw (ids, counts and times; never content).
	Signal   SignalKind     `json:"signaal,omitempty"`
	Evidence string         `json:"bewijs,omitempty"`
	Status   IncidentStatus `json:"status"`
	// PartnerIDs are the partners concerned, who are notified.
	PartnerIDs []string `json:"betrokkenPartnerIds"`
	// Notifications is one per partner concerned.
	Notifications []IncidentNotification `json:"kennisgevingen"`
	AP            *APDecision            `json:"besluitAP,omitempty"`
	Subjects      *SubjectsDecision      `json:"besluitBetrokkenen,omitempty"`
	Steps         []IncidentStep         `json:"stappen"`
	ClosedAt      *time.Time             `json:"afgeslotenOp,omitempty"`
	ClosedBy      string                 `json:"afgeslotenDoor,omitempty"`
}

// IncidentNotification is the notice to one partner concerned and its
// acknowledgement.
type IncidentNotification struct {
	PartnerID      string     `json:"partnerId"`
	NotifiedAt     time.Time  `json:"gemeldOp"`
	AcknowledgedAt *time.Time `json:"gezienOp,omitempty"`
	AcknowledgedBy string     `json:"gezienDoor,omitempty"`
}

// APDecision is the decision whether to notify the AP (GDPR Art 33).
type APDecision struct {
	Notify    bool   `json:"melden"`
	Reasoning string `json:"motivering"`
	// NotifiedAt is when the notification was made (required when Notify).
	NotifiedAt *time.Time `json:"gemeldBijAPOp,omitempty"`
	// Reference is the AP's reference of the notification, if any.
	Reference string `json:"kenmerkAP,omitempty"`
	// DelayReason is required when the notification comes after the
	// deadline (Art 33(1), last sentence).
	DelayReason string    `json:"redenVertraging,omitempty"`
	DecidedAt   time.Time `json:"besluitOp"`
	DecidedBy   string    `json:"besluitDoor"`
}

// SubjectsDecision is the decision on informing the data subjects (GDPR
// Art 34).
type SubjectsDecision struct {
	Inform bool `json:"informeren"`
	// Exception is the ground for not informing them.
	Exception  SubjectsException `json:"uitzondering,omitempty"`
	Reasoning  string            `json:"motivering"`
	InformedAt *time.Time        `json:"geinformeerdOp,omitempty"`
	DecidedAt  time.Time         `json:"besluitOp"`
	DecidedBy  string            `json:"besluitDoor"`
}

// IncidentStep is one step of investigation or recovery.
type IncidentStep struct {
	ID          string    `json:"id"`
	Kind        StepKind  `json:"soort"`
	Description string    `json:"omschrijving"`
	RecordedAt  time.Time `json:"vastgelegdOp"`
	RecordedBy  string    `json:"vastgelegdDoor"`
}

// Limits of the incident's texts.
const (
	maxIncidentTitle = 200
	maxIncidentText  = 8000
)

func checkText(v *Invalid, name, value, missing string, limit int) {
	switch {
	case strings.TrimSpace(value) == "":
		if missing != "" {
			v.Add(name, missing)
		}
	case len(value) > limit:
		v.Add(name, "De tekst is te lang (maximaal "+strconv.Itoa(limit)+" tekens).")
	}
}

// ValidateReport checks a new incident as a partner reports it, at now.
func (i Incident) ValidateReport(now time.Time) error {
	var v Invalid
	checkText(&v, "titel", i.Title, "Geef het incident een korte titel.", maxIncidentTitle)
	checkText(&v, "aard", i.Nature, "Beschrijf de aard van de inbreuk (artikel 9.3 onder a).", maxIncidentText)
	checkText(&v, "informatiepunt", i.ContactPoint, "Vermeld waar meer informatie te krijgen is (artikel 9.3 onder b).", maxIncidentText)
	checkText(&v, "aanbevolenMaatregelen", i.RecommendedMeasures, "Beschrijf de aanbevolen maatregelen om de gevolgen te beperken (artikel 9.3 onder c).", maxIncidentText)
	checkText(&v, "gevolgenEnMaatregelen", i.Consequences, "Beschrijf de geconstateerde en vermoedelijke gevolgen en de genomen of voorgestelde maatregelen (artikel 9.3 onder d).", maxIncidentText)
	switch {
	case i.AwareAt.IsZero():
		v.Add("bekendSinds", "Vul in wanneer het incident bekend werd.")
	case i.AwareAt.After(now):
		v.Add("bekendSinds", "Het moment van bekend worden ligt in de toekomst.")
	}
	if slices.Contains(i.PartnerIDs, "") {
		v.Add("betrokkenPartnerIds", "Kies bestaande partners.")
	}
	return v.Err("incident.ValidateReport")
}

// Open reports whether the incident is still being handled.
func (i Incident) Open() bool { return i.Status != IncidentClosed }

// Deadline is the last moment to notify the AP; zero for an incident that
// is not a breach of personal data.
func (i Incident) Deadline() time.Time {
	if !i.PersonalData {
		return time.Time{}
	}
	return APDeadline(i.AwareAt)
}

// ClockState is where the 72-hour clock of a breach stands.
type ClockState string

const (
	// ClockNotApplicable: the incident is not a breach of personal data.
	ClockNotApplicable ClockState = "niet_van_toepassing"
	// ClockRunning: no decision yet, deadline not passed.
	ClockRunning ClockState = "loopt"
	// ClockExpired: no decision and the deadline has passed.
	ClockExpired ClockState = "verstreken"
	// ClockMetInTime: decided (and, if so decided, notified) before the
	// deadline.
	ClockMetInTime ClockState = "tijdig"
	// ClockMetLate: decided or notified after the deadline.
	ClockMetLate ClockState = "te_laat"
)

var clockLabels = map[ClockState]string{
	ClockNotApplicable: "Niet van toepassing (geen datalek)",
	ClockRunning:       "Termijn loopt",
	ClockExpired:       "Termijn verstreken zonder besluit",
	ClockMetInTime:     "Binnen de termijn besloten",
	ClockMetLate:       "Na de termijn besloten",
}

// Label is the Dutch description of the state.
func (s ClockState) Label() string { return clockLabels[s] }

// Clock is the 72-hour clock of a breach at a moment.
type Clock struct {
	State    ClockState `json:"stand"`
	Deadline time.Time  `json:"uiterlijkMelden,omitzero"`
	// Remaining is the time left before the deadline (negative once it
	// passed); zero when not applicable or decided.
	Remaining time.Duration `json:"-"`
}

// APClock returns the clock at now. The moment that counts is the
// notification itself when the decision was to notify, and the decision
// otherwise.
func (i Incident) APClock(now time.Time) Clock {
	if !i.PersonalData {
		return Clock{State: ClockNotApplicable}
	}
	c := Clock{Deadline: i.Deadline()}
	if i.AP == nil {
		c.Remaining = c.Deadline.Sub(now)
		if now.After(c.Deadline) {
			c.State = ClockExpired
		} else {
			c.State = ClockRunning
		}
		return c
	}
	at := i.AP.DecidedAt
	if i.AP.Notify && i.AP.NotifiedAt != nil {
		at = *i.AP.NotifiedAt
	}
	if at.After(c.Deadline) {
		c.State = ClockMetLate
	} else {
		c.State = ClockMetInTime
	}
	return c
}

// Validate checks the AP decision for incident i, taken at now.
func (d APDecision) Validate(i Incident, now time.Time) error {
	var v Invalid
	if !i.PersonalData {
		v.Add("datalek", "Alleen bij een datalek wordt over melding aan de Autoriteit Persoonsgegevens besloten.")
	}
	checkText(&v, "motivering", d.Reasoning, "Motiveer het besluit om wel of niet te melden.", maxIncidentText)
	checkText(&v, "kenmerkAP", d.Reference, "", maxIncidentTitle)
	checkText(&v, "redenVertraging", d.DelayReason, "", maxIncidentText)
	late := i.PersonalData && now.After(i.Deadline())
	if d.Notify {
		switch {
		case d.NotifiedAt == nil:
			v.Add("gemeldBijAPOp", "Vul in wanneer de melding bij de Autoriteit Persoonsgegevens is gedaan.")
		case d.NotifiedAt.Before(i.AwareAt) || d.NotifiedAt.After(now):
			v.Add("gemeldBijAPOp", "Het moment van melden ligt vóór het bekend worden of in de toekomst.")
		default:
			late = i.PersonalData && d.NotifiedAt.After(i.Deadline())
		}
	} else if d.NotifiedAt != nil {
		v.Add("gemeldBijAPOp", "Bij een besluit om niet te melden is er geen moment van melding.")
	}
	if late && strings.TrimSpace(d.DelayReason) == "" {
		v.Add("redenVertraging", "De termijn van 72 uur is verstreken: vermeld de redenen voor de vertraging (artikel 33 lid 1 AVG).")
	}
	return v.Err("incident.APDecision")
}

// Validate checks the decision on informing the data subjects of incident i
// at now.
func (d SubjectsDecision) Validate(i Incident, now time.Time) error {
	var v Invalid
	if !i.PersonalData {
		v.Add("datalek", "Alleen bij een datalek wordt besloten over het informeren van betrokkenen.")
	}
	checkText(&v, "motivering", d.Reasoning, "Motiveer het besluit over het informeren van de betrokkenen.", maxIncidentText)
	if d.Inform {
		if d.Exception != "" {
			v.Add("uitzondering", "Een uitzondering past niet bij een besluit om te informeren.")
		}
		if d.InformedAt != nil && (d.InformedAt.Before(i.AwareAt) || d.InformedAt.After(now)) {
			v.Add("geinformeerdOp", "Het moment van informeren ligt vóór het bekend worden of in de toekomst.")
		}
	} else {
		if _, ok := subjectsExceptionLabels[d.Exception]; !ok {
			v.Add("uitzondering", "Kies op welke grond de betrokkenen niet worden geïnformeerd.")
		}
		if d.InformedAt != nil {
			v.Add("geinformeerdOp", "Bij een besluit om niet te informeren is er geen moment van informeren.")
		}
	}
	return v.Err("incident.SubjectsDecision")
}

// ValidateStep checks a step of investigation or recovery.
func ValidateStep(s IncidentStep) error {
	var v Invalid
	if s.Kind != StepInvestigation && s.Kind != StepRecovery && s.Kind != StepMeasure {
		v.Add("soort", "Kies onderzoek, herstel of maatregel.")
	}
	checkText(&v, "omschrijving", s.Description, "Beschrijf de stap.", maxIncidentText)
	return v.Err("incident.Step")
}

// CheckClose reports why the incident cannot be closed yet: a breach of
// personal data needs the AP decision and the decision on the data subjects
// first.
func (i Incident) CheckClose() error {
	if !i.Open() {
		return E(KindConflict, "incident.Close", "Dit incident is al afgesloten.")
	}
	var missing []Detail
	var what []string
	if i.PersonalData && i.AP == nil {
		missing = append(missing, Detail{Name: "besluitAP", Message: "Leg eerst het besluit over melding aan de Autoriteit Persoonsgegevens vast."})
		what = append(what, "het besluit over melding aan de Autoriteit Persoonsgegevens")
	}
	if i.PersonalData && i.Subjects == nil {
		missing = append(missing, Detail{Name: "besluitBetrokkenen", Message: "Leg eerst het besluit over het informeren van de betrokkenen vast."})
		what = append(what, "het besluit over het informeren van de betrokkenen")
	}
	if len(missing) > 0 {
		return E(KindConflict, "incident.Close", "Het incident kan nog niet worden afgesloten: leg eerst "+strings.Join(what, " en ")+" vast.", missing...)
	}
	return nil
}

// concerns reports whether partner p reported or is concerned in the
// incident.
func (i Incident) concerns(p string) bool {
	return p != "" && (p == i.ReportingPartnerID || slices.Contains(i.PartnerIDs, p))
}

// CanReportIncident reports whether the actor may report an incident: every
// user of every partner may (Art 9.1), including administrators who see
// the technical side, and the system itself.
func CanReportIncident(a *Actor) bool { return a != nil && (a.System || a.UserID != "") }

// CanSeeIncident reports whether the actor may see the incident: the user
// who reported it, the coordinator (who handles incidents on behalf of the
// controller, Art 4.2), and the privacy officers of the reporting partner
// and of the partners concerned. Other users get "not found".
func CanSeeIncident(a *Actor, i Incident) bool {
	switch {
	case a == nil:
		return false
	case a.System:
		return true
	case a.UserID != "" && a.UserID == i.ReportedBy:
		return true
	case a.Has(RoleCoordinator):
		return true
	case a.Has(RolePrivacyOfficer):
		return i.concerns(a.PartnerID)
	}
	return false
}

// CanHandleIncident reports whether the actor may record decisions and
// steps and close the incident: the coordinator and the privacy officers of
// the reporting partner and the partners concerned.
func CanHandleIncident(a *Actor, i Incident) bool {
	if a == nil {
		return false
	}
	if a.System || a.Has(RoleCoordinator) {
		return true
	}
	return a.Has(RolePrivacyOfficer) && i.concerns(a.PartnerID)
}

// CanAcknowledgeIncident reports whether the actor may acknowledge the
// notification to their own partner: its privacy officer or coordinator,
// when that partner is concerned.
func CanAcknowledgeIncident(a *Actor, i Incident) bool {
	return a != nil && a.HasAny(RolePrivacyOfficer, RoleCoordinator) && slices.Contains(i.PartnerIDs, a.PartnerID)
}

// CanExportBreachRegister reports whether the actor may export the breach
// register (of the incidents they may see): privacy officers and the
// coordinator.
func CanExportBreachRegister(a *Actor) bool {
	return a != nil && (a.System || a.HasAny(RolePrivacyOfficer, RoleCoordinator))
}

// ReadVolumeRule decides when one user's reads of personal data in a day
// are unusual compared with their own history (BIO 8.16 monitoring).
//
// A user's count for the day is compared with their own daily counts over
// the preceding HistoryDays days (days without reads count as zero). The
// day is unusual when the count is at least MinReads and more than Factor
// times the user's highest daily count in that history. MinReads keeps a
// user who rarely works in the system from raising a signal on an ordinary
// day; comparing with the highest day rather than the mean keeps a
// coordinator's busy meeting days from raising one.
type ReadVolumeRule struct {
	HistoryDays int
	Factor      int
	MinReads    int
}

// DefaultReadVolumeRule compares with the last 28 days: a day with at
// least 200 reads and more than three times the user's busiest day in
// those four weeks is unusual.
var DefaultReadVolumeRule = ReadVolumeRule{HistoryDays: 28, Factor: 3, MinReads: 200}

// Unusual reports whether today's count is unusual given the daily counts
// of the history (missing days are zero).
func (r ReadVolumeRule) Unusual(today int, history []int) bool {
	if today < r.MinReads {
		return false
	}
	peak := 0
	for _, n := range history {
		peak = max(peak, n)
	}
	return today > r.Factor*peak
}

// SubjectsLetter is the text of the letter that informs a data subject of a
// breach (GDPR Art 34(2)): in clear and plain language the nature of the
// breach, the contact point, the likely consequences and the measures taken
// or proposed. The salutation is left to the letter's address block, so
// that the text holds no personal data of its own.
func SubjectsLetter(i Incident, controller string) string {
	var b strings.Builder
	b.WriteString("Onderwerp: inbreuk in verband met uw persoonsgegevens\n\n")
	b.WriteString("Wij informeren u over een inbreuk in verband met persoonsgegevens die " + controller +
		" verwerkt in het kader van de groepsaanpak. Wij zijn daartoe verplicht op grond van artikel 34 van de Algemene verordening gegevensbescherming.\n\n")
	b.WriteString("Wat is er gebeurd?\n" + strings.TrimSpace(i.Nature) + "\n\n")
	b.WriteString("Wat zijn de mogelijke gevolgen en wat hebben wij gedaan?\n" + strings.TrimSpace(i.Consequences) + "\n\n")
	b.WriteString("Wat kunt u zelf doen?\n" + strings.TrimSpace(i.RecommendedMeasures) + "\n\n")
	b.WriteString("Waar kunt u terecht met vragen?\n" + strings.TrimSpace(i.ContactPoint) + "\n\n")
	b.WriteString("U kunt ook een klacht indienen bij de Autoriteit Persoonsgegevens.\n")
	return b.String()
}
