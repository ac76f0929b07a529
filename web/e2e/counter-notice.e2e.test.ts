import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decidedCase, UPLOADER } from '../../test/counter-notice.ts';
import { makeOrg } from '../../test/factories.ts';
import { available, expectAccessible, startPortal, type Portal } from './harness.ts';

/** The uploader's counter-notice on the statement page, keyboard only, in real Chromium (harness.ts). */
let portal: Portal;
let token: string;

beforeAll(async () => {
  if (!available) return;
  portal = await startPortal();
  const facebook = await makeOrg(portal.t.ctx, 'platform', { platform: 'facebook' });
  const studio = await makeOrg(portal.t.ctx, 'rights_holder', { name: 'Hãng phim Sao Mai' });
  token = (await decidedCase(portal.t, facebook, [studio])).token;
}, 120_000);

afterAll(async () => {
  await portal?.close();
});

const h3s = (page: Page) => page.getByRole('heading', { level: 3 }).allTextContents();

/** Presses Tab until the focused element matches `selector`: how a keyboard user gets there. */
async function tabTo(page: Page, selector: string, max = 150): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe.skipIf(!available)('a counter-notice in Chromium', () => {
  it('is refused with every problem named, then filed by the keyboard, and shows its waiting period in both languages', async () => {
    const page = await portal.open(`/statements/${token}`);
    await expect.poll(() => h3s(page)).toContain('Gửi thông báo phản đối');

    // Sent empty: the error summary takes focus and names the four fields.
    await tabTo(page, '#cn-submit');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary') ?? false)).toBe(true);
    expect(await page.locator('.error-summary li').count()).toBe(4);
    await expectAccessible(page);

    await tabTo(page, '#cn-statement');
    await page.keyboard.type(UPLOADER.statement);
    await tabTo(page, '#cn-name');
    await page.keyboard.type(UPLOADER.contact_name);
    await tabTo(page, '#cn-email');
    await page.keyboard.type(UPLOADER.contact_email);
    await tabTo(page, '#cn-consent');
    await page.keyboard.press('Space');
    await tabTo(page, '#cn-submit');
    await page.keyboard.press('Enter');

    await expect.poll(() => h3s(page)).toContain('Thông báo phản đối của bạn');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('counter-notice-h');
    const vi = (await page.locator('.counter-notice').textContent())!;
    expect(vi).toContain('đã được chuyển cho chủ sở hữu quyền');
    // What was typed is never shown back.
    for (const s of [UPLOADER.contact_name, UPLOADER.contact_email]) expect(vi).not.toContain(s);
    await expectAccessible(page);

    await tabTo(page, 'button.language');
    await page.keyboard.press('Enter');
    await expect.poll(() => h3s(page)).toContain('Your counter-notice');
    expect(await page.locator('.counter-notice').textContent()).toContain('forwarded to the rights holder');
    await expectAccessible(page);
  });
});
