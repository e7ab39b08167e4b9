package logbook_test

import (
	"fmt"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/groepsaanpak/groepsaanpak/logbook"
)

// memHashes is the reference: every stored hash of a log, kept in a map, as
// tlog's own tests keep them.
type memHashes map[int64]tlog.Hash

func (m memHashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, idx := range indexes {
		h, ok := m[idx]
		if !ok {
			return nil, fmt.Errorf("no stored hash %d", idx)
		}
		out[i] = h
	}
	return out, nil
}

func entry(i int64) []byte { return fmt.Appendf(nil, `{"n":%d}`, i) }

func TestFrontierMatchesFullTree(t *testing.T) {
	const n = 700
	ref := memHashes{}
	f, err := logbook.NewFrontier(0, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := int64(0); i < n; i++ {
		want, err := tlog.StoredHashes(i, entry(i), ref)
		if err != nil {
			t.Fatal(err)
		}
		start, got, err := f.Append(tlog.RecordHash(entry(i)))
		if err != nil {
			t.Fatalf("append %d: %v", i, err)
		}
		if start != tlog.StoredHashIndex(0, i) || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("entry %d: stored hashes at %d = %v, want %v", i, start, got, want)
		}
		for j, h := range want {
			ref[start+int64(j)] = h
		}
		wantRoot, err := tlog.TreeHash(i+1, ref)
		if err != nil {
			t.Fatal(err)
		}
		gotRoot, err := f.TreeHash()
		if err != nil || gotRoot != wantRoot {
			t.Fatalf("size %d: root %v, %v; want %v", i+1, gotRoot, err, wantRoot)
		}
	}
	if int64(len(ref)) != tlog.StoredHashCount(n) {
		t.Fatalf("stored %d hashes, want %d", len(ref), tlog.StoredHashCount(n))
	}

	t.Run("frontier read from storage continues the same tree", func(t *testing.T) {
		for _, size := range []int64{0, 1, 2, 3, 255, 256, 257, 511, 600} {
			hashes, err := ref.ReadHashes(logbook.FrontierIndexes(size))
			if err != nil {
				t.Fatal(err)
			}
			g, err := logbook.NewFrontier(size, hashes)
			if err != nil {
				t.Fatal(err)
			}
			for i := size; i < n; i++ {
				start, got, err := g.Append(tlog.RecordHash(entry(i)))
				if err != nil {
					t.Fatal(err)
				}
				for j, h := range got {
					if ref[start+int64(j)] != h {
						t.Fatalf("from size %d: entry %d: stored hash %d differs", size, i, start+int64(j))
					}
				}
			}
			root, _ := g.TreeHash()
			want, _ := tlog.TreeHash(n, ref)
			if root != want {
				t.Fatalf("from size %d: root differs", size)
			}
		}
	})
	t.Run("frontier needs one hash per set bit", func(t *testing.T) {
		if _, err := logbook.NewFrontier(5, make([]tlog.Hash, 1)); err == nil {
			t.Error("NewFrontier(5, 1 hash) succeeded")
		}
		if _, err := logbook.NewFrontier(5, make([]tlog.Hash, 3)); err == nil {
			t.Error("NewFrontier(5, 3 hashes) succeeded")
		}
	})
}
