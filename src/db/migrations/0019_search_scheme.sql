-- Search as Vietnamese people type (issue 13): a record's search words now come from
-- src/core/search-terms.ts (marks dropped, legal references expanded). Which version of those
-- rules built a row's `search`: rows of an older version are rebuilt from their published body by
-- src/db/migrate.ts after the migrations.
ALTER TABLE public_records ADD COLUMN search_scheme smallint NOT NULL DEFAULT 0;
