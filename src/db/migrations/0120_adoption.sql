-- Any council can adopt Soundings (issue 18): wards of any authority with Welsh names and history,
-- the council's settings and brand, the first-run code, and staff single sign-on per organisation.

-- Wards: a retired ward stays (its code is still resolvable for history); its successors say where it went.
ALTER TABLE wards ADD COLUMN name_cy text;
ALTER TABLE wards ADD COLUMN retired_at timestamptz;
ALTER TABLE wards ADD COLUMN boundary_set text;
CREATE INDEX wards_current_idx ON wards (authority_code) WHERE retired_at IS NULL;

CREATE TABLE ward_successors (
  old_code text NOT NULL REFERENCES wards(code),
  new_code text NOT NULL REFERENCES wards(code),
  PRIMARY KEY (old_code, new_code)
);

-- Records that a boundary change could not settle on its own (a panel member with no known postcode
-- in a retired ward): staff check them; the record keeps its old ward meanwhile.
CREATE TABLE ward_change_flags (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subject text NOT NULL,
  subject_id text NOT NULL,
  old_code text NOT NULL,
  reason text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  UNIQUE (subject, subject_id, old_code)
);

-- One row: this install's council and its brand. Absent until set-up has run.
CREATE TABLE council_settings (
  id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  authority_code text NOT NULL,
  council_name text NOT NULL,
  service_name text NOT NULL DEFAULT 'Have your say',
  lead_organisation_id uuid REFERENCES organisations(id),
  brand_colour text,
  logo_key text,
  logo_content_type text,
  logo_alt text,
  privacy_url text,
  accessibility_url text,
  contact_url text,
  cookies_url text,
  contact_email text,
  accessibility_statement text,
  privacy_notice text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- First-run codes: printed to the log by each starting process while no council is set up.
CREATE TABLE setup_codes (
  code_hash text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);

-- OpenID Connect per organisation; the client secret is sealed with SESSION_SECRET.
CREATE TABLE organisation_sso (
  organisation_id uuid PRIMARY KEY REFERENCES organisations(id),
  issuer text NOT NULL,
  client_id text NOT NULL,
  client_secret_sealed text NOT NULL,
  allowed_domains text[] NOT NULL DEFAULT '{}',
  required boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff_identities (
  issuer text NOT NULL,
  subject text NOT NULL,
  staff_user_id uuid NOT NULL REFERENCES staff_users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (issuer, subject)
);
