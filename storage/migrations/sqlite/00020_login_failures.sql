-- +goose Up
-- Failed logins for e-mail addresses without an account (storage/user.go,
-- unknownFailures), counted like those of an account (users.failed_logins)
-- so that the throttle and the lock do not tell which accounts exist. The
-- address is kept only as its blind index (HMAC-SHA256 under the key store's
-- blind index key; SHA-256 without a key store). A row is deleted once
-- auth.Throttle.ForgetAfter has passed since its last failure.
CREATE TABLE login_failures (
    email_index    TEXT PRIMARY KEY,
    failures       INTEGER NOT NULL,
    last_failed_at DATETIME NOT NULL
);
CREATE INDEX login_failures_last_failed ON login_failures (last_failed_at);

-- +goose Down
DROP TABLE login_failures;
