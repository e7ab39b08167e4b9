package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/groepsaanpak/groepsaanpak/internal/bench"
	"github.com/groepsaanpak/groepsaanpak/internal/keyring"
	"github.com/groepsaanpak/groepsaanpak/logbook"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// runBench generates the national-scale data set and measures each path
// beside its limit (internal/bench). It exits non-zero when a ratio misses
// its target by more than a factor of two: a guard against regressions
// that compares ratios measured in the same run, never absolute times.
func runBench(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "bench", "bench [--quick] [--database URL] [--scale F] [--seed N] [--json]")
	quick := fs.Bool("quick", false, "een tiende van de landelijke schaal, met kortere metingen (voor CI)")
	database := fs.String("database", "", "lege PostgreSQL-database (postgres://…); standaard SQLite in een tijdelijke map")
	scale := fs.Float64("scale", 0, "schaal ten opzichte van landelijk (1 = 2.000 groepen, 50.000 personen, 1.000.000 gegevens, 5.000.000 logregels)")
	seed := fs.Uint64("seed", 1, "startwaarde van de generator")
	asJSON := fs.Bool("json", false, "schrijf het resultaat als JSON")
	cpuProfile := fs.String("cpuprofile", "", "schrijf een CPU-profiel (pprof) van de metingen naar dit bestand")
	plain := fs.Bool("plain", false, "zonder versleuteling van persoonsgegevens (om de kosten ervan te meten)")
	duration := fs.Duration("duration", 0, "duur van elk belastingsniveau (standaard 3s, met --quick 1s)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("onverwacht argument %q", fs.Arg(0))
	}
	cfg := bench.Config{Size: bench.National, Seed: *seed, Duration: 3 * time.Second, Samples: 20}
	if *quick {
		cfg.Size, cfg.Duration, cfg.Samples = bench.National.Scaled(0.1), time.Second, 12
	}
	if *scale > 0 {
		cfg.Size = bench.National.Scaled(*scale)
	}
	if *duration > 0 {
		cfg.Duration = *duration
	}
	if !*asJSON {
		cfg.Progress = e.stderr
	}

	dir, err := os.MkdirTemp("", "groepsaanpak-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	signer, verifier, err := logbook.LoadOrCreateKeyFile(filepath.Join(dir, "log.key"))
	if err != nil {
		return err
	}
	url := *database
	if url == "" {
		url = "sqlite:" + filepath.Join(dir, "bench.db")
	} else if !strings.HasPrefix(url, "postgres://") && !strings.HasPrefix(url, "postgresql://") {
		return usageErr("--database moet een PostgreSQL-URL zijn; zonder --database gebruikt de benchmark SQLite in een tijdelijke map")
	}
	// Personal data is encrypted at rest as in production, unless --plain
	// measures without (to compare).
	var keys *keyring.Keyring
	if !*plain {
		if keys, err = keyring.Open(filepath.Join(dir, "keys", "datakeys.db"), keyring.FileSource(filepath.Join(dir, "keys", "master.key"))); err != nil {
			return err
		}
		defer keys.Close()
	}
	// The throw-away SQLite database gets a page cache of 64 MiB per
	// connection, so that loading keeps the indexes of the log in memory;
	// commits stay fully durable (synchronous=FULL), as the measures need.
	db, err := storage.Open(ctx, storage.Config{URL: url, LogKeys: storage.NewLogKeys(signer, verifier), Keys: keys, SQLiteCacheMiB: 64})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		cfg.Profile = f
	}
	if db.Dialect() == storage.Postgres {
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		cfg.Nodes = &bench.Nodes{Executable: exe, DatabaseURL: url, LogKeyFile: filepath.Join(dir, "log.key"),
			KeyStoreFile: filepath.Join(dir, "keys", "datakeys.db"), MasterKeyFile: filepath.Join(dir, "keys", "master.key")}
	}
	rep, err := bench.Run(ctx, db, cfg)
	if err != nil {
		return err
	}
	if *asJSON {
		if err := rep.WriteJSON(e.stdout); err != nil {
			return err
		}
	} else {
		rep.WriteTable(e.stdout)
	}
	if failed := rep.Failed(); len(failed) > 0 {
		var names []string
		for _, f := range failed {
			names = append(names, fmt.Sprintf("%s %s: %.3f, doel %s", f.Measure, f.Level, f.Ratio, f.Goal))
		}
		return fmt.Errorf("benchmark: %d verhouding(en) meer dan een factor twee van het doel:\n  %s", len(failed), strings.Join(names, "\n  "))
	}
	return nil
}
