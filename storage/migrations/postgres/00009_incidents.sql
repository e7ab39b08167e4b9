-- +goose Up
-- Incidents and data breaches (Art 9 of the covenant, GDPR Art 33 and 34).
-- Rows are never deleted: together they are the breach register of
-- Art 33(5). signal and signal_key identify an incident the system raised
-- itself, so that a recurring signal adds a step to the open incident
-- instead of opening another.
CREATE TABLE incidents (
    id                   TEXT PRIMARY KEY,
    title                TEXT NOT NULL,
    nature               TEXT NOT NULL,
    contact_point        TEXT NOT NULL,
    recommended_measures TEXT NOT NULL,
    consequences         TEXT NOT NULL,
    personal_data        BOOLEAN NOT NULL,
    aware_at             TIMESTAMPTZ NOT NULL,
    reported_at          TIMESTAMPTZ NOT NULL,
    reported_by          TEXT NOT NULL,
    reporting_partner_id TEXT REFERENCES partners (id),
    signal               TEXT NOT NULL,
    signal_key           TEXT NOT NULL,
    evidence             TEXT NOT NULL,
    status               TEXT NOT NULL,
    ap_decided_at        TIMESTAMPTZ,
    ap_decided_by        TEXT NOT NULL DEFAULT '',
    ap_notify            BOOLEAN NOT NULL DEFAULT FALSE,
    ap_reasoning         TEXT NOT NULL DEFAULT '',
    ap_notified_at       TIMESTAMPTZ,
    ap_reference         TEXT NOT NULL DEFAULT '',
    ap_delay_reason      TEXT NOT NULL DEFAULT '',
    ds_decided_at        TIMESTAMPTZ,
    ds_decided_by        TEXT NOT NULL DEFAULT '',
    ds_inform            BOOLEAN NOT NULL DEFAULT FALSE,
    ds_exception         TEXT NOT NULL DEFAULT '',
    ds_reasoning         TEXT NOT NULL DEFAULT '',
    ds_informed_at       TIMESTAMPTZ,
    closed_at            TIMESTAMPTZ,
    closed_by            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incidents_reported ON incidents (reported_at, id);
CREATE INDEX incidents_signal ON incidents (signal, signal_key, status);

-- incident_partners: the partners concerned, each notified in the system
-- when the incident is reported, and their acknowledgement.
CREATE TABLE incident_partners (
    incident_id     TEXT NOT NULL REFERENCES incidents (id),
    partner_id      TEXT NOT NULL REFERENCES partners (id),
    notified_at     TIMESTAMPTZ NOT NULL,
    acknowledged_at TIMESTAMPTZ,
    acknowledged_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (incident_id, partner_id)
);
CREATE INDEX incident_partners_partner ON incident_partners (partner_id, acknowledged_at);

-- incident_steps: investigation and recovery, in order.
CREATE TABLE incident_steps (
    id          TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    kind        TEXT NOT NULL,
    description TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    recorded_by TEXT NOT NULL
);
CREATE INDEX incident_steps_incident ON incident_steps (incident_id, recorded_at, id);

-- +goose Down
DROP TABLE incident_steps;
DROP TABLE incident_partners;
DROP TABLE incidents;
