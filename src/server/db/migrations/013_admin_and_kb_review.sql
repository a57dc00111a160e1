-- Units administered in the web page (issue 11): a unit can be deactivated — it takes no new
-- dispatches while the shares it already has stay with it — and keeps its contacts (the people and
-- numbers the center calls when a ticket needs chasing).
ALTER TABLE units ADD COLUMN active boolean NOT NULL DEFAULT true;
-- [{ "name": "…", "phone": "…", "title": "…" }]: work numbers of the unit's duty staff, not callers' data
ALTER TABLE units ADD COLUMN contacts jsonb NOT NULL DEFAULT '[]';
ALTER TABLE units ADD COLUMN updated_at timestamptz;

-- A knowledge entry on the stale report that an editor read and found still right (issue 11): it
-- leaves the report as "not revised" until the period runs again, and as "more often unhelpful"
-- until new unhelpful marks outnumber new helpful ones (the counts at the review are kept).
ALTER TABLE kb_entries ADD COLUMN reviewed_at timestamptz;
ALTER TABLE kb_entries ADD COLUMN reviewed_by uuid REFERENCES users(id);
ALTER TABLE kb_entries ADD COLUMN reviewed_helpful integer NOT NULL DEFAULT 0;
ALTER TABLE kb_entries ADD COLUMN reviewed_unhelpful integer NOT NULL DEFAULT 0;
