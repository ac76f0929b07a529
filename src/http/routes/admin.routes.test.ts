import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshUrl, makeOrg, noticeInput, type TestOrg } from '../../../test/factories.ts';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { entryMatchesRecord, parseLogEntry } from '../../core/tlog/log-entry.ts';
import { findLogEntryOfRecord } from '../../repositories/log.repository.ts';

const TOKEN = 'operator-token-for-tests-0123456789';
let t: TestApp;
let authority: TestOrg;

const asOperator = { authorization: `Bearer ${TOKEN}` };
const withdraw = (id: string, body: unknown, headers: Record<string, string> = asOperator) =>
  t.app.inject({ method: 'POST', url: `/api/v1/admin/public-records/${id}/withdrawal`, headers, payload: body as object });

async function publishedRecord(explanation: string): Promise<string> {
  const res = await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: noticeInput({ items: [{ url: freshUrl() }], explanation }) });
  expect(res.status).toBe(201);
  const found = (await call(t.app, 'GET', `/api/v1/public/records?q=${encodeURIComponent(explanation.split(' ')[0]!)}&limit=100`)).json.items;
  return found.find((r: { explanation?: string }) => r.explanation === explanation).id;
}

beforeAll(async () => {
  t = await openTestApp({ operatorToken: TOKEN });
  authority = await makeOrg(t.ctx, 'authority');
});
afterAll(() => t.close());

describe('withdrawing a public record', () => {
  it('deletes the body, publishes why, and keeps the record and its log entry', async () => {
    const id = await publishedRecord('Zxqwithdraw yêu cầu gỡ bài viết xúc phạm danh dự của một cá nhân.');
    await t.integrate();
    const before = (await call(t.app, 'GET', `/api/v1/public/records/${id}`)).json;
    const res = await withdraw(id, { reason: 'Court order 12/2026 requires removal: call 0912345678 for details', legal_basis: 'Quyết định 12/2026/QĐ-TA' });
    expect(res.statusCode).toBe(201);
    const { withdrawal_id } = res.json();
    await t.integrate();

    const after = (await call(t.app, 'GET', `/api/v1/public/records/${id}`)).json;
    expect(after).toMatchObject({ id, type: before.type, withdrawn: true, withdrawal_id, log_index: before.log_index });
    expect(after.explanation).toBeUndefined();
    // Its words are no longer found by search either.
    expect((await call(t.app, 'GET', '/api/v1/public/records?q=zxqwithdraw')).json.items).toEqual([]);

    const tombstone = (await call(t.app, 'GET', `/api/v1/public/records/${withdrawal_id}`)).json;
    expect(tombstone).toMatchObject({ type: 'withdrawal', withdrawn_record_id: id, legal_basis: 'Quyết định 12/2026/QĐ-TA' });
    expect(tombstone.reason).not.toContain('0912345678');
    expect(tombstone.log_index).toBeGreaterThan(before.log_index);

    // The leaf still commits to the body as it was published, which the withdrawal explains.
    const entry = parseLogEntry((await findLogEntryOfRecord(t.ctx.db, id))!.entry);
    const { log_index: _i, superseded_by: _s, ...published } = before;
    expect(entryMatchesRecord(entry, published)).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/public/records/${id}/proof` })).statusCode).toBe(200);
  });

  it('refuses a second withdrawal, a withdrawal of a withdrawal, and a missing reason', async () => {
    const id = await publishedRecord('Zxqtwice yêu cầu gỡ nội dung vi phạm bản quyền phim truyền hình.');
    const first = (await withdraw(id, { reason: 'Published by mistake, requested by the ministry' })).json();
    expect((await withdraw(id, { reason: 'Published by mistake, again' })).statusCode).toBe(409);
    expect((await withdraw(first.withdrawal_id, { reason: 'Trying to hide the withdrawal' })).statusCode).toBe(409);
    const other = await publishedRecord('Zxqreason yêu cầu gỡ tin giả về dịch bệnh.');
    const bad = await withdraw(other, { reason: 'short' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('reason');
    expect((await withdraw('018f0000-0000-7000-8000-000000000000', { reason: 'No such record exists here' })).statusCode).toBe(404);
  });

  it("withdraws the same text from the notice's records for its other platforms, each with a logged withdrawal", async () => {
    const explanation = 'Zxqsibling yêu cầu gỡ cùng một bài viết đăng lại trên nhiều nền tảng.';
    const res = await call(t.app, 'POST', '/api/v1/notices', {
      org: authority,
      body: noticeInput({ items: [{ url: freshUrl('facebook') }, { url: freshUrl('youtube') }, { url: freshUrl('tiktok') }], explanation }),
    });
    expect(res.status).toBe(201);
    const records = (await call(t.app, 'GET', '/api/v1/public/records?q=zxqsibling')).json.items as { id: string; platform: string }[];
    expect(records.map((r) => r.platform).sort()).toEqual(['facebook', 'tiktok', 'youtube']);
    const chosen = records.find((r) => r.platform === 'youtube')!;

    const out = await withdraw(chosen.id, { reason: 'Court order 13/2026 requires removal of this text' });
    expect(out.statusCode).toBe(201);
    const body = out.json();
    expect(body.withdrawn_record_id).toBe(chosen.id);
    expect(body.siblings.map((s: { withdrawn_record_id: string }) => s.withdrawn_record_id).sort()).toEqual(
      records
        .filter((r) => r !== chosen)
        .map((r) => r.id)
        .sort(),
    );

    // The text is gone from every platform's record, and each withdrawal is itself public and logged.
    expect((await call(t.app, 'GET', '/api/v1/public/records?q=zxqsibling')).json.items).toEqual([]);
    await t.integrate();
    for (const w of [body, ...body.siblings]) {
      const withdrawn = (await call(t.app, 'GET', `/api/v1/public/records/${w.withdrawn_record_id}`)).json;
      expect(withdrawn).toMatchObject({ withdrawn: true, withdrawal_id: w.withdrawal_id });
      expect(withdrawn.explanation).toBeUndefined();
      const tombstone = (await call(t.app, 'GET', `/api/v1/public/records/${w.withdrawal_id}`)).json;
      expect(tombstone).toMatchObject({ type: 'withdrawal', withdrawn_record_id: w.withdrawn_record_id, log_index: expect.any(Number) });
    }
    // Any of them now reports the whole notice as withdrawn.
    expect((await withdraw(body.siblings[0].withdrawn_record_id, { reason: 'Trying the sibling again' })).statusCode).toBe(409);
  });

  it('is for the operator only', async () => {
    const id = await publishedRecord('Zxqoperator yêu cầu gỡ bài đăng lừa đảo đầu tư tiền ảo.');
    expect((await withdraw(id, { reason: 'Not allowed without the token' }, {})).statusCode).toBe(401);
    expect((await withdraw(id, { reason: 'Not allowed with a wrong token' }, { authorization: 'Bearer nope' })).statusCode).toBe(401);
    expect((await withdraw(id, { reason: 'Not allowed with an org key' }, authority.headers)).statusCode).toBe(401);
  });
});

describe('the key lifecycle', () => {
  const admin = (method: 'GET' | 'POST', url: string, body?: object) =>
    t.app.inject({ method, url, headers: asOperator, ...(body !== undefined ? { payload: body } : method === 'POST' ? { payload: {} } : {}) });
  const asKey = (key: string) => t.app.inject({ method: 'GET', url: '/api/v1/notices', headers: { authorization: `Bearer ${key}` } });

  it('creates named keys shown once, lists them without secrets, and revokes one at once', async () => {
    const org = await makeOrg(t.ctx, 'trusted_flagger');
    const created = await admin('POST', `/api/v1/admin/organizations/${org.actor.orgId}/keys`, { name: 'ingest server' });
    expect(created.statusCode).toBe(201);
    const { key_id, api_key } = created.json();
    expect(api_key).toMatch(/^mbk_/);
    expect((await asKey(api_key)).statusCode).toBe(200);
    // Warm the cache, so the revocation below must invalidate it to take effect.
    expect((await asKey(org.apiKey)).statusCode).toBe(200);

    const list = await admin('GET', `/api/v1/admin/organizations/${org.actor.orgId}/keys`);
    expect(list.statusCode).toBe(200);
    const keys = list.json().keys as Record<string, unknown>[];
    expect(keys).toHaveLength(2);
    expect(keys[1]).toEqual({ key_id, prefix: api_key.slice(0, 12), name: 'ingest server', created_at: expect.any(String), last_used_at: expect.any(String), revoked_at: null });
    // Neither the key nor its hash is ever shown again.
    expect(list.body).not.toContain(api_key);
    expect(list.body).not.toMatch(/hash/);

    const revoked = await admin('POST', `/api/v1/admin/keys/${key_id}/revocation`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ key_id, org_id: org.actor.orgId, revoked_at: expect.any(String) });
    const refused = await asKey(api_key);
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ code: 'unauthenticated', reason: 'key_revoked', detail: expect.stringContaining('revoked') });
    // The organization's other key still works; revoking twice keeps the first time.
    expect((await asKey(org.apiKey)).statusCode).toBe(200);
    expect((await admin('POST', `/api/v1/admin/keys/${key_id}/revocation`)).json().revoked_at).toBe(revoked.json().revoked_at);
  });

  it('disabling an organization stops every one of its keys, and no new key is made for it', async () => {
    const org = await makeOrg(t.ctx, 'rights_holder');
    const second = (await admin('POST', `/api/v1/admin/organizations/${org.actor.orgId}/keys`)).json().api_key;
    expect((await asKey(org.apiKey)).statusCode).toBe(200);
    const disabled = await admin('POST', `/api/v1/admin/organizations/${org.actor.orgId}/disable`);
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toEqual({ org_id: org.actor.orgId, disabled_at: expect.any(String) });
    for (const key of [org.apiKey, second]) {
      const res = await asKey(key);
      expect(res.statusCode).toBe(401);
      expect(res.json().reason).toBe('organization_disabled');
    }
    expect((await admin('POST', `/api/v1/admin/organizations/${org.actor.orgId}/keys`)).statusCode).toBe(409);
    expect((await admin('GET', `/api/v1/admin/organizations/${org.actor.orgId}/keys`)).json().disabled_at).toBe(disabled.json().disabled_at);
  });

  it('a revocation made by another process takes effect within 10 seconds', async () => {
    const org = await makeOrg(t.ctx, 'authority');
    expect((await asKey(org.apiKey)).statusCode).toBe(200);
    const [key] = (await admin('GET', `/api/v1/admin/organizations/${org.actor.orgId}/keys`)).json().keys;
    // Straight in the database, as another server or the CLI on PostgreSQL would: this app's cache
    // is not told, so only its expiry ends the key.
    await t.ctx.db.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [key.key_id]);
    t.advance(10_000);
    expect((await asKey(org.apiKey)).statusCode).toBe(401);
  });

  it('records when a key was last used, at most once a minute', async () => {
    const org = await makeOrg(t.ctx, 'trusted_flagger');
    const lastUsed = async () => (await admin('GET', `/api/v1/admin/organizations/${org.actor.orgId}/keys`)).json().keys[0].last_used_at as string | null;
    expect(await lastUsed()).toBeNull();
    await asKey(org.apiKey);
    const first = await lastUsed();
    expect(first).not.toBeNull();
    t.advance(30_000); // past the cache: looked up again, but not written again
    await asKey(org.apiKey);
    expect(await lastUsed()).toBe(first);
    t.advance(31_000);
    await asKey(org.apiKey);
    expect(Date.parse((await lastUsed())!)).toBeGreaterThan(Date.parse(first!));
  });

  it('answers 404 for unknown organizations and keys, and 401 without the operator token', async () => {
    const org = await makeOrg(t.ctx, 'authority');
    const unknown = '018f0000-0000-7000-8000-000000000000';
    expect((await admin('GET', `/api/v1/admin/organizations/${unknown}/keys`)).statusCode).toBe(404);
    expect((await admin('POST', `/api/v1/admin/organizations/${unknown}/keys`, {})).statusCode).toBe(404);
    expect((await admin('POST', `/api/v1/admin/organizations/${unknown}/disable`)).statusCode).toBe(404);
    expect((await admin('POST', `/api/v1/admin/keys/${unknown}/revocation`)).statusCode).toBe(404);
    expect((await admin('POST', `/api/v1/admin/keys/not-a-uuid/revocation`)).statusCode).toBe(404);
    // An organization's id is not one of its keys' ids.
    expect((await admin('POST', `/api/v1/admin/keys/${org.actor.orgId}/revocation`)).statusCode).toBe(404);
    // Another organization's keys never appear in this one's list.
    const other = await makeOrg(t.ctx, 'authority');
    const otherKeys = (await admin('GET', `/api/v1/admin/organizations/${other.actor.orgId}/keys`)).json().keys;
    const mine = (await admin('GET', `/api/v1/admin/organizations/${org.actor.orgId}/keys`)).json().keys;
    expect(mine.map((k: { key_id: string }) => k.key_id)).not.toContain(otherKeys[0].key_id);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/admin/organizations/${org.actor.orgId}/keys`, headers: org.headers })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/organizations/${org.actor.orgId}/disable`, payload: {} })).statusCode).toBe(401);
  });
});

describe('acting for an organization (minhbach import through a running server)', () => {
  const batch = (orgId: string, notices: unknown[]) =>
    t.app.inject({ method: 'POST', url: `/api/v1/admin/organizations/${orgId}/notices/batch`, headers: asOperator, payload: { notices } });

  it('files notices as that organization, each accepted or rejected on its own', async () => {
    const flagger = await makeOrg(t.ctx, 'trusted_flagger');
    const res = await batch(flagger.actor.orgId, [noticeInput({ legal_basis: undefined }), { category: 'nonsense' }]);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      accepted: 1,
      rejected: 1,
      results: [
        { index: 0, status: 'accepted' },
        { index: 1, status: 'rejected' },
      ],
    });
    const mine = (await call(t.app, 'GET', '/api/v1/notices', { org: flagger })).json.items;
    expect(mine).toHaveLength(1);
  });

  it('refuses an unknown organization, a disabled one, and a platform', async () => {
    expect((await batch('018f0000-0000-7000-8000-000000000000', [noticeInput()])).statusCode).toBe(404);
    const gone = await makeOrg(t.ctx, 'authority');
    await t.app.inject({ method: 'POST', url: `/api/v1/admin/organizations/${gone.actor.orgId}/disable`, headers: asOperator, payload: {} });
    expect((await batch(gone.actor.orgId, [noticeInput()])).statusCode).toBe(409);
    const platform = await makeOrg(t.ctx, 'platform', { platform: 'threads' });
    expect((await batch(platform.actor.orgId, [noticeInput()])).statusCode).toBe(403);
  });
});
