-- Foundation: organisations and staff, audit trail, outbox, wards, consultations.

CREATE TABLE organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('council', 'nhs', 'police', 'voluntary', 'education', 'other')),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff_users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  email text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('administrator', 'engagement_officer', 'service_officer', 'councillor', 'partner_officer')),
  password_hash text,
  failed_sign_ins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  session_version integer NOT NULL DEFAULT 1,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX staff_users_email_key ON staff_users (lower(email));

CREATE TABLE staff_invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash text NOT NULL UNIQUE,
  email text NOT NULL,
  name text NOT NULL,
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  role text NOT NULL,
  invited_by uuid REFERENCES staff_users(id),
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_events (
  id bigserial PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid,
  actor_label text NOT NULL,
  organisation_id uuid,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text,
  before jsonb,
  after jsonb,
  request_id text
);
CREATE INDEX audit_events_occurred_at_idx ON audit_events (occurred_at DESC);
CREATE INDEX audit_events_entity_idx ON audit_events (entity_type, entity_id);

-- Every message the product sends. The reference is the idempotency key: one message, once.
CREATE TABLE outbox_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference text NOT NULL UNIQUE,
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'letter')),
  template text NOT NULL,
  recipient text NOT NULL,
  personalisation jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX outbox_messages_created_at_idx ON outbox_messages (created_at DESC);

CREATE TABLE wards (
  code text PRIMARY KEY,
  name text NOT NULL,
  authority_code text NOT NULL,
  authority_name text NOT NULL,
  latitude double precision,
  longitude double precision,
  geometry jsonb NOT NULL
);

CREATE TABLE consultations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE,
  title text NOT NULL,
  summary text NOT NULL DEFAULT '',
  background text NOT NULL DEFAULT '',
  proposal text NOT NULL DEFAULT '',
  what_can_change text NOT NULL DEFAULT '',
  what_cannot_change text NOT NULL DEFAULT '',
  how_responses_used text NOT NULL DEFAULT '',
  decision_maker text NOT NULL DEFAULT '',
  decision_date date,
  ladder_rung text NOT NULL DEFAULT 'consult' CHECK (ladder_rung IN ('inform', 'consult', 'involve', 'collaborate', 'empower')),
  lead_organisation_id uuid NOT NULL REFERENCES organisations(id),
  lead_officer_id uuid REFERENCES staff_users(id),
  topics text[] NOT NULL DEFAULT '{}',
  borough_wide boolean NOT NULL DEFAULT false,
  audiences text[] NOT NULL DEFAULT '{}',
  opens_at timestamptz,
  closes_at timestamptz,
  offline_response text NOT NULL DEFAULT '',
  contact_details text NOT NULL DEFAULT '',
  equalities_liaison text NOT NULL DEFAULT '',
  state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'in_review', 'scheduled', 'open', 'closed', 'feedback_published', 'archived')),
  state_changed_at timestamptz NOT NULL DEFAULT now(),
  feedback_summary text NOT NULL DEFAULT '',
  created_by uuid REFERENCES staff_users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(summary, '')), 'B') ||
    setweight(to_tsvector('english', coalesce(proposal, '') || ' ' || coalesce(background, '')), 'C')
  ) STORED
);
CREATE INDEX consultations_state_idx ON consultations (state, closes_at);
CREATE INDEX consultations_lead_org_idx ON consultations (lead_organisation_id);
CREATE INDEX consultations_topics_idx ON consultations USING gin (topics);
CREATE INDEX consultations_search_idx ON consultations USING gin (search);

CREATE TABLE consultation_partners (
  consultation_id uuid NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  PRIMARY KEY (consultation_id, organisation_id)
);
CREATE INDEX consultation_partners_org_idx ON consultation_partners (organisation_id);

CREATE TABLE consultation_wards (
  consultation_id uuid NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
  ward_code text NOT NULL REFERENCES wards(code),
  PRIMARY KEY (consultation_id, ward_code)
);
CREATE INDEX consultation_wards_ward_idx ON consultation_wards (ward_code);

CREATE TABLE consultation_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consultation_id uuid NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
  title text NOT NULL,
  filename text NOT NULL,
  content_type text NOT NULL,
  size_bytes integer NOT NULL,
  storage_key text NOT NULL,
  uploaded_by uuid REFERENCES staff_users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consultation_documents_consultation_idx ON consultation_documents (consultation_id);

-- The lifecycle's history: every state change with who, when and why.
CREATE TABLE consultation_transitions (
  id bigserial PRIMARY KEY,
  consultation_id uuid NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
  from_state text NOT NULL,
  to_state text NOT NULL,
  reason text NOT NULL DEFAULT '',
  actor_id uuid REFERENCES staff_users(id),
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consultation_transitions_consultation_idx ON consultation_transitions (consultation_id, occurred_at);

-- Written justifications for standards-check warnings, kept across re-runs of the check.
CREATE TABLE standards_justifications (
  consultation_id uuid NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
  check_key text NOT NULL,
  justification text NOT NULL,
  updated_by uuid REFERENCES staff_users(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consultation_id, check_key)
);

-- The result of each standards check run, as shown to reviewers and summarised to the public.
CREATE TABLE standards_checks (
  id bigserial PRIMARY KEY,
  consultation_id uuid NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
  outcome text NOT NULL CHECK (outcome IN ('pass', 'warnings', 'blocked')),
  results jsonb NOT NULL,
  run_by uuid REFERENCES staff_users(id),
  run_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX standards_checks_consultation_idx ON standards_checks (consultation_id, run_at DESC);
