-- +goose Up
-- Groepsscan (step 2B, SPEC §2; docs/groepsscan.md): police registrations,
-- the persons in them, scan runs with their detected groups under stable
-- ids, uncertain person matches for the officer, and the neighbourhood
-- officer's soft input. Police information: only police users read or
-- write these tables (ga.CanUseGroepsscan).

-- scan_persons are the persons of the registrations, identified by the
-- matching key (normalised name and date of birth); pseudonym identifies
-- them in the processing log.
CREATE TABLE scan_persons (
    person_key    TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    date_of_birth TEXT NOT NULL,
    pseudonym     TEXT NOT NULL UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL
);

-- registrations are idempotent on the police's registration id;
-- content_hash tells an unchanged re-import from an update.
CREATE TABLE registrations (
    id            TEXT PRIMARY KEY,
    occurred_at   TIMESTAMPTZ NOT NULL,
    incident_code TEXT NOT NULL,
    category      TEXT NOT NULL CHECK (category IN ('overlast', 'criminaliteit', 'zorg')),
    area          TEXT NOT NULL,
    location      TEXT NOT NULL,
    description   TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    imported_at   TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX registrations_occurred ON registrations (occurred_at);

CREATE TABLE registration_persons (
    registration_id TEXT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    person_key      TEXT NOT NULL REFERENCES scan_persons (person_key),
    role            TEXT NOT NULL CHECK (role IN ('verdachte', 'betrokkene', 'getuige', 'slachtoffer')),
    name            TEXT NOT NULL,
    PRIMARY KEY (registration_id, position)
);
CREATE INDEX registration_persons_person ON registration_persons (person_key);

CREATE TABLE scans (
    id             TEXT PRIMARY KEY,
    created_at     TIMESTAMPTZ NOT NULL,
    created_by     TEXT NOT NULL,
    partner_id     TEXT NOT NULL REFERENCES partners (id),
    window_from    TIMESTAMPTZ NOT NULL,
    window_to      TIMESTAMPTZ NOT NULL,
    options        TEXT NOT NULL,
    registrations  INTEGER NOT NULL,
    persons        INTEGER NOT NULL,
    groups         INTEGER NOT NULL
);
CREATE INDEX scans_created ON scans (created_at);

-- scan_groups are the detected groups of a scan. group_id is the stable
-- id a group keeps across scans; profile is the groepsscan.Profile as JSON.
CREATE TABLE scan_groups (
    scan_id           TEXT NOT NULL REFERENCES scans (id),
    group_id          TEXT NOT NULL,
    position          INTEGER NOT NULL,
    size              INTEGER NOT NULL,
    previous_jaccard  DOUBLE PRECISION NOT NULL,
    split             BOOLEAN NOT NULL,
    oversized         BOOLEAN NOT NULL,
    suggested         TEXT NOT NULL,
    profile           TEXT NOT NULL,
    PRIMARY KEY (scan_id, group_id)
);
CREATE INDEX scan_groups_group ON scan_groups (group_id);

CREATE TABLE scan_group_members (
    scan_id    TEXT NOT NULL,
    group_id   TEXT NOT NULL,
    person_key TEXT NOT NULL REFERENCES scan_persons (person_key),
    role       TEXT NOT NULL,
    PRIMARY KEY (scan_id, group_id, person_key),
    FOREIGN KEY (scan_id, group_id) REFERENCES scan_groups (scan_id, group_id)
);

-- scan_uncertain_matches are the pairs the scan did not merge; the officer
-- decides (decision 'zelfde' or 'verschillend').
CREATE TABLE scan_uncertain_matches (
    scan_id      TEXT NOT NULL REFERENCES scans (id),
    person_a     TEXT NOT NULL REFERENCES scan_persons (person_key),
    person_b     TEXT NOT NULL REFERENCES scan_persons (person_key),
    reason       TEXT NOT NULL,
    PRIMARY KEY (scan_id, person_a, person_b)
);

-- scan_soft_input is the neighbourhood officer's soft input on a detected
-- group (by its stable id), kept apart from the registrations and always
-- shown as such. person_key is empty for input about the group as a whole.
CREATE TABLE scan_soft_input (
    id          TEXT PRIMARY KEY,
    group_id    TEXT NOT NULL,
    person_key  TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL CHECK (kind IN ('observatie', 'hangplek', 'opmerking')),
    text        TEXT NOT NULL,
    author_id   TEXT NOT NULL,
    partner_id  TEXT NOT NULL REFERENCES partners (id),
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX scan_soft_input_group ON scan_soft_input (group_id, created_at);

-- +goose Down
DROP TABLE scan_soft_input;
DROP TABLE scan_uncertain_matches;
DROP TABLE scan_group_members;
DROP TABLE scan_groups;
DROP TABLE scans;
DROP TABLE registration_persons;
DROP TABLE registrations;
DROP TABLE scan_persons;
