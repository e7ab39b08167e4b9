package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/logbook"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// The tests below are an experiment, not part of the suite: they are
// skipped unless GROEPSAANPAK_BENCH_PROBE names a directory, and report
// figures rather than assert on them (docs/performance.md, log append).
// TestProbeLoad loads the benchmark's data set there once, as Run does;
// TestProbeAppend then measures a lone writer's log append beside the
// limit on that database as often as wanted, optionally right after the
// log's secondary indexes were built again in one pass
// (GROEPSAANPAK_BENCH_PROBE_REBUILD=1), with the process's CPU time per
// call, so that two builds can be compared on the same data:
//
//	GROEPSAANPAK_BENCH_PROBE=/tmp/probe go test ./internal/bench -run TestProbeLoad -v -timeout 60m
//	go test -c -o /tmp/new.test ./internal/bench
//	GROEPSAANPAK_BENCH_PROBE=/tmp/probe GROEPSAANPAK_BENCH_PROBE_REBUILD=1 /tmp/new.test -test.run TestProbeAppend -test.v

func probeDir(t *testing.T) string {
	dir := os.Getenv("GROEPSAANPAK_BENCH_PROBE")
	if dir == "" {
		t.Skip("an experiment: set GROEPSAANPAK_BENCH_PROBE to a directory")
	}
	return dir
}

func probeOpen(t *testing.T, dir string) *storage.DB {
	signer, verifier, err := logbook.LoadOrCreateKeyFile(filepath.Join(dir, "log.key"))
	if err != nil {
		t.Fatal(err)
	}
	db, err := storage.Open(context.Background(), storage.Config{URL: "sqlite:" + filepath.Join(dir, "bench.db"),
		LogKeys: storage.NewLogKeys(signer, verifier), SQLiteCacheMiB: 64})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestProbeLoad(t *testing.T) {
	dir := probeDir(t)
	scale := 0.1
	if s := os.Getenv("GROEPSAANPAK_BENCH_PROBE_SCALE"); s != "" {
		var err error
		if scale, err = strconv.ParseFloat(s, 64); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	db := probeOpen(t, dir)
	ctx := context.Background()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	cfg := Config{Size: National.Scaled(scale), Seed: 1, Now: time.Now()}
	w, err := setup(ctx, db, cfg.Now)
	if err != nil {
		t.Fatal(err)
	}
	w.size = cfg.Size
	gen := &generator{rng: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)), w: w, now: cfg.Now}
	var restore func(context.Context) error
	batches := (cfg.Size.Groups + batchGroups - 1) / batchGroups
	batch := 0
	err = gen.casework(ctx, func(groups []genGroup, loaded []storage.BulkItem) error {
		batch++
		if err := gen.logs(ctx, cfg.Size.LogEntries*batch/batches-gen.logged, groups); err != nil {
			return err
		}
		if batch == 1 && batch < batches {
			var err error
			restore, err = db.BulkDeferLogIndexes(w.sys)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if restore != nil {
		if err := restore(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.BulkSettle(w.sys); err != nil {
		t.Fatal(err)
	}
	t.Logf("loaded %d log entries", gen.logged)
}

func TestProbeAppend(t *testing.T) {
	dir := probeDir(t)
	db := probeOpen(t, dir)
	ctx := context.Background()
	sys := ga.WithActor(ctx, ga.SystemActor("bench"))
	if os.Getenv("GROEPSAANPAK_BENCH_PROBE_REBUILD") != "" {
		t0 := time.Now()
		restore, err := db.BulkDeferLogIndexes(sys)
		if err != nil {
			t.Fatal(err)
		}
		if err := restore(ctx); err != nil {
			t.Fatal(err)
		}
		if err := db.BulkSettle(sys); err != nil {
			t.Fatal(err)
		}
		t.Logf("the log's indexes built again in %v", time.Since(t0))
	}
	probe, err := db.NewInsertProbe(sys)
	if err != nil {
		t.Fatal(err)
	}
	defer probe.Drop(sys)
	actor := &ga.Actor{UserID: "u1", PartnerID: "p1", Origin: "bench"}
	actx := ga.WithActor(ctx, actor)
	rec := ga.AuditRecord{TraceID: "0123456789abcdef0123456789abcdef", Time: time.Now().UTC(), UserID: actor.UserID, PartnerID: actor.PartnerID,
		Action: "bench_append", ObjectType: "benchmark", ObjectID: "1", Result: ga.ResultSuccess, Origin: actor.Origin, Detail: "meting"}
	for round := range 3 {
		var lcpu, gcpu time.Duration
		var lc, gc int64
		timed := func(cpu *time.Duration, n *int64, fn func() error) error {
			c := processCPU()
			err := fn()
			*cpu += processCPU() - c
			*n++
			return err
		}
		limit, got, err := rates(ctx, 1, 2*time.Second,
			func(i int64) error { return timed(&lcpu, &lc, func() error { return probe.Insert(sys, rec) }) },
			func(i int64) error { return timed(&gcpu, &gc, func() error { return appendLine(actx, db, i) }) })
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("round %d, 1 writer: append %.0f/s, limit %.0f/s, ratio %.3f; CPU per call: append %v, limit %v\n",
			round+1, got, limit, got/limit, gcpu/time.Duration(max(gc, 1)), lcpu/time.Duration(max(lc, 1)))
	}
}
