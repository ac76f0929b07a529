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
    const { log_index: _i, ...published } = before;
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

  it('is for the operator only', async () => {
    const id = await publishedRecord('Zxqoperator yêu cầu gỡ bài đăng lừa đảo đầu tư tiền ảo.');
    expect((await withdraw(id, { reason: 'Not allowed without the token' }, {})).statusCode).toBe(401);
    expect((await withdraw(id, { reason: 'Not allowed with a wrong token' }, { authorization: 'Bearer nope' })).statusCode).toBe(401);
    expect((await withdraw(id, { reason: 'Not allowed with an org key' }, authority.headers)).statusCode).toBe(401);
  });
});
