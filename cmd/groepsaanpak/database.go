package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"

	"github.com/groepsaanpak/groepsaanpak/internal/keyring"
	"github.com/groepsaanpak/groepsaanpak/logbook"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// Environment variables that configure every command.
const (
	envDatabaseURL = "GROEPSAANPAK_DATABASE_URL"
	envLogKey      = "GROEPSAANPAK_LOG_KEY"
	envMasterKey   = "GROEPSAANPAK_MASTER_KEY"
)

// dbFlags are the flags of every command that opens the database.
type dbFlags struct {
	data     string
	database string
	logKey   string
	// keyStore and masterKey place the encryption at rest's key store and
	// master key file elsewhere than DATA/keys.
	keyStore  string
	masterKey string
}

func (f *dbFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.data, "data", "./data", "map voor de ingebouwde SQLite-database en de sleutels")
	fs.StringVar(&f.database, "database", "", "database-URL, bijvoorbeeld postgres://gebruiker@host/groepsaanpak (standaard: $"+envDatabaseURL+", anders SQLite in --data)")
	fs.StringVar(&f.keyStore, "key-store", "", "sleutelopslag van de gegevenssleutels (standaard DATA/keys/datakeys.db)")
	fs.StringVar(&f.masterKey, "master-key", "", "bestand met de hoofdsleutel (standaard: $"+envMasterKey+", anders DATA/keys/master.key)")
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
			signer, verifier, err := logbook.ParseKey(skey)
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
	dataKeys, err := f.dataKeys(e)
	if err != nil {
		return nil, err
	}
	// Storage's background work (the checkpoints of SQLite's write-ahead
	// log) reports its errors on standard error, as serve's log does.
	logger := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	db, err := storage.Open(ctx, storage.Config{URL: f.url(e), LogKeys: keys, Keys: dataKeys, Logger: logger})
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.ConversionResidues(); err != nil {
		// The data is encrypted; old clear copies may remain in the files.
		fmt.Fprintf(e.stderr, "waarschuwing: de onversleutelde gegevens zijn versleuteld, maar oude kopieën zijn mogelijk niet uit de databasebestanden verwijderd: %v\n", err)
	}
	return db, nil
}

// masterKeyPath is the master key file of the encryption at rest.
func (f *dbFlags) masterKeyPath() string {
	if f.masterKey != "" {
		return f.masterKey
	}
	return filepath.Join(f.data, "keys", "master.key")
}

// keyStorePath is the key store of the data keys, outside the database.
func (f *dbFlags) keyStorePath() string {
	if f.keyStore != "" {
		return f.keyStore
	}
	return filepath.Join(f.data, "keys", "datakeys.db")
}

// masterSource is where the master key comes from: the environment
// (GROEPSAANPAK_MASTER_KEY, 64 hexadecimal digits) or the key file
// DATA/keys/master.key, created on first use (mode 0600), with the next
// master beside it during a rotation.
func (f *dbFlags) masterSource(e env) (keyring.MasterSource, error) {
	if s := strings.TrimSpace(e.getenv(envMasterKey)); s != "" && f.masterKey == "" {
		key, err := keyring.ParseMasterKey(s)
		if err != nil {
			return nil, fmt.Errorf("$%s: %w", envMasterKey, err)
		}
		m, err := keyring.NewAESMaster(key)
		if err != nil {
			return nil, err
		}
		return keyring.StaticSource(m), nil
	}
	return keyring.FileSource(f.masterKeyPath()), nil
}

// dataKeys opens the key store of the encryption at rest, outside the
// database: DATA/keys/datakeys.db, its keys wrapped by the master key.
func (f *dbFlags) dataKeys(e env) (*keyring.Keyring, error) {
	src, err := f.masterSource(e)
	if err != nil {
		return nil, err
	}
	return keyring.Open(f.keyStorePath(), src)
}
