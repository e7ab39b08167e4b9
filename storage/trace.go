package storage

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// NewTrace starts a new W3C trace: a 16-byte trace id and a random 8-byte
// span id, hex-encoded. The trace id begins with the time in milliseconds
// (48 bits, as a UUIDv7 does) followed by 80 random bits, so that the
// traces this installation starts arrive in the order of the log's trace
// index (log_entries_trace): each line's entry goes to the index's right
// edge, a page every append has in its cache, instead of to a random leaf.
// Random ids sent each append to another leaf, which in a large log is
// seldom cached and, in an index built in one pass (a rebuild, a VACUUM, a
// restore), is full, so that nearly every append split a page
// (docs/performance.md, log append). The 80 random bits keep the ids
// unique and the right-most 7 bytes random, as W3C Trace Context asks.
// Trace ids received from a caller (traceparent) are kept as they are.
func NewTrace() ga.Trace {
	return ga.Trace{TraceID: newTraceID(time.Now()), SpanID: newSpanID()}
}

func newTraceID(now time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(now.UnixMilli())<<16)
	rand.Read(b[6:])
	return hex.EncodeToString(b[:])
}

func newSpanID() string { return randomHex(8) }

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
