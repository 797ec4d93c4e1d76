-- Participatory budgeting (issue 13): processes, projects and their photos, voters' single-use codes,
-- ballots (one per voter per process, changeable until the close), counts and delivery updates.

CREATE TABLE pb_processes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  slug text NOT NULL UNIQUE,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  -- NULL: borough-wide.
  ward_code text,
  budget_mode text NOT NULL CHECK (budget_mode IN ('fixed', 'per_head')),
  per_head_pounds numeric(10, 2),
  population integer,
  budget integer NOT NULL CHECK (budget > 0),
  ballot_type text NOT NULL CHECK (ballot_type IN ('knapsack', 'approval', 'cumulative', 'ranking')),
  max_projects integer,
  max_points integer,
  rule text NOT NULL CHECK (rule IN ('greedy', 'mes')),
  min_age integer NOT NULL DEFAULT 16,
  ideas_from timestamptz NOT NULL,
  feasibility_from timestamptz NOT NULL,
  voting_from timestamptz NOT NULL,
  voting_until timestamptz NOT NULL,
  delivery_from timestamptz NOT NULL,
  counted_at timestamptz,
  count_result jsonb,
  results_published_at timestamptz,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ideas_from <= feasibility_from AND feasibility_from <= voting_from AND voting_from < voting_until
         AND voting_until <= delivery_from)
);

CREATE TABLE pb_projects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  process_id uuid NOT NULL REFERENCES pb_processes(id) ON DELETE CASCADE,
  title text NOT NULL,
  description text NOT NULL,
  ward_code text,
  estimated_cost integer NOT NULL CHECK (estimated_cost > 0),
  proposer_name text NOT NULL DEFAULT '',
  proposer_email text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'feasible', 'not_feasible')),
  assessed_cost integer CHECK (assessed_cost > 0),
  feasibility_reason text NOT NULL DEFAULT '',
  assessed_by uuid,
  assessed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pb_projects_process ON pb_projects (process_id, status);

CREATE TABLE pb_project_photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES pb_projects(id) ON DELETE CASCADE,
  storage_key text NOT NULL,
  content_type text NOT NULL,
  filename text NOT NULL,
  size_bytes integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pb_project_photos_project ON pb_project_photos (project_id);

-- A voter is a verified contact (email or mobile) in one process. The code is single-use: its hash is
-- cleared when used. sent_today / sent_day cap how many codes one contact can be sent in a day.
CREATE TABLE pb_voters (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  process_id uuid NOT NULL REFERENCES pb_processes(id) ON DELETE CASCADE,
  contact text NOT NULL,
  contact_kind text NOT NULL CHECK (contact_kind IN ('email', 'sms')),
  postcode text NOT NULL,
  ward_code text,
  code_hash text,
  code_expires_at timestamptz,
  code_attempts integer NOT NULL DEFAULT 0,
  last_sent_at timestamptz,
  sent_day date,
  sent_today integer NOT NULL DEFAULT 0,
  verified_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (process_id, contact)
);

-- One ballot per voter per process: online ballots are keyed by the voter, paper ballots by their
-- paper reference. selections: [{ "projectId": uuid, "points": int }] (points: 1 for approval, the rank for ranking).
CREATE TABLE pb_ballots (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  process_id uuid NOT NULL REFERENCES pb_processes(id) ON DELETE CASCADE,
  voter_key text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('online', 'paper')),
  selections jsonb NOT NULL,
  ward_code text,
  entered_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (process_id, voter_key)
);

CREATE TABLE pb_delivery_updates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES pb_projects(id) ON DELETE CASCADE,
  stage text NOT NULL CHECK (stage IN ('planning', 'in_progress', 'completed', 'delayed')),
  body text NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pb_delivery_updates_project ON pb_delivery_updates (project_id, created_at);
