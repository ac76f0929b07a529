import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app.ts';
import { call, freshUrl, makeOrg, noticeInput, sorInput } from '../../test/factories.ts';
import { available, expectAccessible, screenshot, startPortal, type Portal } from './harness.ts';

/** Corrections in Chromium: a superseded record says so and links the current version, which says what changed and why. */
let portal: Portal;
let t: TestApp;
let original: string;
let correction: string;

beforeAll(async () => {
  if (!available) return;
  portal = await startPortal();
  ({ t } = portal);
  const authority = await makeOrg(t.ctx, 'authority', { name: 'Cục An toàn thông tin' });
  const facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  const filed = await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: noticeInput({ items: [{ url: freshUrl() }] }) });
  expect(filed.status, filed.body).toBe(201);
  const decided = await call(t.app, 'POST', `/api/v1/cases/${filed.json.cases[0].id}/decisions`, { org: facebook, body: sorInput() });
  expect(decided.status, decided.body).toBe(201);
  original = decided.json.public_record_id;
  const corrected = await call(t.app, 'POST', `/api/v1/public-records/${original}/corrections`, {
    org: facebook,
    body: { changes: { automated_detection: 'Yes' }, reason: 'Hệ thống xuất dữ liệu của chúng tôi đã đảo ngược cờ phát hiện tự động.' },
  });
  expect(corrected.status, corrected.body).toBe(201);
  correction = corrected.json.id;
  await t.integrate();
}, 120_000);

afterAll(async () => {
  await portal?.close();
});

describe.skipIf(!available)('corrections in Chromium', () => {
  it('a corrected record says so and links the current version, which shows what changed and why', async () => {
    const vi = await portal.open(`/records/${original}`);
    await expect.poll(() => vi.getByRole('heading', { level: 2, name: 'Bản ghi này đã được đính chính' }).isVisible()).toBe(true);
    await vi.getByRole('link', { name: 'Xem phiên bản hiện hành' }).click();
    await expect.poll(() => vi.getByRole('heading', { level: 2, name: 'Nội dung đính chính' }).isVisible()).toBe(true);
    await expect.poll(() => vi.locator('.correction').getByRole('row', { name: 'automated_detection No Yes' }).isVisible()).toBe(true);
    expect(await vi.locator('.correction').textContent()).toContain('đảo ngược cờ phát hiện tự động');
    await expect.poll(() => vi.getByRole('heading', { level: 2, name: 'Lịch sử các phiên bản' }).isVisible()).toBe(true);
    await expectAccessible(vi);
    await screenshot(vi, 'correction-vi');
    await vi.close();

    const en = await portal.open(`/records/${correction}`, { lang: 'en' });
    await expect.poll(() => en.getByRole('heading', { level: 2, name: 'What was corrected' }).isVisible()).toBe(true);
    await expect.poll(() => en.getByRole('link', { name: /Version 1/ }).isVisible()).toBe(true);
    await expectAccessible(en);
    await screenshot(en, 'correction-en');
    await en.getByRole('link', { name: /Version 1/ }).click();
    await expect.poll(() => en.getByRole('heading', { level: 2, name: 'This record was corrected' }).isVisible()).toBe(true);
    await en.close();
  });
});
