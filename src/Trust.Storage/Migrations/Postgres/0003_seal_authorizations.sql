-- Trust store schema, version 3 (PostgreSQL): signing authorisations of the seal platform (Trust.Core.Seals.Providers.SealPlatform),
-- kept so that each is single-use across restarts and nodes. digests: lower-case hex, space-separated.
CREATE TABLE seal_authorizations (
    id            text PRIMARY KEY,
    caller        text NOT NULL,
    seal_id       text NOT NULL,
    digests       text NOT NULL,
    expires_at_us bigint NOT NULL,
    used_at_us    bigint
);
CREATE INDEX seal_authorizations_by_expiry ON seal_authorizations (expires_at_us);
