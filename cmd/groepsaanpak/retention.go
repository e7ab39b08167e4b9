package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	ga "github.com/groepsaanpak/groepsaanpak"
)

func runRetention(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "run" {
		fmt.Fprintln(e.stderr, "Gebruik: groepsaanpak retention run [--dry-run] [--data MAP] [--database URL]")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return usageErr("geef 'retention run'")
	}
	fs := newFlagSet(e, "retention run", "retention run [--dry-run] [--data MAP] [--database URL]")
	var db dbFlags
	db.register(fs)
	dry := fs.Bool("dry-run", false, "toon wat zou worden verwijderd, zonder iets te verwijderen")
	if err := fs.Parse(args[1:]); err != nil {
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
	rep, err := store.ApplyRetention(ga.WithActor(ctx, ga.SystemActor("retention run")), *dry)
	if err != nil {
		return err
	}
	printRetention(e.stdout, rep)
	return nil
}

// printRetention lists a retention report by ids and counts, never names.
func printRetention(w io.Writer, rep *ga.RetentionReport) {
	verb := "Verwijderd"
	if rep.DryRun {
		verb = "Zou worden verwijderd (proefrun)"
	}
	r := rep.Registrations
	if len(rep.Deletions) == 0 && rep.GroupItems == 0 && rep.GroupMeetings == 0 && rep.GroupMeasures == 0 && r.Empty() {
		fmt.Fprintln(w, "Niets is over de bewaartermijn.")
		return
	}
	fmt.Fprintf(w, "%s:\n", verb)
	for _, d := range rep.Deletions {
		fmt.Fprintf(w, "  groep %s, persoon %s (%s): %d lidmaatschap(pen), %d gegeven(s), %d maatregel(en), %d afspra(a)k(en), %d betrokkenhe(i)d(en), %d overleg(gen)\n",
			d.GroupID, d.PersonID, d.Reason, d.Memberships, d.Items, d.Measures, d.Agreements, d.Involvements, d.Meetings)
	}
	if rep.GroupItems+rep.GroupMeetings > 0 {
		fmt.Fprintf(w, "  gegevens over afgesloten groepen: %d; verslagen van hun overleggen: %d\n", rep.GroupItems, rep.GroupMeetings)
	}
	if rep.GroupMeasures > 0 {
		fmt.Fprintf(w, "  teksten van groepsmaatregelen en -afspraken van afgesloten groepen: %d\n", rep.GroupMeasures)
	}
	for _, p := range rep.Persons {
		fmt.Fprintf(w, "  persoon %s geheel (geen lidmaatschap meer)\n", p)
	}
	if !r.Empty() {
		fmt.Fprintf(w, "  Groepsscan, van voor %s: %d registratie(s), %d persoon/personen, %d scan(s), %d zachte informatie\n",
			r.Cutoff.Format("2006-01-02 15:04 MST"), r.Registrations, r.Persons, r.Scans, r.SoftInput)
		if len(r.Months) > 0 {
			fmt.Fprintf(w, "  sleutels van de registratiemaanden %s\n", strings.Join(r.Months, ", "))
		}
	}
}
