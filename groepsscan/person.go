package groepsscan

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// PersonKey identifies a person across registrations: the normalised name
// and the date of birth. Two involvements are the same person exactly when
// their keys are equal; this is the matching rule of docs/groepsscan.md.
type PersonKey struct {
	Name        string  `json:"naamGenormaliseerd"`
	DateOfBirth ga.Date `json:"geboortedatum"`
}

// KeyOf returns the key of a person as registered.
func KeyOf(name string, dob ga.Date) PersonKey {
	return PersonKey{Name: NormalizeName(name), DateOfBirth: dob}
}

// String joins name and date of birth; it is the key's stored form.
func (k PersonKey) String() string { return k.Name + "|" + string(k.DateOfBirth) }

// ParseKey reads a key in its stored form (String).
func ParseKey(s string) (PersonKey, bool) {
	i := strings.LastIndexByte(s, '|')
	if i < 0 {
		return PersonKey{}, false
	}
	return PersonKey{Name: s[:i], DateOfBirth: ga.Date(s[i+1:])}, true
}

// Less orders keys by name, then date of birth.
func (k PersonKey) Less(o PersonKey) bool {
	if k.Name != o.Name {
		return k.Name < o.Name
	}
	return k.DateOfBirth < o.DateOfBirth
}

// NormalizeName returns the form of a name used for matching: accents
// removed (é → e, ĳ → ij), lower case, every character that is not a
// letter or digit read as a space, "Achternaam, Voornaam" read as
// "Voornaam Achternaam", and the words sorted, so that "Jansen, Piet",
// "piet  JANSEN" and "Piet Jansen" match while "Piet Janssen" does not.
func NormalizeName(name string) string {
	if i := strings.IndexByte(name, ','); i >= 0 {
		name = name[i+1:] + " " + name[:i]
	}
	if ascii(name) {
		return normalizeASCII(name)
	}
	return normalizeUnicode(name)
}

// normalizeUnicode is NormalizeName's rule for any name.
func normalizeUnicode(name string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// combining marks: the accents NFKD split off
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	slices.Sort(words)
	return strings.Join(words, " ")
}

// ascii reports whether s is plain ASCII, for which NFKD changes nothing.
func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// normalizeASCII is NormalizeName's rule for an ASCII name, without the
// Unicode decomposition and tables: most names in police registrations are
// ASCII, and every involvement is normalised once per import.
func normalizeASCII(name string) string {
	buf := make([]byte, len(name))
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			buf[i] = c
		case c >= 'A' && c <= 'Z':
			buf[i] = c + ('a' - 'A')
		default:
			buf[i] = ' '
		}
	}
	words := strings.Fields(string(buf))
	if len(words) == 1 {
		return words[0]
	}
	slices.Sort(words)
	return strings.Join(words, " ")
}

// UncertainMatch is a pair of distinct person keys that may be one person:
// the scan keeps them apart and asks the officer to decide (docs/groepsscan.md,
// "Persons"). A is the key of a group member.
type UncertainMatch struct {
	A, B   PersonKey
	Reason string
}

// Uncertain reports whether two distinct keys may be the same person, and
// why. The rule:
//
//   - same date of birth and names at most a small edit distance apart
//     (1 for names up to 8 letters, 2 for longer names): a typing error;
//   - same date of birth and one name's words a subset of the other's
//     ("Piet Jansen" and "Piet de Jansen"): a missing word;
//   - same name and dates of birth that differ in one digit, or with day
//     and month exchanged: a typing error in the date.
func Uncertain(a, b PersonKey) (string, bool) {
	if a == b {
		return "", false
	}
	if a.DateOfBirth == b.DateOfBirth {
		limit := 1
		if min(len(a.Name), len(b.Name)) > 8 {
			limit = 2
		}
		if editDistanceAtMost(a.Name, b.Name, limit) {
			return "zelfde geboortedatum, naam bijna gelijk (tikfout?)", true
		}
		if wordSubset(a.Name, b.Name) || wordSubset(b.Name, a.Name) {
			return "zelfde geboortedatum, naam met een woord meer of minder", true
		}
		return "", false
	}
	if a.Name == b.Name && a.DateOfBirth.Valid() && b.DateOfBirth.Valid() {
		da, db := string(a.DateOfBirth), string(b.DateOfBirth)
		diff := 0
		for i := 0; i < len(da) && i < len(db); i++ {
			if da[i] != db[i] {
				diff++
			}
		}
		if diff == 1 {
			return "zelfde naam, geboortedatum verschilt één cijfer", true
		}
		// YYYY-MM-DD with month and day exchanged.
		if da[:4] == db[:4] && da[5:7] == db[8:10] && da[8:10] == db[5:7] {
			return "zelfde naam, dag en maand van de geboortedatum verwisseld", true
		}
	}
	return "", false
}

// wordSubset reports whether every word of a occurs in b and b has more
// words; a must have at least two words so that a lone first name matches
// nothing.
func wordSubset(a, b string) bool {
	wa, wb := strings.Fields(a), strings.Fields(b)
	if len(wa) < 2 || len(wa) >= len(wb) {
		return false
	}
	for _, w := range wa {
		if !slices.Contains(wb, w) {
			return false
		}
	}
	return true
}

// editDistanceAtMost reports whether the Levenshtein distance between a
// and b (in runes) is at most k, in O(len·k).
func editDistanceAtMost(a, b string, k int) bool {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > k || -d > k {
		return false
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > k {
			return false
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)] <= k
}
