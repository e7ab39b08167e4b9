package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// TestDossierItemPages checks that the dossier shows its items a page of
// dossierPageSize at a time, newest first, with links to the previous and
// next page, that the pages together show every item once, and that a page
// that is not a positive number is refused.
func TestDossierItemPages(t *testing.T) {
	w := newCaseworld(t)
	g := w.group("Bankjes Kanaleneiland", ga.StepPlan)
	n := dossierPageSize + 3
	for i := range n {
		w.policeItem(g, nil, fmt.Sprintf("Melding nummer %03d.", i))
	}
	agent := w.loggedIn(w.agent)
	base := "/groepen/" + g.ID
	seen := map[string]int{}
	count := func(body string) int {
		k := 0
		for i := range n {
			if s := fmt.Sprintf("Melding nummer %03d.", i); strings.Contains(body, s) {
				seen[s]++
				k++
			}
		}
		return k
	}
	first := agent.get(base)
	want(t, first, http.StatusOK, "Pagina 1", `href="`+base+`?pagina=2#gegevens" rel="next"`, "Volgende pagina")
	wantNot(t, first, `rel="prev"`)
	if k := count(first.Body); k != dossierPageSize {
		t.Errorf("page 1 shows %d items, want %d", k, dossierPageSize)
	}
	second := agent.get(base + "?pagina=2")
	want(t, second, http.StatusOK, "Pagina 2", `href="`+base+`?pagina=1#gegevens" rel="prev"`, "Vorige pagina")
	wantNot(t, second, `rel="next"`)
	if k := count(second.Body); k != 3 {
		t.Errorf("page 2 shows %d items, want 3", k)
	}
	for i := range n {
		if s := fmt.Sprintf("Melding nummer %03d.", i); seen[s] != 1 {
			t.Errorf("%q shown %d times on the pages", s, seen[s])
		}
	}
	for _, bad := range []string{"0", "-1", "x", "99999999999"} {
		want(t, agent.get(base+"?pagina="+bad), http.StatusBadRequest)
	}
}

// TestPagesOneLogCommit checks that a page waits for one durable commit of
// log lines: the session check's lines and the lines of everything the page
// reads are held and committed together before the page is sent
// (heldlines), however many reads the page makes.
func TestPagesOneLogCommit(t *testing.T) {
	w := newCaseworld(t)
	g := w.group("Bankjes Kanaleneiland", ga.StepPlan)
	p := w.person(g, "Sem de Vries", 16, ga.RoleCore, ga.Date("2025-01-01"))
	it := w.policeItem(g, p, "Melding van overlast.")
	agent := w.loggedIn(w.agent)
	for _, path := range []string{
		"/groepen/" + g.ID, "/groepen/" + g.ID + "/plan", "/groepen/" + g.ID + "/overleggen",
		"/personen/" + p.ID, "/gegevens/" + it.ID, "/groepen",
	} {
		// The session's last activity is written at most once in a while,
		// in a change of its own; the page measured below only reads.
		want(t, agent.get(path), http.StatusOK)
		before := w.db.LogCommits()
		want(t, agent.get(path), http.StatusOK)
		if got := w.db.LogCommits() - before; got != 1 {
			t.Errorf("%s: %d durable log commits, want 1", path, got)
		}
	}
}
