import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { call, freshUrl, makeOrg, noticeInput, sorInput } from '../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

interface Row {
  type: string;
  org_id: string | null;
  data: Record<string, unknown>;
}

const eventsOfCase = (caseId: string) => t.ctx.db.query<Row>('SELECT type, org_id, data FROM outbox WHERE case_id = $1 ORDER BY seq', [caseId]);
const recordEvent = (recordId: string) => t.ctx.db.query<Row>(`SELECT type, org_id, data FROM outbox WHERE type = 'record.published' AND data->>'record_id' = $1`, [recordId]);

describe('domain events in the outbox', () => {
  it("records a case's life in order, in the transactions that change it", async () => {
    const authority = await makeOrg(t.ctx, 'authority');
    const platform = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
    const url = `${freshUrl()}?fbclid=secret-token`;
    const sent = await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: noticeInput({ items: [{ url }] }) });
    expect(sent.status).toBe(201);
    const caseId = sent.json.cases[0].id as string;

    expect(await eventsOfCase(caseId)).toEqual([
      { type: 'case.created', org_id: null, data: expect.objectContaining({ case_id: caseId, platform: 'facebook', authority_request: true, status: 'received' }) },
      {
        type: 'notice.received',
        org_id: authority.actor.orgId,
        data: expect.objectContaining({ notice_id: sent.json.id, case_id: caseId, submitter_kind: 'authority', notice_due_at: sent.json.due_at }),
      },
    ]);
    // A submitter's URL as sent (with its tokens) never leaves in an event.
    expect(JSON.stringify(await eventsOfCase(caseId))).not.toContain('secret-token');

    expect((await call(t.app, 'POST', `/api/v1/cases/${caseId}/actions`, { org: platform, body: { action: 'start_review', note: 'gọi cho anh Nam 0912345678' } })).status).toBe(
      200,
    );
    const decided = await call(t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, { org: platform, body: sorInput() });
    expect(decided.status).toBe(201);
    const appealed = await call(t.app, 'POST', `/api/v1/cases/${caseId}/actions`, { org: authority, body: { action: 'appeal' } });
    expect(appealed.status).toBe(200);

    const events = await eventsOfCase(caseId);
    expect(events.map((e) => e.type)).toEqual(['case.created', 'notice.received', 'case.updated', 'decision.created', 'notice.answered', 'appeal.created']);
    expect(events[2]).toMatchObject({ org_id: platform.actor.orgId, data: { change: 'start_review', from: 'received', status: 'in_review' } });
    // The reviewer's note is free text: it stays on the timeline.
    expect(JSON.stringify(events[2])).not.toContain('0912345678');
    expect(events[3]).toMatchObject({
      org_id: platform.actor.orgId,
      data: { decision_id: decided.json.id, outcome: 'restriction', public_record_id: decided.json.public_record_id },
    });
    // The decision answers the authority's notice, for it alone (notice-outcome.service.ts).
    expect(events[4]).toMatchObject({ org_id: platform.actor.orgId, data: { notice_id: sent.json.id, decision_id: decided.json.id, submitter_org_id: authority.actor.orgId } });
    expect(events[5]).toMatchObject({ org_id: authority.actor.orgId, data: { appellant_kind: 'authority', status: 'appealed' } });
    // A record is announced once it is in the transparency log, with the index its proof is fetched by.
    expect(await recordEvent(decided.json.public_record_id)).toEqual([]);
    await t.integrate();
    expect(await recordEvent(decided.json.public_record_id)).toEqual([
      {
        type: 'record.published',
        org_id: null,
        data: expect.objectContaining({ record_type: 'statement_of_reasons', platform: 'facebook', log_index: expect.any(Number) }),
      },
    ]);
  });

  it('writes nothing for a notice that is refused or repeated', async () => {
    const flagger = await makeOrg(t.ctx, 'trusted_flagger');
    const before = await t.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox');
    const input = noticeInput({ legal_basis: undefined });
    expect((await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: { ...input, category: 'NOT_A_CATEGORY' } })).status).toBe(422);
    const first = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: input });
    expect(first.status).toBe(201);
    const after = await t.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox');
    // A case and its notice (the notice's public record is announced when it enters the log).
    expect(after[0]!.n - before[0]!.n).toBe(2);
    expect((await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: input })).status).toBe(409);
    const again = await t.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox');
    expect(again[0]!.n).toBe(after[0]!.n);
  });

  it('says when a new notice reopens a case answered with no action', async () => {
    const flagger = await makeOrg(t.ctx, 'trusted_flagger');
    const other = await makeOrg(t.ctx, 'trusted_flagger');
    const platform = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
    const url = freshUrl();
    const sent = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ legal_basis: undefined, items: [{ url }] }) });
    const caseId = sent.json.cases[0].id as string;
    const refused = await call(t.app, 'POST', `/api/v1/cases/${caseId}/no-action`, {
      org: platform,
      body: { decision_facts: 'Nội dung không vi phạm chính sách; not against our terms.' },
    });
    expect(refused.status, JSON.stringify(refused.json)).toBe(201);
    expect((await call(t.app, 'POST', '/api/v1/notices', { org: other, body: noticeInput({ legal_basis: undefined, items: [{ url }] }) })).status).toBe(201);
    const types = (await eventsOfCase(caseId)).map((e) => e.type);
    expect(types).toEqual(['case.created', 'notice.received', 'decision.created', 'notice.answered', 'case.updated', 'notice.received']);
    expect((await eventsOfCase(caseId))[4]).toMatchObject({ data: { change: 'reopened_by_notice', from: 'decided' } });
  });
});
