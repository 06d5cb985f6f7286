/**
 * The team's directory, as this desk's copy of the desk server's: a technician may be in several
 * groups ("My group" means any of them), an account can be disabled (its name stays on old tickets),
 * a group the team retired stays for the tickets that name it, and canned responses are the team's
 * (shared) or one technician's own.
 */
export const teamV8 = `
  ALTER TABLE agents ADD COLUMN role TEXT;
  ALTER TABLE agents ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE desk_groups ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE agent_groups (
    agent_id TEXT NOT NULL REFERENCES agents (id),
    group_id TEXT NOT NULL REFERENCES desk_groups (id),
    PRIMARY KEY (agent_id, group_id)
  );
  INSERT INTO agent_groups (agent_id, group_id) SELECT id, group_id FROM agents WHERE group_id IS NOT NULL;
  -- Shared responses are the team's (replaced whole by the server's list); a technician's own are not.
  ALTER TABLE canned_responses ADD COLUMN shared INTEGER NOT NULL DEFAULT 1;
  -- What technicians keep about a requester, editable offline and merged field by field.
  ALTER TABLE people ADD COLUMN manager TEXT;
  ALTER TABLE people ADD COLUMN language TEXT;
  ALTER TABLE people ADD COLUMN notes TEXT;
  ALTER TABLE people ADD COLUMN aliases TEXT NOT NULL DEFAULT '[]';
`
