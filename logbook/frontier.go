package logbook

import (
	"fmt"
	"math/bits"

	"golang.org/x/mod/sumdb/tlog"
)

// Frontier is the right edge of a Merkle log of size n: the hashes of the
// complete subtrees that together cover entries 0..n-1, one per set bit of n.
// That is all tlog needs to compute the stored hashes of the next entry and
// the tree head, so appending reads O(log n) hashes, not the log, and the
// verifier recomputes a log of any length in constant memory.
type Frontier struct {
	n     int64
	roots [63]tlog.Hash // roots[l] is the subtree of 2^l entries when bit l of n is set
}

// FrontierIndexes returns the stored-hash indexes of the frontier of a log
// of size n, in increasing order: the hashes NewFrontier needs.
func FrontierIndexes(n int64) []int64 {
	var idx []int64
	for l := 62; l >= 0; l-- {
		if n>>l&1 == 1 {
			idx = append(idx, tlog.StoredHashIndex(l, n>>l-1))
		}
	}
	return idx
}

// NewFrontier returns the frontier of a log of size n from the stored hashes
// at FrontierIndexes(n), in that order.
func NewFrontier(n int64, hashes []tlog.Hash) (*Frontier, error) {
	if n < 0 {
		return nil, fmt.Errorf("logbook: negative log size %d", n)
	}
	f := &Frontier{n: n}
	i := 0
	for l := 62; l >= 0; l-- {
		if n>>l&1 == 1 {
			if i >= len(hashes) {
				return nil, fmt.Errorf("logbook: frontier of size %d needs %d hashes, got %d", n, bits.OnesCount64(uint64(n)), len(hashes))
			}
			f.roots[l] = hashes[i]
			i++
		}
	}
	if i != len(hashes) {
		return nil, fmt.Errorf("logbook: frontier of size %d needs %d hashes, got %d", n, i, len(hashes))
	}
	return f, nil
}

// Size returns the number of entries the frontier covers.
func (f *Frontier) Size() int64 { return f.n }

// Append adds the entry with the given record hash (tlog.RecordHash of its
// bytes) as entry Size() and returns the hashes to store for it, which
// belong at stored-hash indexes start, start+1, …
func (f *Frontier) Append(recordHash tlog.Hash) (start int64, stored []tlog.Hash, err error) {
	n := f.n
	// The new entry completes a subtree of 2^m entries, where m is the
	// number of trailing one bits of n; the smaller subtrees it absorbed
	// leave the frontier. Its stored hashes are those
	// tlog.StoredHashesForRecordHash computes, reading the subtrees' roots
	// from the frontier, without the lists of indexes and hashes that
	// reading takes (TestFrontierMatchesFullTree compares them).
	m := bits.TrailingZeros64(uint64(n + 1))
	stored = make([]tlog.Hash, m+1)
	stored[0] = recordHash
	for l := 0; l < m; l++ {
		stored[l+1] = tlog.NodeHash(f.roots[l], stored[l])
	}
	for l := 0; l < m; l++ {
		f.roots[l] = tlog.Hash{}
	}
	f.roots[m] = stored[m]
	f.n++
	return tlog.StoredHashIndex(0, n), stored, nil
}

// TreeHash returns the root hash of the log of size Size().
func (f *Frontier) TreeHash() (tlog.Hash, error) { return tlog.TreeHash(f.n, f) }

// Tree returns the tree the frontier describes, as a checkpoint signs it.
func (f *Frontier) Tree() (tlog.Tree, error) {
	h, err := f.TreeHash()
	if err != nil {
		return tlog.Tree{}, err
	}
	return tlog.Tree{N: f.n, Hash: h}, nil
}

// ReadHashes implements tlog.HashReader over the frontier: tlog asks for
// nothing else when appending or computing the tree head.
func (f *Frontier) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, idx := range indexes {
		l, k := tlog.SplitStoredHashIndex(idx)
		if f.n>>l&1 != 1 || k != f.n>>l-1 {
			return nil, fmt.Errorf("logbook: stored hash %d is not on the frontier of a log of size %d", idx, f.n)
		}
		out[i] = f.roots[l]
	}
	return out, nil
}
