package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	ga "github.com/groepsaanpak/groepsaanpak"
)

const partnerSynopsis = `partner create --name NAAM --kind SOORT --public-tasks TEKST --legal-grounds TEKST --complaints TEKST --dpo TEKST
       groepsaanpak partner list

Soorten: gemeente, politie, om, jeugdhulp, veilig_thuis, raad_kinderbescherming, halt,
reclassering, school, woningcorporatie, leerplicht, wijkteam.
Bij de eerste inrichting maakt 'partner create' de eerste partner, waarna 'user create'
de eerste beheerder maakt; de rest gaat via de webinterface of de API.`

func runPartner(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(e.stderr, "Gebruik: groepsaanpak "+partnerSynopsis)
		if len(args) == 0 {
			return usageErr("geef een handeling")
		}
		return nil
	}
	sub, args := args[0], args[1:]
	fs := newFlagSet(e, "partner "+sub, partnerSynopsis)
	var db dbFlags
	db.register(fs)
	var p ga.Partner
	fs.StringVar(&p.Name, "name", "", "naam van de partner")
	kind := fs.String("kind", "", "soort partner")
	fs.StringVar(&p.PublicTasks, "public-tasks", "", "publieke taken ('gelet op hun taken')")
	fs.StringVar(&p.LegalGrounds, "legal-grounds", "", "wettelijke grondslagen")
	fs.StringVar(&p.ComplaintsCommittee, "complaints", "", "klachtencommissie")
	fs.StringVar(&p.DataProtectionOfficer, "dpo", "", "functionaris gegevensbescherming")
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
	case "create":
		p.Kind = ga.PartnerKind(*kind)
		if err := store.CreatePartner(ctx, &p); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Partner %s (%s) vastgelegd met id %s.\n", p.Name, p.Kind.Label(), p.ID)
	case "list":
		partners, err := store.Partners(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tNAAM\tSOORT")
		for _, p := range partners {
			fmt.Fprintf(w, "%s\t%s\t%s\n", p.ID, p.Name, p.Kind)
		}
		return w.Flush()
	default:
		return usageErr("onbekende handeling %q voor partner", sub)
	}
	return nil
}
