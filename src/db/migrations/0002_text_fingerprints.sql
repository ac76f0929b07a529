-- Text fingerprints for finding the same content again however it is reworded (issue 3).

-- The scheme the stored fingerprints were made with. A change of normalization or MinHash
-- parameters makes them incomparable, so it is recorded and checked; changing it means a reindex.
CREATE TABLE match_scheme (
  id                     integer PRIMARY KEY CHECK (id = 1),
  normalization_version  integer NOT NULL,
  minhash_version        integer NOT NULL,
  seed                   bigint NOT NULL,
  permutations           integer NOT NULL,
  bands                  integer NOT NULL,
  rows_per_band          integer NOT NULL,
  updated_at             timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE text_fingerprints (
  id               uuid PRIMARY KEY,
  case_id          uuid NOT NULL REFERENCES cases(id),
  notice_id        uuid NOT NULL REFERENCES notices(id),
  -- Exact keys: the normalized text, and the same with every mark stripped.
  normalized_hash  text NOT NULL,
  stripped_hash    text NOT NULL,
  -- The shingle set, to verify each LSH candidate with the exact Jaccard.
  shingles         integer[] NOT NULL,
  -- One key per LSH band; any shared key makes a candidate.
  band_keys        bigint[] NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);

-- Items whose text the linker has not fingerprinted yet (see linker.service.ts): intake only
-- stores the text, so a submission never waits for the matching.
ALTER TABLE notice_items ADD COLUMN fingerprinted_at timestamptz;
CREATE INDEX notice_items_unfingerprinted_idx ON notice_items (notice_id, position) WHERE text IS NOT NULL AND fingerprinted_at IS NULL;
CREATE INDEX text_fingerprints_case_idx ON text_fingerprints (case_id);
CREATE INDEX text_fingerprints_normalized_idx ON text_fingerprints (normalized_hash);
CREATE INDEX text_fingerprints_stripped_idx ON text_fingerprints (stripped_hash);
-- fastupdate off: lookups must not scan a pending list that grows with every insert.
CREATE INDEX text_fingerprints_bands_idx ON text_fingerprints USING gin (band_keys) WITH (fastupdate = off);

-- Cases whose texts are near-duplicates (≥ 0.8) or similar (≥ 0.6), in both directions, so each
-- case shows the other to its reviewers.
CREATE TABLE case_links (
  case_id          uuid NOT NULL REFERENCES cases(id),
  related_case_id  uuid NOT NULL REFERENCES cases(id),
  level            text NOT NULL CHECK (level IN ('duplicate','similar')),
  score            real NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, related_case_id),
  CHECK (case_id <> related_case_id)
);
