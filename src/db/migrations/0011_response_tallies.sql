-- Results at 100,000 responses: counts kept beside the responses, so a dashboard summary reads a
-- few thousand pre-aggregated rows instead of scanning every response's answers.
--
-- Append-only (quality.md forbids hot-row counters): every response inserted, changed or deleted
-- appends +1/-1 rows here from triggers, so no two submissions ever wait on the same row and every
-- path that writes responses (online, offline entry, CSV import, bulk SQL) is covered. A job folds
-- the rows of each questionnaire together (compaction) so the table stays small; until it runs,
-- reads simply sum a few more rows.
CREATE TABLE response_tallies (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  questionnaire_id uuid NOT NULL,
  -- The dimensions the dashboard filters by (all but the About you group, which falls back to a scan).
  channel text NOT NULL,
  respondent_type text NOT NULL,
  ward_code text,
  -- '#total' (value ''), '#day' (Europe/London date), a question key, key/row for a matrix row,
  -- key#answered for a multiple-choice question answered at all, about:key for About you.
  series text NOT NULL,
  value text NOT NULL,
  n integer NOT NULL,
  compacted boolean NOT NULL DEFAULT false
);
CREATE INDEX response_tallies_questionnaire_idx ON response_tallies (questionnaire_id, series)
  INCLUDE (value, channel, respondent_type, ward_code, n);
CREATE INDEX response_tallies_pending_idx ON response_tallies (questionnaire_id) WHERE NOT compacted;

-- The (series, value) pairs one response's answers contribute, read against the version it answered.
CREATE FUNCTION response_tally_pairs(definition jsonb, answers jsonb)
RETURNS TABLE (series text, value text) LANGUAGE sql IMMUTABLE AS $fn$
  WITH q AS (
    SELECT qu->>'key' AS key, qu->>'type' AS type
    FROM jsonb_array_elements(coalesce(definition->'pages', '[]'::jsonb)) AS p(page),
         jsonb_array_elements(coalesce(p.page->'questions', '[]'::jsonb)) AS qs(qu)
    WHERE qu->>'type' IN ('single_choice', 'dropdown', 'agreement', 'ward', 'consent', 'multiple_choice', 'matrix')
  )
  SELECT q.key, answers->>q.key FROM q
    WHERE q.type NOT IN ('multiple_choice', 'matrix') AND jsonb_typeof(answers->q.key) IN ('string', 'boolean', 'number')
  UNION ALL
  SELECT q.key, e.value FROM q
    CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(answers->q.key) = 'array'
      THEN answers->q.key ELSE '[]'::jsonb END) AS e(value)
    WHERE q.type = 'multiple_choice'
  UNION ALL
  SELECT q.key || '#answered', '' FROM q
    WHERE q.type = 'multiple_choice' AND jsonb_typeof(answers->q.key) = 'array' AND jsonb_array_length(answers->q.key) > 0
  UNION ALL
  SELECT q.key || '/' || r.key, r.value FROM q
    CROSS JOIN LATERAL jsonb_each_text(CASE WHEN jsonb_typeof(answers->q.key) = 'object'
      THEN answers->q.key ELSE '{}'::jsonb END) AS r(key, value)
    WHERE q.type = 'matrix'
$fn$;

-- Appends one response's tallies with the given sign: its answers, its About you answers, its day and total.
CREATE FUNCTION tally_response(r responses, sign integer) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO response_tallies (questionnaire_id, channel, respondent_type, ward_code, series, value, n)
  SELECT r.questionnaire_id, r.channel, r.respondent_type, r.ward_code, t.series, t.value, sign
  FROM (
    SELECT '#total'::text AS series, ''::text AS value
    UNION ALL SELECT '#day', to_char(r.submitted_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD')
    UNION ALL SELECT p.series, p.value
      FROM questionnaire_versions v CROSS JOIN LATERAL response_tally_pairs(v.definition, r.answers) AS p
      WHERE v.questionnaire_id = r.questionnaire_id AND v.version = r.version
    UNION ALL SELECT 'about:' || e.key, e.value
      FROM response_equalities q CROSS JOIN LATERAL jsonb_each_text(q.answers) AS e(key, value)
      WHERE q.response_id = r.id AND jsonb_typeof(q.answers->e.key) = 'string'
  ) AS t
  WHERE t.value IS NOT NULL;
END
$fn$;

CREATE FUNCTION responses_tally_trigger() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM tally_response(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM tally_response(NEW, 1); END IF;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER responses_tally_insert AFTER INSERT ON responses FOR EACH ROW EXECUTE FUNCTION responses_tally_trigger();
CREATE TRIGGER responses_tally_update AFTER UPDATE OF questionnaire_id, version, channel, respondent_type, ward_code,
  answers, submitted_at ON responses FOR EACH ROW EXECUTE FUNCTION responses_tally_trigger();
-- BEFORE, so the About you answers (deleted by the cascade afterwards) are still there to subtract.
CREATE FUNCTION responses_untally_trigger() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM tally_response(OLD, -1);
  RETURN OLD;
END
$fn$;
CREATE TRIGGER responses_tally_delete BEFORE DELETE ON responses FOR EACH ROW EXECUTE FUNCTION responses_untally_trigger();

-- About you answers arrive after their response (same transaction) and may be erased on their own.
CREATE FUNCTION equalities_tally_trigger() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO response_tallies (questionnaire_id, channel, respondent_type, ward_code, series, value, n)
    SELECT r.questionnaire_id, r.channel, r.respondent_type, r.ward_code, 'about:' || e.key, e.value, -1
    FROM responses r CROSS JOIN LATERAL jsonb_each_text(OLD.answers) AS e(key, value)
    WHERE r.id = OLD.response_id AND jsonb_typeof(OLD.answers->e.key) = 'string';
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO response_tallies (questionnaire_id, channel, respondent_type, ward_code, series, value, n)
    SELECT r.questionnaire_id, r.channel, r.respondent_type, r.ward_code, 'about:' || e.key, e.value, 1
    FROM responses r CROSS JOIN LATERAL jsonb_each_text(NEW.answers) AS e(key, value)
    WHERE r.id = NEW.response_id AND jsonb_typeof(NEW.answers->e.key) = 'string';
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER response_equalities_tally AFTER INSERT OR DELETE OR UPDATE OF answers ON response_equalities
  FOR EACH ROW EXECUTE FUNCTION equalities_tally_trigger();

-- Responses already stored.
SELECT tally_response(r, 1) FROM responses r;
