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

// accessTiming is a median compile time at a database size.
type accessTiming struct {
	items  int
	median time.Duration
	n      int // compilations timed
	shown  int // items in the overview
}

// accessCompilations is the number of compilations timed at each size,
// after one that warms the caches.
const accessCompilations = 15

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
	for i := range accessCompilations + 1 {
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
	return accessTiming{items: items, median: median(times), n: len(times), shown: shown}, nil
}

// result times the overview at the full size and returns the measure: the
// ratio of the two medians, with the target growth < 30%.
func (p *accessProbe) result(items int) (Result, error) {
	large, err := p.time(items)
	if err != nil {
		return Result{}, err
	}
	if large.shown != p.small.shown {
		return Result{}, fmt.Errorf("access overview: %d items at %d items in the database, %d at %d: the person's data changed",
			p.small.shown, p.small.items, large.shown, large.items)
	}
	// Reported, not guarded: on SQLite at a tenth of the scale the growth
	// swung from 1.5 to 6.9 between runs with the same plans (index lookups
	// from the person), a cause not yet found (docs/performance.md). The
	// acceptance measure of the growth is demo's BenchmarkAccessOverview.
	r := Result{Measure: "access overview (compile for one person)", Level: fmt.Sprintf("%d vs %d items", large.items, p.small.items),
		Value: ms(large.median), Limit: ms(p.small.median), Unit: "ms", Unguarded: true,
		Note: fmt.Sprintf("median of %d compilations each, %d items in the overview; limit: the same overview with %d items in the database; not guarded (unexplained swings on SQLite)",
			large.n, large.shown, p.small.items)}
	r.Ratio = r.Value / r.Limit
	r.goal("≤ 1.3")
	return r, nil
}
