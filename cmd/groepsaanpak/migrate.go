package main

import (
	"context"
	"fmt"
)

func runMigrate(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "migrate", "migrate [--data MAP] [--database URL]")
	var db dbFlags
	db.register(fs)
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
	cur, latest, err := store.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Database (%s) is bijgewerkt: migratie %d van %d.\n", store.Dialect(), cur, latest)
	return nil
}
