import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../core/ids.ts';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { call, freshUrl, makeOrg, makePerson, noticeInput, sorInput, type TestOrg } from '../../../test/factories.ts';

let t: TestApp;
let authority: TestOrg;
let otherAuthority: TestOrg;
let flagger: TestOrg;
let facebook: TestOrg;
let youtube: TestOrg;

beforeAll(async () => {
  t = await openTestApp();
  authority = await makeOrg(t.ctx, 'authority', { name: 'Sở Thông tin và Truyền thông' });
  otherAuthority = await makeOrg(t.ctx, 'authority');
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  youtube = await makeOrg(t.ctx, 'platform', { platform: 'youtube' });
});
afterAll(() => t.close());

async function file(org: TestOrg, urls: string[] = [freshUrl()]): Promise<{ noticeId: string; caseIds: string[] }> {
  const res = await call(t.app, 'POST', '/api/v1/notices', { org, body: noticeInput({ items: urls.map((url) => ({ url })) }) });
  expect(res.status, res.body).toBe(201);
  return { noticeId: res.json.id, caseIds: res.json.cases.map((c: { id: string }) => c.id) };
}
const add = (noticeId: string, body: unknown, who: { org?: TestOrg; headers?: Record<string, string> } = { org: authority }) =>
  call(t.app, 'POST', `/api/v1/notices/${noticeId}/additions`, { ...who, body });
const withdraw = (noticeId: string, body: unknown = { reason: 'Nội dung đã được gỡ bỏ.' }, who: { org?: TestOrg; headers?: Record<string, string> } = { org: authority }) =>
  call(t.app, 'POST', `/api/v1/notices/${noticeId}/withdrawal`, { ...who, body });
const view = async (id: string, org: TestOrg = facebook) => {
  const res = await call(t.app, 'GET', `/api/v1/cases/${id}`, { org });
  expect(res.status, res.body).toBe(200);
  return res.json;
};
const outboxOf = (caseId: string) =>
  t.ctx.db.query<{ type: string; org_id: string | null; data: Record<string, unknown> }>(`SELECT type, org_id, data FROM outbox WHERE case_id = $1 ORDER BY seq`, [caseId]);
const types = (timeline: { type: string }[]) => timeline.map((e) => e.type);

describe('POST /api/v1/notices/{id}/additions', () => {
  it('stores the information, shows it to the platform on each case, on the timeline, and tells the platform in the outbox', async () => {
    const { noticeId, caseIds } = await file(authority, [freshUrl(), freshUrl('youtube')]);
    const [onFacebook, onYoutube] = caseIds as [string, string];
    const clerk = await makePerson(t, authority, 'reviewer', { displayName: 'Chuyên viên' });

    const res = await add(
      noticeId,
      { text: '  Bài viết đã được chia sẻ lại trên một trang khác.  ', urls: ['https://luu-tru.example.vn/ban-sao?id=42'] },
      { headers: clerk.headers },
    );
    expect(res.status, res.body).toBe(201);
    expect(res.json).toEqual({
      id: expect.any(String),
      notice_id: noticeId,
      text: 'Bài viết đã được chia sẻ lại trên một trang khác.',
      urls: ['https://luu-tru.example.vn/ban-sao?id=42'],
      added_at: expect.any(String),
      case_ids: [...caseIds].sort(),
    });
    const second = await add(noticeId, { text: 'Thêm một thông tin nữa.' });
    expect(second.status, second.body).toBe(201);
    expect(second.json.urls).toEqual([]);

    for (const [caseId, platform] of [
      [onFacebook, facebook],
      [onYoutube, youtube],
    ] as const) {
      const c = await view(caseId, platform);
      expect(c.notices[0].additions).toEqual([
        { id: res.json.id, text: res.json.text, urls: res.json.urls, added_at: res.json.added_at },
        { id: second.json.id, text: 'Thêm một thông tin nữa.', urls: [], added_at: second.json.added_at },
      ]);
      expect(c.notices[0].withdrawal).toBeNull();
      // The platform sees the authority act, not which of its clerks did.
      const entry = c.timeline.find((e: { type: string }) => e.type === 'notice_information_added');
      expect(entry).toMatchObject({
        actor: { id: authority.actor.orgId, kind: 'authority', name: 'Sở Thông tin và Truyền thông' },
        data: { notice_id: noticeId, addition_id: res.json.id, urls: 1 },
      });
      expect(entry.actor.person).toBeUndefined();
      const events = (await outboxOf(caseId)).filter((e) => e.type === 'notice.updated');
      expect(events).toHaveLength(2);
      expect(events[0]).toEqual({
        type: 'notice.updated',
        org_id: authority.actor.orgId,
        data: expect.objectContaining({ notice_id: noticeId, case_id: caseId, change: 'information_added', addition_id: res.json.id, url_count: 1, submitter_kind: 'authority' }),
      });
      // Events leave the system: the text is read on the case, never carried.
      expect(JSON.stringify(events)).not.toContain('chia sẻ lại');
    }
    // The submitter sees what it added, and a poller sees the case changed.
    expect((await view(onFacebook, authority)).notices[0].additions).toHaveLength(2);
    const polled = await call(t.app, 'GET', `/api/v1/cases?updated_since=${encodeURIComponent(res.json.added_at)}&limit=200`, { org: facebook });
    expect(polled.json.items.map((c: { id: string }) => c.id)).toContain(onFacebook);
  });

  it('is not found for another organization’s notice or no notice, and refused to platforms and viewers', async () => {
    const { noticeId, caseIds } = await file(authority);
    for (const id of [noticeId, uuidv7(), 'not-a-uuid']) {
      const res = await add(id, { text: 'Thông tin bổ sung.' }, { org: id === noticeId ? otherAuthority : authority });
      expect(res.status, res.body).toBe(404);
      expect(res.json).toMatchObject({ code: 'not_found', detail: 'Notice not found' });
    }
    expect((await add(noticeId, { text: 'Thông tin bổ sung.' }, { org: facebook })).status).toBe(403);
    const viewer = await makePerson(t, authority, 'viewer');
    expect((await add(noticeId, { text: 'Thông tin bổ sung.' }, { headers: viewer.headers })).status).toBe(403);
    expect((await add(noticeId, { text: 42 }, { headers: viewer.headers })).status).toBe(403);
    expect((await view(caseIds[0]!)).notices[0].additions).toEqual([]);
  });

  it.each([
    [{}, 'text'],
    [{ text: '' }, 'text'],
    [{ text: '   ' }, 'text'],
    [{ text: 'x'.repeat(5001) }, 'text'],
    [{ text: 'Bằng chứng', urls: 'https://a.example.vn' }, 'urls'],
    [{ text: 'Bằng chứng', urls: ['https://a.example.vn/1', 'ftp://a.example.vn/2'] }, 'urls[1]'],
    [{ text: 'Bằng chứng', urls: ['https://user:secret@a.example.vn/1'] }, 'urls[0]'],
    [{ text: 'Bằng chứng', urls: ['không phải đường dẫn'] }, 'urls[0]'],
    [{ text: 'Bằng chứng', urls: ['https://a.example.vn/1', 'https://a.example.vn/1'] }, 'urls'],
    [{ text: 'Bằng chứng', urls: Array.from({ length: 11 }, (_, i) => `https://a.example.vn/${i}`) }, 'urls'],
    [{ text: 'Bằng chứng', note: 'thừa' }, 'note'],
  ])('answers %j with 422 naming %s', async (body, field) => {
    const { noticeId } = await file(authority);
    const res = await add(noticeId, body);
    expect(res.status, res.body).toBe(422);
    expect(res.json.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});

describe('POST /api/v1/notices/{id}/withdrawal', () => {
  it('withdrawing the last notice of an open case keeps it on record and clears the deadline; a new notice sets one again', async () => {
    const { noticeId, caseIds } = await file(authority);
    const caseId = caseIds[0]!;
    const before = await view(caseId);
    expect(before.due_at).not.toBeNull();
    const record = await t.ctx.db.query<{ body: unknown }>(`SELECT body FROM public_records WHERE source_id = $1`, [noticeId]);
    expect(record).toHaveLength(1);

    const res = await withdraw(noticeId, { reason: '  Nội dung đã được gỡ bỏ.  ' });
    expect(res.status, res.body).toBe(201);
    expect(res.json).toEqual({
      notice_id: noticeId,
      withdrawn_at: expect.any(String),
      reason: 'Nội dung đã được gỡ bỏ.',
      cases: [{ id: caseId, platform: 'facebook', status: 'received', due_at: null, answer_owed: false }],
    });

    const after = await view(caseId);
    expect(after).toMatchObject({ status: 'received', due_at: null, overdue: false, notice_count: 1 });
    // On record, as filed, marked withdrawn.
    expect(after.notices).toHaveLength(1);
    expect(after.notices[0]).toMatchObject({
      id: noticeId,
      explanation: before.notices[0].explanation,
      withdrawal: { withdrawn_at: res.json.withdrawn_at, reason: 'Nội dung đã được gỡ bỏ.' },
    });
    expect(types(after.timeline)).toEqual([...types(before.timeline), 'notice_withdrawn', 'all_notices_withdrawn']);
    expect(after.timeline.at(-2)).toMatchObject({ actor: { id: authority.actor.orgId }, data: { notice_id: noticeId, reason: 'Nội dung đã được gỡ bỏ.' } });
    expect(after.timeline.at(-1)).toMatchObject({ actor: null, data: { previous_due_at: before.due_at, due_at: null } });
    const events = (await outboxOf(caseId)).filter((e) => e.type === 'notice.withdrawn' || e.type === 'case.updated');
    expect(events).toEqual([
      { type: 'notice.withdrawn', org_id: authority.actor.orgId, data: expect.objectContaining({ notice_id: noticeId, case_id: caseId, case_due_at: null, answer_owed: false }) },
      { type: 'case.updated', org_id: null, data: expect.objectContaining({ case_id: caseId, change: 'all_notices_withdrawn', status: 'received', due_at: null }) },
    ]);
    expect(JSON.stringify(events)).not.toContain('gỡ bỏ');
    // Published records are append-only: the request's record is as it was.
    expect(await t.ctx.db.query(`SELECT body FROM public_records WHERE source_id = $1`, [noticeId])).toEqual(record);
    // The submitter sees its withdrawal too.
    expect((await view(caseId, authority)).notices[0].withdrawal).toMatchObject({ reason: 'Nội dung đã được gỡ bỏ.' });

    // Once only; and nothing is added to a withdrawn notice.
    const again = await withdraw(noticeId);
    expect(again.status, again.body).toBe(409);
    expect(again.json).toMatchObject({ code: 'conflict', reason: 'already_withdrawn', withdrawn_at: res.json.withdrawn_at });
    const late = await add(noticeId, { text: 'Thêm thông tin.' });
    expect(late.status, late.body).toBe(409);
    expect(late.json.reason).toBe('withdrawn');

    // A new notice on the same content is owed an answer again.
    const url = (await view(caseId)).canonical_url;
    const renewed = await file(flagger, [url]);
    expect(renewed.caseIds).toEqual([caseId]);
    expect((await view(caseId)).due_at).not.toBeNull();
  });

  it('keeps the deadline while another notice on the case remains, and clears it when the last one goes', async () => {
    const url = freshUrl();
    const first = await file(authority, [url]);
    const second = await file(flagger, [url]);
    const caseId = first.caseIds[0]!;
    expect(second.caseIds).toEqual([caseId]);
    const dueAt = (await view(caseId)).due_at;

    const res = await withdraw(first.noticeId);
    expect(res.status, res.body).toBe(201);
    expect(res.json.cases).toEqual([{ id: caseId, platform: 'facebook', status: 'received', due_at: dueAt, answer_owed: true }]);
    const mid = await view(caseId);
    expect(mid.due_at).toBe(dueAt);
    expect(types(mid.timeline)).toContain('notice_withdrawn');
    expect(types(mid.timeline)).not.toContain('all_notices_withdrawn');

    const last = await withdraw(second.noticeId, { reason: 'Đã xác minh là không vi phạm.' }, { org: flagger });
    expect(last.status, last.body).toBe(201);
    expect(last.json.cases[0]).toMatchObject({ due_at: null, answer_owed: false });
    expect((await view(caseId)).due_at).toBeNull();
  });

  it('after a decision: recorded, and nothing decided changes', async () => {
    const { noticeId, caseIds } = await file(authority);
    const caseId = caseIds[0]!;
    expect((await call(t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, { org: facebook, body: sorInput() })).status).toBe(201);
    const before = await view(caseId);
    const res = await withdraw(noticeId);
    expect(res.status, res.body).toBe(201);
    expect(res.json.cases[0]).toMatchObject({ status: 'decided', answer_owed: false });
    const after = await view(caseId);
    expect(after).toMatchObject({ status: 'decided', due_at: before.due_at, decided_at: before.decided_at });
    expect(after.decisions).toEqual(before.decisions);
    expect(types(after.timeline).slice(-1)).toEqual(['notice_withdrawn']);
  });

  it('is not found for another organization’s notice, refused to platforms and viewers, and names the field on bad input', async () => {
    const { noticeId, caseIds } = await file(authority);
    const foreign = await withdraw(noticeId, undefined, { org: otherAuthority });
    expect(foreign.status, foreign.body).toBe(404);
    expect(foreign.json.detail).toBe('Notice not found');
    expect((await withdraw(uuidv7())).status).toBe(404);
    expect((await withdraw(noticeId, undefined, { org: facebook })).status).toBe(403);
    const viewer = await makePerson(t, authority, 'viewer');
    expect((await withdraw(noticeId, undefined, { headers: viewer.headers })).status).toBe(403);
    for (const [body, field] of [
      [{}, 'reason'],
      [{ reason: '' }, 'reason'],
      [{ reason: 'gỡ rồi' }, 'reason'],
      [{ reason: 'x'.repeat(2001) }, 'reason'],
      [{ reason: 'Nội dung đã được gỡ bỏ.', why: 'thừa' }, 'why'],
    ] as const) {
      const res = await withdraw(noticeId, body);
      expect(res.status, `${JSON.stringify(body)}: ${res.body}`).toBe(422);
      expect(res.json.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    // None of that withdrew it.
    expect((await view(caseIds[0]!)).notices[0].withdrawal).toBeNull();
    const reviewer = await makePerson(t, authority, 'reviewer');
    expect((await withdraw(noticeId, undefined, { headers: reviewer.headers })).status).toBe(201);
  });
});
