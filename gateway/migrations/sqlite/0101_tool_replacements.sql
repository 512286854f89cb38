-- "Replace a failed tool": the new tool and the failed one it replaces. Nothing else
-- changes until the new tool is Active; then every agent linking the old tool is moved
-- to the new one and the old tool is deleted (which drops this row).
CREATE TABLE tool_replacements (
    new_tool_id TEXT PRIMARY KEY REFERENCES tools(id) ON DELETE CASCADE,
    old_tool_id TEXT NOT NULL REFERENCES tools(id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL
);
CREATE INDEX tool_replacements_by_old ON tool_replacements (old_tool_id);
