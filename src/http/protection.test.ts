import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshUrl, makeOrg, noticeInput } from '../../test/factories.ts';
import { openTestApp, type TestApp } from '../../test/app.ts';

const LIMITS = { perKey: 3, perAddress: 4, failedAuthPerAddress: 2, bodyBytesPerCaller: 4096 };
const OPERATOR = 'operator-token-for-the-rate-limit-tests';

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp({ limits: LIMITS, operatorToken: OPERATOR });
  });
  afterAll(() => t.close());

  it("never limits the operator's own requests (a forwarded import), but counts a wrong operator token", async () => {
    const from = { remoteAddress: '192.0.2.44' };
    for (let i = 0; i < LIMITS.perAddress * 2; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/organizations',
        headers: { authorization: `Bearer ${OPERATOR}` },
        payload: { kind: 'trusted_flagger', name: `Flagger ${i}` },
        ...from,
      });
      expect(res.statusCode).toBe(201);
    }
    const wrong = { authorization: 'Bearer not-the-operator-token-at-all' };
    for (let i = 0; i < LIMITS.failedAuthPerAddress; i++)
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/organizations', headers: wrong, payload: {}, ...from })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/organizations', headers: wrong, payload: {}, ...from })).statusCode).toBe(429);
  });

  it('limits each API key on its own, and answers 429 as problem+json with Retry-After', async () => {
    const a = await makeOrg(t.ctx, 'trusted_flagger');
    const b = await makeOrg(t.ctx, 'trusted_flagger');
    const statuses = [];
    for (let i = 0; i < LIMITS.perKey + 1; i++) statuses.push((await t.app.inject({ method: 'GET', url: '/api/v1/notices', headers: a.headers })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/notices', headers: a.headers });
    expect(res.statusCode).toBe(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    // Another organization's key is not affected by the first one's traffic.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/notices', headers: b.headers })).statusCode).toBe(200);
  });

  it('limits the bytes of request bodies a key may send per minute, before reading them', async () => {
    const a = await makeOrg(t.ctx, 'trusted_flagger');
    const page = { text: 'x'.repeat(1500) };
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/match', headers: a.headers, payload: page })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/match', headers: a.headers, payload: page })).statusCode).toBe(200);
    const refused = await t.app.inject({ method: 'POST', url: '/api/v1/match', headers: a.headers, payload: page });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'rate_limited' });
    expect(refused.json().detail).toMatch(/more than 4 KiB of request bodies this minute/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits routes without a key per client address, but never the health check', async () => {
    const from = { remoteAddress: '198.51.100.7' };
    const statuses = [];
    for (let i = 0; i < LIMITS.perAddress + 1; i++) statuses.push((await t.app.inject({ method: 'GET', url: '/api/v1/public/records', ...from })).statusCode);
    expect(statuses.slice(0, LIMITS.perAddress).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    for (let i = 0; i < LIMITS.perAddress * 2; i++) expect((await t.app.inject({ method: 'GET', url: '/healthz', ...from })).statusCode).toBe(200);
    // Another address still gets through.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/public/records', remoteAddress: '198.51.100.8' })).statusCode).toBe(200);
  });

  it('refuses an address that keeps failing authentication, before looking its keys up', async () => {
    const from = { remoteAddress: '203.0.113.9' };
    const bad = { authorization: 'Bearer mbk_not-a-real-key-at-all' };
    for (let i = 0; i < LIMITS.failedAuthPerAddress; i++) {
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: bad, ...from })).statusCode).toBe(401);
    }
    const refused = await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: bad, ...from });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'rate_limited' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Other addresses, and public routes from the same address, are unaffected.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: bad, remoteAddress: '203.0.113.10' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/public/stats', ...from })).statusCode).toBe(200);
  });
});

describe('headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp();
  });
  afterAll(() => t.close());

  it('sends security headers on answers and on errors', async () => {
    for (const url of ['/api/v1/public/records', '/api/v1/cases', '/nowhere']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('lets browsers on other origins read public records and the log, and nothing else', async () => {
    const origin = { origin: 'https://newsroom.example' };
    for (const url of ['/api/v1/public/records', '/api/v1/public/stats', '/log/checkpoint']) {
      const res = await t.app.inject({ method: 'GET', url, headers: origin });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['access-control-allow-origin'], url).toBe('*');
    }
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/public/records',
      headers: { ...origin, 'access-control-request-method': 'GET' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toBe('GET, HEAD');

    const org = await makeOrg(t.ctx, 'trusted_flagger');
    const privateRead = await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { ...origin, ...org.headers } });
    expect(privateRead.statusCode).toBe(200);
    expect(privateRead.headers['access-control-allow-origin']).toBeUndefined();
    const write = await t.app.inject({ method: 'POST', url: '/api/v1/notices', headers: { ...origin, ...org.headers }, payload: noticeInput({ items: [{ url: freshUrl() }] }) });
    expect(write.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('public statistics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp();
  });
  afterAll(() => t.close());

  const totalCases = async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/public/stats' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=10');
    return (res.json() as { platforms: { cases: number }[] }).platforms.reduce((n, p) => n + p.cases, 0);
  };

  it('are computed at most once per 10 seconds, then catch up', async () => {
    const org = await makeOrg(t.ctx, 'trusted_flagger');
    const before = await totalCases();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/notices', headers: org.headers, payload: noticeInput({ items: [{ url: freshUrl() }] }) });
    expect(res.statusCode).toBe(201);
    expect(await totalCases()).toBe(before);
    t.advance(10_001);
    expect(await totalCases()).toBe(before + 1);
  });
});

describe('slow clients', () => {
  it('are cut off when they take too long to send their headers', async () => {
    const t = await openTestApp({ timeouts: { headersMs: 300, requestMs: 600 } });
    try {
      const url = new URL(await t.app.listen({ host: '127.0.0.1', port: 0 }));
      const socket = connect(Number(url.port), '127.0.0.1');
      let answer = '';
      socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
      // Half a request line, then silence: a slowloris client.
      socket.write('GET /api/v1/public/records HTTP/1.1\r\nHost: x\r\n');
      await new Promise<void>((resolve, reject) => {
        socket.on('close', () => resolve());
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await t.close();
    }
  });
});
