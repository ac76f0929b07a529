import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { call, freshUrl, makeOrg, noticeInput, type TestOrg } from '../../test/factories.ts';
import { parseCidrList, type Cidr } from '../core/cidr.ts';
import type { DomainEvent, EventType } from '../core/events.ts';
import { uuidv7 } from '../core/ids.ts';
import { WEBHOOK_RETRY_DELAYS_MS } from '../core/webhook-signature.ts';
import type { OutboundPolicy } from '../net/safe-fetch.ts';
import { appendEvents } from '../repositories/outbox.repository.ts';
import { createWebhookHandler } from './webhook.handler.ts';
import { drainOutbox } from './worker.service.ts';

const LOOPBACK = parseCidrList('127.0.0.1/32') as Cidr[];

interface Received {
  headers: Record<string, string>;
  body: string;
}

/** A receiver on loopback; `answer` decides each response (200 by default). */
async function receiver() {
  const received: Received[] = [];
  const r = {
    received,
    answer: (_req: Received): { status: number; headers?: Record<string, string>; body?: string } => ({ status: 200, body: 'ok' }),
    url: '',
    server: http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const got = { headers: req.headers as Record<string, string>, body };
        received.push(got);
        const a = r.answer(got);
        res.writeHead(a.status, a.headers ?? {}).end(a.body ?? '');
      });
    }),
  };
  await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}/hooks`;
  return r;
}

let t: TestApp;
/** How far the server's clock has been moved (the receiver verifies timestamps against the same clock). */
let offset = 0;
let outbound: OutboundPolicy;
let handlers: ReturnType<typeof createWebhookHandler>[];
const servers: http.Server[] = [];

// One database for the file (tests keep to their own organizations, endpoints and receivers); its
// clock only moves forward.
beforeAll(async () => {
  outbound = { allow: LOOPBACK };
  // The DNS the server sees: loopback for any name, unless a test plays another answer.
  const resolve = async (h: string) => (outbound.resolve ?? (async () => ['127.0.0.1']))(h);
  t = await openTestApp({ outbound: { allow: LOOPBACK, resolve } });
  handlers = [createWebhookHandler({ outbound: { allow: LOOPBACK, resolve }, timeoutMs: 2_000 })];
});
afterEach(async () => {
  outbound.resolve = undefined;
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});
afterAll(() => t.close());

function advance(ms: number) {
  offset += ms;
  t.advance(ms);
}

const drain = () => drainOutbox(t.ctx, handlers);

/** Verifies a delivery as a receiver would, with the standardwebhooks library, at the server's clock. */
function verify(secret: string, r: Received): unknown {
  const realNow = Date.now.bind(Date);
  const spy = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
  try {
    return new Webhook(secret).verify(r.body, r.headers);
  } finally {
    spy.mockRestore();
  }
}

async function register(org: TestOrg, url: string, eventTypes: EventType[] = ['case.updated']): Promise<{ id: string; secret: string }> {
  const res = await call(t.app, 'POST', '/api/v1/webhook-endpoints', { org, body: { url, event_types: eventTypes } });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json;
}

/** A case on `platform`, reported by `submitter`. */
async function caseOn(platform: string, submitter: TestOrg): Promise<string> {
  const url = freshUrl(platform === 'youtube' || platform === 'tiktok' ? platform : 'facebook');
  const res = await call(t.app, 'POST', '/api/v1/notices', { org: submitter, body: noticeInput({ items: [{ url, text: 'Lừa đảo' }] }) });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json.cases[0].case_id ?? res.json.cases[0].id;
}

function event(type: EventType, caseId: string | null, orgId: string | null, data: Record<string, unknown> = {}): DomainEvent {
  return { id: uuidv7(), type, at: t.ctx.now(), org_id: orgId, case_id: caseId, data };
}

async function emit(...events: DomainEvent[]) {
  await t.ctx.db.transaction((tx) => appendEvents(tx, events));
  return events;
}

const idsOf = (rs: Received[]) => rs.map((r) => r.headers['webhook-id']);

async function deliveries(org: TestOrg, endpointId: string) {
  const res = await call(t.app, 'GET', `/api/v1/webhook-endpoints/${endpointId}/deliveries`, { org });
  expect(res.status).toBe(200);
  return res.json.items as any[];
}

describe('webhook delivery', () => {
  it('sends a signed Standard Webhooks message that the standardwebhooks library verifies, and logs the attempt', async () => {
    const rx = await receiver();
    servers.push(rx.server);
    rx.answer = () => ({ status: 202, body: 'accepted ' + 'x'.repeat(5_000) });
    const platform = await makeOrg(t.ctx, 'platform', { platform: 'youtube' });
    const flagger = await makeOrg(t.ctx, 'trusted_flagger');
    const caseId = await caseOn('youtube', flagger);
    const ep = await register(platform, rx.url);
    expect(ep.secret).toMatch(/^whsec_/);
    const [e] = await emit(event('case.updated', caseId, platform.actor.orgId, { status: 'in_review' }));
    await drain();

    const got = rx.received.filter((r) => r.headers['webhook-id'] === e!.id);
    expect(got).toHaveLength(1);
    expect(got[0]!.headers['content-type']).toBe('application/json');
    expect(verify(ep.secret, got[0]!)).toEqual({ type: 'case.updated', timestamp: e!.at.toISOString(), data: { case_id: caseId, status: 'in_review' } });
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(got[0]!.body, got[0]!.headers)).toThrow();

    const [d] = (await deliveries(platform, ep.id)).filter((x) => x.event_id === e!.id);
    expect(d).toMatchObject({ status: 'delivered', event_type: 'case.updated', next_attempt_at: null });
    expect(d.attempts).toHaveLength(1);
    expect(d.attempts[0]).toMatchObject({ outcome: 'success', http_status: 202, error: null });
    expect(d.attempts[0].response_excerpt).toMatch(/^accepted x+$/);
    expect(Buffer.byteLength(d.attempts[0].response_excerpt)).toBe(1024);
    expect(JSON.stringify(await call(t.app, 'GET', `/api/v1/webhook-endpoints/${ep.id}`, { org: platform }))).not.toContain(ep.secret.slice(6));
  });

  it('signs with both secrets during a rotation’s overlap, and with the new one alone after it', async () => {
    const rx = await receiver();
    servers.push(rx.server);
    const platform = await makeOrg(t.ctx, 'platform', { platform: 'tiktok' });
    const caseId = await caseOn('tiktok', await makeOrg(t.ctx, 'authority'));
    const ep = await register(platform, rx.url);
    const rot = await call(t.app, 'POST', `/api/v1/webhook-endpoints/${ep.id}/secret-rotation`, { org: platform, body: { overlap_hours: 2 } });
    expect(rot.status).toBe(200);
    const fresh = rot.json.secret as string;
    expect(fresh).not.toBe(ep.secret);

    const [during] = await emit(event('case.updated', caseId, null, { n: 1 }));
    await drain();
    const d1 = rx.received.find((r) => r.headers['webhook-id'] === during!.id)!;
    expect(d1.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(verify(ep.secret, d1)).toMatchObject({ data: { n: 1 } });
    expect(verify(fresh, d1)).toMatchObject({ data: { n: 1 } });

    advance(2 * 3_600_000 + 1_000);
    const [after] = await emit(event('case.updated', caseId, null, { n: 2 }));
    await drain();
    const d2 = rx.received.find((r) => r.headers['webhook-id'] === after!.id)!;
    expect(d2.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    expect(verify(fresh, d2)).toMatchObject({ data: { n: 2 } });
    expect(() => verify(ep.secret, d2)).toThrow(/signature/);
    const shown = await call(t.app, 'GET', `/api/v1/webhook-endpoints/${ep.id}`, { org: platform });
    expect(shown.json.secrets).toHaveLength(1);
  });

  it('rides out a receiver outage: retries on the schedule, and every event arrives, in order per case', async () => {
    const rx = await receiver();
    servers.push(rx.server);
    let up = false;
    rx.answer = () => (up ? { status: 200 } : { status: 500, body: 'down for maintenance' });
    const platform = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
    const authority = await makeOrg(t.ctx, 'authority');
    const [caseA, caseB] = [await caseOn('facebook', authority), await caseOn('facebook', authority)];
    const ep = await register(platform, rx.url);
    const sent = await emit(
      event('case.updated', caseA, null, { n: 'a1' }),
      event('case.updated', caseB, null, { n: 'b1' }),
      event('case.updated', caseA, null, { n: 'a2' }),
      event('case.updated', caseA, null, { n: 'a3' }),
      event('case.updated', caseB, null, { n: 'b2' }),
    );
    await drain();
    // Only the first event of each case was tried: the others wait behind it.
    expect(idsOf(rx.received).sort()).toEqual([sent[0]!.id, sent[1]!.id].sort());
    // Still down through the next two retries (5 s, then 5 min).
    advance(WEBHOOK_RETRY_DELAYS_MS[0]!);
    await drain();
    advance(WEBHOOK_RETRY_DELAYS_MS[1]!);
    await drain();
    expect(rx.received).toHaveLength(6);
    const pending = (await deliveries(platform, ep.id)).find((d) => d.event_id === sent[0]!.id);
    expect(pending).toMatchObject({ status: 'pending' });
    expect(pending.attempts.map((a: any) => [a.outcome, a.http_status, a.response_excerpt])).toEqual(Array(3).fill(['failure', 500, 'down for maintenance']));
    const wait = new Date(pending.next_attempt_at).getTime() - new Date(pending.attempts[2].at).getTime();
    expect(wait).toBeGreaterThanOrEqual(WEBHOOK_RETRY_DELAYS_MS[2]!);
    expect(wait).toBeLessThan(WEBHOOK_RETRY_DELAYS_MS[2]! + 5_000);

    up = true;
    rx.received.length = 0;
    advance(WEBHOOK_RETRY_DELAYS_MS[2]!);
    await drain();
    const dataN = rx.received.map((r) => (JSON.parse(r.body) as { data: { n: string } }).data.n);
    expect(dataN.filter((n) => n.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(dataN.filter((n) => n.startsWith('b'))).toEqual(['b1', 'b2']);
    const all = await deliveries(platform, ep.id);
    expect(all.filter((d) => sent.some((e) => e.id === d.event_id)).every((d) => d.status === 'delivered')).toBe(true);
    const endpoint = await call(t.app, 'GET', `/api/v1/webhook-endpoints/${ep.id}`, { org: platform });
    expect(endpoint.json).toMatchObject({ failing_since: null, disabled_at: null });
    expect(endpoint.json.last_success_at).not.toBeNull();
  });

  it('waits as long as a 429 or 503 answer’s Retry-After says, and never less than the schedule', async () => {
    const rx = await receiver();
    servers.push(rx.server);
    let calls = 0;
    const answers = [
      { status: 503, headers: { 'retry-after': '1' } },
      { status: 429, headers: { 'retry-after': '600' } },
    ];
    rx.answer = () => answers[calls++] ?? { status: 200 };
    const flagger = await makeOrg(t.ctx, 'trusted_flagger');
    const ep = await register(flagger, rx.url, ['person.invited']);
    await emit(event('person.invited', null, flagger.actor.orgId));
    await drain();
    // "Retry-After: 1" does not bring the retry before the schedule's 5 s…
    advance(1_000);
    await drain();
    expect(calls).toBe(1);
    advance(WEBHOOK_RETRY_DELAYS_MS[0]!);
    await drain();
    expect(calls).toBe(2);
    // …and "Retry-After: 600" holds it past the schedule's 5 min.
    advance(WEBHOOK_RETRY_DELAYS_MS[1]!);
    await drain();
    expect(calls).toBe(2);
    advance(600_000 - WEBHOOK_RETRY_DELAYS_MS[1]!);
    await drain();
    expect(calls).toBe(3);
    const [d] = await deliveries(flagger, ep.id);
    expect(d.attempts.map((a: any) => a.http_status)).toEqual([503, 429, 200]);
    expect(d.status).toBe('delivered');
  });

  it('parks a delivery after its last attempt; the organization replays it under the same webhook-id', async () => {
    const rx = await receiver();
    servers.push(rx.server);
    let up = false;
    rx.answer = () => (up ? { status: 204 } : { status: 502 });
    const platform = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
    const caseId = await caseOn('facebook', await makeOrg(t.ctx, 'authority'));
    const ep = await register(platform, rx.url);
    const [e] = await emit(event('case.updated', caseId, null));
    await drain();
    for (const delay of WEBHOOK_RETRY_DELAYS_MS) {
      advance(delay);
      await drain();
    }
    expect(rx.received).toHaveLength(WEBHOOK_RETRY_DELAYS_MS.length + 1);
    let [d] = await deliveries(platform, ep.id);
    expect(d).toMatchObject({ event_id: e!.id, status: 'failed', next_attempt_at: null });
    expect(d.attempts).toHaveLength(8);
    // Failing for 27 h is not yet 5 days: the endpoint stays enabled.
    expect((await call(t.app, 'GET', `/api/v1/webhook-endpoints/${ep.id}`, { org: platform })).json.disabled_at).toBeNull();

    up = true;
    const replay = await call(t.app, 'POST', `/api/v1/webhook-deliveries/${d.id}/replay`, { org: platform });
    expect(replay.status).toBe(202);
    expect(replay.json).toMatchObject({ id: d.id, status: 'pending' });
    // A delivery being tried cannot be replayed again.
    expect((await call(t.app, 'POST', `/api/v1/webhook-deliveries/${d.id}/replay`, { org: platform })).status).toBe(409);
    await drain();
    expect(rx.received.at(-1)!.headers['webhook-id']).toBe(e!.id);
    verify(ep.secret, rx.received.at(-1)!);
    [d] = await deliveries(platform, ep.id);
    expect(d.status).toBe('delivered');
    expect(d.attempts).toHaveLength(9);
    // Another organization cannot see or replay it.
    const other = await makeOrg(t.ctx, 'authority');
    expect((await call(t.app, 'POST', `/api/v1/webhook-deliveries/${d.id}/replay`, { org: other })).status).toBe(404);
    expect((await call(t.app, 'GET', `/api/v1/webhook-endpoints/${ep.id}/deliveries`, { org: other })).status).toBe(404);
  });

  it('disables an endpoint failing for 5 days, and at once on 410 Gone; an outbox event tells its organization', async () => {
    const failing = await receiver();
    const gone = await receiver();
    servers.push(failing.server, gone.server);
    failing.answer = () => ({ status: 500 });
    gone.answer = () => ({ status: 410 });
    const org = await makeOrg(t.ctx, 'rights_holder');
    const ep1 = await register(org, failing.url, ['person.invited']);
    const ep2 = await register(org, gone.url, ['person.invited']);
    await emit(event('person.invited', null, org.actor.orgId));
    await drain();
    const shown2 = (await call(t.app, 'GET', `/api/v1/webhook-endpoints/${ep2.id}`, { org })).json;
    expect(shown2.disabled_reason).toMatch(/410/);
    expect((await deliveries(org, ep2.id))[0]).toMatchObject({ status: 'failed' });

    advance(5 * 24 * 3_600_000);
    await emit(event('person.invited', null, org.actor.orgId));
    await drain();
    const shown1 = (await call(t.app, 'GET', `/api/v1/webhook-endpoints/${ep1.id}`, { org })).json;
    expect(shown1.disabled_at).not.toBeNull();
    expect(shown1.disabled_reason).toMatch(/No successful delivery since/);

    const told = await t.ctx.db.query<{ org_id: string; data: { endpoint_id: string } }>(
      `SELECT org_id, data FROM outbox WHERE type = 'webhook_endpoint.disabled' AND org_id = $1 ORDER BY seq`,
      [org.actor.orgId],
    );
    expect(told.map((r) => [r.org_id, r.data.endpoint_id])).toEqual([
      [org.actor.orgId, ep2.id],
      [org.actor.orgId, ep1.id],
    ]);
    // A disabled endpoint is sent nothing new; enabled again, it is.
    const before = failing.received.length;
    await emit(event('person.invited', null, org.actor.orgId));
    await drain();
    expect(failing.received.length).toBe(before);
    failing.answer = () => ({ status: 200 });
    const enabled = await call(t.app, 'POST', `/api/v1/webhook-endpoints/${ep1.id}/enable`, { org });
    expect(enabled.json).toMatchObject({ disabled_at: null, failing_since: null });
    await emit(event('person.invited', null, org.actor.orgId));
    await drain();
    expect(failing.received.length).toBe(before + 1);
  });

  it('never sends an organization an event about a case it cannot see', async () => {
    const rx = await receiver();
    servers.push(rx.server);
    const youtube = await makeOrg(t.ctx, 'platform', { platform: 'youtube' });
    const tiktok = await makeOrg(t.ctx, 'platform', { platform: 'tiktok' });
    const reporter = await makeOrg(t.ctx, 'authority');
    const stranger = await makeOrg(t.ctx, 'trusted_flagger');
    const publicReporter = await makeOrg(t.ctx, 'public_reporter');
    const caseId = await caseOn('youtube', reporter);
    for (const org of [youtube, tiktok, reporter, stranger, publicReporter]) await register(org, rx.url, ['case.updated', 'notice.received']);

    const [onCase] = await emit(event('case.updated', caseId, youtube.actor.orgId, { status: 'decided' }));
    // An event of the public reporter's own: it acts, so it is told; its identity is kept out of the body.
    const [acted] = await emit(
      event('notice.received', caseId, publicReporter.actor.orgId, { submitter: { id: publicReporter.actor.orgId, kind: 'public_reporter', name: publicReporter.actor.name } }),
    );
    const [noCase] = await emit(event('case.updated', null, stranger.actor.orgId));
    await drain();

    const byEvent = await t.ctx.db.query<{ event_id: string; org: string }>(
      `SELECT j.event_id, e.organization_id AS org FROM jobs j JOIN webhook_endpoints e ON e.id = (j.payload->>'endpoint_id')::uuid WHERE j.kind = 'webhook'`,
    );
    // Organizations, not endpoints: the YouTube organization has an endpoint from an earlier test too.
    const orgsOf = (e: DomainEvent) => [...new Set(byEvent.filter((r) => r.event_id === e.id).map((r) => r.org))].sort();
    expect(orgsOf(onCase!)).toEqual([youtube.actor.orgId, reporter.actor.orgId].sort());
    expect(orgsOf(acted!)).toEqual([youtube.actor.orgId, reporter.actor.orgId, publicReporter.actor.orgId].sort());
    expect(orgsOf(noCase!)).toEqual([stranger.actor.orgId]);
    // What was sent matches what was planned, and no body names the public reporter.
    expect(rx.received.filter((r) => r.headers['webhook-id'] === onCase!.id)).toHaveLength(2);
    for (const r of rx.received.filter((x) => x.headers['webhook-id'] === acted!.id)) {
      expect(r.body).not.toContain(publicReporter.actor.orgId);
      expect(r.body).not.toContain(publicReporter.actor.name);
      expect(JSON.parse(r.body).data.submitter).toEqual({ kind: 'public_reporter' });
    }
  });
});

describe('outbound safety at delivery', () => {
  it('refuses a name that now resolves to a private address, and does not follow a redirect', async () => {
    const rx = await receiver();
    servers.push(rx.server);
    const port = new URL(rx.url).port;
    const org = await makeOrg(t.ctx, 'authority');
    // Registered while the name pointed at an allowed address…
    const ep = await register(org, `http://hooks.receiver.test:${port}/hooks`, ['person.invited']);
    // …then the DNS moves it to the metadata service.
    outbound.resolve = async () => ['169.254.169.254'];
    await emit(event('person.invited', null, org.actor.orgId));
    await drain();
    expect(rx.received).toHaveLength(0);
    let [d] = await deliveries(org, ep.id);
    expect(d.attempts[0]).toMatchObject({ outcome: 'failure', http_status: null });
    expect(d.attempts[0].error).toMatch(/^refused: .*169\.254\.169\.254.*link-local/);

    // A receiver that redirects to a private address: the redirect is a failure, never followed.
    outbound.resolve = undefined;
    rx.answer = () => ({ status: 307, headers: { location: 'http://10.0.0.1/steal' } });
    const ep2 = await register(org, rx.url, ['person.invited']);
    await emit(event('person.invited', null, org.actor.orgId));
    await drain();
    [d] = await deliveries(org, ep2.id);
    expect(d.attempts[0]).toMatchObject({ outcome: 'failure', http_status: 307, error: 'HTTP 307: redirects are not followed' });
  });
});
