import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshUrl, makeOrg, noticeInput, type TestOrg } from '../../../test/factories.ts';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { dataUrl, pngHeaderOnly } from '../../../test/images.ts';
import { closeImageHashing, hashImage } from '../../images/image-hash.ts';
import { insertImages, insertNoticeItemImages } from '../../repositories/image.repository.ts';
import { indexPdqHashes } from '../../repositories/pdq-index.repository.ts';

/** A picture of its own: a gradient and a few shapes placed from `seed` (PDQ needs structure). */
async function picture(seed: number, width = 800, height = 600): Promise<Buffer> {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const shapes = Array.from({ length: 8 }, () => {
    const colour = `rgb(${Math.floor(next() * 255)},${Math.floor(next() * 255)},${Math.floor(next() * 255)})`;
    return next() < 0.5
      ? `<circle cx="${next() * width}" cy="${next() * height}" r="${20 + next() * height * 0.25}" fill="${colour}"/>`
      : `<rect x="${next() * width}" y="${next() * height}" width="${40 + next() * width * 0.3}" height="${40 + next() * height * 0.3}" fill="${colour}"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x2="${next()}" y2="1"><stop offset="0" stop-color="#${Math.floor(next() * 0xffffff)
      .toString(16)
      .padStart(6, '0')}"/><stop offset="1" stop-color="#fed"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>${shapes}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

let t: TestApp;
let flagger: TestOrg;
let otherFlagger: TestOrg;
let facebook: TestOrg;
let tiktok: TestOrg;
let caseId: string;
let original: Buffer;

/** Files a notice with a text item, then attaches `bytes` to its item as image intake does (0033 rows + the PDQ index). */
async function reportWithPicture(org: TestOrg, bytes: Buffer): Promise<string> {
  const res = await call(t.app, 'POST', '/api/v1/notices', { org, body: noticeInput({ items: [{ url: freshUrl(), text: `Bài đăng giả mạo ${Date.now()}` }] }) });
  expect(res.status).toBe(201);
  const id: string = res.json.cases[0].id;
  const [item] = await t.ctx.db.query<{ notice_id: string; position: number }>('SELECT notice_id, position FROM notice_items WHERE case_id = $1', [id]);
  const image = await hashImage(bytes, 'image');
  const at = t.ctx.now();
  await t.ctx.db.transaction(async (tx) => {
    const fresh = await insertImages(tx, [image], at);
    await insertNoticeItemImages(tx, [{ notice_id: item!.notice_id, position: item!.position, ordinal: 0, sha256: image.sha256, created_at: at }]);
    if (fresh.has(image.sha256)) await indexPdqHashes(tx, [{ owner_kind: 'image', owner_id: image.sha256, hashes: [image.pdq, ...image.variants] }]);
  });
  return id;
}

beforeAll(async () => {
  t = await openTestApp();
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
  otherFlagger = await makeOrg(t.ctx, 'trusted_flagger');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  tiktok = await makeOrg(t.ctx, 'platform', { platform: 'tiktok' });
  original = await picture(1);
  caseId = await reportWithPicture(flagger, original);
  await reportWithPicture(otherFlagger, await picture(2)); // another case, another picture
});
afterAll(async () => {
  await t.close();
  await closeImageHashing();
});

const match = (body: unknown, org: TestOrg = flagger) => call(t.app, 'POST', '/api/v1/match', { org, body });
const image = (bytes: Uint8Array, mime = 'image/jpeg') => ({ image: { data_url: dataUrl(bytes, mime) } });

describe('POST /api/v1/match with a picture', () => {
  it('finds the case of a copy re-encoded at JPEG q=50 and halved, by the picture, with its distance', async () => {
    const copy = await sharp(original).resize({ width: 400 }).jpeg({ quality: 50 }).toBuffer();
    const res = await match(image(copy));
    expect(res.status).toBe(200);
    expect(res.json.already_reported).toBe(true);
    expect(res.json.matches).toEqual([expect.objectContaining({ case_id: caseId, platform: 'facebook', level: 'duplicate', matched_by: 'image', basis: 'image' })]);
    expect(res.json.matches[0].distance).toBeLessThanOrEqual(31);
    expect(res.json.matches[0].score).toBeCloseTo(1 - res.json.matches[0].distance / 256, 6);
    expect([res.json.canonical, res.json.title, res.json.text]).toEqual([null, null, null]);
  });

  it('finds it from a copy cropped by a tenth (through the crop variants), and the same bytes at distance 0, as PNG too', async () => {
    const crop = await sharp(original).extract({ left: 80, top: 0, width: 720, height: 600 }).jpeg({ quality: 80 }).toBuffer();
    expect((await match(image(crop))).json.matches.map((m: { case_id: string }) => m.case_id)).toEqual([caseId]);
    const same = await match(image(original));
    expect(same.json.matches).toEqual([expect.objectContaining({ case_id: caseId, distance: 0, score: 1 })]);
    const png = await sharp(original).png().toBuffer();
    expect((await match(image(png, 'image/png'))).json.matches.map((m: { case_id: string }) => m.case_id)).toEqual([caseId]);
  });

  it('does not match an unrelated picture', async () => {
    const res = await match(image(await picture(3)));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ already_reported: false, matches: [] });
  });

  it('describes the case only to those who may see it: the platform does, another platform and another submitter learn only already_reported', async () => {
    const copy = await sharp(original).jpeg({ quality: 60 }).toBuffer();
    expect((await match(image(copy), facebook)).json.matches.map((m: { case_id: string }) => m.case_id)).toEqual([caseId]);
    for (const org of [tiktok, otherFlagger]) {
      const res = await match(image(copy), org);
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ canonical: null, title: null, text: null, already_reported: true, matches: [] });
    }
  });

  it('answers a picture beside a URL with both: the URL match and the picture match', async () => {
    const res = await match({ url: freshUrl('youtube'), ...image(original) });
    expect(res.status).toBe(200);
    expect(res.json.canonical.platform).toBe('youtube');
    expect(res.json.matches.map((m: { matched_by: string }) => m.matched_by)).toEqual(['image']);
  });

  it('refuses what is not a picture, naming the field: another type (415), not an image (422), too large (413), a decompression bomb (422)', async () => {
    const text = await match({ image: { data_url: `data:text/plain;base64,${Buffer.from('hello').toString('base64')}` } });
    expect([text.status, text.json.errors?.[0]?.field ?? text.json.fields?.[0]?.field]).toEqual([415, 'image']);
    const notImage = await match(image(Buffer.from('<html>not a picture</html>'), 'image/png'));
    expect(notImage.status).toBe(422);
    expect(JSON.stringify(notImage.json)).toContain('"image"');
    const tooBig = await match(image(Buffer.alloc(10 * 1024 * 1024 + 10), 'image/png'));
    expect(tooBig.status).toBe(413);
    expect(JSON.stringify(tooBig.json)).toContain('"image"');
    const bomb = pngHeaderOnly(20_000, 20_000);
    expect(bomb.length).toBeLessThan(100_000);
    const refused = await match(image(bomb, 'image/png'));
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.json)).toMatch(/"image".*pixels|pixels.*"image"/);
    const badUrl = await match({ image: { data_url: 'https://example.org/a.jpg' } });
    expect(badUrl.status).toBe(422);
  });

  it('is never public: the public report-match takes no picture', async () => {
    const res = await call(t.app, 'POST', '/api/v1/public/report-match', { body: { url: freshUrl(), ...image(original) } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
