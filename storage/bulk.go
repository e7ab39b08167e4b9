package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Bulk loading fills an empty installation with a large, generated data set
// for the benchmark (groepsaanpak bench): casework rows with multi-row
// INSERTs, and log entries appended through the same code as every
// transaction's (appendLogs), so that the loaded logs verify. It is for the
// system actor only and refuses a database that already holds casework: it
// writes rows without the policy's checks, which only generated data may
// skip.

// BulkGroup is one group approach to load, with its participants and the
// driehoek's decision when DecidedOn is set.
type BulkGroup struct {
	ID, Name, Area  string
	Form            ga.GroupForm
	Step            ga.Step
	CreatedBy       string // partner id
	DecidedOn       ga.Date
	ApproachStarts  bool
	Exchange        bool
	Participants    []string // partner ids
	RecordedBy      string   // user id recording the decision
	CreatedAt       time.Time
	DecisionPresent []string
}

// BulkPerson is one person to load with the membership of one group.
type BulkPerson struct {
	ID, Pseudonym, Name string
	DateOfBirth         ga.Date
	Address             string
	SourcePartnerID     string
	MembershipID        string
	GroupID             string
	Role                ga.MembershipRole
	Start               ga.Date
}

// BulkInvolvement is a registered involvement of a partner with a member.
type BulkInvolvement struct {
	GroupID, PersonID, PartnerID, Reason, RegisteredBy string
}

// BulkItem is one information item to load; PersonID empty means an item
// about the group.
type BulkItem struct {
	ID, GroupID, PersonID, SourcePartnerID string
	Category                               string
	Special, Criminal                      bool
	LegalGround, Wpg20DecisionID           string
	Necessity, Content                     string
	ConcernsDate                           ga.Date
	CreatedBy                              string
	CreatedAt                              time.Time
}

// BulkCasework is one batch of casework rows. Rows are inserted in the
// order groups, participants, persons with memberships, involvements,
// items, so that a batch may refer to its own groups and persons.
type BulkCasework struct {
	Groups       []BulkGroup
	Persons      []BulkPerson
	Involvements []BulkInvolvement
	Items        []BulkItem
}

// requireBulkLoader checks that the actor is the system and returns the
// operation's error otherwise.
func requireBulkLoader(ctx context.Context, op string) error {
	if a := ga.ActorFrom(ctx); a == nil || !a.System {
		return ga.ErrForbidden(op)
	}
	return nil
}

// BulkEmpty reports whether the installation holds no casework and no more
// log entries than a fresh installation's setup writes (at most limit), the
// condition under which BulkLoadCasework may be used.
func (db *DB) BulkEmpty(ctx context.Context, limit int64) (bool, error) {
	var groups, entries int64
	if err := db.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM groups), (SELECT count(*) FROM log_entries)`).Scan(&groups, &entries); err != nil {
		return false, fmt.Errorf("storage: bulk: %w", err)
	}
	return groups == 0 && entries <= limit, nil
}

// BulkLoadCasework inserts one batch of generated casework in one
// transaction with one audit line naming the counts. Only the system actor
// may load, and the caller must have checked BulkEmpty before the first
// batch.
func (db *DB) BulkLoadCasework(ctx context.Context, b BulkCasework) error {
	const op = "storage.BulkLoadCasework"
	if err := requireBulkLoader(ctx, op); err != nil {
		return err
	}
	return db.Transact(ctx, func(tx *Tx) error {
		now := tx.Now()
		var parts [][4]any
		for _, g := range b.Groups {
			for _, p := range g.Participants {
				parts = append(parts, [4]any{g.ID, p, g.RecordedBy, g.CreatedAt})
			}
		}
		err := tx.insertRows(`INSERT INTO groups (id, name, area, form, step, problematic, created_by_partner, created_at, updated_at,
			decided_on, decision_present, approach_starts, exchange_authorised, decision_motivation, decision_recorded_by, decision_recorded_at) VALUES `,
			16, len(b.Groups), func(i int, args []any) []any {
				g := b.Groups[i]
				var present string
				var recordedAt any
				motivation := ""
				if g.DecidedOn != "" {
					data, _ := json.Marshal(g.DecisionPresent)
					present, recordedAt, motivation = string(data), g.CreatedAt, "Ernstige overlast; integrale aanpak nodig."
				}
				return append(args, g.ID, g.Name, g.Area, string(g.Form), string(g.Step), true, g.CreatedBy, g.CreatedAt, g.CreatedAt,
					string(g.DecidedOn), present, g.ApproachStarts, g.Exchange, motivation, g.RecordedBy, recordedAt)
			})
		if err != nil {
			return ga.Wrap(op, err)
		}
		err = tx.insertRows(`INSERT INTO group_participants (group_id, partner_id, added_by, added_at) VALUES `, 4, len(parts),
			func(i int, args []any) []any { return append(args, parts[i][:]...) })
		if err != nil {
			return ga.Wrap(op, err)
		}
		// The data keys of the whole batch are created in one write of
		// the key store.
		var keyIDs []string
		for _, p := range b.Persons {
			keyIDs = append(keyIDs, personKeyID(p.ID))
		}
		for _, in := range b.Involvements {
			keyIDs = append(keyIDs, involvementKeyID(in.GroupID, in.PersonID, in.PartnerID))
		}
		for _, it := range b.Items {
			keyIDs = append(keyIDs, itemKeyID(it.GroupID, it.PersonID, it.ID))
		}
		if err := tx.crypt().createKeys(keyIDs); err != nil {
			return ga.Wrap(op, err)
		}
		sealed := make([]sealedPerson, len(b.Persons))
		for i, p := range b.Persons {
			if sealed[i], err = tx.sealPerson(p.ID, &ga.Person{Name: p.Name, DateOfBirth: p.DateOfBirth, Address: p.Address}); err != nil {
				return ga.Wrap(op, err)
			}
		}
		err = tx.insertRows(`INSERT INTO persons (id, pseudonym, name, date_of_birth, address, bsn, bsn_legal_ground, source_partner_id, created_at, updated_at, match_index, bsn_index) VALUES `,
			12, len(b.Persons), func(i int, args []any) []any {
				p, f := b.Persons[i], sealed[i]
				return append(args, p.ID, p.Pseudonym, f.name, f.dob, f.address, "", "", p.SourcePartnerID, now, now, f.match, "")
			})
		if err != nil {
			return ga.Wrap(op, err)
		}
		err = tx.insertRows(`INSERT INTO memberships (id, group_id, person_id, role, start_date, end_date) VALUES `, 6, len(b.Persons),
			func(i int, args []any) []any {
				p := b.Persons[i]
				return append(args, p.MembershipID, p.GroupID, p.ID, string(p.Role), string(p.Start), "")
			})
		if err != nil {
			return ga.Wrap(op, err)
		}
		reasons := make([]string, len(b.Involvements))
		for i, in := range b.Involvements {
			if reasons[i], err = tx.crypt().sealInvolvement(in.GroupID, in.PersonID, in.PartnerID, "reason", in.Reason); err != nil {
				return ga.Wrap(op, err)
			}
		}
		err = tx.insertRows(`INSERT INTO involvements (group_id, person_id, partner_id, reason, registered_by, registered_at) VALUES `, 6, len(b.Involvements),
			func(i int, args []any) []any {
				in := b.Involvements[i]
				return append(args, in.GroupID, in.PersonID, in.PartnerID, reasons[i], in.RegisteredBy, now)
			})
		if err != nil {
			return ga.Wrap(op, err)
		}
		contents := make([]string, len(b.Items))
		for i, it := range b.Items {
			if contents[i], err = tx.crypt().sealItem(it.ID, it.GroupID, it.PersonID, it.Content); err != nil {
				return ga.Wrap(op, err)
			}
		}
		err = tx.insertRows(`INSERT INTO items (id, group_id, person_id, source_partner_id, category, special, criminal, legal_ground,
			wpg20_decision_id, necessity, content, concerns_date, status, created_by, created_at, updated_at) VALUES `, 16, len(b.Items),
			func(i int, args []any) []any {
				it := b.Items[i]
				return append(args, it.ID, it.GroupID, nullString(it.PersonID), it.SourcePartnerID, it.Category, it.Special, it.Criminal,
					it.LegalGround, it.Wpg20DecisionID, it.Necessity, contents[i], string(it.ConcernsDate), string(ga.ItemActive),
					it.CreatedBy, it.CreatedAt, it.CreatedAt)
			})
		if err != nil {
			return ga.Wrap(op, err)
		}
		tx.Audit("bulk_load", "casework", "", ga.ResultSuccess, fmt.Sprintf("groepen=%d personen=%d betrokkenheden=%d gegevens=%d",
			len(b.Groups), len(b.Persons), len(b.Involvements), len(b.Items)))
		return nil
	})
}

// BulkAppendLogs appends generated audit and processing records to the
// tamper-evident logs in one transaction, through the same code that
// appends every transaction's lines: each entry is hashed into the Merkle
// tree, its stored hashes are kept and a checkpoint is signed at every 256
// entries and at the end, so the loaded logs verify like any other. Only
// the system actor may load.
func (db *DB) BulkAppendLogs(ctx context.Context, audit []ga.AuditRecord, processing []ga.ProcessingRecord) error {
	const op = "storage.BulkAppendLogs"
	if err := requireBulkLoader(ctx, op); err != nil {
		return err
	}
	return db.Transact(ctx, func(tx *Tx) error {
		tx.changed = true // one large append of its own, not a group commit
		tx.audit = append(tx.audit[:0], audit...)
		tx.processing = append(tx.processing[:0], processing...)
		return nil
	})
}

// BulkDeferLogIndexes drops the secondary indexes of log_entries for a bulk
// load of the logs and returns the function that creates them again,
// exactly as the migrations defined them (their SQL is read from the
// database's catalogue): building an index once over sorted entries costs
// a fraction of keeping eight indexes up to date entry by entry. The
// primary key (log, idx), which appending needs, stays. Only the system
// actor may, and only on an installation that BulkEmpty found empty: the
// logs cannot be searched by time, user, subject or trace meanwhile.
func (db *DB) BulkDeferLogIndexes(ctx context.Context) (restore func(context.Context) error, err error) {
	const op = "storage.BulkDeferLogIndexes"
	if err := requireBulkLoader(ctx, op); err != nil {
		return nil, err
	}
	q := `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'log_entries' AND sql IS NOT NULL ORDER BY name`
	if db.dialect == Postgres {
		q = `SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() AND i.tablename = 'log_entries'
			AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname) ORDER BY i.indexname`
	}
	rows, err := db.db.QueryContext(ctx, q)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	var names, defs []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return nil, ga.Wrap(op, err)
		}
		names, defs = append(names, name), append(defs, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, ga.Wrap(op, err)
	}
	for _, name := range names {
		if _, err := db.db.ExecContext(ctx, `DROP INDEX `+name); err != nil {
			return nil, ga.Wrap(op, err)
		}
	}
	return func(ctx context.Context) error {
		pool, done := db.sortsOnDisk()
		defer done()
		for _, def := range defs {
			if _, err := pool.ExecContext(ctx, def); err != nil {
				return ga.Wrap(op, err)
			}
		}
		return nil
	}, nil
}

// BulkSettle leaves the database after a bulk load as it would be some
// time after so large an insert. On PostgreSQL it gathers the planner's
// statistics (ANALYZE), as autovacuum would shortly after: without them
// PostgreSQL estimates a freshly loaded table at a few rows and may choose
// plans that read far more than they return (verification bounds its pages
// so that it no longer depends on them: TestVerifyPageReadsOnlyItsPage). On
// SQLite, where the application never gathers statistics, it checkpoints
// the write-ahead log, which a bulk load leaves holding hundreds of MiB of
// pages that the next commits would otherwise copy back (PASSIVE: it copies
// what no reader still needs and never waits or fails for a busy database).
func (db *DB) BulkSettle(ctx context.Context) error {
	const op = "storage.BulkSettle"
	if err := requireBulkLoader(ctx, op); err != nil {
		return err
	}
	q := `PRAGMA wal_checkpoint(PASSIVE)`
	if db.dialect == Postgres {
		q = `ANALYZE`
	}
	defer db.lockCheckpoints()()
	_, err := db.db.ExecContext(ctx, q)
	return ga.Wrap(op, err)
}
