/**
 * Test-only helpers for the verifier's tests (src/verifier/verify-log.test.ts, test/tamper.test.ts):
 * a real server on loopback with a log to verify. Not part of the verifier package: this file
 * uses the server's code, the verifier itself (log-client.ts, verify-log.ts) does not.
 */
import { expect } from 'vitest';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { call, freshUrl, makeOrg, noticeInput, sorInput, type TestOrg } from '../../test/factories.ts';
import { uuidv7 } from '../core/ids.ts';
import { sealPublicRecord } from '../core/public-record-document.ts';
import type { PublicRecordDraft } from '../core/public-record.ts';
import { insertPublicRecords } from '../repositories/public-record.repository.ts';
import { VerifyFailure, type VerifyOptions, type VerifySummary, verifyLog } from './verify-log.ts';

export interface LogServer {
  t: TestApp;
  /** e.g. http://127.0.0.1:41234 */
  base: string;
  /** `${base}/log` */
  logUrl: string;
  vkey: string;
  authority: TestOrg;
  facebook: TestOrg;
}

export async function openLogServer(options: Parameters<typeof openTestApp>[0] = {}): Promise<LogServer> {
  const t = await openTestApp(options);
  const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const authority = await makeOrg(t.ctx, 'authority');
  const facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  return { t, base, logUrl: `${base}/log`, vkey: t.logSigner.verifierKeyString(), authority, facebook };
}

/** Files `n` authority notices over HTTP (each publishes a record); returns their case ids. */
export async function publishNotices(s: LogServer, n: number): Promise<string[]> {
  const caseIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await call(s.t.app, 'POST', '/api/v1/notices', { org: s.authority, body: noticeInput({ items: [{ url: freshUrl() }] }) });
    expect(res.status).toBe(201);
    caseIds.push(res.json.cases[0].id);
  }
  return caseIds;
}

/** Facebook's decision on a case: publishes a statement of reasons; returns its public record id. */
export async function publishDecision(s: LogServer, caseId: string): Promise<string> {
  const res = await call(s.t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, { org: s.facebook, body: sorInput() });
  expect(res.status).toBe(201);
  return res.json.public_record_id as string;
}

/** Integrates everything waiting, as the server's background loop would. */
export async function integrate(s: LogServer): Promise<number> {
  return s.t.integrate();
}

/** `n` public records straight into the table (the log's trigger queues them), for multi-tile logs. */
export async function insertBulkRecords(s: LogServer, n: number): Promise<void> {
  const at = new Date();
  const drafts: PublicRecordDraft[] = Array.from({ length: n }, (_, i) => ({
    id: uuidv7(at.getTime()),
    type: 'authority_request',
    source_id: uuidv7(at.getTime()),
    published_at: at,
    category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
    platform: 'facebook',
    requester_kind: 'authority',
    body: { requester: { kind: 'authority', name: 'Bulk test' }, explanation: `bulk record ${i}`, urgency: 'normal' },
    search_text: `bulk record ${i}`,
  }));
  await insertPublicRecords(s.t.ctx.db, drafts.map(sealPublicRecord));
}

/**
 * Withdraws a record's body as the withdrawal service does (a published withdrawal record, the
 * body replaced by a tombstone), in SQL so these tests do not depend on that service's API.
 */
export async function withdrawRecord(s: LogServer, recordId: string): Promise<string> {
  const [r] = await s.t.ctx.db.query<{ type: string; category: string; platform: string }>(`SELECT type, category, platform FROM public_records WHERE id = $1`, [recordId]);
  const id = uuidv7();
  await insertPublicRecords(s.t.ctx.db, [
    sealPublicRecord({
      id,
      type: 'withdrawal' as string as PublicRecordDraft['type'],
      source_id: recordId,
      published_at: new Date(),
      category: r!.category,
      platform: r!.platform as PublicRecordDraft['platform'],
      requester_kind: null,
      body: { withdrawn_record_id: recordId, withdrawn_record_type: r!.type, reason: 'Court order to remove personal data', legal_basis: null },
      search_text: 'withdrawal',
    }),
  ]);
  await s.t.ctx.db.query(`UPDATE public_records SET body = '{}'::jsonb, search = ''::tsvector, withdrawn_by = $2 WHERE id = $1`, [recordId, id]);
  return id;
}

/** The logged records, by index. */
export async function loggedRecords(s: LogServer): Promise<{ idx: number; record_id: string; entry: Uint8Array }[]> {
  const rows = await s.t.ctx.db.query<{ idx: string; record_id: string; entry: Uint8Array }>(`SELECT e.idx::text AS idx, e.record_id, e.entry FROM log_entries e ORDER BY e.idx`);
  return rows.map((r) => ({ idx: Number(r.idx), record_id: r.record_id, entry: new Uint8Array(r.entry) }));
}

export function verify(s: LogServer, options: Partial<VerifyOptions> = {}): Promise<VerifySummary> {
  return verifyLog({ logUrl: s.logUrl, key: s.vkey, ...options });
}

/** The verification's failure message (it must fail with a VerifyFailure). */
export async function failure(p: Promise<unknown>): Promise<VerifyFailure> {
  try {
    await p;
  } catch (e) {
    if (e instanceof VerifyFailure) return e;
    throw e;
  }
  throw new Error('verification passed but was expected to fail');
}
