package groepsscan

import (
	"cmp"
	"slices"
	"time"
)

// Group is one detected group of a scan with its profile.
type Group struct {
	// ID is stable across scans: a group that is recognised in a later scan
	// (AssignIDs) keeps it.
	ID string `json:"id"`
	// Members are the member keys in key order.
	Members []PersonKey `json:"-"`
	// PreviousJaccard is the member overlap with the group of the previous
	// scan whose id it kept, or 0 for a new group.
	PreviousJaccard float64 `json:"overlapVorigeScan"`
	// Split is set when the group was split off a larger connected part by
	// community detection; Oversized when it stayed above the maximum size.
	Split     bool    `json:"afgesplitst"`
	Oversized bool    `json:"groterDanMaximum"`
	Profile   Profile `json:"profiel"`
}

// Result is the outcome of a scan.
type Result struct {
	Options Options `json:"-"`
	Groups  []Group `json:"groepen"`
	// Uncertain lists possible matches of group members with other person
	// keys, for the officer to decide on; they are never merged.
	Uncertain []UncertainMatch `json:"-"`
	// Registrations and Persons count what the dataset held.
	Registrations int `json:"registraties"`
	Persons       int `json:"personen"`
}

// PreviousGroup is a group of an earlier scan, for recognising it.
type PreviousGroup struct {
	ID      string
	Members []PersonKey
}

// Scan detects the groups in the dataset, profiles them, recognises the
// groups of the previous scan by member overlap and lists uncertain
// person matches of the members. newID gives the id of a group that is not
// recognised.
func Scan(d *Dataset, o Options, previous []PreviousGroup, newID func() string) (Result, error) {
	if err := o.Validate(); err != nil {
		return Result{}, err
	}
	d.index()
	n := buildNetwork(d, o)
	found := detect(d, n, o)
	attach(d, found, o)
	res := Result{Options: o, Registrations: d.Len(), Persons: d.Persons()}
	for _, g := range found {
		grp := Group{Split: g.split, Oversized: g.oversized}
		for _, m := range g.members {
			grp.Members = append(grp.Members, d.persons[m])
		}
		grp.Profile = profile(d, g.members, o)
		res.Groups = append(res.Groups, grp)
	}
	AssignIDs(res.Groups, previous, o.MinJaccard, newID)
	res.Uncertain = uncertainMatches(d, found)
	return res, nil
}

// AssignIDs gives each group the id of the previous group it overlaps most,
// one to one, when their Jaccard index (shared members / all members of
// both) reaches minJaccard; the pairs with the highest overlap are matched
// first. Other groups get a new id.
func AssignIDs(groups []Group, previous []PreviousGroup, minJaccard float64, newID func() string) {
	owner := make(map[PersonKey][]int)
	for pi, p := range previous {
		for _, m := range p.Members {
			owner[m] = append(owner[m], pi)
		}
	}
	type cand struct {
		g, p    int
		jaccard float64
	}
	var cands []cand
	for gi, g := range groups {
		shared := make(map[int]int)
		for _, m := range g.Members {
			for _, pi := range owner[m] {
				shared[pi]++
			}
		}
		for pi, s := range shared {
			j := float64(s) / float64(len(g.Members)+len(previous[pi].Members)-s)
			if j >= minJaccard {
				cands = append(cands, cand{gi, pi, j})
			}
		}
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if c := cmp.Compare(b.jaccard, a.jaccard); c != 0 {
			return c
		}
		if c := cmp.Compare(a.g, b.g); c != 0 {
			return c
		}
		return cmp.Compare(a.p, b.p)
	})
	usedG := make([]bool, len(groups))
	usedP := make([]bool, len(previous))
	for _, c := range cands {
		if usedG[c.g] || usedP[c.p] {
			continue
		}
		usedG[c.g], usedP[c.p] = true, true
		groups[c.g].ID = previous[c.p].ID
		groups[c.g].PreviousJaccard = c.jaccard
	}
	for gi := range groups {
		if !usedG[gi] {
			groups[gi].ID = newID()
			groups[gi].PreviousJaccard = 0
		}
	}
}

// uncertainMatches compares every group member with the persons who share
// the member's date of birth or normalised name (Uncertain).
func uncertainMatches(d *Dataset, groups []detected) []UncertainMatch {
	byDOB := make(map[string][]int32)
	byName := make(map[string][]int32)
	for i, k := range d.persons {
		byDOB[string(k.DateOfBirth)] = append(byDOB[string(k.DateOfBirth)], int32(i))
		byName[k.Name] = append(byName[k.Name], int32(i))
	}
	seen := make(map[[2]int32]bool)
	var out []UncertainMatch
	for _, g := range groups {
		for _, m := range g.members {
			a := d.persons[m]
			for _, list := range [][]int32{byDOB[string(a.DateOfBirth)], byName[a.Name]} {
				for _, o := range list {
					if o == m {
						continue
					}
					pair := [2]int32{min(m, o), max(m, o)}
					if seen[pair] {
						continue
					}
					if reason, ok := Uncertain(a, d.persons[o]); ok {
						seen[pair] = true
						out = append(out, UncertainMatch{A: a, B: d.persons[o], Reason: reason})
					}
				}
			}
		}
	}
	slices.SortFunc(out, func(x, y UncertainMatch) int {
		if c := compareKeys(x.A, y.A); c != 0 {
			return c
		}
		return compareKeys(x.B, y.B)
	})
	return out
}

// monthKey formats a month index (year*12 + month-1) as "2006-01".
func monthKey(m int32) string {
	return time.Date(int(m/12), time.Month(m%12+1), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
}
