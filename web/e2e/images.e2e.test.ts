import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app.ts';
import { diskImageStore } from '../../src/images/image-store-disk.ts';
import { closeImageHashing } from '../../src/images/image-hash.ts';
import { linkPendingImages } from '../../src/services/image-linker.service.ts';
import { discoverShortLinkCases } from '../../src/repositories/short-link.repository.ts';
import { testImage } from '../../test/images.ts';
import { call, freshUrl, makeOrg, makePerson, type TestOrg, type TestPerson } from '../../test/factories.ts';
import { available, expectAccessible, screenshot, startPortal, type Portal } from './harness.ts';

/**
 * Images on notices in real Chromium: attached on the form (chosen, pasted), checked before
 * sending, refused by the server at the right thumbnail, and shown on the case page to those who
 * may see the case, from the images API with the session cookie; never to anyone else.
 */
let portal: Portal;
let t: TestApp;
let base: string;
let authority: TestOrg;
let platform: TestOrg;
let reviewer: TestPerson;
let platformReviewer: TestPerson;
let png: Buffer;
const imagesDir = mkdtempSync(path.join(tmpdir(), 'minhbach-e2e-images-'));
let jpeg: Buffer;

const UUID = /\/notices\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

beforeAll(async () => {
  if (!available) return;
  portal = await startPortal({ imageStore: diskImageStore(imagesDir) });
  ({ t, base } = portal);
  authority = await makeOrg(t.ctx, 'authority', { name: 'Cục An toàn thông tin' });
  platform = await makeOrg(t.ctx, 'platform', { platform: 'facebook', name: 'Meta Việt Nam' });
  reviewer = await makePerson(t, authority, 'reviewer', { displayName: 'Lê Thị Ảnh' });
  platformReviewer = await makePerson(t, platform, 'reviewer', { displayName: 'Nguyễn Văn Duyệt' });
  // Small pictures made here (96 × 64), detailed enough for PDQ to trust their hashes.
  png = await testImage('png', 1);
  jpeg = await testImage('jpeg', 4);
}, 120_000);

afterAll(async () => {
  await portal?.close();
  await closeImageHashing();
  rmSync(imagesDir, { recursive: true, force: true });
});

async function signedIn(path: string, person: TestPerson, lang?: 'vi' | 'en'): Promise<Page> {
  const page = await portal.open('/sign-in', { lang });
  await page.locator('#email').fill(person.email);
  await page.locator('#password').fill(person.password);
  await page.locator('#password').press('Enter');
  await page.waitForURL(/\/account$/);
  await page.goto(base + path);
  await expect.poll(() => page.getByRole('heading', { level: 1 }).count()).toBe(1);
  return page;
}

async function fillRequired(page: Page, url: string, explanation: string): Promise<void> {
  await page.locator('#items-0-url').fill(url);
  await page.locator('#category').selectOption('STATEMENT_CATEGORY_SCAMS_AND_FRAUD');
  await page.locator('#explanation').fill(explanation);
  await page.locator('#legal_basis-instrument').fill('Nghị định 147/2024/NĐ-CP');
}

/** Pastes a file into an element as a screenshot pasted from the clipboard would arrive. */
async function paste(page: Page, selector: string, name: string, type: string, bytes: Buffer): Promise<void> {
  await page.locator(selector).evaluate(
    (el, file) => {
      const data = new DataTransfer();
      data.items.add(new File([Uint8Array.from(atob(file.b64), (c) => c.charCodeAt(0))], file.name, { type: file.type }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    { name, type, b64: bytes.toString('base64') },
  );
}

describe.skipIf(!available)('short links on the case page', { timeout: 120_000 }, () => {
  it('says a share link is being resolved, then why it could not be', async () => {
    const short = `https://fb.watch/e2e${Date.now().toString(36)}`;
    const filed = await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: { ...noticeBody(), items: [{ url: short }] } });
    expect(filed.status, filed.body).toBe(201);
    const caseId = filed.json.cases[0].id as string;
    const page = await signedIn(`/cases/${caseId}`, platformReviewer);
    const section = page.getByRole('region', { name: 'Đường dẫn rút gọn' });
    await expect.poll(() => section.textContent()).toContain(`${short} · đang xác định nội dung đường dẫn trỏ tới`);
    await expectAccessible(page);

    // The resolver gave up: the platform wanted a login. The reviewer is told to open it themselves.
    await discoverShortLinkCases(t.ctx.db, new Date(), 100);
    await t.ctx.db.query(`UPDATE short_links SET status = 'unresolvable', reason = 'login_wall', resolved_at = now() WHERE case_id = $1`, [caseId]);
    await page.reload();
    await expect.poll(() => section.textContent()).toContain('không xác định được, hãy tự mở đường dẫn · nền tảng yêu cầu đăng nhập');
  });
});

/** A notice's required fields, for filing one through the API. */
function noticeBody() {
  return { category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', explanation: `Cùng ảnh, đường dẫn khác (${Date.now()})`, legal_basis: { instrument: 'Nghị định 147/2024/NĐ-CP' } };
}

const summaryLinks = (page: Page) => page.locator('.error-summary').getByRole('link').allTextContents();

describe.skipIf(!available)('images on notices in Chromium', { timeout: 180_000 }, () => {
  it('refuses a file that is not an image, or too large, before sending, in the error summary and by the input', async () => {
    const page = await signedIn('/notices/new', reviewer);
    await expect.poll(() => page.getByLabel('Ảnh chụp nội dung (không bắt buộc)').count()).toBe(1);
    await page.locator('#items-0-images').setInputFiles({ name: 'bang-chung.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n…') });
    await expect.poll(() => summaryLinks(page)).toEqual(['Nội dung 1: tệp bang-chung.pdf không phải ảnh JPEG, PNG hoặc WebP']);
    expect(await page.locator('#items-0-images-error').textContent()).toContain('bang-chung.pdf');
    expect(await page.locator('#items-0-images').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);
    // The summary's link takes the keyboard to the file input.
    await page.locator('.error-summary').getByRole('link').press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('items-0-images');

    // A PNG by its first bytes, but past the limit; a PNG named .jpg is fine (it is sent as what it is).
    const huge = Buffer.alloc(10 * 1024 * 1024 + 1);
    png.copy(huge);
    await page.locator('#items-0-images').setInputFiles([
      { name: 'qua-lon.png', mimeType: 'image/png', buffer: huge },
      { name: 'ten-sai.jpg', mimeType: 'image/jpeg', buffer: png },
    ]);
    await expect.poll(() => summaryLinks(page)).toEqual(['Nội dung 1: ảnh qua-lon.png lớn hơn 10 MB']);
    await expect.poll(() => page.getByRole('list', { name: 'Ảnh đã đính kèm của nội dung 1' }).getByRole('img').count()).toBe(1);
    expect(await page.getByRole('img', { name: 'Ảnh 1: ten sai' }).count()).toBe(1);
    expect(await page.locator('#items-0-images-count').textContent()).toBe('Đã đính kèm 1 / 4 ảnh.');

    // At most four: the fifth is refused by name.
    await page.locator('#items-0-images').setInputFiles([1, 2, 3, 4].map((n) => ({ name: `anh-${n}.png`, mimeType: 'image/png', buffer: png })));
    await expect.poll(() => summaryLinks(page)).toEqual(['Nội dung 1: chỉ đính kèm được tối đa 4 ảnh, ảnh anh-4.png chưa được thêm']);
    expect(await page.locator('#items-0-images-count').textContent()).toBe('Đã đủ 4 ảnh. Xóa một ảnh để thêm ảnh khác.');
    await expectAccessible(page);
  });

  it('files a notice with a chosen and a pasted image, and shows both on the case page to the submitter and the platform only', async () => {
    const page = await signedIn('/notices/new', reviewer);
    const url = freshUrl('facebook');
    const explanation = `Ảnh chụp trang giả mạo (${Date.now()})`;
    await fillRequired(page, url, explanation);
    await page.locator('#items-0-images').setInputFiles({ name: 'trang-gia-mao.png', mimeType: 'image/png', buffer: png });
    // A screenshot pasted into the item's text field is attached, not typed.
    await paste(page, '#items-0-text', 'image.jpg', 'image/jpeg', jpeg);
    const thumbs = page.getByRole('list', { name: 'Ảnh đã đính kèm của nội dung 1' });
    await expect.poll(() => thumbs.getByRole('img').count()).toBe(2);
    expect(await thumbs.getByRole('img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt')))).toEqual(['Ảnh 1: trang gia mao', 'Ảnh 2 đã đính kèm']);
    // Shown from their data URLs (the app's CSP allows data: images, not blob:).
    await expect.poll(() => thumbs.getByRole('img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth))).toEqual([96, 96]);
    expect(await page.locator('#items-0-text').inputValue()).toBe('');
    // Removing one by keyboard: its button, then focus stays in the list.
    await page.getByRole('button', { name: 'Xóa ảnh image.jpg' }).press('Enter');
    await expect.poll(() => thumbs.getByRole('img').count()).toBe(1);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Xóa ảnh');
    await paste(page, '#items-0-url', 'image.jpg', 'image/jpeg', jpeg);
    await expect.poll(() => thumbs.getByRole('img').count()).toBe(2);
    expect(await page.locator('#items-0-url').inputValue()).toBe(url);
    await expectAccessible(page);
    await screenshot(page, 'notice-images-vi');

    await page.getByRole('button', { name: 'Gửi thông báo' }).click();
    await page.waitForURL(UUID, { timeout: 30_000 });
    // The notice as filed shows its images (the organization's own page, never a public one).
    await expect.poll(() => page.getByRole('list', { name: 'Ảnh của nội dung 1 (2 ảnh)' }).getByRole('img').count()).toBe(2);
    const notice = (await call(t.app, 'GET', `/api/v1/notices/${page.url().split('/notices/')[1]}`, { org: authority })).json;
    const images = notice.items[0].images as { sha256: string; mime: string; width: number; height: number; url: string }[];
    expect(images.map((i) => [i.mime, i.width, i.height])).toEqual([
      ['image/png', 96, 64],
      ['image/jpeg', 96, 64],
    ]);
    const caseId = notice.items[0].case_id as string;

    // The submitter's case page: both thumbnails, loaded from the API with the session cookie.
    const own = await signedIn(`/cases/${caseId}`, reviewer);
    await checkCaseImages(own, images);
    await expectAccessible(own);

    // The same picture under another URL: a suggested duplicate found by image (one submitter
    // cannot merge cases by itself). And the picture's PDQ hash on a list the platform imported.
    const again = await call(t.app, 'POST', '/api/v1/notices', {
      org: authority,
      body: { ...noticeBody(), items: [{ url: freshUrl('facebook'), images: [{ data_url: `data:image/png;base64,${png.toString('base64')}` }] }] },
    });
    expect(again.status, again.body).toBe(201);
    await linkPendingImages(t.ctx);
    const [stored] = await t.ctx.db.query<{ pdq: string }>('SELECT pdq FROM images WHERE sha256 = $1', [images[0]!.sha256]);
    const pdq = stored!.pdq;
    const list = await call(t.app, 'POST', '/api/v1/hash-lists', { org: platform, body: { name: 'GIFCT thử nghiệm', content: `${pdq} POSITIVE_CLASS scam,phishing\n` } });
    expect(list.status, list.body).toBe(201);

    // The platform's reviewer sees the images too, in English, with the hash-list hit and the duplicate's basis.
    const platformPage = await signedIn(`/cases/${caseId}`, platformReviewer, 'en');
    const thumbs2 = platformPage.getByRole('list', { name: 'Images of content item 1 (2 images)' });
    await expect.poll(() => thumbs2.getByRole('img').count()).toBe(2);
    expect(await thumbs2.getByRole('link').first().getAttribute('href')).toBe(images[0]!.url);
    const hits = platformPage.getByRole('region', { name: 'Images on a hash list (1)' });
    await expect.poll(() => hits.textContent()).toContain('GIFCT thử nghiệm · labels: scam, phishing · exact match');
    await expect.poll(() => platformPage.locator('.match-basis').allTextContents()).toEqual([' · found by image (0 of 256 PDQ bits differ)']);
    await expectAccessible(platformPage);
    await screenshot(platformPage, 'case-images-en');

    // Anyone else: no image. Signed out, or of another organization.
    const anonymous = await portal.open('/');
    const status = await anonymous.evaluate(async (u) => (await fetch(u)).status, images[0]!.url);
    expect(status).toBe(401);
    const stranger = await makeOrg(t.ctx, 'trusted_flagger', { name: 'Tổ chức khác' });
    expect((await call(t.app, 'GET', images[0]!.url, { org: stranger })).status).toBe(404);
    const publicRecords = await anonymous.evaluate(async () => (await fetch('/api/v1/public/records')).text());
    expect(publicRecords).not.toContain(images[0]!.sha256);
  });

  it('names the image the server refused at its thumbnail: a PNG that does not decode', async () => {
    const page = await signedIn('/notices/new', reviewer);
    await fillRequired(page, freshUrl('facebook'), `Ảnh hỏng (${Date.now()})`);
    const broken = Buffer.concat([png.subarray(0, 16), Buffer.alloc(200, 7)]);
    await page.locator('#items-0-images').setInputFiles([
      { name: 'tot.png', mimeType: 'image/png', buffer: png },
      { name: 'hong.png', mimeType: 'image/png', buffer: broken },
    ]);
    await expect.poll(() => page.getByRole('list', { name: 'Ảnh đã đính kèm của nội dung 1' }).getByRole('img').count()).toBe(2);
    await page.getByRole('button', { name: 'Gửi thông báo' }).click();
    await expect.poll(() => summaryLinks(page)).toEqual([expect.stringMatching(/^Ảnh 2 của nội dung 1: /)]);
    expect(await page.locator('#items-0-images-1-error').count()).toBe(1);
    await page.locator('.error-summary').getByRole('link').press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('items-0-images-1');
    await expectAccessible(page);
    // Removed, the notice goes with the good one.
    await page.getByRole('button', { name: 'Xóa ảnh hong.png' }).click();
    await page.getByRole('button', { name: 'Gửi thông báo' }).click();
    await page.waitForURL(UUID, { timeout: 30_000 });
  });
});

/** The case page's thumbnails: one per image, in order, each loaded (the cookie went with it) and linking to the full image. */
async function checkCaseImages(page: Page, images: { url: string }[]): Promise<void> {
  const list = page.getByRole('list', { name: /^Ảnh của nội dung 1/ });
  await expect.poll(() => list.getByRole('img').count()).toBe(images.length);
  expect(await list.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(images.map((i) => i.url));
  await list.scrollIntoViewIfNeeded();
  await expect
    .poll(() => list.getByRole('img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth)))
    .toEqual(images.map(() => 96));
  await screenshot(page, 'case-images-vi');
}
