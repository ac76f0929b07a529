import { existsSync, readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app.ts';
import { slaRules } from '../../src/services/sla-policy.service.ts';
import { call, freshUrl, makeOrg, noticeInput, sorInput, type TestOrg } from '../../test/factories.ts';
import { available, expectAccessible, screenshot, startPortal, type Portal } from './harness.ts';

/** The statistics page in Chromium: its per-platform table, and each chart's table and CSV file against the API. */
const HOUR = 3_600_000;
let portal: Portal;
let t: TestApp;

async function notice(org: TestOrg, platform: 'facebook' | 'youtube'): Promise<string> {
  const res = await call(t.app, 'POST', '/api/v1/notices', { org, body: noticeInput({ items: [{ url: freshUrl(platform) }] }) });
  expect(res.status, res.body).toBe(201);
  return res.json.cases[0].id;
}

async function answer(platform: TestOrg, id: string, how: 'no-action' | Record<string, unknown>) {
  const res =
    how === 'no-action'
      ? await call(t.app, 'POST', `/api/v1/cases/${id}/no-action`, { org: platform, body: { decision_facts: 'Nội dung không vi phạm pháp luật hay chính sách của nền tảng.' } })
      : await call(t.app, 'POST', `/api/v1/cases/${id}/decisions`, { org: platform, body: sorInput(how) });
  expect(res.status, res.body).toBe(201);
}

beforeAll(async () => {
  if (!available) return;
  portal = await startPortal();
  ({ t } = portal);
  const cuc = await makeOrg(t.ctx, 'authority', { name: 'Cục An toàn thông tin' });
  const so = await makeOrg(t.ctx, 'authority', { name: 'Sở Thông tin và Truyền thông Hà Nội' });
  const flagger = await makeOrg(t.ctx, 'trusted_flagger', { name: 'Nhóm kiểm chứng Sự Thật' });
  const facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  const youtube = await makeOrg(t.ctx, 'platform', { platform: 'youtube' });

  // Hour 0: three requests from the Cục, two from the Sở, one flagger notice.
  const fb1 = await notice(cuc, 'facebook');
  const fb2 = await notice(cuc, 'facebook');
  const yt1 = await notice(cuc, 'youtube');
  const yt2 = await notice(so, 'youtube');
  await notice(so, 'facebook'); // never answered: overdue once its 24 h have passed
  const yt3 = await notice(flagger, 'youtube');
  t.advance(5 * HOUR);
  await answer(facebook, fb1, {}); // content removed
  await answer(youtube, yt1, 'no-action');
  await answer(youtube, yt2, { decision_visibility: ['DECISION_VISIBILITY_CONTENT_DISABLED'] });
  t.advance(25 * HOUR);
  await answer(facebook, fb2, { decision_visibility: ['DECISION_VISIBILITY_CONTENT_LABELLED'] }); // 30 h: late
  await answer(youtube, yt3, {});
  // The appeal reads the SLA policies through a cache that must be warm on PGlite (case.service.ts).
  await slaRules(t.ctx);
  const appealed = await call(t.app, 'POST', `/api/v1/cases/${yt1}/actions`, { org: youtube, body: { action: 'appeal' } });
  expect(appealed.status, appealed.body).toBe(200);
  t.advance(2 * HOUR);
  // An appeal is decided by someone who took no part in the decision appealed: another key.
  await answer(await makeOrg(t.ctx, 'platform', { platform: 'youtube' }), yt1, {}); // no action reversed into a removal
}, 120_000);

afterAll(async () => {
  await portal?.close();
});

/** The page, once its figures and every chart are drawn. */
async function openStats(lang?: 'en', viewport?: { width: number; height: number }): Promise<Page> {
  const page = await portal.open('/stats', { ...(lang ? { lang } : {}), ...(viewport ? { viewport } : {}) });
  await expect.poll(() => page.locator('section.chart-section').count()).toBe(5);
  await expect.poll(() => page.locator('.chart:not(:has(svg))').count()).toBe(0);
  return page;
}

const section = (page: Page, heading: string): Locator => page.locator('section.chart-section', { has: page.getByRole('heading', { level: 2, name: heading, exact: true }) });

/** Opens a chart's data table and reads it: each row's cells, row header first. */
async function tableOf(s: Locator): Promise<string[][]> {
  await s.locator('summary').click();
  const table = s.getByRole('table');
  await expect.poll(() => table.isVisible()).toBe(true);
  return table.locator('tbody tr, tfoot tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent ?? '')));
}

/** A number as the page writes it in Vietnamese (Intl in the browser, not a copy of the page's code). */
const percentVi = (page: Page, share: number) => page.evaluate((s) => new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 }).format(s), share);
const hoursVi = (page: Page, h: number) => page.evaluate((v) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(v), h);

describe.skipIf(!available)('the statistics page in Chromium', () => {
  it('shows each platform’s figures as the API counts them', async () => {
    const stats = (await call(t.app, 'GET', '/api/v1/public/stats')).json;
    const facebook = stats.platforms.find((p: { platform: string }) => p.platform === 'facebook');
    const page = await openStats();
    // The charts drew within the content security policy: no inline style refused. (The layout's
    // "who is signed in" answers 401 to a visitor, which the console reports too: not counted.)
    const refused: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
    });
    await page.reload();
    await expect.poll(() => page.locator('.chart svg').count()).toBeGreaterThanOrEqual(5);
    expect(refused).toEqual([]);
    const row = page.getByRole('region', { name: 'Hồ sơ và thời hạn xử lý theo nền tảng' }).getByRole('row', { name: /^Facebook/ });
    await expect.poll(() => row.count()).toBe(1);
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells[0]).toBe('Có');
    expect(cells[1]).toBe(String(facebook.cases));
    expect(cells[2]).toBe(String(facebook.deadlines.answered));
    await expectAccessible(page);
  });

  it('shows the right totals in every chart’s data table, the same as the API', async () => {
    const c = (await call(t.app, 'GET', '/api/v1/public/stats/charts')).json;
    // What was seeded, as the API counts it: the page must show exactly these.
    expect(c.requests_by_authority.total).toBe(5);
    expect(c.decisions_by_outcome.by_outcome).toEqual({ content_removed: 3, content_disabled: 1, other_content_restriction: 1, account_or_service_only: 0, no_action: 1 });
    expect(c.overdue.total).toMatchObject({ with_deadline: 6, answered_late: 1, open_overdue: 1 });
    expect(c.appeals.total).toMatchObject({ appeals: 1, decided_on_appeal: 1, reversed: 1 });

    const [cuc, so] = c.requests_by_authority.authorities;
    expect([cuc.name, cuc.total, so.name, so.total]).toEqual(['Cục An toàn thông tin', 3, 'Sở Thông tin và Truyền thông Hà Nội', 2]);

    const page = await openStats();
    // One column per month, then the total. (The seed's 32 hours may straddle two months.)
    expect(await tableOf(section(page, 'Yêu cầu của cơ quan có thẩm quyền theo cơ quan và tháng'))).toEqual([
      ['Cục An toàn thông tin', ...cuc.by_month.map(String), '3'],
      ['Sở Thông tin và Truyền thông Hà Nội', ...so.by_month.map(String), '2'],
      ['Tổng', ...c.requests_by_authority.by_month.map(String), '5'],
    ]);

    expect(await tableOf(section(page, 'Quyết định theo kết quả và nền tảng'))).toEqual([
      ['Facebook', '1', '0', '1', '0', '0', '2'],
      ['YouTube', '2', '1', '0', '0', '1', '4'],
      ['Tổng', '3', '1', '1', '0', '1', '6'],
    ]);

    const time = await tableOf(section(page, 'Thời gian đến quyết định đối với yêu cầu của cơ quan có thẩm quyền'));
    const tt = c.time_to_decision.platforms;
    expect(time).toEqual([
      ['Facebook', '2', await hoursVi(page, tt[0].median_hours), await hoursVi(page, tt[0].p90_hours), '24'],
      ['YouTube', '2', await hoursVi(page, tt[1].median_hours), await hoursVi(page, tt[1].p90_hours), '24'],
    ]);

    expect(await tableOf(section(page, 'Tỷ lệ quá hạn'))).toEqual([
      ['Facebook', 'Có', '3', '1', '1', await percentVi(page, c.overdue.platforms[0].share)],
      ['YouTube', 'Có', '3', '0', '0', await percentVi(page, 0)],
      ['Tổng', '', '6', '1', '1', await percentVi(page, c.overdue.total.share)],
    ]);

    expect(await tableOf(section(page, 'Khiếu nại và quyết định bị đảo ngược'))).toEqual([
      // The last column: hours from the appeal to its answer (2 h here).
      ['YouTube', '1', '1', '1', '2'],
      ['Tổng', '1', '1', '1', '2'],
    ]);
    await expectAccessible(page);
  });

  it('downloads a chart’s figures as a CSV file Excel reads in Vietnamese', async () => {
    const page = await openStats();
    const link = section(page, 'Quyết định theo kết quả và nền tảng').getByRole('link', { name: /^Tải CSV/ });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('minhbach-quyet-dinh-theo-ket-qua-va-nen-tang.csv');
    const bytes = readFileSync((await download.path())!);
    // UTF-8 with a byte order mark, so Excel does not read it in a legacy code page.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      [
        'Nền tảng,Gỡ bỏ nội dung,Chặn truy cập nội dung,Hạn chế hiển thị khác,"Chỉ hạn chế tài khoản, kiếm tiền hoặc dịch vụ",Không xử lý (có nêu lý do),Tổng',
        'Facebook,1,0,1,0,0,2',
        'YouTube,2,1,0,0,1,4',
        'Tổng,3,1,1,0,1,6',
        '',
      ].join('\r\n'),
    );

    const { months, requests_by_authority: r } = (await call(t.app, 'GET', '/api/v1/public/stats/charts')).json;
    const link2 = section(page, 'Yêu cầu của cơ quan có thẩm quyền theo cơ quan và tháng').getByRole('link', { name: /^Tải CSV/ });
    const [requests] = await Promise.all([page.waitForEvent('download'), link2.click()]);
    const lines = readFileSync((await requests.path())!, 'utf8')
      .slice(1)
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(['Cơ quan có thẩm quyền', ...months, 'Tổng'].join(','));
    expect(lines.slice(1)).toEqual([
      ['Cục An toàn thông tin', ...r.authorities[0].by_month, 3].join(','),
      ['Sở Thông tin và Truyền thông Hà Nội', ...r.authorities[1].by_month, 2].join(','),
      ['Tổng', ...r.by_month, 5].join(','),
    ]);
  });

  it('shows each requester’s record as the API counts it, and downloads it as a CSV file', async () => {
    const r = (await call(t.app, 'GET', '/api/v1/public/stats/requesters')).json;
    // What was seeded: the Cục's three requests all acted on in the end (one after its own appeal),
    // in 5, 30 and 5 hours; the Sở's one answer of two; the flagger's one, in 30 hours.
    expect(r.requesters.map((x: any) => [x.kind, x.name, x.notices, x.decided_cases, x.acted_cases, x.median_hours, x.appeals_won_against])).toEqual([
      ['authority', 'Cục An toàn thông tin', 3, 3, 3, 5, 0],
      ['authority', 'Sở Thông tin và Truyền thông Hà Nội', 2, 1, 1, 5, 0],
      ['trusted_flagger', 'Nhóm kiểm chứng Sự Thật', 1, 1, 1, 30, 0],
    ]);
    const page = await openStats();
    const table = page.getByRole('region', { name: 'Kết quả thông báo theo bên gửi' }).getByRole('table');
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent ?? '')));
    const kinds: Record<string, string> = { authority: 'Cơ quan có thẩm quyền', trusted_flagger: 'Tổ chức báo cáo tin cậy' };
    const expected = [];
    for (const x of r.requesters) {
      const [median, p90, share] = [await hoursVi(page, x.median_hours), await hoursVi(page, x.p90_hours), await percentVi(page, x.acted_share)];
      expected.push([
        x.name,
        kinds[x.kind],
        ...[x.notices, x.cases, x.decided_cases, x.acted_cases].map(String),
        share,
        median,
        p90,
        String(x.appeals_against),
        String(x.appeals_won_against),
      ]);
    }
    expect(rows).toEqual(expected);
    const link = page.locator('section.requester-stats').getByRole('link', { name: /^Tải CSV/ });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const lines = readFileSync((await download.path())!, 'utf8')
      .slice(1)
      .trimEnd()
      .split('\r\n');
    expect(lines[1]).toBe(['Cục An toàn thông tin', 'Cơ quan có thẩm quyền', 3, 3, 3, 3, 1, 5, 25, 0, 0].join(','));
    expect(lines).toHaveLength(4);
    await expectAccessible(page);
  });

  it('switches to English', async () => {
    const page = await openStats();
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Statistics');
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Decisions by outcome and platform' }).count()).toBe(1);
    const decisions = section(page, 'Decisions by outcome and platform');
    expect(await tableOf(decisions)).toContainEqual(['Total', '3', '1', '1', '0', '1', '6']);
    expect(await decisions.getByRole('link', { name: /^Download CSV/ }).count()).toBe(1);
    await expectAccessible(page);
  });

  it('fits a phone without sideways scrolling', async () => {
    const phone = await openStats(undefined, { width: 360, height: 740 });
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(phone);
  });

  it('saves a screenshot of the page in both languages (docs/screenshots, shown in the README)', async () => {
    for (const lang of ['vi', 'en'] as const) {
      const page = await openStats(lang === 'en' ? 'en' : undefined);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(lang === 'vi' ? 'Thống kê' : 'Statistics');
      expect(existsSync(await screenshot(page, `stats-${lang}`))).toBe(true);
      await page.context().close();
    }
  });
});
