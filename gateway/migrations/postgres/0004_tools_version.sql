-- SQLite's 0106: a counter that moves with every change to `tools`, once per statement.
INSERT INTO meta (key, value) VALUES ('tools_version', '0') ON CONFLICT (key) DO NOTHING;
CREATE FUNCTION bump_tools_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'tools_version';
    RETURN NULL;
END $$;
CREATE TRIGGER tools_version AFTER INSERT OR UPDATE OR DELETE ON tools
    FOR EACH STATEMENT EXECUTE FUNCTION bump_tools_version();
