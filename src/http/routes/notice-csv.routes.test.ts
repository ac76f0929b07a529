import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchesOf, NOTICE_BATCH_MAX, readNoticeCsv, rowOutcomes, type BatchAnswer } from '../../core/notice-csv.ts';
import { toCsv } from '../../core/csv.ts';
import { call, freshUrl, makeOrg, noticeInput, sorInput, type TestOrg } from '../../../test/factories.ts';
import { openTestApp, type TestApp } from '../../../test/app.ts';

/** What the web app's notice screens rely on from the notice routes (web/src/pages/notice*.page.tsx). */
let t: TestApp;
let authority: TestOrg;
let facebook: TestOrg;

beforeAll(async () => {
  t = await openTestApp();
  authority = await makeOrg(t.ctx, 'authority');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
});
afterAll(() => t.close());

describe('a CSV file filed through POST /api/v1/notices/batch', () => {
  it('takes as many notices per request as the web app sends', async () => {
    const notices = Array.from({ length: NOTICE_BATCH_MAX }, () => noticeInput());
    const full = await call(t.app, 'POST', '/api/v1/notices/batch', { org: authority, body: { notices } });
    expect(full.status).toBe(200);
    expect(full.json.accepted).toBe(NOTICE_BATCH_MAX);
    const over = await call(t.app, 'POST', '/api/v1/notices/batch', { org: authority, body: { notices: [...notices, noticeInput()] } });
    expect(over.status).toBe(422);
  });

  it('brings every answer back to the line it is about', async () => {
    const [a, b, c] = [freshUrl(), freshUrl('youtube'), freshUrl('web')];
    const file = toCsv([
      ['notice', 'url', 'text', 'category', 'explanation', 'legal_basis_instrument', 'legal_basis_provision', 'urgency'],
      ['', a, 'Quà miễn phí', 'lừa đảo, gian lận', 'Trang giả mạo ngân hàng', 'Nghị định 147/2024/NĐ-CP', 'Điều 24', 'khẩn cấp'],
      ['G', b, '', 'INTELLECTUAL_PROPERTY_INFRINGEMENTS', 'Phát lại trái phép', 'Luật Sở hữu trí tuệ', '', ''],
      ['G', 'javascript:alert(1)', '', '', '', '', '', ''],
      ['', c, '', 'VIOLENCE', 'Kích động bạo lực', '', '', ''],
      ['', a, 'Quà miễn phí', 'SCAMS_AND_FRAUD', 'Trang giả mạo ngân hàng', 'Nghị định 147/2024/NĐ-CP', 'Điều 24', 'urgent'],
    ]);
    const read = readNoticeCsv(file);
    if (!read.ok) throw new Error(JSON.stringify(read.error));
    const [batch] = batchesOf(read.table.notices);
    const res = await call(t.app, 'POST', '/api/v1/notices/batch', { org: authority, body: { notices: batch!.map((n) => n.body) } });
    expect(res.status).toBe(200);
    const outcomes = batch!.flatMap((n, i) => rowOutcomes(n, res.json.results[i] as BatchAnswer));
    expect(outcomes.map((o) => [o.line, o.status])).toEqual([
      [2, 'accepted'],
      [3, 'rejected'],
      [4, 'rejected'],
      [5, 'rejected'],
      [6, 'repeat'],
    ]);
    // The bad URL is line 4's; line 3 went down with it. Line 5: an authority must give a legal basis.
    expect(outcomes[1]).toMatchObject({ problems: [], with_line: 4 });
    expect(outcomes[2]).toMatchObject({ problems: [{ line: 4, column: 'url', field: 'items[1].url' }] });
    expect(outcomes[3]).toMatchObject({ problems: [{ line: 5, column: 'legal_basis_instrument', field: 'legal_basis' }] });
    const accepted = outcomes[0]!;
    expect(accepted.status === 'accepted' && accepted.case).toMatchObject({ id: expect.any(String), status: 'received' });
    expect(outcomes[4]).toMatchObject({ existing_id: accepted.status === 'accepted' ? accepted.notice_id : '' });
  });
});

describe("a notice's items carry their case's status now", () => {
  it('as listed and as read one by one, and follow the case', async () => {
    const sent = await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: noticeInput({ items: [{ url: freshUrl() }, { url: freshUrl('tiktok') }] }) });
    expect(sent.status).toBe(201);
    const one = async () => (await call(t.app, 'GET', `/api/v1/notices/${sent.json.id}`, { org: authority })).json;
    expect((await one()).items.map((i: { case_id: string; case_status: string }) => [i.case_id, i.case_status])).toEqual(
      sent.json.cases.map((c: { id: string }) => [c.id, 'received']),
    );
    expect((await call(t.app, 'POST', `/api/v1/cases/${sent.json.cases[0].id}/decisions`, { org: facebook, body: sorInput() })).status).toBe(201);
    expect((await one()).items.map((i: { case_status: string }) => i.case_status)).toEqual(['decided', 'received']);
    const listed = (await call(t.app, 'GET', '/api/v1/notices?limit=1', { org: authority })).json.items[0];
    expect(listed).toMatchObject({ id: sent.json.id, items: [{ case_status: 'decided' }, { case_status: 'received' }] });
  });
});
