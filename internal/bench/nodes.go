package bench

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/groepsaanpak/groepsaanpak/storage"
)

// Nodes says how to start application processes for the measure with
// several nodes: the program (groepsaanpak itself), the database they
// share and the file with the log signing key they share. It applies to
// PostgreSQL only, the database several nodes can share.
type Nodes struct {
	Executable  string
	DatabaseURL string
	LogKeyFile  string
	// KeyStoreFile and MasterKeyFile are the key store and master key of
	// the encryption at rest that every node shares.
	KeyStoreFile, MasterKeyFile string
}

// node is one started server process.
type node struct {
	cmd  *exec.Cmd
	base string
}

// startNode starts "groepsaanpak serve" on a free port and waits until it
// answers /readyz.
func startNode(ctx context.Context, cfg Nodes, dir string) (*node, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.CommandContext(ctx, cfg.Executable, "serve", "--addr", addr, "--data", dir,
		"--database", cfg.DatabaseURL, "--log-key", cfg.LogKeyFile, "--key-store", cfg.KeyStoreFile, "--master-key", cfg.MasterKeyFile)
	cmd.Env = append(os.Environ(), "GROEPSAANPAK_DATABASE_URL=")
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	n := &node{cmd: cmd, base: "http://" + addr}
	for range 300 {
		resp, err := http.Get(n.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return n, nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	n.stop()
	return nil, fmt.Errorf("node on %s did not become ready", addr)
}

// peakMiB is the node's peak resident memory (VmHWM).
func (n *node) peakMiB() float64 {
	return float64(statusKB("/proc/"+strconv.Itoa(n.cmd.Process.Pid)+"/status", "VmHWM:")) / 1024
}

func (n *node) stop() {
	n.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { n.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		n.cmd.Process.Kill()
		<-done
	}
}

// nodes measures the dossier API served by one and by two server
// processes on the same PostgreSQL database, with the clients' requests
// sent to the nodes in turn, and the peak memory of each server process.
// Afterwards the logs, written by both processes at once, must verify as
// one log (checked by Run at the end).
func (m *measurer) nodes(ctx context.Context) error {
	cfg := m.cfg.Nodes
	if m.w.db.Dialect() != storage.Postgres || cfg == nil {
		return nil
	}
	dir, err := os.MkdirTemp("", "groepsaanpak-nodes-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	var started []*node
	defer func() {
		for _, n := range started {
			n.stop()
		}
	}()
	for i := range 2 {
		n, err := startNode(ctx, *cfg, filepath.Join(dir, strconv.Itoa(i)))
		if err != nil {
			return err
		}
		started = append(started, n)
	}
	client := noRedirects(&http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256, MaxIdleConns: 256}, Timeout: 2 * time.Minute})
	defer client.CloseIdleConnections()
	cases := m.cases(256)
	t := targets[1]
	const clients = 32
	var one, two, busy1, busy2 float64
	known := true
	var last loadResult
	// Alternate one and two nodes in rounds, so that both see the same
	// load of a shared machine.
	for range 2 {
		l1 := startMachineLoad()
		r1, err := loadNodes(ctx, client, []string{started[0].base}, t, cases, clients, m.cfg.Duration)
		if err != nil {
			return fmt.Errorf("one node: %w", err)
		}
		b1, ok1 := l1.busy()
		l2 := startMachineLoad()
		r2, err := loadNodes(ctx, client, []string{started[0].base, started[1].base}, t, cases, clients, m.cfg.Duration)
		if err != nil {
			return fmt.Errorf("two nodes: %w", err)
		}
		b2, ok2 := l2.busy()
		one, two, last = one+r1.rps, two+r2.rps, r2
		busy1, busy2, known = busy1+b1, busy2+b2, known && ok1 && ok2
	}
	r := Result{Measure: "HTTP dossier items API, 2 server processes", Level: fmt.Sprintf("%d clients", clients), Value: two / 2, Limit: one / 2,
		Unit: "req/s", Note: fmt.Sprintf("limit: the same load on one process; round robin over both; p99 %.0f ms; peak memory of the processes %.0f and %.0f MiB",
			ms(last.p99), started[0].peakMiB(), started[1].peakMiB())}
	if known {
		r.Note += nodesCPUNote(busy1/2, busy2/2, one/2, two/2, m.rep.CPUs)
	}
	// The target is that throughput rises with the second process; where
	// one process already keeps the cores busy it cannot (the note says
	// how busy), but the guard still catches a second process that halves
	// it — two processes contending for the logs' heads, say.
	m.add(r, "≥ 1")
	return nil
}

// nodesCPUNote says how busy the machine's cores were with one process and
// with two, and the machine's CPU per request (the processes, PostgreSQL,
// the load generator and whatever else runs): when one process already
// keeps the cores busy, a second one has no CPU to add on this machine.
func nodesCPUNote(busy1, busy2, rps1, rps2 float64, cores int) string {
	return fmt.Sprintf("; the machine's %d cores %.0f %% busy with one process, %.0f %% with two; machine CPU per request %.1f and %.1f ms, "+
		"so at most %.0f req/s on these cores", cores, 100*busy1, 100*busy2,
		ms(machinePerRequest(busy1, cores, rps1)), ms(machinePerRequest(busy2, cores, rps2)),
		float64(cores)/machinePerRequest(busy1, cores, rps1).Seconds())
}
