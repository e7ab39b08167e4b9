package groepsaanpak

import (
	"slices"
	"strings"
	"time"
)

// The data subject's rights and complaints (covenant Art 6 and 7; today
// GDPR Art 12–21 and the covenant's own complaint route). Every request of a
// data subject and every complaint is a RightsCase: it is received on a
// date through a channel, comes from the person or a legal representative,
// has the person's identity checked, a handler acting for the controller,
// a statutory deadline and, at the end, a decision that becomes a letter.

// CaseKind is what a case asks for.
type CaseKind string

const (
	// CaseAccess is a request for access and a copy (Art 6.1.2–6.1.5, GDPR
	// Art 15).
	CaseAccess CaseKind = "inzage"
	// CaseCorrection is a request to improve, supplement, delete or block
	// items (Art 6.2, GDPR Art 16–18).
	CaseCorrection CaseKind = "correctie"
	// CaseObjection is an objection to the processing (Art 6.3, GDPR Art
	// 21).
	CaseObjection CaseKind = "bezwaar"
	// CaseComplaint is a complaint about how partners processed the
	// person's data (Art 7).
	CaseComplaint CaseKind = "klacht"
)

// CaseKinds lists the kinds in the order the interface offers them.
var CaseKinds = []CaseKind{CaseAccess, CaseCorrection, CaseObjection, CaseComplaint}

var caseKindLabels = map[CaseKind]string{
	CaseAccess:     "Inzage en afschrift",
	CaseCorrection: "Correctie",
	CaseObjection:  "Bezwaar (verzet)",
	CaseComplaint:  "Klacht",
}

// Valid reports whether k is a known kind.
func (k CaseKind) Valid() bool { _, ok := caseKindLabels[k]; return ok }

// Label is the Dutch name of the kind.
func (k CaseKind) Label() string {
	if l, ok := caseKindLabels[k]; ok {
		return l
	}
	return string(k)
}

// IsRequest reports whether the kind is a request under Art 6 (as opposed
// to a complaint under Art 7); only requests can be extended under GDPR Art
// 12(3).
func (k CaseKind) IsRequest() bool {
	return k == CaseAccess || k == CaseCorrection || k == CaseObjection
}

// Channel is how a case was received.
type Channel string

const (
	ChannelLetter  Channel = "brief"
	ChannelEmail   Channel = "email"
	ChannelCounter Channel = "balie"
	ChannelPhone   Channel = "telefoon"
	ChannelForm    Channel = "webformulier"
)

// Channels lists the channels.
var Channels = []Channel{ChannelLetter, ChannelEmail, ChannelCounter, ChannelPhone, ChannelForm}

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { return slices.Contains(Channels, c) }

// CaseStatus is where a case stands.
type CaseStatus string

const (
	CaseReceived   CaseStatus = "ontvangen"
	CaseInProgress CaseStatus = "in_behandeling"
	// CaseSuspended means the deadline does not run: the controller asked
	// for information needed to confirm the requester's identity (GDPR Art
	// 12(6)), the only suspension the law allows here.
	CaseSuspended CaseStatus = "opgeschort"
	CaseDecided   CaseStatus = "afgehandeld"
)

var caseStatusLabels = map[CaseStatus]string{
	CaseReceived:   "Ontvangen",
	CaseInProgress: "In behandeling",
	CaseSuspended:  "Opgeschort (identiteit)",
	CaseDecided:    "Afgehandeld",
}

// Label is the Dutch name of the status.
func (s CaseStatus) Label() string {
	if l, ok := caseStatusLabels[s]; ok {
		return l
	}
	return string(s)
}

// Open reports whether the case still awaits its decision.
func (s CaseStatus) Open() bool { return s != CaseDecided }

// IdentityCheck records how the requester's identity (and, for a legal
// representative, the authority to act for the person) was established
// before any personal data is given out (GDPR Art 12(6)).
type IdentityCheck struct {
	Method    string `json:"methode"`
	CheckedOn Date   `json:"gecontroleerdOp"`
	CheckedBy string `json:"gecontroleerdDoor"`
}

// Extension is the extension of a request's deadline under GDPR Art 12(3):
// at most two further months where the request is complex or numerous, with
// the reason told to the person within the first period.
type Extension struct {
	Months       int    `json:"maanden"`
	Reason       string `json:"reden"`
	NoticeSentOn Date   `json:"kennisgevingVerzondenOp"`
	RecordedBy   string `json:"vastgelegdDoor"`
}

// SuspensionGround is a legal ground on which a deadline stops running.
type SuspensionGround string

// SuspendIdentity is the one ground the system accepts: the controller has
// reasonable doubts about the requester's identity and asked for
// information to confirm it (GDPR Art 12(6)); the deadline runs again from
// the day the information is received.
const SuspendIdentity SuspensionGround = "identiteit"

// Suspension is one period in which the deadline did not run: from From up
// to (not including) Until; Until is empty while it lasts.
type Suspension struct {
	Ground SuspensionGround `json:"grond"`
	From   Date             `json:"van"`
	Until  Date             `json:"tot,omitempty"`
	Reason string           `json:"reden"`
}

// RightsCase is one request of a data subject or one complaint.
type RightsCase struct {
	ID         string   `json:"id"`
	Kind       CaseKind `json:"soort"`
	ReceivedOn Date     `json:"ontvangenOp"`
	Channel    Channel  `json:"kanaal"`
	// PersonID is the person the case is about; RepresentativeID, when set,
	// is the legal representative who submitted it for the person.
	PersonID         string `json:"persoonId"`
	RepresentativeID string `json:"vertegenwoordigerId,omitempty"`
	// Summary is what the person asks or complains about, in their words.
	Summary  string         `json:"omschrijving"`
	Identity *IdentityCheck `json:"identiteitscontrole,omitempty"`
	// HandlerID is the user who handles the case for the controller.
	HandlerID string     `json:"behandelaarId"`
	Status    CaseStatus `json:"status"`
	// DeadlineDays is the covenant's term in force when the case was
	// received (Art 6.1.3: four weeks); a later amendment does not move the
	// deadline of a case already received.
	DeadlineDays int          `json:"termijnDagen"`
	Extension    *Extension   `json:"verlenging,omitempty"`
	Suspensions  []Suspension `json:"opschortingen,omitempty"`
	// DueOn is Deadline() as stored, for ordering the dashboard.
	DueOn      Date      `json:"uiterlijkOp"`
	DecidedOn  Date      `json:"besluitOp,omitempty"`
	Outcome    string    `json:"uitkomst,omitempty"`
	Motivation string    `json:"motivering,omitempty"`
	CreatedBy  string    `json:"aangemaaktDoor"`
	CreatedAt  time.Time `json:"aangemaaktOp"`
	UpdatedAt  time.Time `json:"gewijzigdOp"`
}

// NearDeadlineDays is how close to its deadline an open case is shown on
// its handler's start page.
const NearDeadlineDays = 7

// Validate checks a case as registered at instant now.
func (c RightsCase) Validate(now time.Time) error {
	var v Invalid
	if !c.Kind.Valid() {
		v.Add("soort", "Kies inzage, correctie, bezwaar of klacht.")
	}
	if !c.ReceivedOn.Valid() {
		v.Add("ontvangenOp", "Vul de datum van ontvangst in (JJJJ-MM-DD).")
	} else if c.ReceivedOn > DateOf(now) {
		v.Add("ontvangenOp", "De datum van ontvangst ligt in de toekomst.")
	}
	if !c.Channel.Valid() {
		v.Add("kanaal", "Kies hoe het verzoek binnenkwam.")
	}
	if c.PersonID == "" {
		v.Add("persoonId", "Kies de persoon om wie het gaat.")
	}
	if strings.TrimSpace(c.Summary) == "" || len(c.Summary) > 8000 {
		v.Add("omschrijving", "Beschrijf het verzoek of de klacht (maximaal 8000 tekens).")
	}
	if c.DeadlineDays < 1 || c.DeadlineDays > 28 {
		v.Add("termijnDagen", "De termijn is ten hoogste vier weken (28 dagen).")
	}
	return v.Err("case.Validate")
}

// AddDays returns the date n calendar days after d. Calendar days are
// counted on the date itself, so a change to or from daylight saving time
// in Europe/Amsterdam never shifts a deadline by a day.
func (d Date) AddDays(n int) Date {
	t, err := time.Parse(time.DateOnly, string(d))
	if err != nil {
		return ""
	}
	return Date(t.AddDate(0, 0, n).Format(time.DateOnly))
}

// AddMonths returns the date n months after d; a day that does not exist in
// the target month (31 January + 1 month) becomes that month's last day, as
// periods in months are counted in Dutch law (and in GDPR Art 12(3), under
// Regulation 1182/71).
func (d Date) AddMonths(n int) Date {
	t, err := time.Parse(time.DateOnly, string(d))
	if err != nil {
		return ""
	}
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return Date(time.Date(first.Year(), first.Month(), min(t.Day(), last), 0, 0, 0, 0, time.UTC).Format(time.DateOnly))
}

// DaysUntil returns the number of calendar days from d to e (negative when
// e lies before d).
func (d Date) DaysUntil(e Date) int {
	a, err1 := time.Parse(time.DateOnly, string(d))
	b, err2 := time.Parse(time.DateOnly, string(e))
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(b.Sub(a).Hours() / 24)
}

// suspendedDays is the number of days the deadline did not run on the date
// today: the days of every ended suspension, and of one that lasts up to
// today.
func (c RightsCase) suspendedDays(today Date) int {
	n := 0
	for _, s := range c.Suspensions {
		until := s.Until
		if until.IsZero() {
			until = today
		}
		if d := s.From.DaysUntil(until); d > 0 {
			n += d
		}
	}
	return n
}

// FirstDeadline is the deadline without extension: DeadlineDays calendar
// days after receipt, moved by the days the deadline was suspended (counted
// up to today for a suspension that lasts).
func (c RightsCase) FirstDeadline(today Date) Date {
	return c.ReceivedOn.AddDays(c.DeadlineDays + c.suspendedDays(today))
}

// Deadline is the date by which the decision must be sent: the first
// deadline, extended by the recorded extension's months.
func (c RightsCase) Deadline(today Date) Date {
	d := c.FirstDeadline(today)
	if c.Extension != nil {
		d = d.AddMonths(c.Extension.Months)
	}
	return d
}

// DaysLeft is the number of calendar days from the date of now in
// Europe/Amsterdam to the deadline; negative once it has passed.
func (c RightsCase) DaysLeft(now time.Time) int {
	today := DateOf(now)
	return today.DaysUntil(c.Deadline(today))
}

// Overdue reports whether the case is still open after its deadline.
func (c RightsCase) Overdue(now time.Time) bool { return c.Status.Open() && c.DaysLeft(now) < 0 }

// NearDeadline reports whether the open case is due within NearDeadlineDays
// (or overdue).
func (c RightsCase) NearDeadline(now time.Time) bool {
	return c.Status.Open() && c.DaysLeft(now) <= NearDeadlineDays
}

// Suspended reports whether a suspension lasts.
func (c RightsCase) Suspended() bool {
	return len(c.Suspensions) > 0 && c.Suspensions[len(c.Suspensions)-1].Until.IsZero()
}

// CheckExtension decides whether extension e may be recorded for c at
// instant now: only for a request (GDPR Art 12(3) does not cover the
// covenant's complaints), only once, by one or two months, with a reason,
// and with the notice to the person sent within the first period, on or
// after receipt and not in the future.
func (c RightsCase) CheckExtension(e Extension, now time.Time) error {
	const op = "case.Extend"
	if !c.Status.Open() {
		return E(KindConflict, op, "Dit verzoek is al afgehandeld.")
	}
	if !c.Kind.IsRequest() {
		return E(KindConflict, op, "De termijn voor een klacht (artikel 7.5) kan niet worden verlengd.")
	}
	if c.Extension != nil {
		return E(KindConflict, op, "De termijn is al verlengd; verlenging kan één keer, met ten hoogste twee maanden.")
	}
	today := DateOf(now)
	var v Invalid
	if e.Months < 1 || e.Months > 2 {
		v.Add("maanden", "Verleng met één of twee maanden (artikel 12 lid 3 AVG).")
	}
	if strings.TrimSpace(e.Reason) == "" {
		v.Add("reden", "Vermeld waarom het verzoek meer tijd vraagt; de reden staat in de kennisgeving aan de betrokkene.")
	}
	switch {
	case !e.NoticeSentOn.Valid():
		v.Add("kennisgevingVerzondenOp", "Vul de datum in waarop de betrokkene over de verlenging is bericht.")
	case e.NoticeSentOn < c.ReceivedOn || e.NoticeSentOn > today:
		v.Add("kennisgevingVerzondenOp", "De kennisgeving ligt tussen de ontvangst van het verzoek en vandaag.")
	case e.NoticeSentOn > c.FirstDeadline(today):
		v.Add("kennisgevingVerzondenOp", "De betrokkene moet binnen de eerste termijn over de verlenging worden bericht; die termijn is verstreken.")
	}
	return v.Err(op)
}

// CheckSuspend decides whether the deadline of c may be suspended from the
// date of now on ground g: only on the identity ground, only while the
// case is open and within its deadline, with a reason, and not while a
// suspension lasts.
func (c RightsCase) CheckSuspend(g SuspensionGround, reason string, now time.Time) error {
	const op = "case.Suspend"
	if !c.Status.Open() {
		return E(KindConflict, op, "Dit verzoek is al afgehandeld.")
	}
	if c.Suspended() {
		return E(KindConflict, op, "De termijn is al opgeschort.")
	}
	if g != SuspendIdentity {
		return E(KindInvalid, op, "De termijn kan alleen worden opgeschort zolang gegevens nodig zijn om de identiteit van de verzoeker vast te stellen (artikel 12 lid 6 AVG).",
			Detail{Name: "grond", Message: "Kies de grond identiteit."})
	}
	if c.Identity != nil {
		return E(KindConflict, op, "De identiteit is al vastgesteld; er is geen grond om de termijn op te schorten.")
	}
	if strings.TrimSpace(reason) == "" {
		return E(KindInvalid, op, "Vermeld welke gegevens bij de verzoeker zijn opgevraagd.", Detail{Name: "reden", Message: "Vul de reden in."})
	}
	if c.Overdue(now) {
		return E(KindConflict, op, "De termijn is al verstreken en kan niet meer worden opgeschort.")
	}
	return nil
}

// CheckIdentity validates an identity check recorded at instant now.
func (c RightsCase) CheckIdentity(ic IdentityCheck, now time.Time) error {
	const op = "case.Identity"
	if !c.Status.Open() {
		return E(KindConflict, op, "Dit verzoek is al afgehandeld.")
	}
	var v Invalid
	if strings.TrimSpace(ic.Method) == "" || len(ic.Method) > 500 {
		v.Add("methode", "Beschrijf hoe de identiteit is vastgesteld (bijvoorbeeld: identiteitsbewijs getoond aan de balie), zonder een documentnummer over te nemen.")
	}
	if !ic.CheckedOn.Valid() || ic.CheckedOn < c.ReceivedOn || ic.CheckedOn > DateOf(now) {
		v.Add("gecontroleerdOp", "Vul de datum van de controle in: na ontvangst en niet in de toekomst.")
	}
	return v.Err(op)
}

// CheckDecide validates the decision on c: the requester's identity is
// established, no suspension lasts, and an outcome and a motivation are
// given.
func (c RightsCase) CheckDecide(outcome, motivation string) error {
	const op = "case.Decide"
	if !c.Status.Open() {
		return E(KindConflict, op, "Dit verzoek is al afgehandeld.")
	}
	if c.Identity == nil && c.Kind.IsRequest() {
		return E(KindConflict, op, msgIdentityFirst)
	}
	if c.Suspended() {
		return E(KindConflict, op, "De termijn is opgeschort; hervat eerst de behandeling.")
	}
	var v Invalid
	if strings.TrimSpace(outcome) == "" || len(outcome) > 200 {
		v.Add("uitkomst", "Vul de uitkomst in.")
	}
	if strings.TrimSpace(motivation) == "" || len(motivation) > 8000 {
		v.Add("motivering", "Motiveer het besluit; de motivering staat in de brief aan de betrokkene.")
	}
	return v.Err(op)
}

// Messages of the refusals to give out a request's data before its time.
const (
	msgIdentityFirst  = "Stel eerst de identiteit van de verzoeker vast; pas dan mogen gegevens worden verstrekt of gewijzigd."
	msgAccessIdentity = "De identiteit van de verzoeker is nog niet vastgesteld. Het inzageoverzicht, de inzagebrief en het bestand " +
		"met de gegevens worden pas samengesteld als de identiteitscontrole is vastgelegd (artikel 12 lid 6 AVG)."
	msgLetterNoDecision = "Er is nog geen besluit op dit verzoek vastgelegd. De brief over het besluit kan pas worden gemaakt " +
		"als het besluit is vastgelegd."
)

// CheckAccessOverview decides whether the overview of access request c
// may be compiled: only for an access request, and only once the
// requester's identity is recorded on it (GDPR Art 12(6)). The overview,
// its letter and its JSON copy all give the person's data out, so the one
// check covers all three, in the web and in the API alike.
func (c RightsCase) CheckAccessOverview() error {
	const op = "case.AccessOverview"
	if c.Kind != CaseAccess {
		return E(KindConflict, op, "Een overzicht wordt alleen samengesteld voor een inzageverzoek.")
	}
	if c.Identity == nil {
		return E(KindConflict, op, msgAccessIdentity)
	}
	return nil
}

// CheckDecisionLetter decides whether the letter on the decision of
// request c may be written: only once a decision is recorded to state in
// it: the request decided, or, for a correction, at least one item
// decided (itemDecisions). A complaint is not refused: before its outcome
// its letter is the copy to the complaints committee or the notice of the
// joint committee (Art 7.3, 7.4), or the acknowledgement of receipt.
func (c RightsCase) CheckDecisionLetter(itemDecisions int) error {
	const op = "case.DecisionLetter"
	if !c.Kind.IsRequest() || c.Status == CaseDecided {
		return nil
	}
	if c.Kind == CaseCorrection && itemDecisions > 0 {
		return nil
	}
	return E(KindConflict, op, msgLetterNoDecision)
}

// CanHandleRightsCases reports whether the actor may register and handle
// data subjects' requests and complaints: only the coordinator (on behalf
// of the controller, Art 4.2) and privacy officers (SPEC §1), and only with
// a role that may see personal data at all.
func CanHandleRightsCases(a *Actor) bool {
	return CanProcessPersonalData(a) && a.HasAny(RoleCoordinator, RolePrivacyOfficer)
}

// WithholdGround is a ground of covenant Art 6.1.4 (today GDPR Art 23 and
// UAVG Art 41) on which an item may be withheld from access.
type WithholdGround string

const (
	WithholdStateSecurity WithholdGround = "a"
	WithholdCrime         WithholdGround = "b"
	WithholdEconomic      WithholdGround = "c"
	WithholdSupervision   WithholdGround = "d"
	WithholdProtection    WithholdGround = "e"
)

// WithholdGrounds lists the grounds a–e.
var WithholdGrounds = []WithholdGround{WithholdStateSecurity, WithholdCrime, WithholdEconomic, WithholdSupervision, WithholdProtection}

var withholdLabels = map[WithholdGround]string{
	WithholdStateSecurity: "a. de veiligheid van de staat",
	WithholdCrime:         "b. het voorkomen, opsporen of vervolgen van strafbare feiten",
	WithholdEconomic:      "c. belangrijke economische en financiële belangen van de Staat en andere openbare lichamen",
	WithholdSupervision:   "d. het toezicht op de naleving van wettelijke regels voor de belangen onder b en c",
	WithholdProtection:    "e. de bescherming van u of van de rechten en vrijheden van anderen",
}

// Valid reports whether g is one of the grounds a–e.
func (g WithholdGround) Valid() bool { _, ok := withholdLabels[g]; return ok }

// Label is the ground as the letter states it.
func (g WithholdGround) Label() string {
	if l, ok := withholdLabels[g]; ok {
		return l
	}
	return string(g)
}

// Withholding is the decision to withhold one item from access, with the
// ground and the motivation that the letter gives the person (Art 6.1.5).
type Withholding struct {
	ItemID     string         `json:"gegevenId"`
	Ground     WithholdGround `json:"grond"`
	Motivation string         `json:"motivering"`
}

// Validate checks the withholding.
func (w Withholding) Validate() error {
	var v Invalid
	if w.ItemID == "" {
		v.Add("gegevenId", "Kies het gegeven.")
	}
	if !w.Ground.Valid() {
		v.Add("grond", "Een gegeven mag alleen worden geweigerd op een van de gronden a tot en met e van artikel 6.1.4.")
	}
	if strings.TrimSpace(w.Motivation) == "" || len(w.Motivation) > 4000 {
		v.Add("motivering", "Motiveer de weigering; de motivering gaat naar de betrokkene (artikel 6.1.5).")
	}
	return v.Err("withholding.Validate")
}
