package groepsaanpak

import "time"

// Retention (GDPR Art 5(1)(e), covenant terms): personal data is kept no
// longer than the covenant's periods after the group approach was closed
// (RetentionAfterClosureMonths) or after a membership ended
// (RetentionAfterMembershipMonths). Storage deletes what is past them,
// daily and on demand, and logs every deletion per data subject. The
// covenant cannot enter into force without both periods (CovenantTerms
// validation and the Art 8 gate), so a period is always set when personal
// data exists.

// RetentionReason says why personal data is past its period.
type RetentionReason string

const (
	// RetentionGroupClosed: the group approach was closed longer ago than
	// the period after closure.
	RetentionGroupClosed RetentionReason = "groepsaanpak_afgesloten"
	// RetentionMembershipEnded: the membership ended longer ago than the
	// period after membership.
	RetentionMembershipEnded RetentionReason = "lidmaatschap_beeindigd"
)

// MembershipPastRetention reports whether a membership that ended on end
// (the last day of membership, in Europe/Amsterdam) is past the period
// after membership at now. A membership that has not ended never is.
func MembershipPastRetention(end Date, terms CovenantTerms, now time.Time) bool {
	if end == "" || terms.RetentionAfterMembershipMonths < 1 {
		return false
	}
	start := end.Start()
	if start.IsZero() {
		return false
	}
	// The membership ends when its last day ends.
	ended := time.Date(start.Year(), start.Month(), start.Day()+1, 0, 0, 0, 0, Amsterdam)
	return !ended.After(RetentionCutoff(terms.RetentionAfterMembershipMonths, now))
}

// RetentionDeletion is the personal data of one person in one group that is
// past its period, and what it holds. Ids and counts only: the report of a
// dry run is printed and logged.
type RetentionDeletion struct {
	Reason       RetentionReason `json:"reden"`
	GroupID      string          `json:"groepId"`
	PersonID     string          `json:"persoonId"`
	Memberships  int             `json:"lidmaatschappen"`
	Items        int             `json:"gegevens"`
	Measures     int             `json:"maatregelen"`
	Agreements   int             `json:"afspraken"`
	Involvements int             `json:"betrokkenheden"`
	Meetings     int             `json:"overleggen"`
}

// RetentionReport is the outcome of a retention run: what was (or, in a
// dry run, would be) deleted.
type RetentionReport struct {
	DryRun    bool                `json:"proefrun"`
	At        time.Time           `json:"tijdstip"`
	Deletions []RetentionDeletion `json:"verwijderingen"`
	// GroupItems and GroupMeetings count the group-level items and the
	// minutes of meetings of closed approaches past their period.
	GroupItems    int `json:"groepsgegevens"`
	GroupMeetings int `json:"groepsoverleggen"`
	// GroupMeasures counts the group measures and group agreements of
	// those approaches whose texts were emptied.
	GroupMeasures int `json:"groepsmaatregelen"`
	// Persons are the persons deleted entirely, having no membership left.
	Persons []string `json:"personen"`
	// Registrations is the retention of the Groepsscan's police
	// registrations (groepsscan.RetentionMonths after they occurred).
	Registrations RegistrationRetention `json:"registraties"`
}

// RegistrationRetention counts what the retention of the Groepsscan's
// police registrations deletes: counts and months only, no personal data.
type RegistrationRetention struct {
	// Cutoff is the instant before which a registration is past its period.
	Cutoff time.Time `json:"grens"`
	// Registrations are the registrations (with their persons) deleted.
	Registrations int `json:"registraties"`
	// Persons are the persons (scan_persons) no longer referenced.
	Persons int `json:"personen"`
	// Scans are the scan runs whose window ended before the cutoff, other
	// than the latest, deleted with their groups, members and uncertain
	// matches.
	Scans int `json:"scans"`
	// SoftInput is the soft input on detected groups no kept scan holds.
	SoftInput int `json:"zachteInformatie"`
	// Months are the registration months (UTC, YYYY-MM) whose key is
	// destroyed: wholly before the cutoff.
	Months []string `json:"maanden"`
}

// Empty reports whether nothing is deleted.
func (r RegistrationRetention) Empty() bool {
	return r.Registrations == 0 && r.Persons == 0 && r.Scans == 0 && r.SoftInput == 0 && len(r.Months) == 0
}
