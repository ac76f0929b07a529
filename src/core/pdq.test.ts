import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boxFilter1d, boxFilterColumns, bytesToHex, dct64To16, jaroszWindow, luminance, pdqBits, pdqDistance, pdqHash, pdqHexToBytes, pdqQuality, type PdqPixels } from './pdq.ts';

/** A grey image from a function of (row, column). */
function grey(width: number, height: number, f: (i: number, j: number) => number): PdqPixels {
  const data = new Uint8Array(width * height);
  for (let i = 0; i < height; i++) for (let j = 0; j < width; j++) data[i * width + j] = Math.max(0, Math.min(255, Math.round(f(i, j))));
  return { width, height, channels: 1, data };
}

/** Seeded PRNG (mulberry32): reproducible noise images. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe('DCT', () => {
  it('puts a pure cosine of frequency (u, v) in coefficient (u − 1, v − 1) alone, with the orthonormal scale', () => {
    for (const [u, v] of [
      [1, 1],
      [3, 7],
      [16, 2],
    ] as const) {
      const a = new Float64Array(64 * 64);
      for (let k = 0; k < 64; k++) for (let j = 0; j < 64; j++) a[k * 64 + j] = Math.cos((Math.PI / 128) * u * (2 * k + 1)) * Math.cos((Math.PI / 128) * v * (2 * j + 1));
      const b = dct64To16(a);
      for (let i = 0; i < 16; i++) {
        for (let j = 0; j < 16; j++) expect(b[i * 16 + j]).toBeCloseTo(i === u - 1 && j === v - 1 ? 32 : 0, 9);
      }
    }
  });

  it('ignores the mean brightness: a flat image has no coefficients', () => {
    const b = dct64To16(new Float64Array(64 * 64).fill(200));
    for (const x of b) expect(Math.abs(x)).toBeLessThan(1e-9);
  });
});

describe('bits and hex', () => {
  it('sets bit (row i, column j) in word i, bit j, words printed from 15 down to 0 (the reference order)', () => {
    const only = (i: number, j: number) => {
      const c = new Float64Array(256);
      c[i * 16 + j] = 1;
      return bytesToHex(pdqBits(c));
    };
    expect(only(0, 0)).toBe('0'.repeat(63) + '1');
    expect(only(0, 15)).toBe('0'.repeat(60) + '8000');
    expect(only(15, 15)).toBe('8' + '0'.repeat(63));
    expect(only(1, 8)).toBe('0'.repeat(56) + '0100' + '0000');
  });

  it('thresholds at the lower median: exactly the 128 largest of 256 distinct coefficients are 1', () => {
    const c = Float64Array.from({ length: 256 }, (_, k) => k);
    expect(bytesToHex(pdqBits(c))).toBe('ffff'.repeat(8) + '0000'.repeat(8));
  });

  it('round-trips hex and refuses what is not 64 hex digits', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        expect(pdqHexToBytes(bytesToHex(bytes))).toEqual(bytes);
      }),
    );
    expect(() => pdqHexToBytes('abc')).toThrow(RangeError);
    expect(() => pdqHexToBytes('g'.repeat(64))).toThrow(RangeError);
  });
});

describe('Hamming distance', () => {
  it('counts differing bits: 0 to itself, 256 to its complement, symmetric, a triangle', () => {
    const a = 'd8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6b39c4e9c9b22';
    expect(pdqDistance(a, a)).toBe(0);
    expect(pdqDistance(a, a.toUpperCase())).toBe(0);
    const complement = bytesToHex(pdqHexToBytes(a).map((b) => 255 - b));
    expect(pdqDistance(a, complement)).toBe(256);
    expect(pdqDistance('0'.repeat(64), '0'.repeat(60) + '0f01')).toBe(5);
    const hash = fc.uint8Array({ minLength: 32, maxLength: 32 }).map(bytesToHex);
    fc.assert(
      fc.property(hash, hash, hash, (x, y, z) => {
        expect(pdqDistance(x, y)).toBe(pdqDistance(y, x));
        expect(pdqDistance(x, z)).toBeLessThanOrEqual(pdqDistance(x, y) + pdqDistance(y, z));
      }),
    );
  });
});

describe('box filter', () => {
  /** The definition: mean of inputs k − (w − h) … k + h − 1, h = floor((w + 2) / 2), clipped. */
  function naive(input: number[], w: number): number[] {
    const ahead = Math.floor((w + 2) / 2) - 1;
    const behind = w - ahead - 1;
    return input.map((_, k) => {
      const part = input.slice(Math.max(0, k - behind), Math.min(input.length, k + ahead + 1));
      return part.reduce((s, x) => s + x, 0) / part.length;
    });
  }

  it('is the clipped moving average of the reference (7 wide: 3 back, 3 ahead; 8 wide: 3 back, 4 ahead), along rows and down columns', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 3 }),
        (values, w, stride) => {
          const window = Math.min(w, values.length);
          const input = new Float32Array(values.length * stride);
          values.forEach((v, k) => (input[k * stride] = v));
          const output = new Float32Array(input.length);
          boxFilter1d(input, output, 0, values.length, stride, window);
          naive(values, window).forEach((v, k) => expect(output[k * stride]).toBeCloseTo(v, 3));
        },
      ),
    );
  });

  it('filters every column at once exactly as column by column', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 9 }), fc.integer(), (rows, cols, w, seed) => {
        const r = rng(seed);
        const input = Float32Array.from({ length: rows * cols }, () => Math.floor(r() * 256));
        const window = Math.min(w, rows);
        const together = new Float32Array(input.length);
        boxFilterColumns(input, together, rows, cols, window);
        const apart = new Float32Array(input.length);
        for (let j = 0; j < cols; j++) boxFilter1d(input, apart, j, rows, cols, window);
        together.forEach((v, k) => expect(v).toBeCloseTo(apart[k]!, 3));
      }),
    );
  });

  it('spans ceil(dimension / 128) pixels per pass', () => {
    expect([1, 64, 128, 129, 512, 1024].map(jaroszWindow)).toEqual([1, 1, 1, 2, 4, 8]);
  });
});

describe('luminance', () => {
  it('weighs R, G, B as 0.299, 0.587, 0.114, ignores alpha, and takes grey as it is', () => {
    const rgba = luminance({ width: 2, height: 1, channels: 4, data: Uint8Array.from([255, 0, 0, 0, 0, 0, 255, 255]) });
    expect(rgba[0]).toBeCloseTo(0.299 * 255, 3);
    expect(rgba[1]).toBeCloseTo(0.114 * 255, 3);
    expect(luminance({ width: 1, height: 1, channels: 2, data: Uint8Array.from([77, 0]) })[0]).toBe(77);
  });

  it('refuses pixel data that does not match the size', () => {
    expect(() => luminance({ width: 2, height: 2, channels: 3, data: new Uint8Array(11) })).toThrow(/expected 12/);
    expect(() => luminance({ width: 0, height: 2, channels: 3, data: new Uint8Array(0) })).toThrow(RangeError);
    expect(() => luminance({ width: 1, height: 1, channels: 5, data: new Uint8Array(5) })).toThrow(/channels/);
  });
});

describe('quality', () => {
  it('is 0 for a flat image, 100 for strong structure, and in between for a gentle ramp', () => {
    expect(pdqQuality(new Float64Array(4096).fill(128))).toBe(0);
    const checker = Float64Array.from({ length: 4096 }, (_, p) => ((((p >> 6) >> 3) + ((p & 63) >> 3)) % 2 === 0 ? 0 : 255));
    expect(pdqQuality(checker)).toBe(100);
    // A ramp of 2 grey levels per column: each horizontal step is trunc(200/255) = 0 — too small to count.
    expect(pdqQuality(Float64Array.from({ length: 4096 }, (_, p) => 2 * (p & 63)))).toBe(0);
    // 4 levels per column: each of the 64 × 63 horizontal steps counts 1: trunc(4032 / 90) = 44.
    expect(pdqQuality(Float64Array.from({ length: 4096 }, (_, p) => 4 * (p & 63)))).toBe(44);
  });
});

describe('pdqHash', () => {
  const scene = (i: number, j: number) => 128 + 60 * Math.sin(i / 9) * Math.cos(j / 13) + 40 * Math.sin((i + 2 * j) / 30);

  it('gives a flat image quality 0 (its bits are rounding noise, which the quality says)', () => {
    expect(pdqHash(grey(100, 80, () => 90)).quality).toBe(0);
  });

  it('does not change with brightness or contrast (no clipping), and stays a match under noise', () => {
    const base = pdqHash(grey(300, 200, scene));
    expect(base.quality).toBeGreaterThan(0);
    expect(pdqHash(grey(300, 200, (i, j) => scene(i, j) + 20)).pdq).toBe(base.pdq);
    expect(pdqDistance(pdqHash(grey(300, 200, (i, j) => 0.5 * scene(i, j) + 40)).pdq, base.pdq)).toBeLessThanOrEqual(4);
    const r = rng(7);
    expect(pdqDistance(pdqHash(grey(300, 200, (i, j) => scene(i, j) + (r() - 0.5) * 30)).pdq, base.pdq)).toBeLessThanOrEqual(31);
  });

  it('is nearly the same at another size of the same picture, and far from another picture', () => {
    const base = pdqHash(grey(300, 200, scene));
    expect(pdqDistance(pdqHash(grey(150, 100, (i, j) => scene(2 * i, 2 * j))).pdq, base.pdq)).toBeLessThanOrEqual(16);
    const r = rng(11);
    expect(pdqDistance(pdqHash(grey(300, 200, () => r() * 255)).pdq, base.pdq)).toBeGreaterThan(64);
  });

  it('hashes images smaller than 64×64 and one pixel wide', () => {
    expect(pdqHash(grey(10, 7, scene)).pdq).toMatch(/^[0-9a-f]{64}$/);
    expect(pdqHash(grey(1, 300, scene)).pdq).toMatch(/^[0-9a-f]{64}$/);
  });
});
