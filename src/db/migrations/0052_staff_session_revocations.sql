-- Sessions are sealed cookies (nothing stored server-side), so signing out must make the old
-- cookie useless on its own: each sign-in gets a random session id, and signing out records it
-- here until the cookie would have expired anyway (8 hours).
CREATE TABLE staff_session_revocations (
  session_id text PRIMARY KEY,
  revoked_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX staff_session_revocations_expires_idx ON staff_session_revocations (expires_at);
