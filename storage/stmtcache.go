package storage

import (
	"container/list"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"sync"

	"modernc.org/sqlite"
)

// Prepared statements kept per SQLite connection.
//
// The pure-Go SQLite parses every statement it is given: database/sql hands
// a query's text to the driver, which prepares, runs and finalizes it. A
// dossier read runs a dozen statements and its log commit a few more, the
// same texts every time, and parsing them was about a sixth of the read
// path's CPU (BenchmarkDossierRead's profile). Each SQLite connection
// therefore keeps its most recently used statements, prepared, by their
// text: a query finds its statement, binds and runs it, and the driver
// resets it when its rows are closed.
//
// A statement is used by one query at a time: a query whose statement is
// still running on the same connection (its rows not yet closed, a nested
// query with the same text) is prepared and finalized on its own, as
// before. The cache is bounded (stmtCacheSize per connection); the least
// recently used idle statement is finalized to make room, a running one
// never. database/sql uses a connection from one goroutine at a time, so
// the cache needs no lock of its own. PostgreSQL's driver keeps its own
// cache of prepared statements per connection.

// stmtCacheSize is how many prepared statements a SQLite connection keeps.
const stmtCacheSize = 128

// sqliteDriver is the registered pure-Go SQLite driver.
var sqliteDriver = sync.OnceValue(func() driver.Driver {
	db, err := sql.Open("sqlite", "")
	if err != nil {
		panic(err) // the driver is linked in: cannot happen
	}
	defer db.Close()
	return db.Driver()
})

// openSQLite opens a pool of SQLite connections that keep their prepared
// statements.
func openSQLite(dsn string) *sql.DB {
	return sql.OpenDB(stmtConnector{dsn: dsn})
}

type stmtConnector struct{ dsn string }

func (c stmtConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := sqliteDriver().Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return newStmtConn(conn, stmtCacheSize), nil
}

func (c stmtConnector) Driver() driver.Driver { return sqliteDriver() }

// stmtConn is a driver connection that keeps its prepared statements.
type stmtConn struct {
	base  driver.Conn
	max   int
	stmts map[string]*list.Element // of *cachedStmt, in lru
	lru   list.List                // most recently used first
	// prepares counts the statements prepared for the cache (tests).
	prepares int
}

type cachedStmt struct {
	query string
	stmt  driver.Stmt
	busy  bool // its rows are open
}

func newStmtConn(base driver.Conn, max int) *stmtConn {
	return &stmtConn{base: base, max: max, stmts: make(map[string]*list.Element)}
}

// cached returns the idle prepared statement for query, preparing it if
// need be; nil when it is running (the caller then runs query unprepared).
func (c *stmtConn) cached(ctx context.Context, query string) (*cachedStmt, error) {
	if e, ok := c.stmts[query]; ok {
		cs := e.Value.(*cachedStmt)
		if cs.busy {
			return nil, nil
		}
		c.lru.MoveToFront(e)
		return cs, nil
	}
	st, err := c.base.(driver.ConnPrepareContext).PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.prepares++
	cs := &cachedStmt{query: query, stmt: st}
	c.stmts[query] = c.lru.PushFront(cs)
	c.evict()
	return cs, nil
}

// evict finalizes the least recently used idle statements beyond the
// bound.
func (c *stmtConn) evict() {
	for e := c.lru.Back(); e != nil && len(c.stmts) > c.max; {
		prev := e.Prev()
		if cs := e.Value.(*cachedStmt); !cs.busy {
			c.lru.Remove(e)
			delete(c.stmts, cs.query)
			cs.stmt.Close()
		}
		e = prev
	}
}

// QueryContext runs query through its cached statement.
func (c *stmtConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	cs, err := c.cached(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.base.(driver.QueryerContext).QueryContext(ctx, query, args)
	}
	rows, err := cs.stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	cs.busy = true
	return &stmtRows{Rows: rows, conn: c, cs: cs}, nil
}

// ExecContext runs query through its cached statement.
func (c *stmtConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	cs, err := c.cached(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.base.(driver.ExecerContext).ExecContext(ctx, query, args)
	}
	return cs.stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

// Prepare and PrepareContext serve database/sql's own prepared statements
// (Tx.Prepare), which their caller closes: not cached.
func (c *stmtConn) Prepare(query string) (driver.Stmt, error) { return c.base.Prepare(query) }

func (c *stmtConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.base.(driver.ConnPrepareContext).PrepareContext(ctx, query)
}

// Close finalizes the cached statements and closes the connection.
func (c *stmtConn) Close() error {
	var errs []error
	for _, e := range c.stmts {
		errs = append(errs, e.Value.(*cachedStmt).stmt.Close())
	}
	c.stmts, c.lru = nil, list.List{}
	return errors.Join(append(errs, c.base.Close())...)
}

// Begin is required of a driver.Conn; database/sql calls BeginTx.
func (c *stmtConn) Begin() (driver.Tx, error) {
	//lint:ignore SA1019 driver.Conn requires Begin, which only delegates
	return c.base.Begin()
}

func (c *stmtConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.base.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *stmtConn) Ping(ctx context.Context) error { return c.base.(driver.Pinger).Ping(ctx) }

func (c *stmtConn) ResetSession(ctx context.Context) error {
	return c.base.(driver.SessionResetter).ResetSession(ctx)
}

func (c *stmtConn) IsValid() bool { return c.base.(driver.Validator).IsValid() }

// stmtRows marks its statement idle again once closed.
type stmtRows struct {
	driver.Rows
	conn *stmtConn
	cs   *cachedStmt
}

func (r *stmtRows) Close() error {
	err := r.Rows.Close()
	if r.cs != nil {
		r.cs.busy = false
		r.cs = nil
		r.conn.evict()
	}
	return err
}

// Status forwards SQLite's status of the connection: the checkpointer
// reads how many pages a commit wrote to the write-ahead log
// (walFramesWritten).
func (c *stmtConn) Status(op sqlite.DBStatusOp, reset bool) (int, int, error) {
	if s, ok := c.base.(interface {
		Status(sqlite.DBStatusOp, bool) (int, int, error)
	}); ok {
		return s.Status(op, reset)
	}
	return 0, 0, errors.New("storage: the SQLite driver reports no connection status")
}
