package groepsaanpak

import "time"

// Need-to-know (SPEC §3; covenant Art 3.3, 4.3, 5.1, 5.3 and 10) is decided
// here, by pure functions, for the web interface, the API, exports and search
// alike. Storage mirrors CanSeeItem, CanSeeMember and CanSeeMeasure in SQL
// predicates (storage's visibility.go); each pair is tested against each
// other.

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

	// The rules of measures (CanSeeMeasure) beside the ones above.
	RuleGroupMeasure              Rule = "maatregel voor de groep: zichtbaar voor wie de groep ziet"
	RuleOwnMeasure                Rule = "maatregel die de partner zelf uitvoert (verantwoordelijke partner)"
	RuleCriminalMeasureNotAllowed Rule = "strafrechtelijke maatregel: soort partner niet gemachtigd voor strafrechtelijke gegevens (artikel 10 AVG)"
	RuleCareMeasureNotAllowed     Rule = "zorgmaatregel: soort partner niet gemachtigd voor bijzondere persoonsgegevens (artikel 9 AVG)"
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

// CanSeeGroup reports whether the actor may see group g itself: its name,
// area, step, decision, participants and plan, and the measures aimed at the
// group as a whole — not personal data of its members. Every coordinator
// sees every group (Art 4.2: the coordinator runs the group approaches);
// any other user the groups in whose approach its partner takes part.
// Admins and auditors see no group.
func CanSeeGroup(a *Actor, g Group) bool {
	return CanProcessPersonalData(a) && (a.Has(RoleCoordinator) || g.Participates(a.PartnerID))
}

// MeasureContext is what the measure policy needs to know beyond the actor
// and the measure: the group approach the measure belongs to, the
// covenant's terms, and whether the actor's partner is involved with the
// measure's person in this group approach — registered by the coordinator,
// or derived: it contributed an item about them or is the responsible
// partner of a measure for them. Involvement follows from who carries a
// measure, never from who may see one, so the rule is not circular.
type MeasureContext struct {
	Group    Group
	Terms    CovenantTerms
	Involved bool
	Now      time.Time
}

// CanSeeMeasure decides whether the actor may see measure m. A measure aimed
// at a person is personal data of that person, and its kind says what it
// reveals: a strafrechtelijke maatregel (snelrecht, Halt) reveals criminal
// data (GDPR Art 10), a zorg measure (MDFT, gezinsbegeleiding) data about
// health and care (Art 9). It therefore follows the rules of an information
// item about the person (CanSeeItem), with the responsible partner in the
// place of the source:
//
//   - Admins and auditors never see casework; nor does anyone without a
//     role that may see personal data (RuleNoContentRole).
//   - A measure aimed at the group follows the group: whoever may see the
//     group sees it (CanSeeGroup; RuleGroupMeasure), others do not
//     (RuleNotParticipating).
//   - The responsible partner always sees the measure it carries out, while
//     it may see the group (RuleOwnMeasure).
//   - Another partner — the coordinator's included: a coordinator has no
//     rule of its own for items, so none for measures — sees a measure about
//     a person only if all hold: the driehoek decided that exchange is
//     allowed and the approach is not past retention, so that nothing of a
//     member reaches another partner before the decision (RuleNoDecision);
//     the partner takes part in the approach (RuleNotParticipating); it is
//     involved with the person (RuleNotInvolved); for a strafrechtelijke
//     maatregel its kind is authorised for criminal data
//     (RuleCriminalMeasureNotAllowed) and for a zorg measure for
//     special-category data (RuleCareMeasureNotAllowed), as in the
//     covenant's settings. A measure cannot be shared explicitly, so there
//     is no exception for that.
func CanSeeMeasure(a *Actor, m Measure, c MeasureContext) Decision {
	if !CanProcessPersonalData(a) {
		return deny(RuleNoContentRole)
	}
	seesGroup := CanSeeGroup(a, c.Group)
	if m.PersonID == "" {
		if seesGroup {
			return allow(RuleGroupMeasure)
		}
		return deny(RuleNotParticipating)
	}
	if m.ResponsiblePartnerID == a.PartnerID && seesGroup {
		return allow(RuleOwnMeasure)
	}
	if !c.Group.ExchangeAuthorised(c.Terms, c.Now) {
		return deny(RuleNoDecision)
	}
	if !c.Group.Participates(a.PartnerID) {
		return deny(RuleNotParticipating)
	}
	if !c.Involved {
		return deny(RuleNotInvolved)
	}
	switch m.Kind {
	case MeasureCriminal:
		if !c.Terms.MaySeeCriminal(a.PartnerKind) {
			return deny(RuleCriminalMeasureNotAllowed)
		}
	case MeasureCare:
		if !c.Terms.MaySeeSpecial(a.PartnerKind) {
			return deny(RuleCareMeasureNotAllowed)
		}
	}
	return allow(RuleShared)
}
