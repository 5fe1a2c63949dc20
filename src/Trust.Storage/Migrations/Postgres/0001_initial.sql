-- Trust store schema, version 1 (PostgreSQL). Times are microseconds since the Unix epoch (UTC),
-- the same integers on both providers, so audit hashes are reproduced exactly.
CREATE TABLE licences (
    id                text PRIMARY KEY,
    type_code         text NOT NULL,
    type_version      integer NOT NULL,
    holder_id         text NOT NULL,
    holder_name       text NOT NULL,
    issuer_department text NOT NULL,
    status_list_id    text NOT NULL,
    status_index      bigint NOT NULL,
    issued_at_us      bigint NOT NULL,
    valid_from_us     bigint NOT NULL,
    valid_until_us    bigint,
    signed            bytea NOT NULL,
    status            smallint NOT NULL DEFAULT 0 CHECK (status IN (0, 1, 2)),
    status_reason     text,
    status_at_us      bigint,
    UNIQUE (status_list_id, status_index)
);
CREATE INDEX licences_by_holder ON licences (holder_id, type_code);

CREATE TABLE status_lists (
    id        text PRIMARY KEY,
    allocated bigint NOT NULL
);

CREATE TABLE audit_log (
    seq       bigint PRIMARY KEY,
    at_us     bigint NOT NULL,
    action    text NOT NULL,
    actor     text NOT NULL,
    subject   text NOT NULL,
    details   text NOT NULL,
    prev_hash bytea NOT NULL,
    hash      bytea NOT NULL
);

-- The chain head: appends lock this single row (SELECT ... FOR UPDATE) and advance it.
CREATE TABLE audit_head (
    id   integer PRIMARY KEY CHECK (id = 1),
    seq  bigint NOT NULL,
    hash bytea NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, decode(repeat('00', 32), 'hex'));

CREATE TABLE grants (
    id            text PRIMARY KEY,
    holder_id     text NOT NULL,
    expires_at_us bigint NOT NULL
);

CREATE TABLE grant_revocations (
    grant_id      text PRIMARY KEY,
    revoked_at_us bigint NOT NULL,
    reason        text NOT NULL
);

CREATE TABLE grant_uses (
    grant_id   text PRIMARY KEY,
    used_at_us bigint NOT NULL
);

CREATE TABLE seal_revocations (
    seal_id       text PRIMARY KEY,
    revoked_at_us bigint NOT NULL,
    reason        text NOT NULL
);
