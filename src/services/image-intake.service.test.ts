import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataUrl, pngHeaderOnly, testImage } from '../../test/images.ts';
import { openTestDb } from '../../test/db.ts';
import { freshUrl, makeOrg, noticeInput, type TestOrg } from '../../test/factories.ts';
import { AppError } from '../core/errors.ts';
import { MAX_IMAGE_BYTES } from '../core/notice-images.ts';
import type { NoticeInput } from '../core/notice.ts';
import { MAX_IMAGE_BYTES as DECODER_MAX_IMAGE_BYTES } from '../images/decode.ts';
import { closeImageHashing } from '../images/image-hash.ts';
import { diskImageStore } from '../images/image-store-disk.ts';
import type { ServiceContext } from './context.ts';
import { submitNotice, submitNoticeBatch } from './intake.service.ts';

let ctx: ServiceContext;
let close: () => Promise<void>;
let flagger: TestOrg;
const dir = mkdtempSync(path.join(tmpdir(), 'minhbach-intake-images-'));
const store = diskImageStore(dir);

beforeAll(async () => {
  const opened = await openTestDb();
  ctx = { db: opened.db, now: () => new Date() };
  close = opened.close;
  flagger = await makeOrg(ctx, 'trusted_flagger');
});
afterAll(async () => {
  await closeImageHashing();
  await close?.();
  rmSync(dir, { recursive: true, force: true });
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const files = () => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
const count = async (table: string) => Number((await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n);
const withImages = (...urls: string[][]): NoticeInput =>
  noticeInput({ legal_basis: undefined, items: urls.map((images) => ({ url: freshUrl(), images: images.map((data_url) => ({ data_url })) })) });

async function refusal(input: NoticeInput): Promise<AppError> {
  const e = await submitNotice(ctx, flagger.actor, input, undefined, store).catch((err: unknown) => err);
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('images attached to notice items', () => {
  it('share the decoder’s size limit (core cannot import the module that loads sharp)', () => {
    expect(MAX_IMAGE_BYTES).toBe(DECODER_MAX_IMAGE_BYTES);
  });

  it('accepts JPEG, PNG and WebP; stores each picture once, even sent twice; links each item to its images in order; indexes new pictures', async () => {
    const [jpeg, png, webp] = await Promise.all([testImage('jpeg', 1), testImage('png', 2), testImage('webp', 3)]);
    const [imagesBefore, filesBefore] = [await count('images'), files()];
    const out = await submitNotice(
      ctx,
      flagger.actor,
      withImages([dataUrl(jpeg, 'image/jpeg'), dataUrl(png)], [dataUrl(webp, 'image/webp'), dataUrl(jpeg, 'image/jpeg')]),
      undefined,
      store,
    );
    expect(out.status).toBe(201);
    expect(await count('images')).toBe(imagesBefore + 3);
    expect(files()).toBe(filesBefore + 3);
    const links = await ctx.db.query<{ position: number; ordinal: number; sha256: string }>(
      'SELECT position, ordinal, sha256 FROM notice_item_images WHERE notice_id = $1 ORDER BY position, ordinal',
      [out.body.id],
    );
    expect(links).toEqual([
      { position: 0, ordinal: 0, sha256: sha(jpeg) },
      { position: 0, ordinal: 1, sha256: sha(png) },
      { position: 1, ordinal: 0, sha256: sha(webp) },
      { position: 1, ordinal: 1, sha256: sha(jpeg) },
    ]);
    const rows = await ctx.db.query<{ sha256: string; mime: string; bytes: number; width: number; height: number; pdq: string }>(
      'SELECT sha256, mime, bytes, width, height, pdq FROM images WHERE sha256 = ANY($1::text[]) ORDER BY mime',
      [[sha(jpeg), sha(png), sha(webp)]],
    );
    expect(rows.map((r) => [r.mime, r.bytes, r.width, r.height])).toEqual([
      ['image/jpeg', jpeg.length, 96, 64],
      ['image/png', png.length, 96, 64],
      ['image/webp', webp.length, 96, 64],
    ]);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.pdq))).toBe(true);
    expect(Buffer.from((await store.get(sha(webp)))!).equals(webp)).toBe(true);
    const indexed = await ctx.db.query<{ owner_id: string; n: number }>(
      `SELECT owner_id, count(*)::int AS n FROM pdq_hashes WHERE owner_kind = 'image' AND owner_id = ANY($1::text[]) GROUP BY owner_id`,
      [[sha(jpeg), sha(png), sha(webp)]],
    );
    expect(indexed).toHaveLength(3);

    // Another notice with the same picture: a second link, no second row, file or index entry.
    const indexBefore = await count('pdq_hashes');
    const again = await submitNotice(ctx, flagger.actor, withImages([dataUrl(png)]), undefined, store);
    expect(again.status).toBe(201);
    expect(await count('images')).toBe(imagesBefore + 3);
    expect(files()).toBe(filesBefore + 3);
    expect(await count('pdq_hashes')).toBe(indexBefore);
    expect(await ctx.db.query('SELECT 1 FROM notice_item_images WHERE notice_id = $1 AND sha256 = $2', [again.body.id, sha(png)])).toHaveLength(1);
  });

  it('refuses a file that is not an image, one over 10 MB, and a decompression bomb, naming the field; nothing is stored', async () => {
    const good = dataUrl(await testImage('png', 40));
    const before = { notices: await count('notices'), images: await count('images'), links: await count('notice_item_images'), files: files() };

    const notImage = await refusal(withImages([good], [good, dataUrl(Buffer.from('<html><script>alert(1)</script></html>'))]));
    expect(notImage.code).toBe('validation_failed');
    expect(notImage.fields[0]!.field).toBe('items[1].images[1]');

    const typed = await refusal(withImages([good, `data:text/html;base64,${Buffer.from('<b>hi</b>').toString('base64')}`]));
    expect(typed.code).toBe('unsupported_media_type');
    expect(typed.fields[0]!.field).toBe('items[0].images[1]');

    const big = Buffer.alloc(MAX_IMAGE_BYTES + 1, 1);
    const tooBig = await refusal(withImages([dataUrl(big)]));
    expect(tooBig.code).toBe('payload_too_large');
    expect(tooBig.fields[0]!.field).toBe('items[0].images[0]');

    const bomb = await refusal(withImages([good], [dataUrl(pngHeaderOnly(20_000, 20_000))]));
    expect(bomb.code).toBe('validation_failed');
    expect(bomb.fields[0]).toEqual({ field: 'items[1].images[0]', message: 'more than 64000000 pixels' });

    const notBase64 = await refusal(withImages(['data:image/png;base64,@@@@']));
    expect(notBase64.fields[0]!.field).toBe('items[0].images[0]');

    expect({ notices: await count('notices'), images: await count('images'), links: await count('notice_item_images'), files: files() }).toEqual(before);
  });

  it('refuses more than 8 images in one notice, and any image where no store is configured', async () => {
    const png = dataUrl(await testImage('png', 50));
    const many = await refusal(withImages([png, png, png, png], [png, png, png, png], [png]));
    expect(many.fields[0]!.field).toBe('items');
    const e = await submitNotice(ctx, flagger.actor, withImages([], [png]), undefined, null).catch((err: unknown) => err);
    expect((e as AppError).fields[0]!.field).toBe('items[1].images');
  });

  it('refuses images in a batch, notice by notice, rather than dropping them', async () => {
    const png = dataUrl(await testImage('png', 60));
    const out = await submitNoticeBatch(ctx, flagger.actor, [
      { ok: true, input: noticeInput({ legal_basis: undefined }) },
      { ok: true, input: withImages([png]) },
    ]);
    expect(out.body.results.map((r) => r.status)).toEqual(['accepted', 'rejected']);
    expect(out.body.results[1]).toMatchObject({ errors: [{ field: 'items[0].images' }] });
  });

  it('answers a retry with the same Idempotency-Key from the stored answer, without decoding or storing its images again', async () => {
    const input = withImages([dataUrl(await testImage('png', 80))]);
    const idem = { key: `retry-${Date.now()}`, requestHash: 'h1' };
    const first = await submitNotice(ctx, flagger.actor, input, idem, store);
    const refusing = { ...store, put: () => Promise.reject(new Error('must not be called')) };
    const again = await submitNotice(ctx, flagger.actor, input, idem, refusing);
    expect(again).toMatchObject({ replayed: true, status: 201, body: { id: first.body.id } });
  });

  it('stores nothing in the database for a repeated notice (the bytes it sent are already in the store)', async () => {
    const png = await testImage('png', 70);
    const input = withImages([dataUrl(png)]);
    await submitNotice(ctx, flagger.actor, input, undefined, store);
    const links = await count('notice_item_images');
    const e = await submitNotice(ctx, flagger.actor, input, undefined, store).catch((err: unknown) => err);
    expect((e as AppError).code).toBe('duplicate');
    expect(await count('notice_item_images')).toBe(links);
  });
});
