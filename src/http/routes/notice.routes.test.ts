import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshUrl, makeOrg, noticeInput, sorInput, type TestOrg } from '../../../test/factories.ts';
import { openTestApp, type TestApp } from '../../../test/app.ts';

let t: TestApp;
let authority: TestOrg;
let flagger: TestOrg;
let reporter: TestOrg;
let facebook: TestOrg;

beforeAll(async () => {
  t = await openTestApp();
  authority = await makeOrg(t.ctx, 'authority');
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
  reporter = await makeOrg(t.ctx, 'public_reporter');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
});
afterAll(() => t.close());

describe('POST /api/v1/notices', () => {
  it('accepts a notice, opens a case per item and gives authorities a 24 h deadline', async () => {
    const res = await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: noticeInput() });
    expect(res.status).toBe(201);
    expect(res.json.cases).toHaveLength(1);
    expect(res.json.cases[0]).toMatchObject({ platform: 'facebook', created: true, platform_onboarded: true });
    const hours = (Date.parse(res.json.due_at) - Date.parse(res.json.received_at)) / 3_600_000;
    expect(hours).toBe(24);
  });

  it('joins URL variants of the same content to one case, whoever reports them', async () => {
    const id = Date.now();
    const first = await call(t.app, 'POST', '/api/v1/notices', {
      org: authority,
      body: noticeInput({ items: [{ url: `https://www.facebook.com/somepage/posts/${id}` }] }),
    });
    const variants = [
      `https://m.facebook.com/somepage/posts/${id}/?fbclid=IwAR123&utm_source=zalo`,
      `https://mbasic.facebook.com/somepage/posts/${id}#comments`,
      `https://facebook.com/somepage/posts/${id}/`,
    ];
    for (const url of variants) {
      const again = await call(t.app, 'POST', '/api/v1/notices', { org: reporter, body: noticeInput({ items: [{ url }], legal_basis: undefined }) });
      expect(again.status).toBe(201);
      expect(again.json.cases[0].id).toBe(first.json.cases[0].id);
      expect(again.json.cases[0].created).toBe(false);
    }
    const view = await call(t.app, 'GET', `/api/v1/cases/${first.json.cases[0].id}`, { org: facebook });
    expect(view.json.notice_count).toBe(4);
  });

  it('requires a legal basis from an authority, naming the field', async () => {
    const res = await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: noticeInput({ legal_basis: undefined }) });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json.errors).toContainEqual(expect.objectContaining({ field: 'legal_basis' }));
  });

  it('does not require a legal basis from a trusted flagger', async () => {
    const res = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ legal_basis: undefined }) });
    expect(res.status).toBe(201);
    expect((Date.parse(res.json.due_at) - Date.parse(res.json.received_at)) / 3_600_000).toBe(48);
  });

  it('names every invalid field at once', async () => {
    const res = await call(t.app, 'POST', '/api/v1/notices', {
      org: flagger,
      body: { category: 'STATEMENT_CATEGORY_NOPE', items: [{ url: 'javascript:alert(1)' }, {}], explanation: 'x', colour: 'red' },
    });
    expect(res.status).toBe(422);
    const fields = res.json.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['category', 'items[1].url', 'colour']));
  });

  it('refuses a NUL character with the field named, instead of failing in the database', async () => {
    const res = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ items: [{ url: freshUrl(), text: 'a\u0000b' }] }) });
    expect(res.status).toBe(422);
    expect(res.json.errors[0].field).toBe('items[0].text');
  });

  it('refuses a lone surrogate with the field named: the record could not be stored or logged', async () => {
    const res = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ explanation: 'Lừa đảo \ud800 chiếm đoạt tài sản' }) });
    expect(res.status).toBe(422);
    expect(res.json.errors).toEqual([expect.objectContaining({ field: 'explanation', message: expect.stringMatching(/lone surrogate/) })]);
    // A well-formed pair (an emoji) is of course fine.
    const ok = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ explanation: 'Lừa đảo 😀 chiếm đoạt tài sản qua trang giả mạo' }) });
    expect(ok.status).toBe(201);
  });

  it('rejects an unusable URL with the item named', async () => {
    const res = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ items: [{ url: freshUrl() }, { url: 'javascript:alert(1)' }] }) });
    expect(res.status).toBe(422);
    expect(res.json.errors[0].field).toBe('items[1].url');
  });

  it('keeps content on a platform nobody answers for, and says so', async () => {
    const res = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ items: [{ url: freshUrl('tiktok') }] }) });
    expect(res.status).toBe(201);
    expect(res.json.cases[0]).toMatchObject({ platform: 'tiktok', platform_onboarded: false });
  });

  it('reports a resubmitted notice as a duplicate with the original id', async () => {
    const body = noticeInput();
    const first = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body });
    const again = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body });
    expect(again.status).toBe(409);
    expect(again.json.existing_id).toBe(first.json.id);
  });

  it('replays the first answer for a retried Idempotency-Key and creates nothing new', async () => {
    const body = noticeInput();
    const headers = { 'idempotency-key': `retry-${Date.now()}` };
    const first = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body, headers });
    const retry = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body, headers });
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const other = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput(), headers });
    expect(other.status).toBe(422);
    expect(other.json.code).toBe('idempotency_key_reused');
  });

  it('answers concurrent requests with the same Idempotency-Key with one notice', async () => {
    const body = noticeInput();
    const headers = { 'idempotency-key': `race-${Date.now()}` };
    const answers = await Promise.all([1, 2, 3].map(() => call(t.app, 'POST', '/api/v1/notices', { org: flagger, body, headers })));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.json.id)).size).toBe(1);
  });

  it('gives every one of many concurrent submitters its own answer, and one case per content', async () => {
    const url = freshUrl();
    const orgs = [authority, flagger, reporter, await makeOrg(t.ctx, 'rights_holder'), await makeOrg(t.ctx, 'trusted_flagger')];
    const answers = await Promise.all(
      orgs.flatMap((org) => [
        call(t.app, 'POST', '/api/v1/notices', { org, body: noticeInput({ items: [{ url }] }) }),
        call(t.app, 'POST', '/api/v1/notices', { org, body: noticeInput() }),
      ]),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    const shared = answers.filter((_, i) => i % 2 === 0).map((a) => a.json.cases[0]);
    expect(new Set(shared.map((c) => c.id)).size).toBe(1);
    expect(shared.filter((c) => c.created)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.json.id)).size).toBe(answers.length);
    const view = await call(t.app, 'GET', `/api/v1/cases/${shared[0].id}`, { org: facebook });
    expect(view.json.notice_count).toBe(orgs.length);
  });

  it('refuses notices from platforms', async () => {
    const res = await call(t.app, 'POST', '/api/v1/notices', { org: facebook, body: noticeInput() });
    expect(res.status).toBe(403);
  });

  it('answers 401 without a valid key, 400 for broken JSON and 413 for oversized bodies', async () => {
    expect((await call(t.app, 'POST', '/api/v1/notices', { body: noticeInput() })).status).toBe(401);
    expect((await call(t.app, 'POST', '/api/v1/notices', { body: noticeInput(), headers: { authorization: 'Bearer mbk_wrong' } })).status).toBe(401);
    const broken = await t.app.inject({ method: 'POST', url: '/api/v1/notices', headers: { ...flagger.headers, 'content-type': 'application/json' }, payload: '{"category":' });
    expect(broken.statusCode).toBe(400);
    const text = await t.app.inject({ method: 'POST', url: '/api/v1/notices', headers: { ...flagger.headers, 'content-type': 'text/plain' }, payload: 'hello' });
    expect(text.statusCode).toBe(415);
    const huge = await t.app.inject({
      method: 'POST',
      url: '/api/v1/notices',
      headers: { ...flagger.headers, 'content-type': 'application/json' },
      payload: JSON.stringify(noticeInput({ explanation: 'x'.repeat(17 * 1024 * 1024) })),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('payload_too_large');
  });
});

describe('marking a notice urgent', () => {
  it('is for authorities and trusted flaggers only: anyone else is told which field to change', async () => {
    for (const kind of ['public_reporter', 'rights_holder'] as const) {
      const org = kind === 'public_reporter' ? reporter : await makeOrg(t.ctx, kind);
      const res = await call(t.app, 'POST', '/api/v1/notices', { org, body: noticeInput({ urgency: 'urgent', legal_basis: undefined }) });
      expect(res.status).toBe(422);
      expect(res.json.errors).toEqual([expect.objectContaining({ field: 'urgency' })]);
    }
    const flagged = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ urgency: 'urgent', legal_basis: undefined }) });
    expect(flagged.status).toBe(201);
    expect((Date.parse(flagged.json.due_at) - Date.parse(flagged.json.received_at)) / 3_600_000).toBe(24);
  });

  it('rejects only the urgent item of a batch from a public reporter', async () => {
    const res = await call(t.app, 'POST', '/api/v1/notices/batch', {
      org: reporter,
      body: { notices: [noticeInput({ urgency: 'urgent', legal_basis: undefined }), noticeInput({ legal_basis: undefined })] },
    });
    expect(res.json.results.map((r: { status: string }) => r.status)).toEqual(['rejected', 'accepted']);
    expect(res.json.results[0].errors[0].field).toBe('urgency');
  });
});

describe('a notice on a case the platform already answered', () => {
  const post = (org: TestOrg, url: string) =>
    call(t.app, 'POST', '/api/v1/notices', { org, body: noticeInput({ items: [{ url }], ...(org === authority ? {} : { legal_basis: undefined }) }) });
  const caseView = async (id: string) => (await call(t.app, 'GET', `/api/v1/cases/${id}`, { org: facebook })).json;

  it("reopens a case answered with no action, on the new notice's 24 h clock, and shows it on the timeline", async () => {
    // The shield: a flagger's notice gets a no-action answer; the authority's request comes later.
    const url = freshUrl();
    const first = await post(flagger, url);
    const id = first.json.cases[0].id;
    const answer = await call(t.app, 'POST', `/api/v1/cases/${id}/no-action`, { org: facebook, body: { decision_facts: 'Nội dung không vi phạm chính sách hay pháp luật.' } });
    expect(answer.status).toBe(201);
    expect((await caseView(id)).status).toBe('decided');

    t.advance(3_600_000);
    try {
      const request = await post(authority, url);
      expect(request.status).toBe(201);
      expect(request.json.cases[0]).toMatchObject({ id, created: false, status: 'in_review', reopened: true });
      expect(request.json.cases[0].existing_decision).toBeUndefined();

      const reopened = await caseView(id);
      expect(reopened).toMatchObject({ status: 'in_review', due_at: request.json.due_at, overdue: false, authority_request: true });
      const event = reopened.timeline.find((e: { type: string }) => e.type === 'reopened_by_notice');
      expect(event).toMatchObject({
        actor: null,
        data: { from: 'decided', to: 'in_review', due_at: request.json.due_at, notice_ids: [request.json.id], previous_decision_id: answer.json.id },
      });

      // Its clock runs: after 24 h without an answer the case is overdue.
      t.advance(25 * 3_600_000);
      expect((await caseView(id)).overdue).toBe(true);
      // A second notice does not reopen it again; it joins the open case.
      const again = await post(reporter, url);
      expect(again.json.cases[0]).toMatchObject({ id, status: 'in_review', reopened: false });
      expect((await call(t.app, 'POST', `/api/v1/cases/${id}/decisions`, { org: facebook, body: sorInput() })).status).toBe(201);
    } finally {
      t.advance(-26 * 3_600_000);
    }
  });

  it('does not reopen it for a submitter whose notice the answer already weighed: that one appeals, once', async () => {
    const url = freshUrl();
    const id = (await post(flagger, url)).json.cases[0].id;
    const answer = await call(t.app, 'POST', `/api/v1/cases/${id}/no-action`, { org: facebook, body: { decision_facts: 'Nội dung không vi phạm chính sách hay pháp luật.' } });
    const again = await post(flagger, url);
    expect(again.status).toBe(201);
    expect(again.json.cases[0]).toMatchObject({ id, status: 'decided', reopened: false, existing_decision: { id: answer.json.id, outcome: 'no_action' } });
    expect((await caseView(id)).status).toBe('decided');
    // An organization new to the case is another matter.
    expect((await post(reporter, url)).json.cases[0]).toMatchObject({ id, status: 'in_review', reopened: true });
  });

  it('reopens a closed case whose answer restricted nothing', async () => {
    const url = freshUrl();
    const id = (await post(flagger, url)).json.cases[0].id;
    await call(t.app, 'POST', `/api/v1/cases/${id}/no-action`, { org: facebook, body: { decision_facts: 'Nội dung không vi phạm chính sách hay pháp luật.' } });
    expect((await call(t.app, 'POST', `/api/v1/cases/${id}/actions`, { org: facebook, body: { action: 'close' } })).json.status).toBe('closed');
    const res = await post(authority, url);
    expect(res.json.cases[0]).toMatchObject({ id, status: 'in_review', reopened: true });
    const view = await caseView(id);
    expect(view.status).toBe('in_review');
    expect(view.timeline.find((e: { type: string }) => e.type === 'reopened_by_notice').data.from).toBe('closed');
  });

  it('answers a notice on restricted content with the existing decision, and leaves the case decided', async () => {
    const url = freshUrl();
    const id = (await post(flagger, url)).json.cases[0].id;
    const decision = await call(t.app, 'POST', `/api/v1/cases/${id}/decisions`, { org: facebook, body: sorInput() });
    expect(decision.status).toBe(201);
    const before = await caseView(id);

    const res = await post(authority, url);
    expect(res.status).toBe(201);
    expect(res.json.cases[0]).toMatchObject({
      id,
      status: 'decided',
      reopened: false,
      existing_decision: { id: decision.json.id, outcome: 'restriction', decided_at: before.decided_at },
    });
    const after = await caseView(id);
    expect(after).toMatchObject({ status: 'decided', due_at: before.due_at, overdue: false });
    expect(after.timeline.map((e: { type: string }) => e.type)).not.toContain('reopened_by_notice');
    // The submitter sees the decision on the case too.
    const mine = await call(t.app, 'GET', `/api/v1/cases/${id}`, { org: authority });
    expect(mine.json.decisions.map((d: { id: string }) => d.id)).toEqual([decision.json.id]);
  });

  it('keeps the answer to a restriction upheld on appeal, but reopens one reversed to no action', async () => {
    const url = freshUrl();
    const id = (await post(flagger, url)).json.cases[0].id;
    await call(t.app, 'POST', `/api/v1/cases/${id}/decisions`, { org: facebook, body: sorInput() });
    expect((await call(t.app, 'POST', `/api/v1/cases/${id}/actions`, { org: facebook, body: { action: 'appeal' } })).status).toBe(200);
    // Another key than the first decision's: an appeal is reviewed by someone who took no part (appeal-decision.ts).
    const reviewer = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
    const reversed = await call(t.app, 'POST', `/api/v1/cases/${id}/no-action`, { org: reviewer, body: { decision_facts: 'Khiếu nại có cơ sở, nội dung được khôi phục.' } });
    expect(reversed.status).toBe(201);
    const res = await post(reporter, url);
    expect(res.json.cases[0]).toMatchObject({ id, status: 'in_review', reopened: true });
  });
});

describe('POST /api/v1/notices/batch', () => {
  it('accepts good items, rejects bad ones with reasons, and reports repeats with their ids', async () => {
    const earlier = noticeInput();
    const first = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: earlier });
    const same = noticeInput();
    const res = await call(t.app, 'POST', '/api/v1/notices/batch', {
      org: flagger,
      body: { notices: [noticeInput(), { category: 'nope' }, earlier, same, same, noticeInput({ items: [{ url: 'not a url' }] })] },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ accepted: 2, repeats: 2, rejected: 2 });
    const r = res.json.results;
    expect(r[0].status).toBe('accepted');
    expect(r[1]).toMatchObject({ status: 'rejected', errors: expect.arrayContaining([expect.objectContaining({ field: 'category' })]) });
    expect(r[2]).toEqual({ index: 2, status: 'repeat', existing_id: first.json.id });
    expect(r[4]).toEqual({ index: 4, status: 'repeat', existing_id: r[3].notice.id });
    expect(r[5].errors[0].field).toBe('items[0].url');
  });

  it('rejects an item that is not even an object without sinking the rest', async () => {
    const res = await call(t.app, 'POST', '/api/v1/notices/batch', { org: flagger, body: { notices: [null, 5, noticeInput()] } });
    expect(res.status).toBe(200);
    expect(res.json.results.map((r: { status: string }) => r.status)).toEqual(['rejected', 'rejected', 'accepted']);
  });

  it('takes at most 100 notices', async () => {
    const res = await call(t.app, 'POST', '/api/v1/notices/batch', { org: flagger, body: { notices: Array.from({ length: 101 }, () => noticeInput()) } });
    expect(res.status).toBe(422);
    expect(res.json.errors[0].field).toBe('notices');
  });

  it('replays a retried batch with the same Idempotency-Key', async () => {
    const body = { notices: [noticeInput(), noticeInput()] };
    const headers = { 'idempotency-key': `batch-${Date.now()}` };
    const first = await call(t.app, 'POST', '/api/v1/notices/batch', { org: flagger, body, headers });
    const retry = await call(t.app, 'POST', '/api/v1/notices/batch', { org: flagger, body, headers });
    expect(retry.json).toEqual(first.json);
    expect(first.json.accepted).toBe(2);
  });
});

describe('GET /api/v1/notices', () => {
  it("lists the submitter's own notices only, page by page", async () => {
    const mine = await makeOrg(t.ctx, 'rights_holder');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await call(t.app, 'POST', '/api/v1/notices', { org: mine, body: noticeInput() })).json.id);
    const page1 = await call(t.app, 'GET', '/api/v1/notices?limit=2', { org: mine });
    expect(page1.json.items.map((n: { id: string }) => n.id)).toEqual([ids[2], ids[1]]);
    const page2 = await call(t.app, 'GET', `/api/v1/notices?limit=2&cursor=${page1.json.next_cursor}`, { org: mine });
    expect(page2.json.items.map((n: { id: string }) => n.id)).toEqual([ids[0]]);
    expect(page2.json.next_cursor).toBeNull();
    expect((await call(t.app, 'GET', `/api/v1/notices/${ids[0]}`, { org: mine })).status).toBe(200);
    expect((await call(t.app, 'GET', `/api/v1/notices/${ids[0]}`, { org: flagger })).status).toBe(404);
  });
});
