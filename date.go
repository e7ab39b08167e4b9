package groepsaanpak

import (
	"fmt"
	"time"
)

// Amsterdam is the time zone in which the covenant's dates and statutory
// deadlines are counted.
var Amsterdam = mustLoadLocation("Europe/Amsterdam")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(fmt.Sprintf("groepsaanpak: time zone %s unavailable: %v", name, err))
	}
	return loc
}

// Date is a calendar date in ISO 8601 form ("2026-01-31"), counted in
// Europe/Amsterdam. The zero value means "not set". Dates in this form sort
// correctly as strings.
type Date string

// ParseDate validates s as a calendar date.
func ParseDate(s string) (Date, error) {
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return "", fmt.Errorf("ongeldige datum %q, gebruik JJJJ-MM-DD", s)
	}
	return Date(s), nil
}

// DateOf returns the calendar date of t in Europe/Amsterdam.
func DateOf(t time.Time) Date { return Date(t.In(Amsterdam).Format(time.DateOnly)) }

// IsZero reports whether the date is not set.
func (d Date) IsZero() bool { return d == "" }

// Valid reports whether d is a well-formed date.
func (d Date) Valid() bool {
	_, err := time.Parse(time.DateOnly, string(d))
	return err == nil
}

// Start returns the first instant of the date in Europe/Amsterdam.
func (d Date) Start() time.Time {
	t, err := time.ParseInLocation(time.DateOnly, string(d), Amsterdam)
	if err != nil {
		return time.Time{}
	}
	return t
}

// Reached reports whether the date has begun at instant now.
func (d Date) Reached(now time.Time) bool { return d.Valid() && !now.Before(d.Start()) }

// Dutch formats the date as Dutch readers expect ("31-01-2026").
func (d Date) Dutch() string {
	t, err := time.Parse(time.DateOnly, string(d))
	if err != nil {
		return string(d)
	}
	return t.Format("02-01-2006")
}

func (d Date) String() string { return string(d) }
