-- Petitions and councillor calls for action (issue 14).

-- The council's rules for petitions: how long a petition is open and the thresholds that oblige
-- a written response and a debate at full council. One row per council organisation.
CREATE TABLE petition_settings (
  organisation_id uuid PRIMARY KEY REFERENCES organisations(id),
  open_days integer NOT NULL DEFAULT 182 CHECK (open_days BETWEEN 7 AND 730),
  response_threshold integer NOT NULL DEFAULT 500 CHECK (response_threshold > 0),
  debate_threshold integer NOT NULL DEFAULT 1500 CHECK (debate_threshold > 0),
  supporters_needed integer NOT NULL DEFAULT 5 CHECK (supporters_needed BETWEEN 1 AND 50),
  updated_by uuid REFERENCES staff_users(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- States: draft (creator has not confirmed their email) → collecting (gathering supporters, seen
-- only by its link) → moderation (enough supporters; in the moderators' queue) → open | rejected.
-- "Closed" is not stored: an open petition whose closes_at has passed is closed.
CREATE TABLE petitions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The public number, e.g. /petitions/1042.
  number serial UNIQUE,
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  title text NOT NULL,
  action text NOT NULL,
  background text NOT NULL DEFAULT '',
  creator_name text NOT NULL,
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'collecting', 'moderation', 'open', 'rejected')),
  rejection_code text CHECK (rejection_code IN ('duplicate', 'not-responsible', 'defamatory', 'personal-data', 'other')),
  rejection_details text,
  duplicate_of uuid REFERENCES petitions(id),
  moderated_by uuid REFERENCES staff_users(id),
  moderated_at timestamptz,
  lead_officer_id uuid REFERENCES staff_users(id),
  opened_at timestamptz,
  closes_at timestamptz,
  response text,
  response_published_at timestamptz,
  debate_date date,
  debate_outcome text,
  debate_published_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'open' OR (opened_at IS NOT NULL AND closes_at IS NOT NULL)),
  CHECK (status <> 'rejected' OR rejection_code IS NOT NULL)
);
CREATE INDEX petitions_status_idx ON petitions (status, closes_at);

-- One row per person per petition. email_key is the normalised address (see email-key.ts); the
-- unique index is what makes parallel identical signatures one. The confirmation token is stored
-- only as its SHA-256 and cleared once used. Networks and addresses are keyed hashes (HMAC), never
-- the raw IP.
CREATE TABLE petition_signatures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  petition_id uuid NOT NULL REFERENCES petitions(id),
  name text NOT NULL,
  email text NOT NULL,
  email_key text NOT NULL,
  email_domain text NOT NULL,
  postcode text NOT NULL,
  ward_code text,
  in_borough boolean NOT NULL,
  notify_me boolean NOT NULL DEFAULT false,
  is_creator boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'invalidated')),
  token_hash text UNIQUE,
  token_expires_at timestamptz,
  token_sent_at timestamptz,
  sends integer NOT NULL DEFAULT 1,
  address_hash text NOT NULL,
  network_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  confirmed_at timestamptz,
  invalidated_at timestamptz,
  invalidated_by uuid REFERENCES staff_users(id),
  invalidated_reason text,
  UNIQUE (petition_id, email_key)
);
-- Counts: confirmed signatures per petition (and per ward), derived from these rows.
CREATE INDEX petition_signatures_confirmed_idx ON petition_signatures (petition_id, ward_code)
  WHERE status = 'confirmed';
CREATE INDEX petition_signatures_network_idx ON petition_signatures (petition_id, network_hash, created_at);
CREATE INDEX petition_signatures_address_idx ON petition_signatures (petition_id, address_hash);

-- A threshold is recorded once per petition: the primary key is the exactly-once guarantee.
CREATE TABLE petition_thresholds_reached (
  petition_id uuid NOT NULL REFERENCES petitions(id),
  kind text NOT NULL CHECK (kind IN ('response', 'debate')),
  threshold integer NOT NULL,
  signatures integer NOT NULL,
  reached_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (petition_id, kind)
);

-- Councillor calls for action: raised by a councillor about a local issue in a ward; the scrutiny
-- officer records the decision, the meeting, recommendations and the responses to them.
CREATE TABLE ccfas (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number serial UNIQUE,
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  councillor_id uuid NOT NULL REFERENCES staff_users(id),
  councillor_name text NOT NULL,
  ward_code text NOT NULL,
  title text NOT NULL,
  issue text NOT NULL,
  steps_taken text NOT NULL,
  status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'accepted', 'refused')),
  decision_reasons text,
  decided_by uuid REFERENCES staff_users(id),
  decided_at timestamptz,
  meeting_date date,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status = 'submitted' OR decision_reasons IS NOT NULL)
);

CREATE TABLE ccfa_recommendations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ccfa_id uuid NOT NULL REFERENCES ccfas(id),
  position integer NOT NULL,
  body text NOT NULL,
  addressed_to text NOT NULL,
  response text,
  responded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (ccfa_id, position)
);
