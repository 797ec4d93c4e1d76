-- One message per person: an unauthenticated request can make the council email or text an
-- address, so each (purpose, scope, contact) has one pending record and the unique key makes
-- parallel identical requests queue one message. Contacts are stored as SHA-256 hashes of their
-- normalised form: these rows say how often an address was written to, never the address.
CREATE TABLE message_claims (
  purpose text NOT NULL,
  scope text NOT NULL DEFAULT '',
  contact_hash text NOT NULL,
  first_sent_at timestamptz NOT NULL,
  last_sent_at timestamptz NOT NULL,
  sends integer NOT NULL DEFAULT 1,
  PRIMARY KEY (purpose, scope, contact_hash)
);
CREATE INDEX message_claims_last_sent_idx ON message_claims (last_sent_at);

-- The daily cap per recipient, across every purpose and scope (beside the per-IP rate limits).
CREATE TABLE message_recipient_days (
  contact_hash text NOT NULL,
  day date NOT NULL,
  sends integer NOT NULL DEFAULT 0,
  PRIMARY KEY (contact_hash, day)
);
