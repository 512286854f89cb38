-- SQLite's 0105: agents' MCP sessions, resumable on any instance.
CREATE TABLE mcp_sessions (
    id         TEXT PRIMARY KEY,
    agent_id   TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    token_id   TEXT,
    state      TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX mcp_sessions_by_agent ON mcp_sessions (agent_id);
