-- +goose Up
-- The data subject's rights and complaints (covenant Art 6 and 7, SPEC §6,
-- §7): every request and complaint is a case with its statutory deadline
-- (storage/rights.go); items withheld from access on a ground of Art 6.1.4;
-- and the indexes that let an access overview read a person's measures,
-- meetings and agreements in proportion to the person's own data.

CREATE TABLE rights_cases (
    id                  TEXT PRIMARY KEY,
    kind                TEXT NOT NULL,
    received_on         TEXT NOT NULL,
    channel             TEXT NOT NULL,
    person_id           TEXT NOT NULL REFERENCES persons (id),
    representative_id   TEXT REFERENCES representatives (id),
    summary             TEXT NOT NULL,
    identity_method     TEXT NOT NULL DEFAULT '',
    identity_checked_on TEXT NOT NULL DEFAULT '',
    identity_checked_by TEXT NOT NULL DEFAULT '',
    handler_id          TEXT NOT NULL,
    status              TEXT NOT NULL,
    deadline_days       INTEGER NOT NULL,
    extension_months    INTEGER NOT NULL DEFAULT 0,
    extension_reason    TEXT NOT NULL DEFAULT '',
    extension_notice_on TEXT NOT NULL DEFAULT '',
    extension_by        TEXT NOT NULL DEFAULT '',
    decided_on          TEXT NOT NULL DEFAULT '',
    outcome             TEXT NOT NULL DEFAULT '',
    motivation          TEXT NOT NULL DEFAULT '',
    complaint_route     TEXT NOT NULL DEFAULT '',
    forwarded_on        TEXT NOT NULL DEFAULT '',
    created_by          TEXT NOT NULL,
    created_at          DATETIME NOT NULL,
    updated_at          DATETIME NOT NULL
);
CREATE INDEX rights_cases_status ON rights_cases (status, received_on);
CREATE INDEX rights_cases_person ON rights_cases (person_id);
CREATE INDEX rights_cases_handler ON rights_cases (handler_id, status);

-- rights_case_suspensions: periods in which a case's deadline did not run
-- (GDPR Art 12(6), identity); until_on is empty while one lasts.
CREATE TABLE rights_case_suspensions (
    case_id  TEXT NOT NULL REFERENCES rights_cases (id),
    seq      INTEGER NOT NULL,
    ground   TEXT NOT NULL,
    from_on  TEXT NOT NULL,
    until_on TEXT NOT NULL DEFAULT '',
    reason   TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
);

-- access_withholdings: items withheld from an access overview on a ground
-- a–e of Art 6.1.4, with the motivation the letter gives (Art 6.1.5).
CREATE TABLE access_withholdings (
    case_id     TEXT NOT NULL REFERENCES rights_cases (id),
    item_id     TEXT NOT NULL REFERENCES items (id),
    ground      TEXT NOT NULL,
    motivation  TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at DATETIME NOT NULL,
    PRIMARY KEY (case_id, item_id)
);

-- notifications: the notification of each member of a group approach (and
-- of the legal representatives of a member under 16) after the driehoek's
-- decision (Art 6.1.1); representative_id is empty for the member. A row
-- exists once a letter was sent or the notification deferred; members
-- without a row are still to be notified.
CREATE TABLE notifications (
    group_id            TEXT NOT NULL REFERENCES groups (id),
    person_id           TEXT NOT NULL REFERENCES persons (id),
    representative_id   TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL,
    sent_on             TEXT NOT NULL DEFAULT '',
    method              TEXT NOT NULL DEFAULT '',
    deferral_ground     TEXT NOT NULL DEFAULT '',
    deferral_motivation TEXT NOT NULL DEFAULT '',
    review_on           TEXT NOT NULL DEFAULT '',
    recorded_by         TEXT NOT NULL,
    recorded_at         DATETIME NOT NULL,
    PRIMARY KEY (group_id, person_id, representative_id)
);
CREATE INDEX notifications_person ON notifications (person_id);

-- item_corrections: the decision on one item of a correction request (Art
-- 6.2): the action, the text of an improvement or supplement (cleared when
-- the item is later deleted), granted or refused with a motivation.
CREATE TABLE item_corrections (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES rights_cases (id),
    item_id    TEXT NOT NULL REFERENCES items (id),
    action     TEXT NOT NULL,
    text       TEXT NOT NULL DEFAULT '',
    granted    BOOLEAN NOT NULL,
    motivation TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at DATETIME NOT NULL
);
CREATE INDEX item_corrections_case ON item_corrections (case_id);
CREATE INDEX item_corrections_item ON item_corrections (item_id);

-- correction_notices: every partner that received a corrected item (from
-- the logs) is told of the correction (GDPR Art 19) and confirms it.
CREATE TABLE correction_notices (
    correction_id TEXT NOT NULL REFERENCES item_corrections (id),
    partner_id    TEXT NOT NULL REFERENCES partners (id),
    notified_on   TEXT NOT NULL,
    confirmed_on  TEXT NOT NULL DEFAULT '',
    confirmed_by  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (correction_id, partner_id)
);
CREATE INDEX correction_notices_partner ON correction_notices (partner_id, confirmed_on);

-- complaint_partners: the partners a complaint concerns (Art 7.2);
-- complaint_committee: the members of an ad-hoc joint complaints committee
-- chaired by the controller (Art 7.4).
CREATE TABLE complaint_partners (
    case_id    TEXT NOT NULL REFERENCES rights_cases (id),
    partner_id TEXT NOT NULL REFERENCES partners (id),
    PRIMARY KEY (case_id, partner_id)
);
CREATE TABLE complaint_committee (
    case_id    TEXT NOT NULL REFERENCES rights_cases (id),
    seq        INTEGER NOT NULL,
    name       TEXT NOT NULL,
    partner_id TEXT NOT NULL REFERENCES partners (id),
    chair      BOOLEAN NOT NULL,
    PRIMARY KEY (case_id, seq)
);

CREATE INDEX measures_person ON measures (person_id);
CREATE INDEX meeting_persons_person ON meeting_persons (person_id, meeting_id);
CREATE INDEX agreements_person ON agreements (person_id);

-- +goose Down
DROP INDEX agreements_person;
DROP INDEX meeting_persons_person;
DROP INDEX measures_person;
DROP TABLE complaint_committee;
DROP TABLE complaint_partners;
DROP TABLE correction_notices;
DROP TABLE item_corrections;
DROP TABLE notifications;
DROP TABLE access_withholdings;
DROP TABLE rights_case_suspensions;
DROP TABLE rights_cases;
