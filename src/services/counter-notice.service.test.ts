import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { decidedCase, UPLOADER } from '../../test/counter-notice.ts';
import { call, makeOrg, noticeInput, type TestOrg } from '../../test/factories.ts';
import { startSmtpSink, type SmtpSink } from '../../test/smtp-sink.ts';
import { counterNoticeWaitUntil } from '../core/counter-notice.ts';
import type { OutboxEvent } from '../core/events.ts';
import { sweepCounterNotices } from './counter-notice-sweep.service.ts';
import { createEmailHandler } from './email.handler.ts';
import { planDeliveries } from './webhook.handler.ts';
import { drainOutbox } from './worker.service.ts';

const DAY = 86_400_000;
const MINUTE = 60_000;
let t: TestApp;
let sink: SmtpSink;
let mail: ReturnType<typeof createEmailHandler>;
let facebook: TestOrg;
let studio: TestOrg;
let otherStudio: TestOrg;
let authority: TestOrg;
const endpoints: Record<string, string> = {};

const PERSONAL = [UPLOADER.contact_name, UPLOADER.contact_email, UPLOADER.statement, 'CN-STATEMENT-7f3a', 'uploader.bi.mat'];
const COURT = { reference: '0457/2026/TLST-KDTM', court: 'Tòa án nhân dân TP. Hồ Chí Minh' };

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await openTestApp();
  mail = createEmailHandler({ smtpUrl: sink.url, from: 'Minh bạch <no-reply@minhbach.test>', publicUrl: 'https://minhbach.test' });
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  studio = await makeOrg(t.ctx, 'rights_holder', { name: 'Hãng phim Sao Mai' });
  otherStudio = await makeOrg(t.ctx, 'rights_holder');
  authority = await makeOrg(t.ctx, 'authority');
  for (const [org, contacts] of [
    [studio, [{ email: 'phap-che@saomai.test', purpose: 'decisions' }]],
    [facebook, [{ email: 'requests@fb.test', purpose: 'requests' }]],
  ] as const) {
    const res = await call(t.app, 'PUT', '/api/v1/organization/contacts', { org, body: { contacts } });
    expect(res.status, res.body).toBe(200);
  }
  // Public addresses, no DNS asked; no delivery is made here, only planned.
  for (const [name, org] of [
    ['studio', studio],
    ['otherStudio', otherStudio],
    ['facebook', facebook],
  ] as const) {
    const res = await call(t.app, 'POST', '/api/v1/webhook-endpoints', {
      org,
      body: { url: `https://93.184.215.14/${name}`, event_types: ['counter_notice.received', 'counter_notice.court_action', 'counter_notice.restoration_due'] },
    });
    expect(res.status, res.body).toBe(201);
    endpoints[name] = res.json.id;
  }
});
afterAll(async () => {
  mail.close();
  await t.close();
  await sink.close();
});
beforeEach(async () => {
  await drainOutbox(t.ctx, [mail]);
  sink.messages.length = 0;
});

const file = (token: string, body: unknown = UPLOADER) => call(t.app, 'POST', `/api/v1/public/statements/${token}/counter-notices`, { body });
const courtFiling = (org: TestOrg, id: string, body: unknown = { ...COURT, filed_at: t.ctx.now().toISOString().slice(0, 10) }) =>
  call(t.app, 'POST', `/api/v1/counter-notices/${id}/court-filing`, { org, body });

async function eventsOf(caseId: string): Promise<OutboxEvent[]> {
  return t.ctx.db.query<OutboxEvent>(`SELECT id, type, at, org_id, case_id, data, seq::text AS seq FROM outbox WHERE case_id = $1 ORDER BY seq`, [caseId]);
}

/** Sweeps until nothing is left, as the worker does. */
async function sweep(): Promise<number> {
  let total = 0;
  for (let n; (n = await sweepCounterNotices(t.ctx, { limit: 2 })) > 0;) total += n;
  return total;
}

/**
 * The one e-mail to the uploader about this outcome (`recordId`: the tests share one uploader's
 * address), at the address they gave: in both languages, with nothing but what they need.
 */
function uploaderMail(subject: string, recordId: string) {
  const mails = sink.messages.filter((m) => m.to.includes(UPLOADER.contact_email) && m.text.includes(`https://minhbach.test/records/${recordId}`));
  expect(mails.map((m) => m.subject)).toEqual([subject]);
  const { text, html } = mails[0]!;
  // No statement link can be made (only its digest is stored): they are told to open the one they have.
  expect(text.indexOf('hãy mở đường link bạn đã nhận')).toBeGreaterThan(-1);
  expect(text.indexOf('hãy mở đường link bạn đã nhận')).toBeLessThan(text.indexOf('open the link you received'));
  for (const s of [UPLOADER.contact_name, UPLOADER.statement, 'CN-STATEMENT-7f3a', COURT.reference, COURT.court, 'Hãng phim Sao Mai', '/statements/']) {
    expect(text).not.toContain(s);
    expect(html).not.toContain(s);
  }
  return text;
}

async function timelineTypes(caseId: string): Promise<string[]> {
  const res = await call(t.app, 'GET', `/api/v1/cases/${caseId}`, { org: facebook });
  return (res.json.timeline as { type: string }[]).map((e) => e.type);
}

/** Nothing the uploader wrote in any published record, outbox event (it leaves the system) or timeline row. */
async function expectNoPersonalDataOutside() {
  const rows = await t.ctx.db.query<{ s: string }>(
    `SELECT body::text AS s FROM public_records UNION ALL SELECT data::text FROM outbox UNION ALL SELECT data::text FROM case_events`,
  );
  const all = rows.map((r) => r.s).join('\n');
  for (const s of [...PERSONAL, COURT.reference, COURT.court]) expect(all).not.toContain(s);
}

describe('a counter-notice on a copyright decision', () => {
  it('is forwarded to the rights holder (with the contact, by e-mail and webhook) and published without personal data', async () => {
    const d = await decidedCase(t, facebook, [studio]);
    const before = await call(t.app, 'GET', `/api/v1/public/statements/${d.token}/counter-notice`);
    expect(before.json).toEqual({ allowed: true, refusal: null, waiting_period_days: 10, counter_notice: null });

    const filedAt = t.ctx.now();
    const res = await file(d.token);
    expect(res.status, res.body).toBe(201);
    expect(res.json).toMatchObject({ status: 'forwarded', resolved_at: null, outcome_record_id: null });
    const waitUntil = Date.parse(res.json.wait_until);
    expect(Math.abs(waitUntil - counterNoticeWaitUntil(filedAt, 10).getTime())).toBeLessThan(MINUTE);

    // The rights holder reads it, contact and statement included; the platform where it stands only; others nothing.
    const seen = await call(t.app, 'GET', `/api/v1/cases/${d.caseId}/counter-notices`, { org: studio });
    expect(seen.json.items).toMatchObject([
      { id: res.json.id, status: 'forwarded', decision_id: d.decisionId, uploader: { name: UPLOADER.contact_name, email: UPLOADER.contact_email, statement: UPLOADER.statement } },
    ]);
    const platformView = await call(t.app, 'GET', `/api/v1/cases/${d.caseId}/counter-notices`, { org: facebook });
    expect(platformView.json.items).toMatchObject([{ id: res.json.id, status: 'forwarded', uploader: null }]);
    expect(platformView.body).not.toContain(UPLOADER.contact_email);
    expect((await call(t.app, 'GET', `/api/v1/cases/${d.caseId}/counter-notices`, { org: otherStudio })).status).toBe(404);

    // E-mail to the rights holder's contacts, with the uploader's contact (the point of a counter-notice), not the statement.
    await drainOutbox(t.ctx, [mail]);
    const mails = sink.messages.filter((m) => m.to.includes('phap-che@saomai.test') && m.subject.includes('Counter-notice'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('[Minh bạch] Thông báo phản đối / Counter-notice');
    expect(mails[0]!.text).toContain(UPLOADER.contact_name);
    expect(mails[0]!.text).toContain(UPLOADER.contact_email);
    expect(mails[0]!.text).not.toContain('CN-STATEMENT-7f3a');
    expect(mails[0]!.text.indexOf('Người gửi')).toBeLessThan(mails[0]!.text.indexOf('Filed by'));
    expect(sink.messages.filter((m) => m.to.includes('requests@fb.test')).map((m) => m.text)).not.toContainEqual(expect.stringContaining(UPLOADER.contact_email));

    // Webhooks: the platform and the rights holder of the case, not another rights holder.
    const received = (await eventsOf(d.caseId)).find((e) => e.type === 'counter_notice.received')!;
    expect(received.data).toMatchObject({ counter_notice_id: res.json.id, case_id: d.caseId, decision_id: d.decisionId, platform: 'facebook' });
    const planned = (await planDeliveries(t.ctx.db, received)).map((j) => j.payload.endpoint_id);
    expect(planned.sort()).toEqual([endpoints.studio, endpoints.facebook].sort());

    // Published: that it was filed, on which decision, until when.
    const record = await call(t.app, 'GET', `/api/v1/public/records/${res.json.public_record_id}`);
    expect(record.status, record.body).toBe(200);
    expect(record.body).toContain(d.decisionId);
    expect(record.body).toContain(res.json.wait_until);
    await expectNoPersonalDataOutside();
    expect(await timelineTypes(d.caseId)).toEqual(expect.arrayContaining(['counter_notice_received', 'counter_notice_forwarded']));

    // Once per decision; the page shows where it stands.
    const again = await file(d.token);
    expect(again.status).toBe(409);
    expect(again.json.reason).toBe('already_filed');
    const after = await call(t.app, 'GET', `/api/v1/public/statements/${d.token}/counter-notice`);
    expect(after.json).toMatchObject({ allowed: false, refusal: 'already_filed', counter_notice: { id: res.json.id, status: 'forwarded' } });
    expect(after.body).not.toContain(UPLOADER.contact_email);
  });

  it('restores the content after the waiting period with no court filing, in a test clock: once, with its record, timeline and event', async () => {
    const d = await decidedCase(t, facebook, [studio]);
    const res = await file(d.token);
    expect(res.status, res.body).toBe(201);
    await drainOutbox(t.ctx, [mail]);
    sink.messages.length = 0;

    t.advance(10 * DAY - 2 * MINUTE);
    await sweep();
    expect((await call(t.app, 'GET', `/api/v1/public/statements/${d.token}/counter-notice`)).json.counter_notice.status).toBe('forwarded');

    t.advance(2 * MINUTE + 1);
    // Two workers at once: each counter-notice ends once (SKIP LOCKED), and a later sweep finds nothing.
    const [a, b] = await Promise.all([sweep(), sweep()]);
    expect(a + b).toBeGreaterThanOrEqual(1);
    expect(await sweep()).toBe(0);
    const outcomes = await t.ctx.db.query(`SELECT id FROM public_records WHERE type = 'counter_notice_outcome' AND source_id = $1`, [res.json.id]);
    expect(outcomes).toHaveLength(1);

    const status = (await call(t.app, 'GET', `/api/v1/public/statements/${d.token}/counter-notice`)).json.counter_notice;
    expect(status).toMatchObject({ id: res.json.id, status: 'content_restored', outcome_record_id: expect.any(String) });
    const outcome = await call(t.app, 'GET', `/api/v1/public/records/${status.outcome_record_id}`);
    expect(outcome.status, outcome.body).toBe(200);
    expect(outcome.body).toContain('"restored"');
    expect(outcome.body).toContain(res.json.id);

    // The platform owes a decision restoring the content: the case is back in review, with 24 h.
    const c = await call(t.app, 'GET', `/api/v1/cases/${d.caseId}`, { org: facebook });
    expect(c.json.status).toBe('in_review');
    expect(Date.parse(c.json.due_at) - t.ctx.now().getTime()).toBeGreaterThan(23 * 3_600_000);
    const types = await timelineTypes(d.caseId);
    expect(types.filter((x) => x.startsWith('counter_notice_') || x === 'content_restored')).toEqual(['counter_notice_received', 'counter_notice_forwarded', 'content_restored']);
    const events = (await eventsOf(d.caseId)).filter((e) => e.type.startsWith('counter_notice.'));
    expect(events.map((e) => e.type)).toEqual(['counter_notice.received', 'counter_notice.restoration_due']);
    expect(events[1]!.data).toMatchObject({ counter_notice_id: res.json.id, status: 'in_review', from: 'decided', to: 'in_review' });
    expect((await planDeliveries(t.ctx.db, events[1]!)).map((j) => j.payload.endpoint_id).sort()).toEqual([endpoints.studio, endpoints.facebook].sort());
    await drainOutbox(t.ctx, [mail]);
    expect(sink.messages.filter((m) => m.to.includes('requests@fb.test')).map((m) => m.subject)).toContain('[Minh bạch] Cần khôi phục nội dung / Content to restore');
    // The uploader is told too, with the platform's deadline.
    const told = uploaderMail('[Minh bạch] Nội dung của bạn cần được khôi phục / Your content is due back', status.outcome_record_id);
    expect(told).toContain('không xuất trình việc khởi kiện');
    expect(told).toContain('ended without the rights holder showing a court filing');
    expect(told).toMatch(/Deadline: \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);

    // Too late for a court filing now.
    const late = await courtFiling(studio, res.json.id);
    expect(late.status).toBe(409);
    await expectNoPersonalDataOutside();
  });

  it('keeps the restriction when the rights holder shows a court filing before the end: never restored, published without the court or number', async () => {
    const d = await decidedCase(t, facebook, [studio]);
    const res = await file(d.token);
    t.advance(3 * DAY);

    expect((await courtFiling(otherStudio, res.json.id)).status).toBe(404);
    expect((await courtFiling(authority, res.json.id)).status).toBe(403);
    expect((await courtFiling(facebook, res.json.id)).status).toBe(403);
    const bad = await courtFiling(studio, res.json.id, { reference: '', court: COURT.court, filed_at: '2999-01-01' });
    expect(bad.status).toBe(422);
    expect(bad.json.errors.map((e: { field: string }) => e.field)).toEqual(['reference', 'filed_at']);

    const shown = await courtFiling(studio, res.json.id);
    expect(shown.status, shown.body).toBe(201);
    expect(shown.json).toMatchObject({ status: 'court_action', court_filing: { reference: COURT.reference, court: COURT.court } });
    expect((await courtFiling(studio, res.json.id)).status).toBe(409);
    // The uploader learns the content stays restricted, without the court or its number.
    await drainOutbox(t.ctx, [mail]);
    const told = uploaderMail('[Minh bạch] Chủ sở hữu quyền đã khởi kiện / The rights holder went to court', shown.json.outcome_record_id);
    expect(told).toContain('nội dung vẫn bị hạn chế');
    expect(told).toContain('The content therefore stays restricted');

    t.advance(30 * DAY);
    await sweep();
    const status = (await call(t.app, 'GET', `/api/v1/public/statements/${d.token}/counter-notice`)).json.counter_notice;
    expect(status.status).toBe('court_action');
    const outcome = await call(t.app, 'GET', `/api/v1/public/records/${status.outcome_record_id}`);
    expect(outcome.body).toContain('"court_action"');
    const c = await call(t.app, 'GET', `/api/v1/cases/${d.caseId}`, { org: facebook });
    expect(c.json.status).toBe('decided');
    const types = await timelineTypes(d.caseId);
    expect(types).toContain('court_action_shown');
    expect(types).not.toContain('content_restored');
    expect((await eventsOf(d.caseId)).map((e) => e.type).filter((x) => x.startsWith('counter_notice.'))).toEqual(['counter_notice.received', 'counter_notice.court_action']);
    // The platform sees the filing; an authority on the case sees only that there was one.
    const platformView = await call(t.app, 'GET', `/api/v1/cases/${d.caseId}/counter-notices`, { org: facebook });
    expect(platformView.json.items[0].court_filing).toMatchObject({ reference: COURT.reference });
    await expectNoPersonalDataOutside();
  });
});

describe('counter-notices refused', () => {
  it('on a decision on no rights holder’s notice: 409 saying to appeal instead', async () => {
    const d = await decidedCase(t, facebook, [authority], { notice: (url) => noticeInput({ items: [{ url }] }) });
    const res = await file(d.token);
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ reason: 'no_rights_holder' });
    expect(res.json.detail).toMatch(/appeal/);
    expect((await call(t.app, 'GET', `/api/v1/public/statements/${d.token}/counter-notice`)).json).toMatchObject({ allowed: false, refusal: 'no_rights_holder' });
  });

  it('on a decision that restricted nothing: 409', async () => {
    const d = await decidedCase(t, facebook, [studio], { outcome: 'no_action' });
    const res = await file(d.token);
    expect(res.status).toBe(409);
    expect(res.json.reason).toBe('no_restriction');
  });

  it('names every missing field (422), and an unknown link is not found', async () => {
    const d = await decidedCase(t, facebook, [studio]);
    const res = await file(d.token, { statement: '', contact_name: '', contact_email: 'x', consent_to_forward_contact: false });
    expect(res.status).toBe(422);
    expect(res.json.errors.map((e: { field: string }) => e.field)).toEqual(['statement', 'contact_name', 'contact_email', 'consent_to_forward_contact']);
    expect((await file('A'.repeat(43))).status).toBe(404);
    expect((await call(t.app, 'GET', `/api/v1/public/statements/${'A'.repeat(43)}/counter-notice`)).status).toBe(404);
  });
});
