package federation

import (
	"slices"
	"strings"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Map turns the verified claims of an ID token into the identity the
// storage logs in: the configured partner, the roles the role claim's
// values map to, the e-mail address and name, and whether the acr claim
// counts as a second factor. A person whose role claim maps to no role is
// refused with ReasonUnmapped; missing or unusable identity claims with
// ReasonClaims. Map only reads claims; it never panics on any JSON value.
func (is *Issuer) Map(claims map[string]any) (*ga.FederatedIdentity, error) {
	iss, _ := claims["iss"].(string)
	sub, _ := claims["sub"].(string)
	id := &ga.FederatedIdentity{
		IssuerID:  is.ID,
		Issuer:    iss,
		Subject:   sub,
		PartnerID: is.PartnerID,
	}
	if sub == "" || len(sub) > 255 {
		return nil, refuse(ReasonClaims, "sub ontbreekt of is te lang", nil)
	}
	if acr, ok := claims["acr"].(string); ok {
		id.ACR = acr
		id.SecondFactor = acr != "" && slices.Contains(is.SecondFactorACR, acr)
	}
	email, _ := claims[is.EmailClaim].(string)
	id.Email = ga.NormalizeEmail(email)
	if verified, ok := claims["email_verified"].(bool); ok && !verified && is.EmailClaim == "email" {
		return nil, refuse(ReasonClaims, "e-mailadres niet geverifieerd bij de inlogdienst; sub="+clip(sub), nil)
	}
	name, _ := claims[is.NameClaim].(string)
	if strings.TrimSpace(name) == "" {
		given, _ := claims["given_name"].(string)
		family, _ := claims["family_name"].(string)
		name = strings.TrimSpace(given + " " + family)
	}
	id.Name = strings.TrimSpace(name)

	id.Roles = is.mapRoles(claims[is.RoleClaim])
	if len(id.Roles) == 0 {
		return nil, refuse(ReasonUnmapped, "geen rol gekoppeld aan de claim "+is.RoleClaim+"; sub="+clip(sub), nil)
	}
	if err := id.Validate(); err != nil {
		var fields []string
		if e, ok := err.(*ga.Error); ok {
			for _, d := range e.Details {
				fields = append(fields, d.Name)
			}
		}
		reason := ReasonClaims
		if slices.Contains(fields, "rollen") {
			reason = ReasonUnmapped
		}
		return nil, refuse(reason, "claims onbruikbaar ("+strings.Join(fields, ",")+"); sub="+clip(sub), err)
	}
	return id, nil
}

// mapRoles maps the values of the role claim. The claim may be an array of
// strings, or one string: a value that is mapped as it stands is taken
// whole; otherwise the string is read as a space-separated list, as OAuth
// scopes are. Values that are not mapped are ignored. The roles come back
// in the application's order, each once.
func (is *Issuer) mapRoles(v any) []ga.Role {
	var values []string
	switch v := v.(type) {
	case string:
		if _, ok := is.Roles[v]; ok {
			values = []string{v}
		} else {
			values = strings.Fields(v)
		}
	case []any:
		for _, e := range v {
			if s, ok := e.(string); ok {
				values = append(values, s)
			}
		}
	}
	var roles []ga.Role
	for _, s := range values {
		if r, ok := is.Roles[s]; ok && !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
	}
	slices.SortFunc(roles, func(a, b ga.Role) int {
		return slices.Index(ga.Roles, a) - slices.Index(ga.Roles, b)
	})
	return roles
}

// clip shortens a value from the provider for an audit line.
func clip(s string) string {
	const max = 80
	r := []rune(strings.ToValidUTF8(s, "?"))
	if len(r) <= max {
		return string(r)
	}
	return string(r[:max]) + "…"
}
