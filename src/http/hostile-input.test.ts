import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { call, makeOrg, makePerson, noticeInput, type TestOrg, type TestPerson } from '../../test/factories.ts';
import { uuidv7 } from '../core/ids.ts';
import { rebuildRawUtf8Request } from './client-error.ts';
import { MAX_JSON_DEPTH, tooDeepAt } from './json-body.ts';
import { findBadText } from './nul-guard.ts';
import { declaredRoutes } from './route-policy.ts';

/**
 * The crashes and non-problem answers found by fuzzing (issue 11, item 9): each must be a 4xx
 * problem+json, through app.inject and, where only a real socket reaches Node's HTTP parser,
 * through a server on 127.0.0.1.
 */
const TOKEN = 'operator-token-for-hostile-input-0123456789';
let t: TestApp;
let port: number;
let authority: TestOrg;
let facebook: TestOrg;
let person: TestPerson;

beforeAll(async () => {
  t = await openTestApp({ operatorToken: TOKEN });
  authority = await makeOrg(t.ctx, 'authority');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  // Routes for a signed-in person (their own session) take a session cookie and its CSRF token.
  person = await makePerson(t, await makeOrg(t.ctx, 'trusted_flagger'), 'admin');
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as net.AddressInfo).port;
});
afterAll(() => t.close());

/** Sends raw bytes and returns the status, headers and body of the answer. */
function rawRequest(bytes: Buffer | string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

const get = (target: string, extra = '') =>
  Buffer.concat([Buffer.from('GET '), Buffer.from(target, 'utf8'), Buffer.from(` HTTP/1.1\r\nHost: localhost\r\n${extra}Connection: close\r\n\r\n`)]);

type Answer = { headers: Record<string, unknown>; body: string } & ({ status: number } | { statusCode: number });

function expectProblem(res: Answer, status: number) {
  expect('statusCode' in res ? res.statusCode : res.status, res.body.slice(0, 300)).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  const json = JSON.parse(res.body);
  expect(json).toMatchObject({ status, type: expect.stringMatching(/^urn:minhbach:problem:/), detail: expect.any(String) });
  return json;
}

describe('bodies nested thousands deep', () => {
  const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

  it('finds the first bracket beyond the limit, ignoring brackets inside strings', () => {
    expect(tooDeepAt('[[[]]]', 3)).toBe(-1);
    expect(tooDeepAt('[[[[]]]]', 3)).toBe(3);
    expect(tooDeepAt('["[[[[\\"[[["]', 1)).toBe(-1);
    expect(tooDeepAt(deep(MAX_JSON_DEPTH))).toBe(-1);
    expect(tooDeepAt(deep(MAX_JSON_DEPTH + 1))).toBeGreaterThan(0);
  });

  it('are refused with 422 naming the body on every route that takes JSON', async () => {
    const posts = declaredRoutes(t.app).filter((r) => r.method === 'POST');
    expect(posts.length).toBeGreaterThan(10);
    const who = { organizations: authority, submitters: authority, platforms: facebook } as Record<string, TestOrg>;
    for (const route of posts) {
      const url = route.url.replace(':id', uuidv7());
      const headers =
        route.allow === 'operator'
          ? { authorization: `Bearer ${TOKEN}` }
          : route.allow === 'people' || route.allow === 'fact_checkers'
            ? person.headers
            : (who[route.allow]?.headers ?? {});
      for (const body of [deep(3000), `[${'['.repeat(3000)}${']'.repeat(3000)}]`]) {
        const res = await t.app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'application/json' }, payload: body });
        const json = expectProblem(res, 422);
        expect(json.errors[0].field, `${route.url}`).toBe('(body)');
      }
    }
  });

  it('still refuses __proto__ as Fastify did', async () => {
    const res = await call(t.app, 'POST', '/api/v1/notices', { org: authority, headers: { 'content-type': 'application/json' }, body: '{"__proto__":{"x":1}}' });
    expectProblem(res, 400);
  });
});

describe('NUL and lone surrogates outside the body', () => {
  it('walks a document of any depth without recursion', () => {
    let doc: unknown = 'a\u0000b';
    for (let i = 0; i < 100_000; i++) doc = { x: doc };
    const out: { field: string; message: string }[] = [];
    findBadText(doc, '', out);
    expect(out).toHaveLength(1);
    expect(out[0]!.field.startsWith('x.x.x')).toBe(true);
  });

  it('answers a NUL in the query string with 422 naming the parameter, without a key', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/public/records?q=%00' });
    const json = expectProblem(res, 422);
    expect(json.errors).toEqual([{ field: 'query q', message: expect.stringContaining('NUL') }]);
  });

  it('answers a NUL in a header with 422 naming the header', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/notices', headers: { ...authority.headers, 'idempotency-key': 'a\u0000b' }, payload: noticeInput() });
    const json = expectProblem(res, 422);
    expect(json.errors[0].field).toBe('header idempotency-key');
  });
});

describe("Fastify's and Node's own errors", () => {
  it('answers a malformed percent-escape in the path with problem+json 400', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/cases/%ff', headers: authority.headers }), 400);
    expectProblem(await rawRequest(get('/api/v1/cases/%ff')), 400);
  });

  it('answers a 5,000-character id like any id that does not exist', async () => {
    const url = `/api/v1/public/records/${'x'.repeat(5000)}`;
    expectProblem(await t.app.inject({ method: 'GET', url }), 404);
    expectProblem(await rawRequest(get(url)), 404);
  });

  it('serves a query string typed in raw UTF-8, as curl sends it', async () => {
    const res = await rawRequest(get('/api/v1/public/records?q=lừa&limit=5'));
    expect(res.status, res.body).toBe(200);
    expect(JSON.parse(res.body).items).toEqual(expect.any(Array));
    const viaInject = await t.app.inject({ method: 'GET', url: `/api/v1/public/records?q=${encodeURIComponent('lừa')}&limit=5` });
    expect(res.body).toBe(viaInject.body);
    // Still validated: the raw bytes decode to the same query Fastify would check.
    expectProblem(await rawRequest(get(`/api/v1/public/records?q=${'ừ'.repeat(201)}`)), 422);
  });

  it('answers what the HTTP parser refuses with problem+json, not "Client Error"', async () => {
    const control = await rawRequest(Buffer.from('GET /api/v1/public/records?q=a\x01b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 'latin1'));
    expectProblem(control, 400);
    const garbage = await rawRequest('NOT HTTP AT ALL\r\n\r\n');
    expectProblem(garbage, 400);
    const huge = await rawRequest(get('/healthz', `X-Big: ${'a'.repeat(20_000)}\r\n`));
    expectProblem(huge, 400);
    // A raw UTF-8 target with a body is not rebuilt: it is refused, as problem+json.
    const post = await rawRequest(Buffer.from(`POST /api/v1/notices?x=lừa HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`, 'utf8'));
    expectProblem(post, 400);
  });

  it('answers a CORS preflight without an Origin on a public route without a plain-text 400', async () => {
    const res = await t.app.inject({ method: 'OPTIONS', url: '/api/v1/public/stats' });
    expect(res.statusCode, res.body).toBeLessThan(400);
  });

  it('rebuilds only bodiless requests whose head is whole and well-formed', () => {
    const packet = (s: string) => Buffer.from(s, 'utf8');
    expect(rebuildRawUtf8Request(packet('GET /a?q=lừa HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n'))).toEqual({
      method: 'GET',
      url: '/a?q=l%E1%BB%ABa',
      headers: { host: 'x', accept: '*/*' },
    });
    expect(rebuildRawUtf8Request(packet('GET /a?q=lừa HTTP/1.1\r\nHost: x\r\n'))).toBeNull();
    expect(rebuildRawUtf8Request(packet('POST /a?q=lừa HTTP/1.1\r\nHost: x\r\n\r\n'))).toBeNull();
    expect(rebuildRawUtf8Request(packet('GET /a?q=lừa HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n'))).toBeNull();
    expect(rebuildRawUtf8Request(packet('GET /a?q=lừa HTTP/1.1\r\nBad Header: x\r\n\r\n'))).toBeNull();
    expect(rebuildRawUtf8Request(packet('GET /a?q=l\x01ừa HTTP/1.1\r\nHost: x\r\n\r\n'))).toBeNull();
  });
});

describe('body limits', () => {
  it('says in the 413 how much the route accepts', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/notices',
      headers: { ...authority.headers, 'content-type': 'application/json' },
      payload: `"${'a'.repeat(16 * 1024 * 1024)}"`,
    });
    const json = expectProblem(res, 413);
    expect(json.detail).toContain('POST /api/v1/notices accepts at most 16 MiB');
    expect(json.limit_bytes).toBe(16 * 1024 * 1024);
  });

  it('documents each JSON route’s limit in OpenAPI', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    // 16 MiB since notices carry images (src/core/notice-images.ts).
    expect(doc.paths['/api/v1/notices'].post['x-body-limit']).toBe(16 * 1024 * 1024);
    expect(doc.paths['/api/v1/notices'].post.description).toContain('at most 16 MiB');
    expect(doc.paths['/api/v1/cases/{id}/decisions'].post['x-body-limit']).toBe(1024 * 1024);
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { requestBody?: unknown; 'x-body-limit'?: number }>>)) {
      for (const [method, op] of Object.entries(ops)) if (op.requestBody) expect(op['x-body-limit'], `${method} ${path}`).toBeGreaterThan(0);
    }
  });
});
