package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/logbook"
)

// The physical limits the benchmark (groepsaanpak bench) compares the
// application's paths with, measured on the same database in the same run:
// the bare queries that return the rows of a dossier with no policy and no
// log, and the database's own rate of durable single-row inserts of rows
// shaped like log entries. They are for the system actor only: they read
// personal data without the need-to-know predicate and write no log line,
// which only the benchmark of a generated data set may do.

// BareDossier reads what the dossier of a group shows — the group with its
// participants and transitions, the memberships of personIDs with their persons and
// representatives, the items itemIDs of the group with their shares, and
// the group's registered involvements — with the same columns, joins and
// order as the storage methods, but without the visibility predicate, the
// Art 8 gate or any log line, and outside a transaction. It returns the
// number of rows read.
func (db *DB) BareDossier(ctx context.Context, groupID string, personIDs, itemIDs []string) (int, error) {
	const op = "storage.BareDossier"
	if err := requireBulkLoader(ctx, op); err != nil {
		return 0, err
	}
	n := 0
	g, err := scanGroup(db.db.QueryRowContext(ctx, `SELECT `+groupColumns+` FROM groups g WHERE g.id = $1`, groupID))
	if err != nil {
		return 0, notFound(op, err)
	}
	n++
	err = db.bareRows(ctx, `SELECT group_id, partner_id FROM group_participants WHERE group_id = $1 ORDER BY group_id, partner_id`,
		[]any{g.ID}, func(rows *sql.Rows) error {
			var gid, pid string
			return rows.Scan(&gid, &pid)
		}, &n)
	if err != nil {
		return 0, ga.Wrap(op, err)
	}
	err = db.bareRows(ctx, `SELECT from_step, to_step, user_id, partner_id, at, reason FROM group_transitions
		WHERE group_id = $1 ORDER BY at, id`, []any{groupID}, func(rows *sql.Rows) error {
		var a, b, c, d, e string
		var at sql.NullTime
		return rows.Scan(&a, &b, &c, &d, &at, &e)
	}, &n)
	if err != nil {
		return 0, ga.Wrap(op, err)
	}
	if len(personIDs) > 0 {
		args := []any{groupID}
		in := placeholders(&args, personIDs)
		err = db.bareRows(ctx, `SELECT `+membershipColumns+`, `+personColumns+`
			FROM memberships m JOIN persons p ON p.id = m.person_id
			WHERE m.group_id = $1 AND m.person_id IN (`+in+`)
			ORDER BY p.id, m.start_date, m.id`, args, func(rows *sql.Rows) error {
			var mb Member
			var role, start, end string
			_, err := scanPerson(db.crypt(ctx), rows, &mb.Membership.ID, &mb.Membership.GroupID, &mb.Membership.PersonID, &role, &start, &end)
			return err
		}, &n)
		if err != nil {
			return 0, ga.Wrap(op, err)
		}
		args = nil
		err = db.bareRows(ctx, `SELECT person_id, id, name, relationship, address, pseudonym FROM representatives
			WHERE person_id IN (`+placeholders(&args, personIDs)+`) ORDER BY person_id, id`, args, func(rows *sql.Rows) error {
			var a, e string
			var r ga.Representative
			if err := rows.Scan(&a, &r.ID, &r.Name, &r.Relationship, &r.Address, &e); err != nil {
				return err
			}
			return db.crypt(ctx).openRepresentative(a, &r)
		}, &n)
		if err != nil {
			return 0, ga.Wrap(op, err)
		}
	}
	if len(itemIDs) > 0 {
		var items []storedItem
		args := []any{groupID}
		in := placeholders(&args, itemIDs)
		err = db.bareRows(ctx, `SELECT `+itemColumns+`, p.pseudonym FROM items i LEFT JOIN persons p ON p.id = i.person_id
			WHERE i.group_id = $1 AND i.id IN (`+in+`) ORDER BY i.concerns_date DESC, i.created_at DESC, i.id DESC`, args,
			func(rows *sql.Rows) error {
				it, err := scanItem(crypt{}, rows)
				if err == nil {
					items = append(items, *it)
				}
				return err
			}, &n)
		if err != nil {
			return 0, ga.Wrap(op, err)
		}
		if err := db.crypt(ctx).openItems(items); err != nil {
			return 0, ga.Wrap(op, err)
		}
		args = []any{groupID}
		in = placeholders(&args, itemIDs)
		err = db.bareRows(ctx, `SELECT sh.item_id, sh.partner_id FROM item_shares sh JOIN items i ON i.id = sh.item_id
			WHERE i.group_id = $1 AND i.id IN (`+in+`) ORDER BY sh.item_id, sh.partner_id`, args, func(rows *sql.Rows) error {
			var a, b string
			return rows.Scan(&a, &b)
		}, &n)
		if err != nil {
			return 0, ga.Wrap(op, err)
		}
	}
	err = db.bareRows(ctx, `SELECT inv.person_id, inv.partner_id, inv.reason, inv.registered_by, inv.registered_at
		FROM involvements inv WHERE inv.group_id = $1 AND inv.ended_at IS NULL ORDER BY inv.person_id, inv.partner_id`,
		[]any{groupID}, func(rows *sql.Rows) error {
			var a, b, c, d string
			var at sql.NullTime
			if err := rows.Scan(&a, &b, &c, &d, &at); err != nil {
				return err
			}
			return db.crypt(ctx).openInvolvement(groupID, a, b, "reason", &c)
		}, &n)
	if err != nil {
		return 0, ga.Wrap(op, err)
	}
	return n, nil
}

func (db *DB) bareRows(ctx context.Context, q string, args []any, scan func(*sql.Rows) error, n *int) error {
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
		*n++
	}
	return rows.Err()
}

// InsertProbe is a scratch table shaped exactly like log_entries (the same
// columns and indexes) on which the benchmark measures the database's own
// rate of durable inserts: one row per transaction, as a log line of a
// transaction that records nothing else would be.
type InsertProbe struct {
	db    *DB
	table string
	next  atomic.Int64
}

// NewInsertProbe creates the scratch table bench_insert_probe (dropping a
// leftover one). Only the system actor may create it; Drop removes it.
func (db *DB) NewInsertProbe(ctx context.Context) (*InsertProbe, error) {
	const op = "storage.NewInsertProbe"
	if err := requireBulkLoader(ctx, op); err != nil {
		return nil, err
	}
	p := &InsertProbe{db: db, table: "bench_insert_probe"}
	blob, ts := "BLOB", "DATETIME"
	if db.dialect == Postgres {
		blob, ts = "BYTEA", "TIMESTAMPTZ"
	}
	stmts := []string{
		`DROP TABLE IF EXISTS ` + p.table,
		`CREATE TABLE ` + p.table + ` (log TEXT NOT NULL, idx BIGINT NOT NULL, trace_id TEXT NOT NULL, event_time ` + ts + ` NOT NULL,
			user_id TEXT NOT NULL, partner_id TEXT NOT NULL, action TEXT NOT NULL, object_type TEXT NOT NULL, object_id TEXT NOT NULL,
			result TEXT NOT NULL, data_subject_id TEXT NOT NULL, processing_activity_id TEXT NOT NULL, record ` + blob + ` NOT NULL,
			PRIMARY KEY (log, idx))`,
	}
	for _, ix := range []string{"trace_id", "log, event_time, idx", "log, user_id, idx", "log, partner_id, idx", "log, action, idx",
		"log, object_type, object_id, idx", "log, data_subject_id, idx", "log, processing_activity_id, idx"} {
		name := p.table + "_" + strings.NewReplacer(", ", "_", " ", "").Replace(ix)
		stmts = append(stmts, `CREATE INDEX `+name+` ON `+p.table+` (`+ix+`)`)
	}
	for _, s := range stmts {
		if _, err := db.db.ExecContext(ctx, s); err != nil {
			return nil, fmt.Errorf("storage: insert probe: %w", err)
		}
	}
	return p, nil
}

// Insert inserts the audit record's row, encoded exactly as the audit log
// stores it, in a transaction of its own and commits it.
func (p *InsertProbe) Insert(ctx context.Context, r ga.AuditRecord) error {
	row, err := auditRow(r)
	if err != nil {
		return err
	}
	tx, err := p.db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO `+p.table+` (log, idx, trace_id, event_time, user_id, partner_id, action,
		object_type, object_id, result, data_subject_id, processing_activity_id, record) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		"audit", p.next.Add(1), row.traceID, row.eventTime, row.userID, row.partnerID, row.action, row.objectType, row.objectID,
		row.result, row.dataSubjectID, row.processingActivityID, row.record); err != nil {
		return err
	}
	return tx.Commit()
}

// Drop removes the scratch table.
func (p *InsertProbe) Drop(ctx context.Context) error {
	_, err := p.db.db.ExecContext(ctx, `DROP TABLE IF EXISTS `+p.table)
	return err
}

// BareLogScan reads every entry of both logs with all its columns and
// every stored hash, page by page as VerifyLogs does, computes each
// record's leaf hash and decodes the record (verification must, to compare
// it with the entry's metadata columns): what any verification must do at
// least. It returns the number of entries read and, of the time it took,
// the time spent reading the pages alone: the ceiling any verification
// that reads the log from the database is under.
func (db *DB) BareLogScan(ctx context.Context) (int64, time.Duration, error) {
	const op = "storage.BareLogScan"
	if err := requireBulkLoader(ctx, op); err != nil {
		return 0, 0, err
	}
	tx, err := db.snapshot(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	var total int64
	var reading time.Duration
	for _, log := range logbook.Names {
		var next, from int64
		for {
			t0 := time.Now()
			page, err := readEntryPage(ctx, tx, log, next)
			if err != nil {
				return 0, 0, ga.Wrap(op, err)
			}
			if len(page) == 0 {
				reading += time.Since(t0)
				break
			}
			to := from + int64(len(page))
			if _, err := readHashRange(ctx, tx, log, tlog.StoredHashIndex(0, from), tlog.StoredHashCount(to)); err != nil {
				return 0, 0, ga.Wrap(op, err)
			}
			reading += time.Since(t0)
			for _, e := range page {
				_ = tlog.RecordHash(e.record)
				var err error
				if log == logbook.Audit {
					_, err = logbook.DecodeAudit(e.record)
				} else {
					_, err = logbook.DecodeProcessing(e.record)
				}
				if err != nil {
					return 0, 0, ga.Wrap(op, fmt.Errorf("entry %d of the %s log: %w", e.idx, log, err))
				}
			}
			total += int64(len(page))
			from, next = to, page[len(page)-1].idx+1
			if len(page) < verifyPage {
				break
			}
		}
	}
	return total, reading, nil
}

// LogVerifier returns the verifier key of the logs' checkpoints, or nil.
func (db *DB) LogVerifier() note.Verifier {
	if db.logs == nil {
		return nil
	}
	return db.logs.verifier
}
