-- Agents' MCP sessions, so a client's session survives a restart and works on any
-- instance: rmcp replays the stored `initialize` on the instance a request lands on.
CREATE TABLE mcp_sessions (
    id         TEXT PRIMARY KEY,
    agent_id   TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    -- The access token that opened it (NULL: a gateway API key); its sessions close when it is revoked.
    token_id   TEXT,
    -- rmcp's SessionState: the client's initialize parameters, as JSON.
    state      TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX mcp_sessions_by_agent ON mcp_sessions (agent_id);
