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
	var one, two float64
	var last loadResult
	// Alternate one and two nodes in rounds, so that both see the same
	// load of a shared machine.
	for range 2 {
		r1, err := loadNodes(ctx, client, []string{started[0].base}, t, cases, clients, m.cfg.Duration)
		if err != nil {
			return fmt.Errorf("one node: %w", err)
		}
		r2, err := loadNodes(ctx, client, []string{started[0].base, started[1].base}, t, cases, clients, m.cfg.Duration)
		if err != nil {
			return fmt.Errorf("two nodes: %w", err)
		}
		one, two, last = one+r1.rps, two+r2.rps, r2
	}
	r := Result{Measure: "HTTP dossier items API, 2 server processes", Level: fmt.Sprintf("%d clients", clients), Value: two / 2, Limit: one / 2,
		Unit: "req/s", Note: fmt.Sprintf("limit: the same load on one process; round robin over both; p99 %.0f ms; peak memory of the processes %.0f and %.0f MiB",
			ms(last.p99), started[0].peakMiB(), started[1].peakMiB())}
	m.add(r, "")
	return nil
}
