import { performance } from 'node:perf_hooks';
import { EVENT_TYPES } from '../core/events.ts';
import { eventAudience } from '../core/notice-outcome.ts';
import { uuidv7 } from '../core/ids.ts';
import type { Actor } from '../core/organization.ts';
import { retryAfterMs, shouldDisableEndpoint, utf8Excerpt, webhookBody, webhookHeaders, WEBHOOK_RETRY_DELAYS_MS } from '../core/webhook-signature.ts';
import type { Db } from '../db/db.ts';
import { safeFetch, SafeFetchError, type OutboundPolicy, type SafeFetchResponse } from '../net/safe-fetch.ts';
import { findCasesByIds } from '../repositories/case.repository.ts';
import { appendEvents } from '../repositories/outbox.repository.ts';
import {
  disableEndpoint,
  findEndpoints,
  findOutboxEvents,
  findSubscribedEndpointsOfTypes,
  insertAttempt,
  insertAttempts,
  liveSecretsOf,
  recordEndpointFailure,
  recordEndpointSuccesses,
  type SubscribedEndpoint,
  type WebhookAttemptRow,
  type WebhookEndpointRow,
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
    planMany: planDeliveriesMany,
    run: (ctx, job) => deliver(ctx, deps, job),
    runMany: (ctx, jobs) => deliverMany(ctx, deps, jobs),
  };
}

/** An endpoint's organization as the one rule of who sees a case (case-visibility.ts) takes it; no person or key acts here. */
function organizationActor(e: SubscribedEndpoint): Actor {
  return { orgId: e.organization_id, kind: e.kind, name: e.name, services: e.services, personId: null, keyId: null, role: null } as Actor;
}

/**
 * Who gets an event: endpoints subscribed to its type whose organization may see it. For a case,
 * that is the one visibility rule (the platform that answers for it, the organizations whose
 * notices joined it) plus the organization that acted; an event about no case goes to the acting
 * organization alone. Events of one case reach one endpoint in order (order_key).
 */
export async function planDeliveries(tx: Db, event: OutboxEvent): Promise<JobSpec[]> {
  return (await planDeliveriesMany(tx, [event]))[0]!;
}

/** `planDeliveries` for a dispatch batch: the endpoints, cases and visibility it needs in a few queries, not a few per event. */
export async function planDeliveriesMany(tx: Db, events: readonly OutboxEvent[]): Promise<JobSpec[][]> {
  const endpoints = await findSubscribedEndpointsOfTypes(tx, [...new Set(events.map((e) => e.type))]);
  if (endpoints.length === 0) return events.map(() => []);
  const cases = await findCasesByIds(tx, [...new Set(events.flatMap((e) => (e.case_id ? [e.case_id] : [])))]);
  const seen = new Map<string, Set<string>>();
  for (const e of endpoints) {
    if (!seen.has(e.organization_id)) seen.set(e.organization_id, await visibleCaseIds(tx, organizationActor(e), cases));
  }
  return events.map((event) =>
    endpoints
      .filter((e) => e.event_types.includes(event.type))
      .filter((e) => e.organization_id === event.org_id || (event.case_id !== null && seen.get(e.organization_id)!.has(event.case_id)))
      // An event addressed to one organization (a notice's answer, to its submitter) goes to it alone,
      // though the platform and other submitters see the case too.
      .filter((e) => eventAudience(event) === null || e.organization_id === eventAudience(event))
      .map((e) => ({ order_key: event.case_id ? `${e.id}:${event.case_id}` : null, payload: { endpoint_id: e.id } })),
  );
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
  const [outcome] = await deliverMany(ctx, deps, [job]);
  if (outcome) throw outcome;
}

const SEND_CONCURRENCY = 64;

interface Send {
  index: number;
  job: Job;
  endpoint: WebhookEndpointRow;
  event: OutboxEvent;
  secrets: string[];
}

/**
 * Sends many deliveries (one claim of the worker): what they need is read in three queries, the
 * requests go out `SEND_CONCURRENCY` at a time, and the successes are recorded together in one
 * transaction — a delivery costs the database a share of a few statements, not a handful of its
 * own. Failures, the rare case, are recorded one by one (each may disable its endpoint). Returns,
 * per job, null when it is done (sent, or not to be sent) or the error to retry it with.
 */
export async function deliverMany(ctx: ServiceContext, deps: WebhookHandlerDeps, jobs: readonly Job[]): Promise<(Error | null)[]> {
  const at = ctx.now();
  const endpoints = new Map((await findEndpoints(ctx.db, [...new Set(jobs.map((j) => String(j.payload.endpoint_id)))])).map((e) => [e.id, e]));
  // Found by seq (the outbox's primary key); the id is checked too.
  const events = new Map((await findOutboxEvents(ctx.db, [...new Set(jobs.flatMap((j) => (j.event_id ? [j.seq] : [])))])).map((e) => [e.id, e]));
  const secrets = await liveSecretsOf(ctx.db, [...endpoints.keys()], at);
  const results: (Error | null)[] = jobs.map(() => null);
  const logged: WebhookAttemptRow[] = [];
  const row = (job: Job, endpointId: string, a: Attempt): WebhookAttemptRow => ({ id: uuidv7(), job_id: job.id, endpoint_id: endpointId, at, ...a });
  const skipped = (error: string): Attempt => ({ outcome: 'skipped', http_status: null, duration_ms: 0, error, response_excerpt: null });
  const sends: Send[] = [];
  jobs.forEach((job, index) => {
    const endpoint = endpoints.get(String(job.payload.endpoint_id));
    if (!endpoint) return;
    // Not sent, and not retried: the organization replays what it wants once it has enabled the endpoint.
    if (endpoint.deleted_at) return void logged.push(row(job, endpoint.id, skipped('not sent: the endpoint was deleted')));
    if (endpoint.disabled_at) return void logged.push(row(job, endpoint.id, skipped('not sent: the endpoint is disabled')));
    const event = job.event_id ? events.get(job.event_id) : undefined;
    if (!event) return void logged.push(row(job, endpoint.id, skipped('not sent: the event is gone')));
    const live = secrets.get(endpoint.id) ?? [];
    if (live.length === 0) return void logged.push(row(job, endpoint.id, skipped('not sent: the endpoint has no secret')));
    sends.push({ index, job, endpoint, event, secrets: live });
  });

  const answers: { send: Send; attempt: Attempt; res: SafeFetchResponse | null }[] = [];
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < sends.length; i = next++) answers.push(await send(deps, sends[i]!, at));
  };
  await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, sends.length) }, lane));

  const succeeded = answers.filter((a) => a.attempt.outcome === 'success');
  await ctx.db.transaction(async (tx) => {
    await insertAttempts(tx, [...logged, ...succeeded.map((a) => row(a.send.job, a.send.endpoint.id, a.attempt))]);
    await recordEndpointSuccesses(tx, [...new Set(succeeded.map((a) => a.send.endpoint.id))], at);
  });
  for (const a of answers) {
    if (a.attempt.outcome !== 'success') results[a.send.index] = await recordFailure(ctx, a.send, a.attempt, a.res, at);
  }
  return results;
}

async function send(deps: WebhookHandlerDeps, s: Send, at: Date): Promise<{ send: Send; attempt: Attempt; res: SafeFetchResponse | null }> {
  const body = webhookBody(s.event);
  const t0 = performance.now();
  let res: SafeFetchResponse | null = null;
  let error: string | null = null;
  try {
    res = await safeFetch(s.endpoint.url, deps.outbound, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...webhookHeaders(s.event.id, at, body, s.secrets) },
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
  return { send: s, res, attempt: { outcome: ok ? 'success' : 'failure', http_status: status, duration_ms, error, response_excerpt: res ? utf8Excerpt(res.body) : null } };
}

/** Logs a failed attempt, disables the endpoint if it has failed long enough (or is gone), and says when to retry. */
async function recordFailure(ctx: ServiceContext, s: Send, attempt: Attempt, res: SafeFetchResponse | null, at: Date): Promise<Error | null> {
  const status = attempt.http_status;
  const disabled = await ctx.db.transaction(async (tx) => {
    await logAttempt(ctx, s.job, s.endpoint.id, at, attempt, tx);
    // 410 Gone: the receiver says it is gone for good (the spec's advice is to disable at once).
    if (status === 410) return disable(tx, s.endpoint.id, at, 'The receiver answered 410 Gone');
    const failingSince = await recordEndpointFailure(tx, s.endpoint.id, at);
    if (shouldDisableEndpoint(failingSince, at)) return disable(tx, s.endpoint.id, at, `No successful delivery since ${failingSince!.toISOString()}`);
    return false;
  });
  if (disabled) return null;
  const error = attempt.error!;
  const asked = status === 429 || status === 503 ? retryAfterMs(firstHeader(res!.headers['retry-after']), at) : null;
  const scheduled = WEBHOOK_RETRY_DELAYS_MS[s.job.attempt - 1];
  // Never sooner than the receiver asked, nor sooner than the schedule: a receiver answering
  // "Retry-After: 1" must not use up every attempt in seconds, since the schedule is what keeps a
  // delivery alive for a day. After the last attempt the job is parked either way.
  if (asked !== null && scheduled !== undefined) return new RetryLater(`${error} (Retry-After)`, Math.max(asked, scheduled));
  return new Error(error);
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
