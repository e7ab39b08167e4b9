package groepsscan

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// MemberRole is the suggested role of a member in the group.
type MemberRole string

const (
	// Kern is a core member: among the most connected of the group.
	Kern MemberRole = "kern"
	// Meeloper is a follower: tied to the group, less connected.
	Meeloper MemberRole = "meeloper"
)

// Classification is the older shortlist method's suggested type of group.
// The current method describes behaviour rather than labelling groups; the
// suggestion is shown as such, with the rule that produced it.
type Classification string

const (
	Hinderlijk     Classification = "hinderlijk"
	Overlastgevend Classification = "overlastgevend"
	Crimineel      Classification = "crimineel"
)

// Profile is a detected group's Groepsscan: who the members are, how they
// are tied and what the registrations say about the group's behaviour.
type Profile struct {
	From    time.Time `json:"van"`
	To      time.Time `json:"tot"`
	Size    int       `json:"omvang"`
	Core    int       `json:"kernleden"`
	AgeMin  int       `json:"leeftijdMin"`
	AgeMax  int       `json:"leeftijdMax"`
	AgeMean float64   `json:"leeftijdGemiddeld"`
	// Registrations counts the registrations in the window in which at
	// least one member is involved, in any role.
	Registrations int `json:"registraties"`
	// Categories counts them per category, in the order of Categories.
	Categories [3]int          `json:"perCategorie"`
	Months     []MonthCount    `json:"perMaand"`
	Codes      []Count         `json:"incidentcodes"`
	Areas      []Count         `json:"wijken"`
	Locations  []Count         `json:"locaties"`
	Members    []MemberProfile `json:"leden"`
	Ties       []Tie           `json:"banden"`
	// CareSignals counts the registrations of category zorg and the
	// involvements as victim of members.
	CareSignals int `json:"zorgsignalen"`
	// Description describes the group's behaviour in Dutch.
	Description string `json:"beschrijving"`
	// Suggested is the shortlist classification and SuggestedBecause the
	// rule that gave it (docs/groepsscan.md).
	Suggested        Classification `json:"shortlistSuggestie"`
	SuggestedBecause string         `json:"shortlistToelichting"`
}

// MonthCount is the number of registrations per category in one month.
type MonthCount struct {
	Month  string `json:"maand"` // "2025-03"
	Counts [3]int `json:"aantallen"`
}

// Count is a value with how often it occurs.
type Count struct {
	Value string `json:"waarde"`
	N     int    `json:"aantal"`
}

// MemberProfile is one member in the group's profile.
type MemberProfile struct {
	Key         PersonKey  `json:"-"`
	Name        string     `json:"naam"`
	DateOfBirth ga.Date    `json:"geboortedatum"`
	Age         int        `json:"leeftijd"`
	Role        MemberRole `json:"rolSuggestie"`
	// Ties is the number of members the person is tied to; Strength the
	// sum of the weights of those ties.
	Ties          int `json:"banden"`
	Strength      int `json:"gewicht"`
	Registrations int `json:"registraties"`
	// Categories counts the member's registrations per category.
	Categories  [3]int `json:"perCategorie"`
	AsSuspect   int    `json:"alsVerdachte"`
	CareSignals int    `json:"zorgsignalen"`
}

// TopN is how many codes, areas and locations a profile lists.
const TopN = 5

// profile computes the profile of one detected group.
func profile(d *Dataset, members []int32, o Options) Profile {
	p := Profile{From: o.From, To: o.To, Size: len(members)}
	isMember := make(map[int32]int, len(members)) // dataset person → position in members
	for i, m := range members {
		isMember[m] = i
	}
	mp := make([]MemberProfile, len(members))
	ref := o.To
	ages := 0
	p.AgeMin, p.AgeMax = math.MaxInt, -1
	for i, m := range members {
		k := d.persons[m]
		age := ga.Person{DateOfBirth: k.DateOfBirth}.AgeOn(ref)
		mp[i] = MemberProfile{Key: k, Name: d.names[m], DateOfBirth: k.DateOfBirth, Age: age}
		ages += age
		p.AgeMin, p.AgeMax = min(p.AgeMin, age), max(p.AgeMax, age)
	}
	if len(members) > 0 {
		p.AgeMean = math.Round(float64(ages)/float64(len(members))*10) / 10
	}
	// The group's registrations: every registration in the window that
	// involves a member, each counted once.
	seen := make(map[int32]bool)
	mask := o.roleMask()
	ties := make(map[[2]int]int) // positions in members, lower first
	var tied []int
	months := make(map[int32]*[3]int)
	codes, areas, locations := map[int32]int{}, map[int32]int{}, map[int32]int{}
	for i, m := range members {
		for _, ri := range d.registrationsOf(m) {
			r := d.regs[ri]
			if !o.inWindow(r.unix) {
				continue
			}
			mp[i].Registrations++
			mp[i].Categories[r.category]++
			if Categories[r.category] == Zorg {
				mp[i].CareSignals++
			}
			for _, in := range d.involvements(r) {
				if in.person != m {
					continue
				}
				switch in.role {
				case uint8(Verdachte.index()):
					mp[i].AsSuspect++
				case uint8(Slachtoffer.index()):
					if Categories[r.category] != Zorg {
						mp[i].CareSignals++
					}
				}
			}
			if seen[ri] {
				continue
			}
			seen[ri] = true
			tied = tied[:0]
			for _, in := range d.involvements(r) {
				if j, ok := isMember[in.person]; ok && mask&(1<<in.role) != 0 && !slices.Contains(tied, j) {
					tied = append(tied, j)
				}
			}
			for x := 0; x < len(tied); x++ {
				for y := x + 1; y < len(tied); y++ {
					ties[[2]int{min(tied[x], tied[y]), max(tied[x], tied[y])}]++
				}
			}
			p.Registrations++
			p.Categories[r.category]++
			if months[r.monthsIdx] == nil {
				months[r.monthsIdx] = new([3]int)
			}
			months[r.monthsIdx][r.category]++
			codes[r.code]++
			areas[r.area]++
			if d.locations.vals[r.location] != "" {
				locations[r.location]++
			}
		}
	}
	for _, m := range mp {
		p.CareSignals += m.CareSignals
	}
	for pair, w := range ties {
		a, b := &mp[pair[0]], &mp[pair[1]]
		a.Ties++
		b.Ties++
		a.Strength += w
		b.Strength += w
		p.Ties = append(p.Ties, Tie{A: a.Key, B: b.Key, Weight: w})
	}
	// Every month of the window, also the quiet ones, so that a chart shows
	// the gaps.
	fromM := monthIndex(o.From)
	toM := monthIndex(o.To.Add(-time.Second))
	for m := fromM; m <= toM; m++ {
		mc := MonthCount{Month: monthKey(m)}
		if c := months[m]; c != nil {
			mc.Counts = *c
		}
		p.Months = append(p.Months, mc)
	}
	p.Codes = top(codes, d.codes.vals)
	p.Areas = top(areas, d.areas.vals)
	p.Locations = top(locations, d.locations.vals)
	// The most connected members are the core: a strength of at least half
	// the group's highest.
	best := 0
	for _, m := range mp {
		best = max(best, m.Strength)
	}
	for i := range mp {
		mp[i].Role = Meeloper
		if 2*mp[i].Strength >= best {
			mp[i].Role = Kern
			p.Core++
		}
	}
	slices.SortFunc(mp, func(a, b MemberProfile) int {
		if a.Role != b.Role {
			if a.Role == Kern {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(b.Strength, a.Strength); c != 0 {
			return c
		}
		return compareKeys(a.Key, b.Key)
	})
	p.Members = mp
	slices.SortFunc(p.Ties, func(a, b Tie) int {
		if c := cmp.Compare(b.Weight, a.Weight); c != 0 {
			return c
		}
		if c := compareKeys(a.A, b.A); c != 0 {
			return c
		}
		return compareKeys(a.B, b.B)
	})
	if p.AgeMax < 0 {
		p.AgeMin, p.AgeMax = 0, 0
	}
	p.Suggested, p.SuggestedBecause = classify(p)
	p.Description = describe(p)
	return p
}

func monthIndex(t time.Time) int32 {
	t = t.In(ga.Amsterdam)
	return int32(t.Year()*12 + int(t.Month()) - 1)
}

func top(counts map[int32]int, vals []string) []Count {
	out := make([]Count, 0, len(counts))
	for k, n := range counts {
		out = append(out, Count{Value: vals[k], N: n})
	}
	slices.SortFunc(out, func(a, b Count) int {
		if c := cmp.Compare(b.N, a.N); c != 0 {
			return c
		}
		return cmp.Compare(a.Value, b.Value)
	})
	if len(out) > TopN {
		out = out[:TopN]
	}
	return out
}

// perYear scales a count over the window to a rate per twelve months.
func perYear(n int, from, to time.Time) float64 {
	months := to.Sub(from).Hours() / 24 / 30.44
	if months < 1 {
		months = 1
	}
	return float64(n) * 12 / months
}

// classify applies the shortlist rules of docs/groepsscan.md to the rates
// of registrations per twelve months:
//
//   - crimineel: at least 10 crime registrations per year, and crime at
//     least 40% of the nuisance and crime registrations;
//   - overlastgevend: otherwise, at least 10 nuisance and crime
//     registrations per year together, or at least 3 crime registrations
//     per year;
//   - hinderlijk: otherwise.
func classify(p Profile) (Classification, string) {
	over := perYear(p.Categories[0], p.From, p.To)
	crime := perYear(p.Categories[1], p.From, p.To)
	share := 0.0
	if over+crime > 0 {
		share = crime / (over + crime)
	}
	facts := fmt.Sprintf("%.1f overlast- en %.1f criminaliteitsregistraties per jaar, criminaliteit %.0f%%", over, crime, share*100)
	switch {
	case crime >= 10 && share >= 0.4:
		return Crimineel, facts + ": ten minste 10 criminaliteitsregistraties per jaar en ten minste 40% criminaliteit"
	case over+crime >= 10 || crime >= 3:
		return Overlastgevend, facts + ": ten minste 10 overlast- en criminaliteitsregistraties per jaar samen, of ten minste 3 criminaliteitsregistraties per jaar"
	}
	return Hinderlijk, facts + ": minder dan 10 overlast- en criminaliteitsregistraties en minder dan 3 criminaliteitsregistraties per jaar"
}

// describe writes the behaviour description: facts from the registrations,
// no judgement.
func describe(p Profile) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Groep van %d personen (%d kernleden), %d tot en met %d jaar oud (gemiddeld %.1f). ",
		p.Size, p.Core, p.AgeMin, p.AgeMax, p.AgeMean)
	fmt.Fprintf(&b, "Van %s tot %s bij %d registraties betrokken: %d overlast, %d criminaliteit, %d zorg.",
		ga.DateOf(p.From).Dutch(), ga.DateOf(p.To).Dutch(), p.Registrations, p.Categories[0], p.Categories[1], p.Categories[2])
	if len(p.Codes) > 0 {
		parts := make([]string, len(p.Codes))
		for i, c := range p.Codes {
			parts[i] = fmt.Sprintf("%s (%d×)", c.Value, c.N)
		}
		fmt.Fprintf(&b, " Meest geregistreerd: %s.", strings.Join(parts, ", "))
	}
	if len(p.Areas) > 0 {
		fmt.Fprintf(&b, " Vooral in wijk %s (%d van de %d registraties)", p.Areas[0].Value, p.Areas[0].N, p.Registrations)
		if len(p.Locations) > 0 {
			fmt.Fprintf(&b, ", vaak bij %s (%d×)", p.Locations[0].Value, p.Locations[0].N)
		}
		b.WriteString(".")
	}
	peak := -1
	for i, m := range p.Months {
		if peak < 0 || m.Counts[0]+m.Counts[1]+m.Counts[2] > sum3(p.Months[peak].Counts) {
			peak = i
		}
	}
	if peak >= 0 && sum3(p.Months[peak].Counts) > 0 {
		fmt.Fprintf(&b, " Drukste maand: %s (%d registraties).", p.Months[peak].Month, sum3(p.Months[peak].Counts))
	}
	if p.CareSignals > 0 {
		fmt.Fprintf(&b, " %d zorgsignalen bij de leden.", p.CareSignals)
	}
	return b.String()
}

func sum3(c [3]int) int { return c[0] + c[1] + c[2] }
