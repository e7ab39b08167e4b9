package groepsaanpak

import (
	"strings"
	"time"
)

// ActivityGroepsaanpak is the key of the processing activity under which the
// partners process personal data for the group approach. Other activities
// (handling data subjects' requests, the Groepsscan) get keys of their own.
const ActivityGroepsaanpak = "groepsaanpak"

// RegisterEntry is one version of an entry in the register of processing
// activities (GDPR Art 30), which replaced the covenant's notification to the
// supervisor (Art 8). Each relevant change is a new version with its own ID;
// the processing log refers to the version in force when the data was
// processed (dpl.core.processing_activity_id).
type RegisterEntry struct {
	// ID identifies this version; it never changes once recorded.
	ID string `json:"id"`
	// ActivityKey identifies the activity across its versions.
	ActivityKey      string    `json:"activiteit"`
	Version          int       `json:"versie"`
	Name             string    `json:"naam"`
	Controller       string    `json:"verwerkingsverantwoordelijke"`
	Purpose          string    `json:"doel"`
	LegalBasis       string    `json:"rechtsgrond"`
	DataSubjects     string    `json:"betrokkenen"`
	DataCategories   string    `json:"categorieenPersoonsgegevens"`
	Recipients       string    `json:"ontvangers"`
	Retention        string    `json:"bewaartermijnen"`
	SecurityMeasures string    `json:"beveiligingsmaatregelen"`
	DPIAReference    string    `json:"dpiaKenmerk"`
	DPIADate         Date      `json:"dpiaDatum"`
	RecordedBy       string    `json:"vastgelegdDoor"`
	RecordedAt       time.Time `json:"vastgelegdOp"`
}

// Validate checks that every field GDPR Art 30(1) requires is filled. The
// DPIA reference is optional here; the Art 8 gate requires it.
func (r RegisterEntry) Validate() error {
	var v Invalid
	req := []struct{ name, val, msg string }{
		{"activiteit", r.ActivityKey, "Vul de sleutel van de verwerkingsactiviteit in."},
		{"naam", r.Name, "Vul de naam van de verwerking in."},
		{"verwerkingsverantwoordelijke", r.Controller, "Vul de verwerkingsverantwoordelijke(n) en het contactpunt in."},
		{"doel", r.Purpose, "Vul het doel van de verwerking in."},
		{"rechtsgrond", r.LegalBasis, "Vul de rechtsgrond in."},
		{"betrokkenen", r.DataSubjects, "Beschrijf de categorieën betrokkenen."},
		{"categorieenPersoonsgegevens", r.DataCategories, "Beschrijf de categorieën persoonsgegevens."},
		{"ontvangers", r.Recipients, "Vul de categorieën ontvangers in."},
		{"bewaartermijnen", r.Retention, "Vul de bewaartermijnen in."},
		{"beveiligingsmaatregelen", r.SecurityMeasures, "Beschrijf de technische en organisatorische beveiligingsmaatregelen."},
	}
	for _, f := range req {
		if strings.TrimSpace(f.val) == "" {
			v.Add(f.name, f.msg)
		} else if len(f.val) > 8000 {
			v.Add(f.name, "De tekst is te lang (maximaal 8000 tekens).")
		}
	}
	if r.ActivityKey != "" && !validKey(r.ActivityKey) {
		v.Add("activiteit", "De sleutel mag alleen kleine letters, cijfers en '-' of '_' bevatten.")
	}
	if !r.DPIADate.IsZero() && !r.DPIADate.Valid() {
		v.Add("dpiaDatum", "Vul een geldige datum van de DPIA in.")
	}
	return v.Err("register.Validate")
}

func validKey(s string) bool {
	if len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
