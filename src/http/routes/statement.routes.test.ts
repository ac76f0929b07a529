import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { call, freshUrl, makeOrg, noticeInput, sorInput, type TestOrg } from '../../../test/factories.ts';
import { fileReport, reportInput } from '../../../test/public-report.ts';
import { startSmtpSink, type SmtpSink } from '../../../test/smtp-sink.ts';
import { createStatementEmailHandler } from '../../services/statement-email.handler.ts';
import { drainOutbox } from '../../services/worker.service.ts';

let t: TestApp;
let authority: TestOrg;
let flagger: TestOrg;
let facebook: TestOrg;
let youtube: TestOrg;

const AUTHORITY = 'Cục An toàn thông tin';
const FLAGGER = 'Tổ chức kiểm chứng A';
const FLAGGER_EXPLANATION = 'Chúng tôi đối chiếu với danh sách lừa đảo của ngân hàng X';
const REPORT = reportInput({ description: 'Tôi là Trần Văn Bình, trang này lừa mẹ tôi mất 20 triệu', contact_email: 'binh.tran@example.vn' });

beforeAll(async () => {
  t = await openTestApp({ limits: false, publicUrl: 'https://minhbach.example.vn' });
  authority = await makeOrg(t.ctx, 'authority', { name: AUTHORITY });
  flagger = await makeOrg(t.ctx, 'trusted_flagger', { name: FLAGGER });
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  youtube = await makeOrg(t.ctx, 'platform', { platform: 'youtube' });
});
afterAll(() => t.close());

/** A case on Facebook reported by a member of the public, a trusted flagger and an authority. */
async function reportedCase(): Promise<string> {
  const url = freshUrl();
  const report = await fileReport(t.app, { ...REPORT, urls: [url] });
  expect(report.status, report.body).toBe(201);
  const flagged = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ items: [{ url }], explanation: FLAGGER_EXPLANATION, legal_basis: undefined }) });
  expect(flagged.status, flagged.body).toBe(201);
  const requested = await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: noticeInput({ items: [{ url }] }) });
  expect(requested.status, requested.body).toBe(201);
  return requested.json.cases[0].id;
}

async function decided(body: Record<string, unknown> = {}) {
  const caseId = await reportedCase();
  const res = await call(t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, { org: facebook, body: sorInput(body) });
  expect(res.status, res.body).toBe(201);
  return { caseId, decision: res.json };
}

const open = (token: string) => call(t.app, 'GET', `/api/v1/public/statements/${token}`);
const tokenOf = (url: string) => url.split('/statements/')[1]!;
const withoutInstance = ({ instance: _i, ...rest }: Record<string, unknown>) => rest;

describe("the affected user's statement link", () => {
  it('comes with the decision, once; opening it shows every notice item and no reporter data, and is counted', async () => {
    const { caseId, decision } = await decided({ automated_detection: 'Yes', decision_account: 'DECISION_ACCOUNT_SUSPENDED', end_date_account_restriction: '2026-12-31' });
    const link = decision.affected_user_statement;
    expect(link.path).toBe(`/statements/${link.token}`);
    expect(link.url).toBe(`https://minhbach.example.vn/statements/${link.token}`);
    // Not stored: the case shows that a link exists, never its token.
    const before = await call(t.app, 'GET', `/api/v1/cases/${caseId}`, { org: facebook });
    expect(before.body).not.toContain(link.token);
    expect(before.json.decisions[0].affected_user_statement_links).toEqual([expect.objectContaining({ channel: 'api', opens: 0, first_opened_at: null, revoked_at: null })]);
    // The authority sees the decision, not the platform's link bookkeeping.
    const asAuthority = await call(t.app, 'GET', `/api/v1/cases/${caseId}`, { org: authority });
    expect(asAuthority.json.decisions[0].affected_user_statement_links).toBeUndefined();

    const page = await open(link.token);
    expect(page.status, page.body).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    const v = page.json;
    expect(v).toMatchObject({
      decision_id: decision.id,
      outcome: 'restriction',
      restrictions: { visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'], account: 'DECISION_ACCOUNT_SUSPENDED', account_end_date: '2026-12-31' },
      content: { url: 'facebook.com/…', content_type: ['CONTENT_TYPE_TEXT'] },
      ground: { decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT', illegal_content_legal_ground: 'Nghị định 147/2024/NĐ-CP, Điều 24' },
      category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
      requested_by: { authority_request: true, authorities: [{ name: AUTHORITY, legal_bases: [expect.any(Object)] }], others: ['trusted_flagger', 'public_reporter'] },
      automation: { automated_detection: true, automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED' },
      appeal: { open: true, answer_within_hours: 48 },
      public_record: { id: decision.public_record_id },
      appeals: [],
    });
    expect(Date.parse(v.appeal.deadline)).toBeGreaterThan(Date.parse(v.decided_at) + 180 * 86_400_000);
    for (const secret of [FLAGGER, FLAGGER_EXPLANATION, 'Trần Văn Bình', 'binh.tran@example.vn', '0912 345 678', String(REPORT.urls)]) expect(page.body).not.toContain(secret);

    await open(link.token);
    const after = await call(t.app, 'GET', `/api/v1/cases/${caseId}`, { org: facebook });
    const [summary] = after.json.decisions[0].affected_user_statement_links;
    expect(summary).toMatchObject({ opens: 2, first_opened_at: expect.any(String), last_opened_at: expect.any(String) });
    // The first opening, and only it, is on the platform's timeline.
    const opened = after.json.timeline.filter((e: { type: string }) => e.type === 'statement_opened');
    expect(opened).toEqual([expect.objectContaining({ actor: null, data: expect.objectContaining({ decision_id: decision.id }) })]);
  });

  it('is not part of the statement: the address is checked, and neither stored with the decision nor published', async () => {
    const caseId = await reportedCase();
    for (const [field, value] of [
      ['affected_user_email', 'nope'],
      ['affected_user_language', 'fr'],
    ]) {
      const bad = await call(t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, { org: facebook, body: sorInput({ [field!]: value }) });
      expect(bad.status, bad.body).toBe(422);
      expect(bad.json.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    const ok = await call(t.app, 'POST', `/api/v1/cases/${caseId}/no-action`, {
      org: facebook,
      body: { decision_facts: 'Nội dung không vi phạm pháp luật.', affected_user_email: 'chu.noi.dung@example.vn' },
    });
    expect(ok.status, ok.body).toBe(201);
    expect(ok.body).not.toContain('chu.noi.dung');
    const record = await call(t.app, 'GET', `/api/v1/public/records/${ok.json.public_record_id}`);
    expect(record.body).not.toContain('chu.noi.dung');
    const page = await open(ok.json.affected_user_statement.token);
    expect(page.json).toMatchObject({
      outcome: 'no_action',
      ground: { decision_ground: null, facts: 'Nội dung không vi phạm pháp luật.' },
      automation: { automated_detection: null },
    });
  });

  it('revoked, answers exactly as a link that never existed; only the deciding platform can revoke or re-issue', async () => {
    const { decision } = await decided();
    const token = decision.affected_user_statement.token;
    for (const path of ['statement-links', 'statement-links/revocation']) {
      const other = await call(t.app, 'POST', `/api/v1/decisions/${decision.id}/${path}`, { org: youtube, body: path.endsWith('revocation') ? { reason: 'x' } : {} });
      expect(other.status, other.body).toBe(404);
    }
    expect((await open(token)).status).toBe(200);

    const revoked = await call(t.app, 'POST', `/api/v1/decisions/${decision.id}/statement-links/revocation`, { org: facebook, body: { reason: 'Gửi nhầm người' } });
    expect(revoked.status, revoked.body).toBe(200);
    expect(revoked.json).toMatchObject({ decision_id: decision.id, revoked: 1 });
    const gone = await open(token);
    const unknown = await open('A'.repeat(43));
    const malformed = await open('abc');
    expect([gone.status, unknown.status, malformed.status]).toEqual([404, 404, 404]);
    expect(withoutInstance(gone.json)).toEqual(withoutInstance(unknown.json));
    expect(withoutInstance(malformed.json)).toEqual(withoutInstance(unknown.json));
  });

  it('re-issued, works while the old one does not', async () => {
    const { decision } = await decided();
    const old = decision.affected_user_statement.token;
    const res = await call(t.app, 'POST', `/api/v1/decisions/${decision.id}/statement-links`, { org: facebook, body: {} });
    expect(res.status, res.body).toBe(201);
    expect(res.json).toMatchObject({
      decision_id: decision.id,
      revoked: 1,
      affected_user_statement: { url: expect.stringMatching(/^https:\/\/minhbach\.example\.vn\/statements\//) },
    });
    expect((await open(old)).status).toBe(404);
    expect((await open(res.json.affected_user_statement.token)).json.decision_id).toBe(decision.id);
  });
});

describe('a corrected decision', () => {
  it('points the affected user to the current version', async () => {
    const { decision } = await decided();
    const token = decision.affected_user_statement.token;
    expect((await open(token)).json.current_version).toBeNull();
    const corrected = await call(t.app, 'POST', `/api/v1/public-records/${decision.public_record_id}/corrections`, {
      org: facebook,
      body: { changes: { automated_detection: 'Yes' }, reason: 'Phát hiện tự động đã bị ghi nhầm là không.' },
    });
    expect(corrected.status, corrected.body).toBe(201);
    const page = (await open(token)).json;
    expect(page.current_version).toMatchObject({ id: corrected.json.id, type: 'correction' });
    // What the page says is what is true now.
    expect(page.automation.automated_detection).toBe(true);
  });
});

describe('the e-mail to the affected user', () => {
  let sink: SmtpSink;
  let handler: ReturnType<typeof createStatementEmailHandler>;
  beforeAll(async () => {
    sink = await startSmtpSink();
    handler = createStatementEmailHandler({ smtpUrl: sink.url, from: 'Minh bạch <no-reply@minhbach.test>', publicUrl: 'https://minhbach.example.vn' });
  });
  afterAll(async () => {
    handler.close();
    await sink.close();
  });
  const emailLink = async (decisionId: string) =>
    (
      await t.ctx.db.query<{ recipient_email: string | null; email_status: string }>(
        `SELECT recipient_email, email_status FROM statement_links WHERE decision_id = $1 AND channel = 'email'`,
        [decisionId],
      )
    )[0];

  it('carries a working link, the chosen language first, and the address is forgotten once sent', async () => {
    const { decision } = await decided({ affected_user_email: 'nguoi.dang@example.vn', affected_user_language: 'en' });
    expect(await emailLink(decision.id)).toEqual({ recipient_email: 'nguoi.dang@example.vn', email_status: 'pending' });
    // The event that leaves the system carries ids only.
    const [event] = await t.ctx.db.query<{ data: Record<string, unknown> }>(`SELECT data FROM outbox WHERE type = 'statement.issued' AND data->>'decision_id' = $1`, [decision.id]);
    expect(JSON.stringify(event!.data)).not.toContain('example.vn');

    await drainOutbox(t.ctx, [handler]);
    const [mail] = sink.messages.filter((m) => m.to.includes('nguoi.dang@example.vn'));
    expect(mail!.subject).toBe('[Minh bạch] A decision about your content / Quyết định về nội dung của bạn');
    expect(mail!.text.indexOf('Read the statement of reasons')).toBeLessThan(mail!.text.indexOf('Xem bản nêu lý do'));
    // Chosen English: the link opens the page in English.
    const url = /https:\/\/minhbach\.example\.vn\/statements\/[A-Za-z0-9_-]{43}(?=\?lang=en\b)/.exec(mail!.text)![0];
    // Its own link, not the platform's.
    expect(tokenOf(url)).not.toBe(decision.affected_user_statement.token);
    expect((await open(tokenOf(url))).json.decision_id).toBe(decision.id);
    expect(await emailLink(decision.id)).toEqual({ recipient_email: null, email_status: 'sent' });
    // Nothing is sent twice.
    await drainOutbox(t.ctx, [handler]);
    expect(sink.messages.filter((m) => m.to.includes('nguoi.dang@example.vn'))).toHaveLength(1);
  });

  it('without e-mail configured, forgets the address at once', async () => {
    const { decision } = await decided({ affected_user_email: 'khong.gui@example.vn' });
    await drainOutbox(t.ctx, [createStatementEmailHandler(null)]);
    expect(await emailLink(decision.id)).toEqual({ recipient_email: null, email_status: 'not_sent' });
  });
});
