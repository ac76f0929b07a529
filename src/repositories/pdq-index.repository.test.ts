import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db.ts';
import { pdqDistance } from '../core/pdq.ts';
import { openTestDb } from '../../test/db.ts';
import { findPdqHashes, findPdqMatches, indexPdqHashes, removePdqHashes, wordNeighbours, type PdqMatch, type PdqOwnerKind } from './pdq-index.repository.ts';

/** A seeded generator (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const toHex = (bits: Uint8Array) => Array.from(bits, (b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (hex: string) => Uint8Array.from({ length: 32 }, (_, k) => parseInt(hex.slice(2 * k, 2 * k + 2), 16));

function randomHash(next: () => number): string {
  return toHex(Uint8Array.from({ length: 32 }, () => Math.floor(next() * 256)));
}

/** `hex` with `n` distinct bits flipped at random. */
function flip(hex: string, n: number, next: () => number): string {
  const bytes = fromHex(hex);
  const chosen = new Set<number>();
  while (chosen.size < n) chosen.add(Math.floor(next() * 256));
  for (const bit of chosen) bytes[bit >> 3]! ^= 1 << (bit & 7);
  return toHex(bytes);
}

/** `hex` with the given bits (0 = first bit of the first hex digit… as bytes, high bit first) flipped. */
function flipBits(hex: string, bits: number[]): string {
  const bytes = fromHex(hex);
  for (const bit of bits) bytes[bit >> 3]! ^= 0x80 >> (bit & 7);
  return toHex(bytes);
}

interface Stored {
  kind: PdqOwnerKind;
  owner: string;
  hashes: string[];
}

function bruteForce(stored: Stored[], queries: string[], o: { maxDistance: number; ownerKind: PdqOwnerKind; storedVariants?: boolean }): PdqMatch[] {
  const out: PdqMatch[] = [];
  for (const [i, q] of queries.entries()) {
    for (const s of stored) {
      if (s.kind !== o.ownerKind) continue;
      const compared = o.storedVariants === false ? s.hashes.slice(0, 1) : s.hashes;
      const d = Math.min(...compared.map((h) => pdqDistance(h, q)));
      if (d <= o.maxDistance) out.push({ query: i, owner_id: s.owner, distance: d });
    }
  }
  return out.sort((a, b) => a.distance - b.distance || a.query - b.query || (a.owner_id < b.owner_id ? -1 : 1));
}

let db: Db;
let close: () => Promise<void>;
const stored: Stored[] = [];
const queries: string[] = [];

beforeAll(async () => {
  ({ db, close } = await openTestDb());
  const next = rng(20261207);
  const bases = Array.from({ length: 150 }, () => randomHash(next));
  // Each base stored as an image (with 0–3 variants near it) and some as hash-list entries; the
  // queries are the bases and copies of them at distances around the threshold.
  for (const [k, base] of bases.entries()) {
    const variants = Array.from({ length: k % 4 }, () => flip(base, 20 + Math.floor(next() * 40), next));
    stored.push({ kind: 'image', owner: `img-${k}`, hashes: [flip(base, Math.floor(next() * 12), next), ...variants] });
    if (k % 3 === 0) stored.push({ kind: 'hash_list', owner: `entry-${k}`, hashes: [flip(base, Math.floor(next() * 50), next)] });
  }
  for (const [k, base] of bases.entries()) {
    if (k % 2 === 0) queries.push(base);
    queries.push(flip(base, 20 + Math.floor(next() * 30), next));
  }
  for (let k = 0; k < 20; k++) queries.push(randomHash(next));
  await indexPdqHashes(
    db,
    stored.map((s) => ({ owner_kind: s.kind, owner_id: s.owner, hashes: s.hashes })),
  );
});

afterAll(async () => {
  await close();
});

describe('PDQ index (multi-index hashing)', () => {
  it('finds exactly what brute force finds, at the match distance and around it', async () => {
    for (const maxDistance of [0, 10, 31, 32, 47, 70]) {
      for (const ownerKind of ['image', 'hash_list'] as const) {
        for (const storedVariants of maxDistance === 31 ? [true, false] : [true]) {
          const found = await findPdqMatches(db, queries, { maxDistance, ownerKind, storedVariants, limit: 100_000 });
          expect(found, `d ≤ ${maxDistance}, ${ownerKind}, variants ${storedVariants}`).toEqual(bruteForce(stored, queries, { maxDistance, ownerKind, storedVariants }));
        }
      }
    }
    const some = await findPdqMatches(db, queries, { maxDistance: 31, ownerKind: 'image' });
    expect(some.length).toBeGreaterThan(100); // the test means something: many matches near 31
    expect(some.some((m) => m.distance > 24)).toBe(true);
  });

  it('finds the worst case of the pigeonhole rule: 31 bits spread as 2 in 15 words and 1 in the last', async () => {
    const base = 'f0e1d2c3b4a5968778695a4b3c2d1e0f0123456789abcdeffedcba9876543210';
    const spread = Array.from({ length: 15 }, (_, w) => [16 * w + 3, 16 * w + 11]).flat();
    const at31 = flipBits(base, [...spread, 16 * 15 + 7]);
    const at32 = flipBits(base, [...spread, 16 * 15 + 7, 16 * 15 + 9]);
    expect([pdqDistance(base, at31), pdqDistance(base, at32)]).toEqual([31, 32]);
    await indexPdqHashes(db, [{ owner_kind: 'hash_list', owner_id: 'pigeonhole', hashes: [base] }]);
    const found = await findPdqMatches(db, [at31, at32], { maxDistance: 31, ownerKind: 'hash_list' });
    expect(found.filter((m) => m.owner_id === 'pigeonhole')).toEqual([{ query: 0, owner_id: 'pigeonhole', distance: 31 }]);
    await removePdqHashes(db, 'hash_list', ['pigeonhole']);
    expect((await findPdqMatches(db, [base], { maxDistance: 31, ownerKind: 'hash_list' })).filter((m) => m.owner_id === 'pigeonhole')).toEqual([]);
  });

  it('keeps the first rows when an owner is indexed again, accepts upper-case hex, and honours the limit', async () => {
    const h = 'ab'.repeat(32);
    await indexPdqHashes(db, [{ owner_kind: 'image', owner_id: 'again', hashes: [h.toUpperCase()] }]);
    await indexPdqHashes(db, [{ owner_kind: 'image', owner_id: 'again', hashes: ['cd'.repeat(32)] }]);
    expect((await findPdqMatches(db, [h], { maxDistance: 0, ownerKind: 'image' })).map((m) => m.owner_id)).toEqual(['again']);
    expect(await findPdqMatches(db, queries, { maxDistance: 31, ownerKind: 'image', limit: 3 })).toHaveLength(3);
    const back = await findPdqHashes(db, 'image', ['again', stored[3]!.owner, 'nobody']);
    expect([...back.entries()]).toEqual([
      ['again', [h]],
      [stored[3]!.owner, stored[3]!.hashes],
    ]);
  });

  it('refuses what is not a hash or a distance', async () => {
    await expect(findPdqMatches(db, ['xyz'], { maxDistance: 31, ownerKind: 'image' })).rejects.toThrow(RangeError);
    await expect(findPdqMatches(db, ['ab'.repeat(32)], { maxDistance: -1, ownerKind: 'image' })).rejects.toThrow(RangeError);
    await expect(indexPdqHashes(db, [{ owner_kind: 'image', owner_id: 'x', hashes: ['00'] }])).rejects.toThrow(RangeError);
  });

  it('probes each word and its one-bit neighbours (radius 1), and two-bit ones for radius 2', () => {
    expect(wordNeighbours(0, 0)).toEqual([0]);
    expect(new Set(wordNeighbours(0xffff, 1)).size).toBe(17);
    expect(new Set(wordNeighbours(0x1234, 2)).size).toBe(137);
  });
});
