// Package bench is the benchmark of groepsaanpak bench: it generates a
// national-scale data set from a fixed seed on SQLite or PostgreSQL and
// measures each path of the application beside its physical limit in the
// same run — the dossier read beside the bare query returning the same rows,
// log appends beside the database's own insert rate, log verification
// beside the bare read and SHA-256, and the HTTP service beside a bare
// handler serving the same bytes from memory — so that the results are
// ratios that hold on any machine, not absolute times.
package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/logbook"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// Config says what to generate and how long to measure.
type Config struct {
	// Size is the data set; National.Scaled(0.1) is the quick run.
	Size Size
	// Seed makes the data set reproducible.
	Seed uint64
	// Duration is how long each load level of the append and HTTP
	// measures runs.
	Duration time.Duration
	// Samples is the number of dossiers read per path.
	Samples int
	// Progress receives a line per phase; nil discards them.
	Progress io.Writer
	// Now is the clock of the generated data; zero means time.Now.
	Now time.Time
	// Nodes, when set and the database is PostgreSQL, starts two server
	// processes for the measure with several nodes.
	Nodes *Nodes
	// Profile, when set, receives a CPU profile (pprof) of the run.
	Profile io.Writer
}

// Result is one measure beside its limit.
type Result struct {
	Measure string  `json:"measure"`
	Level   string  `json:"level,omitempty"`
	Value   float64 `json:"value"`
	Limit   float64 `json:"limit"`
	Unit    string  `json:"unit"`
	// Ratio is Value/Limit: for a rate higher is better, for a duration
	// it is "times the limit"; Goal says which.
	Ratio float64 `json:"ratio"`
	// Goal is the target on Ratio: "≥ 0.5" or "≤ 2"; empty when the
	// measure is reported without a target.
	Goal string `json:"goal,omitempty"`
	// Met is whether Ratio meets Goal; Guard is whether it is within a
	// factor of two of it (the regression guard).
	Met   bool `json:"met"`
	Guard bool `json:"guard"`
	// Unguarded marks a goal that is reported but not guarded, with the
	// reason in Note: an absolute time, or a target the design cannot
	// reach.
	Unguarded bool   `json:"unguarded,omitempty"`
	Note      string `json:"note,omitempty"`
}

// Report is the outcome of a run.
type Report struct {
	Database   string         `json:"database"`
	Size       Size           `json:"size"`
	Seed       uint64         `json:"seed"`
	CPUs       int            `json:"cpus"`
	MemoryMiB  int64          `json:"memory_mib"`
	LoadTime   float64        `json:"load_seconds"`
	TotalTime  float64        `json:"total_seconds"`
	PeakRSSMiB float64        `json:"peak_rss_mib"`
	Results    []Result       `json:"results"`
	Extra      map[string]any `json:"extra,omitempty"`
}

// Failed returns the results whose ratio misses its goal by more than a
// factor of two.
func (r *Report) Failed() []Result {
	var out []Result
	for _, res := range r.Results {
		if res.Goal != "" && !res.Guard && !res.Unguarded {
			out = append(out, res)
		}
	}
	return out
}

// goal fills in Ratio's verdicts: "≥ x" (higher is better) or "≤ x".
func (r *Result) goal(g string) {
	r.Goal = g
	op, num, _ := strings.Cut(g, " ")
	x, _ := strconv.ParseFloat(num, 64)
	switch op {
	case "≥":
		r.Met, r.Guard = r.Ratio >= x, r.Ratio >= x/2
	case "≤":
		r.Met, r.Guard = r.Ratio <= x, r.Ratio <= x*2
	}
}

func (c *Config) progress(format string, a ...any) {
	if c.Progress != nil {
		fmt.Fprintf(c.Progress, format+"\n", a...)
	}
}

// Run generates the data set into db (which must be freshly migrated and
// empty), measures every path and returns the report.
func Run(ctx context.Context, db *storage.DB, cfg Config) (*Report, error) {
	start := time.Now()
	if cfg.Now.IsZero() {
		cfg.Now = time.Now()
	}
	if cfg.Samples <= 0 {
		cfg.Samples = 20
	}
	if cfg.Duration <= 0 {
		cfg.Duration = 2 * time.Second
	}
	sys := ga.WithActor(ctx, ga.SystemActor("bench"))
	if cfg.Profile != nil {
		if err := pprof.StartCPUProfile(cfg.Profile); err != nil {
			return nil, err
		}
		defer pprof.StopCPUProfile()
	}
	if ok, err := db.BulkEmpty(sys, 0); err != nil {
		return nil, err
	} else if !ok {
		return nil, fmt.Errorf("de database bevat al gegevens; de benchmark vult alleen een lege database")
	}
	rep := &Report{Database: db.Dialect().String(), Size: cfg.Size, Seed: cfg.Seed, CPUs: runtime.NumCPU(), MemoryMiB: memTotalMiB(),
		Extra: map[string]any{}}
	phases := map[string]float64{}
	rep.Extra["phase_seconds"] = phases
	// Per phase, the most resident memory sampled and how much of it the
	// Go runtime held at that moment: where the peak arises, and whether
	// it is the application's (Go's heap) or outside it (SQLite's page
	// caches and sorter, which this pure-Go SQLite allocates outside Go's
	// heap).
	mem := startMemSampler(100 * time.Millisecond)
	defer mem.stop()
	phaseRSS, phaseGo := map[string]float64{}, map[string]float64{}
	rep.Extra["phase_rss_mib"], rep.Extra["phase_go_mib"] = phaseRSS, phaseGo
	phase := func(name string, t0 time.Time) {
		phases[name] = math.Round(time.Since(t0).Seconds()*10) / 10
		rss, goMiB := mem.take()
		phaseRSS[name], phaseGo[name] = math.Round(rss), math.Round(goMiB)
		cfg.progress("  %s: %.1f s (geheugen ten hoogste %.0f MiB, waarvan Go %.0f MiB)", name, phases[name], rss, goMiB)
	}

	cfg.progress("inrichten: convenant, %d partners, gebruikers", len(partnerKinds))
	t0 := time.Now()
	w, err := setup(ctx, db, cfg.Now)
	if err != nil {
		return nil, err
	}
	phase("setup", t0)
	w.size = cfg.Size
	gen := &generator{rng: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)), w: w, now: cfg.Now}
	cfg.progress("genereren: %d groepen, %d personen, %d gegevens, %d logregels", cfg.Size.Groups, cfg.Size.Persons, cfg.Size.Items, cfg.Size.LogEntries)
	// Each batch of groups is followed by its share of the log entries
	// (about those groups); after the first, the access overview of one of
	// its persons is timed at that size.
	var access *accessProbe
	var restoreIndexes func(context.Context) error
	var caseworkTime, logTime time.Duration
	batches := (cfg.Size.Groups + batchGroups - 1) / batchGroups
	batch, items := 0, 0
	t0 = time.Now()
	err = gen.casework(ctx, func(groups []genGroup, loaded []storage.BulkItem) error {
		t1 := time.Now()
		caseworkTime += t1.Sub(t0)
		batch++
		n := cfg.Size.LogEntries*batch/batches - gen.logged
		if err := gen.logs(ctx, n, groups); err != nil {
			return err
		}
		logTime += time.Since(t1)
		items += len(loaded)
		if access == nil {
			// Settled as after the whole load, so that both sizes are
			// timed alike.
			if err := db.BulkSettle(w.sys); err != nil {
				return err
			}
			var err error
			if access, err = newAccessProbe(ctx, w, loaded, cfg.Now, items); err != nil {
				return err
			}
			// The rest of the log is loaded without its secondary
			// indexes, which are built once at the end.
			if batch < batches {
				if restoreIndexes, err = db.BulkDeferLogIndexes(w.sys); err != nil {
					return err
				}
			}
		}
		if batch%max(1, batches/10) == 0 {
			cfg.progress("  %d van %d groepen, %d logregels", len(w.groups), cfg.Size.Groups, gen.logged)
		}
		t0 = time.Now()
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("laden: %w", err)
	}
	phase("loading", start)
	if restoreIndexes != nil {
		t1 := time.Now()
		if err := restoreIndexes(ctx); err != nil {
			return nil, fmt.Errorf("indexen van het logboek: %w", err)
		}
		phase("log indexes", t1)
	}
	t1 := time.Now()
	if err := db.BulkSettle(w.sys); err != nil {
		return nil, err
	}
	phase("settle", t1)
	phases["casework"] = math.Round(caseworkTime.Seconds()*10) / 10
	phases["logs"] = math.Round(logTime.Seconds()*10) / 10
	rep.LoadTime = time.Since(start).Seconds()
	cfg.progress("geladen in %.0f s (casework %.0f s, logregels %.0f s)", rep.LoadTime, phases["casework"], phases["logs"])

	m := &measurer{cfg: cfg, w: w, rep: rep, rng: rand.New(rand.NewPCG(cfg.Seed+1, 7))}
	steps := []struct {
		name string
		fn   func(context.Context) error
	}{
		// The access overview first: every later measure writes log lines.
		{"inzageoverzicht", func(context.Context) error {
			r, err := access.result(items)
			m.rep.Results = append(m.rep.Results, r)
			return err
		}},
		{"dossier", m.dossier},
		{"logboek: toevoegen", m.appends},
		{"logboek: controleren", m.verify},
		{"logboek: insluitingsbewijs", m.proofs},
		{"HTTP", m.http},
		{"HTTP: twee serverprocessen", m.nodes},
		{"logboeken na alle metingen", m.finalVerify},
	}
	for _, s := range steps {
		cfg.progress("meten: %s", s.name)
		t0 := time.Now()
		seen := len(rep.Results)
		if err := s.fn(ctx); err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
		phase(s.name, t0)
		// Each result as soon as it is measured: a long run that is
		// stopped still tells what it found.
		for _, r := range rep.Results[seen:] {
			cfg.progress("  = %s %s: %s / %s %s, ratio %.3f %s", r.Measure, r.Level, num(r.Value), num(r.Limit), r.Unit, r.Ratio, r.Goal)
		}
	}
	rep.PeakRSSMiB = peakRSSMiB()
	rep.TotalTime = time.Since(start).Seconds()
	return rep, nil
}

// measurer holds the state of the measuring phase.
type measurer struct {
	cfg Config
	w   *world
	rep *Report
	rng *rand.Rand
}

func (m *measurer) add(r Result, goal string) {
	if r.Limit != 0 {
		r.Ratio = r.Value / r.Limit
	}
	if goal != "" {
		r.goal(goal)
	}
	m.rep.Results = append(m.rep.Results, r)
}

// visibleCase is a group and a user of a partner taking part in it after
// the driehoek's decision: the dossier that user opens.
type visibleCase struct {
	user  *benchUser
	group *genGroup
}

// cases returns n dossier openings by users of different partners, chosen
// with the measurer's seed.
func (m *measurer) cases(n int) []visibleCase {
	var out []visibleCase
	for len(out) < n {
		g := &m.w.groups[m.rng.IntN(len(m.w.groups))]
		if !g.decided {
			continue
		}
		p := g.participants[m.rng.IntN(len(g.participants))]
		out = append(out, visibleCase{user: m.w.users[p], group: g})
	}
	return out
}

// dossierRead is what the dossier page reads of personal data through
// storage: the group, its transitions, members, items and involvements.
type dossierRead struct {
	members []string
	items   []string
	rows    int
}

// Ways of reading a dossier: as the page does now (one transaction, the
// first page of items), whole in one transaction, and as the page did
// before, one storage call per part, with the involvements asked per
// member.
const (
	onePage = iota
	oneTransaction
	perCall
)

// dossierPage is the page of items the dossier page opens on: the first 50
// (web's dossierPageSize).
var dossierPage = storage.Page{Number: 1, Size: 50}

// readDossier reads a dossier as the web's dossier page does (mode
// onePage), whole (oneTransaction) or as the page did before (perCall).
func readDossier(ctx context.Context, db *storage.DB, groupID string, mode int) (*dossierRead, error) {
	var d storage.Dossier
	var err error
	switch mode {
	case onePage, oneTransaction:
		pg := dossierPage
		if mode == oneTransaction {
			pg = storage.Page{}
		}
		dd, err := db.Dossier(ctx, groupID, pg)
		if err != nil {
			return nil, err
		}
		d = *dd
	default:
		if d.Group, err = db.Group(ctx, groupID); err != nil {
			return nil, err
		}
		if d.Transitions, err = db.Transitions(ctx, groupID); err != nil {
			return nil, err
		}
		if d.Members, err = db.Members(ctx, groupID); err != nil {
			return nil, err
		}
		if d.Items, err = db.Items(ctx, storage.ItemFilter{GroupID: groupID}); err != nil {
			return nil, err
		}
		for _, mb := range d.Members {
			invs, err := db.Involvements(ctx, groupID, mb.Person.ID)
			if err != nil {
				return nil, err
			}
			d.Involvements = append(d.Involvements, invs...)
		}
	}
	r := &dossierRead{rows: 1 + len(d.Transitions) + len(d.Members) + len(d.Items) + len(d.Involvements)}
	for _, mb := range d.Members {
		r.members = append(r.members, mb.Person.ID)
	}
	for _, it := range d.Items {
		r.items = append(r.items, it.ID)
	}
	return r, nil
}

// dossier measures the dossier read of Samples openings by users of
// different partners: the full path (policy, predicate, the audit and
// processing lines, the durable commit) beside the bare queries returning
// the same rows, alternating so that both see the same cache state — as the
// dossier page reads it (its first page of items), and of the whole
// dossier (every item the user may see, as the page read before it was
// paginated).
//
// The whole dossier is guarded. The page is reported beside its own bare
// query but not guarded: a page reads a tenth of the items, so its bare
// query is several times cheaper, while the full path still pays one
// durable commit of the lines of every member (which the page does not
// shrink) — its ratio measures the log's commit, guarded by the log append
// measure, more than the read.
func (m *measurer) dossier(ctx context.Context) error {
	db := m.w.db
	cases := m.cases(m.cfg.Samples)
	var page, pageBare, full, legacy, bare []time.Duration
	var pageRows, pageBareRows, rows, bareRows int
	for round := range 3 {
		for _, c := range cases {
			actx := ga.WithActor(ctx, c.user.actor)
			t0 := time.Now()
			p, err := readDossier(actx, db, c.group.id, onePage)
			if err != nil {
				return err
			}
			t1 := time.Now()
			pn, err := db.BareDossier(m.w.sys, c.group.id, p.members, p.items)
			if err != nil {
				return err
			}
			t2 := time.Now()
			d, err := readDossier(actx, db, c.group.id, oneTransaction)
			if err != nil {
				return err
			}
			t3 := time.Now()
			n, err := db.BareDossier(m.w.sys, c.group.id, d.members, d.items)
			if err != nil {
				return err
			}
			t4 := time.Now()
			if _, err := readDossier(actx, db, c.group.id, perCall); err != nil {
				return err
			}
			t5 := time.Now()
			if round > 0 { // the first round warms the caches
				page, pageBare = append(page, t1.Sub(t0)), append(pageBare, t2.Sub(t1))
				full, bare, legacy = append(full, t3.Sub(t2)), append(bare, t4.Sub(t3)), append(legacy, t5.Sub(t4))
				pageRows, pageBareRows = pageRows+p.rows, pageBareRows+pn
				rows, bareRows = rows+d.rows, bareRows+n
			}
		}
	}
	pm, pbm, fm, bm, lm := median(page), median(pageBare), median(full), median(bare), median(legacy)
	m.add(Result{Measure: "dossier read (storage.Dossier, whole dossier)", Value: ms(fm), Limit: ms(bm), Unit: "ms",
		Note: fmt.Sprintf("median of %d openings by users of %d partners; every item the user may see; %.0f rows per dossier (bare: %.0f)",
			len(full), len(m.w.users), float64(rows)/float64(len(full)), float64(bareRows)/float64(len(bare)))}, "≤ 2")
	r := Result{Measure: "dossier read (storage.Dossier, as the page)", Value: ms(pm), Limit: ms(pbm), Unit: "ms", Unguarded: true,
		Note: fmt.Sprintf("the first page of %d items; %.0f rows per page (bare: %.0f); not guarded: the durable commit of the members' log lines, "+
			"which the page does not shrink, outweighs the bare query of a page", dossierPage.Size,
			float64(pageRows)/float64(len(page)), float64(pageBareRows)/float64(len(pageBare)))}
	r.Ratio = r.Value / r.Limit
	r.goal("≤ 2")
	m.rep.Results = append(m.rep.Results, r)
	m.add(Result{Measure: "dossier read, one call per part (before)", Value: ms(lm), Limit: ms(bm), Unit: "ms",
		Note: "whole dossier: group, transitions, members, items and involvements per member, each its own transaction"}, "")
	return nil
}

// appendLine is one transaction that records one audit line and nothing
// else: the cheapest a logged action can be.
func appendLine(ctx context.Context, db *storage.DB, n int64) error {
	return db.Transact(ctx, func(tx *storage.Tx) error {
		tx.Audit("bench_append", "benchmark", strconv.FormatInt(n, 10), ga.ResultSuccess, "meting")
		return nil
	})
}

// appends measures log lines per second with 1, 8 and 64 concurrent
// writers, each line in a transaction of its own, beside the database's own
// rate of durable single-row inserts of rows shaped like log entries.
func (m *measurer) appends(ctx context.Context) error {
	db := m.w.db
	probe, err := db.NewInsertProbe(m.w.sys)
	if err != nil {
		return err
	}
	defer probe.Drop(m.w.sys)
	actor := m.w.users[0].actor
	actx := ga.WithActor(ctx, actor)
	rec := ga.AuditRecord{TraceID: strings.Repeat("a", 32), Time: time.Now().UTC(), UserID: actor.UserID, PartnerID: actor.PartnerID,
		Action: "bench_append", ObjectType: "benchmark", ObjectID: "1", Result: ga.ResultSuccess, Origin: actor.Origin, Detail: "meting"}
	for _, writers := range []int{1, 8, 64} {
		limit, got, err := rates(ctx, writers, 2*m.cfg.Duration,
			func(i int64) error { return probe.Insert(m.w.sys, rec) },
			func(i int64) error { return appendLine(actx, db, i) })
		if err != nil {
			return fmt.Errorf("append: %w", err)
		}
		r := Result{Measure: "log append (1 line per transaction)", Level: fmt.Sprintf("%d writers", writers), Value: got, Limit: limit, Unit: "lines/s",
			Note: "limit: single-row durable inserts into a table like log_entries"}
		m.add(r, "≥ 0.5")
	}
	return nil
}

// rates measures two functions alternately, in rounds, so that both see the
// same load of a shared machine: each round runs limit and then got from n
// goroutines for d/rounds. It returns the calls per second of each.
func rates(ctx context.Context, n int, d time.Duration, limit, got func(int64) error) (float64, float64, error) {
	const rounds = 4
	var lc, gc int64
	var lt, gt time.Duration
	for range rounds {
		c, t, err := run(ctx, n, d/rounds, limit)
		if err != nil {
			return 0, 0, fmt.Errorf("limit: %w", err)
		}
		lc, lt = lc+c, lt+t
		if c, t, err = run(ctx, n, d/rounds, got); err != nil {
			return 0, 0, err
		}
		gc, gt = gc+c, gt+t
	}
	return float64(lc) / lt.Seconds(), float64(gc) / gt.Seconds(), nil
}

// run calls fn from n goroutines for d and returns the completed calls and
// the time they took.
func run(ctx context.Context, n int, d time.Duration, fn func(int64) error) (int64, time.Duration, error) {
	var count, done atomic.Int64
	var firstErr error
	var once sync.Once
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	start := time.Now()
	for range n {
		wg.Go(func() {
			for time.Now().Before(deadline) && ctx.Err() == nil {
				if err := fn(count.Add(1)); err != nil {
					once.Do(func() { firstErr = err })
					return
				}
				done.Add(1)
			}
		})
	}
	wg.Wait()
	return done.Load(), time.Since(start), firstErr
}

// verify measures the verification of both logs end to end beside two
// limits: reading the same rows bare and hashing their records (what no
// verification can avoid), and SHA-256 alone over the records and the
// tree's interior nodes in memory.
func (m *measurer) verify(ctx context.Context) error {
	db := m.w.db
	t0 := time.Now()
	r, err := db.VerifyLogs(m.w.sys)
	if err != nil {
		return err
	}
	el := time.Since(t0)
	if !r.OK() {
		return fmt.Errorf("the generated logs do not verify:\n%s", r)
	}
	var entries int64
	for _, c := range r.Logs {
		entries += c.Entries
	}
	m.rep.Extra["verified_entries"] = entries
	got := float64(entries) / el.Seconds()

	// The bare read runs once, after the verification, which has warmed
	// the same pages; it also times its reading alone.
	t1 := time.Now()
	scanned, reading, err := db.BareLogScan(m.w.sys)
	if err != nil {
		return err
	}
	scan := float64(scanned) / time.Since(t1).Seconds()
	read := float64(scanned) / reading.Seconds()
	m.add(Result{Measure: "log verify", Level: "vs bare read", Value: got, Limit: scan, Unit: "entries/s",
		Note: fmt.Sprintf("%d entries; limit: reading every entry and stored hash bare, hashing and decoding each record", entries)}, "≥ 0.5")

	sha := shaRate(m.w.sample)
	shaRes := Result{Measure: "log verify", Level: "vs SHA-256 in memory", Value: got, Limit: sha, Unit: "entries/s", Unguarded: true,
		Note: fmt.Sprintf("limit: SHA-256 of each record (its leaf) and one interior node per entry, in memory — the hashes verification recomputes; "+
			"not guarded: reading the entries from the database alone reaches %.0f%% of it (the next line)", 100*read/sha)}
	m.add(shaRes, "≥ 0.5")
	m.add(Result{Measure: "log read alone (the ceiling)", Level: "vs SHA-256 in memory", Value: read, Limit: sha, Unit: "entries/s",
		Note: "the reading of the bare read alone: the pages of entries and stored hashes, no hashing, no decoding"}, "")
	return nil
}

// shaRate returns the entries per second that SHA-256 alone reaches over
// the sample records: each record's leaf hash and one interior node.
func shaRate(sample [][]byte) float64 {
	if len(sample) == 0 {
		return 0
	}
	var acc tlog.Hash
	n := 0
	t0 := time.Now()
	for time.Since(t0) < 500*time.Millisecond {
		for _, rec := range sample {
			h := tlog.RecordHash(rec)
			acc = tlog.NodeHash(acc, h)
			n++
		}
	}
	el := time.Since(t0)
	return float64(n) / el.Seconds()
}

// finalVerify verifies both logs after every measure has written to them,
// from several goroutines and, on PostgreSQL, from two processes: they must
// still be one valid log each.
func (m *measurer) finalVerify(ctx context.Context) error {
	r, err := m.w.db.VerifyLogs(m.w.sys)
	if err != nil {
		return err
	}
	if !r.OK() {
		return fmt.Errorf("the logs do not verify after the measures:\n%s", r)
	}
	var entries int64
	for _, c := range r.Logs {
		entries += c.Entries
	}
	m.rep.Extra["final_verify"] = fmt.Sprintf("OK: %d entries in both logs verified after all measures", entries)
	return nil
}

// proofs measures inclusion proofs for random entries of the processing
// log: their size must be O(log n) hashes.
func (m *measurer) proofs(ctx context.Context) error {
	db := m.w.db
	verifier := db.LogVerifier()
	var size int64
	var times []time.Duration
	maxHashes := 0
	for range 30 {
		p0, err := db.InclusionProof(m.w.sys, logbook.Processing, 0)
		if err != nil {
			return err
		}
		size = p0.Tree.N
		idx := m.rng.Int64N(size)
		t0 := time.Now()
		p, err := db.InclusionProof(m.w.sys, logbook.Processing, idx)
		if err != nil {
			return err
		}
		times = append(times, time.Since(t0))
		if verifier != nil {
			if err := p.Verify(verifier); err != nil {
				return err
			}
		}
		maxHashes = max(maxHashes, len(p.Proof))
	}
	bound := math.Ceil(math.Log2(float64(size)))
	r := Result{Measure: "inclusion proof", Level: fmt.Sprintf("log of %d entries", size), Value: float64(maxHashes), Limit: bound, Unit: "hashes",
		Note: fmt.Sprintf("median %.2f ms per proof (read and audited)", ms(median(times)))}
	r.Ratio = float64(maxHashes) / bound
	r.goal("≤ 1")
	// The size of a proof is exact, not a timing: no factor of two.
	r.Guard = r.Met
	m.rep.Results = append(m.rep.Results, r)
	return nil
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(math.Ceil(p*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// peakRSSMiB is the process's peak resident set (VmHWM) on Linux, or the
// Go runtime's obtained memory elsewhere.
// memSampler samples the process's resident memory and the Go runtime's
// share of it, and keeps the largest sample since it was last taken.
type memSampler struct {
	mu          sync.Mutex
	rss, goMiB  float64
	done, ended chan struct{}
}

func startMemSampler(every time.Duration) *memSampler {
	m := &memSampler{done: make(chan struct{}), ended: make(chan struct{})}
	m.sample()
	go func() {
		defer close(m.ended)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				m.sample()
			case <-m.done:
				return
			}
		}
	}()
	return m
}

func (m *memSampler) sample() {
	rss, goMiB := float64(procStatus("VmRSS:"))/1024, goRuntimeMiB()
	m.mu.Lock()
	defer m.mu.Unlock()
	if rss > m.rss || m.rss == 0 {
		m.rss, m.goMiB = rss, goMiB
	}
}

// take returns the largest sample since the last take (the resident
// memory, and the Go runtime's share then) and starts afresh.
func (m *memSampler) take() (rss, goMiB float64) {
	m.sample()
	m.mu.Lock()
	defer m.mu.Unlock()
	rss, goMiB = m.rss, m.goMiB
	m.rss, m.goMiB = 0, 0
	return rss, goMiB
}

func (m *memSampler) stop() {
	close(m.done)
	<-m.ended
}

// goRuntimeMiB is the memory the Go runtime has mapped from the system
// now (its heap, stacks and its own structures), released or not.
func goRuntimeMiB() float64 {
	sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 || sample[1].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return float64(sample[0].Value.Uint64()-sample[1].Value.Uint64()) / (1 << 20)
}

func peakRSSMiB() float64 {
	if kb := procStatus("VmHWM:"); kb > 0 {
		return float64(kb) / 1024
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.Sys) / (1 << 20)
}

func memTotalMiB() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb / 1024
		}
	}
	return 0
}

func procStatus(key string) int64 { return statusKB("/proc/self/status", key) }

// statusKB reads a field in kB of a /proc/PID/status file.
func statusKB(path, key string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), key); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb
		}
	}
	return 0
}

// WriteTable writes the report as a table.
func (r *Report) WriteTable(w io.Writer) {
	fmt.Fprintf(w, "database %s · %d groups, %d persons, %d items, %d log entries · seed %d · %d CPUs, %d MiB\n",
		r.Database, r.Size.Groups, r.Size.Persons, r.Size.Items, r.Size.LogEntries, r.Seed, r.CPUs, r.MemoryMiB)
	fmt.Fprintf(w, "loaded in %.0f s, total %.0f s, peak memory %.0f MiB\n\n", r.LoadTime, r.TotalTime, r.PeakRSSMiB)
	fmt.Fprintf(w, "%-46s %-22s %12s %12s %-10s %7s %-6s %s\n", "measure", "level", "value", "limit", "unit", "ratio", "goal", "verdict")
	for _, res := range r.Results {
		verdict := ""
		switch {
		case res.Goal == "":
		case res.Met:
			verdict = "met"
		case res.Unguarded:
			verdict = "missed (not guarded)"
		case res.Guard:
			verdict = "missed (within 2×)"
		default:
			verdict = "FAILED (beyond 2×)"
		}
		if res.Unit == "" {
			fmt.Fprintf(w, "%-46s %s\n", res.Measure, res.Note)
			continue
		}
		fmt.Fprintf(w, "%-46s %-22s %12s %12s %-10s %7.3f %-6s %s\n", res.Measure, res.Level, num(res.Value), num(res.Limit), res.Unit, res.Ratio, res.Goal, verdict)
	}
	for _, res := range r.Results {
		if res.Note != "" && res.Unit != "" {
			fmt.Fprintf(w, "  %s %s: %s\n", res.Measure, res.Level, res.Note)
		}
	}
	if v, ok := r.Extra["final_verify"]; ok {
		fmt.Fprintf(w, "logs after all measures: %v\n", v)
	}
}

func num(f float64) string {
	switch {
	case f >= 100:
		return strconv.FormatFloat(f, 'f', 0, 64)
	case f >= 1:
		return strconv.FormatFloat(f, 'f', 2, 64)
	}
	return strconv.FormatFloat(f, 'f', 3, 64)
}

// WriteJSON writes the report as JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
