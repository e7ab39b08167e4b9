-- +goose Up
-- The dossier reads its items a page at a time, newest date first
-- (storage.Dossier, ItemPage): with the items of a group in that order in an
-- index, a page is read by walking the index until the page is full,
-- applying the need-to-know predicate to those rows only, instead of to
-- every item of the group before sorting them all.
CREATE INDEX items_group_order ON items (group_id, concerns_date, created_at, id);

-- +goose Down
DROP INDEX items_group_order;
