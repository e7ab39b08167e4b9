-- +goose Up
-- Encryption at rest (storage/crypt.go): the identifying fields of persons
-- are stored encrypted; equality look-ups use keyed blind indexes
-- (HMAC-SHA256 under a key in the key store outside the database).
ALTER TABLE persons ADD COLUMN match_index TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN bsn_index TEXT NOT NULL DEFAULT '';
CREATE INDEX persons_match_index ON persons (match_index);
CREATE INDEX persons_bsn_index ON persons (bsn_index);

-- +goose Down
DROP INDEX persons_bsn_index;
DROP INDEX persons_match_index;
ALTER TABLE persons DROP COLUMN bsn_index;
ALTER TABLE persons DROP COLUMN match_index;
