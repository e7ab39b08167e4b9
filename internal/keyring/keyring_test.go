package keyring

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func newMaster(t *testing.T) *AESMaster {
	t.Helper()
	text, err := NewMasterKeyText()
	if err != nil {
		t.Fatal(err)
	}
	key, err := ParseMasterKey(text)
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewAESMaster(key)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func openStore(t *testing.T, path string, ms ...Master) *Keyring {
	t.Helper()
	k, err := Open(path, StaticSource(ms...))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Close() })
	return k
}

func TestSealOpen(t *testing.T) {
	ctx := context.Background()
	k := openStore(t, filepath.Join(t.TempDir(), "keys.db"), newMaster(t))
	a, err := k.KeyOrCreate(ctx, "persoon/a")
	if err != nil {
		t.Fatal(err)
	}
	b, err := k.KeyOrCreate(ctx, "persoon/b")
	if err != nil {
		t.Fatal(err)
	}
	s, err := a.Seal("Jan de Vries", []byte("persons\x00name\x00a"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		key  *DataKey
		aad  string
		text string
		ok   bool
	}{
		{"same key and row", a, "persons\x00name\x00a", s, true},
		{"another row", a, "persons\x00name\x00b", s, false},
		{"another column", a, "persons\x00address\x00a", s, false},
		{"another person's key", b, "persons\x00name\x00a", s, false},
		{"damaged", a, "persons\x00name\x00a", s[:len(s)-2] + "AA", false},
		{"truncated", a, "persons\x00name\x00a", Prefix + "AAAA", false},
		{"not sealed", a, "persons\x00name\x00a", "Jan de Vries", false},
	} {
		got, err := tc.key.Open(tc.text, []byte(tc.aad))
		if tc.ok != (err == nil) || (tc.ok && got != "Jan de Vries") {
			t.Errorf("%s: %q, %v", tc.name, got, err)
		}
		if !tc.ok && !errors.Is(err, ErrDecrypt) {
			t.Errorf("%s: error %v is not ErrDecrypt", tc.name, err)
		}
	}
	if strings.Contains(s, "Jan") {
		t.Errorf("sealed text %q holds the value", s)
	}
}

// TestShredTree destroys a key and every key below it; a destroyed key
// is not created again, and a key the store never held is an error, not
// an erasure.
func TestShredTree(t *testing.T) {
	ctx := context.Background()
	k := openStore(t, filepath.Join(t.TempDir(), "keys.db"), newMaster(t))
	for _, id := range []string{"persoon/a", "persoon/a/gegeven/1", "persoon/ab", "groep/g/gegeven/2"} {
		if _, err := k.KeyOrCreate(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if err := k.Shred(ctx, "persoon/a"); err != nil {
		t.Fatal(err)
	}
	// The key material below the destroyed key is gone from the store,
	// that of a key beside it is not.
	for _, tc := range []struct {
		id   string
		rows int
	}{{"persoon/a", 0}, {"persoon/a/gegeven/1", 0}, {"persoon/ab", 1}} {
		var n int
		if err := k.db.QueryRowContext(ctx, `SELECT count(*) FROM data_keys WHERE id = ?`, tc.id).Scan(&n); err != nil || n != tc.rows {
			t.Errorf("%s: %d rows in data_keys (%v), want %d", tc.id, n, err, tc.rows)
		}
	}
	for _, tc := range []struct {
		id   string
		gone bool
	}{
		{"persoon/a", true}, {"persoon/a/gegeven/1", true}, {"persoon/a/gegeven/new", true},
		{"persoon/ab", false}, {"groep/g/gegeven/2", false},
	} {
		_, err := k.Key(ctx, tc.id)
		if tc.gone != errors.Is(err, ErrShredded) {
			t.Errorf("%s: %v", tc.id, err)
		}
		if _, err := k.KeyOrCreate(ctx, tc.id); tc.gone != errors.Is(err, ErrShredded) {
			t.Errorf("create %s: %v", tc.id, err)
		}
	}
	if _, err := k.Key(ctx, "persoon/never"); err == nil || errors.Is(err, ErrShredded) {
		t.Errorf("a key never held: %v", err)
	}
	// The key material is gone from the file, not only from the table.
	var n int
	if err := k.db.QueryRow(`SELECT count(*) FROM data_keys WHERE id LIKE 'persoon/a/%' OR id = 'persoon/a'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d rows left: %v", n, err)
	}
}

// TestCacheIsBounded fills the cache past its bound.
func TestCacheIsBounded(t *testing.T) {
	ctx := context.Background()
	k := openStore(t, filepath.Join(t.TempDir(), "keys.db"), newMaster(t))
	k.cache = newLRU(16)
	for i := range 100 {
		if _, err := k.KeyOrCreate(ctx, fmt.Sprintf("persoon/%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if n := k.cache.len(); n != 16 {
		t.Errorf("cache holds %d keys, bound 16", n)
	}
	if k.cache.get("persoon/99") == nil || k.cache.get("persoon/0") != nil {
		t.Error("the cache does not keep the most recent keys")
	}
	if err := k.Shred(ctx, "persoon/99"); err != nil {
		t.Fatal(err)
	}
	if k.cache.get("persoon/99") != nil {
		t.Error("a destroyed key stays in the cache")
	}
}

// TestRotateWhileCreating rotates the master while other goroutines, with
// their own keyring over the same store that holds only the old master at
// first, create keys: afterwards every key is wrapped by the new master
// and reads through a keyring that holds only the new one.
func TestRotateWhileCreating(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "keys.db")
	old, next := newMaster(t), newMaster(t)
	k := openStore(t, path, old)
	// The other process finds the next master where rotation puts it.
	var mu sync.Mutex
	available := []Master{old}
	other, err := Open(path, func() ([]Master, error) {
		mu.Lock()
		defer mu.Unlock()
		return append([]Master(nil), available...), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	for i := range 50 {
		if _, err := k.KeyOrCreate(ctx, fmt.Sprintf("persoon/voor-%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for w := range 2 {
		wg.Go(func() {
			for i := range 60 {
				if _, err := other.KeyOrCreate(ctx, fmt.Sprintf("persoon/tijdens-%d-%d", w, i)); err != nil {
					errs <- err
				}
			}
		})
	}
	mu.Lock()
	available = append(available, next)
	mu.Unlock()
	st, err := k.Rotate(ctx, next)
	if err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// Keys created under the old master after the rotation's scan would
	// be lost with the old master; a second pass finds none.
	if st2, err := k.Rotate(ctx, next); err != nil || st2.Rewrapped != 0 {
		t.Errorf("second rotation re-wrapped %d keys: %v", st2.Rewrapped, err)
	}
	use, err := k.MasterUse(ctx)
	if err != nil || len(use) != 1 || use[next.ID()] != 50+120 {
		t.Errorf("masters in use after rotation: %v (%v), first pass re-wrapped %d", use, err, st.Rewrapped)
	}
	only := openStore(t, path, next)
	for i := range 50 {
		if _, err := only.Key(ctx, fmt.Sprintf("persoon/voor-%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := only.Key(ctx, "persoon/tijdens-1-59"); err != nil {
		t.Fatal(err)
	}
}

func TestMasterFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "keys", "master.key")
	a, err := LoadOrCreateMasterFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v: %v", fi.Mode().Perm(), err)
	}
	b, err := LoadOrCreateMasterFile(path)
	if err != nil || a.ID() != b.ID() {
		t.Fatalf("second load: %v %v", b, err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadMasterFile(path); err == nil {
		t.Error("a master key file others may read is used")
	}
	for _, bad := range []string{"", "abc", strings.Repeat("zz", 32), strings.Repeat("ab", 31)} {
		if _, err := ParseMasterKey(bad); err == nil {
			t.Errorf("ParseMasterKey(%q) accepted", bad)
		}
	}
}

func TestBlindIndex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	m := newMaster(t)
	k := openStore(t, filepath.Join(dir, "a.db"), m)
	b, err := k.BlindIndex(ctx)
	if err != nil {
		t.Fatal(err)
	}
	other, err := openStore(t, filepath.Join(dir, "b.db"), m).BlindIndex(ctx)
	if err != nil {
		t.Fatal(err)
	}
	x := b.Sum("persoon", "jan de vries", "2010-01-01")
	for _, tc := range []struct {
		name string
		got  string
		same bool
	}{
		{"same input", b.Sum("persoon", "jan de vries", "2010-01-01"), true},
		{"other date", b.Sum("persoon", "jan de vries", "2010-01-02"), false},
		{"parts shifted", b.Sum("persoon", "jan de vries2010-01-01", ""), false},
		{"other domain", b.Sum("bsn", "jan de vries", "2010-01-01"), false},
		{"other installation's key", other.Sum("persoon", "jan de vries", "2010-01-01"), false},
	} {
		if (tc.got == x) != tc.same {
			t.Errorf("%s: equal = %v", tc.name, tc.got == x)
		}
	}
	// Rotation leaves blind indexes as they are.
	if _, err := k.Rotate(ctx, newMaster(t)); err != nil {
		t.Fatal(err)
	}
	k.blind = nil
	b2, err := k.BlindIndex(ctx)
	if err != nil || b2.Sum("persoon", "jan de vries", "2010-01-01") != x {
		t.Errorf("blind index changed by rotation: %v", err)
	}
}

// TestPrefetch loads many keys in one go: afterwards they are cached, a
// destroyed one still reads as destroyed and an unknown one as an error.
func TestPrefetch(t *testing.T) {
	ctx := context.Background()
	k := openStore(t, filepath.Join(t.TempDir(), "keys.db"), newMaster(t))
	var ids []string
	for i := range 1200 {
		ids = append(ids, fmt.Sprintf("persoon/p/gegeven/%d", i))
	}
	if err := k.CreateKeys(ctx, ids); err != nil {
		t.Fatal(err)
	}
	if err := k.Shred(ctx, ids[7]); err != nil {
		t.Fatal(err)
	}
	k.cache = newLRU(DefaultCacheSize)
	if err := k.Prefetch(ctx, append(ids, "persoon/onbekend")); err != nil {
		t.Fatal(err)
	}
	if n := k.cache.len(); n != len(ids)-1 {
		t.Errorf("%d keys cached, want %d", n, len(ids)-1)
	}
	if _, err := k.Key(ctx, ids[7]); !errors.Is(err, ErrShredded) {
		t.Errorf("destroyed key: %v", err)
	}
	if _, err := k.Key(ctx, "persoon/onbekend"); err == nil || errors.Is(err, ErrShredded) {
		t.Errorf("unknown key: %v", err)
	}
	// CreateKeys does not bring a destroyed key back.
	if err := k.CreateKeys(ctx, ids[:10]); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Key(ctx, ids[7]); !errors.Is(err, ErrShredded) {
		t.Errorf("destroyed key after CreateKeys: %v", err)
	}
}
