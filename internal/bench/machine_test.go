package bench

import (
	"strings"
	"testing"
	"time"
)

func TestParseCPULine(t *testing.T) {
	tests := []struct {
		line      string
		busy, tot int64
		ok        bool
	}{
		// user nice system idle iowait irq softirq steal guest guest_nice
		{"cpu  100 5 50 800 40 1 2 2 7 0", 160, 1000, true},
		{"cpu 10 0 10 80", 20, 100, true},
		{"cpu  1 2 3 4 5 6 7 8", 27, 36, true},
		{"cpu0 100 5 50 800 40 1 2 2 0 0", 0, 0, false},
		{"cpu 1 2 x 4", 0, 0, false},
		{"cpu 1 2 -3 4", 0, 0, false},
		{"cpu 0 0 0 0", 0, 0, false},
		{"cpu 1 2", 0, 0, false},
		{"cpu 9223372036854775807 9223372036854775807 1 1", 0, 0, false},
		{"", 0, 0, false},
	}
	for _, tc := range tests {
		got, ok := parseCPULine(tc.line)
		if ok != tc.ok || (ok && (got.busy != tc.busy || got.total != tc.tot)) {
			t.Errorf("parseCPULine(%q) = %+v, %v; want busy %d total %d, %v", tc.line, got, ok, tc.busy, tc.tot, tc.ok)
		}
	}
}

func FuzzParseCPULine(f *testing.F) {
	f.Add("cpu  100 5 50 800 40 1 2 2 7 0")
	f.Add("cpu 1 2 3 4")
	f.Fuzz(func(t *testing.T, line string) {
		got, ok := parseCPULine(line)
		if ok && (got.busy < 0 || got.busy > got.total || got.total <= 0) {
			t.Errorf("parseCPULine(%q) = %+v: busy outside 0..total", line, got)
		}
	})
}

func TestMachinePerRequest(t *testing.T) {
	tests := []struct {
		busy  float64
		cores int
		rps   float64
		want  time.Duration
	}{
		{1, 2, 100, 20 * time.Millisecond},
		{0.5, 2, 100, 10 * time.Millisecond},
		{1, 4, 2560, 1562500 * time.Nanosecond},
		{1, 2, 0, 0},
	}
	for _, tc := range tests {
		if got := machinePerRequest(tc.busy, tc.cores, tc.rps); got != tc.want {
			t.Errorf("machinePerRequest(%v, %d, %v) = %v, want %v", tc.busy, tc.cores, tc.rps, got, tc.want)
		}
	}
}

// TestNodesCPUNote checks the ceiling the two-node measure states: one
// process keeping 2 cores fully busy at 50 req/s uses 40 ms of the
// machine's CPU per request, so 50 req/s is all these cores can serve.
func TestNodesCPUNote(t *testing.T) {
	got := nodesCPUNote(1, 0.9, 50, 45, 2)
	for _, want := range []string{"2 cores 100 % busy with one process, 90 % with two", "40.0 and 40.0 ms", "at most 50 req/s"} {
		if !strings.Contains(got, want) {
			t.Errorf("nodesCPUNote = %q, want it to contain %q", got, want)
		}
	}
}
