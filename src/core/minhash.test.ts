import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_SCHEME, EMPTY_SLOT, estimateJaccard, exactHash, jaccard, lshBandKeys, minhashSignature, shingles, type MinHashScheme } from './minhash.ts';

/** Seeded PRNG (mulberry32), so the statistical tests are reproducible rather than flaky. */
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

/** Unique syllable-like tokens: random letters plus a counter, so replacements are always new. */
function tokenSource(rand: () => number): () => string {
  let n = 0;
  return () => {
    let s = '';
    const len = 2 + Math.floor(rand() * 4);
    for (let i = 0; i < len; i++) s += String.fromCharCode(97 + Math.floor(rand() * 26));
    return s + (n++).toString(36);
  };
}

/**
 * A post of `length` syllables and a copy in which random syllables are replaced one at a time
 * until the exact shingle Jaccard drops to `target` or just below; a replacement that would take
 * it under `floor` is skipped.
 */
function pairNear(rand: () => number, length: number, target: number, floor = 0): { a: string[]; b: string[]; j: number } {
  const token = tokenSource(rand);
  const a = Array.from({ length }, token);
  const b = [...a];
  const order = a.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const k = Math.floor(rand() * (i + 1));
    [order[i], order[k]] = [order[k]!, order[i]!];
  }
  const sa = shingles(a);
  let j = 1;
  for (const pos of order) {
    if (j <= target) break;
    const before = b[pos]!;
    b[pos] = token();
    const next = jaccard(sa, shingles(b));
    if (next < floor) b[pos] = before;
    else j = next;
  }
  return { a, b, j };
}

const syllable = fc.string({ unit: fc.constantFrom(...'abcdeghiklmnopqrstuvxyđ'.split('')), minLength: 1, maxLength: 6 });
const syllables = fc.array(syllable, { minLength: 0, maxLength: 60 });

function sharesBandKey(a: readonly string[], b: readonly string[], scheme: MinHashScheme = DEFAULT_SCHEME): boolean {
  const ka = new Set(lshBandKeys(minhashSignature(shingles(a, scheme), scheme), scheme));
  return lshBandKeys(minhashSignature(shingles(b, scheme), scheme), scheme).some((k) => ka.has(k));
}

/** What the normalizer's stripped key does, enough for these tests: marks removed, đ→d, lower case. */
const stripped = (text: string): string[] =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'd')
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean);

describe('determinism and seeds', () => {
  it('identical input gives identical shingles, signature and band keys across calls', () => {
    fc.assert(
      fc.property(syllables, (syl) => {
        const copy = { ...DEFAULT_SCHEME };
        const s1 = shingles(syl);
        const s2 = shingles([...syl], copy);
        expect([...s2].sort()).toEqual([...s1].sort());
        const g1 = minhashSignature(s1);
        const g2 = minhashSignature(new Set([...s2].reverse()), copy);
        expect(Array.from(g2)).toEqual(Array.from(g1));
        expect(lshBandKeys(g2, copy)).toEqual(lshBandKeys(g1));
      }),
      { numRuns: 200 },
    );
  });

  it('a different seed gives a different signature and disjoint band keys', () => {
    const post = stripped('Cảnh báo: xuất hiện thủ đoạn lừa đảo mới qua điện thoại, giả danh công an yêu cầu chuyển tiền vào tài khoản');
    const other: MinHashScheme = { ...DEFAULT_SCHEME, seed: (DEFAULT_SCHEME.seed + 1) >>> 0 };
    const sh = shingles(post);
    expect(shingles(post, other)).toEqual(sh); // the seed only affects the permutations
    const g1 = minhashSignature(sh);
    const g2 = minhashSignature(sh, other);
    const same = g1.filter((v, i) => v === g2[i]).length;
    expect(same).toBeLessThan(5);
    const k1 = new Set(lshBandKeys(g1));
    expect(lshBandKeys(g2, other).some((k) => k1.has(k))).toBe(false);
  });

  it('a different scheme version gives different band keys for the same signature', () => {
    const sig = minhashSignature(shingles(stripped('một hai ba bốn năm sáu bảy tám chín mười mười một mười hai mười ba mười bốn')));
    const k1 = new Set(lshBandKeys(sig));
    expect(lshBandKeys(sig, { ...DEFAULT_SCHEME, version: 2 }).some((k) => k1.has(k))).toBe(false);
  });

  it('rejects inconsistent schemes and mismatched signatures', () => {
    expect(() => shingles(['a'], { ...DEFAULT_SCHEME, bands: 31 })).toThrow(RangeError);
    expect(() => minhashSignature(new Set([1]), { ...DEFAULT_SCHEME, seed: -1 })).toThrow(RangeError);
    expect(() => lshBandKeys(new Uint32Array(10))).toThrow(RangeError);
    expect(() => estimateJaccard(new Uint32Array(3), new Uint32Array(4))).toThrow(RangeError);
  });
});

describe('shingles', () => {
  it('long texts use syllable 2-grams; every shingle is an unsigned 32-bit integer', () => {
    fc.assert(
      fc.property(fc.array(syllable, { minLength: 15, maxLength: 80 }), (syl) => {
        const sh = shingles(syl);
        const distinct = new Set(syl.slice(1).map((s, i) => `${syl[i]} ${s}`));
        expect(sh.size).toBe(distinct.size); // no 32-bit collisions at this size, in practice
        for (const x of sh) expect(Number.isInteger(x) && x >= 0 && x <= 0xffffffff).toBe(true);
      }),
    );
  });

  it('short texts use character grams ignoring syllable boundaries; tiny texts one shingle', () => {
    const plain = shingles(['canh', 'bao', 'lua', 'dao']);
    expect(plain.size).toBe('canhbaoluadao'.length - 4);
    expect(shingles(['canhbao', 'luadao'])).toEqual(plain); // hashtag style
    expect(shingles('c a n h b a o l u a d a o'.split(' '))).toEqual(plain); // letter-spacing evasion
    expect(shingles(['lua']).size).toBe(1);
    expect(shingles(['lu', 'a'])).toEqual(shingles(['lua']));
    expect(shingles(['lua'])).not.toEqual(shingles(['dao']));
  });
});

describe('short texts: "Cảnh báo lừa đảo" variants still match', () => {
  it('diacritic, case and tone-placement variants have one stripped key and the same band keys', () => {
    const variants = ['Cảnh báo lừa đảo', 'CẢNH BÁO LỪA ĐẢO', 'canh bao lua dao', 'Canh báo lừa dao', 'cảnh báo lưa đao'];
    const keys = variants.map((v) => lshBandKeys(minhashSignature(shingles(stripped(v)))));
    for (const k of keys) expect(k).toEqual(keys[0]);
    expect(keys[0]).toHaveLength(DEFAULT_SCHEME.bands);
  });

  it('a one-letter typo in a short post keeps a high Jaccard (higher than syllable bigrams) and a shared band', () => {
    const a = stripped('Cảnh báo lừa đảo chuyển tiền qua mạng');
    const b = stripped('canh bao lua dao chuyen tienn qua mang');
    const bigramsOnly: MinHashScheme = { ...DEFAULT_SCHEME, shortTextSyllables: 0 };
    const jChar = jaccard(shingles(a), shingles(b));
    expect(jChar).toBeGreaterThan(0.7);
    expect(jChar).toBeGreaterThan(jaccard(shingles(a, bigramsOnly), shingles(b, bigramsOnly)));
    expect(sharesBandKey(a, b)).toBe(true); // P = 1 − (1 − J^5)^32 ≈ 0.998 at J = 0.77
  });
});

describe('estimateJaccard tracks exact Jaccard', () => {
  // The estimate is binomial: sd = sqrt(J(1−J)/160) ≈ 0.036 / 0.039 / 0.024 at J = 0.3 / 0.6 / 0.9,
  // so a single pair is outside ±0.1 about 1% of the time at J ≈ 0.6 even with ideal permutations.
  // The test therefore checks the distribution (seeded, 100 pairs per level), with margins of
  // several standard errors: ≥ 95% of pairs within ±0.1, no bias, and the binomial spread.
  for (const target of [0.3, 0.6, 0.9]) {
    it(`within ±0.1 at J ≈ ${target}`, () => {
      const rand = rng(1000 + target * 100);
      const errors: number[] = [];
      let jSum = 0;
      for (let n = 0; n < 100; n++) {
        const { a, b, j } = pairNear(rand, 60 + Math.floor(rand() * 90), target);
        expect(j).toBeGreaterThan(target - 0.06);
        expect(j).toBeLessThanOrEqual(target);
        errors.push(estimateJaccard(minhashSignature(shingles(a)), minhashSignature(shingles(b))) - j);
        jSum += j;
      }
      expect(errors.filter((e) => Math.abs(e) <= 0.1).length).toBeGreaterThanOrEqual(95);
      const bias = errors.reduce((s, e) => s + e, 0) / errors.length;
      expect(Math.abs(bias)).toBeLessThan(0.02);
      const sd = Math.sqrt(errors.reduce((s, e) => s + (e - bias) ** 2, 0) / errors.length);
      const meanJ = jSum / errors.length;
      const binomialSd = Math.sqrt((meanJ * (1 - meanJ)) / DEFAULT_SCHEME.permutations);
      expect(sd).toBeGreaterThan(0.7 * binomialSd);
      expect(sd).toBeLessThan(1.4 * binomialSd); // permutations behave as independent
    });
  }

  it('is exactly 1 for identical sets and 0 for disjoint ones in practice', () => {
    const rand = rng(7);
    const { a } = pairNear(rand, 50, 1);
    const token = tokenSource(rng(8));
    const c = Array.from({ length: 50 }, () => `x${token()}`);
    const sa = minhashSignature(shingles(a));
    expect(estimateJaccard(sa, minhashSignature(shingles([...a])))).toBe(1);
    expect(estimateJaccard(sa, minhashSignature(shingles(c)))).toBeLessThan(0.05);
  });
});

describe('LSH band keys', () => {
  it('are 32 signed 64-bit bigints, distinct across bands', () => {
    const keys = lshBandKeys(minhashSignature(shingles(pairNear(rng(3), 100, 1).a)));
    expect(keys).toHaveLength(32);
    for (const k of keys) {
      expect(typeof k).toBe('bigint');
      expect(k >= -(2n ** 63n) && k < 2n ** 63n).toBe(true);
    }
    expect(new Set(keys).size).toBe(32);
  });

  it('pairs at J ≥ 0.8 share a band key in at least 99 of 100', () => {
    const rand = rng(42);
    let hits = 0;
    for (let n = 0; n < 100; n++) {
      const { a, b, j } = pairNear(rand, 30 + Math.floor(rand() * 170), 0.85, 0.8);
      expect(j).toBeGreaterThanOrEqual(0.8);
      if (sharesBandKey(a, b)) hits++;
    }
    expect(hits).toBeGreaterThanOrEqual(99);
  });

  it('pairs at J ≈ 0.05 almost never share a band key (at most 2 of 100)', () => {
    const rand = rng(43);
    let hits = 0;
    for (let n = 0; n < 100; n++) {
      const { a, b, j } = pairNear(rand, 60 + Math.floor(rand() * 140), 0.05);
      expect(j).toBeLessThanOrEqual(0.05);
      if (sharesBandKey(a, b)) hits++;
    }
    expect(hits).toBeLessThanOrEqual(2);
  });
});

describe('empty input (defined behaviour)', () => {
  it('has no shingles, an all-EMPTY_SLOT signature, no band keys, and matches nothing', () => {
    expect(shingles([]).size).toBe(0);
    expect(shingles(['', '']).size).toBe(0);
    const sig = minhashSignature(shingles([]));
    expect(sig).toHaveLength(DEFAULT_SCHEME.permutations);
    expect(sig.every((v) => v === EMPTY_SLOT)).toBe(true);
    expect(lshBandKeys(sig)).toEqual([]);
    expect(estimateJaccard(sig, sig)).toBe(0);
    expect(jaccard(new Set(), new Set())).toBe(0);
    expect(jaccard(new Set([1]), new Set())).toBe(0);
  });
});

describe('exactHash', () => {
  it('is the SHA-256 hex of the UTF-8 text: deterministic, sensitive to any change', () => {
    expect(exactHash('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(exactHash('canh bao lua dao')).toMatch(/^[0-9a-f]{64}$/);
    expect(exactHash('canh bao lua dao')).toBe(exactHash('canh bao lua dao'));
    expect(exactHash('canh bao lua dao')).not.toBe(exactHash('canh bao lua dao '));
    expect(exactHash('cảnh')).not.toBe(exactHash('canh'));
  });
});
