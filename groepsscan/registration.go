// Package groepsscan is the Groepsscan of step 2B (SPEC §2): the police's
// inventory of nuisance, crime and care signals around youth groups and their
// members, made largely automatically from police registrations.
//
// The package is pure: it reads registrations in the documented exchange
// format (docs/registrations.md), matches persons across registrations,
// detects groups in the network of co-involvement, keeps group ids stable
// across re-runs and computes each group's profile. It knows nothing of
// databases, HTTP or who may see the result; storage and the domain's policy
// decide that.
package groepsscan

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Category is the kind of incident a registration records.
type Category string

const (
	// Overlast is nuisance (the police's "overlast" classes).
	Overlast Category = "overlast"
	// Criminaliteit is crime: the registration records an offence.
	Criminaliteit Category = "criminaliteit"
	// Zorg is a care signal: a registration about a person's wellbeing,
	// such as a missing minor or domestic trouble.
	Zorg Category = "zorg"
)

// Categories lists the categories in display order.
var Categories = []Category{Overlast, Criminaliteit, Zorg}

// Valid reports whether c is a known category.
func (c Category) Valid() bool { return c == Overlast || c == Criminaliteit || c == Zorg }

// index is the position of c in Categories, or -1.
func (c Category) index() int {
	switch c {
	case Overlast:
		return 0
	case Criminaliteit:
		return 1
	case Zorg:
		return 2
	}
	return -1
}

// Role is how a person is involved in a registration.
type Role string

const (
	Verdachte   Role = "verdachte"
	Betrokkene  Role = "betrokkene"
	Getuige     Role = "getuige"
	Slachtoffer Role = "slachtoffer"
)

// Roles lists the roles in display order.
var Roles = []Role{Verdachte, Betrokkene, Getuige, Slachtoffer}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	return r == Verdachte || r == Betrokkene || r == Getuige || r == Slachtoffer
}

func (r Role) index() int {
	switch r {
	case Verdachte:
		return 0
	case Betrokkene:
		return 1
	case Getuige:
		return 2
	case Slachtoffer:
		return 3
	}
	return -1
}

// Registration is one police registration (a "mutatie" or incident report)
// as a police system exports it.
type Registration struct {
	ID           string        `json:"registratieId"`
	Time         time.Time     `json:"datumTijd"`
	IncidentCode string        `json:"incidentcode"`
	Category     Category      `json:"categorie"`
	Area         string        `json:"wijk"`
	Location     string        `json:"locatie"`
	Description  string        `json:"omschrijving"`
	Persons      []Involvement `json:"personen"`
}

// Involvement is one person involved in a registration, in a role.
type Involvement struct {
	Role        Role    `json:"rol"`
	Name        string  `json:"naam"`
	DateOfBirth ga.Date `json:"geboortedatum"`
}

// Limits of the exchange format; docs/registrations.md lists them.
const (
	MaxIDLength          = 64
	MaxCodeLength        = 16
	MaxAreaLength        = 100
	MaxLocationLength    = 200
	MaxDescriptionLength = 1000
	MaxNameLength        = 200
	MaxPersons           = 50
)

// earliest is the earliest registration date the format accepts.
var earliest = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// Validate checks a registration against the format and returns every
// reason it is not acceptable, in Dutch, or nil when it is valid.
func (r Registration) Validate() []string {
	var reasons []string
	add := func(s string) { reasons = append(reasons, s) }
	switch {
	case r.ID == "":
		add("registratieId ontbreekt")
	case len(r.ID) > MaxIDLength || !validID(r.ID):
		add("registratieId is ongeldig (maximaal 64 tekens: letters, cijfers en . _ - : /)")
	}
	switch {
	case r.Time.IsZero():
		add("datumTijd ontbreekt")
	case r.Time.Before(earliest) || r.Time.Year() > 2200:
		add("datumTijd ligt buiten het bereik 1990–2200")
	}
	switch {
	case r.IncidentCode == "":
		add("incidentcode ontbreekt")
	case len(r.IncidentCode) > MaxCodeLength || !validID(r.IncidentCode):
		add("incidentcode is ongeldig (maximaal 16 tekens: letters, cijfers en . _ - : /)")
	}
	if !r.Category.Valid() {
		add("categorie moet overlast, criminaliteit of zorg zijn")
	}
	checkText := func(name, s string, max int, required, multiline bool) {
		switch {
		case required && strings.TrimSpace(s) == "":
			add(name + " ontbreekt")
		case utf8.RuneCountInString(s) > max:
			add(name + " is te lang")
		case !validText(s, multiline):
			add(name + " bevat ongeldige tekens")
		}
	}
	checkText("wijk", r.Area, MaxAreaLength, true, false)
	checkText("locatie", r.Location, MaxLocationLength, false, false)
	checkText("omschrijving", r.Description, MaxDescriptionLength, false, true)
	if len(r.Persons) > MaxPersons {
		add("te veel personen (maximaal 50)")
	}
	seen := make(map[string]bool, len(r.Persons))
	for i, p := range r.Persons {
		prefix := "persoon " + strconv.Itoa(i+1) + ": "
		key := KeyOf(p.Name, p.DateOfBirth)
		if !p.Role.Valid() {
			add(prefix + "rol moet verdachte, betrokkene, getuige of slachtoffer zijn")
		}
		switch {
		case strings.TrimSpace(p.Name) == "":
			add(prefix + "naam ontbreekt")
		case utf8.RuneCountInString(p.Name) > MaxNameLength:
			add(prefix + "naam is te lang")
		case !validText(p.Name, false):
			add(prefix + "naam bevat ongeldige tekens")
		case key.Name == "":
			add(prefix + "naam bevat geen letters")
		}
		switch {
		case p.DateOfBirth.IsZero():
			add(prefix + "geboortedatum ontbreekt")
		case !p.DateOfBirth.Valid():
			add(prefix + "geboortedatum is ongeldig (JJJJ-MM-DD)")
		case !r.Time.IsZero() && p.DateOfBirth.Start().After(r.Time):
			add(prefix + "geboortedatum ligt na de registratie")
		}
		if key.Name != "" && p.DateOfBirth.Valid() {
			if seen[key.String()] {
				add(prefix + "dezelfde persoon staat twee keer in de registratie")
			}
			seen[key.String()] = true
		}
	}
	return reasons
}

// validID reports whether s holds only the characters of identifiers and
// codes in the format.
func validID(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '.', c == '_', c == '-', c == ':', c == '/':
		default:
			return false
		}
	}
	return true
}

// validText reports whether s is valid UTF-8 without control characters
// (tabs excepted, and line ends when multiline), so that no text can break
// a page, a CSV export or a log.
func validText(s string, multiline bool) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r == '\t' || multiline && (r == '\n' || r == '\r') {
			continue
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return false
		}
	}
	return true
}
