-- +goose Up
-- Federated login (OpenID Connect, storage/federation.go) and passkeys.
--
-- A login that went to a partner's identity provider and has not come back
-- yet. The state is kept as a hash, bound to the browser by the hash of a
-- random value in a cookie; a row is used once (deleted when the browser
-- comes back) and refused after ten minutes. The PKCE verifier and nonce
-- are kept until then, for the code exchange and the ID token check.
CREATE TABLE oidc_login_states (
    state_hash   BYTEA PRIMARY KEY,
    binding_hash BYTEA NOT NULL,
    issuer_id    TEXT NOT NULL,
    nonce        TEXT NOT NULL,
    verifier     TEXT NOT NULL,
    origin       TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX oidc_login_states_created ON oidc_login_states (created_at);

-- The account of a person an identity provider vouches for, by the
-- provider's issuer identifier and the person's subject identifier there.
CREATE TABLE federated_identities (
    issuer        TEXT NOT NULL,
    subject       TEXT NOT NULL,
    issuer_id     TEXT NOT NULL,
    user_id       TEXT NOT NULL UNIQUE REFERENCES users (id),
    created_at    TIMESTAMPTZ NOT NULL,
    last_login_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (issuer, subject)
);

-- Passkeys (WebAuthn) as a second factor of local accounts
-- (storage/passkey.go). The credential is the JSON the passkey package keeps:
-- public key, sign counter, flags; no secret.
CREATE TABLE passkeys (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id),
    credential_id BYTEA NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    credential    TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    last_used_at  TIMESTAMPTZ
);
CREATE INDEX passkeys_user ON passkeys (user_id);

-- A passkey ceremony in progress, per login session and kind (registration
-- or login): the challenge and what the answer is checked against. Used
-- once, refused after five minutes.
CREATE TABLE passkey_ceremonies (
    session_hash BYTEA NOT NULL,
    kind         TEXT NOT NULL,
    data         TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (session_hash, kind)
);

-- +goose Down
DROP TABLE passkey_ceremonies;
DROP TABLE passkeys;
DROP TABLE federated_identities;
DROP TABLE oidc_login_states;
