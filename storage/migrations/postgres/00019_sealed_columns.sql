-- +goose Up
-- Encryption at rest (storage/crypt.go): the encrypted columns whose clear
-- text rows, from before encryption at rest or from a process without a key
-- store, Migrate has encrypted (encryptExisting). From then on a value
-- without the ciphertext prefix in such a column cannot have been written by
-- the application: reading it is a data-integrity error, never the value.
CREATE TABLE sealed_columns (
    table_name  TEXT NOT NULL,
    column_name TEXT NOT NULL,
    sealed_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (table_name, column_name)
);

-- +goose Down
DROP TABLE sealed_columns;
