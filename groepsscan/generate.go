package groepsscan

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// GenerateConfig sets up synthetic registrations: planted groups with
// internal ties, loose individuals, noise, typing errors in names and
// several years of dates. The same configuration always yields the same
// registrations.
type GenerateConfig struct {
	// N is the number of registrations.
	N    int
	Seed uint64
	// End is the instant after the last registration; Years how far back
	// the registrations go, or Months when it is set.
	End    time.Time
	Years  int
	Months int
	// GroupShare is the share of registrations that involve a planted group.
	GroupShare float64
	// TypoRate is the share of group involvements whose name is mistyped.
	TypoRate float64
	// IDPrefix starts every registration id ("PL" by default), so that
	// generated sets can be told apart.
	IDPrefix string
}

// DefaultGenerateConfig returns n registrations over three years up to end.
func DefaultGenerateConfig(n int, seed uint64, end time.Time) GenerateConfig {
	return GenerateConfig{N: n, Seed: seed, End: end, Years: 3, GroupShare: 0.35, TypoRate: 0.02}
}

// Planted is a group the generator planted: its members' true keys.
type Planted struct {
	Members []PersonKey
	Area    string
}

// Truth is what the generator planted, for measuring detection.
type Truth struct {
	Groups []Planted
	// Alias maps the key of a mistyped name to the true key.
	Alias map[PersonKey]PersonKey
	// Involvements counts the persons written over all registrations.
	Involvements int
}

// TrueKey returns the true key behind k.
func (t Truth) TrueKey(k PersonKey) PersonKey {
	if a, ok := t.Alias[k]; ok {
		return a
	}
	return k
}

var (
	firstNames = strings.Fields("Mohamed Daan Sem Lucas Levi Finn Milan Noah Luuk Bram Jesse Thijs Ayoub Yassin Adam Ryan Julian Ilias Mees Sven Stijn Liam Kevin Dylan Rayan Emre Mert Burak Kerem Dewayne Jayden Shane Tim Tom Ruben Niels Sander Rick Nina Emma Julia Sara Lotte Yasmina Fleur Chantal Kim Melissa Naomi Priscilla Anouk Sanne Amira Dounia Fatima Iris Lisa Noor")
	surnames   = strings.Fields("Jansen Bakker Visser Smit Meijer Mulder Bos Vos Peters Hendriks Dekker Brouwer Dijkstra Kok Jacobs Vermeulen Willems Hoekstra Koster Prins Huisman Postma Kuipers Kramer Schouten Vink Maas Post Blom Bosman Yilmaz Kaya Demir Celik Sahin ElAmrani Bouzid Tahiri Ouali Benali Martina Rosario Pinas Wijngaarde Sedney Doelwijt Nunes Koç Aydın Öztürk")
	prefixes   = []string{"", "", "", "", "", "van", "de", "van der", "van den", "el"}
	areaNames  = strings.Fields("Centrum Noorderpark Stationskwartier Zuidwijk Oosterhof Westeinde Havenbuurt Molenwijk Kerkbuurt Vogelwijk Bloemenbuurt Industrieterrein")
	spotNames  = []string{"Stationsplein", "winkelcentrum", "speeltuin", "snackbar", "sportveld", "parkeergarage", "bushokje", "schoolplein", "skatebaan", "trapveldje", "supermarkt", "bankje bij de vijver"}
	// incidentCodes are illustrative codes in the style of the police's
	// incident classes, per category.
	incidentCodes = map[Category][]struct{ code, text string }{
		Overlast: {
			{"F31", "overlast door jeugd"}, {"E33", "geluidsoverlast"}, {"F33", "overlast drank en drugs"},
			{"E38", "overlast brommers en scooters"}, {"F30", "ordeverstoring"},
		},
		Criminaliteit: {
			{"B70", "winkeldiefstal"}, {"D10", "vernieling"}, {"E30", "openlijk geweld"},
			{"B72", "straatroof"}, {"F20", "drugshandel"}, {"B11", "inbraak woning"}, {"F65", "bedreiging"},
		},
		Zorg: {
			{"M03", "vermissing minderjarige"}, {"G10", "huiselijke twist"}, {"Z01", "zorgmelding jeugd"},
		},
	}
)

// genGroup is a planted group while generating.
type genGroup struct {
	members []genPerson
	weights []int
	total   int
	area    string
	spots   []string
	crime   float64
	regs    int
}

type genPerson struct {
	name string
	dob  ga.Date
}

// Generate writes cfg.N registrations to emit and returns what it planted.
func Generate(cfg GenerateConfig, emit func(Registration) error) (Truth, error) {
	if cfg.N <= 0 || (cfg.Years <= 0 && cfg.Months <= 0) || cfg.End.IsZero() {
		return Truth{}, fmt.Errorf("groepsscan: generate: invalid configuration")
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))
	start := cfg.End.AddDate(-cfg.Years, 0, 0)
	if cfg.Months > 0 {
		start = cfg.End.AddDate(0, -cfg.Months, 0)
	}
	span := cfg.End.Sub(start)
	used := make(map[PersonKey]bool)
	newPerson := func(minAge, maxAge int) genPerson {
		for {
			name := firstNames[rng.IntN(len(firstNames))] + " "
			if p := prefixes[rng.IntN(len(prefixes))]; p != "" {
				name += p + " "
			}
			name += surnames[rng.IntN(len(surnames))]
			age := minAge + rng.IntN(maxAge-minAge+1)
			dob := cfg.End.AddDate(-age, 0, -rng.IntN(365))
			p := genPerson{name: name, dob: ga.DateOf(dob)}
			k := KeyOf(p.name, p.dob)
			if !used[k] {
				used[k] = true
				return p
			}
		}
	}
	truth := Truth{Alias: make(map[PersonKey]PersonKey)}

	groupRegs := int(float64(cfg.N) * cfg.GroupShare)
	nGroups := max(2, cfg.N/600)
	if groupRegs < nGroups*20 {
		nGroups = max(1, groupRegs/20)
	}
	groups := make([]genGroup, nGroups)
	totalSize := 0
	for i := range groups {
		size := 5 + rng.IntN(36)
		g := &groups[i]
		g.area = areaNames[rng.IntN(len(areaNames))]
		for range 2 + rng.IntN(3) {
			g.spots = append(g.spots, spotNames[rng.IntN(len(spotNames))]+" "+g.area)
		}
		g.crime = 0.05 + rng.Float64()*0.55
		planted := Planted{Area: g.area}
		for j := range size {
			p := newPerson(12, 22)
			g.members = append(g.members, p)
			w := 1
			if j < (size*3+9)/10 {
				w = 4 // the core
			}
			g.weights = append(g.weights, w)
			g.total += w
			planted.Members = append(planted.Members, KeyOf(p.name, p.dob))
		}
		totalSize += size
		truth.Groups = append(truth.Groups, planted)
	}
	// Registrations per group in proportion to its size.
	assigned := 0
	for i := range groups {
		groups[i].regs = groupRegs * len(groups[i].members) / totalSize
		assigned += groups[i].regs
	}
	groups[0].regs += groupRegs - assigned
	loose := make([]genPerson, max(50, cfg.N/3))
	for i := range loose {
		loose[i] = newPerson(12, 40)
	}

	randomTime := func() time.Time {
		t := start.Add(time.Duration(rng.Int64N(int64(span))))
		// Most youth nuisance happens in the evening.
		if rng.IntN(3) > 0 {
			d := t.In(ga.Amsterdam)
			t = time.Date(d.Year(), d.Month(), d.Day(), 18+rng.IntN(6), rng.IntN(60), 0, 0, ga.Amsterdam)
			if !t.Before(cfg.End) {
				t = cfg.End.Add(-time.Minute)
			}
		}
		return t.Truncate(time.Second)
	}
	pickCode := func(cat Category) (string, string) {
		cs := incidentCodes[cat]
		c := cs[rng.IntN(len(cs))]
		return c.code, c.text
	}
	mistype := func(name string) string {
		r := []rune(name)
		i := 1 + rng.IntN(len(r)-2)
		if r[i] == ' ' || r[i+1] == ' ' {
			return string(r[:i]) + string(r[i+1:]) // drop a letter
		}
		r[i], r[i+1] = r[i+1], r[i] // swap two letters
		return string(r)
	}
	involve := func(p genPerson, role Role, maybeTypo bool) Involvement {
		name := p.name
		if maybeTypo && rng.Float64() < cfg.TypoRate {
			name = mistype(name)
			if k, tk := KeyOf(name, p.dob), KeyOf(p.name, p.dob); k != tk {
				truth.Alias[k] = tk
			}
		} else if rng.IntN(100) == 0 {
			// Some systems write the surname first.
			parts := strings.Fields(name)
			name = parts[len(parts)-1] + ", " + strings.Join(parts[:len(parts)-1], " ")
		}
		return Involvement{Role: role, Name: name, DateOfBirth: p.dob}
	}

	gi, left := 0, groups[0].regs
	for i := range cfg.N {
		for gi < len(groups) && left == 0 {
			gi++
			if gi < len(groups) {
				left = groups[gi].regs
			}
		}
		t := randomTime()
		prefix := cfg.IDPrefix
		if prefix == "" {
			prefix = "PL"
		}
		reg := Registration{ID: fmt.Sprintf("%s%d-%08d", prefix, t.In(ga.Amsterdam).Year(), i+1), Time: t}
		// Group and loose registrations are interleaved so that a prefix
		// of the output is a fair sample.
		groupTurn := gi < len(groups) && rng.Float64() < float64(groupRegs)/float64(cfg.N)*1.02
		if !groupTurn && gi < len(groups) && cfg.N-i <= remaining(groups, gi, left) {
			groupTurn = true
		}
		if groupTurn {
			g := &groups[gi]
			left--
			cat := Overlast
			switch x := rng.Float64(); {
			case x < g.crime:
				cat = Criminaliteit
			case x > 0.93:
				cat = Zorg
			}
			reg.Category = cat
			reg.IncidentCode, reg.Description = pickCode(cat)
			reg.Area = g.area
			reg.Location = g.spots[rng.IntN(len(g.spots))]
			k := 2 + rng.IntN(3)
			if cat == Zorg {
				k = 1
			}
			chosen := pickWeighted(rng, g.weights, g.total, min(k, len(g.members)))
			for _, m := range chosen {
				role := Verdachte
				if cat == Overlast && rng.IntN(2) == 0 || cat == Zorg {
					role = Betrokkene
				}
				reg.Persons = append(reg.Persons, involve(g.members[m], role, true))
			}
			if rng.Float64() < 0.3 {
				role := Getuige
				if cat == Criminaliteit {
					role = Slachtoffer
				}
				reg.Persons = append(reg.Persons, involve(loose[rng.IntN(len(loose))], role, false))
			}
			if rng.Float64() < 0.05 {
				reg.Persons = append(reg.Persons, involve(loose[rng.IntN(len(loose))], Betrokkene, false))
			}
			reg.Description += " bij " + reg.Location
		} else {
			cat := []Category{Overlast, Overlast, Criminaliteit, Criminaliteit, Zorg}[rng.IntN(5)]
			reg.Category = cat
			reg.IncidentCode, reg.Description = pickCode(cat)
			reg.Area = areaNames[rng.IntN(len(areaNames))]
			if rng.IntN(4) > 0 {
				reg.Location = spotNames[rng.IntN(len(spotNames))] + " " + reg.Area
			}
			roles := []Role{Verdachte, Betrokkene, Slachtoffer, Getuige}
			k := 1 + rng.IntN(4)
			seen := map[int]bool{}
			for range k {
				j := rng.IntN(len(loose))
				if seen[j] {
					continue
				}
				seen[j] = true
				reg.Persons = append(reg.Persons, involve(loose[j], roles[rng.IntN(len(roles))], false))
			}
		}
		truth.Involvements += len(reg.Persons)
		if err := emit(reg); err != nil {
			return truth, err
		}
	}
	return truth, nil
}

// remaining counts the group registrations still to write.
func remaining(groups []genGroup, gi, left int) int {
	n := left
	for _, g := range groups[gi+1:] {
		n += g.regs
	}
	return n
}

// pickWeighted draws k distinct indices with probability proportional to
// their weight.
func pickWeighted(rng *rand.Rand, weights []int, total, k int) []int {
	var out []int
	taken := make(map[int]bool, k)
	for len(out) < k {
		x := rng.IntN(total)
		for i, w := range weights {
			if x < w {
				if !taken[i] {
					taken[i] = true
					out = append(out, i)
				}
				break
			}
			x -= w
		}
	}
	return out
}
