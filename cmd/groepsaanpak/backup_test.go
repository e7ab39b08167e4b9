package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// counts reads the number of rows of the tables that matter from a
// database file.
func counts(t *testing.T, url string) map[string]int {
	t.Helper()
	db, err := storage.Open(context.Background(), storage.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string]int{}
	for _, table := range []string{"partners", "users", "persons", "items", "groups", "log_entries"} {
		var n int
		if err := db.SQL().QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

// TestBackupAndRestore backs up the embedded database of a running server
// with the demo, restores it into a fresh directory, and shows the same
// content and logs that verify there; the backup file holds nothing in
// clear text, and a wrong key, a damaged file or a used directory are
// refused.
func TestBackupAndRestore(t *testing.T) {
	data := t.TempDir()
	keyFile := filepath.Join(t.TempDir(), "backup.key")
	p := &program{t: t, data: data, getenv: func(string) string { return "" }}
	if _, _, err := p.run("", "backup", "--generate-key", keyFile); err != nil {
		t.Fatalf("generate key: %v", err)
	}
	if fi, err := os.Stat(keyFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi, err)
	}
	p.serve() // a running server with the demo: the backup is taken online
	if _, _, err := p.run("", "log", "verify"); err != nil {
		t.Fatalf("log verify: %v", err)
	}
	source := "sqlite:" + filepath.Join(data, "groepsaanpak.db")
	before := counts(t, source)
	if before["persons"] == 0 || before["items"] == 0 {
		t.Fatalf("demo has no persons or items: %v", before)
	}
	file := filepath.Join(t.TempDir(), "groepsaanpak.backup")
	out, _, err := p.run("", "backup", "--key", keyFile, file)
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, clear := range []string{"SQLite format", "Voorbeeldstad", "PRIVATE+KEY", "groepsaanpak-log"} {
		if bytes.Contains(raw, []byte(clear)) {
			t.Errorf("backup holds %q in clear text", clear)
		}
	}

	restored := filepath.Join(t.TempDir(), "teruggezet")
	rp := &program{t: t, data: restored, getenv: func(string) string { return "" }}
	out, _, err = rp.run("", "restore", "--key", keyFile, "--log-key", filepath.Join(data, "keys", "log.key"), file)
	if err != nil {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	t.Logf("restore:\n%s", out)
	after := counts(t, "sqlite:"+filepath.Join(restored, "groepsaanpak.db"))
	for table, n := range before {
		if after[table] != n {
			t.Errorf("%s: %d rows restored, %d backed up", table, after[table], n)
		}
	}
	// The logs verify in the restored directory, also with only the
	// verifier key from the backup.
	if out, _, err := rp.run("", "log", "verify"); err != nil {
		t.Errorf("log verify in the restored directory: %v\n%s", err, out)
	}
	vr := &program{t: t, data: restored, getenv: func(string) string { return "" }}
	if out, _, err := vr.run("", "log", "verify", "--log-key", filepath.Join(restored, "keys", "log.pub"), "--witness", filepath.Join(t.TempDir(), "w")); err != nil {
		t.Errorf("log verify with the verifier key: %v\n%s", err, out)
	}

	t.Run("refusals", func(t *testing.T) {
		other := filepath.Join(t.TempDir(), "other.key")
		p.run("", "backup", "--generate-key", other)
		rp := &program{t: t, data: filepath.Join(t.TempDir(), "x"), getenv: func(string) string { return "" }}
		if _, _, err := rp.run("", "restore", "--key", other, file); err == nil || !strings.Contains(err.Error(), "backupfile") {
			t.Errorf("restore with another key: %v", err)
		}
		damaged := filepath.Join(t.TempDir(), "damaged")
		os.WriteFile(damaged, raw[:len(raw)-100], 0o600)
		rp.data = filepath.Join(t.TempDir(), "y")
		if _, _, err := rp.run("", "restore", "--key", keyFile, damaged); err == nil {
			t.Error("a damaged backup was restored")
		}
		rp.data = restored
		if _, _, err := rp.run("", "restore", "--key", keyFile, file); err == nil || !strings.Contains(err.Error(), "niet leeg") {
			t.Errorf("restore into a used directory: %v", err)
		}
		rp.data = filepath.Join(t.TempDir(), "z")
		if _, _, err := rp.run("", "restore", "--key", keyFile, "--log-key", other, file); err == nil {
			t.Error("restore accepted a signing key that is not the backup's")
		}
	})
}

// TestBackupRefusesPostgreSQL: PostgreSQL is backed up with its own tools.
func TestBackupRefusesPostgreSQL(t *testing.T) {
	p := newProgram(t)
	p.dbURL = storagetest.PostgresURL(t)
	key := filepath.Join(t.TempDir(), "k")
	p.run("", "backup", "--generate-key", key)
	_, _, err := p.run("", "backup", "--key", key, filepath.Join(t.TempDir(), "b"))
	if err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("backup of PostgreSQL: %v", err)
	}
}
