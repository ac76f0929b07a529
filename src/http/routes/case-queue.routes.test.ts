import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshUrl, makeOrg, makePerson, noticeInput, type TestOrg, type TestPerson } from '../../../test/factories.ts';
import { openTestApp, type TestApp } from '../../../test/app.ts';

/**
 * The queue a reviewer works from (issue 13): assignment within one's organization, "assigned to
 * me", the soonest deadline first, and the counts at the top of the page.
 */
let t: TestApp;
let authority: TestOrg;
let platform: TestOrg;
let otherPlatform: TestOrg;
let reviewer: TestPerson;
let colleague: TestPerson;
let viewer: TestPerson;
let stranger: TestPerson;
let clerk: TestPerson;

const HOUR = 3_600_000;

beforeAll(async () => {
  t = await openTestApp();
  authority = await makeOrg(t.ctx, 'authority');
  // A service of its own, so this file's counts are its own whatever else the database holds.
  platform = await makeOrg(t.ctx, 'platform', { platform: 'tiktok' });
  otherPlatform = await makeOrg(t.ctx, 'platform', { platform: 'youtube' });
  reviewer = await makePerson(t, platform, 'reviewer', { displayName: 'Lê Văn Xử' });
  colleague = await makePerson(t, platform, 'reviewer', { displayName: 'Phạm Thị Lý' });
  viewer = await makePerson(t, platform, 'viewer');
  stranger = await makePerson(t, otherPlatform, 'reviewer');
  clerk = await makePerson(t, authority, 'reviewer', { displayName: 'Cán bộ theo dõi' });
});
afterAll(() => t.close());

async function newCase(org: TestOrg = authority): Promise<string> {
  const res = await call(t.app, 'POST', '/api/v1/notices', { org, body: noticeInput({ items: [{ url: freshUrl('tiktok') }] }) });
  expect(res.status, res.body).toBe(201);
  return res.json.cases[0].id;
}

const as = (p: TestPerson) => ({ headers: p.headers });
const assign = (p: TestPerson, caseId: string, personId: string | null) => call(t.app, 'PUT', `/api/v1/cases/${caseId}/assignee`, { ...as(p), body: { person_id: personId } });
const ids = (res: { json: { items: { id: string }[] } }) => res.json.items.map((c) => c.id);

describe('assigning a case', () => {
  it('gives a case to a reviewer, shows it in the list, the case and the timeline, and in "assigned to me"', async () => {
    const id = await newCase();
    const res = await assign(reviewer, id, colleague.personId);
    expect(res.status, res.body).toBe(200);
    expect(res.json).toMatchObject({ case_id: id, assignee: { id: colleague.personId, display_name: 'Phạm Thị Lý' } });

    const mine = await call(t.app, 'GET', '/api/v1/cases?assigned_to=me&limit=200', as(colleague));
    expect(ids(mine)).toContain(id);
    expect(mine.json.items.find((c: { id: string }) => c.id === id).assignee).toEqual({ id: colleague.personId, display_name: 'Phạm Thị Lý' });
    expect(ids(await call(t.app, 'GET', '/api/v1/cases?assigned_to=me&limit=200', as(reviewer)))).not.toContain(id);
    expect(ids(await call(t.app, 'GET', '/api/v1/cases?assigned_to=nobody&limit=200', as(reviewer)))).not.toContain(id);
    expect(ids(await call(t.app, 'GET', `/api/v1/cases?assigned_to=${colleague.personId}&limit=200`, as(reviewer)))).toContain(id);

    const detail = await call(t.app, 'GET', `/api/v1/cases/${id}`, as(reviewer));
    expect(detail.json.assignee).toEqual({ id: colleague.personId, display_name: 'Phạm Thị Lý' });
    const event = detail.json.timeline.find((e: { type: string }) => e.type === 'assigned');
    expect(event.actor.person).toEqual({ id: reviewer.personId, display_name: 'Lê Văn Xử' });
    expect(event.data).toEqual({ person_id: colleague.personId, display_name: 'Phạm Thị Lý' });

    // Taken back: nobody has it.
    expect((await assign(colleague, id, null)).json.assignee).toBeNull();
    expect(ids(await call(t.app, 'GET', '/api/v1/cases?assigned_to=nobody&limit=200', as(reviewer)))).toContain(id);
  });

  it('offers the organization’s active reviewers and admins to pick from, never its viewers', async () => {
    const res = await call(t.app, 'GET', '/api/v1/cases/assignees', as(viewer));
    expect(res.status).toBe(200);
    const names = res.json.items.map((p: { id: string }) => p.id);
    expect(names).toEqual(expect.arrayContaining([reviewer.personId, colleague.personId]));
    expect(names).not.toContain(viewer.personId);
    expect(names).not.toContain(stranger.personId);
  });

  it('keeps each organization’s assignments its own', async () => {
    const id = await newCase();
    expect((await call(t.app, 'PUT', `/api/v1/cases/${id}/assignee`, { headers: clerk.headers, body: { person_id: clerk.personId } })).status).toBe(200);
    // The platform sees neither the ministry's assignee nor its assignment on the timeline.
    const seen = await call(t.app, 'GET', `/api/v1/cases/${id}`, as(reviewer));
    expect(seen.json.assignee).toBeNull();
    expect(seen.json.timeline.map((e: { type: string }) => e.type)).not.toContain('assigned');
    // The ministry's queue shows its own.
    const theirs = await call(t.app, 'GET', '/api/v1/cases?assigned_to=me&limit=200', { headers: clerk.headers });
    expect(ids(theirs)).toContain(id);
  });

  it('refuses a viewer, someone of another organization, and a case that is not yours, each naming why', async () => {
    const id = await newCase();
    const byViewer = await assign(viewer, id, viewer.personId);
    expect(byViewer.status).toBe(403);
    const toViewer = await assign(reviewer, id, viewer.personId);
    expect(toViewer.status).toBe(422);
    expect(toViewer.json.errors).toEqual([{ field: 'person_id', message: expect.stringContaining('viewer') }]);
    const toStranger = await assign(reviewer, id, stranger.personId);
    expect(toStranger.status).toBe(422);
    expect(toStranger.json.errors[0]).toMatchObject({ field: 'person_id', message: 'is not an active person of your organization' });
    const notAnId = await assign(reviewer, id, 'Lan');
    expect(notAnId.status).toBe(422);
    expect(notAnId.json.errors[0].field).toBe('person_id');
    // Another platform's reviewer: the case does not exist for them.
    expect((await assign(stranger, id, stranger.personId)).status).toBe(404);
  });

  it('says "me" needs a person when an API key asks', async () => {
    const res = await call(t.app, 'GET', '/api/v1/cases?assigned_to=me', { org: platform });
    expect(res.status).toBe(422);
    expect(res.json.errors[0].field).toBe('assigned_to');
    expect((await call(t.app, 'GET', '/api/v1/cases?assigned_to=someone', { org: platform })).json.errors[0].field).toBe('assigned_to');
  });
});

describe('the queue sorted by deadline, and its counts', () => {
  it('lists the soonest deadline first through every page, and says when each case becomes due soon', async () => {
    // Notices of a flagger get a longer deadline than an authority's 24 h.
    const flagger = await makeOrg(t.ctx, 'trusted_flagger');
    const late = await newCase(flagger);
    const soon = await newCase(authority);
    const all: { id: string; due_at: string | null; due_soon_at: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; json: { items: typeof all; next_cursor: string | null } } = await call(
        t.app,
        'GET',
        `/api/v1/cases?sort=deadline&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        as(reviewer),
      );
      expect(page.status).toBe(200);
      all.push(...page.json.items);
      cursor = page.json.next_cursor;
    } while (cursor);
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    const times = all.map((c) => (c.due_at ? Date.parse(c.due_at) : Infinity));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(all.findIndex((c) => c.id === soon)).toBeLessThan(all.findIndex((c) => c.id === late));
    const s = all.find((c) => c.id === soon)!;
    expect(Date.parse(s.due_soon_at!)).toBeLessThan(Date.parse(s.due_at!));
    // A cursor of one order is refused by the other, naming it.
    const first = await call(t.app, 'GET', '/api/v1/cases?sort=deadline&limit=1', as(reviewer));
    const wrong = await call(t.app, 'GET', `/api/v1/cases?limit=1&cursor=${first.json.next_cursor}`, as(reviewer));
    expect(wrong.status).toBe(422);
    expect(wrong.json.errors[0].field).toBe('cursor');
  });

  it('counts open, overdue, due soon, mine and nobody’s as the list finds them', async () => {
    const before = (await call(t.app, 'GET', '/api/v1/cases/counts', as(colleague))).json;
    const a = await newCase();
    const b = await newCase();
    await assign(reviewer, a, colleague.personId);
    const after = (await call(t.app, 'GET', '/api/v1/cases/counts', as(colleague))).json;
    expect(after.total - before.total).toBe(2);
    expect(after.by_status.received - before.by_status.received).toBe(2);
    expect(after.assigned_to_me - before.assigned_to_me).toBe(1);
    expect(after.unassigned_open - before.unassigned_open).toBe(1);
    // Each count is what the list finds with the same filter.
    const listed = async (q: string) => {
      const items: unknown[] = [];
      let cursor: string | null = null;
      do {
        const page: { json: { items: unknown[]; next_cursor: string | null } } = await call(
          t.app,
          'GET',
          `/api/v1/cases?limit=200${q}${cursor ? `&cursor=${cursor}` : ''}`,
          as(colleague),
        );
        items.push(...page.json.items);
        cursor = page.json.next_cursor;
      } while (cursor);
      return items.length;
    };
    expect(after.total).toBe(await listed(''));
    expect(after.by_status.received).toBe(await listed('&status=received'));
    expect(after.assigned_to_me).toBe(await listed('&assigned_to=me&status=received'));

    // 23 h later this file's authority cases are due soon; a day later overdue. (Sessions have
    // expired by then: the platform's key asks.)
    t.advance(23 * HOUR);
    const dueSoon = (await call(t.app, 'GET', '/api/v1/cases/counts', { org: platform })).json;
    expect(dueSoon.due_soon).toBeGreaterThanOrEqual(2);
    t.advance(2 * HOUR);
    const late = (await call(t.app, 'GET', '/api/v1/cases/counts', { org: platform })).json;
    expect(late.assigned_to_me).toBeNull();
    const overdue = await call(t.app, 'GET', '/api/v1/cases?overdue=true&limit=200', { org: platform });
    expect(late.overdue).toBe(overdue.json.items.length);
    expect(late.overdue).toBeGreaterThanOrEqual(2);
    expect(ids(overdue)).toEqual(expect.arrayContaining([a, b]));
  });
});
