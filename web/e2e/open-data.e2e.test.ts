import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app.ts';
import { call, freshUrl, makeOrg, noticeInput } from '../../test/factories.ts';
import { makeDailyDump, type PublicDump } from '../../src/services/dump.service.ts';
import { available, expectAccessible, screenshot, startPortal, type Portal } from './harness.ts';

/** An open data dump's logged record in Chromium: its files, downloadable, with the bytes the record's SHA-256 names. */
let portal: Portal;
let t: TestApp;
let dump: PublicDump;
const dumpsDir = mkdtempSync(path.join(tmpdir(), 'minhbach-dumps-e2e-'));

beforeAll(async () => {
  if (!available) return;
  portal = await startPortal({ dumpsDir });
  ({ t } = portal);
  const authority = await makeOrg(t.ctx, 'authority', { name: 'Cục An toàn thông tin' });
  for (let i = 0; i < 3; i++) {
    const filed = await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: noticeInput({ items: [{ url: freshUrl() }] }) });
    expect(filed.status, filed.body).toBe(201);
  }
  await t.integrate();
  const made = await makeDailyDump(t.ctx, { dir: dumpsDir });
  expect(made.made).toBe(true);
  dump = made.dump!;
  await t.integrate();
}, 120_000);

afterAll(async () => {
  await portal?.close();
  rmSync(dumpsDir, { recursive: true, force: true });
});

describe.skipIf(!available)('open data dumps in Chromium', () => {
  it("a dump's record offers its three files, each the bytes its logged SHA-256 names, in both languages", async () => {
    const page = await portal.open(`/records/${dump.public_record_id}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Bản sao dữ liệu mở');
    const files = page.getByRole('region', { name: 'Tải bản sao dữ liệu mở' }).getByRole('link');
    await expect.poll(() => files.count()).toBe(3);
    for (const f of dump.files) {
      const link = page.getByRole('link', { name: f.name });
      const body = await page.request.get(new URL((await link.getAttribute('href'))!, portal.base).toString());
      expect(body.status()).toBe(200);
      expect(
        createHash('sha256')
          .update(await body.body())
          .digest('hex'),
      ).toBe(f.sha256);
    }
    await expectAccessible(page);
    await screenshot(page, 'open-data-dump-vi');

    const en = await portal.open(`/records/${dump.public_record_id}`, { lang: 'en' });
    await expect.poll(() => en.getByRole('heading', { level: 2, name: 'Download the open data dump' }).count()).toBe(1);
    await expectAccessible(en);
    await screenshot(en, 'open-data-dump-en');
  });
});
