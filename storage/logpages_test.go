package storage_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/groepsaanpak/groepsaanpak/logbook"
	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

// pagesSize is the size of the audit log of TestLogTamperingAcrossPages:
// two full pages of verification (4096 entries each) and part of a third.
const pagesSize = 8800

// TestLogTamperingAcrossPages tampers with a log that verification reads in
// several pages, in each of them, and compares the whole report with the
// one checking the entries one after the other gives: the entry, the
// reason, and how many entries and checkpoints were read before it.
func TestLogTamperingAcrossPages(t *testing.T) {
	leafMismatch := func(idx int64) string {
		return fmt.Sprintf("the entry's bytes do not match its stored hash %d", tlog.StoredHashIndex(0, idx))
	}
	changeRecord := func(idx int64) func(t *testing.T, db *storage.DB, _ note.Verifier) string {
		return func(t *testing.T, db *storage.DB, _ note.Verifier) string {
			b := bytes.Replace(entryBytes(t, db, logbook.Audit, idx), []byte(`"update"`), []byte(`"delete"`), 1)
			mustExec(t, db, `UPDATE log_entries SET record = $1 WHERE log = 'audit' AND idx = $2`, b, idx)
			return leafMismatch(idx)
		}
	}
	tests := []struct {
		name        string
		tamper      func(t *testing.T, db *storage.DB, v note.Verifier) string // returns the expected problem
		firstBad    int64
		entries     int64 // entries read when the problem is found
		checkpoints int64 // checkpoints verified by then
	}{
		{"changed record in the first page", changeRecord(100), 100, 101, 0},
		{"changed record in the second page", changeRecord(5000), 5000, 5001, 5000 / 256},
		{"deleted entry in the second page", func(t *testing.T, db *storage.DB, _ note.Verifier) string {
			mustExec(t, db, `DELETE FROM log_entries WHERE log = 'audit' AND idx = 6000`)
			return "entry 6000 is missing: the next stored entry has index 6001"
		}, 6000, 6000, 6000 / 256},
		{"deleted first entry of the second page", func(t *testing.T, db *storage.DB, _ note.Verifier) string {
			mustExec(t, db, `DELETE FROM log_entries WHERE log = 'audit' AND idx = 4096`)
			return "entry 4096 is missing: the next stored entry has index 4097"
		}, 4096, 4096, 4096 / 256},
		{"changed metadata column in the second page", func(t *testing.T, db *storage.DB, _ note.Verifier) string {
			mustExec(t, db, `UPDATE log_entries SET user_id = 'someone-else' WHERE log = 'audit' AND idx = 7000`)
			return "column user_id differs from the record"
		}, 7000, 7001, 7000 / 256},
		{"deleted stored hash in the second page", func(t *testing.T, db *storage.DB, _ note.Verifier) string {
			mustExec(t, db, `DELETE FROM log_hashes WHERE log = 'audit' AND idx = $1`, tlog.StoredHashIndex(0, 4500))
			return fmt.Sprintf("stored hash %d (level 0) is missing", tlog.StoredHashIndex(0, 4500))
		}, 4500, 4501, 4500 / 256},
		{"altered checkpoint in the second page", func(t *testing.T, db *storage.DB, v note.Verifier) string {
			mustExec(t, db, `UPDATE log_checkpoints SET checkpoint = replace(checkpoint, '4608', '4607') WHERE log = 'audit' AND size = 4608`)
			var msg string
			if err := db.SQL().QueryRow(`SELECT checkpoint FROM log_checkpoints WHERE log = 'audit' AND size = 4608`).Scan(&msg); err != nil {
				t.Fatal(err)
			}
			_, err := logbook.OpenCheckpoint(v, logbook.Audit, []byte(msg))
			if err == nil {
				t.Fatal("the altered checkpoint still opens")
			}
			return fmt.Sprintf("checkpoint at size 4608: %v", err)
		}, 4352, 4608, 4352 / 256},
		{"entries deleted across a page's end", func(t *testing.T, db *storage.DB, _ note.Verifier) string {
			mustExec(t, db, `DELETE FROM log_entries WHERE log = 'audit' AND idx >= 4000 AND idx <= 8500`)
			return "entry 4000 is missing: the next stored entry has index 8501"
		}, 4000, 4000, 4000 / 256},
		{"deleted entry in the third page", func(t *testing.T, db *storage.DB, _ note.Verifier) string {
			mustExec(t, db, `DELETE FROM log_entries WHERE log = 'audit' AND idx = 8300`)
			return "entry 8300 is missing: the next stored entry has index 8301"
		}, 8300, 8300, 8300 / 256},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, v := pagesFixture(t)
			want := storage.LogCheck{Log: logbook.Audit, Entries: tt.entries, Checkpoints: tt.checkpoints,
				FirstBad: tt.firstBad, Problem: tt.tamper(t, db, v)}
			r := mustVerify(t, db)
			if got := *r.Log(logbook.Audit); !sameCheck(got, want) {
				t.Fatalf("report\n%+v\nwant\n%+v", got, want)
			}
			if !r.Log(logbook.Processing).OK() {
				t.Errorf("untouched processing log reported:\n%s", r)
			}
		})
	}
	t.Run("sound log", func(t *testing.T) {
		db, _ := pagesFixture(t)
		r := mustVerify(t, db)
		want := storage.LogCheck{Log: logbook.Audit, Entries: pagesSize, Checkpoints: pagesSize/256 + 1, FirstBad: -1}
		got := *r.Log(logbook.Audit)
		if len(got.Latest) == 0 || !sameCheck(got, want) {
			t.Fatalf("report\n%+v\nwant\n%+v", got, want)
		}
	})
}

// pagesFixture is a database whose audit log holds pagesSize entries,
// written 400 per transaction, and whose processing log is empty.
func pagesFixture(t *testing.T) (*storage.DB, note.Verifier) {
	t.Helper()
	keys, _, v := testKeys(t)
	db := openWithKeys(t, storagetest.URL(t), keys)
	mustRecord(t, db, pagesSize/400, 400, 0)
	return db, v
}

// sameCheck compares two reports but for the latest checkpoint's bytes.
func sameCheck(a, b storage.LogCheck) bool {
	a.Latest, b.Latest = nil, nil
	return a.Log == b.Log && a.Entries == b.Entries && a.Checkpoints == b.Checkpoints &&
		a.FirstBad == b.FirstBad && a.Problem == b.Problem
}

// TestVerifyPageReadsOnlyItsPage checks on PostgreSQL that reading a page of
// verification reads no more entries than the page holds, on a log the
// planner has no statistics for, as after a bulk load or a restore before
// autovacuum has run. With only a lower bound on the index, PostgreSQL then
// read and sorted every entry from there to the end of the log for every
// page: verifying 500,000 entries took minutes instead of seconds.
func TestVerifyPageReadsOnlyItsPage(t *testing.T) {
	keys, _, _ := testKeys(t)
	db := openWithKeys(t, storagetest.PostgresURL(t), keys)
	mustExec(t, db, `ALTER TABLE log_entries SET (autovacuum_enabled = false)`)
	mustRecord(t, db, pagesSize/400, 400, 0)
	var tuples float64
	if err := db.SQL().QueryRow(`SELECT reltuples FROM pg_class WHERE relname = 'log_entries'`).Scan(&tuples); err != nil {
		t.Fatal(err)
	}
	if tuples >= 0 {
		t.Fatalf("log_entries has statistics (reltuples %v); the test needs a table never analysed", tuples)
	}
	type node struct {
		Type  string  `json:"Node Type"`
		Rows  float64 `json:"Actual Rows"`
		Loops float64 `json:"Actual Loops"`
		Plans []node  `json:"Plans"`
	}
	for _, page := range []struct{ from, to int64 }{
		{math.MinInt64, storage.VerifyPage},          // the first page
		{storage.VerifyPage, 2 * storage.VerifyPage}, // a middle one
	} {
		var out []byte
		if err := db.SQL().QueryRow(`EXPLAIN (ANALYZE, FORMAT JSON) `+storage.EntryRangeQuery,
			logbook.Audit, page.from, page.to).Scan(&out); err != nil {
			t.Fatal(err)
		}
		var plans []struct{ Plan node }
		if err := json.Unmarshal(out, &plans); err != nil || len(plans) != 1 {
			t.Fatalf("plan %s: %v", out, err)
		}
		if got := plans[0].Plan.Rows; got != storage.VerifyPage {
			t.Fatalf("page from %d returned %v entries, want %d", page.from, got, storage.VerifyPage)
		}
		var walk func(n node)
		walk = func(n node) {
			if strings.HasSuffix(n.Type, "Scan") && n.Rows*n.Loops > storage.VerifyPage {
				t.Errorf("page from %d: %s read %v rows, more than the page's %d:\n%s", page.from, n.Type, n.Rows*n.Loops, storage.VerifyPage, out)
			}
			for _, c := range n.Plans {
				walk(c)
			}
		}
		walk(plans[0].Plan)
	}
}
