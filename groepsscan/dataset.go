package groepsscan

import (
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Dataset holds registrations in the compact form the scan works on:
// persons, codes, areas and locations interned once, descriptions left
// out. A million registrations with two and a half million involvements
// take well under a hundred megabytes.
type Dataset struct {
	persons   []PersonKey
	names     []string // the name as first registered, per person
	personIdx map[PersonKey]int32

	regs []compactReg
	invs []compactInv

	codes, areas, locations interner

	// byPerson lists, per person, the registrations they are involved in
	// (indices into regs); built by index.
	byPersonStart []int32
	byPerson      []int32
	indexed       bool
}

type compactReg struct {
	unix      int64
	code      int32
	area      int32
	location  int32
	category  uint8
	invStart  int32
	invCount  uint16
	monthsIdx int32 // months since year 0, for the monthly series
}

type compactInv struct {
	person int32
	role   uint8
}

type interner struct {
	idx  map[string]int32
	vals []string
}

func (in *interner) id(s string) int32 {
	if in.idx == nil {
		in.idx = make(map[string]int32)
	}
	if i, ok := in.idx[s]; ok {
		return i
	}
	i := int32(len(in.vals))
	in.idx[s] = i
	in.vals = append(in.vals, s)
	return i
}

// NewDataset returns an empty dataset.
func NewDataset() *Dataset {
	return &Dataset{personIdx: make(map[PersonKey]int32)}
}

// Len is the number of registrations added.
func (d *Dataset) Len() int { return len(d.regs) }

// Persons is the number of distinct persons (keys) seen.
func (d *Dataset) Persons() int { return len(d.persons) }

// Add adds a valid registration. Invalid registrations must be rejected
// before (Registration.Validate); Add does not check them again.
func (d *Dataset) Add(r Registration) {
	d.AddCompact(r.Time, r.Category, r.IncidentCode, r.Area, r.Location, r.Persons)
}

// KeyedInvolvement is an involvement whose person key is already known,
// as storage keeps it; it spares normalising the name again.
type KeyedInvolvement struct {
	Key  PersonKey
	Name string
	Role Role
}

// AddCompact adds a registration from its parts.
func (d *Dataset) AddCompact(t time.Time, cat Category, code, area, location string, persons []Involvement) {
	keyed := make([]KeyedInvolvement, len(persons))
	for i, p := range persons {
		keyed[i] = KeyedInvolvement{Key: KeyOf(p.Name, p.DateOfBirth), Name: p.Name, Role: p.Role}
	}
	d.AddKeyed(t, cat, code, area, location, keyed)
}

// AddKeyed adds a registration whose persons' keys are known.
func (d *Dataset) AddKeyed(t time.Time, cat Category, code, area, location string, persons []KeyedInvolvement) {
	d.indexed = false
	at := t.In(ga.Amsterdam)
	cr := compactReg{
		unix:      t.Unix(),
		code:      d.codes.id(code),
		area:      d.areas.id(area),
		location:  d.locations.id(location),
		category:  uint8(max(cat.index(), 0)),
		invStart:  int32(len(d.invs)),
		monthsIdx: int32(at.Year()*12 + int(at.Month()) - 1),
	}
	for _, p := range persons {
		k := p.Key
		pi, ok := d.personIdx[k]
		if !ok {
			pi = int32(len(d.persons))
			d.personIdx[k] = pi
			d.persons = append(d.persons, k)
			d.names = append(d.names, p.Name)
		}
		d.invs = append(d.invs, compactInv{person: pi, role: uint8(max(p.Role.index(), 0))})
	}
	cr.invCount = uint16(len(d.invs) - int(cr.invStart))
	d.regs = append(d.regs, cr)
}

// index builds the per-person list of registrations.
func (d *Dataset) index() {
	if d.indexed {
		return
	}
	counts := make([]int32, len(d.persons)+1)
	for _, in := range d.invs {
		counts[in.person+1]++
	}
	for i := 1; i < len(counts); i++ {
		counts[i] += counts[i-1]
	}
	d.byPersonStart = counts
	d.byPerson = make([]int32, len(d.invs))
	fill := make([]int32, len(d.persons))
	for ri, r := range d.regs {
		for _, in := range d.invs[r.invStart : r.invStart+int32(r.invCount)] {
			d.byPerson[counts[in.person]+fill[in.person]] = int32(ri)
			fill[in.person]++
		}
	}
	d.indexed = true
}

// registrationsOf returns the registrations person p is involved in.
func (d *Dataset) registrationsOf(p int32) []int32 {
	return d.byPerson[d.byPersonStart[p]:d.byPersonStart[p+1]]
}

func (d *Dataset) involvements(r compactReg) []compactInv {
	return d.invs[r.invStart : r.invStart+int32(r.invCount)]
}
