-- Issue 14, open data: one dump per Vietnamese day of every public record in the log, as CSV,
-- JSON lines and Parquet, each file's SHA-256 published in an `open_data_dump` record (itself
-- logged). Full history: rows are never pruned.
--
-- A row is first a claim (public_record_id NULL): the worker that inserts the day's row writes
-- the files, renewing `claimed_at` page by page; another worker may take the claim over only
-- when it has not been renewed for a while (a worker killed mid-dump). Claiming first, rather
-- than holding a transaction or an advisory lock through the writing, keeps the embedded
-- database's single connection free for the server while a million records are written.
CREATE TABLE open_data_dumps (
  id                uuid PRIMARY KEY,
  day               date NOT NULL UNIQUE,
  claim_token       uuid NOT NULL,
  claimed_at        timestamptz NOT NULL,
  checkpoint_size   bigint CHECK (checkpoint_size > 0),
  root_hash         bytea CHECK (length(root_hash) = 32),
  checkpoint_note   text,
  files             jsonb,
  public_record_id  uuid UNIQUE REFERENCES public_records(id),
  created_at        timestamptz,
  CHECK ((public_record_id IS NULL) = (created_at IS NULL))
);

-- The public list: finished dumps, newest first.
CREATE INDEX open_data_dumps_done_idx ON open_data_dumps (id DESC) WHERE public_record_id IS NOT NULL;
