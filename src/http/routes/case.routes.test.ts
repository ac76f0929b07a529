import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshUrl, makeOrg, noticeInput, sorInput, type TestOrg } from '../../../test/factories.ts';
import { openTestApp, type TestApp } from '../../../test/app.ts';

let t: TestApp;
let authority: TestOrg;
let flagger: TestOrg;
let facebook: TestOrg;
let youtube: TestOrg;

beforeAll(async () => {
  t = await openTestApp();
  authority = await makeOrg(t.ctx, 'authority');
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  youtube = await makeOrg(t.ctx, 'platform', { platform: 'youtube' });
});
afterAll(() => t.close());

async function newCase(org: TestOrg = authority, url = freshUrl()): Promise<string> {
  const res = await call(t.app, 'POST', '/api/v1/notices', { org, body: noticeInput({ items: [{ url, text: 'bản sao nội dung' }] }) });
  expect(res.status).toBe(201);
  return res.json.cases[0].id;
}

const action = (org: TestOrg, id: string, a: string) => call(t.app, 'POST', `/api/v1/cases/${id}/actions`, { org, body: { action: a } });

describe('cases for a platform', () => {
  it('lists only cases on its own platform', async () => {
    const fb = await newCase();
    const yt = await newCase(authority, freshUrl('youtube'));
    const fbList = await call(t.app, 'GET', '/api/v1/cases?limit=200', { org: facebook });
    const ids = fbList.json.items.map((c: { id: string }) => c.id);
    expect(ids).toContain(fb);
    expect(ids).not.toContain(yt);
    expect((await call(t.app, 'GET', `/api/v1/cases/${yt}`, { org: facebook })).status).toBe(404);
    expect((await call(t.app, 'GET', `/api/v1/cases/${yt}`, { org: youtube })).status).toBe(200);
  });

  it('shows the full case: notices with their submitters, and a timeline of who did what', async () => {
    const id = await newCase();
    await action(facebook, id, 'start_review');
    const res = await call(t.app, 'GET', `/api/v1/cases/${id}`, { org: facebook });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('in_review');
    expect(res.json.notices[0].submitter).toMatchObject({ kind: 'authority', name: authority.actor.name });
    expect(res.json.notices[0].legal_basis).toEqual({ instrument: 'Nghị định 147/2024/NĐ-CP', provision: 'Điều 24' });
    expect(res.json.timeline.map((e: { type: string }) => e.type)).toEqual(['case_created', 'notice_received', 'status_changed']);
    expect(res.json.timeline[2].actor.id).toBe(facebook.actor.orgId);
    expect(res.json.timeline[2].data).toMatchObject({ action: 'start_review', from: 'received', to: 'in_review' });
  });

  it('filters by status and category, and pages with a cursor', async () => {
    const ids = [await newCase(), await newCase(), await newCase()];
    await action(facebook, ids[1]!, 'start_review');
    const inReview = await call(t.app, 'GET', '/api/v1/cases?status=in_review&limit=200', { org: facebook });
    const found = inReview.json.items.map((c: { id: string }) => c.id);
    expect(found).toContain(ids[1]);
    expect(found).not.toContain(ids[0]);
    expect(inReview.json.items.every((c: { status: string }) => c.status === 'in_review')).toBe(true);
    const other = await call(t.app, 'GET', '/api/v1/cases?category=STATEMENT_CATEGORY_VIOLENCE', { org: facebook });
    expect(other.json.items).toEqual([]);
    const p1 = await call(t.app, 'GET', '/api/v1/cases?limit=1', { org: facebook });
    const p2 = await call(t.app, 'GET', `/api/v1/cases?limit=1&cursor=${p1.json.next_cursor}`, { org: facebook });
    expect(p1.json.items[0].id > p2.json.items[0].id).toBe(true);
    expect((await call(t.app, 'GET', '/api/v1/cases?cursor=garbage', { org: facebook })).status).toBe(422);
    expect((await call(t.app, 'GET', '/api/v1/cases?status=lost', { org: facebook })).json.errors[0].field).toBe('status');
  });

  it('marks cases overdue once the 24 h deadline passes without an answer', async () => {
    const id = await newCase();
    const decided = await newCase();
    await call(t.app, 'POST', `/api/v1/cases/${decided}/decisions`, { org: facebook, body: sorInput() });
    t.advance(25 * 3_600_000);
    try {
      const overdue = await call(t.app, 'GET', '/api/v1/cases?overdue=true&limit=200', { org: facebook });
      const ids = overdue.json.items.map((c: { id: string }) => c.id);
      expect(ids).toContain(id);
      expect(ids).not.toContain(decided);
      expect(overdue.json.items.find((c: { id: string }) => c.id === id).overdue).toBe(true);
    } finally {
      t.advance(-25 * 3_600_000);
    }
  });
});

describe('the case state machine', () => {
  it('runs received → in_review → decided → appealed → decided → closed', async () => {
    const id = await newCase();
    const facebookReviewer = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
    expect((await action(facebook, id, 'start_review')).json.status).toBe('in_review');
    expect((await call(t.app, 'POST', `/api/v1/cases/${id}/decisions`, { org: facebook, body: sorInput() })).json.case_status).toBe('decided');
    const appealed = await action(facebook, id, 'appeal');
    expect(appealed.json.status).toBe('appealed');
    expect(appealed.json.due_at).not.toBeNull();
    expect(
      // Another key than the one that decided: an appeal is reviewed by someone who took no part (appeal-decision.ts).
      (await call(t.app, 'POST', `/api/v1/cases/${id}/decisions`, { org: facebookReviewer, body: sorInput({ decision_visibility: ['DECISION_VISIBILITY_CONTENT_LABELLED'] }) }))
        .status,
    ).toBe(201);
    expect((await action(facebook, id, 'close')).json.status).toBe('closed');
    expect((await action(facebook, id, 'reopen')).json.status).toBe('in_review');
  });

  it('refuses an invalid transition with 409 and says what is allowed', async () => {
    const id = await newCase();
    const res = await action(facebook, id, 'close');
    expect(res.status).toBe(409);
    expect(res.json.code).toBe('invalid_transition');
    expect(res.json.detail).toContain('received');
    expect(res.json.allowed_actions).toEqual(['start_review', 'decide']);
  });

  it('lets a submitter that joined the case contest a decision, but not review it', async () => {
    const id = await newCase(flagger);
    expect((await action(flagger, id, 'start_review')).status).toBe(403);
    await call(t.app, 'POST', `/api/v1/cases/${id}/decisions`, { org: facebook, body: sorInput() });
    expect((await action(flagger, id, 'appeal')).json.status).toBe('appealed');
  });
});

describe('cases for a submitter', () => {
  it('shows the state of the cases it joined and its own notices, nothing else', async () => {
    const url = freshUrl();
    const id = await newCase(authority, url);
    await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ items: [{ url }], explanation: 'bí mật của nhóm kiểm chứng' }) });
    const view = await call(t.app, 'GET', `/api/v1/cases/${id}`, { org: flagger });
    expect(view.status).toBe(200);
    expect(view.json.status).toBe('received');
    expect(view.json.notices).toHaveLength(1);
    expect(view.json.notices[0].submitter.id).toBe(flagger.actor.orgId);
    expect(view.json.timeline).toBeUndefined();
    expect(view.json.notice_count).toBeUndefined();
    const authorityView = await call(t.app, 'GET', `/api/v1/cases/${id}`, { org: authority });
    expect(JSON.stringify(authorityView.json)).not.toContain('bí mật của nhóm kiểm chứng');
    const stranger = await makeOrg(t.ctx, 'trusted_flagger');
    expect((await call(t.app, 'GET', `/api/v1/cases/${id}`, { org: stranger })).status).toBe(404);
    const mine = await call(t.app, 'GET', '/api/v1/cases', { org: stranger });
    expect(mine.json.items).toEqual([]);
  });
});

describe('polling for changes (updated_since)', () => {
  const poll = (org: TestOrg, query: string) => call(t.app, 'GET', `/api/v1/cases?${query}`, { org });

  it('gives a platform the cases changed since its last poll, oldest change first, and where to poll from next', async () => {
    // Well after every case the other tests made.
    t.advance(3_600_000);
    const since = t.ctx.now().toISOString();
    t.advance(1_000);
    const a = await newCase();
    t.advance(1_000);
    const b = await newCase();
    const yt = await newCase(authority, freshUrl('youtube'));
    t.advance(1_000);
    expect((await action(facebook, a, 'start_review')).status).toBe(200);

    const first = await poll(facebook, `updated_since=${encodeURIComponent(since)}`);
    expect(first.status).toBe(200);
    // a changed last: it comes after b, once; the YouTube case is not Facebook's.
    expect(first.json.items.map((c: { id: string }) => c.id)).toEqual([b, a]);
    expect(first.json.next_cursor).toBeNull();
    const pollFrom = first.json.poll_from as string;
    // A minute behind now (but never before the poll's own start): a change committed late is read again.
    expect(Date.parse(pollFrom)).toBe(Math.max(Date.parse(since), t.ctx.now().getTime() - 60_000));

    // Later: only what changed since, plus at most the minute of overlap.
    t.advance(120_000);
    const c = await newCase();
    const next = await poll(facebook, `updated_since=${encodeURIComponent(pollFrom)}`);
    const ids = next.json.items.map((x: { id: string }) => x.id);
    expect(ids.at(-1)).toBe(c);
    expect(ids).not.toContain(yt);
    expect((await poll(youtube, `updated_since=${encodeURIComponent(since)}`)).json.items.map((x: { id: string }) => x.id)).toEqual([yt]);
  });

  it('pages through many changes without skipping or repeating one', async () => {
    t.advance(3_600_000);
    const since = t.ctx.now().toISOString();
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      t.advance(10);
      made.push(await newCase(flagger));
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { json: { items: { id: string }[]; next_cursor: string | null; poll_from?: string } } = await poll(
        flagger,
        `updated_since=${encodeURIComponent(since)}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.json.items.map((x) => x.id));
      cursor = page.json.next_cursor;
      expect(page.json.poll_from === undefined).toBe(cursor !== null);
    } while (cursor);
    expect(seen).toEqual(made);
  });

  it('names the field of a bad time or cursor', async () => {
    const bad = await poll(facebook, 'updated_since=yesterday');
    expect(bad.status).toBe(422);
    expect(bad.json.errors[0].field).toContain('updated_since');
    const cursor = await poll(facebook, `updated_since=2026-01-01T00:00:00Z&cursor=${Buffer.from('nope').toString('base64url')}`);
    expect(cursor.status).toBe(422);
    expect(cursor.json.errors[0].field).toBe('cursor');
    expect((await poll(facebook, 'updated_since=2026-01-01T00:00:00Z&overdue=true')).json.errors[0].field).toBe('overdue');
  });
});
