package groepsaanpak

import "strings"

// Objection (covenant Art 6.3, GDPR Art 21): within the deadline the
// controller decides whether the objection is justified and which
// measures follow; the system carries out the measures chosen.

// ObjectionDecision is the decision on an objection.
type ObjectionDecision struct {
	Justified  bool   `json:"gerechtvaardigd"`
	Motivation string `json:"motivering"`
	// BlockItems blocks, and DeleteItems deletes, every item about the
	// person (not both); EndMemberships ends the person's memberships
	// today.
	BlockItems     bool `json:"gegevensAfschermen"`
	DeleteItems    bool `json:"gegevensVerwijderen"`
	EndMemberships bool `json:"lidmaatschappenBeeindigen"`
}

// Validate checks the decision: a motivation, measures only when the
// objection is justified, and not both blocking and deleting.
func (d ObjectionDecision) Validate() error {
	var v Invalid
	if strings.TrimSpace(d.Motivation) == "" || len(d.Motivation) > 8000 {
		v.Add("motivering", "Motiveer of het bezwaar gerechtvaardigd is en welke maatregelen volgen (artikel 6.3.2).")
	}
	if !d.Justified && (d.BlockItems || d.DeleteItems || d.EndMemberships) {
		v.Add("maatregelen", "Maatregelen volgen alleen op een gerechtvaardigd bezwaar.")
	}
	if d.BlockItems && d.DeleteItems {
		v.Add("maatregelen", "Kies afschermen of verwijderen, niet beide.")
	}
	return v.Err("objection.Validate")
}

// Complaints (covenant Art 7): the controller determines which partners
// the complaint concerns; one partner → the complaint goes to that
// partner's complaints committee with a copy to the person (Art 7.3); two
// or more → an ad-hoc joint complaints committee chaired by the controller
// (Art 7.4). The outcome follows within four weeks (Art 7.5).

// ComplaintRoute is how a complaint is handled.
type ComplaintRoute string

const (
	RouteForward   ComplaintRoute = "doorgezonden"
	RouteCommittee ComplaintRoute = "gezamenlijke_commissie"
)

// CommitteeMember is a member of a joint complaints committee.
type CommitteeMember struct {
	Name      string `json:"naam"`
	PartnerID string `json:"partnerId"`
	Chair     bool   `json:"voorzitter"`
}

// ComplaintHandling is the route of a complaint once the controller
// determined the partners it concerns.
type ComplaintHandling struct {
	PartnerIDs  []string          `json:"partnerIds"`
	Route       ComplaintRoute    `json:"route"`
	ForwardedOn Date              `json:"doorgezondenOp,omitempty"`
	Committee   []CommitteeMember `json:"commissie,omitempty"`
}

// RouteFor is the route Art 7.3 and 7.4 prescribe for the number of
// partners a complaint concerns.
func RouteFor(partners int) ComplaintRoute {
	if partners == 1 {
		return RouteForward
	}
	return RouteCommittee
}

// Validate checks the handling for a complaint under the controller
// partner controllerID: at least one partner; for one partner, the date
// it was forwarded; for two or more, a committee with a representative of
// every partner concerned, chaired by a representative of the controller.
func (h ComplaintHandling) Validate(controllerID string) error {
	var v Invalid
	if len(h.PartnerIDs) == 0 {
		v.Add("partnerIds", "Kies de partner of partners op wier gedraging de klacht zich richt (artikel 7.2).")
		return v.Err("complaint.Validate")
	}
	switch RouteFor(len(h.PartnerIDs)) {
	case RouteForward:
		if !h.ForwardedOn.Valid() {
			v.Add("doorgezondenOp", "Vul de datum in waarop de klacht naar de klachtencommissie van de partner is gestuurd (artikel 7.3).")
		}
	case RouteCommittee:
		chairs := 0
		for _, m := range h.Committee {
			if strings.TrimSpace(m.Name) == "" {
				v.Add("commissie", "Vul de naam van elk lid van de klachtencommissie in.")
				break
			}
			if m.Chair {
				chairs++
				if m.PartnerID != controllerID {
					v.Add("commissie", "De verantwoordelijke zit de gezamenlijke klachtencommissie voor (artikel 7.4).")
				}
			}
		}
		if chairs != 1 {
			v.Add("commissie", "Wijs één voorzitter aan namens de verantwoordelijke (artikel 7.4).")
		}
		for _, p := range h.PartnerIDs {
			found := false
			for _, m := range h.Committee {
				found = found || m.PartnerID == p
			}
			if !found {
				v.Add("commissie", "Elke partner waarop de klacht zich richt, heeft een vertegenwoordiger in de commissie (artikel 7.4).")
				break
			}
		}
	}
	return v.Err("complaint.Validate")
}

// DecisionLetter is what the letter on a decided request or on the route
// of a complaint says: the addressee and person, the case, the outcome
// and motivation, the decisions per item of a correction or objection,
// and a complaint's route with the names of the partners and committee
// members.
type DecisionLetter struct {
	Controller  string           `json:"verwerkingsverantwoordelijke"`
	Person      AccessPerson     `json:"betrokkene"`
	Addressee   AccessPerson     `json:"geadresseerde"`
	Kind        CaseKind         `json:"soort"`
	ReceivedOn  Date             `json:"ontvangenOp"`
	Status      CaseStatus       `json:"status"`
	DecidedOn   Date             `json:"besluitOp,omitempty"`
	Outcome     string           `json:"uitkomst,omitempty"`
	Motivation  string           `json:"motivering,omitempty"`
	Corrections []DecisionLine   `json:"gegevens,omitempty"`
	Complaint   *ComplaintLetter `json:"klacht,omitempty"`
	WrittenOn   Date             `json:"datum"`
}

// DecisionLine is the decision on one item as the letter states it.
type DecisionLine struct {
	Category   string           `json:"categorie"`
	Date       Date             `json:"datum"`
	Action     CorrectionAction `json:"handeling"`
	Granted    bool             `json:"toegewezen"`
	Motivation string           `json:"motivering"`
	Notified   []string         `json:"berichtAan,omitempty"`
}

// ComplaintLetter is a complaint's route by name.
type ComplaintLetter struct {
	Route       ComplaintRoute `json:"route"`
	Partners    []string       `json:"partners"`
	Committees  []string       `json:"klachtencommissies,omitempty"`
	ForwardedOn Date           `json:"doorgezondenOp,omitempty"`
	Members     []string       `json:"leden,omitempty"`
	Chair       string         `json:"voorzitter,omitempty"`
}
