-- An agent's preferred interface language (issue 16's end-to-end field): set by the agent
-- in « Mon compte » or by an administrator; the web client switches to it after login.
-- NULL: not chosen — the language picked on this browser stays.
ALTER TABLE agents ADD COLUMN preferred_language text CHECK (preferred_language IN ('fr', 'en'));
