package groepsaanpak

import (
	"strings"
	"time"
)

// PartnerKind is the kind of organisation that signed the covenant.
type PartnerKind string

// The partner kinds the covenant knows. Gemeente, politie and OM together are
// the driehoek (Art 2 "Driehoekspartners").
const (
	KindGemeente              PartnerKind = "gemeente"
	KindPolitie               PartnerKind = "politie"
	KindOM                    PartnerKind = "om"
	KindJeugdhulp             PartnerKind = "jeugdhulp"
	KindVeiligThuis           PartnerKind = "veilig_thuis"
	KindRaadKinderbescherming PartnerKind = "raad_kinderbescherming"
	KindHalt                  PartnerKind = "halt"
	KindReclassering          PartnerKind = "reclassering"
	KindSchool                PartnerKind = "school"
	KindWoningcorporatie      PartnerKind = "woningcorporatie"
	KindLeerplicht            PartnerKind = "leerplicht"
	KindWijkteam              PartnerKind = "wijkteam"
)

// PartnerKinds lists every known kind in the order forms show them.
var PartnerKinds = []PartnerKind{
	KindGemeente, KindPolitie, KindOM, KindJeugdhulp, KindVeiligThuis,
	KindRaadKinderbescherming, KindHalt, KindReclassering, KindSchool,
	KindWoningcorporatie, KindLeerplicht, KindWijkteam,
}

var partnerKindLabels = map[PartnerKind]string{
	KindGemeente:              "Gemeente",
	KindPolitie:               "Politie",
	KindOM:                    "Openbaar Ministerie",
	KindJeugdhulp:             "Jeugdhulp",
	KindVeiligThuis:           "Veilig Thuis",
	KindRaadKinderbescherming: "Raad voor de Kinderbescherming",
	KindHalt:                  "Halt",
	KindReclassering:          "Reclassering",
	KindSchool:                "School",
	KindWoningcorporatie:      "Woningcorporatie",
	KindLeerplicht:            "Leerplicht",
	KindWijkteam:              "Wijkteam",
}

// Valid reports whether k is a known partner kind.
func (k PartnerKind) Valid() bool { _, ok := partnerKindLabels[k]; return ok }

// Label is the Dutch name of the kind.
func (k PartnerKind) Label() string {
	if l, ok := partnerKindLabels[k]; ok {
		return l
	}
	return string(k)
}

// InDriehoek reports whether the kind is one of the driehoek partners
// (municipality, police, public prosecutor).
func (k PartnerKind) InDriehoek() bool {
	return k == KindGemeente || k == KindPolitie || k == KindOM
}

// Partner is an organisation that signed the covenant. PublicTasks and
// LegalGrounds record the covenant's "Gelet op hun taken"; the complaints
// committee receives complaints about this partner (Art 7.3); the data
// protection officer is the partner's FG.
type Partner struct {
	ID                    string      `json:"id"`
	Name                  string      `json:"naam"`
	Kind                  PartnerKind `json:"soort"`
	PublicTasks           string      `json:"publiekeTaken"`
	LegalGrounds          string      `json:"wettelijkeGrondslagen"`
	ComplaintsCommittee   string      `json:"klachtencommissie"`
	DataProtectionOfficer string      `json:"functionarisGegevensbescherming"`
	CreatedAt             time.Time   `json:"aangemaaktOp"`
}

// InDriehoek reports whether the partner is a driehoek partner.
func (p Partner) InDriehoek() bool { return p.Kind.InDriehoek() }

// Validate checks the partner's fields.
func (p Partner) Validate() error {
	var v Invalid
	if strings.TrimSpace(p.Name) == "" {
		v.Add("naam", "Vul de naam van de partner in.")
	} else if len(p.Name) > 200 {
		v.Add("naam", "De naam is te lang (maximaal 200 tekens).")
	}
	if !p.Kind.Valid() {
		v.Add("soort", "Kies een geldige soort partner.")
	}
	if strings.TrimSpace(p.PublicTasks) == "" {
		v.Add("publiekeTaken", "Beschrijf de publieke taken van de partner.")
	}
	if strings.TrimSpace(p.LegalGrounds) == "" {
		v.Add("wettelijkeGrondslagen", "Vul de wettelijke grondslagen in.")
	}
	if strings.TrimSpace(p.ComplaintsCommittee) == "" {
		v.Add("klachtencommissie", "Vul de klachtencommissie in.")
	}
	if strings.TrimSpace(p.DataProtectionOfficer) == "" {
		v.Add("functionarisGegevensbescherming", "Vul de functionaris gegevensbescherming in.")
	}
	for name, s := range map[string]string{"publiekeTaken": p.PublicTasks, "wettelijkeGrondslagen": p.LegalGrounds, "klachtencommissie": p.ComplaintsCommittee, "functionarisGegevensbescherming": p.DataProtectionOfficer} {
		if len(s) > 4000 {
			v.Add(name, "De tekst is te lang (maximaal 4000 tekens).")
		}
	}
	return v.Err("partner.Validate")
}
