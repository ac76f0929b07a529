import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { call, makeOrg, makePerson, type TestOrg, type TestPerson } from '../../../test/factories.ts';
import { uuidv7 } from '../../core/ids.ts';

/** An organization's own API keys, managed by its admins: /api/v1/organization/keys. */
let t: TestApp;
let holder: TestOrg;
let admin: TestPerson;

beforeAll(async () => {
  t = await openTestApp({ limits: false });
  holder = await makeOrg(t.ctx, 'rights_holder');
  admin = await makePerson(t, holder, 'admin');
});
afterAll(() => t.close());

const create = (headers: Record<string, string>, body: unknown) => call(t.app, 'POST', '/api/v1/organization/keys', { headers, body });
const revoke = (headers: Record<string, string>, id: string) => call(t.app, 'POST', `/api/v1/organization/keys/${id}/revocation`, { headers });
const list = (headers: Record<string, string>) => call(t.app, 'GET', '/api/v1/organization/keys', { headers });
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('an organization’s API keys', () => {
  it('are created by an admin, shown once, and work at once', async () => {
    const res = await create(admin.headers, { name: 'Hệ thống tiếp nhận' });
    expect(res.status, res.body).toBe(201);
    expect(res.json).toMatchObject({ name: 'Hệ thống tiếp nhận', revoked_at: null, last_used_at: null, current: false });
    expect(res.json.api_key).toMatch(/^mbk_/);
    expect(res.json.api_key.startsWith(res.json.prefix)).toBe(true);
    expect((await call(t.app, 'GET', '/api/v1/cases', { headers: bearer(res.json.api_key) })).status).toBe(200);

    // Listed afterwards, never with the key or its hash.
    const listed = await list(admin.headers);
    expect(listed.status, listed.body).toBe(200);
    const row = listed.json.items.find((k: { id: string }) => k.id === res.json.id);
    expect(Object.keys(row).sort()).toEqual(['created_at', 'current', 'id', 'last_used_at', 'name', 'prefix', 'revoked_at']);
    expect(listed.body).not.toContain(res.json.api_key);
    // The organization's first key (from its creation) is there too, oldest first.
    expect(listed.json.items[0].id).toBe(holder.actor.keyId);
  });

  it('marks the key a request was made with', async () => {
    const res = await call(t.app, 'GET', '/api/v1/organization/keys', { org: holder });
    expect(res.status, res.body).toBe(200);
    expect(res.json.items.filter((k: { current: boolean }) => k.current).map((k: { id: string }) => k.id)).toEqual([holder.actor.keyId]);
  });

  it('need a name, said field by field', async () => {
    for (const body of [{}, { name: '' }, { name: '   ' }, { name: 'x'.repeat(101) }]) {
      const res = await create(admin.headers, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.json.errors.map((e: { field: string }) => e.field)).toEqual(['name']);
    }
  });

  it('stop working at once when revoked; revoking again is harmless', async () => {
    const { json: key } = await create(admin.headers, { name: 'Tạm thời' });
    const res = await revoke(admin.headers, key.id);
    expect(res.status, res.body).toBe(200);
    expect(res.json).toMatchObject({ id: key.id, revoked_at: expect.any(String) });
    const refused = await call(t.app, 'GET', '/api/v1/cases', { headers: bearer(key.api_key) });
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ reason: 'key_revoked' });
    const again = await revoke(admin.headers, key.id);
    expect(again.status).toBe(200);
    expect(again.json.revoked_at).toBe(res.json.revoked_at);
  });

  it('are an admin’s to manage: a reviewer and a viewer get 403, and the key keeps working', async () => {
    const { json: key } = await create(admin.headers, { name: 'Giữ lại' });
    for (const role of ['reviewer', 'viewer'] as const) {
      const p = await makePerson(t, holder, role);
      for (const res of [await list(p.headers), await create(p.headers, { name: 'Không được' }), await revoke(p.headers, key.id)]) {
        expect(res.status, `${role} ${res.body}`).toBe(403);
        expect(res.json).toMatchObject({ code: 'forbidden', reason: 'role', required_role: 'admin' });
      }
    }
    expect((await call(t.app, 'GET', '/api/v1/cases', { headers: bearer(key.api_key) })).status).toBe(200);
  });

  it('of another organization are not found, as keys that do not exist, and keep working', async () => {
    const other = await makeOrg(t.ctx, 'trusted_flagger');
    const res = await revoke(admin.headers, other.actor.keyId!);
    expect(res.status, res.body).toBe(404);
    const { instance: _i, ...problem } = res.json;
    for (const missing of [uuidv7(), 'not-a-uuid']) {
      const probe = await revoke(admin.headers, missing);
      expect(probe.status).toBe(404);
      const { instance: _j, ...same } = probe.json;
      expect(same).toEqual(problem);
    }
    expect((await call(t.app, 'GET', '/api/v1/cases', { org: other })).status).toBe(200);
    expect((await list(admin.headers)).json.items.map((k: { id: string }) => k.id)).not.toContain(other.actor.keyId);
  });

  it('refuse an admin of an authority until they enrol a second factor', async () => {
    const authority = await makeOrg(t.ctx, 'authority');
    const pending = await makePerson(t, authority, 'admin', { totp: false });
    const res = await create(pending.headers, { name: 'Chưa được' });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ reason: 'totp_enrolment_required' });
    const enrolled = await makePerson(t, authority, 'admin');
    expect((await create(enrolled.headers, { name: 'Được' })).status).toBe(201);
  });

  it('ask no CSRF token of a key, but of a cookie', async () => {
    const noToken = await create({ cookie: admin.headers.cookie }, { name: 'Không có mã' });
    expect(noToken.status).toBe(403);
    expect(noToken.json).toMatchObject({ reason: 'csrf' });
    expect((await call(t.app, 'POST', '/api/v1/organization/keys', { org: holder, body: { name: 'Từ khóa API' } })).status).toBe(201);
  });
});
