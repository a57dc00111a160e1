-- 热线联络员与驻场值守 (issue 13): each unit's fixed hotline liaison — whom the center calls about the
-- unit's tickets — and the staff stationed at the hotline (大足 第四条（二） 明确专职工作人员、相对固定的
-- 热线联络员，工作驻场值守人员; 凉山 第七条（一） 明确相对固定的专(兼)职工作人员). A liaison is a user of the
-- unit or a named contact; either way it carries an office phone the center can call.
CREATE TABLE unit_liaisons (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units(id),
  -- liaison 热线联络员 (one per unit), backup 备用联络员, onsite 驻场值守人员
  role text NOT NULL CHECK (role IN ('liaison', 'backup', 'onsite')),
  user_id uuid REFERENCES users(id),
  person_name text NOT NULL,
  title text,
  office_phone text NOT NULL,
  mobile text,
  note text,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL,
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL
);
-- 相对固定: one liaison per unit (the backup and the on-site staff may be several)
CREATE UNIQUE INDEX unit_liaisons_one ON unit_liaisons (unit_id) WHERE role = 'liaison';
CREATE INDEX unit_liaisons_unit ON unit_liaisons (unit_id, role);

-- 报送材料 (邵阳 第六条（六） 及时报送本地区本部门12345热线工作动态、典型案例、情况分析等资料): a unit's
-- submission to the center, read and adopted there, and cited in a 通报.
CREATE TABLE unit_submissions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units(id),
  kind text NOT NULL CHECK (kind IN ('news', 'case', 'analysis')),
  title text NOT NULL,
  body text NOT NULL,
  ticket_ids uuid[] NOT NULL DEFAULT '{}',
  attachments uuid[] NOT NULL DEFAULT '{}',
  status text NOT NULL CHECK (status IN ('submitted', 'read', 'adopted')),
  submitted_by uuid NOT NULL REFERENCES users(id),
  submitted_by_name text NOT NULL,
  submitted_at timestamptz NOT NULL,
  read_by uuid REFERENCES users(id),
  read_at timestamptz,
  adopted_by uuid REFERENCES users(id),
  adopted_at timestamptz,
  review_note text
);
CREATE INDEX unit_submissions_submitted ON unit_submissions (submitted_at DESC);
CREATE INDEX unit_submissions_unit ON unit_submissions (unit_id, submitted_at DESC);
CREATE INDEX unit_submissions_waiting ON unit_submissions (submitted_at) WHERE status = 'submitted';

-- A 通报 that cites a submission (a link, kept when the bulletin is published).
CREATE TABLE submission_citations (
  submission_id uuid NOT NULL REFERENCES unit_submissions(id),
  bulletin_id uuid NOT NULL REFERENCES bulletins(id),
  cited_by uuid NOT NULL REFERENCES users(id),
  cited_at timestamptz NOT NULL,
  PRIMARY KEY (submission_id, bulletin_id)
);
CREATE INDEX submission_citations_bulletin ON submission_citations (bulletin_id);

-- 知识库实时共享 (凉山 第六条（二） 负责将热线专业知识库和相关数据全面实时共享至12345热线平台): an entry pushed
-- by a sub-centre's or a unit's system through its API key, found again by (source account, its own id).
ALTER TABLE kb_entries ADD COLUMN source_account_id uuid REFERENCES users(id);
ALTER TABLE kb_entries ADD COLUMN source_ref text;
CREATE UNIQUE INDEX kb_entries_source_ref ON kb_entries (source_account_id, source_ref) WHERE source_account_id IS NOT NULL;
