-- +goose Up
-- The tamper-evident logs (SPEC §5, BIO 8.15): the audit log and the
-- processing log (Logboek Dataverwerkingen), linked by trace_id. Each is an
-- append-only Merkle log in the format of golang.org/x/mod/sumdb/tlog; the
-- Go package logbook describes the hashing and the checkpoints.

-- log_heads holds one row per log: its size and its latest signed
-- checkpoint. An append locks this row (SELECT … FOR UPDATE on PostgreSQL,
-- the one write lock on SQLite), so appends to one log are serialised across
-- goroutines and processes and the indexes stay gap-free.
CREATE TABLE log_heads (
    log        TEXT PRIMARY KEY CHECK (log IN ('audit', 'processing')),
    size       INTEGER NOT NULL,
    checkpoint TEXT NOT NULL,
    updated_at DATETIME
);
INSERT INTO log_heads (log, size, checkpoint) VALUES ('audit', 0, ''), ('processing', 0, '');

-- log_entries holds every entry of both logs. record is the exact bytes
-- hashed into the tree (the canonical JSON of the record); the other
-- columns repeat metadata of the record so that it can be filtered on, and
-- verification checks that they equal the record. Columns that do not apply
-- to an entry's log are empty. event_time is an audit record's time or a
-- processing record's start time.
CREATE TABLE log_entries (
    log                    TEXT NOT NULL CHECK (log IN ('audit', 'processing')),
    idx                    INTEGER NOT NULL,
    trace_id               TEXT NOT NULL,
    event_time             DATETIME NOT NULL,
    user_id                TEXT NOT NULL DEFAULT '',
    partner_id             TEXT NOT NULL DEFAULT '',
    action                 TEXT NOT NULL DEFAULT '',
    object_type            TEXT NOT NULL DEFAULT '',
    object_id              TEXT NOT NULL DEFAULT '',
    result                 TEXT NOT NULL DEFAULT '',
    data_subject_id        TEXT NOT NULL DEFAULT '',
    processing_activity_id TEXT NOT NULL DEFAULT '',
    record                 BLOB NOT NULL,
    PRIMARY KEY (log, idx)
);
-- trace_id links the two logs; the others serve the filters of the
-- auditor's listing, each ending in idx for its cursor.
CREATE INDEX log_entries_trace ON log_entries (trace_id);
CREATE INDEX log_entries_time ON log_entries (log, event_time, idx);
CREATE INDEX log_entries_user ON log_entries (log, user_id, idx);
CREATE INDEX log_entries_partner ON log_entries (log, partner_id, idx);
CREATE INDEX log_entries_action ON log_entries (log, action, idx);
CREATE INDEX log_entries_object ON log_entries (log, object_type, object_id, idx);
CREATE INDEX log_entries_subject ON log_entries (log, data_subject_id, idx);
CREATE INDEX log_entries_activity ON log_entries (log, processing_activity_id, idx);

-- log_hashes holds the stored hashes of each log's tree, by tlog's
-- stored-hash index: appending and proving read O(log n) of them, never the
-- whole log.
CREATE TABLE log_hashes (
    log  TEXT NOT NULL CHECK (log IN ('audit', 'processing')),
    idx  INTEGER NOT NULL,
    hash BLOB NOT NULL,
    PRIMARY KEY (log, idx)
);

-- log_checkpoints keeps a signed checkpoint at every multiple of 256 entries, so
-- that verification can check signatures along the whole log and a later
-- checkpoint can be proved consistent with an earlier one. The latest
-- checkpoint is always in log_heads.
CREATE TABLE log_checkpoints (
    log        TEXT NOT NULL CHECK (log IN ('audit', 'processing')),
    size       INTEGER NOT NULL,
    checkpoint TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (log, size)
);

-- +goose Down
DROP TABLE log_checkpoints;
DROP TABLE log_hashes;
DROP TABLE log_entries;
DROP TABLE log_heads;
