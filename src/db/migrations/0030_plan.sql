-- Coordinating the partnership (issue 5): forward plan, comments and join-ups, the engagement diary
-- (events, registrations, representation rota), fatigue settings and the toolkit of methods.

-- A planned consultation or engagement activity. The window is half-open [starts_at, ends_at):
-- ends_at is the first instant after the last day, so an activity ending on 31 March and one
-- starting on 1 April touch and do not clash.
CREATE TABLE plan_activities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  consultation_id uuid REFERENCES consultations(id),
  title text NOT NULL,
  purpose text NOT NULL DEFAULT '',
  ladder_rung text NOT NULL CHECK (ladder_rung IN ('inform', 'consult', 'involve', 'collaborate', 'empower')),
  audiences text[] NOT NULL DEFAULT '{}',
  topics text[] NOT NULL DEFAULT '{}',
  ward_codes text[] NOT NULL DEFAULT '{}',
  borough_wide boolean NOT NULL DEFAULT false,
  -- Asks the residents' panel: the panel is counted for fatigue like a ward or an audience.
  uses_panel boolean NOT NULL DEFAULT false,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'planned'
    CHECK (status IN ('idea', 'planned', 'confirmed', 'live', 'done', 'cancelled')),
  created_by uuid REFERENCES staff_users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
-- Clash and fatigue candidates are found by window overlap, then by shared wards, audiences or topics.
CREATE INDEX plan_activities_window_idx ON plan_activities
  USING gist (tstzrange(starts_at, ends_at, '[)')) WHERE status <> 'cancelled';
CREATE INDEX plan_activities_wards_idx ON plan_activities USING gin (ward_codes) WHERE status <> 'cancelled';
CREATE INDEX plan_activities_starts_idx ON plan_activities (starts_at);
CREATE INDEX plan_activities_org_idx ON plan_activities (organisation_id);

CREATE TABLE plan_comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  activity_id uuid NOT NULL REFERENCES plan_activities(id) ON DELETE CASCADE,
  author_id uuid NOT NULL REFERENCES staff_users(id),
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plan_comments_activity_idx ON plan_comments (activity_id, created_at);

-- Two activities joined up; stored once with the smaller id first.
CREATE TABLE plan_links (
  activity_a uuid NOT NULL REFERENCES plan_activities(id) ON DELETE CASCADE,
  activity_b uuid NOT NULL REFERENCES plan_activities(id) ON DELETE CASCADE,
  note text NOT NULL DEFAULT '',
  created_by uuid REFERENCES staff_users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (activity_a, activity_b),
  CHECK (activity_a < activity_b)
);
CREATE INDEX plan_links_b_idx ON plan_links (activity_b);

-- One row: the partnership's fatigue limit (times a ward, audience or the panel may be asked per quarter).
CREATE TABLE plan_settings (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  fatigue_limit integer NOT NULL DEFAULT 3 CHECK (fatigue_limit BETWEEN 1 AND 50),
  updated_by uuid REFERENCES staff_users(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO plan_settings (id) VALUES (true);

CREATE TABLE plan_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  consultation_id uuid REFERENCES consultations(id),
  activity_id uuid REFERENCES plan_activities(id),
  title text NOT NULL,
  kind text NOT NULL,
  description text NOT NULL DEFAULT '',
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  venue_name text NOT NULL DEFAULT '',
  venue_address text NOT NULL DEFAULT '',
  ward_code text REFERENCES wards(code),
  step_free boolean NOT NULL DEFAULT false,
  access_info text NOT NULL DEFAULT '',
  online_url text NOT NULL DEFAULT '',
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
  -- The registration questions: a questionnaire definition (pages of questions) for the shared engine.
  registration_definition jsonb NOT NULL,
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
  created_by uuid REFERENCES staff_users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
CREATE INDEX plan_events_starts_idx ON plan_events (starts_at);
CREATE INDEX plan_events_ward_idx ON plan_events (ward_code, starts_at);

CREATE TABLE plan_registrations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id uuid NOT NULL REFERENCES plan_events(id),
  -- Shown on the confirmation page and in messages, e.g. "EVT-7K3F-9QX2".
  reference text NOT NULL UNIQUE,
  -- One submission, one row: refresh, back, two tabs and parallel requests share this key.
  idempotency_key text NOT NULL UNIQUE,
  name text NOT NULL,
  email text NOT NULL,
  answers jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL CHECK (status IN ('confirmed', 'waiting', 'cancelled')),
  cancel_token_hash text NOT NULL UNIQUE,
  cancelled_at timestamptz,
  promoted_at timestamptz,
  reminder_sent_at timestamptz,
  attended boolean,
  attendance_recorded_by uuid REFERENCES staff_users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
-- One live registration per email per event, whatever the idempotency key.
CREATE UNIQUE INDEX plan_registrations_one_per_person ON plan_registrations (event_id, lower(email))
  WHERE status <> 'cancelled';
CREATE INDEX plan_registrations_event_idx ON plan_registrations (event_id, status, created_at);

-- Representation rota: which staff of which organisation go to which event.
CREATE TABLE plan_rota (
  event_id uuid NOT NULL REFERENCES plan_events(id) ON DELETE CASCADE,
  staff_user_id uuid NOT NULL REFERENCES staff_users(id),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  note text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, staff_user_id)
);

-- The engagement toolkit: a seeded library of methods.
CREATE TABLE plan_methods (
  slug text PRIMARY KEY,
  name text NOT NULL,
  summary text NOT NULL,
  guidance text NOT NULL,
  purposes text[] NOT NULL DEFAULT '{}',
  rungs text[] NOT NULL DEFAULT '{}',
  audiences text[] NOT NULL DEFAULT '{}',
  cost text NOT NULL CHECK (cost IN ('low', 'medium', 'high')),
  weeks integer NOT NULL CHECK (weeks >= 1),
  updated_at timestamptz NOT NULL DEFAULT now()
);
