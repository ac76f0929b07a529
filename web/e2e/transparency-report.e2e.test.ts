import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vietnamDate } from '../../src/core/transparency-report.ts';
import { makeOnDemandReport } from '../../src/services/transparency-report.service.ts';
import type { TestApp } from '../../test/app.ts';
import { call, freshUrl, makeOrg, noticeInput, sorInput, type TestOrg } from '../../test/factories.ts';
import { available, expectAccessible, screenshot, startPortal, type Portal } from './harness.ts';

/** A transparency report in Chromium: found from the navigation, its figures, charts, CSV and record, in both languages. */
let portal: Portal;
let t: TestApp;
let reportId: string;

async function notice(org: TestOrg, url: string): Promise<string> {
  const res = await call(t.app, 'POST', '/api/v1/notices', { org, body: noticeInput({ items: [{ url }] }) });
  expect(res.status, res.body).toBe(201);
  return res.json.cases[0].id;
}

beforeAll(async () => {
  if (!available) return;
  portal = await startPortal();
  ({ t } = portal);
  const cuc = await makeOrg(t.ctx, 'authority', { name: 'Cục An toàn thông tin' });
  const flagger = await makeOrg(t.ctx, 'trusted_flagger', { name: 'Trung tâm Giám sát' });
  const reporter = await makeOrg(t.ctx, 'public_reporter', { name: 'Nguyễn Văn Bình' });
  const facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  const removed = await notice(cuc, freshUrl('facebook'));
  await notice(cuc, freshUrl('youtube'));
  const flagged = await notice(flagger, freshUrl('facebook'));
  await notice(reporter, freshUrl('web'));
  t.advance(3 * 3_600_000);
  expect((await call(t.app, 'POST', `/api/v1/cases/${removed}/decisions`, { org: facebook, body: sorInput() })).status).toBe(201);
  const noAction = await call(t.app, 'POST', `/api/v1/cases/${flagged}/no-action`, { org: facebook, body: { decision_facts: 'Nội dung không vi phạm pháp luật hay chính sách.' } });
  expect(noAction.status, noAction.body).toBe(201);
  // Today, in Hanoi: the operator's report on one day.
  const today = vietnamDate(t.ctx.now());
  const tomorrow = vietnamDate(new Date(t.ctx.now().getTime() + 86_400_000));
  reportId = (await makeOnDemandReport(t.ctx, { from: today, to: tomorrow }, { deployment: 'https://minhbach.example.vn' })).id;
  await t.integrate();
}, 120_000);

afterAll(async () => {
  await portal?.close();
});

/** The report's page, once every chart is drawn. */
async function charted(page: Page): Promise<void> {
  await expect.poll(() => page.locator('section.chart-section').count()).toBe(6);
  await expect.poll(() => page.locator('.chart:not(:has(svg))').count()).toBe(0);
}

describe.skipIf(!available)('transparency reports in Chromium', () => {
  it('are found from the navigation, with their figures, charts, CSV and logged record (Vietnamese)', async () => {
    const page = await portal.open('/');
    await page.getByRole('navigation').getByRole('link', { name: 'Báo cáo minh bạch' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Báo cáo minh bạch');
    const link = page.getByRole('table').getByRole('link');
    await expect.poll(() => link.count()).toBe(1);
    await link.click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Báo cáo minh bạch: Từ /);
    await charted(page);

    // The overview: four requests, one of them the public's, named nowhere.
    const overview = page.locator('dl.summary-list').nth(1);
    await expect.poll(() => overview.locator('div', { hasText: 'Yêu cầu' }).locator('dd').first().textContent()).toBe('4');
    expect(await page.locator('main').textContent()).not.toContain('Nguyễn Văn Bình');
    const requesters = page.locator('section.chart-section#requester');
    await requesters.locator('summary').click();
    const rows = await requesters.locator('tbody th').allTextContents();
    expect(rows).toEqual(expect.arrayContaining(['Cục An toàn thông tin (Cơ quan có thẩm quyền)', 'Phản ánh của người dân']));

    // The CSV is the server's, read from the logged record.
    const href = await page.getByRole('link', { name: 'Tải tệp CSV của báo cáo' }).getAttribute('href');
    expect(href).toBe(`/api/v1/public/transparency-reports/${reportId}/csv`);
    // Bytes, not text(): a text decoder drops the byte order mark spreadsheets need.
    const bytes = await page.evaluate(async (u) => [...new Uint8Array(await (await fetch(u)).arrayBuffer())], href!);
    expect(bytes.slice(0, 3)).toEqual([0xef, 0xbb, 0xbf]);
    const csv = Buffer.from(bytes).toString('utf8');
    expect(csv).toMatch(/^\uFEFFdimension,key,/);
    expect(csv).toContain('\r\ntotal,all,,,4,4,4,');

    const record = page.getByRole('link', { name: /Bản ghi công khai của báo cáo/ });
    expect(await record.getAttribute('href')).toMatch(/^\/records\//);
    await expectAccessible(page);
    await screenshot(page, 'transparency-report-vi');

    // The logged record leads back to the report it archives.
    await record.click();
    const back = page.getByRole('link', { name: 'Xem báo cáo minh bạch' });
    await expect.poll(() => back.count()).toBe(1);
    expect(await back.getAttribute('href')).toBe(`/transparency-reports/${reportId}`);
  });

  it('reads the same in English', async () => {
    const page = await portal.open(`/transparency-reports/${reportId}`, { lang: 'en' });
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Transparency report: /);
    await charted(page);
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual(
      expect.arrayContaining(['Overview', 'By requester', 'By category', 'By platform', 'By outcome', 'Appeals']),
    );
    await expect.poll(() => page.getByRole('link', { name: 'Download the report as CSV' }).count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'transparency-report-en');
  });
});
