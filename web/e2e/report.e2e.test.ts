import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app.ts';
import { call, freshUrl, makeOrg, noticeInput, sorInput, type TestOrg } from '../../test/factories.ts';
import { available, expectAccessible, screenshot, startPortal, type Portal } from './harness.ts';

/** The public report form and a report's status page, in real Chromium (harness.ts). */
let portal: Portal;
let t: TestApp;
let facebook: TestOrg;
/** Content a trusted flagger reported and Facebook decided on: "already known", with its public record. */
let knownUrl: string;
let knownRecordId: string;
/** The report filed with the keyboard in the first test; later tests follow it. */
let code: string;

beforeAll(async () => {
  if (!available) return;
  portal = await startPortal();
  ({ t } = portal);
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  const flagger = await makeOrg(t.ctx, 'trusted_flagger', { name: 'Tổ chức kiểm chứng A' });
  knownUrl = freshUrl();
  const notice = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ items: [{ url: knownUrl }], legal_basis: undefined }) });
  expect(notice.status, notice.body).toBe(201);
  const decision = await call(t.app, 'POST', `/api/v1/cases/${notice.json.cases[0].id}/decisions`, { org: facebook, body: sorInput() });
  expect(decision.status, decision.body).toBe(201);
  knownRecordId = decision.json.public_record_id;
  await t.integrate();
}, 120_000);

afterAll(async () => {
  await portal?.close();
});

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

/** Presses Tab until the focused element matches `selector`: how a keyboard user gets there. */
async function tabTo(page: Page, selector: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

const focused = (page: Page) => page.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName);

/** The case a report's first link joined, as the platform sees it. */
async function caseOfReport(trackingCode: string): Promise<string> {
  const [row] = await t.ctx.db.query<{ case_id: string }>(
    `SELECT i.case_id FROM notice_items i JOIN public_reports r ON r.notice_id = i.notice_id WHERE r.code_hash = $1 ORDER BY i.position LIMIT 1`,
    [createHash('sha256').update(trackingCode.replace(/-/g, '')).digest()],
  );
  return row!.case_id;
}

describe.skipIf(!available)('the public report form in Chromium', () => {
  it('is filled and sent with the keyboard only, shows the tracking code once, and opens its status page', async () => {
    const page = await portal.open('/report');
    await expect.poll(() => heading(page)).toBe('Phản ánh nội dung');
    await expectAccessible(page);

    await tabTo(page, '#urls-0');
    const url = freshUrl();
    await page.keyboard.type(url);
    // Leaving the field asks whether the content is known already.
    await page.keyboard.press('Tab');
    await expect.poll(() => page.locator('#urls-0-match').textContent()).toBe('Chưa có phản ánh nào về nội dung này.');
    // "Add another link", which moves the focus into the new field.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Thêm đường link');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('urls-1');
    await page.keyboard.type(freshUrl('youtube'));
    // Into the radio group: Tab enters at its first choice, arrows move, Space picks.
    await tabTo(page, 'input[name="choice"]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    expect(await page.locator('input[name="choice"]:checked').getAttribute('value')).toBe('phishing');
    await tabTo(page, '#description');
    await page.keyboard.type('Trang giả ngân hàng, đòi mật khẩu và mã OTP để "nhận quà".');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('contact_email');
    await page.keyboard.type('nguoi.dan@example.vn');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('evidence');
    await page.keyboard.type('Tin nhắn từ số lạ lúc 9 giờ sáng nay.');
    await tabTo(page, '#report-submit');
    await page.keyboard.press('Enter');

    // The proof of work is announced politely while the browser solves it.
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Đã gửi phản ánh' }).count(), { timeout: 30_000 }).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    code = (await page.locator('.tracking-code code').textContent())!;
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    await expectAccessible(page);

    await tabTo(page, 'a[href^="/report/"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/report/${code}`);
    await expect.poll(() => heading(page)).toBe('Tiến độ xử lý phản ánh');
    await expect.poll(() => page.locator('section.report-item').count()).toBe(2);
    const first = page.locator('section.report-item').first();
    expect(await first.locator('li[aria-current="step"] .step-name').textContent()).toBe('Đã tiếp nhận');
    expect(await first.locator('dt', { hasText: 'Thời hạn xử lý' }).count()).toBe(1);
    await expectAccessible(page);
  });

  it('shows the outcome and its public record once the platform decides', async () => {
    const caseId = await caseOfReport(code);
    const decision = await call(t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, { org: facebook, body: sorInput() });
    expect(decision.status, decision.body).toBe(201);
    for (const lang of ['vi', 'en'] as const) {
      const page = await portal.open(`/report/${code}`, { lang });
      const first = page.locator('section.report-item').first();
      await expect.poll(() => first.locator('li[aria-current="step"] .step-name').textContent()).toBe(lang === 'vi' ? 'Đã có quyết định' : 'Decided');
      expect(await first.locator('.outcome').first().textContent()).toBe(
        lang === 'vi' ? 'Nền tảng đã xử lý nội dung (có bản nêu lý do)' : 'The platform acted on the content (statement of reasons)',
      );
      const record = first.getByRole('link', { name: lang === 'vi' ? 'Xem bản ghi công khai' : 'See the public record' });
      expect(await record.getAttribute('href')).toBe(`/records/${decision.json.public_record_id}`);
      // Nothing of the reporter on a page anyone with the code may open.
      const text = await page.locator('main').textContent();
      for (const secret of ['nguoi.dan@example.vn', 'Tin nhắn từ số lạ', 'mã OTP']) expect(text).not.toContain(secret);
      await expectAccessible(page);
      await screenshot(page, `report-status-${lang}`);
    }
  });

  it('says when the content is known already, with the platform’s decision', async () => {
    const page = await portal.open('/report');
    await page.locator('#urls-0').fill(knownUrl.replace('https://www.', ''));
    await page.locator('#urls-0').blur();
    await expect.poll(() => page.locator('#urls-0-match').textContent()).toContain('Nội dung này đã có người phản ánh và nền tảng đã có quyết định.');
    expect(await page.locator('#urls-0-match a').getAttribute('href')).toBe(`/records/${knownRecordId}`);
    await expectAccessible(page);
  });

  it('summarises problems the GOV.UK way: its own first, then the server’s, each a link to its field', async () => {
    const page = await portal.open('/report');
    await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
    const summary = page.locator('.error-summary');
    await expect.poll(() => summary.locator('li').allTextContents()).toEqual(['Nhập đường link của nội dung', 'Chọn nội dung sai ở đâu', 'Mô tả nội dung sai ở đâu']);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await expectAccessible(page);
    await summary.getByRole('link', { name: 'Chọn nội dung sai ở đâu' }).click();
    expect(await focused(page)).toBe('choice-scam');

    // A link the server cannot read: its own message, linked to the field.
    await page.locator('#urls-0').fill('ftp://example.vn/x');
    await page.locator('#choice-scam').check();
    await page.locator('#description').fill('Lừa đảo');
    await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
    await expect.poll(() => summary.locator('li').allTextContents(), { timeout: 30_000 }).toEqual([expect.stringMatching(/^Đường link chưa đúng \(URL must be absolute/)]);
    await summary.getByRole('link').click();
    expect(await focused(page)).toBe('urls-0');
    expect(await page.locator('#urls-0').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);
  });

  it('opens a status by a code typed in any case and spacing, and says when no report has it', async () => {
    const page = await portal.open('/report/0000-0000-0000-0000');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Không tìm thấy phản ánh nào có mã tra cứu này. Hãy kiểm tra lại mã.');
    await expectAccessible(page);
    const field = page.getByLabel('Mã tra cứu');
    await field.fill('abc');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await expect.poll(() => page.locator('.lookup .field-error').textContent()).toContain('Mã tra cứu gồm 16 chữ và số');
    await field.fill(code.toLowerCase().replace(/-/g, ' '));
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.waitForURL(`**/report/${code}`);
    await expect.poll(() => page.locator('section.report-item').count()).toBe(2);
  });

  it('fits a 360 px phone without sideways scrolling', async () => {
    for (const where of ['/report', `/report/${code}`]) {
      const page = await portal.open(where, { viewport: { width: 360, height: 740 } });
      await expect.poll(() => page.locator('h1').count()).toBe(1);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await expectAccessible(page);
      if (where === '/report') await screenshot(page, 'report-phone-vi');
    }
  });

  it('saves a screenshot of the form in both languages', async () => {
    for (const lang of ['vi', 'en'] as const) {
      const page = await portal.open('/report', { lang });
      await expect.poll(() => heading(page)).toBe(lang === 'vi' ? 'Phản ánh nội dung' : 'Report content');
      await page.locator('#urls-0').fill(knownUrl);
      await page.locator('#urls-0').blur();
      await expect.poll(() => page.locator('#urls-0-match a').count()).toBe(1);
      await expectAccessible(page);
      await screenshot(page, `report-${lang}`);
    }
  });
});
