-- The layers rework. The replacement swap moves to the one Rust function that
-- activates a tool (db::tools::activate), in the same transaction, so it exists once
-- and on every backend; the trigger goes.
DROP TRIGGER IF EXISTS tool_replacement_swap;

-- Insertion order, so tools created within one second still list newest first on
-- every backend (SQLite's rowid has no PostgreSQL twin). Older rows keep their rowid.
ALTER TABLE tools ADD COLUMN created_seq INTEGER NOT NULL DEFAULT 0;
UPDATE tools SET created_seq = rowid;
CREATE INDEX tools_by_created ON tools (created_seq);

-- A server that stops answering fails its tool only after it stays unreachable over
-- several checks spanning the grace period (`--unreachable-grace`).
ALTER TABLE tools ADD COLUMN unreachable_since INTEGER;
ALTER TABLE tools ADD COLUMN failed_checks INTEGER NOT NULL DEFAULT 0;

-- The last call through the gateway, for the tools list.
ALTER TABLE tools ADD COLUMN last_used_at TEXT;
ALTER TABLE tools ADD COLUMN failed_calls_in_a_row INTEGER NOT NULL DEFAULT 0;

-- Small facts about the database itself, e.g. the key check value: a value sealed with
-- the secret key, so an instance started with another key refuses to start.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
