-- The version of the search rules (SEARCH_SCHEME) every record's words were last rebuilt under,
-- in one row: src/db/migrate.ts reads it at each start, so an up-to-date database is not scanned
-- for stale records (public_records.search_scheme has no index: an index would cost every publish).
CREATE TABLE search_state (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  scheme     smallint NOT NULL
);
INSERT INTO search_state (scheme) VALUES (0);
