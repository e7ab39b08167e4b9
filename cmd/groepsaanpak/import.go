package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/groepsscan"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

const importSynopsis = `import registrations BESTAND --as E-MAIL [--skip-invalid] [--format csv|jsonl] [--scan]

Importeert politieregistraties voor de Groepsscan (docs/registrations.md) in één transactie, namens de
politiegebruiker E-MAIL. Een bestand met fouten importeert niets, tenzij --skip-invalid is gegeven.
BESTAND - leest van de standaardinvoer. Met --scan volgt daarna een scan.`

func runImport(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "registrations" {
		fmt.Fprintf(e.stderr, "Gebruik: groepsaanpak %s\n", importSynopsis)
		return usageErr("gebruik: groepsaanpak import registrations BESTAND")
	}
	fs := newFlagSet(e, "import registrations", importSynopsis)
	var db dbFlags
	db.register(fs)
	as := fs.String("as", "", "e-mailadres van de politiegebruiker namens wie wordt geïmporteerd")
	skip := fs.Bool("skip-invalid", false, "importeer de geldige registraties van een bestand met fouten")
	format := fs.String("format", "", "csv of jsonl (standaard: naar de extensie van het bestand)")
	scan := fs.Bool("scan", false, "voer na de import een scan uit")
	// The file name comes first; the flag package stops at the first
	// non-flag argument, so parse the rest after it as well.
	rest := args[1:]
	var file string
	if len(rest) > 0 && (rest[0] == "-" || !strings.HasPrefix(rest[0], "-")) {
		file, rest = rest[0], rest[1:]
	}
	if err := fs.Parse(rest); err != nil {
		return err
	}
	if file == "" && fs.NArg() > 0 {
		file = fs.Arg(0)
	} else if fs.NArg() > 0 {
		return usageErr("onverwacht argument %q", fs.Arg(0))
	}
	if file == "" {
		return usageErr("geef het bestand (of - voor de standaardinvoer)")
	}
	if *as == "" {
		return usageErr("geef --as E-MAIL: de politiegebruiker namens wie wordt geïmporteerd")
	}
	f := groepsscan.FormatOfName(file)
	if *format != "" {
		var err error
		if f, err = groepsscan.ParseFormat(*format); err != nil {
			return usageErr("%v", err)
		}
	}
	if f == "" {
		return usageErr("geef --format csv of --format jsonl")
	}
	var in io.Reader = e.stdin
	var size int64
	if file != "-" {
		fh, err := os.Open(file)
		if err != nil {
			return fmt.Errorf("open %s: %w", file, err)
		}
		defer fh.Close()
		if st, err := fh.Stat(); err == nil {
			size = st.Size()
		}
		in = fh
	}
	store, err := db.open(ctx, e)
	if err != nil {
		return err
	}
	defer store.Close()
	ctx, err = actAs(ctx, store, *as)
	if err != nil {
		return err
	}

	counter := &countingReader{r: in}
	bar := newProgress(e.stderr, size)
	rep, err := store.ImportRegistrations(ctx, counter, f, storage.ImportOptions{
		SkipInvalid: *skip,
		Progress:    func(n int) { bar.update(n, counter.n.Load()) },
	})
	bar.done()
	for _, re := range rep.Errors {
		fmt.Fprintf(e.stderr, "%s\n", re.Error())
	}
	if rep.Rejected > len(rep.Errors) {
		fmt.Fprintf(e.stderr, "… en nog %d ongeldige registraties\n", rep.Rejected-len(rep.Errors))
	}
	if err != nil {
		if ga.IsKind(err, ga.KindInvalid) && rep.Rejected > 0 {
			fmt.Fprintf(e.stderr, "%d ongeldige registraties; er is niets geïmporteerd. Gebruik --skip-invalid om alleen de geldige te importeren.\n", rep.Rejected)
			return errReported
		}
		return err
	}
	fmt.Fprintf(e.stdout, "%d registraties gelezen: %d nieuw, %d gewijzigd, %d ongewijzigd", rep.Valid, rep.Inserted, rep.Updated, rep.Unchanged)
	if rep.Rejected > 0 {
		fmt.Fprintf(e.stdout, "; %d ongeldige overgeslagen", rep.Rejected)
	}
	if rep.Expired > 0 {
		fmt.Fprintf(e.stdout, "; %d overgeslagen die ouder zijn dan de bewaartermijn van %d maanden", rep.Expired, groepsscan.RetentionMonths)
	}
	fmt.Fprintln(e.stdout, ".")
	if *scan {
		s, err := store.RunScan(ctx, groepsscan.Options{})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Scan %s: %d registraties, %d personen, %d groepen.\n", s.ID, s.Registrations, s.Persons, s.Groups)
	}
	return nil
}

// actAs returns ctx acting as the active user with the e-mail address, as
// loaded by the system; the command line then has exactly that user's
// rights.
func actAs(ctx context.Context, store *storage.DB, email string) (context.Context, error) {
	sys := ga.WithActor(ctx, ga.SystemActor("cli"))
	u, err := store.UserByEmail(sys, email)
	if err != nil {
		if ga.IsKind(err, ga.KindNotFound) {
			return nil, errors.New("geen gebruiker met dit e-mailadres")
		}
		return nil, err
	}
	a, err := store.Actor(sys, u.ID)
	if err != nil {
		return nil, err
	}
	a.Origin = "cli"
	return ga.WithActor(ctx, a), nil
}

type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// progress draws a progress bar with the rate on a terminal and nothing
// otherwise, so that logs of scripted imports stay clean.
type progress struct {
	w     io.Writer
	tty   bool
	total int64
	start time.Time
	last  time.Time
	drawn bool
}

func newProgress(w io.Writer, total int64) *progress {
	return &progress{w: w, tty: isTerminal(w), total: total, start: time.Now()}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *progress) update(regs int, bytes int64) {
	if !p.tty {
		return
	}
	now := time.Now()
	if now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	rate := float64(regs) / max(now.Sub(p.start).Seconds(), 0.001)
	const width = 30
	bar := strings.Repeat("·", width)
	pct := ""
	if p.total > 0 {
		done := int(float64(width) * float64(bytes) / float64(p.total))
		done = min(max(done, 0), width)
		bar = strings.Repeat("█", done) + strings.Repeat("·", width-done)
		pct = fmt.Sprintf(" %3.0f%%", 100*float64(bytes)/float64(p.total))
	}
	fmt.Fprintf(p.w, "\r[%s]%s %d registraties, %.0f/s ", bar, pct, regs, rate)
	p.drawn = true
}

func (p *progress) done() {
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}
