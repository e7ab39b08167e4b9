package main

import (
	"context"
	"fmt"

	ga "github.com/groepsaanpak/groepsaanpak"
)

func runLog(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(e.stderr, "Gebruik: groepsaanpak log verify [--data MAP] [--database URL]")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return usageErr("geef 'log verify'")
	}
	fs := newFlagSet(e, "log verify", "log verify [--data MAP] [--database URL] [--log-key BESTAND]")
	var db dbFlags
	db.register(fs)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	store, err := db.open(ctx, e)
	if err != nil {
		return err
	}
	defer store.Close()
	report, err := store.VerifyLogs(ga.WithActor(ctx, ga.SystemActor("log verify")))
	if err != nil {
		return err
	}
	fmt.Fprint(e.stdout, report.String())
	if !report.OK() {
		return fmt.Errorf("%w: de logboeken zijn niet intact", errReported)
	}
	return nil
}
