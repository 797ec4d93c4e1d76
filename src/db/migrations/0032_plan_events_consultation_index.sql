-- Every public consultation page lists that consultation's upcoming events: find them by
-- consultation rather than reading the whole diary.
CREATE INDEX IF NOT EXISTS plan_events_consultation_idx ON plan_events (consultation_id, starts_at)
  WHERE consultation_id IS NOT NULL;
