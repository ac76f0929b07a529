import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_REPORTS_ORG_ID } from '../../core/public-report.ts';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { call, freshUrl, makeOrg, noticeInput, sorInput, type TestOrg } from '../../../test/factories.ts';
import { fileReport, reportInput, solveChallenge, solvedChallenge } from '../../../test/public-report.ts';

let t: TestApp;
let facebook: TestOrg;
let flagger: TestOrg;

const CODE = /^[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}$/;
const report = (body: Record<string, unknown>) => call(t.app, 'POST', '/api/v1/public/reports', { body });
const status = (code: string) => call(t.app, 'GET', `/api/v1/public/reports/${encodeURIComponent(code)}`);
const match = (url: string) => call(t.app, 'POST', '/api/v1/public/report-match', { body: { url } });
const fields = (res: { json: { errors?: { field: string }[] } }) => (res.json.errors ?? []).map((e) => e.field);
const codeHash = (code: string) => createHash('sha256').update(code.replace(/-/g, '')).digest();
/** The case a report's first URL joined (what the platform sees in its queue). */
async function caseOf(code: string): Promise<string> {
  const [row] = await t.ctx.db.query<{ case_id: string }>(
    `SELECT i.case_id FROM notice_items i JOIN public_reports r ON r.notice_id = i.notice_id WHERE r.code_hash = $1 ORDER BY i.position LIMIT 1`,
    [codeHash(code)],
  );
  return row!.case_id;
}

beforeAll(async () => {
  // A cheap proof of work: these tests are about the rules, not the cost.
  t = await openTestApp({ limits: false, publicReports: { powBits: 8 } });
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
});
afterAll(() => t.close());

describe('POST /api/v1/public/reports', () => {
  it('files a report without an account: a tracking code, once, and a notice on the case of the content, in the platform’s queue', async () => {
    const url = freshUrl();
    const earlier = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ items: [{ url }], legal_basis: undefined }) });
    const caseId = earlier.json.cases[0].id;
    // The same post as people share it: another host, a tracking parameter.
    const res = await fileReport(t.app, { urls: [`${url.replace('https://www.', 'https://m.')}?fbclid=abc`, freshUrl('youtube')] });
    expect(res.status, res.body).toBe(201);
    expect(res.json.tracking_code).toMatch(CODE);
    expect(Object.keys(res.json).sort()).toEqual(['received_at', 'tracking_code']);

    // One case per content item: the report joined the flagger's case, on the public reporters' deadline.
    const c = await call(t.app, 'GET', `/api/v1/cases/${caseId}`, { org: facebook });
    expect(c.json.notice_count).toBe(2);
    const [notice] = (await t.ctx.db.query<{ submitter_kind: string; category: string; category_specification: string[]; due_at: Date; created_at: Date }>(
      `SELECT n.submitter_kind, n.category, n.category_specification, n.due_at, n.created_at FROM notices n
       JOIN public_reports r ON r.notice_id = n.id WHERE r.code_hash = $1`,
      [codeHash(res.json.tracking_code)],
    ))!;
    expect(notice).toMatchObject({ submitter_kind: 'public_reporter', category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', category_specification: ['KEYWORD_OTHER'] });
    expect(notice!.due_at.getTime() - notice!.created_at.getTime()).toBe(48 * 3_600_000);
    const queue = await call(t.app, 'GET', '/api/v1/cases?limit=200', { org: facebook });
    expect(queue.json.items.map((i: { id: string }) => i.id)).toContain(caseId);
  });

  it('keeps only the hash of the tracking code, and the contact and evidence apart from the notice', async () => {
    const res = await fileReport(t.app, { contact_email: 'Chi.Lan@Example.VN' });
    const rows = await t.ctx.db.query<Record<string, unknown>>(`SELECT * FROM public_reports ORDER BY created_at DESC, id DESC LIMIT 1`);
    expect(JSON.stringify(rows)).not.toContain(res.json.tracking_code);
    expect(JSON.stringify(rows)).not.toContain(res.json.tracking_code.replace(/-/g, ''));
    expect(rows[0]).toMatchObject({ contact_email: 'Chi.Lan@example.vn', choice: 'scam' });
  });

  it('refuses a report without a solved challenge, naming the fields', async () => {
    const missing = await report(reportInput());
    expect(missing.status).toBe(422);
    expect(fields(missing)).toEqual(expect.arrayContaining(['challenge', 'solution']));

    const { challenge } = await solvedChallenge(t.app);
    // A solution that does not solve it: with 8 bits, "0" fails 255 times in 256; find one that fails.
    let wrong = 0;
    while (solveChallenge(challenge) === String(wrong)) wrong++;
    const unsolved = await report({ ...reportInput(), challenge, solution: String(wrong) });
    expect(unsolved.status).toBe(422);
    expect(unsolved.json.errors).toEqual([{ field: 'solution', message: expect.stringContaining('does not solve the challenge') }]);

    // A challenge made up, or changed to be easier, is not this server's.
    const easier = challenge.replace(/^v1\.8\./, 'v1.1.');
    const forged = await report({ ...reportInput(), challenge: easier, solution: solveChallenge(easier) });
    expect(forged.status).toBe(422);
    expect(fields(forged)).toEqual(['challenge']);
  });

  it('refuses a replayed challenge, and one past its expiry', async () => {
    const solved = await solvedChallenge(t.app);
    expect((await report({ ...reportInput(), ...solved })).status).toBe(201);
    const replay = await report({ ...reportInput(), ...solved });
    expect(replay.status).toBe(422);
    expect(replay.json.errors).toEqual([{ field: 'challenge', message: expect.stringContaining('was used already') }]);

    const old = await solvedChallenge(t.app);
    t.advance(11 * 60_000);
    const late = await report({ ...reportInput(), ...old });
    expect(late.status).toBe(422);
    expect(late.json.errors).toEqual([{ field: 'challenge', message: expect.stringContaining('has expired') }]);
  });

  it('names every invalid field at once, and a refused report does not spend its challenge', async () => {
    const solved = await solvedChallenge(t.app);
    const url = freshUrl();
    const bad = await report({ ...reportInput({ urls: [url, 'not a url', url.replace('https://www.', 'https://')], description: '   ', contact_email: 'nguoi-dan@' }), ...solved });
    expect(bad.status).toBe(422);
    expect(bad.json.errors).toEqual([
      { field: 'description', message: expect.stringContaining('say what is wrong') },
      { field: 'contact_email', message: expect.stringContaining('is not an e-mail address') },
    ]);
    const urls = await report({ ...reportInput({ urls: [url, 'http://', url.replace('https://www.', 'https://')] }), ...solved });
    expect(urls.status).toBe(422);
    expect(urls.json.errors).toEqual([
      { field: 'urls[1]', message: expect.stringMatching(/^Đường link chưa đúng \(/) },
      { field: 'urls[2]', message: expect.stringContaining('is the same content as urls[0]') },
    ]);
    const choice = await report({ ...reportInput({ choice: 'KEYWORD_PHISHING' }), ...solved });
    expect(choice.status).toBe(422);
    expect(fields(choice)).toEqual(['choice']);
    // Fixed, the same challenge goes through: nothing was spent on the refusals.
    expect((await report({ ...reportInput({ urls: [url.replace('https://www.', '')] }), ...solved })).status).toBe(201);
  });

  it('gives the same report sent twice a code each, on one notice', async () => {
    const body = reportInput({ urls: [freshUrl()] });
    const first = await report({ ...body, ...(await solvedChallenge(t.app)) });
    const second = await report({ ...body, ...(await solvedChallenge(t.app)) });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(first.json.tracking_code).not.toBe(second.json.tracking_code);
    const notices = await t.ctx.db.query<{ n: number }>(`SELECT count(DISTINCT notice_id)::int AS n FROM public_reports WHERE code_hash IN ($1, $2)`, [
      codeHash(first.json.tracking_code),
      codeHash(second.json.tracking_code),
    ]);
    expect(notices[0]!.n).toBe(1);
    expect((await status(second.json.tracking_code)).json.items).toHaveLength(1);
  });

  it('is closed when the operator disables the public reporter', async () => {
    const solved = await solvedChallenge(t.app);
    await t.ctx.db.query('UPDATE organizations SET disabled_at = now() WHERE id = $1', [PUBLIC_REPORTS_ORG_ID]);
    try {
      expect((await call(t.app, 'POST', '/api/v1/public/report-challenges')).status).toBe(503);
      expect((await report({ ...reportInput(), ...solved })).status).toBe(503);
    } finally {
      await t.ctx.db.query('UPDATE organizations SET disabled_at = NULL WHERE id = $1', [PUBLIC_REPORTS_ORG_ID]);
    }
  });
});

describe('GET /api/v1/public/reports/{code}', () => {
  it('shows real progress: received with its deadline, in review, then the decision and its public record', async () => {
    const url = freshUrl();
    const filed = await fileReport(t.app, { urls: [url] });
    const code: string = filed.json.tracking_code;
    const received = await status(code);
    expect(received.status).toBe(200);
    expect(received.json).toMatchObject({ tracking_code: code, choice: 'scam', received_at: filed.json.received_at });
    const [item] = received.json.items;
    expect(item).toMatchObject({ position: 0, platform: 'facebook', platform_onboarded: true, stage: 'received', overdue: false, outcome: null });
    expect(new Date(item.due_at).getTime() - new Date(filed.json.received_at).getTime()).toBe(48 * 3_600_000);
    expect(item.steps.map((s: { done: boolean }) => s.done)).toEqual([true, false, false]);
    // The URL as the transparency database shows it: the site and the kind of page, not the account.
    expect(item.url).not.toContain(url.split('/')[3]);

    const caseId = await caseOf(code);
    t.advance(60_000);
    expect((await call(t.app, 'POST', `/api/v1/cases/${caseId}/actions`, { org: facebook, body: { action: 'start_review' } })).status).toBe(200);
    const reviewing = (await status(code.toLowerCase().replace(/-/g, ' '))).json.items[0];
    expect(reviewing).toMatchObject({ stage: 'in_review', outcome: null });
    expect(reviewing.steps[1]).toMatchObject({ stage: 'in_review', done: true, at: expect.any(String) });
    expect(reviewing.due_at).toBe(item.due_at);

    t.advance(60_000);
    const decision = await call(t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, { org: facebook, body: sorInput() });
    expect(decision.status, decision.body).toBe(201);
    const decided = (await status(code)).json.items[0];
    expect(decided).toMatchObject({
      stage: 'decided',
      due_at: null,
      overdue: false,
      outcome: { outcome: 'restriction', public_record_id: decision.json.public_record_id, decided_at: expect.any(String) },
    });
    expect(decided.steps.map((s: { done: boolean; at: string | null }) => [s.done, s.at !== null])).toEqual([
      [true, true],
      [true, true],
      [true, true],
    ]);
    expect((await call(t.app, 'GET', `/api/v1/public/records/${decided.outcome.public_record_id}`)).status).toBe(200);
  });

  it('says when a report is overdue', async () => {
    const filed = await fileReport(t.app);
    t.advance(49 * 3_600_000);
    const [item] = (await status(filed.json.tracking_code)).json.items;
    expect(item).toMatchObject({ stage: 'received', overdue: true });
  });

  it('answers 404 for an unknown or malformed code, alike', async () => {
    const unknown = await status('7K3M-9QXD-2HWA-PZ5T');
    expect(unknown.status).toBe(404);
    const malformed = await status('not-a-code');
    expect(malformed.status).toBe(404);
    expect(malformed.json.detail).toBe(unknown.json.detail);
  });
});

describe('POST /api/v1/public/report-match', () => {
  it('says whether content is known and its published decision, and nothing of who reported it', async () => {
    expect((await match(freshUrl())).json).toEqual({ known: false, platform: 'facebook', published_decision: null });

    const url = freshUrl();
    const notice = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ items: [{ url }], legal_basis: undefined }) });
    const known = await match(url.replace('https://', ''));
    expect(known.status).toBe(200);
    expect(known.json).toEqual({ known: true, platform: 'facebook', published_decision: null });

    const decision = await call(t.app, 'POST', `/api/v1/cases/${notice.json.cases[0].id}/decisions`, { org: facebook, body: sorInput() });
    const decided = await match(url);
    expect(decided.json).toEqual({
      known: true,
      platform: 'facebook',
      published_decision: { outcome: 'restriction', decided_at: expect.any(String), public_record_id: decision.json.public_record_id, public_record_type: 'statement_of_reasons' },
    });
    // Nothing of the flagger, its notice or the case.
    for (const secret of [flagger.actor.name, flagger.actor.orgId, notice.json.id, notice.json.cases[0].id]) expect(decided.body).not.toContain(secret);
  });

  it('names the field of a URL it cannot read', async () => {
    const res = await match('http://');
    expect(res.status).toBe(422);
    expect(fields(res)).toEqual(['url']);
  });
});

describe('what the public sees', () => {
  it('shows no contact, evidence, description or reporter in any public output', async () => {
    const url = freshUrl();
    const secrets = { contact_email: 'bi.mat@example.vn', evidence: 'Bằng chứng riêng Zqevidence', description: 'Mô tả riêng Zqdescription' };
    const filed = await fileReport(t.app, { urls: [url], ...secrets });
    const caseId = await caseOf(filed.json.tracking_code);
    await call(t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, { org: facebook, body: sorInput() });
    await t.integrate();
    const outputs = [
      await status(filed.json.tracking_code),
      await match(url),
      await call(t.app, 'GET', '/api/v1/public/records?limit=200'),
      await call(t.app, 'GET', `/api/v1/public/records?q=Zqdescription`),
      await call(t.app, 'GET', '/api/v1/public/stats'),
    ];
    const records = outputs[2]!.json.items as { id: string; requester_kind: string | null }[];
    expect(records.length).toBeGreaterThan(0);
    expect(records.filter((r) => r.requester_kind === 'public_reporter')).toEqual([]);
    for (const r of records) outputs.push(await call(t.app, 'GET', `/api/v1/public/records/${r.id}`));
    for (const out of outputs) {
      expect(out.status).toBe(200);
      for (const secret of [...Object.values(secrets), 'Phản ánh của người dân', PUBLIC_REPORTS_ORG_ID]) expect(out.body).not.toContain(secret);
    }
    // The platform answers the report without learning its sender: no contact, no evidence.
    const seen = await call(t.app, 'GET', `/api/v1/cases/${caseId}`, { org: facebook });
    expect(seen.body).not.toContain(secrets.contact_email);
    expect(seen.body).not.toContain(secrets.evidence);
  });
});

describe('request logs', () => {
  it('never keep a tracking code, of the API or of the web app’s page', async () => {
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logged = await openTestApp({ limits: false, publicReports: { powBits: 8 }, logStream });
    let code = '';
    try {
      code = (await fileReport(logged.app)).json.tracking_code;
      expect((await call(logged.app, 'GET', `/api/v1/public/reports/${code}`)).status).toBe(200);
      await logged.app.inject({ method: 'GET', url: `/report/${code}` });
    } finally {
      await logged.close();
    }
    const text = lines.join('');
    expect(text).toContain('/api/v1/public/reports/[code]');
    expect(text).toContain('"/report/[code]"');
    expect(code).not.toBe('');
    expect(text).not.toContain(code);
  });
});

describe('limits per address', () => {
  it('caps challenges and reports per hour from one address (429 with Retry-After)', async () => {
    const limited = await openTestApp({ publicReports: { powBits: 8, challengesPerHour: 3, reportsPerHour: 2 } });
    try {
      const solved = [];
      for (let i = 0; i < 3; i++) solved.push(await solvedChallenge(limited.app));
      const fourth = await call(limited.app, 'POST', '/api/v1/public/report-challenges');
      expect(fourth.status).toBe(429);
      expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0);
      const answers = [];
      for (const s of solved) answers.push((await call(limited.app, 'POST', '/api/v1/public/reports', { body: { ...reportInput(), ...s } })).status);
      expect(answers).toEqual([201, 201, 429]);
      // Another address is not held up by this one.
      const other = await limited.app.inject({ method: 'POST', url: '/api/v1/public/report-challenges', remoteAddress: '203.0.113.9' });
      expect(other.statusCode).toBe(201);
    } finally {
      await limited.close();
    }
  });
});
