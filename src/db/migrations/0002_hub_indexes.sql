-- Covering indexes for the public hub's lists: the find page picks a page of ids from these
-- without touching the wide consultation rows (measured in bench/: see the closing note of issue 2).
CREATE INDEX consultations_public_closing_idx
  ON consultations (state, closes_at, slug) INCLUDE (id, borough_wide, lead_organisation_id);
CREATE INDEX consultations_public_opening_idx
  ON consultations (state, opens_at, slug) INCLUDE (id);
