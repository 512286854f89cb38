-- The schema of SQLite's migrations 0001..0103, for PostgreSQL. Timestamps stay as the
-- same text and unix seconds, so both backends answer byte-for-byte the same.
CREATE TABLE tools (
    id                       TEXT PRIMARY KEY,
    name                     TEXT NOT NULL,
    description              TEXT NOT NULL,
    url                      TEXT NOT NULL,
    transport                TEXT NOT NULL DEFAULT 'streamable-http',
    status                   TEXT NOT NULL,
    status_reason            TEXT,
    user_id                  TEXT NOT NULL,
    version                  BIGINT NOT NULL DEFAULT 1,
    created_at               TEXT NOT NULL,
    updated_at               TEXT NOT NULL,
    auth_mode                TEXT NOT NULL DEFAULT 'none',
    authorization_url        TEXT,
    authorization_expires_at BIGINT,
    client_id_enc            TEXT,
    client_secret_enc        TEXT,
    credentials_enc          TEXT,
    mcp_tools                TEXT,
    checked_at               TEXT,
    oauth_challenge          TEXT,
    created_seq              BIGINT NOT NULL DEFAULT 0,
    unreachable_since        BIGINT,
    failed_checks            BIGINT NOT NULL DEFAULT 0,
    last_used_at             TEXT,
    failed_calls_in_a_row    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX tools_by_created ON tools (created_seq);

CREATE TABLE oauth_states (
    state      TEXT PRIMARY KEY,
    tool_id    TEXT NOT NULL REFERENCES tools(id) ON DELETE CASCADE,
    data_enc   TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX oauth_states_by_tool ON oauth_states (tool_id);

CREATE TABLE agents (
    id               TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    instructions     TEXT NOT NULL,
    status           TEXT NOT NULL,
    model_id         TEXT,
    planner_model_id TEXT,
    tool_model_id    TEXT,
    output           TEXT,
    reasoning_effort TEXT NOT NULL DEFAULT 'medium',
    temperature      DOUBLE PRECISION,
    user_id          TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    last_deployed_at TEXT,
    active_duration  BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE agent_tools (
    agent_id TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    tool_id  TEXT NOT NULL REFERENCES tools(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    PRIMARY KEY (agent_id, tool_id)
);
CREATE INDEX agent_tools_by_tool ON agent_tools (tool_id);

CREATE TABLE tool_replacements (
    new_tool_id TEXT PRIMARY KEY REFERENCES tools(id) ON DELETE CASCADE,
    old_tool_id TEXT NOT NULL REFERENCES tools(id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL
);
CREATE INDEX tool_replacements_by_old ON tool_replacements (old_tool_id);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
