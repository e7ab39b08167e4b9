package groepsaanpak

import "time"

// Need-to-know (SPEC §3; covenant Art 3.3, 4.3, 5.1, 5.3 and 10) is decided
// here, by pure functions, for the web interface, the API, exports and search
// alike. Storage mirrors CanSeeItem in one SQL predicate (storage's
// visibility.go); the two are tested against each other.

// Rule names the rule that decided a need-to-know question, so that tests and
// audit lines can say why.
type Rule string

const (
	RuleNoContentRole      Rule = "geen rol met toegang tot persoonsgegevens (beheerder en auditor zien nooit inhoud)"
	RuleDeleted            Rule = "verwijderd: er is geen inhoud meer"
	RuleBlocked            Rule = "afgeschermd: alleen de privacyfunctionaris die een verzoek behandelt"
	RuleBlockedHandling    Rule = "afgeschermd, gezien door de privacyfunctionaris voor de behandeling van een verzoek"
	RuleOwnItem            Rule = "eigen gegeven van de bronpartner"
	RuleNoDecision         Rule = "geen besluit van de driehoek dat uitwisseling toestaat, of de bewaartermijn is verstreken"
	RuleNotParticipating   Rule = "partner neemt niet deel aan deze groepsaanpak"
	RuleNotInvolved        Rule = "partner is niet betrokken bij deze persoon"
	RuleSpecialNotAllowed  Rule = "bijzonder gegeven: soort partner niet gemachtigd en niet expliciet gedeeld"
	RuleCriminalNotAllowed Rule = "strafrechtelijk gegeven: soort partner niet gemachtigd en niet expliciet gedeeld"
	RuleShared             Rule = "gedeeld volgens need-to-know"
)

// Decision is the outcome of a need-to-know question with the rule that
// decided it.
type Decision struct {
	Allowed bool
	Rule    Rule
}

func allow(r Rule) Decision { return Decision{Allowed: true, Rule: r} }
func deny(r Rule) Decision  { return Decision{Rule: r} }

// ItemContext is what the policy needs to know beyond the actor and the
// item: the group approach the item belongs to, the covenant's terms, whether
// the actor's partner is involved with the item's person in this group
// approach (derived from its own items and measures, or registered by the
// coordinator), and whether the actor is a privacy officer handling a
// request about this person.
type ItemContext struct {
	Group    Group
	Terms    CovenantTerms
	Involved bool
	Handling bool
	Now      time.Time
}

// CanSeeItem decides whether the actor may see the item's content.
//
//   - Admins and auditors never see content; nor does anyone without a role
//     that may see personal data.
//   - A deleted item has no content; a blocked item is seen only by a privacy
//     officer handling a request about the person.
//   - The source partner always sees its own items.
//   - Another partner sees an item only if all hold: the driehoek decided
//     that exchange is allowed and the approach is not past retention; the
//     partner takes part in the approach; for an item about a person, the
//     partner is involved with that person; for a special or criminal item,
//     the partner's kind is authorised in the covenant or the source shared
//     it with that partner explicitly.
func CanSeeItem(a *Actor, it Item, c ItemContext) Decision {
	if !CanProcessPersonalData(a) {
		return deny(RuleNoContentRole)
	}
	switch it.Status {
	case ItemDeleted:
		return deny(RuleDeleted)
	case ItemBlocked:
		if c.Handling && a.Has(RolePrivacyOfficer) {
			return allow(RuleBlockedHandling)
		}
		return deny(RuleBlocked)
	}
	if it.SourcePartnerID == a.PartnerID {
		return allow(RuleOwnItem)
	}
	if !c.Group.ExchangeAuthorised(c.Terms, c.Now) {
		return deny(RuleNoDecision)
	}
	if !c.Group.Participates(a.PartnerID) {
		return deny(RuleNotParticipating)
	}
	if it.PersonID != "" && !c.Involved {
		return deny(RuleNotInvolved)
	}
	if it.Special && !c.Terms.MaySeeSpecial(a.PartnerKind) && !it.SharedExplicitlyWith(a.PartnerID) {
		return deny(RuleSpecialNotAllowed)
	}
	if it.Criminal && !c.Terms.MaySeeCriminal(a.PartnerKind) && !it.SharedExplicitlyWith(a.PartnerID) {
		return deny(RuleCriminalNotAllowed)
	}
	return allow(RuleShared)
}

// CanSeeMember decides whether the actor may see that a person is a member
// of group g, with the person's identifying data. The partner that
// registered the person always may; another partner only once the driehoek
// authorised exchange for g and while it takes part in the approach. No
// partner other than the source sees any personal data of a member before
// the decision (SPEC §2, step 4).
func CanSeeMember(a *Actor, p Person, g Group, terms CovenantTerms, now time.Time) Decision {
	if !CanProcessPersonalData(a) {
		return deny(RuleNoContentRole)
	}
	if p.SourcePartnerID == a.PartnerID {
		return allow(RuleOwnItem)
	}
	if !g.ExchangeAuthorised(terms, now) {
		return deny(RuleNoDecision)
	}
	if !g.Participates(a.PartnerID) {
		return deny(RuleNotParticipating)
	}
	return allow(RuleShared)
}
