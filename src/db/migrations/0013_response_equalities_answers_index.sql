-- The results dashboard's "About you" group filter asks for responses whose About you answers
-- contain one value (answers @> '{"age_band":"35-44"}'): this index finds them without reading
-- every response of the questionnaire.
CREATE INDEX IF NOT EXISTS response_equalities_answers_idx ON response_equalities USING gin (answers jsonb_path_ops);
