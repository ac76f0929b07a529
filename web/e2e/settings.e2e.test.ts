import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app.ts';
import { call, makeOrg, makePerson, type TestOrg, type TestPerson } from '../../test/factories.ts';
import { parseCidrList, type Cidr } from '../../src/core/cidr.ts';
import { createWebhookHandler } from '../../src/services/webhook.handler.ts';
import { drainOutbox } from '../../src/services/worker.service.ts';
import { available, expectAccessible, screenshot, startPortal, type Portal } from './harness.ts';

/**
 * Organization settings (people, API keys, webhooks, e-mail contacts, deadlines) and "my
 * sessions", in real Chromium against a server on PGlite (harness.ts), signed in through the page.
 */
let portal: Portal;
let t: TestApp;
let base: string;
let org: TestOrg;
let admin: TestPerson;
let viewer: TestPerson;

/** A webhook receiver on loopback: what the worker delivers lands here. */
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
const receiver = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    res.writeHead(200).end('ok');
  });
});
let receiverUrl = '';

beforeAll(async () => {
  if (!available) return;
  portal = await startPortal();
  ({ t, base } = portal);
  // A rights holder's admin needs no second factor (authorities' and platforms' admins do).
  org = await makeOrg(t.ctx, 'rights_holder', { name: 'Công ty Truyền thông Sao Mai' });
  admin = await makePerson(t, org, 'admin', { displayName: 'Lê Thị Quản' });
  viewer = await makePerson(t, org, 'viewer', { displayName: 'Phạm Văn Xem' });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/minhbach`;
}, 120_000);

afterAll(async () => {
  await portal?.close();
  await new Promise((r) => receiver.close(r));
});

/** Signs `person` in through the sign-in page of a fresh browser context, then opens `where`. */
async function signedIn(person: TestPerson, where: string, options: { lang?: 'vi' | 'en'; viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const page = await portal.open('/sign-in', options);
  await page.locator('#email').fill(person.email);
  await page.locator('#password').fill(person.password);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/account$/);
  await page.goto(base + where);
  return page;
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const h2 = (page: Page) => page.getByRole('heading', { level: 2 }).first().textContent();

/** The worker's webhook deliveries, as the server's background worker runs them; loopback is allowed here only. */
const LOOPBACK = parseCidrList('127.0.0.1/32') as Cidr[];
const deliver = () => drainOutbox(t.ctx, [createWebhookHandler({ outbound: { allow: LOOPBACK }, timeoutMs: 5_000 })]);

describe.skipIf(!available)('organization settings in Chromium', () => {
  it('takes an admin from the navigation to people and roles; invites a person, who then appears with the role given', async () => {
    const page = await signedIn(admin, '/account');
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Cài đặt tổ chức' }).click();
    await page.waitForURL(/\/settings\/people$/);
    await expect.poll(() => h1(page)).toBe('Cài đặt tổ chức');
    await expect.poll(() => h2(page)).toBe('Người dùng và vai trò');
    await expect.poll(() => page.locator('.card-title', { hasText: 'Phạm Văn Xem' }).count()).toBe(1);
    await expectAccessible(page);

    // Nothing typed: the summary says so, focused, and links to the field.
    await page.getByRole('button', { name: 'Gửi lời mời' }).click();
    const summary = page.locator('.error-summary');
    await expect.poll(() => summary.getByRole('link').allTextContents()).toEqual(['Nhập địa chỉ e-mail của người được mời']);
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
    // The server's own word on an address it refuses, tied to the field.
    await page.getByLabel('Địa chỉ e-mail của người được mời').fill('khong-phai-email');
    await page.getByRole('button', { name: 'Gửi lời mời' }).click();
    await expect.poll(() => summary.getByRole('link').allTextContents()).toEqual(['Địa chỉ e-mail của người được mời: is not an e-mail address']);
    await expect.poll(() => page.locator('#invite-email-error').count()).toBe(1);
    await expectAccessible(page);

    const email = `bien-tap-${Date.now()}@example.vn`;
    await page.getByLabel('Địa chỉ e-mail của người được mời').fill(email);
    await page.getByLabel('Vai trò', { exact: true }).selectOption({ label: 'người xử lý' });
    await page.getByRole('button', { name: 'Gửi lời mời' }).click();
    const link = page.getByLabel('Liên kết nhận lời mời');
    await expect.poll(() => link.inputValue()).toMatch(/\/invitations\/mbi_/);
    await expect.poll(() => page.getByRole('heading', { level: 3, name: `Đã mời ${email} với vai trò người xử lý.` }).count()).toBe(1);
    await expect.poll(() => page.locator('.card-title', { hasText: email }).count()).toBe(1);
    await expectAccessible(page);

    // The invited person accepts through the link; the admin's list then holds them.
    const invited = await portal.open(new URL(await link.inputValue()).pathname);
    await invited.getByLabel('Họ và tên').fill('Đỗ Minh Biên');
    await invited.getByLabel('Mật khẩu').fill('ngựa ô qua cầu Long Biên 2026');
    await invited.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await invited.waitForURL(/\/account$/);
    await page.getByRole('button', { name: 'Tôi đã lưu, đóng lại' }).click();
    await page.reload();
    const card = page.locator('li.card', { has: page.locator('.card-title', { hasText: 'Đỗ Minh Biên' }) });
    await expect.poll(() => card.locator('dd').allTextContents()).toEqual([email, 'người xử lý', 'Đang hoạt động', 'Chưa bật']);
  }, 120_000);

  it('changes a role and disables a person, says so, and offers no control on the admin’s own card', async () => {
    const person = await makePerson(t, org, 'viewer', { displayName: 'Vũ Thị Đọc' });
    const page = await signedIn(admin, '/settings/people');
    const card = page.locator('li.card', { has: page.locator('.card-title', { hasText: 'Vũ Thị Đọc' }) });
    await card.getByLabel('Vai trò của Vũ Thị Đọc').selectOption({ label: 'người xử lý' });
    await card.getByRole('button', { name: 'Đổi vai trò' }).click();
    await expect.poll(() => page.locator('.said').first().textContent()).toBe('Đã đổi vai trò của Vũ Thị Đọc thành người xử lý.');
    await expect.poll(() => card.locator('dd').nth(1).textContent()).toBe('người xử lý');
    expect((await call(t.app, 'GET', '/api/v1/session', { headers: person.headers })).json.person.role).toBe('reviewer');

    await card.getByRole('button', { name: 'Vô hiệu hóa Vũ Thị Đọc' }).click();
    await expect.poll(() => card.locator('dd').nth(2).textContent()).toBe('Đã vô hiệu hóa');
    // Disabled: their session ended at once.
    expect((await call(t.app, 'GET', '/api/v1/session', { headers: person.headers })).status).toBe(401);
    await card.getByRole('button', { name: 'Cho hoạt động lại Vũ Thị Đọc' }).click();
    await expect.poll(() => card.locator('dd').nth(2).textContent()).toBe('Đang hoạt động');

    // An admin's own card has no controls: demoting oneself would lock the organization out.
    const mine = page.locator('li.card', { has: page.locator('.card-title', { hasText: 'Lê Thị Quản (bạn)' }) });
    await expect.poll(() => mine.count()).toBe(1);
    expect(await mine.getByRole('button').count()).toBe(0);
    await expectAccessible(page);
  }, 120_000);

  it('creates an API key, shows it once with a warning and a copy button, and revokes it after asking', async () => {
    const page = await signedIn(admin, '/settings/people');
    await page.getByRole('navigation', { name: 'Các mục cài đặt' }).getByRole('link', { name: 'Khóa API' }).click();
    await page.waitForURL(/\/settings\/keys$/);
    await expect.poll(() => h2(page)).toBe('Khóa API');
    // The organization's first key is listed, by its prefix, never in full.
    await expect.poll(() => page.locator('code', { hasText: org.apiKey.slice(0, 8) }).count()).toBe(1);
    expect(await page.content()).not.toContain(org.apiKey);
    await expectAccessible(page);

    // From the keyboard: type a name and press Enter.
    await page.getByLabel('Tên khóa').focus();
    await page.keyboard.type('Hệ thống tiếp nhận');
    await page.keyboard.press('Enter');
    const secret = page.getByLabel('Khóa API', { exact: true });
    await expect.poll(() => secret.inputValue()).toMatch(/^mbk_/);
    const key = await secret.inputValue();
    expect(await page.locator('.once .warning').textContent()).toContain('Chỉ hiển thị một lần');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Khóa API mới: Hệ thống tiếp nhận');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('button', { name: 'Sao chép' }).click();
    await expect.poll(() => page.locator('.once [role="status"]').textContent()).toBe('Đã sao chép vào bộ nhớ tạm.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await expectAccessible(page);
    // The key works at once.
    expect((await call(t.app, 'GET', '/api/v1/cases', { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    await page.getByRole('button', { name: 'Tôi đã lưu, đóng lại' }).click();
    // Closed: the key is nowhere on the page any more.
    expect(await page.content()).not.toContain(key);

    const revoke = page.getByRole('button', { name: 'Thu hồi Hệ thống tiếp nhận' });
    await revoke.click();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Thu hồi khóa “Hệ thống tiếp nhận”?');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Hủy' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toMatch(/^revoke-/);
    expect((await call(t.app, 'GET', '/api/v1/cases', { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);

    await revoke.click();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.said').first().textContent()).toBe('Đã thu hồi khóa “Hệ thống tiếp nhận”.');
    const card = page.locator('li.card', { has: page.locator('.card-title', { hasText: 'Hệ thống tiếp nhận' }) });
    await expect.poll(() => card.locator('dd').nth(3).textContent()).toMatch(/^Đã thu hồi lúc /);
    expect((await call(t.app, 'GET', '/api/v1/cases', { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);
  }, 120_000);

  it('adds a webhook endpoint, shows its delivery log, and replays a delivery through the worker', async () => {
    // What happened before the endpoint existed is not for it: the server's worker had dispatched it already.
    await deliver();
    const page = await signedIn(admin, '/settings/webhooks');
    await expect.poll(() => h2(page)).toBe('Webhook');
    await page.getByRole('button', { name: 'Thêm điểm nhận' }).click();
    const summary = page.locator('.error-summary');
    await expect.poll(() => summary.getByRole('link').allTextContents()).toEqual(['Nhập địa chỉ nhận', 'Chọn ít nhất một sự kiện']);
    await expectAccessible(page);
    // The server refuses addresses of its own network, and says so by the field.
    await page.getByLabel('Địa chỉ nhận (URL)').fill('http://10.0.0.7/hooks');
    await page.getByLabel(/^Mời người dùng/).check();
    await page.getByRole('button', { name: 'Thêm điểm nhận' }).click();
    await expect.poll(() => summary.getByRole('link').first().textContent()).toMatch(/^Địa chỉ nhận \(URL\): .*10\.0\.0\.7/);

    // A public address (no DNS asked); the test's receiver stands in for it below, as nothing may leave the machine.
    await page.getByLabel('Địa chỉ nhận (URL)').fill('https://93.184.215.14/minhbach');
    await page.getByRole('button', { name: 'Thêm điểm nhận' }).click();
    const secret = page.getByLabel('Khóa ký', { exact: true });
    await expect.poll(() => secret.inputValue()).toMatch(/^whsec_/);
    await expect.poll(() => page.locator('.card-title.url').allTextContents()).toEqual(['https://93.184.215.14/minhbach']);
    await page.getByRole('button', { name: 'Tôi đã lưu, đóng lại' }).click();

    const [endpoint] = (await call(t.app, 'GET', '/api/v1/webhook-endpoints', { org })).json.items;
    await t.ctx.db.query('UPDATE webhook_endpoints SET url = $2 WHERE id = $1', [endpoint.id, receiverUrl]);
    // Something happens that the endpoint subscribed to, and the worker delivers it.
    expect((await call(t.app, 'POST', '/api/v1/invitations', { org, body: { email: `moi-${Date.now()}@example.vn`, role: 'viewer' } })).status).toBe(201);
    await deliver();
    expect(received).toHaveLength(1);

    await page.reload();
    await page.getByRole('button', { name: `Xem nhật ký gửi ${receiverUrl}` }).click();
    const log = page.locator('.delivery-log');
    const item = log.locator('li.card').first();
    await expect.poll(() => item.locator('.card-title').textContent()).toMatch(/^Mời người dùng · /);
    await expect.poll(() => item.locator('.status-tag').textContent()).toBe('Đã gửi');
    expect(await item.locator('dd').nth(1).textContent()).toBe('1');
    await expectAccessible(page);
    await screenshot(page, 'settings-webhooks-vi');

    await item.getByRole('button', { name: 'Gửi lại Mời người dùng' }).click();
    await expect.poll(() => log.locator('.said').textContent()).toBe('Đã xếp lần gửi lại; kết quả sẽ hiện trong nhật ký.');
    await expect.poll(() => item.locator('.status-tag').textContent()).toBe('Đang gửi');
    await deliver();
    await log.getByRole('button', { name: 'Tải lại nhật ký' }).click();
    await expect.poll(() => item.locator('.status-tag').textContent()).toBe('Đã gửi');
    await expect.poll(() => item.locator('dd').nth(1).textContent()).toBe('2');
    // The same event under the same webhook-id: the receiver can tell it is a repeat.
    expect(received).toHaveLength(2);
    expect(received[1]!.headers['webhook-id']).toBe(received[0]!.headers['webhook-id']);
    expect(received[1]!.body).toBe(received[0]!.body);

    const en = await signedIn(admin, '/settings/webhooks', { lang: 'en' });
    await en.getByRole('button', { name: `Show the delivery log ${receiverUrl}` }).click();
    await expect.poll(() => en.locator('.delivery-log .status-tag').first().textContent()).toBe('Delivered');
    await expectAccessible(en);
    await screenshot(en, 'settings-webhooks-en');
  }, 180_000);

  it('lets an admin keep the e-mail contacts and read the deadlines', async () => {
    const page = await signedIn(admin, '/settings/contacts');
    await expect.poll(() => h2(page)).toBe('E-mail liên hệ');
    await page.getByRole('button', { name: 'Thêm địa chỉ' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('contact-0-email');
    await page.keyboard.type('truc-ban@sao-mai');
    await page.getByLabel('Mục đích của địa chỉ 1').selectOption({ label: 'Hồ sơ sắp đến hạn, quá hạn' });
    await page.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => page.locator('.error-summary').getByRole('link').allTextContents()).toEqual(['Địa chỉ e-mail 1: must be an e-mail address']);
    await page.getByLabel('Địa chỉ e-mail 1').fill('truc-ban@saomai.vn');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => page.locator('.said').first().textContent()).toBe('Đã lưu.');
    expect((await call(t.app, 'GET', '/api/v1/organization/contacts', { org })).json.contacts).toEqual([{ email: 'truc-ban@saomai.vn', purpose: 'escalation' }]);
    await expectAccessible(page);
    await screenshot(page, 'settings-contacts-vi');

    await page.getByRole('navigation', { name: 'Các mục cài đặt' }).getByRole('link', { name: 'Thời hạn xử lý' }).click();
    await expect.poll(() => h2(page)).toBe('Thời hạn xử lý');
    const authority = page.getByRole('row', { name: /^Thông báo Cơ quan có thẩm quyền/ });
    await expect.poll(() => authority.getByRole('cell').allTextContents()).toEqual(['Thông báo', 'Cơ quan có thẩm quyền', 'Tất cả', 'Tất cả', '24']);
    await expectAccessible(page);
    await screenshot(page, 'settings-sla-vi');
  }, 120_000);

  it('tells a non-admin that settings are for admins, and shows what they may read without controls', async () => {
    const page = await signedIn(viewer, '/settings');
    await expect.poll(() => h1(page)).toBe('Cài đặt tổ chức');
    await expect.poll(() => page.locator('p.warning').textContent()).toContain('Chỉ quản trị viên của tổ chức mới quản lý được mục này. Vai trò của bạn là người xem');
    const sections = page.getByRole('navigation', { name: 'Các mục cài đặt' }).getByRole('link');
    expect(await sections.allTextContents()).toEqual(['Webhook', 'E-mail liên hệ', 'Thời hạn xử lý']);
    // The main navigation does not offer settings to a non-admin either.
    expect(await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Cài đặt tổ chức' }).count()).toBe(0);
    await expectAccessible(page);

    await page.goto(`${base}/settings/keys`);
    await expect.poll(() => page.locator('p.warning').count()).toBe(1);
    expect(await page.getByLabel('Tên khóa').count()).toBe(0);
    await page.goto(`${base}/settings/webhooks`);
    await expect.poll(() => page.locator('.card-title.url').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Thêm điểm nhận' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Xóa/ }).count()).toBe(0);
    await page.goto(`${base}/settings/contacts`);
    await expect.poll(() => page.locator('.card-title').allTextContents()).toEqual(['truc-ban@saomai.vn']);
    expect(await page.getByRole('button', { name: 'Lưu' }).count()).toBe(0);
    await expectAccessible(page);
  }, 120_000);

  it('saves a screenshot of each settings screen in both languages, and fits a phone', async () => {
    for (const lang of ['vi', 'en'] as const) {
      const page = await signedIn(admin, '/settings/people', { lang });
      for (const section of ['people', 'keys', ...(lang === 'en' ? ['contacts', 'sla'] : [])]) {
        await page.goto(`${base}/settings/${section}`);
        await expect.poll(() => page.locator('.settings-body .card, .settings-body table').count()).toBeGreaterThan(0);
        if (lang === 'en') await expectAccessible(page);
        await screenshot(page, `settings-${section}-${lang}`);
      }
    }
    const phone = await signedIn(admin, '/settings/people', { viewport: { width: 360, height: 740 } });
    await expect.poll(() => phone.locator('.settings-body .card').count()).toBeGreaterThan(0);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await phone.goto(`${base}/settings/webhooks`);
    await expect.poll(() => phone.locator('.settings-body .card').count()).toBeGreaterThan(0);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  }, 240_000);
});

describe.skipIf(!available)('my sessions in Chromium', () => {
  const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

  it('lists the person’s sessions with this device marked, and ends another: its next request is signed out', async () => {
    const person = await makePerson(t, org, 'reviewer', { displayName: 'Hoàng Văn Hai' });
    // A second browser: a phone, signed in through the page too.
    const context = await portal.browser.newContext({ userAgent: IPHONE, viewport: { width: 390, height: 844 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    await context.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => route.abort());
    const phone = await context.newPage();
    await phone.goto(`${base}/sign-in`);
    await phone.locator('#email').fill(person.email);
    await phone.locator('#password').fill(person.password);
    await phone.keyboard.press('Enter');
    await phone.waitForURL(/\/account$/);

    const page = await signedIn(person, '/account');
    await page.getByRole('link', { name: 'Phiên đăng nhập của tôi' }).click();
    await page.waitForURL(/\/account\/sessions$/);
    await expect.poll(() => h1(page)).toBe('Phiên đăng nhập của tôi');
    // makePerson's own session (through the API: no browser), the phone, and this one.
    await expect.poll(() => page.locator('li.card').count()).toBe(3);
    const current = page.locator('li.card.current');
    await expect.poll(() => current.locator('.card-title').textContent()).toMatch(/^Chrome \d+ · LinuxThiết bị này$/);
    expect(await current.getByRole('button').count()).toBe(0);
    const other = page.locator('li.card', { has: page.locator('.card-title', { hasText: 'Safari 17 · iOS' }) });
    expect(await other.locator('dd').first().textContent()).toBe('127.0.0.0/24');
    await expectAccessible(page);
    await screenshot(page, 'sessions-vi');

    // From the keyboard: to the phone's button, and Enter.
    await other.getByRole('button', { name: 'Kết thúc phiên trên Safari 17 · iOS' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.said').first().textContent()).toBe('Đã kết thúc phiên trên Safari 17 · iOS.');
    await expect.poll(() => page.locator('li.card').count()).toBe(2);

    // The phone's next request finds itself signed out.
    await phone.goto(`${base}/account`);
    await expect.poll(() => phone.getByRole('main').getByRole('link', { name: 'Đăng nhập' }).count()).toBe(1);
    await context.close();
    // This browser goes on.
    await page.reload();
    await expect.poll(() => page.locator('li.card.current').count()).toBe(1);

    const en = await signedIn(person, '/account/sessions', { lang: 'en' });
    await expect.poll(() => h1(en)).toBe('My sessions');
    await expect.poll(() => en.locator('li.card.current .tag').textContent()).toBe('This device');
    await expectAccessible(en);
    await screenshot(en, 'sessions-en');
  }, 180_000);
});
