package storage_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/logbook"
	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// writers runs goroutines × txs transactions against the given handles in
// turn, each with one to three log lines of either log, and returns how many
// lines of each log it recorded. It reports failures with t.Error, so it may
// run off the test's goroutine; callers check t.Failed.
func writers(t testing.TB, dbs []*storage.DB, goroutines, txs int) (audit, processing int64) {
	t.Helper()
	var na, np atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := range goroutines {
		db := dbs[g%len(dbs)]
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 1))
			ctx := ga.WithActor(context.Background(), professional)
			for i := range txs {
				a, p := 0, 0
				for range 1 + rng.IntN(3) {
					if rng.IntN(2) == 0 {
						a++
					} else {
						p++
					}
				}
				if err := record(ctx, db, a, p, fmt.Sprintf("g%d-%d", g, i)); err != nil {
					errs <- fmt.Errorf("goroutine %d, transaction %d: %w", g, i, err)
					return
				}
				na.Add(int64(a))
				np.Add(int64(p))
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	return na.Load(), np.Load()
}

// checkGapFree checks that each log holds exactly want entries with
// indexes 0..want-1, and that the whole logs verify.
func checkGapFree(t testing.TB, db *storage.DB, want map[string]int64) {
	t.Helper()
	for log, n := range want {
		got := count(t, db, `SELECT count(*) FROM log_entries WHERE log = $1`, log)
		maxIdx := count(t, db, `SELECT coalesce(max(idx), -1) FROM log_entries WHERE log = $1`, log)
		minIdx := count(t, db, `SELECT coalesce(min(idx), 0) FROM log_entries WHERE log = $1`, log)
		if got != n || minIdx != 0 || maxIdx != n-1 {
			t.Errorf("%s log: %d entries with indexes %d..%d, want %d gap-free", log, got, minIdx, maxIdx, n)
		}
	}
	r := mustVerify(t, db)
	if !r.OK() {
		t.Fatalf("report:\n%s", r)
	}
	for log, n := range want {
		if c := r.Log(log); c.Entries != n {
			t.Errorf("%s log: %d entries verified, want %d", log, c.Entries, n)
		}
	}
}

func TestConcurrentWritersKeepOneLog(t *testing.T) {
	db := storagetest.Open(t, storagetest.Options{})
	a, p := writers(t, []*storage.DB{db}, 32, 50)
	if t.Failed() {
		t.FailNow()
	}
	checkGapFree(t, db, map[string]int64{logbook.Audit: a, logbook.Processing: p})
}

// TestVerifyBesideWriters verifies while transactions append: each
// verification reads one snapshot, so it must never see entries without
// their hashes or a head ahead of its entries.
func TestVerifyBesideWriters(t *testing.T) {
	db := storagetest.Open(t, storagetest.Options{})
	done := make(chan struct{})
	var a, p int64
	go func() {
		defer close(done)
		a, p = writers(t, []*storage.DB{db}, 4, 40)
	}()
	for verified := 0; ; verified++ {
		select {
		case <-done:
			if t.Failed() {
				t.FailNow()
			}
			if verified == 0 {
				t.Log("writers finished before the first verification")
			}
			checkGapFree(t, db, map[string]int64{logbook.Audit: a, logbook.Processing: p})
			return
		default:
		}
		r, err := db.VerifyLogs(context.Background())
		if err != nil || !r.OK() {
			<-done // the writers must not outlive the test
			t.Fatalf("verification %d beside writers: %v\n%s", verified, err, r)
		}
	}
}

// TestTwoPoolsOnPostgresKeepOneLog writes through two *storage.DB handles,
// two connection pools as two application processes would have, to one
// PostgreSQL database: the head row's lock must serialise them.
func TestTwoPoolsOnPostgresKeepOneLog(t *testing.T) {
	u := storagetest.PostgresURL(t)
	keys, _, _ := testKeys(t)
	one := openWithKeys(t, u, keys)
	two := openWithKeys(t, u, keys)
	a, p := writers(t, []*storage.DB{one, two}, 16, 40)
	if t.Failed() {
		t.FailNow()
	}
	checkGapFree(t, one, map[string]int64{logbook.Audit: a, logbook.Processing: p})
}

// Environment of the helper process of TestTwoProcessesKeepOneLog.
const (
	envHelperURL = "GROEPSAANPAK_LOGBOOK_HELPER_URL"
	envHelperKey = "GROEPSAANPAK_LOGBOOK_HELPER_KEY_FILE"
	envHelperTxs = "GROEPSAANPAK_LOGBOOK_HELPER_TRANSACTIONS"
)

// TestHelperProcessWriter is not a test: TestTwoProcessesKeepOneLog runs
// the test binary again with only this test selected, so that two real
// processes append to one database. Each transaction records two audit
// lines and one processing line.
func TestHelperProcessWriter(t *testing.T) {
	u := os.Getenv(envHelperURL)
	if u == "" {
		t.Skip("helper process of TestTwoProcessesKeepOneLog")
	}
	txs, err := strconv.Atoi(os.Getenv(envHelperTxs))
	if err != nil {
		t.Fatal(err)
	}
	signer, verifier, err := logbook.LoadOrCreateKeyFile(os.Getenv(envHelperKey))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := storage.Open(ctx, storage.Config{URL: u, LogKeys: storage.NewLogKeys(signer, verifier)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for g := range errs {
		wg.Go(func() {
			actx := ga.WithActor(ctx, professional)
			for i := range txs / len(errs) {
				if err := record(actx, db, 2, 1, fmt.Sprintf("pid%d-%d-%d", os.Getpid(), g, i)); err != nil {
					errs[g] = err
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestTwoProcessesKeepOneLog runs two processes that append to one
// database at the same time, each with its own connection pool and lock
// waits, sharing only the key file, and checks that they leave one valid
// log.
func TestTwoProcessesKeepOneLog(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	backends := map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "groepsaanpak.db") },
		"postgres": func(t *testing.T) string { return storagetest.PostgresURL(t) },
	}
	for name, url := range backends {
		t.Run(name, func(t *testing.T) {
			u := url(t)
			keyFile := filepath.Join(t.TempDir(), "keys", "log.key")
			signer, verifier, err := logbook.LoadOrCreateKeyFile(keyFile)
			if err != nil {
				t.Fatal(err)
			}
			db := openWithKeys(t, u, storage.NewLogKeys(signer, verifier))
			const txs = 200
			var wg sync.WaitGroup
			outs := make([][]byte, 2)
			errs := make([]error, 2)
			for i := range outs {
				cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcessWriter$", "-test.count=1")
				cmd.Env = append(os.Environ(), envHelperURL+"="+u, envHelperKey+"="+keyFile, envHelperTxs+"="+strconv.Itoa(txs))
				wg.Go(func() { outs[i], errs[i] = cmd.CombinedOutput() })
			}
			wg.Wait()
			for i := range outs {
				if errs[i] != nil {
					t.Fatalf("process %d: %v\n%s", i, errs[i], outs[i])
				}
			}
			checkGapFree(t, db, map[string]int64{logbook.Audit: 2 * txs * 2, logbook.Processing: 2 * txs})
		})
	}
}
