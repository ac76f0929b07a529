import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeOrg, noticeInput, sorInput, type TestOrg } from '../../test/factories.ts';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { parseCidrList, type Cidr } from '../core/cidr.ts';
import { RETRY_DELAYS_MS } from '../core/short-link.ts';
import { canonicalizeUrl } from '../core/url-canonical.ts';
import { safeFetch, type OutboundPolicy } from '../net/safe-fetch.ts';
import { expandShortLink, resolveShortLinks, type HopFetch } from './short-link.service.ts';

/**
 * A fake platform on loopback: every platform host resolves (through safe-fetch's injectable
 * resolver) to 127.0.0.1, except web.facebook.com, which plays a platform host answering with a
 * private address. https URLs are asked over http on the fake's port. No request leaves the machine.
 */
const LOOPBACK = parseCidrList('127.0.0.1/32') as Cidr[];
const policy: OutboundPolicy = { allow: LOOPBACK, resolve: async (host) => (host === 'web.facebook.com' ? ['10.0.0.7'] : ['127.0.0.1']) };
let server: http.Server;
let port = 0;
const seen: { method: string; at: string; ua: string }[] = [];
const asked = (at: string) => seen.filter((s) => s.at === at).length;

const to = (location: string, status = 302) => ({ status, headers: { location }, body: '' });
const html = (body: string) => ({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body });
type Plain = { status: number; headers: Record<string, string>; body: string } | 'hang';
type Answer = Plain | ((method: string) => Plain);
const routes: Record<string, Answer> = {
  'fb.watch/joins': to('https://www.facebook.com/watch/?v=1001&mibextid=abc'),
  'fb.watch/chain': to('https://m.facebook.com/share/v/xyz/', 301),
  'm.facebook.com/share/v/xyz': to('https://www.facebook.com/reel/1002'),
  'vt.tiktok.com/ZSok': to('https://www.tiktok.com/@someone/video/1003?_r=1&_t=8', 301),
  'fb.watch/decided': to('https://www.facebook.com/watch/?v=1004'),
  'fb.watch/private': to('https://web.facebook.com/share/p/zzz/'),
  'fb.watch/loop': to('https://www.facebook.com/share/r/loop1'),
  'fb.watch/slow': 'hang',
  'fb.watch/away': to('https://example.com/news/1'),
  'fb.watch/login': to('https://www.facebook.com/login/?next=https%3A%2F%2Fwww.facebook.com%2Fshare%2Fv%2Flogin%2F'),
  'fb.watch/loginnext': to('https://www.facebook.com/login.php?next=https%3A%2F%2Fwww.facebook.com%2Freel%2F1005'),
  'fb.watch/gone': { status: 404, headers: {}, body: 'gone' },
  'fb.watch/og': (method) =>
    method === 'HEAD'
      ? { status: 405, headers: {}, body: '' }
      : html('<html><head><meta property="og:url" content="https://www.facebook.com/reel/1006"></head><body>x</body></html>'),
  'fb.watch/home': to('https://www.facebook.com/'),
  'facebook.com/': html('<html>home</html>'),
  'fb.watch/err': { status: 503, headers: {}, body: 'busy' },
  'fb.watch/dead': { status: 410, headers: {}, body: '' },
  'fb.watch/cached': to('https://www.facebook.com/reel/1007'),
  'fb.watch/cached2': to('https://www.facebook.com/reel/1008'),
};
for (let n = 1; n < 20; n++) routes[`facebook.com/share/r/loop${n}`] = to(`https://www.facebook.com/share/r/loop${n + 1}`);

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^www\./, '');
    const path = req.url!.split('?')[0]!.replace(/(.)\/$/, '$1');
    const at = `${host}${path}`;
    seen.push({ method: req.method!, at, ua: String(req.headers['user-agent']) });
    const route = routes[at] ?? { status: 404, headers: {}, body: '' };
    const answer = typeof route === 'function' ? route(req.method!) : route;
    if (answer === 'hang') return void setTimeout(() => res.end('late'), 3_000);
    res.writeHead(answer.status, answer.headers).end(req.method === 'HEAD' ? undefined : answer.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** The platform's https URLs, asked on the fake's port; short timeouts keep the timeout test quick. */
const fetchHop: HopFetch = (url, options) => {
  const u = new URL(url);
  u.protocol = 'http:';
  u.port = String(port);
  return safeFetch(u.href, policy, { ...options, timeoutMs: Math.min(options.timeoutMs ?? 5_000, 500), maxRedirects: 0 });
};
const expand = (url: string) => expandShortLink(canonicalizeUrl(url), fetchHop);

describe('asking the platform where a short link leads', () => {
  it('follows a chain of redirects within the platform to a content item', async () => {
    expect(await expand('https://fb.watch/chain')).toMatchObject({ status: 'resolved', target: { content_key: 'facebook:video:1002' } });
    expect(await expand('https://vt.tiktok.com/ZSok/')).toMatchObject({ status: 'resolved', target: { content_key: 'tiktok:video:1003' } });
    // HEAD first, with an honest user agent; the item's own page is not fetched.
    expect(seen.find((s) => s.at === 'fb.watch/chain')).toMatchObject({ method: 'HEAD', ua: expect.stringMatching(/minhbach-link-resolver/) });
    expect(asked('facebook.com/reel/1002')).toBe(0);
  });

  it('refuses a redirect to a private address', async () => {
    expect(await expand('https://fb.watch/private')).toEqual({ status: 'unresolvable', reason: 'refused' });
    expect(asked('web.facebook.com/share/p/zzz')).toBe(0);
  });

  it('gives up after too many hops', async () => {
    expect(await expand('https://fb.watch/loop')).toEqual({ status: 'unresolvable', reason: 'too_many_hops' });
    expect(asked('facebook.com/share/r/loop6')).toBe(0);
  });

  it('times out, to be tried again later', async () => {
    expect(await expand('https://fb.watch/slow')).toEqual({ status: 'transient', reason: 'timeout' });
  });

  it('does not follow a redirect to another site', async () => {
    expect(await expand('https://fb.watch/away')).toEqual({ status: 'unresolvable', reason: 'other_site' });
    expect(asked('example.com/news/1')).toBe(0);
  });

  it('counts a login wall as unresolved, unless the platform names the item in next', async () => {
    expect(await expand('https://fb.watch/login')).toEqual({ status: 'unresolvable', reason: 'login_wall' });
    expect(await expand('https://fb.watch/loginnext')).toMatchObject({ status: 'resolved', target: { content_key: 'facebook:video:1005' } });
  });

  it('reads og:url when the platform answers HEAD badly and GET with a page', async () => {
    expect(await expand('https://fb.watch/og')).toMatchObject({ status: 'resolved', target: { content_key: 'facebook:video:1006' } });
    expect(seen.filter((s) => s.at === 'fb.watch/og').map((s) => s.method)).toEqual(['HEAD', 'GET']);
  });

  it('tells dead links (404, the home page) from failures that may pass (5xx)', async () => {
    expect(await expand('https://fb.watch/gone')).toEqual({ status: 'unresolvable', reason: 'not_found' });
    expect(await expand('https://fb.watch/home')).toEqual({ status: 'unresolvable', reason: 'not_found' });
    expect(await expand('https://fb.watch/err')).toEqual({ status: 'transient', reason: 'server_error' });
  });

  it('sends nothing to loopback when the operator did not allow it (the default)', async () => {
    const before = seen.length;
    const strict: HopFetch = (url, o) => {
      const u = new URL(url);
      u.protocol = 'http:';
      u.port = String(port);
      return safeFetch(u.href, { allow: [], resolve: policy.resolve! }, { ...o, maxRedirects: 0 });
    };
    expect(await expandShortLink(canonicalizeUrl('https://fb.watch/joins'), strict)).toEqual({ status: 'unresolvable', reason: 'refused' });
    expect(seen.length).toBe(before);
  });
});

describe('short links in cases', () => {
  let t: TestApp;
  let flagger: TestOrg;
  let authority: TestOrg;
  let facebook: TestOrg;
  const drain = async () => {
    let total = 0;
    for (let n; (n = await resolveShortLinks(t.ctx, { outbound: policy, fetch: fetchHop })) > 0;) total += n;
    return total;
  };
  const file = async (url: string, org = flagger) => {
    const res = await call(t.app, 'POST', '/api/v1/notices', { org, body: noticeInput({ items: [{ url, text: 'Video giả mạo lời kêu gọi quyên góp' }] }) });
    expect(res.status).toBe(201);
    return res.json.cases[0] as { id: string; created: boolean; canonical_url: string };
  };
  const view = async (id: string, org = facebook) => (await call(t.app, 'GET', `/api/v1/cases/${id}`, { org })).json;
  const types = (v: { timeline: { type: string }[] }) => v.timeline.map((e) => e.type);

  beforeAll(async () => {
    t = await openTestApp();
    flagger = await makeOrg(t.ctx, 'trusted_flagger');
    authority = await makeOrg(t.ctx, 'authority');
    facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
    await makeOrg(t.ctx, 'platform', { platform: 'tiktok' });
  });
  afterAll(() => t.close());

  it('joins the short link’s case to the open case of its target', async () => {
    const target = await file('https://www.facebook.com/watch/?v=1001');
    const short = await file('https://fb.watch/joins/?mibextid=share', authority);
    expect(short.created).toBe(true);
    expect(short.id).not.toBe(target.id);
    expect((await view(short.id)).short_links).toEqual([expect.objectContaining({ url: 'https://fb.watch/joins', status: 'pending' })]);

    await drain();
    const merged = await view(short.id);
    expect(merged).toMatchObject({ status: 'merged', merged_into: target.id });
    const survivor = await view(target.id);
    expect(survivor.notice_count).toBe(2);
    expect(survivor.authority_request).toBe(true);
    expect(survivor.locations.map((l: { canonical_url: string }) => l.canonical_url)).toContain('https://fb.watch/joins');
    expect(survivor.short_links).toEqual([
      expect.objectContaining({ url: 'https://fb.watch/joins', status: 'resolved', target_url: 'https://facebook.com/watch?v=1001', outcome: 'joined', joined_case_id: target.id }),
    ]);
    expect(types(survivor)).toEqual(expect.arrayContaining(['case_merged', 'short_link_resolved']));
    expect(types(merged)).toEqual(expect.arrayContaining(['merged_into', 'short_link_resolved']));
    // Later reports of the short link land on the target's case.
    expect((await file('https://fb.watch/joins')).id).toBe(target.id);
  });

  it('re-keys the case to its target when nobody reported the target, keeping the short URL as an alias', async () => {
    const short = await file('https://fb.watch/chain');
    await drain();
    const v = await view(short.id);
    expect(v).toMatchObject({ status: 'received', canonical_url: 'https://facebook.com/reel/1002', content_key: 'facebook:video:1002' });
    expect(v.short_links).toEqual([expect.objectContaining({ status: 'resolved', outcome: 'rekeyed', target_url: 'https://facebook.com/reel/1002' })]);
    expect(types(v)).toContain('short_link_resolved');
    // Either URL lands on it; the cached resolution is not asked again.
    const before = asked('fb.watch/chain');
    const again = await file('https://fb.watch/chain/', authority);
    expect(again).toMatchObject({ id: short.id, created: false });
    expect((await file('https://www.facebook.com/reel/1002')).id).toBe(short.id);
    await drain();
    expect(asked('fb.watch/chain')).toBe(before);
  });

  it('does not refetch a link whose resolution is cached (intake goes straight to the target)', async () => {
    const short = await file('https://fb.watch/cached');
    await drain();
    const n = asked('fb.watch/cached');
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) expect((await file('https://fb.watch/cached', i % 2 ? authority : flagger)).id).toBe(short.id);
    await drain();
    expect(asked('fb.watch/cached')).toBe(n);
  });

  it('applies a cached resolution to a second case of the same link without asking again', async () => {
    const first = await file('https://fb.watch/cached2');
    await drain();
    const n = asked('fb.watch/cached2');
    expect((await view(first.id)).canonical_url).toBe('https://facebook.com/reel/1008');
    // As if the alias had been lost: the next report opens a new case keyed by the short link.
    await t.ctx.db.query(`DELETE FROM case_aliases WHERE content_key = 'facebook:short:fb.watch/cached2'`);
    const second = await file('https://fb.watch/cached2', authority);
    expect(second).toMatchObject({ created: true });
    await drain();
    expect(asked('fb.watch/cached2')).toBe(n);
    expect(await view(second.id)).toMatchObject({ status: 'merged', merged_into: first.id });
  });

  it('links, not merges, when the target was decided; later reports of the short link go to the target', async () => {
    const target = await file('https://www.facebook.com/watch/?v=1004');
    expect((await call(t.app, 'POST', `/api/v1/cases/${target.id}/decisions`, { org: facebook, body: sorInput() })).status).toBe(201);
    const short = await file('https://fb.watch/decided');
    await drain();
    const v = await view(short.id);
    expect(v.status).toBe('received');
    expect(v.related_cases).toEqual([expect.objectContaining({ case_id: target.id, level: 'duplicate', basis: 'short_link' })]);
    expect(v.short_links).toEqual([expect.objectContaining({ status: 'resolved', outcome: 'linked', joined_case_id: target.id })]);
    expect(types(await view(target.id))).toContain('short_link_resolved');
    expect((await file('https://fb.watch/decided', authority)).id).toBe(target.id);
    // A submitter sees the link's status on its own case, not which case it was linked to.
    const submitterView = await view(short.id, flagger);
    expect(submitterView.short_links).toEqual([expect.objectContaining({ status: 'resolved', joined_case_id: null })]);
    expect(submitterView.timeline).toBeUndefined();
  });

  it('marks an unresolvable link’s case, which stays its own', async () => {
    const away = await file('https://fb.watch/away');
    const dead = await file('https://fb.watch/dead');
    await drain();
    for (const [c, reason] of [
      [away, 'other_site'],
      [dead, 'not_found'],
    ] as const) {
      const v = await view(c.id);
      expect(v).toMatchObject({ status: 'received', canonical_url: c.canonical_url });
      expect(v.short_links).toEqual([expect.objectContaining({ status: 'unresolvable', reason, target_url: null, outcome: 'marked' })]);
      expect(types(v)).toContain('short_link_unresolvable');
      // The submitter sees the mark too.
      expect((await view(c.id, flagger)).short_links[0]).toMatchObject({ status: 'unresolvable', reason });
    }
  });

  it('retries a failing platform with backoff, then marks the link unresolvable', async () => {
    const start = asked('fb.watch/err');
    const c = await file('https://fb.watch/err');
    await drain();
    expect((await view(c.id)).short_links[0]).toMatchObject({ status: 'pending', reason: 'server_error' });
    const first = asked('fb.watch/err');
    // Not asked again before its time.
    await drain();
    expect(asked('fb.watch/err')).toBe(first);
    for (const delay of RETRY_DELAYS_MS) {
      t.advance(delay + 1_000);
      await drain();
    }
    const v = await view(c.id);
    expect(v.short_links[0]).toMatchObject({ status: 'unresolvable', reason: 'gave_up' });
    expect(types(v)).toContain('short_link_unresolvable');
    // HEAD and GET per attempt, once plus once per retry.
    expect(asked('fb.watch/err') - start).toBe(2 * (RETRY_DELAYS_MS.length + 1));
  });
});
