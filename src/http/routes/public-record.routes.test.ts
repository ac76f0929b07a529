import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshUrl, makeOrg, noticeInput, sorInput, type TestOrg } from '../../../test/factories.ts';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { STATS_TTL_MS } from '../../services/public-record.service.ts';

let t: TestApp;
let authority: TestOrg;
let flagger: TestOrg;
let holder: TestOrg;
let reporter: TestOrg;
let facebook: TestOrg;

beforeAll(async () => {
  t = await openTestApp();
  authority = await makeOrg(t.ctx, 'authority', { name: 'Cục An toàn thông tin' });
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
  holder = await makeOrg(t.ctx, 'rights_holder');
  reporter = await makeOrg(t.ctx, 'public_reporter', { name: 'Nguyễn Văn Bình' });
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
});
afterAll(() => t.close());

const records = (query = '') => call(t.app, 'GET', `/api/v1/public/records?limit=200${query}`);

describe('the public transparency database', () => {
  it('publishes an authority request with requester, legal basis, category, platform, dates and a truncated URL', async () => {
    const notice = await call(t.app, 'POST', '/api/v1/notices', {
      org: authority,
      body: noticeInput({ items: [{ url: 'https://www.facebook.com/nguyen.thi.hoa.1990/posts/987654321' }] }),
    });
    const res = await records('&type=authority_request');
    const rec = res.json.items.find((r: { notice_id: string }) => r.notice_id === notice.json.id);
    expect(rec).toMatchObject({
      type: 'authority_request',
      platform: 'facebook',
      category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
      requester: { kind: 'authority', name: 'Cục An toàn thông tin' },
      legal_basis: { instrument: 'Nghị định 147/2024/NĐ-CP', provision: 'Điều 24' },
      received_at: notice.json.received_at,
      due_at: notice.json.due_at,
    });
    expect(rec.items[0].url).toBe('facebook.com/…');
    expect(JSON.stringify(rec)).not.toContain('nguyen.thi.hoa');
    const one = await call(t.app, 'GET', `/api/v1/public/records/${rec.id}`);
    expect(one.status).toBe(200);
    expect(one.json).toEqual(rec);
  });

  it('publishes trusted flagger and rights holder notices, but never a public reporter or its words', async () => {
    const secret = `Tôi là Bình, nhà ở ngõ ${Date.now()}`;
    const byReporter = await call(t.app, 'POST', '/api/v1/notices', { org: reporter, body: noticeInput({ explanation: secret, legal_basis: undefined }) });
    const byFlagger = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ legal_basis: undefined }) });
    const byHolder = await call(t.app, 'POST', '/api/v1/notices', {
      org: holder,
      body: noticeInput({ category: 'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS', items: [{ url: freshUrl('youtube') }], legal_basis: undefined }),
    });
    const all = JSON.stringify((await records()).json);
    expect(all).toContain(byFlagger.json.id);
    expect(all).toContain(byHolder.json.id);
    expect(all).not.toContain(byReporter.json.id);
    expect(all).not.toContain(secret);
    expect(all).not.toContain('Nguyễn Văn Bình');
  });

  it('publishes every statement of reasons', async () => {
    const n = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ legal_basis: undefined }) });
    const d = await call(t.app, 'POST', `/api/v1/cases/${n.json.cases[0].id}/decisions`, { org: facebook, body: sorInput() });
    const rec = await call(t.app, 'GET', `/api/v1/public/records/${d.json.public_record_id}`);
    expect(rec.json).toMatchObject({
      type: 'statement_of_reasons',
      uuid: d.json.id,
      decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
      decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'],
      source_type: 'SOURCE_TRUSTED_FLAGGER',
      platform_name: facebook.actor.name,
      case_id: n.json.cases[0].id,
    });
  });

  it('never publishes an e-mail, phone number or ID number written in a public field', async () => {
    const pii = 'Liên hệ kẻ lừa đảo: lua.dao@gmail.com, 0912 345 678, +84 987 654 321, CCCD 001099012345.';
    await call(t.app, 'POST', '/api/v1/notices', {
      org: authority,
      body: noticeInput({ explanation: `Theo Nghị định 147/2024/NĐ-CP. ${pii}`, legal_basis: { instrument: 'Nghị định 147/2024/NĐ-CP', provision: 'gọi 0987654321' } }),
    });
    const n = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ legal_basis: undefined }) });
    await call(t.app, 'POST', `/api/v1/cases/${n.json.cases[0].id}/decisions`, { org: facebook, body: sorInput({ decision_facts: pii, illegal_content_explanation: pii }) });
    const all = JSON.stringify((await records()).json);
    for (const leaked of ['lua.dao@gmail.com', '0912 345 678', '987 654 321', '001099012345', '0987654321']) expect(all).not.toContain(leaked);
    expect(all).toContain('[email]');
    expect(all).toContain('147/2024/NĐ-CP');
  });

  it('finds records as Vietnamese people type: without marks, and a decree by its kind and number', async () => {
    const tag = `zq${Date.now()}`;
    const res = await call(t.app, 'POST', '/api/v1/notices', {
      org: authority,
      body: noticeInput({ explanation: `${tag} trang phát tán mã độc đánh cắp tài khoản`, legal_basis: { instrument: '147/2024/NĐ-CP', provision: 'Điều 24' } }),
    });
    expect(res.status, res.body).toBe(201);
    for (const q of [`${tag} ma doc`, `${tag} MÃ ĐỘC`, `${tag} Nghị định 147`, `${tag} nghi dinh 147`, `${tag} 147/2024/NĐ-CP`]) {
      expect((await records(`&q=${encodeURIComponent(q)}`)).json.items, q).toHaveLength(1);
    }
    expect((await records(`&q=${encodeURIComponent(`${tag} Nghị định 148`)}`)).json.items).toHaveLength(0);
    expect((await records(`&q=${encodeURIComponent('!!!')}`)).status).toBe(200);
  });

  it('filters by words, category, platform, requester kind and dates, and pages with a cursor', async () => {
    const word = `lừa${Date.now()}`;
    await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: noticeInput({ explanation: `Trang ${word} đảo chiếm đoạt tài khoản` }) });
    const found = await records(`&q=${encodeURIComponent(word)}`);
    expect(found.json.items).toHaveLength(1);
    expect((await records(`&q=${encodeURIComponent(word)}&platform=youtube`)).json.items).toHaveLength(0);
    expect((await records(`&q=${encodeURIComponent(word)}&requester_kind=trusted_flagger`)).json.items).toHaveLength(0);
    expect((await records(`&q=${encodeURIComponent(word)}&category=STATEMENT_CATEGORY_SCAMS_AND_FRAUD`)).json.items).toHaveLength(1);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    expect((await records(`&q=${encodeURIComponent(word)}&from=${tomorrow}`)).json.items).toHaveLength(0);
    const p1 = await call(t.app, 'GET', '/api/v1/public/records?limit=2');
    const p2 = await call(t.app, 'GET', `/api/v1/public/records?limit=2&cursor=${p1.json.next_cursor}`);
    expect(p2.json.items[0].id < p1.json.items[1].id).toBe(true);
    const bad = await call(t.app, 'GET', '/api/v1/public/records?platform=Not%20a%20service!');
    expect(bad.status).toBe(422);
    expect(bad.json.errors[0].field).toBe('platform');
    expect((await call(t.app, 'GET', '/api/v1/public/records/00000000-0000-7000-8000-000000000000')).status).toBe(404);
  });

  it('counts cases on platforms that are not onboarded', async () => {
    const before = (await call(t.app, 'GET', '/api/v1/public/stats')).json;
    await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ items: [{ url: freshUrl('tiktok') }], legal_basis: undefined }) });
    // Totals may be up to STATS_TTL_MS old.
    t.advance(STATS_TTL_MS + 1);
    const after = (await call(t.app, 'GET', '/api/v1/public/stats')).json;
    expect(after.cases_on_platforms_not_onboarded).toBe(before.cases_on_platforms_not_onboarded + 1);
    expect(after.platforms.find((p: { platform: string }) => p.platform === 'tiktok')).toMatchObject({ onboarded: false });
    expect(after.platforms.find((p: { platform: string }) => p.platform === 'facebook')).toMatchObject({ onboarded: true });
  });
});
