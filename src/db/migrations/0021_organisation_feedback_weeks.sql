-- One feedback promise per organisation, held on the organisation: the public consultation page
-- and the feedback-due lists both read organisations.feedback_weeks, so residents and staff see
-- the same date. Replaces feedback_settings (0020), whose values are carried over.
-- Guarded throughout so that running it again changes nothing.
ALTER TABLE organisations ADD COLUMN IF NOT EXISTS feedback_weeks integer NOT NULL DEFAULT 6;

-- The same range the staff form accepts (1 to 26 weeks).
ALTER TABLE organisations DROP CONSTRAINT IF EXISTS organisations_feedback_weeks_check;
ALTER TABLE organisations ADD CONSTRAINT organisations_feedback_weeks_check
  CHECK (feedback_weeks BETWEEN 1 AND 26);

DO $$
BEGIN
  IF to_regclass('feedback_settings') IS NOT NULL THEN
    UPDATE organisations o SET feedback_weeks = fs.feedback_weeks
    FROM feedback_settings fs WHERE fs.organisation_id = o.id;
  END IF;
END
$$;

DROP TABLE IF EXISTS feedback_settings;
