-- SQLite's 0104_agent_access, for PostgreSQL.
-- Who may call an agent's MCP endpoint, and what was called through the gateway.

-- An agent's access tokens. Only the SHA-256 (hex) of the secret is kept: the secret is
-- shown once at creation. Deleting the agent deletes its tokens.
CREATE TABLE agent_tokens (
    id           TEXT PRIMARY KEY,
    agent_id     TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    -- Nanoseconds since the epoch: lists newest first even within one second.
    created_seq  BIGINT NOT NULL,
    last_used_at TEXT
);
CREATE INDEX agent_tokens_by_agent ON agent_tokens (agent_id, created_seq);

-- The call log: one row per call, never its arguments or result (personal data).
-- No foreign keys: a call outlives its agent and its tool, and recording one must never
-- fail because either was deleted meanwhile. Pruned by age and row count.
CREATE TABLE calls (
    id            TEXT PRIMARY KEY,
    at            TEXT NOT NULL,
    at_ms         BIGINT NOT NULL,
    agent_id      TEXT,
    agent_name    TEXT,
    tool_id       TEXT NOT NULL,
    tool_name     TEXT NOT NULL,
    upstream_tool TEXT NOT NULL,
    duration_ms   BIGINT NOT NULL,
    outcome       TEXT NOT NULL,
    message       TEXT
);
-- Newest first per tool and per agent (read backwards), and oldest first for pruning.
CREATE INDEX calls_by_tool ON calls (tool_id, at_ms, id);
CREATE INDEX calls_by_agent ON calls (agent_id, at_ms, id);
CREATE INDEX calls_by_time ON calls (at_ms, id);
