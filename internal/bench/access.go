package bench

import (
	"context"
	"fmt"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// accessProbe measures the compilation of one person's access overview
// (storage.DB.CompileAccessOverview, covenant Art 6.1.3) twice: once the
// first batch of groups is loaded (10,000 items, with that batch's share of
// the log entries) and again once the whole data set is, before any other
// measure writes log lines. The person, their items, memberships and log
// lines are the same both times; only the rest of the database has grown,
// so the growth of the compile time is what the size of the database costs.
type accessProbe struct {
	db      *storage.DB
	handler context.Context // the coordinator, who handles access requests
	caseID  string
	person  string
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
	shown int           // items in the overview
}

// accessCompilations is the number of compilations timed at each size,
// after one that warms the caches. Each takes a few milliseconds, about
// half of them the wait for the durable commit of its log lines: fifteen
// of them (as before) were a window of 0.1 s, in which a burst of other
// work on a shared machine or one slow fsync moved the median by a factor
// of several (docs/performance.md, access overview).
// Each compilation also adds a processing line about the person, which the
// next ones read back: more of them would make the person's own data
// grow between the two sizes.
const accessCompilations = 41

// newAccessProbe registers an access request by the person of the loaded
// batch with the most items, as the coordinator, and times it at the size
// loaded so far.
func newAccessProbe(ctx context.Context, w *world, items []storage.BulkItem, now time.Time, loaded int) (*accessProbe, error) {
	count := map[string]int{}
	person := ""
	for _, it := range items {
		if it.PersonID == "" {
			continue
		}
		count[it.PersonID]++
		if person == "" || count[it.PersonID] > count[person] || (count[it.PersonID] == count[person] && it.PersonID < person) {
			person = it.PersonID
		}
	}
	if person == "" {
		return nil, fmt.Errorf("access overview: no item about a person in the first batch")
	}
	p := &accessProbe{db: w.db, handler: ga.WithActor(ctx, w.users[0].actor), person: person}
	c := ga.RightsCase{Kind: ga.CaseAccess, ReceivedOn: ga.DateOf(now), Channel: ga.ChannelLetter, PersonID: person,
		Summary: "Verzoek om inzage (benchmark)."}
	if err := w.db.RegisterCase(p.handler, &c); err != nil {
		return nil, fmt.Errorf("access overview: register the request: %w", err)
	}
	p.caseID = c.ID
	var err error
	p.small, err = p.time(loaded)
	return p, err
}

// time compiles the overview accessCompilations times after a warm-up and
// returns the median.
func (p *accessProbe) time(items int) (accessTiming, error) {
	var times []time.Duration
	shown := 0
	var cpu0 time.Duration
	for i := range accessCompilations + 1 {
		if i == 1 {
			cpu0 = processCPU()
		}
		t0 := time.Now()
		o, err := p.db.CompileAccessOverview(p.handler, p.caseID)
		if err != nil {
			return accessTiming{}, fmt.Errorf("access overview: %w", err)
		}
		if i > 0 {
			times = append(times, time.Since(t0))
		}
		shown = len(o.Items)
	}
	var cpu time.Duration
	if cpu0 > 0 {
		cpu = (processCPU() - cpu0) / time.Duration(len(times))
	}
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
		return Result{}, fmt.Errorf("access overview: %d items at %d items in the database, %d at %d: the person's data changed",
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
		Note: fmt.Sprintf("lower decile of %d compilations each, %d items in the overview; limit: the same overview with %d items in the database; "+
			"medians %.2f / %.2f ms; process CPU per compilation %.2f / %.2f ms",
			large.n, large.shown, p.small.items, ms(large.median), ms(p.small.median), ms(large.cpu), ms(p.small.cpu))}
	r.Ratio = r.Value / r.Limit
	r.goal("≤ 1.3")
	return r, nil
}
