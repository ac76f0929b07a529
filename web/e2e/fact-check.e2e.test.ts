import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app.ts';
import { call, freshUrl, makeOrg, noticeInput, sorInput } from '../../test/factories.ts';
import { available, expectAccessible, screenshot, startPortal, type Portal } from './harness.ts';

/** Fact-check verdicts in Chromium: the list, a verdict's record, and a label's link to it, in both languages. */
let portal: Portal;
let t: TestApp;
let statementRecord: string;

beforeAll(async () => {
  if (!available) return;
  portal = await startPortal();
  ({ t } = portal);
  const authority = await makeOrg(t.ctx, 'authority', { name: 'Cục An toàn thông tin' });
  const checker = await makeOrg(t.ctx, 'trusted_flagger', { name: 'Trung tâm Kiểm chứng Tin tức' });
  const facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  const filed = await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: noticeInput({ items: [{ url: freshUrl() }] }) });
  expect(filed.status, filed.body).toBe(201);
  const caseId = filed.json.cases[0].id;
  const checked = await call(t.app, 'POST', `/api/v1/cases/${caseId}/fact-checks`, {
    org: checker,
    body: {
      verdict: 'false',
      claim: 'Ngân hàng Nhà nước tặng 5 triệu đồng cho mỗi tài khoản mới',
      explanation: 'Ngân hàng Nhà nước đã bác bỏ thông tin này; đường dẫn trong bài dẫn tới trang giả mạo.',
      sources: ['https://sbv.gov.vn/canh-bao-lua-dao.htm'],
    },
  });
  expect(checked.status, checked.body).toBe(201);
  const decided = await call(t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, {
    org: facebook,
    body: sorInput({
      decision_visibility: ['DECISION_VISIBILITY_CONTENT_LABELLED'],
      decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
      illegal_content_legal_ground: undefined,
      illegal_content_explanation: undefined,
      incompatible_content_ground: 'Chính sách về thông tin sai lệch',
      incompatible_content_explanation: 'Nội dung được gắn nhãn dẫn tới kết luận kiểm chứng.',
      fact_check_id: checked.json.id,
    }),
  });
  expect(decided.status, decided.body).toBe(201);
  statementRecord = decided.json.public_record_id;
}, 120_000);

afterAll(async () => {
  await portal?.close();
});

describe.skipIf(!available)('fact-check verdicts in Chromium', () => {
  it('lists a verdict in words, opens its record with claim, explanation and sources, and a label links to it', async () => {
    const vi = await portal.open('/fact-checks');
    await expect.poll(() => vi.getByRole('heading', { level: 1, name: 'Kết luận kiểm chứng' }).isVisible()).toBe(true);
    await expect.poll(() => vi.locator('.badge', { hasText: 'Sai sự thật' }).count()).toBe(1);
    await expectAccessible(vi);
    await screenshot(vi, 'fact-checks-vi');
    await vi.getByRole('link', { name: 'Ngân hàng Nhà nước tặng 5 triệu đồng cho mỗi tài khoản mới' }).click();
    await expect.poll(() => vi.getByRole('heading', { level: 2, name: 'Kết luận' }).isVisible()).toBe(true);
    expect(await vi.getByRole('link', { name: 'https://sbv.gov.vn/canh-bao-lua-dao.htm' }).getAttribute('href')).toBe('https://sbv.gov.vn/canh-bao-lua-dao.htm');
    expect(await vi.locator('.fact-check').textContent()).toContain('Trung tâm Kiểm chứng Tin tức');
    await expectAccessible(vi);
    await vi.close();

    const en = await portal.open('/fact-checks', { lang: 'en' });
    await expect.poll(() => en.locator('.badge', { hasText: 'False' }).count()).toBe(1);
    await expectAccessible(en);
    await screenshot(en, 'fact-checks-en');
    await en.goto(`${portal.base}/records/${statementRecord}`);
    const link = en.getByRole('link', { name: 'See the fact-check verdict this label points to' });
    await expect.poll(() => link.isVisible()).toBe(true);
    await link.click();
    await expect.poll(() => en.locator('.badge', { hasText: 'False' }).isVisible()).toBe(true);
    await expectAccessible(en);
    await en.close();
  });
});
