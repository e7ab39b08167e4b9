package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// EnvCrashKills sets the number of kills of the crash test (default 24,
// 20 with -short); a nightly run can ask for more.
const EnvCrashKills = "GROEPSAANPAK_CRASH_KILLS"

// buildBinary builds the real program once per test binary.
var buildBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "groepsaanpak-bin-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "groepsaanpak")
	goTool, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("the crash test builds the program with the go command: %w", err)
	}
	cmd := exec.Command(goTool, "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// crashRig runs the real binary against one data directory and database.
type crashRig struct {
	t    *testing.T
	bin  string
	data string
	env  []string
}

func (r *crashRig) command(args ...string) *exec.Cmd {
	cmd := exec.Command(r.bin, append(args, "--data", r.data)...)
	cmd.Env = append(os.Environ(), r.env...)
	return cmd
}

func (r *crashRig) mustRun(args ...string) string {
	r.t.Helper()
	out, err := r.command(args...).CombinedOutput()
	if err != nil {
		r.t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

var listenRE = regexp.MustCompile(`luistert op (http://\S+)`)

// start starts the server and returns its process and base URL.
func (r *crashRig) start() (*exec.Cmd, string) {
	r.t.Helper()
	cmd := r.command("serve", "--addr", "127.0.0.1:0", "--log-verify-interval", "0", "--read-check-interval", "0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		r.t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := listenRE.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		close(found)
	}()
	select {
	case base, ok := <-found:
		if !ok {
			cmd.Wait()
			r.t.Fatalf("server ended before listening:\n%s", stderr.String())
		}
		return cmd, base
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		r.t.Fatalf("server did not start:\n%s", stderr.String())
	}
	return nil, ""
}

// TestCrashLosesNoAcknowledgedWrite starts the real server, drives writes
// through the API from several clients, kills the server with SIGKILL at
// random moments and restarts it; afterwards every write the API
// acknowledged (201 with the new id) is in the database and both logs
// verify. On SQLite (embedded) and PostgreSQL.
func TestCrashLosesNoAcknowledgedWrite(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL is a POSIX signal")
	}
	kills := 24
	if testing.Short() {
		kills = 20
	}
	if s := os.Getenv(EnvCrashKills); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("%s=%q", EnvCrashKills, s)
		}
		kills = n
	}
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			r := &crashRig{t: t, bin: bin, data: t.TempDir()}
			dbURL := "sqlite:" + filepath.Join(r.data, "groepsaanpak.db")
			if backend == "postgres" {
				dbURL = storagetest.PostgresURL(t)
				r.env = []string{envDatabaseURL + "=" + dbURL}
			}
			crashTest(t, r, dbURL, kills)
		})
	}
}

func crashTest(t *testing.T, r *crashRig, dbURL string, kills int) {
	r.mustRun("demo")
	out := r.mustRun("token", "create", "--user", "coordinator@voorbeeldstad.example", "--description", "crashtest")
	token := regexp.MustCompile(`gat_\S+`).FindString(out)
	if token == "" {
		t.Fatalf("no token in:\n%s", out)
	}

	var mu sync.Mutex
	acked := map[string]bool{}
	attempts, failures := 0, 0
	const clients = 4
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))

	for kill := 0; kill < kills; kill++ {
		cmd, base := r.start()
		ctx, stop := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				hc := &http.Client{Timeout: 10 * time.Second}
				for n := 0; ctx.Err() == nil; n++ {
					body, _ := json.Marshal(map[string]any{
						"titel": fmt.Sprintf("Crashtest %d-%d-%d", kill, c, n), "aard": "Schrijftest.", "informatiepunt": "Beheer",
						"aanbevolenMaatregelen": "Geen.", "gevolgenEnMaatregelen": "Geen.", "datalek": false,
						"bekendSinds": time.Now().UTC().Add(-time.Minute).Format(time.RFC3339),
					})
					req, _ := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/incidenten", bytes.NewReader(body))
					req.Header.Set("Authorization", "Bearer "+token)
					req.Header.Set("Content-Type", "application/json")
					resp, err := hc.Do(req)
					mu.Lock()
					attempts++
					mu.Unlock()
					if err != nil {
						mu.Lock()
						failures++
						mu.Unlock()
						if ctx.Err() != nil {
							return
						}
						time.Sleep(5 * time.Millisecond)
						continue
					}
					var created struct {
						ID string `json:"id"`
					}
					dec := json.NewDecoder(resp.Body).Decode(&created)
					resp.Body.Close()
					if resp.StatusCode == http.StatusCreated && dec == nil && created.ID != "" {
						mu.Lock()
						acked[created.ID] = true
						mu.Unlock()
					}
				}
			}()
		}
		// Kill at a random moment between 50 and 400 ms into the load.
		time.Sleep(time.Duration(50+rng.IntN(350)) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		stop()
		wg.Wait()
	}

	// Every acknowledged write is there after the last restart.
	cmd, _ := r.start()
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	db, err := storage.Open(context.Background(), storage.Config{URL: dbURL})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.SQL().Query(`SELECT id FROM incidents`)
	if err != nil {
		t.Fatal(err)
	}
	present := map[string]bool{}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		present[id] = true
	}
	rows.Close()
	lost := 0
	for id := range acked {
		if !present[id] {
			lost++
		}
	}
	var audited int
	db.SQL().QueryRow(`SELECT count(*) FROM log_entries WHERE log = 'audit' AND action = 'incident_report'`).Scan(&audited)
	t.Logf("%d kills; %d requests, %d failed at a kill; %d acknowledged writes checked, %d incidents present, %d audit lines of reports; %d lost",
		kills, attempts, failures, len(acked), len(present), audited, lost)
	if lost > 0 {
		t.Errorf("%d acknowledged writes lost", lost)
	}
	if len(acked) < kills {
		t.Errorf("only %d acknowledged writes in %d runs: the load did not reach the server", len(acked), kills)
	}
	if audited != len(present) {
		t.Errorf("%d incidents but %d audit lines of their reports: a write and its log line were split", len(present), audited)
	}
	if out, err := r.command("log", "verify").CombinedOutput(); err != nil {
		t.Errorf("log verify after %d kills: %v\n%s", kills, err, out)
	}
}
