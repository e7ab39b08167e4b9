-- +goose Up
-- A detected group of the Groepsscan turned into a casework group (step 2B,
-- docs/groepsscan.md "Into the work process"). group_scans links the group
-- to the detected group by its stable id, which is unique: a detected group
-- becomes at most one casework group, in this scan or a later one. The
-- profile of that moment is kept with the link (storedProfile JSON), so the
-- group keeps the scan it was made from when later scans change.
CREATE TABLE group_scans (
    group_id       TEXT PRIMARY KEY REFERENCES groups (id),
    scan_id        TEXT NOT NULL,
    scan_group_id  TEXT NOT NULL UNIQUE,
    suggested      TEXT NOT NULL,
    profile        TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    partner_id     TEXT NOT NULL REFERENCES partners (id),
    created_at     TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (scan_id, scan_group_id) REFERENCES scan_groups (scan_id, group_id)
);

-- group_scan_members maps each member of the detected group to the person
-- on the group's name list: reused when the matching rule found the person
-- already registered by the same partner, else created. The row goes with
-- the membership when retention deletes it.
CREATE TABLE group_scan_members (
    group_id    TEXT NOT NULL REFERENCES group_scans (group_id),
    person_key  TEXT NOT NULL,
    person_id   TEXT NOT NULL,
    reused      BOOLEAN NOT NULL,
    PRIMARY KEY (group_id, person_key)
);
CREATE INDEX group_scan_members_person ON group_scan_members (person_id);

-- +goose Down
DROP TABLE group_scan_members;
DROP TABLE group_scans;
