import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaOrgProblems } from '../../../test/schema-org.ts';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { call, freshUrl, makeOrg, makePerson, noticeInput, sorInput, type TestOrg } from '../../../test/factories.ts';
import { uuidv7 } from '../../core/ids.ts';
import type { OutboxEvent } from '../../core/events.ts';
import { planDeliveries } from '../../services/webhook.handler.ts';

let t: TestApp;
let authority: TestOrg;
let factChecker: TestOrg;
let otherFactChecker: TestOrg;
let facebook: TestOrg;
let youtube: TestOrg;

beforeAll(async () => {
  t = await openTestApp({ publicUrl: 'https://minhbach.example.vn' });
  authority = await makeOrg(t.ctx, 'authority');
  factChecker = await makeOrg(t.ctx, 'trusted_flagger', { name: 'Trung tâm Kiểm chứng Tin tức' });
  otherFactChecker = await makeOrg(t.ctx, 'trusted_flagger', { name: 'Báo Kiểm chứng' });
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  youtube = await makeOrg(t.ctx, 'platform', { platform: 'youtube' });
});
afterAll(() => t.close());

/** A case reported by the authority (not by the fact-checker: it may check any case). */
async function newCase(): Promise<string> {
  const res = await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: noticeInput({ items: [{ url: freshUrl() }] }) });
  expect(res.status, res.body).toBe(201);
  return res.json.cases[0].id;
}

const verdict = (over: Record<string, unknown> = {}) => ({
  verdict: 'false',
  claim: 'Ngân hàng Nhà nước tặng 5 triệu đồng cho mỗi tài khoản mới',
  explanation: 'Ngân hàng Nhà nước đã bác bỏ thông tin này. Liên hệ 0912 345 678 là số của kẻ lừa đảo.',
  sources: ['https://sbv.gov.vn/webcenter/portal/vi/menu/trangchu/tt/canh-bao-lua-dao?utm_source=zalo&fbclid=abc'],
  ...over,
});
const post = (caseId: string, body: unknown, who: { org?: TestOrg; headers?: Record<string, string> } = { org: factChecker }) =>
  call(t.app, 'POST', `/api/v1/cases/${caseId}/fact-checks`, { ...who, body });

describe('POST /api/v1/cases/{id}/fact-checks', () => {
  it('records the verdict on a case the fact-checker did not report, publishes it, logs it and tells the platform', async () => {
    const caseId = await newCase();
    const reviewer = await makePerson(t, factChecker, 'reviewer');
    const res = await post(caseId, verdict(), { headers: reviewer.headers });
    expect(res.status, res.body).toBe(201);
    expect(res.json).toMatchObject({ case_id: caseId, verdict: 'false', fact_checker: { name: 'Trung tâm Kiểm chứng Tin tức' }, public_record_id: expect.any(String) });
    expect(res.json.sources[0]).not.toMatch(/utm_source|fbclid/);

    // Published, redacted, and in the transparency log.
    await t.integrate();
    const record = await call(t.app, 'GET', `/api/v1/public/records/${res.json.public_record_id}`);
    expect(record.status).toBe(200);
    expect(record.json).toMatchObject({ type: 'fact_check', fact_check_id: res.json.id, case_id: caseId, verdict: 'false', platform: 'facebook' });
    expect(record.json.explanation).not.toContain('0912');
    expect(record.json.log_index).toEqual(expect.any(Number));

    // On the case's timeline (naming the fact-checker) and in the outbox, which the platform's webhooks receive.
    const seen = await call(t.app, 'GET', `/api/v1/cases/${caseId}`, { org: facebook });
    expect(seen.json.timeline.map((e: { type: string }) => e.type)).toContain('fact_checked');
    const [event] = await t.ctx.db.query<OutboxEvent>(
      `SELECT seq::text AS seq, id, type, at, org_id, case_id, data FROM outbox WHERE case_id = $1 AND type = 'fact_check.created'`,
      [caseId],
    );
    expect(event!.data).toEqual({ fact_check_id: res.json.id, case_id: caseId, platform: 'facebook', verdict: 'false', public_record_id: res.json.public_record_id });
    const hook = await call(t.app, 'POST', '/api/v1/webhook-endpoints', { org: facebook, body: { url: 'https://93.184.215.14/hook', event_types: ['fact_check.created'] } });
    expect(hook.status, hook.body).toBe(201);
    const jobs = await planDeliveries(t.ctx.db, event!);
    expect(jobs.map((j) => j.payload.endpoint_id)).toContain(hook.json.id);
    await call(t.app, 'DELETE', `/api/v1/webhook-endpoints/${hook.json.id}`, { org: facebook });
  });

  it('moves the case for a platform polling for changes (updated_since)', async () => {
    const caseId = await newCase();
    t.advance(60_000);
    const since = t.ctx.now().toISOString();
    t.advance(1_000);
    const poll = () => call(t.app, 'GET', `/api/v1/cases?updated_since=${encodeURIComponent(since)}`, { org: facebook });
    expect((await poll()).json.items.map((c: { id: string }) => c.id)).not.toContain(caseId);
    expect((await post(caseId, verdict())).status).toBe(201);
    const after = await poll();
    expect(after.status, after.body).toBe(200);
    expect(after.json.items.map((c: { id: string }) => c.id)).toContain(caseId);
  });

  it('names every bad field', async () => {
    const caseId = await newCase();
    const res = await post(caseId, verdict({ verdict: 'sai', explanation: '', sources: ['https://vnexpress.net/a.html', 'javascript:alert(1)'] }));
    expect(res.status).toBe(422);
    expect(res.json.errors.map((e: { field: string }) => e.field)).toEqual(['verdict', 'explanation', 'sources[1]']);
    expect((await post(caseId, verdict({ sources: [] }))).json.errors).toEqual([expect.objectContaining({ field: 'sources' })]);
  });

  it('refuses platforms, authorities and viewers (403), and answers 404 for an unknown case and 409 for a merged one', async () => {
    const caseId = await newCase();
    expect((await post(caseId, verdict(), { org: facebook })).status).toBe(403);
    expect((await post(caseId, verdict(), { org: authority })).status).toBe(403);
    const viewer = await makePerson(t, factChecker, 'viewer');
    expect((await post(caseId, verdict(), { headers: viewer.headers })).status).toBe(403);
    expect((await post(uuidv7(), verdict())).status).toBe(404);
    expect((await post('not-a-case', verdict())).status).toBe(404);
    const merged = await newCase();
    await t.ctx.db.query(`UPDATE cases SET status = 'merged', merged_into = $2 WHERE id = $1`, [merged, caseId]);
    const res = await post(merged, verdict());
    expect(res.status).toBe(409);
    expect(res.json.merged_into).toBe(caseId);
  });
});

describe('GET /api/v1/cases/{id}/fact-checks', () => {
  it("lists a case's verdicts to its platform and submitters, each fact-checker's latest current", async () => {
    const caseId = await newCase();
    const first = await post(caseId, verdict({ verdict: 'unverifiable' }));
    const second = await post(caseId, verdict({ verdict: 'false' }));
    const other = await post(caseId, verdict({ verdict: 'misleading' }), { org: otherFactChecker });
    const res = await call(t.app, 'GET', `/api/v1/cases/${caseId}/fact-checks`, { org: facebook });
    expect(res.status, res.body).toBe(200);
    expect(res.json.items.map((f: { id: string; current: boolean }) => [f.id, f.current])).toEqual([
      [other.json.id, true],
      [second.json.id, true],
      [first.json.id, false],
    ]);
    expect((await call(t.app, 'GET', `/api/v1/cases/${caseId}/fact-checks`, { org: authority })).status).toBe(200);
    expect((await call(t.app, 'GET', `/api/v1/cases/${caseId}/fact-checks`, { org: youtube })).status).toBe(404);
  });
});

describe('GET /api/v1/public/fact-checks', () => {
  it('answers JSON-LD: schema.org ClaimReviews valid against the vocabulary, filtered and paged', async () => {
    const caseId = await newCase();
    const a = await post(caseId, verdict({ verdict: 'missing_context' }));
    const b = await post(caseId, verdict({ verdict: 'true', claim: null }), { org: otherFactChecker });
    const res = await call(t.app, 'GET', `/api/v1/public/fact-checks?case_id=${caseId}`);
    expect(res.status, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/ld\+json/);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.json['@context']).toBe('https://schema.org');
    expect(res.json['@graph']).toHaveLength(2);
    expect(schemaOrgProblems(res.json['@graph'])).toEqual([]);
    expect(res.json['@graph'][0]).toMatchObject({
      '@type': 'ClaimReview',
      identifier: b.json.id,
      url: `https://minhbach.example.vn/records/${b.json.public_record_id}`,
      reviewRating: { ratingValue: 5, alternateName: 'Đúng sự thật' },
      author: { '@type': 'Organization', name: 'Báo Kiểm chứng' },
    });

    const filtered = await call(t.app, 'GET', `/api/v1/public/fact-checks?case_id=${caseId}&verdict=missing_context&limit=1`);
    expect(filtered.json['@graph'].map((r: { identifier: string }) => r.identifier)).toEqual([a.json.id]);
    const page1 = await call(t.app, 'GET', `/api/v1/public/fact-checks?case_id=${caseId}&limit=1`);
    const page2 = await call(t.app, 'GET', `/api/v1/public/fact-checks?case_id=${caseId}&limit=1&cursor=${page1.json.next_cursor}`);
    expect(page2.json['@graph'][0].identifier).toBe(a.json.id);
    expect(page2.json.next_cursor).toBeNull();

    const one = await call(t.app, 'GET', `/api/v1/public/fact-checks/${a.json.id}`);
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ '@context': 'https://schema.org', '@type': 'ClaimReview', reviewRating: { ratingValue: 3 } });
    expect(schemaOrgProblems(one.json)).toEqual([]);
    expect((await call(t.app, 'GET', `/api/v1/public/fact-checks/${uuidv7()}`)).status).toBe(404);
    expect((await call(t.app, 'GET', `/api/v1/public/fact-checks?case_id=x`)).status).toBe(422);
  });
});

describe("a platform's label pointing to a fact-check", () => {
  const labelled = (factCheckId: string) =>
    sorInput({
      decision_visibility: ['DECISION_VISIBILITY_CONTENT_LABELLED'],
      decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
      illegal_content_legal_ground: undefined,
      illegal_content_explanation: undefined,
      incompatible_content_ground: 'Chính sách về thông tin sai lệch',
      incompatible_content_explanation: 'Nhãn dẫn tới kết luận kiểm chứng.',
      category: 'STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS',
      fact_check_id: factCheckId,
    });

  it('is refused when the fact-check is on another case, or the decision labels nothing', async () => {
    const caseId = await newCase();
    const elsewhere = await post(await newCase(), verdict());
    const res = await call(t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, { org: facebook, body: labelled(elsewhere.json.id) });
    expect(res.status).toBe(422);
    expect(res.json.errors).toEqual([expect.objectContaining({ field: 'fact_check_id' })]);
    const own = await post(caseId, verdict());
    const removal = await call(t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, { org: facebook, body: sorInput({ fact_check_id: own.json.id }) });
    expect(removal.status).toBe(422);
    expect(removal.json.errors.map((e: { field: string }) => e.field)).toEqual(['fact_check_id']);
  });

  it('is accepted when it is a verdict on the case, and published with the statement', async () => {
    const caseId = await newCase();
    const own = await post(caseId, verdict());
    const res = await call(t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, { org: facebook, body: labelled(own.json.id) });
    expect(res.status, res.body).toBe(201);
    const record = await call(t.app, 'GET', `/api/v1/public/records/${res.json.public_record_id}`);
    expect(record.json).toMatchObject({ type: 'statement_of_reasons', fact_check_id: own.json.id });
  });
});
