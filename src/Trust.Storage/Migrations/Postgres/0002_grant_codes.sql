-- Trust store schema, version 2 (PostgreSQL): short codes of grants (Trust.Core.Grants.GrantShortCode).
CREATE TABLE grant_codes (
    code          text PRIMARY KEY,
    grant_id      text NOT NULL,
    signed        bytea NOT NULL,
    expires_at_us bigint NOT NULL
);
CREATE INDEX grant_codes_by_expiry ON grant_codes (expires_at_us);
