-- Units and sites created and edited by an administrator (issue 17). A unit is closed,
-- never deleted: its agents' and case files' history keeps pointing at it, it stays listed
-- with its closing date, and it receives no new unit or site. A site gets its opening
-- hours: a small JSON list of { weekday, opens, closes } the API validates (contracts'
-- openingHours); the database only insists on a list.
ALTER TABLE units ADD COLUMN closed_at timestamptz;
ALTER TABLE sites ADD COLUMN opening_hours jsonb NOT NULL DEFAULT '[]'::jsonb
  CHECK (jsonb_typeof(opening_hours) = 'array');
