import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import { pngHeaderOnly } from '../../test/images.ts';
import { decodeForPdq, HASH_SIDE, MAX_IMAGE_BYTES } from './decode.ts';

async function failure(input: Uint8Array): Promise<AppError> {
  const e: unknown = await decodeForPdq(input, 'file').catch((err: unknown) => err);
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('decodeForPdq', () => {
  it('gives RGB pixels of JPEG, PNG (alpha dropped) and WebP, shrunk to fit 512×512 and never enlarged', async () => {
    const big = sharp({ create: { width: 1200, height: 600, channels: 4, background: { r: 10, g: 200, b: 30, alpha: 0.5 } } });
    const png = await decodeForPdq(await big.clone().png().toBuffer());
    expect({ width: png.width, height: png.height, channels: png.channels }).toEqual({ width: HASH_SIDE, height: 256, channels: 3 });
    // Alpha is dropped, not composited (over black these would be 5, 100, 15); resizing rounds by a unit or two.
    expect(Array.from(png.data.subarray(0, 3)).map((v, k) => Math.abs(v - [10, 200, 30][k]!) <= 2)).toEqual([true, true, true]);
    const small = sharp({ create: { width: 40, height: 30, channels: 3, background: '#808080' } });
    for (const bytes of [await small.clone().jpeg().toBuffer(), await small.clone().webp().toBuffer()]) {
      const px = await decodeForPdq(bytes);
      expect({ width: px.width, height: px.height, channels: px.channels, length: px.data.length }).toEqual({ width: 40, height: 30, channels: 3, length: 3600 });
    }
  });

  it('refuses a file over 10 MB before decoding it', async () => {
    const e = await failure(new Uint8Array(MAX_IMAGE_BYTES + 1));
    expect(e.code).toBe('payload_too_large');
    expect(e.fields[0]?.field).toBe('file');
  });

  it('refuses formats other than JPEG, PNG and WebP, and bytes that are no image', async () => {
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
      .gif()
      .toBuffer();
    const e = await failure(gif);
    expect(e.code).toBe('unsupported_media_type');
    expect(e.message).toMatch(/gif format is not accepted; JPEG, PNG or WebP only/);
    const junk = await failure(Buffer.from('this is not an image'));
    expect(junk.code).toBe('validation_failed');
    expect(junk.message).toMatch(/^file: not a readable image/);
    const truncated = await failure(pngHeaderOnly(100, 100));
    expect(truncated.message).toMatch(/^file: cannot be decoded \(/);
  });

  it('refuses a decompression bomb (a small file declaring 20000×20000 pixels) by its header', async () => {
    const e = await failure(pngHeaderOnly(20_000, 20_000));
    expect(e.code).toBe('validation_failed');
    expect(e.message).toBe('file: more than 64000000 pixels');
  });
});
