import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshUrl, makeOrg, makePerson, noticeInput, sorInput, type TestOrg } from '../../../test/factories.ts';
import { currentVersionOf } from '../../services/correction.service.ts';
import { integrate, openLogServer, publishDecision, verify, type LogServer } from '../../verifier/test-fixtures.ts';

const TOKEN = 'operator-token-for-the-correction-tests-0123';
let s: LogServer;
let youtube: TestOrg;

beforeAll(async () => {
  s = await openLogServer({ operatorToken: TOKEN });
  youtube = await makeOrg(s.t.ctx, 'platform', { platform: 'youtube' });
});
afterAll(() => s.t.close());

async function decidedRecord(): Promise<{ caseId: string; recordId: string }> {
  const res = await call(s.t.app, 'POST', '/api/v1/notices', { org: s.authority, body: noticeInput({ items: [{ url: freshUrl('facebook') }] }) });
  expect(res.status, res.body).toBe(201);
  const caseId = res.json.cases[0].id as string;
  return { caseId, recordId: await publishDecision(s, caseId) };
}

const correct = (id: string, body: unknown, org: TestOrg | null = s.facebook) =>
  org
    ? call(s.t.app, 'POST', `/api/v1/public-records/${id}/corrections`, { org, body })
    : call(s.t.app, 'POST', `/api/v1/admin/public-records/${id}/corrections`, { body, headers: { authorization: `Bearer ${TOKEN}` } });
const get = (path: string) => call(s.t.app, 'GET', path);
const searchIds = async (query: string) => ((await get(`/api/v1/public/records?limit=200&${query}`)).json.items as { id: string }[]).map((r) => r.id);

const reason = 'Our export inverted the automated flag and picked the wrong category.';

describe('corrections, never silent', () => {
  it('a platform corrects its category and automated flag: search shows the correction, history both, and the original still verifies', async () => {
    const { caseId, recordId } = await decidedRecord();
    const res = await correct(recordId, { changes: { category: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH', automated_detection: 'Yes' }, reason });
    expect(res.status, res.body).toBe(201);
    const correction = res.json;
    expect(correction).toMatchObject({
      type: 'correction',
      platform: 'facebook',
      category: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
      automated_detection: 'Yes',
      case_id: caseId,
      decision_facts: sorInput().decision_facts,
      correction: {
        corrects_record_id: recordId,
        original_record_id: recordId,
        original_type: 'statement_of_reasons',
        changed_fields: [
          { field: 'category', from: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', to: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH' },
          { field: 'automated_detection', from: 'No', to: 'Yes' },
        ],
        reason,
      },
      superseded_by: null,
    });

    // Search shows the current version; researchers may ask for the superseded ones too.
    const q = `platform=facebook&type=statement_of_reasons`;
    expect(await searchIds(q)).not.toContain(recordId);
    expect(await searchIds('type=correction')).toContain(correction.id);
    expect(await searchIds(`${q}&include_superseded=true`)).toContain(recordId);
    expect(await searchIds('category=STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH')).toContain(correction.id);

    // The original is still served whole, pointing at what superseded it.
    const original = await get(`/api/v1/public/records/${recordId}`);
    expect(original.json).toMatchObject({ id: recordId, type: 'statement_of_reasons', automated_detection: 'No', superseded_by: correction.id });

    await integrate(s);
    for (const from of [recordId, correction.id]) {
      const history = await get(`/api/v1/public/records/${from}/history`);
      expect(history.status, history.body).toBe(200);
      expect(history.json).toMatchObject({ original_record_id: recordId, current_record_id: correction.id });
      expect(history.json.versions.map((v: { id: string }) => v.id)).toEqual([recordId, correction.id]);
      for (const v of history.json.versions) expect(v.log_index).toEqual(expect.any(Number));
    }
    expect(await currentVersionOf(s.t.ctx, recordId)).toMatchObject({ id: correction.id, superseded_by: null });

    // Both are in the log, and the original still verifies against its entry.
    expect((await verify(s, { recordId })).record).toMatchObject({ status: 'included' });
    expect((await verify(s, { recordId: correction.id })).record).toMatchObject({ status: 'included' });

    // Ids only leave the system; the case's timeline records who corrected it.
    const events = await s.t.ctx.db.query<{ case_id: string; data: Record<string, unknown> }>(
      `SELECT case_id, data FROM outbox WHERE type = 'record.corrected' AND data->>'record_id' = $1`,
      [correction.id],
    );
    expect(events).toEqual([
      {
        case_id: caseId,
        data: { record_id: correction.id, corrects_record_id: recordId, original_record_id: recordId, record_type: 'statement_of_reasons', platform: 'facebook', case_id: caseId },
      },
    ]);
    const timeline = await s.t.ctx.db.query<{ actor_org_id: string }>(`SELECT actor_org_id FROM case_events WHERE case_id = $1 AND type = 'record_corrected'`, [caseId]);
    expect(timeline).toEqual([{ actor_org_id: s.facebook.actor.orgId }]);
  });

  it('refuses to correct a superseded version, naming the latest; a correction of the correction chains', async () => {
    const { recordId } = await decidedRecord();
    const first = await correct(recordId, { changes: { automated_detection: 'Yes' }, reason });
    expect(first.status, first.body).toBe(201);
    const again = await correct(recordId, { changes: { automated_decision: 'AUTOMATED_DECISION_PARTIALLY' }, reason });
    expect(again.status, again.body).toBe(409);
    expect(again.json).toMatchObject({ code: 'conflict', latest_record_id: first.json.id });
    expect(again.json.detail).toContain(first.json.id);

    const second = await correct(first.json.id, { changes: { automated_decision: 'AUTOMATED_DECISION_PARTIALLY' }, reason: 'The decision was partly automated, too.' });
    expect(second.status, second.body).toBe(201);
    expect(second.json).toMatchObject({
      automated_detection: 'Yes',
      automated_decision: 'AUTOMATED_DECISION_PARTIALLY',
      correction: { corrects_record_id: first.json.id, original_record_id: recordId },
    });
    const history = await get(`/api/v1/public/records/${first.json.id}/history`);
    expect(history.json.versions.map((v: { id: string; superseded_by: string | null }) => [v.id, v.superseded_by])).toEqual([
      [recordId, first.json.id],
      [first.json.id, second.json.id],
      [second.json.id, null],
    ]);
    const stale = await correct(first.json.id, { changes: { automated_detection: 'No' }, reason });
    expect(stale.json).toMatchObject({ status: 409, latest_record_id: second.json.id });
  });

  it("another platform, and the notice's submitter, get 404 for a platform's decision; a viewer may not correct", async () => {
    const { recordId } = await decidedRecord();
    for (const org of [youtube, s.authority]) {
      const res = await correct(recordId, { changes: { automated_detection: 'Yes' }, reason }, org);
      expect(res.status, res.body).toBe(404);
    }
    const viewer = await makePerson(s.t, s.facebook, 'viewer');
    const res = await call(s.t.app, 'POST', `/api/v1/public-records/${recordId}/corrections`, {
      headers: viewer.headers,
      body: { changes: { automated_detection: 'Yes' }, reason },
    });
    expect(res.status, res.body).toBe(403);
  });

  it('validates the corrected statement again, naming changes.<field>', async () => {
    const { recordId } = await decidedRecord();
    const res = await correct(recordId, { changes: { decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT', content_date: '2026-02-30' }, reason });
    expect(res.status, res.body).toBe(422);
    expect(res.json.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['changes.incompatible_content_ground', 'changes.incompatible_content_explanation', 'changes.content_date']),
    );
    const server = await correct(recordId, { changes: { platform_name: 'Another name', case_id: recordId }, reason });
    expect(server.json.errors).toEqual([
      { field: 'changes.platform_name', message: expect.stringContaining('minhbach sets it') },
      { field: 'changes.case_id', message: expect.stringContaining('minhbach sets it') },
    ]);
    const noReason = await correct(recordId, { changes: { automated_detection: 'Yes' } });
    expect(noReason.status).toBe(422);
    expect(noReason.json.errors[0].field).toBe('reason');
  });

  it('refuses turning a restriction into no action, or back: that is a decision on appeal', async () => {
    const { recordId } = await decidedRecord();
    for (const changes of [{ outcome: 'no_action' }, { decision_visibility: null }]) {
      const res = await correct(recordId, { changes, reason });
      expect(res.status, res.body).toBe(422);
      expect(res.json.errors[0].message).toContain('new decision');
    }
    const notice = await call(s.t.app, 'POST', '/api/v1/notices', { org: s.authority, body: noticeInput({ items: [{ url: freshUrl('facebook') }] }) });
    const noAction = await call(s.t.app, 'POST', `/api/v1/cases/${notice.json.cases[0].id}/no-action`, {
      org: s.facebook,
      body: { decision_facts: 'Nội dung không vi phạm chính sách hay pháp luật.' },
    });
    const res = await correct(noAction.json.public_record_id, { changes: { decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'] }, reason });
    expect(res.status, res.body).toBe(422);
    expect(res.json.errors).toEqual([{ field: 'changes.decision_visibility', message: expect.stringContaining('new decision') }]);
    const facts = await correct(noAction.json.public_record_id, { changes: { decision_facts: 'Bài viết là tin tức, không phải lừa đảo.' }, reason });
    expect(facts.status, facts.body).toBe(201);
    expect(facts.json).toMatchObject({ outcome: 'no_action', decision_facts: 'Bài viết là tin tức, không phải lừa đảo.' });
  });

  it("a submitter corrects its notice's record; the operator any record; a withdrawn one is not corrected", async () => {
    const notice = await call(s.t.app, 'POST', '/api/v1/notices', { org: s.authority, body: noticeInput({ items: [{ url: freshUrl('facebook') }] }) });
    const id = (await s.t.ctx.db.query<{ id: string }>(`SELECT id FROM public_records WHERE source_id = $1`, [notice.json.id]))[0]!.id;
    const bySubmitter = await correct(
      id,
      { changes: { category: 'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS' }, reason: 'Chúng tôi đã chọn nhầm danh mục.' },
      s.authority,
    );
    expect(bySubmitter.status, bySubmitter.body).toBe(201);
    expect(bySubmitter.json).toMatchObject({
      requester_kind: 'authority',
      requester: { kind: 'authority' },
      notice_id: notice.json.id,
      category: 'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS',
    });
    expect((await correct(id, { changes: { explanation: 'x y z' }, reason }, s.facebook)).status).toBe(404);

    const byOperator = await correct(
      bySubmitter.json.id,
      { changes: { explanation: 'Trang giả mạo ngân hàng để lấy mật khẩu.' }, reason: 'Corrected at the authority’s written request.' },
      null,
    );
    expect(byOperator.status, byOperator.body).toBe(201);
    expect(byOperator.json.correction).toMatchObject({ corrects_record_id: bySubmitter.json.id, original_record_id: id });

    const { recordId } = await decidedRecord();
    const withdrawal = await call(s.t.app, 'POST', `/api/v1/admin/public-records/${recordId}/withdrawal`, {
      body: { reason: 'Court order to remove it' },
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(withdrawal.status, withdrawal.body).toBe(201);
    const res = await correct(recordId, { changes: { automated_detection: 'Yes' }, reason });
    expect(res.status, res.body).toBe(409);
    expect((await correct(withdrawal.json.withdrawal_id, { changes: { reason: 'another' }, reason }, null)).status).toBe(409);
    expect((await get(`/api/v1/public/records/not-a-uuid/history`)).status).toBe(404);
  });
});
