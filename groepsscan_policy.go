package groepsaanpak

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
