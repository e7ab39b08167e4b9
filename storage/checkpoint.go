package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
)

// Checkpoints of SQLite's write-ahead log, off the request path. SQLite's
// default (wal_autocheckpoint = 1000 pages) lets the commit that takes the
// log past 1,000 frames copy every frame back into the database file and
// fsync it before that commit returns; the group commit of the log lines of
// reads (groupcommit.go) is such a commit, so every read waiting in that
// group waited for the checkpoint too. Every connection therefore runs with
// wal_autocheckpoint = 0 (sqliteDSN, sqliteReaderDSN), and one goroutine per
// DB, on a connection of its own, runs PRAGMA wal_checkpoint(PASSIVE) when
// the commits since its last checkpoint wrote checkpointFrames frames, and
// every checkpointInterval whatever they wrote.
//
// A PASSIVE checkpoint takes neither the write lock nor the in-process
// write queue (DB.writeQueue) and never waits: it copies the frames no
// reader still needs, beside the writer. But only a write transaction that
// begins when every frame has been copied and no reader still reads from
// the log starts the log again from its beginning; under a steady stream
// of commits the writer appends before the copy ends, and the log keeps
// growing: a larger file, and commits that append to it, so that each of
// their fsyncs also has to write the file's new size, where a log started
// again overwrites blocks the file already has. So once the log holds
// restartFrames frames the checkpointer runs a RESTART checkpoint: it takes the write queue (so that no transaction of
// this process holds or waits for SQLite's write lock meanwhile), waits at
// most checkpointBusyTimeout for readers of older frames (the busy timeout
// of its connection, which PASSIVE ignores), copies the few frames
// committed since its PASSIVE checkpoint, fsyncs the database file, and
// the next commit writes the log from its beginning again, over blocks the
// file already has. The writers wait for that, once per restartFrames
// frames — not for the copy of the 1,000 frames and more the PASSIVE
// checkpoints did beside them.
//
// A reader that keeps an old snapshot (a long verification, a backup)
// keeps even RESTART from finishing; it is then tried again only once the
// log has grown by restartFrames more (restartAt), so that a long read
// does not make the writers wait at every tick. Should the log reach
// truncateFrames all the same, the checkpoint is a TRUNCATE one, which
// also cuts the file to zero bytes, so that the log's file stays bounded
// once the reads end.
const (
	// checkpointFrames is SQLite's own threshold (wal_autocheckpoint's
	// default): the frames written since the last checkpoint that make the
	// checkpointer run one at once rather than at its next tick.
	checkpointFrames = 1000
	// restartFrames is the length of the log, in frames, at which the
	// checkpointer follows its PASSIVE checkpoint with a RESTART one.
	restartFrames = 4 * checkpointFrames
	// truncateFrames is the length at which that is a TRUNCATE checkpoint
	// (64 MiB at SQLite's page size of 4 KiB).
	truncateFrames = 16 * checkpointFrames
	// checkpointInterval is the tick of the checkpointer: it also copies
	// the frames of the commits it was not told about (migrations, VACUUM,
	// BulkSettle) and the few a quiet hour leaves behind.
	checkpointInterval = time.Second
	// checkpointBusyTimeout bounds, in milliseconds, the wait of a
	// RESTART or TRUNCATE checkpoint for readers.
	checkpointBusyTimeout = 100
)

// checkpointer is the goroutine that checkpoints one SQLite database's
// write-ahead log, and what it has done.
type checkpointer struct {
	// conns is its own pool of one connection, so that it never waits
	// for a connection of the writers' or the readers' pools.
	conns *sql.DB
	// wake is signalled, without blocking, after each commit that wrote
	// frames; frames counts the frames written by those commits since the
	// last checkpoint.
	wake   chan struct{}
	frames atomic.Int64
	// mu makes the checkpoints of this process take turns: the
	// checkpointer's and the TRUNCATE checkpoints of an erasure
	// (eraseResidues, eraseConversionResidues). SQLite answers busy to a
	// second checkpoint while one runs. Whoever takes both the write
	// queue and mu takes the queue first.
	mu sync.Mutex
	// held is a test hook: while set, the checkpointer checkpoints
	// nothing. holdMu guards it and is held for each checkpoint, so that
	// setting it waits for a checkpoint under way.
	holdMu sync.Mutex
	held   bool
	// queue is the DB's write queue, which a RESTART or TRUNCATE
	// checkpoint takes.
	queue chan struct{}
	// logger receives the checkpointer's errors; nil keeps them only in
	// stats.
	logger *slog.Logger
	// cancel stops it; done is closed once it has stopped.
	cancel   context.CancelFunc
	done     chan struct{}
	stopOnce sync.Once
	// restartAt is the length of the log at which it runs a RESTART or
	// TRUNCATE checkpoint: restartFrames, raised while readers keep one
	// from finishing, so that it does not hold up the writers at every
	// tick.
	restartAt int64

	statsMu sync.Mutex
	stats   CheckpointStats
}

// CheckpointStats is what the checkpointer of an SQLite database has done
// since Open, for monitoring. The zero value on PostgreSQL.
type CheckpointStats struct {
	// Checkpoints counts the checkpoints run, Restarts and Truncates
	// those of them that were followed by a RESTART or a TRUNCATE
	// checkpoint.
	Checkpoints, Restarts, Truncates int64
	// LogFrames and Checkpointed are the last checkpoint's answer: the
	// frames in the log and how many of them are now in the database
	// file. Busy reports that it could not finish.
	LogFrames, Checkpointed int64
	Busy                    bool
	// Failures counts the checkpoints that failed; LastError is the
	// latest failure, nil when none failed.
	Failures  int64
	LastError error
}

// CheckpointStats reports what the checkpointer of the write-ahead log has
// done; on PostgreSQL, which has no such checkpointer, the zero value.
func (db *DB) CheckpointStats() CheckpointStats {
	if db.ckpt == nil {
		return CheckpointStats{}
	}
	db.ckpt.statsMu.Lock()
	defer db.ckpt.statsMu.Unlock()
	return db.ckpt.stats
}

// sqliteCheckpointDSN is the checkpointer's connection: the busy timeout
// that bounds a RESTART checkpoint's wait, and full synchronous so that
// a checkpoint fsyncs the database file before the log is started again.
func sqliteCheckpointDSN(path string) string {
	q := url.Values{}
	for _, p := range []string{fmt.Sprintf("busy_timeout(%d)", checkpointBusyTimeout), "synchronous(FULL)", "wal_autocheckpoint(0)"} {
		q.Add("_pragma", p)
	}
	return "file:" + path + "?" + q.Encode()
}

// startCheckpointer starts the checkpointer of the SQLite database at path.
func (db *DB) startCheckpointer(path string, logger *slog.Logger) error {
	if db.writeQueue == nil {
		return errors.New("storage: the checkpointer needs the write queue")
	}
	conns, err := sql.Open("sqlite", sqliteCheckpointDSN(path))
	if err != nil {
		return err
	}
	conns.SetMaxOpenConns(1)
	conns.SetMaxIdleConns(1)
	ctx, cancel := context.WithCancel(context.Background())
	db.ckpt = &checkpointer{conns: conns, wake: make(chan struct{}, 1), queue: db.writeQueue, logger: logger,
		cancel: cancel, done: make(chan struct{}), restartAt: restartFrames}
	go db.ckpt.run(ctx)
	return nil
}

// stopCheckpointer stops the checkpointer, waits for it and closes its
// connection.
func (db *DB) stopCheckpointer() {
	if db.ckpt == nil {
		return
	}
	db.ckpt.stopOnce.Do(func() {
		db.ckpt.cancel()
		<-db.ckpt.done
		db.ckpt.conns.Close()
	})
}

// committed tells the checkpointer that a commit wrote frames to the log.
// It never blocks: a signal already pending covers this one.
func (c *checkpointer) committed(frames int64) {
	if c == nil || frames <= 0 {
		return
	}
	c.frames.Add(frames)
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// walFramesWritten returns the pages the connection has written to the
// write-ahead log since it was last asked (SQLITE_DBSTATUS_CACHE_WRITE,
// reset on reading), 0 when the driver cannot tell.
func walFramesWritten(conn *sql.Conn) int64 {
	var n int
	conn.Raw(func(dc any) error {
		if s, ok := dc.(interface {
			Status(sqlite.DBStatusOp, bool) (int, int, error)
		}); ok {
			n, _, _ = s.Status(sqlite.DBStatusCacheWrite, true)
		}
		return nil
	})
	return int64(n)
}

// run is the checkpointer's loop.
func (c *checkpointer) run(ctx context.Context) {
	defer close(c.done)
	tick := time.NewTicker(checkpointInterval)
	defer tick.Stop()
	for {
		ticked := false
		select {
		case <-ctx.Done():
			return
		case <-c.wake:
		case <-tick.C:
			ticked = true
		}
		if !ticked && c.frames.Load() < checkpointFrames {
			continue
		}
		c.holdMu.Lock()
		if !c.held {
			c.checkpoint(ctx)
		}
		c.holdMu.Unlock()
	}
}

// checkpoint runs one PASSIVE checkpoint and, when the log then still
// holds restartAt frames or more, a RESTART or TRUNCATE one, and records
// the outcome.
func (c *checkpointer) checkpoint(ctx context.Context) {
	c.frames.Store(0)
	c.mu.Lock()
	res, err := walCheckpoint(ctx, c.conns, "PASSIVE")
	c.mu.Unlock()
	mode := ""
	if err == nil && res.log >= c.restartAt {
		mode = "RESTART"
		if res.log >= truncateFrames {
			mode = "TRUNCATE"
		}
		res, err = c.restart(ctx, mode)
		if err == nil && res.busy {
			c.restartAt = res.log + restartFrames
		}
	}
	if err == nil && res.log < restartFrames {
		c.restartAt = restartFrames
	}
	if ctx.Err() != nil {
		// Close stopped it midway.
		return
	}
	c.statsMu.Lock()
	defer c.statsMu.Unlock()
	if err != nil {
		c.stats.Failures++
		c.stats.LastError = err
		if c.logger != nil {
			c.logger.LogAttrs(ctx, slog.LevelError, "storage: checkpoint of the SQLite write-ahead log failed", slog.String("error", err.Error()))
		}
		return
	}
	c.stats.Checkpoints++
	switch mode {
	case "RESTART":
		c.stats.Restarts++
	case "TRUNCATE":
		c.stats.Truncates++
	}
	c.stats.LogFrames, c.stats.Checkpointed, c.stats.Busy = res.log, res.checkpointed, res.busy
}

// restart runs a RESTART or TRUNCATE checkpoint holding the write queue,
// so that it waits for no writer of this process (see the top of this
// file).
func (c *checkpointer) restart(ctx context.Context, mode string) (walCheckpointResult, error) {
	select {
	case c.queue <- struct{}{}:
	case <-ctx.Done():
		return walCheckpointResult{}, ctx.Err()
	}
	defer func() { <-c.queue }()
	c.mu.Lock()
	defer c.mu.Unlock()
	return walCheckpoint(ctx, c.conns, mode)
}

// walCheckpointResult is the answer of PRAGMA wal_checkpoint: whether it
// could not finish, the frames in the log and the frames now copied into
// the database file (both -1 when the database is not in WAL mode).
type walCheckpointResult struct {
	busy              bool
	log, checkpointed int64
}

// walCheckpoint runs PRAGMA wal_checkpoint(mode) on a connection of q.
func walCheckpoint(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, mode string) (walCheckpointResult, error) {
	var busy int
	var r walCheckpointResult
	if err := q.QueryRowContext(ctx, `PRAGMA wal_checkpoint(`+mode+`)`).Scan(&busy, &r.log, &r.checkpointed); err != nil {
		return r, fmt.Errorf("storage: wal checkpoint (%s): %w", mode, err)
	}
	r.busy = busy != 0
	return r, nil
}

// lockCheckpoints makes an explicit checkpoint wait for one of the
// checkpointer's to end, rather than being answered busy; the returned
// function unlocks. It does nothing on PostgreSQL.
func (db *DB) lockCheckpoints() func() {
	if db.ckpt == nil {
		return func() {}
	}
	db.ckpt.mu.Lock()
	return db.ckpt.mu.Unlock
}
