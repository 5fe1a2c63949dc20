-- Trust store schema, version 2 (SQLite): short codes of grants (Trust.Core.Grants.GrantShortCode).
CREATE TABLE grant_codes (
    code          TEXT PRIMARY KEY,
    grant_id      TEXT NOT NULL,
    signed        BLOB NOT NULL,
    expires_at_us INTEGER NOT NULL
) STRICT;
CREATE INDEX grant_codes_by_expiry ON grant_codes (expires_at_us);
