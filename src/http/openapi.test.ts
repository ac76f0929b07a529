import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { declaredRoutes } from './route-policy.ts';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

describe('GET /api/openapi.json', () => {
  it('describes every route in OpenAPI 3.1 with request and response schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    // The routes come from Fastify itself: a route added without documentation fails here.
    // The document describes the API: not itself, the web app's pages (/*) or the reference's own files.
    const notApi = (url: string) => url === '/api/openapi.json' || url === '/*' || url === '/api/docs' || url.startsWith('/api/docs/');
    const routes = declaredRoutes(t.app).filter((r) => !notApi(r.url));
    expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(expect.arrayContaining(['POST /api/v1/match', 'POST /api/v1/admin/organizations', 'GET /log/checkpoint']));
    for (const { method, url } of routes) {
      const path = url.replace(/:(\w+)/g, '{$1}').replace(/\*$/, '{*}');
      const op = doc.paths[path]?.[method.toLowerCase()];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(op.summary, `${method} ${path} summary`).toEqual(expect.any(String));
      expect(Object.keys(op.responses).length, `${method} ${path} responses`).toBeGreaterThan(0);
      if (url.startsWith('/api/v1/') && !url.startsWith('/api/v1/public/')) expect(op.security, `${method} ${path} security`).toBeDefined();
    }
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { requestBody?: { content: Record<string, { schema?: unknown }> } }>>)) {
      for (const [method, op] of Object.entries(ops)) if (op.requestBody) expect(op.requestBody.content['application/json']?.schema, `${method} ${path} body`).toBeDefined();
    }
    const notice = doc.paths['/api/v1/notices'].post.requestBody.content['application/json'].schema;
    expect(notice.properties.category.enum).toContain('STATEMENT_CATEGORY_SCAMS_AND_FRAUD');
    const decision = doc.paths['/api/v1/cases/{id}/decisions'].post.requestBody.content['application/json'].schema;
    expect(decision.properties.decision_visibility.items.enum).toContain('DECISION_VISIBILITY_CONTENT_REMOVED');
    expect(doc.components.securitySchemes.bearer.scheme).toBe('bearer');
  });

  it('answers unknown routes with problem+json 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('reports a healthy database', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.json()).toEqual({ status: 'ok' });
  });
});
