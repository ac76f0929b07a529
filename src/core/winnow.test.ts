import { describe, expect, it } from 'vitest';
import { guaranteedRun, kgramHashes, winnowFingerprints, winnowHashes, WINNOW_SCHEME, type WinnowScheme } from './winnow.ts';

/** Deterministic pseudo-random syllables from a small vocabulary (so k-grams repeat sometimes). */
function syllables(seed: number, n: number, vocab = 300): string[] {
  let s = seed >>> 0;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(`s${(s >>> 8) % vocab}`);
  }
  return out;
}

const shares = (a: number[], b: number[]): boolean => {
  const s = new Set(a);
  return b.some((x) => s.has(x));
};

describe('winnowing', () => {
  it('is deterministic and gives sorted distinct signed 32-bit integers', () => {
    const t = syllables(1, 200);
    const a = winnowFingerprints(t);
    expect(winnowFingerprints([...t])).toEqual(a);
    expect(a.length).toBeGreaterThan(0);
    for (const x of a) expect(x).toBe(x | 0);
    expect([...a].sort((x, y) => x - y)).toEqual(a);
    expect(new Set(a).size).toBe(a.length);
  });

  it('has the density of winnowing, about 2 / (w + 1) of the k-grams', () => {
    const t = syllables(2, 5000, 100_000);
    const n = winnowHashes(kgramHashes(t), WINNOW_SCHEME.w).length;
    const density = n / (t.length - WINNOW_SCHEME.k + 1);
    expect(density).toBeGreaterThan(1.6 / (WINNOW_SCHEME.w + 1));
    expect(density).toBeLessThan(2.4 / (WINNOW_SCHEME.w + 1));
  });

  it('empty and short texts: nothing below k syllables, one fingerprint below w k-grams', () => {
    expect(winnowFingerprints([])).toEqual([]);
    expect(winnowFingerprints(syllables(3, WINNOW_SCHEME.k - 1))).toEqual([]);
    expect(winnowFingerprints(syllables(3, WINNOW_SCHEME.k))).toHaveLength(1);
    expect(winnowFingerprints(syllables(3, WINNOW_SCHEME.k + 2))).toHaveLength(1);
    expect(winnowHashes(new Uint32Array(0), 4)).toEqual([]);
  });

  it('guarantee: any shared run of at least w + k − 1 syllables shares a fingerprint, wherever it sits', () => {
    for (const scheme of [WINNOW_SCHEME, { version: 1, k: 3, w: 4 }, { version: 1, k: 6, w: 12 }] as WinnowScheme[]) {
      const run = guaranteedRun(scheme);
      for (let trial = 0; trial < 200; trial++) {
        const source = syllables(1000 + trial, 60 + (trial % 90));
        const start = trial % (source.length - run);
        const shared = source.slice(start, start + run);
        // The run inside unrelated text on both sides, at another offset.
        const other = [...syllables(5000 + trial, trial % 37), ...shared, ...syllables(9000 + trial, 20)];
        expect(shares(winnowFingerprints(source, scheme), winnowFingerprints(other, scheme))).toBe(true);
      }
    }
  });

  it('a run of equal k-grams (boilerplate repeated) gives one fingerprint, not one per window', () => {
    const t = Array.from({ length: 60 }, () => 'spam');
    expect(winnowFingerprints(t)).toHaveLength(1);
  });

  it('is order-sensitive (a k-gram is a sequence) and keeps schemes apart', () => {
    const a = ['mot', 'hai', 'ba', 'bon', 'nam'];
    const b = ['nam', 'bon', 'ba', 'hai', 'mot'];
    expect(kgramHashes(a)[0]).not.toBe(kgramHashes(b)[0]);
    expect(kgramHashes(a, { ...WINNOW_SCHEME, version: 2 })[0]).not.toBe(kgramHashes(a)[0]);
  });

  it('unrelated texts rarely share a fingerprint', () => {
    let shared = 0;
    for (let i = 0; i < 100; i++) if (shares(winnowFingerprints(syllables(i, 150, 100_000)), winnowFingerprints(syllables(i + 777, 150, 100_000)))) shared++;
    expect(shared).toBeLessThanOrEqual(1);
  });

  it('rejects a bad scheme', () => {
    expect(() => kgramHashes(['a'], { version: 1, k: 0, w: 4 })).toThrow(RangeError);
  });
});
