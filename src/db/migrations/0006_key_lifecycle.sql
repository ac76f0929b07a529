-- Key lifecycle: an organization holds several named keys, each revocable on its own, and an
-- organization can be disabled as a whole (every key stops working, its records stay).

-- A name says what a key is for ("ingest server", "Nguyễn's laptop") so the right one is revoked.
ALTER TABLE api_keys ADD COLUMN name text CHECK (name IS NULL OR length(name) BETWEEN 1 AND 100);
-- When the key was last seen, to the minute: written at most once a minute per key, so a busy
-- key costs no write per request (auth.service.ts).
ALTER TABLE api_keys ADD COLUMN last_used_at timestamptz;

ALTER TABLE organizations ADD COLUMN disabled_at timestamptz;
