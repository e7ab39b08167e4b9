package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/groepsaanpak/groepsaanpak/internal/keyring"
)

// runKeys manages the master key of the encryption at rest: `keys generate
// FILE` writes a new master key; `keys rotate [--new-key FILE]` re-wraps
// every data key in the key store under a new master key while servers
// keep running.
func runKeys(ctx context.Context, e env, args []string) error {
	const synopsis = "keys generate FILE | keys rotate [--new-key FILE] [--data MAP] | keys backup [--data MAP] FILE"
	if len(args) == 0 || (args[0] != "generate" && args[0] != "rotate" && args[0] != "backup") {
		fmt.Fprintln(e.stderr, "Gebruik: groepsaanpak "+synopsis)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return usageErr("geef 'keys generate' of 'keys rotate'")
	}
	if args[0] == "generate" {
		fset := newFlagSet(e, "keys generate", "keys generate FILE")
		var db dbFlags
		db.register(fset)
		positional, err := parseInterspersed(fset, args[1:])
		if err != nil {
			return err
		}
		if len(positional) != 1 {
			return usageErr("geef het bestand voor de nieuwe hoofdsleutel")
		}
		if err := keyring.WriteMasterFile(positional[0], ""); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Nieuwe hoofdsleutel geschreven naar %s (modus 0600). Bewaar een kopie gescheiden van de database en de back-ups.\n", positional[0])
		return nil
	}
	if args[0] == "backup" {
		return runKeysBackup(ctx, e, args[1:])
	}
	fset := newFlagSet(e, "keys rotate", "keys rotate [--new-key FILE] [--data MAP]")
	var db dbFlags
	db.register(fset)
	newKey := fset.String("new-key", "", "bestand met de nieuwe hoofdsleutel (standaard: een nieuwe willekeurige sleutel)")
	if err := fset.Parse(args[1:]); err != nil {
		return err
	}
	if fset.NArg() > 0 {
		return usageErr("onverwacht argument %q", fset.Arg(0))
	}
	var text string
	if *newKey != "" {
		b, err := os.ReadFile(*newKey)
		if err != nil {
			return err
		}
		text = strings.TrimSpace(string(b))
	} else {
		var err error
		if text, err = keyring.NewMasterKeyText(); err != nil {
			return err
		}
	}
	key, err := keyring.ParseMasterKey(text)
	if err != nil {
		return err
	}
	next, err := keyring.NewAESMaster(key)
	if err != nil {
		return err
	}
	fromEnv := strings.TrimSpace(e.getenv(envMasterKey)) != "" && db.masterKey == ""
	path := db.masterKeyPath()
	if !fromEnv {
		// The next master goes beside the current one first, so that a
		// running server that meets a data key wrapped by it finds it.
		if err := os.Remove(path + keyring.NextSuffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if err := keyring.WriteMasterFile(path+keyring.NextSuffix, text); err != nil {
			return err
		}
	}
	keys, err := db.dataKeys(e)
	if err != nil {
		return err
	}
	defer keys.Close()
	st, err := keys.Rotate(ctx, next)
	if err != nil {
		return err
	}
	if fromEnv {
		fmt.Fprintf(e.stdout, "%d gegevenssleutel(s) opnieuw verpakt onder hoofdsleutel %s. Zet $%s op de nieuwe sleutel en start de servers opnieuw; vernietig daarna de oude sleutel.\n",
			st.Rewrapped, next.ID(), envMasterKey)
		return nil
	}
	// The next master becomes the master; the old one is retired: its file
	// is overwritten and removed, after which copies of the key store from
	// before the rotation are useless.
	if err := replaceMasterFile(path, path+keyring.NextSuffix); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d gegevenssleutel(s) opnieuw verpakt onder hoofdsleutel %s; de oude hoofdsleutel (%s) is vernietigd.\n",
		st.Rewrapped, next.ID(), strings.Join(st.Old, ", "))
	return nil
}

// replaceMasterFile puts the next master in place of the current one in
// one rename, so that a process reading the file always finds a valid key,
// and then overwrites the retired key's file content with zeros through a
// handle opened before.
func replaceMasterFile(path, next string) error {
	old, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer old.Close()
	if err := os.Rename(next, path); err != nil {
		return err
	}
	fi, err := old.Stat()
	if err == nil {
		_, err = old.WriteAt(make([]byte, fi.Size()), 0)
	}
	if err == nil {
		err = old.Sync()
	}
	return err
}

// runKeysBackup writes a consistent copy of the key store (the data keys,
// wrapped by the master key) to FILE. It belongs in a place apart from the
// database's backups; the master key in a third (the key vault).
func runKeysBackup(ctx context.Context, e env, args []string) error {
	fset := newFlagSet(e, "keys backup", "keys backup [--data MAP] FILE")
	var db dbFlags
	db.register(fset)
	positional, err := parseInterspersed(fset, args)
	if err != nil {
		return err
	}
	if len(positional) != 1 {
		return usageErr("geef het bestand voor de kopie van de sleutelopslag")
	}
	keys, err := db.dataKeys(e)
	if err != nil {
		return err
	}
	defer keys.Close()
	if err := keys.SnapshotTo(ctx, positional[0]); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Sleutelopslag gekopieerd naar %s. Bewaar deze kopie gescheiden van de database-back-ups, en de hoofdsleutel weer apart daarvan.\n", positional[0])
	return nil
}
