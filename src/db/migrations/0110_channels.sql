-- Channels (issue 16): the e-bulletin, measured share links and two-way text messages.

-- A bulletin: drafted from a period's activity, edited, then sent once to confirmed email subscribers.
CREATE TABLE bulletins (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  title text NOT NULL,
  intro text NOT NULL DEFAULT '',
  period_start timestamptz NOT NULL,
  period_end timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sending', 'sent')),
  -- How many recipients the send found (set when sending starts).
  recipients_total integer,
  created_by uuid REFERENCES staff_users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  send_started_at timestamptz,
  sent_at timestamptz
);
CREATE INDEX bulletins_sent_idx ON bulletins (sent_at DESC) WHERE status <> 'draft';

-- Items in order. Empty wards and topics mean "for everyone"; otherwise a subscriber gets the item
-- when one of their wards or topics is among them.
CREATE TABLE bulletin_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bulletin_id uuid NOT NULL REFERENCES bulletins(id) ON DELETE CASCADE,
  position integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('opened', 'results', 'feedback', 'event', 'panel', 'note')),
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  link text NOT NULL DEFAULT '',
  wards text[] NOT NULL DEFAULT '{}',
  topics text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX bulletin_items_bulletin_idx ON bulletin_items (bulletin_id, position);

-- One row per bulletin and recipient, written in the transaction that queues that person's message:
-- the primary key is what makes a resumed send never send anyone twice. recipient_key is a hash of
-- the normalised contact (several subscriptions of one address get one bulletin).
CREATE TABLE bulletin_recipients (
  bulletin_id uuid NOT NULL REFERENCES bulletins(id) ON DELETE CASCADE,
  recipient_key text NOT NULL,
  subscription_id uuid NOT NULL REFERENCES subscriptions(id),
  reference text NOT NULL,
  item_count integer NOT NULL,
  queued_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (bulletin_id, recipient_key)
);

-- Short tracked links (/s/<code>), one per page and channel. Clicks are a counter: no address,
-- agent or cookie of the person clicking is stored.
CREATE TABLE share_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  target_path text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('facebook', 'x', 'nextdoor', 'whatsapp', 'email', 'other')),
  consultation_id uuid REFERENCES consultations(id),
  clicks integer NOT NULL DEFAULT 0,
  created_by uuid REFERENCES staff_users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (target_path, channel)
);

-- Which share link a response started from (the link's code was remembered in a cookie).
CREATE TABLE share_link_responses (
  response_id uuid PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE,
  share_link_id uuid NOT NULL REFERENCES share_links(id)
);
CREATE INDEX share_link_responses_link_idx ON share_link_responses (share_link_id);

-- A consultation that offers "text us your view": a keyword starts a text, and the text becomes a
-- response to the questionnaire's one text question.
CREATE TABLE sms_consultations (
  consultation_id uuid PRIMARY KEY REFERENCES consultations(id),
  keyword text NOT NULL UNIQUE CHECK (keyword ~ '^[A-Z0-9]{2,20}$'),
  question_key text NOT NULL,
  created_by uuid REFERENCES staff_users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Every text received through Notify's callback, once (notify_id is Notify's message id).
-- outcome: unsubscribed, subscribed, awaiting-consent, response, consent-declined, inbox.
CREATE TABLE sms_inbound (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  notify_id text NOT NULL UNIQUE,
  from_number text NOT NULL,
  body text NOT NULL,
  received_at timestamptz NOT NULL,
  outcome text NOT NULL,
  consultation_id uuid REFERENCES consultations(id),
  response_id uuid REFERENCES responses(id) ON DELETE SET NULL,
  handled_at timestamptz,
  handled_by uuid REFERENCES staff_users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sms_inbound_inbox_idx ON sms_inbound (received_at DESC) WHERE outcome = 'inbox' AND handled_at IS NULL;
CREATE INDEX sms_inbound_pending_idx ON sms_inbound (from_number, received_at DESC) WHERE outcome = 'awaiting-consent';

-- Responses can now arrive by text message.
ALTER TABLE responses DROP CONSTRAINT responses_channel_check;
ALTER TABLE responses ADD CONSTRAINT responses_channel_check
  CHECK (channel IN ('online', 'paper', 'email', 'phone', 'event', 'sms'));
