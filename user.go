package groepsaanpak

import (
	"net/mail"
	"slices"
	"strings"
	"time"
)

// Role is what a user may do (SPEC §1). A user holds one or more roles.
type Role string

const (
	// RoleCoordinator is the uitvoeringscoördinator of Art 4.2: runs group
	// approaches, organises meetings and handles requests and complaints on
	// behalf of the controller.
	RoleCoordinator Role = "coordinator"
	// RoleDriehoek takes triangle decisions and adopts plans.
	RoleDriehoek Role = "driehoek"
	// RoleProfessional contributes information from the user's own partner.
	RoleProfessional Role = "professional"
	// RolePrivacyOfficer handles requests, complaints and incidents.
	RolePrivacyOfficer Role = "privacy_officer"
	// RoleAuditor reads the processing log's metadata, never content.
	RoleAuditor Role = "auditor"
	// RoleAdmin manages partners, users and settings and never sees personal
	// data.
	RoleAdmin Role = "admin"
)

// Roles lists every role in display order.
var Roles = []Role{RoleCoordinator, RoleDriehoek, RoleProfessional, RolePrivacyOfficer, RoleAuditor, RoleAdmin}

var roleLabels = map[Role]string{
	RoleCoordinator:    "Uitvoeringscoördinator",
	RoleDriehoek:       "Driehoek",
	RoleProfessional:   "Professional",
	RolePrivacyOfficer: "Privacyfunctionaris",
	RoleAuditor:        "Auditor",
	RoleAdmin:          "Beheerder",
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { _, ok := roleLabels[r]; return ok }

// Label is the Dutch name of the role.
func (r Role) Label() string {
	if l, ok := roleLabels[r]; ok {
		return l
	}
	return string(r)
}

// ContentRole reports whether the role can give access to personal data.
// The admin and auditor roles never do (SPEC §3).
func (r Role) ContentRole() bool { return r != RoleAdmin && r != RoleAuditor && r.Valid() }

// ValidateRoles checks a set of roles. Admin and auditor are kept apart from
// the roles that see personal data, so that "admin never sees personal data"
// holds by construction rather than by every screen remembering it.
func ValidateRoles(roles []Role) error {
	var v Invalid
	if len(roles) == 0 {
		v.Add("rollen", "Kies ten minste één rol.")
	}
	content, oversight := false, false
	for _, r := range roles {
		if !r.Valid() {
			v.Add("rollen", "Onbekende rol: "+string(r)+".")
			continue
		}
		if r.ContentRole() {
			content = true
		} else {
			oversight = true
		}
	}
	if content && oversight {
		v.Add("rollen", "De rollen beheerder en auditor kunnen niet worden gecombineerd met rollen die persoonsgegevens zien.")
	}
	return v.Err("roles.Validate")
}

// User is a professional who works for exactly one partner.
type User struct {
	ID        string    `json:"id"`
	PartnerID string    `json:"partnerId"`
	Email     string    `json:"email"`
	Name      string    `json:"naam"`
	Roles     []Role    `json:"rollen"`
	Active    bool      `json:"actief"`
	CreatedAt time.Time `json:"aangemaaktOp"`
	// TOTPEnrolled reports whether the second factor is set up; a user
	// without it must enrol at the next login.
	TOTPEnrolled bool `json:"tweedeFactorIngesteld"`
	// LockedUntil is set while the account is locked after failed logins.
	LockedUntil *time.Time `json:"geblokkeerdTot,omitempty"`
}

// HasRole reports whether the user holds the role.
func (u User) HasRole(r Role) bool { return slices.Contains(u.Roles, r) }

// NormalizeEmail lower-cases and trims an e-mail address, the form in which
// it is stored and looked up.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Validate checks the user's fields.
func (u User) Validate() error {
	var v Invalid
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email || u.Email != NormalizeEmail(u.Email) || len(u.Email) > 254 {
		v.Add("email", "Vul een geldig e-mailadres in (kleine letters).")
	}
	if strings.TrimSpace(u.Name) == "" || len(u.Name) > 200 {
		v.Add("naam", "Vul de naam van de gebruiker in (maximaal 200 tekens).")
	}
	if u.PartnerID == "" {
		v.Add("partnerId", "Kies de partner waarvoor de gebruiker werkt.")
	}
	if err := ValidateRoles(u.Roles); err != nil {
		v = append(v, err.(*Error).Details...)
	}
	return v.Err("user.Validate")
}

// Actor is who is acting: a logged-in user (through a session or an API
// token) or the system itself. It carries what the policy needs to decide.
type Actor struct {
	UserID      string
	Email       string
	Name        string
	PartnerID   string
	PartnerKind PartnerKind
	Roles       []Role
	// TokenID is set when the actor authenticated with an API token.
	TokenID string
	// Origin is the network address the request came from (BIO 8.15).
	Origin string
	// DeclaredVersion is the covenant version for which the user accepted the
	// confidentiality duty of Art 5.1; zero if never.
	DeclaredVersion int
	// System marks actions the application takes itself (demo load,
	// migrations, scheduled jobs); it is never set for a request.
	System bool
}

// SystemActor is the actor for actions the application takes itself.
func SystemActor(origin string) *Actor { return &Actor{System: true, Origin: origin} }

// Has reports whether the actor holds the role.
func (a *Actor) Has(r Role) bool { return a != nil && slices.Contains(a.Roles, r) }

// HasAny reports whether the actor holds any of the roles.
func (a *Actor) HasAny(roles ...Role) bool {
	for _, r := range roles {
		if a.Has(r) {
			return true
		}
	}
	return false
}
