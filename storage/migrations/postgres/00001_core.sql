-- +goose Up
-- The covenant registry (SPEC §8), users and their roles, sessions and API
-- tokens. Identifiers are UUIDv7 text; times are UTC; calendar dates are
-- ISO 8601 text so that both databases compare them the same way.

CREATE TABLE partners (
    id                      TEXT PRIMARY KEY,
    name                    TEXT NOT NULL UNIQUE,
    kind                    TEXT NOT NULL,
    public_tasks            TEXT NOT NULL,
    legal_grounds           TEXT NOT NULL,
    complaints_committee    TEXT NOT NULL,
    data_protection_officer TEXT NOT NULL,
    created_at              TIMESTAMPTZ NOT NULL
);

-- covenants holds the one covenant of this installation with its terms in
-- force; covenant_versions keeps every version of the terms (history).
CREATE TABLE covenants (
    id         TEXT PRIMARY KEY,
    version    INTEGER NOT NULL,
    terms      TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE covenant_versions (
    covenant_id  TEXT NOT NULL REFERENCES covenants (id),
    version      INTEGER NOT NULL,
    terms        TEXT NOT NULL,
    amendment_id TEXT,
    in_force_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (covenant_id, version)
);

CREATE TABLE signatures (
    partner_id         TEXT PRIMARY KEY REFERENCES partners (id),
    signatory_name     TEXT NOT NULL,
    signatory_function TEXT NOT NULL,
    signed_on          TEXT NOT NULL,
    recorded_by        TEXT NOT NULL,
    recorded_at        TIMESTAMPTZ NOT NULL
);

CREATE TABLE amendments (
    id                TEXT PRIMARY KEY,
    number            INTEGER NOT NULL UNIQUE,
    description       TEXT NOT NULL,
    terms             TEXT NOT NULL,
    status            TEXT NOT NULL,
    proposed_by       TEXT NOT NULL,
    proposed_at       TIMESTAMPTZ NOT NULL,
    resulting_version INTEGER,
    effective_at      TIMESTAMPTZ
);

CREATE TABLE amendment_approvals (
    amendment_id TEXT NOT NULL REFERENCES amendments (id),
    partner_id   TEXT NOT NULL REFERENCES partners (id),
    approved_by  TEXT NOT NULL,
    approved_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (amendment_id, partner_id)
);

CREATE TABLE wpg20_decisions (
    id          TEXT PRIMARY KEY,
    reference   TEXT NOT NULL,
    decided_on  TEXT NOT NULL,
    decided_by  TEXT NOT NULL,
    summary     TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);

-- register_entries is the GDPR Art 30 register; a row is one version and is
-- never updated.
CREATE TABLE register_entries (
    id                TEXT PRIMARY KEY,
    activity_key      TEXT NOT NULL,
    version           INTEGER NOT NULL,
    name              TEXT NOT NULL,
    controller        TEXT NOT NULL,
    purpose           TEXT NOT NULL,
    legal_basis       TEXT NOT NULL,
    data_subjects     TEXT NOT NULL,
    data_categories   TEXT NOT NULL,
    recipients        TEXT NOT NULL,
    retention         TEXT NOT NULL,
    security_measures TEXT NOT NULL,
    dpia_reference    TEXT NOT NULL,
    dpia_date         TEXT NOT NULL,
    recorded_by       TEXT NOT NULL,
    recorded_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (activity_key, version)
);

CREATE TABLE disputes (
    id          TEXT PRIMARY KEY,
    subject     TEXT NOT NULL,
    description TEXT NOT NULL,
    raised_by   TEXT NOT NULL REFERENCES partners (id),
    raised_at   TIMESTAMPTZ NOT NULL,
    status      TEXT NOT NULL,
    resolution  TEXT NOT NULL,
    resolved_at TIMESTAMPTZ
);

CREATE TABLE dispute_partners (
    dispute_id TEXT NOT NULL REFERENCES disputes (id),
    partner_id TEXT NOT NULL REFERENCES partners (id),
    PRIMARY KEY (dispute_id, partner_id)
);

CREATE TABLE users (
    id                TEXT PRIMARY KEY,
    partner_id        TEXT NOT NULL REFERENCES partners (id),
    email             TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    roles             TEXT NOT NULL,
    active            BOOLEAN NOT NULL,
    password_hash     TEXT NOT NULL,
    totp_secret       TEXT NOT NULL,
    totp_enrolled     BOOLEAN NOT NULL,
    totp_last_step    BIGINT NOT NULL,
    failed_logins     INTEGER NOT NULL,
    last_failed_at    TIMESTAMPTZ,
    locked_until      TIMESTAMPTZ,
    demo              BOOLEAN NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL
);

-- confidentiality_declarations records each acceptance of the duty of
-- Art 5.1, per covenant version.
CREATE TABLE confidentiality_declarations (
    user_id          TEXT NOT NULL REFERENCES users (id),
    covenant_version INTEGER NOT NULL,
    accepted_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, covenant_version)
);

-- sessions stores only the SHA-256 of the session token.
CREATE TABLE sessions (
    token_hash   BYTEA PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id),
    stage        TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    origin       TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    token_hash   BYTEA NOT NULL UNIQUE,
    user_id      TEXT NOT NULL REFERENCES users (id),
    description  TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- +goose Down
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE confidentiality_declarations;
DROP TABLE users;
DROP TABLE dispute_partners;
DROP TABLE disputes;
DROP TABLE register_entries;
DROP TABLE wpg20_decisions;
DROP TABLE amendment_approvals;
DROP TABLE amendments;
DROP TABLE signatures;
DROP TABLE covenant_versions;
DROP TABLE covenants;
DROP TABLE partners;
