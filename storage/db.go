// Package storage keeps Groepsaanpak's data in the embedded SQLite database
// (modernc.org/sqlite, pure Go) or in PostgreSQL (pgx), with one code path:
// portable SQL with $N placeholders, a small Dialect value for the few real
// differences and embedded migrations per dialect.
//
// Exported methods own their transaction. Every method that changes or reads
// something worth recording takes the actor from the context, asks the
// domain's policy, and writes its audit and processing log lines in the same
// transaction as the change, so a rolled-back change leaves no log line and a
// committed change always has one.
package storage

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/auth"
	"github.com/groepsaanpak/groepsaanpak/internal/keyring"
)

//go:embed migrations
var migrations embed.FS

// Dialect is the database behind a DB.
type Dialect uint8

const (
	SQLite Dialect = iota + 1
	Postgres
)

func (d Dialect) String() string {
	switch d {
	case SQLite:
		return "sqlite"
	case Postgres:
		return "postgres"
	}
	return "unknown"
}

// ForUpdate is the row-locking clause for SELECT, empty on SQLite where a
// write transaction already holds the database's one write lock.
func (d Dialect) ForUpdate() string {
	if d == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// DB is the storage of one Groepsaanpak installation. It is safe for
// concurrent use, and several processes may share one PostgreSQL database.
type DB struct {
	db      *sql.DB
	dialect Dialect
	now     func() time.Time
	logs    *LogKeys
	// keys holds the data keys of the encryption at rest (crypt.go); nil
	// stores personal data in clear text.
	keys *keyring.Keyring
	// sealed is the set of encrypted columns ("table.column") that Migrate
	// found fully encrypted and recorded in sealed_columns; nil until this
	// process has migrated (crypt.go, strict).
	sealed atomic.Pointer[map[string]bool]
	// scanConversionChecks counts how often Migrate looked for a
	// Groepsscan in clear text (encryptGroepsscan), for tests;
	// conversionResidues is the outcome of removing the clear values a
	// conversion replaced (eraseConversionResidues), nil when Migrate
	// converted nothing.
	scanConversionChecks atomic.Int64
	conversionResidues   atomic.Pointer[error]
	// integrity remembers the cells whose integrity failure this process
	// has already raised a signal for, and signals waits for those being
	// raised (crypt.go, integrityFailure).
	integrity sync.Map
	signals   sync.WaitGroup
	// sessions limits login sessions; SetSessionPolicy changes it.
	sessions auth.SessionPolicy
	// writeQueue admits one transaction at a time on SQLite, where every
	// transaction takes the database's one write lock at its start: waiting
	// here, in arrival order, replaces SQLite's busy handler, which retries
	// with growing sleeps and lets a late transaction overtake one that has
	// waited for seconds. Nil on PostgreSQL, whose row locks queue fairly.
	writeQueue chan struct{}
	// readers runs read transactions (Read): on SQLite a pool of
	// query-only connections that begin deferred, so that reads run beside
	// each other and beside the one writer in WAL mode instead of queueing
	// for the write lock; on PostgreSQL the same pool as db, with READ ONLY
	// transactions.
	readers *sql.DB
	// logConns, on PostgreSQL, holds the connections of the group commit
	// of reads' log lines, apart from the pool the requests share.
	logConns *sql.DB
	// lines and stop serve the group commit of the log lines of reads
	// (groupcommit.go).
	lines     chan *lineBatch
	stop      chan struct{}
	committer sync.Once
	// logCommits counts the durable commits that carried log lines
	// (LogCommits).
	logCommits atomic.Int64
	// logBatched counts the logs a group commit appended with its
	// predicted head in one round trip (batchAppend), and logBatchMisses
	// the batches in which a log's head had moved; for tests.
	logBatched, logBatchMisses atomic.Int64
	// ckpt checkpoints the write-ahead log on SQLite (checkpoint.go); nil
	// on PostgreSQL.
	ckpt *checkpointer
	// sqliteFile and cacheMiB open SQLite connections of another kind
	// (sortsOnDisk); empty on PostgreSQL.
	sqliteFile string
	cacheMiB   int
}

// Config says which database to open and how.
type Config struct {
	// URL is "postgres://…" (or "postgresql://…") for PostgreSQL, or
	// "sqlite:PATH" / a plain file path for the embedded database.
	URL string
	// Now is the clock; nil means time.Now. Tests inject their own.
	Now func() time.Time
	// LogKeys signs and verifies the checkpoints of the tamper-evident
	// logs; the private key is kept outside the database.
	LogKeys *LogKeys
	// SQLiteCacheMiB, when positive, is SQLite's page cache per connection
	// (PRAGMA cache_size); zero keeps SQLite's default of 2 MiB. A larger
	// cache keeps a large transaction's index pages in memory instead of
	// spilling them to the WAL (the benchmark's bulk load). PostgreSQL
	// ignores it.
	SQLiteCacheMiB int
	// Keys is the key store of the encryption at rest, outside the
	// database (crypt.go, internal/keyring). Nil stores personal data in
	// clear text, which only tools that never hold personal data may do;
	// the command always sets it.
	Keys *keyring.Keyring
	// Logger receives the errors of work storage does in the background,
	// such as the checkpoints of SQLite's write-ahead log (checkpoint.go);
	// nil keeps them only for CheckpointStats. Nothing logged holds
	// personal data.
	Logger *slog.Logger
}

// Open opens the database named by cfg.URL. It does not migrate; call
// Migrate.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	db := &DB{now: cfg.Now, logs: cfg.LogKeys, keys: cfg.Keys, sessions: auth.DefaultSessionPolicy, lines: make(chan *lineBatch), stop: make(chan struct{})}
	if db.now == nil {
		db.now = time.Now
	}
	var err error
	switch {
	case strings.HasPrefix(cfg.URL, "postgres://"), strings.HasPrefix(cfg.URL, "postgresql://"):
		db.dialect = Postgres
		db.db, err = sql.Open("pgx", cfg.URL)
		if err == nil {
			db.db.SetMaxOpenConns(20)
			db.db.SetMaxIdleConns(10)
			db.db.SetConnMaxIdleTime(5 * time.Minute)
			db.readers = db.db
			db.logConns, err = sql.Open("pgx", cfg.URL)
		}
		if err == nil {
			// The group commit's own connections, one per group in
			// flight (groupcommit.go): the committer must never queue for
			// a connection behind the very requests that wait for it.
			db.logConns.SetMaxOpenConns(committerDepth(Postgres))
			db.logConns.SetMaxIdleConns(committerDepth(Postgres))
		}
	default:
		db.dialect = SQLite
		path := sqlitePath(cfg.URL)
		if path == "" {
			return nil, errors.New("storage: empty database path")
		}
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, fmt.Errorf("storage: create database directory: %w", err)
			}
		}
		db.sqliteFile, db.cacheMiB = path, cfg.SQLiteCacheMiB
		db.db = openSQLite(sqliteDSN(path, cfg.SQLiteCacheMiB))
		db.writeQueue = make(chan struct{}, 1)
		if err == nil {
			// One writer at a time is SQLite's model; a small pool of
			// connections lets readers proceed beside it in WAL mode.
			db.db.SetMaxOpenConns(8)
			// Keep them open: a connection closed and opened again under
			// load costs its pragmas and, in WAL mode, races with the
			// others over the shared-memory index.
			db.db.SetMaxIdleConns(8)
			db.readers = openSQLite(sqliteReaderDSN(path))
		}
		if err == nil {
			// Readers are CPU-bound in this pure-Go SQLite: more of them
			// than a few per core only adds switching.
			db.readers.SetMaxOpenConns(max(4, 2*runtime.GOMAXPROCS(0)))
			db.readers.SetMaxIdleConns(max(4, 2*runtime.GOMAXPROCS(0)))
		}
	}
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", db.dialect, err)
	}
	if err := db.db.PingContext(ctx); err != nil {
		if db.readers != nil && db.readers != db.db {
			db.readers.Close()
		}
		if db.logConns != nil {
			db.logConns.Close()
		}
		db.db.Close()
		return nil, fmt.Errorf("storage: connect to %s: %w", db.dialect, err)
	}
	if db.dialect == SQLite {
		if err := db.startCheckpointer(sqlitePath(cfg.URL), cfg.Logger); err != nil {
			db.readers.Close()
			db.db.Close()
			return nil, fmt.Errorf("storage: open %s: %w", db.dialect, err)
		}
	}
	return db, nil
}

// sqlitePath is the file named by an SQLite URL.
func sqlitePath(u string) string {
	return strings.TrimPrefix(strings.TrimPrefix(u, "sqlite://"), "sqlite:")
}

// sqliteDSN sets the pragmas every connection needs: WAL for readers beside
// the writer, full synchronous commits so that no acknowledged write is lost
// on a crash, foreign keys, a busy timeout, secure_delete so that SQLite
// overwrites deleted content with zeros instead of leaving it in free space
// (eraseResidues in correction.go), BEGIN IMMEDIATE so that a transaction
// takes the write lock at its start instead of failing when it first
// writes, and temp_store MEMORY: a multi-row INSERT in a transaction (the
// log lines' rows, 96 parameters a statement) keeps a statement journal of
// the pages it changes, which SQLite spills to a temporary file beyond 64
// KiB — one write system call per page and statement, a third of the CPU
// of appending a read's log lines. The journal is not needed after a crash
// (the WAL is), and it holds the original content of the pages one
// statement changes, so it stays as small as the application's statements
// are. A sort larger than the page cache (CREATE INDEX) keeps its
// temporary files in memory too; building indexes therefore runs on
// connections of sqliteSortDSN (sortsOnDisk). wal_autocheckpoint 0 keeps a
// commit from checkpointing the write-ahead log itself; the checkpointer
// does that in the background (checkpoint.go).
func sqliteDSN(path string, cacheMiB int) string {
	return sqliteWriterDSN(path, cacheMiB, "MEMORY")
}

// sqliteSortDSN is sqliteDSN with temporary files on disk: for statements
// that sort a whole table (CREATE INDEX), whose sorter keeps what exceeds
// the page cache in temporary files — in memory with temp_store MEMORY, so
// that building an index on a log of 5,000,000 entries held about 770 MiB
// (docs/performance.md, Memory). On disk the sort needs no more memory
// than the page cache, whatever the table's size.
func sqliteSortDSN(path string, cacheMiB int) string {
	return sqliteWriterDSN(path, cacheMiB, "FILE")
}

func sqliteWriterDSN(path string, cacheMiB int, tempStore string) string {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(15000)", "journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)", "secure_delete(ON)", "temp_store(" + tempStore + ")", "wal_autocheckpoint(0)"} {
		q.Add("_pragma", p)
	}
	if cacheMiB > 0 {
		q.Add("_pragma", fmt.Sprintf("cache_size(%d)", -cacheMiB*1024))
	}
	q.Set("_txlock", "immediate")
	q.Set("_time_format", "sqlite")
	return "file:" + path + "?" + q.Encode()
}

// sqliteReaderDSN is the connection of a read transaction: query-only (a
// statement that would write fails), beginning deferred so that it takes no
// lock until it reads, and then only a snapshot of the WAL. The writer's
// connections have put the file in WAL mode. wal_autocheckpoint 0 as on the
// writer's connections (checkpoint.go).
func sqliteReaderDSN(path string) string {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(15000)", "query_only(1)", "wal_autocheckpoint(0)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "deferred")
	q.Set("_time_format", "sqlite")
	return "file:" + path + "?" + q.Encode()
}

// Close stops the group commit of log lines and the checkpointer and
// closes the database.
func (db *DB) Close() error {
	db.signals.Wait()
	select {
	case <-db.stop:
	default:
		close(db.stop)
	}
	db.stopCheckpointer()
	if db.readers != nil && db.readers != db.db {
		db.readers.Close()
	}
	if db.logConns != nil {
		db.logConns.Close()
	}
	return db.db.Close()
}

// Keys returns the key store of the encryption at rest, nil when personal
// data is stored in clear text.
func (db *DB) Keys() *keyring.Keyring { return db.keys }

// Dialect returns which database this is.
func (db *DB) Dialect() Dialect { return db.dialect }

// SQL returns the underlying handle. It exists for tests that must reach
// past the storage layer, such as those that tamper with the logs.
func (db *DB) SQL() *sql.DB { return db.db }

// Now returns the current time of the injected clock, in UTC and truncated
// to microseconds, the precision both databases keep.
func (db *DB) Now() time.Time { return db.now().UTC().Truncate(time.Microsecond) }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.db.PingContext(ctx) }

// Migrate applies the embedded migrations that have not been applied yet.
// On PostgreSQL a session-level advisory lock makes concurrent starts of
// several application processes safe.
func (db *DB) Migrate(ctx context.Context) error {
	p, err := db.migrator()
	if err != nil {
		return err
	}
	defer p.close()
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("storage: migrate: %w", err)
	}
	// Rows written in clear text, before encryption at rest existed or
	// by a process without a key store, are encrypted now.
	converted, err := db.encryptExisting(ctx)
	if err != nil {
		return err
	}
	scan, err := db.encryptGroepsscan(ctx)
	if err != nil {
		return err
	}
	if scan {
		converted = append(converted, scanConvertedTables...)
	}
	if len(converted) > 0 {
		// The conversion has committed; the clear values it replaced are
		// still in the database files until removed.
		err := db.eraseConversionResidues(ctx, converted)
		db.conversionResidues.Store(&err)
	}
	return nil
}

// MigrationStatus reports the applied and latest migration versions.
func (db *DB) MigrationStatus(ctx context.Context) (current, latest int64, err error) {
	p, err := db.migrator()
	if err != nil {
		return 0, 0, err
	}
	defer p.close()
	current, latest, err = p.GetVersions(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("storage: migration status: %w", err)
	}
	return current, latest, nil
}

func (db *DB) migrator() (*migrator, error) {
	sub, err := fs.Sub(migrations, "migrations/"+db.dialect.String())
	if err != nil {
		return nil, err
	}
	var opts []goose.ProviderOption
	dialect := goose.DialectSQLite3
	if db.dialect == Postgres {
		dialect = goose.DialectPostgres
		// Retry the lock every second rather than goose's default five, so a
		// second node starting beside the first waits briefly.
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	pool, done := db.sortsOnDisk()
	p, err := goose.NewProvider(dialect, pool, sub, opts...)
	if err != nil {
		done()
		return nil, fmt.Errorf("storage: migrations: %w", err)
	}
	return &migrator{Provider: p, done: done}, nil
}

// migrator is a goose provider on the connections migrations run on, which
// close gives back.
type migrator struct {
	*goose.Provider
	done func()
}

func (m *migrator) close() { m.done() }

// sortsOnDisk returns the connections for statements that sort whole
// tables (a migration's CREATE INDEX, the rebuilding of the log's indexes
// after a bulk load) and the function that closes them: on SQLite one
// connection of its own whose sorts spill to temporary files on disk
// (sqliteSortDSN), on PostgreSQL, whose sorts are bounded by work_mem and
// maintenance_work_mem, the shared pool.
func (db *DB) sortsOnDisk() (*sql.DB, func()) {
	if db.sqliteFile == "" {
		return db.db, func() {}
	}
	pool := openSQLite(sqliteSortDSN(db.sqliteFile, db.cacheMiB))
	pool.SetMaxOpenConns(1)
	return pool, func() { pool.Close() }
}

// NewID returns a new time-ordered identifier (UUIDv7).
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// Tx is one transaction. It carries the actor and trace of the request and
// collects the log lines that are appended, in the same transaction, just
// before it commits.
type Tx struct {
	// tx is the database's transaction. A write transaction (Transact)
	// begins it lazily, at its first statement (begin): one that runs none,
	// such as one that only records log lines, takes no connection, no
	// write lock and no round trip for BEGIN and COMMIT. A read
	// transaction has it from the start.
	tx *sql.Tx
	// conn is the connection of a write transaction once begun; nil for a
	// read transaction.
	conn *sql.Conn
	// queued is set while a write transaction holds SQLite's write queue
	// (DB.writeQueue).
	queued bool
	// beginErr is why a write transaction could not begin: every statement
	// after it fails with it, and Transact returns it whatever fn made of
	// the statement's error.
	beginErr   error
	db         *DB
	ctx        context.Context
	now        time.Time
	actor      *ga.Actor
	trace      ga.Trace
	audit      []ga.AuditRecord
	processing []ga.ProcessingRecord
	// changed is set once the transaction ran a statement that may change
	// or lock rows; a transaction that did not is a read, whose log lines
	// may be committed together with other reads' (groupcommit.go).
	changed bool
	// stmts are the statements prepared in this transaction, by their SQL
	// (prepared); database/sql closes them when the transaction ends.
	stmts map[string]*sql.Stmt
	// auditLocked is set once appendProcessingNow locked the audit log.
	auditLocked bool
	// readOnly marks a transaction begun by Read; needsWrite is set when
	// it tried to change or lock rows, and Read then runs it again as a
	// write transaction.
	readOnly, needsWrite bool
	// predicted, set by the group committer only, holds the heads of the
	// logs as the previous group leaves them (groupcommit.go).
	predicted *predictedHeads
}

// prepared returns the statement for query, prepared once per transaction:
// a bulk write runs the same multi-row statement thousands of times, and
// SQLite would otherwise parse it again for every run.
func (tx *Tx) prepared(query string) (*sql.Stmt, error) {
	if st, ok := tx.stmts[query]; ok {
		return st, nil
	}
	if err := tx.begin(); err != nil {
		return nil, err
	}
	st, err := tx.tx.PrepareContext(tx.ctx, query)
	if err != nil {
		return nil, err
	}
	if tx.stmts == nil {
		tx.stmts = make(map[string]*sql.Stmt)
	}
	tx.stmts[query] = st
	return st, nil
}

// errNeedWrite is what a statement that changes data returns in a read
// transaction; Read answers it by running the function again in a write
// transaction.
var errNeedWrite = errors.New("storage: a read transaction needs to write")

// Exec runs a statement in the transaction.
func (tx *Tx) Exec(query string, args ...any) (sql.Result, error) {
	tx.changed = true
	if tx.readOnly {
		tx.needsWrite = true
		return nil, errNeedWrite
	}
	if err := tx.begin(); err != nil {
		return nil, err
	}
	return tx.tx.ExecContext(tx.ctx, query, args...)
}

// Query runs a query in the transaction.
func (tx *Tx) Query(query string, args ...any) (*sql.Rows, error) {
	tx.noteQuery(query)
	if err := tx.begin(); err != nil {
		return nil, err
	}
	return tx.tx.QueryContext(tx.ctx, query, args...)
}

// queryAll runs a query in the transaction and returns its rows, each
// read by scan, in the order the query returns them. The errors of the
// query, of scan and of the iteration are returned as they are, for the
// caller to wrap.
func queryAll[T any](tx *Tx, scan func(rows *sql.Rows) (T, error), query string, args ...any) ([]T, error) {
	rows, err := tx.Query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// QueryRow runs a query returning at most one row in the transaction.
func (tx *Tx) QueryRow(query string, args ...any) *sql.Row {
	tx.noteQuery(query)
	if err := tx.begin(); err != nil {
		// A *sql.Row cannot be made with an error of one's own: this one
		// is asked of the pool with a context that has ended, which fails
		// before taking a connection, so that Scan fails. Transact returns
		// the begin error itself (tx.beginErr).
		ended, cancel := context.WithCancel(tx.ctx)
		cancel()
		return tx.db.db.QueryRowContext(ended, query, args...)
	}
	return tx.tx.QueryRowContext(tx.ctx, query, args...)
}

// begin begins a write transaction at its first statement, on a
// connection of its own: on SQLite after taking the write queue, and on
// PostgreSQL, for the committer of log lines, from the committer's own
// connections (DB.logConns). A failure sticks: the transaction does not
// begin again.
func (tx *Tx) begin() error {
	if tx.tx != nil {
		return nil
	}
	if tx.beginErr == nil {
		tx.beginErr = tx.db.beginWrite(tx)
	}
	return tx.beginErr
}

// beginWrite takes the write queue (SQLite), a connection and a
// transaction for tx. What it took before failing is held in tx and given
// back by tx.end.
func (db *DB) beginWrite(tx *Tx) error {
	ctx := tx.ctx
	if db.writeQueue != nil {
		select {
		case db.writeQueue <- struct{}{}:
			tx.queued = true
		case <-ctx.Done():
			return fmt.Errorf("storage: begin: %w", ctx.Err())
		}
	}
	// The transaction runs on a connection of its own: on PostgreSQL so
	// that a bulk write can reach the driver for COPY (insertBatch), on
	// SQLite so that the checkpointer can be told how many frames its
	// commit wrote to the write-ahead log. The connection goes back to the
	// pool as soon as the transaction ends.
	pool := db.db
	if db.logConns != nil && ctx.Value(committerKey{}) != nil {
		pool = db.logConns
	}
	conn, err := pool.Conn(ctx)
	if err != nil {
		return fmt.Errorf("storage: begin: %w", err)
	}
	tx.conn = conn
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("storage: begin: %w", err)
	}
	tx.tx = sqlTx
	return nil
}

// abort rolls a write transaction back, if it began, and gives back what
// it took.
func (tx *Tx) abort() {
	if tx.tx != nil {
		tx.tx.Rollback()
	}
	tx.end()
}

// end gives back what a write transaction took: its connection, then its
// place in the write queue. The transaction itself must have ended.
func (tx *Tx) end() {
	if tx.conn != nil {
		tx.conn.Close()
		tx.conn = nil
	}
	if tx.queued {
		<-tx.db.writeQueue
		tx.queued = false
	}
}

// noteQuery marks the transaction as changing when a query writes
// (… RETURNING) or locks rows (FOR UPDATE).
func (tx *Tx) noteQuery(query string) {
	if !tx.changed && (strings.Contains(query, "RETURNING") || strings.Contains(query, "FOR UPDATE")) {
		tx.changed = true
		// In a read transaction the database refuses the statement; the
		// function runs again in a write transaction.
		tx.needsWrite = tx.readOnly
	}
}

// Now is the time of the transaction: every row and log line it writes
// carries the same instant.
func (tx *Tx) Now() time.Time { return tx.now }

// Actor is the actor the transaction acts for; never nil.
func (tx *Tx) Actor() *ga.Actor { return tx.actor }

// Audit records an audit line (BIO 8.15) for an action in this transaction.
func (tx *Tx) Audit(action, objectType, objectID string, result ga.AuditResult, detail string) {
	tx.audit = append(tx.audit, ga.AuditRecord{
		TraceID:    tx.trace.TraceID,
		Time:       tx.now,
		UserID:     tx.actor.UserID,
		PartnerID:  tx.actor.PartnerID,
		TokenID:    tx.actor.TokenID,
		System:     tx.actor.System,
		Action:     action,
		ObjectType: objectType,
		ObjectID:   objectID,
		Result:     result,
		Origin:     tx.actor.Origin,
		Detail:     detail,
	})
}

// Processed records a processing log line for one data subject. The trace
// and times are filled in from the transaction when left empty.
func (tx *Tx) Processed(rec ga.ProcessingRecord) {
	if rec.TraceID == "" {
		rec.TraceID = tx.trace.TraceID
	}
	if rec.SpanID == "" {
		rec.SpanID = newSpanID()
		rec.ParentSpanID = tx.trace.SpanID
	}
	if rec.StartTime.IsZero() {
		rec.StartTime = tx.now
	}
	if rec.EndTime.IsZero() {
		rec.EndTime = tx.now
	}
	if rec.StatusCode == "" {
		rec.StatusCode = ga.StatusOK
	}
	tx.processing = append(tx.processing, rec)
}

// maxAttempts bounds the retries of a transaction that failed on a
// serialization conflict or a busy database.
const maxAttempts = 8

// Transact runs fn in a transaction and commits it when fn returns nil,
// after appending the log lines fn recorded. A serialization failure on
// PostgreSQL or a busy SQLite database is retried with a fresh transaction;
// fn must therefore not have effects outside the transaction.
func (db *DB) Transact(ctx context.Context, fn func(tx *Tx) error) error {
	return db.transact(ctx, false, fn)
}

// Read runs fn as Transact does, but first in a read transaction: one that
// neither waits for nor takes the write lock (on SQLite a query-only
// connection of its own, on PostgreSQL READ ONLY), so that reads run side by
// side. Its log lines are committed by the group commit before Read returns
// (groupcommit.go), as those of any read. Should fn change or lock rows
// after all (a session that must be touched, say), that statement fails
// with errNeedWrite and fn runs again in a write transaction: fn must
// therefore, like any function given to Transact, have no effects outside
// the transaction and not swallow that error.
func (db *DB) Read(ctx context.Context, fn func(tx *Tx) error) error {
	return db.transact(ctx, db.readers != nil, fn)
}

func (db *DB) transact(ctx context.Context, readOnly bool, fn func(tx *Tx) error) error {
	actor := ga.ActorFrom(ctx)
	if actor == nil {
		actor = &ga.Actor{}
	}
	trace := ga.TraceFrom(ctx)
	if trace.TraceID == "" {
		trace = NewTrace()
	}
	var err error
	for attempt := 0; attempt < maxAttempts; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Duration(attempt*attempt) * 5 * time.Millisecond):
			}
		}
		if readOnly {
			err = db.readOnce(ctx, actor, trace, fn)
			if errors.Is(err, errNeedWrite) {
				readOnly, attempt = false, -1
				continue
			}
		} else {
			err = db.transactOnce(ctx, actor, trace, fn)
		}
		if err == nil || !db.retryable(err) {
			return err
		}
	}
	return err
}

// readOnce runs fn in one read transaction and, once that has ended,
// commits its log lines with those of other reads. It answers errNeedWrite
// when fn tried to change or lock rows, whatever fn returned.
func (db *DB) readOnce(ctx context.Context, actor *ga.Actor, trace ga.Trace, fn func(tx *Tx) error) (err error) {
	var opts *sql.TxOptions
	if db.dialect == Postgres {
		opts = &sql.TxOptions{ReadOnly: true}
	}
	sqlTx, err := db.readers.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("storage: begin: %w", err)
	}
	tx := &Tx{tx: sqlTx, db: db, ctx: ctx, now: db.Now(), actor: actor, trace: trace, readOnly: true}
	defer func() {
		if p := recover(); p != nil {
			sqlTx.Rollback()
			panic(p)
		}
	}()
	err = fn(tx)
	// A read transaction wrote nothing: ending it either way releases its
	// snapshot.
	sqlTx.Rollback()
	if tx.needsWrite {
		return errNeedWrite
	}
	if err != nil {
		return err
	}
	if len(tx.audit)+len(tx.processing) == 0 {
		return nil
	}
	return db.commitReadLines(ctx, tx.audit, tx.processing)
}

// commitReadLines makes a read's lines durable before it returns, or, in a
// context that holds lines (HoldLines), hands them to the holder, which
// commits them before the request's response leaves.
func (db *DB) commitReadLines(ctx context.Context, audit []ga.AuditRecord, processing []ga.ProcessingRecord) error {
	if h := db.heldIn(ctx); h != nil && h.hold(audit, processing) {
		return nil
	}
	return db.commitLines(audit, processing)
}

func (db *DB) transactOnce(ctx context.Context, actor *ga.Actor, trace ga.Trace, fn func(tx *Tx) error) (err error) {
	// The transaction begins at its first statement (Tx.begin).
	tx := &Tx{db: db, ctx: ctx, now: db.Now(), actor: actor, trace: trace}
	defer func() {
		if p := recover(); p != nil {
			tx.abort()
			panic(p)
		}
		if err != nil {
			tx.abort()
		}
		tx.end()
	}()
	err = fn(tx)
	if tx.beginErr != nil {
		// Whatever fn made of the failed statement (a QueryRow's Scan
		// only says that its context ended), the transaction failed to
		// begin.
		return tx.beginErr
	}
	if err != nil {
		return err
	}
	if tx.tx == nil {
		// As a transaction that began would have, one that did not fails
		// in a context that has ended.
		if err = ctx.Err(); err != nil {
			return fmt.Errorf("storage: begin: %w", err)
		}
	}
	if !tx.changed && len(tx.audit)+len(tx.processing) > 0 && db.logs != nil {
		// A read: end its transaction, if it began one, which wrote
		// nothing, and return only once its log lines are durable,
		// committed together with those of the reads that arrived
		// meanwhile. A transaction that only recorded log lines never
		// began one.
		if tx.tx != nil {
			if err = tx.tx.Commit(); err != nil {
				return fmt.Errorf("storage: commit: %w", err)
			}
		}
		tx.end()
		return db.commitReadLines(ctx, tx.audit, tx.processing)
	}
	if !tx.changed && len(tx.audit)+len(tx.processing) == 0 {
		// Nothing changed and nothing is to be recorded: end the
		// transaction, if it began, which wrote nothing. Lines held in the
		// context stay held until their holder commits them: taking them
		// here would make a lookup that reads nothing personal (a
		// partner's name for a page's header, say) a durable commit of
		// its own, outside the group commit.
		if tx.tx != nil {
			if err = tx.tx.Commit(); err != nil {
				return fmt.Errorf("storage: commit: %w", err)
			}
		}
		return nil
	}
	// A change in a context that holds the lines of earlier reads appends
	// them first, in its own transaction: they become durable with it, and
	// the request needs no commit of its own for them. Should the change
	// not commit, they go back to the holder.
	if h := db.heldIn(ctx); h != nil {
		heldAudit, heldProcessing := h.take()
		if len(heldAudit)+len(heldProcessing) > 0 {
			tx.audit = append(append(make([]ga.AuditRecord, 0, len(heldAudit)+len(tx.audit)), heldAudit...), tx.audit...)
			tx.processing = append(append(make([]ga.ProcessingRecord, 0, len(heldProcessing)+len(tx.processing)), heldProcessing...), tx.processing...)
			defer func() {
				if err != nil {
					// End the transaction first: should the holder have
					// been released meanwhile, putBack commits the lines
					// through the committer, which on SQLite needs the
					// write queue this transaction holds.
					tx.abort()
					if perr := h.putBack(heldAudit, heldProcessing); perr != nil {
						err = errors.Join(err, perr)
					}
				}
			}()
		}
	}
	if len(tx.audit)+len(tx.processing) > 0 {
		if err = tx.appendLogs(); err != nil {
			return err
		}
	}
	// Appending the lines begins the transaction if nothing did before.
	if err = tx.begin(); err != nil {
		return err
	}
	if err = tx.tx.Commit(); err != nil {
		return fmt.Errorf("storage: commit: %w", err)
	}
	if len(tx.audit)+len(tx.processing) > 0 {
		db.logCommits.Add(1)
	}
	if db.ckpt != nil {
		db.ckpt.committed(walFramesWritten(tx.conn))
	}
	return nil
}

// LogCommits is the number of durable commits that carried log lines since
// Open: a change's own commit, or a group commit of reads' lines. Each is a
// flush of the database's log to disk (an fsync), so it counts what a
// request waits for.
func (db *DB) LogCommits() int64 { return db.logCommits.Load() }

func (db *DB) retryable(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// serialization_failure, deadlock_detected
		return pgErr.Code == "40001" || pgErr.Code == "40P01"
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		c := sqErr.Code() & 0xff
		return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
	}
	return false
}

// act runs fn as one audited action: on success fn has recorded its own
// audit lines in the transaction; on a denial (not found, forbidden, gate
// closed) the transaction is rolled back and the refused attempt is audited
// in a transaction of its own, so that refusals are never lost.
func (db *DB) act(ctx context.Context, action, objectType, objectID string, fn func(tx *Tx) error) error {
	return db.actIn(ctx, false, action, objectType, objectID, fn)
}

// actRead is act with fn run by Read: for actions that only read.
func (db *DB) actRead(ctx context.Context, action, objectType, objectID string, fn func(tx *Tx) error) error {
	return db.actIn(ctx, true, action, objectType, objectID, fn)
}

func (db *DB) actIn(ctx context.Context, read bool, action, objectType, objectID string, fn func(tx *Tx) error) error {
	var err error
	if read {
		err = db.Read(ctx, fn)
	} else {
		err = db.Transact(ctx, fn)
	}
	if err == nil {
		return nil
	}
	var result ga.AuditResult
	switch ga.KindOf(err) {
	case ga.KindForbidden, ga.KindNotFound, ga.KindGateClosed, ga.KindUnauthenticated:
		result = ga.ResultDenied
	case ga.KindInvalid, ga.KindConflict:
		result = ga.ResultFailed
	default:
		return err
	}
	detail := ga.KindOf(err).String()
	if aerr := db.Read(ctx, func(tx *Tx) error {
		tx.Audit(action, objectType, objectID, result, detail)
		return nil
	}); aerr != nil {
		return errors.Join(err, aerr)
	}
	return err
}

// notFound maps sql.ErrNoRows to the domain's "not found or no access".
func notFound(op string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ga.ErrNotFound(op)
	}
	return ga.Wrap(op, err)
}

// AuditAction records one successful action of the context's actor that
// touches no data of the installation, such as fetching a runtime profile,
// in the audit log, in a transaction of its own.
func (db *DB) AuditAction(ctx context.Context, action, objectType, objectID string) error {
	return db.Transact(ctx, func(tx *Tx) error {
		tx.Audit(action, objectType, objectID, ga.ResultSuccess, "")
		return nil
	})
}
