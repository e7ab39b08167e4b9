package logbook

import (
	"fmt"
	"sort"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// Problem is the first thing found wrong with a log. Index is the first
// entry that can no longer be trusted: the entry whose bytes, stored hashes
// or metadata disagree, the first missing entry, or, when a checkpoint
// fails, the size of the last checkpoint that did verify, since the entries
// from there on are no longer vouched for by a signature. Any Problem is a
// security incident (BIO 8.15.05).
type Problem struct {
	Index  int64
	Reason string
}

func (p *Problem) Error() string { return fmt.Sprintf("entry %d: %s", p.Index, p.Reason) }

// Checker verifies one log from scratch as its rows are streamed to it in
// index order, holding only the frontier of the tree and the checkpoints
// not yet reached, so that a log of any length is checked in constant
// memory. It trusts nothing it is given: it recomputes every record hash and
// every stored hash from the entries, and checks each checkpoint's
// signature and root against the recomputed tree at its size.
//
// The caller feeds it with Entry for each stored entry in increasing index
// order, AddCheckpoint for each stored checkpoint before the entries it
// covers are fed, and calls Finish at the end. After the first Problem every
// call returns that Problem.
type Checker struct {
	log      string
	verifier note.Verifier
	frontier Frontier

	latestN   int64 // size of the latest checkpoint; -1 when there is none
	latestErr error // why the latest checkpoint could not be read

	pending  []pendingCheckpoint // ordered by size
	lastGood int64               // size of the last checkpoint that verified
	verified int64
	problem  *Problem
}

type pendingCheckpoint struct {
	size int64
	msg  []byte
	what string // "checkpoint", "latest checkpoint" or "witnessed checkpoint"
}

// NewChecker starts the verification of the named log with the verifier of
// its checkpoints and the latest checkpoint, which must cover exactly the
// entries present so that deleting the last entries is detected. latest is
// empty for a log that has never been written.
func NewChecker(log string, v note.Verifier, latest []byte) *Checker {
	c := &Checker{log: log, verifier: v, latestN: -1}
	if len(latest) > 0 {
		n, err := CheckpointSize(latest)
		if err != nil {
			c.latestErr = err
		} else {
			c.latestN = n
			c.queue(pendingCheckpoint{size: n, msg: latest, what: "latest checkpoint"})
		}
	}
	return c
}

// Entries returns the number of entries read so far.
func (c *Checker) Entries() int64 { return c.frontier.n }

// Checkpoints returns the number of checkpoints verified so far.
func (c *Checker) Checkpoints() int64 { return c.verified }

// Size returns the size of the tree recomputed so far; the next entry must
// have this index.
func (c *Checker) Size() int64 { return c.frontier.n }

// AddCheckpoint queues a stored checkpoint whose row says it covers size
// entries. It is checked once the entries up to size have been fed.
func (c *Checker) AddCheckpoint(size int64, msg []byte) *Problem {
	if c.problem != nil {
		return c.problem
	}
	if size <= 0 || size < c.frontier.n {
		return c.fail(c.lastGood, fmt.Sprintf("a checkpoint claims size %d, which no log of this length passes through in order", size))
	}
	c.queue(pendingCheckpoint{size: size, msg: msg, what: "checkpoint"})
	return nil
}

// AddWitnessed queues a checkpoint of this log kept outside the database,
// such as the latest one a previous verification saw. A log that was
// truncated and given back an older checkpoint, which the database alone
// cannot reveal, then fails: the witnessed checkpoint covers entries that
// are gone, or signs a root the rewritten entries do not give. It returns
// an error only when msg is not a checkpoint at all.
func (c *Checker) AddWitnessed(msg []byte) error {
	size, err := CheckpointSize(msg)
	if err != nil {
		return fmt.Errorf("logbook: witnessed checkpoint: %w", err)
	}
	if size > 0 && size >= c.frontier.n {
		c.queue(pendingCheckpoint{size: size, msg: msg, what: "witnessed checkpoint"})
	}
	return nil
}

func (c *Checker) queue(p pendingCheckpoint) {
	i := sort.Search(len(c.pending), func(i int) bool { return c.pending[i].size > p.size })
	c.pending = append(c.pending, pendingCheckpoint{})
	copy(c.pending[i+1:], c.pending[i:])
	c.pending[i] = p
}

// Entry checks the next stored entry: that its index is the next one, and
// that the hashes stored for it (looked up by stored-hash index with
// stored) equal those recomputed from its bytes and its predecessors.
func (c *Checker) Entry(index int64, data []byte, stored func(storedIndex int64) (tlog.Hash, bool)) *Problem {
	if c.problem != nil {
		return c.problem
	}
	if p := c.checkpointsAtSize(); p != nil {
		return p
	}
	n := c.frontier.n
	switch {
	case index > n:
		return c.fail(n, fmt.Sprintf("entry %d is missing: the next stored entry has index %d", n, index))
	case index < n:
		return c.fail(n, fmt.Sprintf("an entry with index %d is stored where entry %d was expected", index, n))
	}
	start, hashes, err := c.frontier.Append(tlog.RecordHash(data))
	if err != nil {
		return c.fail(n, "recomputing the tree failed: "+err.Error())
	}
	for i, want := range hashes {
		got, ok := stored(start + int64(i))
		switch {
		case !ok:
			return c.fail(n, fmt.Sprintf("stored hash %d (level %d) is missing", start+int64(i), i))
		case got != want && i == 0:
			return c.fail(n, fmt.Sprintf("the entry's bytes do not match its stored hash %d", start))
		case got != want:
			return c.fail(n, fmt.Sprintf("stored hash %d (level %d) differs from the hash recomputed from the entries", start+int64(i), i))
		}
	}
	return nil
}

// checkpointsAtSize verifies the queued checkpoints at the current size.
func (c *Checker) checkpointsAtSize() *Problem {
	for len(c.pending) > 0 && c.pending[0].size == c.frontier.n {
		p := c.pending[0]
		c.pending = c.pending[1:]
		what := p.what
		tree, err := OpenCheckpoint(c.verifier, c.log, p.msg)
		if err != nil {
			return c.fail(c.lastGood, fmt.Sprintf("%s at size %d: %v", what, p.size, err))
		}
		if tree.N != p.size {
			return c.fail(c.lastGood, fmt.Sprintf("%s stored as size %d signs size %d", what, p.size, tree.N))
		}
		root, err := c.frontier.TreeHash()
		if err != nil {
			return c.fail(c.lastGood, "recomputing the tree head failed: "+err.Error())
		}
		if root != tree.Hash {
			return c.fail(c.lastGood, fmt.Sprintf("%s at size %d signs a root that differs from the root recomputed from the entries", what, p.size))
		}
		c.lastGood = p.size
		c.verified++
	}
	return nil
}

// Finish ends the verification after the last stored entry. It checks the
// checkpoints at the final size and that no checkpoint claims more entries
// than are present, and that the latest checkpoint covers exactly the
// entries present: entries beyond it were appended without a signature.
func (c *Checker) Finish() *Problem {
	if c.problem != nil {
		return c.problem
	}
	if p := c.checkpointsAtSize(); p != nil {
		return p
	}
	n := c.frontier.n
	if len(c.pending) > 0 {
		p := c.pending[0]
		return c.fail(n, fmt.Sprintf("the %s covers %d entries but only %d are present: entries from %d on were removed", p.what, p.size, n, n))
	}
	switch {
	case c.latestErr != nil:
		return c.fail(c.lastGood, "the latest checkpoint cannot be read: "+c.latestErr.Error())
	case c.latestN < 0 && n > 0:
		return c.fail(c.lastGood, fmt.Sprintf("no latest checkpoint, although %d entries are present", n))
	case c.latestN >= 0 && c.latestN < n:
		return c.fail(c.latestN, fmt.Sprintf("entries from %d on are not covered by the latest checkpoint, which covers %d", c.latestN, c.latestN))
	}
	return nil
}

// Fail records a problem found outside the checker, such as metadata that
// disagrees with an entry's bytes, so that later calls return it.
func (c *Checker) Fail(index int64, reason string) *Problem { return c.fail(index, reason) }

func (c *Checker) fail(index int64, reason string) *Problem {
	if c.problem == nil {
		c.problem = &Problem{Index: index, Reason: reason}
	}
	return c.problem
}
