-- Knowing the borough (issue 12): census tables by ward, councillors' wards, community intelligence,
-- the engagement strategy's action plan and its published quarterly reports.

-- One figure of one census table for one ward, e.g. TS007A "Aged 65 years and over" in E05014053.
-- Imported from ONS Census 2021 ward-level CSVs (npm run import:census); demo figures say so.
CREATE TABLE ward_census (
  ward_code text NOT NULL REFERENCES wards(code) ON DELETE CASCADE,
  dataset text NOT NULL,
  dataset_title text NOT NULL,
  category text NOT NULL,
  position integer NOT NULL DEFAULT 0,
  value numeric NOT NULL CHECK (value >= 0),
  is_total boolean NOT NULL DEFAULT false,
  source text NOT NULL,
  is_demo boolean NOT NULL DEFAULT false,
  imported_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ward_code, dataset, category)
);
CREATE INDEX ward_census_dataset_idx ON ward_census (dataset, ward_code);

-- The wards a councillor represents: they see these first. Administrators change them.
CREATE TABLE councillor_wards (
  staff_user_id uuid NOT NULL REFERENCES staff_users(id) ON DELETE CASCADE,
  ward_code text NOT NULL REFERENCES wards(code) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (staff_user_id, ward_code)
);
CREATE INDEX councillor_wards_ward_idx ON councillor_wards (ward_code);

-- What residents told frontline staff. Never personal details: no names, contacts or addresses.
CREATE TABLE intelligence_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  recorded_by uuid REFERENCES staff_users(id),
  channel text NOT NULL
    CHECK (channel IN ('street', 'surgery', 'casework', 'complaint', 'social_media', 'partner_meeting')),
  -- NULL: heard about the whole borough, or the ward is not known.
  ward_code text REFERENCES wards(code),
  topics text[] NOT NULL DEFAULT '{}',
  summary text NOT NULL,
  sentiment text NOT NULL CHECK (sentiment IN ('positive', 'neutral', 'negative', 'mixed')),
  needs_action boolean NOT NULL DEFAULT false,
  action_by text NOT NULL DEFAULT '',
  heard_on date NOT NULL,
  -- "We already heard this": the forward plan activity or consultation that already covers it.
  activity_id uuid REFERENCES plan_activities(id),
  consultation_id uuid REFERENCES consultations(id),
  -- Imports: the extract's own reference (casework or complaint number), so a re-import adds nothing twice.
  source_ref text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX intelligence_items_source_key ON intelligence_items (organisation_id, channel, source_ref)
  WHERE source_ref IS NOT NULL;
CREATE INDEX intelligence_items_ward_idx ON intelligence_items (ward_code, heard_on);
CREATE INDEX intelligence_items_heard_idx ON intelligence_items (heard_on);
CREATE INDEX intelligence_items_topics_idx ON intelligence_items USING gin (topics);
CREATE INDEX intelligence_items_org_idx ON intelligence_items (organisation_id, heard_on);

-- The engagement strategy as data: aims, their actions, milestones and dated updates.
CREATE TABLE action_plan_aims (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  position integer NOT NULL,
  title text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE action_plan_actions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  aim_id uuid NOT NULL REFERENCES action_plan_aims(id),
  position integer NOT NULL,
  priority text NOT NULL DEFAULT '',
  title text NOT NULL,
  -- The lead as the strategy names it (a post, e.g. "Group Manager Policy & Performance"), and the
  -- member of staff holding it now, when known.
  lead_role text NOT NULL DEFAULT '',
  lead_officer_id uuid REFERENCES staff_users(id),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  status text NOT NULL DEFAULT 'not_started'
    CHECK (status IN ('not_started', 'on_track', 'at_risk', 'late', 'done')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (aim_id, title)
);
CREATE INDEX action_plan_actions_org_idx ON action_plan_actions (organisation_id);

CREATE TABLE action_plan_milestones (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  action_id uuid NOT NULL REFERENCES action_plan_actions(id) ON DELETE CASCADE,
  position integer NOT NULL,
  title text NOT NULL,
  due_on date,
  -- "Ongoing" milestones have no end; they are reported as continuing.
  ongoing boolean NOT NULL DEFAULT false,
  done_on date
);
CREATE INDEX action_plan_milestones_action_idx ON action_plan_milestones (action_id, position);

CREATE TABLE action_plan_updates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  action_id uuid NOT NULL REFERENCES action_plan_actions(id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('not_started', 'on_track', 'at_risk', 'late', 'done')),
  note text NOT NULL,
  evidence text NOT NULL DEFAULT '',
  written_on date NOT NULL,
  author_id uuid REFERENCES staff_users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX action_plan_updates_action_idx ON action_plan_updates (action_id, written_on DESC);

-- A quarterly progress report as published on the hub: a snapshot, so later updates never rewrite it.
CREATE TABLE action_plan_reports (
  quarter text PRIMARY KEY,
  snapshot jsonb NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  published_by uuid REFERENCES staff_users(id)
);

-- Ward profiles count responses by ward and month (responses belong to questionnaires; read-only here).
CREATE INDEX responses_ward_idx ON responses (ward_code, submitted_at) WHERE ward_code IS NOT NULL;
