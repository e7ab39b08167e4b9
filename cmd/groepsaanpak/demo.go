package main

import (
	"context"
	"fmt"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/auth"
	"github.com/groepsaanpak/groepsaanpak/demo"
)

const demoSynopsis = `demo [--data MAP] [--database URL]     laad het democonvenant in een lege database
       groepsaanpak demo code --user E-MAIL   toon de actuele tweede-factorcode van een demogebruiker
       groepsaanpak demo registrations        schrijf synthetische politieregistraties (zie demo registrations -h)`

func runDemo(ctx context.Context, e env, args []string) error {
	if len(args) > 0 && args[0] == "registrations" {
		return runDemoRegistrations(ctx, e, args[1:])
	}
	sub := "load"
	if len(args) > 0 && args[0] == "code" {
		sub, args = "code", args[1:]
	}
	fs := newFlagSet(e, "demo", demoSynopsis)
	var db dbFlags
	db.register(fs)
	email := fs.String("user", "", "e-mailadres van de demogebruiker (bij 'demo code')")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("onverwacht argument %q", fs.Arg(0))
	}
	store, err := db.open(ctx, e)
	if err != nil {
		return err
	}
	defer store.Close()
	ctx = ga.WithActor(ctx, ga.SystemActor("demo"))

	if sub == "code" {
		if *email == "" {
			return usageErr("geef --user")
		}
		secret, err := store.DemoSecondFactorSecret(ctx, *email)
		if err != nil {
			return err
		}
		code, err := auth.TOTPCode(secret, store.Now())
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, code)
		return nil
	}
	empty, err := store.Empty(ctx)
	if err != nil {
		return err
	}
	logins, err := demo.LoadIfEmpty(ctx, store)
	if err != nil {
		return err
	}
	if empty {
		fmt.Fprintln(e.stdout, "Het democonvenant is geladen.")
	} else {
		fmt.Fprintln(e.stdout, "De database bevat al gegevens; er is niets geladen.")
	}
	demo.PrintLogins(e.stdout, logins)
	return nil
}
