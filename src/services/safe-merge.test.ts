import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MATCH_THRESHOLDS, type MatchThresholds } from '../core/match-thresholds.ts';
import { indexPdqHashes } from '../repositories/pdq-index.repository.ts';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { call, freshUrl, makeOrg, noticeInput, type TestOrg } from '../../test/factories.ts';
import { uniqueClaim } from '../../test/linked-cases.ts';
import { linkPendingImages } from './image-linker.service.ts';
import { linkPendingFingerprints } from './linker.service.ts';
import { MATCH_SCHEME } from '../core/text-fingerprint.ts';

// Issue 15, safe merging: two thresholds (suggest, merge), merges only on evidence no single
// submitter controls, a rejected pair never suggested or merged again — for texts and for images.

let t: TestApp;
let orgA: TestOrg;
let orgB: TestOrg;
let orgC: TestOrg;
let facebook: TestOrg;

beforeAll(async () => {
  t = await openTestApp();
  orgA = await makeOrg(t.ctx, 'trusted_flagger');
  orgB = await makeOrg(t.ctx, 'trusted_flagger');
  orgC = await makeOrg(t.ctx, 'rights_holder');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
});
afterAll(() => t.close());

const withThresholds = (text: Partial<MatchThresholds['text']> = {}, image: Partial<MatchThresholds['image']> = {}): MatchThresholds => ({
  text: { ...DEFAULT_MATCH_THRESHOLDS.text, ...text },
  image: { ...DEFAULT_MATCH_THRESHOLDS.image, ...image },
});
const linkTexts = async (thresholds: MatchThresholds = DEFAULT_MATCH_THRESHOLDS) => {
  while ((await linkPendingFingerprints(t.ctx, 200, MATCH_SCHEME, thresholds)) > 0);
};
const linkImages = async (thresholds: MatchThresholds = DEFAULT_MATCH_THRESHOLDS) => {
  while ((await linkPendingImages(t.ctx, thresholds)) > 0);
};

/** Files one item; returns its notice and case. */
async function file(org: TestOrg, item: { url?: string; text?: string }) {
  const res = await call(t.app, 'POST', '/api/v1/notices', { org, body: noticeInput({ items: [{ url: item.url ?? freshUrl(), ...(item.text ? { text: item.text } : {}) }] }) });
  expect(res.status, res.body).toBe(201);
  t.advance(1000);
  return { notice: res.json.id as string, case: res.json.cases[0].id as string };
}
const view = async (id: string) => {
  const res = await call(t.app, 'GET', `/api/v1/cases/${id}`, { org: facebook });
  expect(res.status, res.body).toBe(200);
  return res.json;
};
type Related = { case_id: string; level: string; score: number; basis: string; distance?: number; dismissed_at: string | null };
const relatedOf = async (id: string): Promise<Related[]> => (await view(id)).related_cases;
const timelineOf = async (id: string): Promise<{ type: string; actor: unknown; data: Record<string, unknown> }[]> => (await view(id)).timeline;
const review = (id: string, relatedId: string, decision: 'duplicate' | 'not_duplicate') =>
  call(t.app, 'POST', `/api/v1/cases/${id}/related/${relatedId}`, { org: facebook, body: { decision } });
/** A copy that stays a near-duplicate (≈ 0.9: an alarm prefix, accents stripped) but is not the same text. */
const repost = (s: string) => `CẢNH BÁO!!! ${s.normalize('NFD').replace(/\p{M}/gu, '')}`;

describe('texts: suggest, merge', () => {
  it('only suggests when one organization sent both copies, and merges once a second organization sends one', async () => {
    const text = uniqueClaim();
    const older = await file(orgA, { text });
    const newer = await file(orgA, { text: repost(text) });
    await linkTexts();
    expect((await view(newer.case)).status).toBe('received');
    expect(await relatedOf(older.case)).toEqual([expect.objectContaining({ case_id: newer.case, level: 'duplicate', basis: 'text', dismissed_at: null })]);
    expect((await relatedOf(older.case))[0]).not.toHaveProperty('distance');

    await file(orgB, { text, url: (await view(newer.case)).canonical_url });
    await linkTexts();
    expect(await view(newer.case)).toMatchObject({ status: 'merged', merged_into: older.case });
    // Both timelines say it was the machine, on texts, and at which level.
    const merged = (await timelineOf(older.case)).find((e) => e.type === 'case_merged')!;
    expect(merged).toMatchObject({ actor: null, data: { merged_case_id: newer.case, basis: 'text', evidence_score: 1, merge_at: 0.8 } });
    const into = (await timelineOf(newer.case)).find((e) => e.type === 'merged_into')!;
    expect(into).toMatchObject({ actor: null, data: { case_id: older.case, basis: 'text', merge_at: 0.8 } });
  });

  it('between the suggest and the merge level, suggests only, even from two organizations; the merge level is a setting', async () => {
    const strict = withThresholds({ mergeAt: 0.99 });
    const text = uniqueClaim();
    const older = await file(orgA, { text });
    const newer = await file(orgB, { text: repost(text) });
    await linkTexts(strict);
    const [link] = await relatedOf(older.case);
    expect(link).toMatchObject({ case_id: newer.case, level: 'duplicate' });
    expect(link!.score).toBeGreaterThanOrEqual(0.8);
    expect(link!.score).toBeLessThan(0.99);
    expect((await view(newer.case)).status).toBe('received');

    // The same two kinds of copy, at the default merge level (0.8): merged.
    const text2 = uniqueClaim();
    const older2 = await file(orgA, { text: text2 });
    const newer2 = await file(orgB, { text: repost(text2) });
    await linkTexts();
    expect(await view(newer2.case)).toMatchObject({ status: 'merged', merged_into: older2.case });
  });

  it('below a raised suggest level, shows the match as similar, not as a suggested duplicate', async () => {
    const text = uniqueClaim();
    const older = await file(orgA, { text });
    await file(orgB, { text: repost(text) });
    await linkTexts(withThresholds({ suggestAt: 0.99, mergeAt: 0.99 }));
    expect(await relatedOf(older.case)).toEqual([expect.objectContaining({ level: 'similar', basis: 'text' })]);
  });
});

describe('texts: a rejected pair is never suggested or merged again', () => {
  it('after a rejection, an exact copy from a second organization neither re-suggests nor merges the pair', async () => {
    const text = uniqueClaim();
    const older = await file(orgA, { text });
    const newer = await file(orgA, { text: repost(text) });
    await linkTexts();
    const rejected = await review(older.case, newer.case, 'not_duplicate');
    expect(rejected.status, rejected.body).toBe(200);
    for (const [self, other] of [
      [older.case, newer.case],
      [newer.case, older.case],
    ] as const) {
      expect((await timelineOf(self)).find((e) => e.type === 'duplicate_rejected')).toMatchObject({
        actor: { id: facebook.actor.orgId },
        data: { related_case_id: other, level: 'duplicate', basis: 'text' },
      });
    }
    const before = (await relatedOf(older.case))[0]!;

    // Stronger evidence than ever: the exact text, from two other organizations, on the newer case.
    const newerUrl = (await view(newer.case)).canonical_url;
    await file(orgB, { text, url: newerUrl });
    await file(orgC, { text, url: newerUrl });
    await linkTexts();
    expect((await view(newer.case)).status).toBe('received');
    expect((await view(older.case)).status).toBe('received');
    // The answer stands as given: still dismissed, with the score the reviewer saw.
    expect(await relatedOf(older.case)).toEqual([{ ...before }]);
    expect(await relatedOf(newer.case)).toEqual([expect.objectContaining({ case_id: older.case, dismissed_at: rejected.json.dismissed_at })]);
    expect((await timelineOf(older.case)).map((e) => e.type)).not.toContain('case_merged');
  });

  it('survives a merge of one side into a third case: the survivor inherits the rejection', async () => {
    // C first (its own text), then A and B, a near-duplicate pair that the platform rejects.
    const other = uniqueClaim();
    const c = await file(orgA, { text: other });
    const text = uniqueClaim();
    const a = await file(orgA, { text });
    const b = await file(orgA, { text: repost(text) });
    await linkTexts();
    expect((await review(a.case, b.case, 'not_duplicate')).status).toBe(200);

    // B turns out to hold C's text too (two organizations say so): B joins C.
    await file(orgB, { text: other, url: (await view(b.case)).canonical_url });
    await linkTexts();
    expect(await view(b.case)).toMatchObject({ status: 'merged', merged_into: c.case });
    // C is B's content now: C and A are not the same either.
    expect(await relatedOf(c.case)).toEqual([expect.objectContaining({ case_id: a.case, dismissed_at: expect.any(String) })]);
    expect(await relatedOf(a.case)).toEqual([expect.objectContaining({ case_id: c.case, dismissed_at: expect.any(String) })]);

    // A's exact text from a second organization on C: no merge of A into C.
    await file(orgB, { text, url: (await view(c.case)).canonical_url });
    await linkTexts();
    expect((await view(a.case)).status).toBe('received');
    expect(await relatedOf(a.case)).toEqual([expect.objectContaining({ case_id: c.case, dismissed_at: expect.any(String) })]);
  });

  it('lets a reviewer change the answer: a rejected pair confirmed later merges, and the timeline says it was rejected before', async () => {
    const text = uniqueClaim();
    const older = await file(orgA, { text });
    const newer = await file(orgA, { text: repost(text) });
    await linkTexts();
    const rejected = await review(older.case, newer.case, 'not_duplicate');
    expect(rejected.status, rejected.body).toBe(200);
    const confirmed = await review(older.case, newer.case, 'duplicate');
    expect(confirmed.status, confirmed.body).toBe(200);
    expect((await timelineOf(older.case)).find((e) => e.type === 'case_merged')).toMatchObject({
      data: { confirmed_by_platform: true, previously_dismissed_at: rejected.json.dismissed_at },
    });
  });

  it('a confirmed pair merges, and both timelines say the platform confirmed it on texts', async () => {
    const text = uniqueClaim();
    const older = await file(orgA, { text });
    const newer = await file(orgA, { text: repost(text) });
    await linkTexts();
    const res = await review(newer.case, older.case, 'duplicate');
    expect(res.status, res.body).toBe(200);
    expect(res.json.merge).toMatchObject({ from: newer.case, into: older.case });
    expect((await timelineOf(older.case)).find((e) => e.type === 'case_merged')).toMatchObject({
      actor: { id: facebook.actor.orgId },
      data: { merged_case_id: newer.case, confirmed_by_platform: true, basis: 'text' },
    });
    expect((await timelineOf(newer.case)).find((e) => e.type === 'merged_into')).toMatchObject({ data: { case_id: older.case, confirmed_by_platform: true } });
  });
});

// Images: rows as image intake writes them (0033), with PDQ hashes chosen bit by bit, indexed as
// intake indexes them (0034); the image linker is what is under test.
/** The base hash with its first `bits` bits flipped: at exactly that distance from it. */
function pdqAt(base: string, bits: number, offset = 0): string {
  const bytes = Buffer.from(base, 'hex');
  for (let i = offset; i < offset + bits; i++) bytes[i >> 3]! ^= 0x80 >> (i & 7);
  return bytes.toString('hex');
}
/** A hash of its own, far from every other test's (random 256 bits are about 128 apart). */
const freshPdq = () => randomBytes(32).toString('hex');

async function attachImage(notice: string, pdq: string, options: { sha256?: string; quality?: number } = {}): Promise<string> {
  const sha256 = options.sha256 ?? randomBytes(32).toString('hex');
  const at = t.ctx.now();
  await t.ctx.db.query(
    `INSERT INTO images (sha256, mime, bytes, width, height, pdq, quality, created_at) VALUES ($1, 'image/jpeg', 1000, 64, 64, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING`,
    [sha256, pdq, options.quality ?? 100, at],
  );
  const [{ n }] = (await t.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notice_item_images WHERE notice_id = $1`, [notice])) as [{ n: number }];
  await t.ctx.db.query(`INSERT INTO notice_item_images (notice_id, position, ordinal, sha256, created_at) VALUES ($1, 0, $2, $3, $4)`, [notice, n, sha256, at]);
  await indexPdqHashes(t.ctx.db, [{ owner_kind: 'image', owner_id: sha256, hashes: [pdq] }]);
  return sha256;
}
/** A case whose only content is one picture. */
async function fileImage(org: TestOrg, pdq: string, options: { sha256?: string; quality?: number; url?: string } = {}) {
  const filed = await file(org, { url: options.url ?? freshUrl() });
  const sha256 = await attachImage(filed.notice, pdq, options);
  return { ...filed, sha256 };
}

describe('images: the same rules as texts', () => {
  it('suggests the same picture sent by one organization on two cases (distance 0), without merging', async () => {
    const pdq = freshPdq();
    const first = await fileImage(orgA, pdq);
    const second = await fileImage(orgA, pdq, { sha256: first.sha256 });
    await linkImages();
    expect((await view(second.case)).status).toBe('received');
    expect(await relatedOf(first.case)).toEqual([expect.objectContaining({ case_id: second.case, level: 'duplicate', basis: 'image', distance: 0, score: 1, dismissed_at: null })]);
    const pending = await t.ctx.db.query(`SELECT 1 FROM notice_item_images WHERE notice_id = ANY($1::uuid[]) AND linked_at IS NULL`, [[first.notice, second.notice]]);
    expect(pending).toEqual([]);
  });

  it('merges the same picture from two organizations, and says so on both timelines with the distance and level', async () => {
    const pdq = freshPdq();
    const first = await fileImage(orgA, pdq);
    const second = await fileImage(orgB, pdqAt(pdq, 5));
    await linkImages();
    expect(await view(second.case)).toMatchObject({ status: 'merged', merged_into: first.case });
    expect((await timelineOf(first.case)).find((e) => e.type === 'case_merged')).toMatchObject({
      actor: null,
      data: { merged_case_id: second.case, basis: 'image', distance: 5, merge_distance: 16 },
    });
    expect((await timelineOf(second.case)).find((e) => e.type === 'merged_into')).toMatchObject({ data: { case_id: first.case, basis: 'image', distance: 5 } });
  });

  it('between the merge and the suggest distance, suggests only; the merge distance is a setting; beyond the suggest distance, nothing', async () => {
    const pdq = freshPdq();
    const first = await fileImage(orgA, pdq);
    const near = await fileImage(orgB, pdqAt(pdq, 20));
    const far = await fileImage(orgB, pdqAt(pdq, 40, 100));
    await linkImages();
    expect((await view(near.case)).status).toBe('received');
    expect(await relatedOf(first.case)).toEqual([expect.objectContaining({ case_id: near.case, basis: 'image', distance: 20, level: 'duplicate' })]);
    expect(await relatedOf(far.case)).toEqual([]);

    // With MINHBACH_IMAGE_MERGE_DISTANCE at 24 the same kind of pair merges.
    const pdq2 = freshPdq();
    const first2 = await fileImage(orgA, pdq2);
    const near2 = await fileImage(orgB, pdqAt(pdq2, 20));
    await linkImages(withThresholds({}, { mergeDistance: 24 }));
    expect(await view(near2.case)).toMatchObject({ status: 'merged', merged_into: first2.case });
    expect((await timelineOf(first2.case)).find((e) => e.type === 'case_merged')).toMatchObject({ data: { basis: 'image', distance: 20, merge_distance: 24 } });
  });

  it('relates nothing on a hash of low quality (a blank picture matches unrelated blanks)', async () => {
    const pdq = freshPdq();
    const first = await fileImage(orgA, pdq, { quality: 20 });
    const second = await fileImage(orgB, pdq, { sha256: first.sha256, quality: 20 });
    await linkImages();
    expect(await relatedOf(first.case)).toEqual([]);
    expect((await view(second.case)).status).toBe('received');
  });

  it('never suggests or merges a rejected pair again, whatever pictures come later', async () => {
    const pdq = freshPdq();
    const first = await fileImage(orgA, pdq);
    const second = await fileImage(orgA, pdqAt(pdq, 25));
    await linkImages();
    expect((await review(first.case, second.case, 'not_duplicate')).status).toBe(200);
    expect((await timelineOf(second.case)).find((e) => e.type === 'duplicate_rejected')).toMatchObject({ data: { basis: 'image', distance: 25 } });

    // The very same picture as the first case's, from another organization, on the second case.
    await attachImage((await file(orgB, { url: (await view(second.case)).canonical_url })).notice, pdq, { sha256: first.sha256 });
    await linkImages();
    expect((await view(second.case)).status).toBe('received');
    expect(await relatedOf(first.case)).toEqual([expect.objectContaining({ case_id: second.case, distance: 25, dismissed_at: expect.any(String) })]);
  });

  it('relates a picture and a text of the same pair into one link, the stronger one shown', async () => {
    const text = uniqueClaim();
    const first = await file(orgA, { text });
    const second = await file(orgA, { text: `${text.split(' ').slice(0, 45).join(' ')}.` });
    await linkTexts();
    expect((await relatedOf(first.case))[0]).toMatchObject({ case_id: second.case, level: 'similar', basis: 'text' });
    const pdq = freshPdq();
    await attachImage(first.notice, pdq);
    await attachImage(second.notice, pdqAt(pdq, 3));
    await linkImages();
    expect(await relatedOf(first.case)).toEqual([expect.objectContaining({ case_id: second.case, level: 'duplicate', basis: 'image', distance: 3 })]);
    expect(await relatedOf(second.case)).toEqual([expect.objectContaining({ case_id: first.case, level: 'duplicate', basis: 'image', distance: 3 })]);
  });
});
