-- Closing the loop (issue 4): feedback themes and coding, decisions, implementation updates,
-- subscriptions and announcements, evaluation, right to challenge, the results library; and
-- delivery retries for the outbox.

-- Weeks between close and feedback, per organisation (the partnership default is 6).
CREATE TABLE feedback_settings (
  organisation_id uuid PRIMARY KEY REFERENCES organisations(id),
  feedback_weeks integer NOT NULL CHECK (feedback_weeks BETWEEN 1 AND 26),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- "You said": a theme officers code responses to; "we did": the answer every theme needs before publishing.
CREATE TABLE feedback_themes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consultation_id uuid NOT NULL REFERENCES consultations(id),
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  response_kind text CHECK (response_kind IN ('we_did', 'we_will', 'cannot')),
  response_text text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feedback_themes_consultation_idx ON feedback_themes (consultation_id, created_at);

-- A response coded to a theme; quote_key names the answer quoted from it, when chosen as a quote.
CREATE TABLE feedback_codings (
  theme_id uuid NOT NULL REFERENCES feedback_themes(id) ON DELETE CASCADE,
  response_id uuid NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  quote_key text,
  PRIMARY KEY (theme_id, response_id)
);
CREATE INDEX feedback_codings_response_idx ON feedback_codings (response_id);

CREATE TABLE decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  maker_kind text NOT NULL CHECK (maker_kind IN ('cabinet', 'committee', 'delegated_officer', 'partner_board', 'full_council')),
  maker_name text NOT NULL,
  decided_on date NOT NULL,
  title text NOT NULL,
  decision text NOT NULL,
  report_url text NOT NULL DEFAULT '',
  minutes_url text NOT NULL DEFAULT '',
  created_by uuid REFERENCES staff_users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A consultation can feed several decisions; a decision can draw on several consultations.
CREATE TABLE decision_consultations (
  decision_id uuid NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
  consultation_id uuid NOT NULL REFERENCES consultations(id),
  PRIMARY KEY (decision_id, consultation_id)
);
CREATE INDEX decision_consultations_consultation_idx ON decision_consultations (consultation_id);

CREATE TABLE decision_themes (
  decision_id uuid NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
  theme_id uuid NOT NULL REFERENCES feedback_themes(id) ON DELETE CASCADE,
  how_considered text NOT NULL,
  PRIMARY KEY (decision_id, theme_id)
);
CREATE INDEX decision_themes_theme_idx ON decision_themes (theme_id);

CREATE TABLE implementation_updates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  decision_id uuid NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'not_going_ahead')),
  note text NOT NULL,
  occurred_on date NOT NULL,
  created_by uuid REFERENCES staff_users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX implementation_updates_decision_idx ON implementation_updates (decision_id, occurred_on);

-- Anyone can subscribe: to areas of interest (wards, topics, organisations) or one consultation.
CREATE TABLE subscriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  contact text NOT NULL,
  consultation_id uuid REFERENCES consultations(id),
  wards text[] NOT NULL DEFAULT '{}',
  topics text[] NOT NULL DEFAULT '{}',
  organisation_ids uuid[] NOT NULL DEFAULT '{}',
  frequency text NOT NULL DEFAULT 'immediate' CHECK (frequency IN ('immediate', 'weekly')),
  confirm_token_hash text UNIQUE,
  confirmed_at timestamptz,
  unsubscribed_at timestamptz,
  last_digest_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscriptions_active_idx ON subscriptions (confirmed_at) WHERE unsubscribed_at IS NULL;

-- What has been announced, so the announcement job never needs consultations code to change and
-- never announces twice: kind is opened, feedback or decision:<id>.
CREATE TABLE announcements (
  consultation_id uuid NOT NULL REFERENCES consultations(id),
  kind text NOT NULL,
  announced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consultation_id, kind)
);

-- Items waiting for a weekly digest.
CREATE TABLE digest_items (
  subscription_id uuid NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
  consultation_id uuid NOT NULL REFERENCES consultations(id),
  kind text NOT NULL,
  line text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  PRIMARY KEY (subscription_id, consultation_id, kind)
);

-- "How was taking part?": anonymous answers, validated by the questionnaire engine.
CREATE TABLE participation_surveys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consultation_id uuid NOT NULL REFERENCES consultations(id),
  answers jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX participation_surveys_consultation_idx ON participation_surveys (consultation_id);

-- The lead officer's evaluation against the engagement principles: principle → { rating, evidence }.
CREATE TABLE engagement_evaluations (
  consultation_id uuid PRIMARY KEY REFERENCES consultations(id),
  ratings jsonb NOT NULL,
  lessons text NOT NULL DEFAULT '',
  evaluated_by uuid REFERENCES staff_users(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Right to challenge: a comment on, or complaint about, how a consultation was run.
CREATE TABLE challenges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference text NOT NULL UNIQUE,
  consultation_id uuid NOT NULL REFERENCES consultations(id),
  kind text NOT NULL CHECK (kind IN ('comment', 'complaint')),
  name text NOT NULL,
  email text NOT NULL,
  body text NOT NULL,
  respond_by timestamptz NOT NULL,
  answer text,
  answered_by uuid REFERENCES staff_users(id),
  answered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX challenges_open_idx ON challenges (respond_by) WHERE answered_at IS NULL;

-- "Use what we already know": how a consultation being prepared relates to a past one.
CREATE TABLE library_relations (
  consultation_id uuid NOT NULL REFERENCES consultations(id),
  past_consultation_id uuid NOT NULL REFERENCES consultations(id),
  note text NOT NULL,
  noted_by uuid REFERENCES staff_users(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consultation_id, past_consultation_id)
);

-- Delivery retries: a worker claims a row (status sending, claimed_until) before calling Notify,
-- so two workers never send the same message; failures wait until next_attempt_at.
ALTER TABLE outbox_messages ADD COLUMN next_attempt_at timestamptz;
ALTER TABLE outbox_messages ADD COLUMN claimed_until timestamptz;
ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_status_check;
ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_status_check
  CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled'));
CREATE INDEX outbox_messages_due_idx ON outbox_messages (next_attempt_at) WHERE status IN ('queued', 'sending');
