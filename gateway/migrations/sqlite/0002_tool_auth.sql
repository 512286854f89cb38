-- What the MCP connector needs beyond 0001: how it signs in, its OAuth client and
-- tokens (encrypted with the data dir's key; never stored in the clear), the
-- authorization window, and the server's tool list cached for the SPA.
ALTER TABLE tools ADD COLUMN auth_mode TEXT NOT NULL DEFAULT 'none';
ALTER TABLE tools ADD COLUMN authorization_url TEXT;
-- Unix seconds; past it a pending tool is Failed for good.
ALTER TABLE tools ADD COLUMN authorization_expires_at INTEGER;
ALTER TABLE tools ADD COLUMN client_id_enc TEXT;
ALTER TABLE tools ADD COLUMN client_secret_enc TEXT;
-- rmcp's StoredCredentials (token response, scopes, issuer) as encrypted JSON.
ALTER TABLE tools ADD COLUMN credentials_enc TEXT;
-- JSON list of McpServerTool, refreshed by the health check.
ALTER TABLE tools ADD COLUMN mcp_tools TEXT;
ALTER TABLE tools ADD COLUMN checked_at TEXT;
-- The 401 challenge seen at create: discovery starts from it again at callback and refresh.
ALTER TABLE tools ADD COLUMN oauth_challenge TEXT;

-- Pending OAuth `state` values: one row per authorization URL, deleted when used,
-- so a replayed or forged state finds nothing.
CREATE TABLE oauth_states (
    state      TEXT PRIMARY KEY,
    tool_id    TEXT NOT NULL REFERENCES tools(id) ON DELETE CASCADE,
    -- rmcp's StoredAuthorizationState (PKCE verifier, expected issuer), encrypted JSON.
    data_enc   TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX oauth_states_by_tool ON oauth_states (tool_id);
