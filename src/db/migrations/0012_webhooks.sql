-- Webhooks (issue 12): organizations register endpoints for the event types they want; each event
-- an organization may see becomes one job per endpoint (kind 'webhook', payload {endpoint_id}),
-- delivered by the worker (src/services/webhook.handler.ts) per the Standard Webhooks spec.
CREATE TABLE webhook_endpoints (
  id               uuid PRIMARY KEY,
  organization_id  uuid NOT NULL REFERENCES organizations(id),
  url              text NOT NULL,
  event_types      text[] NOT NULL,
  created_at       timestamptz NOT NULL,
  -- Deleted endpoints are kept (their deliveries stay listed for the record) but never sent to.
  deleted_at       timestamptz,
  -- Set after 5 days of failures with no success, or at once on 410 Gone; cleared by "enable".
  disabled_at      timestamptz,
  disabled_reason  text,
  last_success_at  timestamptz,
  -- The first failure since the last success; null while it succeeds.
  failing_since    timestamptz
);
CREATE INDEX webhook_endpoints_org ON webhook_endpoints (organization_id, id) WHERE deleted_at IS NULL;

-- Signing secrets. An HMAC key must be at hand to sign every delivery, so unlike API keys it cannot
-- be stored hashed: it is kept as is, in this table only, never logged and never returned after
-- the response that created it. A rotation gives the old secret an end (expires_at); until then
-- deliveries are signed with both.
CREATE TABLE webhook_secrets (
  id           uuid PRIMARY KEY,
  endpoint_id  uuid NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  secret       text NOT NULL,
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz
);
CREATE INDEX webhook_secrets_endpoint ON webhook_secrets (endpoint_id);

-- Every delivery attempt, as the organization sees it under its endpoint's deliveries.
CREATE TABLE webhook_attempts (
  id             uuid PRIMARY KEY,
  -- Attempts go with their job if old jobs are ever purged.
  job_id         uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  endpoint_id    uuid NOT NULL REFERENCES webhook_endpoints(id),
  at             timestamptz NOT NULL,
  -- success (2xx), failure (anything else, or no answer), skipped (endpoint disabled or deleted: not sent)
  outcome        text NOT NULL CHECK (outcome IN ('success', 'failure', 'skipped')),
  http_status    integer,
  duration_ms    integer NOT NULL,
  error          text,
  -- At most 1 KB of the receiver's answer.
  response_excerpt text
);
CREATE INDEX webhook_attempts_job ON webhook_attempts (job_id, at);

-- An endpoint's deliveries are its jobs: listed newest first by job id.
CREATE INDEX jobs_webhook_endpoint ON jobs ((payload->>'endpoint_id'), id) WHERE kind = 'webhook';
