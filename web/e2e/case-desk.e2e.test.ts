import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app.ts';
import { call, freshUrl, makeOrg, makePerson, noticeInput, type TestOrg, type TestPerson } from '../../test/factories.ts';
import { linkedPair } from '../../test/linked-cases.ts';
import { available, expectAccessible, screenshot, startPortal, type Portal } from './harness.ts';

/**
 * The case desk in real Chromium: an authority's request reaches the platform's queue, a reviewer
 * takes it, decides with the keyboard alone, and the decision's public record verifies.
 */
const WORD = 'Zqdesk';
let portal: Portal;
let t: TestApp;
let authority: TestOrg;
let platform: TestOrg;
let reviewer: TestPerson;

beforeAll(async () => {
  if (!available) return;
  portal = await startPortal();
  t = portal.t;
  authority = await makeOrg(t.ctx, 'authority', { name: 'Cục An toàn thông tin' });
  // A service of its own: this file's queue holds only the cases it makes.
  platform = await makeOrg(t.ctx, 'platform', { platform: 'tiktok', name: 'TikTok Việt Nam' });
  reviewer = await makePerson(t, platform, 'reviewer', { displayName: 'Nguyễn Thị Duyệt' });
  await makePerson(t, platform, 'reviewer', { displayName: 'Trần Văn Hai' });
}, 120_000);

afterAll(async () => {
  await portal?.close();
});

async function fileRequest(words: string): Promise<string> {
  const res = await call(t.app, 'POST', '/api/v1/notices', {
    org: authority,
    body: noticeInput({ items: [{ url: freshUrl('tiktok') }], explanation: `${WORD} ${words}` }),
  });
  expect(res.status, res.body).toBe(201);
  return res.json.cases[0].id;
}

async function signIn(person: TestPerson, options: { viewport?: { width: number; height: number }; lang?: 'vi' | 'en' } = {}): Promise<Page> {
  const page = await portal.open('/sign-in', options);
  await page.getByLabel(options.lang === 'en' ? 'E-mail address' : 'Địa chỉ e-mail').fill(person.email);
  await page.getByLabel(options.lang === 'en' ? 'Password' : 'Mật khẩu', { exact: true }).fill(person.password);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/account$/);
  return page;
}

describe.skipIf(!available)('the case desk in Chromium', () => {
  it('takes an authority request from the queue to a published, verified decision, the form done with the keyboard alone', { timeout: 120_000 }, async () => {
    const caseId = await fileRequest('trang giả mạo ngân hàng để lấy mật khẩu');
    // Another one, already past its deadline: it must show red, in words.
    const late = await fileRequest('tin nhắn lừa đảo trúng thưởng');
    await t.ctx.db.query(`UPDATE cases SET due_at = $2 WHERE id = $1`, [late, new Date(Date.now() - 2 * 3_600_000)]);

    const page = await signIn(reviewer);
    await page.getByRole('navigation').getByRole('link', { name: 'Hồ sơ' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Hồ sơ');
    const counts = page.getByRole('list', { name: 'Số hồ sơ' });
    await expect.poll(() => counts.getByRole('link', { name: /quá hạn$/ }).textContent()).toMatch(/^1\s*quá hạn$/);
    const lateRow = page.getByRole('row').filter({ has: page.locator(`a[href="/cases/${late}"]`) });
    await expect.poll(() => lateRow.locator('.deadline.overdue').textContent()).toMatch(/Quá hạn 2 giờ/);
    const row = page.getByRole('row').filter({ has: page.locator(`a[href="/cases/${caseId}"]`) });
    await expect.poll(() => row.locator('.deadline').textContent()).toMatch(/^Còn 2[34] giờ/);
    expect(await row.getByRole('cell').nth(3).textContent()).toBe('Chưa giao');
    await expectAccessible(page);

    // The soonest deadline first: the overdue case leads.
    await page.getByLabel('Sắp xếp').selectOption('deadline');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.waitForURL((u) => u.searchParams.get('sort') === 'deadline');
    await expect.poll(() => page.locator('table.queue tbody tr').first().locator('a').getAttribute('href')).toBe(`/cases/${late}`);

    await row.getByRole('link').click();
    await page.waitForURL(new RegExp(`/cases/${caseId}$`));
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Thông báo đã nhập vào hồ sơ (1)' }).count()).toBe(1);
    await expect.poll(() => page.getByText('Nghị định 147/2024/NĐ-CP, Điều 24', { exact: true }).count()).toBe(1);
    await page.getByRole('button', { name: 'Tôi nhận xử lý' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Đã giao hồ sơ cho Nguyễn Thị Duyệt' }).count()).toBe(1);
    await expect.poll(() => page.locator('ol.timeline').textContent()).toContain('Giao hồ sơ → Nguyễn Thị Duyệt');
    await expectAccessible(page);

    // The decision form, keyboard only: the facts, then send with what is missing (the platform's id).
    await page.getByLabel('Sự việc và lý do').focus();
    await page.keyboard.type(`${WORD}: trang đăng nhập giả mạo ngân hàng, thu thập mật khẩu của người dùng.`);
    await page.getByLabel('Căn cứ pháp lý').focus();
    await page.keyboard.type('Nghị định 147/2024/NĐ-CP, Điều 24');
    await page.getByLabel('Vì sao nội dung vi phạm pháp luật').focus();
    await page.keyboard.type('Trang giả mạo để lừa đảo chiếm đoạt tài khoản.');
    await page.getByLabel('văn bản').focus();
    await page.keyboard.press('Space');
    await page.getByLabel('Ngày đăng nội dung').focus();
    await page.keyboard.type('01122026');
    await page.getByRole('button', { name: 'Ra quyết định và công bố' }).focus();
    await page.keyboard.press('Enter');
    // The server's own message, in the summary (focused) and by the field.
    const summary = page.getByRole('alert');
    await expect.poll(() => summary.getByRole('link').allTextContents()).toEqual([expect.stringMatching(/^Mã quyết định của nền tảng: /)]);
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
    await expect.poll(() => page.locator('#sor-puid-error').count()).toBe(1);
    await expectAccessible(page);
    await summary.getByRole('link').press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('sor-puid');
    await page.keyboard.type(`tiktok-${caseId.slice(0, 8)}`);
    // Nothing typed was lost.
    expect(await page.getByLabel('Sự việc và lý do').inputValue()).toContain(WORD);
    await page.keyboard.press('Enter');
    const done = page.getByRole('status').filter({ hasText: 'Đã ra quyết định' });
    await expect.poll(() => done.count()).toBe(1);
    await expect.poll(() => page.locator('dd', { hasText: 'Đã quyết định' }).count()).toBe(1);

    // Published and in the log: the record page verifies it in the browser.
    await t.integrate();
    await done.getByRole('link').click();
    await page.waitForURL(/\/records\//);
    await expect.poll(() => page.getByText(WORD, { exact: false }).count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('p.badge[role="status"]').textContent()).toBe('Đã xác minh');
  });

  it('keeps the queue for the right people: a sign-in link for anyone else, and "assigned to me" as a filter', async () => {
    const anonymous = await portal.open('/cases');
    await expect.poll(() => anonymous.getByRole('main').getByRole('link', { name: 'Đăng nhập' }).count()).toBe(1);
    const mine = await fileRequest('bài đăng mạo danh cơ quan nhà nước');
    await call(t.app, 'PUT', `/api/v1/cases/${mine}/assignee`, { headers: reviewer.headers, body: { person_id: reviewer.personId } });
    const page = await signIn(reviewer);
    await page.goto(`${portal.base}/cases?assigned_to=me`);
    await expect.poll(() => page.locator(`a[href="/cases/${mine}"]`).count()).toBe(1);
    const rows = await page.locator('table.queue tbody tr td:nth-child(4)').allTextContents();
    expect(new Set(rows)).toEqual(new Set(['Nguyễn Thị Duyệt']));
    // A case of another platform is not found.
    const other = await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: noticeInput({ items: [{ url: freshUrl('youtube') }] }) });
    await page.goto(`${portal.base}/cases/${other.json.cases[0].id}`);
    await expect.poll(() => page.getByRole('main').textContent()).toContain('Không tìm thấy hồ sơ này');
  });

  it('lets a reviewer settle suggested duplicates, and a submitter add information to its notice or withdraw it', { timeout: 180_000 }, async () => {
    const [kept, dismissed] = await linkedPair(t, authority, { platform: 'tiktok' });
    const [older, newer] = await linkedPair(t, authority, { platform: 'tiktok' });
    const page = await signIn(reviewer);

    await page.goto(`${portal.base}/cases/${kept}`);
    await page.getByRole('button', { name: `Hồ sơ ${dismissed.slice(0, 8)} (nghi trùng lặp) không trùng lặp` }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Đã ghi nhận: không trùng lặp.' }).count()).toBe(1);
    await expect.poll(() => page.getByText(/đã xác định không trùng lặp lúc/).count()).toBe(1);
    await expect.poll(() => page.locator('ol.timeline').textContent()).toContain('Xác định không trùng lặp');

    await page.goto(`${portal.base}/cases/${older}`);
    await page.getByRole('button', { name: `Gộp hồ sơ ${newer.slice(0, 8)} (nghi trùng lặp) vào hồ sơ này` }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Đã gộp hồ sơ trùng lặp vào hồ sơ này.' }).count()).toBe(1);
    // The merged case's URL is now one of this case's canonical forms, and its notice joined.
    await expect.poll(() => page.getByText(`gộp từ hồ sơ ${newer.slice(0, 8)}`, { exact: false }).count()).toBe(1);
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Thông báo đã nhập vào hồ sơ (2)' }).count()).toBe(1);
    await expectAccessible(page);

    // The ministry's clerk follows up on its own notice.
    const clerk = await makePerson(t, authority, 'reviewer', { displayName: 'Cán bộ theo dõi' });
    const own = await signIn(clerk);
    await own.goto(`${portal.base}/cases/${kept}`);
    await own.getByText('Bổ sung thông tin', { exact: true }).first().click();
    await own.getByLabel('Thông tin bổ sung').fill('Trang này vẫn đang hoạt động và đã đổi tên miền.');
    await own.getByLabel('Đường link làm bằng chứng (không bắt buộc)').fill('vi-du.vn/bang-chung');
    await own.getByRole('button', { name: 'Bổ sung thông tin' }).click();
    // The server's message, naming the link.
    await expect.poll(() => own.getByRole('alert').getByRole('link').count()).toBe(1);
    await own.getByLabel('Đường link làm bằng chứng (không bắt buộc)').fill('https://example.vn/bang-chung');
    await own.getByRole('button', { name: 'Bổ sung thông tin' }).click();
    await expect.poll(() => own.getByRole('status').filter({ hasText: 'Đã gửi thông tin bổ sung cho nền tảng.' }).count()).toBe(1);
    await expect.poll(() => own.getByText('Trang này vẫn đang hoạt động và đã đổi tên miền.').count()).toBe(1);
    await own.getByText('Rút thông báo', { exact: true }).first().click();
    await own.getByLabel('Lý do rút thông báo').fill('Chủ trang đã tự gỡ nội dung.');
    await own.getByRole('button', { name: 'Rút thông báo' }).click();
    await expect.poll(() => own.getByText(/Đã rút thông báo lúc/).count()).toBe(1);
    await expectAccessible(own);

    // The platform sees both on the case.
    await page.goto(`${portal.base}/cases/${kept}`);
    await expect.poll(() => page.getByText('Trang này vẫn đang hoạt động và đã đổi tên miền.').count()).toBe(1);
    await expect.poll(() => page.getByText('Chủ trang đã tự gỡ nội dung.', { exact: false }).count()).toBe(1);
  });

  it('fits a phone, and saves screenshots of the queue and a case in both languages', { timeout: 180_000 }, async () => {
    const caseId = await fileRequest('video cắt ghép sai sự thật');
    for (const lang of ['vi', 'en'] as const) {
      const page = await signIn(reviewer, { lang });
      await page.goto(`${portal.base}/cases`);
      await expect.poll(() => page.locator('table.queue').count()).toBe(1);
      await screenshot(page, `cases-${lang}`);
      await page.goto(`${portal.base}/cases/${caseId}`);
      await expect.poll(() => page.locator('form.decision').count()).toBe(1);
      await screenshot(page, `case-${lang}`);
      if (lang === 'en') await expectAccessible(page);
      await page.context().close();
    }
    const phone = await signIn(reviewer, { viewport: { width: 360, height: 740 } });
    await phone.goto(`${portal.base}/cases`);
    await expect.poll(() => phone.locator('table.queue').count()).toBe(1);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    // Each case is a card: its content gets the whole width, not a column a few letters wide.
    expect(
      await phone
        .locator('table.queue td.content')
        .first()
        .evaluate((el) => el.getBoundingClientRect().width),
    ).toBeGreaterThan(280);
    await screenshot(phone, 'cases-phone-vi');
    await phone.goto(`${portal.base}/cases/${caseId}`);
    await expect.poll(() => phone.locator('form.decision').count()).toBe(1);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(phone);
  });
});
