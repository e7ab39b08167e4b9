package groepsaanpak

import (
	"strings"
	"time"
)

// Plan is the integral Plan van Aanpak of one group approach (SPEC §2, step
// 5): the analysis of the group and the goals of the approach. Its measures
// (Measure) are aimed at the group as a whole or at individual members and
// their surroundings. The driehoek adopts (vaststellen) the plan; only an
// adopted plan lets the approach move on to uitvoering (CheckTransition).
type Plan struct {
	GroupID  string `json:"groepId"`
	Analysis string `json:"analyse"`
	Goals    string `json:"doelen"`
	// AdoptedOn is the date of the driehoek's meeting that adopted the plan;
	// empty while the plan is a draft. AdoptedBy is the user who recorded
	// the adoption and AdoptedAt when.
	AdoptedOn Date       `json:"vastgesteldOp,omitempty"`
	AdoptedBy string     `json:"vastgesteldDoor,omitempty"`
	AdoptedAt *time.Time `json:"vastgelegdOp,omitempty"`
	UpdatedBy string     `json:"gewijzigdDoor"`
	UpdatedAt time.Time  `json:"gewijzigdOp"`
}

// maxPlanText bounds the analysis and the goals of a plan.
const maxPlanText = 20000

// Validate checks the plan's own fields.
func (p Plan) Validate() error {
	var v Invalid
	if strings.TrimSpace(p.Analysis) == "" || len(p.Analysis) > maxPlanText {
		v.Add("analyse", "Vul de analyse van de groep in (maximaal 20.000 tekens).")
	}
	if strings.TrimSpace(p.Goals) == "" || len(p.Goals) > maxPlanText {
		v.Add("doelen", "Vul de doelen van de aanpak in (maximaal 20.000 tekens).")
	}
	return v.Err("plan.Validate")
}

// Adopted reports whether the driehoek adopted the plan.
func (p *Plan) Adopted() bool { return p != nil && !p.AdoptedOn.IsZero() }

// planSteps are the steps in which the coordinator drafts and changes the
// plan: a draft with the integral picture (beeld), the plan itself (plan)
// and its adjustment during execution (uitvoering).
var planSteps = []Step{StepPicture, StepPlan, StepExecution}

func inPlanSteps(s Step) bool {
	for _, p := range planSteps {
		if p == s {
			return true
		}
	}
	return false
}

// CanEditPlan decides whether the actor may record or change the plan of
// group g: the coordinator (Art 4.2, who runs the group approach), while the
// group is in step beeld, plan or uitvoering. It returns KindForbidden for
// another role and KindConflict for another step.
func CanEditPlan(a *Actor, g Group) error {
	const op = "plan.Edit"
	if !a.Has(RoleCoordinator) {
		return E(KindForbidden, op, "Alleen de uitvoeringscoördinator stelt het Plan van Aanpak op.")
	}
	if !inPlanSteps(g.Step) {
		return E(KindConflict, op, "Het Plan van Aanpak wordt opgesteld in stap "+StepPicture.Label()+", "+StepPlan.Label()+" of "+StepExecution.Label()+"; de groepsaanpak staat in stap "+g.Step.Label()+".")
	}
	return nil
}

// CanAdoptPlan decides whether the actor may adopt plan p of group g on the
// date adoptedOn at instant now: only a driehoek member (SPEC §1: the
// driehoek adopts plans), only while the group is in step plan (SPEC §2 step
// 5), only a recorded plan that is not adopted yet, and on a date that is
// not in the future.
func CanAdoptPlan(a *Actor, g Group, p *Plan, adoptedOn Date, now time.Time) error {
	const op = "plan.Adopt"
	if !a.Has(RoleDriehoek) {
		return E(KindForbidden, op, "Alleen de driehoek stelt het Plan van Aanpak vast.")
	}
	if g.Step != StepPlan {
		return E(KindConflict, op, "Het Plan van Aanpak wordt vastgesteld in stap "+StepPlan.Label()+"; de groepsaanpak staat in stap "+g.Step.Label()+".")
	}
	if p == nil {
		return E(KindConflict, op, "Er is nog geen Plan van Aanpak om vast te stellen.")
	}
	if p.Adopted() {
		return E(KindConflict, op, "Het Plan van Aanpak is al vastgesteld op "+p.AdoptedOn.Dutch()+".")
	}
	if !adoptedOn.Valid() || adoptedOn > DateOf(now) {
		return E(KindInvalid, op, "De invoer is niet geldig.", Detail{Name: "vastgesteldOp", Message: "Vul de datum van vaststelling in; die ligt niet in de toekomst."})
	}
	return nil
}

// MeasureKind is the kind of a measure in the Plan van Aanpak (SPEC §2 step
// 5; covenant "Ketenoverleg": bestuursrechtelijke, strafrechtelijke en
// privaatrechtelijke instrumenten, and care).
type MeasureKind string

const (
	// MeasureAdministrative is an administrative-law measure, such as an
	// area ban, camera surveillance or a closure.
	MeasureAdministrative MeasureKind = "bestuursrechtelijk"
	// MeasureCriminal is a criminal-law measure, such as fast-track
	// prosecution.
	MeasureCriminal MeasureKind = "strafrechtelijk"
	// MeasurePrivate is a private-law measure, such as one under a tenancy
	// or a venue ban.
	MeasurePrivate MeasureKind = "privaatrechtelijk"
	// MeasureCare is care, school, work or leisure.
	MeasureCare MeasureKind = "zorg"
)

// MeasureKinds lists the kinds in the order forms and monitoring show them.
var MeasureKinds = []MeasureKind{MeasureAdministrative, MeasureCriminal, MeasurePrivate, MeasureCare}

var measureKindLabels = map[MeasureKind]string{
	MeasureAdministrative: "Bestuursrechtelijk",
	MeasureCriminal:       "Strafrechtelijk",
	MeasurePrivate:        "Privaatrechtelijk",
	MeasureCare:           "Zorg (zorg, school, werk en vrije tijd)",
}

// Valid reports whether k is a known measure kind.
func (k MeasureKind) Valid() bool { _, ok := measureKindLabels[k]; return ok }

// Label is the Dutch name of the kind.
func (k MeasureKind) Label() string {
	if l, ok := measureKindLabels[k]; ok {
		return l
	}
	return string(k)
}

// MeasureStatus is where a measure stands.
type MeasureStatus string

const (
	MeasurePlanned  MeasureStatus = "gepland"
	MeasureRunning  MeasureStatus = "lopend"
	MeasureFinished MeasureStatus = "afgerond"
	MeasureStopped  MeasureStatus = "gestopt"
)

// MeasureStatuses lists the statuses in their natural order.
var MeasureStatuses = []MeasureStatus{MeasurePlanned, MeasureRunning, MeasureFinished, MeasureStopped}

var measureStatusLabels = map[MeasureStatus]string{
	MeasurePlanned:  "Gepland",
	MeasureRunning:  "Lopend",
	MeasureFinished: "Afgerond",
	MeasureStopped:  "Gestopt",
}

// Valid reports whether s is a known status.
func (s MeasureStatus) Valid() bool { _, ok := measureStatusLabels[s]; return ok }

// Label is the Dutch name of the status.
func (s MeasureStatus) Label() string {
	if l, ok := measureStatusLabels[s]; ok {
		return l
	}
	return string(s)
}

// Ended reports whether the measure is over: afgerond or gestopt.
func (s MeasureStatus) Ended() bool { return s == MeasureFinished || s == MeasureStopped }

// Measure is one measure of the Plan van Aanpak: aimed at the group as a
// whole, or at one member when PersonID is set, carried out by one
// responsible partner. A measure aimed at a person is personal data of that
// person: who may see it is decided by CanSeeMeasure, under the rules of an
// information item about the person (the responsible partner, and partners
// involved with the person that are authorised for what its kind reveals),
// and it makes the responsible partner involved with the person (SPEC §3).
type Measure struct {
	ID                   string        `json:"id"`
	GroupID              string        `json:"groepId"`
	PersonID             string        `json:"persoonId,omitempty"`
	Kind                 MeasureKind   `json:"soort"`
	Description          string        `json:"omschrijving"`
	ResponsiblePartnerID string        `json:"verantwoordelijkePartnerId"`
	Status               MeasureStatus `json:"status"`
	Start                Date          `json:"startdatum"`
	ReviewDate           Date          `json:"evaluatiedatum"`
	Result               string        `json:"resultaat,omitempty"`
	CreatedBy            string        `json:"aangemaaktDoor"`
	CreatedAt            time.Time     `json:"aangemaaktOp"`
	UpdatedAt            time.Time     `json:"gewijzigdOp"`
}

// Validate checks the measure's own fields.
func (m Measure) Validate() error {
	var v Invalid
	if !m.Kind.Valid() {
		v.Add("soort", "Kies bestuursrechtelijk, strafrechtelijk, privaatrechtelijk of zorg.")
	}
	if strings.TrimSpace(m.Description) == "" || len(m.Description) > 4000 {
		v.Add("omschrijving", "Beschrijf de maatregel (maximaal 4.000 tekens).")
	}
	if m.ResponsiblePartnerID == "" {
		v.Add("verantwoordelijkePartnerId", "Kies de partner die verantwoordelijk is voor de maatregel.")
	}
	if !m.Status.Valid() {
		v.Add("status", "Kies gepland, lopend, afgerond of gestopt.")
	}
	if !m.Start.Valid() {
		v.Add("startdatum", "Vul een geldige startdatum in.")
	}
	if !m.ReviewDate.Valid() {
		v.Add("evaluatiedatum", "Vul een geldige evaluatiedatum in.")
	} else if m.Start.Valid() && m.ReviewDate < m.Start {
		v.Add("evaluatiedatum", "De evaluatiedatum ligt niet voor de startdatum.")
	}
	if len(m.Result) > 4000 {
		v.Add("resultaat", "Het resultaat is te lang (maximaal 4.000 tekens).")
	}
	if m.Status.Ended() && strings.TrimSpace(m.Result) == "" {
		v.Add("resultaat", "Beschrijf het resultaat van een afgeronde of gestopte maatregel.")
	}
	return v.Err("measure.Validate")
}

// ReviewOverdue reports whether the measure's review date has passed at
// instant now while the measure is still planned or running: the
// coordinator reviews the measures in force at regular intervals (SPEC §2
// step 6, Art 5.3 "de ingezette maatregelen").
func (m Measure) ReviewOverdue(now time.Time) bool {
	return !m.Status.Ended() && m.ReviewDate.Valid() && m.ReviewDate < DateOf(now)
}

// InForce reports whether the measure is in force: it is running.
func (m Measure) InForce() bool { return m.Status == MeasureRunning }

// MeasureFacts is what the measure policy needs to know beyond the actor,
// the group and the measure: whether the person the measure is aimed at is
// an active member of the group, and whether the actor may see that member
// (CanSeeMember).
type MeasureFacts struct {
	PersonIsMember  bool
	ActorSeesMember bool
}

// CanRecordMeasure decides whether the actor may record the new measure m in
// group g at instant now. The coordinator records any measure; a user of the
// responsible partner records the measures that partner carries out. Group
// measures belong to the plan from its draft (beeld) on; a measure aimed at
// a person is personal data and is possible only once the driehoek
// authorised the exchange of members' personal data (SPEC §2 step 4), for a
// member of the group whom the actor may see. The responsible partner must
// take part in the group approach (Art 5.3: afspraken tussen de partners
// over de aanpak).
func CanRecordMeasure(a *Actor, g Group, m Measure, f MeasureFacts, terms CovenantTerms, now time.Time) error {
	const op = "measure.Record"
	if !mayCarryMeasure(a, m.ResponsiblePartnerID) {
		return E(KindForbidden, op, "Alleen de uitvoeringscoördinator of de verantwoordelijke partner legt een maatregel vast.")
	}
	if !inPlanSteps(g.Step) {
		return E(KindConflict, op, "Maatregelen horen bij het Plan van Aanpak, in stap "+StepPicture.Label()+", "+StepPlan.Label()+" of "+StepExecution.Label()+"; de groepsaanpak staat in stap "+g.Step.Label()+".")
	}
	if err := m.Validate(); err != nil {
		return err
	}
	return checkMeasureTargets(op, g, m, f, terms, now)
}

// CanUpdateMeasure decides whether the actor may change measure old into
// updated in the group approach c.Group. A measure the actor may not see
// (CanSeeMeasure) is not found, exactly as an unknown one. The coordinator
// changes every field; a user of the responsible partner reports progress
// only, by changing the status and the result. A finished or stopped
// measure is closed: its record is kept as it was.
func CanUpdateMeasure(a *Actor, old, updated Measure, c MeasureContext, f MeasureFacts) error {
	const op = "measure.Update"
	if !CanSeeMeasure(a, old, c).Allowed {
		return ErrNotFound(op)
	}
	coordinator := a.Has(RoleCoordinator)
	if !coordinator && !mayCarryMeasure(a, old.ResponsiblePartnerID) {
		return E(KindForbidden, op, "Alleen de uitvoeringscoördinator of de verantwoordelijke partner wijzigt een maatregel.")
	}
	if !coordinator {
		progress := old
		progress.Status, progress.Result = updated.Status, updated.Result
		if !sameMeasureFields(progress, updated) {
			return E(KindForbidden, op, "De verantwoordelijke partner wijzigt alleen de status en het resultaat; andere wijzigingen doet de uitvoeringscoördinator.")
		}
	}
	if c.Group.Step == StepClosed {
		return E(KindConflict, op, "Deze groepsaanpak is afgesloten.")
	}
	if old.Status.Ended() {
		return E(KindConflict, op, "Deze maatregel is "+strings.ToLower(old.Status.Label())+" en wordt niet meer gewijzigd.")
	}
	if err := updated.Validate(); err != nil {
		return err
	}
	if updated.PersonID == old.PersonID && updated.ResponsiblePartnerID == old.ResponsiblePartnerID {
		return nil
	}
	return checkMeasureTargets(op, c.Group, updated, f, c.Terms, c.Now)
}

// mayCarryMeasure reports whether the actor may record measures carried
// out by the partner: the coordinator, or a user of that partner in a role
// that contributes to the approach.
func mayCarryMeasure(a *Actor, responsiblePartnerID string) bool {
	if a.Has(RoleCoordinator) {
		return true
	}
	return a != nil && responsiblePartnerID != "" && a.PartnerID == responsiblePartnerID && a.HasAny(RoleProfessional, RoleDriehoek)
}

// checkMeasureTargets checks the measure's responsible partner and person
// against the group approach.
func checkMeasureTargets(op string, g Group, m Measure, f MeasureFacts, terms CovenantTerms, now time.Time) error {
	if !g.Participates(m.ResponsiblePartnerID) {
		return E(KindConflict, op, "De verantwoordelijke partner neemt niet deel aan deze groepsaanpak.")
	}
	if m.PersonID == "" {
		return nil
	}
	if !g.ExchangeAuthorised(terms, now) {
		return E(KindConflict, op, "Een maatregel voor een groepslid kan pas nadat de driehoek heeft besloten dat persoonsgegevens van de groepsleden mogen worden uitgewisseld.")
	}
	if !f.ActorSeesMember || !f.PersonIsMember {
		return E(KindConflict, op, "Een maatregel voor een persoon kan alleen voor een huidig lid van deze groep.")
	}
	return nil
}

// sameMeasureFields reports whether two versions of a measure agree on
// every field a user can change.
func sameMeasureFields(a, b Measure) bool {
	return a.PersonID == b.PersonID && a.Kind == b.Kind && a.Description == b.Description &&
		a.ResponsiblePartnerID == b.ResponsiblePartnerID && a.Status == b.Status &&
		a.Start == b.Start && a.ReviewDate == b.ReviewDate && a.Result == b.Result
}
