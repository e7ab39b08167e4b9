// Package storagetest opens real databases for tests: the embedded SQLite in
// a temporary directory, or a fresh PostgreSQL database when
// GROEPSAANPAK_TEST_DATABASE_URL names a PostgreSQL server. The whole test
// suite runs once per backend; .ci/run runs it on both.
package storagetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/groepsaanpak/groepsaanpak/internal/keyring"
	"github.com/groepsaanpak/groepsaanpak/logbook"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// EnvDatabaseURL selects the backend of the test suite: unset or "sqlite"
// for the embedded database, a postgres:// URL for PostgreSQL.
const EnvDatabaseURL = "GROEPSAANPAK_TEST_DATABASE_URL"

// EnvPostgresURL names the PostgreSQL server for tests that need PostgreSQL
// itself (several processes, advisory locks) while the suite runs on SQLite.
const EnvPostgresURL = "GROEPSAANPAK_TEST_POSTGRES_URL"

// DefaultPostgresURL is where CI finds PostgreSQL when no URL is given.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Options tune a test database.
type Options struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// NoMigrate leaves the database empty.
	NoMigrate bool
	// Keys is the key store of the encryption at rest; nil gives a fresh
	// one in a temporary directory (Keyring).
	Keys *keyring.Keyring
	// Plain opens the database without a key store, so that personal data
	// is stored in clear text as before encryption at rest existed: for
	// the tests of the migration that encrypts such rows.
	Plain bool
}

// urls remembers the URL each test database was opened with (URLOf).
var urls sync.Map

// URLOf returns the URL the test database was opened with, for tests that
// open it a second time (with other keys) or dump it.
func URLOf(db *storage.DB) string {
	u, _ := urls.Load(db)
	s, _ := u.(string)
	return s
}

// UsingPostgres reports whether the suite runs on PostgreSQL.
func UsingPostgres() bool {
	u := os.Getenv(EnvDatabaseURL)
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

// URL returns the URL of a fresh, empty database on the suite's backend,
// dropped when the test ends.
func URL(tb testing.TB) string {
	tb.Helper()
	if UsingPostgres() {
		return freshPostgres(tb, os.Getenv(EnvDatabaseURL))
	}
	return "sqlite:" + filepath.Join(tb.TempDir(), "groepsaanpak.db")
}

// PostgresURL returns the URL of a fresh PostgreSQL database whatever the
// suite's backend, for tests of PostgreSQL-specific behaviour. Outside CI it
// skips the test with a message when no server answers; in CI (CI is set) it
// fails, so that PostgreSQL tests never skip silently there.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	server := os.Getenv(EnvDatabaseURL)
	if !UsingPostgres() {
		server = os.Getenv(EnvPostgresURL)
	}
	if server == "" {
		server = DefaultPostgresURL
	}
	return freshPostgres(tb, server)
}

// Open returns a migrated, empty database on the suite's backend, closed
// and dropped when the test ends.
func Open(tb testing.TB, opts Options) *storage.DB {
	tb.Helper()
	return OpenURL(tb, URL(tb), opts)
}

// OpenURL opens (and unless told otherwise migrates) the database at u,
// with fresh log keys, closing it when the test ends.
func OpenURL(tb testing.TB, u string, opts Options) *storage.DB {
	tb.Helper()
	ctx := context.Background()
	keys := opts.Keys
	if keys == nil && !opts.Plain {
		keys = Keyring(tb)
	}
	db, err := storage.Open(ctx, storage.Config{URL: u, Now: opts.Now, LogKeys: LogKeys(tb), Keys: keys})
	if err != nil {
		tb.Fatalf("open test database: %v", err)
	}
	urls.Store(db, u)
	tb.Cleanup(func() { db.Close(); urls.Delete(db) })
	if !opts.NoMigrate {
		if err := db.Migrate(ctx); err != nil {
			tb.Fatalf("migrate test database: %v", err)
		}
	}
	return db
}

// Keyring returns a fresh key store of data keys in a temporary directory,
// under a fresh master key, closed when the test ends.
func Keyring(tb testing.TB) *keyring.Keyring {
	tb.Helper()
	return KeyringAt(tb, filepath.Join(tb.TempDir(), "keys"))
}

// KeyringAt opens the key store in dir (datakeys.db) under the master key
// file dir/master.key, creating both when missing, closed when the test
// ends.
func KeyringAt(tb testing.TB, dir string) *keyring.Keyring {
	tb.Helper()
	k, err := keyring.Open(filepath.Join(dir, "datakeys.db"), keyring.FileSource(filepath.Join(dir, "master.key")))
	if err != nil {
		tb.Fatalf("open key store: %v", err)
	}
	tb.Cleanup(func() { k.Close() })
	return k
}

// LogKeys returns fresh keys for the tamper-evident logs, generated per
// test so that no test can pass on another test's signatures.
func LogKeys(tb testing.TB) *storage.LogKeys {
	tb.Helper()
	skey, _, err := logbook.GenerateKey("groepsaanpak-test")
	if err != nil {
		tb.Fatalf("generate log keys: %v", err)
	}
	signer, verifier, err := logbook.ParseKey(skey)
	if err != nil {
		tb.Fatalf("parse log keys: %v", err)
	}
	return storage.NewLogKeys(signer, verifier)
}

// pgMu keeps concurrent tests from pinging the server all at once.
var pgMu sync.Mutex

func freshPostgres(tb testing.TB, server string) string {
	tb.Helper()
	admin, err := sql.Open("pgx", server)
	if err == nil {
		pgMu.Lock()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = admin.PingContext(ctx)
		cancel()
		pgMu.Unlock()
	}
	if err != nil {
		if admin != nil {
			admin.Close()
		}
		msg := "PostgreSQL not reachable at " + redact(server) + ": " + err.Error()
		if os.Getenv("CI") != "" {
			tb.Fatal(msg + " (CI requires PostgreSQL)")
		}
		tb.Skip(msg + "; set " + EnvDatabaseURL + " or start PostgreSQL to run this test")
	}
	defer admin.Close()
	name := "groepsaanpak_test_" + randomSuffix()
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() {
		a, err := sql.Open("pgx", server)
		if err != nil {
			return
		}
		defer a.Close()
		a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	u, err := url.Parse(server)
	if err != nil {
		tb.Fatalf("parse PostgreSQL URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(invalid URL)"
	}
	return u.Redacted()
}

func randomSuffix() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}
