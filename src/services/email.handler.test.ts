import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, freshUrl, makeOrg, noticeInput, sorInput, type TestOrg } from '../../test/factories.ts';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { startSmtpSink, type SmtpSink, type SunkMessage } from '../../test/smtp-sink.ts';
import { uuidv7 } from '../core/ids.ts';
import { appendEvents } from '../repositories/outbox.repository.ts';
import { planDigests } from './digest.service.ts';
import { changeService, registerService } from './service-registry.service.ts';
import { createEmailHandler, messageIdOf } from './email.handler.ts';
import type { Job } from './job-handler.ts';
import { sweepDeadlines } from './sla-sweep.service.ts';
import { drainOutbox } from './worker.service.ts';

const HOUR = 3_600_000;
let t: TestApp;
let sink: SmtpSink;
let handler: ReturnType<typeof createEmailHandler>;
let authority: TestOrg;
let reporter: TestOrg;
let facebook: TestOrg;

const AUTHORITY_NAME = 'Sở <TT&TT> "Hà Nội"';
const REPORTER_NAME = 'Nguyễn Thị Phản Ánh';
const put = (org: TestOrg, contacts: { email: string; purpose: string }[]) =>
  t.app.inject({ method: 'PUT', url: '/api/v1/organization/contacts', headers: org.headers, payload: { contacts } });

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await openTestApp();
  handler = createEmailHandler({ smtpUrl: sink.url, from: 'Minh bạch <no-reply@minhbach.test>', publicUrl: 'https://minhbach.test' });
  authority = await makeOrg(t.ctx, 'authority', { name: AUTHORITY_NAME });
  reporter = await makeOrg(t.ctx, 'public_reporter', { name: REPORTER_NAME });
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  expect(
    (
      await put(facebook, [
        { email: 'requests@fb.test', purpose: 'requests' },
        { email: 'escalation@fb.test', purpose: 'escalation' },
        { email: 'digest@fb.test', purpose: 'digest' },
      ])
    ).statusCode,
  ).toBe(200);
  expect(
    (
      await put(authority, [
        { email: 'decisions@authority.test', purpose: 'decisions' },
        { email: 'escalation@authority.test', purpose: 'escalation' },
        { email: 'admin@authority.test', purpose: 'admin' },
      ])
    ).statusCode,
  ).toBe(200);
  expect((await put(reporter, [{ email: 'decisions@reporter.test', purpose: 'decisions' }])).statusCode).toBe(200);
});
afterAll(async () => {
  handler.close();
  await t.close();
  await sink.close();
});
beforeEach(async () => {
  await drain();
  sink.messages.length = 0;
});

const drain = () => drainOutbox(t.ctx, [handler]);
const to = (address: string): SunkMessage[] => sink.messages.filter((m) => m.to.includes(address));

async function newCase(org: TestOrg, body = noticeInput({ items: [{ url: freshUrl() }] })): Promise<string> {
  const res = await call(t.app, 'POST', '/api/v1/notices', { org, body });
  expect(res.status, res.body).toBe(201);
  return res.json.cases[0].id;
}

describe('e-mail', () => {
  it('tells the platform of a new authority request, in Vietnamese then English, with a Message-ID from the job', async () => {
    const caseId = await newCase(authority);
    await drain();
    const [m] = to('requests@fb.test');
    expect(m).toBeDefined();
    expect(m!.subject).toBe('[Minh bạch] Yêu cầu của cơ quan có thẩm quyền mới / New authority request');
    expect(m!.text.indexOf('Thời hạn xử lý')).toBeLessThan(m!.text.indexOf('Deadline'));
    expect(m!.text).toContain(`https://minhbach.test/cases/${caseId}`);
    expect(m!.text).toContain(AUTHORITY_NAME);
    expect(m!.html).toContain('Sở &#60;TT&#38;TT&#62; &#34;Hà Nội&#34;');
    expect(m!.html).not.toContain('<TT&TT>');
    const [job] = await t.ctx.db.query<{ id: string }>(`SELECT id FROM jobs WHERE kind = 'email' AND payload->>'to' = 'requests@fb.test' AND payload->'email'->>'case_id' = $1`, [
      caseId,
    ]);
    expect(m!.messageId).toBe(messageIdOf(job!.id));
  });

  it("never sends a reporter's identity, contact or words to the platform", async () => {
    const secret = { phone: '0912 345 678', email: 'phan.anh.1990@gmail.com' };
    const caseId = await newCase(
      reporter,
      noticeInput({
        category: 'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS',
        items: [{ url: freshUrl(), text: `Bài đăng lộ số điện thoại ${secret.phone} của tôi` }],
        explanation: `Tôi là ${REPORTER_NAME}, liên hệ ${secret.email} hoặc ${secret.phone}`,
        legal_basis: undefined,
      }),
    );
    await drain();
    const mails = to('requests@fb.test');
    expect(mails).toHaveLength(1);
    const all = mails[0]!.raw + mails[0]!.text + mails[0]!.html + mails[0]!.subject;
    for (const s of [REPORTER_NAME, secret.phone, '0912345678', secret.email, 'phan.anh', 'Bài đăng lộ', 'liên hệ']) expect(all).not.toContain(s);
    expect(mails[0]!.text).toContain('người phản ánh');
    expect(mails[0]!.text).toContain('a member of the public');
    expect(mails[0]!.text).toContain(caseId);
  });

  it("e-mails a request on a website nobody answers for to the registry's contact, with the content's URL and nothing of the reporter", async () => {
    const domain = `tin-${uuidv7().slice(-8)}.vn`;
    await registerService(t.ctx, { name: 'Báo Tin', hosts: [domain], contact_email: 'Abuse@BaoTin.vn' });
    const secret = '0912 345 678';
    const caseId = await newCase(
      reporter,
      noticeInput({
        items: [{ url: `https://www.${domain}/bai-1.html?utm_source=zalo&token=abc123`, text: `Số của tôi ${secret}` }],
        explanation: `Tôi là ${REPORTER_NAME}, gọi ${secret}`,
        legal_basis: undefined,
      }),
    );
    await drain();
    const [m, ...more] = to('Abuse@baotin.vn');
    expect(more).toHaveLength(0);
    expect(m!.subject).toBe('[Minh bạch] Thông báo về nội dung / Notice about content');
    expect(m!.text).toContain(`Nội dung: https://${domain}/bai-1.html`);
    expect(m!.text).toContain(`Content: https://${domain}/bai-1.html`);
    expect(m!.text).toContain(caseId);
    const all = m!.raw + m!.text + m!.html;
    for (const s of [REPORTER_NAME, secret, 'token', 'abc123', 'utm_source', 'Số của tôi']) expect(all).not.toContain(s);
    // Nobody else is told: the service has no organization whose contacts would be.
    expect(sink.messages).toHaveLength(1);

    // Once an organization answers for it, its own contacts get requests and the registry address nothing.
    await changeService(t.ctx, domain, { organization_id: facebook.actor.orgId });
    sink.messages.length = 0;
    await newCase(authority, noticeInput({ items: [{ url: `https://${domain}/bai-2.html` }] }));
    await drain();
    expect(to('Abuse@baotin.vn')).toHaveLength(0);
    expect(to('requests@fb.test')).toHaveLength(1);
    await changeService(t.ctx, domain, { organization_id: null });
  });

  it('keeps the Message-ID when a job is retried or run again after a crash', async () => {
    sink.failNext(1);
    const caseId = await newCase(authority);
    await drain();
    expect(to('requests@fb.test')).toHaveLength(0);
    const [job] = await t.ctx.db.query<Job & { status: string; attempts: number }>(
      `SELECT id, kind, event_id, seq::text AS seq, order_key, payload, attempts AS attempt, created_at, status, last_error FROM jobs WHERE kind = 'email' AND payload->'email'->>'case_id' = $1`,
      [caseId],
    );
    expect(job).toMatchObject({ status: 'pending' });
    t.advance(61_000);
    await drain();
    // A worker killed after sending and before recording it sends the same job again.
    await handler.run(t.ctx, job!);
    const sent = to('requests@fb.test');
    expect(sent).toHaveLength(2);
    expect(sent.map((m) => m.messageId)).toEqual([messageIdOf(job!.id), messageIdOf(job!.id)]);
  });

  it('tells the requesters of a decision, and the platform and requesters of a case due soon and overdue', async () => {
    const decided = await newCase(authority);
    expect((await call(t.app, 'POST', `/api/v1/cases/${decided}/decisions`, { org: facebook, body: sorInput() })).status).toBe(201);
    await drain();
    const [d] = to('decisions@authority.test');
    expect(d!.subject).toBe('[Minh bạch] Quyết định về hồ sơ / Decision on a case');
    expect(d!.text).toContain('gỡ bỏ nội dung');
    expect(to('decisions@reporter.test')).toHaveLength(0);

    const late = await newCase(authority);
    t.advance(25 * HOUR);
    while ((await sweepDeadlines(t.ctx)) > 0);
    await drain();
    const about = (m: SunkMessage) => m.text.includes(late);
    expect(
      to('escalation@fb.test')
        .filter(about)
        .map((m) => m.subject),
    ).toEqual(['[Minh bạch] Hồ sơ quá hạn / Case overdue']);
    const forRequester = to('escalation@authority.test').filter(about);
    expect(forRequester).toHaveLength(1);
    expect(forRequester[0]!.text).toContain('tổ chức của bạn đã gửi thông báo');
  });

  it('sends an invitation to the invitee and a disabled webhook to the admins', async () => {
    const acceptUrl = 'https://minhbach.test/invitations/accept#token=abc';
    await appendEvents(t.ctx.db, [
      {
        id: uuidv7(),
        type: 'person.invited',
        at: t.ctx.now(),
        org_id: authority.actor.orgId,
        case_id: null,
        data: {
          invitation_id: uuidv7(),
          org_id: authority.actor.orgId,
          email: 'new.person@authority.test',
          role: 'reviewer',
          accept_url: acceptUrl,
          expires_at: t.ctx.now().toISOString(),
        },
      },
      {
        id: uuidv7(),
        type: 'webhook_endpoint.disabled',
        at: t.ctx.now(),
        org_id: authority.actor.orgId,
        case_id: null,
        data: { endpoint_id: uuidv7(), url: 'https://hooks.authority.test/in', reason: 'failed 20 times in a row' },
      },
    ]);
    await drain();
    const [inv] = to('new.person@authority.test');
    expect(inv!.text).toContain(acceptUrl);
    expect(inv!.text).toContain('người xử lý');
    const [hook] = to('admin@authority.test');
    expect(hook!.subject).toBe('[Minh bạch] Webhook đã bị tắt / Webhook disabled');
    expect(hook!.text).toContain('https://hooks.authority.test/in');
  });

  it('plans one digest per organization per day, however often asked', async () => {
    const first = await planDigests(t.ctx, { fromHour: 0 });
    expect(first).toBeGreaterThanOrEqual(1);
    expect(await planDigests(t.ctx, { fromHour: 0 })).toBe(0);
    await drain();
    const [digest] = to('digest@fb.test');
    expect(digest!.subject).toMatch(/^\[Minh bạch\] Tóm tắt ngày \d{4}-\d\d-\d\d \/ Daily digest/);
    expect(digest!.text).toContain('Hồ sơ chờ quyết định');
    t.advance(24 * HOUR);
    expect(await planDigests(t.ctx, { fromHour: 0 })).toBe(first);
  });
});

describe('organization contacts', () => {
  it('are refused with each bad field named, and private to their organization', async () => {
    const res = await put(facebook, [
      { email: 'not an address', purpose: 'requests' },
      { email: 'a@b.test', purpose: 'digest' },
      { email: 'a@B.TEST', purpose: 'digest' },
    ]);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['contacts[0].email', 'contacts[2]']);
    const mine = await call(t.app, 'GET', '/api/v1/organization/contacts', { org: authority });
    expect(mine.json.contacts.map((c: { email: string }) => c.email)).toEqual(['admin@authority.test', 'decisions@authority.test', 'escalation@authority.test']);
    expect((await call(t.app, 'GET', '/api/v1/organization/contacts')).status).toBe(401);
  });
});
