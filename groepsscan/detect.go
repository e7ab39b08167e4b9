package groepsscan

import (
	"cmp"
	"errors"
	"slices"
	"time"
)

// Options are the settings of a scan. DefaultOptions gives the defaults
// that docs/groepsscan.md explains; the acceptance test holds them to
// precision and recall of at least 0.9 on generated data.
type Options struct {
	// From and To bound the registrations the scan considers: From ≤ time < To.
	From, To time.Time
	// Roles are the roles in which two persons involved in the same
	// registration are tied. Witnesses and victims are not, by default.
	Roles []Role
	// MinTieWeight is the number of shared registrations from which two
	// persons count as tied; one chance encounter is no tie.
	MinTieWeight int
	// MinGroupSize and MaxGroupSize bound a group. A connected part larger
	// than MaxGroupSize is split by community detection; parts smaller than
	// MinGroupSize are no group.
	MinGroupSize, MaxGroupSize int
	// MinJaccard is the least member overlap (Jaccard index) at which a
	// group is recognised as a group of the previous scan and keeps its id.
	MinJaccard float64
}

// DefaultWindow is the default period a scan looks back over.
const DefaultWindow = 24 // months

// RetentionMonths is how long a registration is kept after it occurred
// (GDPR Art 5(1)(e)): the period the scan looks back over by default, the
// longest the detection needs. Older registrations are deleted by the
// retention of the storage and refused by an import.
const RetentionMonths = DefaultWindow

// RetentionCutoff is the instant before which a registration is past the
// retention period at now: RetentionMonths calendar months before now, in
// UTC.
func RetentionCutoff(now time.Time) time.Time { return now.UTC().AddDate(0, -RetentionMonths, 0) }

// DefaultOptions returns the default settings for a scan at instant now:
// the 24 months before now, ties between suspects and involved parties who
// share at least two registrations, groups of 3 to 50 persons, and a group
// keeps its id when at least 40% of the members of old and new group
// (Jaccard) coincide.
func DefaultOptions(now time.Time) Options {
	return Options{
		From:         now.AddDate(0, -DefaultWindow, 0),
		To:           now,
		Roles:        []Role{Verdachte, Betrokkene},
		MinTieWeight: 2,
		MinGroupSize: 3,
		MaxGroupSize: 50,
		MinJaccard:   0.4,
	}
}

// Validate checks the options.
func (o Options) Validate() error {
	switch {
	case o.From.IsZero() || o.To.IsZero() || !o.From.Before(o.To):
		return errors.New("de periode van de scan is ongeldig")
	case len(o.Roles) == 0:
		return errors.New("kies ten minste één rol")
	case o.MinTieWeight < 1:
		return errors.New("het minimum aantal gedeelde registraties is ten minste 1")
	case o.MinGroupSize < 2 || o.MaxGroupSize < o.MinGroupSize:
		return errors.New("de groepsgrootte is ongeldig")
	case o.MinJaccard <= 0 || o.MinJaccard > 1:
		return errors.New("de drempel voor herkenning ligt tussen 0 en 1")
	}
	for _, r := range o.Roles {
		if !r.Valid() {
			return errors.New("onbekende rol " + string(r))
		}
	}
	return nil
}

func (o Options) inWindow(unix int64) bool {
	return unix >= o.From.Unix() && unix < o.To.Unix()
}

func (o Options) roleMask() uint8 {
	var m uint8
	for _, r := range o.Roles {
		m |= 1 << r.index()
	}
	return m
}

// Tie is a weighted edge of the network: two persons and the number of
// registrations in the window they share in a tying role.
type Tie struct {
	A      PersonKey `json:"a"`
	B      PersonKey `json:"b"`
	Weight int       `json:"gewicht"`
}

// network is the co-involvement graph in compressed sparse row form over
// the persons that have at least one tie.
type network struct {
	nodes  []int32 // dataset person index per node
	start  []int32 // adjacency offsets, len(nodes)+1
	adj    []int32 // neighbour node indices
	weight []int32
	nodeOf map[int32]int32
}

// buildNetwork counts the shared registrations of every pair of persons in
// a tying role within the window and keeps the pairs at MinTieWeight or more.
func buildNetwork(d *Dataset, o Options) *network {
	mask := o.roleMask()
	pairs := make(map[uint64]int32)
	var ps []int32
	for _, r := range d.regs {
		if !o.inWindow(r.unix) || r.invCount < 2 {
			continue
		}
		ps = ps[:0]
		for _, in := range d.involvements(r) {
			if mask&(1<<in.role) != 0 {
				ps = append(ps, in.person)
			}
		}
		if len(ps) < 2 {
			continue
		}
		slices.Sort(ps)
		ps = slices.Compact(ps)
		for i := 0; i < len(ps); i++ {
			for j := i + 1; j < len(ps); j++ {
				pairs[uint64(ps[i])<<32|uint64(ps[j])]++
			}
		}
	}
	n := &network{nodeOf: make(map[int32]int32)}
	type edge struct{ a, b, w int32 }
	var edges []edge
	for k, w := range pairs {
		if int(w) < o.MinTieWeight {
			continue
		}
		edges = append(edges, edge{int32(k >> 32), int32(k & 0xffffffff), w})
	}
	// Nodes in key order make every later step independent of input order.
	for _, e := range edges {
		for _, p := range [2]int32{e.a, e.b} {
			if _, ok := n.nodeOf[p]; !ok {
				n.nodeOf[p] = 0
				n.nodes = append(n.nodes, p)
			}
		}
	}
	slices.SortFunc(n.nodes, func(a, b int32) int { return compareKeys(d.persons[a], d.persons[b]) })
	for i, p := range n.nodes {
		n.nodeOf[p] = int32(i)
	}
	deg := make([]int32, len(n.nodes)+1)
	for _, e := range edges {
		deg[n.nodeOf[e.a]+1]++
		deg[n.nodeOf[e.b]+1]++
	}
	for i := 1; i < len(deg); i++ {
		deg[i] += deg[i-1]
	}
	n.start = deg
	n.adj = make([]int32, 2*len(edges))
	n.weight = make([]int32, 2*len(edges))
	fill := make([]int32, len(n.nodes))
	put := func(a, b, w int32) {
		i := n.start[a] + fill[a]
		n.adj[i], n.weight[i] = b, w
		fill[a]++
	}
	for _, e := range edges {
		a, b := n.nodeOf[e.a], n.nodeOf[e.b]
		put(a, b, e.w)
		put(b, a, e.w)
	}
	// Sorted adjacency keeps label propagation deterministic.
	for v := range n.nodes {
		lo, hi := n.start[v], n.start[v+1]
		idx := make([]int, hi-lo)
		for i := range idx {
			idx[i] = int(lo) + i
		}
		slices.SortFunc(idx, func(x, y int) int { return cmp.Compare(n.adj[x], n.adj[y]) })
		adj := make([]int32, len(idx))
		w := make([]int32, len(idx))
		for i, x := range idx {
			adj[i], w[i] = n.adj[x], n.weight[x]
		}
		copy(n.adj[lo:hi], adj)
		copy(n.weight[lo:hi], w)
	}
	return n
}

func compareKeys(a, b PersonKey) int {
	if c := cmp.Compare(a.Name, b.Name); c != 0 {
		return c
	}
	return cmp.Compare(a.DateOfBirth, b.DateOfBirth)
}

func (n *network) neighbours(v int32) ([]int32, []int32) {
	return n.adj[n.start[v]:n.start[v+1]], n.weight[n.start[v]:n.start[v+1]]
}

// components returns the connected parts of the network as sorted node
// lists, in order of their first node.
func (n *network) components() [][]int32 {
	parent := make([]int32, len(n.nodes))
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for v := range n.nodes {
		for _, u := range n.adj[n.start[v]:n.start[v+1]] {
			a, b := find(int32(v)), find(u)
			if a != b {
				if a < b {
					parent[b] = a
				} else {
					parent[a] = b
				}
			}
		}
	}
	byRoot := make(map[int32][]int32)
	var roots []int32
	for v := range n.nodes {
		r := find(int32(v))
		if _, ok := byRoot[r]; !ok {
			roots = append(roots, r)
		}
		byRoot[r] = append(byRoot[r], int32(v))
	}
	out := make([][]int32, 0, len(roots))
	for _, r := range roots {
		out = append(out, byRoot[r])
	}
	return out
}

// labelPropagation splits a set of nodes into communities: every node
// repeatedly takes the label that carries the most tie weight among its
// neighbours in the set, keeping its own label on a tie and otherwise
// taking the smallest. Nodes are visited in key order and labels start as
// the node's own index, so the result is deterministic. Communities are
// returned as connected node lists.
func (n *network) labelPropagation(set []int32) [][]int32 {
	in := make(map[int32]bool, len(set))
	label := make(map[int32]int32, len(set))
	for _, v := range set {
		in[v] = true
		label[v] = v
	}
	score := make(map[int32]int32)
	for iter := 0; iter < 100; iter++ {
		changed := false
		for _, v := range set {
			clear(score)
			adj, w := n.neighbours(v)
			for i, u := range adj {
				if in[u] {
					score[label[u]] += w[i]
				}
			}
			var top int32
			for _, s := range score {
				top = max(top, s)
			}
			if top == 0 || score[label[v]] == top {
				continue
			}
			best := int32(-1)
			for l, s := range score {
				if s == top && (best < 0 || l < best) {
					best = l
				}
			}
			label[v] = best
			changed = true
		}
		if !changed {
			break
		}
	}
	byLabel := make(map[int32][]int32)
	var labels []int32
	for _, v := range set {
		l := label[v]
		if _, ok := byLabel[l]; !ok {
			labels = append(labels, l)
		}
		byLabel[l] = append(byLabel[l], v)
	}
	var out [][]int32
	for _, l := range labels {
		out = append(out, n.connectedWithin(byLabel[l])...)
	}
	return out
}

// connectedWithin splits a node set into its connected parts using only
// ties inside the set.
func (n *network) connectedWithin(set []int32) [][]int32 {
	in := make(map[int32]bool, len(set))
	for _, v := range set {
		in[v] = true
	}
	seen := make(map[int32]bool, len(set))
	var out [][]int32
	for _, s := range set {
		if seen[s] {
			continue
		}
		part := []int32{s}
		seen[s] = true
		for i := 0; i < len(part); i++ {
			for _, u := range n.adj[n.start[part[i]]:n.start[part[i]+1]] {
				if in[u] && !seen[u] {
					seen[u] = true
					part = append(part, u)
				}
			}
		}
		slices.Sort(part)
		out = append(out, part)
	}
	return out
}

// detected is a group as detection finds it: dataset person indices.
type detected struct {
	members []int32
	// split is set when the group came out of community detection on a
	// larger connected part.
	split bool
	// oversized is set when community detection could not bring the group
	// under the maximum size.
	oversized bool
}

// detect finds the groups of the network.
func detect(d *Dataset, n *network, o Options) []detected {
	var out []detected
	for _, comp := range n.components() {
		parts := [][]int32{comp}
		split := false
		if len(comp) > o.MaxGroupSize {
			parts = n.labelPropagation(comp)
			split = true
		}
		for _, p := range parts {
			if len(p) < o.MinGroupSize {
				continue
			}
			g := detected{split: split, oversized: len(p) > o.MaxGroupSize}
			for _, v := range p {
				g.members = append(g.members, n.nodes[v])
			}
			slices.SortFunc(g.members, func(a, b int32) int { return compareKeys(d.persons[a], d.persons[b]) })
			out = append(out, g)
		}
	}
	slices.SortFunc(out, func(a, b detected) int {
		return compareKeys(d.persons[a.members[0]], d.persons[b.members[0]])
	})
	return out
}

// attach adds to each group the persons outside every group who share at
// least MinTieWeight registrations (in a tying role) with the group's
// members taken together, though with no single member: a follower seen
// with different members each time. A person who qualifies for several
// groups joins the one with the most shared registrations.
func attach(d *Dataset, groups []detected, o Options) {
	mask := o.roleMask()
	inGroup := make(map[int32]bool)
	for _, g := range groups {
		for _, m := range g.members {
			inGroup[m] = true
		}
	}
	type best struct{ group, n int }
	choice := make(map[int32]best)
	for gi, g := range groups {
		isMember := make(map[int32]bool, len(g.members))
		for _, m := range g.members {
			isMember[m] = true
		}
		seen := make(map[int32]bool)
		counts := make(map[int32]int)
		for _, m := range g.members {
			for _, ri := range d.registrationsOf(m) {
				if seen[ri] {
					continue
				}
				seen[ri] = true
				r := d.regs[ri]
				if !o.inWindow(r.unix) {
					continue
				}
				invs := d.involvements(r)
				tied := false
				for _, in := range invs {
					if isMember[in.person] && mask&(1<<in.role) != 0 {
						tied = true
						break
					}
				}
				if !tied {
					continue
				}
				for _, in := range invs {
					if !inGroup[in.person] && mask&(1<<in.role) != 0 {
						counts[in.person]++
					}
				}
			}
		}
		for p, n := range counts {
			if n < o.MinTieWeight {
				continue
			}
			if c, ok := choice[p]; !ok || n > c.n || n == c.n && gi < c.group {
				choice[p] = best{gi, n}
			}
		}
	}
	for p, c := range choice {
		groups[c.group].members = append(groups[c.group].members, p)
	}
	for i := range groups {
		slices.SortFunc(groups[i].members, func(a, b int32) int { return compareKeys(d.persons[a], d.persons[b]) })
		groups[i].oversized = len(groups[i].members) > o.MaxGroupSize
	}
}
