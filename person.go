package groepsaanpak

import (
	"strings"
	"time"
)

// Person is a data subject (betrokkene): a member of one or more groups.
// SourcePartnerID is the partner that registered the person (usually the
// police, who draw up the name list in step 2B).
type Person struct {
	ID              string `json:"id"`
	Name            string `json:"naam"`
	DateOfBirth     Date   `json:"geboortedatum"`
	Address         string `json:"adres"`
	BSN             string `json:"bsn,omitempty"`
	BSNLegalGround  string `json:"bsnGrondslag,omitempty"`
	SourcePartnerID string `json:"bronPartnerId"`
	// Representatives are the legal representatives of a person under 16,
	// who are addressed wherever the person would be (UAVG art 5).
	Representatives []Representative `json:"wettelijkVertegenwoordigers,omitempty"`
	CreatedAt       time.Time        `json:"aangemaaktOp"`
}

// Representative is a legal representative (parent or guardian) of a
// person under 16.
type Representative struct {
	ID           string `json:"id"`
	Name         string `json:"naam"`
	Relationship string `json:"relatie"`
	Address      string `json:"adres"`
}

// AgeOn returns the person's age in whole years on the given date.
func (p Person) AgeOn(t time.Time) int {
	dob := p.DateOfBirth.Start()
	if dob.IsZero() {
		return -1
	}
	t = t.In(Amsterdam)
	age := t.Year() - dob.Year()
	if t.Month() < dob.Month() || t.Month() == dob.Month() && t.Day() < dob.Day() {
		age--
	}
	return age
}

// Under16 reports whether the person is younger than 16 at instant now; the
// legal representatives then exercise the person's rights (UAVG art 5).
func (p Person) Under16(now time.Time) bool { a := p.AgeOn(now); return a >= 0 && a < 16 }

// Validate checks the person's fields at instant now.
func (p Person) Validate(now time.Time) error {
	var v Invalid
	if strings.TrimSpace(p.Name) == "" || len(p.Name) > 200 {
		v.Add("naam", "Vul de naam in (maximaal 200 tekens).")
	}
	if !p.DateOfBirth.Valid() {
		v.Add("geboortedatum", "Vul een geldige geboortedatum in (JJJJ-MM-DD).")
	} else if p.DateOfBirth.Start().After(now) || p.AgeOn(now) > 30 {
		v.Add("geboortedatum", "De geboortedatum ligt in de toekomst of past niet bij een lid van een jeugdgroep.")
	}
	if len(p.Address) > 400 {
		v.Add("adres", "Het adres is te lang.")
	}
	if p.BSN != "" {
		if !ValidBSN(p.BSN) {
			v.Add("bsn", "Het burgerservicenummer is niet geldig (elfproef).")
		}
		if strings.TrimSpace(p.BSNLegalGround) == "" {
			v.Add("bsnGrondslag", "Een BSN mag alleen worden vastgelegd met een wettelijke grondslag; vul die in.")
		}
	}
	for _, r := range p.Representatives {
		if strings.TrimSpace(r.Name) == "" || strings.TrimSpace(r.Relationship) == "" {
			v.Add("wettelijkVertegenwoordigers", "Vul naam en relatie van elke wettelijk vertegenwoordiger in.")
			break
		}
	}
	if p.Under16(now) && len(p.Representatives) == 0 {
		v.Add("wettelijkVertegenwoordigers", "Deze persoon is jonger dan 16: leg ten minste één wettelijk vertegenwoordiger vast.")
	}
	return v.Err("person.Validate")
}

// ValidBSN checks a burgerservicenummer with the eleven test (elfproef).
func ValidBSN(s string) bool {
	if len(s) != 9 {
		return false
	}
	sum := 0
	for i, r := range s {
		if r < '0' || r > '9' {
			return false
		}
		w := 9 - i
		if i == 8 {
			w = -1
		}
		sum += w * int(r-'0')
	}
	return sum%11 == 0 && s != "000000000"
}

// MembershipRole is a person's role in a group.
type MembershipRole string

const (
	RoleCore     MembershipRole = "kern"
	RoleFollower MembershipRole = "meeloper"
	RoleRecruit  MembershipRole = "aanwas"
)

// Valid reports whether r is a known membership role.
func (r MembershipRole) Valid() bool { return r == RoleCore || r == RoleFollower || r == RoleRecruit }

// Membership is a person's membership of a group, with its dates.
type Membership struct {
	ID       string         `json:"id"`
	GroupID  string         `json:"groepId"`
	PersonID string         `json:"persoonId"`
	Role     MembershipRole `json:"rol"`
	Start    Date           `json:"startdatum"`
	End      Date           `json:"einddatum,omitempty"`
}

// Validate checks the membership's fields.
func (m Membership) Validate() error {
	var v Invalid
	if !m.Role.Valid() {
		v.Add("rol", "Kies kern, meeloper of aanwas.")
	}
	if !m.Start.Valid() {
		v.Add("startdatum", "Vul een geldige startdatum in.")
	}
	if !m.End.IsZero() && (!m.End.Valid() || m.End < m.Start) {
		v.Add("einddatum", "De einddatum moet een geldige datum na de startdatum zijn.")
	}
	return v.Err("membership.Validate")
}

// ActiveOn reports whether the membership runs on date d.
func (m Membership) ActiveOn(d Date) bool { return m.Start <= d && (m.End.IsZero() || d <= m.End) }
