-- Versions of the data public pages show (src/web/page-cache.ts, ADR 0009). A write bumps one of 16 rows per
-- tag at random inside its own transaction; readers sum them per tag, so each committed bump changes the sum.
CREATE TABLE IF NOT EXISTS page_cache_versions (
  tag text NOT NULL,
  shard smallint NOT NULL,
  version bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tag, shard)
);
