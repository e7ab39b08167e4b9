package bench

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"time"
)

// machineTicks is the CPU time of the whole machine, in the kernel's clock
// ticks, as /proc/stat counts it: busy (every process, the database server
// and other workloads included) and all.
type machineTicks struct {
	busy, total int64
}

// readMachineTicks reads /proc/stat; ok is false where it does not exist
// (outside Linux) or cannot be read.
func readMachineTicks() (machineTicks, bool) {
	f, err := os.Open("/proc/stat")
	if err != nil {
		return machineTicks{}, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if !sc.Scan() {
		return machineTicks{}, false
	}
	return parseCPULine(sc.Text())
}

// parseCPULine parses the aggregate "cpu" line of /proc/stat: user, nice,
// system, idle, iowait, irq, softirq and steal ticks (guest time is already
// counted in user and nice). Idle and iowait are not busy.
func parseCPULine(line string) (machineTicks, bool) {
	f := strings.Fields(line)
	if len(f) < 5 || f[0] != "cpu" {
		return machineTicks{}, false
	}
	var t machineTicks
	for i, s := range f[1:min(len(f), 9)] {
		v, err := strconv.ParseInt(s, 10, 64)
		// Ticks beyond 2^50 (millennia at any clock rate) are not a
		// reading; refusing them keeps the sums from overflowing.
		if err != nil || v < 0 || v > 1<<50 {
			return machineTicks{}, false
		}
		t.total += v
		if i != 3 && i != 4 { // idle, iowait
			t.busy += v
		}
	}
	return t, t.total > 0
}

// machineLoad measures how busy the machine's cores are while fn runs.
type machineLoad struct {
	start machineTicks
	ok    bool
}

func startMachineLoad() machineLoad {
	t, ok := readMachineTicks()
	return machineLoad{start: t, ok: ok}
}

// busy is the fraction of the machine's CPU time that was busy since
// start, and whether it is known.
func (l machineLoad) busy() (float64, bool) {
	end, ok := readMachineTicks()
	if !ok || !l.ok || end.total <= l.start.total {
		return 0, false
	}
	return float64(end.busy-l.start.busy) / float64(end.total-l.start.total), true
}

// machinePerRequest is the machine's busy CPU time per request of a load
// served at rps on cores cores while the machine was busy for the fraction
// busy: a closed loop on this machine can be served at most at cores
// divided by it, whatever the number of server processes.
func machinePerRequest(busy float64, cores int, rps float64) time.Duration {
	if rps <= 0 {
		return 0
	}
	return time.Duration(busy * float64(cores) / rps * float64(time.Second))
}
