package logbook_test

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"github.com/groepsaanpak/groepsaanpak/logbook"
)

func TestKeys(t *testing.T) {
	skey, vkey, err := logbook.GenerateKey("test-log")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("private key gives signer and verifier that match", func(t *testing.T) {
		s, v, err := logbook.ParseKey(skey + "\n")
		if err != nil {
			t.Fatal(err)
		}
		msg, err := note.Sign(&note.Note{Text: "hello\n"}, s)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := note.Open(msg, note.VerifierList(v)); err != nil {
			t.Errorf("derived verifier refuses the signer's note: %v", err)
		}
	})
	t.Run("public key gives a verifier only", func(t *testing.T) {
		s, v, err := logbook.ParseKey(vkey)
		if err != nil {
			t.Fatal(err)
		}
		if s != nil || v == nil || v.Name() != "test-log" {
			t.Errorf("ParseKey(vkey) = %v, %v", s, v)
		}
	})
	t.Run("verifier key is derived from the private key", func(t *testing.T) {
		got, err := logbook.VerifierKey(skey)
		if err != nil || got != vkey {
			t.Errorf("VerifierKey = %q, %v; want %q", got, err, vkey)
		}
	})
	t.Run("garbage is refused", func(t *testing.T) {
		for _, k := range []string{"", "nonsense", "PRIVATE+KEY+x+00000000+AAAA", strings.Replace(skey, "test-log", "other", 1)} {
			if _, _, err := logbook.ParseKey(k); err == nil {
				t.Errorf("ParseKey(%q) succeeded", k)
			}
		}
	})
}

func TestKeyFile(t *testing.T) {
	t.Run("created with mode 0600 in a 0700 directory", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "data", "keys", "log.key")
		s, v, err := logbook.LoadOrCreateKeyFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if s == nil || v == nil || s.Name() != logbook.KeyName {
			t.Fatalf("LoadOrCreateKeyFile = %v, %v", s, v)
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if perm := fi.Mode().Perm(); perm != 0o600 {
			t.Errorf("key file mode = %04o, want 0600", perm)
		}
		di, err := os.Stat(filepath.Dir(path))
		if err != nil {
			t.Fatal(err)
		}
		if perm := di.Mode().Perm(); perm != 0o700 {
			t.Errorf("key directory mode = %04o, want 0700", perm)
		}
		entries, _ := os.ReadDir(filepath.Dir(path))
		if len(entries) != 1 {
			t.Errorf("key directory holds %d files, want only the key", len(entries))
		}
	})
	t.Run("loaded again with the same key", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "log.key")
		s1, _, err := logbook.LoadOrCreateKeyFile(path)
		if err != nil {
			t.Fatal(err)
		}
		s2, _, err := logbook.LoadOrCreateKeyFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if s1.KeyHash() != s2.KeyHash() {
			t.Error("second load gave another key")
		}
	})
	t.Run("a key file readable by others is refused", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "log.key")
		skey, _, _ := logbook.GenerateKey("test-log")
		if err := os.WriteFile(path, []byte(skey+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, _, err := logbook.LoadOrCreateKeyFile(path); err == nil || !strings.Contains(err.Error(), "0644") {
			t.Errorf("LoadOrCreateKeyFile(0644 file) error = %v, want refusal", err)
		}
	})
	t.Run("a key file readable by its group is refused", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "log.key")
		skey, _, _ := logbook.GenerateKey("test-log")
		os.WriteFile(path, []byte(skey+"\n"), 0o600)
		os.Chmod(path, 0o640)
		if _, _, err := logbook.LoadOrCreateKeyFile(path); err == nil {
			t.Error("LoadOrCreateKeyFile accepted a 0640 key file")
		}
	})
	t.Run("processes starting at once share one key", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "log.key")
		var wg sync.WaitGroup
		hashes := make([]uint32, 8)
		errs := make([]error, len(hashes))
		for i := range hashes {
			wg.Go(func() {
				s, _, err := logbook.LoadOrCreateKeyFile(path)
				errs[i] = err
				if err == nil {
					hashes[i] = s.KeyHash()
				}
			})
		}
		wg.Wait()
		for i := range hashes {
			if errs[i] != nil {
				t.Fatalf("loader %d: %v", i, errs[i])
			}
			if hashes[i] != hashes[0] {
				t.Fatalf("loader %d got another key", i)
			}
		}
	})
}
