-- An import never grants an organisation a person it does not already hold: a row matching
-- someone held by others (or by nobody: a resident's own record) becomes an invitation the
-- resident accepts with a single-use link. The token names the organisation and panel asking.
ALTER TABLE people_tokens DROP CONSTRAINT people_tokens_purpose_check;
ALTER TABLE people_tokens ADD CONSTRAINT people_tokens_purpose_check
  CHECK (purpose IN ('confirm', 'sign-in', 'change-email', 'share'));
ALTER TABLE people_tokens ADD COLUMN organisation_id uuid;
ALTER TABLE people_tokens ADD COLUMN panel_id uuid;
ALTER TABLE people_tokens ADD CONSTRAINT people_tokens_share_check
  CHECK ((purpose = 'share') = (organisation_id IS NOT NULL AND panel_id IS NOT NULL));
