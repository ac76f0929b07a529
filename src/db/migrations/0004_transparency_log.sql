-- The transparency log (issue 4): every public record becomes an entry of an append-only Merkle
-- log in the C2SP formats (tlog-tiles, tlog-checkpoint, signed-note).

-- The log's identity: its origin (also the signing key's name) and verifier key. A process
-- configured with another key refuses to start rather than sign a second history.
CREATE TABLE log_meta (
  id            integer PRIMARY KEY CHECK (id = 1),
  origin        text NOT NULL,
  verifier_key  text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- Records waiting to be sequenced. A trigger fills it, so no code path can publish a record
-- without it reaching the log; the integrator empties it in order.
CREATE TABLE log_pending (
  seq        bigserial PRIMARY KEY,
  record_id  uuid NOT NULL UNIQUE REFERENCES public_records(id)
);

CREATE FUNCTION log_pending_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO log_pending (record_id) SELECT id FROM new_records ORDER BY published_at, id;
  RETURN NULL;
END $$;

CREATE TRIGGER public_records_to_log AFTER INSERT ON public_records
  REFERENCING NEW TABLE AS new_records FOR EACH STATEMENT EXECUTE FUNCTION log_pending_enqueue();

-- The leaves, by index: `entry` is the exact bytes that were hashed (the compact JSON entry).
CREATE TABLE log_entries (
  idx            bigint PRIMARY KEY CHECK (idx >= 0),
  record_id      uuid NOT NULL UNIQUE REFERENCES public_records(id),
  entry          bytea NOT NULL,
  integrated_at  timestamptz NOT NULL
);

-- The latest copy of every tile (a partial tile grows in place until it is full, then never
-- changes); a narrower partial tile is a prefix of it.
CREATE TABLE log_tiles (
  level   smallint NOT NULL CHECK (level BETWEEN 0 AND 63),
  idx     bigint NOT NULL CHECK (idx >= 0),
  hashes  bytea NOT NULL CHECK (length(hashes) BETWEEN 32 AND 8192 AND length(hashes) % 32 = 0),
  PRIMARY KEY (level, idx)
);

-- Every signed checkpoint, one per integration: the newest is served, older ones let anyone
-- check that the log only ever grew.
CREATE TABLE log_checkpoints (
  size        bigint PRIMARY KEY CHECK (size >= 0),
  root        bytea NOT NULL,
  note        text NOT NULL,
  created_at  timestamptz NOT NULL
);

-- A record whose body must go (a court order, personal data published by mistake) keeps its
-- leaf: its body is replaced by a tombstone, and the withdrawal is itself a published record.
ALTER TABLE public_records DROP CONSTRAINT public_records_type_check;
ALTER TABLE public_records ADD CONSTRAINT public_records_type_check CHECK (type IN
  ('authority_request','trusted_flagger_notice','rights_holder_notice','statement_of_reasons','no_action_decision','withdrawal'));
ALTER TABLE public_records ADD COLUMN withdrawn_by uuid REFERENCES public_records(id);
