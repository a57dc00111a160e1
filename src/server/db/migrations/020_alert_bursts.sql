-- 群体性苗头 (issue 12 监测预警): besides a surge of one category at one place, an alert when many
-- different callers send near-identical requests within hours (src/core/analytics/clusters.ts). Such
-- an alert has no category of its own when the requests were not classified, and no Poisson figures;
-- it lists the tickets it stands on, which also keeps the same burst from raising a second alert.
ALTER TABLE alerts DROP CONSTRAINT alerts_kind_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_kind_check CHECK (kind IN ('surge', 'burst'));
ALTER TABLE alerts ALTER COLUMN category DROP NOT NULL;
ALTER TABLE alerts ALTER COLUMN expected DROP NOT NULL;
ALTER TABLE alerts ALTER COLUMN p_value DROP NOT NULL;
ALTER TABLE alerts ADD COLUMN tickets uuid[] NOT NULL DEFAULT '{}';

-- The watcher and the 相似诉求聚类 report read the fingerprints of a time window.
CREATE INDEX ticket_fingerprints_created ON ticket_fingerprints (created_at);
