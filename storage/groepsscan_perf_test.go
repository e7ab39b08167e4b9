package storage_test

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/groepsaanpak/groepsaanpak/groepsscan"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// TestGroepsscanPerformance measures the whole Groepsscan on N generated
// registrations (GROEPSAANPAK_SCAN_PERF_N, e.g. 1000000; skipped when
// unset): the bare read and parse of the file, the import into the
// database, the detection with profiles, and a re-scan after 1% new
// registrations, with the ratio to the bare parse and the process's peak
// memory. It reports the figures for docs/performance.md and asserts
// nothing about time.
func TestGroepsscanPerformance(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("GROEPSAANPAK_SCAN_PERF_N"))
	if n <= 0 {
		t.Skip("set GROEPSAANPAK_SCAN_PERF_N to the number of registrations")
	}
	c := newCasework(t)
	end := c.db.Now()
	path := filepath.Join(t.TempDir(), "registraties.csv")
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	bw := bufio.NewWriterSize(fh, 1<<20)
	w, err := groepsscan.NewCSVWriter(bw)
	if err != nil {
		t.Fatal(err)
	}
	cfg := groepsscan.DefaultGenerateConfig(n, 1, end)
	truth, err := groepsscan.Generate(cfg, w.Write)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	bw.Flush()
	fh.Close()
	st, _ := os.Stat(path)
	t.Logf("%d registrations, %d involvements, %d planted groups, %.0f MB CSV", n, truth.Involvements, len(truth.Groups), float64(st.Size())/1e6)
	runtime.GC()

	open := func() *os.File {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	start, cpu0 := time.Now(), cpuTime()
	rep, err := groepsscan.Parse(open(), groepsscan.CSV, func(groepsscan.Registration) error { return nil })
	if err != nil || rep.Valid != n {
		t.Fatalf("parse: %v, %+v", err, rep.Rejected)
	}
	parse, parseCPU := time.Since(start), cpuTime()-cpu0

	start, cpu0 = time.Now(), cpuTime()
	irep, err := c.db.ImportRegistrations(c.police, open(), groepsscan.CSV, storage.ImportOptions{})
	if err != nil || irep.Inserted+irep.Expired != n {
		t.Fatalf("import: %v, %d inserted, %d past the retention period", err, irep.Inserted, irep.Expired)
	}
	imp, impCPU := time.Since(start), cpuTime()-cpu0

	start, cpu0 = time.Now(), cpuTime()
	first, err := c.db.RunScan(c.police, groepsscan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	scan, scanCPU := time.Since(start), cpuTime()-cpu0

	// 1% new registrations a day later, then a re-scan.
	c.clock.Advance(24 * time.Hour)
	extra := filepath.Join(t.TempDir(), "extra.csv")
	fe, _ := os.Create(extra)
	we, _ := groepsscan.NewCSVWriter(fe)
	ecfg := groepsscan.DefaultGenerateConfig(n/100, 2, c.db.Now())
	ecfg.Years = 1
	k := 0
	if _, err := groepsscan.Generate(ecfg, func(r groepsscan.Registration) error {
		k++
		r.ID = "EXTRA-" + strconv.Itoa(k)
		return we.Write(r)
	}); err != nil {
		t.Fatal(err)
	}
	we.Flush()
	fe.Close()
	fx, _ := os.Open(extra)
	defer fx.Close()
	start, cpu0 = time.Now(), cpuTime()
	if _, err := c.db.ImportRegistrations(c.police, fx, groepsscan.CSV, storage.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	reimp, reimpCPU := time.Since(start), cpuTime()-cpu0
	start, cpu0 = time.Now(), cpuTime()
	second, err := c.db.RunScan(c.police, groepsscan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rescan, rescanCPU := time.Since(start), cpuTime()-cpu0

	total, totalCPU := imp+scan, impCPU+scanCPU
	t.Logf("backend %s; wall-clock time, and CPU time of this process (the database server's not included)", c.db.Dialect())
	t.Logf("bare parse          %8.1f s wall %8.1f s CPU", parse.Seconds(), parseCPU.Seconds())
	t.Logf("import              %8.1f s wall %8.1f s CPU", imp.Seconds(), impCPU.Seconds())
	t.Logf("scan                %8.1f s wall %8.1f s CPU (detection + profiles: %d registrations in the window, %d groups)", scan.Seconds(), scanCPU.Seconds(), first.Registrations, first.Groups)
	t.Logf("import + scan       %8.1f s wall %8.1f s CPU = %.1f × (wall) and %.1f × (CPU) the bare parse",
		total.Seconds(), totalCPU.Seconds(), total.Seconds()/parse.Seconds(), totalCPU.Seconds()/parseCPU.Seconds())
	t.Logf("+1%%: import %.1f s wall %.1f s CPU, re-scan %.1f s wall %.1f s CPU (%d groups)",
		reimp.Seconds(), reimpCPU.Seconds(), rescan.Seconds(), rescanCPU.Seconds(), second.Groups)
	t.Logf("+1%%: import + re-scan = %.1f%% (wall) and %.1f%% (CPU) of the first import + scan; the re-scan alone %.0f%% (wall) and %.0f%% (CPU) of the first scan",
		100*(reimp+rescan).Seconds()/total.Seconds(), 100*(reimpCPU+rescanCPU).Seconds()/totalCPU.Seconds(),
		100*rescan.Seconds()/scan.Seconds(), 100*rescanCPU.Seconds()/scanCPU.Seconds())
	t.Logf("peak memory (VmHWM) %s", peakMemory())
}

// peakMemory returns the process's peak resident memory on Linux.
func peakMemory() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:"))
		}
	}
	return "unknown"
}

// cpuTime is the user and system CPU time of this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
