-- MCP connector tools. Secrets and tokens arrive with the OAuth work, encrypted.
CREATE TABLE tools (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    url         TEXT NOT NULL,
    transport   TEXT NOT NULL DEFAULT 'streamable-http',
    status      TEXT NOT NULL,
    status_reason TEXT,
    user_id     TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
