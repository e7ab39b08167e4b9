package groepsaanpak

import (
	"slices"
	"strings"
	"time"
)

// Step is where a group approach stands in the seven-step Werkproces (SPEC
// §2; national model 2016, revised 2023).
type Step string

const (
	StepSignals     Step = "signalen"
	StepInformation Step = "informatie"
	StepPicture     Step = "beeld"
	StepDecision    Step = "besluit"
	StepPlan        Step = "plan"
	StepExecution   Step = "uitvoering"
	StepClosed      Step = "afgesloten"
)

// Steps lists the steps in order.
var Steps = []Step{StepSignals, StepInformation, StepPicture, StepDecision, StepPlan, StepExecution, StepClosed}

var stepLabels = map[Step]string{
	StepSignals:     "1. Signalen",
	StepInformation: "2. Informatie verzamelen en koppelen",
	StepPicture:     "3. Integraal beeld",
	StepDecision:    "4. Besluit driehoek",
	StepPlan:        "5. Plan van Aanpak",
	StepExecution:   "6. Uitvoering en monitoring",
	StepClosed:      "7. Afgesloten",
}

// Valid reports whether s is a known step.
func (s Step) Valid() bool { _, ok := stepLabels[s]; return ok }

// Label is the Dutch name of the step with its number.
func (s Step) Label() string {
	if l, ok := stepLabels[s]; ok {
		return l
	}
	return string(s)
}

// index is the step's position in the Werkproces.
func (s Step) index() int { return slices.Index(Steps, s) }

// GroupForm says whether the group is a (loose-knit) group or a fluid
// network (Art 2 "Onder jeugdgroepen vallen ook fluïde netwerken").
type GroupForm string

const (
	FormGroup   GroupForm = "groep"
	FormNetwork GroupForm = "netwerk"
)

// Valid reports whether f is a known form.
func (f GroupForm) Valid() bool { return f == FormGroup || f == FormNetwork }

// Group is a youth group (or fluid network) and its group approach.
type Group struct {
	ID        string    `json:"id"`
	Name      string    `json:"naam"`
	Area      string    `json:"wijk"`
	Form      GroupForm `json:"vorm"`
	Step      Step      `json:"stap"`
	CreatedBy string    `json:"aangemaaktDoorPartnerId"`
	CreatedAt time.Time `json:"aangemaaktOp"`
	// Problematic is the answer to question 2A ("is the behaviour
	// problematic?"); nil until answered. When false, only light
	// interventions follow and no name list may be made.
	Problematic *bool `json:"problematisch,omitempty"`
	// Decision is the driehoek's decision of step 4, once taken.
	Decision *TriangleDecision `json:"besluit,omitempty"`
	// ClosedAt, CloseReason and Evaluation record step 7.
	ClosedAt    *time.Time `json:"afgeslotenOp,omitempty"`
	CloseReason string     `json:"redenAfsluiting,omitempty"`
	Evaluation  string     `json:"evaluatie,omitempty"`
	// Participants are the partners that take part in the group approach.
	Participants []string `json:"deelnemendePartnerIds"`
}

// Validate checks a group's own fields.
func (g Group) Validate() error {
	var v Invalid
	if strings.TrimSpace(g.Name) == "" || len(g.Name) > 200 {
		v.Add("naam", "Vul een naam of alias van de groep in (maximaal 200 tekens).")
	}
	if strings.TrimSpace(g.Area) == "" || len(g.Area) > 200 {
		v.Add("wijk", "Vul de wijk in (maximaal 200 tekens).")
	}
	if !g.Form.Valid() {
		v.Add("vorm", "Kies groep of fluïde netwerk.")
	}
	return v.Err("group.Validate")
}

// Participates reports whether partner p takes part in the group approach.
func (g Group) Participates(partnerID string) bool { return slices.Contains(g.Participants, partnerID) }

// ExchangeAuthorised reports whether the driehoek decided that personal data
// of the named members may be collected and exchanged (step 4), and the
// approach has not been closed longer than the retention period ago. Before
// that, no partner other than the source sees any personal data of a member.
func (g Group) ExchangeAuthorised(terms CovenantTerms, now time.Time) bool {
	if g.Decision == nil || !g.Decision.ApproachStarts || !g.Decision.ExchangeAuthorised {
		return false
	}
	return !g.PastRetention(terms, now)
}

// PastRetention reports whether the approach was closed longer ago than the
// covenant's retention period after closure.
func (g Group) PastRetention(terms CovenantTerms, now time.Time) bool {
	if g.ClosedAt == nil {
		return false
	}
	return !g.ClosedAt.After(RetentionCutoff(terms.RetentionAfterClosureMonths, now))
}

// RetentionCutoff is the instant before which (inclusive) something that
// ended is past a retention period of the given months at instant now.
// Storage compares with the same cutoff, so the policy and the database
// agree to the microsecond.
func RetentionCutoff(months int, now time.Time) time.Time { return now.AddDate(0, -months, 0) }

// TriangleDecision is the local driehoek's decision in step 4: whether a
// group approach starts and whether personal data of the named members may be
// collected and exchanged. It triggers the notification of members (Art
// 6.1.1).
type TriangleDecision struct {
	DecidedOn          Date      `json:"besluitdatum"`
	Present            []string  `json:"aanwezigen"`
	ApproachStarts     bool      `json:"groepsaanpakStart"`
	ExchangeAuthorised bool      `json:"uitwisselingToegestaan"`
	Motivation         string    `json:"motivering"`
	RecordedBy         string    `json:"vastgelegdDoor"`
	RecordedAt         time.Time `json:"vastgelegdOp"`
}

// Validate checks the decision's fields.
func (d TriangleDecision) Validate() error {
	var v Invalid
	if !d.DecidedOn.Valid() {
		v.Add("besluitdatum", "Vul de datum van het driehoeksoverleg in.")
	}
	if len(d.Present) == 0 {
		v.Add("aanwezigen", "Vul in welke leden van de driehoek aanwezig waren.")
	}
	for _, p := range d.Present {
		if strings.TrimSpace(p) == "" || len(p) > 200 {
			v.Add("aanwezigen", "Vul per aanwezige een naam en functie in (maximaal 200 tekens).")
			break
		}
	}
	if strings.TrimSpace(d.Motivation) == "" {
		v.Add("motivering", "Motiveer het besluit.")
	}
	if d.ExchangeAuthorised && !d.ApproachStarts {
		v.Add("uitwisselingToegestaan", "Uitwisseling van persoonsgegevens kan alleen worden toegestaan als de groepsaanpak start.")
	}
	return v.Err("decision.Validate")
}

// Transition records one move of a group approach between steps.
type Transition struct {
	From      Step      `json:"van"`
	To        Step      `json:"naar"`
	UserID    string    `json:"gebruikerId"`
	PartnerID string    `json:"partnerId"`
	At        time.Time `json:"op"`
	Reason    string    `json:"reden"`
}

// CheckTransition decides whether the actor may move group g to step to,
// with reason. It returns nil, KindForbidden for a role that may not take
// the step, or KindConflict naming why the step is out of order. The rules:
//
//   - Steps go forward one at a time; the coordinator moves them.
//   - informatie → beeld requires question 2A answered "problematic".
//   - besluit → plan requires the driehoek's decision that the approach
//     starts; the decision itself is recorded by a driehoek member.
//   - plan → uitvoering requires the plan adopted by the driehoek (adopted).
//   - Closing (afgesloten) is possible from any open step with a reason:
//     after 2A "not problematic", after a decision not to start, or at the
//     end (afschaling).
func CheckTransition(a *Actor, g Group, to Step, reason string, planAdopted bool) error {
	const op = "group.Transition"
	if !a.Has(RoleCoordinator) {
		return E(KindForbidden, op, "Alleen de uitvoeringscoördinator zet een groepsaanpak een stap verder.")
	}
	if !to.Valid() {
		return E(KindInvalid, op, "Onbekende stap.", Detail{Name: "stap", Message: "Kies een stap uit het werkproces."})
	}
	if strings.TrimSpace(reason) == "" {
		return E(KindInvalid, op, "Geef een reden voor deze stap.", Detail{Name: "reden", Message: "Vul de reden in."})
	}
	if g.Step == StepClosed {
		return E(KindConflict, op, "Deze groepsaanpak is afgesloten.")
	}
	if to == StepClosed {
		return nil
	}
	if to.index() != g.Step.index()+1 {
		return E(KindConflict, op, "Deze stap kan nu niet: de groepsaanpak staat in stap "+g.Step.Label()+" en gaat alleen naar "+Steps[g.Step.index()+1].Label()+" of wordt afgesloten.")
	}
	switch to {
	case StepPicture:
		if g.Problematic == nil {
			return E(KindConflict, op, "Beantwoord eerst vraag 2A: is het gedrag van de groep problematisch?")
		}
		if !*g.Problematic {
			return E(KindConflict, op, "Het gedrag is niet als problematisch beoordeeld (2A): alleen lichte interventies, geen namenlijst. Sluit de groepsaanpak af of beoordeel opnieuw.")
		}
	case StepPlan:
		if g.Decision == nil {
			return E(KindConflict, op, "De driehoek heeft nog geen besluit genomen.")
		}
		if !g.Decision.ApproachStarts {
			return E(KindConflict, op, "De driehoek heeft besloten geen groepsaanpak te starten; sluit de groepsaanpak af.")
		}
	case StepExecution:
		if !planAdopted {
			return E(KindConflict, op, "Het Plan van Aanpak is nog niet door de driehoek vastgesteld.")
		}
	}
	return nil
}

// CanRecordDecision reports whether the actor may record the driehoek's
// decision for g: a driehoek member, while the group is in step besluit.
func CanRecordDecision(a *Actor, g Group) error {
	const op = "group.Decision"
	if !a.Has(RoleDriehoek) {
		return E(KindForbidden, op, "Alleen een lid van de driehoek legt het besluit vast.")
	}
	if g.Step != StepDecision {
		return E(KindConflict, op, "Het besluit van de driehoek wordt vastgelegd in stap "+StepDecision.Label()+".")
	}
	return nil
}
