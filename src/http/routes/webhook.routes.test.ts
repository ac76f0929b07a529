import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { call, makeOrg, makePerson, type TestOrg } from '../../../test/factories.ts';
import { parseCidrList, type Cidr } from '../../core/cidr.ts';
import { MAX_ENDPOINTS_PER_ORGANIZATION } from '../../services/webhook.service.ts';

const LOOPBACK = parseCidrList('127.0.0.1/32') as Cidr[];
// A DNS for the test: a few names with known answers, nothing reaches a real resolver.
const DNS: Record<string, string[]> = {
  'hooks.example': ['93.184.215.14'],
  'loopback.example': ['127.0.0.1'],
  'sneaky.example': ['93.184.215.14', '10.0.0.7'],
  'metadata.example': ['169.254.169.254'],
};

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
beforeAll(async () => {
  t = await openTestApp({
    outbound: {
      allow: LOOPBACK,
      resolve: async (h) => {
        const a = DNS[h];
        if (!a) throw new Error(`ENOTFOUND ${h}`);
        return a;
      },
    },
  });
  org = await makeOrg(t.ctx, 'authority');
  other = await makeOrg(t.ctx, 'trusted_flagger');
});
afterAll(() => t.close());

const create = (who: TestOrg, body: unknown) => call(t.app, 'POST', '/api/v1/webhook-endpoints', { org: who, body });
const del = (who: TestOrg, id: string) => t.app.inject({ method: 'DELETE', url: `/api/v1/webhook-endpoints/${id}`, headers: who.headers });

describe('webhook endpoints API', () => {
  it('registers an endpoint and shows its secret once', async () => {
    const res = await create(org, { url: 'https://hooks.example/minhbach', event_types: ['case.updated', 'decision.created'] });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ url: 'https://hooks.example/minhbach', event_types: ['case.updated', 'decision.created'], disabled_at: null });
    expect(res.json.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const list = await call(t.app, 'GET', '/api/v1/webhook-endpoints', { org });
    expect(list.status).toBe(200);
    expect(list.json.items.map((e: { id: string }) => e.id)).toContain(res.json.id);
    const one = await call(t.app, 'GET', `/api/v1/webhook-endpoints/${res.json.id}`, { org });
    expect(one.json.secrets).toHaveLength(1);
    for (const body of [list.body, one.body]) {
      expect(body).not.toContain(res.json.secret.slice('whsec_'.length));
      expect(body).not.toContain('"secret"');
    }
  });

  it('validates the URL and the event types', async () => {
    const bad: [unknown, RegExp][] = [
      [{ url: 'ftp://hooks.example/', event_types: ['case.updated'] }, /http or https/],
      [{ url: 'https://user:pw@hooks.example/', event_types: ['case.updated'] }, /credentials/],
      [{ url: 'https://hooks.example/#x', event_types: ['case.updated'] }, /fragment/],
      [{ url: 'not a url', event_types: ['case.updated'] }, /valid URL/],
      [{ url: 'https://nowhere.example/', event_types: ['case.updated'] }, /could not resolve/],
      [{ url: 'https://hooks.example/', event_types: ['case.exploded'] }, /event_types/],
      [{ url: 'https://hooks.example/', event_types: [] }, /event_types/],
      [{ url: 'https://hooks.example/', event_types: ['case.updated', 'case.updated'] }, /event_types|duplicate/],
      [{ url: 'https://hooks.example/', event_types: ['case.updated'], extra: 1 }, /extra|additional/],
    ];
    for (const [body, why] of bad) {
      const res = await create(org, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(JSON.stringify(res.json), JSON.stringify(body)).toMatch(why);
    }
  });

  it('refuses a receiver at a private, loopback, link-local or metadata address (SSRF)', async () => {
    const refused = [
      'http://10.0.0.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.2]/',
      'http://127.0.0.2/',
      'http://192.168.1.10:8080/',
      'http://[fd00:ec2::254]/',
      'https://metadata.example/',
      'https://sneaky.example/',
    ];
    for (const url of refused) {
      const res = await create(org, { url, event_types: ['case.updated'] });
      expect(res.status, url).toBe(422);
      expect(res.json.errors[0].field, url).toBe('url');
    }
    // The operator allowed 127.0.0.1/32 (and only that) on this server.
    expect((await create(org, { url: 'http://loopback.example:9/', event_types: ['case.updated'] })).status).toBe(201);
    expect((await create(org, { url: 'http://[::ffff:127.0.0.1]:9/', event_types: ['case.updated'] })).status).toBe(201);
  });

  it('rotates the secret with an overlap', async () => {
    const ep = (await create(org, { url: 'https://hooks.example/rotate', event_types: ['case.updated'] })).json;
    const rot = await call(t.app, 'POST', `/api/v1/webhook-endpoints/${ep.id}/secret-rotation`, { org, body: { overlap_hours: 6 } });
    expect(rot.status).toBe(200);
    expect(rot.json.secret).toMatch(/^whsec_/);
    expect(new Date(rot.json.previous_expires_at).getTime() - t.ctx.now().getTime()).toBeGreaterThan(5.9 * 3_600_000);
    const shown = (await call(t.app, 'GET', `/api/v1/webhook-endpoints/${ep.id}`, { org })).json;
    expect(shown.secrets).toHaveLength(2);
    expect(shown.secrets[0].expires_at).toBeNull();
    expect((await call(t.app, 'POST', `/api/v1/webhook-endpoints/${ep.id}/secret-rotation`, { org, body: { overlap_hours: 1000 } })).status).toBe(422);
    // An empty object: the default overlap (24 h).
    const byDefault = await call(t.app, 'POST', `/api/v1/webhook-endpoints/${ep.id}/secret-rotation`, { org, body: {} });
    expect(byDefault.status).toBe(200);
    expect(new Date(byDefault.json.previous_expires_at).getTime() - t.ctx.now().getTime()).toBeGreaterThan(23.9 * 3_600_000);
  });

  it('answers 404 for another organization’s endpoint, whatever the route', async () => {
    const ep = (await create(org, { url: 'https://hooks.example/mine', event_types: ['case.updated'] })).json;
    const routes: ['GET' | 'POST', string, unknown?][] = [
      ['GET', `/api/v1/webhook-endpoints/${ep.id}`],
      ['GET', `/api/v1/webhook-endpoints/${ep.id}/deliveries`],
      ['POST', `/api/v1/webhook-endpoints/${ep.id}/secret-rotation`, {}],
      ['POST', `/api/v1/webhook-endpoints/${ep.id}/enable`],
    ];
    for (const [method, url, body] of routes) expect((await call(t.app, method, url, { org: other, body })).status, url).toBe(404);
    expect((await del(other, ep.id)).statusCode).toBe(404);
    expect((await call(t.app, 'GET', '/api/v1/webhook-endpoints', { org: other })).json.items).toEqual([]);
    expect((await call(t.app, 'GET', '/api/v1/webhook-endpoints/not-a-uuid', { org })).status).toBe(404);
    expect((await call(t.app, 'POST', '/api/v1/webhook-deliveries/01900000-0000-7000-8000-000000000000/replay', { org })).status).toBe(404);
    // Still there for its owner.
    expect((await call(t.app, 'GET', `/api/v1/webhook-endpoints/${ep.id}`, { org })).status).toBe(200);
  });

  it('deletes an endpoint, and limits how many an organization has', async () => {
    const someone = await makeOrg(t.ctx, 'rights_holder');
    const ids: string[] = [];
    for (let i = 0; i < MAX_ENDPOINTS_PER_ORGANIZATION; i++) ids.push((await create(someone, { url: `https://hooks.example/${i}`, event_types: ['case.updated'] })).json.id);
    expect((await create(someone, { url: 'https://hooks.example/one-more', event_types: ['case.updated'] })).status).toBe(409);
    expect((await del(someone, ids[0]!)).statusCode).toBe(204);
    expect((await call(t.app, 'GET', `/api/v1/webhook-endpoints/${ids[0]}`, { org: someone })).status).toBe(404);
    expect((await del(someone, ids[0]!)).statusCode).toBe(404);
    expect((await create(someone, { url: 'https://hooks.example/one-more', event_types: ['case.updated'] })).status).toBe(201);
  });

  it('needs an API key', async () => {
    expect((await call(t.app, 'GET', '/api/v1/webhook-endpoints')).status).toBe(401);
    expect((await call(t.app, 'POST', '/api/v1/webhook-endpoints', { body: { url: 'https://hooks.example/', event_types: ['case.updated'] } })).status).toBe(401);
  });

  it('lets a person read webhooks, and only an admin change them', async () => {
    const ep = (await create(org, { url: 'https://hooks.example/people', event_types: ['case.updated'] })).json;
    const viewer = await makePerson(t, org, 'viewer');
    const reviewer = await makePerson(t, org, 'reviewer');
    const admin = await makePerson(t, org, 'admin');
    for (const p of [viewer, reviewer]) {
      expect((await call(t.app, 'GET', `/api/v1/webhook-endpoints/${ep.id}`, { headers: p.headers })).status).toBe(200);
      expect((await call(t.app, 'GET', `/api/v1/webhook-endpoints/${ep.id}/deliveries`, { headers: p.headers })).status).toBe(200);
      expect((await call(t.app, 'POST', '/api/v1/webhook-endpoints', { headers: p.headers, body: { url: 'https://hooks.example/x', event_types: ['case.updated'] } })).status).toBe(
        403,
      );
      expect((await call(t.app, 'POST', `/api/v1/webhook-endpoints/${ep.id}/secret-rotation`, { headers: p.headers, body: {} })).status).toBe(403);
      expect((await call(t.app, 'POST', `/api/v1/webhook-endpoints/${ep.id}/enable`, { headers: p.headers })).status).toBe(403);
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/webhook-endpoints/${ep.id}`, headers: p.headers })).statusCode).toBe(403);
    }
    expect((await call(t.app, 'POST', `/api/v1/webhook-endpoints/${ep.id}/secret-rotation`, { headers: admin.headers, body: {} })).status).toBe(200);
    expect(
      (await call(t.app, 'POST', '/api/v1/webhook-endpoints', { headers: admin.headers, body: { url: 'https://hooks.example/y', event_types: ['case.updated'] } })).status,
    ).toBe(201);
  });
});
