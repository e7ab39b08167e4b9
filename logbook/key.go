package logbook

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

// KeyName is the name under which an installation signs its checkpoints
// when LoadOrCreateKeyFile creates the key. It appears in every signature
// line, so a reader of a checkpoint sees which system signed it.
const KeyName = "groepsaanpak-log"

// GenerateKey returns a new Ed25519 key pair in the note format: skey signs
// checkpoints and must stay outside the database; vkey verifies them and may
// be published, so that anyone holding it can check the logs.
func GenerateKey(name string) (skey, vkey string, err error) {
	skey, vkey, err = note.GenerateKey(rand.Reader, name)
	if err != nil {
		return "", "", fmt.Errorf("logbook: generate key: %w", err)
	}
	return skey, vkey, nil
}

// ParseKey reads a key in the note format. A private key
// ("PRIVATE+KEY+name+hash+…") gives a signer and its verifier; a public
// verifier key ("name+hash+…") gives only a verifier, which is all that
// checking the logs needs: an auditor can verify without being able to
// sign. Surrounding white space is ignored, so a key file may end in a
// newline.
func ParseKey(key string) (note.Signer, note.Verifier, error) {
	key = strings.TrimSpace(key)
	if !strings.HasPrefix(key, "PRIVATE+KEY+") {
		v, err := note.NewVerifier(key)
		if err != nil {
			return nil, nil, fmt.Errorf("logbook: parse verifier key: %w", err)
		}
		return nil, v, nil
	}
	s, err := note.NewSigner(key)
	if err != nil {
		return nil, nil, fmt.Errorf("logbook: parse signer key: %w", err)
	}
	vkey, err := VerifierKey(key)
	if err != nil {
		return nil, nil, err
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, nil, fmt.Errorf("logbook: derive verifier: %w", err)
	}
	if v.Name() != s.Name() || v.KeyHash() != s.KeyHash() {
		return nil, nil, errors.New("logbook: derived verifier does not match the signer key")
	}
	return s, v, nil
}

// VerifierKey returns the public verifier key of a private signer key, for
// publishing it to those who check the logs.
func VerifierKey(skey string) (string, error) {
	parts := strings.SplitN(strings.TrimSpace(skey), "+", 5)
	if len(parts) != 5 || parts[0] != "PRIVATE" || parts[1] != "KEY" {
		return "", errors.New("logbook: not a private signer key")
	}
	raw, err := base64.StdEncoding.DecodeString(parts[4])
	if err != nil || len(raw) != 1+ed25519.SeedSize || raw[0] != 1 {
		return "", errors.New("logbook: signer key is not an Ed25519 key")
	}
	pub := ed25519.NewKeyFromSeed(raw[1:]).Public().(ed25519.PublicKey)
	vkey, err := note.NewEd25519VerifierKey(parts[2], pub)
	if err != nil {
		return "", fmt.Errorf("logbook: verifier key: %w", err)
	}
	return vkey, nil
}

// LoadOrCreateKeyFile reads the signing key at path, creating it with a new
// key named KeyName when the file does not exist. The file holds the
// private key in the note format and must be readable by its owner only:
// it is the one thing that stops whoever can write to the database from
// forging checkpoints (SPEC §5), so a file that group or others may read is
// refused rather than used. The file is created with mode 0600, in a
// directory created with mode 0700, and appears complete or not at all, so
// that two processes starting at once end up with the same key.
func LoadOrCreateKeyFile(path string) (signer note.Signer, verifier note.Verifier, err error) {
	data, err := readKeyFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if err := createKeyFile(path); err != nil {
			return nil, nil, err
		}
		data, err = readKeyFile(path)
	}
	if err != nil {
		return nil, nil, err
	}
	signer, verifier, err = ParseKey(string(data))
	if err != nil {
		return nil, nil, fmt.Errorf("logbook: key file %s: %w", path, err)
	}
	return signer, verifier, nil
}

func readKeyFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("logbook: key file: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("logbook: key file %s is not a regular file", path)
	}
	// Windows has no permission bits to check; its ACLs are the
	// administrator's business.
	if perm := fi.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return nil, fmt.Errorf("logbook: key file %s has mode %04o; it must be readable by its owner only (chmod 600)", path, perm)
	}
	// A key is under a hundred bytes; the limit keeps a wrong path from
	// being read whole.
	data, err := io.ReadAll(io.LimitReader(f, 64<<10))
	if err != nil {
		return nil, fmt.Errorf("logbook: read key file: %w", err)
	}
	return data, nil
}

// createKeyFile writes a new key to a temporary file and links it into
// place. Linking fails when another process got there first, in which case
// that process's key is kept.
func createKeyFile(path string) error {
	skey, _, err := GenerateKey(KeyName)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("logbook: create key directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".log.key-*")
	if err != nil {
		return fmt.Errorf("logbook: create key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("logbook: create key file: %w", err)
	}
	if _, err := tmp.WriteString(skey + "\n"); err != nil {
		tmp.Close()
		return fmt.Errorf("logbook: write key file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("logbook: write key file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("logbook: write key file: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("logbook: create key file: %w", err)
	}
	return nil
}
