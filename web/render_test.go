package web

import (
	"net/http"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// TestCellExcerpt checks the excerpt of a long text in a table cell
// against its definition: the first 160 characters (not bytes), trimmed,
// and an ellipsis; a text of at most 160 characters as it is; invalid
// UTF-8 with U+FFFD for each invalid byte, as a conversion to runes makes.
func TestCellExcerpt(t *testing.T) {
	byDefinition := func(s string) string {
		r := []rune(s)
		if len(r) <= excerptRunes {
			return s
		}
		return strings.TrimSpace(string(r[:excerptRunes])) + "…"
	}
	for _, tc := range []struct{ name, text string }{
		{"empty", ""},
		{"short", "Melding van overlast."},
		{"exactly 160 characters", strings.Repeat("a", 160)},
		{"161 characters", strings.Repeat("a", 161)},
		{"multibyte characters counted as one", strings.Repeat("é", 159) + "ëï"},
		{"multibyte text cut by characters", strings.Repeat("overlast ë ", 40)},
		{"cut before a space is trimmed", strings.Repeat("a", 159) + "  rest"},
		{"emoji", strings.Repeat("🙂", 200)},
		{"invalid UTF-8 under the limit", "melding \xff\xfe"},
		{"invalid UTF-8 over the limit", strings.Repeat("a\xff", 100)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := cellExcerpt(tc.text), byDefinition(tc.text); got != want {
				t.Errorf("cellExcerpt(%q) = %q, want %q", tc.text, got, want)
			}
		})
	}
	long := strings.Repeat("ë", 300)
	if got := cellExcerpt(long); !strings.HasSuffix(got, "…") || len([]rune(got)) != excerptRunes+1 {
		t.Errorf("excerpt of 300 characters has %d characters: %q", len([]rune(got)), got)
	}
}

// TestRenderBuffersStartEmpty checks that a page rendered after a larger
// one holds nothing of it: the buffers pages are rendered into are reused,
// and each must start empty.
func TestRenderBuffersStartEmpty(t *testing.T) {
	w := newCaseworld(t)
	g := w.group("Bankjes Kanaleneiland", ga.StepPlan)
	w.policeItem(g, nil, "Melding van de bankjes.")
	agent := w.loggedIn(w.agent)
	for range 3 {
		dossier := agent.get("/groepen/" + g.ID)
		want(t, dossier, http.StatusOK, "Melding van de bankjes.")
		home := agent.get("/")
		want(t, home, http.StatusOK)
		if strings.Contains(home.Body, "Melding van de bankjes.") || strings.Count(home.Body, "</html>") != 1 {
			t.Fatalf("the home page after the dossier holds the dossier's text or two pages:\n%s", excerpt(home.Body))
		}
		if !strings.HasSuffix(strings.TrimSpace(home.Body), "</html>") {
			t.Fatalf("the home page does not end with its own </html>:\n%s", excerpt(home.Body))
		}
	}
}

// BenchmarkCellExcerpt measures the excerpt the dossier's item table
// takes of every item's text.
func BenchmarkCellExcerpt(b *testing.B) {
	text := strings.Repeat("Melding van overlast bij de bankjes, met één getuige. ", 10)
	for b.Loop() {
		cellExcerpt(text)
	}
}
