-- +goose Up
-- Casework, second part (storage/visibility.go, involvement.go, person.go):
-- a registered involvement can be ended with who, when and why; legal
-- representatives are data subjects of their own, with a pseudonym for the
-- processing log; and a deleted item keeps no content (SPEC §3: "verwijderd
-- items have no content left anywhere"), enforced by the database too. SQLite
-- cannot add a CHECK constraint to an existing table, so triggers do it.

ALTER TABLE involvements ADD COLUMN ended_at DATETIME;
ALTER TABLE involvements ADD COLUMN ended_by TEXT NOT NULL DEFAULT '';
ALTER TABLE involvements ADD COLUMN end_reason TEXT NOT NULL DEFAULT '';

ALTER TABLE representatives ADD COLUMN pseudonym TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX representatives_pseudonym ON representatives (pseudonym) WHERE pseudonym <> '';

-- +goose StatementBegin
CREATE TRIGGER items_deleted_without_content_insert BEFORE INSERT ON items
WHEN NEW.status = 'verwijderd' AND NEW.content <> ''
BEGIN
    SELECT RAISE(ABORT, 'items_deleted_without_content');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER items_deleted_without_content_update BEFORE UPDATE ON items
WHEN NEW.status = 'verwijderd' AND NEW.content <> ''
BEGIN
    SELECT RAISE(ABORT, 'items_deleted_without_content');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER items_deleted_without_content_update;
DROP TRIGGER items_deleted_without_content_insert;
DROP INDEX representatives_pseudonym;
ALTER TABLE representatives DROP COLUMN pseudonym;
ALTER TABLE involvements DROP COLUMN end_reason;
ALTER TABLE involvements DROP COLUMN ended_by;
ALTER TABLE involvements DROP COLUMN ended_at;
