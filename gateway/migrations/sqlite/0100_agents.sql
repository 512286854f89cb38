-- Agents (`v2/flow/agents`) and the tools they link. Numbered 0100 so the tools
-- work can add its migrations in 0002..0099 without clashing.
CREATE TABLE agents (
    id               TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    instructions     TEXT NOT NULL,
    status           TEXT NOT NULL,
    model_id         TEXT,
    planner_model_id TEXT,
    tool_model_id    TEXT,
    -- `AgentOutput` as JSON: read and written whole, never queried.
    output           TEXT,
    reasoning_effort TEXT NOT NULL DEFAULT 'medium',
    temperature      REAL,
    user_id          TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    last_deployed_at TEXT,
    -- Seconds active before the current deployment; the live part is added on read.
    active_duration  INTEGER NOT NULL DEFAULT 0
);

-- Deleting a tool unlinks it (the tools module refuses first while an active agent
-- uses it); deleting an agent drops its links.
CREATE TABLE agent_tools (
    agent_id TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    tool_id  TEXT NOT NULL REFERENCES tools(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (agent_id, tool_id)
);
CREATE INDEX agent_tools_by_tool ON agent_tools (tool_id);
