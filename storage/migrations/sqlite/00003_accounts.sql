-- +goose Up
-- The installation holds one covenant (SPEC §8). The constant column with a
-- unique index lets SetCovenantTerms create that row with INSERT … ON
-- CONFLICT DO NOTHING, so that two first recordings at once cannot create two
-- covenants.
ALTER TABLE covenants ADD COLUMN singleton INTEGER NOT NULL DEFAULT 1;
CREATE UNIQUE INDEX covenants_singleton ON covenants (singleton);

-- Users are listed per partner on the administration screens.
CREATE INDEX users_partner ON users (partner_id);

-- +goose Down
DROP INDEX users_partner;
DROP INDEX covenants_singleton;
ALTER TABLE covenants DROP COLUMN singleton;
