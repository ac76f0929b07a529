import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { call, freshUrl, makeOrg, noticeInput, sorInput, type TestOrg } from '../../test/factories.ts';
import { fileReport } from '../../test/public-report.ts';
import { startSmtpSink, type SmtpSink } from '../../test/smtp-sink.ts';
import { parseCidrList, type Cidr } from '../core/cidr.ts';
import { createEmailHandler } from './email.handler.ts';
import { slaRules } from './sla-policy.service.ts';
import { createWebhookHandler } from './webhook.handler.ts';
import { drainOutbox } from './worker.service.ts';

/** Feedback to every requester: a notice's outcome on read, `notice.answered` by webhook, and e-mail to public reporters. */
const LOOPBACK = parseCidrList('127.0.0.1/32') as Cidr[];
let t: TestApp;
let sink: SmtpSink;
let handlers: [ReturnType<typeof createWebhookHandler>, ReturnType<typeof createEmailHandler>];
let authority: TestOrg;
let flagger: TestOrg;
let facebook: TestOrg;
const received: { org: string; body: { type: string; data: Record<string, unknown> } }[] = [];
const servers: http.Server[] = [];

/** A webhook receiver on loopback that records which organization's endpoint got what. */
async function receiverFor(org: string): Promise<string> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ org, body: JSON.parse(body) });
      res.writeHead(200).end('ok');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
}

async function subscribe(org: TestOrg, name: string) {
  const res = await call(t.app, 'POST', '/api/v1/webhook-endpoints', { org, body: { url: await receiverFor(name), event_types: ['notice.answered'] } });
  expect(res.status, res.body).toBe(201);
}

const put = (org: TestOrg, contacts: { email: string; purpose: string }[]) => call(t.app, 'PUT', '/api/v1/organization/contacts', { org, body: { contacts } });
const drain = () => drainOutbox(t.ctx, handlers);

beforeAll(async () => {
  sink = await startSmtpSink();
  const resolve = async () => ['127.0.0.1'];
  t = await openTestApp({ limits: false, publicReports: { powBits: 8 }, outbound: { allow: LOOPBACK, resolve } });
  handlers = [
    createWebhookHandler({ outbound: { allow: LOOPBACK, resolve }, timeoutMs: 2_000 }),
    createEmailHandler({ smtpUrl: sink.url, from: 'Minh bạch <no-reply@minhbach.test>', publicUrl: 'https://minhbach.test' }),
  ];
  authority = await makeOrg(t.ctx, 'authority', { name: 'Cục An toàn thông tin' });
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  await subscribe(authority, 'authority');
  await subscribe(flagger, 'flagger');
  await subscribe(facebook, 'facebook');
  expect((await put(authority, [{ email: 'decisions@authority.test', purpose: 'decisions' }])).status).toBe(200);
  expect((await put(flagger, [{ email: 'decisions@flagger.test', purpose: 'decisions' }])).status).toBe(200);
});
afterAll(async () => {
  handlers[1].close();
  await t.close();
  await sink.close();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});
beforeEach(async () => {
  await drain();
  received.length = 0;
  sink.messages.length = 0;
});

async function file(org: TestOrg, url: string): Promise<{ noticeId: string; caseId: string }> {
  const res = await call(t.app, 'POST', '/api/v1/notices', { org, body: noticeInput({ items: [{ url }] }) });
  expect(res.status, res.body).toBe(201);
  return { noticeId: res.json.id, caseId: res.json.cases[0].id };
}

async function itemOf(org: TestOrg, noticeId: string) {
  const res = await call(t.app, 'GET', `/api/v1/notices/${noticeId}`, { org });
  expect(res.status, res.body).toBe(200);
  return res.json.items[0];
}

describe('the outcome of each notice', () => {
  it('shows on the notice, null until the platform decides, and in the list too', async () => {
    const { noticeId, caseId } = await file(authority, freshUrl());
    expect((await itemOf(authority, noticeId)).outcome).toBeNull();

    const decided = await call(t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, {
      org: facebook,
      body: sorInput({ decision_visibility: ['DECISION_VISIBILITY_CONTENT_DISABLED'] }),
    });
    expect(decided.status, decided.body).toBe(201);
    const item = await itemOf(authority, noticeId);
    expect(item.case_status).toBe('decided');
    expect(item.outcome).toEqual({
      decision_id: decided.json.id,
      outcome: 'restriction',
      decided_at: decided.json.statement.created_at,
      public_record_id: decided.json.public_record_id,
      decision_visibility: ['DECISION_VISIBILITY_CONTENT_DISABLED'],
      kind: 'content_disabled',
    });
    const list = await call(t.app, 'GET', '/api/v1/notices', { org: authority });
    expect(list.json.items.find((n: { id: string }) => n.id === noticeId).items[0].outcome).toEqual(item.outcome);
    // The public record it names is the decision's.
    const record = await call(t.app, 'GET', `/api/v1/public/records/${item.outcome.public_record_id}`);
    expect(record.status).toBe(200);
  });

  it('keeps a decision under appeal, and is null again when a new notice reopens a case answered with no action', async () => {
    const url = freshUrl();
    const { noticeId, caseId } = await file(flagger, url);
    const answered = await call(t.app, 'POST', `/api/v1/cases/${caseId}/no-action`, { org: facebook, body: { decision_facts: 'Nội dung không vi phạm.' } });
    expect(answered.status, answered.body).toBe(201);
    expect(await itemOf(flagger, noticeId)).toMatchObject({ case_status: 'decided', outcome: { outcome: 'no_action', decision_visibility: [], kind: 'no_action' } });

    // The authority's request reopens the case: neither notice is answered until the platform decides again.
    const second = await file(authority, url);
    expect(second.caseId).toBe(caseId);
    expect(await itemOf(authority, second.noticeId)).toMatchObject({ case_status: 'in_review', outcome: null });
    expect(await itemOf(flagger, noticeId)).toMatchObject({ outcome: null });

    const decided = await call(t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, { org: facebook, body: sorInput() });
    expect(decided.status, decided.body).toBe(201);
    await slaRules(t.ctx);
    expect((await call(t.app, 'POST', `/api/v1/cases/${caseId}/actions`, { org: facebook, body: { action: 'appeal' } })).status).toBe(200);
    expect(await itemOf(authority, second.noticeId)).toMatchObject({
      case_status: 'appealed',
      outcome: { decision_id: decided.json.id, outcome: 'restriction', kind: 'content_removed' },
    });
  });
});

describe('notice.answered', () => {
  it('goes to each submitter’s webhook for its own notice only, once per notice that is not withdrawn', async () => {
    const url = freshUrl();
    const a = await file(authority, url);
    const f = await file(flagger, url);
    // A second notice of the flagger on the same content, withdrawn: it is answered no more.
    const withdrawn = await file(flagger, url);
    expect(withdrawn.caseId).toBe(a.caseId);
    const w = await call(t.app, 'POST', `/api/v1/notices/${withdrawn.noticeId}/withdrawal`, { org: flagger, body: { reason: 'Gửi nhầm đường dẫn' } });
    expect(w.status, w.body).toBe(201);
    await drain();
    received.length = 0;

    const decided = await call(t.app, 'POST', `/api/v1/cases/${a.caseId}/decisions`, { org: facebook, body: sorInput() });
    expect(decided.status, decided.body).toBe(201);
    await drain();

    const answers = received.filter((r) => r.body.type === 'notice.answered');
    const common = { case_id: a.caseId, platform: 'facebook', decision_id: decided.json.id, outcome: 'restriction', public_record_id: decided.json.public_record_id };
    expect(answers.filter((r) => r.org === 'authority').map((r) => r.body.data)).toEqual([{ notice_id: a.noticeId, ...common, submitter_org_id: authority.actor.orgId }]);
    expect(answers.filter((r) => r.org === 'flagger').map((r) => r.body.data)).toEqual([{ notice_id: f.noticeId, ...common, submitter_org_id: flagger.actor.orgId }]);
    // The platform subscribed too, and sees the case, but the answers are not its to receive.
    expect(answers.filter((r) => r.org === 'facebook')).toEqual([]);

    // Organizations hear by e-mail through the decision's own e-mail, to their `decisions` contacts.
    const mails = sink.messages.filter((m) => m.subject.includes('Decision on a case'));
    expect(mails.flatMap((m) => m.to).sort()).toEqual(['decisions@authority.test', 'decisions@flagger.test']);
  });

  it('e-mails a member of the public who left an address, and nobody for a report without one', async () => {
    const url = freshUrl();
    const { caseId } = await file(authority, url);
    const withContact = await fileReport(t.app, { urls: [url], contact_email: 'chi.lan@example.vn' });
    expect(withContact.status, withContact.body).toBe(201);
    const without = await fileReport(t.app, { urls: [url], contact_email: undefined });
    expect(without.status, without.body).toBe(201);
    const other = await fileReport(t.app, { urls: [freshUrl()], contact_email: 'someone.else@example.vn' });
    expect(other.status, other.body).toBe(201);
    await drain();
    sink.messages.length = 0;

    const decided = await call(t.app, 'POST', `/api/v1/cases/${caseId}/no-action`, { org: facebook, body: { decision_facts: 'Nội dung không vi phạm.' } });
    expect(decided.status, decided.body).toBe(201);
    await drain();

    const reports = sink.messages.filter((m) => m.subject.includes('Outcome of your report'));
    expect(reports.flatMap((m) => m.to)).toEqual(['chi.lan@example.vn']);
    const [m] = reports;
    expect(m!.subject).toBe('[Minh bạch] Kết quả xử lý phản ánh / Outcome of your report');
    expect(m!.text.indexOf('không xử lý (có nêu lý do)')).toBeLessThan(m!.text.indexOf('no action (with reasons)'));
    expect(m!.text).toContain(`https://minhbach.test/records/${decided.json.public_record_id}`);
    expect(m!.text).toContain('https://minhbach.test/report');
    // Nothing of the report or the case: no URL, no words, no case link.
    expect(m!.text).not.toContain(url);
    expect(m!.text).not.toContain(caseId);
    expect(m!.text).not.toContain('giả danh');
    // Nor does the address reach anyone else: the platform's webhook got no answer, the authority only its own.
    expect(JSON.stringify(received)).not.toContain('chi.lan');
  });
});
