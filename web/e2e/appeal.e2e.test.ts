import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshUrl, makeOrg, makePerson, noticeInput, sorInput, type TestOrg, type TestPerson } from '../../test/factories.ts';
import { slaRules } from '../../src/services/sla-policy.service.ts';
import { formatDateTime } from '../src/format.ts';
import { available, expectAccessible, screenshot, startPortal, type Portal } from './harness.ts';

/** The affected user's appeal on the statement page, keyboard only, in both languages, in real Chromium (harness.ts). */
let portal: Portal;
let facebook: TestOrg;
let authority: TestOrg;

const REASON = 'Bài viết của tôi là tin thật, trích từ báo Nhân Dân.';
const SOURCE = 'https://nhandan.vn/bai-goc';

/** A decision made through the API, and the affected user's token it came with. */
async function decidedToken(): Promise<string> {
  const { t } = portal;
  const request = await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: noticeInput({ items: [{ url: freshUrl() }] }) });
  expect(request.status, request.body).toBe(201);
  const decision = await call(t.app, 'POST', `/api/v1/cases/${request.json.cases[0].id}/decisions`, { org: facebook, body: sorInput() });
  expect(decision.status, decision.body).toBe(201);
  return decision.json.affected_user_statement.token;
}

beforeAll(async () => {
  if (!available) return;
  portal = await startPortal();
  facebook = await makeOrg(portal.t.ctx, 'platform', { platform: 'facebook' });
  authority = await makeOrg(portal.t.ctx, 'authority', { name: 'Cục An toàn thông tin' });
  // An appeal reads the SLA policies through a cache that must be warm on PGlite (case.service.ts).
  await slaRules(portal.t.ctx);
}, 120_000);

afterAll(async () => {
  await portal?.close();
});

const h3s = (page: Page) => page.getByRole('heading', { level: 3 }).allTextContents();
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

/** Presses Tab until the focused element matches `selector`: how a keyboard user gets there. */
async function tabTo(page: Page, selector: string, max = 150): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Fills and sends the form with the keyboard: the reason, one link kept and one added then removed. */
async function appealByKeyboard(page: Page, beforeSending: () => Promise<unknown> = async () => {}): Promise<void> {
  await tabTo(page, '#appeal-text');
  await page.keyboard.type(REASON);
  await tabTo(page, '#appeal-add-link');
  await page.keyboard.press('Enter');
  await expect.poll(() => focusedId(page)).toBe('appeal-url-0');
  await page.keyboard.type(SOURCE);
  await tabTo(page, '#appeal-add-link');
  await page.keyboard.press('Enter');
  await expect.poll(() => focusedId(page)).toBe('appeal-url-1');
  await page.keyboard.type('https://web.archive.org/xoa');
  // Its remove button is the next stop; removing it leaves focus on the link before it.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.locator('.appeal-link').count()).toBe(1);
  await beforeSending();
  await tabTo(page, '#appeal-submit');
  await page.keyboard.press('Enter');
}

describe.skipIf(!available)('an appeal in Chromium', () => {
  it('is refused blank with the problem named, then sent by the keyboard, and shows its deadline, in Vietnamese', async () => {
    const page = await portal.open(`/statements/${await decidedToken()}`);
    await expect.poll(() => h3s(page)).toContain('Khiếu nại quyết định này');

    // Sent blank: the error summary takes focus and links to the reason.
    await tabTo(page, '#appeal-submit');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary') ?? false)).toBe(true);
    expect(await page.locator('.error-summary li').allTextContents()).toEqual(['Hãy viết lý do bạn khiếu nại']);
    await expectAccessible(page);

    // The form as filled, for the README.
    await appealByKeyboard(page, () => screenshot(page, 'appeal-vi'));
    await expect.poll(() => h3s(page)).toContain('Khiếu nại của bạn');
    expect(await focusedId(page)).toBe('appeal-h');
    const shown = (await page.locator('.appeal').textContent())!;
    expect(shown).toContain('Nền tảng phải trả lời trước');
    // What was typed goes to the platform; the page does not show it back.
    expect(shown).not.toContain(REASON);
    await expectAccessible(page);
  });

  it('is sent by the keyboard in English, and the platform reads it on the case', async () => {
    const token = await decidedToken();
    const page = await portal.open(`/statements/${token}`, { lang: 'en' });
    await expect.poll(() => h3s(page)).toContain('Appeal this decision');
    await expectAccessible(page);
    await appealByKeyboard(page);
    await expect.poll(() => h3s(page)).toContain('Your appeal');
    expect(await page.locator('.appeal').textContent()).toContain('The platform must answer by');
    await expectAccessible(page);
    await screenshot(page, 'appeal-en');

    // Reopened later, the page shows the appeal, not the form again.
    await page.reload();
    await expect.poll(() => h3s(page)).toContain('Your appeal');
    expect(await page.locator('#appeal-text').count()).toBe(0);
    const cases = await call(portal.t.app, 'GET', '/api/v1/cases?status=appealed', { org: facebook });
    const appealed = await call(portal.t.app, 'GET', `/api/v1/cases/${cases.json.items[0].id}`, { org: facebook });
    expect(appealed.json.appeals[0]).toMatchObject({ appellant: 'affected_user', text: REASON, urls: [SOURCE] });
  });

  it('shows the appeal to the platform on the case, refuses the reviewer who decided, and assigns another', { timeout: 120_000 }, async () => {
    const { t } = portal;
    const decider = await makePerson(t, facebook, 'reviewer', { displayName: 'Lê Văn Quyết' });
    const lead = await makePerson(t, facebook, 'reviewer', { displayName: 'Phạm Thị Phúc' });
    await makePerson(t, facebook, 'reviewer', { displayName: 'Hoàng Văn Xét' });
    // Decided by a person this time, so there is someone to refuse.
    const request = await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: noticeInput({ items: [{ url: freshUrl() }] }) });
    const caseId: string = request.json.cases[0].id;
    const decision = await call(t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, { headers: decider.headers, body: sorInput() });
    expect(decision.status, decision.body).toBe(201);
    const token: string = decision.json.affected_user_statement.token;
    const appeal = await call(t.app, 'POST', `/api/v1/public/statements/${token}/appeals`, { body: { text: REASON, urls: [SOURCE] } });
    expect(appeal.status, appeal.body).toBe(201);
    const dueAt: string = (await call(t.app, 'GET', `/api/v1/cases/${caseId}`, { org: facebook })).json.appeals[0].due_at;

    const page = await portal.open('/sign-in');
    await page.getByLabel('Địa chỉ e-mail').fill(lead.email);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(lead.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/account$/);
    await page.goto(`${portal.base}/cases/${caseId}`);
    const panel = page.getByRole('region', { name: 'Khiếu nại', exact: true });
    await expect.poll(() => panel.locator('blockquote').textContent()).toBe(REASON);
    expect(await panel.locator('li.url').allTextContents()).toEqual([SOURCE]);
    const due = panel.locator('div', { has: page.locator('dt', { hasText: 'Thời hạn xử lý' }) }).locator('dd');
    expect(await due.textContent()).toBe(formatDateTime(dueAt, 'vi'));

    // The one who decided is refused, by the server, and its reason is on the page.
    const picker = panel.getByLabel('Người xử lý khiếu nại');
    await expect.poll(() => picker.locator('option').allTextContents()).toContain('Lê Văn Quyết');
    await picker.selectOption({ label: 'Lê Văn Quyết' });
    await panel.getByRole('button', { name: 'Giao khiếu nại' }).click();
    const said = panel.getByRole('status');
    await expect
      .poll(() => said.textContent())
      .toBe(`Người này đã ra quyết định bị khiếu nại (${decision.json.id}), nên không thể xử lý khiếu nại về chính quyết định đó. Hãy giao cho người khác.`);
    expect(await said.getAttribute('class')).toBe('field-error');
    await expectAccessible(page);

    await picker.selectOption({ label: 'Hoàng Văn Xét' });
    await panel.getByRole('button', { name: 'Giao khiếu nại' }).click();
    await expect.poll(() => said.textContent()).toBe('Đã giao khiếu nại.');
    // Read back from the server: the picker now starts on the assignee.
    await expect.poll(() => picker.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe('Hoàng Văn Xét');
    const after = await call(t.app, 'GET', `/api/v1/cases/${caseId}`, { org: facebook });
    expect(after.json.appeals[0].assignee).toMatchObject({ display_name: 'Hoàng Văn Xét' });
    await expectAccessible(page);
  });
});
