-- A public record's digest is computed by the process that publishes it, from the document it
-- has in hand, and stored with it: the log's single writer then only sequences compact entries
-- (id, type, time, sha256) instead of reading and canonicalizing every body, which was most of
-- its cost (bench/results/log.md). It also makes the leaf commit to the record as first
-- published, even if its body is withdrawn before the integrator gets to it.

-- NULL only for records published before this migration (all logged, or about to be from
-- log_pending rows without a digest, which the integrator still digests from the body).
ALTER TABLE public_records ADD COLUMN sha256 bytea CHECK (length(sha256) = 32);

-- The queue carries the whole entry, so integration never touches public_records.
ALTER TABLE log_pending
  ADD COLUMN type text,
  ADD COLUMN published_at timestamptz,
  ADD COLUMN sha256 bytea;

CREATE OR REPLACE FUNCTION log_pending_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- No path may publish a record the log cannot commit to.
  IF EXISTS (SELECT 1 FROM new_records WHERE sha256 IS NULL) THEN
    RAISE EXCEPTION 'public record published without its sha256 digest' USING ERRCODE = 'not_null_violation';
  END IF;
  INSERT INTO log_pending (record_id, type, published_at, sha256)
  SELECT id, type, published_at, sha256 FROM new_records ORDER BY published_at, id;
  RETURN NULL;
END $$;

-- The log's tables referenced public_records by foreign key, checked row by row at ~6 µs a row
-- on both the queue and the leaves: the largest single cost left in integration. Their rows
-- come only from the trigger above (records that exist by construction), so what the keys
-- really guarded was that a logged record cannot be deleted. That guard stays, for the whole
-- table and cheaper: public records are never deleted (a body is withdrawn, the row stays).
ALTER TABLE log_pending DROP CONSTRAINT log_pending_record_id_fkey;
ALTER TABLE log_entries DROP CONSTRAINT log_entries_record_id_fkey;

CREATE FUNCTION public_records_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'public records are never deleted: withdraw the body instead (minhbach withdraw)' USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER public_records_keep BEFORE DELETE OR TRUNCATE ON public_records FOR EACH STATEMENT EXECUTE FUNCTION public_records_keep();
