-- Tallies for inserted responses per statement rather than per row (migration 0011 did it per row):
-- a CSV import's batched INSERT or a bulk load reads each questionnaire version's definition once,
-- not once per response. Changes and deletions stay per row (rare, and a DELETE must see the
-- About you answers before the cascade removes them).
DROP TRIGGER responses_tally_insert ON responses;

CREATE FUNCTION responses_tally_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO response_tallies (questionnaire_id, channel, respondent_type, ward_code, series, value, n)
  WITH questions AS (
    SELECT v.questionnaire_id, v.version, qu->>'key' AS key, qu->>'type' AS type
    FROM (SELECT DISTINCT questionnaire_id, version FROM inserted_responses) AS s
    JOIN questionnaire_versions v ON v.questionnaire_id = s.questionnaire_id AND v.version = s.version
    CROSS JOIN LATERAL jsonb_array_elements(coalesce(v.definition->'pages', '[]'::jsonb)) AS p(page)
    CROSS JOIN LATERAL jsonb_array_elements(coalesce(p.page->'questions', '[]'::jsonb)) AS qs(qu)
    WHERE qu->>'type' IN ('single_choice', 'dropdown', 'agreement', 'ward', 'consent', 'multiple_choice', 'matrix')
  )
  SELECT r.questionnaire_id, r.channel, r.respondent_type, r.ward_code, t.series, t.value, 1
  FROM inserted_responses r
  CROSS JOIN LATERAL (
    SELECT '#total'::text AS series, ''::text AS value
    UNION ALL SELECT '#day', to_char(r.submitted_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD')
    UNION ALL SELECT q.key, r.answers->>q.key FROM questions q
      WHERE q.questionnaire_id = r.questionnaire_id AND q.version = r.version
        AND q.type NOT IN ('multiple_choice', 'matrix') AND jsonb_typeof(r.answers->q.key) IN ('string', 'boolean', 'number')
    UNION ALL SELECT q.key, e.value FROM questions q
      CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(r.answers->q.key) = 'array'
        THEN r.answers->q.key ELSE '[]'::jsonb END) AS e(value)
      WHERE q.questionnaire_id = r.questionnaire_id AND q.version = r.version AND q.type = 'multiple_choice'
    UNION ALL SELECT q.key || '#answered', '' FROM questions q
      WHERE q.questionnaire_id = r.questionnaire_id AND q.version = r.version AND q.type = 'multiple_choice'
        AND jsonb_typeof(r.answers->q.key) = 'array' AND jsonb_array_length(r.answers->q.key) > 0
    UNION ALL SELECT q.key || '/' || m.key, m.value FROM questions q
      CROSS JOIN LATERAL jsonb_each_text(CASE WHEN jsonb_typeof(r.answers->q.key) = 'object'
        THEN r.answers->q.key ELSE '{}'::jsonb END) AS m(key, value)
      WHERE q.questionnaire_id = r.questionnaire_id AND q.version = r.version AND q.type = 'matrix'
  ) AS t
  WHERE t.value IS NOT NULL;
  -- A new response has no About you answers yet: they are inserted after it (their own trigger).
  RETURN NULL;
END
$fn$;
CREATE TRIGGER responses_tally_insert AFTER INSERT ON responses
  REFERENCING NEW TABLE AS inserted_responses FOR EACH STATEMENT EXECUTE FUNCTION responses_tally_inserted();

DROP TRIGGER response_equalities_tally ON response_equalities;
CREATE TRIGGER response_equalities_tally AFTER DELETE OR UPDATE OF answers ON response_equalities
  FOR EACH ROW EXECUTE FUNCTION equalities_tally_trigger();

CREATE FUNCTION equalities_tally_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO response_tallies (questionnaire_id, channel, respondent_type, ward_code, series, value, n)
  SELECT r.questionnaire_id, r.channel, r.respondent_type, r.ward_code, 'about:' || e.key, e.value, 1
  FROM inserted_equalities q
  JOIN responses r ON r.id = q.response_id
  CROSS JOIN LATERAL jsonb_each_text(q.answers) AS e(key, value)
  WHERE jsonb_typeof(q.answers->e.key) = 'string';
  RETURN NULL;
END
$fn$;
CREATE TRIGGER response_equalities_tally_insert AFTER INSERT ON response_equalities
  REFERENCING NEW TABLE AS inserted_equalities FOR EACH STATEMENT EXECUTE FUNCTION equalities_tally_inserted();
