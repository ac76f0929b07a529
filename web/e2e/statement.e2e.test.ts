import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshUrl, makeOrg, noticeInput, sorInput, type TestOrg } from '../../test/factories.ts';
import { fileReport } from '../../test/public-report.ts';
import { available, expectAccessible, screenshot, startPortal, type Portal } from './harness.ts';

/** The affected user's statement of reasons, opened by its link, in real Chromium (harness.ts). */
let portal: Portal;
let facebook: TestOrg;
let token: string;
let decisionId: string;

const FLAGGER = 'Tổ chức kiểm chứng A';
const REPORTER_TEXT = 'Tôi là Trần Văn Bình, trang này lừa mẹ tôi';
const REPORTER_EMAIL = 'binh.tran@example.vn';

beforeAll(async () => {
  if (!available) return;
  portal = await startPortal();
  const { t } = portal;
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  const authority = await makeOrg(t.ctx, 'authority', { name: 'Cục An toàn thông tin' });
  const flagger = await makeOrg(t.ctx, 'trusted_flagger', { name: FLAGGER });
  const url = freshUrl();
  expect((await fileReport(t.app, { urls: [url], description: REPORTER_TEXT, contact_email: REPORTER_EMAIL })).status).toBe(201);
  expect((await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ items: [{ url }], legal_basis: undefined }) })).status).toBe(201);
  const request = await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: noticeInput({ items: [{ url }] }) });
  expect(request.status, request.body).toBe(201);
  const decision = await call(t.app, 'POST', `/api/v1/cases/${request.json.cases[0].id}/decisions`, {
    org: facebook,
    body: sorInput({ decision_account: 'DECISION_ACCOUNT_SUSPENDED', end_date_account_restriction: '2026-12-31', automated_detection: 'Yes' }),
  });
  expect(decision.status, decision.body).toBe(201);
  token = decision.json.affected_user_statement.token;
  decisionId = decision.json.id;
  await t.integrate();
}, 120_000);

afterAll(async () => {
  await portal?.close();
});

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const h2s = (page: Page) => page.getByRole('heading', { level: 2 }).allTextContents();

/** Presses Tab until the focused element matches `selector`: how a keyboard user gets there. */
async function tabTo(page: Page, selector: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe.skipIf(!available)("the affected user's statement page in Chromium", () => {
  it('shows every notice item in Vietnamese, then English by the keyboard, and nothing of the reporters', async () => {
    const page = await portal.open(`/statements/${token}`);
    await expect.poll(() => h1(page)).toBe('Bản nêu lý do');
    await expect
      .poll(() => h2s(page))
      .toEqual(['Chúng tôi đã làm gì', 'Nội dung nào', 'Vì sao', 'Ai yêu cầu', 'Có dùng tự động không', 'Bạn có thể khiếu nại', 'Bản ghi công khai']);
    const vi = (await page.locator('main').textContent())!;
    expect(vi).toContain('Gỡ bỏ nội dung');
    expect(vi).toContain('Tạm khóa tài khoản (đến hết ngày 31/12/2026)');
    expect(vi).toContain('Nghị định 147/2024/NĐ-CP, Điều 24');
    expect(vi).toContain('Cục An toàn thông tin');
    expect(vi).toContain('phản ánh của người dân');
    expect(vi).toContain('thông báo của một tổ chức báo cáo tin cậy');
    expect(vi).toContain('trong vòng 48 giờ');
    for (const secret of [FLAGGER, REPORTER_TEXT, REPORTER_EMAIL]) expect(vi).not.toContain(secret);
    await expectAccessible(page);
    await screenshot(page, 'statement-vi');

    // The language switch, reached and pressed with the keyboard only.
    await tabTo(page, 'button.language');
    await page.keyboard.press('Enter');
    await expect.poll(() => h1(page)).toBe('Statement of reasons');
    await expect.poll(() => h2s(page)).toEqual(['What we did', 'Which content', 'Why', 'Who asked', 'Was it automated', 'You can appeal', 'Public record']);
    const en = (await page.locator('main').textContent())!;
    expect(en).toContain('Account suspended (until 2026-12-31)');
    expect(en).toContain('a report by a member of the public');
    expect(en).toContain('within 48 hours');
    // On to the public record, by Tab, and into it by Enter.
    await tabTo(page, 'main a[href^="/records/"]');
    await expectAccessible(page);
    await screenshot(page, 'statement-en');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/records\//);
  });

  it('opens in English from a link made for someone who reads English, on a device that never chose', async () => {
    const page = await portal.open(`/statements/${token}?lang=en`);
    await expect.poll(() => h1(page)).toBe('Statement of reasons');
  });

  it('revoked, says the link may have been revoked', async () => {
    const res = await call(portal.t.app, 'POST', `/api/v1/decisions/${decisionId}/statement-links/revocation`, { org: facebook, body: { reason: 'Gửi nhầm' } });
    expect(res.status, res.body).toBe(200);
    const page = await portal.open(`/statements/${token}`);
    await expect.poll(() => h1(page)).toBe('Không tìm thấy bản nêu lý do');
    expect(await page.getByRole('alert').textContent()).toContain('thu hồi');
    await expectAccessible(page);
  });
});
