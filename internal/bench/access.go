package bench

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// accessProbe measures the compilation of access overviews
// (storage.DB.CompileAccessOverview, covenant Art 6.1.3) twice: once the
// first batch of groups is loaded (10,000 items, with that batch's share of
// the log entries) and again once the whole data set is, before any other
// measure writes log lines. It compiles the overview of each of the same
// persons once at each size: their items, memberships and log lines are
// the same both times (each has two lines more, those of the small size's
// compilations); only the rest of the database has grown, so the growth of
// the compile time is what the size of the database costs.
//
// One compilation per person, not many of one person's: every compilation
// writes a processing line about its person, which the next compilation
// reads back to list who received the data, so that forty compilations of
// one person at the small size left forty more lines for those at the
// large size to read — growth of the person's history, not of the
// database, and measured as large as the target's 30 %
// (docs/performance.md, Status).
type accessProbe struct {
	db      *storage.DB
	handler context.Context // the coordinator, who handles access requests
	warmUp  string          // the case compiled first at each size, untimed
	cases   []string        // the cases timed, one per person
	small   accessTiming
}

// accessTiming is the compile times at a database size.
type accessTiming struct {
	items  int
	median time.Duration
	// low is the lower decile of the compile times: the compilations least
	// disturbed by other work on the machine.
	low   time.Duration
	cpu   time.Duration // the process's CPU time per compilation; 0 where unknown
	n     int           // compilations timed
	shown int           // items in the overviews, all persons together
}

// accessCompilations is the number of persons whose overviews are timed
// at each size, one compilation each after an untimed one of the same
// person and one of another person's that warm the caches. Each takes a few milliseconds, about half of them the
// wait for the durable commit of its log lines: fifteen of them were a
// window of 0.1 s, in which a burst of other work on a shared machine or
// one slow fsync moved the median by a factor of several
// (docs/performance.md, access overview).
const accessCompilations = 41

// newAccessProbe registers an access request for each of the persons of
// the loaded batch with the most items (up to accessCompilations of them,
// and one more for the warm-up), as the coordinator, and times their
// compilations at the size loaded so far.
func newAccessProbe(ctx context.Context, w *world, items []storage.BulkItem, now time.Time, loaded int) (*accessProbe, error) {
	count := map[string]int{}
	for _, it := range items {
		if it.PersonID != "" {
			count[it.PersonID]++
		}
	}
	persons := slices.Collect(maps.Keys(count))
	if len(persons) == 0 {
		return nil, fmt.Errorf("access overview: no item about a person in the first batch")
	}
	slices.SortFunc(persons, func(a, b string) int {
		if c := cmp.Compare(count[b], count[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	p := &accessProbe{db: w.db, handler: ga.WithActor(ctx, w.users[0].actor)}
	register := func(person string) (string, error) {
		c := ga.RightsCase{Kind: ga.CaseAccess, ReceivedOn: ga.DateOf(now), Channel: ga.ChannelLetter, PersonID: person,
			Summary: "Verzoek om inzage (benchmark)."}
		if err := w.db.RegisterCase(p.handler, &c); err != nil {
			return "", fmt.Errorf("access overview: register the request: %w", err)
		}
		// The overview is compiled only once the requester's identity is
		// recorded (ga.RightsCase.CheckAccessOverview).
		if err := w.db.RecordIdentityCheck(p.handler, c.ID, ga.IdentityCheck{Method: "Paspoort aan de balie (benchmark)", CheckedOn: c.ReceivedOn}); err != nil {
			return "", fmt.Errorf("access overview: record the identity check: %w", err)
		}
		return c.ID, nil
	}
	timed := persons[:min(len(persons), accessCompilations)]
	warm := timed[len(timed)-1]
	if len(persons) > len(timed) {
		warm = persons[len(timed)]
	}
	var err error
	if p.warmUp, err = register(warm); err != nil {
		return nil, err
	}
	for _, person := range timed {
		id, err := register(person)
		if err != nil {
			return nil, err
		}
		p.cases = append(p.cases, id)
	}
	p.small, err = p.time(loaded)
	return p, err
}

// time compiles the warm-up overview and then each person's twice, and
// returns the times of the second compilations.
func (p *accessProbe) time(items int) (accessTiming, error) {
	var times []time.Duration
	shown := 0
	if _, err := p.db.CompileAccessOverview(p.handler, p.warmUp); err != nil {
		return accessTiming{}, fmt.Errorf("access overview: %w", err)
	}
	var cpu time.Duration
	for _, id := range p.cases {
		// The person's pages are read once untimed, as the many
		// compilations of one person did: at the small size they were
		// just written and are in the caches, at the large size the
		// batches since have pushed them out.
		if _, err := p.db.CompileAccessOverview(p.handler, id); err != nil {
			return accessTiming{}, fmt.Errorf("access overview: %w", err)
		}
		cpu0, t0 := processCPU(), time.Now()
		o, err := p.db.CompileAccessOverview(p.handler, id)
		if err != nil {
			return accessTiming{}, fmt.Errorf("access overview: %w", err)
		}
		times = append(times, time.Since(t0))
		cpu += processCPU() - cpu0
		shown += len(o.Items)
	}
	cpu /= time.Duration(len(times))
	return accessTiming{items: items, median: median(times), low: percentile(times, 0.1), cpu: cpu, n: len(times), shown: shown}, nil
}

// result times the overview at the full size and returns the measure: the
// ratio of the two sizes' lower deciles, with the target growth < 30%.
func (p *accessProbe) result(items int) (Result, error) {
	large, err := p.time(items)
	if err != nil {
		return Result{}, err
	}
	if large.shown != p.small.shown {
		return Result{}, fmt.Errorf("access overview: %d items at %d items in the database, %d at %d: the persons' data changed",
			p.small.shown, p.small.items, large.shown, large.items)
	}
	// Guarded on the lower decile of each size's compile times, not the
	// median: a compilation whose cost followed the size of the database
	// (a plan that walks the log, say) is slow in every compilation,
	// the least disturbed ones too, while the waits that the shared
	// machine adds to some of them (for a core, for the fsync of the log
	// lines' commit) do not depend on the database and made the median
	// of fifteen swing from 0.6 to 6.9 between runs of the same code
	// (docs/performance.md).
	r := Result{Measure: "access overview (compile for one person)", Level: fmt.Sprintf("%d vs %d items", large.items, p.small.items),
		Value: ms(large.low), Limit: ms(p.small.low), Unit: "ms",
		Note: fmt.Sprintf("lower decile of %d compilations each, one per person of the same persons, %d items in their overviews; limit: the same overviews with %d items in the database; "+
			"medians %.2f / %.2f ms; process CPU per compilation %.2f / %.2f ms",
			large.n, large.shown, p.small.items, ms(large.median), ms(p.small.median), ms(large.cpu), ms(p.small.cpu))}
	r.Ratio = r.Value / r.Limit
	r.goal("≤ 1.3")
	return r, nil
}
