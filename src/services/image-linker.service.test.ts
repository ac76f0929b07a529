import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataUrl, testImage } from '../../test/images.ts';
import { openTestDb } from '../../test/db.ts';
import { freshUrl, makeOrg, noticeInput, type TestOrg } from '../../test/factories.ts';
import { closeImageHashing } from '../images/image-hash.ts';
import { diskImageStore } from '../images/image-store-disk.ts';
import { listCaseLinks } from '../repositories/case-link.repository.ts';
import type { ServiceContext } from './context.ts';
import { linkPendingImages } from './image-linker.service.ts';
import { submitNotice } from './intake.service.ts';

// End to end from intake: pictures sent as data URLs are stored, hashed and indexed by intake;
// the image linker relates their cases (safe-merge.test.ts covers the rules with chosen hashes).
let ctx: ServiceContext;
let close: () => Promise<void>;
let orgA: TestOrg;
let orgB: TestOrg;
const dir = mkdtempSync(path.join(tmpdir(), 'minhbach-image-linker-'));
const store = diskImageStore(dir);

beforeAll(async () => {
  const opened = await openTestDb();
  ctx = { db: opened.db, now: () => new Date() };
  close = opened.close;
  orgA = await makeOrg(ctx, 'trusted_flagger');
  orgB = await makeOrg(ctx, 'trusted_flagger');
});
afterAll(async () => {
  await closeImageHashing();
  await close?.();
  rmSync(dir, { recursive: true, force: true });
});

async function fileWith(org: TestOrg, picture: Buffer, mime: string): Promise<string> {
  const input = noticeInput({ legal_basis: undefined, items: [{ url: freshUrl(), images: [{ data_url: dataUrl(picture, mime) }] }] });
  const out = await submitNotice(ctx, org.actor, input, undefined, store);
  expect(out.status).toBe(201);
  return out.body.cases[0]!.id;
}
const statusOf = async (id: string) => (await ctx.db.query<{ status: string; merged_into: string | null }>(`SELECT status, merged_into FROM cases WHERE id = $1`, [id]))[0]!;
const linkAll = async () => {
  while ((await linkPendingImages(ctx)) > 0);
};

describe('the image linker, from intake', () => {
  it('suggests a re-encoded copy sent by the same organization, and merges once another organization sends the picture', async () => {
    const png = await testImage('png', 71, { width: 320, height: 240 });
    const first = await fileWith(orgA, png, 'image/png');
    // The same picture re-encoded as JPEG: other bytes, a near hash.
    const copy = await testImage('jpeg', 71, { width: 320, height: 240 });
    const second = await fileWith(orgA, copy, 'image/jpeg');
    await linkAll();
    expect(await statusOf(second)).toMatchObject({ status: 'received' });
    const [link] = await listCaseLinks(ctx.db, first);
    expect(link).toMatchObject({ related_case_id: second, level: 'duplicate', basis: 'image' });
    expect(link!.distance).toBeLessThanOrEqual(16);

    // Another organization sends the very picture on a case of its own: two organizations now say it.
    const third = await fileWith(orgB, png, 'image/png');
    await linkAll();
    expect(await statusOf(third)).toMatchObject({ status: 'merged', merged_into: first });
    const pending = await ctx.db.query(`SELECT 1 FROM notice_item_images WHERE linked_at IS NULL`);
    expect(pending).toEqual([]);
  });

  it('finds the case of a cropped copy when the whole picture comes later (its crop variants are looked up too)', async () => {
    const whole = await testImage('png', 5, { width: 400, height: 300 });
    // A tenth cut off the left, reported first: PDQ alone puts it far from the whole picture.
    const crop = await sharp(whole).extract({ left: 40, top: 0, width: 360, height: 300 }).png().toBuffer();
    const cropCase = await fileWith(orgA, crop, 'image/png');
    await linkAll();
    const wholeCase = await fileWith(orgB, whole, 'image/png');
    await linkAll();
    // The whole picture's own crop is the reported one (distance 0), and two organizations sent them: one case.
    expect(await statusOf(wholeCase)).toMatchObject({ status: 'merged', merged_into: cropCase });
  });
});
