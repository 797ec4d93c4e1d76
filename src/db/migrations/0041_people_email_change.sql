-- A member's new email address waits on its own single-use link until they follow it: the
-- address in use does not change before then. Erasure deletes the person's tokens, and with them
-- any address still waiting.
ALTER TABLE people_tokens DROP CONSTRAINT people_tokens_purpose_check;
ALTER TABLE people_tokens ADD CONSTRAINT people_tokens_purpose_check
  CHECK (purpose IN ('confirm', 'sign-in', 'change-email'));
ALTER TABLE people_tokens ADD COLUMN new_email text;
ALTER TABLE people_tokens ADD CONSTRAINT people_tokens_new_email_check
  CHECK (new_email IS NULL OR purpose = 'change-email');
