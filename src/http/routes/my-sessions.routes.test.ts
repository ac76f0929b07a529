import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { call, makeOrg, makePerson, type TestOrg, type TestPerson } from '../../../test/factories.ts';
import { uuidv7 } from '../../core/ids.ts';

/** "My sessions": GET /api/v1/session/sessions and DELETE /api/v1/session/sessions/{id}. */
let t: TestApp;
let flagger: TestOrg;

beforeAll(async () => {
  // Rate limits have their own tests; here many sign-ins come from one address.
  t = await openTestApp({ limits: false });
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
});
afterAll(() => t.close());

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
const PHONE = 'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';

/** Signs `p` in again from a browser and an address of the test's choosing; the new session's headers. */
async function signInFrom(p: TestPerson, userAgent: string, remoteAddress: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/sessions',
    headers: { 'user-agent': userAgent },
    remoteAddress,
    payload: { email: p.email, password: p.password },
  });
  expect(res.statusCode, res.body).toBe(201);
  const token = /__Host-minhbach_session=([^;]+)/.exec(String(res.headers['set-cookie']))![1]!;
  return { cookie: `__Host-minhbach_session=${token}`, 'x-csrf-token': res.json().csrf_token as string };
}

const list = (headers: Record<string, string>) => call(t.app, 'GET', '/api/v1/session/sessions', { headers });
const end = (headers: Record<string, string>, id: string) => call(t.app, 'DELETE', `/api/v1/session/sessions/${id}`, { headers });
const me = (headers: Record<string, string>) => call(t.app, 'GET', '/api/v1/session', { headers });

describe('my sessions', () => {
  it('lists the person’s live sessions with the browser and network of each, marks this one, and shows no token', async () => {
    const p = await makePerson(t, flagger, 'viewer');
    const laptop = await signInFrom(p, FIREFOX, '203.0.113.77');
    const phone = await signInFrom(p, PHONE, '2001:db8:abcd:12::5');
    const res = await list(laptop);
    expect(res.status, res.body).toBe(200);
    // makePerson's own session, then these two: last used first.
    expect(res.json.items).toHaveLength(3);
    for (const s of res.json.items) expect(Object.keys(s).sort()).toEqual(['created_at', 'current', 'device', 'expires_at', 'id', 'last_seen_at', 'network']);
    const byDevice = (d: string) => res.json.items.find((s: { device: string | null }) => s.device === d);
    expect(byDevice('Firefox 128 · Windows')).toMatchObject({ network: '203.0.113.0/24', current: true });
    expect(byDevice('Chrome 131 · Android')).toMatchObject({ network: '2001:db8:abcd::/48', current: false });
    expect(res.json.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    // Neither the tokens nor the addresses appear anywhere in the answer.
    for (const secret of [p.sessionToken, laptop.cookie.split('=')[1]!, phone.cookie.split('=')[1]!, '203.0.113.77', '2001:db8:abcd:12::5']) expect(res.body).not.toContain(secret);
    // The other browser sees the same sessions, with itself marked.
    const fromPhone = await list(phone);
    expect(fromPhone.json.items.find((s: { current: boolean }) => s.current).device).toBe('Chrome 131 · Android');
  });

  it('ends another of the person’s sessions: its next request is signed out, this one goes on', async () => {
    const p = await makePerson(t, flagger, 'reviewer');
    const laptop = await signInFrom(p, FIREFOX, '203.0.113.77');
    const phone = await signInFrom(p, PHONE, '198.51.100.9');
    const phoneId = (await list(phone)).json.items.find((s: { current: boolean }) => s.current).id as string;

    const res = await end(laptop, phoneId);
    expect(res.status, res.body).toBe(204);
    // Ending another session leaves this browser's cookie alone.
    expect(res.headers['set-cookie']).toBeUndefined();
    const after = await me(phone);
    expect(after.status).toBe(401);
    expect(after.json).toMatchObject({ reason: 'session_invalid' });
    expect((await me(laptop)).status).toBe(200);
    expect((await list(laptop)).json.items.map((s: { id: string }) => s.id)).not.toContain(phoneId);
    // Ended already: not found, as any session that is not a live one of the person's.
    expect((await end(laptop, phoneId)).status).toBe(404);
  });

  it('ends this session too, as signing out does, clearing the cookie', async () => {
    const p = await makePerson(t, flagger, 'viewer');
    const mine = (await list(p.headers)).json.items.find((s: { current: boolean }) => s.current).id as string;
    const res = await end(p.headers, mine);
    expect(res.status, res.body).toBe(204);
    expect(String(res.headers['set-cookie'])).toMatch(/^__Host-minhbach_session=; Max-Age=0;/);
    expect((await me(p.headers)).status).toBe(401);
  });

  it('answers another person’s session as one that does not exist, and leaves it alone', async () => {
    const p = await makePerson(t, flagger, 'admin');
    // Someone of the same organization, and an admin asking: still not theirs to end here.
    const colleague = await makePerson(t, flagger, 'viewer');
    const theirs = (await list(colleague.headers)).json.items[0].id as string;
    const refused = await end(p.headers, theirs);
    expect(refused.status, refused.body).toBe(404);
    expect(refused.json).toMatchObject({ code: 'not_found' });
    const { instance: _i, ...problem } = refused.json;
    for (const missing of [uuidv7(), 'not-a-uuid']) {
      const probe = await end(p.headers, missing);
      expect(probe.status).toBe(404);
      const { instance: _j, ...same } = probe.json;
      expect(same).toEqual(problem);
    }
    expect((await me(colleague.headers)).status).toBe(200);
    expect((await list(p.headers)).json.items.map((s: { id: string }) => s.id)).not.toContain(theirs);
  });

  it('lists only live sessions: not those signed out or unused for 12 hours', async () => {
    const p = await makePerson(t, flagger, 'viewer');
    const out = await signInFrom(p, FIREFOX, '203.0.113.5');
    expect((await call(t.app, 'DELETE', '/api/v1/session', { headers: out })).status).toBe(204);
    // makePerson's session goes unused for 13 hours; this one is 2 hours old.
    t.advance(11 * 3600_000);
    const recent = await signInFrom(p, PHONE, '198.51.100.9');
    t.advance(2 * 3600_000);
    const res = await list(recent);
    expect(res.status, res.body).toBe(200);
    expect(res.json.items).toHaveLength(1);
    expect(res.json.items[0]).toMatchObject({ device: 'Chrome 131 · Android', current: true });
    expect((await end(recent, (await list(recent)).json.items[0].id)).status).toBe(204);
  });

  it('is a person’s: an API key gets 403, no credentials 401, and ending needs the CSRF token', async () => {
    expect((await call(t.app, 'GET', '/api/v1/session/sessions', { org: flagger })).status).toBe(403);
    expect((await call(t.app, 'DELETE', `/api/v1/session/sessions/${uuidv7()}`, { org: flagger })).status).toBe(403);
    expect((await call(t.app, 'GET', '/api/v1/session/sessions')).status).toBe(401);
    expect((await call(t.app, 'DELETE', `/api/v1/session/sessions/${uuidv7()}`)).status).toBe(401);
    const p = await makePerson(t, flagger, 'viewer');
    const other = await signInFrom(p, FIREFOX, '203.0.113.5');
    const otherId = (await list(other)).json.items.find((s: { current: boolean }) => s.current).id as string;
    const noToken = await end({ cookie: p.headers.cookie }, otherId);
    expect(noToken.status).toBe(403);
    expect(noToken.json).toMatchObject({ reason: 'csrf' });
    expect((await me(other)).status).toBe(200);
  });

  it('records nothing it does not recognise', async () => {
    const p = await makePerson(t, flagger, 'viewer');
    const bare = await signInFrom(p, 'curl/8.5.0', '203.0.113.5');
    const mine = (await list(bare)).json.items.find((s: { current: boolean }) => s.current);
    expect(mine).toMatchObject({ device: null, network: '203.0.113.0/24' });
  });
});
