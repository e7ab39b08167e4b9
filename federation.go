package groepsaanpak

import (
	"strings"
)

// FederatedIdentity is a person as a partner's identity provider vouches
// for them after an OpenID Connect login, with the provider's claims
// already mapped to this application's terms by the configuration of that
// provider: the partner the issuer belongs to and the roles its role claim
// grants. Issuer and Subject together identify the person for good; e-mail
// address and name are refreshed at every login.
type FederatedIdentity struct {
	// IssuerID is the configured name of the identity provider, as used in
	// URLs and audit lines.
	IssuerID string
	// Issuer is the provider's issuer identifier (the iss claim).
	Issuer string
	// Subject is the provider's stable identifier of the person (sub).
	Subject   string
	Email     string
	Name      string
	PartnerID string
	Roles     []Role
	// ACR is the authentication context class the provider reports.
	ACR string
	// SecondFactor reports that the configuration accepts ACR as a
	// multi-factor login at the provider, so that no local code is asked.
	SecondFactor bool
}

// Validate checks the identity before an account is created or updated for
// it. The roles must be a valid combination (ValidateRoles); a missing
// e-mail address or name is refused because every account has both.
func (id FederatedIdentity) Validate() error {
	var v Invalid
	if id.Issuer == "" || id.IssuerID == "" {
		v.Add("issuer", "De inlogdienst is onbekend.")
	}
	if id.Subject == "" || len(id.Subject) > 255 {
		v.Add("sub", "De inlogdienst gaf geen geldige identificatie van de gebruiker.")
	}
	if id.PartnerID == "" {
		v.Add("partnerId", "De inlogdienst is niet aan een partner gekoppeld.")
	}
	u := User{Email: NormalizeEmail(id.Email), Name: strings.TrimSpace(id.Name), PartnerID: id.PartnerID, Roles: id.Roles}
	if err := u.Validate(); err != nil {
		for _, d := range err.(*Error).Details {
			if d.Name == "partnerId" {
				continue
			}
			v = append(v, d)
		}
	}
	return v.Err("federation.Validate")
}
