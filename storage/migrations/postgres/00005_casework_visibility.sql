-- +goose Up
-- Casework, second part (storage/visibility.go, involvement.go, person.go):
-- a registered involvement can be ended with who, when and why; legal
-- representatives are data subjects of their own, with a pseudonym for the
-- processing log; and a deleted item keeps no content (SPEC §3: "verwijderd
-- items have no content left anywhere"), enforced by the database too.

ALTER TABLE involvements ADD COLUMN ended_at TIMESTAMPTZ;
ALTER TABLE involvements ADD COLUMN ended_by TEXT NOT NULL DEFAULT '';
ALTER TABLE involvements ADD COLUMN end_reason TEXT NOT NULL DEFAULT '';

ALTER TABLE representatives ADD COLUMN pseudonym TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX representatives_pseudonym ON representatives (pseudonym) WHERE pseudonym <> '';

ALTER TABLE items ADD CONSTRAINT items_deleted_without_content CHECK (status <> 'verwijderd' OR content = '');

-- +goose Down
ALTER TABLE items DROP CONSTRAINT items_deleted_without_content;
DROP INDEX representatives_pseudonym;
ALTER TABLE representatives DROP COLUMN pseudonym;
ALTER TABLE involvements DROP COLUMN end_reason;
ALTER TABLE involvements DROP COLUMN ended_by;
ALTER TABLE involvements DROP COLUMN ended_at;
