-- Events say which forward plan activity they are part of (plan_events.activity_id, in 0030 but
-- never set until now); an activity's page lists its events, so find them by activity.
CREATE INDEX plan_events_activity_idx ON plan_events (activity_id, starts_at) WHERE activity_id IS NOT NULL;
