import type { OutboxEvent } from '../core/events.ts';
import type { OrgKind } from '../core/organization.ts';
import type { Db } from '../db/db.ts';

export interface WebhookEndpointRow {
  id: string;
  organization_id: string;
  url: string;
  event_types: string[];
  created_at: Date;
  deleted_at: Date | null;
  disabled_at: Date | null;
  disabled_reason: string | null;
  last_success_at: Date | null;
  failing_since: Date | null;
}

const ENDPOINT_COLUMNS = 'id, organization_id, url, event_types, created_at, deleted_at, disabled_at, disabled_reason, last_success_at, failing_since';

export async function insertEndpoint(db: Db, e: Pick<WebhookEndpointRow, 'id' | 'organization_id' | 'url' | 'event_types' | 'created_at'>): Promise<void> {
  await db.query(`INSERT INTO webhook_endpoints (id, organization_id, url, event_types, created_at) VALUES ($1, $2, $3, $4::text[], $5)`, [
    e.id,
    e.organization_id,
    e.url,
    e.event_types,
    e.created_at,
  ]);
}

export async function findEndpoint(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<WebhookEndpointRow | null> {
  const rows = await db.query<WebhookEndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ?? null;
}

export async function listEndpointsOf(db: Db, organizationId: string): Promise<WebhookEndpointRow[]> {
  return db.query<WebhookEndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE organization_id = $1 AND deleted_at IS NULL ORDER BY id`, [organizationId]);
}

export async function countEndpointsOf(db: Db, organizationId: string): Promise<number> {
  const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_endpoints WHERE organization_id = $1 AND deleted_at IS NULL`, [organizationId]);
  return rows[0]!.n;
}

/** An endpoint that may receive events, with what visibility needs to know of its organization. */
export interface SubscribedEndpoint {
  id: string;
  organization_id: string;
  kind: OrgKind;
  name: string;
  services: string[];
}

export async function markEndpointDeleted(db: Db, id: string, at: Date): Promise<void> {
  await db.query(`UPDATE webhook_endpoints SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL`, [id, at]);
  // Nothing will be signed for it again.
  await db.query(`DELETE FROM webhook_secrets WHERE endpoint_id = $1`, [id]);
}

/** Disables an endpoint; returns it only if this call disabled it (so its admins are told once). */
export async function disableEndpoint(db: Db, id: string, at: Date, reason: string): Promise<WebhookEndpointRow | null> {
  const rows = await db.query<WebhookEndpointRow>(
    `UPDATE webhook_endpoints SET disabled_at = $2, disabled_reason = $3 WHERE id = $1 AND disabled_at IS NULL AND deleted_at IS NULL RETURNING ${ENDPOINT_COLUMNS}`,
    [id, at, reason],
  );
  return rows[0] ?? null;
}

/** Enables it again with a clean record: the failures that disabled it do not count towards the next disable. */
export async function enableEndpoint(db: Db, id: string): Promise<void> {
  await db.query(`UPDATE webhook_endpoints SET disabled_at = NULL, disabled_reason = NULL, failing_since = NULL WHERE id = $1`, [id]);
}

/** Notes a failure; returns since when the endpoint has been failing. */
export async function recordEndpointFailure(db: Db, id: string, at: Date): Promise<Date | null> {
  const rows = await db.query<{ failing_since: Date }>(
    `UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, $2::timestamptz) WHERE id = $1 RETURNING failing_since`,
    [id, at],
  );
  return rows[0]?.failing_since ?? null;
}

// Secrets (see 0012_webhooks.sql for why they are stored as they are).

export async function insertSecret(db: Db, s: { id: string; endpoint_id: string; secret: string; created_at: Date }): Promise<void> {
  await db.query(`INSERT INTO webhook_secrets (id, endpoint_id, secret, created_at) VALUES ($1, $2, $3, $4)`, [s.id, s.endpoint_id, s.secret, s.created_at]);
}

/** Gives the secrets without an end one (the old secret stays valid until `until`), and forgets those already over. */
export async function endCurrentSecrets(db: Db, endpointId: string, until: Date, now: Date): Promise<void> {
  await db.query(`DELETE FROM webhook_secrets WHERE endpoint_id = $1 AND expires_at IS NOT NULL AND expires_at <= $2`, [endpointId, now]);
  await db.query(`UPDATE webhook_secrets SET expires_at = LEAST(COALESCE(expires_at, $2::timestamptz), $2::timestamptz) WHERE endpoint_id = $1`, [endpointId, until]);
}

/** When each live secret was made and ends: what an organization may see of its secrets. */
export async function listSecretDates(
  db: Db,
  endpointIds: readonly string[],
  now: Date,
): Promise<{ endpoint_id: string; id: string; created_at: Date; expires_at: Date | null }[]> {
  if (endpointIds.length === 0) return [];
  return db.query(
    `SELECT endpoint_id, id, created_at, expires_at FROM webhook_secrets
     WHERE endpoint_id = ANY($1::uuid[]) AND (expires_at IS NULL OR expires_at > $2) ORDER BY created_at DESC, id DESC`,
    [endpointIds, now],
  );
}

// Deliveries: the endpoint's jobs, and their attempts.

export interface WebhookAttemptRow {
  id: string;
  job_id: string;
  endpoint_id: string;
  at: Date;
  outcome: 'success' | 'failure' | 'skipped';
  http_status: number | null;
  duration_ms: number;
  error: string | null;
  response_excerpt: string | null;
}

export async function insertAttempt(db: Db, a: WebhookAttemptRow): Promise<void> {
  await db.query(
    `INSERT INTO webhook_attempts (id, job_id, endpoint_id, at, outcome, http_status, duration_ms, error, response_excerpt) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [a.id, a.job_id, a.endpoint_id, a.at, a.outcome, a.http_status, a.duration_ms, a.error, a.response_excerpt],
  );
}

export async function listAttemptsOf(db: Db, jobIds: readonly string[]): Promise<WebhookAttemptRow[]> {
  if (jobIds.length === 0) return [];
  return db.query<WebhookAttemptRow>(
    `SELECT id, job_id, endpoint_id, at, outcome, http_status, duration_ms, error, response_excerpt FROM webhook_attempts WHERE job_id = ANY($1::uuid[]) ORDER BY at, id`,
    [jobIds],
  );
}

export interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string | null;
  event_type: string | null;
  status: 'pending' | 'done' | 'parked';
  attempts: number;
  run_at: Date;
  last_error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const DELIVERY_SELECT = `SELECT j.id, j.payload->>'endpoint_id' AS endpoint_id, j.event_id, o.type AS event_type, j.status, j.attempts, j.run_at, j.last_error, j.created_at, j.finished_at
  FROM jobs j LEFT JOIN outbox o ON o.id = j.event_id`;

/** An endpoint's deliveries, newest first; `beforeId` is the last id of the previous page. */
export async function listDeliveriesOf(db: Db, endpointId: string, beforeId: string | null, limit: number): Promise<DeliveryRow[]> {
  return db.query<DeliveryRow>(
    `${DELIVERY_SELECT} WHERE j.kind = 'webhook' AND j.payload->>'endpoint_id' = $1 AND ($2::uuid IS NULL OR j.id < $2::uuid) ORDER BY j.id DESC LIMIT $3`,
    [endpointId, beforeId, limit],
  );
}

export async function findDelivery(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<DeliveryRow | null> {
  const rows = await db.query<DeliveryRow>(`${DELIVERY_SELECT} WHERE j.id = $1 AND j.kind = 'webhook'${options.forUpdate ? ' FOR UPDATE OF j' : ''}`, [id]);
  return rows[0] ?? null;
}

/**
 * Queues a finished delivery again, due now, its attempts counted afresh: the same job, so the same
 * event and webhook-id. Like requeueParkedJob (job.repository.ts), but a delivered one may be sent
 * again too (a receiver that lost it asks). It keeps its place in its order key: later events of the
 * same case to the same endpoint wait for it.
 */
export async function requeueDelivery(db: Db, id: string, at: Date): Promise<boolean> {
  const rows = await db.query(
    `UPDATE jobs SET status = 'pending', attempts = 0, run_at = $2, finished_at = NULL, locked_until = NULL
     WHERE id = $1 AND kind = 'webhook' AND status IN ('parked', 'done') RETURNING 1`,
    [id, at],
  );
  return rows.length === 1;
}

// Batches, for the worker's many-at-once paths (webhook.handler.ts planMany / runMany).

/** Live endpoints subscribed to any of these types, with the types each takes. */
export async function findSubscribedEndpointsOfTypes(db: Db, eventTypes: readonly string[]): Promise<(SubscribedEndpoint & { event_types: string[] })[]> {
  if (eventTypes.length === 0) return [];
  return db.query<SubscribedEndpoint & { event_types: string[] }>(
    `SELECT e.id, e.organization_id, o.kind, o.name, ARRAY(SELECT sv.slug FROM services sv WHERE sv.organization_id = o.id ORDER BY sv.slug) AS services, e.event_types
     FROM webhook_endpoints e JOIN organizations o ON o.id = e.organization_id
     WHERE e.event_types && $1::text[] AND e.deleted_at IS NULL AND e.disabled_at IS NULL AND o.disabled_at IS NULL
     ORDER BY e.id`,
    [eventTypes],
  );
}

export async function findEndpoints(db: Db, ids: readonly string[]): Promise<WebhookEndpointRow[]> {
  if (ids.length === 0) return [];
  return db.query<WebhookEndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = ANY($1::uuid[])`, [ids]);
}

/** Events by their seq (a job's `seq`: the primary key). */
export async function findOutboxEvents(db: Db, seqs: readonly string[]): Promise<OutboxEvent[]> {
  if (seqs.length === 0) return [];
  return db.query<OutboxEvent>(`SELECT seq::text AS seq, id, type, at, org_id, case_id, data FROM outbox WHERE seq = ANY($1::bigint[])`, [seqs]);
}

/** Each endpoint's live secrets, newest first. */
export async function liveSecretsOf(db: Db, endpointIds: readonly string[], now: Date): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (endpointIds.length === 0) return out;
  const rows = await db.query<{ endpoint_id: string; secret: string }>(
    `SELECT endpoint_id, secret FROM webhook_secrets WHERE endpoint_id = ANY($1::uuid[]) AND (expires_at IS NULL OR expires_at > $2)
     ORDER BY endpoint_id, created_at DESC, id DESC`,
    [endpointIds, now],
  );
  for (const r of rows) out.set(r.endpoint_id, [...(out.get(r.endpoint_id) ?? []), r.secret]);
  return out;
}

export async function insertAttempts(db: Db, rows: readonly WebhookAttemptRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO webhook_attempts (id, job_id, endpoint_id, at, outcome, http_status, duration_ms, error, response_excerpt)
     SELECT t.id, t.job_id, t.endpoint_id, t.at, t.outcome, t.http_status, t.duration_ms, t.error, t.response_excerpt
     FROM jsonb_to_recordset($1::text::jsonb) AS t(id uuid, job_id uuid, endpoint_id uuid, at timestamptz, outcome text, http_status int, duration_ms int, error text, response_excerpt text)`,
    [JSON.stringify(rows)],
  );
}

export async function recordEndpointSuccesses(db: Db, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `UPDATE webhook_endpoints SET last_success_at = GREATEST(last_success_at, $2::timestamptz), failing_since = NULL
     WHERE id = ANY($1::uuid[]) AND (last_success_at IS NULL OR last_success_at < $2 OR failing_since IS NOT NULL)`,
    [[...ids].sort(), at],
  );
}
