import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { call, freshUrl, makeOrg, makePerson, noticeInput, sorInput, type TestOrg, type TestPerson } from '../../../test/factories.ts';
import { DEFAULT_SLA_RULES } from '../../core/sla.ts';
import { STATS_TTL_MS } from '../../services/public-record.service.ts';
import { setSlaPolicies } from '../../services/sla-policy.service.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TEXT = 'Tôi là Lê Thị Hoa (0912 345 678): bài viết là tin thật, có nguồn từ báo Nhân Dân';
const URLS = ['https://nhandan.vn/bai-goc', 'https://web.archive.org/web/2026/https://nhandan.vn/bai-goc'];

let t: TestApp;
let authority: TestOrg;
let facebook: TestOrg;
let first: TestPerson;
let second: TestPerson;

beforeAll(async () => {
  t = await openTestApp({ limits: false });
  authority = await makeOrg(t.ctx, 'authority');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  first = await makePerson(t, facebook, 'reviewer');
  second = await makePerson(t, facebook, 'reviewer');
});
afterAll(() => t.close());

async function reportedCase(): Promise<string> {
  const res = await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: noticeInput({ items: [{ url: freshUrl() }] }) });
  expect(res.status, res.body).toBe(201);
  return res.json.cases[0].id;
}

/** A case decided by `who` (a person's session, or the platform's key): the decision and the affected user's token. */
async function decidedCase(who: { headers: Record<string, string> } | TestOrg = first, path: 'decisions' | 'no-action' = 'decisions') {
  const caseId = await reportedCase();
  const body = path === 'decisions' ? sorInput() : { decision_facts: 'Nội dung không vi phạm' };
  const res = await call(t.app, 'POST', `/api/v1/cases/${caseId}/${path}`, 'apiKey' in who ? { org: who, body } : { headers: who.headers, body });
  expect(res.status, res.body).toBe(201);
  return { caseId, decision: res.json, token: res.json.affected_user_statement.token as string };
}

const appealLink = (token: string, body: unknown) => call(t.app, 'POST', `/api/v1/public/statements/${token}/appeals`, { body });
const outbox = (caseId: string) => t.ctx.db.query<{ type: string; data: Record<string, unknown> }>(`SELECT type, data FROM outbox WHERE case_id = $1 ORDER BY seq`, [caseId]);

async function charts() {
  // The figures are cached for STATS_TTL_MS: step past the window so each read is fresh.
  t.advance(STATS_TTL_MS + 1);
  const res = await call(t.app, 'GET', '/api/v1/public/stats/charts');
  expect(res.status, res.body).toBe(200);
  return res.json.appeals.total;
}

describe('the affected user appeals through the statement link', () => {
  it('without an account: the case goes back to the platform with 48 h, the text reaches the platform only, once per link', async () => {
    const { caseId, decision, token } = await decidedCase();
    const at = t.ctx.now().getTime();
    const res = await appealLink(token, { text: TEXT, urls: URLS });
    expect(res.status, res.body).toBe(201);
    expect(res.json).toMatchObject({ status: 'open', outcome: null });
    const due = new Date(res.json.due_at).getTime();
    expect(due - at).toBeGreaterThanOrEqual(48 * HOUR);
    expect(due - at).toBeLessThan(48 * HOUR + 60_000);

    // The platform reads the appeal on the case, with its deadline; the case is appealed.
    const asPlatform = await call(t.app, 'GET', `/api/v1/cases/${caseId}`, { org: facebook });
    expect(asPlatform.json.status).toBe('appealed');
    expect(asPlatform.json.due_at).toBe(res.json.due_at);
    expect(asPlatform.json.appeals).toEqual([
      expect.objectContaining({
        id: res.json.id,
        decision_id: decision.id,
        appellant: 'affected_user',
        appellant_org: null,
        text: TEXT,
        urls: URLS,
        status: 'open',
        assignee: null,
      }),
    ]);
    expect(asPlatform.json.timeline).toContainEqual(
      expect.objectContaining({ type: 'status_changed', actor: null, data: expect.objectContaining({ action: 'appeal', appellant: 'affected_user' }) }),
    );
    // The authority that asked sees none of it, and no event carries the text.
    const asAuthority = await call(t.app, 'GET', `/api/v1/cases/${caseId}`, { org: authority });
    expect(asAuthority.json.appeals).toEqual([]);
    expect(asAuthority.body).not.toContain('Lê Thị Hoa');
    const events = await outbox(caseId);
    expect(events.find((e) => e.type === 'appeal.created')?.data).toMatchObject({ appeal_id: res.json.id, appellant: 'affected_user', appealed_decision_id: decision.id });
    expect(JSON.stringify(events)).not.toContain('Lê Thị Hoa');

    // The page shows the appeal; a second one on the link is refused, naming the first.
    const page = await call(t.app, 'GET', `/api/v1/public/statements/${token}`);
    expect(page.json.appeals).toEqual([expect.objectContaining({ id: res.json.id, status: 'open', due_at: res.json.due_at })]);
    expect(page.body).not.toContain('Lê Thị Hoa');
    const again = await appealLink(token, { text: 'Lần nữa' });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ reason: 'already_appealed', existing_id: res.json.id });
  });

  it('names each bad field, and answers 404 for an unknown link', async () => {
    const { token } = await decidedCase();
    const bad = await appealLink(token, { text: ' ', urls: ['https://user:pw@a.vn/x'] });
    expect(bad.status).toBe(422);
    expect(bad.json.errors.map((e: { field: string }) => e.field)).toEqual(['text', 'urls[0]']);
    expect((await appealLink('A'.repeat(43), { text: 'Vì' })).status).toBe(404);
  });

  it('is accepted on a closed case, and refused six months after the decision', async () => {
    const closed = await decidedCase();
    expect((await call(t.app, 'POST', `/api/v1/cases/${closed.caseId}/actions`, { org: facebook, body: { action: 'close' } })).status).toBe(200);
    expect((await appealLink(closed.token, { text: 'Vì' })).status).toBe(201);
    const late = await decidedCase();
    t.advance(190 * DAY);
    try {
      const res = await appealLink(late.token, { text: 'Vì' });
      expect(res.status).toBe(409);
      expect(res.json.reason).toBe('appeal_window_closed');
    } finally {
      t.advance(-190 * DAY);
    }
  });
});

describe('an appeal is decided by someone who took no part in the decision appealed', () => {
  it('refuses the original reviewer, as reviewer and as decider; another reviewer reverses it, linked to the first and counted', async () => {
    const { caseId, decision, token } = await decidedCase(first);
    const appeal = await appealLink(token, { text: TEXT, urls: URLS });
    expect(appeal.status, appeal.body).toBe(201);
    const before = await charts();

    // Assigning the reviewer who decided: refused, naming the decision and the field.
    const self = await call(t.app, 'PUT', `/api/v1/appeals/${appeal.json.id}/reviewer`, { headers: second.headers, body: { person_id: first.personId } });
    expect(self.status).toBe(409);
    expect(self.json).toMatchObject({ reason: 'reviewer_took_part', appealed_decision_id: decision.id, errors: [{ field: 'person_id' }] });
    expect(self.json.detail).toContain(decision.id);
    // Deciding it themselves: refused the same way.
    const own = await call(t.app, 'POST', `/api/v1/cases/${caseId}/no-action`, { headers: first.headers, body: { decision_facts: 'Xem lại: không vi phạm' } });
    expect(own.status).toBe(409);
    expect(own.json).toMatchObject({ reason: 'reviewer_took_part', appealed_decision_id: decision.id });

    const assigned = await call(t.app, 'PUT', `/api/v1/appeals/${appeal.json.id}/reviewer`, { headers: first.headers, body: { person_id: second.personId } });
    expect(assigned.status, assigned.body).toBe(200);
    expect(assigned.json.assignee.id).toBe(second.personId);
    // Art. 20(6): not fully automated.
    const automated = await call(t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, {
      headers: second.headers,
      body: sorInput({ automated_decision: 'AUTOMATED_DECISION_FULLY' }),
    });
    expect(automated.status).toBe(422);
    expect(automated.json.errors).toEqual([expect.objectContaining({ field: 'automated_decision' })]);

    t.advance(3 * HOUR);
    const reversed = await call(t.app, 'POST', `/api/v1/cases/${caseId}/no-action`, {
      headers: second.headers,
      body: { decision_facts: 'Xem lại: bài viết có nguồn, không vi phạm' },
    });
    expect(reversed.status, reversed.body).toBe(201);
    const link = { appeal_id: appeal.json.id, appealed_decision_id: decision.id, appealed_record_id: decision.public_record_id, outcome: 'reversed', appellant: 'affected_user' };
    expect(reversed.json.statement.appeal).toEqual(link);
    // Published and linked to the first; nothing the affected user wrote.
    const record = await call(t.app, 'GET', `/api/v1/public/records/${reversed.json.public_record_id}`);
    expect(record.status, record.body).toBe(200);
    expect(record.body).toContain(decision.public_record_id);
    expect(record.body).not.toContain('Lê Thị Hoa');
    expect(JSON.stringify(record.json)).toContain('"outcome":"reversed"');
    const decided = (await outbox(caseId)).find((e) => e.type === 'appeal.decided');
    expect(decided?.data).toMatchObject({ appeal_id: appeal.json.id, outcome: 'reversed', decision_id: reversed.json.id });

    // The affected user sees the outcome; the statistics count the reversal and the time to answer.
    const page = await call(t.app, 'GET', `/api/v1/public/statements/${token}`);
    expect(page.json.appeals).toEqual([expect.objectContaining({ status: 'decided', outcome: 'reversed', outcome_record_id: reversed.json.public_record_id })]);
    const after = await charts();
    expect(after.decided_on_appeal).toBe(before.decided_on_appeal + 1);
    expect(after.reversed).toBe(before.reversed + 1);
    expect(after.answer_median_hours).not.toBeNull();
  });

  it('once assigned, only that reviewer or an API key may decide; the key that decided first may not', async () => {
    const { caseId, token } = await decidedCase(facebook);
    const appeal = await appealLink(token, { text: 'Vì' });
    expect((await call(t.app, 'PUT', `/api/v1/appeals/${appeal.json.id}/reviewer`, { org: facebook, body: { person_id: second.personId } })).status).toBe(200);
    const byKey = await call(t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, { org: facebook, body: sorInput() });
    expect(byKey.status).toBe(409);
    expect(byKey.json.errors).toEqual([expect.objectContaining({ field: 'api_key' })]);
    const other = await call(t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, { headers: first.headers, body: sorInput() });
    expect(other.status).toBe(409);
    expect(other.json.reason).toBe('appeal_assigned_to_another');
    const relayed = await call(t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, {
      org: await makeOrg(t.ctx, 'platform', { platform: 'facebook' }),
      body: sorInput({ decision_visibility: ['DECISION_VISIBILITY_CONTENT_LABELLED'] }),
    });
    expect(relayed.status, relayed.body).toBe(201);
    expect(relayed.json.statement.appeal.outcome).toBe('modified');
    // A decided appeal takes no reviewer.
    expect((await call(t.app, 'PUT', `/api/v1/appeals/${appeal.json.id}/reviewer`, { org: facebook, body: { person_id: first.personId } })).status).toBe(409);
  });
});

describe("a submitter's appeal of a no-action decision", () => {
  it('takes the same path: an appeals row with its text, its own deadline, and an outcome', async () => {
    const { caseId } = await decidedCase(first, 'no-action');
    const res = await call(t.app, 'POST', `/api/v1/cases/${caseId}/actions`, { org: authority, body: { action: 'appeal', text: 'Trang vẫn lừa đảo', urls: URLS } });
    expect(res.status, res.body).toBe(200);
    expect(res.json.status).toBe('appealed');
    const mine = await call(t.app, 'GET', `/api/v1/cases/${caseId}`, { org: authority });
    expect(mine.json.appeals).toEqual([expect.objectContaining({ appellant: 'authority', text: 'Trang vẫn lừa đảo', urls: URLS, status: 'open', due_at: res.json.due_at })]);
    expect(mine.json.appeals[0].assignee).toBeUndefined();
    const upheld = await call(t.app, 'POST', `/api/v1/cases/${caseId}/no-action`, { headers: second.headers, body: { decision_facts: 'Xem lại: vẫn không vi phạm' } });
    expect(upheld.status, upheld.body).toBe(201);
    expect(upheld.json.statement.appeal).toMatchObject({ outcome: 'upheld', appellant: 'authority' });
    const seen = await call(t.app, 'GET', `/api/v1/cases/${caseId}`, { org: authority });
    expect(seen.json.appeals[0]).toMatchObject({ status: 'decided', outcome: 'upheld', outcome_record_id: upheld.json.public_record_id });
    // Text goes with the appeal action only.
    const wrong = await call(t.app, 'POST', `/api/v1/cases/${caseId}/actions`, { org: facebook, body: { action: 'close', text: 'x' } });
    expect(wrong.status).toBe(422);
  });

  it('gets the appeal policy’s hours when the deployment sets them', async () => {
    await setSlaPolicies(t.ctx, {
      due_soon_remaining_percent: DEFAULT_SLA_RULES.due_soon_remaining_percent,
      policies: [...DEFAULT_SLA_RULES.policies.filter((p) => p.applies_to !== 'appeal'), { applies_to: 'appeal', hours: 24 }],
    });
    const { token } = await decidedCase();
    const at = t.ctx.now().getTime();
    const res = await appealLink(token, { text: 'Vì' });
    expect(res.status, res.body).toBe(201);
    expect(new Date(res.json.due_at).getTime() - at).toBeLessThan(24 * HOUR + 60_000);
    expect(new Date(res.json.due_at).getTime() - at).toBeGreaterThanOrEqual(24 * HOUR);
  });
});
