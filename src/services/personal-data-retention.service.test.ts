import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { decidedCase, UPLOADER } from '../../test/counter-notice.ts';
import { call, makeOrg, sorInput, type TestOrg } from '../../test/factories.ts';
import { fileReport } from '../../test/public-report.ts';
import { uuidv7 } from '../core/ids.ts';
import { DEFAULT_PERSONAL_DATA_RETENTION_DAYS } from '../core/personal-data-retention.ts';
import { sweepCounterNotices } from './counter-notice-sweep.service.ts';
import { purgeExpiredPersonalData } from './personal-data-retention.service.ts';

const DAY = 86_400_000;
const DAYS = DEFAULT_PERSONAL_DATA_RETENTION_DAYS;

let t: TestApp;
let facebook: TestOrg;
let studio: TestOrg;

beforeAll(async () => {
  t = await openTestApp();
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  studio = await makeOrg(t.ctx, 'rights_holder');
});
afterAll(() => t.close());

/** Runs the sweep as the worker does: again while it cleared anything. */
async function purge(): Promise<void> {
  while ((await purgeExpiredPersonalData(t.ctx, DAYS, 2)) > 0);
}

/** The report left with this contact address, while it still holds it. */
async function reportRow(contact: string) {
  const rows = await t.ctx.db.query<{ contact_email: string | null; case_id: string }>(
    `SELECT r.contact_email, i.case_id FROM public_reports r JOIN notice_items i ON i.notice_id = r.notice_id WHERE r.contact_email = $1`,
    [contact],
  );
  return rows[0] ?? { contact_email: null, case_id: null };
}

describe('personal data past its retention', () => {
  it("clears a reporter's contact and evidence once the report's case is answered and the period has passed, not before", async () => {
    const answered = `tra.loi.${Date.now()}@example.vn`;
    const waiting = `cho.${Date.now()}@example.vn`;
    const filed = await fileReport(t.app, { contact_email: answered });
    expect(filed.status, filed.body).toBe(201);
    expect((await fileReport(t.app, { contact_email: waiting })).status).toBe(201);
    const { case_id: caseId } = await reportRow(answered);
    const decided = await call(t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, { org: facebook, body: sorInput() });
    expect(decided.status, decided.body).toBe(201);

    // Within the period nothing goes: the reporter may still be told, or complain.
    t.advance((DAYS - 1) * DAY);
    await purge();
    expect((await reportRow(answered)).contact_email).toBe(answered);

    t.advance(2 * DAY);
    await purge();
    const [gone] = await t.ctx.db.query<{ contact_email: string | null; evidence: string | null; personal_data_purged_at: Date | null }>(
      `SELECT r.contact_email, r.evidence, r.personal_data_purged_at FROM public_reports r JOIN notice_items i ON i.notice_id = r.notice_id WHERE i.case_id = $1`,
      [caseId],
    );
    expect(gone).toMatchObject({ contact_email: null, evidence: null });
    expect(gone!.personal_data_purged_at).not.toBeNull();
    // A report whose case still owes an answer keeps its contact: the outcome e-mail needs it.
    expect((await reportRow(waiting)).contact_email).toBe(waiting);
    // The tracking code still shows the report's progress.
    expect((await call(t.app, 'GET', `/api/v1/public/reports/${filed.json.tracking_code}`)).status).toBe(200);
  });

  it("clears an uploader's name, e-mail and statement once the counter-notice ended and the period has passed", async () => {
    const d = await decidedCase(t, facebook, [studio]);
    const filed = await call(t.app, 'POST', `/api/v1/public/statements/${d.token}/counter-notices`, { body: UPLOADER });
    expect(filed.status, filed.body).toBe(201);
    const view = () => call(t.app, 'GET', `/api/v1/cases/${d.caseId}/counter-notices`, { org: studio });
    expect((await view()).json.items[0].uploader.email).toBe(UPLOADER.contact_email);

    // The waiting period ends with no court filing: the counter-notice has done its work.
    t.advance(11 * DAY);
    expect(await sweepCounterNotices(t.ctx)).toBeGreaterThan(0);
    await purge();
    expect((await view()).json.items[0].uploader.email).toBe(UPLOADER.contact_email);

    t.advance((DAYS + 1) * DAY);
    await purge();
    const after = await view();
    expect(after.status).toBe(200);
    expect(after.json.items[0]).toMatchObject({ id: filed.json.id, status: 'content_restored', uploader: null });
    const [row] = await t.ctx.db.query<{ contact_name: string; contact_email: string; statement_text: string }>(
      'SELECT contact_name, contact_email, statement_text FROM counter_notices WHERE id = $1',
      [filed.json.id],
    );
    expect(row).toEqual({ contact_name: '', contact_email: '', statement_text: '' });
  });

  it('empties the payloads of e-mails sent before the period, keeping later ones and those not sent', async () => {
    const now = t.ctx.now();
    const job = async (status: string, finishedDaysAgo: number | null) => {
      const id = uuidv7();
      await t.ctx.db.query(`INSERT INTO jobs (id, kind, seq, payload, status, run_at, created_at, finished_at) VALUES ($1, 'email', 0, $2::text::jsonb, $3, $4, $4, $5)`, [
        id,
        JSON.stringify({ to: 'nguoi.nhan@example.vn' }),
        status,
        now,
        finishedDaysAgo === null ? null : new Date(now.getTime() - finishedDaysAgo * DAY),
      ]);
      return id;
    };
    const old = await job('done', DAYS + 1);
    const recent = await job('done', DAYS - 1);
    const parked = await job('parked', DAYS + 1);
    await purge();
    const payload = async (id: string) => (await t.ctx.db.query<{ payload: unknown }>('SELECT payload FROM jobs WHERE id = $1', [id]))[0]!.payload;
    expect(await payload(old)).toEqual({});
    expect(await payload(recent)).toEqual({ to: 'nguoi.nhan@example.vn' });
    // A parked e-mail may still be retried by the operator: it keeps what it needs.
    expect(await payload(parked)).toEqual({ to: 'nguoi.nhan@example.vn' });
  });
});
