import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { call, makeOrg, makePerson, noticeInput, type TestOrg } from '../../../test/factories.ts';
import { totpCode } from '../../core/totp.ts';
import { LOCKOUT_MS, MAX_FAILED_SIGN_INS } from '../../services/session.service.ts';
import { registerRoutePolicy } from '../route-policy.ts';

let t: TestApp;
let flagger: TestOrg;
let authority: TestOrg;

beforeAll(async () => {
  // Rate limits have their own tests; here many sign-ins come from one address.
  t = await openTestApp({ limits: false });
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
  authority = await makeOrg(t.ctx, 'authority');
});
afterAll(() => t.close());

const signIn = (body: Record<string, unknown>) => call(t.app, 'POST', '/api/v1/sessions', { body });
const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie'] ?? '');
const tokenOf = (res: { headers: Record<string, unknown> }) => /__Host-minhbach_session=([^;]*)/.exec(cookieOf(res))?.[1];
const withoutInstance = ({ instance: _i, ...rest }: Record<string, unknown>) => rest;

describe('signing in', () => {
  it('sets a __Host- cookie that is HttpOnly, Secure, SameSite=Lax, Path=/, and returns the person and a CSRF token', async () => {
    const p = await makePerson(t, flagger, 'reviewer');
    const res = await signIn({ email: p.email.toUpperCase(), password: p.password });
    expect(res.status, res.body).toBe(201);
    const cookie = cookieOf(res);
    expect(cookie).toMatch(/^__Host-minhbach_session=mbs_[\w-]{43}; /);
    expect(cookie).toContain('; HttpOnly');
    expect(cookie).toContain('; Secure');
    expect(cookie).toContain('; SameSite=Lax');
    expect(cookie).toContain('; Path=/');
    expect(cookie).not.toMatch(/Domain=/i);
    expect(cookie).toContain(`Max-Age=${12 * 3600}`);
    expect(res.json).toMatchObject({ person: { id: p.personId, email: p.email, role: 'reviewer', org_id: flagger.actor.orgId }, totp_enrolment_required: false });
    expect(res.json.csrf_token).toEqual(expect.any(String));
    expect(res.json.person.password_hash).toBeUndefined();

    const me = await call(t.app, 'GET', '/api/v1/session', { headers: { cookie: `__Host-minhbach_session=${tokenOf(res)}` } });
    expect(me.status, me.body).toBe(200);
    expect(me.json).toMatchObject({ person: { id: p.personId }, csrf_token: res.json.csrf_token });
  });

  it('answers a wrong password and an unknown e-mail alike', async () => {
    const p = await makePerson(t, flagger, 'viewer');
    const wrong = await signIn({ email: p.email, password: 'not the password at all' });
    const unknown = await signIn({ email: `nobody-${p.email}`, password: 'not the password at all' });
    expect(wrong.status).toBe(401);
    expect(withoutInstance(wrong.json)).toEqual(withoutInstance(unknown.json));
    expect(cookieOf(wrong)).toBe('');
  });

  it(`locks an account after ${MAX_FAILED_SIGN_INS} failures, answering as for a wrong password, for 15 minutes`, async () => {
    const p = await makePerson(t, flagger, 'viewer');
    const wrong = await signIn({ email: p.email, password: 'wrong password 1' });
    for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) expect((await signIn({ email: p.email, password: `wrong password ${i}` })).status).toBe(401);
    const locked = await signIn({ email: p.email, password: p.password });
    expect(locked.status).toBe(401);
    expect(withoutInstance(locked.json)).toEqual(withoutInstance(wrong.json));
    t.advance(LOCKOUT_MS - 60_000);
    expect((await signIn({ email: p.email, password: p.password })).status).toBe(401);
    t.advance(61_000);
    expect((await signIn({ email: p.email, password: p.password })).status).toBe(201);
  });

  it('resets the count of failures after a success', async () => {
    const p = await makePerson(t, flagger, 'viewer');
    for (let i = 0; i < MAX_FAILED_SIGN_INS - 1; i++) await signIn({ email: p.email, password: 'wrong password!!' });
    expect((await signIn({ email: p.email, password: p.password })).status).toBe(201);
    for (let i = 0; i < MAX_FAILED_SIGN_INS - 1; i++) await signIn({ email: p.email, password: 'wrong password!!' });
    expect((await signIn({ email: p.email, password: p.password })).status).toBe(201);
  });
});

describe('sessions', () => {
  it('are renewed on use (12 hours idle) and end 7 days after sign-in however used', async () => {
    const p = await makePerson(t, flagger, 'viewer');
    const me = () => call(t.app, 'GET', '/api/v1/session', { headers: p.headers });
    // 15 × 11 h = 165 h: never idle 12 hours, so never ended.
    for (let i = 0; i < 15; i++) {
      t.advance(11 * 3600_000);
      const res = await me();
      expect(res.status, res.body).toBe(200);
      // Renewed: the cookie is sent again with a fresh lifetime, never past the absolute end.
      expect(cookieOf(res)).toContain(`__Host-minhbach_session=${p.sessionToken}`);
    }
    // 169 h after sign-in, 4 h after its last use.
    t.advance(4 * 3600_000);
    const after = await me();
    expect(after.status).toBe(401);
    expect(after.json).toMatchObject({ reason: 'session_invalid' });
  });

  it('end after 12 hours unused', async () => {
    const p = await makePerson(t, flagger, 'viewer');
    t.advance(12 * 3600_000 + 1000);
    expect((await call(t.app, 'GET', '/api/v1/session', { headers: p.headers })).status).toBe(401);
  });

  it('end on sign-out, and all of them on sign-out everywhere', async () => {
    const p = await makePerson(t, flagger, 'reviewer');
    const out = await call(t.app, 'DELETE', '/api/v1/session', { headers: p.headers });
    expect(out.status, out.body).toBe(204);
    expect(cookieOf(out)).toMatch(/^__Host-minhbach_session=; Max-Age=0; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    expect((await call(t.app, 'GET', '/api/v1/session', { headers: p.headers })).status).toBe(401);

    const a = await signIn({ email: p.email, password: p.password });
    const b = await signIn({ email: p.email, password: p.password });
    const headersA = { cookie: `__Host-minhbach_session=${tokenOf(a)}`, 'x-csrf-token': a.json.csrf_token };
    const headersB = { cookie: `__Host-minhbach_session=${tokenOf(b)}`, 'x-csrf-token': b.json.csrf_token };
    const all = await call(t.app, 'POST', '/api/v1/session/revoke-all', { headers: headersA });
    expect(all.status, all.body).toBe(200);
    expect(all.json).toEqual({ revoked: 2 });
    expect((await call(t.app, 'GET', '/api/v1/session', { headers: headersA })).status).toBe(401);
    expect((await call(t.app, 'GET', '/api/v1/cases', { headers: headersB })).status).toBe(401);
  });

  it('refuse garbage and unknown tokens with 401', async () => {
    for (const cookie of ['__Host-minhbach_session=nope', `__Host-minhbach_session=mbs_${'A'.repeat(43)}`, 'other=1']) {
      const res = await call(t.app, 'GET', '/api/v1/cases', { headers: { cookie } });
      expect(res.status, cookie).toBe(401);
    }
  });
});

describe('CSRF', () => {
  it('refuses a state change by cookie without the token or with a wrong one, and accepts it with the token', async () => {
    const p = await makePerson(t, flagger, 'reviewer');
    const post = (headers: Record<string, string>) => call(t.app, 'POST', '/api/v1/notices', { headers, body: noticeInput() });
    const none = await post({ cookie: p.headers.cookie });
    expect(none.status, none.body).toBe(403);
    expect(none.json).toMatchObject({ code: 'forbidden', reason: 'csrf' });
    expect((await post({ cookie: p.headers.cookie, 'x-csrf-token': `${p.csrfToken}x` })).status).toBe(403);
    expect((await post({ cookie: p.headers.cookie, 'x-csrf-token': '' })).status).toBe(403);
    const ok = await post(p.headers);
    expect(ok.status, ok.body).toBe(201);
    // Reads need no token.
    expect((await call(t.app, 'GET', '/api/v1/cases', { headers: { cookie: p.headers.cookie } })).status).toBe(200);
  });

  it('is not asked of API keys, which win over a cookie', async () => {
    const p = await makePerson(t, flagger, 'viewer');
    const res = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, headers: { cookie: p.headers.cookie }, body: noticeInput() });
    expect(res.status, res.body).toBe(201);
  });
});

describe('roles', () => {
  it('lets a viewer read and refuses it state changes with 403', async () => {
    const viewer = await makePerson(t, flagger, 'viewer');
    expect((await call(t.app, 'GET', '/api/v1/cases', { headers: viewer.headers })).status).toBe(200);
    for (const [method, url, body] of [
      ['POST', '/api/v1/notices', noticeInput()],
      ['POST', '/api/v1/match', { text: 'Nhận quà miễn phí' }],
      ['POST', '/api/v1/invitations', { email: 'x@example.vn', role: 'viewer' }],
    ] as const) {
      const res = await call(t.app, method, url, { headers: viewer.headers, body });
      expect(res.status, `${url} ${res.body}`).toBe(403);
      expect(res.json).toMatchObject({ code: 'forbidden', reason: 'role' });
    }
  });

  it('lets a reviewer file notices but not manage people', async () => {
    const reviewer = await makePerson(t, flagger, 'reviewer');
    const filed = await call(t.app, 'POST', '/api/v1/notices', { headers: reviewer.headers, body: noticeInput() });
    expect(filed.status, filed.body).toBe(201);
    const people = await call(t.app, 'GET', '/api/v1/people', { headers: reviewer.headers });
    expect(people.status).toBe(403);
    expect(people.json).toMatchObject({ required_role: 'admin' });
  });

  it('keeps session routes for people: an API key gets 403, no credentials 401', async () => {
    expect((await call(t.app, 'GET', '/api/v1/session', { org: flagger })).status).toBe(403);
    expect((await call(t.app, 'GET', '/api/v1/session')).status).toBe(401);
  });
});

describe('second factor', () => {
  it('is required of authority admins: signed in, they may only enrol until they do', async () => {
    const admin = await makePerson(t, authority, 'admin', { totp: false });
    const me = await call(t.app, 'GET', '/api/v1/session', { headers: admin.headers });
    expect(me.json).toMatchObject({ totp_enrolment_required: true, person: { totp_required: true, totp_enabled: false } });
    for (const [method, url] of [
      ['GET', '/api/v1/cases'],
      ['GET', '/api/v1/people'],
      ['POST', '/api/v1/invitations'],
    ] as const) {
      const res = await call(t.app, method, url, { headers: admin.headers, body: method === 'POST' ? { email: 'a@b.vn', role: 'viewer' } : undefined });
      expect(res.status, url).toBe(403);
      expect(res.json).toMatchObject({ reason: 'totp_enrolment_required' });
    }

    const started = await call(t.app, 'POST', '/api/v1/session/totp', { headers: admin.headers });
    expect(started.status, started.body).toBe(200);
    expect(started.json.otpauth_uri).toMatch(/^otpauth:\/\/totp\/minhbach:/);
    const { base32Decode } = await import('../../core/totp.ts');
    const secret = base32Decode(started.json.secret);
    const wrong = await call(t.app, 'POST', '/api/v1/session/totp/confirmation', { headers: admin.headers, body: { code: totpCode(secret, new Date(0)) } });
    expect(wrong.status).toBe(422);
    const code = totpCode(secret, t.ctx.now());
    const ok = await call(t.app, 'POST', '/api/v1/session/totp/confirmation', { headers: admin.headers, body: { code } });
    expect(ok.status, ok.body).toBe(200);
    expect(ok.json).toMatchObject({ totp_enabled: true });
    // The same session may now do what an admin does.
    expect((await call(t.app, 'GET', '/api/v1/people', { headers: admin.headers })).status).toBe(200);

    // From now on signing in needs a code, and a code works once.
    const noCode = await signIn({ email: admin.email, password: admin.password });
    expect(noCode.status).toBe(401);
    expect(noCode.json).toMatchObject({ reason: 'totp_required' });
    const replay = await signIn({ email: admin.email, password: admin.password, totp_code: code });
    expect(replay.status).toBe(401);
    expect(replay.json).toMatchObject({ reason: 'totp_invalid' });
    t.advance(30_000);
    const next = totpCode(secret, t.ctx.now());
    expect((await signIn({ email: admin.email, password: admin.password, totp_code: next })).status).toBe(201);
    expect((await signIn({ email: admin.email, password: admin.password, totp_code: next })).status).toBe(401);
  });

  it('is not required of reviewers, nor of admins of other kinds of organization', async () => {
    const reviewer = await makePerson(t, authority, 'reviewer');
    expect((await call(t.app, 'GET', '/api/v1/cases', { headers: reviewer.headers })).status).toBe(200);
    const admin = await makePerson(t, flagger, 'admin');
    expect(admin.totpSecret).toBeNull();
    expect((await call(t.app, 'GET', '/api/v1/people', { headers: admin.headers })).status).toBe(200);
  });

  it('cannot be enrolled twice', async () => {
    const admin = await makePerson(t, authority, 'admin');
    expect(admin.totpSecret).not.toBeNull();
    expect((await call(t.app, 'POST', '/api/v1/session/totp', { headers: admin.headers })).status).toBe(409);
  });
});

describe('route actions', () => {
  it('refuses to start with a route naming an action src/core/policy.ts does not know', async () => {
    const app = Fastify();
    registerRoutePolicy(app, {} as never);
    expect(() => app.post('/api/v1/x', { config: { allow: 'organizations', action: 'people.delete' as never } }, async () => 'x')).toThrow(/unknown action 'people.delete'/);
    app.post('/api/v1/y', { config: { allow: 'organizations', action: 'people.manage' } }, async () => 'y');
    await app.close();
  });
});
