import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { call, makeOrg, noticeInput, type TestOrg } from '../../test/factories.ts';
import { uuidv7 } from '../core/ids.ts';
import { declaredRoutes, registerRoutePolicy } from './route-policy.ts';

const TOKEN = 'operator-token-for-route-policy-0123456789';
let t: TestApp;
let authority: TestOrg;
let facebook: TestOrg;

beforeAll(async () => {
  t = await openTestApp({ operatorToken: TOKEN });
  authority = await makeOrg(t.ctx, 'authority');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
});
afterAll(() => t.close());

const noAuth = { authenticate: async () => Promise.reject(new Error('not called')), checkOperator: () => {} } as never;

describe('route policies', () => {
  it('refuses to start with a route that does not declare who may call it', async () => {
    const app = Fastify();
    registerRoutePolicy(app, noAuth);
    expect(() => app.get('/api/v1/forgotten', async () => 'x')).toThrow(/GET \/api\/v1\/forgotten declares no access policy/);
    expect(() => app.get('/api/v1/typo', { config: { allow: 'everyone' as never } }, async () => 'x')).toThrow(/declares no access policy/);
    app.get('/api/v1/declared', { config: { allow: 'public' } }, async () => 'x');
    expect(declaredRoutes(app)).toEqual([{ method: 'GET', url: '/api/v1/declared', allow: 'public' }]);
    await app.close();
  });

  it('lists every route of the app, each with its policy, from Fastify itself', () => {
    const routes = declaredRoutes(t.app).map((r) => `${r.method} ${r.url} ${r.allow}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/v1/match organizations',
        'POST /api/v1/cases/:id/decisions platforms',
        'POST /api/v1/notices submitters',
        'GET /api/v1/public/records public',
        'GET /log/checkpoint public',
        'POST /api/v1/admin/organizations operator',
      ]),
    );
    expect(declaredRoutes(t.app).some((r) => r.method === 'HEAD')).toBe(false);
  });

  it('answers an authority posting a decision with 403, not field errors about the body', async () => {
    const created = await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: noticeInput() });
    expect(created.status, created.body).toBe(201);
    const caseId = created.json.cases[0].id;
    for (const body of [{ nope: 1 }, {}, 'not json at all']) {
      const res = await call(t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, { org: authority, body });
      expect(res.status, res.body).toBe(403);
      expect(res.json).toMatchObject({ code: 'forbidden' });
      expect(res.json.errors).toBeUndefined();
    }
    // The platform that may decide still gets the field errors.
    const platform = await call(t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, { org: facebook, body: { nope: 1 } });
    expect(platform.status).toBe(422);
    expect(platform.json.errors.map((e: { field: string }) => e.field)).toContain('decision_ground');
  });

  it('answers a platform submitting a malformed notice with 403', async () => {
    const res = await call(t.app, 'POST', '/api/v1/notices', { org: facebook, body: { items: 'x' } });
    expect(res.status, res.body).toBe(403);
  });

  it('answers an operator route without the token with 401, whatever the body', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token' }] as Record<string, string>[]) {
      const res = await call(t.app, 'POST', '/api/v1/admin/organizations', { headers, body: { kind: 'nonsense', extra: [] } });
      expect(res.status, res.body).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const withdrawal = await call(t.app, 'POST', `/api/v1/admin/public-records/${uuidv7()}/withdrawal`, { headers, body: {} });
      expect(withdrawal.status, withdrawal.body).toBe(401);
    }
    const withToken = await call(t.app, 'POST', '/api/v1/admin/organizations', { headers: { authorization: `Bearer ${TOKEN}` }, body: { kind: 'nonsense' } });
    expect(withToken.status).toBe(422);
  });

  it('answers operator routes with 404 before validation when the server has no operator token', async () => {
    const bare = await openTestApp();
    try {
      const res = await call(bare.app, 'POST', '/api/v1/admin/organizations', { body: { kind: 'nonsense' } });
      expect(res.status, res.body).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
