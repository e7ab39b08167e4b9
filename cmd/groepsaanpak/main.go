// Command groepsaanpak runs and manages Groepsaanpak: the shared, secure case
// file of the partners of the covenant for the integrated approach of
// problematic youth groups.
//
// Usage:
//
//	groepsaanpak serve [--demo] [--addr 127.0.0.1:8080] [--data ./data] [--database URL]
//	groepsaanpak migrate | demo | user | token | import registrations | log verify | backup | restore | retention | openapi | bench | version
//
// Run "groepsaanpak COMMAND -h" for the flags of a command.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	ga "github.com/groepsaanpak/groepsaanpak"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) && !errors.Is(err, errReported) {
			fmt.Fprintln(os.Stderr, "groepsaanpak:", message(err))
		}
		os.Exit(exitCode(err))
	}
}

// errReported marks an error whose message was already written.
var errReported = errors.New("reported")

// env is how commands read the environment; tests pass their own.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "start de webserver en de API", runServe},
		{"migrate", "pas databasemigraties toe", runMigrate},
		{"demo", "laad demogegevens of toon een demo-inlogcode", runDemo},
		{"partner", "leg partners vast (eerste inrichting)", runPartner},
		{"user", "beheer gebruikers", runUser},
		{"token", "beheer API-tokens", runToken},
		{"import", "importeer politieregistraties voor de Groepsscan", runImport},
		{"log", "controleer de logboeken (log verify)", runLog},
		{"backup", "maak een versleutelde back-up van de ingebouwde database", runBackup},
		{"restore", "zet een back-up terug in een nieuwe map", runRestore},
		{"keys", "beheer de hoofdsleutel van de versleuteling (keys generate FILE, keys rotate [--new-key FILE])", runKeys},
		{"retention", "pas de bewaartermijnen toe (retention run [--dry-run])", runRetention},
		{"openapi", "schrijf het OpenAPI-document van de API", runOpenAPI},
		{"bench", "meet de prestaties op landelijke schaal naast hun grenzen", runBench},
		{"version", "toon de versie", runVersion},
	}
}

// run is the whole program, so that tests can start it with their own
// arguments, environment and output.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return errors.New("geef een opdracht")
		}
		return flag.ErrHelp
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	usage(stderr)
	return fmt.Errorf("onbekende opdracht %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Gebruik: groepsaanpak OPDRACHT [opties]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Opdrachten:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Gebruik 'groepsaanpak OPDRACHT -h' voor de opties van een opdracht.")
}

// message renders an error for the terminal: the Dutch message of a domain
// error with its details, or the plain error otherwise.
func message(err error) string {
	var e *ga.Error
	if errors.As(err, &e) {
		s := e.Message
		for _, d := range e.Details {
			s += "\n  - " + d.Message
		}
		return s
	}
	return err.Error()
}

// exitCode maps an error to the process's exit status: 2 for usage errors,
// 3 when the Art 8 gate refuses, 4 for refused access, 1 otherwise.
func exitCode(err error) int {
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	}
	var u usageError
	if errors.As(err, &u) {
		return 2
	}
	switch ga.KindOf(err) {
	case ga.KindGateClosed:
		return 3
	case ga.KindForbidden, ga.KindNotFound, ga.KindUnauthenticated:
		return 4
	}
	return 1
}

// usageError is a mistake in the command line itself (exit status 2).
type usageError string

func (u usageError) Error() string { return string(u) }

func usageErr(format string, a ...any) error { return usageError(fmt.Sprintf(format, a...)) }

func newFlagSet(e env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Gebruik: groepsaanpak %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}
