package groepsscan

import "testing"

// FuzzNormalizeASCII checks that the ASCII fast path of NormalizeName
// gives exactly what the general Unicode rule gives.
func FuzzNormalizeASCII(f *testing.F) {
	for _, s := range []string{"Piet Jansen", "  piet   JANSEN ", "van der Berg, Sanne", "...", "", "A", "o'Brien-Smith\t2", "\x00\x7f z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !ascii(s) {
			return
		}
		if got, want := normalizeASCII(s), normalizeUnicode(s); got != want {
			t.Fatalf("normalizeASCII(%q) = %q, the Unicode rule gives %q", s, got, want)
		}
	})
}
