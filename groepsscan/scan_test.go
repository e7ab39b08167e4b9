package groepsscan_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/groepsscan"
)

func TestNormalizeName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Piet Jansen", "jansen piet"},
		{"  piet   JANSEN ", "jansen piet"},
		{"Jansen, Piet", "jansen piet"},
		{"Özlem Yılmaz-Çelik", "celik ozlem yılmaz"},
		{"Sanne van der Berg", "berg der sanne van"},
		{"Ĳsbrand de Vries", "de ijsbrand vries"},
		{"...", ""},
	} {
		if got := groepsscan.NormalizeName(tc.in); got != tc.want {
			t.Errorf("NormalizeName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestUncertain(t *testing.T) {
	k := func(name, dob string) groepsscan.PersonKey { return groepsscan.KeyOf(name, ga.Date(dob)) }
	for _, tc := range []struct {
		name string
		a, b groepsscan.PersonKey
		want bool
	}{
		{"same key is a match, not uncertain", k("Piet Jansen", "2008-05-01"), k("Jansen, Piet", "2008-05-01"), false},
		{"one letter swapped in a short name", k("Tim Bos", "2008-05-01"), k("Tim Bso", "2008-05-01"), false},
		{"one letter dropped", k("Piet Jansen", "2008-05-01"), k("Piet Janen", "2008-05-01"), true},
		{"two letters off in a long name", k("Mohamed El Amrani", "2008-05-01"), k("Mohammed El Amranie", "2008-05-01"), true},
		{"same date, different person", k("Piet Jansen", "2008-05-01"), k("Emre Yilmaz", "2008-05-01"), false},
		{"missing middle word", k("Piet Jansen", "2008-05-01"), k("Piet van Jansen", "2008-05-01"), true},
		{"one digit in the date", k("Piet Jansen", "2008-05-01"), k("Piet Jansen", "2008-05-07"), true},
		{"day and month exchanged", k("Piet Jansen", "2008-05-01"), k("Piet Jansen", "2008-01-05"), true},
		{"namesake born years apart", k("Piet Jansen", "2008-05-01"), k("Piet Jansen", "1995-11-21"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reason, got := groepsscan.Uncertain(tc.a, tc.b)
			if got != tc.want || got && reason == "" {
				t.Errorf("Uncertain = %v (%q), want %v", got, reason, tc.want)
			}
		})
	}
}

// builder makes registrations for hand-made networks.
type builder struct {
	d   *groepsscan.Dataset
	pfx string
	n   int
	at  time.Time
	dob map[string]ga.Date
}

func newBuilder() *builder {
	return &builder{d: groepsscan.NewDataset(), at: time.Date(2026, 1, 10, 20, 0, 0, 0, time.UTC), dob: map[string]ga.Date{}}
}

// together registers the named persons together, times times, as suspects.
func (b *builder) together(times int, cat groepsscan.Category, names ...string) {
	for range times {
		b.n++
		r := groepsscan.Registration{ID: fmt.Sprintf("R%s%d", b.pfx, b.n), Time: b.at.Add(time.Duration(b.n) * time.Hour),
			IncidentCode: "F31", Category: cat, Area: "Noorderpark", Location: "speeltuin"}
		for _, n := range names {
			dob, ok := b.dob[n]
			if !ok {
				dob = ga.Date(fmt.Sprintf("2008-01-%02d", len(b.dob)%28+1))
				b.dob[n] = dob
			}
			r.Persons = append(r.Persons, groepsscan.Involvement{Role: groepsscan.Verdachte, Name: n, DateOfBirth: dob})
		}
		if rs := r.Validate(); len(rs) > 0 {
			panic(fmt.Sprint(rs))
		}
		b.d.Add(r)
	}
}

func names(prefix string, n int) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("%s Lid%c", prefix, 'A'+i))
	}
	return out
}

func memberNames(g groepsscan.Group) []string {
	var out []string
	for _, m := range g.Profile.Members {
		out = append(out, m.Name)
	}
	slices.Sort(out)
	return out
}

var scanNow = time.Date(2026, 6, 1, 0, 0, 0, 0, ga.Amsterdam)

// TestCommunitiesSplitLargeParts: two dense groups joined by one strong
// bridge are one connected part; when it is larger than the maximum,
// community detection separates them again.
func TestCommunitiesSplitLargeParts(t *testing.T) {
	b := newBuilder()
	north, south := names("Noord", 6), names("Zuid", 6)
	for _, g := range [][]string{north, south} {
		for i := range g {
			for j := i + 1; j < len(g); j++ {
				b.together(3, groepsscan.Overlast, g[i], g[j])
			}
		}
	}
	b.together(2, groepsscan.Criminaliteit, north[0], south[0])
	o := groepsscan.DefaultOptions(scanNow)
	for _, tc := range []struct {
		max    int
		groups int
	}{{50, 1}, {10, 2}} {
		t.Run(fmt.Sprintf("max %d", tc.max), func(t *testing.T) {
			o.MaxGroupSize = tc.max
			res, err := groepsscan.Scan(b.d, o, nil, counter())
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Groups) != tc.groups {
				t.Fatalf("%d groups, want %d", len(res.Groups), tc.groups)
			}
			if tc.groups == 2 {
				got := [][]string{memberNames(res.Groups[0]), memberNames(res.Groups[1])}
				slices.SortFunc(got, slices.Compare)
				want := [][]string{slices.Sorted(slices.Values(north)), slices.Sorted(slices.Values(south))}
				if !slices.EqualFunc(got, want, slices.Equal) {
					t.Errorf("groups %v, want %v", got, want)
				}
				if !res.Groups[0].Split {
					t.Error("group not marked as split off")
				}
			}
		})
	}
}

// TestTiesNeedSharedRegistrations: one shared registration is no tie; a
// trio below the minimum size is no group; witnesses are not tied.
func TestTiesNeedSharedRegistrations(t *testing.T) {
	b := newBuilder()
	b.together(1, groepsscan.Overlast, "Ana Een", "Bas Twee", "Cor Drie", "Dirk Vier")
	b.together(5, groepsscan.Overlast, "Eva Vijf", "Fred Zes")
	res, err := groepsscan.Scan(b.d, groepsscan.DefaultOptions(scanNow), nil, counter())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Groups) != 0 {
		t.Errorf("groups %v, want none", res.Groups)
	}
	o := groepsscan.DefaultOptions(scanNow)
	o.MinTieWeight = 1
	res, _ = groepsscan.Scan(b.d, o, nil, counter())
	if len(res.Groups) != 1 || len(res.Groups[0].Members) != 4 {
		t.Errorf("with one shared registration as a tie: %d groups, want the four", len(res.Groups))
	}
	o.From = scanNow.Add(-time.Hour)
	res, _ = groepsscan.Scan(b.d, o, nil, counter())
	if len(res.Groups) != 0 {
		t.Errorf("registrations outside the window still form %d groups", len(res.Groups))
	}
}

// TestStableIDs: a re-scan after new registrations keeps the ids of the
// groups it recognises and gives a new group a new id.
func TestStableIDs(t *testing.T) {
	d, _ := generated(t, 8000, 11)
	o := groepsscan.DefaultOptions(genEnd.AddDate(0, -1, 0))
	first, err := groepsscan.Scan(d, o, nil, counter())
	if err != nil {
		t.Fatal(err)
	}
	var prev []groepsscan.PreviousGroup
	for _, g := range first.Groups {
		prev = append(prev, groepsscan.PreviousGroup{ID: g.ID, Members: g.Members})
	}
	// A month later, with a new group of five.
	b := &builder{d: d, pfx: "x", at: genEnd.AddDate(0, 0, -20), dob: map[string]ga.Date{}}
	fresh := names("Nieuw", 5)
	for i := range fresh {
		b.together(3, groepsscan.Overlast, fresh[i], fresh[(i+1)%5])
	}
	second, err := groepsscan.Scan(d, groepsscan.DefaultOptions(genEnd), prev, func() string { return "nieuw" })
	if err != nil {
		t.Fatal(err)
	}
	kept := 0
	for _, g := range second.Groups {
		if g.ID == "nieuw" {
			if got := memberNames(g); !slices.Equal(got, slices.Sorted(slices.Values(fresh))) {
				t.Errorf("new group %v, want %v", got, fresh)
			}
			continue
		}
		kept++
		if g.PreviousJaccard < o.MinJaccard {
			t.Errorf("group %s kept its id at overlap %.2f", g.ID, g.PreviousJaccard)
		}
	}
	if kept != len(first.Groups) || len(second.Groups) != len(first.Groups)+1 {
		t.Errorf("%d of %d groups kept their id; %d groups now", kept, len(first.Groups), len(second.Groups))
	}
}

func TestAssignIDsOneToOne(t *testing.T) {
	k := func(s string) groepsscan.PersonKey { return groepsscan.PersonKey{Name: s, DateOfBirth: "2008-01-01"} }
	keys := func(s string) []groepsscan.PersonKey {
		var out []groepsscan.PersonKey
		for _, f := range strings.Fields(s) {
			out = append(out, k(f))
		}
		return out
	}
	prev := []groepsscan.PreviousGroup{{ID: "oud", Members: keys("a b c d e f")}}
	// The old group split in two halves: only the larger overlap keeps the id.
	groups := []groepsscan.Group{{Members: keys("a b")}, {Members: keys("c d e f")}}
	groepsscan.AssignIDs(groups, prev, 0.3, counter())
	if groups[0].ID != "groep-1" || groups[1].ID != "oud" {
		t.Errorf("ids %q %q, want the larger half to keep the old id", groups[0].ID, groups[1].ID)
	}
	groups = []groepsscan.Group{{Members: keys("a x y z")}}
	groepsscan.AssignIDs(groups, prev, 0.4, counter())
	if groups[0].ID == "oud" {
		t.Error("a group sharing one member of six kept the id")
	}
}

// TestProfile checks the profile of a hand-made group.
func TestProfile(t *testing.T) {
	b := newBuilder()
	core := []string{"Ana Een", "Bas Twee", "Cor Drie"}
	b.together(6, groepsscan.Criminaliteit, core...)
	b.together(4, groepsscan.Overlast, core...)
	b.together(2, groepsscan.Overlast, "Cor Drie", "Dirk Vier")
	b.together(1, groepsscan.Zorg, "Dirk Vier")
	res, err := groepsscan.Scan(b.d, groepsscan.DefaultOptions(scanNow), nil, counter())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Groups) != 1 {
		t.Fatalf("%d groups", len(res.Groups))
	}
	p := res.Groups[0].Profile
	if p.Size != 4 || p.Core != 3 || p.Registrations != 13 || p.Categories != [3]int{6, 6, 1} {
		t.Errorf("size %d core %d registrations %d categories %v", p.Size, p.Core, p.Registrations, p.Categories)
	}
	roles := map[string]groepsscan.MemberRole{}
	for _, m := range p.Members {
		roles[m.Name] = m.Role
	}
	if roles["Dirk Vier"] != groepsscan.Meeloper || roles["Ana Een"] != groepsscan.Kern {
		t.Errorf("roles %v", roles)
	}
	if len(p.Months) != 24 || p.Months[len(p.Months)-1].Month != "2026-05" {
		t.Errorf("months %d, last %v", len(p.Months), p.Months[len(p.Months)-1])
	}
	if p.Months[19].Month != "2026-01" || p.Months[19].Counts != [3]int{6, 6, 1} {
		t.Errorf("January: %+v", p.Months[19])
	}
	if p.Codes[0] != (groepsscan.Count{Value: "F31", N: 13}) || p.Areas[0].Value != "Noorderpark" {
		t.Errorf("codes %v areas %v", p.Codes, p.Areas)
	}
	if p.CareSignals != 1 {
		t.Errorf("care signals %d", p.CareSignals)
	}
	// 6 crime registrations in 24 months: 3 a year, which the shortlist
	// rule calls overlastgevend.
	if p.Suggested != groepsscan.Overlastgevend || !strings.Contains(p.SuggestedBecause, "3 criminaliteitsregistraties per jaar") {
		t.Errorf("suggestion %s: %s", p.Suggested, p.SuggestedBecause)
	}
	if !strings.Contains(p.Description, "Groep van 4 personen (3 kernleden)") {
		t.Errorf("description %q", p.Description)
	}
	if len(p.Ties) != 4 || p.Ties[0].Weight != 10 {
		t.Errorf("ties %v", p.Ties)
	}
}

func TestClassification(t *testing.T) {
	for _, tc := range []struct {
		over, crime int // registrations in 24 months
		want        groepsscan.Classification
	}{
		{4, 2, groepsscan.Hinderlijk},
		{16, 2, groepsscan.Hinderlijk},
		{20, 0, groepsscan.Overlastgevend},
		{0, 6, groepsscan.Overlastgevend},
		{10, 20, groepsscan.Crimineel},
		{40, 20, groepsscan.Overlastgevend},
	} {
		b := newBuilder()
		b.together(tc.over, groepsscan.Overlast, "Ana Een", "Bas Twee", "Cor Drie")
		b.together(tc.crime, groepsscan.Criminaliteit, "Ana Een", "Bas Twee", "Cor Drie")
		res, err := groepsscan.Scan(b.d, groepsscan.DefaultOptions(scanNow), nil, counter())
		if err != nil || len(res.Groups) != 1 {
			t.Fatalf("%v, %d groups", err, len(res.Groups))
		}
		if got := res.Groups[0].Profile.Suggested; got != tc.want {
			t.Errorf("%d overlast, %d criminaliteit: %s, want %s (%s)", tc.over, tc.crime, got, tc.want, res.Groups[0].Profile.SuggestedBecause)
		}
	}
}

// TestUncertainMatchesFlagged: a mistyped member is flagged, not merged.
func TestUncertainMatchesFlagged(t *testing.T) {
	b := newBuilder()
	b.together(3, groepsscan.Overlast, "Ana Een", "Bas Twee", "Cor Drie")
	b.dob["Bas Twe"] = b.dob["Bas Twee"]
	b.together(1, groepsscan.Overlast, "Bas Twe", "Dirk Vier")
	res, _ := groepsscan.Scan(b.d, groepsscan.DefaultOptions(scanNow), nil, counter())
	if len(res.Groups) != 1 || len(res.Groups[0].Members) != 3 {
		t.Fatalf("groups %v", res.Groups)
	}
	if len(res.Uncertain) != 1 || res.Uncertain[0].A.Name != "bas twee" || res.Uncertain[0].B.Name != "bas twe" {
		t.Errorf("uncertain %+v", res.Uncertain)
	}
}

func TestDetectionIsDeterministic(t *testing.T) {
	d, _ := generated(t, 5000, 5)
	var prev string
	for range 3 {
		res, _ := groepsscan.Scan(d, groepsscan.DefaultOptions(genEnd), nil, counter())
		s := fmt.Sprint(res.Groups)
		if prev != "" && s != prev {
			t.Fatal("two scans of the same data differ")
		}
		prev = s
	}
}
