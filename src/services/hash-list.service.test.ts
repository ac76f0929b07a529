import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { call, freshUrl, makeOrg, noticeInput, sorInput, type TestOrg } from '../../test/factories.ts';
import { MAX_HASH_LIST_ENTRIES, parseHashList } from '../core/hash-list.ts';
import { hashListMatchesOfCase } from './hash-list-match.service.ts';
import { deleteHashList, exportHashList, exportOwnSignals, importHashList, listHashLists } from './hash-list.service.ts';

let t: TestApp;
let facebook: TestOrg;
let flagger: TestOrg;

beforeAll(async () => {
  t = await openTestApp();
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
});
afterAll(() => t?.close());

const randomPdq = () => randomBytes(32).toString('hex');

/** A case holding one image of the given PDQ (written straight to the tables: no decoding here). */
async function caseWithImage(pdq: string, quality = 90): Promise<{ caseId: string; sha256: string }> {
  const res = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ items: [{ url: freshUrl() }] }) });
  expect(res.status, res.body).toBe(201);
  const sha256 = randomBytes(32).toString('hex');
  await t.ctx.db.query(`INSERT INTO images (sha256, mime, bytes, width, height, pdq, quality, created_at) VALUES ($1, 'image/png', 100, 64, 64, $2, $3, now())`, [
    sha256,
    pdq,
    quality,
  ]);
  await t.ctx.db.query(`INSERT INTO notice_item_images (notice_id, position, ordinal, sha256, created_at) VALUES ($1, 0, 0, $2, now())`, [res.json.id, sha256]);
  return { caseId: res.json.cases[0].id, sha256 };
}

describe('importHashList', () => {
  it('stores and indexes thousands of entries in batches, reporting progress', async () => {
    const hashes = Array.from({ length: 4500 }, randomPdq);
    const progress: [number, number][] = [];
    const list = await importHashList(
      t.ctx,
      null,
      { name: 'Lớn', content: hashes.map((h, i) => `${h} POSITIVE_CLASS n${i % 7}`).join('\n') },
      { onProgress: (d, n) => progress.push([d, n]) },
    );
    expect(list).toMatchObject({ owner: null, entry_count: 4500, format: 'text', skipped: 0, duplicates: 0 });
    expect(progress).toEqual([
      [2000, 4500],
      [4000, 4500],
      [4500, 4500],
    ]);
    const [{ n }] = (await t.ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pdq_hashes WHERE owner_kind = 'hash_list' AND owner_id IN (SELECT id::text FROM hash_list_entries WHERE list_id = $1)`,
      [list.id],
    )) as [{ n: number }];
    expect(n).toBe(4500);
    const exported = await exportHashList(t.ctx, null, list.id, 'csv');
    expect(exported.entries).toBe(4500);
    expect(parseHashList(exported.body).entries.map((e) => e.pdq)).toEqual(hashes);
    await deleteHashList(t.ctx, null, list.id);
    expect(
      await t.ctx.db.query(`SELECT 1 FROM pdq_hashes WHERE owner_kind = 'hash_list' AND owner_id IN (SELECT id::text FROM hash_list_entries WHERE list_id = $1)`, [list.id]),
    ).toEqual([]);
    expect(await t.ctx.db.query(`SELECT 1 FROM hash_list_entries WHERE list_id = $1`, [list.id])).toEqual([]);
  });

  it('stores nothing when a line is wrong', async () => {
    const name = `bad-${randomBytes(4).toString('hex')}`;
    await expect(importHashList(t.ctx, flagger.actor, { name, content: `${randomPdq()}\nzz\n` })).rejects.toMatchObject({
      code: 'validation_failed',
      fields: [{ field: 'line 2: pdq' }],
    });
    expect(await t.ctx.db.query(`SELECT 1 FROM hash_lists WHERE name = $1`, [name])).toEqual([]);
  });

  it('keeps to the bound on entries', () => {
    expect(MAX_HASH_LIST_ENTRIES).toBe(100_000);
  });
});

describe('visibility', () => {
  it("gives a platform its own lists and the operator's, a trusted flagger its own only", async () => {
    const op = await importHashList(t.ctx, null, { name: 'shared', content: randomPdq() });
    const own = await importHashList(t.ctx, flagger.actor, { name: 'own', content: randomPdq() });
    const ids = async (actor: TestOrg['actor'] | null) => (await listHashLists(t.ctx, actor)).items.map((l) => l.id);
    expect(await ids(facebook.actor)).toContain(op.id);
    expect(await ids(facebook.actor)).not.toContain(own.id);
    expect(await ids(flagger.actor)).toEqual(expect.arrayContaining([own.id]));
    expect(await ids(flagger.actor)).not.toContain(op.id);
    expect(await ids(null)).toEqual(expect.arrayContaining([op.id, own.id]));
    await expect(exportHashList(t.ctx, facebook.actor, own.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(exportHashList(t.ctx, flagger.actor, own.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(deleteHashList(t.ctx, facebook.actor, op.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(exportHashList(t.ctx, facebook.actor, 'not-a-uuid')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('hashListMatchesOfCase and exportOwnSignals', () => {
  it('matches within distance 31, closest first, and drops deleted lists', async () => {
    const pdq = randomPdq();
    const { caseId, sha256 } = await caseWithImage(pdq);
    // The lowest `bits` bits flipped: a hash exactly that far away.
    const flip = (h: string, bits: number) => {
      const b = Buffer.from(h, 'hex');
      for (let i = 0; i < bits; i++) b[31 - (i >> 3)]! ^= 1 << (i & 7);
      return b.toString('hex');
    };
    const list = await importHashList(t.ctx, facebook.actor, { name: 'near', content: `${flip(pdq, 7)} farther\n${flip(pdq, 2)} close\n` });
    const edge = await importHashList(t.ctx, flagger.actor, { name: 'edge', content: `${flip(pdq, 31)} edge\n${flip(pdq, 32)} too_far\n` });
    const matches = await hashListMatchesOfCase(t.ctx.db, caseId);
    // One per list and image, its closest entry; 31 bits is still a match, 32 is not.
    expect(matches).toEqual([
      { list_id: list.id, list_name: 'near', labels: ['close'], distance: 2, image_sha256: sha256 },
      { list_id: edge.id, list_name: 'edge', labels: ['edge'], distance: 31, image_sha256: sha256 },
    ]);
    await deleteHashList(t.ctx, facebook.actor, list.id);
    await deleteHashList(t.ctx, flagger.actor, edge.id);
    expect(await hashListMatchesOfCase(t.ctx.db, caseId)).toEqual([]);
  });

  it('exports the hashes of images on restricted cases only, quality 50 or more, with DSA labels', async () => {
    const kept = await caseWithImage(randomPdq());
    const lowQuality = await caseWithImage(randomPdq(), 30);
    const reversed = await caseWithImage(randomPdq());
    const undecided = await caseWithImage(randomPdq());
    for (const c of [kept, lowQuality, reversed]) {
      const res = await call(t.app, 'POST', `/api/v1/cases/${c.caseId}/decisions`, {
        org: facebook,
        body: sorInput({ category_addition: ['STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS'] }),
      });
      expect(res.status, res.body).toBe(201);
    }
    // A later no_action decision (an appeal reversed) takes the case's hashes out.
    await t.ctx.db.query(
      `INSERT INTO decisions (id, case_id, platform_org_id, outcome, statement, created_at) VALUES (gen_random_uuid(), $1, $2, 'no_action', '{}', now() + interval '1 minute')`,
      [reversed.caseId, facebook.actor.orgId],
    );
    const pdqOf = async (sha: string) => (await t.ctx.db.query<{ pdq: string }>(`SELECT pdq FROM images WHERE sha256 = $1`, [sha]))[0]!.pdq;
    const file = await exportOwnSignals(t.ctx, facebook.actor, 'text');
    expect(file.body).toContain(
      `${await pdqOf(kept.sha256)} POSITIVE_CLASS STATEMENT_CATEGORY_SCAMS_AND_FRAUD,STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS,DECISION_GROUND_ILLEGAL_CONTENT\n`,
    );
    for (const c of [lowQuality, reversed, undecided]) expect(file.body).not.toContain(await pdqOf(c.sha256));
    await expect(exportOwnSignals(t.ctx, flagger.actor)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
