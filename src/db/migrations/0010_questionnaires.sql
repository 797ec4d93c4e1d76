-- Questionnaires (one engine for consultations, events, panels, evaluations), responses, drafts, postcodes.

CREATE TABLE questionnaires (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- What the questionnaire belongs to: a consultation today; events, panels and surveys reuse the engine.
  owner_type text NOT NULL DEFAULT 'consultation' CHECK (owner_type IN ('consultation', 'event', 'panel', 'survey')),
  owner_id uuid NOT NULL,
  title text NOT NULL DEFAULT '',
  current_version integer NOT NULL DEFAULT 1,
  -- open: anyone, anonymous allowed; verified: one response per verified email, by private invitation link.
  mode text NOT NULL DEFAULT 'open' CHECK (mode IN ('open', 'verified')),
  private boolean NOT NULL DEFAULT false,
  include_about_you boolean NOT NULL DEFAULT true,
  ask_respondent_type boolean NOT NULL DEFAULT true,
  ask_publication_consent boolean NOT NULL DEFAULT true,
  results_published_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (owner_type, owner_id)
);

-- Every saved definition is kept: a response records the version it answered.
CREATE TABLE questionnaire_versions (
  questionnaire_id uuid NOT NULL REFERENCES questionnaires(id) ON DELETE CASCADE,
  version integer NOT NULL,
  definition jsonb NOT NULL,
  created_by uuid REFERENCES staff_users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (questionnaire_id, version)
);

CREATE TABLE responses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  questionnaire_id uuid NOT NULL REFERENCES questionnaires(id),
  version integer NOT NULL,
  -- Shown to the respondent on the confirmation page, e.g. "SDG-7K3F-9QX2".
  reference text NOT NULL UNIQUE,
  -- One submission, one row: refresh, back, two tabs and parallel requests share this key.
  idempotency_key text NOT NULL UNIQUE,
  channel text NOT NULL DEFAULT 'online' CHECK (channel IN ('online', 'paper', 'email', 'phone', 'event')),
  respondent_type text NOT NULL DEFAULT 'individual' CHECK (respondent_type IN ('individual', 'organisation')),
  organisation_name text,
  publication_consent text NOT NULL DEFAULT 'do_not_publish'
    CHECK (publication_consent IN ('publish_named', 'publish_anonymous', 'do_not_publish')),
  respondent_name text,
  respondent_email text,
  verified_email text,
  wants_updates boolean NOT NULL DEFAULT false,
  postcode text,
  ward_code text REFERENCES wards(code),
  answers jsonb NOT NULL DEFAULT '{}',
  -- Officer redactions before publication: question key → redacted text.
  redactions jsonb NOT NULL DEFAULT '{}',
  entered_by uuid REFERENCES staff_users(id),
  submitted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX responses_questionnaire_idx ON responses (questionnaire_id, submitted_at);
CREATE INDEX responses_answers_idx ON responses USING gin (answers jsonb_path_ops);
CREATE UNIQUE INDEX responses_one_per_person_key ON responses (questionnaire_id, verified_email) WHERE verified_email IS NOT NULL;

-- "About you" answers are special category data: kept apart, read only by roles that need them.
CREATE TABLE response_equalities (
  response_id uuid PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE,
  questionnaire_id uuid NOT NULL REFERENCES questionnaires(id),
  answers jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX response_equalities_questionnaire_idx ON response_equalities (questionnaire_id);

-- Work in progress, server-side; a resume link (token stored only as a hash) brings it back.
CREATE TABLE response_drafts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  questionnaire_id uuid NOT NULL REFERENCES questionnaires(id) ON DELETE CASCADE,
  version integer NOT NULL,
  answers jsonb NOT NULL DEFAULT '{}',
  email text,
  resume_token_hash text UNIQUE,
  verified_email text,
  idempotency_key text NOT NULL UNIQUE DEFAULT gen_random_uuid()::text,
  expires_at timestamptz NOT NULL,
  submitted_response_id uuid REFERENCES responses(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Private links for verified (one response per person) questionnaires.
CREATE TABLE questionnaire_invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  questionnaire_id uuid NOT NULL REFERENCES questionnaires(id) ON DELETE CASCADE,
  email text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (questionnaire_id, email)
);

-- ONS postcode lookup (NSPL/ONSPD): postcode → ward, for the wards this install knows.
CREATE TABLE postcodes (
  postcode text PRIMARY KEY,
  ward_code text NOT NULL,
  authority_code text NOT NULL
);
