package logbook_test

import (
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/groepsaanpak/groepsaanpak/logbook"
)

func testKeys(t testing.TB, name string) (note.Signer, note.Verifier) {
	t.Helper()
	skey, _, err := logbook.GenerateKey(name)
	if err != nil {
		t.Fatal(err)
	}
	s, v, err := logbook.ParseKey(skey)
	if err != nil {
		t.Fatal(err)
	}
	return s, v
}

func TestCheckpoint(t *testing.T) {
	s, v := testKeys(t, "test-log")
	tree := tlog.Tree{N: 42, Hash: tlog.RecordHash([]byte("x"))}
	msg, err := logbook.SignCheckpoint(s, logbook.Audit, tree)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("signed checkpoint opens", func(t *testing.T) {
		got, err := logbook.OpenCheckpoint(v, logbook.Audit, msg)
		if err != nil || got != tree {
			t.Fatalf("OpenCheckpoint = %v, %v; want %v", got, err, tree)
		}
		if n, err := logbook.CheckpointSize(msg); n != 42 || err != nil {
			t.Errorf("CheckpointSize = %d, %v", n, err)
		}
		if _, err := tlog.ParseTree(msg[:strings.Index(string(msg), "\n\n")+1]); err != nil {
			t.Errorf("tlog cannot parse the checkpoint text: %v", err)
		}
	})
	t.Run("checkpoint of another log is refused", func(t *testing.T) {
		if _, err := logbook.OpenCheckpoint(v, logbook.Processing, msg); err == nil {
			t.Error("audit checkpoint opened as a processing checkpoint")
		}
	})
	t.Run("altered size is refused", func(t *testing.T) {
		bad := strings.Replace(string(msg), "\n42\n", "\n41\n", 1)
		if _, err := logbook.OpenCheckpoint(v, logbook.Audit, []byte(bad)); err == nil {
			t.Error("altered checkpoint opened")
		}
	})
	t.Run("checkpoint signed by another key is refused", func(t *testing.T) {
		other, _ := testKeys(t, "test-log")
		forged, err := logbook.SignCheckpoint(other, logbook.Audit, tree)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := logbook.OpenCheckpoint(v, logbook.Audit, forged); err == nil {
			t.Error("forged checkpoint opened")
		}
	})
}

// memLog is a log kept in memory the way storage keeps it in tables.
type memLog struct {
	entries     map[int64][]byte
	hashes      memHashes
	checkpoints map[int64][]byte
	latest      []byte
}

func buildLog(t testing.TB, s note.Signer, n int64, checkpointEvery int64) *memLog {
	t.Helper()
	l := &memLog{entries: map[int64][]byte{}, hashes: memHashes{}, checkpoints: map[int64][]byte{}}
	f, _ := logbook.NewFrontier(0, nil)
	for i := int64(0); i < n; i++ {
		l.entries[i] = entry(i)
		start, hs, err := f.Append(tlog.RecordHash(entry(i)))
		if err != nil {
			t.Fatal(err)
		}
		for j, h := range hs {
			l.hashes[start+int64(j)] = h
		}
		if (i+1)%checkpointEvery == 0 || i == n-1 {
			tree, _ := f.Tree()
			msg, err := logbook.SignCheckpoint(s, logbook.Audit, tree)
			if err != nil {
				t.Fatal(err)
			}
			if (i+1)%checkpointEvery == 0 {
				l.checkpoints[tree.N] = msg
			}
			l.latest = msg
		}
	}
	return l
}

// check streams the log to a Checker as storage does.
func (l *memLog) check(v note.Verifier) (*logbook.Checker, *logbook.Problem) {
	c := logbook.NewChecker(logbook.Audit, v, l.latest)
	var idx, sizes []int64
	for i := range l.entries {
		idx = append(idx, i)
	}
	for s := range l.checkpoints {
		sizes = append(sizes, s)
	}
	sortInts(idx)
	sortInts(sizes)
	for _, s := range sizes {
		if p := c.AddCheckpoint(s, l.checkpoints[s]); p != nil {
			return c, p
		}
	}
	lookup := func(i int64) (tlog.Hash, bool) { h, ok := l.hashes[i]; return h, ok }
	for _, i := range idx {
		if p := c.Entry(i, l.entries[i], lookup); p != nil {
			return c, p
		}
	}
	return c, c.Finish()
}

func sortInts(s []int64) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func TestChecker(t *testing.T) {
	s, v := testKeys(t, "test-log")
	const n = 300 // checkpoints at 100, 200, 300 and the latest at 300
	tests := []struct {
		name     string
		tamper   func(l *memLog)
		firstBad int64 // -1: the log is sound
	}{
		{"untouched log verifies", func(l *memLog) {}, -1},
		{"modified entry detected", func(l *memLog) { l.entries[150] = []byte(`{"n":-1}`) }, 150},
		{"deleted middle entry detected", func(l *memLog) { delete(l.entries, 77) }, 77},
		{"deleted last entry detected", func(l *memLog) { delete(l.entries, n-1) }, n - 1},
		{"deleted first entry detected", func(l *memLog) { delete(l.entries, 0) }, 0},
		{"inserted entry at the end detected", func(l *memLog) {
			l.entries[n] = entry(n)
			// Even with correct stored hashes the entry is not covered.
			f := frontierOf(t, l, n)
			start, hs, _ := f.Append(tlog.RecordHash(entry(n)))
			for j, h := range hs {
				l.hashes[start+int64(j)] = h
			}
		}, n},
		{"inserted entry with a negative index detected", func(l *memLog) { l.entries[-1] = entry(-1) }, 0},
		{"reordered entries detected", func(l *memLog) {
			l.entries[10], l.entries[20] = l.entries[20], l.entries[10]
		}, 10},
		{"modified leaf hash detected", func(l *memLog) { l.hashes[tlog.StoredHashIndex(0, 33)] = tlog.Hash{1} }, 33},
		{"modified inner hash detected", func(l *memLog) {
			// Level 2 hash 10 covers entries 40..43 and is written with 43.
			l.hashes[tlog.StoredHashIndex(2, 10)] = tlog.Hash{1}
		}, 43},
		{"missing stored hash detected", func(l *memLog) { delete(l.hashes, tlog.StoredHashIndex(0, 12)) }, 12},
		{"forged latest checkpoint detected", func(l *memLog) {
			other, _ := testKeys(t, "test-log")
			tree, _ := logbook.OpenCheckpoint(v, logbook.Audit, l.latest)
			l.latest, _ = logbook.SignCheckpoint(other, logbook.Audit, tree)
		}, 200},
		{"forged history checkpoint detected", func(l *memLog) {
			other, _ := testKeys(t, "test-log")
			tree, _ := logbook.OpenCheckpoint(v, logbook.Audit, l.checkpoints[200])
			l.checkpoints[200], _ = logbook.SignCheckpoint(other, logbook.Audit, tree)
		}, 100},
		{"checkpoint stored under another size detected", func(l *memLog) {
			l.checkpoints[250] = l.checkpoints[200]
		}, 200},
		{"old checkpoint replayed as latest detected", func(l *memLog) { l.latest = l.checkpoints[200] }, 200},
		{"missing latest checkpoint detected", func(l *memLog) { l.latest = nil }, 300},
		{"rewritten entry with recomputed hashes detected by its checkpoint", func(l *memLog) {
			l.entries[250] = []byte(`{"n":"rewritten"}`)
			f := frontierOf(t, l, 0)
			l.hashes = memHashes{}
			for i := int64(0); i < n; i++ {
				start, hs, _ := f.Append(tlog.RecordHash(l.entries[i]))
				for j, h := range hs {
					l.hashes[start+int64(j)] = h
				}
			}
		}, 200},
		{"deleted tail with its hashes detected", func(l *memLog) {
			for i := int64(290); i < n; i++ {
				delete(l.entries, i)
			}
			for i := tlog.StoredHashIndex(0, 290); i < tlog.StoredHashCount(n); i++ {
				delete(l.hashes, i)
			}
		}, 290},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := buildLog(t, s, n, 100)
			tt.tamper(l)
			c, p := l.check(v)
			switch {
			case tt.firstBad < 0 && p != nil:
				t.Fatalf("problem %v in a sound log", p)
			case tt.firstBad < 0:
				if c.Entries() != n || c.Checkpoints() != 4 {
					t.Errorf("checked %d entries and %d checkpoints, want %d and 4", c.Entries(), c.Checkpoints(), n)
				}
			case p == nil:
				t.Fatal("tampering not detected")
			case p.Index != tt.firstBad:
				t.Fatalf("first bad = %d (%s), want %d", p.Index, p.Reason, tt.firstBad)
			default:
				t.Logf("detected: %v", p)
			}
		})
	}
	t.Run("truncated log with an old checkpoint detected by a witnessed checkpoint", func(t *testing.T) {
		l := buildLog(t, s, n, 100)
		witnessed := l.latest
		for i := int64(200); i < n; i++ {
			delete(l.entries, i)
		}
		for i := tlog.StoredHashIndex(0, 200); i < tlog.StoredHashCount(n); i++ {
			delete(l.hashes, i)
		}
		delete(l.checkpoints, 300)
		l.latest = l.checkpoints[200]
		if _, p := l.check(v); p != nil {
			t.Fatalf("without a witness the truncation should pass unnoticed, got %v", p)
		}
		c := logbook.NewChecker(logbook.Audit, v, l.latest)
		if err := c.AddWitnessed(witnessed); err != nil {
			t.Fatal(err)
		}
		lookup := func(i int64) (tlog.Hash, bool) { h, ok := l.hashes[i]; return h, ok }
		for i := int64(0); i < 200; i++ {
			if p := c.Entry(i, l.entries[i], lookup); p != nil {
				t.Fatal(p)
			}
		}
		p := c.Finish()
		if p == nil || p.Index != 200 {
			t.Fatalf("problem = %v, want entries from 200 missing", p)
		}
		t.Logf("detected: %v", p)
	})
	t.Run("empty log verifies", func(t *testing.T) {
		c := logbook.NewChecker(logbook.Audit, v, nil)
		if p := c.Finish(); p != nil {
			t.Fatal(p)
		}
	})
}

func frontierOf(t testing.TB, l *memLog, size int64) *logbook.Frontier {
	t.Helper()
	hs, err := l.hashes.ReadHashes(logbook.FrontierIndexes(size))
	if err != nil {
		t.Fatal(err)
	}
	f, err := logbook.NewFrontier(size, hs)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
