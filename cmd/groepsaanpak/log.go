package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	ga "github.com/groepsaanpak/groepsaanpak"
)

func runLog(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(e.stderr, "Gebruik: groepsaanpak log verify [--data MAP] [--database URL] [--witness BESTAND]")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return usageErr("geef 'log verify'")
	}
	fs := newFlagSet(e, "log verify", "log verify [--data MAP] [--database URL] [--log-key BESTAND] [--witness BESTAND]")
	var db dbFlags
	db.register(fs)
	witnessPath := fs.String("witness", "", "bestand buiten de database met de laatst geverifieerde checkpoints (standaard DATA/keys/log.witness)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *witnessPath == "" {
		*witnessPath = filepath.Join(db.data, "keys", "log.witness")
	}
	witnessed, err := readWitness(*witnessPath)
	if err != nil {
		return err
	}
	store, err := db.open(ctx, e)
	if err != nil {
		return err
	}
	defer store.Close()
	report, err := store.VerifyLogsAgainst(ga.WithActor(ctx, ga.SystemActor("log verify")), witnessed)
	if err != nil {
		return err
	}
	fmt.Fprint(e.stdout, report.String())
	if !report.OK() {
		for _, c := range report.Logs {
			if !c.OK() {
				return fmt.Errorf("logboek %s is niet intact vanaf regel %d: %s", c.Log, c.FirstBad, c.Problem)
			}
		}
	}
	// Keep the checkpoints just verified outside the database, so that the
	// next verification also detects a log cut short and given back one of
	// its own older checkpoints.
	next := map[string][]byte{}
	for _, c := range report.Logs {
		next[c.Log] = c.Latest
	}
	return writeWitness(*witnessPath, next)
}

func readWitness(path string) (map[string][]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var w map[string][]byte
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return w, nil
}

func writeWitness(path string, w map[string][]byte) error {
	b, err := json.MarshalIndent(w, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
