package storage

import (
	"context"
	"sync"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Held log lines: one durable commit per request.
//
// A read's log lines must be durable before what it read leaves the
// system. Without more context that moment is the end of the read, and
// every read commits its lines (through the group commit) before it
// returns. A request that reads several times — the API token's or
// session's check, then the items it asks for — would therefore wait for
// one durable commit (an fsync) per read, in series.
//
// Within a request the data leaves only with the response. The HTTP layer
// therefore asks for a context that holds the lines (HoldLines): reads in
// it hand their lines to the holder instead of committing them; a change
// made in the same request appends the held lines in its own transaction,
// so that they become durable with it; and before the first byte of the
// response is written the HTTP layer commits whatever is still held
// (Commit) — in one group commit with the lines of the other requests
// waiting at that moment. If that commit fails, the response is not sent
// (the HTTP layer answers a server error instead), exactly as a read whose
// lines cannot be written fails. Once committed the holder is released:
// reads that still follow in the same context (a streamed response) commit
// their own lines again before they return.

// HeldLines holds the log lines of the reads of one request until Commit.
// It is safe for concurrent use.
type HeldLines struct {
	db         *DB
	mu         sync.Mutex
	audit      []ga.AuditRecord
	processing []ga.ProcessingRecord
	released   bool
}

type heldKey struct{}

// HoldLines returns a context in which the log lines of reads on db are
// held instead of committed, and their holder. The caller must Commit the
// holder before anything read in the context leaves the process. In a
// context that already holds lines for db it returns that holder.
func (db *DB) HoldLines(ctx context.Context) (context.Context, *HeldLines) {
	if h := db.heldIn(ctx); h != nil {
		return ctx, h
	}
	h := &HeldLines{db: db}
	return context.WithValue(ctx, heldKey{}, h), h
}

// Holding reports whether ctx holds the log lines of reads on db.
func (db *DB) Holding(ctx context.Context) bool { return db.heldIn(ctx) != nil }

func (db *DB) heldIn(ctx context.Context) *HeldLines {
	if h, ok := ctx.Value(heldKey{}).(*HeldLines); ok && h.db == db {
		return h
	}
	return nil
}

// hold adds a read's lines to the holder; false once it is released.
func (h *HeldLines) hold(audit []ga.AuditRecord, processing []ga.ProcessingRecord) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.released {
		return false
	}
	h.audit = append(h.audit, audit...)
	h.processing = append(h.processing, processing...)
	return true
}

// take removes and returns the held lines, for a change to append them in
// its own transaction; give them back with putBack if it does not commit.
func (h *HeldLines) take() ([]ga.AuditRecord, []ga.ProcessingRecord) {
	h.mu.Lock()
	defer h.mu.Unlock()
	audit, processing := h.audit, h.processing
	h.audit, h.processing = nil, nil
	return audit, processing
}

// putBack returns lines taken by a change that did not commit, before the
// lines held since. Should the holder have been released meanwhile (a
// goroutine of the request committed it while the change ran), the lines
// are committed here instead, and a failure to do so is the change's error
// too: the request must not answer as if they were durable.
func (h *HeldLines) putBack(audit []ga.AuditRecord, processing []ga.ProcessingRecord) error {
	if len(audit)+len(processing) == 0 {
		return nil
	}
	h.mu.Lock()
	released := h.released
	if !released {
		h.audit = append(audit, h.audit...)
		h.processing = append(processing, h.processing...)
	}
	h.mu.Unlock()
	if released {
		return h.db.commitLines(audit, processing)
	}
	return nil
}

// Commit makes the held lines durable, in one group commit, and releases
// the holder: reads that follow commit their own lines again. It is safe to
// call more than once; later calls commit nothing.
func (h *HeldLines) Commit() error {
	h.mu.Lock()
	h.released = true
	audit, processing := h.audit, h.processing
	h.audit, h.processing = nil, nil
	h.mu.Unlock()
	if len(audit)+len(processing) == 0 {
		return nil
	}
	return h.db.commitLines(audit, processing)
}

// Pending reports how many lines the holder holds.
func (h *HeldLines) Pending() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.audit) + len(h.processing)
}
