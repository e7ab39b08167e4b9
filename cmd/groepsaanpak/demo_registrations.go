package main

import (
	"bufio"
	"context"
	"fmt"
	"time"

	"github.com/groepsaanpak/groepsaanpak/groepsscan"
)

const demoRegistrationsSynopsis = `demo registrations [--n N] [--seed S] [--format csv|jsonl] [--end JJJJ-MM-DD]

Schrijft N synthetische politieregistraties naar de standaarduitvoer: geplante groepen van 5–40 leden,
losse personen, ruis, tikfouten in namen en 23 maanden aan datums, binnen de bewaartermijn van registraties (docs/registrations.md). Dezelfde
--seed en --end geven dezelfde registraties.`

func runDemoRegistrations(_ context.Context, e env, args []string) error {
	fs := newFlagSet(e, "demo registrations", demoRegistrationsSynopsis)
	n := fs.Int("n", 1000, "aantal registraties")
	seed := fs.Uint64("seed", 1, "startwaarde van de generator")
	format := fs.String("format", "csv", "csv of jsonl")
	end := fs.String("end", "", "datum na de laatste registratie (standaard: vandaag)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("onverwacht argument %q", fs.Arg(0))
	}
	if *n <= 0 {
		return usageErr("--n moet positief zijn")
	}
	f, err := groepsscan.ParseFormat(*format)
	if err != nil {
		return usageErr("%v", err)
	}
	until := time.Now().UTC().Truncate(24 * time.Hour)
	if *end != "" {
		if until, err = time.Parse(time.DateOnly, *end); err != nil {
			return usageErr("--end: gebruik JJJJ-MM-DD")
		}
	}
	w := bufio.NewWriterSize(e.stdout, 1<<16)
	var write func(groepsscan.Registration) error
	var flush func() error
	if f == groepsscan.CSV {
		cw, err := groepsscan.NewCSVWriter(w)
		if err != nil {
			return err
		}
		write, flush = cw.Write, cw.Flush
	} else {
		write, flush = groepsscan.NewJSONLWriter(w).Write, func() error { return nil }
	}
	// Within the retention period of registrations
	// (groepsscan.RetentionMonths), which an import counts back from the
	// moment it runs: an import skips older ones. The span ends at the
	// start of today, so it begins a month inside the period rather than
	// at its edge, where the hours since midnight would put the first
	// registrations past it.
	cfg := groepsscan.DefaultGenerateConfig(*n, *seed, until)
	cfg.Months = groepsscan.RetentionMonths - 1
	truth, err := groepsscan.Generate(cfg, write)
	if err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%d registraties met %d betrokkenen, %d geplante groepen.\n", *n, truth.Involvements, len(truth.Groups))
	return nil
}
