package storage

import (
	"strconv"
	"strings"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Need-to-know (SPEC §3; covenant Art 3.3, 4.3, 5.1, 5.3 and 10) is decided
// by the domain's pure policy (ga.CanSeeGroup, ga.CanSeeItem,
// ga.CanSeeMember, ga.CanSeeMeasure) and enforced here, where the data is
// read: this file builds the SQL conditions that mirror the policy, and
// every query of groups, items, members, persons and measures — get, list,
// count, search, overdue reviews, monitoring, and the exports and meeting
// views built on them — uses them, so that nothing the viewer may not see
// ever leaves the database. The predicates and the policy are tested
// against each other (visibility_test.go).
//
// The conditions are parameterised: each function appends its arguments to
// *args and numbers its placeholders $N after those already there, so that
// it can be combined with any query. The subqueries they contain name their
// tables vis_…, so an expression passed in (such as "m.group_id") never
// refers to a table of the condition by accident; callers must not use
// aliases beginning with vis_.

// Item statuses as stored; they mirror ga.ItemStatus.
const (
	statusBlocked = string(ga.ItemBlocked)
	statusDeleted = string(ga.ItemDeleted)
)

// viewer is who looks at casework in a transaction: the actor with what the
// policy needs to know about it, computed once per transaction from the
// covenant in force.
type viewer struct {
	actor *ga.Actor
	// partnerID is the viewer's partner; empty for the system actor, which
	// is not a partner and sees no content.
	partnerID string
	// content reports ga.CanProcessPersonalData: without it the viewer sees
	// no item and no member at all (admin, auditor).
	content bool
	// coordinator sees every group (not its members: those follow
	// ga.CanSeeMember like anyone else's).
	coordinator bool
	// special and criminal report whether the covenant authorises the
	// viewer's kind of partner to receive special (GDPR Art 9) or criminal
	// (GDPR Art 10) items of other partners.
	special, criminal bool
	// terms and now are the covenant's terms in force and the transaction's
	// time, for the policy functions.
	terms ga.CovenantTerms
	now   time.Time
	// cutoff is ga.RetentionCutoff of the terms at now: a group approach
	// closed at or before it is past retention.
	cutoff time.Time
}

// viewer returns the viewer of the transaction's actor under the covenant
// in force. Without a covenant the viewer sees nothing (and the Art 8 gate
// is closed anyway).
func (tx *Tx) viewer(op string) (*viewer, error) {
	a, err := requireActor(tx, op)
	if err != nil {
		return nil, err
	}
	c, err := tx.covenant(op, false)
	if err != nil {
		return nil, err
	}
	v := &viewer{actor: a, now: tx.Now()}
	if !a.System {
		v.partnerID = a.PartnerID
	}
	if c != nil {
		v.terms = c.Terms
		v.content = !a.System && a.PartnerID != "" && ga.CanProcessPersonalData(a)
		v.coordinator = v.content && a.Has(ga.RoleCoordinator)
		v.special = c.Terms.MaySeeSpecial(a.PartnerKind)
		v.criminal = c.Terms.MaySeeCriminal(a.PartnerKind)
	}
	v.cutoff = ga.RetentionCutoff(v.terms.RetentionAfterClosureMonths, v.now)
	return v, nil
}

// bind appends value to *args and returns its placeholder.
func bind(args *[]any, value any) string {
	*args = append(*args, value)
	return "$" + strconv.Itoa(len(*args))
}

// sqlFalse is a condition that holds for no row, on both databases.
const sqlFalse = "(1 = 0)"

// itemVisible returns the condition under which the viewer may see the row
// of items aliased alias. It mirrors ga.CanSeeItem rule by rule:
//
//   - no role with access to personal data → nothing;
//   - verwijderd and afgeschermd → nothing (the privacy officer's handling
//     of a request about a blocked item is not built yet, so Handling is
//     always false here);
//   - the source partner's own item;
//   - otherwise all of: the group's decision authorises exchange and the
//     approach is not past retention (exchangeAuthorised); the viewer's
//     partner takes part (participates); for an item about a person, the
//     partner is involved with that person in this group (involved); for a
//     special or criminal item, the covenant authorises the partner's kind
//     or the source shared the item with the partner (item_shares).
func itemVisible(v *viewer, alias string, args *[]any) string {
	return itemVisibleIn(v, alias, "", args)
}

// itemVisibleIn is itemVisible for a query that reads the items of one
// group only (the caller's condition alias.group_id = group, group a
// placeholder): the same rules, with the group's conditions — its decision
// and retention, the viewer's participation — and the persons the viewer's
// partner is involved with in it (involvedPersons) written without
// reference to the row, so that the database evaluates them once per query
// instead of once per item. With group empty it is itemVisible.
func itemVisibleIn(v *viewer, alias, group string, args *[]any) string {
	if !v.content {
		return sqlFalse
	}
	p := bind(args, v.partnerID)
	g, person := alias+".group_id", alias+".person_id"
	involvedWith := involved(p, g, person)
	if group != "" {
		g = group
		involvedWith = person + " IN " + involvedPersons(p, group)
	}
	var b strings.Builder
	b.WriteString("(" + alias + ".status NOT IN ('" + statusBlocked + "', '" + statusDeleted + "') AND (")
	b.WriteString(alias + ".source_partner_id = " + p)
	b.WriteString(" OR (" + exchangeAuthorised(v, g, args))
	b.WriteString(" AND " + participates(p, g))
	b.WriteString(" AND (" + person + " IS NULL OR " + involvedWith + ")")
	shared := "EXISTS (SELECT 1 FROM item_shares vis_sh WHERE vis_sh.item_id = " + alias + ".id AND vis_sh.partner_id = " + p + ")"
	if !v.special {
		b.WriteString(" AND (NOT " + alias + ".special OR " + shared + ")")
	}
	if !v.criminal {
		b.WriteString(" AND (NOT " + alias + ".criminal OR " + shared + ")")
	}
	b.WriteString(")))")
	return b.String()
}

// measureVisible returns the condition under which the viewer may see the
// row of measures aliased alias. It mirrors ga.CanSeeMeasure rule by rule:
//
//   - no role with access to personal data → nothing;
//   - the viewer may see the measure's group (groupVisible) and then
//   - a measure aimed at the group: nothing more;
//   - a measure aimed at a person: the viewer's partner is its responsible
//     partner, or all of: the group's decision authorises exchange and the
//     approach is not past retention (exchangeAuthorised); the partner takes
//     part (participates); it is involved with the person in this group
//     (involved: registered, or derived from its items and the measures it
//     carries); a strafrechtelijke maatregel only if the covenant authorises
//     the partner's kind for criminal data, a zorg measure only if it
//     authorises it for special-category data.
func measureVisible(v *viewer, alias string, args *[]any) string {
	if !v.content {
		return sqlFalse
	}
	group, person := alias+".group_id", alias+".person_id"
	var b strings.Builder
	b.WriteString("(" + groupVisible(v, group, args) + " AND (" + person + " IS NULL")
	p := bind(args, v.partnerID)
	b.WriteString(" OR " + alias + ".responsible_partner_id = " + p)
	b.WriteString(" OR (" + exchangeAuthorised(v, group, args) + " AND " + participates(p, group) + " AND " + involved(p, group, person))
	if !v.criminal {
		b.WriteString(" AND " + alias + ".kind <> '" + string(ga.MeasureCriminal) + "'")
	}
	if !v.special {
		b.WriteString(" AND " + alias + ".kind <> '" + string(ga.MeasureCare) + "'")
	}
	b.WriteString(")))")
	return b.String()
}

// memberVisible returns the condition under which the viewer may see that
// the person personExpr is a member of the group groupExpr, with the
// person's identifying data. It mirrors ga.CanSeeMember: no role with
// access to personal data → nothing; the partner that registered the
// person always; another partner only once the driehoek authorised
// exchange for the group (and the approach is not past retention) and while
// it takes part in the approach. No partner other than the source sees any
// personal data of a member before the decision (SPEC §2, step 4).
func memberVisible(v *viewer, groupExpr, personExpr string, args *[]any) string {
	if !v.content {
		return sqlFalse
	}
	p := bind(args, v.partnerID)
	return "(EXISTS (SELECT 1 FROM persons vis_src WHERE vis_src.id = " + personExpr + " AND vis_src.source_partner_id = " + p + ")" +
		" OR (" + exchangeAuthorised(v, groupExpr, args) + " AND " + participates(p, groupExpr) + "))"
}

// personVisible returns the condition under which the viewer may see the
// person personExpr at all: through at least one group of which it is a
// member (need-to-know is judged per group approach).
func personVisible(v *viewer, personExpr string, args *[]any) string {
	if !v.content {
		return sqlFalse
	}
	return "EXISTS (SELECT 1 FROM memberships vis_m WHERE vis_m.person_id = " + personExpr +
		" AND " + memberVisible(v, "vis_m.group_id", "vis_m.person_id", args) + ")"
}

// groupVisible returns the condition under which the viewer may see the
// group groupExpr (its name, area, step and decision — not personal data of
// members): every coordinator, and users of the partners taking part in the
// approach, provided their roles give access to casework at all. Admins and
// auditors see no group.
func groupVisible(v *viewer, groupExpr string, args *[]any) string {
	switch {
	case !v.content:
		return sqlFalse
	case v.coordinator:
		return "(1 = 1)"
	}
	return participates(bind(args, v.partnerID), groupExpr)
}

// exchangeAuthorised is the condition of ga.Group.ExchangeAuthorised for
// the group groupExpr: a recorded decision that the approach starts and
// that personal data may be exchanged, and the approach not closed at or
// before the retention cutoff.
func exchangeAuthorised(v *viewer, groupExpr string, args *[]any) string {
	cutoff := bind(args, v.cutoff)
	return "EXISTS (SELECT 1 FROM groups vis_g WHERE vis_g.id = " + groupExpr +
		" AND vis_g.decided_on <> '' AND vis_g.approach_starts AND vis_g.exchange_authorised" +
		" AND (vis_g.closed_at IS NULL OR vis_g.closed_at > " + cutoff + "))"
}

// participates is the condition that the partner (placeholder or column
// partnerExpr) takes part in the group approach groupExpr.
func participates(partnerExpr, groupExpr string) string {
	return "EXISTS (SELECT 1 FROM group_participants vis_gp WHERE vis_gp.group_id = " + groupExpr + " AND vis_gp.partner_id = " + partnerExpr + ")"
}

// involved is the one definition of "the partner partnerExpr is involved
// with the person personExpr in the group approach groupExpr" (SPEC §3): the
// coordinator registered its involvement with a reason and has not ended it
// (registeredInvolvement), or it is derived (derivedInvolvement). The
// arguments are SQL expressions (columns or placeholders); the function
// binds nothing.
func involved(partnerExpr, groupExpr, personExpr string) string {
	return "(" + registeredInvolvement(partnerExpr, groupExpr, personExpr) + " OR " + derivedInvolvement(partnerExpr, groupExpr, personExpr) + ")"
}

// registeredInvolvement is the condition that the coordinator registered
// the partner's involvement with the person in the group approach and has
// not ended it.
func registeredInvolvement(partnerExpr, groupExpr, personExpr string) string {
	return "EXISTS (SELECT 1 FROM involvements vis_inv WHERE vis_inv.group_id = " + groupExpr + " AND vis_inv.person_id = " + personExpr +
		" AND vis_inv.partner_id = " + partnerExpr + " AND vis_inv.ended_at IS NULL)"
}

// derivedInvolvement is the condition that the partner contributed an item
// about the person in this group approach (in any status but verwijderd) or
// is the responsible partner of a measure for the person in it.
func derivedInvolvement(partnerExpr, groupExpr, personExpr string) string {
	return "(EXISTS (SELECT 1 FROM items vis_own WHERE vis_own.source_partner_id = " + partnerExpr + " AND vis_own.group_id = " + groupExpr +
		" AND vis_own.person_id = " + personExpr + " AND vis_own.status <> '" + statusDeleted + "')" +
		" OR EXISTS (SELECT 1 FROM measures vis_ms WHERE vis_ms.responsible_partner_id = " + partnerExpr + " AND vis_ms.group_id = " + groupExpr +
		" AND vis_ms.person_id = " + personExpr + "))"
}

// involvedPersons is the set of persons the partner partnerExpr is
// involved with in the group approach groupExpr, by the definition of
// involved (registered, or derived from its items and measures), as a
// subquery that refers to no row of the outer query: "person IN
// involvedPersons(p, g)" holds exactly when involved(p, g, person) does.
// The arguments are placeholders; the function binds nothing.
func involvedPersons(partnerExpr, groupExpr string) string {
	return "(SELECT vis_inv.person_id FROM involvements vis_inv WHERE vis_inv.group_id = " + groupExpr +
		" AND vis_inv.partner_id = " + partnerExpr + " AND vis_inv.ended_at IS NULL" +
		" UNION SELECT vis_own.person_id FROM items vis_own WHERE vis_own.source_partner_id = " + partnerExpr +
		" AND vis_own.group_id = " + groupExpr + " AND vis_own.person_id IS NOT NULL AND vis_own.status <> '" + statusDeleted + "'" +
		" UNION SELECT vis_ms.person_id FROM measures vis_ms WHERE vis_ms.responsible_partner_id = " + partnerExpr +
		" AND vis_ms.group_id = " + groupExpr + " AND vis_ms.person_id IS NOT NULL)"
}

// partnerInvolved reports whether the partner is involved with the person
// in the group approach, by the definition of involved. Meetings use it: an
// individual-member meeting can invite only partners involved with the
// members it is about (SPEC §3, §4).
func (tx *Tx) partnerInvolved(op, groupID, personID, partnerID string) (bool, error) {
	var args []any
	p, g, m := bind(&args, partnerID), bind(&args, groupID), bind(&args, personID)
	var ok bool
	if err := tx.QueryRow(`SELECT `+involved(p, g, m), args...).Scan(&ok); err != nil {
		return false, ga.Wrap(op, err)
	}
	return ok, nil
}

// visibleGroup returns the group with its participants and decision, or
// ga.ErrNotFound when it does not exist or the viewer may not see it — the
// same answer in both cases (SPEC §3). With lock it holds the group row
// until the transaction ends (PostgreSQL; SQLite holds its write lock).
func (tx *Tx) visibleGroup(op string, v *viewer, id string, lock bool) (*ga.Group, error) {
	args := []any{id}
	q := `SELECT ` + groupColumns + ` FROM groups g WHERE g.id = $1 AND ` + groupVisible(v, "g.id", &args)
	if lock {
		q += tx.db.Dialect().ForUpdate()
	}
	g, err := scanGroup(tx.QueryRow(q, args...))
	if err != nil {
		return nil, notFound(op, err)
	}
	if err := tx.loadParticipants(op, g); err != nil {
		return nil, err
	}
	return g, nil
}

// requirePartnerActor returns the actor when it is a user acting for a
// partner with a role that gives access to casework, and ga.ErrForbidden
// otherwise. Casework is always done by a partner: the system actor (which
// is not one) and admins and auditors contribute nothing.
func requirePartnerActor(tx *Tx, op string) (*ga.Actor, error) {
	a, err := requireActor(tx, op)
	if err != nil {
		return nil, err
	}
	if a.System || a.PartnerID == "" || !ga.CanProcessPersonalData(a) {
		return nil, ga.ErrForbidden(op)
	}
	return a, nil
}

// processed records one processing-log line named name for each distinct
// pseudonym, in the order given, referring to the register entry version in
// force (dpl.core.processing_activity_id). Empty pseudonyms are skipped.
func (tx *Tx) processed(name, registerEntryID string, pseudonyms ...string) {
	seen := make(map[string]bool, len(pseudonyms))
	for _, ps := range pseudonyms {
		if ps == "" || seen[ps] {
			continue
		}
		seen[ps] = true
		tx.Processed(ga.ProcessingRecord{
			Name:                 name,
			ProcessingActivityID: registerEntryID,
			DataSubjectID:        ps,
			DataSubjectIDType:    dataSubjectIDType,
		})
	}
}

// dataSubjectIDType names the kind of identifier in
// dpl.core.data_subject_id: a random pseudonym given to each person (and
// each legal representative) at creation, never the row id or a name.
const dataSubjectIDType = "pseudoniem"

// newPseudonym returns a fresh random pseudonym for a data subject.
func newPseudonym() string { return randomHex(16) }
