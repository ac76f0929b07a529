import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app.ts';
import { base32Decode, totpCode } from '../../src/core/totp.ts';
import { call, freshUrl, makeOrg, makePerson, noticeInput, sorInput } from '../../test/factories.ts';
import { available, expectAccessible, startPortal, type Portal } from './harness.ts';

/** The public portal and signing in, in real Chromium against a server on PGlite (harness.ts). */
const WORD = 'Zqportal';
let portal: Portal;
let t: TestApp;
let base: string;

beforeAll(async () => {
  if (!available) return;
  portal = await startPortal();
  ({ t, base } = portal);

  const authority = await makeOrg(t.ctx, 'authority', { name: 'Cục An toàn thông tin' });
  const facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  const notice = await call(t.app, 'POST', '/api/v1/notices', {
    org: authority,
    body: noticeInput({ items: [{ url: freshUrl() }], explanation: `${WORD}: trang giả mạo ngân hàng phát tán mã độc đánh cắp tài khoản` }),
  });
  expect(notice.status, notice.body).toBe(201);
  expect((await call(t.app, 'POST', `/api/v1/cases/${notice.json.cases[0].id}/decisions`, { org: facebook, body: sorInput() })).status).toBe(201);
  await t.integrate();
}, 120_000);

afterAll(async () => {
  await portal?.close();
});

const open = (where: string, options?: { viewport?: { width: number; height: number } }): Promise<Page> => portal.open(where, options);

describe.skipIf(!available)('the public portal in Chromium', () => {
  it('finds a published request by its words, keeps the search in the address bar, and opens its record', async () => {
    const page = await open('/');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Cơ sở dữ liệu minh bạch');
    await page.getByLabel('Từ khóa').fill(WORD);
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === WORD);
    const result = page.getByRole('link', { name: 'Yêu cầu của cơ quan có thẩm quyền' });
    await expect.poll(() => result.count()).toBe(1);
    await expectAccessible(page);

    // The address is the search: opened afresh, it shows the same results.
    const shared = await open(`/?q=${WORD}`);
    await expect.poll(() => shared.getByRole('link', { name: 'Yêu cầu của cơ quan có thẩm quyền' }).count()).toBe(1);

    await result.click();
    await page.waitForURL(/\/records\//);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Yêu cầu của cơ quan có thẩm quyền');
    const logIndex = page.locator('dt', { hasText: 'Vị trí trong nhật ký minh bạch' }).locator('xpath=following-sibling::dd');
    await expect.poll(() => logIndex.textContent()).toMatch(/^\d+$/);
    await expect.poll(() => page.getByText(WORD, { exact: false }).count()).toBeGreaterThan(0);
    // Focus moved to the new page's content, for keyboard and screen reader users.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // The browser checked the record's inclusion in the log against the log's key.
    await expect.poll(() => page.locator('section.log-check').textContent()).toContain('Đã xác minh');
    await expect.poll(() => page.locator('pre.command').textContent()).toContain(`--record ${page.url().split('/records/')[1]}`);
    await expectAccessible(page);
  });

  it('says "not verified" when the proof or the record was tampered with', async () => {
    const [record] = (await call(t.app, 'GET', `/api/v1/public/records?q=${WORD}`)).json.items;
    for (const tamper of ['proof', 'record'] as const) {
      const context = await portal.browser.newContext();
      await context.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => route.abort());
      if (tamper === 'proof') {
        // One hash of the audit path changed: the recomputed root no longer matches the signed one.
        await context.route(/\/proof$/, async (route) => {
          const body = await (await route.fetch()).text();
          const lines = body.split('\n');
          lines[2] = Buffer.from(new Uint8Array(32).fill(7)).toString('base64');
          await route.fulfill({ status: 200, contentType: 'text/plain', body: lines.join('\n') });
        });
      } else {
        // The record as served says something else than what the log committed to.
        await context.route(new RegExp(`/api/v1/public/records/${record.id}$`), async (route) => {
          const json = await (await route.fetch()).json();
          await route.fulfill({ status: 200, json: { ...json, category: 'STATEMENT_CATEGORY_ANIMAL_WELFARE' } });
        });
      }
      const page = await context.newPage();
      await page.goto(`${base}/records/${record.id}`);
      await expect.poll(() => page.locator('p.badge[role="status"]').textContent(), { message: tamper }).toBe('Không xác minh được');
      await context.close();
    }
  });

  it('switches to English and remembers it on the next visit', async () => {
    const page = await open('/');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Transparency database');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Transparency database');
    await page.getByRole('link', { name: 'Statistics' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Statistics');
    await expectAccessible(page);
  });

  it('renders the API reference from the served OpenAPI document, with nothing blocked', async () => {
    const page = await open('/api/docs');
    const refused: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') refused.push(m.text());
    });
    await page.reload();
    await expect.poll(() => page.getByText('/api/v1/notices', { exact: true }).first().count()).toBe(1);
    expect(refused).toEqual([]);
    await expectAccessible(page);
  });

  it('saves a screenshot of each screen in both languages (docs/screenshots, shown in the README)', async () => {
    const dir = path.resolve(import.meta.dirname, '../../docs/screenshots');
    mkdirSync(dir, { recursive: true });
    const [record] = (await call(t.app, 'GET', `/api/v1/public/records?q=${WORD}`)).json.items;
    const screens = { records: `/?q=${WORD}`, record: `/records/${record.id}` };
    for (const lang of ['vi', 'en'] as const) {
      for (const [name, url] of Object.entries(screens)) {
        const page = await open('/');
        await page.evaluate((l) => localStorage.setItem('minhbach.lang', l), lang);
        await page.goto(base + url);
        await expect.poll(() => page.locator('p[role="status"]', { hasText: lang === 'vi' ? 'Đang tải' : 'Loading' }).count()).toBe(0);
        if (name === 'record') await expect.poll(() => page.locator('p.badge[role="status"]').textContent()).toBe(lang === 'vi' ? 'Đã xác minh' : 'Verified');
        const file = path.join(dir, `${name}-${lang}.png`);
        await page.screenshot({ path: file, fullPage: true });
        expect(existsSync(file)).toBe(true);
        await page.context().close();
      }
    }
    const phone = await open(`/?q=${WORD}`, { viewport: { width: 360, height: 740 } });
    await expect.poll(() => phone.getByRole('link', { name: 'Yêu cầu của cơ quan có thẩm quyền' }).count()).toBe(1);
    await phone.screenshot({ path: path.join(dir, 'records-phone-vi.png'), fullPage: true });
  });

  it('signs a person in with the keyboard alone, explains what is wrong the GOV.UK way, and signs out', async () => {
    const flagger = await makeOrg(t.ctx, 'trusted_flagger', { name: 'Nhóm kiểm chứng Sự Thật' });
    const person = await makePerson(t, flagger, 'viewer', { displayName: 'Trần Thị Bích' });
    const page = await open('/sign-in');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Đăng nhập');
    // Nothing typed: a summary at the top, focused, linking to each field.
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const summary = page.getByRole('alert');
    await expect.poll(() => summary.getByRole('link').allTextContents()).toEqual(['Nhập địa chỉ e-mail', 'Nhập mật khẩu']);
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
    await expectAccessible(page);
    await summary.getByRole('link', { name: 'Nhập mật khẩu' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('password');

    // A wrong password, typed and sent from the keyboard.
    await page.getByLabel('Địa chỉ e-mail').focus();
    await page.keyboard.type(person.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('not the password');
    await page.keyboard.press('Enter');
    await expect.poll(() => summary.textContent()).toContain('Địa chỉ e-mail hoặc mật khẩu không đúng');

    await page.getByLabel('Mật khẩu').fill(person.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/account$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Trần Thị Bích');
    await expect.poll(() => page.locator('dd').allTextContents()).toContain('người xem');
    await expectAccessible(page);
    // Still signed in after a reload: the session is the server's, behind its cookie.
    await page.reload();
    await expect.poll(() => page.getByRole('navigation').getByRole('link', { name: 'Trần Thị Bích' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await expect.poll(() => page.getByRole('navigation').getByRole('link', { name: 'Đăng nhập' }).count()).toBe(1);
    await page.goto(`${base}/account`);
    await expect.poll(() => page.getByRole('main').getByRole('link', { name: 'Đăng nhập' }).count()).toBe(1);
  });

  it('takes an invited admin from the link to an account with a second factor', async () => {
    const ministry = await makeOrg(t.ctx, 'authority', { name: 'Cục Phát thanh, truyền hình và thông tin điện tử' });
    const email = `quan-tri-${Date.now()}@example.vn`;
    const invited = await call(t.app, 'POST', '/api/v1/invitations', { org: ministry, body: { email, role: 'admin' } });
    expect(invited.status, invited.body).toBe(201);
    const page = await open(new URL(invited.json.accept_url as string).pathname);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Nhận lời mời');
    await expect.poll(() => page.locator('p.lead').textContent()).toContain('quản trị viên');
    await expectAccessible(page);

    // The server's own message on a password it refuses, in the summary and by the field.
    await page.getByLabel('Họ và tên').fill('Nguyễn Văn Quản');
    await page.getByLabel('Mật khẩu').fill('password1234');
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await expect.poll(() => page.getByRole('alert').getByRole('link').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('#password-error').count()).toBe(1);

    await page.getByLabel('Mật khẩu').fill('ngựa ô qua cầu Long Biên 2026');
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    // An authority's admin must turn on the second factor before anything else.
    await page.waitForURL(/\/account\/totp$/);
    const secret = (await page.locator('.secret code').textContent())!.replace(/\s/g, '');
    await expectAccessible(page);
    await page.getByLabel('Mã xác thực hai lớp (6 chữ số)').fill('000000' === totpCode(base32Decode(secret), new Date()) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Bật xác thực hai lớp' }).click();
    await expect.poll(() => page.locator('#code-error').textContent()).toContain('Mã không đúng');
    await page.getByLabel('Mã xác thực hai lớp (6 chữ số)').fill(totpCode(base32Decode(secret), new Date()));
    await page.getByRole('button', { name: 'Bật xác thực hai lớp' }).click();
    await page.waitForURL(/\/account$/);
    await expect.poll(() => page.locator('dd').allTextContents()).toEqual(expect.arrayContaining(['quản trị viên', 'Đã bật']));
    // The link worked once.
    const again = await open(new URL(invited.json.accept_url as string).pathname);
    await expect.poll(() => again.getByRole('main').textContent()).toContain('Lời mời này đã được dùng');
  });

  it('starts keyboard users at a skip link, and fits a phone without sideways scrolling', async () => {
    const page = await open('/', { viewport: { width: 360, height: 740 } });
    await expect.poll(() => page.getByRole('heading', { level: 1 }).count()).toBe(1);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Bỏ qua, đến nội dung chính');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => location.hash)).toBe('#main');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(page);
    const missing = await open('/no-such-page');
    await expect.poll(() => missing.getByRole('heading', { level: 1 }).textContent()).toBe('Không tìm thấy trang');
  });
});
