package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// TestImportRegistrationsCommand generates registrations, imports them as
// the demo's neighbourhood officer twice (the second time changes nothing),
// refuses a municipal user, and refuses a file with an error unless
// --skip-invalid.
func TestImportRegistrationsCommand(t *testing.T) {
	p := newProgram(t)
	if _, _, err := p.run("", "demo"); err != nil {
		t.Fatalf("demo: %v", err)
	}
	var gen, msg bytes.Buffer
	if err := run(context.Background(), []string{"demo", "registrations", "--n", "400", "--seed", "3"}, p.getenv, nil, &gen, &msg); err != nil || !strings.Contains(msg.String(), "400 registraties") {
		t.Fatalf("demo registrations: %v %s", err, msg.String())
	}
	csv := gen.String()
	file := filepath.Join(t.TempDir(), "registraties.csv")
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, err := p.run("", "import", "registrations", file, "--as", "wijkagent@politie.example", "--scan")
	if err != nil {
		t.Fatalf("import: %v\n%s", err, errOut)
	}
	if !strings.Contains(out, "400 registraties gelezen: 400 nieuw, 0 gewijzigd, 0 ongewijzigd.") || !regexp.MustCompile(`Scan \S+: \d+ registraties, \d+ personen, [1-9]\d* groepen`).MatchString(out) {
		t.Errorf("output %q", out)
	}
	if errOut != "" {
		t.Errorf("no progress bar off a terminal, got %q", errOut)
	}
	out, _, err = p.run(csv, "import", "registrations", "-", "--format", "csv", "--as", "wijkagent@politie.example")
	if err != nil || !strings.Contains(out, "0 nieuw, 0 gewijzigd, 400 ongewijzigd") {
		t.Errorf("re-import from stdin: %v %q", err, out)
	}
	_, _, err = p.run("", "import", "registrations", file, "--as", "coordinator@voorbeeldstad.example")
	if !ga.IsKind(err, ga.KindForbidden) || exitCode(err) != 4 {
		t.Errorf("municipal import: %v", err)
	}
	bad := strings.Replace(csv, ",overlast,", ",lawaai,", 1)
	_, errOut, err = p.run(bad, "import", "registrations", "-", "--format", "csv", "--as", "wijkagent@politie.example")
	if err == nil || !regexp.MustCompile(`regel \d+ \(registratie \S+\): .*categorie moet overlast, criminaliteit of zorg zijn`).MatchString(errOut) {
		t.Errorf("file with an error: %v %q", err, errOut)
	}
	out, _, err = p.run(bad, "import", "registrations", "-", "--format", "csv", "--skip-invalid", "--as", "wijkagent@politie.example")
	if err != nil || !strings.Contains(out, "1 ongeldige overgeslagen") {
		t.Errorf("skipping: %v %q", err, out)
	}
	if _, _, err := p.run("", "import", "registrations", file); exitCode(err) != 2 {
		t.Errorf("without --as: %v", err)
	}
}
