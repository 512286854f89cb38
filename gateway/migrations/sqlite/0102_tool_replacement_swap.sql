-- The swap of a replaced tool, done by the database in the same transaction that makes
-- the new tool Active, whoever makes it so (the OAuth callback, a future code path):
-- every agent linking the old tool links the new one instead, and the old tool goes
-- (which drops the `tool_replacements` row). The agents module also runs the same swap
-- after inserting a replacement that is Active at once (no sign-in).
CREATE TRIGGER tool_replacement_swap AFTER UPDATE OF status ON tools
WHEN NEW.status = 'Active' AND EXISTS (SELECT 1 FROM tool_replacements WHERE new_tool_id = NEW.id)
BEGIN
    UPDATE agents SET updated_at = NEW.updated_at WHERE id IN (
        SELECT agent_id FROM agent_tools
        WHERE tool_id IN (SELECT old_tool_id FROM tool_replacements WHERE new_tool_id = NEW.id));
    -- An agent that somehow links both keeps one link, in the old one's place.
    DELETE FROM agent_tools WHERE tool_id = NEW.id AND agent_id IN (
        SELECT agent_id FROM agent_tools
        WHERE tool_id IN (SELECT old_tool_id FROM tool_replacements WHERE new_tool_id = NEW.id));
    UPDATE agent_tools SET tool_id = NEW.id
        WHERE tool_id IN (SELECT old_tool_id FROM tool_replacements WHERE new_tool_id = NEW.id);
    DELETE FROM tools WHERE id IN (SELECT old_tool_id FROM tool_replacements WHERE new_tool_id = NEW.id);
END;
