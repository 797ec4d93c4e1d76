-- People (issue 6): residents' panels, the shared engagement database, consent, sampling, erasure.
-- Personal data lives only in people, people_equality (special category, kept apart) and
-- people_group_contacts; every other table refers to a person by id, so erasure blanks a few
-- columns and the anonymised statistics remain.

CREATE TABLE people_panels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('citizens', 'e_panel', 'leaseholder', 'youth')),
  description text NOT NULL DEFAULT '',
  open_to_join boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE people (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  full_name text,
  email text,
  phone text,
  postcode text,
  address text,
  ward_code text,
  topics text[] NOT NULL DEFAULT '{}',
  channels text[] NOT NULL DEFAULT '{}',
  language text,
  access_needs text,
  -- Consent is recorded with the privacy notice the person saw; imported people have none until they confirm.
  consent_at timestamptz,
  privacy_notice_version text,
  confirmed_at timestamptz,
  source text NOT NULL DEFAULT 'self' CHECK (source IN ('self', 'import', 'staff')),
  -- Organisations of the partnership that hold this person (self-joiners: none; imports: the importer's).
  organisation_ids uuid[] NOT NULL DEFAULT '{}',
  last_active_at timestamptz NOT NULL DEFAULT now(),
  reminded_at timestamptz,
  erased_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Normalised (lower-case email, +44 phone) so de-duplication is an index lookup.
CREATE UNIQUE INDEX people_email_key ON people (email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX people_phone_key ON people (phone) WHERE phone IS NOT NULL;
CREATE INDEX people_retention_idx ON people (last_active_at) WHERE erased_at IS NULL;

-- Special category data ("About you"), apart from contact details; deleted on erasure.
CREATE TABLE people_equality (
  person_id uuid PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
  answers jsonb NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE people_memberships (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  panel_id uuid NOT NULL REFERENCES people_panels(id),
  person_id uuid NOT NULL REFERENCES people(id),
  status text NOT NULL CHECK (status IN ('invited', 'active', 'paused', 'left')),
  status_changed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (panel_id, person_id)
);
CREATE INDEX people_memberships_panel_idx ON people_memberships (panel_id, status);

-- A member's history: joined, confirmed, invited (to a consultation or focus group), responded, paused...
-- Never holds personal data: the detail is a consultation title or a focus group name.
CREATE TABLE people_events (
  id bigserial PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES people(id),
  panel_id uuid REFERENCES people_panels(id),
  kind text NOT NULL,
  detail text NOT NULL DEFAULT '',
  sample_id uuid,
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX people_events_person_idx ON people_events (person_id, kind, occurred_at DESC);

-- Emailed links (confirm joining, sign in): only the SHA-256 of the token is stored.
CREATE TABLE people_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('confirm', 'sign-in')),
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE people_groups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  kind text NOT NULL,
  description text NOT NULL DEFAULT '',
  -- The partnership organisation that maintains the record.
  organisation_id uuid NOT NULL,
  -- Audience slugs (communities of place, interest and identity) the group represents.
  communities text[] NOT NULL DEFAULT '{}',
  ward_codes text[] NOT NULL DEFAULT '{}',
  borough_wide boolean NOT NULL DEFAULT false,
  email text,
  website text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE people_group_contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  group_id uuid NOT NULL REFERENCES people_groups(id) ON DELETE CASCADE,
  name text NOT NULL,
  role text NOT NULL DEFAULT '',
  email text,
  phone text,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Population targets (share of residents) per characteristic and category, e.g. ward E05014053 = 0.061.
CREATE TABLE people_targets (
  characteristic text NOT NULL,
  category text NOT NULL,
  proportion numeric(8, 6) NOT NULL CHECK (proportion >= 0 AND proportion <= 1),
  source text NOT NULL,
  is_demo boolean NOT NULL DEFAULT false,
  imported_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (characteristic, category)
);

CREATE TABLE people_samples (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  panel_id uuid NOT NULL REFERENCES people_panels(id),
  requested integer NOT NULL,
  drawn integer NOT NULL,
  seed bigint NOT NULL,
  exclude_days integer NOT NULL,
  characteristics text[] NOT NULL,
  deviations jsonb NOT NULL,
  purpose text CHECK (purpose IN ('consultation', 'focus_group')),
  consultation_id uuid,
  questionnaire_id uuid,
  focus_group text,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  invited_at timestamptz
);

CREATE TABLE people_sample_members (
  sample_id uuid NOT NULL REFERENCES people_samples(id),
  person_id uuid NOT NULL REFERENCES people(id),
  -- The categories the person counted towards when drawn (no personal data: ward codes and bands).
  profile jsonb NOT NULL DEFAULT '{}',
  invited_at timestamptz,
  skipped_reason text,
  responded_at timestamptz,
  PRIMARY KEY (sample_id, person_id)
);
