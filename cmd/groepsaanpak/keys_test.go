package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/groepsaanpak/groepsaanpak/internal/keyring"
	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// TestKeysCommand loads the demo, rotates the master key twice (a random
// one, then one from `keys generate`) and after each reads an item of the
// demo through the key store with only the key file: it decrypts to the
// same content. A copy of the key store from before a rotation is useless
// with the master key in use afterwards, and `keys backup` writes a copy
// that reads.
func TestKeysCommand(t *testing.T) {
	p := newProgram(t)
	if _, _, err := p.run("", "demo"); err != nil {
		t.Fatal(err)
	}
	keysDir := filepath.Join(p.data, "keys")
	read := func(store string) (string, error) {
		t.Helper()
		k, err := keyring.Open(store, keyring.FileSource(filepath.Join(keysDir, "master.key")))
		if err != nil {
			return "", err
		}
		defer k.Close()
		db, err := storage.Open(context.Background(), storage.Config{URL: p.dbURL, LogKeys: storagetest.LogKeys(t), Keys: k})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var id, group, person, content string
		if err := db.SQL().QueryRow(`SELECT id, group_id, person_id, content FROM items WHERE person_id IS NOT NULL ORDER BY id LIMIT 1`).
			Scan(&id, &group, &person, &content); err != nil {
			t.Fatal(err)
		}
		return db.OpenItemContent(context.Background(), group, person, id, content)
	}
	before, err := read(filepath.Join(keysDir, "datakeys.db"))
	if err != nil || before == "" || keyring.IsSealed(before) {
		t.Fatalf("before rotation: %q, %v", before, err)
	}
	oldCopy := filepath.Join(t.TempDir(), "datakeys-old.db")
	if out, _, err := p.run("", "keys", "backup", oldCopy); err != nil || !strings.Contains(out, "gekopieerd") {
		t.Fatalf("keys backup: %v\n%s", err, out)
	}
	if fi, err := os.Stat(oldCopy); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key store copy: %v %v", fi, err)
	}
	if got, err := read(oldCopy); err != nil || got != before {
		t.Fatalf("the copy of the key store reads %q, %v", got, err)
	}
	oldMaster, _ := os.ReadFile(filepath.Join(keysDir, "master.key"))

	out, _, err := p.run("", "keys", "rotate")
	if err != nil || !strings.Contains(out, "opnieuw verpakt") || !strings.Contains(out, "vernietigd") {
		t.Fatalf("keys rotate: %v\n%s", err, out)
	}
	if now, _ := os.ReadFile(filepath.Join(keysDir, "master.key")); string(now) == string(oldMaster) {
		t.Fatal("the master key did not change")
	}
	if _, err := os.Stat(filepath.Join(keysDir, "master.key"+keyring.NextSuffix)); !os.IsNotExist(err) {
		t.Errorf("the next master's file is left: %v", err)
	}
	if got, err := read(filepath.Join(keysDir, "datakeys.db")); err != nil || got != before {
		t.Fatalf("after rotation: %q, %v", got, err)
	}
	if got, err := read(oldCopy); err == nil {
		t.Errorf("a copy of the key store from before the rotation still reads with the new master: %q", got)
	}

	next := filepath.Join(t.TempDir(), "next.key")
	if _, _, err := p.run("", "keys", "generate", next); err != nil {
		t.Fatal(err)
	}
	if _, _, err := p.run("", "keys", "rotate", "--new-key", next); err != nil {
		t.Fatal(err)
	}
	want, _ := keyring.ReadMasterFile(next)
	got, _ := keyring.ReadMasterFile(filepath.Join(keysDir, "master.key"))
	if want == nil || got == nil || want.ID() != got.ID() {
		t.Fatalf("master after rotate --new-key: %v, want %v", got, want)
	}
	if got, err := read(filepath.Join(keysDir, "datakeys.db")); err != nil || got != before {
		t.Fatalf("after the second rotation: %q, %v", got, err)
	}
}
