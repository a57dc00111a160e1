-- What the classifier read from a request when it was registered (智能分类): the first-level
-- category, its calibrated confidence and the model that said it. Kept beside the agent's own
-- category so analysis can compare them, and retraining never learns from its own guesses.
ALTER TABLE tickets ADD COLUMN predicted_category text;
ALTER TABLE tickets ADD COLUMN predicted_confidence real;
ALTER TABLE tickets ADD COLUMN predicted_model_id text;

-- 工单查询: the list is sorted by registration time (ties by id, so pages never overlap) and
-- filtered most often by status, date range, category and type; these keep those plans on indexes.
CREATE INDEX tickets_created_id ON tickets (created_at DESC, id DESC);
CREATE INDEX tickets_category_created ON tickets (category, created_at DESC) WHERE category IS NOT NULL;
CREATE INDEX tickets_type_created ON tickets (type, created_at DESC);
CREATE INDEX tickets_satisfaction ON tickets (satisfaction, created_at DESC) WHERE satisfaction IS NOT NULL;
