-- Trust store schema, version 1 (SQLite). Times are microseconds since the Unix epoch (UTC).
CREATE TABLE licences (
    id                TEXT PRIMARY KEY,
    type_code         TEXT NOT NULL,
    type_version      INTEGER NOT NULL,
    holder_id         TEXT NOT NULL,
    holder_name       TEXT NOT NULL,
    issuer_department TEXT NOT NULL,
    status_list_id    TEXT NOT NULL,
    status_index      INTEGER NOT NULL,
    issued_at_us      INTEGER NOT NULL,
    valid_from_us     INTEGER NOT NULL,
    valid_until_us    INTEGER,
    signed            BLOB NOT NULL,
    status            INTEGER NOT NULL DEFAULT 0 CHECK (status IN (0, 1, 2)),
    status_reason     TEXT,
    status_at_us      INTEGER,
    UNIQUE (status_list_id, status_index)
) STRICT;
CREATE INDEX licences_by_holder ON licences (holder_id, type_code);

CREATE TABLE status_lists (
    id        TEXT PRIMARY KEY,
    allocated INTEGER NOT NULL
) STRICT;

CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at_us     INTEGER NOT NULL,
    action    TEXT NOT NULL,
    actor     TEXT NOT NULL,
    subject   TEXT NOT NULL,
    details   TEXT NOT NULL,
    prev_hash BLOB NOT NULL,
    hash      BLOB NOT NULL
) STRICT;

-- The chain head: appends lock and advance this single row.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash BLOB NOT NULL
) STRICT;
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, zeroblob(32));

CREATE TABLE grants (
    id            TEXT PRIMARY KEY,
    holder_id     TEXT NOT NULL,
    expires_at_us INTEGER NOT NULL
) STRICT;

CREATE TABLE grant_revocations (
    grant_id      TEXT PRIMARY KEY,
    revoked_at_us INTEGER NOT NULL,
    reason        TEXT NOT NULL
) STRICT;

CREATE TABLE grant_uses (
    grant_id   TEXT PRIMARY KEY,
    used_at_us INTEGER NOT NULL
) STRICT;

CREATE TABLE seal_revocations (
    seal_id       TEXT PRIMARY KEY,
    revoked_at_us INTEGER NOT NULL,
    reason        TEXT NOT NULL
) STRICT;
