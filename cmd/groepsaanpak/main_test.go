package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// program is one run of the whole program in the test process, with its own
// arguments and environment, as a user would start it.
type program struct {
	t      *testing.T
	data   string
	dbURL  string
	getenv func(string) string
}

func newProgram(t *testing.T) *program {
	t.Helper()
	p := &program{t: t, data: t.TempDir(), dbURL: storagetest.URL(t)}
	p.getenv = func(k string) string {
		if k == envDatabaseURL {
			return p.dbURL
		}
		return ""
	}
	return p
}

// run runs a command to completion and returns its output and error.
func (p *program) run(stdin string, args ...string) (stdout, stderr string, err error) {
	p.t.Helper()
	var out, errb bytes.Buffer
	args = append(args, "--data", p.data)
	err = run(context.Background(), args, p.getenv, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

// serve starts "serve --demo" on a free port and returns its base URL and
// the printed output so far; the server stops when the test ends.
func (p *program) serve(extra ...string) (baseURL string, printed string) {
	p.t.Helper()
	return p.serveArgs(append([]string{"serve", "--demo", "--addr", "127.0.0.1:0", "--data", p.data}, extra...), `luistert op (http://\S+)`)
}

// serveArgs starts the program with args and waits for the line matching
// the address pattern.
func (p *program) serveArgs(args []string, addrPattern string) (baseURL string, printed string) {
	p.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, args, p.getenv, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	p.t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				p.t.Errorf("serve ended with %v", err)
			}
		case <-time.After(20 * time.Second):
			p.t.Error("serve did not stop")
		}
	})
	var b strings.Builder
	sc := bufio.NewScanner(pr)
	re := regexp.MustCompile(addrPattern)
	for sc.Scan() {
		line := sc.Text()
		b.WriteString(line + "\n")
		if m := re.FindStringSubmatch(line); m != nil {
			go io.Copy(io.Discard, pr)
			return m[1], b.String()
		}
	}
	p.t.Fatalf("serve printed no address; output:\n%s\n(ended: %v)", b.String(), <-done)
	return "", ""
}

func TestServeDemoAnswersInDutch(t *testing.T) {
	p := newProgram(t)
	base, printed := p.serve()
	for _, want := range []string{"coordinator@voorbeeldstad.example", "beheerder@voorbeeldstad.example", "wijkagent@politie.example", "demo code --user"} {
		if !strings.Contains(printed, want) {
			t.Errorf("demo logins printed at start lack %q:\n%s", want, printed)
		}
	}
	get := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}
	resp, body := get("/inloggen")
	if resp.StatusCode != 200 || !strings.Contains(body, `lang="nl"`) || !strings.Contains(body, "Inloggen") {
		t.Fatalf("GET /inloggen = %d, want the Dutch login page; body:\n%.400s", resp.StatusCode, body)
	}
	if resp, _ := get("/healthz"); resp.StatusCode != 200 {
		t.Errorf("/healthz = %d", resp.StatusCode)
	}
	if resp, _ := get("/readyz"); resp.StatusCode != 200 {
		t.Errorf("/readyz = %d", resp.StatusCode)
	}
	if resp, body := get("/api/v1/openapi.json"); resp.StatusCode != 200 || !strings.Contains(body, `"openapi"`) || resp.Header.Get("API-Version") == "" {
		t.Errorf("/api/v1/openapi.json = %d, API-Version %q", resp.StatusCode, resp.Header.Get("API-Version"))
	}
}

// TestDemoLoginsWorkWithTheirSecondFactor logs in as a printed demo user
// through the API: a token made on the command line, then /api/v1/ik.
func TestDemoLoginsWork(t *testing.T) {
	p := newProgram(t)
	base, _ := p.serve()
	token, _, err := p.run("", "token", "create", "--user", "coordinator@voorbeeldstad.example")
	if err != nil {
		t.Fatalf("token create: %v", err)
	}
	req, _ := http.NewRequest("GET", base+"/api/v1/ik", nil)
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(token))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var me map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&me); err != nil || resp.StatusCode != 200 {
		t.Fatalf("/api/v1/ik = %d, %v", resp.StatusCode, err)
	}
	if !strings.Contains(strings.ToLower(toJSON(me)), "coordinator@voorbeeldstad.example") {
		t.Fatalf("/api/v1/ik does not name the user: %s", toJSON(me))
	}
	code, _, err := p.run("", "demo", "code", "--user", "coordinator@voorbeeldstad.example")
	if err != nil || !regexp.MustCompile(`^\d{6}\n$`).MatchString(code) {
		t.Fatalf("demo code = %q, %v; want six digits", code, err)
	}
	if _, _, err := p.run("", "demo", "code", "--user", "niemand@voorbeeldstad.example"); !ga.IsKind(err, ga.KindNotFound) {
		t.Fatalf("demo code for an unknown user = %v, want not found", err)
	}
}

func toJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestLogVerifyCommand(t *testing.T) {
	p := newProgram(t)
	if _, _, err := p.run("", "demo"); err != nil {
		t.Fatalf("demo: %v", err)
	}
	out, _, err := p.run("", "log", "verify")
	if err != nil {
		t.Fatalf("log verify on an intact log: %v\n%s", err, out)
	}
	// Tamper with one audit entry directly in the database.
	db := storagetest.OpenURL(t, p.dbURL, storagetest.Options{NoMigrate: true})
	if _, err := db.SQL().Exec(`UPDATE log_entries SET action = 'partner_delete' WHERE log = 'audit' AND idx = 1`); err != nil {
		t.Fatalf("tamper: %v", err)
	}
	out, _, err = p.run("", "log", "verify")
	if err == nil || exitCode(err) == 0 {
		t.Fatalf("log verify after tampering succeeded:\n%s", out)
	}
	if !strings.Contains(out, "1") {
		t.Fatalf("log verify output does not name the bad entry:\n%s", out)
	}
}

func TestUserAndTokenCommands(t *testing.T) {
	p := newProgram(t)
	if _, _, err := p.run("", "demo"); err != nil {
		t.Fatalf("demo: %v", err)
	}
	out, _, err := p.run("een-lang-en-sterk-wachtwoord\n", "user", "create", "--email", "Nieuw@Voorbeeldstad.example", "--name", "Nina Nieuw",
		"--partner", "Gemeente Voorbeeldstad", "--roles", "professional", "--password-stdin")
	if err != nil {
		t.Fatalf("user create: %v", err)
	}
	if !strings.Contains(out, "nieuw@voorbeeldstad.example") {
		t.Fatalf("user create output: %s", out)
	}
	out, _, err = p.run("", "user", "list")
	if err != nil || !strings.Contains(out, "nieuw@voorbeeldstad.example") {
		t.Fatalf("user list = %v:\n%s", err, out)
	}
	if _, _, err := p.run("", "user", "create", "--email", "x@voorbeeldstad.example", "--name", "X", "--partner", "Gemeente Voorbeeldstad", "--roles", "admin,coordinator"); !ga.IsKind(err, ga.KindInvalid) {
		t.Fatalf("admin combined with coordinator = %v, want invalid", err)
	}
	token, _, err := p.run("", "token", "create", "--user", "nieuw@voorbeeldstad.example")
	if err != nil || !strings.HasPrefix(token, "gat_") {
		t.Fatalf("token create = %q, %v", token, err)
	}
	out, _, err = p.run("", "token", "list", "--user", "nieuw@voorbeeldstad.example")
	if err != nil {
		t.Fatal(err)
	}
	id := strings.Fields(strings.Split(out, "\n")[1])[0]
	if _, _, err := p.run("", "token", "revoke", "--id", id); err != nil {
		t.Fatalf("token revoke: %v", err)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
	}{
		{[]string{"onzin"}, 1},
		{[]string{"serve", "--tls-cert", "x"}, 2},
		{[]string{"user", "create"}, 2},
		{[]string{"version"}, 0},
		{[]string{"serve", "-h"}, 0},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), tt.args, func(string) string { return "" }, strings.NewReader(""), &out, &out)
			if got := 0; err != nil {
				got = exitCode(err)
				if got != tt.code {
					t.Fatalf("exit code = %d (%v), want %d", got, err, tt.code)
				}
			} else if tt.code != 0 {
				t.Fatalf("no error, want exit code %d", tt.code)
			}
		})
	}
}

// TestGateRefusalOnTheCommandLine checks that a refusal by the Art 8 gate
// gives a non-zero exit status and the gate's message with what is missing.
func TestGateRefusalOnTheCommandLine(t *testing.T) {
	err := ga.CheckGate(ga.GateState{}, time.Now())
	if exitCode(err) != 3 {
		t.Fatalf("exit code for a closed gate = %d, want 3", exitCode(err))
	}
	msg := message(err)
	for _, want := range []string{"artikel 8", "convenant is nog niet vastgelegd", "register van verwerkingsactiviteiten"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}
