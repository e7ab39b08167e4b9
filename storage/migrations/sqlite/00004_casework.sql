-- +goose Up
-- Casework (SPEC §2–4): groups through the seven steps, persons and their
-- memberships, information items with their source partner, the Plan van
-- Aanpak with measures, and meetings. Need-to-know is decided by the
-- visibility predicate in storage/visibility.go over these tables.

CREATE TABLE groups (
    id                  TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    area                TEXT NOT NULL,
    form                TEXT NOT NULL,
    step                TEXT NOT NULL,
    problematic         BOOLEAN,
    created_by_partner  TEXT NOT NULL REFERENCES partners (id),
    created_at          DATETIME NOT NULL,
    updated_at          DATETIME NOT NULL,
    -- The driehoek's decision (step 4); decided_on is empty until taken.
    decided_on          TEXT NOT NULL DEFAULT '',
    decision_present    TEXT NOT NULL DEFAULT '',
    approach_starts     BOOLEAN NOT NULL DEFAULT FALSE,
    exchange_authorised BOOLEAN NOT NULL DEFAULT FALSE,
    decision_motivation TEXT NOT NULL DEFAULT '',
    decision_recorded_by TEXT NOT NULL DEFAULT '',
    decision_recorded_at DATETIME,
    closed_at           DATETIME,
    close_reason        TEXT NOT NULL DEFAULT '',
    evaluation          TEXT NOT NULL DEFAULT ''
);

-- group_participants are the partners taking part in a group approach.
CREATE TABLE group_participants (
    group_id   TEXT NOT NULL REFERENCES groups (id),
    partner_id TEXT NOT NULL REFERENCES partners (id),
    added_by   TEXT NOT NULL,
    added_at   DATETIME NOT NULL,
    PRIMARY KEY (group_id, partner_id)
);
CREATE INDEX group_participants_partner ON group_participants (partner_id, group_id);

CREATE TABLE group_transitions (
    id         TEXT PRIMARY KEY,
    group_id   TEXT NOT NULL REFERENCES groups (id),
    from_step  TEXT NOT NULL,
    to_step    TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    partner_id TEXT NOT NULL,
    at         DATETIME NOT NULL,
    reason     TEXT NOT NULL
);
CREATE INDEX group_transitions_group ON group_transitions (group_id, at);

-- persons: pseudonym is the identifier written to the processing log
-- (dpl.core.data_subject_id), never the row id or a name.
CREATE TABLE persons (
    id                TEXT PRIMARY KEY,
    pseudonym         TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    date_of_birth     TEXT NOT NULL,
    address           TEXT NOT NULL,
    bsn               TEXT NOT NULL,
    bsn_legal_ground  TEXT NOT NULL,
    source_partner_id TEXT NOT NULL REFERENCES partners (id),
    created_at        DATETIME NOT NULL,
    updated_at        DATETIME NOT NULL
);

CREATE TABLE representatives (
    id           TEXT PRIMARY KEY,
    person_id    TEXT NOT NULL REFERENCES persons (id),
    name         TEXT NOT NULL,
    relationship TEXT NOT NULL,
    address      TEXT NOT NULL
);
CREATE INDEX representatives_person ON representatives (person_id);

CREATE TABLE memberships (
    id         TEXT PRIMARY KEY,
    group_id   TEXT NOT NULL REFERENCES groups (id),
    person_id  TEXT NOT NULL REFERENCES persons (id),
    role       TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX memberships_group ON memberships (group_id, person_id);
CREATE INDEX memberships_person ON memberships (person_id, group_id);

-- involvements are registered by the coordinator with a reason; involvement
-- is also derived from items and measures (see storage/visibility.go).
CREATE TABLE involvements (
    group_id      TEXT NOT NULL REFERENCES groups (id),
    person_id     TEXT NOT NULL REFERENCES persons (id),
    partner_id    TEXT NOT NULL REFERENCES partners (id),
    reason        TEXT NOT NULL,
    registered_by TEXT NOT NULL,
    registered_at DATETIME NOT NULL,
    PRIMARY KEY (group_id, person_id, partner_id)
);
CREATE INDEX involvements_partner ON involvements (partner_id, group_id, person_id);

CREATE TABLE items (
    id                TEXT PRIMARY KEY,
    group_id          TEXT NOT NULL REFERENCES groups (id),
    person_id         TEXT REFERENCES persons (id),
    source_partner_id TEXT NOT NULL REFERENCES partners (id),
    category          TEXT NOT NULL,
    special           BOOLEAN NOT NULL,
    criminal          BOOLEAN NOT NULL,
    legal_ground      TEXT NOT NULL,
    wpg20_decision_id TEXT NOT NULL DEFAULT '',
    necessity         TEXT NOT NULL,
    content           TEXT NOT NULL,
    concerns_date     TEXT NOT NULL,
    status            TEXT NOT NULL,
    created_by        TEXT NOT NULL,
    created_at        DATETIME NOT NULL,
    updated_at        DATETIME NOT NULL
);
CREATE INDEX items_group ON items (group_id, person_id);
CREATE INDEX items_person ON items (person_id);
CREATE INDEX items_source ON items (source_partner_id, group_id, person_id);

-- item_shares: the source shared a special or criminal item with a partner
-- explicitly, beyond the kinds the covenant authorises.
CREATE TABLE item_shares (
    item_id    TEXT NOT NULL REFERENCES items (id),
    partner_id TEXT NOT NULL REFERENCES partners (id),
    PRIMARY KEY (item_id, partner_id)
);
CREATE INDEX item_shares_partner ON item_shares (partner_id, item_id);

-- plans: one Plan van Aanpak per group.
CREATE TABLE plans (
    group_id    TEXT PRIMARY KEY REFERENCES groups (id),
    analysis    TEXT NOT NULL,
    goals       TEXT NOT NULL,
    adopted_on  TEXT NOT NULL DEFAULT '',
    adopted_by  TEXT NOT NULL DEFAULT '',
    adopted_at  DATETIME,
    updated_by  TEXT NOT NULL,
    updated_at  DATETIME NOT NULL
);

CREATE TABLE measures (
    id                     TEXT PRIMARY KEY,
    group_id               TEXT NOT NULL REFERENCES groups (id),
    person_id              TEXT REFERENCES persons (id),
    kind                   TEXT NOT NULL,
    description            TEXT NOT NULL,
    responsible_partner_id TEXT NOT NULL REFERENCES partners (id),
    status                 TEXT NOT NULL,
    start_date             TEXT NOT NULL,
    review_date            TEXT NOT NULL,
    result                 TEXT NOT NULL DEFAULT '',
    created_by             TEXT NOT NULL,
    created_at             DATETIME NOT NULL,
    updated_at             DATETIME NOT NULL
);
CREATE INDEX measures_group ON measures (group_id, person_id);
CREATE INDEX measures_responsible ON measures (responsible_partner_id, group_id, person_id);

CREATE TABLE meetings (
    id         TEXT PRIMARY KEY,
    group_id   TEXT NOT NULL REFERENCES groups (id),
    kind       TEXT NOT NULL,
    held_on    TEXT NOT NULL,
    agenda     TEXT NOT NULL,
    minutes    TEXT NOT NULL DEFAULT '',
    decisions  TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX meetings_group ON meetings (group_id, held_on);

-- meeting_persons: the members an individual meeting is about.
CREATE TABLE meeting_persons (
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    person_id  TEXT NOT NULL REFERENCES persons (id),
    PRIMARY KEY (meeting_id, person_id)
);

CREATE TABLE meeting_invitations (
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    partner_id TEXT NOT NULL REFERENCES partners (id),
    attended   BOOLEAN,
    PRIMARY KEY (meeting_id, partner_id)
);
CREATE INDEX meeting_invitations_partner ON meeting_invitations (partner_id, meeting_id);

CREATE TABLE agreements (
    id                     TEXT PRIMARY KEY,
    meeting_id             TEXT NOT NULL REFERENCES meetings (id),
    group_id               TEXT NOT NULL REFERENCES groups (id),
    person_id              TEXT REFERENCES persons (id),
    description            TEXT NOT NULL,
    responsible_partner_id TEXT NOT NULL REFERENCES partners (id),
    due_date               TEXT NOT NULL,
    done_on                TEXT NOT NULL DEFAULT '',
    created_at             DATETIME NOT NULL
);
CREATE INDEX agreements_meeting ON agreements (meeting_id);
CREATE INDEX agreements_group ON agreements (group_id, due_date);

-- +goose Down
DROP TABLE agreements;
DROP TABLE meeting_invitations;
DROP TABLE meeting_persons;
DROP TABLE meetings;
DROP TABLE measures;
DROP TABLE plans;
DROP TABLE item_shares;
DROP TABLE items;
DROP TABLE involvements;
DROP TABLE memberships;
DROP TABLE representatives;
DROP TABLE persons;
DROP TABLE group_transitions;
DROP TABLE group_participants;
DROP TABLE groups;
