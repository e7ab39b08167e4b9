package keyring

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

var randRead = rand.Read

// NextSuffix names the file beside the master key file that holds the next
// master during a rotation (master.key.next), so that running processes
// find it while their data keys are re-wrapped.
const NextSuffix = ".next"

// LoadOrCreateMasterFile reads the master key at path, creating it with a
// new random key (mode 0600, directory 0700) when it does not exist. A file
// that group or others may read is refused rather than used.
func LoadOrCreateMasterFile(path string) (*AESMaster, error) {
	m, err := ReadMasterFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if err := WriteMasterFile(path, ""); err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		m, err = ReadMasterFile(path)
	}
	return m, err
}

// ReadMasterFile reads a master key file.
func ReadMasterFile(path string) (*AESMaster, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("keyring: %s may be read by others (mode %v); make it 0600", path, fi.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key, err := ParseMasterKey(string(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return NewAESMaster(key)
}

// WriteMasterFile writes a master key file (64 hexadecimal digits) that
// must not exist yet: text, or a new random key when text is empty. The
// file appears complete or not at all.
func WriteMasterFile(path, text string) error {
	if text == "" {
		var err error
		if text, err = NewMasterKeyText(); err != nil {
			return err
		}
	}
	if _, err := ParseMasterKey(text); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("keyring: create key directory: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".master-*")
	if err != nil {
		return fmt.Errorf("keyring: write master key: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.WriteString(text + "\n"); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// Link fails when path exists: two processes starting at once keep
	// the first key.
	if err := os.Link(tmp.Name(), path); err != nil {
		return fmt.Errorf("keyring: write master key: %w", err)
	}
	return nil
}

// FileSource is the master source of a key file: the key at path and,
// during a rotation, the next key beside it.
func FileSource(path string) MasterSource {
	return func() ([]Master, error) {
		m, err := LoadOrCreateMasterFile(path)
		if err != nil {
			return nil, err
		}
		out := []Master{m}
		if next, err := ReadMasterFile(path + NextSuffix); err == nil {
			out = append(out, next)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return out, nil
	}
}

// StaticSource is the master source of keys held in memory, such as the
// one from the environment.
func StaticSource(ms ...Master) MasterSource {
	return func() ([]Master, error) {
		if len(ms) == 0 {
			return nil, errors.New("keyring: no master key")
		}
		return ms, nil
	}
}
