import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../test/app.ts';

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
    const expected: [string, string][] = [
      ['post', '/api/v1/notices'],
      ['post', '/api/v1/notices/batch'],
      ['get', '/api/v1/notices'],
      ['get', '/api/v1/notices/{id}'],
      ['get', '/api/v1/cases'],
      ['get', '/api/v1/cases/{id}'],
      ['post', '/api/v1/cases/{id}/actions'],
      ['post', '/api/v1/cases/{id}/decisions'],
      ['post', '/api/v1/cases/{id}/no-action'],
      ['post', '/api/v1/match'],
      ['get', '/api/v1/public/records'],
      ['get', '/api/v1/public/records/{id}'],
      ['get', '/api/v1/public/stats'],
      ['get', '/api/v1/public/log'],
      ['get', '/healthz'],
    ];
    for (const [method, path] of expected) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(Object.keys(op.responses).length, `${method} ${path} responses`).toBeGreaterThan(0);
      if (method === 'post') expect(op.requestBody?.content?.['application/json']?.schema, `${method} ${path} body`).toBeDefined();
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
