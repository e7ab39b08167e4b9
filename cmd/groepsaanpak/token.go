package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

const tokenSynopsis = `token create --user E-MAIL [--description TEKST] [--expires DUUR]
       groepsaanpak token list --user E-MAIL
       groepsaanpak token revoke --id ID`

func runToken(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(e.stderr, "Gebruik: groepsaanpak "+tokenSynopsis)
		if len(args) == 0 {
			return usageErr("geef een handeling")
		}
		return nil
	}
	sub, args := args[0], args[1:]
	fs := newFlagSet(e, "token "+sub, tokenSynopsis)
	var db dbFlags
	db.register(fs)
	email := fs.String("user", "", "e-mailadres van de gebruiker")
	description := fs.String("description", "aangemaakt via de opdrachtregel", "waarvoor het token dient")
	expires := fs.Duration("expires", 90*24*time.Hour, "geldigheidsduur; 0 betekent onbeperkt")
	id := fs.String("id", "", "id van het token")
	if err := fs.Parse(args); err != nil {
		return err
	}
	store, err := db.open(ctx, e)
	if err != nil {
		return err
	}
	defer store.Close()
	ctx = ga.WithActor(ctx, ga.SystemActor("cli"))

	switch sub {
	case "create", "list":
		if *email == "" {
			return usageErr("geef --user")
		}
		u, err := store.UserByEmail(ctx, ga.NormalizeEmail(*email))
		if err != nil {
			return err
		}
		if sub == "list" {
			tokens, err := store.Tokens(ctx, u.ID)
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tOMSCHRIJVING\tAANGEMAAKT\tVERLOOPT\tINGETROKKEN")
			for _, t := range tokens {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", t.ID, t.Description, t.CreatedAt.In(ga.Amsterdam).Format("2006-01-02 15:04"), timeOrDash(t.ExpiresAt), timeOrDash(t.RevokedAt))
			}
			return w.Flush()
		}
		var exp *time.Time
		if *expires > 0 {
			t := store.Now().Add(*expires)
			exp = &t
		}
		plain, _, err := store.CreateToken(ctx, u.ID, *description, exp)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, plain)
	case "revoke":
		if *id == "" {
			return usageErr("geef --id")
		}
		if err := store.RevokeToken(ctx, *id); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Token %s is ingetrokken.\n", *id)
	default:
		return usageErr("onbekende handeling %q voor token", sub)
	}
	return nil
}

func timeOrDash(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.In(ga.Amsterdam).Format("2006-01-02 15:04")
}
