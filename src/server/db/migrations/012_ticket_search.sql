-- What the classifier read from a request when it was registered (智能分类): the first-level
-- category, its calibrated confidence and the model that said it. Kept beside the agent's own
-- category so analysis can compare them, and retraining never learns from its own guesses.
ALTER TABLE tickets ADD COLUMN predicted_category text;
ALTER TABLE tickets ADD COLUMN predicted_confidence real;
ALTER TABLE tickets ADD COLUMN predicted_model_id text;

-- 工单查询: the list is sorted by registration time (tickets_created, ties by id) and filtered
-- most often by dates (the same index), status (tickets_status), phone (tickets_caller_phone_idx),
-- the number's first digits and category; EXPLAIN on 200,000 tickets (README 工单查询).
CREATE INDEX tickets_number_prefix ON tickets (number text_pattern_ops);
CREATE INDEX tickets_category_created ON tickets (category, created_at DESC) WHERE category IS NOT NULL;
CREATE INDEX tickets_satisfaction ON tickets (satisfaction, created_at DESC) WHERE satisfaction IS NOT NULL;
