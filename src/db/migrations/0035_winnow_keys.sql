-- Partial reposts (issue 15): winnowing fingerprints (src/core/winnow.ts) find a stored text from
-- a part of it (a cut repost, a quote inside someone's commentary), which the whole-text LSH bands
-- cannot. One inverted index beside the bands: a GIN index over the keys, queried with `&&`.
-- (A separate postings table would need a row per key, ~25 per text, and a second insert path;
-- the GIN posting lists are compressed and live with the row.)
ALTER TABLE text_fingerprints ADD COLUMN winnow_keys integer[] NOT NULL DEFAULT '{}';
-- fastupdate off, as for the bands: lookups must not scan a pending list that grows with inserts.
CREATE INDEX text_fingerprints_winnow_idx ON text_fingerprints USING gin (winnow_keys) WITH (fastupdate = off);

-- Boilerplate guard: how many stored texts hold each winnow key, kept by insertFingerprints. A
-- lookup skips a key held by many texts (src/core/winnow.ts WINNOW_KEY_MAX_POSTINGS) by one
-- primary-key probe, without reading its posting list, which grows with the number of texts.
CREATE TABLE winnow_key_counts (
  key    integer PRIMARY KEY,
  texts  integer NOT NULL
);

-- The winnowing scheme is part of the matching scheme (match-scheme.service.ts): "version:k:w".
-- Changing it later makes minhbach refuse to start until `minhbach reindex`.
ALTER TABLE match_scheme ADD COLUMN winnow text NOT NULL DEFAULT '1:5:8';

-- Existing fingerprints have no winnow keys. The text of every item is fingerprinted again by the
-- linker in the background (as after `minhbach reindex`), which writes them. Case links stay:
-- the shingles are unchanged, so they are still right, and re-linking only upserts them.
DELETE FROM text_fingerprints;
UPDATE notice_items SET fingerprinted_at = NULL WHERE text IS NOT NULL;
