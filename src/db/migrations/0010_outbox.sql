-- The transactional outbox (issue 12): every use case writes its domain events here in the same
-- transaction as the change, and every side effect (webhooks, e-mail, escalations) leaves from
-- here through the worker (src/services/worker.service.ts), never from a request handler.
CREATE TABLE outbox (
  -- Order of recording. Events of one case are recorded under the case's row lock, so for one
  -- case this order is the order of commits; across cases nothing is promised.
  seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id             uuid NOT NULL UNIQUE,
  type           text NOT NULL,
  at             timestamptz NOT NULL,
  org_id         uuid REFERENCES organizations(id),
  case_id        uuid,
  data           jsonb NOT NULL,
  -- Set once the worker has turned the event into jobs (fan-out), in the transaction that made them.
  dispatched_at  timestamptz
);
CREATE INDEX outbox_undispatched ON outbox (seq) WHERE dispatched_at IS NULL;
CREATE INDEX outbox_case ON outbox (case_id, seq) WHERE case_id IS NOT NULL;

-- Work made from events: one row per side effect (a delivery to one endpoint, one e-mail).
-- At least once: a job whose worker died is taken again when its lease runs out, with the same
-- id, so receivers can de-duplicate (webhook-id, Message-ID).
CREATE TABLE jobs (
  id            uuid PRIMARY KEY,
  kind          text NOT NULL,
  event_id      uuid REFERENCES outbox(id),
  -- The event's outbox seq: jobs of one order_key run one at a time, in this order.
  seq           bigint NOT NULL,
  order_key     text,
  payload       jsonb NOT NULL,
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'parked')),
  attempts      integer NOT NULL DEFAULT 0,
  run_at        timestamptz NOT NULL,
  locked_until  timestamptz,
  last_error    text,
  created_at    timestamptz NOT NULL,
  finished_at   timestamptz
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE status = 'pending';
CREATE INDEX jobs_order ON jobs (order_key, seq) WHERE status = 'pending' AND order_key IS NOT NULL;
CREATE INDEX jobs_parked ON jobs (kind, finished_at) WHERE status = 'parked';
