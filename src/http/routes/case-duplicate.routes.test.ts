import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../core/ids.ts';
import { resetTextIndex } from '../../repositories/text-fingerprint.repository.ts';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { call, freshUrl, makeOrg, makePerson, noticeInput, sorInput, type TestOrg } from '../../../test/factories.ts';
import { linkAll, linkedPair, uniqueClaim } from '../../../test/linked-cases.ts';

let t: TestApp;
let flagger: TestOrg;
let facebook: TestOrg;
let youtube: TestOrg;
let tiktok: TestOrg;

beforeAll(async () => {
  t = await openTestApp();
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  youtube = await makeOrg(t.ctx, 'platform', { platform: 'youtube' });
  tiktok = await makeOrg(t.ctx, 'platform', { platform: 'tiktok' });
});
afterAll(() => t.close());

const review = (id: string, relatedId: string, body: unknown, who: { org?: TestOrg; headers?: Record<string, string> } = { org: facebook }) =>
  call(t.app, 'POST', `/api/v1/cases/${id}/related/${relatedId}`, { ...who, body });
const view = async (id: string, org: TestOrg = facebook) => {
  const res = await call(t.app, 'GET', `/api/v1/cases/${id}`, { org });
  expect(res.status, res.body).toBe(200);
  return res.json;
};
const outboxOf = (caseId: string) =>
  t.ctx.db.query<{ type: string; org_id: string | null; data: Record<string, unknown> }>(`SELECT type, org_id, data FROM outbox WHERE case_id = $1 ORDER BY seq`, [caseId]);
const fileText = async (org: TestOrg, text: string, url: string) => {
  const res = await call(t.app, 'POST', '/api/v1/notices', { org, body: noticeInput({ items: [{ url, text }] }) });
  expect(res.status, res.body).toBe(201);
  return res.json.cases[0].id as string;
};

describe('POST /api/v1/cases/{id}/related/{related_id}: duplicate', () => {
  it('merges the newer case into the older one: its notices move, both timelines say who confirmed, and case.merged goes out', async () => {
    const [older, newer] = await linkedPair(t, flagger);
    expect((await view(older)).related_cases).toEqual([expect.objectContaining({ case_id: newer, level: 'duplicate', dismissed_at: null })]);
    const reviewer = await makePerson(t, facebook, 'reviewer', { displayName: 'Kiểm duyệt viên' });

    // Confirmed from the newer case's page: the older still survives.
    const res = await review(newer, older, { decision: 'duplicate', note: '  Cùng một bài, đăng lại.  ' }, { headers: reviewer.headers });
    expect(res.status, res.body).toBe(200);
    expect(res.json).toMatchObject({
      decision: 'duplicate',
      case_id: newer,
      related_case_id: older,
      merge: { from: newer, into: older, notice_items: 1 },
      dismissed_at: null,
      case: { id: older, status: 'received', notice_count: 2 },
    });

    const survivor = await view(older);
    expect(survivor.notices).toHaveLength(2);
    expect(survivor.related_cases).toEqual([]);
    expect(survivor.locations.map((l: { merged_case_id: string | null }) => l.merged_case_id)).toEqual([null, newer]);
    const merged = survivor.timeline.find((e: { type: string }) => e.type === 'case_merged');
    expect(merged).toMatchObject({
      actor: { id: facebook.actor.orgId, person: { id: reviewer.personId, display_name: 'Kiểm duyệt viên' } },
      data: { merged_case_id: newer, notice_items: 1, confirmed_by_platform: true, note: 'Cùng một bài, đăng lại.' },
    });
    const gone = await view(newer);
    expect(gone).toMatchObject({ status: 'merged', merged_into: older, due_at: null });
    expect(gone.timeline.find((e: { type: string }) => e.type === 'merged_into')).toMatchObject({ actor: { id: facebook.actor.orgId }, data: { case_id: older } });
    // The submitter follows its notice to the surviving case.
    expect((await view(newer, flagger)).merged_into).toBe(older);

    const events = (await outboxOf(older)).filter((e) => e.type === 'case.merged');
    expect(events).toEqual([
      { type: 'case.merged', org_id: facebook.actor.orgId, data: expect.objectContaining({ case_id: older, merged_case_id: newer, confirmed_by_platform: true }) },
    ]);
    // The note is free text: it stays on the timeline.
    expect(JSON.stringify(events)).not.toContain('đăng lại');

    // The pair is one case now: nothing left to answer.
    expect((await review(older, newer, { decision: 'duplicate' })).status).toBe(404);
  });

  it('keeps the case under review, whichever page the reviewer confirmed from', async () => {
    const [older, newer] = await linkedPair(t, flagger);
    expect((await call(t.app, 'POST', `/api/v1/cases/${newer}/actions`, { org: facebook, body: { action: 'start_review' } })).status).toBe(200);
    const res = await review(older, newer, { decision: 'duplicate' });
    expect(res.status, res.body).toBe(200);
    expect(res.json.merge).toEqual({ from: older, into: newer, notice_items: 1 });
    expect(res.json.case).toMatchObject({ id: newer, status: 'in_review' });
    expect((await view(older)).status).toBe('merged');
  });

  it('refuses a decided case with 409 saying why, and merges nothing', async () => {
    const [older, newer] = await linkedPair(t, flagger);
    expect((await call(t.app, 'POST', `/api/v1/cases/${older}/decisions`, { org: facebook, body: sorInput() })).status).toBe(201);
    const res = await review(newer, older, { decision: 'duplicate' });
    expect(res.status, res.body).toBe(409);
    expect(res.json).toMatchObject({ code: 'conflict', reason: 'not_open', case_id: older, case_status: 'decided' });
    expect(res.json.detail).toContain('statement of reasons names its own content');
    expect((await view(newer)).status).toBe('received');
    expect((await view(older)).status).toBe('decided');
  });

  it('refuses to merge cases on two services (409) but lets each platform dismiss its own side', async () => {
    const text = uniqueClaim();
    const onFacebook = await fileText(flagger, text, freshUrl('facebook'));
    const onTiktok = await fileText(flagger, `CẢNH BÁO!!! ${text}`, freshUrl('tiktok'));
    await linkAll(t);
    const merge = await review(onFacebook, onTiktok, { decision: 'duplicate' });
    expect(merge.status, merge.body).toBe(409);
    expect(merge.json).toMatchObject({ code: 'conflict', reason: 'different_services' });
    expect(merge.json.detail).toContain('facebook, tiktok');

    const dismiss = await review(onFacebook, onTiktok, { decision: 'not_duplicate' });
    expect(dismiss.status, dismiss.body).toBe(200);
    expect((await view(onFacebook)).related_cases).toEqual([expect.objectContaining({ case_id: onTiktok, dismissed_at: dismiss.json.dismissed_at })]);
    // TikTok's reviewer still has the suggestion: Facebook answers for its own cases only.
    expect((await view(onTiktok, tiktok)).related_cases).toEqual([expect.objectContaining({ case_id: onFacebook, dismissed_at: null })]);
    expect((await view(onTiktok, tiktok)).timeline.map((e: { type: string }) => e.type)).not.toContain('duplicate_rejected');
  });
});

describe('POST /api/v1/cases/{id}/related/{related_id}: not_duplicate', () => {
  it('keeps the link, marked dismissed on both cases, records who, and a re-link or a reindex does not bring it back', async () => {
    const text = uniqueClaim();
    const [a, b] = await linkedPair(t, flagger, { text });
    const res = await review(a, b, { decision: 'not_duplicate', note: 'Hai bài khác nhau.' });
    expect(res.status, res.body).toBe(200);
    expect(res.json).toMatchObject({
      decision: 'not_duplicate',
      case_id: a,
      related_case_id: b,
      merge: null,
      dismissed_at: expect.any(String),
      case: { id: a, status: 'received' },
    });
    const dismissedAt = res.json.dismissed_at;

    for (const [self, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const c = await view(self);
      expect(c.related_cases).toEqual([expect.objectContaining({ case_id: other, level: 'duplicate', dismissed_at: dismissedAt })]);
      expect(c.timeline.find((e: { type: string }) => e.type === 'duplicate_rejected')).toMatchObject({
        actor: { id: facebook.actor.orgId, key: { id: facebook.actor.keyId } },
        data: { related_case_id: other, level: 'duplicate', note: 'Hai bài khác nhau.' },
      });
      expect(c.status).toBe('received');
    }
    // Answered once.
    const again = await review(b, a, { decision: 'not_duplicate' });
    expect(again.status, again.body).toBe(409);
    expect(again.json).toMatchObject({ code: 'conflict', reason: 'already_dismissed', dismissed_at: dismissedAt });

    // The same text again on the first case: the linker links the pair anew, and the dismissal holds.
    await fileText(flagger, text, (await view(a)).canonical_url);
    await linkAll(t);
    expect((await view(a)).related_cases).toEqual([expect.objectContaining({ case_id: b, dismissed_at: dismissedAt })]);
    // A reindex forgets the links it made, not the platform's answers.
    await t.ctx.db.transaction((tx) => resetTextIndex(tx));
    await linkAll(t);
    expect((await view(a)).related_cases).toEqual([expect.objectContaining({ case_id: b, dismissed_at: dismissedAt })]);
    expect((await view(b)).related_cases).toEqual([expect.objectContaining({ case_id: a, dismissed_at: dismissedAt })]);
  });

  it('lists open suggestions before dismissed ones, and a merge carries a dismissal to the surviving case', async () => {
    const text = uniqueClaim();
    const [a, b] = await linkedPair(t, flagger, { text });
    t.advance(1000);
    const c = await fileText(flagger, `${text} Bài đăng lại.`, freshUrl());
    await linkAll(t);
    expect((await view(a)).related_cases.map((r: { case_id: string }) => r.case_id).sort()).toEqual([b, c].sort());

    // B is not C; then B turns out to be A: so A is not C either.
    expect((await review(b, c, { decision: 'not_duplicate' })).status).toBe(200);
    const beforeMerge = await view(b);
    expect(beforeMerge.related_cases.map((r: { case_id: string; dismissed_at: string | null }) => [r.case_id, r.dismissed_at !== null])).toEqual([
      [a, false],
      [c, true],
    ]);
    expect((await review(a, b, { decision: 'duplicate' })).status).toBe(200);
    expect((await view(a)).related_cases).toEqual([expect.objectContaining({ case_id: c, dismissed_at: expect.any(String) })]);
    expect((await view(c)).related_cases).toEqual([expect.objectContaining({ case_id: a, dismissed_at: expect.any(String) })]);
  });
});

describe('who may answer, and what', () => {
  it('is not found for another platform, for a case that is not related, and for ids that are no case', async () => {
    const [a, b] = await linkedPair(t, flagger);
    const other = await fileText(flagger, uniqueClaim(), freshUrl());
    await linkAll(t);
    for (const [id, related, org] of [
      [a, b, youtube],
      [a, other, facebook],
      [a, uuidv7(), facebook],
      [a, 'not-a-uuid', facebook],
      [uuidv7(), b, facebook],
      ['not-a-uuid', b, facebook],
    ] as const) {
      const res = await review(id, related, { decision: 'not_duplicate' }, { org });
      expect(res.status, `${id} ${related}: ${res.body}`).toBe(404);
      expect(res.json.code).toBe('not_found');
    }
    expect((await view(a)).related_cases[0].dismissed_at).toBeNull();
  });

  it('refuses submitters and a platform viewer (403), before reading the body', async () => {
    const [a, b] = await linkedPair(t, flagger);
    const viewer = await makePerson(t, facebook, 'viewer');
    expect((await review(a, b, { decision: 'duplicate' }, { headers: viewer.headers })).status).toBe(403);
    expect((await review(a, b, { decision: 'duplicate' }, { org: flagger })).status).toBe(403);
    expect((await review(a, b, { nonsense: true }, { org: flagger })).status).toBe(403);
    expect((await call(t.app, 'POST', `/api/v1/cases/${a}/related/${b}`, { body: { decision: 'duplicate' } })).status).toBe(401);
    expect((await view(b)).status).toBe('received');
  });

  it.each([
    [{}, 'decision'],
    [{ decision: 'maybe' }, 'decision'],
    [{ decision: 'duplicate', note: 'x'.repeat(2001) }, 'note'],
    [{ decision: 'duplicate', reason: 'same' }, 'reason'],
  ])('answers %j with 422 naming %s', async (body, field) => {
    const res = await review(uuidv7(), uuidv7(), body);
    expect(res.status, res.body).toBe(422);
    expect(res.json.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});
