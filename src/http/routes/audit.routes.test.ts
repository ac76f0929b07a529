import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { call, makeOrg, makePerson, noticeInput, sorInput, type TestOrg, type TestPerson } from '../../../test/factories.ts';
import { uuidv7 } from '../../core/ids.ts';

let t: TestApp;
let authority: TestOrg;
let flagger: TestOrg;
let facebook: TestOrg;
/** A reviewer of the authority: files notices and appeals. */
let clerk: TestPerson;
let authorityAdmin: TestPerson;
/** A reviewer of Facebook: reviews and decides. */
let moderator: TestPerson;
let facebookKeyPrefix: string;
let caseId: string;
let noticeId: string;
let decisionId: string;

beforeAll(async () => {
  t = await openTestApp({ limits: false });
  authority = await makeOrg(t.ctx, 'authority', { name: 'Bộ Thông tin' });
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  clerk = await makePerson(t, authority, 'reviewer', { displayName: 'Chuyên viên Lan' });
  authorityAdmin = await makePerson(t, authority, 'admin', { displayName: 'Trưởng phòng Minh' });
  moderator = await makePerson(t, facebook, 'reviewer', { displayName: 'Moderator Hà' });
  facebookKeyPrefix = (await t.ctx.db.query<{ prefix: string }>('SELECT prefix FROM api_keys WHERE id = $1', [facebook.actor.keyId]))[0]!.prefix;

  // The clerk files a notice; Facebook's moderator reviews and decides; the clerk appeals; Facebook's key answers the appeal.
  const filed = await call(t.app, 'POST', '/api/v1/notices', { headers: clerk.headers, body: noticeInput() });
  expect(filed.status, filed.body).toBe(201);
  noticeId = filed.json.id;
  caseId = filed.json.cases[0].id;
  const steps: [TestPerson | TestOrg, string, unknown][] = [
    [moderator, `/api/v1/cases/${caseId}/actions`, { action: 'start_review' }],
    [moderator, `/api/v1/cases/${caseId}/decisions`, sorInput()],
    [clerk, `/api/v1/cases/${caseId}/actions`, { action: 'appeal', note: 'Quyết định chưa đủ' }],
    [facebook, `/api/v1/cases/${caseId}/no-action`, { decision_facts: 'Nội dung không vi phạm chính sách hay pháp luật.' }],
  ];
  for (const [who, url, body] of steps) {
    const res = await call(t.app, 'POST', url, { headers: who.headers, body });
    expect(res.status, res.body).toBeLessThan(300);
    if (url.endsWith('/decisions')) decisionId = res.json.id;
  }
  // Another organization's notice, which no audit of the authority may show.
  expect((await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput() })).status).toBe(201);
});
afterAll(() => t.close());

const person = (p: TestPerson, name: string) => ({ id: p.personId, display_name: name });

describe('who did what, on the case timeline', () => {
  it('shows the platform its own people and keys, and of the authority only the organization', async () => {
    const res = await call(t.app, 'GET', `/api/v1/cases/${caseId}`, { org: facebook });
    expect(res.status, res.body).toBe(200);
    const byType = (type: string, detail?: string) =>
      res.json.timeline.find((e: any) => e.type === type && (detail === undefined || [e.data.action, e.data.outcome].includes(detail)));

    const fb = { id: facebook.actor.orgId, kind: 'platform', name: facebook.actor.name };
    expect(byType('status_changed', 'start_review').actor).toEqual({ ...fb, person: person(moderator, 'Moderator Hà'), key: null });
    expect(byType('decided', 'restriction').actor).toEqual({ ...fb, person: person(moderator, 'Moderator Hà'), key: null });
    expect(byType('decided', 'no_action').actor).toEqual({ ...fb, person: null, key: { id: facebook.actor.keyId, name: null, prefix: facebookKeyPrefix } });

    // The ministry's clerk stays the ministry: neither the person nor the fields that would name one.
    const org = { id: authority.actor.orgId, kind: 'authority', name: 'Bộ Thông tin' };
    expect(byType('status_changed', 'appeal').actor).toEqual(org);
    expect(byType('notice_received').actor).toEqual(org);
    expect(byType('case_created').actor).toEqual(org);
    expect(res.body).not.toContain(clerk.personId);
    expect(res.body).not.toContain('Chuyên viên Lan');
  });

  it('shows the same timeline to the same platform signed in as a person', async () => {
    const asModerator = await call(t.app, 'GET', `/api/v1/cases/${caseId}`, { headers: moderator.headers });
    const asKey = await call(t.app, 'GET', `/api/v1/cases/${caseId}`, { org: facebook });
    expect(asModerator.json.timeline).toEqual(asKey.json.timeline);
  });

  it('tells a submitter nothing of the platform’s people', async () => {
    const res = await call(t.app, 'GET', `/api/v1/cases/${caseId}`, { headers: clerk.headers });
    expect(res.status, res.body).toBe(200);
    expect(res.body).not.toContain(moderator.personId);
    expect(res.body).not.toContain('Moderator Hà');
    expect(res.body).not.toContain(facebook.actor.keyId!);
  });

  it('records the submitter of a notice and the decider of a decision', async () => {
    const [n] = await t.ctx.db.query<{ p: string | null; k: string | null }>('SELECT submitted_by_person_id AS p, submitted_by_key_id AS k FROM notices WHERE id = $1', [noticeId]);
    expect(n).toEqual({ p: clerk.personId, k: null });
    const [d] = await t.ctx.db.query<{ p: string | null; k: string | null }>('SELECT decided_by_person_id AS p, decided_by_key_id AS k FROM decisions WHERE id = $1', [decisionId]);
    expect(d).toEqual({ p: moderator.personId, k: null });
  });

  it('keeps system events without a person or key', async () => {
    const rows = await t.ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM case_events WHERE actor_org_id IS NULL AND (actor_person_id IS NOT NULL OR actor_key_id IS NOT NULL)',
    );
    expect(rows[0]!.n).toBe(0);
  });
});

describe('GET /api/v1/audit', () => {
  it("lists an admin's organization's actions, newest first, with the person or key, and nobody else's", async () => {
    // One more notice, by the authority's key this time.
    const byKey = await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: noticeInput() });
    expect(byKey.status, byKey.body).toBe(201);

    const res = await call(t.app, 'GET', '/api/v1/audit', { headers: authorityAdmin.headers });
    expect(res.status, res.body).toBe(200);
    expect(res.json.next_cursor).toBeNull();
    const items = res.json.items;
    expect(items.map((i: any) => i.type)).toEqual(['notice_submitted', 'status_changed', 'notice_submitted']);
    expect(items[0]).toMatchObject({ notice_id: byKey.json.id, person: null, key: { id: authority.actor.keyId, prefix: expect.any(String) } });
    expect(items[1]).toEqual({
      id: expect.any(String),
      at: expect.any(String),
      type: 'status_changed',
      case_id: caseId,
      person: person(clerk, 'Chuyên viên Lan'),
      key: null,
      summary: 'appeal: decided → appealed',
    });
    expect(items[2]).toMatchObject({ notice_id: noticeId, person: person(clerk, 'Chuyên viên Lan'), key: null, summary: expect.stringContaining('notice submitted') });
    // Facebook's moderator acted on the same case: that is Facebook's to audit.
    expect(res.body).not.toContain(moderator.personId);
    expect(items.every((i: any, k: number) => k === 0 || i.at <= items[k - 1].at)).toBe(true);
  });

  it("lists a platform's decisions and actions to its key", async () => {
    const res = await call(t.app, 'GET', '/api/v1/audit', { org: facebook });
    expect(res.status, res.body).toBe(200);
    expect(res.json.items.map((i: any) => [i.type, i.person?.id ?? null, i.key?.id ?? null])).toEqual([
      ['decided', null, facebook.actor.keyId],
      ['decided', moderator.personId, null],
      ['status_changed', moderator.personId, null],
    ]);
    expect(res.json.items[1].summary).toBe('decided (restriction): in_review → decided');
    expect(res.json.items[0].summary).toBe('decided (no_action): appealed → decided');
    expect(res.body).not.toContain(clerk.personId);
  });

  it('filters by person', async () => {
    const res = await call(t.app, 'GET', `/api/v1/audit?person_id=${clerk.personId}`, { headers: authorityAdmin.headers });
    expect(res.status, res.body).toBe(200);
    expect(res.json.items).toHaveLength(2);
    expect(res.json.items.every((i: any) => i.person.id === clerk.personId)).toBe(true);
    // A person of another organization: nothing, as for anyone unknown.
    const foreign = await call(t.app, 'GET', `/api/v1/audit?person_id=${moderator.personId}`, { headers: authorityAdmin.headers });
    expect(foreign.json.items).toEqual([]);
  });

  it('pages with a cursor, never skipping or repeating a row', async () => {
    const all = (await call(t.app, 'GET', '/api/v1/audit', { headers: authorityAdmin.headers })).json.items.map((i: any) => i.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Awaited<ReturnType<typeof call>> = await call(t.app, 'GET', `/api/v1/audit?limit=1${cursor ? `&cursor=${cursor}` : ''}`, { headers: authorityAdmin.headers });
      expect(res.status, res.body).toBe(200);
      expect(res.json.items.length).toBeLessThanOrEqual(1);
      seen.push(...res.json.items.map((i: any) => i.id));
      cursor = res.json.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(all.length).toBe(3);
  });

  it('refuses reviewers and viewers (403), and bad cursors or person ids (422)', async () => {
    const viewer = await makePerson(t, authority, 'viewer');
    for (const who of [clerk, viewer, moderator]) {
      const res = await call(t.app, 'GET', '/api/v1/audit', { headers: who.headers });
      expect(res.status, res.body).toBe(403);
    }
    expect((await call(t.app, 'GET', '/api/v1/audit?cursor=nope', { headers: authorityAdmin.headers })).status).toBe(422);
    expect((await call(t.app, 'GET', '/api/v1/audit?person_id=nope', { headers: authorityAdmin.headers })).status).toBe(422);
    expect((await call(t.app, 'GET', `/api/v1/audit?person_id=${uuidv7()}`, { headers: authorityAdmin.headers })).json.items).toEqual([]);
    expect((await call(t.app, 'GET', '/api/v1/audit')).status).toBe(401);
  });
});
