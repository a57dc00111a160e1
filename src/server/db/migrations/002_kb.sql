-- Knowledge base (重庆 第十七至十九条, 凉山 第十五至十七条, 邵阳 第二十二条): entries with their owner unit
-- (谁提供、谁维护、谁更新), review states and version history, Chinese search, use counts and knowledge gaps.
-- Runs unchanged on PostgreSQL (pg_trgm from contrib) and on PGlite (pg_trgm loaded by the app).

-- in public, so that every schema on the search path (one per test file) sees its operators
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

CREATE TABLE kb_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- the identifier the entry had in the file it was imported from (kb import/export, eval)
  external_id text UNIQUE,
  state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'pending', 'published', 'expired', 'withdrawn')),
  version integer NOT NULL DEFAULT 1,
  title text NOT NULL,
  -- 多问法: the other ways callers ask the same thing
  questions text[] NOT NULL DEFAULT '{}',
  -- Markdown; raw HTML in it is shown as text, never rendered
  answer text NOT NULL,
  category text,
  owner_unit_id uuid NOT NULL REFERENCES units(id),
  basis_text text,
  basis_url text,
  effective_from date,
  expires_on date,
  visibility text NOT NULL DEFAULT 'internal' CHECK (visibility IN ('internal', 'public')),
  attachments uuid[] NOT NULL DEFAULT '{}',
  review_comment text,
  -- the expiry date a reminder was last sent for (a new date gets a new reminder)
  expiry_reminded_for date,
  created_by uuid REFERENCES users(id),
  updated_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  -- Search. jieba tokens as a 'simple' tsvector: title A, questions B, answer C.
  search_tsv tsvector NOT NULL,
  -- pinyin initials and syllables of the title and question tokens (gjj, gongjijin)
  pinyin_tsv tsvector NOT NULL,
  -- title and questions, folded: trigram matching of substrings and typos
  search_text text NOT NULL,
  -- the same in pinyin: homophone typos (公基金 for 公积金)
  search_pinyin text NOT NULL,
  -- weighted token count, for length normalisation of the ranking
  doc_len integer NOT NULL DEFAULT 0
);
-- Ranking reads search_tsv of every candidate: keep it uncompressed in the row (the answer text is
-- compressed or moved out first), which made ranking ~3x faster in bench/kb.bench.ts.
ALTER TABLE kb_entries ALTER COLUMN search_tsv SET STORAGE MAIN;
CREATE INDEX kb_entries_tsv ON kb_entries USING gin (search_tsv);
CREATE INDEX kb_entries_pinyin ON kb_entries USING gin (pinyin_tsv);
CREATE INDEX kb_entries_trgm ON kb_entries USING gin (search_text gin_trgm_ops);
CREATE INDEX kb_entries_pinyin_trgm ON kb_entries USING gin (search_pinyin gin_trgm_ops);
CREATE INDEX kb_entries_owner ON kb_entries (owner_unit_id, state);
CREATE INDEX kb_entries_state ON kb_entries (state, updated_at DESC);
CREATE INDEX kb_entries_expiry ON kb_entries (expires_on) WHERE state = 'published';

-- Every save is a version: the entry as it was after that save, who did it and why.
CREATE TABLE kb_versions (
  entry_id uuid NOT NULL REFERENCES kb_entries(id),
  version integer NOT NULL,
  action text NOT NULL,
  state text NOT NULL,
  title text NOT NULL,
  questions text[] NOT NULL,
  answer text NOT NULL,
  category text,
  owner_unit_id uuid NOT NULL REFERENCES units(id),
  basis_text text,
  basis_url text,
  effective_from date,
  expires_on date,
  visibility text NOT NULL,
  attachments uuid[] NOT NULL,
  comment text,
  actor_id uuid REFERENCES users(id),
  actor_name text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (entry_id, version)
);

-- Use counts, one narrow row per entry (kept apart so counting never rewrites the indexed entry row).
CREATE TABLE kb_entry_stats (
  entry_id uuid PRIMARY KEY REFERENCES kb_entries(id),
  shown integer NOT NULL DEFAULT 0,
  used integer NOT NULL DEFAULT 0,
  helpful integer NOT NULL DEFAULT 0,
  unhelpful integer NOT NULL DEFAULT 0,
  last_used_at timestamptz
);

-- Every search: what was asked, what came first and how good it was (knowledge gaps, 重庆 第十九条).
CREATE TABLE kb_searches (
  id bigserial PRIMARY KEY,
  query text NOT NULL,
  normalized text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('agent', 'public', 'assist')),
  result_count integer NOT NULL,
  top_entry_id uuid REFERENCES kb_entries(id),
  top_score real,
  unhelpful boolean NOT NULL DEFAULT false,
  actor_id uuid REFERENCES users(id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kb_searches_at ON kb_searches (at);

-- Each use of an entry: shown, used in an answer, marked helpful or not, by whom and where.
CREATE TABLE kb_usage (
  id bigserial PRIMARY KEY,
  entry_id uuid NOT NULL REFERENCES kb_entries(id),
  kind text NOT NULL CHECK (kind IN ('shown', 'used', 'helpful', 'unhelpful')),
  channel text NOT NULL CHECK (channel IN ('agent', 'public', 'assist')),
  search_id bigint REFERENCES kb_searches(id),
  ticket_id uuid REFERENCES tickets(id),
  actor_id uuid REFERENCES users(id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kb_usage_entry ON kb_usage (entry_id, at);

-- Document frequencies of tokens, per corpus ('kb' entries, 'tickets'): query terms are weighted by
-- how rare they are. The row with term '' holds the number of documents, ' len' their summed length.
CREATE TABLE kb_terms (
  corpus text NOT NULL,
  term text NOT NULL,
  df bigint NOT NULL,
  PRIMARY KEY (corpus, term)
);

-- The domain dictionary laid over jieba's (公积金, 接诉即办, 城管委 …), editable by admins.
CREATE TABLE kb_words (
  word text PRIMARY KEY,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Synonym groups applied at query time (公积金/住房公积金, 社保/社会保险 …), editable by admins.
CREATE TABLE kb_synonyms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  words text[] NOT NULL,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kb_synonyms_words ON kb_synonyms USING gin (words);

INSERT INTO kb_synonyms (words) VALUES
  ('{公积金,住房公积金}'), ('{社保,社会保险}'), ('{医保,医疗保险,基本医疗保险}'), ('{社保卡,社会保障卡}'),
  ('{身份证,居民身份证}'), ('{户口,户籍}'), ('{城管,城管委,城市管理局,城管局}'), ('{噪音,噪声}'),
  ('{养老金,退休金,养老保险金}'), ('{欠薪,拖欠工资}'), ('{违建,违章建筑,违法建筑}'), ('{网约车,网络预约出租汽车}');

-- Closed requests and their replies, searchable for the agent assist: filled by the app (a batch
-- UPDATE from the job loop and the assist itself), so registering a ticket stays one fast insert.
ALTER TABLE tickets ADD COLUMN search_tsv tsvector;
ALTER TABLE tickets ALTER COLUMN search_tsv SET STORAGE MAIN;
CREATE INDEX tickets_search ON tickets USING gin (search_tsv);
CREATE INDEX tickets_unindexed ON tickets (updated_at) WHERE search_tsv IS NULL AND status IN ('visiting', 'closed', 'archived')
