import { decodeCursor, pageOf } from '../core/cursor.ts';
import { AppError } from '../core/errors.ts';
import { EVENT_TYPES, isEventType } from '../core/events.ts';
import { isUuid, uuidv7 } from '../core/ids.ts';
import type { Actor } from '../core/organization.ts';
import { can, roleFor } from '../core/policy.ts';
import { generateWebhookSecret } from '../core/webhook-signature.ts';
import { checkOutboundUrl, resolveOutbound, SafeFetchError, type OutboundPolicy } from '../net/safe-fetch.ts';
import {
  countEndpointsOf,
  enableEndpoint as enableEndpointRow,
  endCurrentSecrets,
  findDelivery,
  findEndpoint,
  insertEndpoint,
  insertSecret,
  listAttemptsOf,
  listDeliveriesOf,
  listEndpointsOf,
  listSecretDates,
  markEndpointDeleted,
  requeueDelivery,
  type DeliveryRow,
  type WebhookAttemptRow,
  type WebhookEndpointRow,
} from '../repositories/webhook.repository.ts';
import type { ServiceContext } from './context.ts';

// The edge passes the operator's outbound policy through without reaching into src/net.
export type { OutboundPolicy };

/**
 * Webhook endpoints, as an organization manages them: register (the secret is shown once), list,
 * rotate the secret with an overlap, delete, enable after a disable, and see and replay deliveries.
 * Delivery itself is the worker's (webhook.handler.ts). Another organization's endpoint or delivery
 * is "not found".
 */

/** Enough for a production and a staging receiver per purpose; each one multiplies every event. */
export const MAX_ENDPOINTS_PER_ORGANIZATION = 10;
const MAX_URL_LENGTH = 2000;
const DEFAULT_OVERLAP_HOURS = 24;
export const MAX_OVERLAP_HOURS = 7 * 24;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export interface EndpointView {
  id: string;
  url: string;
  event_types: string[];
  created_at: string;
  disabled_at: string | null;
  disabled_reason: string | null;
  last_success_at: string | null;
  failing_since: string | null;
  /** When each live secret was made and when it ends (during a rotation's overlap); never the secret. */
  secrets: { created_at: string; expires_at: string | null }[];
}

function view(e: WebhookEndpointRow, secrets: { created_at: Date; expires_at: Date | null }[]): EndpointView {
  return {
    id: e.id,
    url: e.url,
    event_types: e.event_types,
    created_at: iso(e.created_at)!,
    disabled_at: iso(e.disabled_at),
    disabled_reason: e.disabled_reason,
    last_success_at: iso(e.last_success_at),
    failing_since: iso(e.failing_since),
    secrets: secrets.map((s) => ({ created_at: iso(s.created_at)!, expires_at: iso(s.expires_at) })),
  };
}

async function present(ctx: ServiceContext, e: WebhookEndpointRow): Promise<EndpointView> {
  return view(e, await listSecretDates(ctx.db, [e.id], ctx.now()));
}

/**
 * Changing where an organization's data is sent is an admin's (or an API key's) job; the route
 * policy refuses others before the body is read, and this says it again for any other caller.
 */
function assertManages(actor: Actor): void {
  if (!can(actor, 'webhooks.manage')) throw new AppError('forbidden', `Managing webhooks needs the ${roleFor('webhooks.manage')} role`);
}

/** The actor's own live endpoint, or "not found". */
async function loadOwnEndpoint(ctx: ServiceContext, actor: Actor, id: string, options: { forUpdate?: boolean } = {}): Promise<WebhookEndpointRow> {
  const e = isUuid(id) ? await findEndpoint(ctx.db, id, options) : null;
  if (!e || e.organization_id !== actor.orgId || e.deleted_at) throw AppError.notFound('Webhook endpoint');
  return e;
}

/**
 * Checks a receiver's URL at registration: its form, and where its name points today. Delivery
 * resolves and checks again every time (a name can be moved to a private address later).
 */
async function checkReceiverUrl(raw: string, outbound: OutboundPolicy): Promise<string> {
  if (raw.length > MAX_URL_LENGTH) throw AppError.validation([{ field: 'url', message: `must be at most ${MAX_URL_LENGTH} characters` }]);
  try {
    const url = checkOutboundUrl(raw);
    if (url.hash !== '') throw new SafeFetchError('refused', 'must not have a fragment (#…): it is never sent');
    await resolveOutbound(url, outbound);
    return url.href;
  } catch (e) {
    if (e instanceof SafeFetchError) throw AppError.validation([{ field: 'url', message: e.message }]);
    throw e;
  }
}

function checkEventTypes(types: readonly string[]): string[] {
  const fields = types.flatMap((t, i) => (isEventType(t) ? [] : [{ field: `event_types[${i}]`, message: `must be one of ${EVENT_TYPES.join(', ')}` }]));
  if (fields.length > 0) throw AppError.validation(fields);
  if (types.length === 0) throw AppError.validation([{ field: 'event_types', message: 'must name at least one event type' }]);
  return [...new Set(types)];
}

export async function createEndpoint(
  ctx: ServiceContext,
  outbound: OutboundPolicy,
  actor: Actor,
  input: { url: string; event_types: readonly string[] },
): Promise<EndpointView & { secret: string }> {
  assertManages(actor);
  const eventTypes = checkEventTypes(input.event_types);
  // Resolution happens outside the transaction: a slow DNS must not hold a connection.
  const url = await checkReceiverUrl(input.url, outbound);
  const secret = generateWebhookSecret();
  return ctx.db.transaction(async (tx) => {
    // Counted under the organization's row lock, so two registrations at once cannot pass the limit together.
    await tx.query('SELECT 1 FROM organizations WHERE id = $1 FOR UPDATE', [actor.orgId]);
    if ((await countEndpointsOf(tx, actor.orgId)) >= MAX_ENDPOINTS_PER_ORGANIZATION) {
      throw new AppError('conflict', `An organization has at most ${MAX_ENDPOINTS_PER_ORGANIZATION} webhook endpoints; delete one first`);
    }
    const now = ctx.now();
    const id = uuidv7(now.getTime());
    await insertEndpoint(tx, { id, organization_id: actor.orgId, url, event_types: eventTypes, created_at: now });
    await insertSecret(tx, { id: uuidv7(now.getTime()), endpoint_id: id, secret, created_at: now });
    const row = (await findEndpoint(tx, id))!;
    return { ...view(row, [{ created_at: now, expires_at: null }]), secret };
  });
}

export async function listEndpoints(ctx: ServiceContext, actor: Actor): Promise<{ items: EndpointView[] }> {
  const rows = await listEndpointsOf(ctx.db, actor.orgId);
  const secrets = await listSecretDates(
    ctx.db,
    rows.map((r) => r.id),
    ctx.now(),
  );
  return {
    items: rows.map((r) =>
      view(
        r,
        secrets.filter((s) => s.endpoint_id === r.id),
      ),
    ),
  };
}

export async function getEndpoint(ctx: ServiceContext, actor: Actor, id: string): Promise<EndpointView> {
  return present(ctx, await loadOwnEndpoint(ctx, actor, id));
}

/** Deletes an endpoint: nothing more is sent to it (queued deliveries are skipped), its secrets are forgotten. */
export async function deleteEndpoint(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  assertManages(actor);
  await ctx.db.transaction(async (tx) => {
    const e = await loadOwnEndpoint({ ...ctx, db: tx }, actor, id, { forUpdate: true });
    await markEndpointDeleted(tx, e.id, ctx.now());
  });
}

/**
 * A new secret, shown once. The old one keeps working for `overlap_hours` (deliveries carry both
 * signatures meanwhile), so receivers can switch without losing a message; 0 ends it at once.
 */
export async function rotateSecret(ctx: ServiceContext, actor: Actor, id: string, input: { overlap_hours?: number }): Promise<{ secret: string; previous_expires_at: string }> {
  assertManages(actor);
  const hours = input.overlap_hours ?? DEFAULT_OVERLAP_HOURS;
  if (!Number.isInteger(hours) || hours < 0 || hours > MAX_OVERLAP_HOURS) {
    throw AppError.validation([{ field: 'overlap_hours', message: `must be a whole number of hours from 0 to ${MAX_OVERLAP_HOURS}` }]);
  }
  const secret = generateWebhookSecret();
  return ctx.db.transaction(async (tx) => {
    const e = await loadOwnEndpoint({ ...ctx, db: tx }, actor, id, { forUpdate: true });
    const now = ctx.now();
    const until = new Date(now.getTime() + hours * 3_600_000);
    await endCurrentSecrets(tx, e.id, until, now);
    await insertSecret(tx, { id: uuidv7(now.getTime()), endpoint_id: e.id, secret, created_at: now });
    return { secret, previous_expires_at: until.toISOString() };
  });
}

/** Enables a disabled endpoint; what was not delivered meanwhile can be replayed. */
export async function enableEndpoint(ctx: ServiceContext, actor: Actor, id: string): Promise<EndpointView> {
  assertManages(actor);
  return ctx.db.transaction(async (tx) => {
    const e = await loadOwnEndpoint({ ...ctx, db: tx }, actor, id, { forUpdate: true });
    if (e.disabled_at) await enableEndpointRow(tx, e.id);
    return present({ ...ctx, db: tx }, (await findEndpoint(tx, e.id))!);
  });
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'skipped';

export interface DeliveryView {
  id: string;
  endpoint_id: string;
  /** The webhook-id: the same on every attempt and replay. */
  event_id: string | null;
  event_type: string | null;
  status: DeliveryStatus;
  /** When a pending delivery is next tried. */
  next_attempt_at: string | null;
  created_at: string;
  finished_at: string | null;
  attempts: { at: string; outcome: WebhookAttemptRow['outcome']; http_status: number | null; duration_ms: number; error: string | null; response_excerpt: string | null }[];
}

/**
 * What became of a delivery: pending while the worker has it; when finished, as its last attempt
 * went (a parked job failed every attempt; a finished one may have stopped on 410 Gone).
 */
function deliveryStatus(d: DeliveryRow, attempts: WebhookAttemptRow[]): DeliveryStatus {
  if (d.status === 'pending') return 'pending';
  if (d.status === 'parked') return 'failed';
  const last = attempts.at(-1);
  if (!last) return 'delivered';
  return last.outcome === 'success' ? 'delivered' : last.outcome === 'skipped' ? 'skipped' : 'failed';
}

function deliveryView(d: DeliveryRow, attempts: WebhookAttemptRow[]): DeliveryView {
  return {
    id: d.id,
    endpoint_id: d.endpoint_id,
    event_id: d.event_id,
    event_type: d.event_type,
    status: deliveryStatus(d, attempts),
    next_attempt_at: d.status === 'pending' ? iso(d.run_at) : null,
    created_at: iso(d.created_at)!,
    finished_at: iso(d.finished_at),
    attempts: attempts.map((a) => ({
      at: iso(a.at)!,
      outcome: a.outcome,
      http_status: a.http_status,
      duration_ms: a.duration_ms,
      error: a.error,
      response_excerpt: a.response_excerpt,
    })),
  };
}

async function withAttempts(ctx: ServiceContext, rows: DeliveryRow[]): Promise<DeliveryView[]> {
  const attempts = await listAttemptsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) =>
    deliveryView(
      r,
      attempts.filter((a) => a.job_id === r.id),
    ),
  );
}

export async function listDeliveries(ctx: ServiceContext, actor: Actor, endpointId: string, q: { cursor?: string; limit?: number }) {
  const e = await loadOwnEndpoint(ctx, actor, endpointId);
  const beforeId = q.cursor === undefined ? null : decodeCursor(q.cursor);
  if (q.cursor !== undefined && beforeId === null) throw AppError.validation([{ field: 'cursor', message: 'is not a cursor from a previous page' }]);
  const limit = q.limit ?? 50;
  const page = pageOf(await listDeliveriesOf(ctx.db, e.id, beforeId, limit + 1), limit);
  return { items: await withAttempts(ctx, page.items), next_cursor: page.next_cursor };
}

/** The actor's own delivery (through its endpoint), or "not found". */
async function loadOwnDelivery(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<{ delivery: DeliveryRow; endpoint: WebhookEndpointRow }> {
  const d = isUuid(id) ? await findDelivery(ctx.db, id, options) : null;
  const e = d && isUuid(d.endpoint_id) ? await findEndpoint(ctx.db, d.endpoint_id) : null;
  if (!d || !e || e.organization_id !== actor.orgId || e.deleted_at) throw AppError.notFound('Webhook delivery');
  return { delivery: d, endpoint: e };
}

/**
 * Sends a finished delivery again: the same event under the same webhook-id (receivers de-duplicate
 * on it), signed afresh with the endpoint's current secrets, with a fresh schedule of retries.
 */
export async function replayDelivery(ctx: ServiceContext, actor: Actor, id: string): Promise<DeliveryView> {
  assertManages(actor);
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const { delivery, endpoint } = await loadOwnDelivery(txCtx, actor, id, { forUpdate: true });
    if (endpoint.disabled_at) throw new AppError('conflict', 'This endpoint is disabled; enable it first (POST /api/v1/webhook-endpoints/{id}/enable)');
    if (delivery.status === 'pending') throw new AppError('conflict', 'This delivery is still being tried; it can be replayed once it has finished');
    if (!(await requeueDelivery(tx, delivery.id, ctx.now()))) throw new AppError('conflict', 'This delivery changed while you asked; reload it and try again');
    const [again] = await withAttempts(txCtx, [(await findDelivery(tx, delivery.id))!]);
    return again!;
  });
}
