package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/logbook"
)

// The audit log and the processing log (SPEC §5, BIO 8.15) are kept in
// four tables (migration 00002_logbook): log_heads, one row per log with its
// size and latest signed checkpoint; log_entries, the entries of both logs
// with the exact bytes hashed and their metadata; log_hashes, the stored
// hashes of each log's Merkle tree; and log_checkpoints, the signed
// checkpoints kept along the way. Package logbook holds the hashing, the
// signing and the verification logic; this file holds the SQL.

// LogKeys holds the keys that sign and verify log checkpoints. The signing
// key is kept outside the database, so that whoever can write to the
// database still cannot forge a checkpoint.
type LogKeys struct {
	signer   note.Signer
	verifier note.Verifier
}

// NewLogKeys returns the keys for the tamper-evident logs. signer may be
// nil: such keys can verify the logs (VerifyLogs, InclusionProof) but not
// append to them, which is what an auditor's copy of the public key gives.
func NewLogKeys(signer note.Signer, verifier note.Verifier) *LogKeys {
	return &LogKeys{signer: signer, verifier: verifier}
}

// checkpointEvery is the interval of the checkpoints kept in
// log_checkpoints: one at every multiple of 256 entries, also inside a
// large transaction, so that verification checks a signature at least every
// 256 entries and can name a bad stretch closely. The latest checkpoint is
// always in log_heads.
const checkpointEvery = 256

// appendLogs appends the transaction's audit and processing lines to the
// tamper-evident logs, in the transaction itself: a rolled-back change
// leaves no entry and a committed change always has one.
func (tx *Tx) appendLogs() error {
	if err := tx.checkLogKeys(); err != nil {
		return err
	}
	// The audit log is always locked before the processing log (see
	// logbook.Names), so two transactions never wait for each other.
	type pending struct {
		log  string
		rows []logRow
	}
	var logs []pending
	if len(tx.audit) > 0 {
		rows := make([]logRow, len(tx.audit))
		for i, r := range tx.audit {
			var err error
			if rows[i], err = auditRow(r); err != nil {
				return err
			}
		}
		logs = append(logs, pending{logbook.Audit, rows})
	}
	if len(tx.processing) > 0 {
		rows := make([]logRow, len(tx.processing))
		for i, r := range tx.processing {
			var err error
			if rows[i], err = processingRow(r); err != nil {
				return err
			}
		}
		logs = append(logs, pending{logbook.Processing, rows})
	}
	if tx.predicted == nil {
		for _, l := range logs {
			if _, err := tx.appendLog(l.log, l.rows); err != nil {
				return err
			}
		}
		return nil
	}
	// A group commit whose predecessor told it the heads it will leave:
	// every append is computed before any lock is taken; each log is then
	// taken, in lock order, by a conditional update of its head
	// (takeHead; on PostgreSQL with the writes in one round trip,
	// batchAppend), or appended the ordinary way when its head was unknown
	// or moved. Once this transaction holds every head, the heads it will
	// leave are handed to the next group — whose conditional update then
	// queues behind this one's lock — and the planned rows are written.
	plans := make([]*appendPlan, len(logs))
	for i, l := range logs {
		if h, ok := tx.predicted.heads[l.log]; ok {
			p, err := tx.planAppend(l.log, l.rows, h)
			if err != nil {
				return err
			}
			plans[i] = p
		}
	}
	after := map[string]logHead{}
	maps.Copy(after, tx.predicted.heads)
	// On PostgreSQL the leading logs that have a plan are taken and
	// written in one round trip (batchAppend); the logs it leaves, from
	// one whose prediction failed on, go the way below.
	start := 0
	if tx.db.dialect == Postgres {
		planned := 0
		for planned < len(logs) && plans[planned] != nil {
			planned++
		}
		if planned > 0 {
			names := make([]string, planned)
			rows := make([][]logRow, planned)
			for i := range planned {
				names[i], rows[i] = logs[i].log, logs[i].rows
			}
			done, err := tx.batchAppend(names, rows, plans[:planned])
			if err != nil {
				return err
			}
			for i := range done {
				after[logs[i].log] = plans[i].after
			}
			if done < planned {
				plans[done] = nil // its head moved: append it by appendLog
			}
			start = done
		}
	}
	for i := start; i < len(logs); i++ {
		l := logs[i]
		if plans[i] != nil {
			ok, err := tx.takeHead(l.log, plans[i])
			if err != nil {
				return err
			}
			if ok {
				after[l.log] = plans[i].after
				continue
			}
			plans[i] = nil
		}
		h, err := tx.appendLog(l.log, l.rows)
		if err != nil {
			return err
		}
		after[l.log] = h
	}
	tx.predicted.publish(after)
	for i := start; i < len(logs); i++ {
		l := logs[i]
		if plans[i] != nil {
			if err := tx.writeAppend(l.log, l.rows, plans[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

// appendProcessingNow appends the processing lines recorded so far to the
// processing log at once instead of at commit, in the same transaction, so
// that a transaction recording very many of them (an import of a million
// registrations) does not hold them all in memory. The audit log is locked
// first, as appendLogs does at commit, so that the order of the logs' locks
// stays the same for every transaction.
func (tx *Tx) appendProcessingNow() error {
	if len(tx.processing) == 0 {
		return nil
	}
	if err := tx.checkLogKeys(); err != nil {
		return err
	}
	tx.changed = true
	if err := tx.begin(); err != nil {
		return err
	}
	if !tx.auditLocked {
		var size int64
		lock := tx.lockHead(logbook.Audit)
		if err := tx.tx.QueryRowContext(tx.ctx, lock.query, lock.args...).Scan(&size); err != nil {
			return fmt.Errorf("storage: lock the %s log: %w", logbook.Audit, err)
		}
		tx.auditLocked = true
	}
	rows := make([]logRow, len(tx.processing))
	for i, r := range tx.processing {
		var err error
		if rows[i], err = processingRow(r); err != nil {
			return err
		}
	}
	if _, err := tx.appendLog(logbook.Processing, rows); err != nil {
		return err
	}
	clear(tx.processing)
	tx.processing = tx.processing[:0]
	return nil
}

// checkLogKeys checks that the logs' checkpoints can be signed.
func (tx *Tx) checkLogKeys() error {
	keys := tx.db.logs
	if keys == nil || keys.signer == nil {
		return errors.New("storage: append to the logs: no signing key for log checkpoints")
	}
	if keys.verifier != nil && (keys.signer.Name() != keys.verifier.Name() || keys.signer.KeyHash() != keys.verifier.KeyHash()) {
		return errors.New("storage: append to the logs: the signing key does not match the verifier key")
	}
	return nil
}

// logRow is one row of log_entries without its log and index: the bytes
// hashed and the metadata repeated from them for filtering.
type logRow struct {
	traceID              string
	eventTime            time.Time
	userID               string
	partnerID            string
	action               string
	objectType           string
	objectID             string
	result               string
	dataSubjectID        string
	processingActivityID string
	record               []byte
}

func auditRow(r ga.AuditRecord) (logRow, error) {
	row := auditFields(r)
	data, err := logbook.EncodeAudit(r)
	if err != nil {
		return logRow{}, fmt.Errorf("storage: encode audit record: %w", err)
	}
	row.record = data
	return row, nil
}

// auditFields is an audit record's row without its bytes.
func auditFields(r ga.AuditRecord) logRow {
	r = logbook.CanonicalAudit(r)
	return logRow{
		traceID:    r.TraceID,
		eventTime:  r.Time,
		userID:     r.UserID,
		partnerID:  r.PartnerID,
		action:     r.Action,
		objectType: r.ObjectType,
		objectID:   r.ObjectID,
		result:     string(r.Result),
	}
}

func processingRow(r ga.ProcessingRecord) (logRow, error) {
	row := processingFields(r)
	data, err := logbook.EncodeProcessing(r)
	if err != nil {
		return logRow{}, fmt.Errorf("storage: encode processing record: %w", err)
	}
	row.record = data
	return row, nil
}

// processingFields is a processing record's row without its bytes.
func processingFields(r ga.ProcessingRecord) logRow {
	r = logbook.CanonicalProcessing(r)
	return logRow{
		traceID:              r.TraceID,
		eventTime:            r.StartTime,
		dataSubjectID:        r.DataSubjectID,
		processingActivityID: r.ProcessingActivityID,
	}
}

// logHead is a log's head as an append leaves it: the frontier of its
// Merkle tree and the signed checkpoint of that tree, which the head row
// then holds.
type logHead struct {
	frontier   logbook.Frontier
	checkpoint string
}

// predictedHeads is what the group committer tells the transaction of one
// group: the heads the previous group's transaction leaves (by log; a log
// missing is unknown), and publish, which hands the heads this transaction
// will leave to the next group before this one commits.
type predictedHeads struct {
	heads   map[string]logHead
	publish func(map[string]logHead)
}

// appendPlan is an append computed from a known head: the stored hashes,
// the checkpoints to keep and the head after it.
type appendPlan struct {
	before    logHead
	hashStart int64
	hashes    []tlog.Hash
	kept      []logCheckpoint
	latest    logCheckpoint
	after     logHead
}

// planAppend computes the hashes and signed checkpoints of appending rows
// to a log whose head is h, without touching the database.
func (tx *Tx) planAppend(log string, rows []logRow, h logHead) (*appendPlan, error) {
	frontier := h.frontier // a copy: h stays as it was
	p := &appendPlan{before: h, hashStart: tlog.StoredHashIndex(0, frontier.Size())}
	for _, r := range rows {
		_, hs, err := frontier.Append(tlog.RecordHash(r.record))
		if err != nil {
			return nil, fmt.Errorf("storage: append to the %s log: %w", log, err)
		}
		p.hashes = append(p.hashes, hs...)
		if frontier.Size()%checkpointEvery == 0 {
			cp, err := tx.signCheckpoint(log, &frontier)
			if err != nil {
				return nil, err
			}
			p.kept = append(p.kept, cp)
		}
	}
	// A batch ending on a multiple of 256 has just signed its latest tree.
	if len(p.kept) > 0 && p.kept[len(p.kept)-1].size == frontier.Size() {
		p.latest = p.kept[len(p.kept)-1]
	} else {
		var err error
		if p.latest, err = tx.signCheckpoint(log, &frontier); err != nil {
			return nil, err
		}
	}
	p.after = logHead{frontier: frontier, checkpoint: p.latest.msg}
	return p, nil
}

// appendLog appends rows to one log as entries size, size+1, … where size
// is read from the log's head row under a lock that lasts until the
// transaction ends. Only the O(log n) hashes of the tree's frontier are read.
// It returns the head it leaves.
func (tx *Tx) appendLog(log string, rows []logRow) (logHead, error) {
	ctx := tx.ctx
	if err := tx.begin(); err != nil {
		return logHead{}, err
	}
	var size int64
	lock := tx.lockHead(log)
	err := tx.tx.QueryRowContext(ctx, lock.query, lock.args...).Scan(&size)
	if err != nil {
		return logHead{}, fmt.Errorf("storage: lock the %s log: %w", log, err)
	}
	frontier, err := readFrontier(ctx, tx.tx, log, size)
	if err != nil {
		return logHead{}, err
	}
	p, err := tx.planAppend(log, rows, logHead{frontier: *frontier})
	if err != nil {
		return logHead{}, err
	}
	head := tx.moveHead(log, p)
	if tx.db.dialect == Postgres {
		// The head is locked already: the inserts and the head's update
		// go to the server in one round trip, and any error is an error.
		stmts := append(tx.appendStatements(log, rows, p), head)
		if _, err := tx.runBatch(stmts); err != nil {
			return logHead{}, err
		}
		return p.after, nil
	}
	if err := tx.writeAppend(log, rows, p); err != nil {
		return logHead{}, err
	}
	if _, err := tx.tx.ExecContext(ctx, head.query, head.args...); err != nil {
		return logHead{}, fmt.Errorf("storage: %s: %w", head.what, err)
	}
	return p.after, nil
}

// The SQL of an append, one text for both databases and both transports:
// SQLite (and PostgreSQL outside batchAppend and appendLog) runs the
// statements one by one through database/sql; on PostgreSQL, batchAppend
// and appendLog send the same statements in one round trip (runBatch).
const (
	// moveHeadSQL sets a log's head ($1) to the size and checkpoint of an
	// append ($2, $3) at $4.
	moveHeadSQL = `UPDATE log_heads SET size = $2, checkpoint = $3, updated_at = $4 WHERE log = $1`
	// takeHeadSQL does so only from the predicted size and checkpoint ($5,
	// $6): see takeHead.
	takeHeadSQL      = moveHeadSQL + ` AND size = $5 AND checkpoint = $6`
	insertEntriesSQL = `INSERT INTO log_entries (log, idx, trace_id, event_time, user_id, partner_id, action,
		object_type, object_id, result, data_subject_id, processing_activity_id, record) VALUES `
	insertHashesSQL      = `INSERT INTO log_hashes (log, idx, hash) VALUES `
	insertCheckpointsSQL = `INSERT INTO log_checkpoints (log, size, checkpoint, created_at) VALUES `
)

// logStatement is one statement of an append with its arguments, and what
// it does, for its error.
type logStatement struct {
	query string
	args  []any
	what  string
}

// lockHead locks a log's head row until the transaction ends (on
// PostgreSQL waiting for a transaction that holds it) and reads its size.
func (tx *Tx) lockHead(log string) logStatement {
	return logStatement{query: `SELECT size FROM log_heads WHERE log = $1` + tx.db.dialect.ForUpdate(), args: []any{log},
		what: "lock the " + log + " log"}
}

// moveHead is the update of a log's head row to the head an append leaves,
// whatever it held; the caller holds the row's lock (appendLog).
func (tx *Tx) moveHead(log string, p *appendPlan) logStatement {
	return logStatement{query: moveHeadSQL, args: []any{log, p.latest.size, p.latest.msg, tx.now},
		what: "update the head of the " + log + " log"}
}

// takeHeadStatement is moveHead only from the predicted head (takeHead).
func (tx *Tx) takeHeadStatement(log string, p *appendPlan) logStatement {
	return logStatement{query: takeHeadSQL,
		args: []any{log, p.latest.size, p.latest.msg, tx.now, p.before.frontier.Size(), p.before.checkpoint},
		what: "update the head of the " + log + " log"}
}

// takeHead locks a log's head row (lockHead, as appendLog does) and moves
// it from the predicted head to the planned one, only if it holds exactly
// the predicted size and checkpoint, and reports whether it did. Equal
// checkpoints sign equal tree hashes, so the planned hashes are those
// appendLog would compute. When the head moved otherwise (another process
// or a change appended, or the previous group rolled back) nothing is
// updated and the caller appends by appendLog.
//
// The lock comes first, in a statement of its own: on PostgreSQL an
// UPDATE evaluates its WHERE on the row as its snapshot sees it and waits
// for a row lock only when that version matches, so that a conditional
// update arriving while the previous group commits would find the old head,
// match nothing and not wait — the prediction would fail exactly when the
// groups overlap. Once the lock is held the previous group has committed,
// and the update's snapshot sees the head it left.
func (tx *Tx) takeHead(log string, p *appendPlan) (bool, error) {
	if err := tx.begin(); err != nil {
		return false, err
	}
	lock := tx.lockHead(log)
	var size int64
	if err := tx.tx.QueryRowContext(tx.ctx, lock.query, lock.args...).Scan(&size); err != nil {
		return false, fmt.Errorf("storage: %s: %w", lock.what, err)
	}
	st := tx.takeHeadStatement(log, p)
	res, err := tx.tx.ExecContext(tx.ctx, st.query, st.args...)
	if err != nil {
		return false, fmt.Errorf("storage: %s: %w", st.what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("storage: %s: %w", st.what, err)
	}
	return n == 1, nil
}

// logInsert is one of the multi-row inserts of an append: n rows of cols
// columns after head, row appending the arguments of row i.
type logInsert struct {
	head string
	cols int
	n    int
	row  func(i int, args []any) []any
	what string
}

// appendInserts returns the inserts of the planned entries, stored hashes
// and kept checkpoints.
func (tx *Tx) appendInserts(log string, rows []logRow, p *appendPlan) [3]logInsert {
	size := p.before.frontier.Size()
	return [3]logInsert{
		{head: insertEntriesSQL, cols: 13, n: len(rows), what: "append to the " + log + " log",
			row: func(i int, args []any) []any {
				r := rows[i]
				return append(args, log, size+int64(i), r.traceID, r.eventTime, r.userID, r.partnerID, r.action,
					r.objectType, r.objectID, r.result, r.dataSubjectID, r.processingActivityID, r.record)
			}},
		{head: insertHashesSQL, cols: 3, n: len(p.hashes), what: "store the hashes of the " + log + " log",
			row: func(i int, args []any) []any {
				return append(args, log, p.hashStart+int64(i), p.hashes[i][:])
			}},
		{head: insertCheckpointsSQL, cols: 4, n: len(p.kept), what: "keep the checkpoints of the " + log + " log",
			row: func(i int, args []any) []any {
				return append(args, log, p.kept[i].size, p.kept[i].msg, tx.now)
			}},
	}
}

// writeAppend inserts the planned entries, stored hashes and kept
// checkpoints one statement after another; the caller holds the head
// row's lock.
func (tx *Tx) writeAppend(log string, rows []logRow, p *appendPlan) error {
	for _, ins := range tx.appendInserts(log, rows, p) {
		if err := tx.insertRows(ins.head, ins.cols, ins.n, ins.row); err != nil {
			return fmt.Errorf("storage: %s: %w", ins.what, err)
		}
	}
	return nil
}

// appendStatements is writeAppend's inserts as statements, split as
// insertRows splits them, for runBatch.
func (tx *Tx) appendStatements(log string, rows []logRow, p *appendPlan) []logStatement {
	var out []logStatement
	for _, ins := range tx.appendInserts(log, rows, p) {
		batch := max(1, maxInsertParams(tx.db.dialect)/ins.cols)
		for lo := 0; lo < ins.n; lo += batch {
			hi := min(lo+batch, ins.n)
			args := make([]any, 0, (hi-lo)*ins.cols)
			for i := lo; i < hi; i++ {
				args = ins.row(i, args)
			}
			out = append(out, logStatement{query: valuesSQL(ins.head, ins.cols, hi-lo), args: args, what: ins.what})
		}
	}
	return out
}

// headGuardSQL fails (division by zero) unless the log's head ($1) holds
// the size and checkpoint ($2, $3) the transaction just set: in a batch it
// follows the conditional update of takeHeadSQL, which the server runs
// whatever it matched, so that the inserts after it never run when the
// head moved.
const headGuardSQL = `SELECT 1 / count(*) FROM log_heads WHERE log = $1 AND size = $2 AND checkpoint = $3`

// batchAppend is, on PostgreSQL, takeHead and writeAppend of the given
// logs (in lock order, each with its plan) in one round trip: the server
// waits for each head's lock in turn and writes the planned rows, while
// the client waits once. For each log the batch holds, in this order:
//
//	SAVEPOINT log_append_i
//	lockHead                the head first: no entry row is held while
//	                        waiting for its lock, as in the sequential path
//	takeHeadSQL             (see takeHead for why after the lock)
//	headGuardSQL            fails when the update matched no row
//	the inserts of appendStatements
//
// The server runs a batch's statements up to the first that fails and skips
// the rest. When a log's head moved (its update matched no row, so its
// guard failed) or an insert found its predicted index taken (a unique
// violation), the transaction is rolled back to that log's savepoint and
// batchAppend returns the number of logs before it, which are appended and
// hold their heads: the caller appends the rest as the sequential path
// does. Any other error is returned.
func (tx *Tx) batchAppend(logs []string, rows [][]logRow, plans []*appendPlan) (int, error) {
	var stmts []logStatement
	first := make([]int, len(logs)) // the index of each log's SAVEPOINT in stmts
	for i, log := range logs {
		p := plans[i]
		first[i] = len(stmts)
		stmts = append(stmts,
			logStatement{query: "SAVEPOINT " + savepointName(i), what: "begin the append to the " + log + " log"},
			tx.lockHead(log),
			tx.takeHeadStatement(log, p),
			logStatement{query: headGuardSQL, args: []any{log, p.latest.size, p.latest.msg}, what: "check the head of the " + log + " log"})
		stmts = append(stmts, tx.appendStatements(log, rows[i], p)...)
	}
	affected, err := tx.runBatch(stmts)
	failed := len(affected) // the statement that failed, if err != nil
	for i := range logs {
		if failed <= first[i]+2 {
			break
		}
		if affected[first[i]+2] != 1 && err == nil {
			// Without the guard failing this cannot happen; should it,
			// the rows written after the update are not trusted.
			err, failed = errHeadMoved, first[i]+2
			break
		}
	}
	if err == nil {
		tx.db.logBatched.Add(int64(len(logs)))
		return len(logs), nil
	}
	at := len(logs) - 1 // the log whose statement failed
	for at > 0 && first[at] > failed {
		at--
	}
	var pgErr *pgconn.PgError
	moved := errors.Is(err, errHeadMoved) ||
		errors.As(err, &pgErr) && failed > first[at]+2 && (pgErr.Code == "22012" || pgErr.Code == "23505")
	if !moved {
		return 0, err
	}
	if _, err := tx.tx.ExecContext(tx.ctx, "ROLLBACK TO SAVEPOINT "+savepointName(at)); err != nil {
		return 0, fmt.Errorf("storage: undo the append to the %s log: %w", logs[at], err)
	}
	tx.db.logBatched.Add(int64(at))
	tx.db.logBatchMisses.Add(1)
	return at, nil
}

// errHeadMoved is a conditional head update that matched no row.
var errHeadMoved = errors.New("storage: the log's head moved")

// savepointName names the savepoint before the i-th log of a batchAppend.
func savepointName(i int) string { return "log_append_" + strconv.Itoa(i) }

// runBatch sends stmts to PostgreSQL in one round trip, in the transaction
// (on its connection, as insertBatch does for COPY), and returns the rows
// each affected up to the first that failed, and that one's error,
// wrapped with what it does.
func (tx *Tx) runBatch(stmts []logStatement) ([]int64, error) {
	if err := tx.begin(); err != nil {
		return nil, err
	}
	affected := make([]int64, 0, len(stmts))
	var stmtErr error
	err := tx.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("a batch needs a pgx connection, not %T", dc)
		}
		var b pgx.Batch
		for _, s := range stmts {
			b.Queue(s.query, s.args...)
		}
		br := c.Conn().SendBatch(tx.ctx, &b)
		for range stmts {
			tag, err := br.Exec()
			if err != nil {
				stmtErr = err
				break
			}
			affected = append(affected, tag.RowsAffected())
		}
		// After a statement's error Close returns that error again.
		if err := br.Close(); stmtErr == nil {
			return err
		}
		return nil
	})
	if stmtErr != nil {
		return affected, fmt.Errorf("storage: %s: %w", stmts[len(affected)].what, stmtErr)
	}
	if err != nil {
		return affected, fmt.Errorf("storage: %s: %w", stmts[0].what, err)
	}
	return affected, nil
}

// logCheckpoint is a signed checkpoint and the size it covers.
type logCheckpoint struct {
	size int64
	msg  string
}

// signCheckpoint signs the tree the frontier describes now.
func (tx *Tx) signCheckpoint(log string, f *logbook.Frontier) (logCheckpoint, error) {
	tree, err := f.Tree()
	if err != nil {
		return logCheckpoint{}, fmt.Errorf("storage: tree head of the %s log: %w", log, err)
	}
	msg, err := logbook.SignCheckpoint(tx.db.logs.signer, log, tree)
	if err != nil {
		return logCheckpoint{}, err
	}
	return logCheckpoint{size: tree.N, msg: string(msg)}, nil
}

// maxInsertParams bounds the parameters of one multi-row INSERT. SQLite
// looks up "$N" parameters by name in a list, so parsing and binding a
// statement cost time quadratic in its parameters: under a hundred keep
// that small (a CPU profile of loading 4096 log entries per transaction
// spent a quarter less with 96 than with 256), and the prepared statement
// insertRows reuses makes the extra statements cheap.
// PostgreSQL has no such cost, and the bound there only keeps well below its
// limit of 65535 while saving round trips.
func maxInsertParams(d Dialect) int {
	if d == SQLite {
		return 96
	}
	return 8192
}

// insertRows inserts n rows of cols columns with multi-row INSERT
// statements; row appends the arguments of row i. The statement of a full
// batch is prepared once per transaction (Tx.prepared) and executed for
// every full batch, so that a large insert, or many calls of one import,
// parse its SQL once.
func (tx *Tx) insertRows(head string, cols, n int, row func(i int, args []any) []any) error {
	batch := max(1, maxInsertParams(tx.db.dialect)/cols)
	var fullSQL string
	args := make([]any, 0, min(n, batch)*cols)
	for lo := 0; lo < n; lo += batch {
		hi := min(lo+batch, n)
		args = args[:0]
		for i := lo; i < hi; i++ {
			args = row(i, args)
		}
		if hi-lo == batch {
			if fullSQL == "" {
				fullSQL = valuesSQL(head, cols, batch)
			}
			_, cached := tx.stmts[fullSQL]
			if cached || n >= 2*batch {
				full, err := tx.prepared(fullSQL)
				if err != nil {
					return err
				}
				if _, err := full.ExecContext(tx.ctx, args...); err != nil {
					return err
				}
				continue
			}
		}
		if err := tx.begin(); err != nil {
			return err
		}
		if _, err := tx.tx.ExecContext(tx.ctx, valuesSQL(head, cols, hi-lo), args...); err != nil {
			return err
		}
	}
	return nil
}

// valuesSQL returns head followed by rows tuples of cols placeholders.
func valuesSQL(head string, cols, rows int) string {
	var b strings.Builder
	b.WriteString(head)
	for r := range rows {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(r*cols + c + 1))
		}
		b.WriteByte(')')
	}
	return b.String()
}

// queryer is what reading hashes needs of a *sql.Tx or *sql.DB.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// readFrontier reads the frontier of a log of the given size: one query for
// at most 63 hashes.
func readFrontier(ctx context.Context, q queryer, log string, size int64) (*logbook.Frontier, error) {
	hashes, err := readHashes(ctx, q, log, logbook.FrontierIndexes(size))
	if err != nil {
		return nil, err
	}
	f, err := logbook.NewFrontier(size, hashes)
	if err != nil {
		return nil, fmt.Errorf("storage: frontier of the %s log: %w", log, err)
	}
	return f, nil
}

// readHashes reads the stored hashes at the given indexes of a log, in the
// order asked.
func readHashes(ctx context.Context, q queryer, log string, indexes []int64) ([]tlog.Hash, error) {
	if len(indexes) == 0 {
		return nil, nil
	}
	var b strings.Builder
	b.WriteString(`SELECT idx, hash FROM log_hashes WHERE log = $1 AND idx IN (`)
	args := []any{log}
	for i, idx := range indexes {
		if i > 0 {
			b.WriteByte(',')
		}
		args = append(args, idx)
		b.WriteString("$" + strconv.Itoa(len(args)))
	}
	b.WriteByte(')')
	rows, err := q.QueryContext(ctx, b.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("storage: read hashes of the %s log: %w", log, err)
	}
	defer rows.Close()
	found := make(map[int64]tlog.Hash, len(indexes))
	for rows.Next() {
		var idx int64
		var h []byte
		if err := rows.Scan(&idx, &h); err != nil {
			return nil, fmt.Errorf("storage: read hashes of the %s log: %w", log, err)
		}
		if len(h) != tlog.HashSize {
			return nil, fmt.Errorf("storage: stored hash %d of the %s log has %d bytes", idx, log, len(h))
		}
		found[idx] = tlog.Hash(h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: read hashes of the %s log: %w", log, err)
	}
	out := make([]tlog.Hash, len(indexes))
	for i, idx := range indexes {
		h, ok := found[idx]
		if !ok {
			return nil, fmt.Errorf("storage: stored hash %d of the %s log is missing", idx, log)
		}
		out[i] = h
	}
	return out, nil
}

// hashReader reads stored hashes of one log for tlog's proofs.
type hashReader struct {
	ctx context.Context
	q   queryer
	log string
}

func (r hashReader) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	return readHashes(r.ctx, r.q, r.log, indexes)
}

// LogReport is the outcome of VerifyLogs: one LogCheck per log.
type LogReport struct {
	Logs []LogCheck
}

// LogCheck is the outcome of verifying one log. FirstBad is -1 when the log
// is sound; otherwise it is the first entry that can no longer be trusted
// and Problem says what is wrong (see logbook.Problem). Any problem is a
// security incident (BIO 8.15.05).
type LogCheck struct {
	Log         string
	Entries     int64 // entries read
	Checkpoints int64 // signed checkpoints verified
	FirstBad    int64
	Problem     string
	// Latest is the log's latest signed checkpoint once the log verified.
	// Keeping it outside the database and passing it to VerifyLogsAgainst
	// next time detects a log that was cut short and given back an older
	// checkpoint, which the database on its own cannot reveal.
	Latest []byte
}

// OK reports whether the log verified.
func (c LogCheck) OK() bool { return c.Problem == "" }

// OK reports whether every log verified.
func (r *LogReport) OK() bool {
	for _, c := range r.Logs {
		if !c.OK() {
			return false
		}
	}
	return true
}

// Log returns the check of the named log, or nil.
func (r *LogReport) Log(name string) *LogCheck {
	for i := range r.Logs {
		if r.Logs[i].Log == name {
			return &r.Logs[i]
		}
	}
	return nil
}

// String describes the report in one line per log, for the command line.
func (r *LogReport) String() string {
	var b strings.Builder
	for _, c := range r.Logs {
		if c.OK() {
			fmt.Fprintf(&b, "%s log: OK, %d entries, %d checkpoints verified\n", c.Log, c.Entries, c.Checkpoints)
		} else {
			fmt.Fprintf(&b, "%s log: TAMPERED from entry %d: %s\n", c.Log, c.FirstBad, c.Problem)
		}
	}
	return b.String()
}

// verifyPage is the number of entries read per query while verifying: large
// enough that the cost of a query is spread over many entries (a fourth
// fewer queries than pages of 1,000 gave), small enough that memory stays
// bounded (a few MiB per page).
const verifyPage = 4096

// VerifyLogs checks both logs end to end from index 0: every record hash and
// every stored hash is recomputed from the entries, every checkpoint's
// signature and root are checked against the recomputed tree at its size,
// the latest checkpoint must cover exactly the entries present, and every
// entry's bytes must decode as its log's record type with metadata columns
// equal to the record. It detects modified, deleted, inserted and reordered
// entries, modified stored hashes and forged or altered checkpoints.
//
// Each log is read in pages within one read-only snapshot, so verification
// runs beside appends in constant memory. The error is only for failures to
// read; what is wrong with a log is in the report.
//
// A person must be allowed to read the logs (ga.CanReadAuditLog) and the
// verification is audited with its outcome; the application itself (the
// command line, the scheduled check) verifies without an audit line, since
// a failed verification must be reportable even when nothing can be
// written.
func (db *DB) VerifyLogs(ctx context.Context) (*LogReport, error) {
	return db.VerifyLogsAgainst(ctx, nil)
}

// auditVerification checks that a person may verify the logs and returns
// the function that audits the outcome; for the system actor both are
// no-ops.
func (db *DB) auditVerification(ctx context.Context) (func(*LogReport) error, error) {
	const op = "storage.VerifyLogs"
	a := ga.ActorFrom(ctx)
	if a == nil || a.System {
		return func(*LogReport) error { return nil }, nil
	}
	if !ga.CanReadAuditLog(a) {
		err := ga.ErrForbidden(op)
		return nil, db.act(ctx, "log_verify", "logs", "", func(*Tx) error { return err })
	}
	return func(r *LogReport) error {
		return db.Transact(ctx, func(tx *Tx) error {
			result, detail := ga.ResultSuccess, "intact"
			for _, c := range r.Logs {
				if !c.OK() {
					result, detail = ga.ResultFailed, fmt.Sprintf("%s: first bad entry %d", c.Log, c.FirstBad)
					break
				}
			}
			tx.Audit("log_verify", "logs", "", result, detail)
			return nil
		})
	}, nil
}

// VerifyLogsAgainst verifies the logs as VerifyLogs does and also checks
// them against checkpoints kept outside the database, by log name: usually
// the LogCheck.Latest of an earlier verification. Each must verify with the
// verifier key and be matched by the entries now present, so that a log cut
// short and given back one of its own older checkpoints is detected. The
// error also reports a witnessed checkpoint that is not a checkpoint at all.
func (db *DB) VerifyLogsAgainst(ctx context.Context, witnessed map[string][]byte) (*LogReport, error) {
	if db.logs == nil || db.logs.verifier == nil {
		return nil, errors.New("storage: verify logs: no verifier key for log checkpoints")
	}
	for log := range witnessed {
		if log != logbook.Audit && log != logbook.Processing {
			return nil, fmt.Errorf("storage: verify logs: witnessed checkpoint of unknown log %q", log)
		}
	}
	record, err := db.auditVerification(ctx)
	if err != nil {
		return nil, err
	}
	report := &LogReport{}
	for _, log := range logbook.Names {
		check, err := db.verifyLog(ctx, log, witnessed[log])
		if err != nil {
			return nil, err
		}
		report.Logs = append(report.Logs, check)
	}
	if err := record(report); err != nil {
		return report, err
	}
	if !report.OK() {
		if err := db.raiseLogSignal(ctx, report); err != nil {
			return report, err
		}
	}
	return report, nil
}

// raiseLogSignal opens an incident for a log that did not verify (BIO
// 8.15.05), concerning every partner. Its audit line goes to the audit log
// like any other; should appending to the damaged log itself fail, the
// incident is recorded without it, since the signal matters more than the
// line that records it.
func (db *DB) raiseLogSignal(ctx context.Context, r *LogReport) error {
	const op = "storage.raiseLogSignal"
	ctx = ga.WithActor(ctx, ga.SystemActor("log verify"))
	var pairs []string
	var key []string
	for _, c := range r.Logs {
		if !c.OK() {
			key = append(key, c.Log)
			pairs = append(pairs, "logboek", c.Log, "eerste onbetrouwbare regel", strconv.FormatInt(c.FirstBad, 10),
				"probleem", c.Problem, "regels gelezen", strconv.FormatInt(c.Entries, 10))
		}
	}
	raise := func(audited bool) error {
		return db.Transact(ctx, func(tx *Tx) error {
			partners, err := tx.allPartnerIDs(op)
			if err != nil {
				return err
			}
			if _, err := tx.raiseSignal(op, Signal{Kind: ga.SignalLogVerification, Key: strings.Join(key, ","),
				PartnerIDs: partners, Evidence: evidence(append(pairs, "gecontroleerd op", tx.Now().Format(time.RFC3339))...)}); err != nil {
				return err
			}
			if !audited {
				tx.audit = nil
			}
			return nil
		})
	}
	if err := raise(true); err != nil {
		if err2 := raise(false); err2 != nil {
			return errors.Join(err, err2)
		}
	}
	return nil
}

// snapshot begins a read-only transaction that sees one consistent state
// of the database: REPEATABLE READ on PostgreSQL, a deferred read
// transaction on SQLite, which in WAL mode neither blocks nor waits for the
// writer.
func (db *DB) snapshot(ctx context.Context) (*sql.Tx, error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	return db.db.BeginTx(ctx, opts)
}

// storedEntry is one row of log_entries as it is stored, scanned without
// assuming it is well formed.
type storedEntry struct {
	idx       int64
	traceID   sql.NullString
	eventTime columnTime
	userID    sql.NullString
	partnerID sql.NullString
	action    sql.NullString
	objType   sql.NullString
	objID     sql.NullString
	result    sql.NullString
	subjectID sql.NullString
	activity  sql.NullString
	record    []byte
}

func (db *DB) verifyLog(ctx context.Context, log string, witnessed []byte) (LogCheck, error) {
	fail := func(err error) (LogCheck, error) {
		return LogCheck{}, fmt.Errorf("storage: verify the %s log: %w", log, err)
	}
	tx, err := db.snapshot(ctx)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()

	var headSize int64
	var head string
	err = tx.QueryRowContext(ctx, `SELECT size, checkpoint FROM log_heads WHERE log = $1`, log).Scan(&headSize, &head)
	if errors.Is(err, sql.ErrNoRows) {
		return LogCheck{Log: log, FirstBad: 0, Problem: "the head row of the log is missing"}, nil
	}
	if err != nil {
		return fail(err)
	}
	c := logbook.NewChecker(log, db.logs.verifier, []byte(head))
	if witnessed != nil {
		if err := c.AddWitnessed(witnessed); err != nil {
			return fail(err)
		}
	}
	report := func(p *logbook.Problem) (LogCheck, error) {
		check := LogCheck{Log: log, Entries: c.Entries(), Checkpoints: c.Checkpoints(), FirstBad: -1}
		if p != nil {
			check.FirstBad, check.Problem = p.Index, p.Reason
		} else if head != "" {
			check.Latest = []byte(head)
		}
		return check, nil
	}

	// The entries' metadata is checked on a second goroutine while this one
	// reads the page's hashes and the next page, so that decoding the
	// records overlaps with the database's work; the problems are reported
	// in the same order as when checked one entry after the other.
	page, err := readEntryPage(ctx, tx, log, math.MinInt64)
	if err != nil {
		return fail(err)
	}
	for len(page) > 0 {
		meta := make(chan badMetadata, 1)
		go func(page []storedEntry) { meta <- firstBadMetadataParallel(log, page) }(page)
		// If the log is sound, this page holds entries from..to-1.
		from := c.Size()
		to := from + int64(len(page))
		hashes, err := readHashRange(ctx, tx, log, tlog.StoredHashIndex(0, from), tlog.StoredHashCount(to))
		if err != nil {
			<-meta
			return fail(err)
		}
		if err := addCheckpoints(ctx, tx, c, log, `size > $2 AND size <= $3`, from, to); err != nil {
			<-meta
			return fail(err)
		}
		var next []storedEntry
		if len(page) == verifyPage {
			if next, err = readEntryPage(ctx, tx, log, page[len(page)-1].idx+1); err != nil {
				<-meta
				return fail(err)
			}
		}
		bad := <-meta
		for i, e := range page {
			if p := c.Entry(e.idx, e.record, hashes.lookup); p != nil {
				return report(p)
			}
			if i == bad.at {
				return report(c.Fail(e.idx, bad.reason))
			}
		}
		page = next
	}

	n := c.Size()
	// Checkpoints no sound log of this length could have: they claim more
	// entries than are present (the tail was deleted) or none at all.
	if err := addCheckpoints(ctx, tx, c, log, `(size > $2 OR size <= $3)`, n, 0); err != nil {
		return fail(err)
	}
	if p := c.Finish(); p != nil {
		return report(p)
	}
	var extra sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT min(idx) FROM log_hashes WHERE log = $1 AND (idx < 0 OR idx >= $2)`,
		log, tlog.StoredHashCount(n)).Scan(&extra); err != nil {
		return fail(err)
	}
	if extra.Valid {
		return report(c.Fail(n, fmt.Sprintf("stored hash %d belongs to no entry of a log of %d entries", extra.Int64, n)))
	}
	if headSize != n {
		return report(c.Fail(min(headSize, n), fmt.Sprintf("the head row says %d entries, the latest checkpoint covers %d", headSize, n)))
	}
	return report(nil)
}

// entryPageColumns are the columns of an entry that verification reads.
// COALESCE(event_time, event_time) is event_time (the column is NOT NULL)
// without its declared type on SQLite, so that the driver hands over the
// stored text instead of parsing it as a DATETIME (columnTime); on
// PostgreSQL it is the TIMESTAMPTZ as before.
const entryPageColumns = `SELECT idx, trace_id, COALESCE(event_time, event_time), user_id, partner_id, action, object_type, object_id,
		result, data_subject_id, processing_activity_id, record
		FROM log_entries`

// entryRangeQuery reads the entries of log $1 with indexes $2..$3-1 in
// index order. The upper bound keeps a page's cost to its own entries
// whatever the planner believes about the table: PostgreSQL, with no
// statistics for a freshly loaded or restored log, otherwise reads every
// entry from $2 to the end of the log and sorts them for each page
// (TestVerifyPageReadsOnlyItsPage).
var entryRangeQuery = entryPageColumns + ` WHERE log = $1 AND idx >= $2 AND idx < $3 ORDER BY idx LIMIT ` + strconv.Itoa(verifyPage)

// entryRestQuery reads the first entries of log $1 from index $2 on; it
// serves only after a range that held fewer than a page of entries, where
// the rest is usually empty (the end of the log) or follows a gap.
var entryRestQuery = entryPageColumns + ` WHERE log = $1 AND idx >= $2 ORDER BY idx LIMIT ` + strconv.Itoa(verifyPage)

// readEntryPage returns the first verifyPage entries of a log from index
// next on, in index order. It reads the range next..next+verifyPage-1 first:
// the entries it holds are a prefix of the answer, and all of it when the
// range is full, as it is on every page of a sound log but its last. When
// it is not, the entries after the range complete the page.
func readEntryPage(ctx context.Context, tx *sql.Tx, log string, next int64) ([]storedEntry, error) {
	page := make([]storedEntry, 0, verifyPage)
	end := int64(verifyPage) // the first page starts below 0, to see entries with a negative index
	if next >= 0 {
		if next > math.MaxInt64-verifyPage {
			return readEntries(ctx, tx, page, entryRestQuery, log, next)
		}
		end = next + verifyPage
	}
	page, err := readEntries(ctx, tx, page, entryRangeQuery, log, next, end)
	if err != nil || len(page) == verifyPage {
		return page, err
	}
	rest, err := readEntries(ctx, tx, nil, entryRestQuery, log, end)
	if err != nil {
		return nil, err
	}
	return append(page, rest[:min(len(rest), verifyPage-len(page))]...), nil
}

// readEntries appends the entries query returns to page.
func readEntries(ctx context.Context, tx *sql.Tx, page []storedEntry, query string, args ...any) ([]storedEntry, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// The row is scanned into one variable (the pointers Scan is given
	// escape, so a variable per row is an allocation per row), and the
	// record's bytes, which the driver owns only until the next row, are
	// copied into a buffer shared by many entries.
	var e storedEntry
	var record sql.RawBytes
	var records []byte
	for rows.Next() {
		if err := rows.Scan(&e.idx, &e.traceID, &e.eventTime, &e.userID, &e.partnerID, &e.action, &e.objType, &e.objID,
			&e.result, &e.subjectID, &e.activity, &record); err != nil {
			return nil, err
		}
		switch {
		case record == nil: // as a NULL is scanned into a []byte
			e.record = nil
		default:
			if len(record) > cap(records)-len(records) {
				records = make([]byte, 0, max(len(record), 256<<10))
			}
			start := len(records)
			records = append(records, record...)
			e.record = records[start:len(records):len(records)]
		}
		page = append(page, e)
	}
	return page, rows.Err()
}

// columnTime is an entry's event_time column as verification reads it:
// the time.Time PostgreSQL's driver returns for a TIMESTAMPTZ, or the text
// SQLite stores, which readEntryPage selects without the column's declared
// type so that the SQLite driver does not parse it (with time.Parse, for
// every row). equal then decides exactly as the driver's parsed value would
// have with time.Time.Equal.
type columnTime struct {
	kind eventTimeKind
	t    time.Time
	text string
}

type eventTimeKind uint8

const (
	eventOther eventTimeKind = iota // NULL, a number or bytes: no time
	eventTimeValue
	eventText
)

func (s *columnTime) Scan(v any) error {
	switch v := v.(type) {
	case time.Time:
		*s = columnTime{kind: eventTimeValue, t: v}
	case string:
		*s = columnTime{kind: eventText, text: v}
	default:
		*s = columnTime{kind: eventOther}
	}
	return nil
}

// sqliteTimeLayout is how the SQLite connections write a time.Time
// (_time_format=sqlite in db.go: the driver's first parse layout).
const sqliteTimeLayout = "2006-01-02 15:04:05.999999999-07:00"

// equal reports whether the stored time is the instant t. Text that is t
// written as the SQLite connections write it is that instant: the driver
// parses it back to t. Any other text is parsed as the driver parses a
// DATETIME column (sqliteDriverTime) and compared with t.
func (s *columnTime) equal(t time.Time) bool {
	switch s.kind {
	case eventTimeValue:
		return s.t.Equal(t)
	case eventText:
		if y := t.Year(); y >= 0 && y <= 9999 {
			var buf [64]byte
			if string(t.AppendFormat(buf[:0], sqliteTimeLayout)) == s.text {
				return true
			}
		}
		parsed, ok := sqliteDriverTime(s.text)
		return ok && parsed.Equal(t)
	}
	return false
}

// sqliteDriverParseLayouts are the layouts modernc.org/sqlite tries on the
// text of a DATETIME column, in its order.
var sqliteDriverParseLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02",
}

// sqliteDriverTime parses the text of a DATETIME column as
// modernc.org/sqlite does on a connection without _timezone ((*conn).parseTime):
// first as time.Time.String writes it (up to an "m=" monotonic reading),
// then, without a final "Z", in each of its layouts. It reports false
// where the driver would return the text itself.
// TestColumnTimeParsesAsTheDriver compares it with the driver.
func sqliteDriverTime(s string) (time.Time, bool) {
	str := s
	if x := strings.Index(s, "m="); x > 0 {
		str = s[:x]
	}
	if t, err := time.Parse("2006-01-02 15:04:05.999999999 -0700 MST", strings.TrimSpace(str)); err == nil {
		return t, true
	}
	ts, _ := strings.CutSuffix(s, "Z")
	for _, layout := range sqliteDriverParseLayouts {
		if t, err := time.Parse(layout, ts); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// hashRange is the stored hashes lo..hi-1 of a log as found in the table.
type hashRange struct {
	lo     int64
	hashes []tlog.Hash
	found  []bool
}

func (r *hashRange) lookup(idx int64) (tlog.Hash, bool) {
	i := idx - r.lo
	if i < 0 || i >= int64(len(r.hashes)) || !r.found[i] {
		return tlog.Hash{}, false
	}
	return r.hashes[i], true
}

func readHashRange(ctx context.Context, tx *sql.Tx, log string, lo, hi int64) (*hashRange, error) {
	r := &hashRange{lo: lo, hashes: make([]tlog.Hash, hi-lo), found: make([]bool, hi-lo)}
	rows, err := tx.QueryContext(ctx, `SELECT idx, hash FROM log_hashes WHERE log = $1 AND idx >= $2 AND idx < $3`, log, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var idx int64
	var h sql.RawBytes // copied before the next row
	for rows.Next() {
		if err := rows.Scan(&idx, &h); err != nil {
			return nil, err
		}
		// A hash of the wrong length is left out, so that it reads as
		// missing rather than as an error.
		if len(h) == tlog.HashSize {
			r.hashes[idx-lo] = tlog.Hash(h)
			r.found[idx-lo] = true
		}
	}
	return r, rows.Err()
}

// addCheckpoints queues the stored checkpoints of a log that match cond
// (with $2 and $3 bound to a and b) in the checker, in size order.
func addCheckpoints(ctx context.Context, tx *sql.Tx, c *logbook.Checker, log, cond string, a, b int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT size, checkpoint FROM log_checkpoints WHERE log = $1 AND `+cond+` ORDER BY size`, log, a, b)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var size int64
		var msg string
		if err := rows.Scan(&size, &msg); err != nil {
			return err
		}
		if p := c.AddCheckpoint(size, []byte(msg)); p != nil {
			return nil // the checker keeps the problem and returns it next
		}
	}
	return rows.Err()
}

// badMetadata is the first entry of a page (its position, -1 for none)
// whose metadata differs from its record, and why.
type badMetadata struct {
	at     int
	reason string
}

func firstBadMetadata(log string, page []storedEntry) badMetadata {
	for i := range page {
		if reason := checkMetadata(log, &page[i]); reason != "" {
			return badMetadata{at: i, reason: reason}
		}
	}
	return badMetadata{at: -1}
}

// firstBadMetadataParallel is firstBadMetadata with the page split over
// one goroutine per CPU (at most four): decoding the records is most of
// verification's own work.
func firstBadMetadataParallel(log string, page []storedEntry) badMetadata {
	parts := min(4, runtime.GOMAXPROCS(0), max(1, len(page)/256))
	if parts <= 1 {
		return firstBadMetadata(log, page)
	}
	found := make([]badMetadata, parts)
	var wg sync.WaitGroup
	for k := range parts {
		lo, hi := k*len(page)/parts, (k+1)*len(page)/parts
		wg.Go(func() {
			found[k] = firstBadMetadata(log, page[lo:hi])
			if found[k].at >= 0 {
				found[k].at += lo
			}
		})
	}
	wg.Wait()
	for _, b := range found {
		if b.at >= 0 {
			return b
		}
	}
	return badMetadata{at: -1}
}

// checkMetadata decodes an entry's bytes as its log's record type and
// compares the metadata columns with the record; it returns what differs,
// or "" when they agree.
func checkMetadata(log string, e *storedEntry) string {
	// DecodeAudit and DecodeProcessing accept only bytes that are the
	// canonical encoding of the record they return, so the bytes need not
	// be encoded again to compare them.
	var want logRow
	switch log {
	case logbook.Audit:
		r, err := logbook.DecodeAudit(e.record)
		if err != nil {
			return "the entry's bytes are not an audit record: " + err.Error()
		}
		want = auditFields(r)
	case logbook.Processing:
		r, err := logbook.DecodeProcessing(e.record)
		if err != nil {
			return "the entry's bytes are not a processing record: " + err.Error()
		}
		want = processingFields(r)
	default:
		return "unknown log " + log
	}
	if !e.eventTime.equal(want.eventTime) {
		return "column event_time differs from the record"
	}
	for _, col := range []struct {
		name string
		got  sql.NullString
		want string
	}{
		{"trace_id", e.traceID, want.traceID},
		{"user_id", e.userID, want.userID},
		{"partner_id", e.partnerID, want.partnerID},
		{"action", e.action, want.action},
		{"object_type", e.objType, want.objectType},
		{"object_id", e.objID, want.objectID},
		{"result", e.result, want.result},
		{"data_subject_id", e.subjectID, want.dataSubjectID},
		{"processing_activity_id", e.activity, want.processingActivityID},
	} {
		if !col.got.Valid || col.got.String != col.want {
			return "column " + col.name + " differs from the record"
		}
	}
	return ""
}

// InclusionProof proves that one entry is in a log as fixed by a signed
// checkpoint, with O(log n) hashes: anyone holding the verifier key can
// check it with Verify, without the database.
type InclusionProof struct {
	Log        string
	Index      int64
	Record     []byte // the exact bytes of the entry
	Checkpoint []byte // the signed checkpoint the proof is against
	Tree       tlog.Tree
	Proof      tlog.RecordProof
}

// Verify checks the checkpoint's signature with v and the proof against the
// tree it signs (tlog.CheckRecord).
func (p *InclusionProof) Verify(v note.Verifier) error {
	tree, err := logbook.OpenCheckpoint(v, p.Log, p.Checkpoint)
	if err != nil {
		return fmt.Errorf("storage: inclusion proof: checkpoint: %w", err)
	}
	if tree != p.Tree {
		return errors.New("storage: inclusion proof: the tree is not the one the checkpoint signs")
	}
	if err := tlog.CheckRecord(p.Proof, tree.N, tree.Hash, p.Index, tlog.RecordHash(p.Record)); err != nil {
		return fmt.Errorf("storage: inclusion proof: %w", err)
	}
	return nil
}

// Audit actions and object types for reading the logs.
const (
	actionReadLog        = "read"
	objectAuditLog       = "audit_log"
	objectProcessingLog  = "processing_log"
	detailInclusionProof = "inclusion proof"
)

func logObject(log string) string {
	if log == logbook.Processing {
		return objectProcessingLog
	}
	return objectAuditLog
}

// canReadLogs is the policy for reading log metadata: an auditor or
// privacy officer (ga.CanReadAuditLog), or the application itself.
func canReadLogs(a *ga.Actor) bool { return a != nil && (a.System || ga.CanReadAuditLog(a)) }

// InclusionProof returns the proof that entry index of the named log
// ("audit" or "processing") is in the log as its latest checkpoint fixes it.
// It requires ga.CanReadAuditLog (or the system actor), returns KindNotFound
// for an index beyond the checkpoint, and is audited.
func (db *DB) InclusionProof(ctx context.Context, log string, index int64) (*InclusionProof, error) {
	const op = "storage.InclusionProof"
	if log != logbook.Audit && log != logbook.Processing {
		return nil, ga.E(ga.KindInvalid, op, "Onbekend logboek.")
	}
	if db.logs == nil || db.logs.verifier == nil {
		return nil, ga.Wrap(op, errors.New("no verifier key for log checkpoints"))
	}
	var proof *InclusionProof
	err := db.act(ctx, actionReadLog, logObject(log), strconv.FormatInt(index, 10), func(tx *Tx) error {
		if !canReadLogs(tx.Actor()) {
			return ga.ErrForbidden(op)
		}
		var head string
		if err := tx.QueryRow(`SELECT checkpoint FROM log_heads WHERE log = $1`, log).Scan(&head); err != nil {
			return ga.Wrap(op, err)
		}
		if head == "" {
			return ga.ErrNotFound(op)
		}
		tree, err := logbook.OpenCheckpoint(db.logs.verifier, log, []byte(head))
		if err != nil {
			return ga.Wrap(op, fmt.Errorf("latest checkpoint of the %s log: %w", log, err))
		}
		if index < 0 || index >= tree.N {
			return ga.ErrNotFound(op)
		}
		var record []byte
		if err := tx.QueryRow(`SELECT record FROM log_entries WHERE log = $1 AND idx = $2`, log, index).Scan(&record); err != nil {
			return notFound(op, err)
		}
		if err := tx.begin(); err != nil {
			return ga.Wrap(op, err)
		}
		p, err := tlog.ProveRecord(tree.N, index, hashReader{ctx: tx.ctx, q: tx.tx, log: log})
		if err != nil {
			return ga.Wrap(op, err)
		}
		proof = &InclusionProof{Log: log, Index: index, Record: record, Checkpoint: []byte(head), Tree: tree, Proof: p}
		tx.Audit(actionReadLog, logObject(log), strconv.FormatInt(index, 10), ga.ResultSuccess, detailInclusionProof)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return proof, nil
}

// MaxLogPage is the most entries one call of AuditEntries or
// ProcessingEntries returns.
const MaxLogPage = 500

// defaultLogPage is the page size when a filter asks for none.
const defaultLogPage = 100

// AuditFilter selects audit log entries. Empty fields do not filter. Start
// is the pagination cursor: entries with an index of at least Start are
// returned, in index order; the next page starts at the last entry's
// Index + 1. Limit is at most MaxLogPage; zero means 100.
type AuditFilter struct {
	From, Until time.Time // From ≤ time < Until; zero means unbounded
	TraceID     string
	UserID      string
	PartnerID   string
	Action      string
	ObjectType  string
	ObjectID    string
	Start       int64
	Limit       int
}

// ProcessingFilter selects processing log entries, as AuditFilter does.
// Filtering on DataSubjectID is the read extension of Logboek
// Dataverwerkingen ("whose data was processed, and for what"); the
// identifier travels in the filter, which the web and API layers take from
// a request body, never from a URL.
type ProcessingFilter struct {
	From, Until          time.Time // From ≤ start time < Until; zero means unbounded
	TraceID              string
	DataSubjectID        string
	ProcessingActivityID string
	Start                int64
	Limit                int
}

// AuditEntry is one audit log entry with its index in the log.
type AuditEntry struct {
	Index int64
	ga.AuditRecord
}

// ProcessingEntry is one processing log entry with its index in the log.
type ProcessingEntry struct {
	Index int64
	ga.ProcessingRecord
}

// AuditEntries lists audit log entries matching f, in index order. It
// requires ga.CanReadAuditLog (or the system actor), returns
// KindForbidden otherwise, and audits the reading itself, naming the
// filters used but not their values.
func (db *DB) AuditEntries(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	const op = "storage.AuditEntries"
	q := logQuery{log: logbook.Audit, start: f.Start, limit: f.Limit}
	q.timeRange(f.From, f.Until)
	q.eq("trace_id", f.TraceID)
	q.eq("user_id", f.UserID)
	q.eq("partner_id", f.PartnerID)
	q.eq("action", f.Action)
	q.eq("object_type", f.ObjectType)
	q.eq("object_id", f.ObjectID)
	raw, err := db.readLog(ctx, op, &q)
	if err != nil {
		return nil, err
	}
	out := make([]AuditEntry, len(raw))
	for i, e := range raw {
		r, err := logbook.DecodeAudit(e.record)
		if err != nil {
			return nil, ga.Wrap(op, fmt.Errorf("entry %d of the audit log: %w", e.idx, err))
		}
		out[i] = AuditEntry{Index: e.idx, AuditRecord: r}
	}
	return out, nil
}

// ProcessingEntries lists processing log entries matching f, in index
// order, under the same rules as AuditEntries.
func (db *DB) ProcessingEntries(ctx context.Context, f ProcessingFilter) ([]ProcessingEntry, error) {
	const op = "storage.ProcessingEntries"
	q := logQuery{log: logbook.Processing, start: f.Start, limit: f.Limit}
	q.timeRange(f.From, f.Until)
	q.eq("trace_id", f.TraceID)
	q.eq("data_subject_id", f.DataSubjectID)
	q.eq("processing_activity_id", f.ProcessingActivityID)
	raw, err := db.readLog(ctx, op, &q)
	if err != nil {
		return nil, err
	}
	out := make([]ProcessingEntry, len(raw))
	for i, e := range raw {
		r, err := logbook.DecodeProcessing(e.record)
		if err != nil {
			return nil, ga.Wrap(op, fmt.Errorf("entry %d of the processing log: %w", e.idx, err))
		}
		out[i] = ProcessingEntry{Index: e.idx, ProcessingRecord: r}
	}
	return out, nil
}

// logQuery builds the query of a log listing.
type logQuery struct {
	log     string
	start   int64
	limit   int
	conds   []string
	args    []any
	filters []string // names of the filters used, for the audit line
}

func (q *logQuery) add(name, cond string, arg any) {
	q.args = append(q.args, arg)
	q.conds = append(q.conds, fmt.Sprintf(cond, len(q.args)+2))
	q.filters = append(q.filters, name)
}

func (q *logQuery) eq(column, value string) {
	if value != "" {
		q.add(column, column+" = $%d", value)
	}
}

// timeRange filters on event_time. Times are bound in UTC: SQLite compares
// the stored text, which is UTC.
func (q *logQuery) timeRange(from, until time.Time) {
	if !from.IsZero() {
		q.add("from", "event_time >= $%d", logbook.CanonicalTime(from))
	}
	if !until.IsZero() {
		q.add("until", "event_time < $%d", logbook.CanonicalTime(until))
	}
}

func (q *logQuery) sql() (string, []any) {
	limit := q.limit
	if limit <= 0 {
		limit = defaultLogPage
	}
	limit = min(limit, MaxLogPage)
	s := `SELECT idx, record FROM log_entries WHERE log = $1 AND idx >= $2`
	for _, c := range q.conds {
		s += " AND " + c
	}
	s += " ORDER BY idx LIMIT " + strconv.Itoa(limit)
	return s, append([]any{q.log, max(q.start, 0)}, q.args...)
}

// rawEntry is an entry as read for a listing: its index and bytes.
type rawEntry struct {
	idx    int64
	record []byte
}

// readLog runs a log listing as one audited action: the policy is checked,
// the entries are read and the reading is recorded in the audit log, all in
// one transaction, so no listing leaves without its audit line.
func (db *DB) readLog(ctx context.Context, op string, q *logQuery) ([]rawEntry, error) {
	detail := "filter: none"
	if len(q.filters) > 0 {
		detail = "filter: " + strings.Join(q.filters, ", ")
	}
	var entries []rawEntry
	err := db.act(ctx, actionReadLog, logObject(q.log), "", func(tx *Tx) error {
		entries = entries[:0] // a retried transaction starts afresh
		if !canReadLogs(tx.Actor()) {
			return ga.ErrForbidden(op)
		}
		query, args := q.sql()
		rows, err := tx.Query(query, args...)
		if err != nil {
			return ga.Wrap(op, err)
		}
		defer rows.Close()
		for rows.Next() {
			var e rawEntry
			if err := rows.Scan(&e.idx, &e.record); err != nil {
				return ga.Wrap(op, err)
			}
			entries = append(entries, e)
		}
		if err := rows.Err(); err != nil {
			return ga.Wrap(op, err)
		}
		tx.Audit(actionReadLog, logObject(q.log), "", ga.ResultSuccess, detail)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return entries, nil
}
