package storage

import (
	"cmp"
	"encoding/binary"
	"slices"
	"sync"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/groepsscan"
)

// A scan reads every registration of its window (24 months by default) with
// its persons. A re-scan after a few new registrations would read them all
// again, so the DB remembers, in this process, what the latest scan read:
// each registration of the window in compact form, by id and content hash.
// A re-scan then reads only the ids and content hashes of the window, and
// in full only the registrations that are new or whose content changed;
// those that left the window or were removed are dropped. Because a content
// hash fixes everything the scan uses of a registration (its time, code,
// category, area, location and persons), the dataset built this way is the
// one a full read gives, which TestRescanReadsOnlyWhatChanged checks. The
// memory is personal data held in memory only, like the dataset of a scan;
// it is never written anywhere.
type scanWindow struct {
	mu sync.Mutex
	// regs holds the registrations of the latest scan's window by id.
	regs map[string]windowReg
	// reused and read count the registrations the latest load took from
	// memory and from the database.
	reused, read int
}

// windowReg is one remembered registration: its content hash and its
// fields and persons in the compact encoding of encodeWindowReg.
type windowReg struct {
	hash string
	rec  string
}

// fullReadShare is the share of the window above which a load reads every
// registration with one query rather than the changed ones by id.
const fullReadShare = 0.25

// loadDataset reads the registrations of the window into a dataset, in the
// order of their ids, reading from the database only what the DB does not
// remember from the previous scan (scanWindow).
func (tx *Tx) loadDataset(op string, from, to time.Time) (*groepsscan.Dataset, error) {
	w := &tx.db.window
	w.mu.Lock()
	defer w.mu.Unlock()
	from, to = from.UTC(), to.UTC()
	next := make(map[string]windowReg, len(w.regs))
	var ids, missing []string
	if len(w.regs) > 0 {
		rows, err := tx.Query(`SELECT id, content_hash FROM registrations WHERE occurred_at >= $1 AND occurred_at < $2`, from, to)
		if err != nil {
			return nil, ga.Wrap(op, err)
		}
		for rows.Next() {
			var id, hash string
			if err := rows.Scan(&id, &hash); err != nil {
				rows.Close()
				return nil, ga.Wrap(op, err)
			}
			ids = append(ids, id)
			if r, ok := w.regs[id]; ok && r.hash == hash {
				next[id] = r
			} else {
				missing = append(missing, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, ga.Wrap(op, err)
		}
	}
	const selectRegs = `SELECT r.id, r.content_hash, r.occurred_at, r.category, r.incident_code, r.area, r.location,
			COALESCE(p.person_key, ''), COALESCE(p.role, ''), COALESCE(p.name, '')
		FROM registrations r LEFT JOIN registration_persons p ON p.registration_id = r.id `
	w.reused, w.read = len(next), 0
	if len(w.regs) == 0 || float64(len(missing)) > fullReadShare*float64(len(ids)) {
		clear(next)
		ids = ids[:0]
		w.reused = 0
		err := tx.readWindowRegs(op, next, &ids, selectRegs+`WHERE r.occurred_at >= $1 AND r.occurred_at < $2 ORDER BY r.id, p.position`, from, to)
		if err != nil {
			return nil, err
		}
	} else {
		for chunk := range slices.Chunk(missing, tx.inChunk()) {
			var args []any
			err := tx.readWindowRegs(op, next, nil, selectRegs+`WHERE r.id IN (`+placeholders(&args, chunk)+`) ORDER BY r.id, p.position`, args...)
			if err != nil {
				return nil, err
			}
		}
	}
	w.read = len(next) - w.reused
	w.regs = next

	slices.SortFunc(ids, func(a, b string) int { return cmp.Compare(a, b) })
	d := groepsscan.NewDataset()
	var persons []groepsscan.KeyedInvolvement
	for _, id := range ids {
		r, ok := next[id]
		if !ok {
			// Removed between the two queries (PostgreSQL reads each
			// statement's own snapshot): not part of this scan.
			continue
		}
		var f windowFields
		persons = f.decode(r.rec, persons[:0])
		d.AddKeyed(f.at, groepsscan.Category(f.category), f.code, f.area, f.location, persons)
	}
	return d, nil
}

// readWindowRegs runs query, which returns registrations with their persons
// in order of id and position, and remembers each in regs; ids, when not
// nil, collects the ids read.
func (tx *Tx) readWindowRegs(op string, regs map[string]windowReg, ids *[]string, query string, args ...any) error {
	rows, err := tx.Query(query, args...)
	if err != nil {
		return ga.Wrap(op, err)
	}
	defer rows.Close()
	var (
		cur                       windowFields
		curID, curHash            string
		id, hash, key, role, name string
		at                        time.Time
		cat, code, area, loc      string
		persons                   []groepsscan.KeyedInvolvement
		buf                       []byte
	)
	emit := func() {
		if curID == "" {
			return
		}
		buf = cur.encode(buf[:0], persons)
		regs[curID] = windowReg{hash: curHash, rec: string(buf)}
		if ids != nil {
			*ids = append(*ids, curID)
		}
		persons = persons[:0]
	}
	for rows.Next() {
		if err := rows.Scan(&id, &hash, &at, &cat, &code, &area, &loc, &key, &role, &name); err != nil {
			return ga.Wrap(op, err)
		}
		if id != curID {
			emit()
			curID, curHash = id, hash
			cur = windowFields{at: at, category: cat, code: code, area: area, location: loc}
		}
		if key != "" {
			k, _ := groepsscan.ParseKey(key)
			persons = append(persons, groepsscan.KeyedInvolvement{Key: k, Name: name, Role: groepsscan.Role(role)})
		}
	}
	if err := rows.Err(); err != nil {
		return ga.Wrap(op, err)
	}
	emit()
	return nil
}

// windowFields are the fields of a registration the scan uses.
type windowFields struct {
	at                             time.Time
	category, code, area, location string
}

// encode appends the fields and persons to buf: the time in nanoseconds,
// then each string with its length, persons as key, role and name.
func (f windowFields) encode(buf []byte, persons []groepsscan.KeyedInvolvement) []byte {
	buf = binary.AppendVarint(buf, f.at.UnixNano())
	for _, s := range []string{f.category, f.code, f.area, f.location} {
		buf = appendString(buf, s)
	}
	buf = binary.AppendUvarint(buf, uint64(len(persons)))
	for _, p := range persons {
		buf = appendString(buf, p.Key.String())
		buf = appendString(buf, string(p.Role))
		buf = appendString(buf, p.Name)
	}
	return buf
}

// decode reads what encode wrote, appending the persons to persons.
func (f *windowFields) decode(rec string, persons []groepsscan.KeyedInvolvement) []groepsscan.KeyedInvolvement {
	nanos, n := varint(rec)
	rec = rec[n:]
	f.at = time.Unix(0, nanos).UTC()
	f.category, rec = readString(rec)
	f.code, rec = readString(rec)
	f.area, rec = readString(rec)
	f.location, rec = readString(rec)
	count, n := uvarint(rec)
	rec = rec[n:]
	for range count {
		var key, role, name string
		key, rec = readString(rec)
		role, rec = readString(rec)
		name, rec = readString(rec)
		k, _ := groepsscan.ParseKey(key)
		persons = append(persons, groepsscan.KeyedInvolvement{Key: k, Name: name, Role: groepsscan.Role(role)})
	}
	return persons
}

func appendString(buf []byte, s string) []byte {
	return append(binary.AppendUvarint(buf, uint64(len(s))), s...)
}

func readString(rec string) (string, string) {
	l, n := uvarint(rec)
	return rec[n : n+int(l)], rec[n+int(l):]
}

func uvarint(s string) (uint64, int) {
	var x uint64
	var shift uint
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		b := s[i]
		if b < 0x80 {
			return x | uint64(b)<<shift, i + 1
		}
		x |= uint64(b&0x7f) << shift
		shift += 7
	}
	return 0, len(s)
}

func varint(s string) (int64, int) {
	ux, n := uvarint(s)
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x, n
}
