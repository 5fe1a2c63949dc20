-- Trust store schema, version 3 (SQLite): signing authorisations of the seal platform (Trust.Core.Seals.Providers.SealPlatform),
-- kept so that each is single-use across restarts and nodes. digests: lower-case hex, space-separated.
CREATE TABLE seal_authorizations (
    id            TEXT PRIMARY KEY,
    caller        TEXT NOT NULL,
    seal_id       TEXT NOT NULL,
    digests       TEXT NOT NULL,
    expires_at_us INTEGER NOT NULL,
    used_at_us    INTEGER
) STRICT;
CREATE INDEX seal_authorizations_by_expiry ON seal_authorizations (expires_at_us);
