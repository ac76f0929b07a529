import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { pngHeaderOnly } from '../../test/images.ts';
import { AppError } from '../core/errors.ts';
import { pdqHash } from '../core/pdq.ts';
import { decodeForPdq } from './decode.ts';
import { closeImageHashing, configureImageHashing, hashImage } from './image-hash.ts';

/** A picture with structure (PDQ of a flat image means nothing): a gradient with a few shapes. */
async function picture(width: number, height: number, format: 'jpeg' | 'png' | 'webp' = 'jpeg'): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g"><stop offset="0" stop-color="#123"/><stop offset="1" stop-color="#fc8"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${width * 0.3}" cy="${height * 0.4}" r="${height * 0.2}" fill="#e33"/>
    <rect x="${width * 0.55}" y="${height * 0.5}" width="${width * 0.3}" height="${height * 0.3}" fill="#3a6"/></svg>`;
  return sharp(Buffer.from(svg))[format]().toBuffer();
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

afterAll(async () => {
  await closeImageHashing();
});

describe('hashImage (worker pool)', () => {
  it('gives the SHA-256, type, header size and the same PDQ as hashing on this thread', async () => {
    for (const format of ['jpeg', 'png', 'webp'] as const) {
      const bytes = await picture(900, 600, format);
      const hashed = await hashImage(bytes, 'image');
      expect(hashed.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(hashed.mime).toBe(`image/${format}`);
      expect([hashed.bytes, hashed.width, hashed.height]).toEqual([bytes.length, 900, 600]);
      const direct = pdqHash(await decodeForPdq(bytes));
      expect([hashed.pdq, hashed.quality]).toEqual([direct.pdq, direct.quality]);
      expect(hashed.variants.every((v) => /^[0-9a-f]{64}$/.test(v))).toBe(true);
    }
  });

  it('refuses what is not an image, naming the field (422)', async () => {
    const e = await refusal(hashImage(new TextEncoder().encode('<html>not an image</html>'), 'items[0].images[1]'));
    expect(e.code).toBe('validation_failed');
    expect(e.fields[0]!.field).toBe('items[0].images[1]');
  });

  it('refuses another format (GIF) naming the field (415)', async () => {
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } })
      .gif()
      .toBuffer();
    const e = await refusal(hashImage(gif, 'image'));
    expect(e.code).toBe('unsupported_media_type');
    expect(e.fields[0]!.field).toBe('image');
  });

  it('refuses a decompression bomb (a tiny PNG declaring 20000×20000) from its header, naming the field', async () => {
    const bomb = pngHeaderOnly(20_000, 20_000);
    expect(bomb.length).toBeLessThan(2_000);
    const e = await refusal(hashImage(bomb, 'image'));
    expect(e.code).toBe('validation_failed');
    expect(e.fields[0]).toEqual({ field: 'image', message: expect.stringContaining('pixels') });
  });

  it('refuses an image over 10 MB before decoding (413)', async () => {
    const e = await refusal(hashImage(new Uint8Array(10 * 1024 * 1024 + 1), 'image'));
    expect(e.code).toBe('payload_too_large');
  });

  it('stops an image past its budget and refuses it as input (422), not as a server error', async () => {
    await configureImageHashing({ budgetMs: 1 });
    try {
      const big = await picture(4000, 3000, 'png');
      const e = await refusal(hashImage(big, 'image'));
      expect(e.code).toBe('validation_failed');
      expect(e.fields[0]).toEqual({ field: 'image', message: expect.stringContaining('within 1 ms') });
    } finally {
      await configureImageHashing({});
    }
  });
});
