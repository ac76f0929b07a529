import { describe, expect, it } from 'vitest';
import { pdqHash, type PdqPixels } from '../core/pdq.ts';
import { CROP_VARIANTS, cropPixels, pdqVariants, variantMatchDistance } from './pdq-variants.ts';

/** A grey picture with structure: value = f(x, y), one channel. */
function picture(width: number, height: number, f: (x: number, y: number) => number, channels = 1): PdqPixels {
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < channels; c++) data[(y * width + x) * channels + c] = f(x, y) & 255;
  return { width, height, channels, data };
}

describe('crop variants', () => {
  it('crops the pixels inside the rectangle, row by row, whatever the channels', () => {
    const image = picture(10, 4, (x, y) => 10 * y + x, 3);
    const crop = cropPixels(image, [0.1, 0.25, 0.9, 1]);
    expect([crop.width, crop.height, crop.channels]).toEqual([8, 3, 3]);
    expect(crop.data[0]).toBe(11); // (x 1, y 1)
    expect(crop.data[(2 * 8 + 7) * 3]).toBe(38); // (x 8, y 3)
  });

  it('keeps at least one pixel of a tiny picture', () => {
    for (const rect of CROP_VARIANTS) {
      const crop = cropPixels(
        picture(1, 1, () => 7),
        rect,
      );
      expect([crop.width, crop.height, crop.data.length]).toEqual([1, 1, 1]);
    }
  });

  it('gives up to 9 distinct hashes of a picture with structure, none equal to the full hash, and none of a flat one', () => {
    const image = picture(300, 200, (x, y) => (Math.sin(x / 9) * 60 + Math.cos(y / 13) * 60 + ((x * y) >> 7)) | 0);
    const full = pdqHash(image).pdq;
    const variants = pdqVariants(image, full);
    expect(variants.length).toBeGreaterThan(0);
    expect(variants.length).toBeLessThanOrEqual(CROP_VARIANTS.length);
    expect(new Set(variants).size).toBe(variants.length);
    expect(variants).not.toContain(full);
    expect(pdqVariants(picture(300, 200, () => 128))).toEqual([]);
  });

  it('compares a query with stored variants and its own variants with the stored full hash, never variant with variant', () => {
    const a = '0'.repeat(64);
    const f = 'f'.repeat(64);
    expect(variantMatchDistance({ pdq: f, variants: [] }, { pdq: f, variants: [] })).toBe(0);
    expect(variantMatchDistance({ pdq: a, variants: [] }, { pdq: f, variants: [a] })).toBe(0); // query full ↔ stored variant
    expect(variantMatchDistance({ pdq: f, variants: [a] }, { pdq: a, variants: [] })).toBe(0); // query variant ↔ stored full
    expect(variantMatchDistance({ pdq: f, variants: [a] }, { pdq: f.replace(/f/g, 'e'), variants: [a] })).toBe(64); // variant ↔ variant: not compared
  });
});
