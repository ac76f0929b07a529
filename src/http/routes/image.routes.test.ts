import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { call, freshUrl, makeOrg, noticeInput, sorInput, type TestOrg } from '../../../test/factories.ts';
import { dataUrl, pngHeaderOnly, testImage } from '../../../test/images.ts';
import { MAX_IMAGE_BYTES } from '../../core/notice-images.ts';
import { closeImageHashing } from '../../images/image-hash.ts';
import { diskImageStore } from '../../images/image-store-disk.ts';
import { makeDailyDump } from '../../services/dump.service.ts';

let t: TestApp;
let flagger: TestOrg;
let otherFlagger: TestOrg;
let authority: TestOrg;
let facebook: TestOrg;
let youtube: TestOrg;
const dir = mkdtempSync(path.join(tmpdir(), 'minhbach-image-routes-'));
const dumps = mkdtempSync(path.join(tmpdir(), 'minhbach-image-dumps-'));

beforeAll(async () => {
  // No rate limits: these tests send several bodies of over 10 MB from one key within a minute.
  t = await openTestApp({ imageStore: diskImageStore(dir), limits: false });
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
  otherFlagger = await makeOrg(t.ctx, 'trusted_flagger');
  authority = await makeOrg(t.ctx, 'authority');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  youtube = await makeOrg(t.ctx, 'platform', { platform: 'youtube' });
});
afterAll(async () => {
  await closeImageHashing();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(dumps, { recursive: true, force: true });
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const files = () => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
const count = async (table: string) => Number((await t.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n);
const withImages = (images: string[], url = freshUrl()) => noticeInput({ legal_basis: undefined, items: [{ url, images: images.map((data_url) => ({ data_url })) }] });
const getImage = (org: TestOrg | null, address: string) => t.app.inject({ method: 'GET', url: `/api/v1/images/${address}`, headers: org ? org.headers : {} });

describe('images on notices, through the API', () => {
  let jpeg: Buffer;
  let png: Buffer;
  let noticeId: string;
  let caseId: string;

  it('takes images as data URLs, and shows them on the notice and on the case to those who see them', async () => {
    [jpeg, png] = await Promise.all([testImage('jpeg', 11), testImage('png', 12)]);
    const res = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: withImages([dataUrl(jpeg, 'image/jpeg'), dataUrl(png)]) });
    expect(res.status).toBe(201);
    noticeId = res.json.id;
    caseId = res.json.cases[0].id;
    const expected = [
      { sha256: sha(jpeg), mime: 'image/jpeg', bytes: jpeg.length, width: 96, height: 64, url: `/api/v1/images/${sha(jpeg)}` },
      { sha256: sha(png), mime: 'image/png', bytes: png.length, width: 96, height: 64, url: `/api/v1/images/${sha(png)}` },
    ];
    const own = await call(t.app, 'GET', `/api/v1/notices/${noticeId}`, { org: flagger });
    expect(own.json.items[0].images).toEqual(expected);
    const byPlatform = await call(t.app, 'GET', `/api/v1/cases/${caseId}`, { org: facebook });
    expect(byPlatform.json.notices[0].items[0].images).toEqual(expected);
    const listed = await call(t.app, 'GET', '/api/v1/notices?limit=5', { org: flagger });
    expect(listed.json.items.find((n: { id: string }) => n.id === noticeId).items[0].images).toHaveLength(2);
    // An item without images says so.
    const plain = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ legal_basis: undefined }) });
    expect((await call(t.app, 'GET', `/api/v1/notices/${plain.json.id}`, { org: flagger })).json.items[0].images).toEqual([]);
  });

  it('serves the bytes to the submitter and to the platform of the case, privately and never as a page', async () => {
    for (const org of [flagger, facebook]) {
      const res = await getImage(org, sha(png));
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(png)).toBe(true);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.headers['cache-control']).toBe('private');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBe("default-src 'none'");
    }
    expect((await getImage(flagger, sha(jpeg).toUpperCase())).statusCode).toBe(200);
  });

  it('answers 404 to everyone else, and for an address nothing holds; 401 without a key', async () => {
    for (const org of [otherFlagger, authority, youtube]) expect((await getImage(org, sha(png))).statusCode).toBe(404);
    expect((await getImage(flagger, sha(Buffer.from('never sent')))).statusCode).toBe(404);
    expect((await getImage(flagger, '..%2F..%2Fetc%2Fpasswd')).statusCode).toBe(404);
    expect((await getImage(null, sha(png))).statusCode).toBe(401);
  });

  it('refuses a non-image, an image over 10 MB and a decompression bomb with a 4xx naming the field, storing nothing', async () => {
    const before = { notices: await count('notices'), images: await count('images'), files: files() };
    const good = dataUrl(await testImage('png', 13));
    const cases: [string, number][] = [
      [dataUrl(Buffer.from('%PDF-1.7 not a picture'), 'image/png'), 422],
      [`data:application/pdf;base64,${Buffer.from('%PDF-1.7').toString('base64')}`, 415],
      [dataUrl(Buffer.alloc(MAX_IMAGE_BYTES + 10, 3), 'image/jpeg'), 413],
      [dataUrl(pngHeaderOnly(20_000, 20_000)), 422],
    ];
    for (const [bad, status] of cases) {
      const res = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: withImages([good, bad]) });
      expect(res.status).toBe(status);
      expect(res.json.errors[0].field).toBe('items[0].images[1]');
    }
    const five = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: withImages([good, good, good, good, good]) });
    expect(five.status).toBe(422);
    expect(five.json.errors[0].field).toMatch(/^items\[0\]\.images/);
    expect({ notices: await count('notices'), images: await count('images'), files: files() }).toEqual(before);
  });

  it('replays an idempotent submission with images without storing anything twice', async () => {
    const webp = await testImage('webp', 14);
    const body = withImages([dataUrl(webp, 'image/webp')]);
    const headers = { 'idempotency-key': `images-${sha(webp).slice(0, 12)}` };
    const first = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body, headers });
    expect(first.status).toBe(201);
    const counts = { notices: await count('notices'), images: await count('images'), links: await count('notice_item_images'), files: files() };
    const again = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body, headers });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json.id).toBe(first.json.id);
    expect({ notices: await count('notices'), images: await count('images'), links: await count('notice_item_images'), files: files() }).toEqual(counts);
  });

  it('publishes only that images were attached: no image, address or hash in any public output', async () => {
    const secret = await testImage('jpeg', 15);
    const url = freshUrl();
    const sent = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: withImages([dataUrl(secret, 'image/jpeg'), dataUrl(png)], url) });
    expect(sent.status).toBe(201);
    const decided = await call(t.app, 'POST', `/api/v1/cases/${sent.json.cases[0].id}/decisions`, { org: facebook, body: sorInput() });
    expect(decided.status).toBe(201);
    await t.integrate();
    const [row] = await t.ctx.db.query<{ pdq: string }>('SELECT pdq FROM images WHERE sha256 = $1', [sha(secret)]);
    const variants = (await t.ctx.db.query<{ hash: string }>(`SELECT hash::text AS hash FROM pdq_hashes WHERE owner_id = $1`, [sha(secret)])).map((r) => r.hash);
    const secrets = [sha(secret), sha(png), row!.pdq, ...variants, Buffer.from(secret).toString('base64').slice(40, 100), '/api/v1/images/'];

    const records = await call(t.app, 'GET', '/api/v1/public/records?limit=200');
    const record = records.json.items.find((r: { notice_id?: string }) => r.notice_id === sent.json.id);
    expect(record).toMatchObject({ type: 'trusted_flagger_notice', images_attached: 2 });
    // A notice without images keeps the shape records always had.
    expect(
      records.json.items.filter((r: { notice_id?: string; images_attached?: number }) => r.notice_id && r.notice_id !== sent.json.id && r.images_attached === undefined).length,
    ).toBeGreaterThan(0);

    const outputs = [
      records.body,
      (await call(t.app, 'GET', `/api/v1/public/records/${record.id}`)).body,
      (await call(t.app, 'GET', `/api/v1/public/records?q=${encodeURIComponent(sha(secret))}`)).body,
      (await call(t.app, 'GET', `/api/v1/public/records/${decided.json.public_record_id}`)).body,
      (await call(t.app, 'GET', '/api/v1/public/stats/charts')).body,
      (await call(t.app, 'POST', '/api/v1/public/report-match', { body: { url } })).body,
    ];
    const size = Number((await t.app.inject({ method: 'GET', url: '/log/checkpoint' })).body.split('\n')[1]);
    expect(size).toBeLessThan(256);
    outputs.push((await t.app.inject({ method: 'GET', url: `/log/tile/entries/000.p/${size}` })).rawPayload.toString('latin1'));
    const dump = await makeDailyDump(t.ctx, { dir: dumps });
    expect(dump.made).toBe(true);
    for (const f of readdirSync(dumps, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
      outputs.push(readFileSync(path.join(f.parentPath, f.name)).toString('latin1'));
    }
    // Webhooks and e-mails are made from the outbox's events (and their jobs' payloads).
    outputs.push(JSON.stringify(await t.ctx.db.query('SELECT type, data FROM outbox WHERE case_id = $1', [sent.json.cases[0].id])));
    outputs.push(JSON.stringify(await t.ctx.db.query('SELECT * FROM jobs')));
    for (const out of outputs) for (const s of secrets) expect(out.toLowerCase()).not.toContain(s.toLowerCase());
    // And the search finds nothing by an image's address either.
    expect(JSON.parse(outputs[2]!).items).toEqual([]);
  });

  it('refuses images in a batch, notice by notice', async () => {
    const good = dataUrl(await testImage('png', 16));
    const batch = await call(t.app, 'POST', '/api/v1/notices/batch', { org: flagger, body: { notices: [withImages([good])] } });
    expect(batch.json.results[0]).toMatchObject({ status: 'rejected', errors: [{ field: 'items[0].images' }] });
  });
});
