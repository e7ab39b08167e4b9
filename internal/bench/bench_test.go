package bench

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// tiny is a data set small enough for a test, with every kind of row.
var tiny = Size{Groups: 6, Persons: 60, Items: 600, LogEntries: 3000}

// TestRun runs the whole benchmark on a tiny data set on the suite's
// database: the generated logs must verify (Run fails otherwise), every
// measure must report a value beside a limit, the inclusion proof must be
// O(log n), and the logs must still verify after all measures.
func TestRun(t *testing.T) {
	db := storagetest.Open(t, storagetest.Options{})
	rep, err := Run(context.Background(), db, Config{Size: tiny, Seed: 3, Duration: 200 * time.Millisecond, Samples: 3})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range rep.Results {
		seen[r.Measure] = true
		if r.Unit == "" {
			continue
		}
		if r.Value <= 0 || r.Limit <= 0 || r.Ratio <= 0 {
			t.Errorf("%s %s: value %v, limit %v, ratio %v", r.Measure, r.Level, r.Value, r.Limit, r.Ratio)
		}
		if r.Measure == "inclusion proof" && !r.Met {
			t.Errorf("inclusion proof of %v hashes in a log bounded by %v", r.Value, r.Limit)
		}
	}
	for _, m := range []string{"dossier read (storage.Dossier, as the page)", "dossier read (storage.Dossier, whole dossier)", "log append (1 line per transaction)", "log verify",
		"inclusion proof", "HTTP dossier page (GET /groepen/{id})", "HTTP dossier items API (POST /api/v1/gegevens/_zoek)"} {
		if !seen[m] {
			t.Errorf("no result for %q", m)
		}
	}
	if rep.Extra["final_verify"] == nil {
		t.Error("the logs were not verified after the measures")
	}
	if n, ok := rep.Extra["verified_entries"].(int64); !ok || n < int64(tiny.LogEntries) {
		t.Errorf("verified %v entries, want at least the %d generated", rep.Extra["verified_entries"], tiny.LogEntries)
	}
	if rep.PeakRSSMiB <= 0 {
		t.Error("no peak memory")
	}
	// Every phase reports the most memory sampled in it, within the run's
	// peak, and the Go runtime's share at that moment (what it has mapped,
	// which need not all be resident, so it is not compared with it).
	rss, goMiB := rep.Extra["phase_rss_mib"].(map[string]float64), rep.Extra["phase_go_mib"].(map[string]float64)
	for _, name := range []string{"setup", "loading", "settle", "dossier", "HTTP"} {
		if rss[name] <= 0 || rss[name] > math.Round(rep.PeakRSSMiB)+1 || goMiB[name] <= 0 {
			t.Errorf("phase %s: %v MiB resident at most, Go %v MiB of it (run's peak %v MiB)", name, rss[name], goMiB[name], rep.PeakRSSMiB)
		}
	}
	// On Linux each HTTP level says how busy the machine's cores were.
	if _, ok := readMachineTicks(); ok {
		for _, r := range rep.Results {
			if strings.HasPrefix(r.Measure, "HTTP dossier") && r.Unit == "req/s" && !strings.Contains(r.Note, "% busy") {
				t.Errorf("%s %s: no machine load in %q", r.Measure, r.Level, r.Note)
			}
		}
	}

	// A database that holds data is refused.
	if _, err := Run(context.Background(), db, Config{Size: tiny, Seed: 3}); err == nil {
		t.Error("the benchmark filled a database that already held data")
	}
}

// TestGeneratorIsDeterministic checks that a seed fixes the generated
// identifiers and texts.
func TestGeneratorIsDeterministic(t *testing.T) {
	draw := func(seed uint64) []string {
		g := &generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
		var out []string
		for range 20 {
			out = append(out, g.id(), g.hex(16), g.text(60))
		}
		return out
	}
	if !slices.Equal(draw(1), draw(1)) {
		t.Error("the same seed gave different data")
	}
	if slices.Equal(draw(1), draw(2)) {
		t.Error("different seeds gave the same data")
	}
}

// TestGuard checks the regression guard: a ratio beyond twice its target
// fails, within twice it does not.
func TestGuard(t *testing.T) {
	for _, tc := range []struct {
		goal       string
		ratio      float64
		met, guard bool
	}{
		{"≤ 2", 1.5, true, true}, {"≤ 2", 3.9, false, true}, {"≤ 2", 4.1, false, false},
		{"≥ 0.5", 0.6, true, true}, {"≥ 0.5", 0.3, false, true}, {"≥ 0.5", 0.2, false, false},
	} {
		r := Result{Ratio: tc.ratio}
		r.goal(tc.goal)
		if r.Met != tc.met || r.Guard != tc.guard {
			t.Errorf("%s at %v: met %v guard %v, want %v %v", tc.goal, tc.ratio, r.Met, r.Guard, tc.met, tc.guard)
		}
		rep := &Report{Results: []Result{r}}
		if got := len(rep.Failed()) > 0; got != !tc.guard {
			t.Errorf("%s at %v: failed %v", tc.goal, tc.ratio, got)
		}
		r.Unguarded = true
		if rep := (&Report{Results: []Result{r}}); len(rep.Failed()) > 0 {
			t.Errorf("%s at %v: an unguarded goal failed the run", tc.goal, tc.ratio)
		}
	}
}
