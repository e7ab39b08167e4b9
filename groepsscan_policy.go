package groepsaanpak

import "time"

// The Groepsscan (step 2B, SPEC §2) is police information: the police's
// inventory from their own registrations and the neighbourhood officer's
// soft input. Only the police see the registrations and the scan; what the
// other partners receive after the driehoek's decision reaches them as
// information items under the Wpg art 20 decision, never as the scan.

// CanUseGroepsscan reports whether the actor may import police
// registrations, run scans, read them and record soft input: a user of a
// police partner whose roles give access to personal data. System actors,
// admins and auditors never may.
func CanUseGroepsscan(a *Actor) bool {
	return a != nil && !a.System && a.PartnerKind == KindPolitie && CanProcessPersonalData(a)
}

// SoftInputKind is the kind of the neighbourhood officer's soft input.
type SoftInputKind string

const (
	SoftObservation SoftInputKind = "observatie"
	SoftHangout     SoftInputKind = "hangplek"
	SoftRemark      SoftInputKind = "opmerking"
)

// Valid reports whether k is a known kind.
func (k SoftInputKind) Valid() bool {
	return k == SoftObservation || k == SoftHangout || k == SoftRemark
}

// MaxSoftInputLength bounds one piece of soft input.
const MaxSoftInputLength = 2000

// ScanAccess is how much of the Groepsscan attached to a casework group an
// actor may see (docs/groepsscan.md, "Who sees the scan when").
type ScanAccess uint8

const (
	// ScanHidden: nothing; the group page does not even say that a scan is
	// attached.
	ScanHidden ScanAccess = iota
	// ScanSummary: the group-level summary only — the scan's date and
	// window, the size of the group, the registrations counted per category
	// and per month, the top incident codes, areas and locations, the
	// behaviour description and the shortlist suggestion with its rule.
	// Never a member's name, date of birth, age or suggested role, the
	// ties, the care signals per member, the soft input, the uncertain
	// matches or a registration.
	ScanSummary
	// ScanFull: the profile as the police see it on the scan's own pages,
	// with the members and the neighbourhood officer's soft input.
	ScanFull
)

// AttachedScanAccess decides what the actor may see of the Groepsscan
// attached to casework group g. Only the police use the scan: a police
// user who may use the Groepsscan (CanUseGroepsscan) and may see the group
// sees all of it, in every step. Before the driehoek's decision no other
// partner sees anything of it (SPEC §2 step 2B: "only the police see the
// scan in this step"). After a decision that authorises the exchange of
// personal data, and while the approach is not past retention, a user of
// a partner taking part in the approach sees the summary: group-level
// counts and the description, which the driehoek decided on, never the
// members' data or the registrations — those reach the partners only as
// information items under the police's Wpg art 20 decision. Admins,
// auditors and system actors never see any of it.
func AttachedScanAccess(a *Actor, g Group, terms CovenantTerms, now time.Time) ScanAccess {
	switch {
	case a == nil || a.System || !CanSeeGroup(a, g):
		return ScanHidden
	case CanUseGroepsscan(a):
		return ScanFull
	case g.ExchangeAuthorised(terms, now) && g.Participates(a.PartnerID):
		return ScanSummary
	}
	return ScanHidden
}
