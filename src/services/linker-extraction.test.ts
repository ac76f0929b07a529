import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshUrl, makeOrg, noticeInput, type TestOrg } from '../../test/factories.ts';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { closeExtraction, configureExtraction } from '../text/extract-pool.ts';
import { linkPendingFingerprints } from './linker.service.ts';

let t: TestApp;
let flagger: TestOrg;
let authority: TestOrg;
let facebook: TestOrg;

beforeAll(async () => {
  t = await openTestApp();
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
  authority = await makeOrg(t.ctx, 'authority');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
});
afterAll(async () => {
  await t.close();
  await closeExtraction();
});

const claim =
  'Tin nhắn mạo danh cơ quan thuế thông báo người nhận được hoàn thuế thu nhập cá nhân và yêu cầu bấm vào đường dẫn để khai báo số thẻ ngân hàng cùng mã OTP. ' +
  'Cục Thuế khẳng định không gửi tin nhắn kèm đường dẫn và khuyến cáo người dân tuyệt đối không cung cấp thông tin tài khoản cho bất kỳ ai.';

async function file(org: TestOrg, text: string, url = freshUrl()): Promise<string> {
  const res = await call(t.app, 'POST', '/api/v1/notices', { org, body: noticeInput({ items: [{ url, text }], ...(org === authority ? {} : { legal_basis: undefined }) }) });
  expect(res.status).toBe(201);
  return res.json.cases[0].id;
}
const linkAll = async () => {
  let rounds = 0;
  while ((await linkPendingFingerprints(t.ctx)) > 0) rounds++;
  return rounds;
};
const itemOf = async (caseId: string) =>
  (
    await t.ctx.db.query<{ not_extractable: string | null; fingerprinted: boolean }>(
      'SELECT not_extractable, fingerprinted_at IS NOT NULL AS fingerprinted FROM notice_items WHERE case_id = $1',
      [caseId],
    )
  )[0];

describe('the linker with pages that cannot be extracted', () => {
  it('stops a parse past its budget, marks the item not extractable, keeps its case, and links the other texts', async () => {
    // A page well within the limits, but no parse finishes within 1 ms.
    const page = `<html><body><div>${`<p>${claim}</p>`.repeat(40)}</div></body></html>`;
    await configureExtraction({ budgetMs: 1 });
    try {
      const pageCase = await file(flagger, page);
      const first = await file(flagger, `${claim} (1)`);
      const repost = await file(authority, `‼️ ${claim}`, freshUrl('tiktok'));
      expect(await linkAll()).toBeGreaterThan(0);

      expect(await itemOf(pageCase)).toEqual({ not_extractable: 'timed_out', fingerprinted: true });
      const kept = await call(t.app, 'GET', `/api/v1/cases/${pageCase}`, { org: facebook });
      expect(kept.status).toBe(200);
      expect(kept.json.notices).toHaveLength(1);
      // The plain texts of the same batch were fingerprinted and related as usual.
      expect(await itemOf(first)).toEqual({ not_extractable: null, fingerprinted: true });
      const related = (await call(t.app, 'GET', `/api/v1/cases/${first}`, { org: facebook })).json.related_cases;
      expect(related.map((r: { case_id: string }) => r.case_id)).toContain(repost);
      // Nothing is left to retry.
      expect(await linkAll()).toBe(0);
    } finally {
      await configureExtraction({});
    }
  });

  it('refuses a stored page nested deeper than the limit without parsing it', async () => {
    const deep = `<html><body><div>${'<b><i>x'.repeat(2_800)}</div></body></html>`;
    const deepCase = await file(flagger, deep);
    await linkAll();
    expect(await itemOf(deepCase)).toEqual({ not_extractable: 'too_deep', fingerprinted: true });
  });

  it('extracts an ordinary stored page in the pool', async () => {
    const pageCase = await file(flagger, `<html><body><nav>Trang chủ</nav><article><h1>Cảnh báo</h1><p>${claim} Một.</p><p>${claim} Hai.</p></article></body></html>`);
    await linkAll();
    expect(await itemOf(pageCase)).toEqual({ not_extractable: null, fingerprinted: true });
    const fps = await t.ctx.db.query('SELECT 1 FROM text_fingerprints WHERE case_id = $1', [pageCase]);
    expect(fps.length).toBe(1);
  });
});
