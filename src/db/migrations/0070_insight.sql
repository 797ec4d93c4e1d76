-- Insight (issue 11): theme suggestion runs, suggested themes per answer, officers' decisions,
-- campaigns and duplicates, and a hashed network/device marker on new responses.

-- One analysis of one question's written answers. The method and its version are recorded with
-- every run so a suggestion can always be traced to what produced it.
CREATE TABLE insight_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consultation_id uuid NOT NULL REFERENCES consultations(id),
  question_key text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  stage text NOT NULL DEFAULT 'Waiting to start',
  method text NOT NULL,
  method_version text NOT NULL,
  seed bigint NOT NULL,
  answer_count integer NOT NULL DEFAULT 0,
  theme_count integer NOT NULL DEFAULT 0,
  details jsonb NOT NULL DEFAULT '{}',
  error text,
  created_by uuid REFERENCES staff_users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX insight_runs_question_idx ON insight_runs (consultation_id, question_key, created_at DESC);

-- A suggested theme of a run: label, defining words and phrases, size, quotes, stance counts.
CREATE TABLE insight_clusters (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  run_id uuid NOT NULL REFERENCES insight_runs(id) ON DELETE CASCADE,
  position integer NOT NULL,
  label text NOT NULL,
  words text[] NOT NULL DEFAULT '{}',
  phrases text[] NOT NULL DEFAULT '{}',
  answer_count integer NOT NULL,
  quotes jsonb NOT NULL DEFAULT '[]',
  stances jsonb NOT NULL DEFAULT '{}',
  -- The feedback theme an officer accepted (or merged) this suggestion into.
  theme_id uuid REFERENCES feedback_themes(id) ON DELETE SET NULL,
  UNIQUE (run_id, position)
);

-- Each answer's suggested themes with a confidence: written only by runs.
CREATE TABLE insight_suggestions (
  run_id uuid NOT NULL REFERENCES insight_runs(id) ON DELETE CASCADE,
  response_id uuid NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  cluster_id uuid NOT NULL REFERENCES insight_clusters(id) ON DELETE CASCADE,
  rank smallint NOT NULL,
  confidence real NOT NULL,
  stance text CHECK (stance IN ('supports', 'opposes', 'mixed')),
  PRIMARY KEY (run_id, response_id, cluster_id)
);
-- The coding page reads one theme's answers by confidence, a page at a time.
CREATE INDEX insight_suggestions_cluster_idx ON insight_suggestions (cluster_id, confidence DESC, response_id);

-- Officers' decisions on an answer and a feedback theme: written only by officers, never by a
-- run, so a later run cannot overwrite them.
CREATE TABLE insight_decisions (
  consultation_id uuid NOT NULL REFERENCES consultations(id),
  question_key text NOT NULL,
  response_id uuid NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  theme_id uuid NOT NULL REFERENCES feedback_themes(id) ON DELETE CASCADE,
  decision text NOT NULL CHECK (decision IN ('accepted', 'rejected')),
  stance text CHECK (stance IN ('supports', 'opposes', 'mixed')),
  decided_by uuid REFERENCES staff_users(id),
  decided_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (response_id, question_key, theme_id)
);
CREATE INDEX insight_decisions_theme_idx ON insight_decisions (theme_id, decision);

-- Campaigns and duplicates found among a consultation's responses. signature identifies the same
-- group across detections, so the officers' choice (one voice or many) survives a re-detection.
CREATE TABLE insight_campaigns (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consultation_id uuid NOT NULL REFERENCES consultations(id),
  kind text NOT NULL CHECK (kind IN ('exact', 'near', 'form_letter', 'burst')),
  signature text NOT NULL,
  label text NOT NULL,
  example text NOT NULL DEFAULT '',
  member_count integer NOT NULL,
  first_at timestamptz,
  last_at timestamptz,
  counting text NOT NULL DEFAULT 'undecided' CHECK (counting IN ('undecided', 'one', 'many')),
  decided_by uuid REFERENCES staff_users(id),
  decided_at timestamptz,
  detected_at timestamptz NOT NULL DEFAULT now(),
  current boolean NOT NULL DEFAULT true,
  UNIQUE (consultation_id, signature)
);
CREATE INDEX insight_campaigns_consultation_idx ON insight_campaigns (consultation_id, current, member_count DESC);

CREATE TABLE insight_campaign_members (
  campaign_id uuid NOT NULL REFERENCES insight_campaigns(id) ON DELETE CASCADE,
  response_id uuid NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  PRIMARY KEY (campaign_id, response_id)
);
CREATE INDEX insight_campaign_members_response_idx ON insight_campaign_members (response_id);

-- A keyed hash of the network and browser a response came from (never the raw IP address), so
-- bursts from one network or device can be found. Null for responses from before this column
-- and for those entered by staff.
ALTER TABLE responses ADD COLUMN source_marker text;
CREATE INDEX responses_source_marker_idx ON responses (questionnaire_id, source_marker, submitted_at)
  WHERE source_marker IS NOT NULL;
