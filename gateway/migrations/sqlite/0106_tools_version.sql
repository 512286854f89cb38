-- A counter that moves whenever any tool row is inserted, changed or deleted, whoever
-- writes it: the tools list answers from a cache while the counter stands still.
INSERT INTO meta (key, value) VALUES ('tools_version', '0') ON CONFLICT (key) DO NOTHING;
CREATE TRIGGER tools_version_insert AFTER INSERT ON tools BEGIN
    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'tools_version';
END;
CREATE TRIGGER tools_version_update AFTER UPDATE ON tools BEGIN
    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'tools_version';
END;
CREATE TRIGGER tools_version_delete AFTER DELETE ON tools BEGIN
    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'tools_version';
END;
