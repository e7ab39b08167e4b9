package storage_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/bits"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/logbook"
	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// testKeys returns fresh log keys and their parts, for tests that must
// verify what the database hands out or share keys between handles.
func testKeys(tb testing.TB) (*storage.LogKeys, note.Signer, note.Verifier) {
	tb.Helper()
	skey, _, err := logbook.GenerateKey("groepsaanpak-test")
	if err != nil {
		tb.Fatal(err)
	}
	s, v, err := logbook.ParseKey(skey)
	if err != nil {
		tb.Fatal(err)
	}
	return storage.NewLogKeys(s, v), s, v
}

// openWithKeys opens and migrates the database at u with the given keys.
func openWithKeys(tb testing.TB, u string, keys *storage.LogKeys) *storage.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, storage.Config{URL: u, LogKeys: keys})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return db
}

var (
	auditor      = &ga.Actor{UserID: "auditor-1", PartnerID: "partner-gemeente", Roles: []ga.Role{ga.RoleAuditor}, Origin: "192.0.2.1"}
	professional = &ga.Actor{UserID: "prof-1", PartnerID: "partner-politie", Roles: []ga.Role{ga.RoleProfessional}, Origin: "192.0.2.2"}
)

// record writes audit and processing lines in one transaction: the shape
// of the lines of an ordinary action on personal data.
func record(ctx context.Context, db *storage.DB, audit, processing int, tag string) error {
	return db.Transact(ctx, func(tx *storage.Tx) error {
		for i := range audit {
			tx.Audit("update", "group", fmt.Sprintf("%s-%d", tag, i), ga.ResultSuccess, "")
		}
		for i := range processing {
			tx.Processed(ga.ProcessingRecord{
				Name:                 "update",
				ProcessingActivityID: "pa-groepsaanpak-v1",
				DataSubjectID:        fmt.Sprintf("ds-%s-%d", tag, i),
				DataSubjectIDType:    "pseudoniem",
			})
		}
		return nil
	})
}

func mustRecord(tb testing.TB, db *storage.DB, txs, audit, processing int) {
	tb.Helper()
	ctx := ga.WithActor(context.Background(), professional)
	for i := range txs {
		if err := record(ctx, db, audit, processing, fmt.Sprint(i)); err != nil {
			tb.Fatalf("transaction %d: %v", i, err)
		}
	}
}

func mustVerify(tb testing.TB, db *storage.DB) *storage.LogReport {
	tb.Helper()
	r, err := db.VerifyLogs(context.Background())
	if err != nil {
		tb.Fatalf("VerifyLogs: %v", err)
	}
	return r
}

func count(tb testing.TB, db *storage.DB, query string, args ...any) int64 {
	tb.Helper()
	var n int64
	if err := db.SQL().QueryRow(query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestLogAppendAndVerify(t *testing.T) {
	tests := []struct {
		name                 string
		txs, audit, process  int
		wantCheckpointsAudit int64
	}{
		{"one audit line verifies", 1, 1, 0, 1},
		{"audit and processing lines of one transaction verify", 1, 2, 3, 1},
		{"2000 entries across many transactions verify", 400, 5, 5, 2000/256 + 1},
		{"a large transaction verifies", 1, 1200, 1200, 1200/256 + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := storagetest.Open(t, storagetest.Options{})
			mustRecord(t, db, tt.txs, tt.audit, tt.process)
			r := mustVerify(t, db)
			if !r.OK() {
				t.Fatalf("report:\n%s", r)
			}
			for log, want := range map[string]int{logbook.Audit: tt.txs * tt.audit, logbook.Processing: tt.txs * tt.process} {
				c := r.Log(log)
				if c.Entries != int64(want) || c.FirstBad != -1 {
					t.Errorf("%s log: %d entries checked, first bad %d; want %d, -1", log, c.Entries, c.FirstBad, want)
				}
				n := count(t, db, `SELECT count(*) FROM log_entries WHERE log = $1`, log)
				maxIdx := count(t, db, `SELECT coalesce(max(idx), -1) FROM log_entries WHERE log = $1`, log)
				if n != int64(want) || maxIdx != n-1 {
					t.Errorf("%s log: %d entries up to index %d, want %d gap-free", log, n, maxIdx, want)
				}
				if h := count(t, db, `SELECT count(*) FROM log_hashes WHERE log = $1`, log); h != tlog.StoredHashCount(n) {
					t.Errorf("%s log: %d stored hashes, want %d", log, h, tlog.StoredHashCount(n))
				}
			}
			if got := r.Log(logbook.Audit).Checkpoints; got != tt.wantCheckpointsAudit {
				t.Errorf("audit checkpoints verified = %d, want %d", got, tt.wantCheckpointsAudit)
			}
		})
	}
}

func TestEmptyLogsVerify(t *testing.T) {
	db := storagetest.Open(t, storagetest.Options{})
	if r := mustVerify(t, db); !r.OK() || r.Log(logbook.Audit).Entries != 0 {
		t.Fatalf("report:\n%s", r)
	}
}

func TestLogLinesFollowTheTransaction(t *testing.T) {
	db := storagetest.Open(t, storagetest.Options{})
	ctx := ga.WithActor(context.Background(), professional)
	boom := errors.New("boom")
	t.Run("failed transaction leaves no entry", func(t *testing.T) {
		err := db.Transact(ctx, func(tx *storage.Tx) error {
			tx.Audit("update", "group", "g1", ga.ResultSuccess, "")
			tx.Processed(ga.ProcessingRecord{Name: "update", DataSubjectID: "ds-1"})
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Transact = %v, want boom", err)
		}
		if n := count(t, db, `SELECT count(*) FROM log_entries`); n != 0 {
			t.Fatalf("%d entries after a rolled-back transaction, want 0", n)
		}
		if n := count(t, db, `SELECT size FROM log_heads WHERE log = 'audit'`); n != 0 {
			t.Fatalf("audit head size %d after a rolled-back transaction, want 0", n)
		}
	})
	t.Run("committed transaction has its entries", func(t *testing.T) {
		trace := storage.NewTrace()
		tctx := ga.WithTrace(ctx, trace)
		if err := record(tctx, db, 1, 1, "ok"); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, `SELECT count(*) FROM log_entries WHERE trace_id = $1`, trace.TraceID); n != 2 {
			t.Fatalf("%d entries with the transaction's trace id, want 2 (audit and processing)", n)
		}
		if r := mustVerify(t, db); !r.OK() {
			t.Fatalf("report:\n%s", r)
		}
	})
	t.Run("no signing key refuses to commit", func(t *testing.T) {
		_, _, v := testKeys(t)
		db := openWithKeys(t, storagetest.URL(t), storage.NewLogKeys(nil, v))
		if err := record(ctx, db, 1, 0, "x"); err == nil {
			t.Fatal("a change with a log line committed without a signing key")
		}
		if n := count(t, db, `SELECT count(*) FROM log_entries`); n != 0 {
			t.Fatalf("%d entries, want 0", n)
		}
	})
}

// tamperFixture is a database with 320 entries in each log, written 80 per
// transaction, so that a checkpoint at 256 is kept in log_checkpoints (from
// inside the fourth transaction) and the latest, at 320, in log_heads.
func tamperFixture(t *testing.T) (*storage.DB, note.Verifier) {
	t.Helper()
	keys, _, v := testKeys(t)
	db := openWithKeys(t, storagetest.URL(t), keys)
	mustRecord(t, db, 4, 80, 80)
	if n := count(t, db, `SELECT count(*) FROM log_checkpoints WHERE log = 'audit' AND size = 256`); n != 1 {
		t.Fatalf("fixture: no checkpoint at 256")
	}
	return db, v
}

const fixtureSize = 320

func mustExec(t *testing.T, db *storage.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.SQL().Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func entryBytes(t *testing.T, db *storage.DB, log string, idx int64) []byte {
	t.Helper()
	var b []byte
	if err := db.SQL().QueryRow(`SELECT record FROM log_entries WHERE log = $1 AND idx = $2`, log, idx).Scan(&b); err != nil {
		t.Fatal(err)
	}
	return b
}

func headCheckpoint(t *testing.T, db *storage.DB, log string) (string, tlog.Tree) {
	t.Helper()
	var msg string
	if err := db.SQL().QueryRow(`SELECT checkpoint FROM log_heads WHERE log = $1`, log).Scan(&msg); err != nil {
		t.Fatal(err)
	}
	tree, err := tlog.ParseTree([]byte(msg[:strings.Index(msg, "\n\n")+1]))
	if err != nil {
		t.Fatal(err)
	}
	return msg, tree
}

// rehash recomputes every stored hash of a log from its entries as they are
// now, as an attacker with write access to the database could: only the
// signed checkpoints can then reveal the change.
func rehash(t *testing.T, db *storage.DB, log string) {
	t.Helper()
	rows, err := db.SQL().Query(`SELECT record FROM log_entries WHERE log = $1 ORDER BY idx`, log)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := logbook.NewFrontier(0, nil)
	var all []tlog.Hash
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			t.Fatal(err)
		}
		_, hs, err := f.Append(tlog.RecordHash(b))
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, hs...)
	}
	rows.Close()
	mustExec(t, db, `DELETE FROM log_hashes WHERE log = $1`, log)
	for i, h := range all {
		mustExec(t, db, `INSERT INTO log_hashes (log, idx, hash) VALUES ($1, $2, $3)`, log, int64(i), h[:])
	}
}

const entryColumns = `log, idx, trace_id, event_time, user_id, partner_id, action, object_type, object_id, result,
	data_subject_id, processing_activity_id, record`

// TestLogTamperingDetected tampers with the stored logs directly in SQL, as
// someone with access to the database could, and checks that VerifyLogs
// names the first entry that can no longer be trusted.
func TestLogTamperingDetected(t *testing.T) {
	tests := []struct {
		name     string
		log      string
		tamper   func(t *testing.T, db *storage.DB, v note.Verifier)
		firstBad int64
	}{
		{"modified entry detected", logbook.Audit, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			b := bytes.Replace(entryBytes(t, db, logbook.Audit, 100), []byte(`"update"`), []byte(`"delete"`), 1)
			mustExec(t, db, `UPDATE log_entries SET record = $1 WHERE log = 'audit' AND idx = 100`, b)
		}, 100},
		{"modified processing entry detected", logbook.Processing, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			b := bytes.Replace(entryBytes(t, db, logbook.Processing, 7), []byte(`ds-`), []byte(`dx-`), 1)
			mustExec(t, db, `UPDATE log_entries SET record = $1 WHERE log = 'processing' AND idx = 7`, b)
		}, 7},
		{"modified user column detected", logbook.Audit, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			mustExec(t, db, `UPDATE log_entries SET user_id = 'someone-else' WHERE log = 'audit' AND idx = 57`)
		}, 57},
		{"modified time column detected", logbook.Audit, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			mustExec(t, db, `UPDATE log_entries SET event_time = $1 WHERE log = 'audit' AND idx = 58`, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
		}, 58},
		{"modified trace column detected", logbook.Audit, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			mustExec(t, db, `UPDATE log_entries SET trace_id = 'ffffffffffffffffffffffffffffffff' WHERE log = 'audit' AND idx = 59`)
		}, 59},
		{"modified data subject column detected", logbook.Processing, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			mustExec(t, db, `UPDATE log_entries SET data_subject_id = 'ds-other' WHERE log = 'processing' AND idx = 200`)
		}, 200},
		{"column of the other log filled in detected", logbook.Processing, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			mustExec(t, db, `UPDATE log_entries SET user_id = 'prof-1' WHERE log = 'processing' AND idx = 201`)
		}, 201},
		{"deleted middle entry detected", logbook.Audit, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			mustExec(t, db, `DELETE FROM log_entries WHERE log = 'audit' AND idx = 150`)
		}, 150},
		{"deleted first entry detected", logbook.Audit, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			mustExec(t, db, `DELETE FROM log_entries WHERE log = 'audit' AND idx = 0`)
		}, 0},
		{"deleted last entry detected", logbook.Audit, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			mustExec(t, db, `DELETE FROM log_entries WHERE log = 'audit' AND idx = $1`, fixtureSize-1)
		}, fixtureSize - 1},
		{"deleted last entries with their hashes and head size detected", logbook.Audit, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			mustExec(t, db, `DELETE FROM log_entries WHERE log = 'audit' AND idx >= 300`)
			mustExec(t, db, `DELETE FROM log_hashes WHERE log = 'audit' AND idx >= $1`, tlog.StoredHashIndex(0, 300))
			mustExec(t, db, `UPDATE log_heads SET size = 300 WHERE log = 'audit'`)
		}, 300},
		{"inserted entry at the end detected", logbook.Audit, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			mustExec(t, db, `INSERT INTO log_entries (`+entryColumns+`) SELECT `+strings.Replace(entryColumns, "idx", "$1", 1)+`
				FROM log_entries WHERE log = 'audit' AND idx = 5`, fixtureSize)
			rehash(t, db, logbook.Audit)
		}, fixtureSize},
		{"inserted entry in the middle detected", logbook.Audit, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			mustExec(t, db, `UPDATE log_entries SET idx = idx + 1000000 WHERE log = 'audit' AND idx >= 200`)
			mustExec(t, db, `UPDATE log_entries SET idx = idx - 999999 WHERE log = 'audit' AND idx >= 1000000`)
			mustExec(t, db, `INSERT INTO log_entries (`+entryColumns+`) SELECT `+strings.Replace(entryColumns, "idx", "200", 1)+`
				FROM log_entries WHERE log = 'audit' AND idx = 199`)
		}, 200},
		{"inserted entry with recomputed hashes detected by the checkpoints", logbook.Audit, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			mustExec(t, db, `UPDATE log_entries SET idx = idx + 1000000 WHERE log = 'audit' AND idx >= 300`)
			mustExec(t, db, `UPDATE log_entries SET idx = idx - 999999 WHERE log = 'audit' AND idx >= 1000000`)
			mustExec(t, db, `INSERT INTO log_entries (`+entryColumns+`) SELECT `+strings.Replace(entryColumns, "idx", "300", 1)+`
				FROM log_entries WHERE log = 'audit' AND idx = 299`)
			mustExec(t, db, `DELETE FROM log_entries WHERE log = 'audit' AND idx = $1`, fixtureSize)
			rehash(t, db, logbook.Audit)
		}, 256},
		{"reordered entries detected", logbook.Audit, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			mustExec(t, db, `UPDATE log_entries SET idx = -1 WHERE log = 'audit' AND idx = 10`)
			mustExec(t, db, `UPDATE log_entries SET idx = 10 WHERE log = 'audit' AND idx = 20`)
			mustExec(t, db, `UPDATE log_entries SET idx = 20 WHERE log = 'audit' AND idx = -1`)
		}, 10},
		{"entry with a negative index detected", logbook.Audit, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			mustExec(t, db, `INSERT INTO log_entries (`+entryColumns+`) SELECT `+strings.Replace(entryColumns, "idx", "-1", 1)+`
				FROM log_entries WHERE log = 'audit' AND idx = 0`)
		}, 0},
		{"modified stored hash detected", logbook.Audit, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			// Level 1 hash 40 covers entries 80 and 81 and is written with 81.
			mustExec(t, db, `UPDATE log_hashes SET hash = $1 WHERE log = 'audit' AND idx = $2`, make([]byte, 32), tlog.StoredHashIndex(1, 40))
		}, 81},
		{"modified leaf hash detected", logbook.Processing, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			mustExec(t, db, `UPDATE log_hashes SET hash = $1 WHERE log = 'processing' AND idx = $2`, make([]byte, 32), tlog.StoredHashIndex(0, 12))
		}, 12},
		{"extra stored hash detected", logbook.Audit, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			mustExec(t, db, `INSERT INTO log_hashes (log, idx, hash) VALUES ('audit', $1, $2)`, tlog.StoredHashCount(fixtureSize), make([]byte, 32))
		}, fixtureSize},
		{"rewritten entry with recomputed hashes detected by its checkpoint", logbook.Audit, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			b := bytes.Replace(entryBytes(t, db, logbook.Audit, 300), []byte(`"update"`), []byte(`"delete"`), 1)
			mustExec(t, db, `UPDATE log_entries SET record = $1, action = 'delete' WHERE log = 'audit' AND idx = 300`, b)
			rehash(t, db, logbook.Audit)
		}, 256},
		{"forged checkpoint detected", logbook.Audit, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			_, tree := headCheckpoint(t, db, logbook.Audit)
			_, forger, _ := testKeys(t) // same key name, another key
			forged, err := logbook.SignCheckpoint(forger, logbook.Audit, tree)
			if err != nil {
				t.Fatal(err)
			}
			mustExec(t, db, `UPDATE log_heads SET checkpoint = $1 WHERE log = 'audit'`, string(forged))
		}, 256},
		{"altered checkpoint detected", logbook.Audit, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			msg, tree := headCheckpoint(t, db, logbook.Audit)
			altered := strings.Replace(msg, tree.Hash.String(), tlog.RecordHash([]byte("x")).String(), 1)
			mustExec(t, db, `UPDATE log_heads SET checkpoint = $1 WHERE log = 'audit'`, altered)
		}, 256},
		{"altered history checkpoint detected", logbook.Audit, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			mustExec(t, db, `UPDATE log_checkpoints SET checkpoint = replace(checkpoint, '256', '255') WHERE log = 'audit' AND size = 256`)
		}, 0},
		{"checkpoint of the other log detected", logbook.Audit, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			mustExec(t, db, `UPDATE log_heads SET checkpoint = (SELECT checkpoint FROM log_heads WHERE log = 'processing') WHERE log = 'audit'`)
		}, 256},
		{"replayed old checkpoint detected", logbook.Audit, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			mustExec(t, db, `UPDATE log_heads SET size = 256, checkpoint = (SELECT checkpoint FROM log_checkpoints WHERE log = 'audit' AND size = 256) WHERE log = 'audit'`)
		}, 256},
		{"removed latest checkpoint detected", logbook.Audit, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			mustExec(t, db, `UPDATE log_heads SET size = 0, checkpoint = '' WHERE log = 'audit'`)
		}, 256},
		{"altered head size detected", logbook.Audit, func(t *testing.T, db *storage.DB, _ note.Verifier) {
			mustExec(t, db, `UPDATE log_heads SET size = 100 WHERE log = 'audit'`)
		}, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, v := tamperFixture(t)
			tt.tamper(t, db, v)
			r := mustVerify(t, db)
			c := r.Log(tt.log)
			if c.OK() {
				t.Fatalf("tampering not detected:\n%s", r)
			}
			if c.FirstBad != tt.firstBad {
				t.Fatalf("first bad entry = %d, want %d:\n%s", c.FirstBad, tt.firstBad, r)
			}
			for _, other := range r.Logs {
				if other.Log != tt.log && !other.OK() {
					t.Errorf("untouched %s log reported: %s", other.Log, other.Problem)
				}
			}
			t.Logf("%s", r)
		})
	}
}

// TestLogEventTimeColumnComparedExactly changes an entry's event_time
// column to other instants, and on SQLite to other text, and checks that
// verification reports exactly the values that are not the instant of the
// record's time: verification compares SQLite's stored text with the
// record's time as the connections write it and parses only other text, as
// the driver would.
func TestLogEventTimeColumnComparedExactly(t *testing.T) {
	const idx = 58
	sqlite := !storagetest.UsingPostgres()
	tests := []struct {
		name       string
		sqliteOnly bool
		value      func(at time.Time) any
		bad        bool
	}{
		{"one microsecond later", false, func(at time.Time) any { return at.Add(time.Microsecond) }, true},
		{"one microsecond earlier", false, func(at time.Time) any { return at.Add(-time.Microsecond) }, true},
		{"one second later", false, func(at time.Time) any { return at.Add(time.Second) }, true},
		{"one hour later", false, func(at time.Time) any { return at.Add(time.Hour) }, true},
		{"the same instant in another zone", false, func(at time.Time) any { return at.In(time.FixedZone("", 2*3600)) }, false},
		{"the same time in another zone", false, func(at time.Time) any {
			return time.Date(at.Year(), at.Month(), at.Day(), at.Hour(), at.Minute(), at.Second(), at.Nanosecond(), time.FixedZone("", 3600))
		}, true},
		{"text as written", true, func(at time.Time) any { return at.Format("2006-01-02 15:04:05.999999999-07:00") }, false},
		{"text as written and a space", true, func(at time.Time) any { return at.Format("2006-01-02 15:04:05.999999999-07:00") + " " }, true},
		{"text as written without the microseconds", true, func(at time.Time) any {
			return at.Format("2006-01-02 15:04:05-07:00")
		}, true},
		{"text with all nine digits", true, func(at time.Time) any { return at.Format("2006-01-02 15:04:05.000000000-07:00") }, false},
		{"text in RFC 3339", true, func(at time.Time) any { return at.Format(time.RFC3339Nano) }, false},
		{"text as time.Time.String writes it", true, func(at time.Time) any { return at.String() }, false},
		{"text without a zone", true, func(at time.Time) any { return at.Format("2006-01-02 15:04:05.999999999") }, false},
		{"text of another instant without a zone", true, func(at time.Time) any { return at.Add(time.Millisecond).Format("2006-01-02T15:04:05.999999999") }, true},
		{"text that is no time", true, func(time.Time) any { return "gisteren" }, true},
		{"empty text", true, func(time.Time) any { return "" }, true},
		{"a number of seconds", true, func(at time.Time) any { return at.Unix() }, true},
		{"bytes", true, func(at time.Time) any { return []byte(at.Format("2006-01-02 15:04:05.999999999-07:00")) }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.sqliteOnly && !sqlite {
				t.Skip("SQLite keeps the column as text")
			}
			db, _ := tamperFixture(t)
			r, err := logbook.DecodeAudit(entryBytes(t, db, logbook.Audit, idx))
			if err != nil {
				t.Fatal(err)
			}
			if r.Time.Nanosecond()%int(time.Millisecond) == 0 {
				t.Fatalf("fixture: the time of entry %d, %s, has no microseconds to change", idx, r.Time)
			}
			mustExec(t, db, `UPDATE log_entries SET event_time = $1 WHERE log = 'audit' AND idx = $2`, tt.value(r.Time), idx)
			rep := mustVerify(t, db)
			c := rep.Log(logbook.Audit)
			switch {
			case tt.bad && (c.OK() || c.FirstBad != idx || c.Problem != "column event_time differs from the record"):
				t.Fatalf("want entry %d reported for its event_time:\n%s", idx, rep)
			case !tt.bad && !rep.OK():
				t.Fatalf("want the log sound, the column holding the record's instant:\n%s", rep)
			}
		})
	}
}

// TestWitnessedCheckpointDetectsTruncation cuts a log short together with
// its hashes and later checkpoints and gives it back its own older signed
// checkpoint: the database alone then looks sound, but a checkpoint kept
// outside it from an earlier verification reveals the truncation.
func TestWitnessedCheckpointDetectsTruncation(t *testing.T) {
	db, _ := tamperFixture(t)
	r := mustVerify(t, db)
	witnessed := map[string][]byte{}
	for _, c := range r.Logs {
		if !c.OK() || len(c.Latest) == 0 {
			t.Fatalf("fixture: %s", r)
		}
		witnessed[c.Log] = c.Latest
	}
	t.Run("sound logs verify against their witnessed checkpoints", func(t *testing.T) {
		mustRecord(t, db, 2, 3, 3)
		r, err := db.VerifyLogsAgainst(context.Background(), witnessed)
		if err != nil {
			t.Fatal(err)
		}
		if !r.OK() {
			t.Fatalf("report:\n%s", r)
		}
	})
	t.Run("truncated log with an older checkpoint detected", func(t *testing.T) {
		mustExec(t, db, `DELETE FROM log_entries WHERE log = 'audit' AND idx >= 256`)
		mustExec(t, db, `DELETE FROM log_hashes WHERE log = 'audit' AND idx >= $1`, tlog.StoredHashCount(256))
		mustExec(t, db, `UPDATE log_heads SET size = 256, checkpoint = (SELECT checkpoint FROM log_checkpoints WHERE log = 'audit' AND size = 256) WHERE log = 'audit'`)
		if r := mustVerify(t, db); !r.OK() {
			t.Fatalf("the database alone cannot reveal this, yet:\n%s", r)
		}
		r, err := db.VerifyLogsAgainst(context.Background(), witnessed)
		if err != nil {
			t.Fatal(err)
		}
		c := r.Log(logbook.Audit)
		if c.OK() || c.FirstBad != 256 {
			t.Fatalf("report:\n%s", r)
		}
		if !r.Log(logbook.Processing).OK() {
			t.Errorf("untouched processing log reported:\n%s", r)
		}
		t.Logf("%s", r)
	})
	t.Run("a witnessed checkpoint that is not one is an error", func(t *testing.T) {
		if _, err := db.VerifyLogsAgainst(context.Background(), map[string][]byte{logbook.Audit: []byte("nonsense")}); err == nil {
			t.Error("no error")
		}
	})
}

func TestInclusionProof(t *testing.T) {
	keys, _, v := testKeys(t)
	db := openWithKeys(t, storagetest.URL(t), keys)
	mustRecord(t, db, 20, 5, 1)
	ctx := ga.WithActor(context.Background(), auditor)
	const n = 100

	for _, idx := range []int64{0, 1, 31, 64, n - 1} {
		t.Run(fmt.Sprintf("entry %d proves against the latest checkpoint", idx), func(t *testing.T) {
			p, err := db.InclusionProof(ctx, logbook.Audit, idx)
			if err != nil {
				t.Fatal(err)
			}
			if p.Tree.N < n {
				t.Fatalf("proof against a tree of %d entries, want at least %d", p.Tree.N, n)
			}
			if err := tlog.CheckRecord(p.Proof, p.Tree.N, p.Tree.Hash, idx, tlog.RecordHash(p.Record)); err != nil {
				t.Fatalf("CheckRecord: %v", err)
			}
			if err := p.Verify(v); err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if maxLen := bits.Len64(uint64(p.Tree.N)) + 1; len(p.Proof) > maxLen {
				t.Errorf("proof has %d hashes, want O(log n) ≤ %d", len(p.Proof), maxLen)
			}
			if _, err := logbook.DecodeAudit(p.Record); err != nil {
				t.Errorf("proved record is not an audit record: %v", err)
			}
		})
	}
	t.Run("proof fails for a wrong record", func(t *testing.T) {
		p, err := db.InclusionProof(ctx, logbook.Audit, 10)
		if err != nil {
			t.Fatal(err)
		}
		other := entryBytes(t, db, logbook.Audit, 11)
		if err := tlog.CheckRecord(p.Proof, p.Tree.N, p.Tree.Hash, 10, tlog.RecordHash(other)); err == nil {
			t.Error("proof of entry 10 accepted entry 11's bytes")
		}
		if err := tlog.CheckRecord(p.Proof, p.Tree.N, p.Tree.Hash, 11, tlog.RecordHash(p.Record)); err == nil {
			t.Error("proof of entry 10 accepted at index 11")
		}
		p.Record = bytes.Replace(p.Record, []byte(`"update"`), []byte(`"delete"`), 1)
		if err := p.Verify(v); err == nil {
			t.Error("Verify accepted an altered record")
		}
	})
	t.Run("proof fails under another key", func(t *testing.T) {
		p, err := db.InclusionProof(ctx, logbook.Processing, 3)
		if err != nil {
			t.Fatal(err)
		}
		_, _, otherV := testKeys(t)
		if err := p.Verify(otherV); err == nil {
			t.Error("Verify accepted a checkpoint under another key")
		}
	})
	t.Run("entry beyond the log is not found", func(t *testing.T) {
		if _, err := db.InclusionProof(ctx, logbook.Processing, 10_000); !ga.IsKind(err, ga.KindNotFound) {
			t.Errorf("error = %v, want not found", err)
		}
	})
	t.Run("professional may not ask for proofs", func(t *testing.T) {
		pctx := ga.WithActor(context.Background(), professional)
		if _, err := db.InclusionProof(pctx, logbook.Audit, 1); !ga.IsKind(err, ga.KindForbidden) {
			t.Errorf("error = %v, want forbidden", err)
		}
	})
}

func TestVerifierOnlyKeysVerify(t *testing.T) {
	keys, _, v := testKeys(t)
	u := storagetest.URL(t)
	db := openWithKeys(t, u, keys)
	mustRecord(t, db, 3, 2, 2)
	auditorCopy := openWithKeys(t, u, storage.NewLogKeys(nil, v))
	if r := mustVerify(t, auditorCopy); !r.OK() || r.Log(logbook.Audit).Entries != 6 {
		t.Fatalf("report with the verifier key only:\n%s", r)
	}
	_, _, otherV := testKeys(t)
	stranger := openWithKeys(t, u, storage.NewLogKeys(nil, otherV))
	if r := mustVerify(t, stranger); r.OK() {
		t.Fatal("logs verified under another key")
	}
}

func TestReadingLogs(t *testing.T) {
	db := storagetest.Open(t, storagetest.Options{})
	base := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	// Ten transactions an hour apart, by two users, each touching one group
	// and one data subject.
	traces := make([]ga.Trace, 10)
	for i := range traces {
		at := base.Add(time.Duration(i) * time.Hour)
		actor := *professional
		if i%2 == 1 {
			actor.UserID = "prof-2"
		}
		traces[i] = storage.NewTrace()
		ctx := ga.WithTrace(ga.WithActor(context.Background(), &actor), traces[i])
		err := db.Transact(ctx, func(tx *storage.Tx) error {
			tx.Audit("update", "group", fmt.Sprintf("g%d", i%3), ga.ResultSuccess, "")
			tx.Processed(ga.ProcessingRecord{Name: "update", StartTime: at, EndTime: at,
				ProcessingActivityID: fmt.Sprintf("pa-%d", i%2), DataSubjectID: fmt.Sprintf("ds-%d", i%4), DataSubjectIDType: "pseudoniem"})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	actx := ga.WithActor(context.Background(), auditor)
	audits := func(t *testing.T, f storage.AuditFilter) []storage.AuditEntry {
		t.Helper()
		es, err := db.AuditEntries(actx, f)
		if err != nil {
			t.Fatal(err)
		}
		return es
	}
	t.Run("auditor lists audit entries by user", func(t *testing.T) {
		es := audits(t, storage.AuditFilter{UserID: "prof-2"})
		if len(es) != 5 {
			t.Fatalf("%d entries of prof-2, want 5", len(es))
		}
		for _, e := range es {
			if e.UserID != "prof-2" || e.Action != "update" {
				t.Errorf("entry %+v", e)
			}
		}
	})
	t.Run("auditor lists audit entries by object and trace", func(t *testing.T) {
		if es := audits(t, storage.AuditFilter{ObjectType: "group", ObjectID: "g0"}); len(es) != 4 {
			t.Errorf("%d entries on g0, want 4", len(es))
		}
		es := audits(t, storage.AuditFilter{TraceID: traces[3].TraceID})
		if len(es) != 1 || es[0].TraceID != traces[3].TraceID {
			t.Errorf("entries of trace 3: %+v", es)
		}
	})
	t.Run("audit listing pages with a cursor", func(t *testing.T) {
		var all []storage.AuditEntry
		f := storage.AuditFilter{Action: "update", Limit: 3}
		for {
			page := audits(t, f)
			if len(page) == 0 {
				break
			}
			if len(page) > 3 {
				t.Fatalf("page of %d, limit 3", len(page))
			}
			all = append(all, page...)
			f.Start = page[len(page)-1].Index + 1
		}
		if len(all) != 10 {
			t.Fatalf("%d entries over all pages, want 10", len(all))
		}
		for i := 1; i < len(all); i++ {
			if all[i].Index <= all[i-1].Index {
				t.Fatalf("pages out of order at %d", i)
			}
		}
	})
	t.Run("limit is capped", func(t *testing.T) {
		es, err := db.AuditEntries(actx, storage.AuditFilter{Limit: 100000})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) > storage.MaxLogPage {
			t.Errorf("%d entries, more than %d", len(es), storage.MaxLogPage)
		}
	})
	t.Run("data subject's processing lines are listed by a filter", func(t *testing.T) {
		es, err := db.ProcessingEntries(actx, storage.ProcessingFilter{DataSubjectID: "ds-1"})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 3 { // i = 1, 5, 9
			t.Fatalf("%d lines of ds-1, want 3", len(es))
		}
		for _, e := range es {
			if e.DataSubjectID != "ds-1" || e.ProcessingActivityID == "" || e.TraceID == "" {
				t.Errorf("line %+v", e)
			}
		}
	})
	t.Run("processing lines are filtered by time range and activity", func(t *testing.T) {
		es, err := db.ProcessingEntries(actx, storage.ProcessingFilter{From: base.Add(2 * time.Hour), Until: base.Add(6 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 4 { // i = 2..5
			t.Fatalf("%d lines in [2h, 6h), want 4", len(es))
		}
		es, err = db.ProcessingEntries(actx, storage.ProcessingFilter{ProcessingActivityID: "pa-0", From: base.Add(2 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 4 { // i = 2, 4, 6, 8
			t.Fatalf("%d lines of pa-0 from 2h, want 4", len(es))
		}
	})
	t.Run("the audit and processing lines of one trace link up", func(t *testing.T) {
		ps, err := db.ProcessingEntries(actx, storage.ProcessingFilter{TraceID: traces[7].TraceID})
		if err != nil {
			t.Fatal(err)
		}
		as := audits(t, storage.AuditFilter{TraceID: traces[7].TraceID})
		if len(ps) != 1 || len(as) != 1 {
			t.Fatalf("trace 7: %d processing and %d audit lines, want 1 and 1", len(ps), len(as))
		}
	})
	t.Run("professional may not read the logs and the refusal is audited", func(t *testing.T) {
		pctx := ga.WithActor(context.Background(), professional)
		if _, err := db.AuditEntries(pctx, storage.AuditFilter{}); !ga.IsKind(err, ga.KindForbidden) {
			t.Errorf("AuditEntries error = %v, want forbidden", err)
		}
		if _, err := db.ProcessingEntries(pctx, storage.ProcessingFilter{DataSubjectID: "ds-1"}); !ga.IsKind(err, ga.KindForbidden) {
			t.Errorf("ProcessingEntries error = %v, want forbidden", err)
		}
		es := audits(t, storage.AuditFilter{UserID: professional.UserID, Action: "read"})
		if len(es) != 2 || es[0].Result != ga.ResultDenied || es[0].ObjectType != "audit_log" || es[1].ObjectType != "processing_log" {
			t.Errorf("refusals audited as %+v", es)
		}
	})
	t.Run("no actor may not read the logs", func(t *testing.T) {
		if _, err := db.AuditEntries(context.Background(), storage.AuditFilter{}); !ga.IsKind(err, ga.KindForbidden) {
			t.Errorf("error = %v, want forbidden", err)
		}
	})
	t.Run("the system may read the logs", func(t *testing.T) {
		sctx := ga.WithActor(context.Background(), ga.SystemActor("test"))
		if _, err := db.AuditEntries(sctx, storage.AuditFilter{}); err != nil {
			t.Error(err)
		}
	})
	t.Run("reading is audited without the filter's values", func(t *testing.T) {
		es := audits(t, storage.AuditFilter{UserID: auditor.UserID, Action: "read", ObjectType: "processing_log"})
		var found bool
		for _, e := range es {
			if e.Result == ga.ResultSuccess && strings.Contains(e.Detail, "data_subject_id") {
				found = true
				if strings.Contains(e.Detail, "ds-1") {
					t.Errorf("audit detail %q holds the data subject id", e.Detail)
				}
			}
		}
		if !found {
			t.Errorf("no audit line for the auditor's reading by data subject: %+v", es)
		}
	})
	if r := mustVerify(t, db); !r.OK() {
		t.Fatalf("report:\n%s", r)
	}
}
