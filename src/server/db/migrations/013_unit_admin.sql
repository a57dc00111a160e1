-- Units administered in the web page (issue 11): a unit can be deactivated — it takes no new
-- dispatches while the shares it already has stay with it — and keeps its contacts (the people and
-- numbers the center calls when a ticket needs chasing).
ALTER TABLE units ADD COLUMN active boolean NOT NULL DEFAULT true;
-- [{ "name": "…", "phone": "…", "title": "…" }]: work numbers of the unit's duty staff, not callers' data
ALTER TABLE units ADD COLUMN contacts jsonb NOT NULL DEFAULT '[]';
ALTER TABLE units ADD COLUMN updated_at timestamptz;
