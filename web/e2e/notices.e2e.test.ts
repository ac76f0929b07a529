import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app.ts';
import { call, freshUrl, makeOrg, makePerson, noticeInput, type TestOrg, type TestPerson } from '../../test/factories.ts';
import { parseCsv, toCsv } from '../../src/core/csv.ts';
import { available, expectAccessible, screenshot, startPortal, type Portal } from './harness.ts';

/** Filing notices (/notices, /notices/new, /notices/bulk, /notices/:id) in real Chromium against a server on PGlite. */
let portal: Portal;
let t: TestApp;
let base: string;
let authority: TestOrg;
let reviewer: TestPerson;
let viewer: TestPerson;

const UUID = /\/notices\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

beforeAll(async () => {
  if (!available) return;
  portal = await startPortal();
  ({ t, base } = portal);
  authority = await makeOrg(t.ctx, 'authority', { name: 'Cục An toàn thông tin' });
  await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  reviewer = await makePerson(t, authority, 'reviewer', { displayName: 'Lê Thị Xử Lý' });
  viewer = await makePerson(t, authority, 'viewer', { displayName: 'Phạm Văn Xem' });
  // More than a page of earlier notices, so the list has something to load more of.
  const earlier = await call(t.app, 'POST', '/api/v1/notices/batch', { org: authority, body: { notices: Array.from({ length: 22 }, () => noticeInput()) } });
  expect(earlier.json.accepted, earlier.body).toBe(22);
}, 120_000);

afterAll(async () => {
  await portal?.close();
});

/** A browser signed in as `person` through the sign-in page, then at `path`. */
async function signedIn(path: string, options: { person?: TestPerson; lang?: 'vi' | 'en'; viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const person = options.person ?? reviewer;
  const page = await portal.open('/sign-in', { lang: options.lang, viewport: options.viewport });
  await page.locator('#email').fill(person.email);
  await page.locator('#password').fill(person.password);
  await page.locator('#password').press('Enter');
  await page.waitForURL(/\/account$/);
  await page.goto(base + path);
  await expect.poll(() => page.getByRole('heading', { level: 1 }).count()).toBe(1);
  return page;
}

const focused = (page: Page) =>
  page.evaluate(() => ({ id: document.activeElement?.id ?? '', text: document.activeElement?.textContent?.trim() ?? '', className: document.activeElement?.className ?? '' }));

/** Presses Tab until the focused element is the one wanted: how a keyboard user gets there. */
async function tabTo(page: Page, wanted: (el: { id: string; text: string }) => boolean): Promise<void> {
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press('Tab');
    if (wanted(await focused(page))) return;
  }
  throw new Error(`Tab never reached the element; stopped at ${JSON.stringify(await focused(page))}`);
}

const myNotices = async () => (await call(t.app, 'GET', '/api/v1/notices?limit=100', { org: authority })).json.items as { id: string; explanation: string; items: unknown[] }[];

// Signing in hashes a password (Argon2) for every page: on a loaded two-core machine, a test takes a while.
describe.skipIf(!available)('filing notices in Chromium', { timeout: 120_000 }, () => {
  it('files a notice with two URLs by keyboard alone: the error summary first, then the server’s own message, then the notice', async () => {
    const page = await signedIn('/notices/new');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Gửi thông báo');
    await expectAccessible(page);
    const [first, second] = [freshUrl(), freshUrl('youtube')];
    const explanation = `Trang giả mạo ngân hàng, thu thập mật khẩu (${Date.now()})`;

    await tabTo(page, (el) => el.id === 'items-0-url');
    await page.keyboard.type(first);
    await page.keyboard.press('Tab');
    expect((await focused(page)).id).toBe('items-0-text');
    await page.keyboard.type('Nhận quà miễn phí, đăng nhập tại đây');
    await tabTo(page, (el) => el.text === 'Thêm nội dung');
    await page.keyboard.press('Space');
    // The new row's URL has the focus, ready for typing; the scheme is forgotten, as people do.
    await expect.poll(async () => (await focused(page)).id).toBe('items-1-url');
    await page.keyboard.type(second.replace('https://', ''));

    await tabTo(page, (el) => el.id === 'category');
    for (let i = 0; i < 20 && (await page.locator('#category').inputValue()) !== 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD'; i++) await page.keyboard.press('ArrowDown');
    expect(await page.locator('#category').inputValue()).toBe('STATEMENT_CATEGORY_SCAMS_AND_FRAUD');
    await tabTo(page, (el) => el.id === 'explanation');
    await page.keyboard.type(explanation);
    await tabTo(page, (el) => el.text === 'Gửi thông báo');
    await page.keyboard.press('Enter');

    // No legal basis: an authority request needs one. Said first, focused, linking to the input.
    const summary = page.locator('.error-summary');
    await expect.poll(async () => (await focused(page)).className).toBe('error-summary');
    expect(await summary.getByRole('link').allTextContents()).toEqual(['Nhập căn cứ pháp lý: yêu cầu của cơ quan có thẩm quyền phải nêu văn bản pháp luật làm căn cứ']);
    expect(await page.locator('#legal_basis-instrument-error').textContent()).toContain('Nhập căn cứ pháp lý');
    expect(await myNotices().then((ns) => ns.filter((n) => n.explanation === explanation))).toEqual([]);
    await expectAccessible(page);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('legal_basis-instrument');
    await page.keyboard.type('Nghị định 147/2024/NĐ-CP');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Điều 24');
    await page.keyboard.press('Enter');

    // The server refuses the second URL: its own message, by the field and in the summary, and nothing typed is lost.
    await expect.poll(() => summary.getByRole('link').allTextContents()).toEqual([expect.stringMatching(/^Đường dẫn của nội dung 2: Invalid URL: URL must be absolute/)]);
    expect(await page.locator('#items-1-url-error').count()).toBe(1);
    expect(await page.locator('#items-0-url').inputValue()).toBe(first);
    expect(await page.locator('#explanation').inputValue()).toBe(explanation);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('items-1-url');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(second);
    await page.keyboard.press('Enter');

    await page.waitForURL(UUID);
    await expect.poll(() => page.getByRole('heading', { name: 'Đã gửi thông báo' }).count()).toBe(1);
    const panel = page.locator('.panel');
    expect(await panel.textContent()).toContain('Thời hạn xử lý');
    expect(await panel.getByRole('link').count()).toBe(2);
    await expect.poll(() => page.getByRole('link', { name: /^Xem hồ sơ của nội dung \d$/ }).count()).toBe(2);
    const caseLinks = await page.getByRole('link', { name: /^Xem hồ sơ của nội dung \d$/ }).evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(caseLinks.every((href) => /^\/cases\/[0-9a-f-]{36}$/.test(href ?? ''))).toBe(true);
    expect(await page.locator('ol.notice-items').textContent()).toContain('Mới nhận');
    // Each item says whether the platform has answered it yet (item-outcome.tsx).
    expect(await page.locator('ol.notice-items').textContent()).toContain('Chưa có quyết định của nền tảng.');
    expect(await page.locator('.summary-list').textContent()).toContain('Nghị định 147/2024/NĐ-CP, Điều 24');
    await expectAccessible(page);
    await screenshot(page, 'notice-vi');

    // Filed once, with both URLs.
    const filed = (await myNotices()).filter((n) => n.explanation === explanation);
    expect(filed.map((n) => [n.id, n.items.length])).toEqual([[page.url().split('/notices/')[1], 2]]);
  }, 180_000);

  it('files once however often the button is pressed', async () => {
    const page = await signedIn('/notices/new');
    const explanation = `Bấm hai lần (${Date.now()})`;
    await page.locator('#items-0-url').fill(freshUrl());
    await page.locator('#category').selectOption('STATEMENT_CATEGORY_VIOLENCE');
    await page.locator('#explanation').fill(explanation);
    await page.locator('#legal_basis-instrument').fill('Luật An ninh mạng 2018');
    await page.getByRole('button', { name: 'Gửi thông báo' }).dblclick();
    await page.waitForURL(UUID);
    expect((await myNotices()).filter((n) => n.explanation === explanation)).toHaveLength(1);
  });

  it('shows the form in English, fits a 360 px phone without sideways scrolling, and confirms a notice filed', async () => {
    const phone = await signedIn('/notices/new', { viewport: { width: 360, height: 740 } });
    await phone.getByRole('button', { name: 'Thêm nội dung' }).click();
    await phone.locator('#keywords').click();
    await expect.poll(() => phone.locator('#keyword-KEYWORD_PHISHING').isVisible()).toBe(true);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(phone);
    await screenshot(phone, 'notice-new-phone-vi');

    const vi = await signedIn('/notices/new');
    await screenshot(vi, 'notice-new-vi');

    const page = await signedIn('/notices/new', { lang: 'en' });
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('File a notice');
    expect(await page.locator('#legal_basis-hint').textContent()).toBe('Required for an authority request.');
    await expectAccessible(page);
    await screenshot(page, 'notice-new-en');
    await page.locator('#items-0-url').fill(freshUrl());
    await page.locator('#items-0-text').fill('Free gift, log in here');
    await page.locator('#category').selectOption('STATEMENT_CATEGORY_SCAMS_AND_FRAUD');
    await page.locator('#explanation').fill('A fake bank page collecting passwords');
    await page.locator('#legal_basis-instrument').fill('Nghị định 147/2024/NĐ-CP');
    await page.getByLabel('Urgent', { exact: true }).check();
    await page.getByRole('button', { name: 'File the notice' }).click();
    await page.waitForURL(UUID);
    await expect.poll(() => page.getByRole('heading', { name: 'Notice filed' }).count()).toBe(1);
    await expect.poll(() => page.locator('.summary-list').textContent()).toContain('Urgent');
    await expectAccessible(page);
    await screenshot(page, 'notice-en');
  });

  it('tells a viewer why there is no form, and still shows the notices', async () => {
    const page = await signedIn('/notices/new', { person: viewer });
    await expect.poll(() => page.locator('main .warning').textContent()).toContain('Bạn có vai trò người xem nên không gửi được thông báo');
    expect(await page.locator('form').count()).toBe(0);
    await expectAccessible(page);
    await page.goto(`${base}/notices`);
    await expect.poll(() => page.locator('ol.notice-list > li').count()).toBe(20);
    expect(await page.getByRole('link', { name: 'Gửi thông báo' }).count()).toBe(0);
  });

  it('files notices from a CSV file: each line’s result, and a report of the rejected line', async () => {
    const page = await signedIn('/notices/bulk');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Gửi nhiều thông báo bằng tệp CSV');
    await expectAccessible(page);

    // The template downloads, UTF-8 with a BOM, with every column.
    const [template] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải tệp mẫu (CSV)' }).click()]);
    const templateText = readFileSync((await template.path())!, 'utf8');
    expect(templateText.startsWith('\uFEFFnotice,url,text,category,')).toBe(true);

    const upload = bulkFile();
    await page.locator('#csv-file').setInputFiles({ name: 'thong-bao.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${upload.csv}`, 'utf8') });
    await page.getByRole('button', { name: 'Kiểm tra và gửi' }).click();
    const results = page.getByRole('table', { name: 'Kết quả từng dòng của tệp' });
    await expect.poll(() => results.count()).toBe(1);
    expect(await page.locator('progress').getAttribute('value')).toBe('3');
    const rows = await results.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent?.trim() ?? '')));
    expect(rows.map((r) => [r[0], r[1], r[2]])).toEqual([
      ['2', upload.urls[0], 'Đã tiếp nhận'],
      ['3', upload.urls[1], 'Đã tiếp nhận'],
      ['4', 'not a url', 'Bị từ chối'],
      ['5', upload.urls[2], 'Đã tiếp nhận'],
    ]);
    expect(rows[2]![3]).toMatch(/^url: Invalid URL/);
    expect(await results.getByRole('link', { name: /^Xem hồ sơ/ }).count()).toBe(3);
    await expectAccessible(page);
    await screenshot(page, 'notice-bulk-vi');

    const [report] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải báo cáo lỗi (CSV)' }).click()]);
    expect(report.suggestedFilename()).toBe('bao-cao-loi-thong-bao.csv');
    const reportText = readFileSync((await report.path())!, 'utf8');
    expect(reportText.startsWith('\uFEFF')).toBe(true);
    const parsed = parseCsv(reportText);
    expect(parsed.ok && parsed.records.map((r) => r.cells)).toEqual([
      ['notice', 'url', 'text', 'category', 'explanation', 'legal_basis_instrument', 'legal_basis_provision', 'error'],
      ['', 'not a url', '', 'VIOLENCE', 'Kích động bạo lực', 'Luật An ninh mạng 2018', '', expect.stringMatching(/^Dòng 4: url: Invalid URL/)],
    ]);

    // The same in English, its lines now repeats of what was filed.
    const en = await signedIn('/notices/bulk', { lang: 'en' });
    await expect.poll(() => en.getByRole('heading', { level: 1 }).textContent()).toBe('File notices from a CSV file');
    await en.locator('#csv-file').setInputFiles({ name: 'notices.csv', mimeType: 'text/csv', buffer: Buffer.from(upload.csv, 'utf8') });
    await en.getByRole('button', { name: 'Check and send' }).click();
    const enResults = en.getByRole('table', { name: 'The result of each line of the file' });
    await expect.poll(() => enResults.count()).toBe(1);
    expect(await enResults.locator('tbody tr td:nth-child(3)').allTextContents()).toEqual(['Repeat', 'Repeat', 'Rejected', 'Repeat']);
    await expectAccessible(en);
    await screenshot(en, 'notice-bulk-en');
  });

  it('refuses a file it cannot read, saying why, in the error summary', async () => {
    const page = await signedIn('/notices/bulk');
    await page.locator('#csv-file').setInputFiles({ name: 'sai.csv', mimeType: 'text/csv', buffer: Buffer.from('url,category,giai_thich\nhttps://a.vn/1,VIOLENCE,x\n') });
    await page.getByRole('button', { name: 'Kiểm tra và gửi' }).click();
    await expect.poll(() => page.locator('.error-summary').getByRole('link').allTextContents()).toEqual(['Tệp có cột không thuộc mẫu: giai_thich']);
    await page.locator('#csv-file').setInputFiles({ name: 'cp1258.csv', mimeType: 'text/csv', buffer: Buffer.from([0x75, 0x72, 0x6c, 0x0a, 0x67, 0xe1, 0xba, 0x69]) });
    await page.getByRole('button', { name: 'Kiểm tra và gửi' }).click();
    await expect.poll(() => page.locator('.error-summary').textContent()).toContain('Tệp không được mã hóa UTF-8');
    await expectAccessible(page);
  });

  it('lists the notices newest first, a page at a time, each linking to its cases', async () => {
    const page = await signedIn('/notices');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Thông báo của tổ chức');
    const entries = page.locator('ol.notice-list > li');
    await expect.poll(() => entries.count()).toBe(20);
    const all = await myNotices();
    // Newest first: the API's order, which is the order of filing.
    expect(await entries.first().getByRole('link').first().getAttribute('href')).toBe(`/notices/${all[0]!.id}`);
    expect(await entries.first().locator('.notice-cases a').first().getAttribute('href')).toMatch(/^\/cases\//);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Tải thêm' }).click();
    await expect.poll(() => entries.count()).toBe(Math.min(40, all.length));
    await screenshot(page, 'notices-vi');

    const en = await signedIn('/notices', { lang: 'en' });
    await expect.poll(() => en.getByRole('heading', { level: 1 }).textContent()).toBe("Your organization's notices");
    await expect.poll(() => en.locator('ol.notice-list > li').count()).toBe(20);
    await expectAccessible(en);
    await screenshot(en, 'notices-en');
  });
});

/** Four lines: two URLs filed as one notice (A), one bad URL (line 4), one notice of its own. */
function bulkFile(): { csv: string; urls: string[] } {
  const urls = [freshUrl(), freshUrl('tiktok'), freshUrl('web')];
  const csv = toCsv([
    ['notice', 'url', 'text', 'category', 'explanation', 'legal_basis_instrument', 'legal_basis_provision'],
    ['A', urls[0]!, 'Nhận quà miễn phí, đăng nhập "tại đây"', 'lừa đảo, gian lận', 'Trang giả mạo ngân hàng', 'Nghị định 147/2024/NĐ-CP', 'Điều 24'],
    ['A', urls[1]!, 'Dòng một\ndòng hai', '', '', '', ''],
    ['', 'not a url', '', 'VIOLENCE', 'Kích động bạo lực', 'Luật An ninh mạng 2018', ''],
    ['', urls[2]!, '', 'SCAMS_AND_FRAUD', 'Bán hàng giả', 'Nghị định 147/2024/NĐ-CP', 'Điều 24'],
  ]);
  return { csv, urls };
}
