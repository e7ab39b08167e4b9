package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"text/tabwriter"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

const userSynopsis = `user create --email E --name NAAM --partner PARTNER --roles ROL[,ROL] [--password-stdin]
       groepsaanpak user list
       groepsaanpak user set-password --email E [--password-stdin]
       groepsaanpak user reset-2fa --email E
       groepsaanpak user deactivate --email E
       groepsaanpak user activate --email E

Rollen: coordinator, driehoek, professional, privacy_officer, auditor, admin.
Zonder --password-stdin wordt een sterk wachtwoord gemaakt en getoond.`

func runUser(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(e.stderr, "Gebruik: groepsaanpak "+userSynopsis)
		if len(args) == 0 {
			return usageErr("geef een handeling")
		}
		return nil
	}
	sub, args := args[0], args[1:]
	fs := newFlagSet(e, "user "+sub, userSynopsis)
	var db dbFlags
	db.register(fs)
	email := fs.String("email", "", "e-mailadres van de gebruiker")
	name := fs.String("name", "", "naam van de gebruiker")
	partner := fs.String("partner", "", "naam of id van de partner waarvoor de gebruiker werkt")
	roles := fs.String("roles", "", "rollen, gescheiden door komma's")
	pwStdin := fs.Bool("password-stdin", false, "lees het wachtwoord van de standaardinvoer")
	if err := fs.Parse(args); err != nil {
		return err
	}
	store, err := db.open(ctx, e)
	if err != nil {
		return err
	}
	defer store.Close()
	ctx = ga.WithActor(ctx, ga.SystemActor("cli"))

	password := func() (string, bool, error) {
		if *pwStdin {
			line, err := bufio.NewReader(e.stdin).ReadString('\n')
			if err != nil && line == "" {
				return "", false, fmt.Errorf("wachtwoord lezen: %w", err)
			}
			return strings.TrimRight(line, "\r\n"), false, nil
		}
		return generatePassword(), true, nil
	}
	lookup := func() (*ga.User, error) {
		if *email == "" {
			return nil, usageErr("geef --email")
		}
		return store.UserByEmail(ctx, ga.NormalizeEmail(*email))
	}

	switch sub {
	case "create":
		if *email == "" || *name == "" || *partner == "" || *roles == "" {
			return usageErr("geef --email, --name, --partner en --roles")
		}
		p, err := findPartner(ctx, store, *partner)
		if err != nil {
			return err
		}
		pw, generated, err := password()
		if err != nil {
			return err
		}
		u := &ga.User{Email: ga.NormalizeEmail(*email), Name: *name, PartnerID: p.ID, Roles: parseRoles(*roles), Active: true}
		if err := store.CreateUser(ctx, u, pw); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Gebruiker %s aangemaakt (%s, %s).\n", u.Email, p.Name, strings.Join(roleLabels(u.Roles), ", "))
		if generated {
			fmt.Fprintf(e.stdout, "Wachtwoord: %s\nDe gebruiker stelt bij de eerste aanmelding de tweede factor in.\n", pw)
		}
	case "list":
		users, err := store.Users(ctx)
		if err != nil {
			return err
		}
		partners, err := store.Partners(ctx)
		if err != nil {
			return err
		}
		names := map[string]string{}
		for _, p := range partners {
			names[p.ID] = p.Name
		}
		w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "E-MAIL\tNAAM\tPARTNER\tROLLEN\tACTIEF\tTWEEDE FACTOR")
		for _, u := range users {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Email, u.Name, names[u.PartnerID], strings.Join(rolesText(u.Roles), ","), yesNo(u.Active), yesNo(u.TOTPEnrolled))
		}
		return w.Flush()
	case "set-password":
		u, err := lookup()
		if err != nil {
			return err
		}
		pw, generated, err := password()
		if err != nil {
			return err
		}
		if err := store.SetPassword(ctx, u.ID, pw); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Wachtwoord van %s gewijzigd.\n", u.Email)
		if generated {
			fmt.Fprintf(e.stdout, "Wachtwoord: %s\n", pw)
		}
	case "reset-2fa":
		u, err := lookup()
		if err != nil {
			return err
		}
		if err := store.ResetSecondFactor(ctx, u.ID); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "De tweede factor van %s is verwijderd; bij de volgende aanmelding wordt een nieuwe ingesteld.\n", u.Email)
	case "deactivate", "activate":
		u, err := lookup()
		if err != nil {
			return err
		}
		u.Active = sub == "activate"
		if err := store.UpdateUser(ctx, u); err != nil {
			return err
		}
		if u.Active {
			fmt.Fprintf(e.stdout, "Gebruiker %s is geactiveerd.\n", u.Email)
		} else {
			fmt.Fprintf(e.stdout, "Gebruiker %s is gedeactiveerd; sessies en tokens zijn beëindigd.\n", u.Email)
		}
	default:
		return usageErr("onbekende handeling %q voor user", sub)
	}
	return nil
}

// findPartner finds a partner by id or by (case-insensitive) name.
func findPartner(ctx context.Context, store *storage.DB, s string) (*ga.Partner, error) {
	partners, err := store.Partners(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range partners {
		if p.ID == s || strings.EqualFold(p.Name, s) {
			return &p, nil
		}
	}
	return nil, ga.E(ga.KindNotFound, "cli", "Partner niet gevonden: "+s+".")
}

func parseRoles(s string) []ga.Role {
	var out []ga.Role
	for _, r := range strings.Split(s, ",") {
		if r = strings.TrimSpace(r); r != "" {
			out = append(out, ga.Role(r))
		}
	}
	return out
}

func roleLabels(roles []ga.Role) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = r.Label()
	}
	return out
}

func rolesText(roles []ga.Role) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = string(r)
	}
	return out
}

func yesNo(b bool) string {
	if b {
		return "ja"
	}
	return "nee"
}

// generatePassword returns a random password of 20 characters from an
// alphabet without look-alike characters.
func generatePassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
	b := make([]byte, 20)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
