package main

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"golang.org/x/mod/sumdb/note"

	"github.com/groepsaanpak/groepsaanpak/logbook"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// Environment variables that configure every command.
const (
	envDatabaseURL = "GROEPSAANPAK_DATABASE_URL"
	envLogKey      = "GROEPSAANPAK_LOG_KEY"
)

// dbFlags are the flags of every command that opens the database.
type dbFlags struct {
	data     string
	database string
	logKey   string
}

func (f *dbFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.data, "data", "./data", "map voor de ingebouwde SQLite-database en de sleutels")
	fs.StringVar(&f.database, "database", "", "database-URL, bijvoorbeeld postgres://gebruiker@host/groepsaanpak (standaard: $"+envDatabaseURL+", anders SQLite in --data)")
	fs.StringVar(&f.logKey, "log-key", "", "bestand met de ondertekeningssleutel van de logboeken (standaard: $"+envLogKey+", anders DATA/keys/log.key)")
}

// url returns the database URL: the flag, then the environment, then the
// embedded SQLite file in the data directory.
func (f *dbFlags) url(e env) string {
	if f.database != "" {
		return f.database
	}
	if u := e.getenv(envDatabaseURL); u != "" {
		return u
	}
	return "sqlite:" + filepath.Join(f.data, "groepsaanpak.db")
}

// keys loads the key that signs the logs' checkpoints. It lives outside the
// database: in a file (created on first use, mode 0600) or in the
// environment, so that every node of a PostgreSQL installation signs with the
// same key.
func (f *dbFlags) keys(e env) (*storage.LogKeys, error) {
	if f.logKey == "" {
		if skey := strings.TrimSpace(e.getenv(envLogKey)); skey != "" {
			signer, verifier, err := keysFromPrivate(skey)
			if err != nil {
				return nil, fmt.Errorf("$%s: %w", envLogKey, err)
			}
			return storage.NewLogKeys(signer, verifier), nil
		}
	}
	path := f.logKey
	if path == "" {
		path = filepath.Join(f.data, "keys", "log.key")
	}
	signer, verifier, err := logbook.LoadOrCreateKeyFile(path)
	if err != nil {
		return nil, err
	}
	return storage.NewLogKeys(signer, verifier), nil
}

// open opens the database and applies pending migrations.
func (f *dbFlags) open(ctx context.Context, e env) (*storage.DB, error) {
	keys, err := f.keys(e)
	if err != nil {
		return nil, err
	}
	db, err := storage.Open(ctx, storage.Config{URL: f.url(e), LogKeys: keys})
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// keysFromPrivate turns a note private key ("PRIVATE+KEY+name+hash+key")
// into its signer and the matching verifier.
func keysFromPrivate(skey string) (note.Signer, note.Verifier, error) {
	signer, err := note.NewSigner(skey)
	if err != nil {
		return nil, nil, err
	}
	parts := strings.Split(skey, "+")
	if len(parts) != 5 {
		return nil, nil, errors.New("ongeldige sleutel")
	}
	raw, err := base64.StdEncoding.DecodeString(parts[4])
	if err != nil || len(raw) != 1+ed25519.SeedSize || raw[0] != 1 {
		return nil, nil, errors.New("ongeldige Ed25519-sleutel")
	}
	pub := ed25519.NewKeyFromSeed(raw[1:]).Public().(ed25519.PublicKey)
	vkey, err := note.NewEd25519VerifierKey(signer.Name(), pub)
	if err != nil {
		return nil, nil, err
	}
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, nil, err
	}
	return signer, verifier, nil
}
