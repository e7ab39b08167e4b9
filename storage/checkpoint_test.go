package storage_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// skipOnPostgres skips a test of SQLite's write-ahead log, which
// PostgreSQL does not have.
func skipOnPostgres(t *testing.T) {
	t.Helper()
	if storagetest.UsingPostgres() {
		t.Skip("the checkpointer of the write-ahead log is SQLite's")
	}
}

// walFrames returns the frames the write-ahead log file of db has room
// for: its size, which only a checkpoint that starts the log again keeps
// from growing.
func walFrames(t *testing.T, db *storage.DB) int64 {
	t.Helper()
	var pageSize int64
	if err := db.SQL().QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	path := strings.TrimPrefix(storagetest.URLOf(db), "sqlite:") + "-wal"
	fi, err := os.Stat(path)
	if os.IsNotExist(err) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	const walHeader, frameHeader = 32, 24
	return max(0, fi.Size()-walHeader) / (pageSize + frameHeader)
}

// awaitCheckpoint waits until the checkpointer has run a checkpoint after
// the first done ones that copied every frame of the log, and returns its
// outcome. Give done as counted after the last commit to wait for: the
// checkpoint counted next may have begun before that commit, the one after
// it has not. It fails the test when none comes within a minute; the
// checkpointer ticks every second.
func awaitCheckpoint(t *testing.T, db *storage.DB, done int64) storage.CheckpointStats {
	t.Helper()
	for range 6000 {
		s := db.CheckpointStats()
		if s.Failures > 0 {
			t.Fatalf("checkpoint failed: %v", s.LastError)
		}
		if s.Checkpoints > done && s.Checkpointed == s.LogFrames {
			return s
		}
		time.Sleep(10 * time.Millisecond)
	}
	s := db.CheckpointStats()
	t.Fatalf("no complete checkpoint after %d: %+v", done, s)
	return s
}

// commitReads commits n reads' log lines through the group commit.
func commitReads(t *testing.T, db *storage.DB, n int, tag string) {
	t.Helper()
	ctx := ga.WithActor(context.Background(), professional)
	for i := range n {
		if err := record(ctx, db, 10, 10, fmt.Sprintf("%s-%d", tag, i)); err != nil {
			t.Fatalf("commit %d: %v", i, err)
		}
	}
}

// TestWALNoCommitCheckpoints: with the checkpointer held back, the group
// commits of reads let the write-ahead log grow far beyond SQLite's
// threshold of 1,000 pages, which proves that no commit checkpoints the
// log itself any more (wal_autocheckpoint 0); once released, the
// checkpointer copies every frame into the database file, following its
// PASSIVE checkpoint with a RESTART one for a log beyond RestartFrames and
// a TRUNCATE one, which empties the file, beyond TruncateFrames.
func TestWALNoCommitCheckpoints(t *testing.T) {
	skipOnPostgres(t)
	for _, tc := range []struct {
		name                string
		grow                int64 // frames the log grows beyond while held
		restarts, truncates int64
	}{
		{"a log beyond the threshold is copied by a passive checkpoint", 2 * storage.CheckpointFrames, 0, 0},
		{"a longer log is restarted", storage.RestartFrames, 1, 0},
		{"a log grown too long is truncated", storage.TruncateFrames, 0, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := storagetest.Open(t, storagetest.Options{})
			release := db.HoldCheckpoints()
			// Migrate's commits may have been checkpointed before.
			base := db.CheckpointStats()
			commits := 0
			for walFrames(t, db) <= tc.grow {
				if commits == 3000 {
					t.Fatalf("after %d group commits the log holds %d frames, want more than %d: a commit checkpointed it",
						commits, walFrames(t, db), tc.grow)
				}
				commitReads(t, db, 10, fmt.Sprint(commits))
				commits += 10
			}
			if s := db.CheckpointStats(); s.Checkpoints != base.Checkpoints {
				t.Fatalf("the held checkpointer ran %d checkpoints", s.Checkpoints-base.Checkpoints)
			}
			release()
			s := awaitCheckpoint(t, db, base.Checkpoints)
			s.Restarts -= base.Restarts
			s.Truncates -= base.Truncates
			if s.Restarts != tc.restarts || s.Truncates != tc.truncates || s.Busy {
				t.Errorf("checkpoint after release: %+v, want %d restarts, %d truncates", s, tc.restarts, tc.truncates)
			}
			if tc.truncates == 0 && s.LogFrames <= tc.grow {
				t.Errorf("checkpoint after release: %+v, want all of more than %d frames copied", s, tc.grow)
			}
			if tc.truncates > 0 {
				if n := walFrames(t, db); n != 0 {
					t.Errorf("the truncated log file still holds %d frames", n)
				}
			}
			// The checkpointer left nothing: a checkpoint of our own finds
			// every frame copied. It is busy while one of the
			// checkpointer's ticks runs.
			var busy, logFrames, copied int64
			for range 100 {
				if err := db.SQL().QueryRow(`PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &logFrames, &copied); err != nil {
					t.Fatal(err)
				}
				if busy == 0 {
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
			if busy != 0 || logFrames != copied || logFrames != s.LogFrames {
				t.Errorf("wal_checkpoint after the checkpointer: busy %d, log %d, checkpointed %d; want 0, %d, %d",
					busy, logFrames, copied, s.LogFrames, s.LogFrames)
			}
		})
	}
}

// TestWALStaysBounded: round after round of group commits, each writing
// more than the checkpointer's threshold, the checkpointer copies the log
// and the log starts again, so that neither the log nor its file grows
// with the number of rounds.
func TestWALStaysBounded(t *testing.T) {
	skipOnPostgres(t)
	db := storagetest.Open(t, storagetest.Options{})
	const rounds = 6
	var logFrames, fileFrames [rounds]int64
	for r := range rounds {
		// Enough commits that a round writes more than the threshold,
		// with the checkpointer held back meanwhile: on a slow machine
		// (the race detector) its one-second tick would otherwise copy
		// parts of the round, and the round's checkpoint would see only
		// the rest.
		release := db.HoldCheckpoints()
		before := db.CheckpointStats().Checkpoints
		commitReads(t, db, 150, fmt.Sprint(r))
		release()
		s := awaitCheckpoint(t, db, before)
		logFrames[r], fileFrames[r] = s.LogFrames, walFrames(t, db)
	}
	t.Logf("log frames per round %v, file frames %v", logFrames, fileFrames)
	if logFrames[0] < storage.CheckpointFrames {
		t.Fatalf("a round wrote %d frames, want at least %d", logFrames[0], storage.CheckpointFrames)
	}
	for r := 1; r < rounds; r++ {
		if logFrames[r] > 2*logFrames[0] || fileFrames[r] > 2*fileFrames[0] {
			t.Errorf("round %d: log %d frames, file %d frames; the first round left %d and %d: the log grows",
				r, logFrames[r], fileFrames[r], logFrames[0], fileFrames[0])
		}
	}
}

// TestCloseStopsCheckpointer: Close ends the checkpointer's goroutine
// and waits for it, so that opening and closing a database leaves no
// goroutine behind.
func TestCloseStopsCheckpointer(t *testing.T) {
	skipOnPostgres(t)
	url := storagetest.URL(t)
	ctx := context.Background()
	open := func() *storage.DB {
		db, err := storage.Open(ctx, storage.Config{URL: url, LogKeys: storagetest.LogKeys(t)})
		if err != nil {
			t.Fatal(err)
		}
		return db
	}
	db := open()
	if db.CheckpointerStopped() {
		t.Fatal("the checkpointer stopped before Close")
	}
	db.Close()
	if !db.CheckpointerStopped() {
		t.Fatal("the checkpointer still runs after Close")
	}
	before := runtime.NumGoroutine()
	const cycles = 10
	for range cycles {
		open().Close()
	}
	// database/sql ends its own goroutines of a closed pool
	// asynchronously; wait for those, and fail if a goroutine per cycle
	// stays.
	n := runtime.NumGoroutine()
	for i := 0; i < 500 && n > before; i++ {
		time.Sleep(10 * time.Millisecond)
		n = runtime.NumGoroutine()
	}
	if n > before {
		t.Errorf("%d goroutines after %d cycles of Open and Close, %d before", n, cycles, before)
	}
}
