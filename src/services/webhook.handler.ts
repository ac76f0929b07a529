import { performance } from 'node:perf_hooks';
import { EVENT_TYPES } from '../core/events.ts';
import { uuidv7 } from '../core/ids.ts';
import type { Actor } from '../core/organization.ts';
import { retryAfterMs, shouldDisableEndpoint, utf8Excerpt, webhookBody, webhookHeaders, WEBHOOK_RETRY_DELAYS_MS } from '../core/webhook-signature.ts';
import type { Db } from '../db/db.ts';
import { safeFetch, SafeFetchError, type OutboundPolicy, type SafeFetchResponse } from '../net/safe-fetch.ts';
import { findCase } from '../repositories/case.repository.ts';
import { appendEvents } from '../repositories/outbox.repository.ts';
import {
  disableEndpoint,
  findEndpoint,
  findOutboxEvent,
  findSubscribedEndpoints,
  insertAttempt,
  liveSecrets,
  recordEndpointFailure,
  recordEndpointSuccess,
  type SubscribedEndpoint,
  type WebhookAttemptRow,
} from '../repositories/webhook.repository.ts';
import { visibleCaseIds } from './case-visibility.ts';
import type { ServiceContext } from './context.ts';
import { RetryLater, type Job, type JobHandler, type JobSpec, type OutboxEvent } from './job-handler.ts';

/**
 * Webhook deliveries, as the worker runs them (worker.service.ts): `plan` picks the endpoints that
 * get an event, one job each; `run` sends one, signed per Standard Webhooks
 * (src/core/webhook-signature.ts), through safe-fetch (no private addresses, checked after DNS, no
 * redirects followed: a 3xx is a failure, since a receiver that moved must be registered anew).
 */
export const WEBHOOK_JOB_KIND = 'webhook';

export interface WebhookHandlerDeps {
  /** Where deliveries may go (MINHBACH_OUTBOUND_ALLOW, config.outboundAllow). */
  outbound: OutboundPolicy;
  /** For a whole attempt; 10 s by default. */
  timeoutMs?: number;
}

export function createWebhookHandler(deps: WebhookHandlerDeps): JobHandler {
  return {
    kind: WEBHOOK_JOB_KIND,
    eventTypes: EVENT_TYPES,
    retryDelaysMs: WEBHOOK_RETRY_DELAYS_MS,
    plan: planDeliveries,
    run: (ctx, job) => deliver(ctx, deps, job),
  };
}

/** An endpoint's organization as the one rule of who sees a case (case-visibility.ts) takes it; no person or key acts here. */
function organizationActor(e: SubscribedEndpoint): Actor {
  return { orgId: e.organization_id, kind: e.kind, name: e.name, platform: e.platform, personId: null, keyId: null, role: null } as Actor;
}

/**
 * Who gets an event: endpoints subscribed to its type whose organization may see it. For a case,
 * that is the one visibility rule (the platform that answers for it, the organizations whose
 * notices joined it) plus the organization that acted; an event about no case goes to the acting
 * organization alone. Events of one case reach one endpoint in order (order_key).
 */
export async function planDeliveries(tx: Db, event: OutboxEvent): Promise<JobSpec[]> {
  const endpoints = await findSubscribedEndpoints(tx, event.type);
  if (endpoints.length === 0) return [];
  const theCase = event.case_id ? await findCase(tx, event.case_id) : null;
  const seesByOrg = new Map<string, boolean>();
  const specs: JobSpec[] = [];
  for (const e of endpoints) {
    let sees = seesByOrg.get(e.organization_id);
    if (sees === undefined) {
      sees = e.organization_id === event.org_id || (theCase !== null && (await visibleCaseIds(tx, organizationActor(e), [theCase])).has(theCase.id));
      seesByOrg.set(e.organization_id, sees);
    }
    if (sees) specs.push({ order_key: event.case_id ? `${e.id}:${event.case_id}` : null, payload: { endpoint_id: e.id } });
  }
  return specs;
}

type Attempt = Omit<WebhookAttemptRow, 'id' | 'job_id' | 'endpoint_id' | 'at'>;

async function logAttempt(ctx: ServiceContext, job: Job, endpointId: string, at: Date, a: Attempt, db: Db = ctx.db): Promise<void> {
  await insertAttempt(db, { id: uuidv7(), job_id: job.id, endpoint_id: endpointId, at, ...a });
}

/**
 * Sends one delivery. Safe to repeat (the worker may run a job again after a crash): the receiver
 * gets the same webhook-id and de-duplicates. Each attempt is logged; a failure throws so the worker
 * retries on the schedule (or when the receiver's Retry-After says).
 */
export async function deliver(ctx: ServiceContext, deps: WebhookHandlerDeps, job: Job): Promise<void> {
  const endpointId = String(job.payload.endpoint_id);
  const at = ctx.now();
  const endpoint = await findEndpoint(ctx.db, endpointId);
  if (!endpoint) return;
  const skip = (error: string) => logAttempt(ctx, job, endpointId, at, { outcome: 'skipped', http_status: null, duration_ms: 0, error, response_excerpt: null });
  // Not sent, and not retried: the organization replays what it wants once it has enabled the endpoint.
  if (endpoint.deleted_at) return skip('not sent: the endpoint was deleted');
  if (endpoint.disabled_at) return skip('not sent: the endpoint is disabled');
  const event = job.event_id ? await findOutboxEvent(ctx.db, job.event_id) : null;
  if (!event) return skip('not sent: the event is gone');
  const secrets = await liveSecrets(ctx.db, endpoint.id, at);
  if (secrets.length === 0) return skip('not sent: the endpoint has no secret');

  const body = webhookBody(event);
  const t0 = performance.now();
  let res: SafeFetchResponse | null = null;
  let error: string | null = null;
  try {
    res = await safeFetch(endpoint.url, deps.outbound, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...webhookHeaders(event.id, at, body, secrets) },
      body,
      timeoutMs: deps.timeoutMs ?? 10_000,
      maxBodyBytes: 1024,
      maxRedirects: 0,
    });
  } catch (e) {
    if (!(e instanceof SafeFetchError)) throw e;
    error = `${e.kind}: ${e.message}`;
  }
  const duration_ms = Math.round(performance.now() - t0);
  const status = res?.status ?? null;
  const ok = status !== null && status >= 200 && status < 300;
  if (!error && !ok) error = status !== null && status >= 300 && status < 400 ? `HTTP ${status}: redirects are not followed` : `HTTP ${status}`;
  const attempt: Attempt = { outcome: ok ? 'success' : 'failure', http_status: status, duration_ms, error, response_excerpt: res ? utf8Excerpt(res.body) : null };

  const disabled = await ctx.db.transaction(async (tx) => {
    await logAttempt(ctx, job, endpoint.id, at, attempt, tx);
    if (ok) {
      await recordEndpointSuccess(tx, endpoint.id, at);
      return false;
    }
    // 410 Gone: the receiver says it is gone for good (the spec's advice is to disable at once).
    if (status === 410) return disable(tx, endpoint.id, at, 'The receiver answered 410 Gone');
    const failingSince = await recordEndpointFailure(tx, endpoint.id, at);
    if (shouldDisableEndpoint(failingSince, at)) return disable(tx, endpoint.id, at, `No successful delivery since ${failingSince!.toISOString()}`);
    return false;
  });
  if (ok || disabled) return;
  const asked = status === 429 || status === 503 ? retryAfterMs(firstHeader(res!.headers['retry-after']), at) : null;
  const scheduled = WEBHOOK_RETRY_DELAYS_MS[job.attempt - 1];
  // Never sooner than the receiver asked, nor sooner than the schedule: a receiver answering
  // "Retry-After: 1" must not use up every attempt in seconds, since the schedule is what keeps a
  // delivery alive for a day. After the last attempt the job is parked either way.
  if (asked !== null && scheduled !== undefined) throw new RetryLater(`${error} (Retry-After)`, Math.max(asked, scheduled));
  throw new Error(error!);
}

function firstHeader(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

/** Disables an endpoint and records the event that tells its organization (e-mail, its other webhooks). */
async function disable(tx: Db, endpointId: string, at: Date, reason: string): Promise<boolean> {
  const e = await disableEndpoint(tx, endpointId, at, reason);
  if (!e) return true;
  await appendEvents(tx, [
    {
      id: uuidv7(at.getTime()),
      type: 'webhook_endpoint.disabled',
      at,
      org_id: e.organization_id,
      case_id: null,
      data: { endpoint_id: e.id, url: e.url, reason, disabled_at: at.toISOString() },
    },
  ]);
  return true;
}
