import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { call, freshUrl, makeOrg, noticeInput, type TestOrg } from '../../test/factories.ts';
import { uuidv7 } from '../core/ids.ts';
import { publicDocument, sealPublicRecord } from '../core/public-record-document.ts';
import type { PublicRecordDraft } from '../core/public-record.ts';
import { toHex } from '../core/tlog/encoding.ts';
import { parseLogEntry, recordDigest } from '../core/tlog/log-entry.ts';
import { findPublicRecord, insertPublicRecords } from '../repositories/public-record.repository.ts';

let t: TestApp;
let authority: TestOrg;

beforeAll(async () => {
  t = await openTestApp();
  authority = await makeOrg(t.ctx, 'authority');
});
afterAll(() => t.close());

const draft = (body: Record<string, unknown>): PublicRecordDraft => {
  const at = new Date();
  return {
    id: uuidv7(at.getTime()),
    type: 'authority_request',
    source_id: uuidv7(at.getTime()),
    published_at: at,
    category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
    platform: 'facebook',
    requester_kind: 'authority',
    body,
    search_text: 'x',
  };
};

/** The entry the log holds for a record, once integrated. */
async function entryOf(recordId: string) {
  await t.integrate();
  const [row] = await t.ctx.db.query<{ entry: Uint8Array }>(`SELECT entry FROM log_entries WHERE record_id = $1`, [recordId]);
  return parseLogEntry(new Uint8Array(row!.entry));
}

describe('the digest a publisher computes is the one anyone recomputes from the published record', () => {
  it('survives storage for any JSON body (jsonb reorders members and rewrites numbers)', async () => {
    const text = fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\u0000'));
    const body = fc.dictionary(
      text,
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v).replaceAll('\\u0000', '')) as unknown),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const sealed = sealPublicRecord(draft(b));
        await insertPublicRecords(t.ctx.db, [sealed]);
        const stored = (await findPublicRecord(t.ctx.db, sealed.id))!;
        expect(toHex(recordDigest(publicDocument(stored)))).toBe(sealed.sha256);
      }),
      { numRuns: 60 },
    );
    await t.integrate();
  });

  it('for a notice, whose items get their case ids in the same transaction', async () => {
    const res = await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: noticeInput({ items: [{ url: freshUrl() }, { url: freshUrl('youtube') }] }) });
    expect(res.status).toBe(201);
    const records = await t.ctx.db.query<{ id: string }>(`SELECT id FROM public_records WHERE source_id = $1 ORDER BY platform`, [res.json.id]);
    expect(records).toHaveLength(2);
    for (const { id } of records) {
      const stored = (await findPublicRecord(t.ctx.db, id))!;
      const items = (stored.body as { items: { case_id: string; url: string }[] }).items;
      expect(items.map((i) => i.case_id)).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
      expect(res.json.cases.map((c: { id: string }) => c.id)).toContain(items[0]!.case_id);
      expect((await entryOf(id)).sha256).toBe(toHex(recordDigest(publicDocument(stored))));
    }
  });

  it('commits to the record as first published, even if it is withdrawn before it is logged', async () => {
    const sealed = sealPublicRecord(draft({ explanation: 'Số điện thoại 0912 345 678 bị đăng nhầm' }));
    await insertPublicRecords(t.ctx.db, [sealed]);
    await t.ctx.db.query(`UPDATE public_records SET body = '{}'::jsonb, withdrawn_by = id WHERE id = $1`, [sealed.id]);
    expect((await entryOf(sealed.id)).sha256).toBe(sealed.sha256);
  });

  it('refuses a record stored without its digest, so nothing is published unlogged', async () => {
    const d = draft({ a: 1 });
    await expect(
      t.ctx.db.query(
        `INSERT INTO public_records (id, type, source_id, category, platform, body, search) VALUES ($1, 'authority_request', $2, 'c', 'facebook', '{}'::jsonb, ''::tsvector)`,
        [d.id, d.source_id],
      ),
    ).rejects.toThrow(/without its sha256/);
    expect(await findPublicRecord(t.ctx.db, d.id)).toBeNull();
  });

  it('still logs a record queued before digests were stored, from its body', async () => {
    const sealed = sealPublicRecord(draft({ explanation: 'queued by an older version' }));
    await insertPublicRecords(t.ctx.db, [sealed]);
    await t.ctx.db.query(`UPDATE log_pending SET sha256 = NULL, type = NULL, published_at = NULL WHERE record_id = $1`, [sealed.id]);
    expect((await entryOf(sealed.id)).sha256).toBe(sealed.sha256);
  });
});

describe('a published record stays', () => {
  it('cannot be deleted or truncated, only withdrawn', async () => {
    const sealed = sealPublicRecord(draft({ explanation: 'must stay' }));
    await insertPublicRecords(t.ctx.db, [sealed]);
    await expect(t.ctx.db.query(`DELETE FROM public_records WHERE id = $1`, [sealed.id])).rejects.toThrow(/never deleted/);
    await expect(t.ctx.db.exec(`TRUNCATE public_records CASCADE`)).rejects.toThrow(/never deleted/);
    expect(await findPublicRecord(t.ctx.db, sealed.id)).not.toBeNull();
  });
});
